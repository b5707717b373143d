/** `writeHtmlReport`: report.html next to report.md, from a comparison and the run directories it names. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Comparison } from '../../compare/comparison.js';
import { silentLogger, type Logger } from '../../common/logger.js';
import { htmlReportData, type HtmlDataOptions } from './data.js';
import { loadHtmlInputs } from './load.js';
import { renderHtmlReport } from './render.js';

/** The file name of the HTML report inside a results folder. */
export const HTML_REPORT_FILE = 'report.html';

/** Options of {@link writeHtmlReport}. */
export interface WriteHtmlReportOptions extends HtmlDataOptions {
  /** Where "could not read" notes go besides the page. @default silentLogger */
  logger?: Logger;
}

/**
 * Re-reads the run directories named in `comparison` (their time series and histograms are not in the
 * comparison) and writes `<outDir>/report.html`. Returns its path. What cannot be read is listed in the
 * page's "Not shown" section.
 */
export async function writeHtmlReport(
  comparison: Comparison,
  outDir: string,
  options: WriteHtmlReportOptions = {},
): Promise<string> {
  const logger = options.logger ?? silentLogger;
  // The comparison already warned about missing collect files: re-reading stays quiet.
  const inputs = await loadHtmlInputs(comparison, silentLogger);
  for (const m of inputs.missing) logger.debug(`report.html: ${m}`);
  const file = join(outDir, HTML_REPORT_FILE);
  await writeFile(file, renderHtmlReport(htmlReportData(comparison, inputs, options)));
  return file;
}
