/**
 * `runReplay`: loads the corpus, checks the target answers, runs the engine (in this thread or in
 * workers), streams quality-mode outcomes and writes `<outDir>/replay.json`. Partial results are
 * written when the run is interrupted or the target fails mid-run.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeJsonFile } from '../common/json-file.js';
import type { Logger } from '../common/logger.js';
import { loadCorpus } from '../corpus/load.js';
import { resolveCorpusFiles } from '../corpus/sources.js';
import { Engine, type EngineConfig, type StreamedJobs } from './engine.js';
import { proveRawTcp } from './raw-tcp.js';
import {
  LineBatcher,
  OutcomeFile,
  OutcomeFormatter,
  backpressuredSink,
  entryFragments,
} from './outcomes.js';
import type { ReplayOptions } from './options.js';
import { prepareRequests, releaseEntryBytes, type PreparedRequests } from './prepare.js';
import { StreamingJobSource } from './stream-source.js';
import type { ReplayProgress } from './printers.js';
import { probeTarget, targetUrl } from './probe.js';
import { connectionLevelFailure } from './target-check.js';
import { startProgress } from './progress.js';
import { mergeReplayResults, resultFromSnapshot, type ResultContext } from './result.js';
import type { StatsSnapshot } from './stats.js';
import type { LoadShape, ReplayResult } from './types.js';
import { startShard } from './shard-start.js';
import { runWorkers } from './worker-pool.js';
import { formatShaping } from './shaping/parse.js';

/** What {@link runReplay} needs besides its options. */
export interface ReplayDeps {
  logger: Logger;
  signal?: AbortSignal;
  onProgress?: (p: ReplayProgress) => void;
  /** Stream for the TTY progress bar. @default process.stderr */
  progressStream?: NodeJS.WriteStream;
}

/** Name of the results file in the out folder. */
export const REPLAY_RESULT_FILE = 'replay.json';
/** Name of the quality-mode outcomes file in the out folder. */
export const OUTCOMES_FILE = 'outcomes.jsonl';

function loadShapeOf(o: ReplayOptions): LoadShape {
  const shape: LoadShape = { mode: o.mode, connections: o.connections, keepAlive: o.keepAlive };
  if (o.rateRps !== undefined) shape.rateRps = o.rateRps;
  if (o.durationMs !== undefined) shape.durationMs = o.durationMs;
  if (o.repeat !== undefined) shape.repeat = o.repeat;
  if (o.requests !== undefined) shape.requests = o.requests;
  if (o.hatchRatePerSec !== undefined) shape.hatchRatePerSec = o.hatchRatePerSec;
  if (o.thinkTimeMs > 0) shape.thinkTimeMs = o.thinkTimeMs;
  if (o.shaping !== undefined) shape.shaping = structuredClone(o.shaping);
  return shape;
}

/** Total size of the corpus files in bytes. */
async function corpusBytes(options: ReplayOptions): Promise<number> {
  const files = await resolveCorpusFiles(options.corpus, 'corpus');
  let total = 0;
  for (const file of files) total += (await stat(file.absolutePath)).size;
  return total;
}

