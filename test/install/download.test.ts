/**
 * Package downloads (issue 9): checksums (package-sha256, `<url>.sha256`, `SHA256SUMS`) verified before
 * install, retries with backoff on 5xx and broken transfers, a size cap enforced while streaming (the
 * partial file is deleted). A real node:http server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import { digestFromChecksumFile } from '../../src/install/checksum.ts';
import { downloadPackage, fileNameOf } from '../../src/install/download.ts';
import { runInstall } from '../../src/install/install.ts';
import { parseInstallOptions, rawInputsFrom } from '../../src/install/options.ts';
import { resolvePackage } from '../../src/install/package-source.ts';

type Err = Error & { code?: string; input?: string; value?: unknown };

const BODY = Buffer.from('pretend this is a tarball\n'.repeat(100));
const DIGEST = createHash('sha256').update(BODY).digest('hex');
const WRONG = 'f'.repeat(64);
const fast = { retryBaseMs: 10 };

describe('package downloads', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const hits = new Map<string, number>();

  const routes: Record<string, (req: IncomingMessage, res: ServerResponse, hit: number) => void> = {
    '/ok/waf.tar': (_q, res) => res.end(BODY),
    '/ok/waf.tar.sha256': (_q, res) => res.end(`${DIGEST}  waf.tar\n`),
    '/bad/waf.tar': (_q, res) => res.end(BODY),
    '/bad/waf.tar.sha256': (_q, res) => res.end(`${WRONG}\n`),
    '/sums/waf.tar': (_q, res) => res.end(BODY),
    '/sums/SHA256SUMS': (_q, res) => res.end(`${WRONG}  other.tar\n${DIGEST} *waf.tar\n`),
    '/none/waf.tar': (_q, res) => res.end(BODY),
    '/flaky/waf.tar': (_q, res, hit) =>
      hit === 1 ? res.writeHead(503).end('busy') : res.end(BODY),
    '/broken/waf.tar': (_q, res, hit) => {
      if (hit > 1) return res.end(BODY);
      res.writeHead(200, { 'content-length': BODY.length });
      res.write(BODY.subarray(0, 100));
      setTimeout(() => res.socket?.destroy(), 20); // the transfer breaks off mid-body
    },
    '/down/waf.tar': (_q, res) => res.writeHead(502).end(),
    '/missing/waf.tar': (_q, res) => res.writeHead(404).end(),
    '/huge/waf.tar': (_q, res) => {
      // No Content-Length: only counting while streaming can stop it.
      const chunk = Buffer.alloc(64 * 1024, 1);
      let sent = 0;
      const pump = (): void => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent >= 64) res.end();
        else res.once('drain', pump);
      };
      pump();
    },
    '/declared/waf.tar': (_q, res) => {
      res.writeHead(200, { 'content-length': 5 * 1024 * 1024 });
      res.write(Buffer.alloc(1024));
      setTimeout(() => res.socket?.destroy(), 2000);
    },
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-download-'));
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0]!;
      const hit = (hits.get(path) ?? 0) + 1;
      hits.set(path, hit);
      const route = routes[path];
      if (route) route(req, res, hit);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  const fresh = (): Promise<string> => mkdtemp(join(dir, 'd-'));

  it('verifies against <url>.sha256 and against SHA256SUMS in the same folder', async () => {
    const side = await downloadPackage(`${base}/ok/waf.tar`, await fresh(), fast);
    assert.equal(side.sha256, DIGEST);
    assert.equal(side.verifiedBy, `${base}/ok/waf.tar.sha256`);
    assert.deepEqual(await readFile(side.file), BODY);
    const sums = await downloadPackage(`${base}/sums/waf.tar`, await fresh(), fast);
    assert.equal(sums.verifiedBy, `${base}/sums/SHA256SUMS`);
    const none = await downloadPackage(`${base}/none/waf.tar`, await fresh(), fast);
    assert.equal(none.verifiedBy, null, 'nothing published: not verified, and said so');
  });

  it('fails on a checksum mismatch naming the URL and both digests, leaving no file', async () => {
    const target = await fresh();
    await assert.rejects(downloadPackage(`${base}/bad/waf.tar`, target, fast), (e: Err) => {
      assert.equal(e.code, 'E_CHECKSUM');
      assert.ok(e.message.includes(`${base}/bad/waf.tar`), e.message);
      assert.ok(e.message.includes(WRONG) && e.message.includes(DIGEST), e.message);
      return true;
    });
    assert.deepEqual(await readdir(target), []);
    await assert.rejects(
      downloadPackage(`${base}/ok/waf.tar`, await fresh(), { ...fast, sha256: WRONG }),
      (e: Err) => e.code === 'E_CHECKSUM' && /from package-sha256/.test(e.message),
      'package-sha256 wins over the published file',
    );
  });

  it('retries a 503 and a transfer that breaks off, with backoff, and gives up after the bound', async () => {
    const flaky = await downloadPackage(`${base}/flaky/waf.tar`, await fresh(), fast);
    assert.deepEqual(await readFile(flaky.file), BODY);
    assert.equal(hits.get('/flaky/waf.tar'), 2);
    const broken = await downloadPackage(`${base}/broken/waf.tar`, await fresh(), fast);
    assert.deepEqual(await readFile(broken.file), BODY);
    assert.equal(hits.get('/broken/waf.tar'), 2);
    const target = await fresh();
    await assert.rejects(
      downloadPackage(`${base}/down/waf.tar`, target, { ...fast, retries: 2 }),
      (e: Err) => e.code === 'E_DOWNLOAD' && /after 3 attempts/.test(e.message),
    );
    assert.equal(hits.get('/down/waf.tar'), 3);
    assert.deepEqual(await readdir(target), []);
    await assert.rejects(
      downloadPackage(`${base}/missing/waf.tar`, await fresh(), fast),
      (e: Err) => e.code === 'E_DOWNLOAD' && /404/.test(e.message),
    );
    assert.equal(hits.get('/missing/waf.tar'), 1, 'a 404 is not retried');
  });

  it('stops a download over the size cap while streaming and deletes the partial file', async () => {
    for (const path of ['/huge/waf.tar', '/declared/waf.tar']) {
      const target = await fresh();
      await assert.rejects(
        downloadPackage(`${base}${path}`, target, { ...fast, maxBytes: 1024 * 1024 }),
        (e: Err) =>
          e.code === 'E_DOWNLOAD_TOO_LARGE' &&
          /package-max-mb/.test(String((e as { hint?: string }).hint)),
      );
      assert.deepEqual(await readdir(target), [], `${path}: no partial file`);
      assert.equal(hits.get(path), 1, 'too large is not retried');
    }
  });

  it('names the file when the download cannot be written', async () => {
    const target = join(await fresh(), 'gone');
    await assert.rejects(downloadPackage(`${base}/none/waf.tar`, target, fast), (e: Err) => {
      assert.equal(e.code, 'E_DOWNLOAD');
      assert.ok(e.message.includes(join(target, 'waf.tar')), e.message);
      return true;
    });
  });

  it('keeps a download inside its folder whatever the URL path encodes', () => {
    assert.equal(fileNameOf('http://h/a/waf%201.0.deb'), 'waf 1.0.deb');
    assert.equal(fileNameOf('http://h/a/..%2F..%2Fetc%2Fcron.d%2Fx'), 'x');
    assert.equal(fileNameOf('http://h/a/%2e%2e'), 'package');
    assert.equal(fileNameOf('http://h/'), 'package');
    assert.equal(fileNameOf('http://h/a/100%zz.deb'), '100%zz.deb');
  });

  it('reads sha256sum formats', () => {
    assert.equal(digestFromChecksumFile(`${DIGEST.toUpperCase()}\n`, 'x'), DIGEST);
    assert.equal(digestFromChecksumFile(`${WRONG}  a\n${DIGEST}  dir/x\n`, 'x'), DIGEST);
    assert.equal(digestFromChecksumFile(`${WRONG}  a\n${DIGEST}  b\n`, 'x'), null);
  });

  it('validates package-sha256 and package-max-mb, and checks a local file before installing', async () => {
    const parse = (values: Record<string, string>): ReturnType<typeof parseInstallOptions> =>
      parseInstallOptions(rawInputsFrom({ package: '/x/a.deb', ...values }, '--'));
    await assert.rejects(parse({ 'package-sha256': 'abc' }), (e: Err) => {
      assert.equal(e.input, '--package-sha256');
      assert.equal(e.value, 'abc');
      return true;
    });
    await assert.rejects(
      parse({ 'package-max-mb': '0' }),
      (e: Err) => e.input === '--package-max-mb',
    );
    const o = await parse({
      'package-sha256': `sha256:${DIGEST.toUpperCase()}`,
      'package-max-mb': '5',
    });
    assert.equal(o.packageSha256, DIGEST);
    assert.equal(o.packageMaxBytes, 5 * 1024 * 1024);
    assert.equal((await parse({})).packageMaxBytes, 2048 * 1024 * 1024);

    const local = join(dir, 'local.tar');
    await writeFile(local, BODY);
    const ok = await resolvePackage(local, 'tarball', { sha256: DIGEST });
    assert.equal(ok.file, local);
    await ok.cleanup();
    let temp = '';
    await assert.rejects(
      resolvePackage(local, 'tarball', {
        sha256: WRONG,
        onTempDir: async (path) => {
          temp = path;
        },
      }),
      (e: Err) =>
        e.code === 'E_CHECKSUM' && e.message.includes(local) && e.message.includes(DIGEST),
    );
    assert.equal(await stat(temp).catch(() => null), null, 'its temp folder is gone');
  });

  it('install-waf refuses a URL whose checksum file disagrees before touching the host', async () => {
    const installDir = join(dir, 'opt/waf');
    const options = await parseInstallOptions(
      rawInputsFrom({
        package: `${base}/bad/waf.tar`,
        'install-dir': installDir,
        'pause-cron': 'none',
        'pause-timers': 'none',
        'state-file': join(dir, 'state.json'),
        'lock-file': `${join(dir, 'state.json')}.lock`,
      }),
    );
    await assert.rejects(
      runInstall(new LocalHost(), options, silentLogger),
      (e: Err) => e.code === 'E_CHECKSUM',
    );
    assert.equal(await stat(installDir).catch(() => null), null, 'nothing installed');
    assert.equal(await stat(join(dir, 'state.json')).catch(() => null), null, 'state removed');
  });
});
