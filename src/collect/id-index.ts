/**
 * Index of request ids seen in the access log → record number. replay's ids are
 * `<runId>-<domain index>-<sequence>`: ids shaped `<prefix>-<decimal>` go into a dense array by their
 * number (one array slot per id, mostly in arrival order, so no hashing and few cache misses), tagged
 * with their prefix; any other id (or a clash) goes to a byte-keyed hash table.
 */
import { ByteKeyTable } from './byte-key-table.js';
import { parseDecimal } from './field-scanner.js';

const DENSE_MAX = 1 << 25;
const MAX_PREFIXES = 256;

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
  private dense = new Int32Array(1 << 16);
  private hashedRec = new Int32Array(1024);
  /** Per record: prefix index (-1: in the hash table) and sequence number or hash key index. */
  private recPrefix = new Int32Array(1 << 16);
  private recKey = new Int32Array(1 << 16);
  private readonly scratch = Buffer.allocUnsafe(4096);

  /** Record number of `buf[start, end)`, adding it when new. */
  intern(buf: Uint8Array, start: number, end: number): number {
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
      const seq = parseDecimal(buf, j + 1, end);
      if (
        seq < DENSE_MAX &&
        (this.prefixes.size < MAX_PREFIXES || this.prefixes.find(buf, start, j + 1) >= 0)
      ) {
        const p = this.prefixes.intern(buf, start, j + 1);
        this.dense = grow(this.dense, seq + 1, DENSE_MAX);
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
    const bytes = id.length * 3 > this.scratch.length ? Buffer.from(id, 'latin1') : this.scratch;
    const n = bytes === this.scratch ? this.scratch.write(id, 0, 'latin1') : bytes.length;
    return this.findBytes(bytes, 0, n);
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
      const seq = parseDecimal(buf, j + 1, end);
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

  private newRecord(prefix: number, key: number): number {
    const rec = this.size;
    this.recPrefix = grow(this.recPrefix, rec + 1);
    this.recKey = grow(this.recKey, rec + 1);
    this.recPrefix[rec] = prefix;
    this.recKey[rec] = key;
    this.size += 1;
    this.added = true;
    return rec;
  }
}
