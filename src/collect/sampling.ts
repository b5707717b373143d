/**
 * The collector's process sampling: a timer that takes one sample per interval (skipping a tick while a
 * slow remote sample runs), and series.csv written as samples arrive. A failed sample is a gap in the
 * series; a failed write of series.csv (full disk) loses the file, not the samples kept for collect.json.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { sampleFunction } from './collect-host.js';
import type { GroupSample, PidSample, ProcSampler } from './proc/index.js';
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

/** Samples `sampler` on `host` every `intervalMs` between {@link start} and {@link stop}. */
export class SampleLoop {
  /** Samples that failed, and the first failure. */
  failed = 0;
  firstError: unknown;
  private inFlight: Promise<void> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly take: () => Promise<void>;

  constructor(
    private readonly host: Host,
    sampler: ProcSampler,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.take = sampleFunction(host, sampler, Math.max(10_000, intervalMs * 5));
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
