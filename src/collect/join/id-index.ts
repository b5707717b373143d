/**
 * Index of request ids seen in the access log → record number. replay's ids are
 * `<runId>-<domain index>-<sequence>`: ids shaped `<prefix>-<decimal>` go into a dense column by their
 * number (one slot per id, mostly in arrival order, so no hashing and few cache misses), tagged with
 * their prefix; any other id (or a clash) goes to a byte-keyed hash table.
 *
 * Per log line nothing is allocated: the sequence is parsed from the bytes, and the prefix is found by
 * comparing it with the prefix last seen with the same length and last bytes (replay's prefixes
 * differ in the domain index just before the final `-`) before falling back to hashing it. The columns
 * are paged (paged.ts): growing never copies. Lookups by string (the join) parse the sequence from
 * the string and compare the prefix with the prefix's text, without encoding the id to bytes.
 */
import { ByteKeyTable } from '../logformat/index.js';
import { PAGE_BITS, PAGE_MASK, PagedInt32, PagedUint16 } from './paged.js';

/** Sequences at or above this are hashed (the dense column would be mostly empty pages). */
const DENSE_MAX = 1 << 25;
/** Distinct prefixes kept for the dense column (more: hashed). */
const MAX_PREFIXES = 256;
const CACHE = 256;

/** Maps id bytes to dense record numbers 0..size-1 (insertion order). */
export class IdIndex {
  size = 0;
  /** Whether the last {@link intern} added the id. */
  added = false;
  private readonly prefixes = new ByteKeyTable(16);
  /** Text (latin1) of each prefix, by prefix index. */
  private readonly prefixText: string[] = [];
  private readonly hashed = new ByteKeyTable(1024);
  /** seq -> record + 1 (0: none). */
  private readonly dense = new PagedInt32();
  /** hashed key index -> record. */
  private readonly hashedRec = new PagedInt32();
  /** Per record: prefix index + 1 (0: the id is in the hash table). */
  private readonly recPrefix = new PagedUint16();
  /** Per record: sequence number, or the hash table's key index. */
  private readonly recKey = new PagedInt32();
  /** Prefix signature (length, last bytes) -> prefix index + 1 last seen with it. */
  private readonly cachedPrefix = new Int32Array(CACHE);
  private readonly scratch = Buffer.allocUnsafe(4096);

  /** Record number of `buf[start, end)`, adding it when new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    // `<prefix>-<1..9 digits, no leading zero>`, parsed from the end in one pass; at most 10 digits
    // are looked at (10 = too many for the dense column).
    let j = end - 1;
    let seq = 0;
    let mul = 1;
    const stop = end - 10 > start ? end - 10 : start;
    while (j >= stop) {
      const d = buf[j]! - 48;
      if (d < 0 || d > 9) break;
      if (mul < 1_000_000_000) {
        seq += d * mul;
        mul *= 10;
      }
      j -= 1;
    }
    const digits = end - j - 1;
    if (
      digits >= 1 &&
      digits <= 9 &&
      j > start &&
      buf[j] === 45 &&
      (digits === 1 || buf[j + 1] !== 48) &&
      seq < DENSE_MAX
    ) {
      const p = this.prefixOf(buf, start, j + 1);
      if (p >= 0) {
        const n = seq >>> PAGE_BITS;
        let page = this.dense.pages[n];
        if (page === undefined || page === null) page = this.dense.page(n);
        const r = page[seq & PAGE_MASK]! - 1;
        if (r < 0) {
          const rec = this.newRecord(p + 1, seq);
          page[seq & PAGE_MASK] = rec + 1;
          return rec;
        }
        if (this.recPrefix.get(r) === p + 1) {
          this.added = false;
          return r;
        }
      }
    }
    const k = this.hashed.intern(buf, start, end);
    if (!this.hashed.added) {
      this.added = false;
      return this.hashedRec.get(k);
    }
    const rec = this.newRecord(0, k);
    this.hashedRec.set(k, rec);
    return rec;
  }

  /** Record number of `id`, or -1. */
  find(id: string): number {
    const n = id.length;
    let j = n - 1;
    let seq = 0;
    let mul = 1;
    while (j >= 0 && mul < 1_000_000_000) {
      const d = id.charCodeAt(j) - 48;
      if (d < 0 || d > 9) break;
      seq += d * mul;
      mul *= 10;
      j -= 1;
    }
    // Fast path: the dense slot's record has exactly this prefix text.
    const digits = n - j - 1;
    if (digits >= 1 && seq < DENSE_MAX && j > 0 && (digits === 1 || id.charCodeAt(j + 1) !== 48)) {
      const page = this.dense.pages[seq >>> PAGE_BITS];
      if (page !== undefined && page !== null) {
        const r = page[seq & PAGE_MASK]! - 1;
        if (r >= 0) {
          const p = this.recPrefix.get(r) - 1;
          // `digits` may be 10+ here (the loop stopped at 9): then j is a digit, not the '-' of a
          // dense id, and the prefix text (which ends with '-') cannot match.
          if (p >= 0 && this.prefixes.keyEqualsText(p, id, j + 1)) return r;
        }
      }
    }
    if (this.hashed.size === 0) return -1;
    const bytes = n * 3 > this.scratch.length ? Buffer.from(id, 'latin1') : this.scratch;
    const len = bytes === this.scratch ? this.scratch.write(id, 0, 'latin1') : bytes.length;
    const k = this.hashed.find(bytes, 0, len);
    return k < 0 ? -1 : this.hashedRec.get(k);
  }

