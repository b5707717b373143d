/**
 * The hold client's RFC 6455 framing and upgrade check (pure): frames split across reads, several per
 * read, fragmented messages with an interleaved ping, masked and unmasked payloads, close codes,
 * protocol errors; and the hold options' validation.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isConfigError } from '../../src/common/errors.ts';
import {
  closePayload,
  encodeClientFrame,
  FrameParser,
  MAX_MESSAGE_BYTES,
  OPCODE,
  type FrameHandler,
} from '../../src/replay/hold/frame.ts';
import { acceptFor, parseUpgradeAnswer, upgradeRequest } from '../../src/replay/hold/handshake.ts';
import { holdOptions, parseHoldOptions } from '../../src/replay/hold/options.ts';
import { parseReplayOptions } from '../../src/replay/options.ts';

/** Records every event as a string. */
function recorder(): { events: string[]; handler: FrameHandler } {
  const events: string[] = [];
  return {
    events,
    handler: {
      onText: (t) => events.push(`text:${t}`),
      onBinary: (b) => events.push(`binary:${b.toString('hex')}`),
      onPing: (p) => events.push(`ping:${p.toString()}`),
      onPong: (p) => events.push(`pong:${p.toString()}`),
      onClose: (code, reason) => events.push(`close:${code}:${reason}`),
      onProtocolError: (m) => events.push(`error:${m}`),
    },
  };
}

/** A server frame (unmasked unless a mask is given). */
function frame(opcode: number, payload: Buffer | string, fin = true, mask?: Buffer): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const len = body.length;
  const head: number[] = [(fin ? 0x80 : 0) | opcode];
  const m = mask ? 0x80 : 0;
  if (len < 126) head.push(m | len);
  else if (len < 65536) head.push(m | 126, len >> 8, len & 0xff);
  else
    head.push(
      m | 127,
      0,
      0,
      0,
      0,
      (len >>> 24) & 0xff,
      (len >> 16) & 0xff,
      (len >> 8) & 0xff,
      len & 0xff,
    );
  if (!mask) return Buffer.concat([Buffer.from(head), body]);
  const masked = Buffer.from(body.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from(head), mask, masked]);
}

/** Unmasks a client frame the way a server does; returns opcode, fin and payload. */
function decodeClient(buf: Buffer): {
  fin: boolean;
  opcode: number;
  payload: Buffer;
  masked: boolean;
} {
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let at = 2;
  if (len === 126) {
    len = buf.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    len = buf.readUInt32BE(6);
    at = 10;
  }
  const key = buf.subarray(at, at + 4);
  const payload = Buffer.from(buf.subarray(at + 4, at + 4 + len).map((b, i) => b ^ key[i % 4]!));
  return { fin: (buf[0]! & 0x80) !== 0, opcode: buf[0]! & 0x0f, payload, masked };
}

