/** The id index: replay-shaped ids in the dense array, anything else hashed, never confused. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { IdIndex } from '../../src/collect/join/index.ts';

const add = (index: IdIndex, id: string): number => {
  const b = Buffer.from(id, 'latin1');
  return index.intern(b, 0, b.length);
};

describe('IdIndex', () => {
  it('keeps ids distinct across prefixes, leading zeros, non-numeric and huge suffixes', () => {
    const index = new IdIndex();
    const ids = [
      'run-0-7',
      'run-1-7',
      'run-0-07',
      '7',
      '-7',
      'abc',
      'x-0',
      'x-00',
      'run-0-99999999999',
      'r\xe9-5',
      'run-0-8',
    ];
    const recs = ids.map((id) => add(index, id));
    assert.equal(new Set(recs).size, ids.length);
    assert.equal(index.size, ids.length);
    ids.forEach((id, k) => {
      assert.equal(index.find(id), recs[k], id);
      assert.equal(index.idText(recs[k]!), id);
    });
    assert.equal(index.find('run-2-7'), -1);
    assert.equal(index.find('run-0-9'), -1);
    assert.equal(index.find('nope'), -1);
  });

  it('reports a repeated id as not added, with the same record', () => {
    const index = new IdIndex();
    const first = add(index, 'a-1');
    assert.equal(index.added, true);
    assert.equal(add(index, 'a-1'), first);
    assert.equal(index.added, false);
    const other = add(index, 'b-1');
    assert.equal(index.added, true);
    assert.equal(add(index, 'b-1'), other);
    assert.equal(index.added, false);
  });

  it('grows to many ids', () => {
    const index = new IdIndex();
    for (let i = 0; i < 200_000; i += 1) add(index, `r-${i % 3}-${i}`);
    for (let i = 0; i < 5000; i += 1) add(index, `hashed:${i}`);
    assert.equal(index.size, 205_000);
    assert.equal(index.idText(index.find('r-1-199999')), 'r-1-199999'); // 199999 % 3 = 1
    assert.equal(index.find(`r-${123_456 % 3}-123456`) >= 0, true);
    assert.equal(index.find('hashed:4999') >= 0, true);
  });

  it('keeps ids on page boundaries, sparse sequences and the dense limit apart', () => {
    // The dense column and the record columns are paged (65,536 entries a page): sequences on both
    // sides of a page boundary, far apart (pages never written in between), and at the dense limit
    // (2^25: hashed from there on).
    const index = new IdIndex();
    const seqs = [
      65_535, 65_536, 65_537, 131_071, 1, 0, 9_999_999, 33_554_431, 33_554_432, 99_999_999,
    ];
    const ids = seqs.flatMap((n) => [`r-0-${n}`, `r-1-${n}`]);
    const recs = ids.map((id) => add(index, id));
    assert.equal(new Set(recs).size, ids.length);
    ids.forEach((id, k) => {
      assert.equal(index.find(id), recs[k], id);
      assert.equal(index.idText(recs[k]!), id);
      const b = Buffer.from(`xx${id}yy`, 'latin1');
      assert.equal(index.findBytes(b, 2, b.length - 2), recs[k], id);
    });
    // Missing: in a written page, in a page never written, past every page, one digit more or less.
    for (const id of [
      'r-0-65538',
      'r-0-5000000',
      'r-0-200000000',
      'r-0-6553',
      'r-0-655350',
      'r-2-1',
    ])
      assert.equal(index.find(id), -1, id);
  });

  it('records past the first page keep their ids (more than 65,536 records)', () => {
    const index = new IdIndex();
    const n = 70_000;
    for (let i = 0; i < n; i += 1) add(index, i % 2 === 0 ? `p-${i}` : `other:${i}`);
    assert.equal(index.size, n);
    for (const i of [0, 1, 65_535, 65_536, 65_537, n - 1]) {
      const id = i % 2 === 0 ? `p-${i}` : `other:${i}`;
      assert.equal(index.idText(index.find(id)), id);
      assert.equal(add(index, id), index.find(id));
      assert.equal(index.added, false);
    }
  });

  it('hashes ids once the prefix table is full, and still finds every one', () => {
    const index = new IdIndex();
    const ids = Array.from({ length: 300 }, (_, i) => `run${i}-7`);
    const recs = ids.map((id) => add(index, id));
    assert.equal(new Set(recs).size, 300);
    ids.forEach((id, k) => assert.equal(index.find(id), recs[k], id));
    assert.equal(index.find('run300-7'), -1);
  });
});