  /** Record number of `buf[start, end)`, or -1. */
  findBytes(buf: Uint8Array, start: number, end: number): number {
    let j = end - 1;
    while (j >= start && buf[j]! >= 48 && buf[j]! <= 57) j -= 1;
    const digits = end - j - 1;
    if (
      digits >= 1 &&
      digits <= 9 &&
      j > start &&
      buf[j] === 45 &&
      (digits === 1 || buf[j + 1] !== 48)
    ) {
      let seq = 0;
      for (let i = j + 1; i < end; i += 1) seq = seq * 10 + buf[i]! - 48;
      const p = this.prefixes.find(buf, start, j + 1);
      if (p >= 0 && seq < DENSE_MAX) {
        const r = this.dense.get(seq) - 1;
        if (r >= 0 && this.recPrefix.get(r) === p + 1) return r;
      }
    }
    const k = this.hashed.find(buf, start, end);
    return k < 0 ? -1 : this.hashedRec.get(k);
  }

  /** The id of record `rec` (latin1). */
  idText(rec: number): string {
    const p = this.recPrefix.get(rec) - 1;
    const key = this.recKey.get(rec);
    return p < 0 ? this.hashed.keyText(key) : `${this.prefixText[p]!}${key}`;
  }

  /** True when `id` starts with exactly prefix `p`'s text, `length` characters. */
  private prefixMatches(p: number, id: string, length: number): boolean {
    const text = this.prefixText[p]!;
    if (text.length !== length) return false;
    return id.startsWith(text);
  }

  /** Prefix index of `buf[start, end)` (adding it), or -1 when the prefix table is full. */
  private prefixOf(buf: Uint8Array, start: number, end: number): number {
    // A signature, not an identity (keyEquals decides): length and the two bytes before the '-'.
    const len = end - start;
    const b3 = len > 2 ? buf[end - 3]! : 0;
    const h = (Math.imul(len, 0x9e3779b1) ^ buf[end - 2]! ^ (b3 << 3)) & (CACHE - 1);
    const cached = this.cachedPrefix[h]! - 1;
    if (cached >= 0 && this.prefixes.keyEquals(cached, buf, start, end)) return cached;
    let p = this.prefixes.find(buf, start, end);
    if (p < 0) {
      if (this.prefixes.size >= MAX_PREFIXES) return -1;
      p = this.prefixes.intern(buf, start, end);
      this.prefixText.push(this.prefixes.keyText(p));
    }
    this.cachedPrefix[h] = p + 1;
    return p;
  }

  private newRecord(prefixPlusOne: number, key: number): number {
    const rec = this.size;
    this.recPrefix.set(rec, prefixPlusOne);
    this.recKey.set(rec, key);
    this.size += 1;
    this.added = true;
    return rec;
  }
}
