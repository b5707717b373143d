/** The shards of a merged replay as text (CLI) and Markdown (job summary): load, counts, clock and skew. */
import type { MergedShard, ReplayResult } from './types.js';

const ms = (n: number | undefined): string =>
  n === undefined ? 'not measured' : `${n >= 0 ? '+' : ''}${n} ms`;

function row(s: MergedShard): string[] {
  return [
    `${s.index}/${s.count}`,
    String(s.connections),
    s.rateRps === undefined ? '-' : String(s.rateRps),
    String(s.sent),
    String(s.completed),
    String(s.errors),
    s.clock
      ? `${ms(s.clock.offsetMs)} (± ${s.clock.accuracyMs} ms), ${s.correctionMs === 0 ? 'not applied' : 'applied'}`
      : 'not measured',
    s.startAtMs === undefined ? 'no start-at' : ms(s.startSkewMs),
  ];
}

const HEAD = [
  'shard',
  'connections',
  'rate',
  'sent',
  'completed',
  'errors',
  'clock offset',
  'start skew',
];

/** The largest start skew between shards (first request, reference clock), or undefined. */
export function startSpreadMs(result: ReplayResult): number | undefined {
  const starts = (result.shards ?? []).map((s) => s.startedAtMs);
  return starts.length < 2 ? undefined : Math.max(...starts) - Math.min(...starts);
}

/** Plain-text table of the shards. */
export function formatShardsText(result: ReplayResult): string {
  const rows = [HEAD, ...(result.shards ?? []).map(row)];
  const widths = HEAD.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const lines = rows.map((r) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd(),
  );
  const spread = startSpreadMs(result);
  if (spread !== undefined) lines.push(`First requests of the shards within ${spread} ms.`);
  return lines.join('\n');
}

/** Markdown table of the shards, for the job summary. */
export function formatShardsMarkdown(result: ReplayResult): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  const out = [
    `#### Shards (${result.shards?.length ?? 0})`,
    '',
    line(HEAD),
    line(HEAD.map(() => '---')),
    ...(result.shards ?? []).map((s) => line(row(s))),
  ];
  const spread = startSpreadMs(result);
  if (spread !== undefined) out.push('', `First requests of the shards within ${spread} ms.`);
  return `${out.join('\n')}\n`;
}
