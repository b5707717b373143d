/**
 * Fails fast when the target cannot serve the replay, with a message saying what to check: no TCP
 * connection, or (for `https://` targets) no TLS handshake — a plain-HTTP port or an untrusted
 * certificate would otherwise turn every request of a long run into an error.
 */
import net from 'node:net';
import tls from 'node:tls';
import { WafGateError } from '../common/errors.js';
import type { ReplayTarget } from './options.js';

/** Formats a target as a URL (IPv6 in brackets). */
export function targetUrl(target: ReplayTarget): string {
  const host = net.isIPv6(target.host) ? `[${target.host}]` : target.host;
  return `${target.tls ? 'https' : 'http'}://${host}:${target.port}`;
}

/** TLS settings of the replay, used by the probe's handshake exactly as the connections use them. */
export interface ProbeTlsOptions {
  /** Do not verify the certificate. @default false */
  insecure?: boolean;
  /** SNI name (an IP address sends none). */
  servername?: string;
}

const CERT_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_TLS_CERT)/;
const TCP_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
]);

/** True when an OpenSSL error says the peer answered without TLS (e.g. an HTTP response). */
export function isPlainTextPeer(error: NodeJS.ErrnoException): boolean {
  return (
    error.code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    error.code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' ||
    /wrong version number|packet length too long|http request/i.test(error.message)
  );
}

/** What to do about a failed handshake, one sentence. */
export function tlsFailureHint(target: ReplayTarget, error: NodeJS.ErrnoException): string {
  if (isPlainTextPeer(error))
    return `The port answers without TLS: is the target plain HTTP? Use ${targetUrl({ ...target, tls: false })}.`;
  if (CERT_CODE.test(error.code ?? ''))
    return 'The certificate is not trusted for this name: fix the certificate or the servername input, trust its CA with NODE_EXTRA_CA_CERTS, or pass insecure: true for a lab.';
  return 'Check that the port speaks TLS and accepts the TLS versions and ciphers of Node.js.';
}

/**
 * Opens and closes one connection to the target (for TLS targets: one complete handshake with the
 * run's settings); throws `E_TARGET_UNREACHABLE` when no TCP connection is made and `E_TARGET_TLS`
 * when the handshake fails.
 */
export async function probeTarget(
  target: ReplayTarget,
  timeoutMs: number,
  signal?: AbortSignal,
  tlsOptions: ProbeTlsOptions = {},
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let tcpConnected = false;
    const socket = target.tls
      ? tls.connect({
          host: target.host,
          port: target.port,
          rejectUnauthorized: tlsOptions.insecure !== true,
          ...(tlsOptions.servername !== undefined && !net.isIP(tlsOptions.servername)
            ? { servername: tlsOptions.servername }
            : {}),
        })
      : net.connect({ host: target.host, port: target.port });
    const settle = (error?: WafGateError): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const unreachable = (reason: string, cause?: unknown): WafGateError =>
      new WafGateError(
        'E_TARGET_UNREACHABLE',
        `Cannot reach the replay target ${targetUrl(target)}: ${reason}.`,
        {
          cause,
          context: { host: target.host, port: target.port },
          hint: 'Check that the WAF is running and listening there (waf-gate lab status / install-waf), and the target input.',
        },
      );
    const timer = setTimeout(
      () =>
        settle(
          target.tls && tcpConnected
            ? new WafGateError(
                'E_TARGET_TLS',
                `TLS handshake with ${targetUrl(target)} failed: no answer within ${timeoutMs} ms.`,
                {
                  context: { host: target.host, port: target.port },
                  hint: 'Check that the port speaks TLS (use http:// for a plain-HTTP port).',
                },
              )
            : unreachable(`no connection within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
    const onAbort = (): void => settle(unreachable('interrupted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    // A TLS socket emits 'connect' once TCP is up and 'secureConnect' after the handshake.
    socket.once('connect', () => {
      tcpConnected = true;
      if (!target.tls) settle();
    });
    socket.once('secureConnect', () => settle());
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (!target.tls || (!tcpConnected && TCP_CODES.has(error.code ?? ''))) {
        settle(
          unreachable(
            error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message),
            error,
          ),
        );
        return;
      }
      const reason = isPlainTextPeer(error)
        ? 'the port answered without TLS (wrong version number)'
        : (error.message.trim().split('\n')[0] ?? error.code ?? 'unknown error');
      // OpenSSL messages end in a newline; the cause is shown inside one paragraph.
      const cause = Object.assign(new Error(error.message.trim().replace(/\s*\n\s*/g, ' ')), {
        code: error.code,
      });
      settle(
        new WafGateError(
          'E_TARGET_TLS',
          `TLS handshake with ${targetUrl(target)} failed: ${reason}.`,
          {
            cause,
            context: {
              host: target.host,
              port: target.port,
              ...(error.code !== undefined ? { code: error.code } : {}),
            },
            hint: tlsFailureHint(target, error),
          },
        ),
      );
    });
  });
}
