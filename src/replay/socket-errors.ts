/** Socket and TLS error codes mapped to the replay's error kinds. */
import { ERR } from './stats.js';

const TLS_CODE =
  /^(ERR_SSL|ERR_TLS|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_OSSL)/;

/**
 * Maps a socket error to an error-kind counter index. `tls`: the socket is a TLS socket, where OpenSSL
 * failures during the handshake surface as `EPROTO` (e.g. "wrong version number" when the port speaks
 * plain HTTP) rather than as an `ERR_SSL_*` code.
 */
export function classifySocketError(
  error: NodeJS.ErrnoException,
  connected: boolean,
  tls = false,
): number {
  const code = error.code ?? '';
  if (code === 'ECONNREFUSED') return ERR.refused;
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return ERR.reset;
  if (code === 'ETIMEDOUT') return connected ? ERR.timeoutFirstByte : ERR.timeoutConnect;
  if (TLS_CODE.test(code)) return ERR.tls;
  if (tls && (code === 'EPROTO' || (error as { library?: unknown }).library === 'SSL routines'))
    return ERR.tls;
  return ERR.other;
}
