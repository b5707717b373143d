/**
 * Artifact zips downloaded to a temp file and unpacked entry by entry with yauzl (issue 9 item 6,
 * issue 10 item 4), against the OpenAPI-validating fake API serving archives made with the `zip` command:
 * a normal archive unpacks; zip-slip, absolute paths, escaping symlinks, zip bombs (too many bytes, sizes
 * that lie, too many entries), corrupt data and oversized downloads are refused with an error naming the
 * entry; the temp file is gone afterwards either way.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { downloadArtifact } from '../../src/github/artifacts.js';
import { createGitHubClient } from '../../src/github/client.js';
import { extractZipFile } from '../../src/github/unzip.js';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.js';
import { tempDir } from './support.js';
import { writeZip } from './zip-writer.js';

const TOKEN = 'ghs_UnzipToken42';

/** Zips `names` (relative to `cwd`) with Info-ZIP's `zip`; `--symlinks` stores links as links. */
function zipCli(cwd: string, names: string[], extra: string[] = []): Buffer {
  const out = join(cwd, '..', `made-${Math.random().toString(36).slice(2)}.zip`);
  // Info-ZIP takes `--` after the archive name (before it: "can't use -- here").
  execFileSync('zip', ['-q', '-r', ...extra, out, '--', ...names], { cwd });
  return readFileSync(out);
}

/** Replaces every occurrence of `from` by `to` (same length): local header and central directory. */
function patchName(zip: Buffer, from: string, to: string): Buffer {
  assert.equal(from.length, to.length);
  const copy = Buffer.from(zip);
  let at = copy.indexOf(from);
  let n = 0;
  while (at >= 0) {
    copy.write(to, at, 'latin1');
    at = copy.indexOf(from, at + 1);
    n += 1;
  }
  assert.equal(n, 2, 'the name is in the local header and the central directory');
  return copy;
}

