/**
 * The gate policy: thresholds, per-domain overrides and ignore lists. Defaults live here; a policy file
 * (`policy-file.ts`) and action inputs / CLI flags (`policyFromInputs`) override them.
 */
import { ConfigError } from '../common/errors.js';
import { defaultHoldPolicy, type HoldPolicy } from './hold-policy.js';
import { POLICY_INPUT_NAMES } from './schema.js';

export type { HoldPolicy };

/** Performance metric kinds that carry a threshold. */
export const METRIC_KINDS = [
  'cpuMsPerRequest',
  'qps',
  'latencyP50Us',
  'latencyP99Us',
  'cpuPct',
  'rssBytes',
] as const;
/** A metric kind. */
export type MetricKind = (typeof METRIC_KINDS)[number];

/** One metric's gate. */
export interface MetricPolicy {
  /**
   * Allowed change in the bad direction in percent (QPS down, the others up); null: never gates.
   * Defaults: cpuMsPerRequest 10, qps 10, latencyP50Us 20, latencyP99Us 20, cpuPct null, rssBytes 20.
   */
  thresholdPct: number | null;
}

/** Quality thresholds (also the shape of a per-domain override). */
export interface QualityPolicy {
  /** A status count that grows by more than this percent flags the domain. @default 10 */
  statusIncreasePct: number;
  /** …and only when it grows by at least this many requests. @default 5 */
  minDelta: number;
  /** A status the baseline lacks flags the domain when the candidate has at least this many. @default 1 */
  newStatusMinCount: number;
  /** Newly blocked requests allowed before failing. @default 0 */
  maxNewBlocks: number;
  /** Newly passed (previously blocked) requests allowed. @default 0 */
  maxNewPasses: number;
  /** New 5xx / unanswered requests allowed. @default 0 */
  maxNewErrors: number;
  /** A flagged domain fails the gate. @default true */
  failOnDomainAnomaly: boolean;
  /** Statuses that mean "blocked" when no collect join says so. @default [403] */
  blockStatuses: number[];
}

/** An ignore rule: exactly one of entryKey / path / ruleId, optionally scoped to a domain; a reason is required. */
export interface IgnoreRule {
  entryKey?: string;
  /** Regular expression matched against the request path. */
  path?: string;
  ruleId?: string;
  domain?: string;
  reason: string;
  /** Where it was declared (file line), for messages. */
  line?: number;
}

/** Per-domain overrides. */
export interface DomainOverride {
  quality?: Partial<QualityPolicy>;
  metrics?: Partial<Record<MetricKind, MetricPolicy>>;
}

/** The resolved gate policy. */
export interface GatePolicy {
  /** The file it was read from, or null for defaults/inputs only. */
  source: string | null;
  /** Significance level of the rank test. @default 0.05 */
  alpha: number;
  /** Confidence level of the bootstrap interval. @default 0.95 */
  confidenceLevel: number;
  /** @default 2000 */
  bootstrapResamples: number;
  /** Bootstrap PRNG seed (fixed so reports are reproducible). @default 20240601 */
  seed: number;
  quality: QualityPolicy;
  performance: {
    /** Process groups whose CPU time counts as the WAF's. @default ["nginx-worker"] */
    wafGroups: string[];
    /**
     * When a significant change counts as beyond the threshold: `confident` — the whole confidence
     * interval lies beyond it (an A/A run with ±30 % QPS noise then fails about 0.3 % of the time instead
     * of 2–3 %); `median` — the change of medians alone is beyond it (more sensitive, noisier).
     * @default "confident"
     */
    regressionRule: 'confident' | 'median';
    metrics: Record<MetricKind, MetricPolicy>;
  };
  /** Error-log findings (alert/emerg/crit/sanitizer) in the candidate fail the gate. Crashes always do. @default true */
  failOnErrorLog: boolean;
  /** Long-lived connections (the hold phase): see hold-policy.ts for the rules and defaults. */
  hold: HoldPolicy;
  domains: Record<string, DomainOverride>;
  ignore: IgnoreRule[];
}

