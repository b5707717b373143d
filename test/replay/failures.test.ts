/** Unreachable, resetting and stalling targets: fail fast, or count errors and end on time with results. */
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isWafGateError } from '../../src/common/errors.ts';
import { silentLogger } from '../../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../../src/replay/index.ts';
import type { ReplayResult } from '../../src/replay/types.ts';
import { countHeads, startRawServer, tempDir } from './raw-servers.ts';

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

describe('failing targets', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let corpus: string;
  before(async () => {
    tmp = await tempDir();
    corpus = await tmp.write('one.txt', 'GET / HTTP/1.1\r\nHost: a.test\r\n\r\n');
  });
  after(async () => tmp.cleanup());

  it('an unreachable target fails fast with a clear message', { timeout: 30_000 }, async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const options = parseReplayOptions({
      target: `http://127.0.0.1:${port}`,
      corpus,
      mode: 'pressure',
      duration: '30s',
      'out-dir': join(tmp.dir, 'unreachable'),
    });
    await assert.rejects(runReplay(options, { logger: silentLogger }), (error: unknown) => {
      assert.ok(isWafGateError(error));
      assert.equal(error.code, 'E_TARGET_UNREACHABLE');
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}: connection refused`));
      return true;
    });
  });

  it(
    'a target that resets connections mid-run: counted as errors, results written',
    { timeout: 30_000 },
    async () => {
      let answered = 0;
      const server = await startRawServer((socket, received) => {
        if (answered >= 20) {
          socket.resetAndDestroy();
          return;
        }
        const heads = countHeads(received);
        const done = (socket as net.Socket & { done?: number }).done ?? 0;
        for (let i = done; i < heads && answered < 20; i++, answered++) socket.write(OK);
        (socket as net.Socket & { done?: number }).done = heads;
      });
      try {
        const outDir = join(tmp.dir, 'reset');
        const result = await runReplay(
          parseReplayOptions({
            target: `http://127.0.0.1:${server.port}`,
            corpus,
            mode: 'pressure',
            connections: '2',
            duration: '1500ms',
            'out-dir': outDir,
            'progress-interval': '0',
          }),
          { logger: silentLogger },
        );
        assert.equal(result.statusCounts['200'], 20);
        assert.ok((result.errorCounts.reset ?? 0) > 0, JSON.stringify(result.errorCounts));
        const written = JSON.parse(
          await readFile(join(outDir, 'replay.json'), 'utf8'),
        ) as ReplayResult;
        assert.equal(written.totals.errors, result.totals.errors);
      } finally {
        await server.close();
      }
    },
  );

  it(
    'a target that stalls mid-run: timeouts counted, the run ends by its duration with partial results',
    { timeout: 30_000 },
    async () => {
      let answered = 0;
      const server = await startRawServer((socket, received) => {
        const heads = countHeads(received);
        const s = socket as net.Socket & { done?: number };
        for (let i = s.done ?? 0; i < heads && answered < 10; i++, answered++) socket.write(OK);
        s.done = heads;
      });
      try {
        const outDir = join(tmp.dir, 'stall');
        const result = await runReplay(
          parseReplayOptions({
            target: `http://127.0.0.1:${server.port}`,
            corpus,
            mode: 'quality',
            repeat: '1000',
            connections: '2',
            duration: '2s',
            'first-byte-timeout': '300ms',
            'out-dir': outDir,
            'progress-interval': '0',
          }),
          { logger: silentLogger },
        );
        assert.equal(result.statusCounts['200'], 10);
        assert.ok(
          (result.errorCounts['timeout-first-byte'] ?? 0) > 0,
          JSON.stringify(result.errorCounts),
        );
        assert.ok(
          result.totals.sent < 1000,
          'stopped by the duration, not by running out of requests',
        );
        const lines = (await readFile(join(outDir, 'outcomes.jsonl'), 'utf8')).trim().split('\n');
        assert.equal(lines.length, result.totals.completed + result.totals.errors);
        assert.equal(
          result.totals.sent,
          result.totals.completed + result.totals.errors + (result.totals.cancelled ?? 0),
        );
      } finally {
        await server.close();
      }
    },
  );

  it('an abort signal stops the run and still writes results', { timeout: 30_000 }, async () => {
    const server = await startRawServer((socket, received) => {
      const s = socket as net.Socket & { done?: number };
      const heads = countHeads(received);
      for (let i = s.done ?? 0; i < heads; i++) socket.write(OK);
      s.done = heads;
    });
    try {
      const controller = new AbortController();
      const outDir = join(tmp.dir, 'abort');
      const run = runReplay(
        parseReplayOptions({
          target: `http://127.0.0.1:${server.port}`,
          corpus,
          mode: 'pressure',
          connections: '2',
          duration: '60s',
          'out-dir': outDir,
          'progress-interval': '0',
        }),
        {
          logger: silentLogger,
          signal: controller.signal,
          onProgress: (p) => {
            if (p.completed > 100) controller.abort();
          },
        },
      );
      const result = await run;
      assert.ok(result.totals.completed > 100);
      const written = JSON.parse(
        await readFile(join(outDir, 'replay.json'), 'utf8'),
      ) as ReplayResult;
      assert.equal(written.totals.completed, result.totals.completed);
    } finally {
      await server.close();
    }
  });
});
