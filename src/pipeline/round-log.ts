/**
 * `<out-dir>/rounds.jsonl`: one summary record per pressure-round attempt, appended (the file grows
 * across runs, like the seed's one-line-per-run log). Schema `waf-gate/round-log@1`, documented in
 * docs/rounds.md; fields are only ever added within a version.
 */
import { appendFile } from 'node:fs/promises';
import type { CollectResult } from '../collect/index.js';
import { roundValues } from '../compare/round-values.js';
import type { ReplayResult } from '../replay/types.js';

/** The schema name and version of every line. */
export const ROUND_LOG_SCHEMA = 'waf-gate/round-log@1';

/** One line of `rounds.jsonl`. Absent figures are `null` (never a made-up 0). */
export interface RoundLogRecord {
  schema: typeof ROUND_LOG_SCHEMA;
  runId: string;
  /** Build label (`baseline`, `candidate`, …) and version. */
  label: string;
  version: string;
  /** The round this attempt was for (1-based, per build). */
  round: number;
  /** Attempt number of the build (1-based; equals `round` while no attempt failed). */
  attempt: number;
  ok: boolean;
  /** Why the attempt failed (empty when ok). */
  reasons: string[];
  /** Wall clock, ISO 8601 UTC, and Unix epoch ms. */
  startedAt: string;
  endedAt: string;
  startedAtMs: number;
  endedAtMs: number;
  /** The attempt's folder relative to `<out-dir>`, null when the probe failed (nothing measured). */
  dir: string | null;
  requests: { sent: number; completed: number; errors: number } | null;
  rps: number | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  /** WAF CPU per completed request, ms, and how it was read. */
  cpuMsPerRequest: number | null;
  cpuSource: 'exact' | 'sampled' | null;
  /** Mean resident memory of the WAF process group(s), bytes. */
  rssBytes: number | null;
  crashes: number | null;
}

/** What the pipeline knows about one attempt. */
export interface RoundAttempt {
  runId: string;
  label: string;
  version: string;
  round: number;
  attempt: number;
  reasons: string[];
  startedAtMs: number;
  endedAtMs: number;
  dir: string | null;
  replay?: ReplayResult;
  collect?: CollectResult;
}

/** Builds the line of an attempt (`wafGroups`: the process groups that are the WAF). */
export function roundLogRecord(a: RoundAttempt, wafGroups: readonly string[]): RoundLogRecord {
  const base = {
    schema: ROUND_LOG_SCHEMA,
    runId: a.runId,
    label: a.label,
    version: a.version,
    round: a.round,
    attempt: a.attempt,
    ok: a.reasons.length === 0,
    reasons: a.reasons,
    startedAt: new Date(a.startedAtMs).toISOString(),
    endedAt: new Date(a.endedAtMs).toISOString(),
    startedAtMs: a.startedAtMs,
    endedAtMs: a.endedAtMs,
    dir: a.dir,
  } as const;
  const replay = a.replay;
  if (replay === undefined)
    return {
      ...base,
      requests: null,
      rps: null,
      latencyP50Ms: null,
      latencyP99Ms: null,
      cpuMsPerRequest: null,
      cpuSource: null,
      rssBytes: null,
      crashes: a.collect ? a.collect.crashes.length : null,
    };
  const hasLatency = replay.latency.summary.count > 0;
  let cpuMsPerRequest: number | null = null;
  let cpuSource: RoundLogRecord['cpuSource'] = null;
  let rssBytes: number | null = null;
  const values = roundValues(
    { round: a.round, replay, collect: a.collect ?? null },
    wafGroups,
    new Set(),
  );
  if (typeof values !== 'string') {
    if (!('missing' in values.exactCpu)) {
      cpuMsPerRequest = values.exactCpu.cpuMsPerRequest;
      cpuSource = 'exact';
    } else if (values.values.has('cpuMsPerRequest')) {
      cpuMsPerRequest = values.values.get('cpuMsPerRequest')!;
      cpuSource = 'sampled';
    }
    // As compare does for CPU: no group named as the WAF's means every group is the WAF.
    const all = [...values.groups];
    const named = all.filter(([name]) => wafGroups.includes(name));
    const waf = named.length > 0 ? named : all;
    if (waf.length > 0) rssBytes = waf.reduce((s, [, g]) => s + g.rssBytes, 0);
  }
  return {
    ...base,
    requests: {
      sent: replay.totals.sent,
      completed: replay.totals.completed,
      errors: replay.totals.errors,
    },
    rps: replay.rps,
    latencyP50Ms: hasLatency ? replay.latency.summary.p50Us / 1000 : null,
    latencyP99Ms: hasLatency ? replay.latency.summary.p99Us / 1000 : null,
    cpuMsPerRequest,
    cpuSource,
    rssBytes,
    crashes: a.collect ? a.collect.crashes.length : null,
  };
}

/** Appends one record as one line (a single write: concurrent appenders do not interleave lines). */
export async function appendRoundLog(file: string, record: RoundLogRecord): Promise<void> {
  await appendFile(file, `${JSON.stringify(record)}\n`, 'utf8');
}
