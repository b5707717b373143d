/**
 * Pre-builds every (entry, domain) request once, so the hot path only writes ready Buffers. Packs them
 * into one Buffer on a SharedArrayBuffer, which worker threads share rather than copy.
 */
import type { Corpus } from '../corpus/types.js';
import {
  describeRequest,
  insertHeaders,
  needsOwnConnection,
  rewriteForDomain,
  splitAfterRequestLine,
} from './rewrite.js';

/** Requests ready to send: index `k = entry * domains.length + domain`. */
export interface PreparedRequests {
  domains: string[];
  entryCount: number;
  /** All request bytes back to back. */
  blob: Buffer;
  /** Start and end of request k in `blob`. */
  starts: Float64Array;
  ends: Float64Array;
  /** Offset (within the request) after the request line where an id header goes, or -1: un-joinable. */
  splitAt: Int32Array;
  /** 1 when the request line ends in CRLF. */
  crlf: Uint8Array;
  /**
   * 1 when quality mode sends the request on a connection of its own (its id may not reach the log:
   * joined by the client's port instead; see {@link needsOwnConnection}).
   */
  ownConnection: Uint8Array;
  /** 1 for HEAD requests (their responses have no body). */
  noBody: Uint8Array;
  /** Weighted pick cycle over sources (source index per slot), or null when unweighted. */
  cycle: Int32Array | null;
  /** Entry indices per source, flattened; `sourceStarts[s]..sourceStarts[s+1]`. */
  sourceEntries: Int32Array;
  sourceStarts: Int32Array;
}

const EMPTY = Buffer.alloc(0);

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Smooth weighted round-robin cycle (nginx's algorithm) over integer-scaled weights. */
export function weightedCycle(weights: number[]): Int32Array {
  let ints = weights.map((w) => Math.max(1, Math.round(w * 100)));
  const g = ints.reduce((a, b) => gcd(a, b));
  ints = ints.map((w) => w / g);
  let total = ints.reduce((a, b) => a + b, 0);
  if (total > 100_000) {
    ints = ints.map((w) => Math.max(1, Math.round((w * 100_000) / total)));
    total = ints.reduce((a, b) => a + b, 0);
  }
  const current = ints.map(() => 0);
  const cycle = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    let best = 0;
    for (let s = 0; s < ints.length; s++) {
      current[s]! += ints[s]!;
      if (current[s]! > current[best]!) best = s;
    }
    current[best]! -= total;
    cycle[i] = best;
  }
  return cycle;
}

/** One request ready for one domain. */
export interface PreparedOne {
  raw: Buffer;
  /** Offset after the request line where an id header goes, or -1: un-joinable. */
  splitAt: number;
  /** The request line ends in CRLF. */
  crlf: boolean;
  /** See {@link PreparedRequests.ownConnection}. */
  ownConnection: boolean;
}

/** True for HEAD requests (their responses have no body). */
export function isHeadRequest(raw: Buffer): boolean {
  return describeRequest(raw).method === 'HEAD';
}

/** Rewrites one request for one domain and inserts `extraHeaders` after its request line. */
export function prepareOne(
  entryRaw: Buffer,
  domain: string,
  extraHeaders: ReadonlyArray<readonly [string, string]>,
): PreparedOne {
  let raw = rewriteForDomain(entryRaw, domain);
  let split = splitAfterRequestLine(raw);
  if (split && extraHeaders.length > 0) {
    raw = insertHeaders(split, extraHeaders);
    split = splitAfterRequestLine(raw);
  }
  return {
    raw,
    splitAt: split ? split.head.length : -1,
    crlf: split?.eol === '\r\n',
    ownConnection: needsOwnConnection(raw),
  };
}

/**
 * Rewrites every entry for every domain and inserts `extraHeaders` after the request line (requests
 * that cannot take a header are kept as they are). Domain '' means "as captured".
 */
export function prepareRequests(
  corpus: Corpus,
  domains: string[],
  extraHeaders: ReadonlyArray<readonly [string, string]>,
): PreparedRequests {
  const n = corpus.entries.length * domains.length;
  if (corpus.entries.length !== corpus.entryCount)
    throw new Error('prepareRequests needs a loaded corpus (keepEntries).');
  const parts: Buffer[] = [];
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const splitAt = new Int32Array(n);
  const crlf = new Uint8Array(n);
  const ownConnection = new Uint8Array(n);
  const noBody = new Uint8Array(n);
  let offset = 0;
  let k = 0;
  for (const entry of corpus.entries) {
    const isHead = isHeadRequest(entry.raw);
    for (const domain of domains) {
      const one = prepareOne(entry.raw, domain, extraHeaders);
      parts.push(one.raw);
      starts[k] = offset;
      offset += one.raw.length;
      ends[k] = offset;
      splitAt[k] = one.splitAt;
      crlf[k] = one.crlf ? 1 : 0;
      ownConnection[k] = one.ownConnection ? 1 : 0;
      noBody[k] = isHead ? 1 : 0;
      k++;
    }
  }
  const sourceStarts = new Int32Array(corpus.entriesBySource.length + 1);
  const flat: number[] = [];
  corpus.entriesBySource.forEach((list, s) => {
    sourceStarts[s] = flat.length;
    for (const entry of list) flat.push(entry);
  });
  sourceStarts[corpus.entriesBySource.length] = flat.length;
  // One shared block: worker threads receive the same memory instead of a copy each.
  const blob = Buffer.from(new SharedArrayBuffer(Math.max(1, offset)), 0, offset);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    at += parts[i]!.copy(blob, at);
    parts[i] = EMPTY;
  }
  return {
    domains,
    entryCount: corpus.entries.length,
    blob,
    starts,
    ends,
    splitAt,
    crlf,
    ownConnection,
    noBody,
    cycle: corpus.weights ? weightedCycle(corpus.weights) : null,
    sourceEntries: Int32Array.from(flat),
    sourceStarts,
  };
}

/**
 * Drops the corpus entries' bytes once they are prepared (the prepared block holds them, rewritten),
 * so a large corpus is not held twice. Origins stay.
 */
export function releaseEntryBytes(corpus: Corpus): void {
  for (const entry of corpus.entries) entry.raw = EMPTY;
}

/** Rebuilds Buffer views after a structured clone (worker threads receive Uint8Arrays). */
export function revivePrepared(p: PreparedRequests): PreparedRequests {
  const raw = p.blob as Uint8Array;
  const blob = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return { ...p, blob };
}
