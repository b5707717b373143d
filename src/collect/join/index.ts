/**
 * The request join: the compact per-id index the scan loop fills (ids → records) and the join of
 * replay's outcomes.jsonl to the logged records (sent = joined + missing). Builds on logformat/ only.
 */
export { IdIndex } from './id-index.js';
export { IdRecords } from './id-records.js';
export {
  joinOutcomes,
  type JoinOptions,
  type JoinSummary,
  type LoggedRequests,
  type MissingReason,
} from './join.js';
export {
  PORT_JOIN_SLACK_MS,
  PORT_LINES_MAX,
  PortLines,
  type PortJoinReason,
  type PortLineCodes,
  type PortMatch,
} from './port-lines.js';
