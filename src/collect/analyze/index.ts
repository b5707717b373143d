/**
 * Analysis: the access-log analyzer (counts, anomalies, kept lines, the per-id index for the join), the
 * error-log scanner (rule hits, worker crashes), CPU/RSS statistics and what data is missing.
 * Builds on logformat/, join/, output/ and proc/.
 */
export {
  AccessAnalyzer,
  DEFAULT_ANOMALY_STATUSES,
  DEFAULT_MAX_HOSTS,
  OTHER_HOSTS,
  type AccessAnalyzerOptions,
  type AnalysisMode,
  type IdRecord,
} from './access-analyzer.js';
export { ErrorLogScanner, signalName, type WorkerSignal } from './error-log.js';
export {
  findMissing,
  startWarnings,
  type GroupEvidence,
  type MissingInput,
} from './missing-data.js';
export { SERIES_HEADER, groupStats, inInterval, parseSeriesCsv, seriesStats } from './stats.js';
export { heldConnectionCosts, type HoldTimeline } from './held-connections.js';
