/**
 * `runHold`: opens the connections with a ramp, holds them with heartbeats (and pushes, planned drops,
 * reconnects), ends them, and writes `<outDir>/hold.json`. One shared tick drives every connection;
 * the run is bounded by a global deadline (ramp + hold + grace) whatever the WAF does.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../common/errors.js';
import { writeJsonFile } from '../../common/json-file.js';
import type { Logger } from '../../common/logger.js';
import { readNoFileLimit } from '../../common/nofile-limit.js';
import { createHistogram, encodeHistogram, summarizeHistogram } from '../histogram.js';
import {
  HoldConnection,
  type HoldConnectionConfig,
  type HoldRecorder,
  type PushReport,
} from './connection.js';
import type { HoldOptions } from './options.js';
import type { HoldDropCause, HoldResult, HoldSettings } from './types.js';

/** Name of the results file in the out folder. */
export const HOLD_RESULT_FILE = 'hold.json';

/** File descriptors kept free besides the connections (stdio, logs, the event loop's own). */
export const NOFILE_MARGIN = 64;

/** The shared tick, ms. */
const TICK_MS = 25;

/** What {@link runHold} needs besides its options. */
export interface HoldDeps {
  logger: Logger;
  signal?: AbortSignal;
}

const CAUSES: readonly HoldDropCause[] = [
  'client-planned',
  'server-planned',
  'unexpected-close',
  'error',
];

function noDrops(): Record<HoldDropCause, number> {
  return { 'client-planned': 0, 'server-planned': 0, 'unexpected-close': 0, error: 0 };
}

/** Indices 0..n-1 picked evenly at `share` (floor(n × share) of them), skipping `taken`. */
function spread(n: number, share: number, taken: ReadonlySet<number> = new Set()): number[] {
  const free: number[] = [];
  for (let i = 0; i < n; i++) if (!taken.has(i)) free.push(i);
  const want = Math.floor(n * share);
  if (want === 0 || free.length === 0) return [];
  const rate = Math.min(1, want / free.length);
  return free.filter((_, k) => Math.floor((k + 1) * rate) > Math.floor(k * rate));
}

/** The Host header: the domain, else the target's host (with the port unless 80). */
function hostHeader(options: HoldOptions): string {
  if (options.domain) return options.domain;
  const host = options.target.host.includes(':') ? `[${options.target.host}]` : options.target.host;
  return options.target.port === 80 ? host : `${host}:${options.target.port}`;
}

/** The settings block of hold.json. */
function settingsOf(o: HoldOptions): HoldSettings {
  const host = o.target.host.includes(':') ? `[${o.target.host}]` : o.target.host;
  return {
    target: `ws://${host}:${o.target.port}`,
    path: o.path,
    domain: o.domain,
    connections: o.connections,
    hatchRateCps: o.hatchRateCps,
    holdMs: o.holdMs,
    pingIntervalMs: o.pingIntervalMs,
    pongTimeoutMs: o.pongTimeoutMs,
    pushRateMps: o.pushRateMps,
    pushShare: o.pushShare,
    serverDropShare: o.serverDropShare,
    clientDropShare: o.clientDropShare,
    reconnectAttempts: o.reconnectAttempts,
    reconnectBackoffMs: o.reconnectBackoffMs,
  };
}

/** Refuses more connections than the open-files limit allows (Node cannot raise it itself). */
async function checkNoFile(connections: number): Promise<{ soft: number; hard: number }> {
  const limit = (await readNoFileLimit()) ?? { soft: Infinity, hard: Infinity };
  if (connections > limit.soft - NOFILE_MARGIN)
    throw new ConfigError(
      `${connections} connections need more open files than this process may have (soft limit ${limit.soft}, hard ${limit.hard}, ${NOFILE_MARGIN} kept for the rest).`,
      {
        input: 'connections',
        value: connections,
        hint:
          limit.hard - NOFILE_MARGIN >= connections
            ? `Raise the limit in the shell that starts waf-gate: ulimit -n ${limit.hard}`
            : `Give at most ${Math.max(0, limit.soft - NOFILE_MARGIN)} connections, or raise the hard limit (ulimit -Hn as root, LimitNOFILE= in a systemd unit).`,
      },
    );
  return limit;
}

/** The run's counters; the connections report here. */
class Recorder implements HoldRecorder {
  phase: 'hold' | 'final' = 'hold';
  attemptedCount = 0;
  upgradedCount = 0;
  reconnectedCount = 0;
  heldToEnd = 0;
  open = 0;
  readonly refusedByStatus: Record<string, number> = {};
  readonly failedByError: Record<string, number> = {};
  readonly droppedByCause = noDrops();
  readonly histogram = createHistogram();
  pingsSent = 0;
  pongs = 0;
  pingsLost = 0;
  readonly push = { sent: 0, received: 0, lost: 0, duplicated: 0, outOfOrder: 0 };
  pushUnreportedCount = 0;
  readonly windows: Array<{
    startMs: number;
    open: number;
    droppedByCause: Record<HoldDropCause, number>;
  }> = [];
  private readonly windowBase: number;
  onEnded: (conn: HoldConnection, retry: boolean) => void = () => undefined;

