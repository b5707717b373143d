/** Fails fast when the target does not accept connections, with a message saying what to check. */
import net from 'node:net';
import { WafGateError } from '../common/errors.js';
import type { ReplayTarget } from './options.js';

/** Formats a target as a URL (IPv6 in brackets). */
export function targetUrl(target: ReplayTarget): string {
  const host = net.isIPv6(target.host) ? `[${target.host}]` : target.host;
  return `${target.tls ? 'https' : 'http'}://${host}:${target.port}`;
}

/** Opens and closes one TCP connection to the target; throws `E_TARGET_UNREACHABLE` on failure. */
export async function probeTarget(
  target: ReplayTarget,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: target.host, port: target.port });
    const fail = (reason: string, cause?: unknown): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(
        new WafGateError(
          'E_TARGET_UNREACHABLE',
          `Cannot reach the replay target ${targetUrl(target)}: ${reason}.`,
          {
            cause,
            context: { host: target.host, port: target.port },
            hint: 'Check that the WAF is running and listening there (waf-gate lab status / install-waf), and the target input.',
          },
        ),
      );
    };
    const timer = setTimeout(() => fail(`no connection within ${timeoutMs} ms`), timeoutMs);
    const onAbort = (): void => fail('interrupted');
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      fail(
        error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message),
        error,
      );
    });
  });
}
