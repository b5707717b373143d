/**
 * The report's public API: `renderReport` (the whole Markdown document within a size budget — 65,535 for
 * check-run text, 1 MiB for the job summary) and `renderCheckSummary` (one short paragraph).
 */
export { renderReport, renderCheckSummary, REPORT_MARKER, type RenderOptions } from './render.js';
export { writeComparison, type WrittenComparison, type WriteComparisonOptions } from './write.js';
/** report.html: the comparison with charts in one self-contained file (see ./html/index.ts). */
export { writeHtmlReport, htmlReportNote, HTML_REPORT_FILE } from './html/index.js';

/** GitHub's limit on a check run's `output.text` / `output.summary`, in characters. */
export const CHECK_RUN_TEXT_MAX_CHARS = 65_535;
/** GitHub's limit on one step's job summary, in bytes. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;
