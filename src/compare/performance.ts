/**
 * Performance comparison over interleaved pressure rounds: per metric the medians, a bootstrap CI of the
 * relative difference of medians and a Mann-Whitney U test; a regression needs both significance
 * (p < alpha) and a change beyond the metric's threshold. Pure: loaded rounds in, a comparison out.
 */
import type {
  BetterWhen,
  GroupResources,
  MetricComparison,
  NoiseFloorRow,
  PerformanceComparison,
} from './comparison.js';
import { summarizeMissing } from './missing.js';
import { missingIn, roundValues, type RoundValues } from './round-values.js';
import { metricPolicyFor, type GatePolicy, type MetricKind } from './policy.js';
import type { LoadedRound } from './run-dir.js';
import {
  bootstrapRelativeDifference,
  coefficientOfVariation,
  mannWhitneyU,
  median,
  relativeDifference,
} from './stats.js';
import { qpsTimeline } from './timeline.js';
import type { RunRecord } from './types.js';

interface MetricDef {
  id: string;
  kind: MetricKind;
  label: string;
  unit: string;
  betterWhen: BetterWhen;
}

const CORE_METRICS: MetricDef[] = [
  {
    id: 'cpuMsPerRequest',
    kind: 'cpuMsPerRequest',
    label: 'WAF CPU per request',
    unit: 'ms',
    betterWhen: 'lower',
  },
  { id: 'qps', kind: 'qps', label: 'Throughput', unit: 'req/s', betterWhen: 'higher' },
  {
    id: 'latencyP50Us',
    kind: 'latencyP50Us',
    label: 'Latency p50',
    unit: 'µs',
    betterWhen: 'lower',
  },
  {
    id: 'latencyP99Us',
    kind: 'latencyP99Us',
    label: 'Latency p99',
    unit: 'µs',
    betterWhen: 'lower',
  },
];

function groupDefs(names: string[], wafGroups: readonly string[]): MetricDef[] {
  const sorted = [...names].sort(
    (a, b) => Number(wafGroups.includes(b)) - Number(wafGroups.includes(a)) || a.localeCompare(b),
  );
  return sorted.flatMap((name): MetricDef[] => [
    { id: `cpuPct:${name}`, kind: 'cpuPct', label: `CPU ${name}`, unit: '%', betterWhen: 'lower' },
    {
      id: `rssBytes:${name}`,
      kind: 'rssBytes',
      label: `RSS ${name}`,
      unit: 'bytes',
      betterWhen: 'lower',
    },
  ]);
}

/** A metric whose data is missing on a side: no Δ, no test, never a regression or an improvement. */
function unknownMetric(
  def: MetricDef,
  baseline: number[],
  candidate: number[],
  policy: GatePolicy,
  domain: string | null,
  why: string,
): MetricComparison {
  return {
    id: def.id,
    kind: def.kind,
    label: def.label,
    unit: def.unit,
    betterWhen: def.betterWhen,
    baseline,
    candidate,
    baselineMedian: median(baseline),
    candidateMedian: median(candidate),
    deltaPct: null,
    ci: null,
    pValue: null,
    test: null,
    significant: false,
    thresholdPct: metricPolicyFor(policy, def.kind, domain).thresholdPct,
    regression: false,
    improvement: false,
    unknown: why,
  };
}

function compareMetric(
  def: MetricDef,
  baseline: number[],
  candidate: number[],
  policy: GatePolicy,
  domain: string | null,
  indicativeOnly: boolean,
): MetricComparison {
  const baselineMedian = median(baseline);
  const candidateMedian = median(candidate);
  const rel = relativeDifference(baselineMedian, candidateMedian);
  const deltaPct = rel === null ? null : rel * 100;
  const enough = baseline.length >= 2 && candidate.length >= 2;
  const boot = enough
    ? bootstrapRelativeDifference(baseline, candidate, {
        resamples: policy.bootstrapResamples,
        level: policy.confidenceLevel,
        seed: policy.seed,
      })
    : null;
  const test = enough ? mannWhitneyU(baseline, candidate) : null;
  const significant = test !== null && test.pValue < policy.alpha;
  const thresholdPct = metricPolicyFor(policy, def.kind, domain).thresholdPct;
  const bad =
    deltaPct !== null &&
    thresholdPct !== null &&
    (def.betterWhen === 'lower' ? deltaPct > thresholdPct : deltaPct < -thresholdPct);
  const good =
    deltaPct !== null &&
    thresholdPct !== null &&
    (def.betterWhen === 'lower' ? deltaPct < -thresholdPct : deltaPct > thresholdPct);
  const lower = def.betterWhen === 'lower';
  const ciLow = boot ? boot.low * 100 : null;
  const ciHigh = boot ? boot.high * 100 : null;
  const confident = policy.performance.regressionRule !== 'median';
  const ciBad =
    thresholdPct !== null &&
    ciLow !== null &&
    ciHigh !== null &&
    (lower ? ciLow > thresholdPct : ciHigh < -thresholdPct);
  const ciGood =
    thresholdPct !== null &&
    ciLow !== null &&
    ciHigh !== null &&
    (lower ? ciHigh < -thresholdPct : ciLow > thresholdPct);
  return {
    id: def.id,
    kind: def.kind,
    label: def.label,
    unit: def.unit,
    betterWhen: def.betterWhen,
    baseline,
    candidate,
    baselineMedian,
    candidateMedian,
    deltaPct,
    ci: boot ? { lowPct: boot.low * 100, highPct: boot.high * 100, level: boot.level } : null,
    pValue: test?.pValue ?? null,
    test: test?.method ?? null,
    significant,
    thresholdPct,
    regression: !indicativeOnly && significant && bad && (!confident || ciBad),
    improvement: !indicativeOnly && significant && good && (!confident || ciGood),
    mdcPct: boot ? ((boot.high - boot.low) / 2) * 100 : null,
  };
}

