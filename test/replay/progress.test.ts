import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import {
  formatProgressBar,
  formatProgressLine,
  type ReplayProgress,
} from '../../src/replay/printers.ts';
import { startProgress } from '../../src/replay/progress.ts';

/** Runs startProgress until its first reading and returns it. */
async function firstReading(
  counters: { sent: number; completed: number; errors: number },
  bounds: { expectedTotal?: number; durationMs?: number },
): Promise<ReplayProgress> {
  // startProgress's timer is unref'd (it must never keep a run alive); this one holds the test open.
  const keepAlive = setTimeout(() => undefined, 10_000);
  return new Promise<ReplayProgress>((resolve) => {
    const stop = startProgress({
      read: () => counters,
      logger: silentLogger,
      lineIntervalMs: 0,
      ...bounds,
      onProgress: (p) => {
        stop();
        clearTimeout(keepAlive);
        resolve(p);
      },
    });
  });
}

describe('progress while the last responses are outstanding', () => {
  it('says what it waits for once every request is sent, instead of "ETA 0s"', async () => {
    const p = await firstReading({ sent: 40, completed: 39, errors: 0 }, { expectedTotal: 40 });
    assert.equal(p.waiting?.responses, 1);
    assert.match(formatProgressLine(p), /waiting for 1 response, \d+s$/);
    assert.doesNotMatch(formatProgressLine(p), /ETA/);
    assert.match(formatProgressBar(p), /waiting for 1 response/);
  });

  it('waits after the planned duration is over with responses outstanding', async () => {
    const p = await firstReading({ sent: 500, completed: 480, errors: 5 }, { durationMs: 1 });
    assert.equal(p.waiting?.responses, 15);
    assert.match(formatProgressLine(p), /waiting for 15 responses/);
  });

  it('shows an ETA, not a wait, while requests are still to be sent', async () => {
    const p = await firstReading({ sent: 20, completed: 19, errors: 0 }, { expectedTotal: 40 });
    assert.equal(p.waiting, undefined);
    assert.match(formatProgressLine(p), /ETA/);
  });
});
