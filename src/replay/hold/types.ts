/**
 * The hold mode's result (`hold.json`, schema `waf-gate/hold@1`): long-lived WebSocket connections held
 * through the WAF. Written by the replay engine's hold mode (`waf-gate replay --mode hold`), read by
 * compare-baseline and the report. This file is the contract between those stages: change it only
 * together with its readers.
 */
import type { LatencySummary } from '../types.js';

/** Who ended a connection before the end of the hold. */
export type HoldDropCause =
  /** The client closed it on purpose (the planned client-side drop share). */
  | 'client-planned'
  /** The origin closed it on purpose (the planned server-side drop share, asked for by the client). */
  | 'server-planned'
  /** A close frame or FIN nobody planned: the WAF or the origin ended it (e.g. a proxy timeout). */
  | 'unexpected-close'
  /** A socket error (reset, timeout of a heartbeat, ...). */
  | 'error';

/** The hold run's settings, as used (after defaults). */
export interface HoldSettings {
  /** ws:// URL of the WAF (Host rewritten per `domain`). */
  readonly target: string;
  /** Request path of the upgrade, e.g. `/ws`. */
  readonly path: string;
  /** Host header sent, or undefined when the target's host was used. */
  readonly domain: string | undefined;
  /** Connections to open. */
  readonly connections: number;
  /** Ramp: connections opened per second. */
  readonly hatchRateCps: number;
  /** How long every connection is held after the ramp ends. */
  readonly holdMs: number;
  /** Interval between heartbeats (ping frames) on each connection. */
  readonly pingIntervalMs: number;
  /** A heartbeat without a pong within this long counts as lost. */
  readonly pongTimeoutMs: number;
  /** Push messages per second per receiving connection asked from the origin (0: none). */
  readonly pushRateMps: number;
  /** Share (0..1) of connections that ask the origin for pushes. */
  readonly pushShare: number;
  /** Share (0..1) of connections the origin is asked to close during the hold. */
  readonly serverDropShare: number;
  /** Share (0..1) of connections the client closes during the hold. */
  readonly clientDropShare: number;
  /** Reconnects after an unplanned drop: attempts per connection (0: never) and first backoff. */
  readonly reconnectAttempts: number;
  readonly reconnectBackoffMs: number;
}

/** Connection counts of one hold run. Every attempted connection lands in exactly one final state. */
export interface HoldCounts {
  /** Upgrade requests sent (first attempts plus reconnects). */
  readonly attempted: number;
  /** Answered with 101 and a valid Sec-WebSocket-Accept. */
  readonly upgraded: number;
  /** Answered with another status, counted per status code (e.g. { "403": 12 }). */
  readonly refusedByStatus: Readonly<Record<string, number>>;
  /** No HTTP answer at all (connect error, reset, timeout), per error kind. */
  readonly failedByError: Readonly<Record<string, number>>;
  /** Connections (logical, first attempt or a reconnect) still open when the hold ended. */
  readonly heldToEnd: number;
  /** Drops during the hold, per cause. */
  readonly droppedByCause: Readonly<Record<HoldDropCause, number>>;
  /** Successful reconnects after an unplanned drop. */
  readonly reconnected: number;
}

/** Drops per one-second window of the hold (wall-clock aligned, like replay.json's windows). */
export interface HoldDropWindow {
  /** Window start, ms since the Unix epoch. */
  readonly startMs: number;
  readonly open: number;
  readonly droppedByCause: Readonly<Record<HoldDropCause, number>>;
}

/** Push delivery as the client saw it (the origin numbers messages per connection). */
export interface HoldPushCounts {
  /** Messages the origin reports it sent to connections that stayed to the end (from its final count). */
  readonly sent: number;
  readonly received: number;
  /** Sequence numbers never received (gaps and missing tail). */
  readonly lost: number;
  readonly duplicated: number;
  readonly outOfOrder: number;
  /**
   * Push-receiving connections held to the end whose final count never came from the origin: their
   * messages are in none of the counts above (missing, not 0). Absent when every count came.
   */
  readonly unreportedConnections?: number;
}

/** The whole `hold.json`. */
export interface HoldResult {
  readonly schema: 'waf-gate/hold@1';
  readonly startedAt: string;
  readonly endedAt: string;
  readonly settings: HoldSettings;
  readonly counts: HoldCounts;
  readonly windows: readonly HoldDropWindow[];
  /** Heartbeat round-trip times (ping → pong), µs. */
  readonly heartbeat: {
    readonly sent: number;
    readonly answered: number;
    readonly lost: number;
    readonly rtt: LatencySummary;
    /** The HDR histogram (see ../histogram.ts encodeHistogram), so shards and rounds merge exactly. */
    readonly rttHistogram: string;
  };
  readonly push: HoldPushCounts;
  /** The client process: file-descriptor limit that applied and memory per held connection. */
  readonly client: {
    readonly noFileLimit: { readonly soft: number; readonly hard: number };
    /** RSS growth from before the ramp to the full hold divided by open connections; null if unknown. */
    readonly rssBytesPerConnection: number | null;
  };
}
