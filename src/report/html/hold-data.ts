/**
 * report.html's "Long-lived connections" section (an optional section: only when a build has a hold
 * phase): the same figures and checks as the Markdown section, as plain strings and numbers.
 */
import type { Comparison, HoldSide } from '../../compare/comparison.js';
import type { HtmlInputs } from './load.js';
import type { HtmlLine, HtmlLineChart, HtmlOptionalSection } from './types.js';

type Row = (string | number | null)[];

/** Per-build figures: [label, value of a side]; null shows as empty (missing). */
const FIGURES: [string, (s: HoldSide) => string | number | null][] = [
  ['Upgrade attempts', (s) => s.attempted],
  ['Upgraded (101)', (s) => s.upgraded],
  ['Refused by status', (s) => s.refused],
  ['Failed (no answer)', (s) => s.failed],
  ['Held to the end', (s) => s.heldToEnd],
  ['Dropped unexpectedly', (s) => s.unexpectedDrops],
  ['Unexpected drops per connection-hour', (s) => s.unexpectedDropsPerConnectionHour],
  ['Dropped as planned (client)', (s) => s.droppedByCause['client-planned']],
  ['Dropped as planned (server)', (s) => s.droppedByCause['server-planned']],
  ['Reconnected', (s) => s.reconnected],
  ['Heartbeats sent', (s) => s.heartbeat.sent],
  ['Heartbeats lost', (s) => s.heartbeat.lost],
  ['Heartbeat RTT p50 (µs)', (s) => s.heartbeat.rttP50Us],
  ['Heartbeat RTT p99 (µs)', (s) => s.heartbeat.rttP99Us],
  ['Pushes sent', (s) => s.push.sent],
  ['Pushes lost', (s) => s.push.lost],
  ['Pushes duplicated', (s) => s.push.duplicated],
  ['Pushes out of order', (s) => s.push.outOfOrder],
  ['WAF CPU per connection-hour (ms)', (s) => s.waf?.cpuMsPerConnectionHour ?? null],
  ['WAF RSS per held connection (bytes)', (s) => s.waf?.rssBytesPerConnection ?? null],
  ['WAF worker fds at the peak', (s) => s.waf?.fdsPeak ?? null],
  ['WAF worker fds per connection', (s) => s.waf?.fdsPerConnection ?? null],
];

/** Connections open per second of the hold, one line per build; null without windows. */
function openChart(inputs: HtmlInputs): HtmlLineChart | null {
  const lines: HtmlLine[] = [];
  for (const side of ['baseline', 'candidate'] as const) {
    const windows = inputs[side]?.holdWindows;
    if (!windows || windows.length === 0) continue;
    lines.push({ side, name: 'open', emphasis: true, values: windows.map((w) => w.open) });
  }
  const length = Math.max(0, ...lines.map((l) => l.values.length));
  if (length === 0) return null;
  return {
    id: 'hold-open',
    title: 'Connections open during the hold',
    xLabel: 'time since the ramp started (s)',
    yLabel: 'connections open',
    xKind: 'seconds',
    yFormat: 'number',
    x: Array.from({ length }, (_, i) => i),
    lines,
    caption:
      'Connections open in each 1 s window of hold.json (wall-clock windows from the first upgrade): a build that drops idle connections falls away from its baseline.',
  };
}

/** The section, or none when neither build has a hold phase. */
export function holdHtmlSections(
  comparison: Comparison,
  inputs: HtmlInputs = { baseline: null, candidate: null, missing: [] },
): HtmlOptionalSection[] {
  const hold = comparison.hold;
  if (!hold) return [];
  const rows: Row[] = FIGURES.map(([label, pick]) => [
    label,
    hold.baseline ? pick(hold.baseline) : null,
    hold.candidate ? pick(hold.candidate) : null,
  ]);
  const checks = hold.checks.map((c) => `${c.result.toUpperCase()}: ${c.message}`);
  return [
    {
      id: 'hold',
      title: 'Long-lived connections',
      paragraphs: [
        'WebSocket connections held through the WAF. Empty cells are missing data (a build without hold.json, or a figure the collection could not read), never zero.',
        ...hold.missing,
        ...(hold.notes ?? []),
        ...checks,
      ],
      table: { columns: ['', 'Baseline', 'Candidate'], rows },
      chart: openChart(inputs),
    },
  ];
}
