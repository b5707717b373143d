/** The replay stage's public API (used by the CLI command, the action and the demo/gate). */
export type * from './types.js';
export {
  parseReplayOptions,
  parseTarget,
  REPLAY_INPUTS,
  replayOptions,
  type ReplayOptions,
  type ReplayOptionsInit,
  type ReplayTarget,
  type ReplayTimeouts,
} from './options.js';
export { REPLAY_SCHEMA } from './schema.js';
export { runReplay, REPLAY_RESULT_FILE, OUTCOMES_FILE, type ReplayDeps } from './run.js';
export { mergeReplayResults, resultFromSnapshot } from './result.js';
export {
  formatStatsBlock,
  formatStatsMarkdown,
  formatProgressBar,
  formatProgressLine,
  type ReplayProgress,
} from './printers.js';
export {
  createHistogram,
  encodeHistogram,
  decodeHistogram,
  mergeEncodedHistograms,
  summarizeHistogram,
} from './histogram.js';
export {
  rewriteForDomain,
  splitAfterRequestLine,
  insertHeaders,
  describeRequest,
} from './rewrite.js';
export { ResponseParser, NEED_MORE, MALFORMED } from './response-parser.js';
export { probeTarget, targetUrl } from './probe.js';
export {
  findReplayFiles,
  mergeReplayFiles,
  mergeShards,
  readShardResult,
  type ShardResult,
} from './merge-shards.js';
export { formatShardsMarkdown, formatShardsText, startSpreadMs } from './merge-print.js';
export { measureClockOffset, type ClockOptions } from './clock.js';
export { parseShard, parseStartAt, shareOf, splitLoad, type ShardSpec } from './shard.js';
