/**
 * `writeComparison`: a comparison's files — `results.json` (verdict on top), `changed-requests.jsonl`
 * (every changed request) and `report.md`. In report, not compare, because it renders the report.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { writeJsonFile } from '../common/json-file.js';
import type { Comparison, ResultsFile } from '../compare/index.js';
import { writeHtmlReport } from './html/write.js';
import { goFtwJson, goFtwText } from './ftw-section.js';
import { renderReport } from './render.js';

/** Where {@link writeComparison} put things. */
export interface WrittenComparison {
  resultsFile: string;
  reportFile: string;
  changesFile: string;
  /** report.html: the same comparison with charts, self-contained. */
  htmlFile: string;
}

/** Options of {@link writeComparison}. */
export interface WriteComparisonOptions {
  /** Link to the artifact holding all changed requests, for the report. */
  artifactUrl?: string;
  /** Character budget of report.md. @default 1048576 (the job summary's 1 MiB) */
  maxChars?: number;
}

/**
 * Writes `results.json`, `report.md`, `report.html` (charts; re-reads the run directories) and
 * `changed-requests.jsonl` (every changed request) into `outDir`.
 */
export async function writeComparison(
  comparison: Comparison,
  outDir: string,
  options: WriteComparisonOptions = {},
): Promise<WrittenComparison> {
  await mkdir(outDir, { recursive: true });
  const resultsFile = join(outDir, 'results.json');
  const reportFile = join(outDir, 'report.md');
  const changesFile = join(outDir, 'changed-requests.jsonl');
  const results: ResultsFile = {
    schema: 'waf-gate/results@1',
    verdict: comparison.verdict,
    reasons: comparison.reasons.map((r) => r.message),
    counts: comparison.counts,
    comparison,
  };
  await writeJsonFile(resultsFile, results);
  const out = createWriteStream(changesFile);
  for (const change of comparison.quality?.changes ?? []) {
    if (!out.write(`${JSON.stringify(change)}\n`))
      await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await finished(out);
  const report = renderReport(comparison, {
    maxChars: options.maxChars ?? 1024 * 1024,
    ...(options.artifactUrl !== undefined ? { artifactUrl: options.artifactUrl } : {}),
  });
  await writeFile(reportFile, report);
  if (comparison.ftw) {
    // go-ftw's own output shapes for the candidate, for tools that read go-ftw results.
    await writeJsonFile(join(outDir, 'ftw-results.json'), goFtwJson(comparison.ftw.candidate));
    await writeFile(join(outDir, 'ftw-results.txt'), goFtwText(comparison.ftw.candidate));
  }
  const htmlFile = await writeHtmlReport(comparison, outDir);
  return { resultsFile, reportFile, changesFile, htmlFile };
}
