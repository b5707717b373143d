/**
 * One measurement: start collecting on the WAF, replay, stop collecting with replay's loaded interval
 * and outcomes. The collection is aborted (nothing left running) when the replay fails or is cancelled.
 */
import { join, relative } from 'node:path';
import {
  collectOptions,
  startCollection,
  type CollectOptionsInit,
  type CollectResult,
} from '../collect/index.js';
import type { Logger } from '../common/logger.js';
import { replayOptions, runReplay, type ReplayOptionsInit } from '../replay/index.js';
import type { ReplayResult } from '../replay/types.js';
import type { BuildTarget, CollectSettings } from './types.js';

/** Files of one measurement, relative to the build's run directory. */
export interface Measurement {
  replay: ReplayResult;
  collect: CollectResult;
  replayFile: string;
  collectFile: string;
}

/** What one measurement replays. */
export interface MeasureSpec {
  /** Folder of this measurement inside the run directory, e.g. `quality` or `rounds/2`. */
  subDir: string;
  /** Collector run id (unique per measurement). */
  runId: string;
  /** Replay options besides the target, out dir, run id and label (which come from the target). */
  replay: Omit<ReplayOptionsInit, 'target' | 'outDir' | 'runId' | 'label'>;
  /** Collector settings besides those of the target. */
  collect?: CollectSettings;
}

/**
 * The collection settings of one measurement of `target` writing into `outDir`: the run's collect
 * settings plus the build's logs, pid file and process groups (shared by every phase that collects).
 */
export function collectInitFor(
  target: BuildTarget,
  outDir: string,
  spec: { runId: string; collect?: CollectSettings },
): CollectOptionsInit {
  return {
    ...spec.collect,
    runId: spec.runId,
    label: target.label,
    accessLog: target.accessLog,
    outDir,
    stateDir: join(outDir, '.collect-state'),
    ...(target.errorLog ? { errorLog: target.errorLog } : {}),
    ...(target.logFormat ? { logFormat: target.logFormat } : {}),
    ...(target.masterPidFile ? { masterPidFile: target.masterPidFile } : {}),
    ...(target.groups ? { groups: target.groups } : {}),
  };
}

/** Runs one collected replay against `target`, writing into `<runDir>/<spec.subDir>/`. */
export async function measure(
  target: BuildTarget,
  runDir: string,
  spec: MeasureSpec,
  deps: { logger: Logger; signal?: AbortSignal },
): Promise<Measurement> {
  const outDir = join(runDir, spec.subDir);
  const collectInit = collectInitFor(target, outDir, spec);
  const collection = await startCollection(collectOptions(collectInit), {
    logger: deps.logger,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  let replay: ReplayResult;
  try {
    const options = replayOptions({
      ...spec.replay,
      target: target.address,
      outDir,
      runId: spec.runId,
      label: target.label,
    });
    // Exact CPU per request: the WAF's CPU counters read right before and after the load.
    await collection.mark('load-start');
    replay = await runReplay(options, {
      logger: deps.logger,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    await collection.mark('load-end');
  } catch (error) {
    await collection.abort().catch(() => undefined);
    throw error;
  }
  const replayFile = join(outDir, 'replay.json');
  const collect = await collection.stop({ replayFile });
  return {
    replay,
    collect,
    replayFile: relative(runDir, replayFile),
    collectFile: relative(runDir, join(outDir, 'collect.json')),
  };
}
