/**
 * Quality mode over a corpus too large to load: reads the files again while replaying, prepares a
 * bounded window of jobs ahead of the connections (≈ {@link HIGH_WATER_JOBS} requests) and hands them
 * out in the same order, with the same ids, as the preloaded {@link JobSource} would. Connections that
 * find the window empty wait (`JOB_WAIT`) until the reader catches up. One engine (worker) only.
 */
import type { Corpus, CorpusSourceSpec } from '../corpus/types.js';
import { CorpusHasher, streamCorpus } from '../corpus/load.js';
import { withIdHeader, type Job } from './job-source.js';
import { entryFragment } from './outcomes.js';
import { isHeadRequest, prepareOne } from './prepare.js';

/** Jobs prepared ahead at most; the reader pauses above this and resumes below half of it. */
export const HIGH_WATER_JOBS = 4096;

/** What the streamed source needs. */
export interface StreamingSourceOptions {
  corpus: Corpus;
  specs: CorpusSourceSpec[];
  domains: string[];
  extraHeaders: ReadonlyArray<readonly [string, string]>;
  /** Stop after this many jobs (entries × domains × repeat, or fewer). */
  totalJobs: number;
  idHeader: string | null;
  runId: string;
  maxEntryBytes?: number;
}

interface Pending {
  buf: Buffer;
  splitAt: number;
  crlf: boolean;
  ownConnection: boolean;
  noBody: boolean;
  domain: number;
  k: number;
  fragment: string;
}

/** See the module comment. */
export class StreamingJobSource {
  /** The last `next` found nothing yet (more is coming). */
  waiting = false;
  /** Called when jobs arrive after a `next` found none, and when reading ends. */
  onAvailable: () => void = () => undefined;
  /** The corpus changed between the scan and the replay (fingerprint differs). */
  changed = false;
  private queue: Pending[] = [];
  private head = 0;
  private seq = 0;
  private ended = false;
  private closed = false;
  private resume: (() => void) | null = null;

  constructor(private readonly o: StreamingSourceOptions) {}

  /** Jobs this source hands out at most. */
  get jobLimit(): number {
    return this.o.totalJobs;
  }

  /** Reads the corpus (as many passes as needed for `totalJobs`); resolves when done or closed. */
  async read(): Promise<void> {
    const { corpus, domains, extraHeaders } = this.o;
    const perCycle = corpus.entryCount * domains.length;
    const cycles = Math.ceil(this.o.totalJobs / perCycle);
    // Entries were validated by the scan; skip anything that became malformed since (counted as a change).
    const onInvalid = (): void => {
      this.changed = true;
    };
    const readOptions =
      this.o.maxEntryBytes !== undefined ? { maxEntryBytes: this.o.maxEntryBytes } : {};
    try {
      for (let cycle = 0; cycle < cycles && !this.closed; cycle++) {
        const hasher = new CorpusHasher(this.o.specs);
        let entry = 0;
        for await (const e of streamCorpus(corpus.files, onInvalid, readOptions)) {
          if (this.closed) break;
          hasher.update(e.raw);
          const noBody = isHeadRequest(e.raw);
          const fragment = entryFragment(e);
          for (let d = 0; d < domains.length; d++) {
            const one = prepareOne(e.raw, domains[d]!, extraHeaders);
            this.queue.push({
              buf: one.raw,
              splitAt: one.splitAt,
              crlf: one.crlf,
              ownConnection: one.ownConnection,
              noBody,
              domain: d,
              k: entry * domains.length + d,
              fragment,
            });
          }
          entry++;
          this.notify();
          if (this.queue.length - this.head >= HIGH_WATER_JOBS && !this.closed)
            await new Promise<void>((resolve) => (this.resume = resolve));
        }
        if (!this.closed && (entry !== corpus.entryCount || hasher.digest() !== corpus.fingerprint))
          this.changed = true;
      }
    } finally {
      this.ended = true;
      this.notify(true);
    }
  }

  /** Stops reading (the run ended). */
  close(): void {
    this.closed = true;
    this.resume?.();
    this.resume = null;
  }

  private notify(always = false): void {
    if (!this.waiting && !always) return;
    this.waiting = false;
    this.onAvailable();
  }

  /** Fills `job`; false with `waiting` set when none is prepared yet, false alone when done. */
  next(job: Job): boolean {
    this.waiting = false;
    if (this.seq >= this.o.totalJobs) return false;
    if (this.head === this.queue.length) {
      this.waiting = !this.ended;
      return false;
    }
    const p = this.queue[this.head]!;
    this.queue[this.head++] = undefined as unknown as Pending;
    if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.resume && this.queue.length - this.head <= HIGH_WATER_JOBS / 2) {
      const resume = this.resume;
      this.resume = null;
      resume();
    }
    const seq = this.seq++;
    job.seq = seq;
    job.k = p.k;
    job.domain = p.domain;
    job.noBody = p.noBody;
    job.fragment = p.fragment;
    job.ownConnection = p.ownConnection;
    if (this.o.idHeader !== null && p.splitAt >= 0) {
      const id = `${this.o.runId}-${p.domain}-${seq}`;
      job.buf = withIdHeader(p.buf, p.splitAt, p.crlf, this.o.idHeader, id);
      job.id = id;
    } else {
      job.buf = p.buf;
      job.id = null;
    }
    return true;
  }
}
