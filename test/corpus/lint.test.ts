/** Corpus lint: Content-Length vs body bytes, warned once per file with file:line, bytes unchanged. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contentLengthMismatch, loadCorpus } from '../../src/corpus/index.ts';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

describe('corpus lint: Content-Length', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-lint-test-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('compares the declared length with the body bytes', () => {
    assert.equal(contentLengthMismatch(b('POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\na=b')), null);
    assert.deepEqual(
      contentLengthMismatch(b('POST / HTTP/1.1\r\ncontent-length:  3 \r\n\r\na=b\r\n')),
      { declared: 3, actual: 5 },
    );
    assert.deepEqual(contentLengthMismatch(b('POST / HTTP/1.1\nContent-Length: 10\n\nshort')), {
      declared: 10,
      actual: 5,
    });
    // Nothing to compare: no Content-Length, chunked, duplicates, garbage, no complete head.
    assert.equal(contentLengthMismatch(b('GET / HTTP/1.1\r\nHost: a\r\n\r\n')), null);
    assert.equal(
      contentLengthMismatch(
        b('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n0\r\n\r\n'),
      ),
      null,
    );
    assert.equal(
      contentLengthMismatch(
        b('POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'),
      ),
      null,
    );
    assert.equal(contentLengthMismatch(b('POST / HTTP/1.1\r\nContent-Length: x\r\n\r\nab')), null);
    assert.equal(contentLengthMismatch(b('POST / HTTP/1.1\r\nContent-Length: 1\r\n')), null);
  });

  it('raw: the line ending before the separator, warned once per file with file:line', async () => {
    const path = join(dir, 'glued.txt');
    const first = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';
    const bad = 'POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\nuser=ab\r\n';
    await writeFile(path, `${first}====****\r\n${bad}====****\r\n${bad}====****\r\n`);
    const c = await loadCorpus(path);
    // Bytes are never changed.
    assert.deepEqual(
      c.entries.map((e) => e.raw.toString('latin1')),
      [first, bad, bad],
    );
    assert.equal(c.warnings.length, 1);
    const w = c.warnings[0]!;
    assert.equal(w.file, path);
    assert.equal(w.line, 5);
    assert.match(w.message, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: `));
    assert.match(w.message, /Content-Length says 7 bytes but the body has 9/);
    assert.match(w.message, /separator/);
    assert.match(w.message, /1 more request/);
  });

  it('jsonl: a raw request that lost its body bytes; other files and formats unaffected', async () => {
    const jsonl = join(dir, 'cut.jsonl');
    await writeFile(
      jsonl,
      `${JSON.stringify({ raw: 'GET / HTTP/1.1\r\nHost: a\r\n\r\n' })}\n${JSON.stringify({
        raw: 'POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\nhello',
      })}\n${JSON.stringify({ method: 'POST', url: '/', body: 'ok' })}\n`,
    );
    const good = join(dir, 'good.txt');
    await writeFile(good, 'POST / HTTP/1.1\nContent-Length: 2\n\nok');
    const c = await loadCorpus(`${jsonl},${good}`);
    assert.equal(c.entries.length, 4);
    assert.deepEqual(
      c.warnings.map((w) => [w.file, w.line]),
      [[jsonl, 2]],
    );
    assert.match(c.warnings[0]!.message, /says 12 bytes but the body has 5/);
  });
});
