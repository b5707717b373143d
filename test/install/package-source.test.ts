import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import { runInstall } from '../../src/install/install.ts';
import { parseInstallOptions, rawInputsFrom } from '../../src/install/options.ts';
import { kindFromName, resolvePackage } from '../../src/install/package-source.ts';
import { restoreFromStateFile } from '../../src/install/restore.ts';

async function buildTarball(dir: string, version: string): Promise<string> {
  const root = join(dir, `waf-build-${version}`);
  await mkdir(join(root, 'sbin'), { recursive: true });
  await writeFile(join(root, 'VERSION'), `${version}\n`);
  await writeFile(join(root, 'sbin/waf'), `build ${version}\n`);
  const out = join(dir, `waf-build-${version}.tar.gz`);
  // Packed with its top folder, as release tarballs usually are.
  const r = spawnSync('tar', ['-C', dir, '-czf', out, `waf-build-${version}`], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

describe('package sources and tarball builds', () => {
  let dir: string;
  let server: Server;
  let base: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-pkgsrc-'));
    await buildTarball(dir, '2.0.1');
    await buildTarball(dir, '2.0.10');
    server = createServer((req, res) => {
      if (req.url === '/redirect/waf-build-2.0.10.tar.gz') {
        res.writeHead(302, { location: '/waf-build-2.0.10.tar.gz' }).end();
        return;
      }
      readFile(join(dir, (req.url ?? '/').slice(1))).then(
        (body) => res.writeHead(200).end(body),
        () => res.writeHead(404).end(),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });

  it('tells kinds from names', () => {
    assert.equal(kindFromName('wswaf-1.2.3.el6.x86_64.rpm'), 'rpm');
    assert.equal(kindFromName('waf_1.0-1_all.deb'), 'deb');
    assert.equal(kindFromName('b.tar.xz'), 'tarball');
    assert.equal(kindFromName('b.zip'), null);
  });

  it('downloads an http URL (following a redirect) with undici and cleans up', async () => {
    const pkg = await resolvePackage(`${base}/redirect/waf-build-2.0.10.tar.gz`, 'auto');
    assert.equal(pkg.kind, 'tarball');
    assert.deepEqual(
      await readFile(pkg.file),
      await readFile(join(dir, 'waf-build-2.0.10.tar.gz')),
    );
    await pkg.cleanup();
    await assert.rejects(readFile(pkg.file), /ENOENT/);
  });

  it('fails clearly on a 404, a missing path, an unknown kind and an artifact name', async () => {
    await assert.rejects(
      resolvePackage(`${base}/nope.deb`, 'auto'),
      (e: Error & { code?: string }) => e.code === 'E_DOWNLOAD' && /404/.test(e.message),
    );
    await assert.rejects(
      resolvePackage(join(dir, 'missing.deb'), 'auto'),
      (e: Error & { code?: string }) => e.code === 'E_CONFIG',
    );
    await writeFile(join(dir, 'build.zip'), 'x');
    await assert.rejects(
      resolvePackage(join(dir, 'build.zip'), 'auto'),
      (e: Error & { hint?: string }) => /package-kind/.test(e.hint ?? ''),
    );
    await assert.rejects(
      resolvePackage('artifact:waf-build', 'auto'),
      (e: Error & { code?: string }) =>
        e.code === 'E_CONFIG' && /not supported here yet/.test(e.message),
    );
  });

  it('installs, upgrades (2.0.1 → 2.0.10), keeps and downgrades tarball and folder builds by their VERSION file', async () => {
    const installDir = join(dir, 'opt/waf');
    const stateFile = join(dir, 'state.json');
    const run = async (pkg: string) => {
      const options = await parseInstallOptions(
        rawInputsFrom({
          package: pkg,
          'install-dir': installDir,
          'pause-cron': 'none',
          'pause-timers': 'none',
          'state-file': stateFile,
          'lock-file': `${stateFile}.lock`,
        }),
      );
      const result = await runInstall(new LocalHost(), options, silentLogger);
      await restoreFromStateFile(new LocalHost(), stateFile, silentLogger);
      return result;
    };
    const first = await run(join(dir, 'waf-build-2.0.1.tar.gz'));
    assert.deepEqual(
      [first.action, first.previousVersion, first.version, first.packageName],
      ['installed', null, '2.0.1', 'waf'],
    );
    assert.equal(
      await readFile(join(installDir, 'sbin/waf'), 'utf8'),
      'build 2.0.1\n',
      'unpacked without the top folder',
    );
    const up = await run(`${base}/waf-build-2.0.10.tar.gz`);
    assert.deepEqual([up.action, up.previousVersion, up.version], ['upgraded', '2.0.1', '2.0.10']);
    assert.equal((await run(join(dir, 'waf-build-2.0.10'))).action, 'unchanged', 'a folder build');
    const down = await run(join(dir, 'waf-build-2.0.1'));
    assert.equal(down.action, 'downgraded');
    assert.equal(await readFile(join(installDir, 'sbin/waf'), 'utf8'), 'build 2.0.1\n');
  });
});
