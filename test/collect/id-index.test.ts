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
});
