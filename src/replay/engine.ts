/**
 * The replay engine of one thread: N connection slots driven in a closed model (each slot sends, waits,
 * thinks, sends again; ramp-up by hatch rate) or an open model (a target rate; late requests wait for a
 * free connection). Stops at the job limit, the duration, the hard maximum or the abort signal, drains
 * in-flight requests briefly, and returns a {@link StatsSnapshot}.
 */
import { performance } from 'node:perf_hooks';
import { JOB_NONE, JOB_READY, JOB_WAIT, Slot, type SlotHost } from './connection.js';
import { JobSource, type JobSourceOptions } from './job-source.js';
import type { PreparedRequests } from './prepare.js';
import { proveRawTcp } from './raw-tcp.js';
import { ShapedSlot } from './shaping/shaped-slot.js';
import { chunkBytes, shapes, type ShapingConfig } from './shaping/types.js';
import type { StreamingJobSource } from './stream-source.js';
import { ERR, ERROR_KINDS, StatsRecorder, epochMs, type StatsSnapshot } from './stats.js';

/** Everything an engine needs; plain data so a worker thread can receive it. */
export interface EngineConfig extends JobSourceOptions {
  target: { host: string; port: number; tls: boolean; servername?: string; insecure: boolean };
  connections: number;
  keepAlive: boolean;
  rateRps?: number;
  hatchRatePerSec?: number;
  thinkTimeMs: number;
  durationMs?: number;
  maxDurationMs: number;
  connectTimeoutMs: number;
  firstByteTimeoutMs: number;
  totalTimeoutMs: number;
  windowMs: number;
  /** How long in-flight requests may finish after the stop. */
  drainMs: number;
  /** Per-connection shaping (slow or distant clients); absent: none. */
  shaping?: ShapingConfig;
}

/** One outcome, for the quality-mode outcomes file. */
export type OutcomeListener = (
  job: Slot['job'],
  status: number | null,
  error: string | null,
  latencyUs: number,
  bytesReceived: number,
  reused: boolean,
  sentAtMs: number,
  /** The connection's local address and port as an outcome-line fragment (see `localFragment`). */
  local: string,
) => void;

/** A streamed corpus (quality mode, one engine): jobs arrive while the run goes. */
export interface StreamedJobs {
  streamed: StreamingJobSource;
  domains: string[];
}

const SWEEP_MS = 50;
/** Pause after a refused connection or connect timeout, so a dead target is not hammered in a loop. */
const CONNECT_BACKOFF_MS = 10;

/** See the module comment. */
export class Engine implements SlotHost<Slot> {
  readonly readBuffer: Buffer;
  readonly stats: StatsRecorder;
  readonly target: EngineConfig['target'];
  readonly keepAlive: boolean;
  /** Quality mode with an outcome listener: read each connection's local address and port. */
  readonly localAddresses: boolean;
  private readonly jobs: JobSource | StreamingJobSource;
  private readonly slots: Slot[] = [];
  private readonly idle: Slot[] = [];
  /** Slots waiting for a streamed job. */
  private starved: Slot[] = [];
  private stopping = false;
  private finished = false;
  private startAt = 0;
  private issued = 0;
  private backlog = 0;
  private drainUntil = Infinity;
  private timers: NodeJS.Timeout[] = [];
  private resolveRun: ((s: StatsSnapshot) => void) | null = null;
  private readonly quality: boolean;
  /** The outcome sink is full: slots park in `starved` instead of sending (see {@link pause}). */
  private paused = false;

