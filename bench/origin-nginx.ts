// A private nginx origin for the replay benchmarks: `return 200`, access_log off, 1 worker (or
// `workers`), on a free loopback port, in its own prefix under `dir`. `/` answers 148 bytes in all
// (head + "hello from origin\n"); `/4k` and `/64k` serve static bodies of 4,096 and 65,536 bytes.
// Stopped with SIGQUIT by `stop()`.
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A running origin. */
export interface Origin {
  url: string;
  port: number;
  /** Worker-master pid (null when nginx did not write its pid file in time). */
  pid: number | null;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Paths with the response body sizes the benchmarks use (bytes of body, not of the response). */
export const ORIGIN_PATHS = { '148B': '/', '4KiB': '/4k', '64KiB': '/64k' } as const;

const CONF = (port: number, workers: number): string => `worker_processes ${workers};
pid logs/nginx.pid;
error_log logs/error.log warn;
events { worker_connections 8192; }
http {
  client_body_temp_path tmp/body; proxy_temp_path tmp/proxy; fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi; scgi_temp_path tmp/scgi;
  default_type text/plain; access_log off; keepalive_requests 100000000;
  server { listen 127.0.0.1:${port} reuseport backlog=4096; server_name origin;
    location / { return 200 "hello from origin\\n"; }
    location = /4k { root html; try_files /4k.bin =404; }
    location = /64k { root html; try_files /64k.bin =404; }
  }
}
`;

/** Starts the origin under `dir` (created) with `workers` nginx worker processes. */
export async function startOrigin(dir: string, workers = 1): Promise<Origin> {
  const port = await freePort();
  for (const sub of ['conf', 'logs', 'tmp', 'html'])
    await mkdir(join(dir, sub), { recursive: true });
  await writeFile(join(dir, 'html', '4k.bin'), Buffer.alloc(4096, 'a'));
  await writeFile(join(dir, 'html', '64k.bin'), Buffer.alloc(65536, 'b'));
  await writeFile(join(dir, 'conf', 'nginx.conf'), CONF(port, workers));
  const started = spawnSync('nginx', ['-p', dir, '-c', 'conf/nginx.conf', '-e', 'logs/error.log'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (started.status !== 0) throw new Error(`nginx failed to start: ${started.stderr}`);
  let pid: number | null = null;
  for (let i = 0; i < 50 && pid === null; i++) {
    pid =
      Number((await readFile(join(dir, 'logs', 'nginx.pid'), 'utf8').catch(() => '')).trim()) ||
      null;
    if (pid === null) await sleep(100);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    pid,
    stop: async () => {
      if (pid === null) return;
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
      await sleep(300);
    },
  };
}
