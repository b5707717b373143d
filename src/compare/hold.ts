/**
 * Compares the long-lived connection phase (hold.json) of two builds. Counts are exact: a count check
 * flags the candidate's events beyond the baseline's rate (scaled to the candidate's denominator) plus
 * an allowance; measured values (heartbeat RTT, WAF CPU/RSS/fds per connection) are noisy, so their
 * checks need a relative and an absolute change and by default only warn. A side without hold.json is
 * missing, never zero. Pure: loaded runs in, a {@link HoldComparison} out.
 */
import { formatPct } from './gate.js';
import type {
  HOLD_CHANGE_RULES,
  HOLD_COUNT_RULES,
  HoldChangeRule,
  HoldCountRule,
  HoldPolicy,
} from './hold-policy.js';
import { HOLD_NUMBER_SETTINGS } from './hold-file.js';
import { holdSide } from './hold-side.js';
import type { HoldCheck, HoldComparison, HoldSide } from './hold-types.js';
import type { LoadedHold } from './run-dir.js';

/** Settings that must match for the phases to be comparable (target and Host differ per build). */
const SAME_SETTINGS = ['path', ...HOLD_NUMBER_SETTINGS] as const;

/** A share in percent: whole at 0 and 100, two decimals below 1 %, else one. */
export function sharePct(part: number, of: number): string {
  if (of === 0) return 'n/a';
  const value = (part / of) * 100;
  return `${value.toFixed(value === 0 || value === 100 ? 0 : value < 1 ? 2 : 1)} %`;
}

