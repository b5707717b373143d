/**
 * When to retry a GitHub call, and how long to wait: server errors (idempotent methods only) and rate
 * limits (any method: GitHub did not process the request), honoring `Retry-After` and
 * `x-ratelimit-reset`, bounded in count and in total waiting time.
 */

/** Retry limits. */
export interface RetryPolicy {
  /** Extra attempts after the first. @default 3 */
  maxRetries: number;
  /** Total time spent waiting between attempts, across all retries of one call. @default 60000 */
  maxTotalWaitMs: number;
  /** First backoff for server errors without `Retry-After`; doubles each retry. @default 1000 */
  baseDelayMs: number;
}

/** Defaults for {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  maxTotalWaitMs: 60_000,
  baseDelayMs: 1000,
};

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** What the retry decision looks at. */
export interface AttemptOutcome {
  method: string;
  /** HTTP status, or undefined when there was no answer (network error, timeout). */
  status: number | undefined;
  headers: Record<string, string>;
  /** GitHub's error message, if any. */
  message: string | undefined;
  /** 0-based index of the attempt that just failed. */
  attempt: number;
  nowMs: number;
}

/** True when GitHub says "slow down" (secondary or primary rate limit). */
export function isRateLimited(
  outcome: Pick<AttemptOutcome, 'status' | 'headers' | 'message'>,
): boolean {
  if (outcome.status === 429) return true;
  if (outcome.status !== 403) return false;
  return (
    outcome.headers['retry-after'] !== undefined ||
    outcome.headers['x-ratelimit-remaining'] === '0' ||
    /rate limit|abuse detection/i.test(outcome.message ?? '')
  );
}

/**
 * Milliseconds to wait before the next attempt, or undefined when the call must not be retried.
 * `waitedMs` is the waiting already spent on this call.
 */
export function retryDelayMs(
  outcome: AttemptOutcome,
  policy: RetryPolicy,
  waitedMs: number,
): number | undefined {
  if (outcome.attempt >= policy.maxRetries) return undefined;
  const limited = outcome.status !== undefined && isRateLimited(outcome);
  const serverError = outcome.status !== undefined && outcome.status >= 500;
  const noAnswer = outcome.status === undefined;
  if (!limited && !((serverError || noAnswer) && IDEMPOTENT.has(outcome.method))) return undefined;
  let delayMs = policy.baseDelayMs * 2 ** outcome.attempt;
  const retryAfter = outcome.headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) delayMs = Math.max(0, seconds * 1000);
    else {
      const at = Date.parse(retryAfter);
      if (Number.isFinite(at)) delayMs = Math.max(0, at - outcome.nowMs);
    }
  } else if (limited && outcome.headers['x-ratelimit-remaining'] === '0') {
    const resetS = Number(outcome.headers['x-ratelimit-reset']);
    if (Number.isFinite(resetS)) delayMs = Math.max(0, resetS * 1000 - outcome.nowMs);
  } else if (limited) {
    // GitHub: "wait at least one minute" when a secondary limit comes without headers.
    delayMs = 60_000;
  }
  if (waitedMs + delayMs > policy.maxTotalWaitMs) return undefined;
  return delayMs;
}
