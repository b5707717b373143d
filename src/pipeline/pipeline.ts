/**
 * The gate's measuring loop: a quality pass per build, then pressure rounds interleaved across builds
 * (A B A B …, so slow drift of the machine hits every build alike), each round collected on the WAF.
 * Writes one run directory per build (see src/compare/types.ts) and returns their RunRecords.
 */
import { mkdir } from 'node:fs/promises';
import { setTimeout } from 'node:timers/promises';
import { join } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { writeJsonFile } from '../common/json-file.js';
import type { Logger } from '../common/logger.js';
import type { RoundRef, RunRecord } from '../compare/types.js';
import { targetUrl } from '../replay/index.js';
import { resolveConfigDomains } from './domains-from-config.js';
import { measure, type Measurement, type MeasureSpec } from './measure.js';
import { DEFAULT_ROUND_CRITERIA, healthProbe, roundFailures } from './round-check.js';
import { appendRoundLog, roundLogRecord } from './round-log.js';
import { measureHold } from './hold-phase.js';
import type { BuildTarget, HoldLoad, PipelineOptions } from './types.js';

/** Pause before retrying a failed round (a respawning worker, a restarting WAF). */
const RETRY_PAUSE_MS = 1000;

/** Progress callbacks for printers; all optional. */
export interface PipelineEvents {
  onStep?(step: {
    label: string;
    kind: 'quality' | 'round';
    round?: number;
    rps: number;
    errors: number;
    /** A failed round attempt: why (it is retried and kept out of the statistics). */
    failed?: string[];
  }): void;
}

/** The replay of every pressure round (identical for every build and round). */
function pressureReplay(options: PipelineOptions): MeasureSpec['replay'] {
  const p = options.pressure;
  return {
    ...options.replay,
    corpus: options.corpus,
    domains: [p.domain],
    mode: 'pressure',
    connections: p.connections,
    durationMs: p.durationMs,
    keepAlive: p.keepAlive,
    ...(p.rateRps === undefined ? {} : { rateRps: p.rateRps }),
    ...(p.shaping === undefined ? {} : { shaping: p.shaping }),
  };
}

/** One measurement of the plan. */
type PlannedStep =
  | { kind: 'quality'; target: BuildTarget }
  | { kind: 'hold'; target: BuildTarget }
  | { kind: 'round'; target: BuildTarget; round: number };

/**
 * The order of the measurements. Interleaved: the quality passes, then rounds A B, B A, A B, … (slow
 * drift of the machine hits every build alike). When builds share a host and switch by install (targets
 * with `prepare`), each round starts with the build measured last, so a round costs one switch
 * (A | B B A A B …). Sequential: every measurement of a build before the next build's.
 */
export function measurementPlan(
  targets: readonly BuildTarget[],
  options: Pick<PipelineOptions, 'quality' | 'rounds' | 'order' | 'hold'>,
): PlannedStep[] {
  const plan: PlannedStep[] = [];
  // The hold phase follows each build's quality pass (no extra install when builds switch by install).
  const first = (target: BuildTarget): void => {
    if (options.quality) plan.push({ kind: 'quality', target });
    if (options.hold !== undefined) plan.push({ kind: 'hold', target });
  };
  if (options.order === 'sequential') {
    for (const target of targets) {
      first(target);
      for (let round = 1; round <= options.rounds; round += 1)
        plan.push({ kind: 'round', target, round });
    }
    return plan;
  }
  for (const target of targets) first(target);
  const switching = targets.some((t) => t.prepare !== undefined);
  for (let round = 1; round <= options.rounds; round += 1) {
    let order = round % 2 === 1 ? [...targets] : [...targets].reverse();
    const last = plan.at(-1)?.target;
    if (switching && last !== undefined && order[0] !== last) order = order.reverse();
    for (const target of order) plan.push({ kind: 'round', target, round });
  }
  return plan;
}