/** A count or allowance: whole numbers as they are, fractions with two decimals. */
export function countText(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

const pct = sharePct;

interface CountSpec {
  id: (typeof HOLD_COUNT_RULES)[number];
  label: string;
  /** What the count is of, plural (`connections`, `messages`). */
  of: string;
  pick: (s: HoldSide) => { count: number; of: number };
}

const COUNT_CHECKS: CountSpec[] = [
  {
    id: 'upgradeFailures',
    label: 'Upgrades refused or failed',
    of: 'upgrade attempts',
    pick: (s) => ({ count: s.refused + s.failed, of: s.attempted }),
  },
  {
    id: 'unexpectedDrops',
    label: 'Unexpected drops',
    of: 'connections',
    pick: (s) => ({ count: s.unexpectedDrops, of: s.upgraded }),
  },
  {
    id: 'pushLost',
    label: 'Push messages lost',
    of: 'messages sent',
    pick: (s) => ({ count: s.push.lost, of: s.push.sent }),
  },
  {
    id: 'pushDisorder',
    label: 'Push messages duplicated or out of order',
    of: 'messages received',
    pick: (s) => ({ count: s.push.duplicated + s.push.outOfOrder, of: s.push.received }),
  },
  {
    id: 'heartbeatsLost',
    label: 'Heartbeats lost',
    of: 'heartbeats sent',
    pick: (s) => ({ count: s.heartbeat.lost, of: s.heartbeat.sent }),
  },
];

interface ChangeSpec {
  id: (typeof HOLD_CHANGE_RULES)[number];
  label: string;
  unit: string;
  pick: (s: HoldSide) => number | null;
  /** Why the value is missing on a side. */
  why: (s: HoldSide) => string;
  /** Why the two values cannot be compared although both exist, or null. */
  notComparable?: (b: HoldSide, c: HoldSide) => string | null;
}

/**
 * CPU per connection-hour spreads the upgrades' cost over the hours held: builds that held very
 * different connection-hours (one dropped its connections) give figures that say nothing about cost.
 */
function differentHours(b: HoldSide, c: HoldSide): string | null {
  const [bh, ch] = [b.connectionHours, c.connectionHours];
  if (bh === null || ch === null || bh === 0) return null;
  return Math.abs(ch / bh - 1) > 0.2
    ? `the builds held different connection-hours (${bh.toFixed(3)} vs ${ch.toFixed(3)}), which changes the share of the upgrades in it`
    : null;
}

const wafWhy =
  (what: string) =>
  (s: HoldSide): string =>
    s.wafMissing ?? s.waf?.missing.find((m) => m.includes(what)) ?? s.waf?.missing[0] ?? 'unknown';

const CHANGE_CHECKS: ChangeSpec[] = [
  {
    id: 'rttP50Us',
    label: 'Heartbeat RTT p50',
    unit: 'µs',
    pick: (s) => s.heartbeat.rttP50Us,
    why: () => 'no heartbeat was answered',
  },
  {
    id: 'rttP99Us',
    label: 'Heartbeat RTT p99',
    unit: 'µs',
    pick: (s) => s.heartbeat.rttP99Us,
    why: () => 'no heartbeat was answered',
  },
  {
    id: 'cpuPerConnection',
    label: 'WAF CPU per connection-hour',
    unit: 'ms',
    pick: (s) => s.waf?.cpuMsPerConnectionHour ?? null,
    why: wafWhy('CPU'),
    notComparable: differentHours,
  },
  {
    id: 'rssPerConnection',
    label: 'WAF RSS per held connection',
    unit: 'bytes',
    pick: (s) => s.waf?.rssBytesPerConnection ?? null,
    why: wafWhy('RSS'),
  },
  {
    id: 'fdsPerConnection',
    label: 'WAF worker fds per held connection',
    unit: 'fds',
    pick: (s) => s.waf?.fdsPerConnection ?? null,
    why: wafWhy('descriptor'),
  },
];

/** A count check: the candidate's events beyond the baseline's rate, against the allowance. */
function countCheck(spec: CountSpec, rule: HoldCountRule, b: HoldSide, c: HoldSide): HoldCheck {
  const bv = spec.pick(b);
  const cv = spec.pick(c);
  // The baseline's rate scaled to the candidate's denominator (reconnects can change it).
  const expected = bv.of === 0 ? 0 : (bv.count / bv.of) * cv.of;
  const excess = Math.max(0, cv.count - expected);
  const allowed = Math.max(rule.maxNew, (rule.maxIncreasePct / 100) * cv.of);
  const beyond = excess > allowed;
  const result = beyond ? (rule.fail ? 'fail' : 'warn') : 'ok';
  const sides = `candidate ${cv.count} of ${cv.of} ${spec.of} (${pct(cv.count, cv.of)}), baseline ${bv.count} of ${bv.of} (${pct(bv.count, bv.of)})`;
  const round = countText;
  const message = beyond
    ? `${spec.label}: ${sides}; ${round(excess)} beyond the baseline's rate, allowed ${round(allowed)} (max of ${rule.maxNew} and ${rule.maxIncreasePct} % of ${cv.of}).`
    : `${spec.label}: ${sides}; within the allowance.`;
  return {
    id: spec.id,
    label: spec.label,
    kind: 'count',
    unit: 'events',
    baseline: bv.count,
    candidate: cv.count,
    baselineOf: bv.of,
    candidateOf: cv.of,
    excess,
    allowed,
    result,
    gating: rule.fail,
    message,
  };
}

function formatValue(value: number, unit: string): string {
  if (unit === 'µs') return value >= 10_000 ? `${(value / 1000).toFixed(1)} ms` : `${value} µs`;
  if (unit === 'bytes')
    return value >= 1024 ? `${(value / 1024).toFixed(1)} KiB` : `${Math.round(value)} B`;
  if (unit === 'fds') return `${value.toFixed(2)} fds`;
  return `${value < 10 ? value.toFixed(2) : Math.round(value)} ${unit}`;
}

/** A change check: the relative and absolute increase of a measured value. */
function changeCheck(spec: ChangeSpec, rule: HoldChangeRule, b: HoldSide, c: HoldSide): HoldCheck {
  const bv = spec.pick(b);
  const cv = spec.pick(c);
  const gating = rule.failPct !== null;
  const base = { id: spec.id, label: spec.label, kind: 'change' as const, unit: spec.unit };
  const unknown = (message: string): HoldCheck => ({
    ...base,
    baseline: bv,
    candidate: cv,
    deltaPct: null,
    result: 'unknown',
    gating,
    message,
  });
  if (bv === null || cv === null) {
    const why = [
      bv === null ? `baseline: ${spec.why(b)}` : '',
      cv === null ? `candidate: ${spec.why(c)}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return unknown(`${spec.label} unknown (${why}). Missing data is not compared.`);
  }
  const apart = spec.notComparable?.(b, c) ?? null;
  if (apart !== null) return unknown(`${spec.label} not compared: ${apart}.`);
  const delta = cv - bv;
  const deltaPct = bv === 0 ? null : (delta / bv) * 100;
  const over = (limit: number | null): boolean =>
    limit !== null &&
    delta >= rule.minDelta &&
    delta > 0 &&
    (deltaPct === null || deltaPct > limit);
  const result = over(rule.failPct) ? 'fail' : over(rule.warnPct) ? 'warn' : 'ok';
  const limit = result === 'fail' ? rule.failPct : rule.warnPct;
  const change = `${formatValue(bv, spec.unit)} → ${formatValue(cv, spec.unit)} (${formatPct(deltaPct)})`;
  const message =
    result === 'ok'
      ? `${spec.label}: ${change}; within the limits.`
      : `${spec.label}: ${change}; beyond +${limit} % and by at least ${formatValue(rule.minDelta, spec.unit)}.`;
  return { ...base, baseline: bv, candidate: cv, deltaPct, result, gating, message };
}

/** The settings that differ between two hold phases, as `name baseline → candidate`. */
function settingsDiff(b: HoldSide, c: HoldSide): string[] {
  return SAME_SETTINGS.filter((k) => b.settings[k] !== c.settings[k]).map(
    (k) => `${k} ${String(b.settings[k])} → ${String(c.settings[k])}`,
  );
}

/**
 * Compares the hold phases; null when neither build has one. A missing side or different settings
 * leave the comparison without checks (and say why in `missing`).
 */
export function compareHold(
  baseline: LoadedHold | null,
  candidate: LoadedHold | null,
  policy: HoldPolicy,
  wafGroups: readonly string[],
): HoldComparison | null {
  if (baseline === null && candidate === null) return null;
  const b = baseline && holdSide(baseline.result, baseline.collect, wafGroups);
  const c = candidate && holdSide(candidate.result, candidate.collect, wafGroups);
  const missing: string[] = [];
  for (const [side, s] of [
    ['baseline', b],
    ['candidate', c],
  ] as const) {
    if (s === null)
      missing.push(
        `The ${side} has no hold.json (no long-lived connection phase): long-lived connections were not compared. Run both builds with the same hold settings.`,
      );
  }
  const notes: string[] = [];
  if (b === null || c === null)
    return { baseline: b, candidate: c, comparable: false, missing, notes, checks: [] };
  for (const [side, s] of [
    ['baseline', b],
    ['candidate', c],
  ] as const) {
    const unreported = s.push.unreportedConnections ?? 0;
    if (unreported > 0)
      notes.push(
        `The ${side}'s origin never reported its push count for ${unreported} connection(s) held to the end: their pushes are in no count (the push checks cover the other connections).`,
      );
  }
  const differ = settingsDiff(b, c);
  if (differ.length > 0) {
    missing.push(
      `The hold phases used different settings (${differ.join(', ')}): long-lived connections were not compared. Run both builds with the same hold settings.`,
    );
    return { baseline: b, candidate: c, comparable: false, missing, notes, checks: [] };
  }
  const checks = [
    ...COUNT_CHECKS.map((spec) => countCheck(spec, policy[spec.id], b, c)),
    ...CHANGE_CHECKS.map((spec) => changeCheck(spec, policy[spec.id], b, c)),
  ];
  return { baseline: b, candidate: c, comparable: true, missing, notes, checks };
}
