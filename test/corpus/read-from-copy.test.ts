/**
 * A corpus read from a copy of the repository (the trusted-ref fetch) keeps the display paths, and so
 * the request keys, it has in the checkout: otherwise no baseline request matches a candidate request.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCorpusSpec, readFromCopy, resolveCorpusFiles } from '../../src/corpus/index.ts';

const REQUEST = 'GET / HTTP/1.1\r\nHost: app.test\r\n\r\n';

describe('a corpus read from a copy of the repository', () => {
  let checkout: string;
  let copy: string;
  before(async () => {
    const root = await mkdtemp(join(tmpdir(), 'waf-gate-corpus-copy-'));
    checkout = join(root, 'checkout');
    copy = join(root, 'trusted copy');
    for (const dir of [checkout, copy]) {
      await mkdir(join(dir, 'traffic', 'quality'), { recursive: true });
      await writeFile(join(dir, 'traffic', 'quality', 'a.txt'), REQUEST);
      await writeFile(join(dir, 'traffic', 'quality', 'b.txt'), REQUEST);
    }
  });
  after(async () => {
    await rm(join(checkout, '..'), { recursive: true, force: true });
  });

  for (const given of ['traffic/quality', 'traffic/quality/*.txt', 'traffic/quality/a.txt:80']) {
    it(`shows the checkout's paths for ${given}`, async () => {
      const inCheckout = await resolveCorpusFiles(
        parseCorpusSpec('corpus', given),
        'corpus',
        checkout,
      );
      // What the trusted fetch hands over: the same paths under the copy folder, absolute.
      const fetched = given
        .split(',')
        .map((item) => join(copy, item))
        .join(',');
      const specs = readFromCopy(parseCorpusSpec('corpus', fetched), copy);
      const inCopy = await resolveCorpusFiles(specs, 'corpus', '/nonexistent-working-folder');
      assert.deepEqual(
        inCopy.map((f) => f.displayPath),
        inCheckout.map((f) => f.displayPath),
      );
      assert.ok(
        inCopy.every((f) => f.absolutePath.startsWith(copy)),
        'read from the copy',
      );
      assert.deepEqual(
        specs.map((s) => s.weight),
        parseCorpusSpec('corpus', given).map((s) => s.weight),
      );
    });
  }

  it('leaves a path outside the copy as given', () => {
    const specs = parseCorpusSpec('corpus', '/srv/corpus/extra.txt');
    assert.deepEqual(readFromCopy(specs, copy), specs);
  });
});
