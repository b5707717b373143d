/**
 * The result of comparing a candidate run against a baseline run: what `results.json` carries and what
 * the report renders. Changing a field's meaning means bumping `schema`.
 */
import type { ErrorLogFinding, ProcessCrash } from '../collect/index.js';
import type { CorpusOrigin, LoadShape } from '../replay/types.js';
import type { HoldComparison } from './hold-types.js';
import type { FtwComparison } from './ftw-types.js';
import type { JoinCounts } from './join-counts.js';
import type { GatePolicy } from './policy.js';

export type * from './hold-types.js';
import type { DomainsFromConfigRecord, Verdict } from './types.js';

/**
 * How one request fared on one build. `missing`: the build has no record of it. `unjoined`: answered,
 * but no log line carried its id (nginx answered before reading headers, HTTP/0.9): the WAF's verdict is
 * unknown, so it is never counted as passed.
 */
export type RequestClass = 'passed' | 'blocked' | 'error' | 'no-answer' | 'missing' | 'unjoined';

/**
 * How a request's treatment changed from baseline to candidate.
 * - `new-block`: blocked by the candidate, passed by the baseline (a likely false positive).
 * - `new-pass`: passed by the candidate, blocked by the baseline (a possible bypass).
 * - `new-error`: a 5xx or no answer from the candidate where the baseline answered.
 * - `resolved-error`: the reverse of `new-error`.
 * - `status-change`: same class, different status (e.g. 200 → 404): shown, never gating.
 */
export type ChangeKind =
  'new-block' | 'new-pass' | 'new-error' | 'resolved-error' | 'status-change';

/** One side of a changed request. */
export interface RequestSide {
  status: number | null;
  class: RequestClass;
  /** Replay's error kind when there was no valid answer. */
  error: string | null;
  /** Rule ids that fired, when collect joined them from the error/audit log. */
  ruleIds: string[];
}

/** One request treated differently by the two builds. */
export interface ChangedRequest {
  kind: ChangeKind;
  entryKey: string;
  domain: string;
  origin: CorpusOrigin | null;
  /** `METHOD target`, shortened to 120 characters. */
  requestLine: string;
  /** Path part of the target (no query), for grouping and ignore rules. */
  path: string;
  baseline: RequestSide;
  candidate: RequestSide;
  /** Set when a policy ignore rule matched: the change is shown but does not gate. */
  ignored?: { reason: string; rule: string };
}

/** Changed requests grouped by (kind, domain, path, rule id). */
export interface ChangeGroup {
  kind: ChangeKind;
  domain: string;
  path: string;
  /**
   * The rules that made the difference, space-separated: for a new block those the candidate fired and
   * the baseline did not (for a new pass the other way round; otherwise those of the side that blocked).
   * Null when no rule id is known.
   */
  ruleId: string | null;
  count: number;
  /** Of `count`, how many an ignore rule matched. */
  ignored: number;
  example: { entryKey: string; requestLine: string; origin: CorpusOrigin | null };
}

/** One status code's counts for one domain (the original per-domain anomaly rule). */
export interface DomainStatusRow {
  status: string;
  baseline: number;
  candidate: number;
  delta: number;
  /** Percentage change; null when the baseline count is 0 (a new status, no ratio exists). */
  deltaPct: number | null;
  /** Why the row flags the domain, or null. */
  flag: 'new-status' | 'increase' | null;
}

/** Quality counts of one domain. */
export interface DomainQuality {
  domain: string;
  requests: { baseline: number; candidate: number };
  blocked: { baseline: number; candidate: number };
  errors: { baseline: number; candidate: number };
  newBlocks: number;
  newPasses: number;
  newErrors: number;
  statuses: DomainStatusRow[];
  flagged: boolean;
  /** The thresholds applied (after per-domain overrides). */
  thresholds: { statusIncreasePct: number; minDelta: number };
}

/** A request the candidate answered with 5xx or not at all. */
export interface ErroredRequest {
  entryKey: string;
  domain: string;
  requestLine: string;
  origin: CorpusOrigin | null;
  candidate: RequestSide;
  baselineStatus: number | null;
  baselineClass: RequestClass;
}

