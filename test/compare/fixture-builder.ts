/**
 * Writes run directories in the layout of src/compare/types.ts (run.json, quality/replay.json +
 * outcomes.jsonl, quality/collect.json + joined.jsonl, rounds/<n>/{replay,collect}.json) from a compact
 * description, so tests exercise the real file reading. Numbers are realistic for the lab WAF
 * (perf.md): ~1,000 req/s, ~1 ms CPU per request on a trivial GET.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type {
  CollectResult,
  ErrorLogFinding,
  JoinedRequest,
  ProcessCrash,
  ProcessGroupStats,
} from '../../src/collect/index.js';
import { createRandom } from '../../src/compare/stats.js';
import { createHistogram, encodeHistogram } from '../../src/replay/histogram.js';
import type { RunRecord } from '../../src/compare/types.js';
import type { LoadShape, ReplayResult, RequestOutcome } from '../../src/replay/types.js';

/** One corpus request as replayed to one domain. */
export interface FixtureRequest {
  entryKey: string;
  domain: string;
  method: string;
  target: string;
  /** null: no answer. */
  status: number | null;
  blocked?: boolean;
  ruleIds?: string[];
  error?: RequestOutcome['error'];
}

/** One pressure round's headline numbers. */
export interface FixtureRound {
  rps: number;
  cpuMsPerRequest: number;
  p50Us: number;
  p99Us: number;
  rssBytes: number;
  cpuPct: number;
  durationMs?: number;
}

/** What to write. */
export interface FixtureRun {
  label: string;
  version: string;
  description?: string;
  corpusFingerprint?: string;
  quality?: FixtureRequest[];
  /** Collect join present (joined.jsonl) — else only outcomes.jsonl. @default true */
  withJoin?: boolean;
  crashes?: ProcessCrash[];
  findings?: ErrorLogFinding[];
  rounds?: FixtureRound[];
  pressureShape?: LoadShape;
  createdAtMs?: number;
  environment?: Record<string, string>;
  /**
   * Rounds where no nginx worker was sampled (the pid file was wrong): the worker group has no pids and
   * no samples, as collect wrote it; `listed` also records it in `missing` as collect does now.
   */
  noWorkerSamples?: 'unlisted' | 'listed';
  /** The quality run's access log gave no line: joined rows have no log line, `missing` says so. */
  logMissing?: boolean;
  /**
   * The rounds carry exact CPU (load-start/load-end marks, as collect writes them now): the worker's
   * `exactCpu` is `cpuMsPerRequest × completed` (100 ticks/s; 1 worker + the master read at each
   * mark); `sampledCpuFactor` scales the sampled `cpuTimeMs` against it. Without: old results.
   */
  exactCpu?: { sampledCpuFactor?: number };
}

export const FINGERPRINT =
  'sha256:5f0c2a9e71d4b3c8a6e2f19d0b7c4e5a3f8d2c1b0a9e8d7c6b5a4f3e2d1c0b9a';
export const SHAPE: LoadShape = {
  mode: 'pressure',
  connections: 20,
  keepAlive: true,
  durationMs: 10_000,
};
const T0 = Date.UTC(2026, 10, 20, 9, 0, 0);

/** A worker group's `exactCpu` for `cpuMs` of CPU (whole ticks at 100 per second). */
function exactCpu(cpuMs: number): NonNullable<ProcessGroupStats['exactCpu']> {
  const ticks = Math.round(cpuMs / 10);
  return {
    from: 'load-start',
    to: 'load-end',
    method: 'reaped',
    ticks,
    cpuMs: ticks * 10,
    errorTicks: 4,
    errorMs: 40,
    intervalMs: 10_005,
    readMs: { start: 0.4, end: 0.4 },
    pids: { start: 1, end: 1 },
    uncountedExits: 0,
  };
}

function statusCounts(requests: FixtureRequest[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests)
    if (r.status !== null) out[String(r.status)] = (out[String(r.status)] ?? 0) + 1;
  return out;
}

/**
 * An encoded HDR histogram of `count` log-normal latencies with about the given median and p99
 * (seeded), so report.html's percentile curves have real histograms to read.
 */
