/** Corpus readers: raw, ftw (old and new), HAR, JSON Lines; errors name file and line; weights; globs. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isConfigError } from '../../src/common/errors.ts';
import { loadCorpus, parseCorpusSpec } from '../../src/corpus/index.ts';

const FIX = 'test/fixtures/corpus';
const text = (b: Buffer): string => b.toString('latin1');

describe('corpus readers', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-corpus-test-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('raw: CRLF separators, bytes kept, blank tail ignored, lines recorded', async () => {
    const c = await loadCorpus(`${FIX}/crlf.txt`);
    assert.deepEqual(
      c.entries.map((e) => text(e.raw)),
      ['GET /one HTTP/1.1\r\nHost: a\r\n\r\n', 'GET /two HTTP/1.1\r\nHost: a\r\n\r\n'],
    );
    assert.deepEqual(
      c.entries.map((e) => e.origin),
      [
        { file: `${FIX}/crlf.txt`, index: 0, line: 1 },
        { file: `${FIX}/crlf.txt`, index: 1, line: 5 },
      ],
    );
  });

  it('raw: streams a file larger than a read chunk with separators across chunk edges', async () => {
    const parts: Buffer[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const req = `POST /r${i} HTTP/1.1\nHost: a\nContent-Length: 700\n\n${'x'.repeat(699)}\n`;
      expected.push(req);
      parts.push(Buffer.from(req), Buffer.from(i % 2 ? '====****\r\n' : '====****\n'));
    }
    const path = join(dir, 'big.raw');
    await writeFile(path, Buffer.concat(parts));
    const c = await loadCorpus(path);
    assert.equal(c.entries.length, 3000);
    assert.ok(c.entries.every((e, i) => text(e.raw) === expected[i]));
    assert.equal(c.entries[2]!.origin.line, 13);
  });

  it('raw: a separator-looking text inside a line is not a separator', async () => {
    const path = join(dir, 'inline.txt');
    await writeFile(
      path,
      'GET /a HTTP/1.1\nX: ====****\n\n====****\nGET /b HTTP/1.1\n\n====**** \n',
    );
    const c = await loadCorpus(path);
    assert.deepEqual(
      c.entries.map((e) => text(e.raw)),
      ['GET /a HTTP/1.1\nX: ====****\n\n', 'GET /b HTTP/1.1\n\n====**** \n'],
    );
  });

  it('ftw old format (stage.input, headers map, data, raw_request)', async () => {
    const c = await loadCorpus(`${FIX}/ftw-old.yaml`);
    assert.equal(c.entries.length, 2);
    assert.equal(
      text(c.entries[0]!.raw),
      'POST / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: OWASP ModSecurity Core Rule Set\r\nAccept: */*\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: close\r\nContent-Length: 11\r\n\r\nq=@@version',
    );
    assert.equal(text(c.entries[1]!.raw), 'GET /raw HTTP/1.1\r\nHost: localhost\r\n\r\n');
    assert.equal(c.entries[0]!.origin.line, 11);
  });

  it('ftw new format (input, ordered_headers, encoded_request, encoded_data, autocomplete off)', async () => {
    const c = await loadCorpus(`${FIX}/ftw-new.yaml`);
    assert.deepEqual(
      c.entries.map((e) => text(e.raw)),
      [
        'GET /?x=1 HTTP/1.0\r\nHost: localhost\r\nx-dup: 1\r\nX-Dup: 2\r\n\r\n',
        'GET /enc HTTP/1.1\r\nHost: localhost\r\n\r\n',
        'POST /b HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: close\r\nContent-Length: 2\r\n\r\n\x00\xff',
      ],
    );
  });

  it('ftw: request line and headers as UTF-8 like go-ftw; stop_magic (old ftw) adds no headers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-ftw-'));
    try {
      const file = join(dir, 'utf8.yaml');
      await writeFile(
        file,
        [
          'meta: {author: t, enabled: true, name: utf8.yaml}',
          'tests:',
          '  - test_title: 920-utf8',
          '    stages:',
          '      - input:',
          '          uri: "/?q=\\uFF1Cscript\\uFF1E"',
          '          headers: {Host: localhost, X-Name: "caf\\u00e9"}',
          '  - test_title: old-stop-magic',
          '    stages:',
          '      - stage:',
          '          input:',
          '            method: POST',
          '            stop_magic: true',
          '            headers: {Host: localhost}',
          '            data: a=1',
          '',
        ].join('\n'),
      );
      const c = await loadCorpus(file);
      const first = c.entries[0]!.raw;
      // U+FF1C is EF BC 9C in UTF-8; latin1 would have sent the single byte 1C.
      assert.ok(first.includes(Buffer.from([0xef, 0xbc, 0x9c])), first.toString('hex'));
      assert.ok(!first.includes(Buffer.from('?q=\x1c', 'latin1')));
      assert.ok(first.includes(Buffer.from('X-Name: caf\u00e9', 'utf8')));
      assert.equal(
        c.entries[1]!.raw.toString('latin1'),
        'POST / HTTP/1.1\r\nHost: localhost\r\n\r\na=1',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ftw: a file with meta.enabled false is not sent; its stages are counted and reported', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-ftw-'));
    try {
      const test = (title: string) =>
        `  - test_title: ${title}\n    stages:\n      - input: {uri: /${title}, headers: {Host: localhost}}\n`;
      await writeFile(
        join(dir, 'off.yaml'),
        `meta:\n  author: t\n  enabled: false\ntests:\n${test('a')}${test('b')}`,
      );
      await writeFile(join(dir, 'on.yaml'), `meta:\n  enabled: true\ntests:\n${test('c')}`);
      const c = await loadCorpus(dir);
      assert.deepEqual(
        c.entries.map((e) => e.raw.toString('latin1').split(' ')[1]),
        ['/c'],
      );
      assert.equal(c.disabled, 2);
      const warning = c.warnings.find((w) => /meta\.enabled: false/.test(w.message));
      assert.ok(warning, JSON.stringify(c.warnings));
      assert.match(warning.file, /off\.yaml$/);
      assert.equal(warning.line, 2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('HAR 1.2: HTTP/2 pseudo headers become Host, Content-Length is the real length', async () => {
    const c = await loadCorpus(`${FIX}/browser.har`);
    assert.deepEqual(
      c.entries.map((e) => text(e.raw)),
      [
        'GET /search?q=shoes&page=2 HTTP/1.1\r\nHost: shop.example\r\nuser-agent: Mozilla/5.0\r\naccept: text/html\r\n\r\n',
        'POST /api HTTP/1.1\r\nHost: shop.example\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}',
      ],
    );
    assert.deepEqual(
      c.entries.map((e) => e.origin.line),
      [8, 25],
    );
  });

  it('JSON Lines: parts, base64 bodies, raw and rawBase64; blank lines skipped', async () => {
    const c = await loadCorpus(`${FIX}/requests.jsonl`);
    assert.deepEqual(
      c.entries.map((e) => text(e.raw)),
      [
        'GET /a?b=1 HTTP/1.1\r\nHost: x.test\r\nUser-Agent: ua\r\n\r\n',
        'POST /p HTTP/1.1\r\nHost: x.test\r\nContent-Length: 3\r\n\r\n\x00\xff\xfe',
        'GET /raw HTTP/1.1\r\nHost: x.test\r\n\r\n',
        'GET / HTTP/1.1\r\n\r\n',
      ],
    );
    assert.deepEqual(
      c.entries.map((e) => e.origin.line),
      [1, 3, 4, 5],
    );
  });

  it('malformed entries: ConfigError naming file and line', async () => {
    await assert.rejects(loadCorpus(`${FIX}/bad.jsonl`), (error: unknown) => {
      assert.ok(isConfigError(error));
      assert.equal(error.file, `${FIX}/bad.jsonl`);
      assert.equal(error.line, 2);
      return true;
    });
    await assert.rejects(loadCorpus(`${FIX}/bad-ftw.yaml`), (error: unknown) => {
      assert.ok(isConfigError(error));
      assert.equal(error.file, `${FIX}/bad-ftw.yaml`);
      assert.equal(error.line, 11);
      assert.match(error.message, /encoded_request/);
      return true;
    });
  });

  it('skipInvalid skips malformed entries and counts them', async () => {
    const c = await loadCorpus(`${FIX}/bad.jsonl,${FIX}/bad-ftw.yaml`, { skipInvalid: true });
    assert.equal(c.skipped, 3);
    assert.deepEqual(
      c.entries.map((e) => e.origin.line),
      [1, 4, 5],
    );
  });

  it('folders, globs and weights; the fingerprint depends on bytes and weights only', async () => {
    await mkdir(join(dir, 'mix', 'sub'), { recursive: true });
    await writeFile(join(dir, 'mix', 'a.txt'), 'GET /a HTTP/1.1\r\n\r\n');
    await writeFile(join(dir, 'mix', 'sub', 'b.txt'), 'GET /b HTTP/1.1\r\n\r\n');
    await writeFile(join(dir, 'mix', 'notes.md'), 'ignored');
    const folder = await loadCorpus(join(dir, 'mix'));
    assert.deepEqual(
      folder.entries.map((e) => text(e.raw)),
      ['GET /a HTTP/1.1\r\n\r\n', 'GET /b HTTP/1.1\r\n\r\n'],
    );
    const glob = await loadCorpus(`${dir}/mix/**/*.txt`);
    assert.equal(glob.fingerprint, folder.fingerprint);
    const weighted = await loadCorpus(`${dir}/mix/a.txt:80,${dir}/mix/sub/*.txt:20`);
    assert.deepEqual(weighted.weights, [80, 20]);
    assert.notEqual(weighted.fingerprint, folder.fingerprint);
    assert.deepEqual(parseCorpusSpec('corpus', 'browse.txt:80, search.txt:20'), [
      { pattern: 'browse.txt', weight: 80 },
      { pattern: 'search.txt', weight: 20 },
    ]);
    assert.throws(
      () => parseCorpusSpec('corpus', 'a.txt:80,b.txt'),
      /every corpus item or to none/,
    );
    await assert.rejects(loadCorpus(join(dir, 'missing.txt')), /not found/);
  });
});