describe('hold client frame parser', () => {
  it('parses several frames in one read and a frame split at every byte', () => {
    const bytes = Buffer.concat([
      frame(OPCODE.text, '{"seq":1}'),
      frame(OPCODE.pong, 'abcd'),
      frame(OPCODE.binary, Buffer.from([1, 2, 3])),
    ]);
    const whole = recorder();
    new FrameParser(whole.handler).push(bytes);
    assert.deepEqual(whole.events, ['text:{"seq":1}', 'pong:abcd', 'binary:010203']);
    const split = recorder();
    const parser = new FrameParser(split.handler);
    for (let i = 0; i < bytes.length; i++) parser.push(bytes.subarray(i, i + 1));
    assert.deepEqual(split.events, whole.events);
  });

  it('gives the same events however the bytes are split (property)', () => {
    const part = fc.record({
      kind: fc.constantFrom('text', 'binary', 'ping', 'fragmented'),
      body: fc.string({ maxLength: 300 }),
      masked: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (parts, cuts) => {
          const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
          const bytes = Buffer.concat(
            parts.flatMap((p) => {
              const m = p.masked ? mask : undefined;
              if (p.kind === 'ping') return [frame(OPCODE.ping, p.body.slice(0, 40), true, m)];
              if (p.kind === 'binary') return [frame(OPCODE.binary, Buffer.from(p.body), true, m)];
              if (p.kind === 'text') return [frame(OPCODE.text, p.body, true, m)];
              const half = Buffer.from(p.body);
              const at = Math.floor(half.length / 2);
              return [
                frame(OPCODE.binary, half.subarray(0, at), false, m),
                frame(OPCODE.continuation, half.subarray(at), true, m),
              ];
            }),
          );
          const whole = recorder();
          new FrameParser(whole.handler).push(bytes);
          const split = recorder();
          const parser = new FrameParser(split.handler);
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          let from = 0;
          for (const to of [...points, bytes.length]) {
            parser.push(bytes.subarray(from, to));
            from = to;
          }
          assert.equal(whole.events.length, parts.length);
          assert.deepEqual(split.events, whole.events);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reassembles a fragmented message with a ping in between', () => {
    const r = recorder();
    const parser = new FrameParser(r.handler);
    parser.push(frame(OPCODE.text, 'hel', false));
    parser.push(
      Buffer.concat([frame(OPCODE.ping, 'p1'), frame(OPCODE.continuation, 'lo ', false)]),
    );
    parser.push(frame(OPCODE.continuation, 'wörld'));
    assert.deepEqual(r.events, ['ping:p1', 'text:hello wörld']);
  });

  it('unmasks masked frames and reads 16-bit and 64-bit lengths', () => {
    const r = recorder();
    const parser = new FrameParser(r.handler);
    const big = 'x'.repeat(300);
    const huge = Buffer.alloc(70_000, 7);
    parser.push(frame(OPCODE.text, big, true, Buffer.from([1, 2, 3, 4])));
    parser.push(frame(OPCODE.binary, huge));
    assert.equal(r.events.length, 2);
    assert.equal(r.events[0], `text:${big}`);
    assert.equal(r.events[1]!.length, 'binary:'.length + 140_000);
  });

  it('reports close codes, an empty close and refuses invalid ones', () => {
    const r = recorder();
    new FrameParser(r.handler).push(frame(OPCODE.close, closePayload(4001, 'planned')));
    new FrameParser(r.handler).push(frame(OPCODE.close, ''));
    new FrameParser(r.handler).push(frame(OPCODE.close, closePayload(1005)));
    new FrameParser(r.handler).push(frame(OPCODE.close, Buffer.from([3])));
    assert.deepEqual(r.events, [
      'close:4001:planned',
      'close:null:',
      'error:invalid close code 1005',
      'error:close frame with a 1-byte payload',
    ]);
  });

  it('stops at protocol errors', () => {
    const cases: Array<[Buffer, RegExp]> = [
      [frame(OPCODE.continuation, 'x'), /continuation frame without a message/],
      [frame(OPCODE.ping, 'x', false), /fragmented control frame/],
      [frame(OPCODE.ping, 'x'.repeat(126)), /control frame longer than 125/],
      [
        Buffer.concat([frame(OPCODE.text, 'a', false), frame(OPCODE.text, 'b')]),
        /new message before/,
      ],
      [Buffer.from([0xc1, 0x00]), /RSV bits/],
      [frame(0x3, 'x'), /unknown data opcode 0x3/],
      [frame(0xb, 'x'), /unknown control opcode 0xb/],
      [frame(OPCODE.text, Buffer.from([0xff, 0xfe])), /not valid UTF-8/],
      [
        Buffer.from([0x82, 127, 0, 0, 0, 0, 0x7f, 0xff, 0xff, 0xff]),
        new RegExp(`exceeds ${MAX_MESSAGE_BYTES}`),
      ],
    ];
    for (const [bytes, expected] of cases) {
      const r = recorder();
      const parser = new FrameParser(r.handler);
      parser.push(Buffer.concat([bytes, frame(OPCODE.text, 'after')]));
      assert.equal(r.events.length, 1, `${expected}: ${r.events.join(' | ')}`);
      assert.match(r.events[0]!, expected);
    }
  });

  it('encodes masked client frames a server can decode', () => {
    for (const size of [0, 5, 125, 126, 65_535, 65_536]) {
      const payload = Buffer.alloc(size, 0x61);
      const encoded = encodeClientFrame(OPCODE.text, payload);
      const decoded = decodeClient(encoded);
      assert.equal(decoded.masked, true);
      assert.equal(decoded.fin, true);
      assert.equal(decoded.opcode, OPCODE.text);
      assert.deepEqual(decoded.payload, payload);
    }
    const close = decodeClient(encodeClientFrame(OPCODE.close, closePayload(1000, 'bye')));
    assert.equal(close.payload.readUInt16BE(0), 1000);
    assert.equal(close.payload.subarray(2).toString(), 'bye');
  });
});

describe('hold client upgrade', () => {
  const key = 'dGhlIHNhbXBsZSBub25jZQ==';

  it('computes the RFC 6455 example accept and checks the answer', () => {
    assert.equal(acceptFor(key), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    const ok = Buffer.from(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n' +
        'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n\x81\x01a',
      'latin1',
    );
    const answer = parseUpgradeAnswer(ok, key);
    assert.equal(answer?.kind, 'upgraded');
    assert.deepEqual(answer?.kind === 'upgraded' ? [...answer.rest] : [], [0x81, 0x01, 0x61]);
    assert.equal(parseUpgradeAnswer(ok.subarray(0, 40), key), null);
  });

  it('tells a refusal, a wrong accept and garbage apart', () => {
    const answer = (text: string) => parseUpgradeAnswer(Buffer.from(text, 'latin1'), key);
    assert.deepEqual(answer('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'), {
      kind: 'refused',
      status: 403,
    });
    assert.deepEqual(
      answer(
        'HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n',
      ),
      { kind: 'bad', reason: 'wrong Sec-WebSocket-Accept' },
    );
    assert.deepEqual(answer('SSH-2.0-OpenSSH\r\n\r\n'), {
      kind: 'bad',
      reason: 'not an HTTP answer',
    });
    assert.deepEqual(parseUpgradeAnswer(Buffer.alloc(20_000, 0x41), key), {
      kind: 'bad',
      reason: 'answer head too long',
    });
  });

  it('sends the upgrade headers', () => {
    const text = upgradeRequest('/ws?a=1', 'app.test', key).toString('latin1');
    assert.match(text, /^GET \/ws\?a=1 HTTP\/1\.1\r\nHost: app\.test\r\n/);
    assert.match(text, /\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n/);
    assert.match(
      text,
      /\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n/,
    );
    assert.ok(text.endsWith('\r\n\r\n'));
  });
});

describe('hold options', () => {
  const target = 'http://127.0.0.1:8080';

  it('fills defaults: no corpus needed, Host from the first domain', () => {
    const o = parseHoldOptions({ target, mode: 'hold', domains: 'app.test,shop.test' });
    assert.equal(o.domain, 'app.test');
    assert.equal(o.connections, 100);
    assert.equal(o.hatchRateCps, 500);
    assert.equal(o.holdMs, 30_000);
    assert.equal(o.pongTimeoutMs, o.pingIntervalMs);
    assert.equal(o.path, '/ws');
    assert.equal(o.pushRateMps, 0);
  });

  it('refuses bad values with the input named', () => {
    const bad: Array<[Record<string, string>, string, RegExp]> = [
      [{ 'push-share': '1.5' }, 'push-share', /./],
      [
        { 'ping-interval': '1s', 'pong-timeout': '2s' },
        'pong-timeout',
        /longer than ping-interval/,
      ],
      [
        { 'server-drop-share': '0.6', 'client-drop-share': '0.6' },
        'client-drop-share',
        /more than every connection/,
      ],
      [{ 'ws-path': 'ws' }, 'ws-path', /./],
      [{ connections: '10001' }, 'connections', /./],
      [{ duration: '10s' }, 'duration', /not used in hold mode/],
      [{ rate: '5' }, 'rate', /not used in hold mode/],
      [{ 'slow-body': '1/1s' }, 'slow-body', /not used in hold mode/],
      [{ 'download-rate': '64KiB/s' }, 'download-rate', /not used in hold mode/],
      [{ 'reconnect-attempts': '-1' }, 'reconnect-attempts', /./],
    ];
    for (const [extra, input, message] of bad) {
      assert.throws(
        () => parseHoldOptions({ target, mode: 'hold', ...extra }),
        (error: unknown) => {
          assert.ok(isConfigError(error), String(error));
          assert.equal(error.input, input, JSON.stringify(extra));
          assert.match(error.message, message);
          return true;
        },
      );
    }
    assert.throws(
      () => holdOptions({ target: { host: '127.0.0.1', port: 443, tls: true } }),
      /ws:\/\/ only/,
    );
  });

  it('quality and pressure modes still need a corpus', () => {
    for (const mode of ['quality', 'pressure'])
      assert.throws(
        () => parseReplayOptions({ target, mode }),
        (error: unknown) =>
          isConfigError(error) &&
          error.input === 'corpus' &&
          error.message.startsWith(`A value is required in ${mode} mode`),
      );
  });
});
