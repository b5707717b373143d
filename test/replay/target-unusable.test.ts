/**
 * Issue 9: `https://` against a plain-HTTP port is a TLS error with a clear message, not "other" with
 * exit 0; a run where every request failed while connecting fails (exit 3) after writing its results.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import tls from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { isWafGateError } from '../../src/common/errors.ts';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import { classifySocketError } from '../../src/replay/socket-errors.ts';
import { ERR } from '../../src/replay/stats.ts';
import type { ReplayResult } from '../../src/replay/types.ts';
import { tempDir } from './raw-servers.ts';

describe('targets that cannot serve a replay (issue 9)', { timeout: 60_000 }, () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let corpus: string;
  let server: http.Server;
  let port: number;
  let served = 0;
  before(async () => {
    tmp = await tempDir();
    corpus = await tmp.write('one.txt', 'GET / HTTP/1.1\r\nHost: a.test\r\n\r\n');
    server = http.createServer((_req, res) => {
      served++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await tmp.cleanup();
  });

  it('a TLS socket failing with EPROTO is a tls error, not "other"', async () => {
    // What Node really reports when a TLS client meets a plain-HTTP server after writing a request.
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false });
      socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
      socket.on('error', resolve);
    });
    assert.equal(classifySocketError(error, true, true), ERR.tls, `${error.code} ${error.message}`);
    assert.equal(classifySocketError(error, true, false), ERR.other);
  });

  it('https:// to a plain-HTTP node:http server fails fast: TLS handshake failed, use http://', async () => {
    served = 0;
    const outDir = join(tmp.dir, 'plain');
    await assert.rejects(
      runReplay(
        parseReplayOptions({
          target: `https://127.0.0.1:${port}`,
          corpus,
          mode: 'pressure',
          duration: '30s',
          'out-dir': outDir,
          'progress-interval': '0',
        }),
        { logger: silentLogger },
      ),
      (error: unknown) => {
        assert.ok(isWafGateError(error));
        assert.equal(error.code, 'E_TARGET_TLS');
        assert.match(
          error.message,
          new RegExp(
            `^TLS handshake with https://127\\.0\\.0\\.1:${port} failed: the port answered without TLS`,
          ),
        );
        assert.equal(
          error.hint,
          `The port answers without TLS: is the target plain HTTP? Use http://127.0.0.1:${port}.`,
        );
        return true;
      },
    );
    assert.equal(served, 0, 'no request reached the server as HTTP');
  });

  it('the CLI exits 3 with that message as its last stderr line', async () => {
    // Asynchronous: the server answering the handshake lives in this process.
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/main.ts',
          'replay',
          '--target',
          `https://127.0.0.1:${port}`,
          '--corpus',
          corpus,
          '--out-dir',
          join(tmp.dir, 'cli'),
        ],
        { encoding: 'utf8', timeout: 60_000 },
        (error, _stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
      );
    });
    assert.equal(r.code, 3, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.match(
      lines.at(-1)!,
      /^waf-gate replay: TLS handshake with https:\/\/127\.0\.0\.1:\d+ failed: the port answered without TLS .*\[E_TARGET_TLS\] .*is the target plain HTTP\? Use http:\/\/127\.0\.0\.1:\d+\.$/,
    );
  });

  it('a certificate the run does not trust fails fast with the insecure hint', async () => {
    // The plain server cannot offer a certificate; a TLS server with an expired-looking self-signed
    // certificate is covered in tls.test.ts. Here: the hint for a certificate error code.
    const { tlsFailureHint } = await import('../../src/replay/probe.ts');
    const error = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    assert.match(tlsFailureHint({ host: 'h', port: 1, tls: true }, error), /insecure: true/);
  });

  it('every request refused after the probe: results are written, then the run fails (E_TARGET_UNUSABLE)', async () => {
    // Accepts exactly one connection (the probe) and stops listening: every request is refused.
    const once = net.createServer((socket) => {
      socket.destroy();
      once.close();
    });
    await new Promise<void>((resolve) => once.listen(0, '127.0.0.1', resolve));
    const oncePort = (once.address() as net.AddressInfo).port;
    const outDir = join(tmp.dir, 'refused');
    await assert.rejects(
      runReplay(
        parseReplayOptions({
          target: `http://127.0.0.1:${oncePort}`,
          corpus,
          repeat: '3',
          connections: '1',
          'out-dir': outDir,
          'progress-interval': '0',
        }),
        { logger: silentLogger },
      ),
      (error: unknown) => {
        assert.ok(isWafGateError(error));
        assert.equal(error.code, 'E_TARGET_UNUSABLE');
        assert.match(
          error.message,
          /got an HTTP response: all 3 failed while connecting \(refused 3\)\. Results written to .*replay\.json\.$/,
        );
        return true;
      },
    );
    const written = JSON.parse(await readFile(join(outDir, 'replay.json'), 'utf8')) as ReplayResult;
    assert.deepEqual(written.errorCounts, { refused: 3 });
    const lines = (await readFile(join(outDir, 'outcomes.jsonl'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, 3);
  });

  it('one answered request makes the run a result even when the others fail', async () => {
    let accepted = 0;
    const flaky = http.createServer((_req, res) => res.end('ok'));
    flaky.on('connection', (socket) => {
      accepted++;
      // The probe's connection and the first request's are served; then the port closes.
      if (accepted === 2) flaky.close();
      void socket;
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const flakyPort = (flaky.address() as net.AddressInfo).port;
    const result = await runReplay(
      parseReplayOptions({
        target: `http://127.0.0.1:${flakyPort}`,
        corpus,
        repeat: '3',
        connections: '1',
        'keep-alive': 'false',
        'out-dir': join(tmp.dir, 'partial'),
        'progress-interval': '0',
      }),
      { logger: silentLogger },
    );
    flaky.closeAllConnections();
    assert.equal(result.totals.completed, 1);
    assert.deepEqual(result.errorCounts, { refused: 2 });
  });

  it('a run whose last request went out after a think time ends at once (was: waited for max-duration)', async () => {
    served = 0;
    const result = await runReplay(
      parseReplayOptions({
        target: `http://127.0.0.1:${port}`,
        corpus,
        repeat: '3',
        connections: '1',
        'think-time': '5ms',
        'max-duration': '1h',
        'out-dir': join(tmp.dir, 'think'),
        'progress-interval': '0',
      }),
      { logger: silentLogger },
    );
    assert.equal(result.totals.completed, 3);
    assert.equal(served, 3);
  });
});
