/**
 * The gate: turns a comparison's parts into a verdict (pass / fail / neutral) with reasons a person can
 * check. Any candidate crash fails; quality limits and significant performance regressions fail; no
 * baseline is neutral.
 */
import type {
  ComparisonCounts,
  FindingsComparison,
  GateReason,
  MetricComparison,
  PerformanceComparison,
  QualityComparison,
} from './comparison.js';
import { holdReasons } from './hold-gate.js';
import type { HoldComparison } from './hold-types.js';
import { ftwReasons } from './ftw-expectations.js';
import type { FtwComparison } from './ftw-types.js';
import { qualityPolicyFor, type GatePolicy } from './policy.js';
import type { Verdict } from './types.js';

/** Formats a signed percentage: `+12.3 %`, `−4.0 %`. */
export function formatPct(value: number | null, digits = 1): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return `0${digits > 0 ? `.${'0'.repeat(digits)}` : ''} %`;
  return `${value > 0 ? '+' : '−'}${text} %`;
}

/** Formats a p-value: 3 significant digits, `< 0.001` below that. */
export function formatP(p: number | null): string {
  if (p === null) return 'n/a';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function metricReason(m: MetricComparison): string {
  const ci = m.ci
    ? `, ${Math.round(m.ci.level * 100)} % CI ${formatPct(m.ci.lowPct)} … ${formatPct(m.ci.highPct)}`
    : '';
  const limit = m.betterWhen === 'lower' ? `+${m.thresholdPct} %` : `−${m.thresholdPct} %`;
  return `${m.label} ${formatPct(m.deltaPct)} (median ${m.baseline.length} vs ${m.candidate.length} rounds, p = ${formatP(m.pValue)}${ci}; threshold ${limit}).`;
}

function qualityReasons(quality: QualityComparison, policy: GatePolicy): GateReason[] {
  const reasons: GateReason[] = [];
  const over = (
    pick: (d: QualityComparison['domains'][number]) => number,
    limit: (domain: string) => number,
  ): string[] => quality.domains.filter((d) => pick(d) > limit(d.domain)).map((d) => d.domain);
  const checks: [number, string[], string][] = [
    [
      quality.counts.newBlocks,
      over(
        (d) => d.newBlocks,
        (x) => qualityPolicyFor(policy, x).maxNewBlocks,
      ),
      'newly blocked by the candidate but passed by the baseline (likely false positives)',
    ],
    [
      quality.counts.newPasses,
      over(
        (d) => d.newPasses,
        (x) => qualityPolicyFor(policy, x).maxNewPasses,
      ),
      'passed by the candidate but blocked by the baseline (possible bypasses)',
    ],
    [
      quality.counts.newErrors,
      over(
        (d) => d.newErrors,
        (x) => qualityPolicyFor(policy, x).maxNewErrors,
      ),
      'answered with 5xx or not at all by the candidate only',
    ],
  ];
  for (const [count, domains, what] of checks) {
    if (domains.length > 0) {
      reasons.push({
        area: 'quality',
        severity: 'fail',
        message: `${plural(count, 'request')} ${what}, on ${domains.join(', ')}.`,
      });
    } else if (count > 0) {
      reasons.push({
        area: 'quality',
        severity: 'info',
        message: `${plural(count, 'request')} ${what}: within the allowed limits.`,
      });
    }
  }
  for (const d of quality.domains.filter((x) => x.flagged)) {
    const rows = d.statuses
      .filter((r) => r.flag !== null)
      .map((r) =>
        r.flag === 'new-status'
          ? `new status ${r.status} (${r.candidate}×)`
          : `status ${r.status} ${r.baseline} → ${r.candidate} (${formatPct(r.deltaPct)})`,
      );
    const fail = qualityPolicyFor(policy, d.domain).failOnDomainAnomaly;
    reasons.push({
      area: 'quality',
      severity: fail ? 'fail' : 'info',
      message: `Domain ${d.domain}: ${rows.join(', ')}.`,
    });
  }
  for (const why of quality.missing ?? [])
    reasons.push({ area: 'quality', severity: 'neutral', message: why });
  if (quality.counts.ignored > 0) {
    reasons.push({
      area: 'quality',
      severity: 'info',
      message: `${plural(quality.counts.ignored, 'changed request')} matched ignore rules (shown, not gating).`,
    });
  }
  return reasons;
}

function performanceReasons(perf: PerformanceComparison): GateReason[] {
  const reasons: GateReason[] = perf.metrics
    .filter((m) => m.regression)
    .map((m) => ({
      area: 'performance' as const,
      severity: 'fail' as const,
      message: `Regression: ${metricReason(m)}`,
    }));
  if (perf.indicativeOnly) {
    reasons.push({
      area: 'performance',
      severity: 'info',
      message:
        'Performance is indicative only (fewer than 2 rounds on a side); it cannot fail the gate.',
    });
  }
  for (const m of perf.metrics.filter((x) => x.improvement))
    reasons.push({
      area: 'performance',
      severity: 'info',
      message: `Improvement: ${metricReason(m)}`,
    });
  // Missing data is not a measurement: a gating metric without data keeps the verdict at most neutral.
  for (const m of perf.metrics.filter((x) => x.unknown !== undefined))
    reasons.push({
      area: 'performance',
      severity: m.thresholdPct === null ? 'info' : 'neutral',
      message: `Unknown: ${m.label} (${m.unknown}). Missing data is not compared; fix the collection and run again.`,
    });
  return reasons;
}

function findingReasons(findings: FindingsComparison, policy: GatePolicy): GateReason[] {
  const reasons: GateReason[] = [];
  const { crashes, findings: lines } = findings.candidate;
  if (crashes.length > 0) {
    const first = crashes[0]!;
    reasons.push({
      area: 'findings',
      severity: 'fail',
      message: `${plural(crashes.length, 'WAF process crash', 'WAF process crashes')} in the candidate (first: ${first.group} pid ${first.pid}${first.signal ? ` ${first.signal}` : ''}, ${first.source}).`,
    });
  }
  if (lines.length > 0) {
    reasons.push({
      area: 'findings',
      severity: policy.failOnErrorLog ? 'fail' : 'info',
      message: `${plural(lines.length, 'error-log finding')} in the candidate (${[...new Set(lines.map((l) => l.kind))].join(', ')}).`,
    });
  }
  return reasons;
}

/** The verdict and reasons for a comparison's parts. `noBaseline`: the explanation when there is none. */
export function decide(
  parts: {
    quality: QualityComparison | null;
    performance: PerformanceComparison | null;
    /** Long-lived connections; absent or null when neither build has a hold phase. */
    hold?: HoldComparison | null;
    findings: FindingsComparison;
    noBaseline: string | null;
    notes: string[];
    /** go-ftw expectation results, when the corpus has ftw tests. */
    ftw?: FtwComparison | null;
  },
  policy: GatePolicy,
): { verdict: Verdict; reasons: GateReason[]; counts: ComparisonCounts } {
  const reasons: GateReason[] = [];
  if (parts.noBaseline !== null)
    reasons.push({ area: 'baseline', severity: 'neutral', message: parts.noBaseline });
  reasons.push(...findingReasons(parts.findings, policy));
  if (parts.quality) reasons.push(...qualityReasons(parts.quality, policy));
  if (parts.ftw) reasons.push(...ftwReasons(parts.ftw));
  if (parts.performance) reasons.push(...performanceReasons(parts.performance));
  if (parts.hold) reasons.push(...holdReasons(parts.hold));
  if (parts.noBaseline === null && !parts.quality && !parts.performance && !parts.hold) {
    reasons.push({
      area: 'baseline',
      severity: 'neutral',
      message: 'Nothing to compare: the runs share neither a quality run nor pressure rounds.',
    });
  }
  const verdict: Verdict = reasons.some((r) => r.severity === 'fail')
    ? 'fail'
    : reasons.some((r) => r.severity === 'neutral')
      ? 'neutral'
      : 'pass';
  if (verdict === 'pass') {
    const what = [
      parts.quality ? 'no quality difference beyond the limits' : '',
      parts.performance ? 'no significant performance regression' : '',
      parts.hold ? 'no long-lived connection lost, refused or dropped beyond the baseline' : '',
    ].filter(Boolean);
    reasons.unshift({
      area: parts.quality ? 'quality' : parts.performance ? 'performance' : 'connections',
      severity: 'info',
      message: `Passed: ${what.join('; ')}.`,
    });
  }
  const q = parts.quality;
  return {
    verdict,
    reasons,
    counts: {
      newBlocks: q?.counts.newBlocks ?? 0,
      newPasses: q?.counts.newPasses ?? 0,
      newErrors: q?.counts.newErrors ?? 0,
      flaggedDomains: q?.domains.filter((d) => d.flagged).length ?? 0,
      crashes: parts.findings.candidate.crashes.length,
      findings: parts.findings.candidate.findings.length,
      regressions: parts.performance?.metrics.filter((m) => m.regression).length ?? 0,
      ignored: q?.counts.ignored ?? 0,
    },
  };
}
