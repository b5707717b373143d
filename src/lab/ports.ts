/** Loopback ports for the lab: a free one, or a check that a requested one is free. */
import { createServer } from 'node:net';
import { ConfigError } from '../common/errors.js';

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** A port the kernel reports free on `host` right now. */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return listenOnce(host, 0);
}

/**
 * Returns `port` when it is free, or a free one when `port` is 0/undefined.
 * @throws ConfigError naming the port and the option that set it when it is taken.
 */
export async function reservePort(
  host: string,
  port: number | undefined,
  option: string,
): Promise<number> {
  if (!port) return findFreePort(host);
  try {
    return await listenOnce(host, port);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is already in use by another program.`
        : `Cannot listen on ${host}:${port} (${code ?? 'error'}).`,
      {
        input: option,
        value: port,
        cause: error,
        hint: `Pick another port with ${option}, or leave it unset to use a free one.`,
      },
    );
  }
}
