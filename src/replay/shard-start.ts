/**
 * The start of one shard of a sharded run: measures the clock against the reference (when one is
 * given) and waits until `start-at` on that clock, so every bench machine sends its first request at the
 * same moment. Called by runReplay once everything is loaded and checked, right before the engine runs.
 */
import type { Logger } from '../common/logger.js';
import { clockCorrectionMs, measureClockOffset } from './clock.js';
import { MAX_START_LATE_MS, type ShardSpec } from './shard.js';
import type { ShardRecord } from './types.js';

/** What {@link startShard} reads from the replay options. */
export interface ShardStartOptions {
  shard?: ShardSpec;
  startAtMs?: number;
  clockReference?: string;
}

/** Resolves at `localAtMs` (epoch ms, this machine's clock) or on abort; timers, then a short spin. */
export async function waitUntil(localAtMs: number, signal?: AbortSignal): Promise<void> {
  const remaining = (): number => localAtMs - Date.now();
  while (remaining() > 2 && !signal?.aborted) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(remaining() - 1, 1000));
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
  // The last milliseconds: setTimeout is only accurate to about a millisecond.
  while (remaining() > 0 && !signal?.aborted) await new Promise((r) => setImmediate(r));
}

/**
 * Measures the clock and waits for start-at; returns what replay.json records about the shard, or
 * undefined for a replay that is neither a shard nor timed. Resolves early on abort.
 */
export async function startShard(
  options: ShardStartOptions,
  deps: { logger: Logger; signal?: AbortSignal },
): Promise<ShardRecord | undefined> {
  const { logger, signal } = deps;
  if (options.shard === undefined && options.startAtMs === undefined) return undefined;
  const record: ShardRecord = {
    index: options.shard?.index ?? 1,
    count: options.shard?.count ?? 1,
  };
  if (options.clockReference !== undefined) {
    const clock = await measureClockOffset(options.clockReference, signal ? { signal } : {});
    record.clock = clock;
    logger.info(
      `Clock: ${clock.offsetMs >= 0 ? '+' : ''}${clock.offsetMs} ms against ${clock.reference} (± ${clock.accuracyMs} ms, round trip ${clock.roundTripMs} ms, ${clock.samples} samples).`,
    );
  }
  if (options.startAtMs !== undefined) {
    record.startAtMs = options.startAtMs;
    // start-at is on the reference clock; local = reference − offset (when told apart from 0).
    const localAtMs = options.startAtMs - clockCorrectionMs(record.clock);
    const lateMs = Date.now() - localAtMs;
    if (lateMs > MAX_START_LATE_MS)
      logger.warn(
        `start-at ${new Date(options.startAtMs).toISOString()} passed ${Math.round(lateMs)} ms ago while the replay was prepared: this shard starts late (replay.json records by how much).`,
      );
    else
      logger.info(
        `Shard ${record.index}/${record.count}: waiting ${Math.max(0, Math.round(-lateMs))} ms for start-at ${new Date(options.startAtMs).toISOString()}.`,
      );
    await waitUntil(localAtMs, signal);
  }
  return record;
}
