/**
 * The long-lived connection phase of one build: WebSocket connections held through the WAF (replay's
 * hold mode) while collect samples the WAF, writing `<runDir>/hold/hold.json` and `hold/collect.json`.
 * The collection gets one sample before the ramp (the idle WAF the cost per connection is measured
 * from) and marks around the hold (exact CPU); it is stopped with hold.json, so collect.json carries the
 * WAF's CPU, RSS and file descriptors per held connection. Aborted when the hold fails or is cancelled.
 */
import { setTimeout } from 'node:timers/promises';
import { join, relative } from 'node:path';
import { collectOptions, startCollection, type CollectResult } from '../collect/index.js';
import type { Logger } from '../common/logger.js';
import { collectInitFor } from './measure.js';
import { holdOptions, runHold, HOLD_RESULT_FILE, type HoldResult } from '../replay/hold/index.js';
import type { BuildTarget, CollectSettings, HoldLoad } from './types.js';

/** The hold phase's results; files relative to the build's run directory. */
export interface HoldMeasurement {
  hold: HoldResult;
  collect: CollectResult;
  holdFile: string;
  collectFile: string;
}

/** Folder of the phase inside a run directory. */
export const HOLD_SUB_DIR = 'hold';

/** Runs the hold phase against `target`, writing into `<runDir>/hold/`. */
export async function measureHold(
  target: BuildTarget,
  runDir: string,
  spec: { runId: string; hold: HoldLoad; collect?: CollectSettings },
  deps: { logger: Logger; signal?: AbortSignal },
): Promise<HoldMeasurement> {
  const outDir = join(runDir, HOLD_SUB_DIR);
  // Checked before the WAF is touched: a bad setting fails without a collection to clean up.
  const options = holdOptions({
    ...spec.hold,
    target: target.address,
    outDir,
    runId: spec.runId,
    label: target.label,
  });
  const collectInit = collectInitFor(target, outDir, spec);
  const collect = collectOptions(collectInit);
  const collection = await startCollection(collect, {
    logger: deps.logger,
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  let hold: HoldResult;
  try {
    // The first sample only sets the CPU baseline: wait for one more, the idle WAF before the ramp.
    await setTimeout(
      Math.round(collect.sampleIntervalMs * 1.5),
      undefined,
      deps.signal ? { signal: deps.signal } : {},
    );
    await collection.mark('load-start');
    hold = await runHold(options, {
      logger: deps.logger,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    await collection.mark('load-end');
  } catch (error) {
    await collection.abort().catch(() => undefined);
    throw error;
  }
  const holdFile = join(outDir, HOLD_RESULT_FILE);
  const result = await collection.stop({ holdFile });
  return {
    hold,
    collect: result,
    holdFile: relative(runDir, holdFile),
    collectFile: relative(runDir, join(outDir, 'collect.json')),
  };
}
