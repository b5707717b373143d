/**
 * An open-addressing hash table keyed by byte ranges, so the scan loop can count per domain and index
 * request ids without building a string per line. Keys are copied into one growing arena; the slot
 * array holds (index, hash) pairs so a probe touches one cache line until the hashes match.
 */

/** Maps byte strings to dense indexes 0..size-1 (insertion order). */
export class ByteKeyTable {
  /** [index + 1 (0 = empty), hash] per slot. */
  private slots: Int32Array;
  private mask: number;
  private arena: Buffer;
  private arenaUsed = 0;
  /** [start, length, hash] per key. */
  private meta: Int32Array;
  size = 0;
  /** Whether the last {@link intern} call added the key. */
  added = false;

  constructor(initialKeys = 64) {
    let n = 16;
    while (n < initialKeys * 2) n <<= 1;
    this.slots = new Int32Array(n * 2);
    this.mask = n - 1;
    this.arena = Buffer.allocUnsafe(n * 16);
    this.meta = new Int32Array((n >> 1) * 3);
  }

  /** FNV-1a over `buf[start, end)`. */
  static hash(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i += 1) h = Math.imul(h ^ buf[i]!, 0x01000193);
    return h;
  }

  /** Index of the key, or -1. */
  find(buf: Uint8Array, start: number, end: number): number {
    const hash = ByteKeyTable.hash(buf, start, end);
    const slot = this.probe(buf, start, end, hash);
    return slot < 0 ? -1 : this.slots[slot * 2]! - 1;
  }

  /** Index of the key, inserting it when new (see {@link added}). */
  intern(buf: Uint8Array, start: number, end: number): number {
    const hash = ByteKeyTable.hash(buf, start, end);
    const slot = this.probe(buf, start, end, hash);
    if (slot >= 0) {
      this.added = false;
      return this.slots[slot * 2]! - 1;
    }
    this.added = true;
    return this.insert(buf, start, end, hash, -slot - 1);
  }

  /** The key at `index` as latin1 text. */
  keyText(index: number): string {
    const s = this.meta[index * 3]!;
    return this.arena.toString('latin1', s, s + this.meta[index * 3 + 1]!);
  }

  /** Slot holding the key (>= 0), or -(empty slot) - 1. */
  private probe(buf: Uint8Array, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const len = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const k1 = slots[slot * 2]!;
      if (k1 === 0) return -slot - 1;
      if (slots[slot * 2 + 1] === hash) {
        const k = (k1 - 1) * 3;
        if (this.meta[k + 1] === len && this.equals(this.meta[k]!, buf, start, len)) return slot;
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private equals(at: number, buf: Uint8Array, start: number, len: number): boolean {
    const arena = this.arena;
    for (let i = 0; i < len; i += 1) if (arena[at + i] !== buf[start + i]) return false;
    return true;
  }

  private insert(buf: Uint8Array, start: number, end: number, hash: number, slot: number): number {
    const len = end - start;
    if (this.arenaUsed + len > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + len));
      this.arena.copy(bigger, 0, 0, this.arenaUsed);
      this.arena = bigger;
    }
    const arena = this.arena;
    const at = this.arenaUsed;
    if (len > 32) arena.set(buf.subarray(start, end), at);
    else for (let i = 0; i < len; i += 1) arena[at + i] = buf[start + i]!;
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
    this.slots[slot * 2] = k + 1;
    this.slots[slot * 2 + 1] = hash;
    if (this.size * 2 > this.mask + 1) this.grow();
    return k;
  }

  private grow(): void {
    const n = (this.mask + 1) * 2;
    const slots = new Int32Array(n * 2);
    const mask = n - 1;
    for (let k = 0; k < this.size; k += 1) {
      const hash = this.meta[k * 3 + 2]!;
      let slot = hash & mask;
      while (slots[slot * 2] !== 0) slot = (slot + 1) & mask;
      slots[slot * 2] = k + 1;
      slots[slot * 2 + 1] = hash;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
