/**
 * After a run: a replay in which no request got an HTTP response because every one failed while
 * connecting (refused, connect timeout, TLS handshake) measured nothing about the WAF. That is a
 * failure of the run (exit 3), not a result; the results are still written first.
 */
import { WafGateError } from '../common/errors.js';
import { targetUrl } from './probe.js';
import type { ReplayTarget } from './options.js';
import type { ReplayResult } from './types.js';

/** Error kinds that mean "no HTTP exchange happened at all". */
export const CONNECTION_LEVEL_KINDS: readonly string[] = ['refused', 'timeout-connect', 'tls'];

/**
 * The error for a run where every request failed at connection level, else null. A run with at least
 * one response, or with any HTTP-level error (reset, timeout after connecting, malformed response), is
 * a result: a WAF may reset or stall attacks on purpose.
 */
export function connectionLevelFailure(
  result: ReplayResult,
  target: ReplayTarget,
  resultFile: string,
): WafGateError | null {
  const { completed, errors } = result.totals;
  if (completed > 0 || errors === 0) return null;
  const kinds = Object.entries(result.errorCounts).filter(([, n]) => n > 0);
  if (!kinds.every(([kind]) => CONNECTION_LEVEL_KINDS.includes(kind))) return null;
  const counts = kinds.map(([kind, n]) => `${kind} ${n}`).join(', ');
  const tlsOnly = kinds.length === 1 && kinds[0]![0] === 'tls';
  const hint = tlsOnly
    ? `TLS handshake failed for every request: is the target plain HTTP? Use ${targetUrl({ ...target, tls: false })}; for an untrusted certificate pass insecure: true.`
    : 'The target stopped accepting connections after the start: check the WAF and its listen port.';
  return new WafGateError(
    'E_TARGET_UNUSABLE',
    `No request to ${targetUrl(target)} got an HTTP response: all ${errors} failed while connecting (${counts}). Results written to ${resultFile}.`,
    { context: { host: target.host, port: target.port }, hint },
  );
}