  constructor(
    private readonly config: EngineConfig,
    jobs: PreparedRequests | StreamedJobs,
    private readonly onOutcome: OutcomeListener | null = null,
  ) {
    // A download cap reads at most one pacing chunk at a time (see chunkBytes).
    const downloadRate = config.shaping?.downloadRateBps;
    this.readBuffer = Buffer.allocUnsafe(
      downloadRate !== undefined ? chunkBytes(downloadRate) : 256 * 1024,
    );
    this.stats = new StatsRecorder(jobs.domains, config.windowMs);
    this.target = config.target;
    this.keepAlive = config.keepAlive;
    if ('streamed' in jobs) {
      if (config.rateRps !== undefined)
        throw new Error('A streamed corpus needs the closed model (no rate).');
      this.jobs = jobs.streamed;
      jobs.streamed.onAvailable = () => this.wake();
    } else this.jobs = new JobSource(jobs, config);
    this.quality = config.mode === 'quality';
    this.localAddresses = this.quality && onOutcome !== null;
    const limit = this.jobs.jobLimit;
    const n = Math.max(
      1,
      Math.min(
        config.connections,
        Number.isFinite(limit) ? Math.max(1, limit) : config.connections,
      ),
    );
    const shaping = shapes(config.shaping) ? config.shaping : null;
    for (let i = 0; i < n; i++)
      this.slots.push(shaping ? new ShapedSlot(this, i, shaping) : new Slot(this, i));
  }