/** Counts of changed requests by kind; `ignored` counts changes an ignore rule matched. */
export interface ChangeCounts {
  newBlocks: number;
  newPasses: number;
  newErrors: number;
  resolvedErrors: number;
  statusChanges: number;
  ignored: number;
}

/** The quality half: per-request verdicts joined by (entryKey, domain). */
export interface QualityComparison {
  /** Where per-request verdicts came from on each side. */
  source: { baseline: 'joined' | 'outcomes'; candidate: 'joined' | 'outcomes' };
  /** Requests present on both sides. */
  compared: number;
  onlyBaseline: number;
  onlyCandidate: number;
  /** Changes that gate (ignored ones excluded). */
  counts: ChangeCounts;
  domains: DomainQuality[];
  /** Every change, sorted by kind, domain, path, entry. */
  changes: ChangedRequest[];
  groups: ChangeGroup[];
  /** Every request the candidate answered with 5xx or not at all. */
  candidateErrors: ErroredRequest[];
  baselineErrorCount: number;
  /**
   * Requests answered but not joined to a log line, per side, by reason (`no-id`, `no-log-line`):
   * class `unjoined`, never counted as passed. Absent when every request was joined.
   */
  unjoined?: { baseline: Record<string, number>; candidate: Record<string, number> };
  /**
   * How each side's requests met their log lines (by id, by connection, not joined by reason); a side
   * is present when it has a log join.
   */
  joins?: { baseline?: JoinCounts; candidate?: JoinCounts };
  /** Why a side's log verdicts are missing (its blocks judged by status code): keeps the gate at most neutral. */
  missing?: string[];
}

/** Which way is better for a metric. */
export type BetterWhen = 'lower' | 'higher';

/** One metric compared over rounds. */
export interface MetricComparison {
  /** `cpuMsPerRequest`, `qps`, `latencyP50Us`, `latencyP99Us`, `cpuPct:<group>`, `rssBytes:<group>`. */
  id: string;
  /** Policy key for its threshold: `cpuMsPerRequest`, `qps`, `latencyP50Us`, `latencyP99Us`, `cpuPct`, `rssBytes`. */
  kind: string;
  label: string;
  unit: string;
  betterWhen: BetterWhen;
  /** Values per round; for an unknown metric only the rounds that have one (maybe none). */
  baseline: number[];
  candidate: number[];
  /** Median of `baseline`; NaN (null in JSON) when it is empty. */
  baselineMedian: number;
  candidateMedian: number;
  /** Relative difference of medians in percent; null when the baseline median is 0. */
  deltaPct: number | null;
  /** Bootstrap CI of the relative difference of medians, in percent. */
  ci: { lowPct: number; highPct: number; level: number } | null;
  pValue: number | null;
  test: 'exact' | 'asymptotic' | null;
  significant: boolean;
  /** Allowed change in the bad direction, percent (positive); null: informational only. */
  thresholdPct: number | null;
  regression: boolean;
  improvement: boolean;
  /**
   * Minimum detectable change achieved by this run, percent: half the width of the CI, i.e. what the
   * noise between rounds lets one tell apart. Smaller changes are indistinguishable from noise; with
   * `regressionRule: confident` a regression must exceed its threshold by about this much. Null
   * without a CI (fewer than 2 rounds on a side).
   */
  mdcPct?: number | null;
  /**
   * Where WAF CPU per request came from (that metric only): `exact` — /proc read just before and just
   * after each round's load; `sampled` — integrated from the 1 s samples inside the loaded interval
   * (off by up to a sample at each end; older results, or exact marks missing).
   */
  source?: 'exact' | 'sampled';
  /** `exact` only: median over rounds of the reading-error bound (clock ticks), percent of the value. */
  measurementErrorPct?: number;
  /**
   * Set when the metric's data is missing on either side (no process sampled, no collect results…):
   * why, by side and round. An unknown metric has no Δ, CI or p-value, is never a regression or an
   * improvement, and keeps the gate at most neutral.
   */
  unknown?: string;
}

/** CPU % and RSS of one process group, medians over rounds. */
export interface GroupResources {
  name: string;
  baseline: { cpuPct: number; rssBytes: number; cpuMsPerRequest: number } | null;
  candidate: { cpuPct: number; rssBytes: number; cpuMsPerRequest: number } | null;
}

