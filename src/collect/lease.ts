/**
 * Keeps install-waf's WAF host lock alive while the detached collector runs. The lock is held from
 * install to restore, possibly across jobs and runners (the two-runner topology), and expires unless
 * renewed within its lease; the collector is the one process that lives through the whole measurement,
 * so it renews the lease of its run (same run id as install-waf) at a third of the lease.
 */
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { describeHolder, readLock, renewLock } from '../install/lock.js';

/** Shortest pause between renewals (a tiny lease must not turn into a busy loop). */
const MIN_RENEW_INTERVAL_MS = 1000;

/** A running renewal. */
export interface LeaseRenewal {
  /** Renews every `intervalMs`: a third of the lease the lock was taken with. */
  readonly intervalMs: number;
  /** Set once the lock was found held by another run or gone: renewing stopped then. */
  readonly lost: string | undefined;
  /** Stops renewing (the lock itself is released by install-waf's restore). */
  stop(): void;
}

/**
 * Checks that run `runId` holds the lock `lockFile` on `host`, renews it now and then every third of its
 * lease until stopped. A failed renewal is retried at the next tick; a lock held by another run (or
 * gone) stops the renewal and is reported through `lost` and a warning.
 * @throws WafGateError `E_LOCK_NOT_HELD` when the run does not hold the lock at start, naming the holder.
 */
export async function startLeaseRenewal(
  host: Host,
  lockFile: string,
  runId: string,
  logger: Logger,
): Promise<LeaseRenewal> {
  const holder = await readLock(host, lockFile);
  if (holder === null || holder.runId !== runId) {
    throw new WafGateError(
      'E_LOCK_NOT_HELD',
      holder === null
        ? `Run ${runId} does not hold the WAF host lock ${lockFile} on ${host.name}: there is no lock.`
        : `Run ${runId} does not hold the WAF host lock ${lockFile} on ${host.name}: ${describeHolder(holder)} does.`,
      {
        context: { host: host.name, lockFile },
        hint: 'Give collect-metrics the run-id install-waf took the lock with (install-waf output run-id), or leave lock-file empty.',
      },
    );
  }
  const options = { path: lockFile, leaseMs: holder.leaseMs };
  await renewLock(host, options, runId);
  const intervalMs = Math.max(MIN_RENEW_INTERVAL_MS, Math.floor(holder.leaseMs / 3));
  let lost: string | undefined;
  let renewing = false;
  const renew = async (): Promise<void> => {
    try {
      const renewed = await renewLock(host, options, runId);
      logger.debug(`renewed the lock ${lockFile} until ${renewed.expiresAt}`);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'E_LOCK_LOST') {
        lost = `${(error as Error).message}: another run may have changed the WAF host during this collection.`;
        logger.warn(lost);
        clearInterval(timer);
        return;
      }
      logger.warn(`renewing the lock ${lockFile} failed (retried): ${(error as Error).message}`);
    }
  };
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = true;
    void renew().finally(() => {
      renewing = false;
    });
  }, intervalMs);
  logger.info(`renewing the lock ${lockFile} every ${intervalMs} ms as run ${runId}`);
  return {
    intervalMs,
    get lost() {
      return lost;
    },
    stop: () => clearInterval(timer),
  };
}
