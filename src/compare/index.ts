/**
 * compare-baseline's public API: `compareRuns` (two run directories → a {@link Comparison}) and
 * `readResults`. Writing `results.json`, `report.md` and `changed-requests.jsonl` is report's
 * `writeComparison` (report depends on compare, never the reverse).
 */
import { basename, join, resolve } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { readJsonFile } from '../common/json-file.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { baselineKeyOf, canonicalShape } from './baseline-store.js';
import type { Comparison, FindingsComparison, RunInfo } from './comparison.js';
import { ftwOfRuns } from './ftw-expectations.js';
import type { FtwOverrides } from './ftw-overrides.js';
import { decide } from './gate.js';
import { comparePerformance } from './performance.js';
import type { GatePolicy } from './policy.js';
import { compareHold } from './hold.js';
import { compareQuality } from './quality.js';
import { isRunDir, loadRunDir, readRequestRecords, type LoadedRun } from './run-dir.js';
import { checkResultsDocument } from './run-schema.js';
import type { RunRecord, Verdict } from './types.js';

export type * from './comparison.js';
export type { Verdict, RunRecord, RoundRef } from './types.js';
export {
  defaultPolicy,
  applyPolicyInputs,
  POLICY_INPUT_NAMES,
  type GatePolicy,
  type PolicyInputs,
} from './policy.js';
export { loadPolicyFile, parsePolicy } from './policy-file.js';
export { defaultHoldPolicy, type HoldPolicy } from './hold-policy.js';
export { checkHoldResult, readHoldResult, type HoldResult } from './hold-file.js';
export { HOLD_CHECK_IDS } from './hold-types.js';
export {
  DirectoryBaselineStore,
  baselineKeyOf,
  baselineDirName,
  shapeHash,
  setupHash,
  type BaselineStore,
  type BaselineQuery,
} from './baseline-store.js';
export { mannWhitneyU, bootstrapRelativeDifference, median } from './stats.js';
export { loadFtwOverrides, parseFtwOverrides, type FtwOverrides } from './ftw-overrides.js';
export type * from './ftw-types.js';

/** Options of {@link compareRuns}. */
export interface CompareRunsOptions {
  /** @default silentLogger */
  logger?: Logger;
  /** Why there is no baseline (shown in the neutral verdict) when `baselineDir` is null. */
  noBaselineReason?: string;
  /** Where the baseline came from (store entry, artifact and run), for the report; default: its directory. */
  baselineSource?: string;
  /** go-ftw overrides (known engine differences) applied when checking ftw expectations. */
  ftwOverrides?: FtwOverrides;
}

function runInfo(run: LoadedRun): RunInfo {
  const r = run.record;
  const domains = [
    ...new Set([
      ...(run.quality?.replay.domains ?? []),
      ...run.rounds.flatMap((x) => x.replay.domains),
    ]),
  ].sort();
  return {
    dir: run.dir,
    label: r.label,
    version: r.build.version,
    ...(r.build.description !== undefined ? { description: r.build.description } : {}),
    corpusFingerprint: r.corpusFingerprint,
    ...(r.pressureShape !== undefined ? { pressureShape: r.pressureShape } : {}),
    rounds: run.rounds.length,
    domains,
    ...(r.environment !== undefined ? { environment: r.environment } : {}),
    ...(r.domainsFromConfig !== undefined ? { domainsFromConfig: r.domainsFromConfig } : {}),
    createdAtMs: r.createdAtMs,
    key: baselineKeyOf(r),
  };
}

function findingsOf(run: LoadedRun): FindingsComparison['candidate'] {
  const parts = [
    ...(run.quality?.collect ? [{ source: 'quality', collect: run.quality.collect }] : []),
    ...run.rounds.flatMap((r) =>
      r.collect ? [{ source: `round ${r.round}`, collect: r.collect }] : [],
    ),
    // A retried round's crash is still the build's crash.
    ...(run.failedRounds ?? []).map((r) => ({
      source: `round ${r.round} (failed attempt ${r.attempt})`,
      collect: r.collect,
    })),
  ];
  return {
    crashes: parts.flatMap((p) => p.collect.crashes.map((c) => ({ ...c, source: p.source }))),
    findings: parts.flatMap((p) => p.collect.findings.map((f) => ({ ...f, source: p.source }))),
  };
}

