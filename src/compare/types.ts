/**
 * The unit compare-baseline reads: a run directory per build, described by `run.json`.
 *
 * Layout written by the demo, the gate action and `waf-gate run` style pipelines:
 *   <runDir>/run.json                      this RunRecord
 *   <runDir>/quality/replay.json           ReplayResult (+ outcomes.jsonl beside it)
 *   <runDir>/quality/collect.json          CollectResult (+ joined.jsonl, anomalies/, series.csv)
 *   <runDir>/rounds/<n>/replay.json        pressure-round attempt n (1-based; = round n unless one failed)
 *   <runDir>/rounds/<n>/collect.json       (failed attempts stay: run.json `failedRounds`, docs/rounds.md)
 *   <runDir>/hold/hold.json                HoldResult of the long-lived connection phase (optional)
 *   <runDir>/hold/collect.json             CollectResult of the WAF during that phase
 * Paths inside run.json are relative to the run directory.
 */
import type { LoadShape } from '../replay/types.js';

/** The hold phase's files, relative to the run directory. */
export interface HoldRef {
  /** `hold.json` (schema `waf-gate/hold@1`). */
  holdFile: string;
  /** The WAF's collect.json during the hold; absent when it was not collected. */
  collectFile?: string;
}

/** One pressure round of one build. */
export interface RoundRef {
  round: number;
  /** The build's attempt that gave this round (absent in older run.json: equal to `round`). */
  attempt?: number;
  replayFile: string;
  collectFile: string;
}

/** A pressure-round attempt that failed: kept on disk, never part of the statistics. */
export interface FailedRoundRef {
  /** The round it was an attempt for. */
  round: number;
  attempt: number;
  /** Why it failed (error rate, crash, incomplete collection, health probe). */
  reasons: string[];
  /** Absent when nothing was measured (the health probe before the round failed). */
  replayFile?: string;
  collectFile?: string;
}

/** How many pressure rounds were wanted and how many attempts were allowed per build. */
export interface RoundPlanRecord {
  /** `rounds`: successful rounds wanted. */
  wanted: number;
  /** `max-rounds`: attempts allowed. */
  maxAttempts: number;
  /** Attempts made. */
  attempts: number;
}

/** `run.json`: one build's evidence. */
export interface RunRecord {
  schema: 'waf-gate/run@1';
  /** `baseline` / `candidate` or any label. */
  label: string;
  build: {
    /** Exact installed version (from install-waf), or a lab description such as `lab:crs-pl2`. */
    version: string;
    description?: string;
  };
  corpusFingerprint: string;
  /** Quality run (one pass of the corpus over all domains). */
  quality?: { replayFile: string; collectFile: string };
  /** Pressure load shape (identical for every round). */
  pressureShape?: LoadShape;
  rounds: RoundRef[];
  /** Failed round attempts, retried; listed in the report, excluded from the statistics. */
  failedRounds?: FailedRoundRef[];
  /** The long-lived connection phase (`hold-connections` > 0): WebSocket connections held through the WAF. */
  hold?: HoldRef;
  /** Rounds wanted and attempts allowed/made (absent in older run.json). */
  roundPlan?: RoundPlanRecord;
  /** Machines and tools, for the report's parameters section. */
  environment?: Record<string, string>;
  /** `domains: from-config`: where the replayed domains came from and the names skipped. */
  domainsFromConfig?: DomainsFromConfigRecord;
  /** The domains of the quality pass (part of the baseline key). */
  domains?: string[];
  /** The WAF host's identity (`local:<hostname>` or the SSH host name), part of the baseline key. */
  wafHost?: string;
  /** A fresh A/B run: both builds installed and measured in this run on one WAF host. */
  freshAb?: FreshAbRecord;
  createdAtMs: number;
}

/** How the builds of a fresh A/B run were installed in turn on the WAF host. */
export interface FreshAbRecord {
  /** The pipeline run id shared by both builds. */
  runId: string;
  /** `interleaved` (rounds A B, B A, … with a reinstall per switch) or `sequential`. */
  order: 'interleaved' | 'sequential';
  /** Every install, in order (their time is outside every measurement). */
  switches: { label: string; version: string; action: string; durationMs: number }[];
  /** The build left installed at the end. */
  leftOn: string;
}

/** The domains read from the WAF's nginx configuration (`domains: from-config`). */
export interface DomainsFromConfigRecord {
  /** `nginx -T on <host>` or the dump file. */
  source: string;
  domains: string[];
  /** Names not replayed: kind (wildcard, regex, …), where, and why. */
  skipped: { name: string; kind: string; file: string; line: number; reason: string }[];
}

/** The gate's outcome. */
export type Verdict = 'pass' | 'fail' | 'neutral';
