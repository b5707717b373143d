/**
 * The report's "Long-lived connections" section: the hold phase of each build side by side (upgrades,
 * connections held and dropped, heartbeats, pushes, the WAF's cost per connection) and the checks that
 * fed the verdict. A build without hold.json shows as missing, never as zeros.
 */
import type { Comparison, HoldCheck, HoldSide } from '../compare/comparison.js';
import { formatPct } from '../compare/gate.js';
import { countText, sharePct } from '../compare/hold.js';
import { cell, formatBytes, formatMetric, formatNumber, table } from './markdown.js';

const MISSING = '– (missing)';

const RESULT: Record<HoldCheck['result'], string> = {
  fail: '❌ fail',
  warn: '⚠️ warning',
  ok: '✅ ok',
  unknown: '❔ unknown',
};

function share(part: number, of: number): string {
  return of === 0 ? formatNumber(part) : `${formatNumber(part)} (${sharePct(part, of)})`;
}

/** WAF CPU per connection-hour: whole ms from 10 on. */
function cpuMs(value: number): string {
  return `${formatNumber(value, value < 10 ? 2 : 0)} ms`;
}

function byKey(counts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => (k === 'hold-ended' ? `cut off at the end, not counted: ${n}` : `${k}: ${n}`));
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function us(value: number | null): string {
  return value === null ? 'n/a (no answer)' : formatMetric(value, 'µs');
}

function orMissing<T>(value: T | null | undefined, format: (v: T) => string): string {
  return value === null || value === undefined ? MISSING : format(value);
}

/** The per-build rows: [figure, value of a side]. */
const ROWS: [string, (s: HoldSide) => string][] = [
  ['Upgrade attempts', (s) => formatNumber(s.attempted)],
  ['Upgraded (101)', (s) => share(s.upgraded, s.attempted)],
  ['Refused by status', (s) => `${formatNumber(s.refused)}${cell(byKey(s.refusedByStatus))}`],
  ['Failed (no answer)', (s) => `${formatNumber(s.failed)}${cell(byKey(s.failedByError))}`],
  ['Held to the end', (s) => share(s.heldToEnd, s.settings.connections)],
  ['Dropped unexpectedly', (s) => share(s.unexpectedDrops, s.upgraded)],
  [
    '…by close / by error',
    (s) =>
      `${formatNumber(s.droppedByCause['unexpected-close'])} / ${formatNumber(s.droppedByCause.error)}`,
  ],
  [
    'Unexpected drops per connection-hour',
    (s) =>
      s.unexpectedDropsPerConnectionHour === null
        ? 'n/a'
        : formatNumber(s.unexpectedDropsPerConnectionHour, 1),
  ],
  [
    'Dropped as planned (client / server)',
    (s) =>
      `${formatNumber(s.droppedByCause['client-planned'])} / ${formatNumber(s.droppedByCause['server-planned'])}`,
  ],
  ['Reconnected', (s) => formatNumber(s.reconnected)],
  [
    'Heartbeats sent / lost',
    (s) => `${formatNumber(s.heartbeat.sent)} / ${formatNumber(s.heartbeat.lost)}`,
  ],
  ['Heartbeat RTT p50 / p99', (s) => `${us(s.heartbeat.rttP50Us)} / ${us(s.heartbeat.rttP99Us)}`],
  [
    'Pushes sent / received',
    (s) => `${formatNumber(s.push.sent)} / ${formatNumber(s.push.received)}`,
  ],
  [
    'Pushes lost / duplicated / out of order',
    (s) =>
      `${formatNumber(s.push.lost)} / ${formatNumber(s.push.duplicated)} / ${formatNumber(s.push.outOfOrder)}`,
  ],
  ['WAF CPU per connection-hour', (s) => orMissing(s.waf?.cpuMsPerConnectionHour, cpuMs)],
  ['WAF RSS per held connection', (s) => orMissing(s.waf?.rssBytesPerConnection, formatBytes)],
  [
    'WAF worker fds at the peak / per connection',
    (s) =>
      `${orMissing(s.waf?.fdsPeak, (v) => formatNumber(v))} / ${orMissing(s.waf?.fdsPerConnection, (v) => formatNumber(v, 2))}`,
  ],
  ['Client RSS per held connection', (s) => orMissing(s.clientRssBytesPerConnection, formatBytes)],
];

