/**
 * Quality-mode outcomes: one JSON line per request ({@link RequestOutcome}), built from pre-rendered
 * per-entry fragments, buffered and streamed to `outcomes.jsonl` (or posted by a worker in batches).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Corpus, CorpusEntry } from '../corpus/types.js';
import type { Job } from './job-source.js';
import { describeRequest } from './rewrite.js';

/** Per-entry JSON fragments: `"origin":…,"entryKey":…,"method":…,"target":…`. */
export function entryFragments(corpus: Corpus): string[] {
  return corpus.entries.map(entryFragment);
}

/** The JSON fragment of one entry (see {@link entryFragments}). */
export function entryFragment(e: CorpusEntry): string {
  const { method, target } = describeRequest(e.raw);
  return `"origin":${JSON.stringify(e.origin)},"entryKey":${JSON.stringify(`${e.origin.file}#${e.origin.index}`)},"method":${JSON.stringify(method)},"target":${JSON.stringify(target)}`;
}

/** Renders outcome lines. */
export class OutcomeFormatter {
  private readonly domainJson: string[];
  constructor(
    domains: string[],
    private readonly fragments: string[],
  ) {
    this.domainJson = domains.map((d) => JSON.stringify(d === '' ? '*' : d));
  }

  /** One line (with its newline). */
  line(
    job: Job,
    status: number | null,
    error: string | null,
    latencyUs: number,
    bytesReceived: number,
    reused: boolean,
    sentAtMs: number,
    local = '',
  ): string {
    const fragment = job.fragment ?? this.fragments[Math.floor(job.k / this.domainJson.length)];
    return `{"id":${job.id === null ? 'null' : `"${job.id}"`},"domain":${this.domainJson[job.domain]},${fragment},"status":${status},"error":${error === null ? 'null' : `"${error}"`},"latencyUs":${latencyUs},"bytesSent":${job.buf.length},"bytesReceived":${bytesReceived},"reusedConnection":${reused},"startedAtMs":${sentAtMs}${local}${job.ownConnection ? ',"ownConnection":true' : ''}}\n`;
  }
}

/** Collects lines and hands them on in chunks of about 64 KiB. */
export class LineBatcher {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly flushTo: (chunk: string) => void) {}
  push(line: string): void {
    this.parts.push(line);
    this.size += line.length;
    if (this.size >= 65_536) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.flushTo(chunk);
  }
}

/** Something that can stop and restart producing outcomes (an engine, a worker pool). */
export interface PausableProducer {
  pause(): void;
  resume(): void;
}

/**
 * Streams outcome chunks to a file. `write` reports backpressure like a stream does: false means the
 * buffer is over its high-water mark and the producer should wait for {@link OutcomeFile.onceDrained}.
 */
export class OutcomeFile {
  /** Largest number of bytes held in memory by the stream after a write (a run statistic). */
  peakBufferedBytes = 0;
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  private drainWaiters: Array<() => void> = [];
  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (error) => {
      this.failure = error;
      // Nothing will drain any more; let the producer finish (close() reports the failure).
      this.releaseWaiters();
    });
    this.stream.on('drain', () => this.releaseWaiters());
  }
  /** Buffers a chunk; false when the producer should pause until {@link onceDrained}. */
  write(chunk: string): boolean {
    if (this.failure) return true;
    const ok = this.stream.write(chunk);
    if (this.stream.writableLength > this.peakBufferedBytes)
      this.peakBufferedBytes = this.stream.writableLength;
    return ok;
  }
  /** Calls `resume` once the buffered bytes are written (at once when the stream failed). */
  onceDrained(resume: () => void): void {
    if (this.failure || !this.stream.writableNeedDrain) resume();
    else this.drainWaiters.push(resume);
  }
  private releaseWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resume of waiters) resume();
  }
  /** Flushes and closes; rejects when a write failed. */
  async close(): Promise<void> {
    if (!this.failure) await new Promise<void>((resolve) => this.stream.end(resolve));
    if (this.failure) throw this.failure;
  }
}

/**
 * A chunk sink for {@link LineBatcher} that writes to `file` and pauses `producer` while the file's
 * buffer is full, so a slow disk or pipe bounds the memory held by outcome lines instead of the run
 * buffering all of them.
 */
export function backpressuredSink(
  file: OutcomeFile,
  producer: PausableProducer,
): (chunk: string) => void {
  let paused = false;
  return (chunk) => {
    if (file.write(chunk) || paused) return;
    paused = true;
    producer.pause();
    file.onceDrained(() => {
      paused = false;
      producer.resume();
    });
  };
}
