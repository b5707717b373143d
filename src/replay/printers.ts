/** Renderers for progress and final statistics. They return strings; callers decide where they go. */
import { formatShaping } from './shaping/parse.js';
import type { ReplayResult } from './types.js';

/** A progress reading. */
export interface ReplayProgress {
  elapsedMs: number;
  sent: number;
  completed: number;
  errors: number;
  /** Completions per second over the last reading interval. */
  rps: number;
  /** Requests expected in total, when the run is bounded by count. */
  expectedTotal?: number;
  /** Planned duration, when bounded by time. */
  durationMs?: number;
  /** Estimated time left. */
  etaMs?: number;
  /** Fraction done, 0..1, when known. */
  fraction?: number;
  /**
   * Set once the planned work is done (every request sent, or the duration is over) while responses
   * are still outstanding: what the run is waiting for and since when.
   */
  waiting?: { responses: number; sinceMs: number };
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
function fmtDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
function fmtUs(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${Math.round(us)} µs`;
}

/** One-line bar for a TTY, e.g. `[#####.....]  52% 8.1k req/s  0 errors  ETA 4s`. */
export function formatProgressBar(p: ReplayProgress, width = 30): string {
  const fraction = Math.min(1, Math.max(0, p.fraction ?? 0));
  const filled = Math.round(fraction * width);
  const bar =
    p.fraction === undefined
      ? ''
      : `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% `;
  const eta = p.waiting
    ? `  ${formatWaiting(p.waiting)}`
    : p.etaMs !== undefined
      ? `  ETA ${fmtDuration(p.etaMs)}`
      : '';
  return `${bar}${fmtInt(p.completed)} done  ${fmtInt(p.rps)} req/s  ${fmtInt(p.errors)} errors  ${fmtDuration(p.elapsedMs)}${eta}`;
}

/** "waiting for 1 response, 12s": what a finished-looking run still waits for. */
function formatWaiting(w: { responses: number; sinceMs: number }): string {
  const noun = w.responses === 1 ? 'response' : 'responses';
  return `waiting for ${fmtInt(w.responses)} ${noun}, ${fmtDuration(w.sinceMs)}`;
}

/** One plain line for CI logs. */
export function formatProgressLine(p: ReplayProgress): string {
  const pct = p.fraction !== undefined ? ` (${Math.round(p.fraction * 100)}%)` : '';
  const eta = p.waiting
    ? `, ${formatWaiting(p.waiting)}`
    : p.etaMs !== undefined
      ? `, ETA ${fmtDuration(p.etaMs)}`
      : '';
  return `replay: ${fmtDuration(p.elapsedMs)} elapsed, ${fmtInt(p.completed)} responses${pct}, ${fmtInt(p.rps)} req/s, ${fmtInt(p.errors)} errors${eta}`;
}

/** Success = a response was received (any status); accuracy = success / (success + fail). */
function rows(result: ReplayResult): Array<[string, string]> {
  const t = result.totals;
  const done = t.completed + t.errors;
  const l = result.latency.summary;
  return [
    ['Run time', fmtDuration(result.durationMs)],
    ['Users (connections)', String(result.loadShape.connections)],
    ['Success', fmtInt(t.completed)],
    ['Fail', fmtInt(t.errors)],
    ['RPS', result.rps.toFixed(1)],
    ['Accuracy', done > 0 ? `${((t.completed / done) * 100).toFixed(2)} %` : 'n/a'],
    ['Average', fmtUs(l.meanUs)],
    ['Min', fmtUs(l.minUs)],
    ['Max', fmtUs(l.maxUs)],
    ['Median', fmtUs(l.p50Us)],
    ['90 %', fmtUs(l.p90Us)],
    ['99 %', fmtUs(l.p99Us)],
  ];
}

function statusLine(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? 'none' : entries.map(([k, v]) => `${k}: ${fmtInt(v)}`).join(', ');
}

/** The final statistics block (plain text). */
export function formatStatsBlock(result: ReplayResult): string {
  const r = rows(result);
  const width = Math.max(...r.map(([k]) => k.length));
  const lines = [
    `Replay ${result.runId}${result.label ? ` (${result.label})` : ''}: ${result.loadShape.mode} mode, ${result.domains.length} domain(s)`,
  ];
  for (const [k, v] of r) lines.push(`  ${k.padEnd(width)}  ${v}`);
  if (result.loadShape.shaping)
    lines.push(`  ${'Shaping'.padEnd(width)}  ${formatShaping(result.loadShape.shaping)}`);
  lines.push(`  ${'Status'.padEnd(width)}  ${statusLine(result.statusCounts)}`);
  if (result.totals.errors > 0)
    lines.push(`  ${'Errors'.padEnd(width)}  ${statusLine(result.errorCounts)}`);
  if (result.totals.unjoinable > 0)
    lines.push(
      `  ${'Un-joinable'.padEnd(width)}  ${fmtInt(result.totals.unjoinable)} (sent without an id)`,
    );
  if (result.totals.cancelled)
    lines.push(
      `  ${'Cancelled'.padEnd(width)}  ${fmtInt(result.totals.cancelled)} (in flight at the stop)`,
    );
  return lines.join('\n');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The statistics block as a Markdown table (job summary). */
export function formatStatsMarkdown(result: ReplayResult): string {
  const lines = [
    `### Replay ${cell(result.runId)}${result.label ? ` (${cell(result.label)})` : ''}`,
    '',
    '| | |',
    '| --- | --- |',
  ];
  for (const [k, v] of rows(result)) lines.push(`| ${k} | ${cell(v)} |`);
  if (result.loadShape.shaping)
    lines.push(`| Shaping | ${cell(formatShaping(result.loadShape.shaping))} |`);
  lines.push(`| Status | ${cell(statusLine(result.statusCounts))} |`);
  if (result.totals.errors > 0) lines.push(`| Errors | ${cell(statusLine(result.errorCounts))} |`);
  if (result.totals.unjoinable > 0)
    lines.push(`| Un-joinable | ${fmtInt(result.totals.unjoinable)} |`);
  return `${lines.join('\n')}\n`;
}
