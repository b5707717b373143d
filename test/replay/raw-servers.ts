/** Raw `net` servers on port 0 for replay tests: capture bytes, answer with scripted bytes. */
import net from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A listening raw server. */
export interface RawServer {
  port: number;
  /** Bytes received, one Buffer per connection (in accept order). */
  captures: Buffer[];
  connections: number;
  close(): Promise<void>;
}

/**
 * Starts a server; `onData(socket, all, connIndex)` is called with everything received so far on that
 * connection and decides what to write.
 */
export async function startRawServer(
  onData: (socket: net.Socket, received: Buffer, conn: number) => void,
  host = '127.0.0.1',
): Promise<RawServer> {
  const captures: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const conn = captures.length;
    captures.push(Buffer.alloc(0));
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      captures[conn] = Buffer.concat([captures[conn]!, chunk]);
      onData(socket, captures[conn], conn);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    captures,
    get connections() {
      return captures.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Counts complete request heads (blank line after the head) in `received`, ignoring bodies. */
export function countHeads(received: Buffer): number {
  const text = received.toString('latin1');
  return (text.match(/\r?\n\r?\n/g) ?? []).length;
}

/** A temp folder with helpers; removed by `cleanup`. */
export async function tempDir(): Promise<{
  dir: string;
  write(name: string, data: string | Buffer): Promise<string>;
  cleanup(): Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'waf-gate-replay-test-'));
  return {
    dir,
    async write(name, data) {
      const path = join(dir, name);
      await writeFile(path, data);
      return path;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
