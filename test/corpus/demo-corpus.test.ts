/** The bundled demo corpus is clean (issue 10 item 7): every Content-Length matches its body. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCorpus } from '../../src/corpus/index.ts';

describe('demo corpus', () => {
  for (const file of ['corpus/demo/attacks.txt', 'corpus/demo/benign.txt']) {
    it(`${file}: loads without Content-Length warnings`, async () => {
      const corpus = await loadCorpus(file);
      assert.ok(corpus.entryCount > 10);
      assert.deepEqual(
        corpus.warnings.map((w) => w.message),
        [],
      );
    });
  }
});