function refuseMismatch(baseline: LoadedRun, candidate: LoadedRun): void {
  const b = baseline.record;
  const c = candidate.record;
  const where = `baseline ${join(baseline.dir, 'run.json')}, candidate ${join(candidate.dir, 'run.json')}`;
  if (b.corpusFingerprint !== c.corpusFingerprint) {
    throw new ConfigError(
      `Refusing to compare runs of different corpora: baseline corpus fingerprint ${b.corpusFingerprint}, candidate corpus fingerprint ${c.corpusFingerprint} (${where}).`,
      {
        input: 'corpusFingerprint',
        hint: 'Replay the same corpus on both builds, or record a new baseline for this corpus.',
      },
    );
  }
  if (
    (b.rounds ?? []).length > 0 &&
    (c.rounds ?? []).length > 0 &&
    canonicalShape(b.pressureShape) !== canonicalShape(c.pressureShape)
  ) {
    throw new ConfigError(
      `Refusing to compare pressure rounds with different load shapes: baseline ${canonicalShape(b.pressureShape)}, candidate ${canonicalShape(c.pressureShape)} (${where}).`,
      {
        input: 'pressureShape',
        hint: 'Run both builds with the same connections, rate, duration, keep-alive and shaping (upload-rate, download-rate, delay, slow-header, slow-body), or record a new baseline.',
      },
    );
  }
}

/**
 * Compares a candidate run directory with a baseline run directory under a policy. `baselineDir` null (or a
 * folder without `run.json`) gives a neutral verdict with an explanation. Runs of different corpora or load
 * shapes are refused with a ConfigError that shows both values.
 */
/** Which baseline was used, in words: measured in this run (fresh A/B), a store entry, an artifact, a folder. */
function baselineSourceOf(
  baseline: RunRecord,
  candidate: RunRecord,
  dir: string,
  options: CompareRunsOptions,
): string {
  const fresh = baseline.freshAb;
  if (fresh !== undefined && fresh.runId === candidate.freshAb?.runId)
    return `measured in this run (fresh A/B on the same WAF host: ${fresh.switches.length} install(s), rounds ${fresh.order})`;
  const recorded = new Date(baseline.createdAtMs).toISOString();
  return `${options.baselineSource ?? `run directory ${basename(dir)}`}, build ${baseline.build.version}, recorded ${recorded}`;
}

