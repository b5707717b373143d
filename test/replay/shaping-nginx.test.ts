/**
 * Slow clients against a real nginx with short client timeouts (the WAF's buffering front): a request
 * head sent slower than `client_header_timeout` and a body slower than `client_body_timeout` end as
 * counted outcomes (nginx logs 408 and closes; the replay counts the close or the 408), never a crash;
 * a slow body within the timeouts goes through nginx's request buffering to the origin byte-exact.
 * The nginx is the lab's binary in a private prefix (the lab's WAFs keep nginx's 60 s timeouts).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { silentLogger } from '../../src/common/logger.ts';
import { nginxPaths, startNginx, stopNginx } from '../../src/lab/nginx.ts';
import { LAB_FILES } from '../../src/lab/packages.ts';
import { findFreePort } from '../../src/lab/ports.ts';
import { parseReplayOptions, runReplay, type ReplayResult } from '../../src/replay/index.ts';
import { missingPeer } from '../helpers/peers.ts';
import { startRawServer, type RawServer } from './raw-servers.ts';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const skip = existsSync(LAB_FILES.nginx.path) ? false : missingPeer('nginx not installed');

const conf = (port: number, originPort: number): string => `worker_processes 1;
pid logs/nginx.pid;
error_log logs/error.log info;
events { worker_connections 256; }
http {
  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
  log_format t '$status $request_length "$request"';
  access_log logs/access.log t;
  client_header_timeout 1s;
  client_body_timeout 1s;
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://127.0.0.1:${originPort}; proxy_http_version 1.1; }
  }
}
`;

describe('slow clients against nginx timeouts', { skip }, () => {
  let dir = '';
  let pid = 0;
  let port = 0;
  let origin: RawServer;
  let accessLog = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-shaping-nginx-'));
    origin = await startRawServer((socket: Socket, received: Buffer) => {
      const s = socket as Socket & { answered?: number };
      const head = received.indexOf('\r\n\r\n');
      if (head < 0) return;
      const m = /content-length:\s*(\d+)/i.exec(received.toString('latin1', 0, head));
      if (received.length >= head + 4 + Number(m?.[1] ?? 0) && !s.answered) {
        s.answered = 1;
        socket.end(OK);
      }
    });
    port = await findFreePort('127.0.0.1');
    const prefix = join(dir, 'nginx');
    for (const sub of ['conf', 'logs', 'tmp']) await mkdir(join(prefix, sub), { recursive: true });
    const paths = nginxPaths(prefix);
    accessLog = paths.accessLog;
    await writeFile(paths.configFile, conf(port, origin.port));
    pid = await startNginx('shaping-test', paths);
  });
  after(async () => {
    if (pid) await stopNginx(pid);
    await origin?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function replay(
    name: string,
    request: string,
    inputs: Record<string, string>,
  ): Promise<ReplayResult> {
    const corpus = join(dir, `${name}.txt`);
    await writeFile(corpus, `${request}====****\n`);
    return runReplay(
      parseReplayOptions({
        target: `http://127.0.0.1:${port}`,
        corpus,
        mode: 'pressure',
        connections: '2',
        requests: '2',
        'out-dir': join(dir, name),
        'progress-interval': '0',
        ...inputs,
      }),
      { logger: silentLogger },
    );
  }

  /** Access log lines with `status`, once nginx wrote them (it logs when it closes the request). */
  async function logged(status: number, count: number): Promise<string[]> {
    let lines: string[] = [];
    for (let i = 0; i < 50; i++) {
      const text = await readFile(accessLog, 'utf8').catch(() => '');
      lines = text.split('\n').filter((l) => l.startsWith(`${status} `));
      if (lines.length >= count) break;
      await sleep(100);
    }
    return lines;
  }

  /** Every request ended as an outcome: a 408 response or a close, nothing else. */
  function countedAsTimeouts(result: ReplayResult): void {
    assert.equal(result.totals.sent, 2);
    assert.equal(result.totals.cancelled ?? 0, 0);
    const outcomes = (result.statusCounts['408'] ?? 0) + (result.errorCounts.reset ?? 0);
    assert.equal(outcomes, 2, JSON.stringify([result.statusCounts, result.errorCounts]));
  }

  it('a head slower than client_header_timeout: nginx logs 408, the replay counts both', async () => {
    const before = (await logged(408, 0)).length;
    // 1 byte every 300 ms: the 46-byte head would take 13 s; nginx gives up after 1 s.
    const result = await replay(
      'slow-header',
      'GET /slow-head HTTP/1.1\r\nHost: a\r\nX-Pad: 0123\r\n\r\n',
      {
        'slow-header': '1/300ms',
      },
    );
    countedAsTimeouts(result);
    assert.equal((await logged(408, before + 2)).length, before + 2);
  });

  it('a body slower than client_body_timeout: nginx logs 408, the replay counts both', async () => {
    const before = (await logged(408, 0)).length;
    const body = 'a=0123456789\n';
    const result = await replay(
      'slow-body',
      `POST /slow-body HTTP/1.1\r\nHost: a\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      { 'slow-body': '4/1500ms' },
    );
    countedAsTimeouts(result);
    assert.equal((await logged(408, before + 2)).length, before + 2);
  });

  it('a slow body within the timeouts reaches the origin byte-exact through request buffering', async () => {
    const first = origin.connections;
    const body = 'x=0123456789abcdef0123456789\n';
    const result = await replay(
      'slow-ok',
      `POST /slow-ok HTTP/1.1\r\nHost: a\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      { 'slow-body': '6/200ms', 'slow-header': '20/100ms' },
    );
    assert.deepEqual(result.statusCounts, { '200': 2 });
    const bodies = origin.captures.slice(first).map((c) => {
      const text = c.toString('latin1');
      return text.slice(text.indexOf('\r\n\r\n') + 4);
    });
    // The probe's GET has no body; the two POSTs arrived whole.
    assert.deepEqual(
      bodies.filter((b) => b !== ''),
      [body, body],
    );
  });
});
