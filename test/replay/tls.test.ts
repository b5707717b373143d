/**
 * TLS against a real node `tls` server with a self-signed certificate made by the openssl CLI: SNI
 * (from the domain, or `servername`), certificate verification (refused unless `insecure`), bytes on
 * the wire, keep-alive and a new connection per request.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { isWafGateError } from '../../src/common/errors.ts';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import { tempDir } from './raw-servers.ts';

interface TlsCapture {
  servername: string | false | null;
  bytes: Buffer;
}

describe('TLS targets', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let server: tls.Server;
  let port: number;
  let corpus: string;
  const connections: TlsCapture[] = [];
  const REQUEST = 'GET /tls?q=1 HTTP/1.1\r\nHost: captured.example\r\nX-Odd:  Case\r\n\r\n';
  const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

  before(async () => {
    tmp = await tempDir();
    const key = join(tmp.dir, 'key.pem');
    const cert = join(tmp.dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=app.test',
        '-addext',
        'subjectAltName=DNS:app.test',
      ],
      { stdio: 'ignore', timeout: 30_000 },
    );
    server = tls.createServer(
      { key: await readFile(key), cert: await readFile(cert) },
      (socket) => {
        const capture: TlsCapture = { servername: socket.servername, bytes: Buffer.alloc(0) };
        connections.push(capture);
        socket.on('error', () => undefined);
        let answered = 0;
        socket.on('data', (chunk: Buffer) => {
          capture.bytes = Buffer.concat([capture.bytes, chunk]);
          const heads = (capture.bytes.toString('latin1').match(/\r\n\r\n/g) ?? []).length;
          for (; answered < heads; answered++) socket.write(OK);
        });
      },
    );
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    corpus = await tmp.write('tls.txt', REQUEST);
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await tmp.cleanup();
  });

  /** Connections that carried requests (not the probe's TLS handshake, which sends nothing). */
  const used = (): TlsCapture[] => connections.filter((c) => c.bytes.length > 0);
  const replay = async (extra: Record<string, string>, name: string) => {
    connections.length = 0;
    const options = parseReplayOptions({
      target: `https://127.0.0.1:${port}`,
      corpus,
      mode: 'quality',
      connections: '1',
      'out-dir': join(tmp.dir, name),
      'progress-interval': '0',
      ...extra,
    });
    return runReplay(options, { logger: silentLogger });
  };

  it('verifies the certificate by default: a self-signed one fails the probe handshake', async () => {
    await assert.rejects(replay({ domains: 'app.test' }, 'verify'), (error: unknown) => {
      assert.ok(isWafGateError(error));
      assert.equal(error.code, 'E_TARGET_TLS');
      assert.match(
        error.message,
        /^TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed: self[- ]signed certificate/,
      );
      assert.match(error.hint ?? '', /insecure: true/);
      return true;
    });
    assert.ok(
      connections.every((c) => c.bytes.length === 0),
      'no request is sent over an untrusted connection',
    );
  });

  it('insecure: sends SNI from the domain and exactly the rewritten bytes', async () => {
    const result = await replay(
      { domains: 'app.test', insecure: 'true', 'id-header': 'X-Id', 'run-id': 'tls1' },
      'insecure',
    );
    assert.equal(result.totals.completed, 1);
    assert.deepEqual(result.statusCounts, { '200': 1 });
    assert.equal(used().length, 1);
    assert.equal(used()[0]!.servername, 'app.test');
    assert.equal(
      used()[0]!.bytes.toString('latin1'),
      'GET /tls?q=1 HTTP/1.1\r\nX-Id: tls1-0-0\r\nHost: app.test\r\nX-Odd:  Case\r\n\r\n',
    );
  });

  it('servername overrides SNI; keep-alive reuses one TLS connection', async () => {
    const result = await replay(
      {
        domains: 'app.test',
        insecure: 'true',
        servername: 'sni.example',
        repeat: '3',
        'run-id': 'tls2',
      },
      'servername',
    );
    assert.equal(result.totals.completed, 3);
    assert.equal(used().length, 1);
    assert.equal(used()[0]!.servername, 'sni.example');
    assert.equal(result.target.servername, 'sni.example');
  });

  it('an IP target without domains sends no SNI; a new connection per request works', async () => {
    const result = await replay(
      { insecure: 'true', repeat: '2', 'keep-alive': 'false', 'run-id': 'tls3' },
      'no-sni',
    );
    assert.equal(result.totals.completed, 2);
    assert.equal(used().length, 2);
    for (const c of used()) {
      assert.equal(c.servername, false);
      assert.match(c.bytes.toString('latin1'), /^GET \/tls\?q=1 HTTP\/1\.1\r\nX-Waf-Gate-Id: /);
      assert.match(c.bytes.toString('latin1'), /Host: captured\.example\r\n/);
    }
  });
});