/** QPS per time window (window index × width), median over rounds at each index. */
export interface QpsTimeline {
  windowMs: number;
  points: { tSec: number; baseline: number | null; candidate: number | null }[];
}

/** The A/A noise floor of one metric. */
export interface NoiseFloorRow {
  id: string;
  label: string;
  /** Coefficient of variation over rounds, percent. */
  baselineCvPct: number;
  candidateCvPct: number;
  /** Half the width of the CI of the difference, percent: changes below this are noise. */
  ciHalfWidthPct: number | null;
}

/** The performance half. */
export interface PerformanceComparison {
  rounds: { baseline: number; candidate: number };
  /** Rounds left out; `attempt` set: a failed attempt the pipeline retried (listed in run.json). */
  excludedRounds: {
    side: 'baseline' | 'candidate';
    round: number;
    attempt?: number;
    reason: string;
  }[];
  /** True with fewer than 2 usable rounds on a side: shown, never gating. */
  indicativeOnly: boolean;
  alpha: number;
  /** Smallest p-value these round counts can give; when ≥ alpha no metric can be significant. */
  minAttainablePValue: number | null;
  /** The domain the pressure rounds loaded (for per-domain overrides), when known. */
  domain: string | null;
  metrics: MetricComparison[];
  groups: GroupResources[];
  timeline: QpsTimeline | null;
  /** A/A mode only. */
  noiseFloor: NoiseFloorRow[] | null;
  notes: string[];
}

/** A crash or error-log finding with the run part it came from (`quality`, `round 3`). */
export interface SourcedCrash extends ProcessCrash {
  source: string;
}
/** An error-log finding with the run part it came from. */
export interface SourcedFinding extends ErrorLogFinding {
  source: string;
}

/** Crashes and error-log findings of each build. */
export interface FindingsComparison {
  baseline: { crashes: SourcedCrash[]; findings: SourcedFinding[] } | null;
  candidate: { crashes: SourcedCrash[]; findings: SourcedFinding[] };
}

/** The identity of a stored baseline. */
export interface BaselineKey {
  version: string;
  corpusFingerprint: string;
  /** `quality`, `pressure` or `quality+pressure`: which halves the run holds. */
  mode: string;
  /** 8 hex digits of the canonical pressure load shape, or `none`. */
  shapeHash: string;
  /**
   * 8 hex digits of the measuring setup — the WAF host's identity and the quality pass's domains — or
   * `none` for records that carry neither (written before they were recorded).
   */
  setupHash: string;
}

/** What the report says about a run. */
export interface RunInfo {
  dir: string;
  label: string;
  version: string;
  description?: string;
  corpusFingerprint: string;
  pressureShape?: LoadShape;
  rounds: number;
  domains: string[];
  environment?: Record<string, string>;
  /** `domains: from-config`: where the domains came from and the names skipped. */
  domainsFromConfig?: DomainsFromConfigRecord;
  createdAtMs: number;
  key: BaselineKey;
}

/** One reason behind the verdict. */
export interface GateReason {
  area: 'baseline' | 'quality' | 'performance' | 'findings' | 'connections';
  /** `fail` reasons decide a failure; `neutral` ones a neutral verdict; `info` ones are context. */
  severity: 'fail' | 'neutral' | 'info';
  message: string;
}

/** Headline numbers (also action outputs). */
export interface ComparisonCounts {
  newBlocks: number;
  newPasses: number;
  newErrors: number;
  flaggedDomains: number;
  crashes: number;
  findings: number;
  regressions: number;
  ignored: number;
}

/** The whole comparison. */
export interface Comparison {
  schema: 'waf-gate/comparison@1';
  verdict: Verdict;
  reasons: GateReason[];
  /** `aa`: the candidate is the baseline build (same dir or same version): reports the noise floor. */
  mode: 'ab' | 'aa';
  baseline: RunInfo | null;
  candidate: RunInfo;
  quality: QualityComparison | null;
  performance: PerformanceComparison | null;
  /** Long-lived connections (hold.json of each build); null or absent when neither build has one. */
  hold?: HoldComparison | null;
  findings: FindingsComparison;
  /** go-ftw expectations checked per test (ftw corpora only); absent when the corpus has no ftw tests. */
  ftw?: FtwComparison;
  counts: ComparisonCounts;
  policy: GatePolicy;
  notes: string[];
}