/**
 * Uses the exact WAF CPU per request (marks around each round's load) when every usable round of both
 * builds has it; otherwise every round keeps the figure integrated from samples, and a note says why
 * (mixing the two would compare different measurements).
 */
function chooseCpuSource(
  b: RoundValues[],
  c: RoundValues[],
): { source: 'exact' | 'sampled'; errorPct?: number; note?: string } {
  const rounds = [
    ...b.map((r) => ['baseline', r] as const),
    ...c.map((r) => ['candidate', r] as const),
  ];
  const lacking = rounds.flatMap(([side, r]) =>
    'missing' in r.exactCpu ? [{ side, round: r.round, reason: r.exactCpu.missing }] : [],
  );
  if (rounds.length === 0) return { source: 'sampled' };
  if (lacking.length > 0) {
    const reasons = new Set(lacking.map((l) => l.reason));
    const why =
      reasons.size === 1 && lacking.length === rounds.length
        ? `every round: ${[...reasons][0]!}`
        : summarizeMissing(lacking);
    return {
      source: 'sampled',
      note: `WAF CPU per request is integrated from the process samples inside each round's loaded interval (off by up to one sample interval at each end), not read exactly: ${why}.`,
    };
  }
  const errors: number[] = [];
  let maxReadMs = 0;
  for (const [, r] of rounds) {
    if ('missing' in r.exactCpu) continue;
    r.values.set('cpuMsPerRequest', r.exactCpu.cpuMsPerRequest);
    r.missing.delete('cpuMsPerRequest');
    if (r.exactCpu.cpuMsPerRequest > 0)
      errors.push((r.exactCpu.errorMsPerRequest / r.exactCpu.cpuMsPerRequest) * 100);
    maxReadMs = Math.max(maxReadMs, r.exactCpu.maxReadMs);
  }
  const errorPct = errors.length > 0 ? median(errors) : undefined;
  const read = maxReadMs < 10 ? maxReadMs.toFixed(1) : String(Math.round(maxReadMs));
  const error =
    errorPct === undefined ? '?' : errorPct < 0.1 ? errorPct.toFixed(2) : errorPct.toFixed(1);
  const note = `WAF CPU per request is exact: the workers' CPU counters read from /proc just before and just after each round's load (reads took ≤ ${read} ms); measurement error ±${error} % of the value (clock ticks).`;
  return errorPct === undefined ? { source: 'exact', note } : { source: 'exact', errorPct, note };
}

/**
 * The failed round attempts the pipeline listed in run.json (never loaded as rounds: kept out of the
 * statistics) as excluded rounds with their attempt, and a note per build that fell short of its rounds.
 */
function failedRoundsOf(
  records: { baseline: RunRecord; candidate: RunRecord },
  excluded: PerformanceComparison['excludedRounds'],
  notes: Set<string>,
): void {
  for (const side of ['baseline', 'candidate'] as const) {
    const record = records[side];
    for (const f of record.failedRounds ?? [])
      excluded.push({ side, round: f.round, attempt: f.attempt, reason: f.reasons.join('; ') });
    const plan = record.roundPlan;
    if (plan !== undefined && record.rounds.length < plan.wanted)
      notes.add(
        `The ${side} reached only ${record.rounds.length} of ${plan.wanted} successful rounds in ${plan.attempts} attempts (max-rounds ${plan.maxAttempts}); the statistics use those ${record.rounds.length}.`,
      );
  }
}