  constructor(startMs: number) {
    this.windowBase = Math.floor(startMs / 1000) * 1000;
    this.window(startMs);
  }

  /** The window of wall-clock `nowMs`, opening the ones in between (their `open` from the last). */
  window(nowMs: number): (typeof this.windows)[number] {
    const index = Math.floor((nowMs - this.windowBase) / 1000);
    while (this.windows.length <= index)
      this.windows.push({
        startMs: this.windowBase + this.windows.length * 1000,
        open: this.open,
        droppedByCause: noDrops(),
      });
    return this.windows[index]!;
  }

  /** Records the open count of the current window (called every tick, so a window keeps its last). */
  sample(nowMs: number): void {
    this.window(nowMs).open = this.open;
  }

  attempted(): void {
    this.attemptedCount += 1;
  }
  upgraded(reconnect: boolean): void {
    this.upgradedCount += 1;
    this.open += 1;
    if (reconnect) this.reconnectedCount += 1;
  }
  refused(status: number): void {
    this.refusedByStatus[status] = (this.refusedByStatus[status] ?? 0) + 1;
  }
  failed(kind: string): void {
    this.failedByError[kind] = (this.failedByError[kind] ?? 0) + 1;
  }
  dropped(cause: HoldDropCause): void {
    this.droppedByCause[cause] += 1;
    this.window(Date.now()).droppedByCause[cause] += 1;
    this.open -= 1;
  }
  pingSent(): void {
    this.pingsSent += 1;
  }
  pong(rttUs: number): void {
    this.pongs += 1;
    this.histogram.recordValue(rttUs);
  }
  pingLost(): void {
    this.pingsLost += 1;
  }
  pushReport(r: PushReport): void {
    this.push.sent += r.sent;
    this.push.received += r.received;
    this.push.lost += r.lost;
    this.push.duplicated += r.duplicated;
    this.push.outOfOrder += r.outOfOrder;
  }
  pushUnreported(): void {
    this.pushUnreportedCount += 1;
  }
  ended(conn: HoldConnection, retry: boolean): void {
    this.onEnded(conn, retry);
  }
}

/**
 * Runs hold mode and writes `<options.outDir>/hold.json`. Traffic goes to `options.target` only.
 * @throws ConfigError when the connections exceed the open-files limit.
 */
