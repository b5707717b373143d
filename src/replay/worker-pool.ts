/** Runs the engine in several worker threads and collects their snapshots, progress and outcomes. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WafGateError } from '../common/errors.js';
import type { EngineConfig } from './engine.js';
import type { PreparedRequests } from './prepare.js';
import { rawTcp } from './raw-tcp.js';
import type { StatsSnapshot } from './stats.js';
import type { WorkerInput, WorkerMessage } from './worker-entry.js';

/**
 * Finds the worker script: the bundle next to dist/, or the TypeScript source (running under tsx, the
 * worker registers tsx itself: a parent's `--import tsx` does not reach worker threads on Node 20).
 */
export function workerScript(): { url: URL | string; eval: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./worker-entry.ts', here).href;
    return {
      url: `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
      eval: true,
    };
  }
  for (const rel of ['./replay-worker.js', '../replay-worker.js']) {
    const url = new URL(rel, here);
    if (existsSync(fileURLToPath(url))) return { url, eval: false };
  }
  throw new WafGateError(
    'E_WORKER_MISSING',
    'The replay worker bundle (replay-worker.js) is missing next to the CLI bundle.',
    { hint: 'Rebuild with node scripts/build.mjs, or use workers: 1.' },
  );
}

/** Live counters summed over workers. */
export interface PoolProgress {
  sent: number;
  completed: number;
  errors: number;
}

/** Starts `count` workers; resolves with every snapshot once all are done. */
export function runWorkers(
  count: number,
  config: Omit<EngineConfig, 'workerIndex' | 'workerCount'>,
  prepared: PreparedRequests,
  fragments: string[] | null,
  onOutcomes: ((chunk: string) => void) | null,
  signal?: AbortSignal,
): {
  progress: () => PoolProgress;
  done: Promise<StatsSnapshot[]>;
  /** Asks every worker to stop handing out requests (outcome backpressure). */
  pause: () => void;
  /** Lets the workers send again after {@link pause}. */
  resume: () => void;
} {
  const script = workerScript();
  const live: PoolProgress[] = [];
  const workers: Worker[] = [];
  const results: Array<Promise<StatsSnapshot>> = [];
  for (let w = 0; w < count; w++) {
    live.push({ sent: 0, completed: 0, errors: 0 });
    const input: WorkerInput = {
      config: { ...config, workerIndex: w, workerCount: count },
      prepared,
      fragments,
      // The parent's loopback check (run before the workers start) decides for every worker.
      rawTcp: rawTcp !== null,
    };
    const worker = new Worker(script.url, { workerData: input, eval: script.eval });
    workers.push(worker);
    results.push(
      new Promise<StatsSnapshot>((resolve, reject) => {
        let snapshot: StatsSnapshot | null = null;
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'progress')
            live[w] = { sent: m.sent, completed: m.completed, errors: m.errors };
          else if (m.type === 'outcomes') onOutcomes?.(m.chunk);
          else if (m.type === 'done') snapshot = m.snapshot;
          else if (m.type === 'error')
            reject(new WafGateError('E_WORKER', `Replay worker ${w} failed: ${m.message}`));
        });
        worker.on('error', (error) =>
          reject(
            new WafGateError('E_WORKER', `Replay worker ${w} crashed: ${error.message}`, {
              cause: error,
            }),
          ),
        );
        worker.on('exit', (code) => {
          if (snapshot) resolve(snapshot);
          else
            reject(
              new WafGateError(
                'E_WORKER',
                `Replay worker ${w} exited (code ${code}) without results.`,
              ),
            );
        });
      }),
    );
  }
  const onAbort = (): void => {
    for (const worker of workers) worker.postMessage({ type: 'stop' });
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const done = Promise.all(results).finally(() => {
    signal?.removeEventListener('abort', onAbort);
    for (const worker of workers) void worker.terminate();
  });
  const post = (type: 'pause' | 'resume'): void => {
    for (const worker of workers) worker.postMessage({ type });
  };
  return {
    pause: () => post('pause'),
    resume: () => post('resume'),
    progress: () =>
      live.reduce(
        (a, p) => ({
          sent: a.sent + p.sent,
          completed: a.completed + p.completed,
          errors: a.errors + p.errors,
        }),
        { sent: 0, completed: 0, errors: 0 },
      ),
    done,
  };
}
