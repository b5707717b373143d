/**
 * ByteKeyTable (the scan loop's byte-keyed hash table) against a Map of strings: random keys read from
 * several buffers at unaligned offsets (pooled Buffers, Uint8Array views, keys sharing prefixes and
 * lengths) must get the same indexes, hits and misses as the reference. The table compares keys four
 * bytes at a time through DataViews made once per buffer, so switching buffers, odd offsets and tail
 * bytes are what this exercises.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteKeyTable } from '../../src/collect/logformat/index.ts';

/** A key alphabet small enough that keys collide in prefix, length and hash samples. */
const keyArb = fc.string({ unit: fc.constantFrom('a', 'b', '.', '-', '0', '\xe9'), maxLength: 40 });

/** Places `key` in a fresh buffer of one of several kinds, `pad` bytes in; returns [buf, start, end]. */
function place(key: string, pad: number, kind: number): [Uint8Array, number, number] {
  const bytes = Buffer.from(key, 'latin1');
  if (kind === 0) {
    // A small pooled Buffer: shares an ArrayBuffer with others, non-zero byteOffset.
    const b = Buffer.from(`${'z'.repeat(pad)}${key}zz`, 'latin1');
    return [b, pad, pad + bytes.length];
  }
  const whole = new ArrayBuffer(pad + bytes.length + 8 + 3);
  const view = new Uint8Array(whole, 3); // unaligned view of the ArrayBuffer
  view.fill(122);
  view.set(bytes, pad);
  return kind === 1
    ? [view, pad, pad + bytes.length]
    : [Buffer.from(whole, 3), pad, pad + bytes.length];
}

describe('ByteKeyTable', () => {
  it('interns and finds exactly like a Map of the key strings (random keys, buffers, offsets)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            key: keyArb,
            pad: fc.nat({ max: 9 }),
            kind: fc.nat({ max: 2 }),
            find: fc.boolean(),
          }),
          { maxLength: 300 },
        ),
        (ops) => {
          const table = new ByteKeyTable(4);
          const reference = new Map<string, number>();
          for (const { key, pad, kind, find } of ops) {
            const [buf, start, end] = place(key, pad, kind);
            if (find) {
              assert.equal(table.find(buf, start, end), reference.get(key) ?? -1, `find ${key}`);
              continue;
            }
            const k = table.intern(buf, start, end);
            const expected = reference.get(key);
            assert.equal(table.added, expected === undefined, `added ${key}`);
            if (expected === undefined) reference.set(key, k);
            assert.equal(k, expected ?? reference.size - 1, `intern ${key}`);
            assert.equal(table.keyText(k), key);
            assert.equal(table.keyEquals(k, buf, start, end), true);
          }
          assert.equal(table.size, reference.size);
          for (const [key, k] of reference) {
            // keyEquals against every other key: true only for its own.
            for (const [other, j] of reference) {
              const [buf, start, end] = place(other, 1, 2);
              assert.equal(table.keyEquals(k, buf, start, end), j === k, `${key} vs ${other}`);
            }
          }
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });

  it('compares the bytes of a view, not those at the same index of its ArrayBuffer', () => {
    const table = new ByteKeyTable(4);
    const k = table.intern(Buffer.from('KEY1KEY1'), 0, 8);
    // The ArrayBuffer holds KEY1KEY1 first; the view starts after it and reads KEY2KEY2.
    const whole = new Uint8Array(16);
    whole.set(Buffer.from('KEY1KEY1KEY2KEY2'));
    const view = new Uint8Array(whole.buffer, 8, 8);
    assert.equal(table.keyEquals(k, view, 0, 8), false);
    assert.equal(table.keyEquals(k, whole, 0, 8), true);
    assert.equal(table.keyEquals(k, view, 0, 8), false);
  });

  it('tells apart keys that differ only in one byte at any position, also across buffer switches', () => {
    const table = new ByteKeyTable(4);
    const base = 'site12.example.test-run-000';
    const a = Buffer.from(`xx${base}`, 'latin1');
    const ka = table.intern(a, 2, a.length);
    for (let i = 0; i < base.length; i += 1) {
      const changed =
        base.slice(0, i) + String.fromCharCode(base.charCodeAt(i) ^ 1) + base.slice(i + 1);
      const b = Buffer.from(`y${changed}`, 'latin1');
      assert.equal(table.find(b, 1, b.length), -1, `byte ${i} changed must miss`);
      assert.equal(table.keyEquals(ka, b, 1, b.length), false);
      // Back to the first buffer: the per-buffer view must follow.
      assert.equal(table.find(a, 2, a.length), ka);
    }
  });
});