function histogramOf(p50Us: number, p99Us: number, count: number, seed: number): string {
  const random = createRandom(seed);
  const sigma = Math.log(p99Us / p50Us) / 2.326;
  const h = createHistogram();
  for (let i = 0; i < count; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    h.recordValue(Math.max(1, Math.round(p50Us * Math.exp(sigma * z))));
  }
  return encodeHistogram(h);
}

function latency(
  p50Us: number,
  p99Us: number,
  count: number,
  seed: number,
): ReplayResult['latency'] {
  return {
    histogram: count > 0 ? histogramOf(p50Us, p99Us, count, seed) : '',
    summary: {
      count,
      minUs: Math.round(p50Us / 3),
      meanUs: Math.round(p50Us * 1.2),
      p50Us,
      p90Us: Math.round((p50Us + p99Us) / 2),
      p99Us,
      maxUs: p99Us * 2,
    },
  };
}

function replayResult(
  label: string,
  fingerprint: string,
  requests: FixtureRequest[],
  shape: LoadShape,
  startMs: number,
  extra: Partial<ReplayResult>,
): ReplayResult {
  const domains = [...new Set(requests.map((r) => r.domain))].sort();
  const completed = requests.filter((r) => r.status !== null).length;
  return {
    schema: 'waf-gate/replay@1',
    runId: `${label}-${startMs}`,
    label,
    target: { host: '127.0.0.1', port: 18080, tls: false },
    corpus: {
      fingerprint,
      entries: new Set(requests.map((r) => r.entryKey)).size,
      sources: ['corpus/benign.txt', 'corpus/attacks.yaml'],
    },
    domains,
    loadShape: shape,
    idHeader: 'X-Waf-Gate-Id',
    startedAtMs: startMs,
    endedAtMs: startMs + 2000,
    durationMs: 2000,
    totals: {
      sent: requests.length,
      completed,
      errors: requests.length - completed,
      unjoinable: 0,
      bytesSent: requests.length * 300,
      bytesReceived: completed * 600,
    },
    rps: completed / 2,
    statusCounts: statusCounts(requests),
    errorCounts: {},
    perDomain: Object.fromEntries(
      domains.map((d) => {
        const mine = requests.filter((r) => r.domain === d);
        const done = mine.filter((r) => r.status !== null).length;
        return [
          d,
          {
            sent: mine.length,
            completed: done,
            errors: mine.length - done,
            statusCounts: statusCounts(mine),
            errorCounts: {},
          },
        ];
      }),
    ),
    latency: latency(2500, 9000, completed, startMs % 100_000),
    windows: [],
    ...extra,
  };
}

function collectResult(
  label: string,
  startMs: number,
  extra: Partial<CollectResult>,
): CollectResult {
  return {
    schema: 'waf-gate/collect@1',
    runId: `${label}-${startMs}`,
    label,
    startedAtMs: startMs,
    endedAtMs: startMs + 10_000,
    log: {
      path: 'access.log',
      format: 'waf-gate-lab',
      bytesRead: 0,
      lines: 0,
      parsed: 0,
      formatErrors: 0,
    },
    statusCounts: {},
    anomalies: { statuses: [400, 403, 408, 499, 500, 502, 503], perDomain: {}, total: 0 },
    processes: { intervalMs: 1000, groups: [] },
    crashes: [],
    findings: [],
    ...extra,
  };
}

/**
 * collect's series.csv for a round: one sample per second from 1 s before to 1 s after the load, the
 * worker near `cpuPct` under load and idle outside it, the master flat.
 */
