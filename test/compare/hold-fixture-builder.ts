/**
 * Writes run directories with a long-lived connection phase (run.json `hold`, hold/hold.json per the
 * contract in src/replay/hold/types.ts, hold/collect.json with per-held-connection figures) from a
 * compact description, so compare and the report read real files. Numbers are realistic for the lab
 * (20 connections through nginx + ModSecurity to the WebSocket origin on loopback).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CollectResult, HeldConnectionCost } from '../../src/collect/index.js';
import type { RunRecord } from '../../src/compare/types.js';
import { createHistogram, encodeHistogram } from '../../src/replay/histogram.js';
import type { HoldDropCause, HoldResult, HoldSettings } from '../../src/replay/hold/types.js';
import { FINGERPRINT } from './fixture-builder.js';

/** What differs between fixture builds. */
export interface HoldFixture {
  label: string;
  version: string;
  description?: string;
  settings?: Partial<HoldSettings>;
  /** Connections dropped per cause (the rest are held to the end, minus refused/failed). */
  dropped?: Partial<Record<HoldDropCause, number>>;
  refusedByStatus?: Record<string, number>;
  failedByError?: Record<string, number>;
  reconnected?: number;
  heartbeat?: { sent: number; answered: number; p50Us: number; p99Us: number };
  push?: Partial<HoldResult['push']>;
  /** Second the drops happen at (after the ramp). @default 3 */
  dropAtSec?: number;
  /** WAF cost per held connection; null: no hold/collect.json written. */
  waf?: Partial<HeldConnectionCost> | null;
  /** Leave `perHeldConnection` out of collect.json (collected without hold.json). */
  wafWithoutPerConnection?: boolean;
  createdAtMs?: number;
}

const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);

/** The lab scenario's settings: 20 connections, 3 s ping interval, 8 s hold, pushes to half. */
export const HOLD_SETTINGS: HoldSettings = {
  target: 'ws://127.0.0.1:18080',
  path: '/ws',
  domain: 'app.test',
  connections: 20,
  hatchRateCps: 20,
  holdMs: 8000,
  pingIntervalMs: 3000,
  pongTimeoutMs: 1000,
  pushRateMps: 1,
  pushShare: 0.5,
  serverDropShare: 0,
  clientDropShare: 0,
  reconnectAttempts: 0,
  reconnectBackoffMs: 500,
};

const NO_DROPS: Record<HoldDropCause, number> = {
  'client-planned': 0,
  'server-planned': 0,
  'unexpected-close': 0,
  error: 0,
};

function rttHistogram(p50Us: number, p99Us: number, count: number): string {
  const h = createHistogram();
  for (let i = 0; i < count; i += 1)
    h.recordValue(i >= count - Math.ceil(count / 100) ? p99Us : p50Us);
  return encodeHistogram(h);
}

/** The hold.json of a fixture build. */
export function holdResult(f: HoldFixture, startMs = T0): HoldResult {
  const settings = { ...HOLD_SETTINGS, ...f.settings };
  const dropped = { ...NO_DROPS, ...f.dropped };
  const refused = Object.values(f.refusedByStatus ?? {}).reduce((a, b) => a + b, 0);
  const failed = Object.values(f.failedByError ?? {}).reduce((a, b) => a + b, 0);
  const reconnected = f.reconnected ?? 0;
  const attempted = settings.connections + reconnected;
  const upgraded = attempted - refused - failed;
  const drops = Object.values(dropped).reduce((a, b) => a + b, 0);
  const heldToEnd = upgraded - drops;
  const rampSec = Math.ceil(settings.connections / settings.hatchRateCps);
  const seconds = rampSec + settings.holdMs / 1000;
  const dropAt = rampSec + (f.dropAtSec ?? 3);
  const windows = Array.from({ length: seconds }, (_, i) => {
    const open =
      i < rampSec ? Math.round(((i + 1) / rampSec) * upgraded) : i < dropAt ? upgraded : heldToEnd;
    return {
      startMs: startMs + i * 1000,
      open,
      droppedByCause: i === dropAt ? { ...dropped } : { ...NO_DROPS },
    };
  });
  const hb = f.heartbeat ?? { sent: 40, answered: 40, p50Us: 420, p99Us: 1900 };
  const pushSent = f.push?.sent ?? 80;
  return {
    schema: 'waf-gate/hold@1',
    startedAt: new Date(startMs).toISOString(),
    endedAt: new Date(startMs + seconds * 1000).toISOString(),
    settings,
    counts: {
      attempted,
      upgraded,
      refusedByStatus: f.refusedByStatus ?? {},
      failedByError: f.failedByError ?? {},
      heldToEnd,
      droppedByCause: dropped,
      reconnected,
    },
    windows,
    heartbeat: {
      sent: hb.sent,
      answered: hb.answered,
      lost: hb.sent - hb.answered,
      rtt: {
        count: hb.answered,
        minUs: Math.round(hb.p50Us / 2),
        meanUs: hb.p50Us,
        p50Us: hb.p50Us,
        p90Us: Math.round((hb.p50Us + hb.p99Us) / 2),
        p99Us: hb.p99Us,
        maxUs: hb.p99Us * 2,
      },
      rttHistogram: rttHistogram(hb.p50Us, hb.p99Us, hb.answered),
    },
    push: {
      sent: pushSent,
      received: pushSent,
      lost: 0,
      duplicated: 0,
      outOfOrder: 0,
      ...f.push,
    },
    client: { noFileLimit: { soft: 1024, hard: 1_048_576 }, rssBytesPerConnection: 6200 },
  };
}

