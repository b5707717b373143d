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
  ): string {
    const fragment = job.fragment ?? this.fragments[Math.floor(job.k / this.domainJson.length)];
    return `{"id":${job.id === null ? 'null' : `"${job.id}"`},"domain":${this.domainJson[job.domain]},${fragment},"status":${status},"error":${error === null ? 'null' : `"${error}"`},"latencyUs":${latencyUs},"bytesSent":${job.buf.length},"bytesReceived":${bytesReceived},"reusedConnection":${reused},"startedAtMs":${sentAtMs}}\n`;
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

/** Streams outcome chunks to a file. */
export class OutcomeFile {
  private readonly stream: WriteStream;
  private failure: Error | null = null;
  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (error) => {
      this.failure = error;
    });
  }
  write(chunk: string): void {
    if (!this.failure) this.stream.write(chunk);
  }
  /** Flushes and closes; rejects when a write failed. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.stream.end(resolve));
    if (this.failure) throw this.failure;
  }
}
