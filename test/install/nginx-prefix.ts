/** A private plain nginx (no ModSecurity) in a temp prefix, for the configure/reload/health tests. */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { missingPeer } from '../helpers/peers.ts';

/** A private nginx prefix and how to drive it. */
export interface NginxPrefix {
  prefix: string;
  port: number;
  conf: string;
  pidFile: string;
  accessLog: string;
  /** `nginx -t` for this prefix, as an argument array. */
  check: string[];
  start(): void;
  stop(): Promise<void>;
}

/** Why nginx tests cannot run, or undefined. */
export function nginxSkipReason(): string | undefined {
  return spawnSync('nginx', ['-v']).status === 0
    ? undefined
    : missingPeer('nginx not found (apt-get install nginx)');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Writes a prefix serving `return 200 "v1\n"` for Host app.test and 404 for any other Host. */
export async function makeNginxPrefix(prefix: string): Promise<NginxPrefix> {
  const port = await freePort();
  for (const d of ['conf/conf.d', 'logs', 'tmp']) await mkdir(join(prefix, d), { recursive: true });
  const conf = join(prefix, 'conf/nginx.conf');
  await writeFile(
    conf,
    `worker_processes 1;
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 64; }
http {
  client_body_temp_path tmp/body;
  proxy_temp_path tmp/proxy;
  fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi;
  scgi_temp_path tmp/scgi;
  default_type text/plain;
  access_log logs/access.log;
  include conf.d/*.conf;
  server {
    listen 127.0.0.1:${port} default_server;
    server_name _;
    return 404;
  }
  server {
    listen 127.0.0.1:${port};
    server_name app.test;
    location / { return 200 "v1\\n"; }
  }
}
`,
  );
  const base = ['-p', prefix, '-c', 'conf/nginx.conf', '-e', 'logs/error.log'];
  const pidFile = join(prefix, 'logs/nginx.pid');
  return {
    prefix,
    port,
    conf,
    pidFile,
    accessLog: join(prefix, 'logs/access.log'),
    check: ['nginx', '-t', '-q', ...base],
    start() {
      const r = spawnSync('nginx', base, { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`nginx failed to start: ${r.stderr}`);
    },
    async stop() {
      const pid = await readFile(pidFile, 'utf8').catch(() => '');
      if (/^\d+\s*$/.test(pid)) {
        try {
          process.kill(Number(pid), 'SIGQUIT');
        } catch {
          /* already gone */
        }
      }
    },
  };
}
