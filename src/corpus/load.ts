/** Loads a corpus: resolves its files, streams each through its reader, fingerprints the result. */
import { createHash } from 'node:crypto';
import { ConfigError } from '../common/errors.js';
import { readFtwFile } from './ftw-reader.js';
import { readHarFile } from './har-reader.js';
import { readJsonLinesFile } from './jsonl-reader.js';
import { CorpusLinter } from './lint.js';
import { readRawFile } from './raw-reader.js';
import { parseCorpusSpec, resolveCorpusFiles } from './sources.js';
import type {
  Corpus,
  CorpusEntry,
  CorpusFile,
  CorpusReadOptions,
  CorpusSourceSpec,
  CorpusWarning,
  InvalidEntryHandler,
} from './types.js';

/** Streams the entries of one resolved file with the reader for its format. */
export function readCorpusFile(
  file: CorpusFile,
  onInvalid: InvalidEntryHandler,
  options: CorpusReadOptions = {},
): AsyncGenerator<CorpusEntry> {
  switch (file.format) {
    case 'raw':
      return readRawFile(file.absolutePath, file.displayPath, onInvalid, options.maxEntryBytes);
    case 'ftw':
      return readFtwFile(file.absolutePath, file.displayPath, onInvalid, options.onDisabled);
    case 'har':
      return readHarFile(file.absolutePath, file.displayPath, onInvalid);
    case 'jsonl':
      return readJsonLinesFile(file.absolutePath, file.displayPath, onInvalid);
  }
}

/** Streams every entry of the corpus, file by file; `onInvalid` decides about malformed entries. */
export async function* streamCorpus(
  files: CorpusFile[],
  onInvalid: InvalidEntryHandler,
  options: CorpusReadOptions = {},
): AsyncGenerator<CorpusEntry & { sourceIndex: number; format: CorpusFile['format'] }> {
  for (const file of files) {
    for await (const entry of readCorpusFile(file, onInvalid, options))
      yield { ...entry, sourceIndex: file.sourceIndex, format: file.format };
  }
}

/** The corpus fingerprint, computed incrementally: weights, then every entry length-prefixed. */
export class CorpusHasher {
  private readonly hash = createHash('sha256');
  private readonly length = Buffer.alloc(8);
  constructor(specs: readonly CorpusSourceSpec[]) {
    const weighted = specs.every((s) => s.weight !== undefined);
    this.hash.update(
      weighted ? `weights:${specs.map((s) => s.weight).join(',')}\n` : 'unweighted\n',
    );
  }
  /** Adds one entry. */
  update(raw: Buffer): void {
    this.length.writeBigUInt64BE(BigInt(raw.length));
    this.hash.update(this.length);
    this.hash.update(raw);
  }
  /** The hex digest (once). */
  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Options of {@link loadCorpus}. */
export interface LoadCorpusOptions extends CorpusReadOptions {
  /** Input name for messages. @default 'corpus' */
  input?: string;
  cwd?: string;
  signal?: AbortSignal;
  /**
   * Keep every entry's bytes in `entries`. False only scans (count, fingerprint, lint, validation)
   * and leaves `entries` empty, for callers that stream the files again. @default true
   */
  keepEntries?: boolean;
}

/**
 * Loads a whole corpus into memory (the engine sends pre-built buffers), or only scans it with
 * `keepEntries: false`. `spec` is the corpus input (`a.txt:80,b/:20`) or already parsed specs.
 */
export async function loadCorpus(
  spec: string | CorpusSourceSpec[],
  options: LoadCorpusOptions = {},
): Promise<Corpus> {
  const input = options.input ?? 'corpus';
  const keep = options.keepEntries ?? true;
  const specs = typeof spec === 'string' ? parseCorpusSpec(input, spec) : spec;
  const files = await resolveCorpusFiles(specs, input, options.cwd);
  let skipped = 0;
  const onInvalid: InvalidEntryHandler = (message, file, line) => {
    if (options.skipInvalid) {
      skipped++;
      return;
    }
    throw new ConfigError(message, {
      file,
      line,
      hint: 'Fix the entry, or pass skip-invalid to skip malformed entries.',
    });
  };
  const hasher = new CorpusHasher(specs);
  const weighted = specs.every((s) => s.weight !== undefined);
  const entries: CorpusEntry[] = [];
  const entriesBySource: number[][] = specs.map(() => []);
  const linter = new CorpusLinter();
  let count = 0;
  let disabled = 0;
  const disabledWarnings: CorpusWarning[] = [];
  const onDisabled = (file: string, line: number, stages: number): void => {
    disabled += stages;
    disabledWarnings.push({
      file,
      line,
      message: `${stages} test stage(s) not sent: the file says meta.enabled: false.`,
    });
    options.onDisabled?.(file, line, stages);
  };
  for await (const entry of streamCorpus(files, onInvalid, { ...options, onDisabled })) {
    options.signal?.throwIfAborted();
    linter.check(entry.raw, entry.format, entry.origin.file, entry.origin.line);
    hasher.update(entry.raw);
    if (keep) {
      entriesBySource[entry.sourceIndex]!.push(entries.length);
      entries.push({ raw: entry.raw, origin: entry.origin });
    }
    count++;
  }
  if (count === 0) {
    throw new ConfigError('The corpus holds no requests.', {
      input,
      value: specs.map((s) => s.pattern).join(','),
      hint:
        skipped > 0
          ? `${skipped} malformed entries were skipped.`
          : 'Check the files and their format.',
    });
  }
  return {
    entries,
    entryCount: count,
    fingerprint: hasher.digest(),
    sources: specs.map((s) => (s.weight !== undefined ? `${s.pattern}:${s.weight}` : s.pattern)),
    files,
    entriesBySource,
    weights: weighted ? specs.map((s) => s.weight!) : null,
    skipped,
    disabled,
    warnings: [...disabledWarnings, ...linter.warnings()],
  };
}
