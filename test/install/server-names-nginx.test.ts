/**
 * Issue 11 item 9 against a real nginx: a private nginx on 127.0.0.1 with several server blocks (the
 * seed's conf/servers/<domain>.conf layout, a default server, a wildcard, a regex, a TLS server) is read
 * with `nginx -T` through LocalHost and through a real sshd on loopback, and every domain found is asked
 * for over HTTP to prove nginx serves it from its own block. Failures of nginx -T (a broken config, a key
 * the user cannot read) must come back with nginx's message and what to do.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WafGateError } from '../../src/common/errors.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import { SshHost } from '../../src/hosts/ssh.ts';
import type { Host } from '../../src/hosts/types.ts';
import { readServerNames } from '../../src/install/server-names.ts';
import { sshdSkipReason, startSshd, type SshdFixture } from '../helpers/sshd.ts';
import { nginxSkipReason } from './nginx-prefix.ts';

const nginxSkip = nginxSkipReason();
const sshSkip = nginxSkip ?? sshdSkipReason();
const NGINX = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim();

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

/** GET / on the private nginx with a Host header; resolves to the body. */
function get(port: number, hostHeader: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/', headers: { host: hostHeader } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body.trim()));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

interface Prefix {
  dir: string;
  port: number;
  tlsPort: number;
  base: string[];
}

/** Writes and starts the private nginx; every block answers with its own label. */
async function startNginx(): Promise<Prefix> {
  const dir = await mkdtemp(join(tmpdir(), 'waf-gate-server-names-'));
  await chmod(dir, 0o755); // nginx -T as nobody must reach the files
  const [port, tlsPort] = [await freePort(), await freePort()];
  for (const d of ['conf/servers', 'logs', 'tmp']) await mkdir(join(dir, d), { recursive: true });
  await chmod(join(dir, 'logs'), 0o777);
  const ssl = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=secure.test',
      '-keyout',
      join(dir, 'conf/key.pem'),
      '-out',
      join(dir, 'conf/cert.pem'),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(ssl.status, 0, ssl.stderr);
  await writeFile(
    join(dir, 'conf/nginx.conf'),
    `worker_processes 1;
pid logs/nginx.pid;
events { worker_connections 64; }
http {
  client_body_temp_path tmp/body;
  proxy_temp_path tmp/proxy;
  fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi;
  scgi_temp_path tmp/scgi;
  access_log off;
  default_type text/plain;
  server {
    listen 127.0.0.1:${port} default_server;
    server_name _ "";
    return 200 "default\\n";
  }
  server {
    listen 127.0.0.1:${port};
    server_name *.wild.test "~^(?<tenant>[a-z]+)\\.re\\.test$"; # quoted: a regex may hold { }
    return 200 "pattern\\n";
  }
  include servers/*.conf;
}
`,
  );
  for (const name of ['app1.test', 'app2.test']) {
    await writeFile(
      join(dir, `conf/servers/${name}.conf`),
      `server {\n  listen 127.0.0.1:${port};\n  server_name ${name} 'www.${name}';\n  return 200 "${name}\\n";\n}\n`,
    );
  }
  await writeFile(
    join(dir, 'conf/servers/secure.test.conf'),
    `server {\n  listen 127.0.0.1:${tlsPort} ssl;\n  server_name secure.test;\n  ssl_certificate cert.pem;\n  ssl_certificate_key key.pem;\n  return 200 "secure\\n";\n}\n`,
  );
  const base = ['-p', `${dir}/`, '-c', join(dir, 'conf/nginx.conf'), '-e', 'logs/error.log'];
  const started = spawnSync('nginx', base, { encoding: 'utf8' });
  assert.equal(started.status, 0, started.stderr);
  return { dir, port, tlsPort, base };
}

let nginx: Prefix | undefined;
let sshd: SshdFixture | undefined;
before(async () => {
  if (nginxSkip === undefined) nginx = await startNginx();
  if (sshSkip === undefined) sshd = await startSshd();
});
after(async () => {
  if (nginx !== undefined) {
    spawnSync('nginx', [...nginx.base, '-s', 'quit']);
    await rm(nginx.dir, { recursive: true, force: true });
  }
  await sshd?.stop();
});

const hosts: { label: string; skip: string | undefined; open: () => Host }[] = [
  { label: 'LocalHost', skip: nginxSkip, open: () => new LocalHost() },
  { label: 'SSH', skip: sshSkip, open: () => new SshHost(sshd!.target, sshd!.sshOptions) },
];

for (const { label, skip, open } of hosts) {
  describe(
    `readServerNames from a running private nginx through ${label}`,
    { skip: skip ?? false },
    () => {
      it('finds every exact name, skips the patterns, and nginx serves each found name itself', async () => {
        const host = open();
        try {
          const found = await readServerNames(host, {
            nginxBinary: NGINX,
            prefix: `${nginx!.dir}/`,
            configFile: join(nginx!.dir, 'conf/nginx.conf'),
          });
          assert.deepEqual(found.domains, [
            'app1.test',
            'www.app1.test',
            'app2.test',
            'www.app2.test',
            'secure.test',
          ]);
          assert.deepEqual(
            found.skipped.map((s) => [s.kind, s.name, s.line]),
            [
              ['invalid', '_', 14],
              ['empty', '', 14],
              ['wildcard', '*.wild.test', 19],
              ['regex', '~^(?<tenant>[a-z]+)\\.re\\.test$', 19],
            ],
          );
          assert.equal(found.source, `nginx -T on ${host.name}`);
          const secure = found.servers.find((s) => s.names.some((n) => n.name === 'secure.test'))!;
          assert.deepEqual(secure.listens, [
            {
              address: `127.0.0.1:${nginx!.tlsPort}`,
              port: nginx!.tlsPort,
              defaultServer: false,
              ssl: true,
            },
          ]);
          assert.deepEqual(found.servers[0]!.defaultFor, [`127.0.0.1:${nginx!.port}`]);
          for (const domain of found.domains.filter((d) => d !== 'secure.test')) {
            assert.equal(await get(nginx!.port, domain), domain.replace(/^www\./, ''), domain);
          }
          assert.equal(await get(nginx!.port, 'unknown.test'), 'default');
        } finally {
          await host.close();
        }
      });

      it('replays the given samples of the wildcard and the regex, which nginx routes to them', async () => {
        const host = open();
        try {
          const found = await readServerNames(host, {
            nginxBinary: NGINX,
            configFile: join(nginx!.dir, 'conf/nginx.conf'),
            prefix: `${nginx!.dir}/`,
            samples: {
              '*.wild.test': 'a.wild.test',
              '~^(?<tenant>[a-z]+)\\.re\\.test$': 'acme.re.test',
            },
          });
          assert.deepEqual(found.domains.slice(0, 2), ['a.wild.test', 'acme.re.test']);
          for (const sample of ['a.wild.test', 'acme.re.test']) {
            assert.equal(await get(nginx!.port, sample), 'pattern', sample);
          }
        } finally {
          await host.close();
        }
      });

      it("passes nginx's warnings on as notes (a conflicting server name)", async () => {
        const host = open();
        const conflict = join(nginx!.dir, 'conf/conflict.conf');
        await writeFile(
          conflict,
          'events {}\nhttp {\n  server { listen 127.0.0.1:9; server_name twice.test; }\n' +
            '  server { listen 127.0.0.1:9; server_name twice.test; }\n}\n',
        );
        try {
          const found = await readServerNames(host, {
            nginxBinary: NGINX,
            configFile: conflict,
            prefix: `${nginx!.dir}/`,
          });
          assert.deepEqual(found.domains, ['twice.test']);
          assert.equal(found.notes.length, 1, found.notes.join('\n'));
          assert.match(found.notes[0]!, /^\[warn\] conflicting server name "twice\.test"/);
        } finally {
          await host.close();
        }
      });

      it('reports nginx -T failing on a broken config with nginx own message', async () => {
        const host = open();
        const broken = join(nginx!.dir, 'conf/broken.conf');
        await writeFile(broken, 'events {}\nhttp {\n  server { server_name a.test }\n}\n');
        try {
          await assert.rejects(
            readServerNames(host, {
              nginxBinary: NGINX,
              configFile: broken,
              prefix: `${nginx!.dir}/`,
            }),
            (error: WafGateError) => {
              assert.equal(error.code, 'E_NGINX_DUMP');
              assert.match(error.message, /broken\.conf:3/);
              assert.match(error.hint ?? '', /nginx -t/);
              return true;
            },
          );
        } finally {
          await host.close();
        }
      });
    },
  );
}

describe(
  'readServerNames: nginx -T without the rights to read the config',
  { skip: nginxSkip ?? false },
  () => {
    it('says to run as root or give a saved dump, quoting nginx', async () => {
      const wrapper = join(nginx!.dir, 'nginx-as-nobody.sh');
      // As root, nginx runs as nobody (root reads every file); otherwise as this user, and the key is mode 000.
      await writeFile(
        wrapper,
        `#!/bin/sh\nif [ "$(id -u)" = 0 ]; then exec setpriv --reuid=nobody --regid=nogroup --clear-groups ${NGINX} "$@"; fi\nexec ${NGINX} "$@"\n`,
        { mode: 0o755 },
      );
      const key = join(nginx!.dir, 'conf/key.pem');
      await chmod(key, 0o000);
      try {
        await assert.rejects(
          readServerNames(new LocalHost(), {
            nginxBinary: wrapper,
            prefix: `${nginx!.dir}/`,
            configFile: join(nginx!.dir, 'conf/nginx.conf'),
          }),
          (error: WafGateError) => {
            assert.equal(error.code, 'E_NGINX_DUMP');
            assert.match(error.message, /key\.pem.*Permission denied|Permission denied.*key\.pem/);
            assert.match(error.hint ?? '', /run as root .* nginx-dump/);
            return true;
          },
        );
      } finally {
        await chmod(key, 0o600);
      }
    });
  },
);
