/**
 * The collector's process sampling: a timer that takes one sample per interval (skipping a tick while a
 * slow remote sample runs), and series.csv written as samples arrive. A failed sample is a gap in the
 * series; a failed write of series.csv (full disk) loses the file, not the samples kept for collect.json.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { isLocalHost, sampleFunction } from './collect-host.js';
import {
  HostProcReader,
  type CpuMark,
  type GroupSample,
  type PidSample,
  type ProcSampler,
} from './proc/index.js';
import { seriesRows } from './results.js';
import { SERIES_HEADER } from './analyze/index.js';
import { errnoCode } from './output/index.js';

/** Appends each sample's rows to `<outDir>/series.csv`. */
export class SeriesWriter {
  readonly path: string;
  /** True once the file was created. */
  started = false;
  /** The error code of the first failed write; nothing more is written after it. */
  error: string | undefined;

  constructor(
    private readonly outDir: string,
    private readonly logger: Logger,
  ) {
    this.path = join(outDir, 'series.csv');
  }

  /** The sampler's row callback. */
  readonly onRows = (pids: PidSample[], groups: GroupSample[]): void => {
    if (this.error !== undefined) return;
    try {
      if (!this.started) {
        mkdirSync(this.outDir, { recursive: true });
        appendFileSync(this.path, SERIES_HEADER);
        this.started = true;
      }
      appendFileSync(this.path, seriesRows(pids, groups));
    } catch (error) {
      this.error = errnoCode(error);
      this.logger.warn(
        `collect: cannot write ${this.path}: ${this.error}; the series file is incomplete`,
      );
    }
  };
}

/**
 * A mark read slower than this is repeated (up to twice, keeping the fastest): the read happens
 * somewhere inside its round trip, so its duration is the mark's timing uncertainty.
 */
export const MARK_READ_BOUND_MS = 250;

/** Samples `sampler` on `host` every `intervalMs` between {@link start} and {@link stop}. */
export class SampleLoop {
  /** Samples that failed, and the first failure. */
  failed = 0;
  firstError: unknown;
  /** Marks that could not be read: name → why. */
  readonly markFailures = new Map<string, string>();
  private inFlight: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly take: () => Promise<void>;

  constructor(
    private readonly host: Host,
    private readonly sampler: ProcSampler,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.take = sampleFunction(host, sampler, Math.max(10_000, intervalMs * 5));
  }

  /**
   * Reads every group's CPU counters now as mark `name` (e.g. just before and just after the load),
   * after any sample in flight, so reads stay in order. Never rejects: a failed read is recorded in
   * {@link markFailures} (the exact figure is then missing) and resolves to null.
   */
  async mark(name: string): Promise<CpuMark | null> {
    while (this.inFlight) await this.inFlight;
    const read = this.readMark(name);
    this.inFlight = read.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await read;
    } catch (error) {
      const why = (error as Error).message;
      this.markFailures.set(name, why);
      this.logger.warn(`collect: reading the CPU counters for mark "${name}" failed: ${why}`);
      return null;
    } finally {
      this.inFlight = undefined;
    }
  }

  private async readMark(name: string): Promise<CpuMark> {
    if (isLocalHost(this.host)) return this.sampler.mark(name);
    const reader = new HostProcReader(this.host, 10_000);
    const readOnce = async () => {
      const before = performance.now();
      const beforeMs = Date.now();
      const snapshot = await reader.snapshot(this.sampler.pidFiles);
      const ms = performance.now() - before;
      return { snapshot, atMs: Math.round(beforeMs + ms / 2), ms };
    };
    // Marks are taken while the WAF is idle (before and after the load), so a repeated read measures
    // the same counters; only its timing gets tighter.
    // One retry covers a connection that dropped under the exec (as for samples).
    let best = await readOnce().catch(readOnce);
    for (let attempt = 1; best.ms > MARK_READ_BOUND_MS && attempt < 3; attempt += 1) {
      const next = await readOnce();
      if (next.ms < best.ms) best = next;
    }
    return this.sampler.markFrom(name, best.snapshot, best.atMs, best.ms);
  }

  /** One sample now (or the one already running). Never rejects: a failure is counted. */
  sample(): Promise<void> {
    if (this.inFlight) return this.inFlight; // a slow remote sample: skip this tick
    this.inFlight = this.take()
      .catch((error: unknown) => {
        if (this.firstError === undefined)
          this.logger.warn(
            `collect: sampling /proc on ${this.host.name} failed: ${(error as Error).message}`,
          );
        this.firstError ??= error;
        this.failed += 1;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Starts the interval timer. */
  start(): void {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  /** Stops the timer and waits for a running sample. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }
}
