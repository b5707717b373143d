/**
 * The gate policy of the long-lived connection phase (`hold:` in a policy file). Counts are exact, so
 * their rules compare the candidate's events with the baseline's rate plus a small allowance; measured
 * values (heartbeat RTT, WAF CPU/RSS/fds per connection) are noisy, so by default they only warn.
 */

/** A rule on counted events (drops, refused upgrades, lost pushes…). */
export interface HoldCountRule {
  /** Events beyond the baseline's rate always allowed. @default 0 */
  maxNew: number;
  /**
   * …or this share of the candidate's denominator (attempts, connections, messages), in percentage
   * points, when larger. Defaults: upgradeFailures 0.1, unexpectedDrops 0.1, pushLost 0,
   * pushDisorder 0, heartbeatsLost 1.
   */
  maxIncreasePct: number;
  /** Beyond the allowance the gate fails (true) or the report warns (false). Default: true except heartbeatsLost. */
  fail: boolean;
}

/** A rule on a measured value's relative increase. */
export interface HoldChangeRule {
  /** An increase beyond this percent warns; null: never. */
  warnPct: number | null;
  /** An increase beyond this percent fails the gate; null: never (the default: these are noisy). */
  failPct: number | null;
  /** …and only when the value grew by at least this much, in its unit (µs, ms, bytes, fds). */
  minDelta: number;
}

/** The hold rules, keyed like the checks ({@link HoldCheckId}). */
export interface HoldPolicy {
  upgradeFailures: HoldCountRule;
  unexpectedDrops: HoldCountRule;
  pushLost: HoldCountRule;
  /** Duplicated plus out-of-order push messages. */
  pushDisorder: HoldCountRule;
  heartbeatsLost: HoldCountRule;
  /** @default { warnPct: 50, failPct: null, minDelta: 5000 } (µs) */
  rttP50Us: HoldChangeRule;
  /** @default { warnPct: 50, failPct: null, minDelta: 10000 } (µs) */
  rttP99Us: HoldChangeRule;
  /** WAF CPU ms per connection-hour. @default { warnPct: 25, failPct: null, minDelta: 0 } */
  cpuPerConnection: HoldChangeRule;
  /** WAF RSS bytes per held connection. @default { warnPct: 25, failPct: null, minDelta: 1024 } */
  rssPerConnection: HoldChangeRule;
  /** WAF worker fds per held connection. @default { warnPct: 25, failPct: null, minDelta: 0.5 } */
  fdsPerConnection: HoldChangeRule;
}

/** Keys of {@link HoldPolicy} that are count rules. */
export const HOLD_COUNT_RULES = [
  'upgradeFailures',
  'unexpectedDrops',
  'pushLost',
  'pushDisorder',
  'heartbeatsLost',
] as const;
/** Keys of {@link HoldPolicy} that are change rules. */
export const HOLD_CHANGE_RULES = [
  'rttP50Us',
  'rttP99Us',
  'cpuPerConnection',
  'rssPerConnection',
  'fdsPerConnection',
] as const;

/** The built-in hold rules. */
export function defaultHoldPolicy(): HoldPolicy {
  return {
    upgradeFailures: { maxNew: 0, maxIncreasePct: 0.1, fail: true },
    unexpectedDrops: { maxNew: 0, maxIncreasePct: 0.1, fail: true },
    pushLost: { maxNew: 0, maxIncreasePct: 0, fail: true },
    pushDisorder: { maxNew: 0, maxIncreasePct: 0, fail: true },
    heartbeatsLost: { maxNew: 0, maxIncreasePct: 1, fail: false },
    rttP50Us: { warnPct: 50, failPct: null, minDelta: 5000 },
    rttP99Us: { warnPct: 50, failPct: null, minDelta: 10_000 },
    cpuPerConnection: { warnPct: 25, failPct: null, minDelta: 0 },
    rssPerConnection: { warnPct: 25, failPct: null, minDelta: 1024 },
    fdsPerConnection: { warnPct: 25, failPct: null, minDelta: 0.5 },
  };
}
