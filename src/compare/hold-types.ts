/**
 * The long-lived connection comparison (hold phase, `hold.json` of each build) as `results.json` carries
 * it and the report renders it. Part of the comparison contract (comparison.ts).
 */
import type { HoldDropCause, HoldPushCounts, HoldSettings } from '../replay/hold/types.js';

/** The WAF's cost of the held connections (from the hold phase's collect.json). */
export interface HoldWafCost {
  /** The process group the figures are of (the first WAF group, `nginx-worker`). */
  group: string;
  /** WAF CPU per connection-hour held, ms; null when missing. */
  cpuMsPerConnectionHour: number | null;
  /** RSS growth from before the ramp to the peak, per connection open then; null when missing. */
  rssBytesPerConnection: number | null;
  /** File descriptors added per connection open at the peak; null when missing. */
  fdsPerConnection: number | null;
  /** File descriptors of the group's workers at the peak; null when missing. */
  fdsPeak: number | null;
  /** Why figures are missing (empty when all are there). */
  missing: string[];
}

/** One build's hold phase, summarised. */
export interface HoldSide {
  settings: HoldSettings;
  startedAt: string;
  endedAt: string;
  /** Upgrade requests sent (first attempts and reconnects). */
  attempted: number;
  upgraded: number;
  /** Answered with another status than 101. */
  refused: number;
  refusedByStatus: Record<string, number>;
  /** No HTTP answer at all. */
  failed: number;
  failedByError: Record<string, number>;
  heldToEnd: number;
  droppedByCause: Record<HoldDropCause, number>;
  /** Drops nobody planned: `unexpected-close` + `error`. */
  unexpectedDrops: number;
  /** Connection-hours held (sum of the 1 s windows' open counts); null without windows. */
  connectionHours: number | null;
  /** Unexpected drops per connection-hour; null without connection-hours. */
  unexpectedDropsPerConnectionHour: number | null;
  reconnected: number;
  heartbeat: {
    sent: number;
    answered: number;
    lost: number;
    /** Heartbeat RTT percentiles, µs; null when no heartbeat was answered. */
    rttP50Us: number | null;
    rttP99Us: number | null;
  };
  push: HoldPushCounts;
  /** Null when the phase's collect.json is missing (the reason is in `wafMissing`). */
  waf: HoldWafCost | null;
  wafMissing: string | null;
  /** The client's RSS per held connection (the bench process), bytes; null when unknown. */
  clientRssBytesPerConnection: number | null;
}

/** The checks, in report order. */
export const HOLD_CHECK_IDS = [
  'upgradeFailures',
  'unexpectedDrops',
  'pushLost',
  'pushDisorder',
  'heartbeatsLost',
  'rttP50Us',
  'rttP99Us',
  'cpuPerConnection',
  'rssPerConnection',
  'fdsPerConnection',
] as const;
/** A check id (also its policy key under `hold:`). */
export type HoldCheckId = (typeof HOLD_CHECK_IDS)[number];

/** The outcome of one check. `unknown`: data missing on a side (never a measurement). */
export type HoldCheckResult = 'fail' | 'warn' | 'ok' | 'unknown';

/** One compared figure of the hold phase. */
export interface HoldCheck {
  id: HoldCheckId;
  label: string;
  /** `count`: events against a denominator (exact); `change`: a relative change of a measured value. */
  kind: 'count' | 'change';
  /** Unit of baseline/candidate: `events` for counts, else `µs`, `ms`, `bytes`, `fds`. */
  unit: string;
  baseline: number | null;
  candidate: number | null;
  /** Count checks: what the count is of (attempts, connections, messages…) on each side. */
  baselineOf?: number;
  candidateOf?: number;
  /** Count checks: candidate events beyond the baseline's rate, and the allowance. */
  excess?: number;
  allowed?: number;
  /** Change checks: relative change in percent; null when the baseline is 0. */
  deltaPct?: number | null;
  result: HoldCheckResult;
  /** Whether a result beyond the limits fails the gate (else it warns). */
  gating: boolean;
  /** One sentence for the verdict's reasons. */
  message: string;
}

/** Both builds' hold phases compared. */
export interface HoldComparison {
  /** Null: this build has no hold.json (missing, never zero). */
  baseline: HoldSide | null;
  candidate: HoldSide | null;
  /** False when a side is missing or the hold settings differ: then no check is made. */
  comparable: boolean;
  /** Why something was not compared (keeps the verdict at most neutral). */
  missing: string[];
  /** Context that does not change the verdict (e.g. pushes the origin did not report). */
  notes: string[];
  checks: HoldCheck[];
}
