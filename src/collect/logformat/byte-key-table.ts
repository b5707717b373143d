/**
 * An open-addressing hash table keyed by byte ranges, so the scan loop can count per domain and index
 * request ids without building a string per line. Keys are copied into one growing arena; each slot
 * holds (index + 1, hash, arena offset, length), so a hit reads one slot and compares the bytes.
 */

const SLOT = 4;

/** Maps byte strings to dense indexes 0..size-1 (insertion order). */
export class ByteKeyTable {
  /** SLOT ints per slot: index + 1 (0 = empty), hash, arena offset, key length. */
  private slots: Int32Array;
  private mask: number;
  private arena: Uint8Array;
  private arenaUsed = 0;
  /** A DataView of `arena` (word compares), remade when the arena grows. */
  private arenaView: DataView;
  /** The buffer last compared against and a DataView of it: made once per buffer, not per key. */
  private viewOf: Uint8Array | null = null;
  private bufView: DataView = new DataView(new ArrayBuffer(0));
  /** [arena offset, length, hash] per key, in index order. */
  private meta: Int32Array;
  size = 0;
  /** Whether the last {@link intern} call added the key. */
  added = false;

  constructor(initialKeys = 64) {
    let n = 16;
    while (n < initialKeys * 2) n <<= 1;
    this.slots = new Int32Array(n * SLOT);
    this.mask = n - 1;
    this.arena = new Uint8Array(n * 16);
    this.arenaView = new DataView(this.arena.buffer);
    this.meta = new Int32Array((n >> 1) * 3);
  }

  /**
   * Hash of `buf[start, end)`. Keys of 8+ bytes are sampled (first 8, middle 4, last 4 bytes and the
   * length) without a loop — no mispredicted loop exits on keys of varying length; the full compare
   * on a hash match keeps it exact. Shorter keys are hashed byte by byte.
   */
  static hash(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    let h = Math.imul(0x811c9dc5 ^ len, 0x01000193);
    if (len >= 8) {
      const m = start + (len >> 1) - 2;
      const l = end - 4;
      h = Math.imul(
        h ^
          (buf[start]! |
            (buf[start + 1]! << 8) |
            (buf[start + 2]! << 16) |
            (buf[start + 3]! << 24)),
        0x01000193,
      );
      h = Math.imul(
        h ^
          (buf[start + 4]! |
            (buf[start + 5]! << 8) |
            (buf[start + 6]! << 16) |
            (buf[start + 7]! << 24)),
        0x01000193,
      );
      h ^= h >>> 15;
      h = Math.imul(
        h ^ (buf[m]! | (buf[m + 1]! << 8) | (buf[m + 2]! << 16) | (buf[m + 3]! << 24)),
        0x01000193,
      );
      h ^= h >>> 15;
      h = Math.imul(
        h ^ (buf[l]! | (buf[l + 1]! << 8) | (buf[l + 2]! << 16) | (buf[l + 3]! << 24)),
        0x01000193,
      );
    } else {
      for (let i = start; i < end; i += 1) h = Math.imul(h ^ buf[i]!, 0x01000193);
    }
    h ^= h >>> 16;
    return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
  }

  /**
   * {@link hash} of a key of 8+ bytes, its four words read through `bv` (a DataView of `buf`): four
   * loads instead of sixteen byte loads and shifts. The same value as {@link hash}.
   */
  private static hashWords(bv: DataView, start: number, end: number): number {
    const len = end - start;
    let h = Math.imul(0x811c9dc5 ^ len, 0x01000193);
    h = Math.imul(h ^ bv.getInt32(start, true), 0x01000193);
    h = Math.imul(h ^ bv.getInt32(start + 4, true), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h ^ bv.getInt32(start + (len >> 1) - 2, true), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h ^ bv.getInt32(end - 4, true), 0x01000193);
    h ^= h >>> 16;
    return Math.imul(h, 0x85ebca6b) ^ (h >>> 13);
  }

  /** Hash of `buf[start, end)`: keys of 8+ bytes through the buffer's DataView (made once per buffer). */
  private hashOf(buf: Uint8Array, start: number, end: number): number {
    if (end - start < 8) return ByteKeyTable.hash(buf, start, end);
    let bv = this.bufView;
    if (this.viewOf !== buf) {
      bv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
      this.bufView = bv;
    }
    return ByteKeyTable.hashWords(bv, start, end);
  }

