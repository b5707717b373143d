/**
 * Writing the collector's files: buffered per-key line files (anomalies/<domain>.log,
 * format-errors.log) and the `E_COLLECT_WRITE` error that names a file that cannot be written.
 * Imports nothing of collect.
 */
export { LineSink, safeFileName } from './line-sink.js';
export { collectWriteError, errnoCode } from './write-error.js';