/** Compares the pressure rounds of two runs. `aa`: also report the noise floor. */
export function comparePerformance(
  baselineRounds: LoadedRound[],
  candidateRounds: LoadedRound[],
  policy: GatePolicy,
  aa: boolean,
  records?: { baseline: RunRecord; candidate: RunRecord },
): PerformanceComparison {
  const notes = new Set<string>();
  const excludedRounds: PerformanceComparison['excludedRounds'] = [];
  if (records) failedRoundsOf(records, excludedRounds, notes);
  const usable = (side: 'baseline' | 'candidate', rounds: LoadedRound[]): RoundValues[] =>
    rounds.flatMap((r) => {
      const v = roundValues(r, policy.performance.wafGroups, notes);
      if (typeof v === 'string') {
        excludedRounds.push({ side, round: r.round, reason: v });
        return [];
      }
      return [v];
    });
  const b = usable('baseline', baselineRounds);
  const c = usable('candidate', candidateRounds);
  const cpu = chooseCpuSource(b, c);
  const indicativeOnly = b.length < 2 || c.length < 2;
  if (indicativeOnly) {
    notes.add(
      `Indicative only: ${b.length} baseline and ${c.length} candidate round(s). With a single round there is no measure of noise, so performance alone never fails the gate; run 5 or more interleaved rounds per build.`,
    );
  }
  const probe =
    b.length >= 2 && c.length >= 2
      ? mannWhitneyU(
          b.map((_, i) => i),
          c.map((_, i) => i + b.length),
        )
      : null;
  const minAttainablePValue = probe && probe.method === 'exact' ? probe.minAttainablePValue : null;
  if (!indicativeOnly && minAttainablePValue !== null && minAttainablePValue >= policy.alpha) {
    notes.add(
      `With ${b.length} and ${c.length} rounds the rank test cannot reach p < ${policy.alpha} (smallest possible p = ${minAttainablePValue.toFixed(3)}): no metric can be flagged. Use at least 4 rounds per build (5 recommended).`,
    );
  }
  const domain = [...baselineRounds, ...candidateRounds][0]?.replay.domains[0] ?? null;
  const groupNames = [...new Set([...b, ...c].flatMap((r) => r.groupNames))];
  const defs = [...CORE_METRICS, ...groupDefs(groupNames, policy.performance.wafGroups)];
  const metrics: MetricComparison[] = [];
  for (const def of defs) {
    const bv = b.flatMap((r) => (r.values.has(def.id) ? [r.values.get(def.id)!] : []));
    const cv = c.flatMap((r) => (r.values.has(def.id) ? [r.values.get(def.id)!] : []));
    const missing = [
      ...b.flatMap((r) => missingIn('baseline', r, def.id)),
      ...c.flatMap((r) => missingIn('candidate', r, def.id)),
    ];
    if (missing.length === 0 && bv.length === 0 && cv.length === 0) continue;
    if (missing.length === 0 && (bv.length === 0 || cv.length === 0)) {
      const [has, lacks] = bv.length > 0 ? ['baseline', 'candidate'] : ['candidate', 'baseline'];
      metrics.push(
        unknownMetric(def, bv, cv, policy, domain, `only the ${has} has it; the ${lacks} does not`),
      );
    } else if (missing.length > 0) {
      metrics.push(unknownMetric(def, bv, cv, policy, domain, summarizeMissing(missing)));
    } else {
      metrics.push(compareMetric(def, bv, cv, policy, domain, indicativeOnly));
    }
    const added = metrics[metrics.length - 1];
    if (def.id === 'cpuMsPerRequest' && added?.id === def.id && added.unknown === undefined) {
      added.source = cpu.source;
      if (cpu.errorPct !== undefined) added.measurementErrorPct = cpu.errorPct;
      if (cpu.note !== undefined) notes.add(cpu.note);
    }
  }
  if (!metrics.some((m) => m.id === 'cpuMsPerRequest')) {
    notes.add(
      'WAF CPU per request is unknown (no collect results with process groups on one side): the steadiest metric is missing.',
    );
  }
  const groups: GroupResources[] = groupNames.sort().map((name) => {
    const pick = (rounds: RoundValues[]): GroupResources['baseline'] => {
      const g = rounds.flatMap((r) => (r.groups.has(name) ? [r.groups.get(name)!] : []));
      if (g.length === 0) return null;
      return {
        cpuPct: median(g.map((x) => x.cpuPct)),
        rssBytes: median(g.map((x) => x.rssBytes)),
        cpuMsPerRequest: median(g.map((x) => x.cpuMsPerRequest)),
      };
    };
    return { name, baseline: pick(b), candidate: pick(c) };
  });
  const noiseFloor: NoiseFloorRow[] | null = aa
    ? metrics
        .filter((m) => m.thresholdPct !== null && m.unknown === undefined)
        .map((m) => ({
          id: m.id,
          label: m.label,
          baselineCvPct: coefficientOfVariation(m.baseline) * 100,
          candidateCvPct: coefficientOfVariation(m.candidate) * 100,
          ciHalfWidthPct: m.ci ? (m.ci.highPct - m.ci.lowPct) / 2 : null,
        }))
    : null;
  return {
    rounds: { baseline: b.length, candidate: c.length },
    excludedRounds,
    indicativeOnly,
    alpha: policy.alpha,
    minAttainablePValue,
    domain,
    metrics,
    groups,
    timeline: qpsTimeline(baselineRounds, candidateRounds),
    noiseFloor,
    notes: [...notes],
  };
}
