/**
 * Index of request ids seen in the access log → record number. replay's ids are
 * `<runId>-<domain index>-<sequence>`: ids shaped `<prefix>-<decimal>` go into a dense array by their
 * number (one array slot per id, mostly in arrival order, so no hashing and few cache misses), tagged
 * with their prefix; any other id (or a clash) goes to a byte-keyed hash table.
 *
 * Per log line no string is made: the sequence is parsed from the bytes, and the prefix is found by
 * comparing it with the prefix last seen with the same length and last bytes (replay's prefixes
 * differ in the domain index just before the final `-`) before falling back to hashing it. Lookups by string (the join)
 * parse the sequence from the string and compare the prefix text, without encoding the id to bytes.
 */
import { ByteKeyTable } from '../logformat/index.js';

const DENSE_MAX = 1 << 25;
const MAX_PREFIXES = 256;
const CACHE = 256;

function grow(a: Int32Array<ArrayBuffer>, need: number, cap = Infinity): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let n = a.length;
  while (n < need) n *= 2;
  const b = new Int32Array(Math.min(n, cap));
  b.set(a);
  return b;
}

/** Maps id bytes to dense record numbers 0..size-1 (insertion order). */
export class IdIndex {
  size = 0;
  /** Whether the last {@link intern} added the id. */
  added = false;
  private readonly prefixes = new ByteKeyTable(16);
  private readonly hashed = new ByteKeyTable(1024);
  /** seq -> record + 1 (0: none). */
  private dense = new Int32Array(1 << 16);
  private hashedRec = new Int32Array(1024);
  /** Per record: prefix index (-1: in the hash table) and sequence number or hash key index. */
  private recPrefix = new Int16Array(1 << 16);
  private recKey = new Int32Array(1 << 16);
  /** Prefix signature (length, last bytes) -> prefix index + 1 last seen with it. */
  private readonly cachedPrefix = new Int32Array(CACHE);
  private readonly scratch = Buffer.allocUnsafe(4096);

  /** Record number of `buf[start, end)`, adding it when new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    // `<prefix>-<1..9 digits, no leading zero>`, parsed from the end in one pass.
    // Up to 10 digits are looked at (10 = too many for the dense array), so `mul` stays below 2^31.
    let j = end - 1;
    let seq = 0;
    let mul = 1;
    const stop = Math.max(start, end - 10);
    while (j >= stop) {
      const d = buf[j]! - 48;
      if (d < 0 || d > 9) break;
      if (mul < 1_000_000_000) seq += d * mul;
      mul = mul < 1_000_000_000 ? mul * 10 : mul;
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
        if (seq >= this.dense.length) this.dense = grow(this.dense, seq + 1, DENSE_MAX);
        const r = this.dense[seq]! - 1;
        if (r < 0) {
          const rec = this.newRecord(p, seq);
          this.dense[seq] = rec + 1;
          return rec;
        }
        if (this.recPrefix[r] === p) {
          this.added = false;
          return r;
        }
      }
    }
    const k = this.hashed.intern(buf, start, end);
    if (!this.hashed.added) {
      this.added = false;
      return this.hashedRec[k]!;
    }
    const rec = this.newRecord(-1, k);
    this.hashedRec = grow(this.hashedRec, k + 1);
    this.hashedRec[k] = rec;
    return rec;
  }

  /** Record number of `id`, or -1. */
  find(id: string): number {
    const n = id.length;
    let j = n - 1;
    let seq = 0;
    let mul = 1;
    while (j >= 0 && n - j <= 10) {
      const d = id.charCodeAt(j) - 48;
      if (d < 0 || d > 9) break;
      seq += d * mul;
      mul *= 10;
      j -= 1;
    }
    // Fast path: the dense slot's record has exactly this prefix text.
    if (n - j - 1 >= 1 && seq < this.dense.length) {
      const r = this.dense[seq]! - 1;
      if (r >= 0) {
        const p = this.recPrefix[r]!;
        const digits = n - j - 1;
        if (
          p >= 0 &&
          digits <= 9 &&
          (digits === 1 || id.charCodeAt(j + 1) !== 48) &&
          this.prefixes.keyEqualsText(p, id, j + 1)
        )
          return r;
      }
    }
    const bytes = n * 3 > this.scratch.length ? Buffer.from(id, 'latin1') : this.scratch;
    const len = bytes === this.scratch ? this.scratch.write(id, 0, 'latin1') : bytes.length;
    return this.findBytes(bytes, 0, len);
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
      if (p >= 0 && seq < this.dense.length) {
        const r = this.dense[seq]! - 1;
        if (r >= 0 && this.recPrefix[r] === p) return r;
      }
    }
    const k = this.hashed.find(buf, start, end);
    return k < 0 ? -1 : this.hashedRec[k]!;
  }

  /** The id of record `rec` (latin1). */
  idText(rec: number): string {
    const p = this.recPrefix[rec]!;
    return p < 0
      ? this.hashed.keyText(this.recKey[rec]!)
      : `${this.prefixes.keyText(p)}${this.recKey[rec]}`;
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
    }
    this.cachedPrefix[h] = p + 1;
    return p;
  }

  private newRecord(prefix: number, key: number): number {
    const rec = this.size;
    if (rec >= this.recPrefix.length) {
      const wider = new Int16Array(this.recPrefix.length * 2);
      wider.set(this.recPrefix);
      this.recPrefix = wider;
      this.recKey = grow(this.recKey, rec + 1);
    }
    this.recPrefix[rec] = prefix;
    this.recKey[rec] = key;
    this.size += 1;
    this.added = true;
    return rec;
  }
}
