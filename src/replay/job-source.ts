/**
 * Decides which request a connection sends next. Quality: every (entry, domain) once per repeat, each
 * with a unique id. Pressure: cycles the prepared requests (weighted by source when weights are given).
 * Jobs are split between workers by sequence number (`seq % workerCount === workerIndex`).
 */
import type { PreparedRequests } from './prepare.js';

/** What a connection sends next; filled in place (no allocation per job in pressure mode). */
export interface Job {
  seq: number;
  /** Prepared request index (entry * domains + domain). */
  k: number;
  domain: number;
  buf: Buffer;
  noBody: boolean;
  /** Id header value, or null (pressure mode, or un-joinable). */
  id: string | null;
  /** Outcome fragment of the entry when streamed (null: looked up by `k`). */
  fragment: string | null;
  /**
   * Quality mode: send on a connection of its own, opened for it and closed after it (its id may not
   * reach the log; collect joins it by the client's port). Always false in pressure mode.
   */
  ownConnection: boolean;
}

/** The request with `header: id` inserted at `split` (after the request line), with its line ending. */
export function withIdHeader(
  view: Buffer,
  split: number,
  crlf: boolean,
  header: string,
  id: string,
): Buffer {
  const line = `${header}: ${id}${crlf ? '\r\n' : '\n'}`;
  const buf = Buffer.allocUnsafe(view.length + line.length);
  view.copy(buf, 0, 0, split);
  buf.write(line, split, 'latin1');
  view.copy(buf, split + line.length, split);
  return buf;
}

/** Options of a {@link JobSource}. */
export interface JobSourceOptions {
  mode: 'quality' | 'pressure';
  /** Stop after this many jobs over all workers; Infinity for "until the duration ends". */
  totalJobs: number;
  workerIndex: number;
  workerCount: number;
  /** Quality mode id header name and run id. */
  idHeader: string | null;
  runId: string;
}

const MAX_CACHED_VIEWS = 1 << 16;

/** Hands out jobs; see the module comment. */
export class JobSource {
  private seq: number;
  private readonly views: Buffer[];
  private readonly perCycle: number;
  private readonly cursors: Int32Array;
  readonly domainCount: number;

  constructor(
    private readonly prepared: PreparedRequests,
    private readonly options: JobSourceOptions,
  ) {
    this.seq = options.workerIndex;
    this.domainCount = prepared.domains.length;
    this.perCycle = prepared.starts.length;
    // One view per prepared request, made once; for very large corpora (where the views themselves
    // would cost ~100 bytes each) they are made per job instead.
    this.views = [];
    if (this.perCycle <= MAX_CACHED_VIEWS)
      for (let k = 0; k < this.perCycle; k++)
        this.views.push(prepared.blob.subarray(prepared.starts[k], prepared.ends[k]));
    this.cursors = new Int32Array(Math.max(1, prepared.sourceStarts.length - 1));
  }

  /** Jobs this worker will hand out at most (Infinity when time-bound). */
  get jobLimit(): number {
    const { totalJobs, workerIndex, workerCount } = this.options;
    if (!Number.isFinite(totalJobs)) return Infinity;
    return Math.max(0, Math.ceil((totalJobs - workerIndex) / workerCount));
  }

  private view(k: number): Buffer {
    return (
      this.views[k] ?? this.prepared.blob.subarray(this.prepared.starts[k], this.prepared.ends[k])
    );
  }

  /** Fills `job` with the next job; false when there is none left. */
  next(job: Job): boolean {
    const seq = this.seq;
    if (seq >= this.options.totalJobs) return false;
    this.seq = seq + this.options.workerCount;
    let k: number;
    const p = this.prepared;
    if (p.cycle && this.options.mode === 'pressure') {
      const source = p.cycle[seq % p.cycle.length]!;
      const from = p.sourceStarts[source]!;
      const count = p.sourceStarts[source + 1]! - from;
      const entry = p.sourceEntries[from + (this.cursors[source]! % count)]!;
      this.cursors[source]!++;
      k = entry * this.domainCount + (seq % this.domainCount);
    } else {
      k = seq % this.perCycle;
    }
    job.seq = seq;
    job.k = k;
    job.domain = k % this.domainCount;
    job.noBody = p.noBody[k] === 1;
    job.fragment = null;
    const split = p.splitAt[k]!;
    job.ownConnection = this.options.mode === 'quality' && p.ownConnection[k] === 1;
    if (this.options.mode === 'quality' && this.options.idHeader !== null && split >= 0) {
      const id = `${this.options.runId}-${job.domain}-${seq}`;
      job.buf = withIdHeader(this.view(k), split, p.crlf[k] === 1, this.options.idHeader, id);
      job.id = id;
    } else {
      job.buf = this.view(k);
      job.id = null;
    }
    return true;
  }
}
