/**
 * Worker-thread entry (bundled as dist/replay-worker.js): runs one {@link Engine} on its share of the
 * jobs and posts progress, outcome chunks and its final snapshot to the parent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Engine, type EngineConfig } from './engine.js';
import { LineBatcher, OutcomeFormatter } from './outcomes.js';
import { revivePrepared, type PreparedRequests } from './prepare.js';
import { disableRawTcp } from './raw-tcp.js';
import type { StatsSnapshot } from './stats.js';

/** What the parent passes as workerData. */
export interface WorkerInput {
  config: EngineConfig;
  prepared: PreparedRequests;
  /** Per-entry outcome fragments in quality mode, else null. */
  fragments: string[] | null;
  /** False: the parent thread uses `net.Socket` (forced, or its raw TCP check failed). */
  rawTcp: boolean;
}

/** Messages a worker posts. */
export type WorkerMessage =
  | { type: 'progress'; sent: number; completed: number; errors: number }
  | { type: 'outcomes'; chunk: string }
  | { type: 'done'; snapshot: StatsSnapshot }
  | { type: 'error'; message: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const input = workerData as WorkerInput;
  if (!input.rawTcp) disableRawTcp();
  const prepared = revivePrepared(input.prepared);
  const batcher = new LineBatcher((chunk) =>
    port.postMessage({ type: 'outcomes', chunk } satisfies WorkerMessage),
  );
  const formatter = input.fragments
    ? new OutcomeFormatter(prepared.domains, input.fragments)
    : null;
  const engine = new Engine(
    input.config,
    prepared,
    formatter
      ? (job, status, error, lat, bytes, reused, at, local) =>
          batcher.push(formatter.line(job, status, error, lat, bytes, reused, at, local))
      : null,
  );
  const controller = new AbortController();
  port.on('message', (m: { type?: string }) => {
    if (m.type === 'stop') controller.abort();
    else if (m.type === 'pause') engine.pause();
    else if (m.type === 'resume') engine.resume();
  });
  const progress = setInterval(
    () => port.postMessage({ type: 'progress', ...engine.stats.live() } satisfies WorkerMessage),
    250,
  );
  try {
    const snapshot = await engine.run(controller.signal);
    batcher.flush();
    port.postMessage({ type: 'done', snapshot } satisfies WorkerMessage);
  } catch (error) {
    port.postMessage({ type: 'error', message: (error as Error).message } satisfies WorkerMessage);
  } finally {
    clearInterval(progress);
    port.close();
  }
}

await main();