/** The built-in policy. */
export function defaultPolicy(): GatePolicy {
  return {
    source: null,
    alpha: 0.05,
    confidenceLevel: 0.95,
    bootstrapResamples: 2000,
    seed: 20240601,
    quality: {
      statusIncreasePct: 10,
      minDelta: 5,
      newStatusMinCount: 1,
      maxNewBlocks: 0,
      maxNewPasses: 0,
      maxNewErrors: 0,
      failOnDomainAnomaly: true,
      blockStatuses: [403],
    },
    performance: {
      wafGroups: ['nginx-worker'],
      regressionRule: 'confident',
      metrics: {
        cpuMsPerRequest: { thresholdPct: 10 },
        qps: { thresholdPct: 10 },
        latencyP50Us: { thresholdPct: 20 },
        latencyP99Us: { thresholdPct: 20 },
        cpuPct: { thresholdPct: null },
        rssBytes: { thresholdPct: 20 },
      },
    },
    failOnErrorLog: true,
    hold: defaultHoldPolicy(),
    domains: {},
    ignore: [],
  };
}

/** The quality thresholds for a domain (overrides applied). */
export function qualityPolicyFor(policy: GatePolicy, domain: string): QualityPolicy {
  return { ...policy.quality, ...(policy.domains[domain]?.quality ?? {}) };
}

/** A metric's threshold for a domain (overrides applied). */
export function metricPolicyFor(
  policy: GatePolicy,
  kind: MetricKind,
  domain: string | null,
): MetricPolicy {
  const override = domain === null ? undefined : policy.domains[domain]?.metrics?.[kind];
  return override ?? policy.performance.metrics[kind];
}

/** Compiles the path regexes of ignore rules once; a bad regex is a ConfigError naming the rule. */
export function compileIgnoreRules(
  policy: GatePolicy,
): { rule: IgnoreRule; path: RegExp | null }[] {
  return policy.ignore.map((rule) => {
    if (rule.path === undefined) return { rule, path: null };
    try {
      return { rule, path: new RegExp(rule.path) };
    } catch (error) {
      throw new ConfigError(`Ignore rule has an invalid path regex: ${(error as Error).message}`, {
        input: 'ignore[].path',
        value: rule.path,
        ...(policy.source !== null ? { file: policy.source } : {}),
        ...(rule.line !== undefined ? { line: rule.line } : {}),
        hint: 'Write a JavaScript regular expression, e.g. ^/static/.',
      });
    }
  });
}

/**
 * Gate thresholds given as options (action inputs / CLI flags, validated by the compare schema); unset
 * ones leave the policy's value. Names are the option names of {@link POLICY_INPUT_NAMES}.
 */
export type PolicyInputs = Partial<Record<(typeof POLICY_INPUT_NAMES)[number], number>>;

export { POLICY_INPUT_NAMES };

/** Applies threshold options over a policy (they win over the file). Returns a new policy. */
export function applyPolicyInputs(base: GatePolicy, inputs: PolicyInputs): GatePolicy {
  const policy: GatePolicy = structuredClone(base);
  if (inputs.alpha !== undefined) policy.alpha = inputs.alpha;
  if (inputs['status-increase-pct'] !== undefined)
    policy.quality.statusIncreasePct = inputs['status-increase-pct'];
  if (inputs['min-delta'] !== undefined) policy.quality.minDelta = inputs['min-delta'];
  if (inputs['max-new-blocks'] !== undefined)
    policy.quality.maxNewBlocks = inputs['max-new-blocks'];
  const metric = (name: keyof PolicyInputs, kind: MetricKind): void => {
    const value = inputs[name];
    if (value !== undefined) policy.performance.metrics[kind] = { thresholdPct: value };
  };
  metric('qps-threshold-pct', 'qps');
  metric('cpu-threshold-pct', 'cpuMsPerRequest');
  metric('p99-threshold-pct', 'latencyP99Us');
  metric('rss-threshold-pct', 'rssBytes');
  // Older policies (results.json written before the hold phase existed) carry no `hold`.
  policy.hold ??= defaultHoldPolicy();
  if (inputs['hold-drop-increase-pct'] !== undefined)
    policy.hold.unexpectedDrops.maxIncreasePct = inputs['hold-drop-increase-pct'];
  if (inputs['hold-rtt-fail-pct'] !== undefined) {
    policy.hold.rttP50Us.failPct = inputs['hold-rtt-fail-pct'];
    policy.hold.rttP99Us.failPct = inputs['hold-rtt-fail-pct'];
  }
  return policy;
}
