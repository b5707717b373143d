/**
 * The replay stage's results: the contract that collect-metrics and compare-baseline read.
 * Changing a field's meaning means bumping `schema`.
 */

import type { CorpusOrigin } from '../corpus/types.js';
import type { ShapingConfig } from './shaping/types.js';

/** Where a corpus request came from (defined in corpus, the lower layer; re-exported for replay's users). */
export type { CorpusOrigin };

/** Quality: every request once per domain, tagged with an id. Pressure: one domain under load. */
export type ReplayMode = 'quality' | 'pressure';

/** Why a request got no (valid) response. */
export type ReplayErrorKind =
  | 'refused'
  | 'reset'
  | 'timeout-connect'
  | 'timeout-first-byte'
  | 'timeout-total'
  | 'malformed-response'
  | 'tls'
  | 'other';

/** The load shape; compare-baseline refuses to compare runs whose shapes differ. */
export interface LoadShape {
  mode: ReplayMode;
  /** Connections (closed model: users). */
  connections: number;
  keepAlive: boolean;
  /** Open model: target requests per second over all connections. */
  rateRps?: number;
  durationMs?: number;
  /** Times the corpus is replayed. */
  repeat?: number;
  /** Stop after this many requests. */
  requests?: number;
  /** Connections added per second during ramp-up. */
  hatchRatePerSec?: number;
  thinkTimeMs?: number;
  /** Per-connection shaping (slow or distant clients), when any was applied. */
  shaping?: ShapingConfig;
}

/** Latency percentiles in microseconds. */
export interface LatencySummary {
  count: number;
  minUs: number;
  meanUs: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  maxUs: number;
}

/** One time window of the run (default 1 s). */
export interface ReplayWindow {
  /** Unix epoch ms at the window's start. */
  startMs: number;
  durationMs: number;
  completed: number;
  errors: number;
  rps: number;
  p50Us: number;
  p99Us: number;
  /** Encoded HDR histogram (base64) of the window's latencies; merge with the replay histogram codec. */
  histogram: string;
}

/** Counts for one target domain. */
export interface DomainStats {
  sent: number;
  completed: number;
  errors: number;
  /** HTTP status (as a string key) -> count. */
  statusCounts: Record<string, number>;
  /** Error kind -> count. */
  errorCounts: Record<string, number>;
}

/** `replay.json`: the summary of one replay run. */
export interface ReplayResult {
  schema: 'waf-gate/replay@1';
  runId: string;
  /** Free label, e.g. `baseline` or `candidate`. */
  label?: string;
  target: { host: string; port: number; tls: boolean; servername?: string };
  corpus: {
    fingerprint: string;
    entries: number;
    sources: string[];
    /** Malformed entries skipped with skip-invalid. */
    skipped?: number;
    /** go-ftw test stages not sent because their file says `meta.enabled: false`. */
    disabled?: number;
  };
  domains: string[];
  loadShape: LoadShape;
  /** Header carrying the request id (quality mode), or null. */
  idHeader: string | null;
  /** Unix epoch ms of the first request sent and the last response/error: the loaded interval. */
  startedAtMs: number;
  endedAtMs: number;
  durationMs: number;
  totals: {
    sent: number;
    completed: number;
    errors: number;
    /** Requests sent without an id because their raw form cannot carry a header (e.g. HTTP/0.9). */
    unjoinable: number;
    bytesSent: number;
    bytesReceived: number;
    /** Requests in flight when the run stopped (duration/abort), dropped without a verdict. */
    cancelled?: number;
  };
  /** Worker threads that produced this result (merged). */
  workers?: number;
  /** Completed responses per second over the loaded interval. */
  rps: number;
  statusCounts: Record<string, number>;
  errorCounts: Record<string, number>;
  perDomain: Record<string, DomainStats>;
  latency: { histogram: string; summary: LatencySummary };
  windows: ReplayWindow[];
  /** JSONL of {@link RequestOutcome}, one line per request (quality mode). Relative to replay.json. */
  outcomesFile?: string;
  /** This replay is one shard of a run spread over bench machines (`shard: i/n`). */
  shard?: ShardRecord;
  /** A merged run (`waf-gate merge`): its shards, with times corrected to the reference clock. */
  shards?: MergedShard[];
}

/** This machine's clock against the sharded run's reference (simple NTP formula on HTTP Date ticks). */
export interface ClockOffset {
  /** The reference's URL. */
  reference: string;
  /** Reference time minus local time: add it to local epoch ms to get reference time. */
  offsetMs: number;
  /** Round trip of the sample(s) the offset was read from. */
  roundTripMs: number;
  /** The offset is right within ± this. */
  accuracyMs: number;
  samples: number;
  /** Local epoch ms of the measurement. */
  measuredAtMs: number;
}

/** One shard's part of a sharded run, as the shard recorded it. */
export interface ShardRecord {
  /** 1-based. */
  index: number;
  count: number;
  /** The agreed start (reference clock), epoch ms. */
  startAtMs?: number;
  clock?: ClockOffset;
}

/** A shard in a merged result: what it was given and what it did, times on the reference clock. */
export interface MergedShard extends ShardRecord {
  runId: string;
  label?: string;
  /** The shard's replay.json as given to merge. */
  source: string;
  connections: number;
  rateRps?: number;
  /** Added to the shard's times: its clock offset when larger than the offset's accuracy, else 0. */
  correctionMs: number;
  startedAtMs: number;
  endedAtMs: number;
  /** startedAtMs − startAtMs (reference clock): how late the shard's first request went out. */
  startSkewMs?: number;
  sent: number;
  completed: number;
  errors: number;
}

/** One line of the outcomes file: what happened to one request. */
export interface RequestOutcome {
  /** Value of the id header; null when the request could not carry one. */
  id: string | null;
  domain: string;
  origin: CorpusOrigin;
  /** Identifies the corpus entry across builds: `${origin.file}#${origin.index}`. */
  entryKey: string;
  method: string;
  /** Request target, shortened to 200 characters. */
  target: string;
  status: number | null;
  error: ReplayErrorKind | null;
  latencyUs: number;
  bytesSent: number;
  bytesReceived: number;
  reusedConnection: boolean;
  startedAtMs: number;
  /** Local address of the connection that carried the request (quality mode; absent: not connected). */
  localAddress?: string;
  /** Local port of that connection: the WAF logs it as `$remote_port` (collect joins by it). */
  localPort?: number;
  /** Sent on a connection of its own, because its id may not reach the log (see `needsOwnConnection`). */
  ownConnection?: true;
}
