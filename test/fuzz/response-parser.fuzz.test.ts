/**
 * Fuzzing the response parser (issue 9) differentially against Node's own HTTP parser (llhttp): each
 * generated response is written by a real `node:net` server and read by a `node:http` client request,
 * and fed to our parser split at random chunk boundaries. Valid responses: both accept, same status,
 * same body length, ours ends exactly at the end. Content-Length values from a hostile alphabet: ours
 * accepts exactly when llhttp does (a framing disagreement is a request-smuggling-style desync).
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { MALFORMED, NEED_MORE, ResponseParser } from '../../src/replay/response-parser.ts';
import { FUZZ_TIMEOUT_MS, fuzzParams } from './fuzz-runs.ts';

interface Verdict {
  ok: boolean;
  status: number;
  /** Body bytes (decoded for chunked in llhttp; raw for ours, compared only when not chunked). */
  bodyBytes: number;
}

/** Our parser over `chunks`, then EOF. */
function ours(response: Buffer, cuts: number[]): Verdict & { end: number } {
  const parser = new ResponseParser();
  parser.reset(false);
  const headEnd = response.indexOf('\r\n\r\n') + 4;
  const points = [...new Set(cuts.map((c) => c % (response.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, response.length]) {
    if (to <= from) continue;
    // Each chunk arrives in its own buffer, as from a socket.
    const chunk = Buffer.from(response.subarray(from, to));
    const r = parser.execute(chunk, 0, chunk.length);
    if (r === MALFORMED) return { ok: false, status: 0, bodyBytes: 0, end: -1 };
    if (r !== NEED_MORE) {
      const end = from + r;
      return { ok: true, status: parser.status, bodyBytes: end - headEnd, end };
    }
    from = to;
  }
  if (parser.readsUntilClose)
    return {
      ok: true,
      status: parser.status,
      bodyBytes: response.length - headEnd,
      end: response.length,
    };
  return { ok: false, status: 0, bodyBytes: 0, end: -1 };
}

describe('fuzz: response parser against llhttp', { timeout: FUZZ_TIMEOUT_MS }, () => {
  let server: net.Server;
  let port: number;
  /** What the next accepted connection writes (one request at a time). */
  let script: { bytes: Buffer; cuts: number[] } = { bytes: Buffer.alloc(0), cuts: [] };
  before(async () => {
    server = net.createServer((socket) => {
      socket.on('error', () => undefined);
      const { bytes, cuts } = script;
      socket.once('data', () => {
        let from = 0;
        for (const to of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
          (a, b) => a - b,
        )) {
          if (to > from) socket.write(bytes.subarray(from, to));
          from = Math.max(from, to);
        }
        socket.end(bytes.subarray(from));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  after(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  /** llhttp's verdict through a real node:http client request. */
  const llhttp = (bytes: Buffer, cuts: number[]): Promise<Verdict> =>
    new Promise((resolve) => {
      script = { bytes, cuts };
      let settled = false;
      const done = (v: Verdict): void => {
        if (!settled) {
          settled = true;
          resolve(v);
        }
      };
      const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
        let body = 0;
        res.on('data', (c: Buffer) => (body += c.length));
        res.on('end', () =>
          done({ ok: res.complete, status: res.statusCode ?? 0, bodyBytes: body }),
        );
        res.on('aborted', () => done({ ok: false, status: 0, bodyBytes: 0 }));
        res.on('error', () => done({ ok: false, status: 0, bodyBytes: 0 }));
      });
      req.on('error', () => done({ ok: false, status: 0, bodyBytes: 0 }));
    });

  const tokenChar = fc.constantFrom(...'abcxyzABC0123456789-_'.split(''));
  const headerName = fc
    .string({ unit: tokenChar, minLength: 1, maxLength: 10 })
    .filter((n) => !/^(content-length|transfer-encoding|connection|upgrade|trailer)$/i.test(n));
  const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);
  const extra = fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 });
  const status = fc.integer({ min: 200, max: 599 }).filter((s) => s !== 204 && s !== 304);
  const body = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));
  const cuts = fc.array(fc.nat(2000), { maxLength: 6 });

  const valid = fc.oneof(
    fc.record({ kind: fc.constant('length' as const), status, extra, body }),
    fc.record({
      kind: fc.constant('chunked' as const),
      status,
      extra,
      chunks: fc.array(
        body.filter((b) => b.length > 0),
        { maxLength: 4 },
      ),
      upper: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('close' as const), status, extra, body }),
  );

  type Generated =
    | { kind: 'length' | 'close'; status: number; extra: Array<[string, string]>; body: Buffer }
    | {
        kind: 'chunked';
        status: number;
        extra: Array<[string, string]>;
        chunks: Buffer[];
        upper: boolean;
      };
  const render = (r: Generated): Buffer => {
    const head = [`HTTP/1.1 ${r.status} X`, ...r.extra.map(([n, v]) => `${n}: ${v}`)];
    let tail: Buffer;
    if (r.kind === 'length') {
      head.push(`Content-Length: ${r.body.length}`);
      tail = r.body;
    } else if (r.kind === 'chunked') {
      head.push('Transfer-Encoding: chunked');
      const parts: Buffer[] = [];
      for (const c of r.chunks) {
        const size = c.length.toString(16);
        parts.push(
          Buffer.from(`${r.upper ? size.toUpperCase() : size}\r\n`),
          c,
          Buffer.from('\r\n'),
        );
      }
      parts.push(Buffer.from('0\r\n\r\n'));
      tail = Buffer.concat(parts);
    } else {
      // 'close': the body runs to the end of the connection.
      head.push('Connection: close');
      tail = r.body;
    }
    return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), tail]);
  };

  it('valid responses: same verdict, status and body length; ours ends exactly at the end', async () => {
    await fc.assert(
      fc.asyncProperty(valid, cuts, async (r, c) => {
        const bytes = render(r);
        const theirs = await llhttp(bytes, c);
        const mine = ours(bytes, c);
        assert.ok(theirs.ok, 'llhttp accepts the generated response');
        assert.equal(mine.ok, true);
        assert.equal(mine.status, theirs.status);
        assert.equal(mine.end, bytes.length);
        if (r.kind !== 'chunked') assert.equal(mine.bodyBytes, theirs.bodyBytes);
      }),
      fuzzParams(200),
    );
  });

  it('Content-Length values from a hostile alphabet: accepted exactly when llhttp accepts, same framing', async () => {
    const clValue = fc.string({
      unit: fc.constantFrom('0', '1', '2', '5', ' ', '\t', '+', '-', ',', 'x', 'a'),
      maxLength: 6,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(clValue, { minLength: 1, maxLength: 2 }),
        cuts,
        async (values, c) => {
          // The body has as many bytes as the digits of the first value say ("1 2" → 12), so a
          // parser that reads those digits as the length sees a complete response and no extra bytes.
          const digits = values[0]!.replace(/[^0-9]/g, '');
          const b = Buffer.alloc(Math.min(digits === '' ? 3 : Number(digits), 300), 0x61);
          const head = `HTTP/1.1 200 OK\r\n${values.map((v) => `Content-Length:${v}\r\n`).join('')}\r\n`;
          const bytes = Buffer.concat([Buffer.from(head, 'latin1'), b]);
          const theirs = await llhttp(bytes, c);
          const mine = ours(bytes, c);
          assert.equal(
            mine.ok,
            theirs.ok,
            `values ${JSON.stringify(values)}: llhttp ${theirs.ok ? 'accepts' : 'rejects'}`,
          );
          if (mine.ok) {
            assert.equal(mine.status, theirs.status);
            assert.equal(mine.bodyBytes, theirs.bodyBytes);
          }
        },
      ),
      fuzzParams(300),
    );
  });

  it('mutated responses: whatever llhttp accepts, ours accepts with the same status', async () => {
    await fc.assert(
      fc.asyncProperty(
        valid,
        fc.array(fc.tuple(fc.nat(400), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 3,
        }),
        cuts,
        async (r, mutations, c) => {
          const bytes = Buffer.from(render(r));
          for (const [at, value] of mutations) bytes[at % bytes.length] = value;
          const theirs = await llhttp(bytes, c);
          const mine = ours(bytes, c);
          // Our parser is lenient about syntax llhttp rejects (reason phrases, header names): only
          // responses llhttp accepts must be read the same way.
          if (theirs.ok) {
            assert.equal(mine.ok, true, 'llhttp accepts it, ours must too');
            assert.equal(mine.status, theirs.status);
          }
        },
      ),
      fuzzParams(300),
    );
  });
});