/** Runs a replay; see the module comment. Resolves with the result also written to replay.json. */
export async function runReplay(options: ReplayOptions, deps: ReplayDeps): Promise<ReplayResult> {
  const { logger, signal } = deps;
  const quality = options.mode === 'quality';
  const workers = Math.max(1, Math.min(options.workers, options.connections));
  const stream =
    quality &&
    workers === 1 &&
    options.rateRps === undefined &&
    (await corpusBytes(options)) > options.preloadLimitBytes;
  const corpus = await loadCorpus(options.corpus, {
    skipInvalid: options.skipInvalid,
    keepEntries: !stream,
    ...(signal ? { signal } : {}),
  });
  if (corpus.skipped > 0)
    logger.warn(`Skipped ${corpus.skipped} malformed corpus entries (skip-invalid).`);
  for (const warning of corpus.warnings) logger.warn(`Corpus: ${warning.message}`);
  const domains = options.domains;
  logger.info(
    `Corpus: ${corpus.entryCount} requests from ${corpus.files.length} file(s), fingerprint ${corpus.fingerprint.slice(0, 12)}; ${domains.length} domain(s)${stream ? '; streamed (larger than preload-limit-mb)' : ''}.`,
  );
  await probeTarget(options.target, Math.min(options.timeouts.connectMs, 5000), signal, {
    insecure: options.insecure,
    ...(options.servername !== undefined ? { servername: options.servername } : {}),
  });
  const perCycle = corpus.entryCount * domains.length;
  const totalJobs = Math.min(
    options.requests ?? Infinity,
    options.repeat !== undefined ? perCycle * options.repeat : Infinity,
  );
  const config: Omit<EngineConfig, 'workerIndex' | 'workerCount'> = {
    mode: options.mode,
    totalJobs,
    idHeader: quality ? options.idHeader : null,
    runId: options.runId,
    target: {
      ...options.target,
      insecure: options.insecure,
      ...(options.servername !== undefined ? { servername: options.servername } : {}),
    },
    connections: options.connections,
    keepAlive: options.keepAlive,
    thinkTimeMs: options.thinkTimeMs,
    maxDurationMs: options.maxDurationMs,
    connectTimeoutMs: options.timeouts.connectMs,
    firstByteTimeoutMs: options.timeouts.firstByteMs,
    totalTimeoutMs: options.timeouts.totalMs,
    windowMs: options.windowMs,
    drainMs: Math.min(options.timeouts.totalMs, 2000),
    ...(options.rateRps !== undefined ? { rateRps: options.rateRps } : {}),
    ...(options.hatchRatePerSec !== undefined ? { hatchRatePerSec: options.hatchRatePerSec } : {}),
    ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
    ...(options.shaping !== undefined ? { shaping: options.shaping } : {}),
  };
  // Once per process, before any engine or worker: a misbehaving raw TCP path falls back to net.
  await proveRawTcp((message) => logger.debug(message));
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const outcomes = quality ? new OutcomeFile(join(outDir, OUTCOMES_FILE)) : null;
  let jobs: PreparedRequests | StreamedJobs;
  let fragments: string[] | null = null;
  if (stream) {
    const streamed = new StreamingJobSource({
      corpus,
      specs: options.corpus,
      domains,
      extraHeaders: options.extraHeaders,
      totalJobs,
      idHeader: options.idHeader,
      runId: options.runId,
    });
    jobs = { streamed, domains };
    fragments = [];
  } else {
    jobs = prepareRequests(corpus, domains, options.extraHeaders);
    fragments = quality ? entryFragments(corpus) : null;
    releaseEntryBytes(corpus);
  }
  let readFailure: Error | null = null;
  // A shard of a sharded run measures its clock and waits for start-at here, with everything loaded.
  const shard = await startShard(options, { logger, ...(signal ? { signal } : {}) });
  logger.info(
    `Replaying to ${targetUrl(options.target)}: ${options.mode} mode, ${options.connections} connection(s), keep-alive ${options.keepAlive ? 'on' : 'off'}${workers > 1 ? `, ${workers} workers` : ''}.`,
  );
  if (options.shaping !== undefined)
    logger.info(`Shaping (userspace): ${formatShaping(options.shaping)}.`);
  let snapshots: StatsSnapshot[];
  let stopProgress: () => void = () => undefined;
  try {
    const progressBase = {
      logger,
      lineIntervalMs: options.progressIntervalMs,
      ...(Number.isFinite(totalJobs) ? { expectedTotal: totalJobs } : {}),
      ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
      ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
      ...(deps.progressStream ? { stream: deps.progressStream } : {}),
    };
    if (workers === 1) {
      // The sink exists before the engine it pauses (the engine takes the batcher's listener).
      let paused: Engine | null = null;
      const batcher = outcomes
        ? new LineBatcher(
            backpressuredSink(outcomes, {
              pause: () => paused?.pause(),
              resume: () => paused?.resume(),
            }),
          )
        : null;
      const formatter = fragments ? new OutcomeFormatter(domains, fragments) : null;
      const engine = new Engine(
        { ...config, workerIndex: 0, workerCount: 1 },
        jobs,
        formatter && batcher
          ? (job, status, error, lat, bytes, reused, at, local) =>
              batcher.push(formatter.line(job, status, error, lat, bytes, reused, at, local))
          : null,
      );
      paused = engine;
      stopProgress = startProgress({ ...progressBase, read: () => engine.stats.live() });
      const reading =
        'streamed' in jobs
          ? jobs.streamed.read().catch((error: unknown) => {
              readFailure =
                error instanceof Error
                  ? error
                  : new Error('reading the corpus failed', { cause: error });
              engine.stop(config.drainMs);
            })
          : null;
      snapshots = [await engine.run(signal)];
      await reading;
      batcher?.flush();
      if ('streamed' in jobs && jobs.streamed.changed)
        logger.warn(
          'The corpus files changed while they were replayed: replay.json describes the corpus as scanned at the start.',
        );
    } else {
      if ('streamed' in jobs) throw new Error('A streamed corpus runs in one worker.');
      let paused: ReturnType<typeof runWorkers> | null = null;
      const sink = outcomes
        ? backpressuredSink(outcomes, {
            pause: () => paused?.pause(),
            resume: () => paused?.resume(),
          })
        : null;
      const pool = runWorkers(workers, config, jobs, fragments, sink, signal);
      paused = pool;
      stopProgress = startProgress({ ...progressBase, read: pool.progress });
      snapshots = await pool.done;
    }
  } finally {
    stopProgress();
    await outcomes?.close();
  }
  const context: ResultContext = {
    runId: options.runId,
    target: {
      host: options.target.host,
      port: options.target.port,
      tls: options.target.tls,
      ...(options.servername !== undefined ? { servername: options.servername } : {}),
    },
    corpus: {
      fingerprint: corpus.fingerprint,
      entries: corpus.entryCount,
      sources: corpus.sources,
      ...(corpus.skipped > 0 ? { skipped: corpus.skipped } : {}),
      ...(corpus.disabled > 0 ? { disabled: corpus.disabled } : {}),
    },
    loadShape: loadShapeOf(options),
    idHeader: quality ? options.idHeader : null,
    ...(options.label !== undefined ? { label: options.label } : {}),
    ...(outcomes ? { outcomesFile: OUTCOMES_FILE } : {}),
  };
  const result = mergeReplayResults(snapshots.map((s) => resultFromSnapshot(s, context)));
  result.loadShape = context.loadShape;
  result.workers = workers;
  if (shard !== undefined) result.shard = shard;
  await writeJsonFile(join(outDir, REPLAY_RESULT_FILE), result);
  // Set inside the reading callback, which TypeScript's narrowing does not see.
  const failure = readFailure as Error | null;
  if (failure !== null) throw failure;
  if (signal?.aborted) {
    logger.warn(
      `Replay interrupted; partial results written to ${join(outDir, REPLAY_RESULT_FILE)}.`,
    );
    return result;
  }
  const unusable = connectionLevelFailure(result, options.target, join(outDir, REPLAY_RESULT_FILE));
  if (unusable) throw unusable;
  return result;
}