export async function runHold(options: HoldOptions, deps: HoldDeps): Promise<HoldResult> {
  const { logger, signal } = deps;
  const noFileLimit = await checkNoFile(options.connections);
  const outDir = resolve(options.outDir);
  await mkdir(outDir, { recursive: true });
  const config: HoldConnectionConfig = {
    host: options.target.host,
    port: options.target.port,
    hostHeader: hostHeader(options),
    path: options.path,
    connectTimeoutMs: options.connectTimeoutMs,
    pingIntervalMs: options.pingIntervalMs,
    pongTimeoutMs: options.pongTimeoutMs,
    pushRateMps: options.pushRateMps,
  };
  const n = options.connections;
  const startedAt = new Date();
  const t0 = performance.now();
  const rampMs = n <= 1 ? 0 : ((n - 1) / options.hatchRateCps) * 1000;
  let holdEnd = t0 + rampMs + options.holdMs;
  const holdStart = t0 + rampMs;
  const graceMs = options.pongTimeoutMs + 3000;
  const recorder = new Recorder(startedAt.getTime());

  const serverDrops = spread(n, options.serverDropShare);
  const clientDrops = spread(n, options.clientDropShare, new Set(serverDrops));
  const pushes = new Set(options.pushRateMps > 0 ? spread(n, options.pushShare) : []);
  const dropOf = new Map<number, { kind: 'server' | 'client'; at: number }>();
  serverDrops.forEach((i, k) =>
    dropOf.set(i, {
      kind: 'server',
      at: holdStart + ((k + 1) / (serverDrops.length + 1)) * options.holdMs,
    }),
  );
  clientDrops.forEach((i, k) =>
    dropOf.set(i, {
      kind: 'client',
      at: holdStart + ((k + 1) / (clientDrops.length + 1)) * options.holdMs,
    }),
  );
  const slots: HoldConnection[] = [];
  for (let i = 0; i < n; i++) {
    const drop = dropOf.get(i);
    slots.push(
      new HoldConnection(i, config, recorder, pushes.has(i), drop?.kind ?? null, drop?.at ?? 0),
    );
  }
  recorder.onEnded = (conn, retry) => {
    if (!retry || recorder.phase !== 'hold') return;
    if (conn.reconnectsUsed >= options.reconnectAttempts) return;
    const backoff = options.reconnectBackoffMs * 2 ** conn.reconnectsUsed;
    conn.reconnectsUsed += 1;
    const at = performance.now() + backoff;
    if (at < holdEnd) conn.nextAttemptAt = at;
  };

  const rssBefore = process.memoryUsage().rss;
  let rssPerConnection: number | null = null;
  const rssAt = holdStart + Math.min(1000, options.holdMs / 2);
  let opened = 0;
  let finalDeadline = Infinity;
  let nextProgress = options.progressIntervalMs > 0 ? t0 + options.progressIntervalMs : Infinity;
  const onAbort = (): void => {
    holdEnd = Math.min(holdEnd, performance.now());
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  logger.info(
    `Hold: ${n} WebSocket connection(s) to ${settingsOf(options).target}${options.path} ` +
      `(Host ${config.hostHeader}), ramp ${Math.round(rampMs)} ms, hold ${options.holdMs} ms, ping every ${options.pingIntervalMs} ms.`,
  );

  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (recorder.phase === 'hold') {
        const due = Math.min(n, Math.floor(((now - t0) / 1000) * options.hatchRateCps) + 1);
        while (opened < due && now < holdEnd) slots[opened++]!.start(now);
        if (rssPerConnection === null && now >= rssAt && recorder.open > 0)
          rssPerConnection = Math.max(
            0,
            Math.round((process.memoryUsage().rss - rssBefore) / recorder.open),
          );
        if (now >= holdEnd) {
          recorder.phase = 'final';
          finalDeadline = now + graceMs;
          for (const slot of slots) {
            slot.nextAttemptAt = -1;
            if (slot.holdEnded(now)) recorder.heldToEnd += 1;
            else if (slot.busy && slot.state === 'connecting') slot.abort();
          }
        }
      }
      for (const slot of slots) {
        if (slot.nextAttemptAt >= 0 && now >= slot.nextAttemptAt && recorder.phase === 'hold')
          slot.start(now);
        else slot.tick(now);
      }
      recorder.sample(Date.now());
      if (now >= nextProgress) {
        nextProgress = now + options.progressIntervalMs;
        logger.info(
          `hold: ${recorder.open} open, ${recorder.attemptedCount} attempted, ` +
            `dropped ${HOLD_DROP_CAUSES.map((c) => `${c} ${recorder.droppedByCause[c]}`).join(', ')}, ` +
            `${recorder.reconnectedCount} reconnected, ${recorder.pingsLost} heartbeat(s) lost`,
        );
      }
      if (recorder.phase === 'final') {
        if (now >= finalDeadline) for (const slot of slots) slot.abort();
        if (slots.every((s) => !s.busy) || now >= finalDeadline + 2000) {
          clearInterval(timer);
          done();
        }
      }
    }, TICK_MS);
  });
  signal?.removeEventListener('abort', onAbort);

  const result: HoldResult = {
    schema: 'waf-gate/hold@1',
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    settings: settingsOf(options),
    counts: {
      attempted: recorder.attemptedCount,
      upgraded: recorder.upgradedCount,
      refusedByStatus: recorder.refusedByStatus,
      failedByError: recorder.failedByError,
      heldToEnd: recorder.heldToEnd,
      droppedByCause: recorder.droppedByCause,
      reconnected: recorder.reconnectedCount,
    },
    windows: recorder.windows,
    heartbeat: {
      sent: recorder.pingsSent,
      answered: recorder.pongs,
      lost: recorder.pingsLost,
      rtt: summarizeHistogram(recorder.histogram),
      rttHistogram: encodeHistogram(recorder.histogram),
    },
    push: {
      ...recorder.push,
      ...(recorder.pushUnreportedCount > 0
        ? { unreportedConnections: recorder.pushUnreportedCount }
        : {}),
    },
    client: {
      // JSON has no Infinity ("unlimited", or no /proc to read): the largest safe integer stands in.
      noFileLimit: {
        soft: Math.min(noFileLimit.soft, Number.MAX_SAFE_INTEGER),
        hard: Math.min(noFileLimit.hard, Number.MAX_SAFE_INTEGER),
      },
      rssBytesPerConnection: rssPerConnection,
    },
  };
  const path = await writeHoldResult(outDir, result);
  logger.info(`Hold results written to ${path}.`);
  return result;
}

/** Writes `hold.json` into `dir`; resolves to its path. */
export async function writeHoldResult(dir: string, result: HoldResult): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, HOLD_RESULT_FILE);
  await writeJsonFile(path, result);
  return path;
}

/** Every drop cause, in report order. */
export const HOLD_DROP_CAUSES = CAUSES;