  /** Index of the key, or -1. */
  find(buf: Uint8Array, start: number, end: number): number {
    const slot = this.probe(buf, start, end, this.hashOf(buf, start, end));
    return slot < 0 ? -1 : this.slots[slot * SLOT]! - 1;
  }

  /** Index of the key, inserting it when new (see {@link added}). */
  intern(buf: Uint8Array, start: number, end: number): number {
    const hash = this.hashOf(buf, start, end);
    const slot = this.probe(buf, start, end, hash);
    if (slot >= 0) {
      this.added = false;
      return this.slots[slot * SLOT]! - 1;
    }
    this.added = true;
    return this.insert(buf, start, end, hash, -slot - 1);
  }

  /** True when key `index` equals `buf[start, end)`. */
  keyEquals(index: number, buf: Uint8Array, start: number, end: number): boolean {
    if (this.meta[index * 3 + 1] !== end - start) return false;
    return this.sameBytes(this.meta[index * 3]!, buf, start, end);
  }

  /**
   * True when the arena bytes at `at` equal `buf[start, end)`. Compares four bytes a step as 32-bit
   * words (two loads instead of eight byte loads and seven XORs; fewer mispredicted branches on keys
   * of varying length), the last 0–3 bytes one by one. Keys under four bytes (`-`) make no view: a
   * log mixing `-` hosts with others does not allocate one per line.
   */
  private sameBytes(at: number, buf: Uint8Array, start: number, end: number): boolean {
    let bv = this.bufView;
    if (this.viewOf !== buf && end - start >= 4) {
      bv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
      this.bufView = bv;
    }
    const av = this.arenaView;
    const a = at - start;
    let i = start;
    while (i + 4 <= end && av.getInt32(a + i, true) === bv.getInt32(i, true)) i += 4;
    const arena = this.arena;
    while (i < end && arena[a + i] === buf[i]) i += 1;
    return i === end;
  }

  /** True when key `index` equals the first `length` characters of `text` read as latin1 bytes. */
  keyEqualsText(index: number, text: string, length: number): boolean {
    if (this.meta[index * 3 + 1] !== length) return false;
    const a = this.meta[index * 3]!;
    const arena = this.arena;
    for (let i = 0; i < length; i += 1) if (arena[a + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  /** The key at `index` as latin1 text. */
  keyText(index: number): string {
    const s = this.meta[index * 3]!;
    const length = this.meta[index * 3 + 1]!;
    return Buffer.from(this.arena.buffer, this.arena.byteOffset + s, length).toString('latin1');
  }

  /** Slot holding the key (>= 0), or -(empty slot) - 1. */
  private probe(buf: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const len = end - start;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const at = slot * SLOT;
      const k1 = slots[at]!;
      if (k1 === 0) return -slot - 1;
      if (slots[at + 1] === hash && slots[at + 3] === len) {
        if (this.sameBytes(slots[at + 2]!, buf, start, end)) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private insert(buf: Uint8Array, start: number, end: number, hash: number, slot: number): number {
    const len = end - start;
    if (this.arenaUsed + len > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
      this.arenaView = new DataView(bigger.buffer);
    }
    const at = this.arenaUsed;
    this.arena.set(buf.subarray(start, end), at);
    this.arenaUsed += len;
    const k = this.size;
    if ((k + 1) * 3 > this.meta.length) {
      const bigger = new Int32Array(this.meta.length * 2);
      bigger.set(this.meta);
      this.meta = bigger;
    }
    this.meta[k * 3] = at;
    this.meta[k * 3 + 1] = len;
    this.meta[k * 3 + 2] = hash;
    this.size += 1;
    this.put(this.slots, slot, k);
    if (this.size * 2 > this.mask + 1) this.grow();
    return k;
  }

  private put(slots: Int32Array, slot: number, k: number): void {
    const at = slot * SLOT;
    slots[at] = k + 1;
    slots[at + 1] = this.meta[k * 3 + 2]!;
    slots[at + 2] = this.meta[k * 3]!;
    slots[at + 3] = this.meta[k * 3 + 1]!;
  }

  private grow(): void {
    const n = (this.mask + 1) * 2;
    const slots = new Int32Array(n * SLOT);
    const mask = n - 1;
    for (let k = 0; k < this.size; k += 1) {
      let slot = this.meta[k * 3 + 2]! & mask;
      while (slots[slot * SLOT] !== 0) slot = (slot + 1) & mask;
      this.put(slots, slot, k);
    }
    this.slots = slots;
    this.mask = mask;
  }
}