function checkValue(c: HoldCheck, side: 'baseline' | 'candidate'): string {
  const v = c[side];
  if (v === null) return MISSING;
  if (c.kind === 'count')
    return share(v, (side === 'baseline' ? c.baselineOf : c.candidateOf) ?? 0);
  if (c.unit === 'bytes') return formatBytes(v);
  if (c.unit === 'fds') return formatNumber(v, 2);
  if (c.unit === 'ms') return cpuMs(v);
  return formatMetric(v, c.unit);
}

function checkLimit(c: HoldCheck): string {
  if (c.kind === 'count') {
    const allowed = c.allowed ?? 0;
    const excess = c.excess ?? 0;
    return `${countText(excess)} beyond the baseline's rate, ${countText(allowed)} allowed`;
  }
  return c.deltaPct === undefined ? '' : formatPct(c.deltaPct);
}

/** Renders the section as Markdown blocks; nothing when neither build has a hold phase. */
export function holdSection(comparison: Comparison): string[] {
  const hold = comparison.hold;
  if (!hold) return [];
  const s = (hold.candidate ?? hold.baseline)!.settings;
  const out = [
    '### Long-lived connections',
    `WebSocket connections held through the WAF (${cell(s.path)}): ${formatNumber(s.connections)} connections opened at ${formatNumber(s.hatchRateCps)}/s, held ${formatNumber(s.holdMs / 1000, s.holdMs % 1000 === 0 ? 0 : 1)} s, a heartbeat every ${formatNumber(s.pingIntervalMs)} ms (lost after ${formatNumber(s.pongTimeoutMs)} ms), pushes ${formatNumber(s.pushRateMps)}/s to ${formatNumber(s.pushShare * 100)} % of them. Counts are exact: the candidate fails when it refuses upgrades, drops connections or loses pushes beyond the baseline's rate plus the allowance; heartbeat RTT and the WAF's cost per connection are measured (noisy) and warn unless the policy makes them gating.`,
    table(
      ['', 'Baseline', 'Candidate'],
      ROWS.map(([label, value]) => [
        label,
        hold.baseline ? value(hold.baseline) : MISSING,
        hold.candidate ? value(hold.candidate) : MISSING,
      ]),
      ['l', 'r', 'r'],
    ),
  ];
  for (const why of [...hold.missing, ...(hold.notes ?? [])]) out.push(`_${cell(why)}_`);
  if (hold.checks.length > 0)
    out.push(
      table(
        ['Check', 'Baseline', 'Candidate', 'Change', 'Gates', 'Result'],
        hold.checks.map((c) => [
          cell(c.label),
          checkValue(c, 'baseline'),
          checkValue(c, 'candidate'),
          cell(checkLimit(c)),
          c.gating ? 'yes' : 'warns',
          RESULT[c.result],
        ]),
        ['l', 'r', 'r', 'r', 'c', 'l'],
      ),
    );
  const waf = [hold.baseline, hold.candidate].flatMap((side, i) =>
    side === null
      ? []
      : [...(side.wafMissing ? [side.wafMissing] : []), ...(side.waf?.missing ?? [])].map(
          (m) => `${i === 0 ? 'baseline' : 'candidate'}: ${m}`,
        ),
  );
  if (waf.length > 0) out.push(`_WAF figures missing: ${cell(waf.join('; '))}._`);
  return out;
}

/** One sentence for the check summary; empty when there is no hold comparison. */
export function holdSummary(comparison: Comparison): string {
  const hold = comparison.hold;
  if (!hold) return '';
  const c = hold.candidate;
  if (!hold.comparable || c === null) return ' Long-lived connections: not compared.';
  const failed = hold.checks.filter((x) => x.result === 'fail').length;
  return ` Long-lived connections: ${formatNumber(c.heldToEnd)} of ${formatNumber(c.settings.connections)} held, ${formatNumber(c.unexpectedDrops)} unexpected drops, ${formatNumber(c.refused + c.failed)} upgrades refused/failed, ${formatNumber(c.push.lost)} pushes lost; failed checks: ${failed}.`;
}
