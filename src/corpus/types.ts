/**
 * Corpus types: a request as captured, where it came from, and how the corpus is made of sources.
 * A leaf (type imports of leaves only): replay and lint import these, so defining them here keeps both
 * free of cycles.
 */
import type { FtwStageRef } from './ftw-types.js';

export type { FtwExpectation, FtwStageRef } from './ftw-types.js';

/** Where a corpus request came from, kept for reports. */
export interface CorpusOrigin {
  /** Corpus file path as given (relative when the corpus was given relatively). */
  file: string;
  /** 0-based position of the request within its file. */
  index: number;
  /** 1-based line (or JSON pointer-ish location for YAML/HAR) where the request starts. */
  line: number;
  /** go-ftw / CRS YAML only: the test and stage this request is, with its `output` expectations. */
  ftw?: FtwStageRef;
}

/** One lint finding, reported once per file. */
export interface CorpusWarning {
  file: string;
  line: number;
  message: string;
}

/** The formats a corpus file may be in. */
export type CorpusFormat = 'raw' | 'ftw' | 'har' | 'jsonl';

/** One request exactly as it will leave the machine (before per-domain rewriting). */
export interface CorpusEntry {
  /** The raw request bytes. */
  raw: Buffer;
  origin: CorpusOrigin;
}

/** One item of a corpus specification: a file, a folder or a glob, with an optional weight. */
export interface CorpusSourceSpec {
  /** The path or glob as given. */
  pattern: string;
  /** Relative share in pressure mode (e.g. 80 and 20). Absent: every entry counts equally. */
  weight?: number;
  /**
   * Folder a relative pattern is read from (default: the working folder). Display paths, and so the
   * request keys that join baseline and candidate records, stay relative to it: a corpus read from a
   * copy (the trusted-ref fetch) keeps the keys it has in the checkout.
   */
  baseDir?: string;
}

/** A resolved corpus file. */
export interface CorpusFile {
  /** Path as shown in reports (as given, or relative to the folder given). */
  displayPath: string;
  /** Path to open. */
  absolutePath: string;
  format: CorpusFormat;
  /** Index of the {@link CorpusSourceSpec} this file came from. */
  sourceIndex: number;
}

/** Options shared by the readers. */
export interface CorpusReadOptions {
  /** Skip malformed entries (counted) instead of failing with a ConfigError. @default false */
  skipInvalid?: boolean;
  /** Largest accepted request in bytes. @default 67108864 (64 MiB) */
  maxEntryBytes?: number;
  /** Told about the stages of an ftw file its author disabled (`meta.enabled: false`), which are not sent. */
  onDisabled?: (file: string, line: number, stages: number) => void;
}

/** Called by a reader for a malformed entry: throws (strict) or counts (skipInvalid). */
export type InvalidEntryHandler = (message: string, file: string, line: number) => void;

/** A loaded corpus. */
export interface Corpus {
  /** Every entry, in order (empty when the corpus was only scanned: `keepEntries: false`). */
  entries: CorpusEntry[];
  /** Number of entries (also when `entries` was not kept). */
  entryCount: number;
  /** sha256 (hex) of the normalised corpus: every entry's bytes in order, length-prefixed, and the weights. */
  fingerprint: string;
  /** The source specifications as given (pattern, with `:weight` when weighted). */
  sources: string[];
  files: CorpusFile[];
  /** Entry indices per source specification (for weighted picking). */
  entriesBySource: number[][];
  /** Weight per source specification, or null when the corpus is unweighted. */
  weights: number[] | null;
  /** Malformed entries skipped (only with skipInvalid). */
  skipped: number;
  /** ftw stages not sent because their file says `meta.enabled: false`. */
  disabled: number;
  /** Lint findings (bytes are never changed), at most one per file; see lint.ts. */
  warnings: CorpusWarning[];
}
