/**
 * Fuzzing the corpus readers (issue 9): generated requests written in each format (raw, ftw YAML with
 * anchors and aliases, HAR, JSON Lines) read back as the same bytes; arbitrary bytes and arbitrary JSON
 * or YAML shapes never throw anything but the project's coded errors.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadCorpus } from '../../src/corpus/index.ts';
import { buildRequest } from '../../src/corpus/build-request.ts';
import { FUZZ_TIMEOUT_MS, fuzzParams, isCodedError } from './fuzz-runs.ts';

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,30}[!-~])?$/);
const reserved = /^(host|content-length|transfer-encoding|content-type|connection)$/i;

interface Parts {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: string;
}

const parts: fc.Arbitrary<Parts> = fc.record({
  method: fc.stringMatching(/^[A-Z]{1,7}$/),
  target: fc.stringMatching(/^\/[A-Za-z0-9._~%/?=&-]{0,30}$/),
  headers: fc.array(
    fc.tuple(
      token.filter((n) => !reserved.test(n)),
      headerValue,
    ),
    { maxLength: 5 },
  ),
  // Printable text with line breaks; the raw format needs no separator line inside a body.
  body: fc
    .string({
      unit: fc.constantFrom('a', 'Z', '0', ' ', '=', '&', '%', '\n', 'é', '€', '*'),
      maxLength: 40,
    })
    .filter((b) => !/(^|\n)====\*\*\*\*(\r?\n|$)/.test(b)),
});

describe('fuzz: corpus readers', { timeout: FUZZ_TIMEOUT_MS }, () => {
  let dir: string;
  let n = 0;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-fuzz-corpus-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));
  const file = async (ext: string, data: string | Uint8Array): Promise<string> => {
    const path = join(dir, `f${n++}.${ext}`);
    await writeFile(path, data);
    return path;
  };
  const readBack = async (path: string): Promise<string[]> =>
    (await loadCorpus(path)).entries.map((e) => e.raw.toString('latin1'));
  const latin1 = (b: Buffer): string => b.toString('latin1');

  it('raw: requests joined with separators read back byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(parts, { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (list, crlf) => {
          const requests = list.map((p) => {
            const bytes = buildRequest({ ...p, body: Buffer.from(p.body, 'utf8') });
            // A request ends with a line ending before the separator line (FORMATS.md).
            return latin1(bytes).endsWith('\n') ? latin1(bytes) : `${latin1(bytes)}\n`;
          });
          const sep = crlf ? '====****\r\n' : '====****\n';
          const path = await file('txt', Buffer.from(requests.join(sep), 'latin1'));
          assert.deepEqual(await readBack(path), requests);
        },
      ),
      fuzzParams(150),
    );
  });

  it('JSON Lines: parts read back as the built request', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(parts, { minLength: 1, maxLength: 4 }), async (list) => {
        const lines = list.map((p) =>
          JSON.stringify({ method: p.method, url: p.target, headers: p.headers, body: p.body }),
        );
        const path = await file('jsonl', `${lines.join('\n')}\n`);
        assert.deepEqual(
          await readBack(path),
          list.map((p) => latin1(buildRequest({ ...p, body: Buffer.from(p.body, 'utf8') }))),
        );
      }),
      fuzzParams(150),
    );
  });

  it('HAR: entries read back with Host from the URL and the real Content-Length', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(parts, { minLength: 1, maxLength: 4 }), async (list) => {
        const har = {
          log: {
            entries: list.map((p) => ({
              request: {
                method: p.method,
                url: `http://h.test${p.target}`,
                httpVersion: 'HTTP/1.1',
                headers: p.headers.map(([name, value]) => ({ name, value })),
                ...(p.body !== '' ? { postData: { mimeType: 'text/plain', text: p.body } } : {}),
              },
            })),
          },
        };
        const path = await file('har', JSON.stringify(har, null, 1));
        assert.deepEqual(
          await readBack(path),
          list.map((p) =>
            latin1(
              buildRequest({
                ...p,
                headers: [['Host', 'h.test'], ...p.headers],
                body: Buffer.from(p.body, 'utf8'),
              }),
            ),
          ),
        );
      }),
      fuzzParams(150),
    );
  });

  it('ftw YAML: stages whose headers and data are anchors/aliases read back like inline ones', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(parts, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 4 }),
        async (list) => {
          const q = (s: string): string => JSON.stringify(s);
          const lines = ['shared:'];
          list.forEach(([p], i) => {
            lines.push(`  - &h${i}`);
            if (p.headers.length === 0) lines[lines.length - 1] += ' []';
            for (const [name, value] of p.headers)
              lines.push(`    - {name: ${q(name)}, value: ${q(value)}}`);
            lines.push(`  - &d${i} ${q(p.body)}`);
          });
          lines.push('tests:', '  - test_title: fuzz', '    stages:');
          list.forEach(([p, aliasHeaders, aliasData], i) => {
            lines.push(
              '      - input:',
              `          method: ${q(p.method)}`,
              `          uri: ${q(p.target)}`,
              '          autocomplete_headers: false',
              `          ordered_headers: ${aliasHeaders ? `*h${i}` : JSON.stringify(p.headers.map(([name, value]) => ({ name, value })))}`,
              `          data: ${aliasData ? `*d${i}` : q(p.body)}`,
            );
          });
          const path = await file('yaml', `${lines.join('\n')}\n`);
          assert.deepEqual(
            await readBack(path),
            list.map(([p]) =>
              latin1(
                buildRequest({ ...p, body: Buffer.from(p.body, 'utf8'), addContentLength: false }),
              ),
            ),
          );
        },
      ),
      fuzzParams(150),
    );
  });

  const neverCrashes = async (path: string): Promise<void> => {
    try {
      await loadCorpus(path);
    } catch (error) {
      assert.ok(
        isCodedError(error),
        `not a coded error: ${(error as Error)?.stack ?? String(error)}`,
      );
    }
  };

  it('arbitrary bytes in every format: a result or a coded error, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('txt', 'yaml', 'har', 'jsonl'),
        fc.uint8Array({ maxLength: 300 }),
        async (ext, bytes) => neverCrashes(await file(ext, bytes)),
      ),
      fuzzParams(200),
    );
  });

  it('arbitrary JSON shapes where requests are expected: a result or a coded error', async () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    const request = fc.dictionary(
      fc.constantFrom(
        'method',
        'url',
        'httpVersion',
        'headers',
        'postData',
        'body',
        'raw',
        'rawBase64',
        'bodyBase64',
      ),
      fc.oneof(
        value,
        fc.constant('GET'),
        fc.constant('/x'),
        fc.array(fc.tuple(fc.string(), fc.string())),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(request, { maxLength: 3 }), fc.boolean(), async (requests, har) => {
        const path = har
          ? await file(
              'har',
              JSON.stringify({ log: { entries: requests.map((r) => ({ request: r })) } }),
            )
          : await file('jsonl', requests.map((r) => JSON.stringify(r)).join('\n'));
        await neverCrashes(path);
      }),
      fuzzParams(200),
    );
  });

  it('arbitrary YAML shapes (with anchors and aliases) as ftw stage inputs: never a crash', async () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    const input = fc.dictionary(
      fc.constantFrom(
        'method',
        'uri',
        'version',
        'headers',
        'ordered_headers',
        'data',
        'encoded_data',
        'encoded_request',
        'raw_request',
        'autocomplete_headers',
      ),
      value,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(input, { maxLength: 3 }), fc.boolean(), async (inputs, alias) => {
        const doc = {
          shared: inputs[0] ?? {},
          tests: [{ stages: inputs.map((i) => ({ input: i })) }],
        };
        // Same object twice: `yaml` writes the second as an alias of the first.
        if (alias && inputs[0]) doc.tests[0]!.stages.push({ input: inputs[0] });
        await neverCrashes(await file('yaml', stringify(doc, { aliasDuplicateObjects: true })));
      }),
      fuzzParams(200),
    );
  });
});
