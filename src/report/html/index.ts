/**
 * report.html: the comparison as one self-contained page with charts (uPlot inlined, no network) —
 * QPS per round, latency percentiles, CPU/RSS over time, per-domain bars, a filterable table of changed
 * requests. `writeHtmlReport` writes it; `htmlReportData` + `renderHtmlReport` are the pure halves.
 */
export { writeHtmlReport, HTML_REPORT_FILE, type WriteHtmlReportOptions } from './write.js';
export { htmlReportNote } from './note.js';
export { htmlReportData, type HtmlDataOptions } from './data.js';
export { renderHtmlReport, embedJson } from './render.js';
export { loadHtmlInputs, parseSeriesCsv, type HtmlInputs } from './load.js';
export type * from './types.js';
