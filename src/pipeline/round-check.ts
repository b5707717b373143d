/**
 * Whether a pressure round counts: a round with too many transport errors, a WAF worker crash, an
 * incomplete collection or a failed health probe before it measures a broken system, not the build, so
 * it is retried and kept out of the statistics (its files stay, run.json lists it with why).
 */
import type { CollectResult } from '../collect/index.js';
import { WafGateError } from '../common/errors.js';
import { probeTarget, type ReplayTarget } from '../replay/index.js';
import type { ProbeTlsOptions } from '../replay/probe.js';
import type { ReplayResult } from '../replay/types.js';

/** Thresholds of {@link roundFailures}. */
export interface RoundCriteria {
  /** Largest share (0–1) of sent requests that may end in a transport error. @default 0.01 */
  maxErrorRate: number;
  /** Largest share (0–1) of joined-able requests without an access-log line. @default 0.01 */
  maxUnjoinedRate: number;
}

/** The defaults: 1 % errors, 1 % unjoined requests. */
export const DEFAULT_ROUND_CRITERIA: RoundCriteria = { maxErrorRate: 0.01, maxUnjoinedRate: 0.01 };

/** Missing-data codes that mean the round's access log was not read (processes may lack data by setup). */
const LOG_MISSING = new Set(['no-lines', 'no-parse']);

const pct = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 2 : 1)} %`;

/**
 * Why a measured round failed: an empty list when it counts. Pure (the round's replay and collect
 * results in, reasons out) so every rule is testable without a WAF.
 */
export function roundFailures(
  replay: { totals: Pick<ReplayResult['totals'], 'sent' | 'completed' | 'errors'> },
  collect: Pick<CollectResult, 'crashes' | 'stoppedBy' | 'incomplete' | 'missing' | 'join'>,
  criteria: RoundCriteria,
): string[] {
  const reasons: string[] = [];
  const { sent, completed, errors } = replay.totals;
  if (sent === 0 || completed === 0) reasons.push('no completed requests');
  else if (errors / sent > criteria.maxErrorRate)
    reasons.push(
      `error rate ${pct(errors / sent)} (${errors} of ${sent}) above max-error-rate ${pct(criteria.maxErrorRate)}`,
    );
  if (collect.crashes.length > 0) {
    const first = collect.crashes[0]!;
    reasons.push(
      `${collect.crashes.length} WAF process crash(es): pid ${first.pid} (${first.group})${first.signal ? ` ${first.signal}` : ''}`,
    );
  }
  if (collect.stoppedBy !== undefined && collect.stoppedBy !== 'stop')
    reasons.push(`collection incomplete: stopped by ${collect.stoppedBy}`);
  if (collect.incomplete !== undefined)
    reasons.push(`collection incomplete: ${collect.incomplete}`);
  for (const m of collect.missing ?? [])
    if (m.metric === 'access-log' && LOG_MISSING.has(m.code))
      reasons.push(`collection incomplete: ${m.reason}`);
  const join = collect.join;
  if (join !== undefined && join.sent > 0 && join.missing / join.sent > criteria.maxUnjoinedRate)
    reasons.push(
      `collection incomplete: ${join.missing} of ${join.sent} requests (${pct(join.missing / join.sent)}) have no access-log line (limit ${pct(criteria.maxUnjoinedRate)})`,
    );
  return reasons;
}

/**
 * Health probe before a round: one connection to the WAF address (a TLS handshake for https targets),
 * as the replay's own start probe makes it. Resolves to null when the WAF answers, else to the reason
 * (refused, timed out). A TLS mistake is the same in every round and is thrown, as is a cancel.
 */
export async function healthProbe(
  target: ReplayTarget,
  timeoutMs: number,
  signal?: AbortSignal,
  tlsOptions: ProbeTlsOptions = {},
): Promise<string | null> {
  try {
    await probeTarget(target, timeoutMs, signal, tlsOptions);
    return null;
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof WafGateError && error.code === 'E_TARGET_UNREACHABLE')
      return `health probe failed: ${error.message}`;
    throw error;
  }
}