  /**
   * Runs until a stop condition; resolves with everything recorded. The raw TCP transport proves
   * itself first (once per thread, see {@link proveRawTcp}).
   */
  async run(signal?: AbortSignal): Promise<StatsSnapshot> {
    await proveRawTcp();
    if (this.finished) return this.stats.snapshot(performance.now());
    return new Promise((resolve) => {
      this.resolveRun = resolve;
      this.startAt = performance.now();
      const c = this.config;
      const onAbort = (): void => this.stop(0);
      if (signal?.aborted) {
        this.stop(0);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.afterFinish = (): void => signal?.removeEventListener('abort', onAbort);
      this.timers.push(setInterval(() => this.sweep(), SWEEP_MS));
      const limitMs = Math.min(c.durationMs ?? Infinity, c.maxDurationMs);
      if (Number.isFinite(limitMs))
        this.timers.push(setTimeout(() => this.stop(c.drainMs), limitMs));
      if (c.rateRps !== undefined) {
        for (const slot of this.slots) this.idle.push(slot);
        this.timers.push(setInterval(() => this.tick(), 5));
        this.tick();
      } else {
        const hatch = c.hatchRatePerSec;
        for (const slot of this.slots) {
          if (hatch !== undefined && hatch > 0 && slot.index > 0) {
            slot.timer = setTimeout(slot.dispatchBound, (slot.index * 1000) / hatch);
          } else slot.dispatch();
        }
      }
      this.checkFinished();
    });
  }

  private afterFinish: () => void = () => undefined;

  /** Open model: release the requests that are due by now. */
  private tick(): void {
    if (this.stopping) return;
    const perWorker = this.config.rateRps! / this.config.workerCount;
    let due = Math.floor(((performance.now() - this.startAt) * perWorker) / 1000) - this.issued;
    while (due-- > 0 && !this.stopping) {
      this.issued++;
      const slot = this.idle.pop();
      if (slot) {
        slot.done = false;
        slot.dispatch();
        if (slot.done) {
          this.stop(this.config.drainMs);
          return;
        }
      } else this.backlog++;
    }
  }

  nextJob(slot: Slot): number {
    if (this.stopping) return JOB_NONE;
    if (this.paused) {
      this.starved.push(slot);
      return JOB_WAIT;
    }
    if (this.jobs.next(slot.job)) return JOB_READY;
    if ('waiting' in this.jobs && this.jobs.waiting) {
      this.starved.push(slot);
      return JOB_WAIT;
    }
    // The slot is done after this; when it was dispatched by a timer (think time, connect backoff)
    // nobody else checks whether that was the last busy slot.
    queueMicrotask(() => this.checkFinished());
    return JOB_NONE;
  }

  /**
   * Stops handing out new requests until {@link resume}: the outcome writer is full (backpressure).
   * In-flight requests finish and report; idle slots wait, so outcome lines stay bounded in memory.
   */
  pause(): void {
    this.paused = true;
  }

  /** Hands out requests again after {@link pause}. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.wake();
  }

  /** Streamed jobs arrived (or the stream ended), or a pause ended: dispatch the waiting slots. */
  private wake(): void {
    const slots = this.starved;
    this.starved = [];
    for (const slot of slots) {
      if (this.stopping) slot.done = true;
      else slot.dispatch();
    }
    this.checkFinished();
  }

  onSent(slot: Slot, now: number): void {
    this.stats.onSent(slot.job.domain, slot.job.buf.length, now);
    if (this.quality && slot.job.id === null) this.stats.unjoinable++;
  }

  onResponse(slot: Slot, now: number, latencyUs: number): void {
    const parser = slot.parser;
    this.stats.onResponse(slot.job.domain, parser.status, latencyUs, parser.bytes, now);
    if (this.onOutcome)
      this.onOutcome(
        slot.job,
        parser.status,
        null,
        latencyUs,
        parser.bytes,
        slot.reused,
        epochMs(slot.sentAt),
        slot.local,
      );
    // The completion time doubles as the next send time, unless an outcome line was rendered since.
    this.afterRequest(slot, 0, this.onOutcome ? undefined : now);
  }

  onFailure(slot: Slot, now: number, kind: number, latencyUs: number): void {
    this.stats.onError(slot.job.domain, kind, slot.parser.bytes, now);
    if (this.onOutcome)
      this.onOutcome(
        slot.job,
        null,
        ERROR_KINDS[kind]!,
        latencyUs,
        slot.parser.bytes,
        slot.reused,
        epochMs(slot.sentAt),
        slot.local,
      );
    this.afterRequest(
      slot,
      kind === ERR.refused || kind === ERR.timeoutConnect ? CONNECT_BACKOFF_MS : 0,
    );
  }

  private afterRequest(slot: Slot, backoffMs: number, now?: number): void {
    if (this.stopping) {
      slot.done = true;
      slot.dropSocket();
      this.checkFinished();
      return;
    }
    if (this.config.rateRps !== undefined) {
      if (this.backlog > 0) {
        this.backlog--;
        slot.dispatch();
        if (slot.done) this.stop(this.config.drainMs);
      } else this.idle.push(slot);
      return;
    }
    const delay = Math.max(this.config.thinkTimeMs, backoffMs);
    if (delay > 0) slot.timer = setTimeout(slot.dispatchBound, delay);
    else slot.dispatch(now);
    if (slot.done) this.checkFinished();
  }

  /** Timeouts, window roll-over, drain deadline. */
  private sweep(): void {
    const now = performance.now();
    const c = this.config;
    for (const slot of this.slots) {
      if (!slot.busy) continue;
      const age = now - slot.sentAt;
      if (!slot.connected && !slot.reused && now - slot.connectAt > c.connectTimeoutMs)
        slot.fail(ERR.timeoutConnect);
      else if (!slot.firstByte && age > c.firstByteTimeoutMs) slot.fail(ERR.timeoutFirstByte);
      else if (age > c.totalTimeoutMs) slot.fail(ERR.timeoutTotal);
    }
    this.stats.roll(now);
    if (now - this.startAt > c.maxDurationMs) this.stop(0);
    if (this.stopping && now >= this.drainUntil) this.finish();
  }

  /** Stops sending; in-flight requests get `drainMs` to finish. */
  stop(drainMs: number): void {
    if (this.finished) return;
    if (!this.stopping) {
      this.stopping = true;
      for (const slot of this.slots) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        if (!slot.busy) {
          slot.done = true;
          slot.dropSocket();
        }
      }
    }
    this.drainUntil = Math.min(this.drainUntil, performance.now() + drainMs);
    if (drainMs <= 0) this.finish();
    else this.checkFinished();
  }

  private checkFinished(): void {
    if (this.finished) return;
    const openModel = this.config.rateRps !== undefined;
    if (!this.stopping && openModel) return;
    for (const slot of this.slots)
      if (slot.busy || (!slot.done && !this.stopping) || slot.timer) return;
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stopping = true;
    if ('close' in this.jobs) this.jobs.close();
    for (const t of this.timers) clearTimeout(t);
    for (const slot of this.slots) if (slot.cancel()) this.stats.cancelled++;
    this.afterFinish();
    this.resolveRun?.(this.stats.snapshot(performance.now()));
  }

  /** Live counters for progress. */
  live(): { sent: number; completed: number; errors: number; elapsedMs: number } {
    return { ...this.stats.live(), elapsedMs: performance.now() - this.startAt };
  }
}
