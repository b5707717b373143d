/**
 * Waiting for health after a reload: poll an HTTP URL (with a Host header) until it answers the expected
 * status or the timeout passes. No fixed sleep: the first good answer ends the wait.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { WafGateError } from '../common/errors.js';
import type { HealthOptions } from './types.js';

/** The successful probe. */
export interface HealthResult {
  /** Time from sending the request to the end of the response body. */
  latencyMs: number;
  attempts: number;
  /** Time from the first attempt until health. */
  waitedMs: number;
}

/**
 * Polls `options.url` until it answers `expectedStatus`.
 * @throws WafGateError `E_HEALTH_TIMEOUT` with the last status or error; rejects with the abort reason
 *   when `signal` aborts.
 */
export async function waitForHealth(
  options: HealthOptions,
  signal?: AbortSignal,
): Promise<HealthResult> {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  // One connection per attempt: a WAF that just reloaded must be asked by a fresh connection.
  const agent = new Agent({ pipelining: 0, connections: 1 });
  let attempts = 0;
  let last = 'no attempt';
  try {
    while (true) {
      signal?.throwIfAborted();
      const remainingMs = deadline - performance.now();
      if (remainingMs <= 0) break;
      attempts += 1;
      const attemptStarted = performance.now();
      try {
        const attemptTimeoutMs = Math.max(1, Math.ceil(Math.min(remainingMs, 5000)));
        const res = await request(options.url, {
          dispatcher: agent,
          method: 'GET',
          headers: {
            ...(options.hostHeader === undefined ? {} : { host: options.hostHeader }),
            'user-agent': 'waf-gate-health/1',
            accept: '*/*',
          },
          headersTimeout: attemptTimeoutMs,
          bodyTimeout: attemptTimeoutMs,
          signal: signal
            ? AbortSignal.any([signal, AbortSignal.timeout(attemptTimeoutMs)])
            : AbortSignal.timeout(attemptTimeoutMs),
        });
        await res.body.dump();
        const latencyMs = performance.now() - attemptStarted;
        if (res.statusCode === options.expectedStatus) {
          return {
            latencyMs: Math.round(latencyMs * 1000) / 1000,
            attempts,
            waitedMs: Math.round(performance.now() - started),
          };
        }
        last = `status ${res.statusCode}`;
      } catch (error) {
        signal?.throwIfAborted();
        // An attempt cut short by the overall deadline says less than the answer before it.
        const cutByDeadline = performance.now() >= deadline - 1 && attempts > 1;
        if (!cutByDeadline) last = (error as Error).message || String(error);
      }
      const waitMs = Math.ceil(Math.min(options.intervalMs, deadline - performance.now()));
      if (waitMs > 0) {
        await delay(waitMs, undefined, signal ? { signal } : {}).catch((error: unknown) => {
          signal?.throwIfAborted(); // the caller's reason, not a generic AbortError
          throw error;
        });
      }
    }
  } finally {
    await agent.close();
  }
  throw new WafGateError(
    'E_HEALTH_TIMEOUT',
    `${options.url} did not answer ${options.expectedStatus} within ${options.timeoutMs} ms (last: ${last})`,
    {
      context: { url: options.url, host: options.hostHeader, attempts },
      hint: 'Check the WAF is running and the health URL, Host header and expected status; or raise health-timeout.',
    },
  );
}