describe('artifact download and streaming unzip', () => {
  let api: GitHubApi;
  let dir: string;
  let cleanup: () => Promise<void>;
  let src: string;
  const ids = new Map<string, number>();
  const zips: Record<string, Buffer> = {};

  before(async () => {
    ({ dir, cleanup } = await tempDir());
    src = join(dir, 'src');
    await mkdir(join(src, 'rounds', '1'), { recursive: true });
    await writeFile(join(src, 'run.json'), JSON.stringify({ schema: 'waf-gate/run@1' }));
    await writeFile(join(src, 'rounds', '1', 'replay.json'), '{"x":1}'.repeat(20_000));
    zips.normal = zipCli(src, ['run.json', 'rounds']);

    const inner = join(src, 'deep', 'er');
    await mkdir(inner, { recursive: true });
    await writeFile(join(src, 'deep', 'x'), 'escaped');
    zips.slip = zipCli(inner, ['../x']);

    await writeFile(join(src, '_etc_pwned'), 'absolute');
    zips.absolute = patchName(zipCli(src, ['_etc_pwned']), '_etc_pwned', '/etc_pwned');

    await symlink('../../outside', join(src, 'link'));
    zips.symlink = zipCli(src, ['link'], ['--symlinks']);

    // 24 MiB of zeros: a few KiB compressed.
    await writeFile(join(src, 'zeros.bin'), Buffer.alloc(24 * 1024 * 1024));
    zips.bomb = zipCli(src, ['zeros.bin']);

    const many = join(src, 'many');
    await mkdir(many);
    for (let i = 0; i < 30; i += 1) await writeFile(join(many, `f${i}`), String(i));
    zips.many = zipCli(many, ['.']);

    api = await startGitHubApi({ token: TOKEN });
    api.seedRuns(
      Object.entries(zips).map(([name, zip], i) => ({
        id: i + 1,
        workflow: 'waf-gate.yml',
        branch: 'main',
        createdAt: '2025-01-01T00:00:00Z',
        artifacts: { [name]: zip },
      })),
    );
    // The fake numbers artifacts in seeding order, starting after its own ids; find them by listing.
    const client = createGitHubClient({ token: TOKEN, baseUrl: api.url });
    for (let i = 0; i < Object.keys(zips).length; i += 1) {
      const { data } = await client.request<{ artifacts: { id: number; name: string }[] }>(
        'GET',
        `/repos/octo/waf/actions/runs/${i + 1}/artifacts`,
      );
      for (const a of data.artifacts) ids.set(a.name, a.id);
    }
  });
  after(async () => {
    await api.close();
    await cleanup();
    assert.deepEqual(api.violations, []);
  });

  const client = () => createGitHubClient({ token: TOKEN, baseUrl: api.url });
  /** Downloads artifact `name` into a fresh folder; returns the folder and the download root. */
  const fetchInto = async (
    name: string,
    limits: { maxZipBytes?: number; maxEntries?: number; maxTotalBytes?: number } = {},
  ) => {
    const root = join(dir, `dl-${name}-${Math.random().toString(36).slice(2)}`);
    const dest = join(root, 'artifact');
    const { maxZipBytes, ...unzipLimits } = limits;
    const run = downloadArtifact(
      client(),
      'octo',
      'waf',
      ids.get(name)!,
      dest,
      maxZipBytes,
      undefined,
      unzipLimits,
    );
    return { root, dest, run };
  };
  /** Only the unpacked folder may remain in the download root: no temp zip, ever. */
  const leftovers = async (root: string) =>
    (await readdir(root).catch(() => [] as string[])).filter((n) => n !== 'artifact');

  it('unpacks an archive made by the zip CLI and removes the temp zip', async () => {
    const { root, dest, run } = await fetchInto('normal');
    const files = await run;
    assert.deepEqual(files.sort(), ['rounds/1/replay.json', 'run.json']);
    assert.equal(
      await readFile(join(dest, 'rounds', '1', 'replay.json'), 'utf8'),
      '{"x":1}'.repeat(20_000),
    );
    assert.deepEqual(await leftovers(root), [], 'the temp zip folder is removed');
  });

  const refuses = async (
    name: string,
    pattern: RegExp,
    limits: Parameters<typeof fetchInto>[1] = {},
  ) => {
    const { root, dest, run } = await fetchInto(name, limits);
    await assert.rejects(run, (error: Error & { code?: string }) => {
      assert.match(error.message, pattern);
      return true;
    });
    assert.deepEqual(await leftovers(root), [], 'the temp zip folder is removed after a failure');
    await assert.rejects(stat(dest), 'the partial unpack is removed');
    return root;
  };

  it('refuses zip-slip (../x), naming the entry, and writes nothing outside', async () => {
    const root = await refuses(
      'slip',
      /entry "\.\.\/x" would be written outside the target folder/,
    );
    await assert.rejects(stat(join(root, 'x')), 'nothing landed next to the target');
  });

  it('refuses an absolute path', async () => {
    await refuses('absolute', /entry "\/etc_pwned" would be written outside/);
  });

  it('refuses a symbolic link (it could point outside)', async () => {
    await refuses('symlink', /entry "link" is a symbolic link/);
  });

  it('refuses a zip bomb by its uncompressed size', async () => {
    assert.ok(zips.bomb!.length < 200_000, `bomb is ${zips.bomb!.length} bytes compressed`);
    await refuses(
      'bomb',
      /entry "zeros\.bin" brings the archive to 25165824 uncompressed bytes, more than the limit of 4194304/,
      {
        maxTotalBytes: 4 * 1024 * 1024,
      },
    );
  });

  it('refuses more entries than the limit', async () => {
    await refuses('many', /^Artifact \d+ \(zip\): 30 entries, more than the limit of 10$/, {
      maxEntries: 10,
    });
  });

  it('refuses a download larger than maxZipBytes before unpacking', async () => {
    const limit = zips.normal!.length - 1;
    await refuses(
      'normal',
      new RegExp(`is ${limit + 1} bytes, more than the limit of ${limit} bytes`),
      {
        maxZipBytes: limit,
      },
    );
  });
});

