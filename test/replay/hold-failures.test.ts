/**
 * Hold mode against hand-written loopback servers: every way an attempt can fail lands in exactly one
 * count (bad Sec-WebSocket-Accept, a close before any answer, no answer within the connect timeout, a
 * refused port), and the client answers a server's ping and a masked, fragmented server message.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { findFreePort } from '../../src/lab/ports.ts';
import { holdOptions, runHold, type HoldOptionsInit } from '../../src/replay/hold/index.ts';

/** Every socket the test servers accepted, destroyed at the end. */
const accepted = new Set<Socket>();

/** A loopback TCP server running `onSocket` for each connection; resolves to it and its port. */
async function serve(
  onSocket: (socket: Socket) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => {
    accepted.add(socket);
    socket.on('close', () => accepted.delete(socket));
    socket.on('error', () => undefined);
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0 };
}

/** Calls `then` with the upgrade request's key once its head arrived. */
function onUpgrade(socket: Socket, then: (key: string) => void): void {
  let head = '';
  socket.on('data', (chunk: Buffer) => {
    if (head.endsWith('\r\n\r\n')) return;
    head += chunk.toString('latin1');
    if (!head.includes('\r\n\r\n')) return;
    then(/Sec-WebSocket-Key: (\S+)/.exec(head)?.[1] ?? '');
  });
}

const accept = (key: string): string =>
  createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');

const switching = (acceptValue: string): string =>
  `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptValue}\r\n\r\n`;

describe('hold mode failure accounting', () => {
  let dir: string;
  const servers: Server[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-hold-fail-'));
  });
  after(async () => {
    for (const socket of accepted) socket.destroy();
    for (const s of servers) await new Promise((r) => s.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  const hold = (port: number, init: Partial<HoldOptionsInit>) =>
    runHold(
      holdOptions({
        target: { host: '127.0.0.1', port, tls: false },
        connections: 5,
        hatchRateCps: 1000,
        holdMs: 300,
        pingIntervalMs: 100,
        reconnectAttempts: 0,
        connectTimeoutMs: 500,
        outDir: join(dir, String(port)),
        ...init,
      }),
      { logger: silentLogger },
    );

  it('a wrong Sec-WebSocket-Accept is a failed handshake, not an upgrade', async () => {
    const { server, port } = await serve((socket) =>
      onUpgrade(socket, () => socket.write(switching('d3Jvbmc='))),
    );
    servers.push(server);
    const r = await hold(port, {});
    assert.equal(r.counts.attempted, 5);
    assert.equal(r.counts.upgraded, 0);
    assert.deepEqual(r.counts.failedByError, { 'bad-handshake': 5 });
  });

  it('a close before any answer, silence and a refused port are counted by kind', async () => {
    const closer = await serve((socket) => onUpgrade(socket, () => socket.end()));
    const silent = await serve(() => undefined);
    servers.push(closer.server, silent.server);
    const closed = await hold(closer.port, {});
    assert.deepEqual(closed.counts.failedByError, { 'closed-before-answer': 5 });
    const timedOut = await hold(silent.port, { connectTimeoutMs: 200 });
    assert.deepEqual(timedOut.counts.failedByError, { timeout: 5 });
    const refused = await hold(await findFreePort(), {});
    assert.deepEqual(refused.counts.failedByError, { refused: 5 });
    for (const r of [closed, timedOut, refused]) {
      assert.equal(r.counts.attempted, 5);
      assert.equal(r.counts.upgraded + r.counts.heldToEnd, 0);
    }
  });

  it("answers the server's ping and reads a masked, fragmented message in the upgrade's packet", async () => {
    const pongs: string[] = [];
    const { server, port } = await serve((socket) =>
      onUpgrade(socket, (key) => {
        const mask = Buffer.from([9, 8, 7, 6]);
        const masked = Buffer.from('{"seq"').map((b, i) => b ^ mask[i % 4]!);
        socket.write(
          Buffer.concat([
            Buffer.from(switching(accept(key)), 'latin1'),
            Buffer.from([0x89, 0x02]), // ping "hi"
            Buffer.from('hi'),
            Buffer.from([0x01, 0x80 | masked.length]), // text, not final, masked
            mask,
            masked,
            Buffer.from([0x80, 0x03]), // continuation, final
            Buffer.from(':1}'),
          ]),
        );
        socket.on('data', (chunk: Buffer) => {
          // Client frames are masked: opcode 0xA = pong.
          if ((chunk[0]! & 0x0f) === 0x0a) {
            const len = chunk[1]! & 0x7f;
            const key4 = chunk.subarray(2, 6);
            pongs.push(
              Buffer.from(chunk.subarray(6, 6 + len).map((b, i) => b ^ key4[i % 4]!)).toString(),
            );
          }
        });
      }),
    );
    servers.push(server);
    const r = await hold(port, { connections: 1, pingIntervalMs: 1000, holdMs: 200 });
    assert.equal(r.counts.upgraded, 1);
    assert.deepEqual(pongs, ['hi']);
    // The server never answers our close: the connection still counts as held to the end.
    assert.equal(r.counts.heldToEnd, 1);
  });
});
