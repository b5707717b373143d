/**
 * Markdown building blocks: escaped table cells (markdown-table does not escape), tables, number
 * formatting. Untrusted text (request lines, log lines, domains, rule ids) only ever goes through
 * `cell`/`text`, which use escape.ts.
 */
import { markdownTable } from 'markdown-table';
import { escapeInline } from './escape.js';

/**
 * Escapes text for a table cell or inline text: see {@link escapeInline} — no line breaks, Markdown and
 * HTML specials backslash-escaped, mentions, issue references, autolinks and emoji codes broken with a
 * zero-width space, so a request line cannot break the table, inject HTML, notify anyone or link anything.
 */
export function text(value: string): string {
  return escapeInline(value);
}

/** A table cell from any value (null/undefined → empty). */
export function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return text(String(value));
}

/** Alignment per column: `l`, `r` or `c`. */
export type Align = 'l' | 'r' | 'c';

/** Renders a table; cells must already be escaped (use {@link cell}); header is row 0. */
export function table(header: string[], rows: string[][], align?: Align[]): string {
  return markdownTable([header, ...rows], { alignDelimiters: false, ...(align ? { align } : {}) });
}

/** `1,234` / `1,234.5` with fixed digits. */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** Bytes as MiB/KiB with one decimal. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'n/a';
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${Math.round(bytes)} B`;
}

/** A metric value in its unit, with sensible precision. */
export function formatMetric(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'ms':
      return `${value.toPrecision(3)} ms`;
    case '%':
      return `${value.toFixed(1)} %`;
    case 'µs':
      return value >= 10_000 ? `${(value / 1000).toFixed(1)} ms` : `${formatNumber(value)} µs`;
    default:
      return `${formatNumber(value, value < 100 ? 1 : 0)} ${unit}`;
  }
}

/** A note under a truncated table. */
export function truncationNote(
  shown: number,
  total: number,
  what: string,
  artifactUrl: string | undefined,
  file?: string,
): string {
  const where = artifactUrl
    ? ` All ${formatNumber(total)} are in [the results artifact](${artifactUrl})${file ? ` (${file})` : ''}.`
    : file
      ? ` All ${formatNumber(total)} are in ${file} of the results.`
      : '';
  return `_Showing ${formatNumber(shown)} of ${formatNumber(total)} ${what}.${where}_`;
}

/** A URL safe to put in a Markdown link (http/https only, no spaces or parentheses), or undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || !/^https?:\/\/[^\s()<>]+$/.test(url)) return undefined;
  return url;
}

/** How many items each list of the report may show; shrunk until the report fits its budget. */
export interface Limits {
  reasons: number;
  domains: number;
  statuses: number;
  groups: number;
  changes: number;
  errors: number;
  findings: number;
  timeline: number;
  /** Optional sections, dropped last when even empty lists do not fit. */
  chart: boolean;
  resources: boolean;
  parameters: boolean;
}
