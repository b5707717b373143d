/**
 * Test helpers for collect: a private-prefix plain nginx (no ModSecurity) with a chosen log_format,
 * and a raw `net` client that sends requests carrying the id header.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  nginxPaths,
  startNginx,
  stopNginx,
  workerPids,
  type NginxPaths,
} from '../../src/lab/nginx.ts';
import { findFreePort } from '../../src/lab/ports.ts';

/** A running test nginx. */
export interface TestNginx {
  dir: string;
  port: number;
  paths: NginxPaths;
  masterPid: number;
  workers(): Promise<number[]>;
  stop(): Promise<void>;
}

/** Options for {@link startTestNginx}. */
export interface TestNginxOptions {
  /** The quoted parts of a log_format (as in nginx.conf, without name and `;`). */
  logFormat: string;
  /** `escape=json` etc. */
  escape?: string;
  workers?: number;
  /** @default 'info' */
  errorLevel?: string;
}

/**
 * nginx serving: `/` and `/ok` 200 (no upstream), `/deny` 403, `/bad` 400 (no upstream), `/up/*` proxied
 * to a second, unlogged server (upstream status 200), `/gone/*` proxied to a closed port (502 with upstream status).
 */
export async function startTestNginx(options: TestNginxOptions): Promise<TestNginx> {
  const dir = await mkdtemp(join(tmpdir(), 'waf-gate-collect-nginx-'));
  const port = await findFreePort();
  const deadPort = await findFreePort();
  const originPort = await findFreePort();
  const paths = nginxPaths(dir);
  for (const sub of ['conf', 'logs', 'tmp']) await mkdir(join(dir, sub), { recursive: true });
  const conf = `worker_processes ${options.workers ?? 1};
pid logs/nginx.pid;
error_log logs/error.log ${options.errorLevel ?? 'info'};
events { worker_connections 256; }
http {
  client_body_temp_path tmp/body;
  proxy_temp_path tmp/proxy;
  fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi;
  scgi_temp_path tmp/scgi;
  log_format t ${options.escape ? `escape=${options.escape} ` : ''}${options.logFormat};
  access_log logs/access.log t;
  server {
    listen 127.0.0.1:${port};
    server_name _;
    location = /deny { return 403; }
    location = /bad { return 400; }
    location /up/ { proxy_pass http://127.0.0.1:${originPort}/ok; }
    location /gone/ { proxy_pass http://127.0.0.1:${deadPort}/; }
    location / { add_header X-Test yes; return 200 "ok\\n"; }
  }
  server {
    listen 127.0.0.1:${originPort};
    access_log off;
    location / { return 200 "origin\\n"; }
  }
}
`;
  await writeFile(paths.configFile, conf);
  let masterPid: number;
  try {
    masterPid = await startNginx('collect-test', paths);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    port,
    paths,
    masterPid,
    workers: () => workerPids(masterPid),
    stop: async () => {
      await stopNginx(masterPid).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** One request to send. */
export interface RawRequest {
  host: string;
  path: string;
  /** Sent as X-Waf-Gate-Id unless null. */
  id: string | null;
  method?: string;
  extraHeaders?: string[];
}

/** Sends one request on its own connection and resolves to the status (null when none). */
export function sendRaw(port: number, req: RawRequest): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const headers = [
      `${req.method ?? 'GET'} ${req.path} HTTP/1.1`,
      `Host: ${req.host}`,
      'User-Agent: waf-gate-test/1.0',
      'Connection: close',
      ...(req.id === null ? [] : [`X-Waf-Gate-Id: ${req.id}`]),
      ...(req.extraHeaders ?? []),
    ];
    socket.setTimeout(10_000, () => socket.destroy());
    socket.on('connect', () => socket.write(`${headers.join('\r\n')}\r\n\r\n`));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => {
      const head = Buffer.concat(chunks).toString('latin1', 0, 16);
      const m = /^HTTP\/1\.\d (\d{3})/.exec(head);
      resolve(m ? Number(m[1]) : null);
    });
    socket.on('error', () => undefined);
  });
}

/** Sends requests sequentially (bounded: the list). */
export async function sendAll(
  port: number,
  reqs: readonly RawRequest[],
): Promise<(number | null)[]> {
  const out: (number | null)[] = [];
  for (const r of reqs) out.push(await sendRaw(port, r));
  return out;
}

/** Polls `check` every 50 ms up to `timeoutMs` (a wait, not a timed assertion). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
