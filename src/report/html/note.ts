/** The Markdown line that points readers of report.md (job summary, check run, PR comment) at report.html. */
import { safeUrl } from '../markdown.js';
import { HTML_REPORT_FILE } from './write.js';

/**
 * One paragraph naming report.html and what it holds; with an artifact link when the URL is a plain
 * http(s) URL. Starts with a blank line so it can be appended to a rendered report.
 */
export function htmlReportNote(artifactUrl?: string): string {
  const url = safeUrl(artifactUrl);
  const where = url ? `[the uploaded results](${url})` : 'the uploaded results';
  return `\n_Charts — QPS over time per round, latency percentiles, CPU and memory over time — and a filterable table of every changed request: \`${HTML_REPORT_FILE}\` in ${where} (one self-contained file; open it in a browser)._\n`;
}
