/**
 * Issue 9: YAML anchors/aliases in ftw corpora are resolved (and an alias bomb is refused with file and
 * line); a HAR body that is not a string is an error naming file, entry, field and value, never dropped.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatError, isConfigError } from '../../src/common/errors.ts';
import { loadCorpus } from '../../src/corpus/index.ts';

const text = (b: Buffer): string => b.toString('latin1');

describe('ftw aliases and HAR bodies (issue 9)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-alias-test-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, content: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };

  it('ftw: `headers: *h` and `data: *x` send the anchored header map and body', async () => {
    const path = await write(
      'alias.yaml',
      [
        'meta: {author: t}',
        'common: &h',
        '  Host: a.test',
        '  User-Agent: ftw',
        'payload: &x "q=1%27"',
        'tests:',
        '  - test_title: one',
        '    stages:',
        '      - stage:',
        '          input:',
        '            method: POST',
        '            uri: /s',
        '            headers: *h',
        '            data: *x',
        '',
      ].join('\n'),
    );
    const c = await loadCorpus(path);
    assert.equal(
      text(c.entries[0]!.raw),
      'POST /s HTTP/1.1\r\nHost: a.test\r\nUser-Agent: ftw\r\n' +
        'Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n' +
        'Content-Length: 6\r\n\r\nq=1%27',
    );
    assert.doesNotMatch(text(c.entries[0]!.raw), /source|\[object Object\]/);
  });

  it('ftw: a whole input, a stage and a data list given by alias; lines point at each input', async () => {
    const path = await write(
      'alias-input.yaml',
      [
        'base: &in',
        '  uri: /base',
        '  headers: {Host: b.test}',
        'lines: &lines ["a=1", "b=2"]',
        'tests:',
        '  - stages:',
        '      - input: *in',
        '      - input:',
        '          method: POST',
        '          headers: {Host: b.test, Content-Type: text/plain}',
        '          data: *lines',
        '',
      ].join('\n'),
    );
    const c = await loadCorpus(path);
    assert.deepEqual(
      c.entries.map((e) => text(e.raw)),
      [
        'GET /base HTTP/1.1\r\nHost: b.test\r\nConnection: close\r\n\r\n',
        'POST / HTTP/1.1\r\nHost: b.test\r\nContent-Type: text/plain\r\nConnection: close\r\n' +
          'Content-Length: 8\r\n\r\na=1\r\nb=2',
      ],
    );
    assert.deepEqual(
      c.entries.map((e) => e.origin.line),
      [7, 9],
    );
  });

  it('ftw: an alias bomb is refused with file and line, without expanding it', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const path = await write(
      'bomb.yaml',
      [...levels, 'tests:', '  - stages:', '      - input:', '          data: *i', ''].join('\n'),
    );
    await assert.rejects(loadCorpus(path), (error: unknown) => {
      assert.ok(isConfigError(error));
      assert.equal(error.file, path);
      assert.equal(error.line, 13);
      assert.match(error.message, /aliases expand too much .*at most 1000 expansions/);
      return true;
    });
  });

  it('ftw: a map where text is expected is an error, not "[object Object]"', async () => {
    const path = await write(
      'map-data.yaml',
      ['m: &m {k: v}', 'tests:', '  - stages:', '      - input:', '          data: *m', ''].join(
        '\n',
      ),
    );
    await assert.rejects(loadCorpus(path), (error: unknown) => {
      assert.ok(isConfigError(error));
      assert.equal(error.line, 5);
      assert.match(error.message, /"data" must be text, not a map or list/);
      return true;
    });
  });

  const har = (postData: unknown): string =>
    JSON.stringify({
      log: {
        entries: [
          { request: { method: 'GET', url: 'http://h.test/ok', headers: [] } },
          {
            request: { method: 'POST', url: 'http://h.test/n', headers: [], postData },
          },
        ],
      },
    });

  it('HAR: a number as postData.text is an error naming file, entry, field and value', async () => {
    const path = await write('number.har', har({ mimeType: 'text/plain', text: 12345 }));
    await assert.rejects(loadCorpus(path), (error: unknown) => {
      assert.ok(isConfigError(error));
      assert.equal(error.file, path);
      assert.equal(error.line, 1);
      assert.match(
        error.message,
        /^Malformed HAR entry 1: "postData\.text" must be a string \(HAR 1\.2\), got number 12345; quote it: "12345"\.$/,
      );
      assert.match(formatError(error), /number\.har:1: Malformed HAR entry 1/);
      return true;
    });
    const skipped = await loadCorpus(path, { skipInvalid: true });
    assert.equal(skipped.entryCount, 1);
    assert.equal(skipped.skipped, 1);
  });

  it('HAR: an object body, params without text and bad base64 are errors; a string body is sent', async () => {
    for (const [postData, pattern] of [
      [{ text: { a: 1 } }, /"postData\.text" must be a string \(HAR 1\.2\), got object \{"a":1\}/],
      [
        { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'a', value: '1' }] },
        /"postData" has "params" but no "text"/,
      ],
      [{ text: 'not base64!', encoding: 'base64' }, /"postData\.text" is not base64 text/],
    ] as const) {
      const path = await write('bad.har', har(postData));
      await assert.rejects(loadCorpus(path), pattern);
    }
    const path = await write('good.har', har({ mimeType: 'text/plain', text: '12345' }));
    const c = await loadCorpus(path);
    assert.equal(
      text(c.entries[1]!.raw),
      'POST /n HTTP/1.1\r\nHost: h.test\r\nContent-Length: 5\r\n\r\n12345',
    );
  });
});