describe('extractZipFile on hostile files', () => {
  it('stops a bomb whose central directory lies about its size, and never writes past the limit', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const data = Buffer.alloc(8 * 1024 * 1024, 0x41);
      const zip = writeZip([{ name: 'big.txt', data }]);
      // Central directory entry: uncompressed size at offset 24 of the header; claim 1,000 bytes.
      const cd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      zip.writeUInt32LE(1000, cd + 24);
      const file = join(dir, 'liar.zip');
      await writeFile(file, zip);
      await assert.rejects(
        extractZipFile(file, join(dir, 'out'), { maxTotalBytes: 1_000_000 }),
        /entry "big\.txt" cannot be unpacked: too many bytes in the stream/,
      );
      const written = await stat(join(dir, 'out', 'big.txt')).catch(() => undefined);
      assert.ok((written?.size ?? 0) <= 1_000_000, `${written?.size} bytes written`);
    } finally {
      await cleanup();
    }
  });

  it('treats backslashes as separators (..\\ is refused) and a stored "./" root folder as nothing', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const evil = join(dir, 'backslash.zip');
      await writeFile(evil, writeZip([{ name: 'sub\\..\\..\\evil', data: 'x' }]));
      await assert.rejects(
        extractZipFile(evil, join(dir, 'out')),
        /entry "sub\/\.\.\/\.\.\/evil" would be written outside the target folder/,
      );
      await assert.rejects(stat(join(dir, 'evil')));
      const rooted = join(dir, 'rooted.zip');
      await writeFile(
        rooted,
        writeZip([
          { name: './', data: '' },
          { name: './run.json', data: '{}' },
        ]),
      );
      assert.deepEqual(await extractZipFile(rooted, join(dir, 'out2')), ['run.json']);
    } finally {
      await cleanup();
    }
  });

  it('checks CRC-32 (yauzl does not)', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const zip = writeZip([{ name: 'a.txt', data: 'hello world', method: 'store' }]);
      const at = 30 + 'a.txt'.length;
      zip.writeUInt8(zip.readUInt8(at) ^ 0xff, at); // flip the first data byte
      const file = join(dir, 'corrupt.zip');
      await writeFile(file, zip);
      await assert.rejects(
        extractZipFile(file, join(dir, 'out')),
        /entry "a\.txt" is corrupt \(CRC-32 mismatch\)/,
      );
    } finally {
      await cleanup();
    }
  });

  it('refuses a duplicate entry instead of overwriting, and a file that is not a zip', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = join(dir, 'dup.zip');
      await writeFile(
        file,
        writeZip([
          { name: 'run.json', data: '{"a":1}' },
          { name: 'run.json', data: '{"evil":1}' },
        ]),
      );
      await assert.rejects(
        extractZipFile(file, join(dir, 'out')),
        /entry "run\.json" appears twice/,
      );
      assert.equal(await readFile(join(dir, 'out', 'run.json'), 'utf8'), '{"a":1}');
      await writeFile(join(dir, 'not.zip'), 'no end record here');
      await assert.rejects(
        extractZipFile(join(dir, 'not.zip'), join(dir, 'out2')),
        /not\.zip: not a readable zip archive \(End of central directory record signature not found/,
      );
    } finally {
      await cleanup();
    }
  });

  it('unpacks entries with data descriptors (as upload-artifact writes them)', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const big = 'GET /?q=1 HTTP/1.1\r\n'.repeat(5000);
      const file = join(dir, 'dd.zip');
      await writeFile(
        file,
        writeZip(
          [
            { name: 'run.json', data: '{"schema":"waf-gate/run@1"}', method: 'store' },
            { name: 'quality/', data: '' },
            { name: 'quality/outcomes.jsonl', data: big },
          ],
          { dataDescriptor: true },
        ),
      );
      assert.deepEqual(await extractZipFile(file, join(dir, 'out')), [
        'run.json',
        'quality/outcomes.jsonl',
      ]);
      assert.equal(await readFile(join(dir, 'out', 'quality', 'outcomes.jsonl'), 'utf8'), big);
    } finally {
      await cleanup();
    }
  });
});

describe('memory stays independent of the archive size', () => {
  it('no code path holds a whole archive or entry in memory', async () => {
    const source = async (name: string) =>
      (await readFile(join(import.meta.dirname, '..', '..', 'src', 'github', name), 'utf8'))
        // comments may mention what is not done
        .replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const unzip = await source('unzip.ts');
    const artifacts = await source('artifacts.ts');
    assert.match(unzip, /yauzl\.openPromise\(zipPath/, 'the archive is opened from its file (fd)');
    assert.match(unzip, /lazyEntries: true/, 'one entry at a time');
    assert.match(unzip, /createWriteStream\(target/, 'entries are streamed to their files');
    for (const [name, text] of [
      ['unzip.ts', unzip],
      ['artifacts.ts', artifacts],
    ] as const) {
      assert.doesNotMatch(
        text,
        /fromBuffer|readFileSync|inflateRawSync/,
        `${name}: no whole-buffer API`,
      );
      assert.doesNotMatch(text, /readFile\(zip/i, `${name}: the zip is never read whole`);
    }
    await assert.rejects(
      stat(join(import.meta.dirname, '..', '..', 'src', 'github', 'zip.ts')),
      'the hand-written whole-archive reader is gone',
    );
  });

  it('caps a chunked download that announces no length while streaming it', async () => {
    const { dir, cleanup } = await tempDir();
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/zip' }); // chunked: no Content-Length
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += 64 * 1024;
          if (!res.write(Buffer.alloc(64 * 1024))) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const c = createGitHubClient({ token: TOKEN, baseUrl: url, retry: { maxRetries: 0 } });
      const file = join(dir, 'x.zip');
      await assert.rejects(
        c.download('/blob', file, 1024 * 1024),
        /Download of \/blob is over \d+ bytes, more than the limit of 1048576 bytes/,
      );
      assert.ok((await stat(file)).size <= 1024 * 1024, 'no more than the cap reached the disk');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await cleanup();
    }
  });
});
