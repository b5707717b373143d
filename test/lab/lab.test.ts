/** The lab against real nginx + ModSecurity + CRS: real responses, real log lines, clean teardown. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatError, isConfigError } from '../../src/common/errors.ts';
import { silentLogger } from '../../src/common/logger.ts';
import { labDown, labStatus, labUp } from '../../src/lab/lab.ts';
import { workerPids } from '../../src/lab/nginx.ts';
import { ensureLabPackages } from '../../src/lab/packages.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

/** GET over a raw socket, so the test controls every byte; resolves to the status. */
function get(
  port: number,
  path: string,
  host: string,
  extra: Record<string, string> = {},
): Promise<number | null> {
  return new Promise((resolve) => {
    {
      const socket = connect(port, '127.0.0.1');
      let data = '';
      const headers = Object.entries({
        Host: host,
        'User-Agent': 'waf-gate-test',
        Accept: '*/*',
        Connection: 'close',
        ...extra,
      })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\n${headers}\r\n`));
      socket.on('data', (chunk) => (data += chunk.toString('latin1')));
      socket.on('error', () => resolve(null));
      socket.on('close', () =>
        resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? NaN) || null),
      );
      socket.setTimeout(5000, () => socket.destroy());
    }
  });
}

async function waitForLine(file: string, needle: string): Promise<string> {
  for (let i = 0; i < 60; i += 1) {
    const line = readFileSync(file, 'utf8')
      .split('\n')
      .find((l) => l.includes(needle));
    if (line) return line;
    await sleep(100); // access_log buffer flushes every second
  }
  throw new Error(`no line containing ${needle} in ${file}`);
}

function labProcesses(dir: string): string[] {
  const out = spawnSync('pgrep', ['-af', 'nginx'], { encoding: 'utf8' }).stdout;
  return out.split('\n').filter((l) => l.includes(dir));
}

describe('lab', { timeout: 120_000 }, () => {
  let lab: TestLab;
  before(async () => {
    lab = await startLab();
  });
  after(async () => {
    await lab?.stop();
  });

  it('serves benign requests through both WAFs and the origin', async () => {
    for (const port of [lab.origin.port, lab.baseline.port, lab.candidate.port]) {
      assert.equal(await get(port, '/', 'app.test'), 200);
    }
  });

  it('blocks SQL injection at PL1 and PL2, and @@version only at PL2', async () => {
    assert.equal(await get(lab.baseline.port, "/?id=1'%20OR%20'1'='1", 'app.test'), 403);
    assert.equal(await get(lab.candidate.port, "/?id=1'%20OR%20'1'='1", 'app.test'), 403);
    assert.equal(await get(lab.baseline.port, '/?q=%40%40version', 'shop.test'), 200);
    assert.equal(await get(lab.candidate.port, '/?q=%40%40version', 'shop.test'), 403);
  });

  it('logs WAF status, upstream status, host and the replay id header', async () => {
    assert.equal(
      await get(lab.candidate.port, '/?q=%40%40version&t=log', 'api.test', {
        'X-Waf-Gate-Id': 'lab-test-1',
      }),
      403,
    );
    assert.equal(
      await get(lab.candidate.port, '/ok?t=log', 'api.test', { 'X-Waf-Gate-Id': 'lab-test-2' }),
      200,
    );
    const blocked = await waitForLine(lab.candidate.accessLog, 'gid=lab-test-1');
    const passed = await waitForLine(lab.candidate.accessLog, 'gid=lab-test-2');
    assert.match(
      blocked,
      /" 403 \d+ .* host=api\.test rt=\S+ us=- urt=- gid=lab-test-1 rid=[0-9a-f]{32}$/,
    );
    assert.match(
      passed,
      /" 200 \d+ .* host=api\.test rt=\S+ us=200 urt=\S+ gid=lab-test-2 rid=[0-9a-f]{32}$/,
    );
    const rid = /rid=([0-9a-f]{32})/.exec(blocked)?.[1];
    const errorLog = readFileSync(lab.candidate.errorLog, 'utf8');
    assert.match(errorLog, new RegExp(`\\[id "942480"\\].*\\[unique_id "${rid}"\\]`));
  });

  it('runs one worker per WAF by default', async () => {
    assert.equal((await workerPids(lab.baseline.masterPid)).length, 1);
    assert.equal((await workerPids(lab.candidate.masterPid)).length, 1);
  });

  it('refuses a second lab in the same folder with a clear message', async () => {
    await assert.rejects(labUp({ dir: lab.dir, installPackages: false }, silentLogger), (error) => {
      assert.ok(isConfigError(error));
      const text = formatError(error);
      assert.match(text, /already running/);
      assert.match(text, /waf-gate lab down --dir/);
      assert.doesNotMatch(text, /\n\s+at /);
      return true;
    });
    assert.ok((await labStatus(lab.dir))?.instances.every((i) => i.running));
  });
});

describe('lab errors and teardown', { timeout: 120_000 }, () => {
  let blocker: Server;
  let takenPort = 0;
  before(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    takenPort = (blocker.address() as { port: number }).port;
  });
  after(() => blocker.close());

  it('names a taken port and leaves nothing behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-test-lab-'));
    await assert.rejects(
      labUp(
        {
          dir,
          installPackages: false,
          wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1, port: takenPort }],
        },
        silentLogger,
      ),
      (error) => {
        assert.ok(isConfigError(error));
        assert.match(
          formatError(error),
          new RegExp(`Port ${takenPort} on 127\\.0\\.0\\.1 is already in use`),
        );
        return true;
      },
    );
    assert.equal(existsSync(dir), false);
    assert.deepEqual(labProcesses(dir), []);
  });

  it('says which packages to install when they are missing and it may not install them', async () => {
    const files = { fake: { path: '/nonexistent/waf-gate/nginx', pkg: 'nginx-waf-gate-missing' } };
    await assert.rejects(ensureLabPackages(false, silentLogger, files), (error) => {
      assert.ok(isConfigError(error));
      assert.match(formatError(error), /apt-get install -y nginx-waf-gate-missing/);
      return true;
    });
  });

  it('lab down stops every nginx of the lab and removes its files', async () => {
    const lab = await startLab({ wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 2 }] });
    const workers = await workerPids(lab.baseline.masterPid);
    assert.equal(workers.length, 2);
    const pids = [lab.origin.masterPid, lab.baseline.masterPid, ...workers];
    assert.equal(labProcesses(lab.dir).length, 2); // the two masters name the lab folder
    assert.equal(await labDown(lab.dir, silentLogger), true);
    assert.deepEqual(labProcesses(lab.dir), []);
    assert.deepEqual(
      pids.filter((pid) => existsSync(`/proc/${pid}`)),
      [],
    );
    assert.equal(existsSync(lab.dir), false);
    assert.equal(await labDown(lab.dir, silentLogger), false);
    await rm(lab.dir, { recursive: true, force: true });
  });
});
