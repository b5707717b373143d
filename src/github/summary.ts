/**
 * The job summary writer. It owns the step's 1 MiB budget (UTF-8 bytes): it appends to the file named by
 * `GITHUB_STEP_SUMMARY` with plain fs, counting what earlier writes of the same step already put there,
 * and truncates with a note instead of exceeding (GitHub drops an oversized summary entirely).
 */
import { appendFile, stat } from 'node:fs/promises';
import {
  STEP_SUMMARY_MAX_BYTES,
  truncateMarkdown,
  truncationNote,
  type Truncated,
} from './truncate.js';

/**
 * Pure: fits `markdown` into what is left of the budget after `usedBytes`.
 * @param budgetBytes @default STEP_SUMMARY_MAX_BYTES (1 MiB)
 */
export function fitSummary(
  markdown: string,
  usedBytes = 0,
  budgetBytes = STEP_SUMMARY_MAX_BYTES,
): Truncated {
  const text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  return truncateMarkdown(
    text,
    Math.max(0, budgetBytes - usedBytes),
    'bytes',
    truncationNote('1 MiB job summary'),
  );
}

/** Options of {@link appendJobSummary}. */
export interface AppendSummaryOptions {
  /** The summary file; usually `process.env.GITHUB_STEP_SUMMARY`. Nothing is written when unset. */
  path: string | undefined;
  /** @default STEP_SUMMARY_MAX_BYTES (1 MiB) */
  budgetBytes?: number;
}

/** What {@link appendJobSummary} did. */
export interface AppendSummaryResult {
  written: boolean;
  bytes: number;
  truncated: boolean;
}

/** Appends `markdown` to the step summary file within the remaining budget. */
export async function appendJobSummary(
  markdown: string,
  options: AppendSummaryOptions,
): Promise<AppendSummaryResult> {
  if (!options.path) return { written: false, bytes: 0, truncated: false };
  let usedBytes = 0;
  try {
    usedBytes = (await stat(options.path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const fitted = fitSummary(markdown, usedBytes, options.budgetBytes);
  if (fitted.text.length === 0) return { written: false, bytes: 0, truncated: true };
  await appendFile(options.path, fitted.text, 'utf8');
  return {
    written: true,
    bytes: Buffer.byteLength(fitted.text, 'utf8'),
    truncated: fitted.truncated,
  };
}