function seriesCsv(r: FixtureRound, startMs: number, durationMs: number, n: number): string {
  const random = createRandom(n * 104_729 + Math.round(r.cpuPct * 10));
  const rows = ['timeMs,group,pid,cpuPct,rssBytes,cpuMs,intervalMs'];
  for (let t = startMs - 1000; t <= startMs + durationMs + 1000; t += 1000) {
    const loaded = t > startMs && t <= startMs + durationMs;
    const cpu = loaded ? r.cpuPct * (0.94 + 0.12 * random()) : 0.5 * random();
    const rss = Math.round(r.rssBytes * (loaded ? 0.99 + 0.02 * random() : 0.97));
    const worker = [cpu.toFixed(1), String(rss), String(Math.round(cpu * 10)), '1000'];
    const master = ['0.1', String(6 * 1024 * 1024), '1', '1000'];
    rows.push([t, 'nginx-worker', 'all', ...worker].join(','));
    rows.push([t, 'nginx-worker', 4100 + n, ...worker].join(','));
    rows.push([t, 'nginx-master', 'all', ...master].join(','));
    rows.push([t, 'nginx-master', 4000, ...master].join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** Writes a run directory; returns its path. */
export async function writeRun(dir: string, run: FixtureRun): Promise<string> {
  const fingerprint = run.corpusFingerprint ?? FINGERPRINT;
  const shape = run.pressureShape ?? SHAPE;
  const createdAtMs = run.createdAtMs ?? T0;
  await mkdir(dir, { recursive: true });
  const record: RunRecord = {
    schema: 'waf-gate/run@1',
    label: run.label,
    build: { version: run.version, ...(run.description ? { description: run.description } : {}) },
    corpusFingerprint: fingerprint,
    rounds: [],
    createdAtMs,
    ...(run.environment ? { environment: run.environment } : {}),
  };
  if (run.quality) {
    const q = join(dir, 'quality');
    await mkdir(q, { recursive: true });
    const outcomes: RequestOutcome[] = run.quality.map((r, i) => {
      const [file, index] = r.entryKey.split('#') as [string, string];
      return {
        id: `${run.label}-${i}`,
        domain: r.domain,
        origin: { file, index: Number(index), line: Number(index) * 6 + 1 },
        entryKey: r.entryKey,
        method: r.method,
        target: r.target,
        status: r.status,
        error: r.status === null ? (r.error ?? 'timeout-first-byte') : null,
        latencyUs: 2000 + (i % 7) * 150,
        bytesSent: 320,
        bytesReceived: r.status === null ? 0 : 640,
        reusedConnection: false,
        startedAtMs: createdAtMs + i * 3,
      };
    });
    await writeFile(
      join(q, 'outcomes.jsonl'),
      outcomes.map((o) => JSON.stringify(o)).join('\n') + '\n',
    );
    const withJoin = run.withJoin ?? true;
    if (withJoin) {
      const joined: JoinedRequest[] = run.quality.map((r, i) =>
        run.logMissing
          ? {
              id: `${run.label}-${i}`,
              domain: r.domain,
              entryKey: r.entryKey,
              replayStatus: r.status,
              wafStatus: null,
              upstreamStatus: null,
              blocked: false,
              missingReason: 'no-log-line',
            }
          : {
              id: `${run.label}-${i}`,
              domain: r.domain,
              entryKey: r.entryKey,
              replayStatus: r.status,
              wafStatus: r.status ?? 499,
              upstreamStatus: r.blocked ? '-' : r.status === null ? '-' : String(r.status),
              blocked: r.blocked ?? false,
              ...(r.ruleIds ? { ruleIds: r.ruleIds } : {}),
            },
      );
      await writeFile(
        join(q, 'joined.jsonl'),
        joined.map((j) => JSON.stringify(j)).join('\n') + '\n',
      );
    }
    const replay = replayResult(
      run.label,
      fingerprint,
      run.quality,
      { mode: 'quality', connections: 4, keepAlive: false },
      createdAtMs,
      { outcomesFile: 'outcomes.jsonl' },
    );
    await writeFile(join(q, 'replay.json'), JSON.stringify(replay, null, 2));
    const perDomain: Record<string, Record<string, number>> = {};
    for (const d of replay.domains)
      perDomain[d] = statusCounts(run.quality.filter((r) => r.domain === d));
    const collect = collectResult(run.label, createdAtMs, {
      statusCounts: perDomain,
      crashes: run.crashes ?? [],
      findings: run.findings ?? [],
      ...(withJoin
        ? {
            join: {
              sent: run.quality.length,
              joined: run.logMissing ? 0 : run.quality.length,
              missing: run.logMissing ? run.quality.length : 0,
              unexpected: 0,
              missingByReason: run.logMissing ? { 'no-log-line': run.quality.length } : {},
              joinedFile: 'joined.jsonl',
            },
          }
        : {}),
      ...(run.logMissing
        ? {
            statusCounts: {},
            missing: [
              {
                metric: 'access-log' as const,
                code: 'no-lines' as const,
                reason: 'no log line was read from access.log between start and stop',
              },
            ],
          }
        : {}),
    });
    await writeFile(join(q, 'collect.json'), JSON.stringify(collect, null, 2));
    record.quality = { replayFile: 'quality/replay.json', collectFile: 'quality/collect.json' };
  }
  if (run.rounds && run.rounds.length > 0) {
    record.pressureShape = shape;
    for (const [i, r] of run.rounds.entries()) {
      const n = i + 1;
      const rd = join(dir, 'rounds', String(n));
      await mkdir(rd, { recursive: true });
      const durationMs = r.durationMs ?? shape.durationMs ?? 10_000;
      const completed = Math.round((r.rps * durationMs) / 1000);
      const startMs = createdAtMs + n * 60_000;
      const random = createRandom(n * 7919 + Math.round(r.rps));
      const windows = Array.from({ length: Math.round(durationMs / 1000) }, (_, w) => {
        const rps = Math.round(r.rps * (0.9 + 0.2 * random()));
        return {
          startMs: startMs + w * 1000,
          durationMs: 1000,
          completed: rps,
          errors: 0,
          rps,
          p50Us: r.p50Us,
          p99Us: r.p99Us,
          histogram: '',
        };
      });
      const replay: ReplayResult = {
        ...replayResult(run.label, fingerprint, [], shape, startMs, {}),
        domains: ['app.test'],
        durationMs,
        endedAtMs: startMs + durationMs,
        totals: {
          sent: completed,
          completed,
          errors: 0,
          unjoinable: 0,
          bytesSent: completed * 200,
          bytesReceived: completed * 400,
        },
        rps: r.rps,
        statusCounts: { '200': completed },
        latency: latency(r.p50Us, r.p99Us, completed, n * 31 + Math.round(r.rps)),
        windows,
      };
      const stats = (v: number) => ({
        samples: durationMs / 1000,
        mean: v,
        p50: v,
        p95: v * 1.05,
        max: v * 1.1,
      });
      await writeFile(join(rd, 'series.csv'), seriesCsv(r, startMs, durationMs, n));
      const none = { samples: 0, mean: 0, p50: 0, p95: 0, max: 0 };
      const collect = collectResult(run.label, startMs, {
        loadedInterval: { startMs, endMs: startMs + durationMs },
        ...(run.noWorkerSamples === 'listed'
          ? {
              missing: [
                {
                  metric: 'processes' as const,
                  code: 'pid-file' as const,
                  group: 'nginx-worker',
                  reason: `the master pid file /run/nginx-typo.pid was missing or empty in ${durationMs / 1000} of ${durationMs / 1000} samples, and no process of the group was sampled`,
                },
              ],
            }
          : {}),
        processes: {
          intervalMs: 1000,
          seriesFile: 'series.csv',
          ...(run.exactCpu
            ? {
                marks: [
                  { name: 'load-start', timeMs: startMs - 3, readMs: 0.4 },
                  { name: 'load-end', timeMs: startMs + durationMs + 2, readMs: 0.4 },
                ],
              }
            : {}),
          groups: [
            run.noWorkerSamples
              ? { name: 'nginx-worker', pids: [], cpuPct: none, rssBytes: none, cpuTimeMs: 0 }
              : {
                  name: 'nginx-worker',
                  pids: [4100 + n],
                  cpuPct: stats(r.cpuPct),
                  rssBytes: stats(r.rssBytes),
                  cpuTimeMs: r.cpuMsPerRequest * completed * (run.exactCpu?.sampledCpuFactor ?? 1),
                  ...(run.exactCpu ? { exactCpu: exactCpu(r.cpuMsPerRequest * completed) } : {}),
                },
            {
              name: 'nginx-master',
              pids: [4000],
              cpuPct: stats(0.1),
              rssBytes: stats(6 * 1024 * 1024),
              cpuTimeMs: 2,
            },
          ],
        },
      });
      await writeFile(join(rd, 'replay.json'), JSON.stringify(replay, null, 2));
      await writeFile(join(rd, 'collect.json'), JSON.stringify(collect, null, 2));
      record.rounds.push({
        round: n,
        replayFile: `rounds/${n}/replay.json`,
        collectFile: `rounds/${n}/collect.json`,
      });
    }
  }
  await writeFile(join(dir, 'run.json'), JSON.stringify(record, null, 2));
  return dir;
}

/** `n` rounds around the given medians, with seeded multiplicative noise of ±`noisePct` on each metric. */
export function noisyRounds(
  n: number,
  base: FixtureRound,
  noise: { qpsPct: number; cpuPct: number },
  seed: number,
): FixtureRound[] {
  const random = createRandom(seed);
  const jitter = (pct: number): number => 1 + ((random() * 2 - 1) * pct) / 100;
  return Array.from({ length: n }, () => {
    const q = jitter(noise.qpsPct);
    return {
      rps: Math.round(base.rps * q),
      cpuMsPerRequest: Number((base.cpuMsPerRequest * jitter(noise.cpuPct)).toFixed(4)),
      p50Us: Math.round(base.p50Us / q),
      p99Us: Math.round(base.p99Us / q),
      rssBytes: Math.round(base.rssBytes * jitter(2)),
      cpuPct: Number((base.cpuPct * jitter(3)).toFixed(1)),
    };
  });
}

/** The demo-like corpus: benign requests and attacks over two domains. */
export function corpus(): {
  entryKey: string;
  method: string;
  target: string;
  attack: boolean;
  pl2Rule?: string;
}[] {
  return [
    { entryKey: 'corpus/benign.txt#0', method: 'GET', target: '/', attack: false },
    {
      entryKey: 'corpus/benign.txt#1',
      method: 'GET',
      target: '/products?id=42&sort=price',
      attack: false,
    },
    {
      entryKey: 'corpus/benign.txt#2',
      method: 'GET',
      target: '/search?q=blue+shoes',
      attack: false,
    },
    { entryKey: 'corpus/benign.txt#3', method: 'POST', target: '/login', attack: false },
    {
      entryKey: 'corpus/benign.txt#4',
      method: 'GET',
      target: "/blog/it's-here?ref=news",
      attack: false,
      pl2Rule: '942432',
    },
    {
      entryKey: 'corpus/benign.txt#5',
      method: 'GET',
      target: '/api/v1/items?filter=a|b',
      attack: false,
      pl2Rule: '942430',
    },
    { entryKey: 'corpus/benign.txt#6', method: 'GET', target: '/static/app.js', attack: false },
    {
      entryKey: 'corpus/benign.txt#7',
      method: 'GET',
      target: '/cart?coupon=SAVE--10',
      attack: false,
      pl2Rule: '942440',
    },
    {
      entryKey: 'corpus/attacks.yaml#0',
      method: 'GET',
      target: "/search?q=1' OR '1'='1",
      attack: true,
    },
    {
      entryKey: 'corpus/attacks.yaml#1',
      method: 'GET',
      target: '/?x=<script>alert(1)</script>',
      attack: true,
    },
    { entryKey: 'corpus/attacks.yaml#2', method: 'GET', target: '/../../etc/passwd', attack: true },
    {
      entryKey: 'corpus/attacks.yaml#3',
      method: 'POST',
      target: '/upload.php?cmd=;cat%20/etc/passwd',
      attack: true,
    },
  ];
}

const ATTACK_RULES: Record<string, string> = {
  'corpus/attacks.yaml#0': '942100',
  'corpus/attacks.yaml#1': '941100',
  'corpus/attacks.yaml#2': '930100',
  'corpus/attacks.yaml#3': '932100',
};

/** Quality requests of the corpus over domains, as CRS at paranoia level `pl` would treat them. */
export function qualityRequests(pl: 1 | 2, domains = ['app.test', 'api.test']): FixtureRequest[] {
  return domains.flatMap((domain) =>
    corpus().map((c) => {
      const blocked = c.attack || (pl === 2 && c.pl2Rule !== undefined);
      const rule = c.attack ? ATTACK_RULES[c.entryKey] : c.pl2Rule;
      return {
        entryKey: c.entryKey,
        domain,
        method: c.method,
        target: c.target,
        status: blocked ? 403 : 200,
        blocked,
        ...(blocked && rule ? { ruleIds: [rule, '949110'] } : {}),
      };
    }),
  );
}
