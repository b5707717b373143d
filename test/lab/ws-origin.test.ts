/**
 * The lab's WebSocket origin on the real lab: started with the lab (PID in lab.json), its control
 * protocol, the WAFs' `/ws` location (upgrade through nginx + ModSecurity), and `lab down` stopping it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { SERVER_DROP_CLOSE_CODE } from '../../src/common/ws-control.ts';
import { wafConfig } from '../../src/lab/config.ts';
import { labDown, labStatus } from '../../src/lab/lab.ts';
import { isAlive } from '../../src/lab/nginx.ts';
import type { LabState } from '../../src/lab/types.ts';
import { isWsOriginOf, stopWsOriginProcess } from '../../src/lab/ws-process.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

/** Opens a `ws` client; resolves once open. */
function open(port: number, path = '/ws', host = 'app.test'): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { Host: host } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The next text message. */
function nextMessage(ws: WebSocket): Promise<string> {
  return new Promise((resolve) =>
    ws.once('message', (data: Buffer) => resolve(data.toString('utf8'))),
  );
}

/** The status line of a raw GET (upgrade or not), over a socket the test controls. */
function rawStatus(port: number, path: string, upgrade: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('connect', () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: app.test\r\nUser-Agent: waf-gate-test\r\nAccept: */*\r\n` +
          (upgrade
            ? 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n'
            : 'Connection: close\r\n') +
          '\r\n',
      ),
    );
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data);
      if (m) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.on('error', reject);
  });
}

describe('lab WebSocket origin', () => {
  let lab: TestLab;
  before(async () => {
    lab = await startLab({
      wafs: [
        { name: 'baseline', paranoiaLevel: 1, workers: 1 },
        { name: 'candidate', paranoiaLevel: 2, workers: 1, wsReadTimeoutS: 2 },
      ],
    });
  });
  after(() => lab.stop());

  it('runs as a tracked process and is listed by lab status', async () => {
    const ws = lab.wsOrigin;
    assert.ok(ws, 'lab.json names the WebSocket origin');
    assert.ok(await isWsOriginOf(ws.pid, lab.dir));
    const status = await labStatus(lab.dir);
    const listed = status?.instances.find((i) => i.name === 'ws-origin');
    assert.deepEqual(listed, {
      name: 'ws-origin',
      address: `127.0.0.1:${ws.port}`,
      masterPid: ws.pid,
      running: true,
    });
    assert.equal(lab.baseline.wsPath, '/ws');
    assert.equal(lab.baseline.wsReadTimeoutS, 3600);
    assert.equal(lab.candidate.wsReadTimeoutS, 2);
    const candidateConf = readFileSync(lab.candidate.configFile, 'utf8');
    assert.match(candidateConf, /proxy_read_timeout 2s;/);
    assert.match(candidateConf, /worker_rlimit_nofile \d+;/);
  });

  it('pushes numbered messages, reports its count and drops on request, through both WAFs', async () => {
    for (const waf of lab.wafs) {
      const ws = await open(waf.port);
      const seqs: number[] = [];
      const gotStats = new Promise<number>((resolve) =>
        ws.on('message', (data: Buffer) => {
          const m = JSON.parse(data.toString('utf8')) as {
            seq?: number;
            op?: string;
            sent?: number;
          };
          if (m.seq !== undefined) seqs.push(m.seq);
          else if (m.op === 'stats' && m.sent !== undefined) resolve(m.sent);
        }),
      );
      ws.send(JSON.stringify({ op: 'push', rateMps: 200 }));
      // Ask for the count once some pushes arrived (event-driven, no sleep).
      await new Promise<void>((resolve) => {
        const check = (): void => {
          if (seqs.length >= 5) {
            ws.off('message', check);
            resolve();
          }
        };
        ws.on('message', check);
      });
      ws.send(JSON.stringify({ op: 'stats' }));
      const sent = await gotStats;
      assert.equal(sent, seqs.length, `${waf.name}: every push before the count arrived`);
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => i + 1),
      );
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send(JSON.stringify({ op: 'drop-me', afterMs: 0 }));
      assert.equal(await closed, SERVER_DROP_CLOSE_CODE, waf.name);
    }
  });

  it('answers unknown requests with an error message', async () => {
    const ws = await open(lab.baseline.port);
    const reply = nextMessage(ws);
    ws.send('{"op":"nonsense"}');
    assert.deepEqual(JSON.parse(await reply), { op: 'error', message: 'unknown request' });
    ws.terminate();
  });

  it('refuses upgrades off /ws (404), plain GETs (426), and the WAF blocks an attack (403)', async () => {
    assert.equal(await rawStatus(lab.baseline.port, '/ws-nope', true), 404);
    assert.equal(await rawStatus(lab.baseline.port, '/ws', false), 426);
    assert.equal(
      await rawStatus(lab.baseline.port, '/ws?q=%3Cscript%3Ealert(1)%3C/script%3E', true),
      403,
    );
    assert.equal(await rawStatus(lab.baseline.port, '/ws', true), 101);
  });

  it('config: /ws proxies with Upgrade/Connection headers and includes a build file', () => {
    const text = wafConfig({
      host: '127.0.0.1',
      port: 1,
      originPort: 2,
      workers: 1,
      rulesFile: '/x/rules.conf',
      domains: ['app.test'],
      wsOriginPort: 3,
      buildDir: '/lab/builds/waf',
      noFileLimit: 20_000,
    });
    assert.match(text, /upstream ws_origin \{ server 127\.0\.0\.1:3; \}/);
    assert.match(text, /proxy_set_header Upgrade \$http_upgrade;/);
    assert.match(text, /proxy_set_header Connection \$connection_upgrade;/);
    assert.match(text, /proxy_read_timeout 3600s;/);
    assert.match(text, /include "\/lab\/builds\/waf\/nginx-ws\*\.conf";/);
    assert.match(text, /worker_rlimit_nofile 20000;\nevents \{ worker_connections 19872; \}/);
    const odd = wafConfig({
      host: '127.0.0.1',
      port: 1,
      originPort: 2,
      workers: 1,
      rulesFile: '/x/rules.conf',
      domains: ['app.test'],
      wsOriginPort: 3,
      buildDir: '/lab[1]/builds/waf',
    });
    assert.doesNotMatch(odd, /include/, 'a glob character in the folder leaves the include out');
  });
});

describe('lab down stops the WebSocket origin', () => {
  it('the PID is gone after lab down', async () => {
    const lab = await startLab({ wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1 }] });
    const pid = lab.wsOrigin!.pid;
    assert.ok(isAlive(pid));
    await lab.stop();
    assert.equal(isAlive(pid), false);
  });

  it('does not signal a process lab.json names wrongly as the origin', async () => {
    const lab = await startLab({ wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1 }] });
    const bystander = spawn('sleep', ['30'], { stdio: 'ignore' });
    const realPid = lab.wsOrigin!.pid;
    try {
      assert.ok(bystander.pid);
      const stateFile = join(lab.dir, 'lab.json');
      const state = JSON.parse(await readFile(stateFile, 'utf8')) as LabState;
      state.wsOrigin!.pid = bystander.pid;
      await writeFile(stateFile, JSON.stringify(state));
      const warnings: string[] = [];
      await labDown(
        lab.dir,
        { debug() {}, info() {}, error() {}, warn: (m) => warnings.push(m) },
        true,
      );
      assert.equal(isAlive(bystander.pid), true, 'the unrelated process still runs');
      assert.ok(
        warnings.some((w) => w.includes(`PID ${bystander.pid}`) && w.includes('not signalled')),
        warnings.join('\n'),
      );
    } finally {
      bystander.kill('SIGKILL');
      await stopWsOriginProcess(realPid);
      await lab.stop();
    }
  });
});
