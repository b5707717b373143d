/** The lab against real nginx + ModSecurity + CRS: real responses, real log lines, clean teardown. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
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
      /" 403 \d+ .* host=api\.test rt=\S+ us=- urt=- gid=lab-test-1 rid=[0-9a-f]{32} port=\d+$/,
    );
    assert.match(
      passed,
      /" 200 \d+ .* host=api\.test rt=\S+ us=200 urt=\S+ gid=lab-test-2 rid=[0-9a-f]{32} port=\d+$/,
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
    const parent = await mkdtemp(join(tmpdir(), 'waf-gate-test-lab-'));
    try {
      // A folder lab up creates, and an empty one the user made: the first goes, the second stays empty.
      for (const dir of [join(parent, 'new'), await mkdtemp(join(parent, 'empty-'))]) {
        const existed = existsSync(dir);
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
        if (existed) assert.deepEqual(await readdir(dir), []);
        else assert.equal(existsSync(dir), false);
        assert.deepEqual(labProcesses(dir), []);
      }
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it('refuses a non-empty folder it did not create and leaves it untouched, even when a port is busy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-test-user-'));
    try {
      await mkdir(join(dir, 'sub'));
      await writeFile(join(dir, 'keep'), 'hi\n');
      await writeFile(join(dir, 'sub', 'data'), 'precious');
      await assert.rejects(
        labUp({ dir, installPackages: false, originPort: takenPort }, silentLogger),
        (error) => {
          assert.ok(isConfigError(error));
          const text = formatError(error);
          assert.ok(text.includes(dir), text);
          assert.match(text, /not empty and was not created by waf-gate/);
          assert.match(text, /Pick an empty or new folder with --dir, or empty .* yourself/);
          return true;
        },
      );
      assert.deepEqual((await readdir(dir)).sort(), ['keep', 'sub']);
      assert.equal(readFileSync(join(dir, 'keep'), 'utf8'), 'hi\n');
      assert.equal(readFileSync(join(dir, 'sub', 'data'), 'utf8'), 'precious');
      assert.equal(await labDown(dir, silentLogger), false);
      assert.deepEqual((await readdir(dir)).sort(), ['keep', 'sub']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a lab folder whose port is out of range', async () => {
    await assert.rejects(
      labUp({ dir: join(tmpdir(), 'waf-gate-never-made'), originPort: 70_000 }, silentLogger),
      /A port is a whole number from 1 to 65535/,
    );
    assert.equal(existsSync(join(tmpdir(), 'waf-gate-never-made')), false);
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
    await lab.stop();
  });

  it('lab down removes only what lab up created; a kept folder is reused, its extra files kept', async () => {
    const lab = await startLab({ wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1 }] });
    try {
      await writeFile(join(lab.dir, 'my-notes.txt'), 'mine');
      assert.equal(await labDown(lab.dir, silentLogger, true), true);
      assert.equal(existsSync(lab.baseline.accessLog), true); // --keep keeps the logs
      const again = await labUp(
        {
          dir: lab.dir,
          installPackages: false,
          wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1 }],
        },
        silentLogger,
      );
      assert.equal(await get(again.wafs[0]!.port, '/', 'app.test'), 200);
      assert.equal(await labDown(lab.dir, silentLogger), true);
      assert.deepEqual(await readdir(lab.dir), ['my-notes.txt']);
    } finally {
      await lab.stop();
    }
  });
});

describe('lab in a folder whose name holds a space and a quote', { timeout: 120_000 }, () => {
  it('starts, blocks, writes its audit log inside the folder and goes down cleanly', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'waf-gate-test-lab-'));
    const dir = join(parent, 'my lab "x"; y');
    try {
      const state = await labUp(
        {
          dir,
          installPackages: false,
          wafs: [{ name: 'candidate', paranoiaLevel: 2, workers: 1 }],
        },
        silentLogger,
      );
      const waf = state.wafs[0]!;
      assert.equal(await get(waf.port, '/', 'app.test'), 200);
      assert.equal(await get(waf.port, '/?q=%40%40version', 'app.test'), 403);
      assert.ok(waf.auditLog.startsWith(dir));
      for (let i = 0; i < 50 && !existsSync(waf.auditLog); i += 1) await sleep(100);
      assert.match(readFileSync(waf.auditLog, 'utf8'), /942480/);
      assert.equal(await labDown(dir, silentLogger), true);
      assert.equal(existsSync(dir), false);
      assert.deepEqual(labProcesses(dir), []);
    } finally {
      await labDown(dir, silentLogger).catch(() => false);
      await rm(parent, { recursive: true, force: true });
    }
  });
});