export async function compareRuns(
  baselineDir: string | null,
  candidateDir: string,
  policy: GatePolicy,
  options: CompareRunsOptions = {},
): Promise<Comparison> {
  const logger = options.logger ?? silentLogger;
  const candidate = await loadRunDir(candidateDir, logger);
  const candidateFindings = findingsOf(candidate);
  let noBaseline: string | null = null;
  if (baselineDir === null) {
    noBaseline =
      options.noBaselineReason ??
      'No baseline: there is no stored run of the baseline build for this corpus and load shape yet, so there is nothing to compare against. Record one (run the gate on the default branch) and later runs will be compared.';
  } else if (!(await isRunDir(baselineDir))) {
    noBaseline = `No baseline: ${baselineDir} holds no run.json (the baseline was not found or not downloaded). Nothing was compared.`;
  }
  const notes: string[] = [];
  if (noBaseline !== null) {
    logger.warn(noBaseline);
    const findings: FindingsComparison = { baseline: null, candidate: candidateFindings };
    const ftw = candidate.quality
      ? await ftwOfRuns(null, { run: candidate, records: null }, options.ftwOverrides)
      : null;
    const decided = decide(
      { quality: null, performance: null, findings, noBaseline, notes, ftw },
      policy,
    );
    return {
      schema: 'waf-gate/comparison@1',
      ...decided,
      mode: 'ab',
      baseline: null,
      candidate: runInfo(candidate),
      quality: null,
      performance: null,
      findings,
      ...(ftw ? { ftw } : {}),
      policy,
      notes,
    };
  }
  const baseline = await loadRunDir(baselineDir!, logger);
  refuseMismatch(baseline, candidate);
  notes.push(
    `Baseline: ${baselineSourceOf(baseline.record, candidate.record, baselineDir!, options)}.`,
  );
  const aa =
    resolve(baseline.dir) === resolve(candidate.dir) ||
    baseline.record.build.version === candidate.record.build.version;
  if (aa)
    notes.push(
      'A/A: the candidate is the baseline build; differences below are the noise floor of this setup.',
    );
  let quality: Comparison['quality'] = null;
  let ftw: Comparison['ftw'] | null = null;
  if (baseline.quality && candidate.quality) {
    const b = await readRequestRecords(baseline);
    const c = await readRequestRecords(candidate);
    const empty = { source: 'outcomes' as const, records: new Map(), duplicates: 0 };
    if (!b || !c)
      notes.push(
        'Per-request records (outcomes.jsonl / joined.jsonl) are missing on one side: quality compares per-domain status counts only.',
      );
    for (const [side, r] of [
      ['baseline', b],
      ['candidate', c],
    ] as const) {
      if (r && r.duplicates > 0)
        notes.push(
          `The ${side} has ${r.duplicates} repeated (entry, domain) records; the first of each was compared.`,
        );
    }
    quality = compareQuality(baseline, candidate, b ?? empty, c ?? empty, policy);
    ftw = await ftwOfRuns(
      { run: baseline, records: b },
      { run: candidate, records: c },
      options.ftwOverrides,
    );
    logger.info(
      `Quality: ${quality.compared} requests compared, ${quality.counts.newBlocks} new blocks, ${quality.counts.newPasses} new passes, ${quality.counts.newErrors} new errors.`,
    );
  } else if (baseline.quality || candidate.quality) {
    notes.push(
      `Only the ${baseline.quality ? 'baseline' : 'candidate'} has a quality run: quality was not compared.`,
    );
  }
  let performance: Comparison['performance'] = null;
  if (baseline.rounds.length > 0 && candidate.rounds.length > 0) {
    performance = comparePerformance(baseline.rounds, candidate.rounds, policy, aa, {
      baseline: baseline.record,
      candidate: candidate.record,
    });
    logger.info(
      `Performance: ${performance.rounds.baseline} vs ${performance.rounds.candidate} rounds, ${performance.metrics.filter((m) => m.regression).length} regression(s).`,
    );
  } else if (baseline.rounds.length > 0 || candidate.rounds.length > 0) {
    notes.push(
      `Only the ${baseline.rounds.length > 0 ? 'baseline' : 'candidate'} has pressure rounds: performance was not compared.`,
    );
  }
  const hold = compareHold(
    baseline.hold ?? null,
    candidate.hold ?? null,
    policy.hold,
    policy.performance.wafGroups,
  );
  if (hold?.comparable)
    logger.info(
      `Long-lived connections: ${hold.checks.filter((c) => c.result === 'fail').length} check(s) failed, ${hold.checks.filter((c) => c.result === 'warn').length} warning(s).`,
    );
  const findings: FindingsComparison = {
    baseline: findingsOf(baseline),
    candidate: candidateFindings,
  };
  const decided = decide(
    { quality, performance, hold, findings, noBaseline: null, notes, ftw },
    policy,
  );
  return {
    schema: 'waf-gate/comparison@1',
    ...decided,
    mode: aa ? 'aa' : 'ab',
    baseline: runInfo(baseline),
    candidate: runInfo(candidate),
    quality,
    performance,
    ...(hold === null ? {} : { hold }),
    findings,
    ...(ftw ? { ftw } : {}),
    policy,
    notes,
  };
}

/** `results.json`: the verdict on top, then the whole comparison. */
export interface ResultsFile {
  schema: 'waf-gate/results@1';
  verdict: Verdict;
  reasons: string[];
  counts: Comparison['counts'];
  comparison: Comparison;
}

/** Reads a `results.json` written by report's `writeComparison`. */
export async function readResults(file: string): Promise<ResultsFile> {
  const results = await readJsonFile<unknown>(file, 'comparison results (results.json)');
  if ((results as { schema?: unknown } | null)?.schema !== 'waf-gate/results@1') {
    throw new ConfigError('Not a waf-gate results file (schema waf-gate/results@1).', {
      file,
      hint: 'Pass the results.json written by `waf-gate compare`.',
    });
  }
  checkResultsDocument(results, file); // a damaged field: exit 2 naming it, not a TypeError later
  return results as ResultsFile;
}