/** Measures every target; returns the run record per label, in the order of `targets`. */
export async function runPipeline(
  targets: readonly BuildTarget[],
  given: PipelineOptions,
  deps: { logger: Logger; signal?: AbortSignal; events?: PipelineEvents },
): Promise<RunRecord[]> {
  const labels = new Set(targets.map((t) => t.label));
  if (labels.size !== targets.length) {
    throw new ConfigError('Every build needs its own label.', {
      value: targets.map((t) => t.label).join(', '),
    });
  }
  const { logger, signal } = deps;
  // domains: from-config is read once, before any replay: every build and round sees the same list.
  const { options, record: fromConfig } = await resolveConfigDomains(given, {
    logger,
    ...(signal ? { signal } : {}),
  });
  const records = new Map<string, RunRecord>();
  let corpusFingerprint = '';
  for (const target of targets) {
    await mkdir(join(options.outDir, target.label), { recursive: true });
    records.set(target.label, {
      schema: 'waf-gate/run@1',
      label: target.label,
      build: {
        version: target.version,
        ...(target.description ? { description: target.description } : {}),
      },
      corpusFingerprint: '',
      rounds: [],
      ...(options.environment ? { environment: options.environment } : {}),
      ...(fromConfig ? { domainsFromConfig: fromConfig } : {}),
      ...(options.wafHost ? { wafHost: options.wafHost } : {}),
      domains: [...options.domains],
      createdAtMs: Date.now(),
    });
  }

  const measureQuality = async (target: BuildTarget): Promise<void> => {
    signal?.throwIfAborted();
    await target.prepare?.();
    logger.info(
      `Quality pass: ${target.label} (${targetUrl(target.address)}), every request once per domain…`,
    );
    const runDir = join(options.outDir, target.label);
    const m = await measure(
      target,
      runDir,
      {
        subDir: 'quality',
        runId: `${options.runId}-${target.label}-q`,
        replay: {
          ...options.replay,
          corpus: options.corpus,
          domains: options.domains,
          mode: 'quality',
        },
        ...(options.collect ? { collect: options.collect } : {}),
      },
      { logger, ...(signal ? { signal } : {}) },
    );
    const record = records.get(target.label)!;
    record.quality = { replayFile: m.replayFile, collectFile: m.collectFile };
    record.corpusFingerprint = m.replay.corpus.fingerprint;
    corpusFingerprint ||= m.replay.corpus.fingerprint;
    deps.events?.onStep?.({
      label: target.label,
      kind: 'quality',
      rps: m.replay.rps,
      errors: m.replay.totals.errors,
    });
  };

  /** The long-lived connection phase of a build (hold.json + the WAF's collect.json). */
  const measureHoldPhase = async (target: BuildTarget, hold: HoldLoad): Promise<void> => {
    signal?.throwIfAborted();
    await target.prepare?.();
    const domain = hold.domain ?? (options.pressure.domain || undefined);
    logger.info(
      `Hold phase: ${target.label}, ${hold.connections ?? 'default'} WebSocket connections held through the WAF…`,
    );
    const m = await measureHold(
      target,
      join(options.outDir, target.label),
      {
        runId: `${options.runId}-${target.label}-h`,
        hold: { ...hold, ...(domain === undefined ? {} : { domain }) },
        ...(options.collect ? { collect: options.collect } : {}),
      },
      { logger, ...(signal ? { signal } : {}) },
    );
    records.get(target.label)!.hold = { holdFile: m.holdFile, collectFile: m.collectFile };
    const c = m.hold.counts;
    const unexpected = c.droppedByCause['unexpected-close'] + c.droppedByCause.error;
    logger.info(
      `Hold phase ${target.label}: ${c.upgraded} of ${c.attempted} upgraded, ${c.heldToEnd} held to the end, ${unexpected} dropped unexpectedly, ${c.reconnected} reconnected.`,
    );
  };

  const maxAttempts = Math.max(options.rounds, options.maxRounds ?? options.rounds);
  const criteria = options.roundCriteria ?? DEFAULT_ROUND_CRITERIA;
  const wafGroups = ['nginx-worker'];
  const roundLog = join(options.outDir, 'rounds.jsonl');
  const attempts = new Map<string, number>();

  /** One attempt of a round: probe, measure, judge, log. Returns whether it counts. */
  const attemptRound = async (target: BuildTarget, round: number): Promise<boolean> => {
    signal?.throwIfAborted();
    const attempt = (attempts.get(target.label) ?? 0) + 1;
    attempts.set(target.label, attempt);
    await target.prepare?.();
    const record = records.get(target.label)!;
    const runDir = join(options.outDir, target.label);
    const subDir = join('rounds', String(attempt));
    const startedAtMs = Date.now();
    const probeFailure = await healthProbe(
      target.address,
      Math.min(options.replay?.timeouts?.connectMs ?? 5000, 5000),
      signal,
      {
        ...(options.replay?.insecure === true ? { insecure: true } : {}),
        ...(options.replay?.servername !== undefined
          ? { servername: options.replay.servername }
          : {}),
      },
    );
    let m: Measurement | undefined;
    let reasons: string[];
    if (probeFailure !== null) reasons = [probeFailure];
    else {
      m = await measure(
        target,
        runDir,
        {
          subDir,
          runId: `${options.runId}-${target.label}-r${attempt}`,
          replay: pressureReplay(options),
          ...(options.collect ? { collect: options.collect } : {}),
        },
        { logger, ...(signal ? { signal } : {}) },
      );
      reasons = roundFailures(m.replay, m.collect, criteria);
      record.pressureShape = m.replay.loadShape;
      record.corpusFingerprint ||= m.replay.corpus.fingerprint;
      corpusFingerprint ||= m.replay.corpus.fingerprint;
    }
    const files = m ? { replayFile: m.replayFile, collectFile: m.collectFile } : {};
    if (m && reasons.length === 0) {
      const ref: RoundRef = {
        round,
        attempt,
        replayFile: m.replayFile,
        collectFile: m.collectFile,
      };
      record.rounds.push(ref);
    } else (record.failedRounds ??= []).push({ round, attempt, reasons, ...files });
    await appendRoundLog(
      roundLog,
      roundLogRecord(
        {
          runId: options.runId,
          label: target.label,
          version: target.version,
          round,
          attempt,
          reasons,
          startedAtMs,
          endedAtMs: Date.now(),
          dir: m ? join(target.label, subDir) : null,
          ...(m ? { replay: m.replay, collect: m.collect } : {}),
        },
        wafGroups,
      ),
    );
    const figures = m
      ? `${m.replay.rps.toFixed(0)} req/s, p99 ${(m.replay.latency.summary.p99Us / 1000).toFixed(1)} ms, ${m.replay.totals.errors} errors`
      : 'not measured';
    if (reasons.length === 0)
      logger.info(`Round ${round}/${options.rounds} ${target.label}: ${figures}`);
    else
      logger.warn(
        `Round ${round}/${options.rounds} ${target.label} FAILED (attempt ${attempt}/${maxAttempts}, ${figures}): ${reasons.join('; ')}. Kept out of the statistics.`,
      );
    deps.events?.onStep?.({
      label: target.label,
      kind: 'round',
      round,
      rps: m?.replay.rps ?? 0,
      errors: m?.replay.totals.errors ?? 0,
      ...(reasons.length > 0 ? { failed: reasons } : {}),
    });
    return reasons.length === 0;
  };

  /**
   * A round of one build: attempts until one counts or the build's attempts are used up. A failed
   * round is retried at once for the same build (no extra install), so every interleaved pair still
   * holds one counted round of each build and the A/B alternation stays as planned.
   */
  const measureRound = async (target: BuildTarget, round: number): Promise<void> => {
    while ((attempts.get(target.label) ?? 0) < maxAttempts) {
      if (await attemptRound(target, round)) return;
      await setTimeout(RETRY_PAUSE_MS, undefined, signal ? { signal } : {});
    }
    if (!exhausted.has(target.label)) {
      exhausted.add(target.label);
      logger.warn(
        `${target.label}: ${records.get(target.label)!.rounds.length} of ${options.rounds} rounds succeeded in ${maxAttempts} attempts (max-rounds); the comparison uses those.`,
      );
    }
  };
  const exhausted = new Set<string>();

  for (const step of measurementPlan(targets, options)) {
    if (step.kind === 'quality') await measureQuality(step.target);
    else if (step.kind === 'hold') await measureHoldPhase(step.target, options.hold!);
    else await measureRound(step.target, step.round);
  }

  const result: RunRecord[] = [];
  for (const target of targets) {
    const record = records.get(target.label)!;
    record.corpusFingerprint ||= corpusFingerprint;
    if (options.rounds > 0)
      record.roundPlan = {
        wanted: options.rounds,
        maxAttempts,
        attempts: attempts.get(target.label) ?? 0,
      };
    // A build installed by `prepare` knows its exact version only now.
    record.build.version = target.version;
    await writeJsonFile(join(options.outDir, target.label, 'run.json'), record);
    result.push(record);
  }
  return result;
}