/** The WAF's collect.json of the hold phase. */
function holdCollect(f: HoldFixture, hold: HoldResult, startMs: number): CollectResult {
  const endMs = Date.parse(hold.endedAt);
  const perHeld: HeldConnectionCost = {
    group: 'nginx-worker',
    connectionSeconds: hold.windows.reduce((a, w) => a + w.open, 0),
    peakOpen: Math.max(...hold.windows.map((w) => w.open)),
    cpuMsPerConnectionHour: 2250,
    cpuSource: 'exact',
    rssBytesIdle: 9_400_000,
    rssBytesPeak: 9_400_000 + 20 * 11_800,
    rssBytesPerConnection: 11_800,
    fdsIdle: 9,
    fdsPeak: 49,
    fdsPerConnection: 2,
    missing: [],
    ...f.waf,
  };
  return {
    schema: 'waf-gate/collect@1',
    runId: `${f.label}-hold`,
    label: f.label,
    startedAtMs: startMs - 1500,
    endedAtMs: endMs + 500,
    loadedInterval: { startMs, endMs },
    log: {
      path: '/tmp/lab/access.log',
      format: 'waf-gate-lab',
      bytesRead: 0,
      lines: 20,
      parsed: 20,
      formatErrors: 0,
    },
    statusCounts: { 'app.test': { '101': 20 } },
    anomalies: { statuses: [403], perDomain: {}, total: 0 },
    processes: {
      intervalMs: 1000,
      groups: [
        {
          name: 'nginx-worker',
          pids: [4242],
          cpuPct: { samples: 9, mean: 1.2, p50: 1, p95: 3, max: 3 },
          rssBytes: { samples: 9, mean: 9_500_000, p50: 9_500_000, p95: 9_636_000, max: 9_636_000 },
          cpuTimeMs: 100,
          fds: { samples: 9, mean: 40, p50: 49, p95: 49, max: 49 },
        },
      ],
    },
    crashes: [],
    findings: [],
    stoppedBy: 'stop',
    ...(f.wafWithoutPerConnection === true ? {} : { perHeldConnection: [perHeld] }),
  };
}

/** Writes a run directory holding only a hold phase; returns its path. */
export async function writeHoldRun(dir: string, f: HoldFixture, startMs = T0): Promise<string> {
  await mkdir(join(dir, 'hold'), { recursive: true });
  const hold = holdResult(f, startMs);
  await writeFile(join(dir, 'hold', 'hold.json'), `${JSON.stringify(hold, null, 2)}\n`);
  const collect = f.waf === null ? null : holdCollect(f, hold, startMs);
  if (collect)
    await writeFile(join(dir, 'hold', 'collect.json'), `${JSON.stringify(collect, null, 2)}\n`);
  const record: RunRecord = {
    schema: 'waf-gate/run@1',
    label: f.label,
    build: { version: f.version, ...(f.description ? { description: f.description } : {}) },
    corpusFingerprint: FINGERPRINT,
    rounds: [],
    hold: {
      holdFile: 'hold/hold.json',
      ...(collect ? { collectFile: 'hold/collect.json' } : {}),
    },
    createdAtMs: f.createdAtMs ?? T0,
  };
  await writeFile(join(dir, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
  return dir;
}

/** The lab scenario's builds: PL1 holds everything; a short proxy_read_timeout drops the quiet half. */
export const HOLD_BUILDS = {
  baseline: {
    label: 'baseline',
    version: 'lab:crs-pl1',
    description: 'nginx + ModSecurity + CRS PL1, proxy_read_timeout 3600s on /ws',
  },
  /** The connections without pushes see no upstream data for 3 s: nginx closes them at 2 s. */
  shortTimeout: {
    label: 'candidate',
    version: 'lab:crs-pl1-short-read-timeout',
    description: 'nginx + ModSecurity + CRS PL1, proxy_read_timeout 2s on /ws',
    dropped: { 'unexpected-close': 10 },
    dropAtSec: 2,
    heartbeat: { sent: 30, answered: 30, p50Us: 440, p99Us: 2100 },
    waf: { fdsPeak: 49, fdsPerConnection: 2 },
  },
  twin: {
    label: 'candidate',
    version: 'lab:crs-pl1-twin',
    description: 'nginx + ModSecurity + CRS PL1 (rebuilt), proxy_read_timeout 3600s on /ws',
    heartbeat: { sent: 40, answered: 40, p50Us: 455, p99Us: 2600 },
    waf: { cpuMsPerConnectionHour: 2480, rssBytesPerConnection: 12_100 },
  },
} satisfies Record<string, HoldFixture>;
