/**
 * Corpus lint: checks that never change a byte (replay is byte-exact) but point at likely mistakes.
 * Today: a request whose declared `Content-Length` differs from the bytes after its head, e.g. a raw
 * request whose body carries the line ending before the `====****` separator, or a body that lost
 * its line ending. Hostile corpora may mismatch on purpose (smuggling tests), so this only warns, once
 * per file.
 */
import type { CorpusFormat, CorpusWarning } from './types.js';

export type { CorpusWarning } from './types.js';

const LF = 0x0a;
const CR = 0x0d;

/** Declared and actual body length of a request whose `Content-Length` does not match its body. */
export interface ContentLengthMismatch {
  declared: number;
  actual: number;
}

/** End of the head (just after the empty line), or -1 when the request has no complete head. */
function headEnd(raw: Buffer): number {
  let lineStart = 0;
  for (let i = raw.indexOf(LF); i !== -1; i = raw.indexOf(LF, lineStart)) {
    const lineLen = i - lineStart - (i > lineStart && raw[i - 1] === CR ? 1 : 0);
    if (lineLen === 0 && lineStart > 0) return i + 1;
    lineStart = i + 1;
  }
  return -1;
}

/**
 * Compares a request's single `Content-Length` header with its body length. Returns null when they
 * agree, or when there is nothing to compare (no complete head, no or several `Content-Length`
 * headers, an unparsable value, or `Transfer-Encoding`).
 */
export function contentLengthMismatch(raw: Buffer): ContentLengthMismatch | null {
  const end = headEnd(raw);
  if (end === -1) return null;
  const head = raw.toString('latin1', 0, end);
  let declared: number | null = null;
  let count = 0;
  for (const line of head.split('\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === 'transfer-encoding') return null;
    if (name !== 'content-length') continue;
    count++;
    const value = line.slice(colon + 1).trim();
    declared = /^\d{1,15}$/.test(value) ? Number(value) : null;
  }
  if (count !== 1 || declared === null) return null;
  const actual = raw.length - end;
  return actual === declared ? null : { declared, actual };
}

/** Collects at most one Content-Length warning per file (with the count of further mismatches). */
export class CorpusLinter {
  private readonly first = new Map<string, CorpusWarning>();
  private readonly counts = new Map<string, number>();

  /** Checks one entry of a raw or JSON Lines file (other formats build their own Content-Length). */
  check(raw: Buffer, format: CorpusFormat, file: string, line: number): void {
    if (format !== 'raw' && format !== 'jsonl') return;
    const mismatch = contentLengthMismatch(raw);
    if (mismatch === null) return;
    const count = (this.counts.get(file) ?? 0) + 1;
    this.counts.set(file, count);
    if (count > 1) return;
    const hint =
      mismatch.actual === mismatch.declared + 1 || mismatch.actual === mismatch.declared + 2
        ? ' (a line ending before the "====****" separator counts as body bytes)'
        : mismatch.actual < mismatch.declared
          ? ' (a body that lost its line ending, or was cut?)'
          : '';
    this.first.set(file, {
      file,
      line,
      message: `${file}:${line}: Content-Length says ${mismatch.declared} bytes but the body has ${mismatch.actual}${hint}; sent as written.`,
    });
  }

  /** The warnings, one per file, with the number of other mismatching requests in that file. */
  warnings(): CorpusWarning[] {
    return [...this.first.values()].map((w) => {
      const more = (this.counts.get(w.file) ?? 1) - 1;
      return more > 0
        ? { ...w, message: `${w.message} ${more} more request(s) in this file mismatch too.` }
        : w;
    });
  }
}
