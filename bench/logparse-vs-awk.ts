// Benchmark (a script, not a test): waf-gate's access-log parser vs mawk (and gawk, goaccess when
// installed) on the same 2,000,000-line file in the lab's log format, in one run, warm page cache.
//   node --import tsx bench/logparse-vs-awk.ts        (BENCH_LINES=2000000 BENCH_ROUNDS=3 BENCH_SAMPLER_S=10)
// 1. count lines per (host, status): waf-gate (chunked Buffer scan) vs `mawk '{c[$(NF-5)" "$9]++}'`
// 2. full analysis: every field of the log_format, the anomaly rule, the id index and one join lookup
//    per request — against the same mawk count rate.
// 3. sampler overhead: CPU of /proc sampling at 1 s with 64 `sleep` processes in the group.
// Each tool's best of BENCH_ROUNDS interleaved rounds is used (the machine is shared; see the load
// lines). Last lines: count_ratio_vs_mawk=… and full_ratio_vs_mawk=…
// gawk and goaccess are optional (`apt-get install -y gawk goaccess`); goaccess needs minutes per
// round on 2 M lines. Run under `flock /tmp/waf-gate-bench.lock …` when others benchmark too.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { AccessAnalyzer, type AnalysisMode } from '../src/collect/analyze/index.ts';
import { LineSink } from '../src/collect/output/index.ts';
import { LineSplitter } from '../src/collect/follow/index.ts';
import {
  compileLogFormat,
  WAF_GATE_LAB_FORMAT,
  FormatRecordParser,
} from '../src/collect/logformat/index.ts';
import { ProcSampler } from '../src/collect/proc/index.ts';

const LINES = Number(process.env.BENCH_LINES ?? 2_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SAMPLER_S = Number(process.env.BENCH_SAMPLER_S ?? 10);

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status === 0;
}

/** mulberry32: a small deterministic PRNG so every run parses the same file. */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

// Ids as replay makes them: `<runId>-<domain index>-<sequence>`.
let joinMs = Infinity;
const idOf = (i: number): string => `bench-run-${i % 12}-${i}`;

function generate(path: string): number {
  const r = rng(42);
  const hosts = Array.from({ length: 12 }, (_, i) =>
    i === 0 ? 'app.test' : `site${i}.example.test`,
  );
  const paths = [
    '/',
    '/index.html',
    '/api/v1/items?id=42&sort=asc&page=3',
    '/search?q=hello+world&lang=en',
    '/?q=%40%40version',
    "/?id=1'%20OR%20'1'='1",
    '/static/js/app.3f9a1c.min.js',
    '/login?next=%2Faccount%2Fsettings',
    '/products/12345/reviews?limit=20',
  ];
  const uas = [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
    'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
    'curl/8.5.0',
  ];
  const fd = openSync(path, 'w');
  let bytes = 0;
  let chunk: string[] = [];
  for (let i = 0; i < LINES; i += 1) {
    const blocked = r(100) < 7;
    const status = blocked
      ? [403, 403, 400, 499, 502][r(5)]!
      : [200, 200, 200, 200, 304, 404, 500, 301][r(8)]!;
    const us = blocked ? '-' : String(status);
    const rid = (
      r(0x7fffffff).toString(16) +
      r(0x7fffffff).toString(16) +
      '0123456789abcdef0123456789abcdef'
    ).slice(0, 32);
    chunk.push(
      `127.0.0.${1 + r(250)} - - [21/Nov/2026:11:${String(r(60)).padStart(2, '0')}:${String(r(60)).padStart(2, '0')} +0000] "GET ${paths[r(paths.length)]} HTTP/1.1" ${status} ${blocked ? 153 : 512 + r(20000)} "-" "${uas[r(uas.length)]}" host=${hosts[r(hosts.length)]} rt=0.00${r(10)} us=${us} urt=${blocked ? '-' : `0.00${r(10)}`} gid=${idOf(i)} rid=${rid}\n`,
    );
    if (chunk.length === 20_000) {
      const buf = Buffer.from(chunk.join(''));
      writeSync(fd, buf);
      bytes += buf.length;
      chunk = [];
    }
  }
  const buf = Buffer.from(chunk.join(''));
  writeSync(fd, buf);
  closeSync(fd);
  return bytes + buf.length;
}

function timeCommand(cmd: string, args: string[]): { ms: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`${cmd} failed: ${res.stderr}`);
  return { ms, stdout: res.stdout };
}

function runWafGate(
  path: string,
  mode: AnalysisMode,
  outDir: string,
): { ms: number; analyzer: AccessAnalyzer } {
  const t0 = process.hrtime.bigint();
  const parser = new FormatRecordParser(compileLogFormat(WAF_GATE_LAB_FORMAT), 'waf-gate-lab', {
    idVariable: 'http_x_waf_gate_id',
  });
  const anomalySink = mode === 'full' ? LineSink.perKey(join(outDir, 'anomalies')) : undefined;
  const analyzer = new AccessAnalyzer({ parser, mode, ...(anomalySink ? { anomalySink } : {}) });
  const splitter = new LineSplitter(analyzer.onLine, analyzer.onOverlong);
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    splitter.push(buf, n);
  }
  splitter.flush();
  closeSync(fd);
  anomalySink?.close();
  if (mode === 'full') {
    // The join's per-request work: one lookup per replayed request.
    const tJoin = process.hrtime.bigint();
    let joined = 0;
    for (let i = 0; i < LINES; i += 1) if (analyzer.find(idOf(i)) >= 0) joined += 1;
    if (joined !== LINES) throw new Error(`join found ${joined} of ${LINES}`);
    joinMs = Math.min(joinMs, Number(process.hrtime.bigint() - tJoin) / 1e6);
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, analyzer };
}

function cpuBusy(): { busy: number; total: number } {
  const f = spawnSync('head', ['-1', '/proc/stat'], { encoding: 'utf8' })
    .stdout.trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

async function samplerOverhead(): Promise<{ pct: number; members: number; samples: number }> {
  const children: ChildProcess[] = [];
  const marker = '3599.987';
  try {
    for (let i = 0; i < 64; i += 1) children.push(spawn('sleep', [marker], { stdio: 'ignore' }));
    await new Promise((r) => setTimeout(r, 300));
    const sampler = new ProcSampler([
      { name: 'sleepers', match: { kind: 'prefix', pattern: `sleep ${marker}` } },
    ]);
    let cpuUs = 0;
    const t0 = Date.now();
    for (let s = 0; s <= SAMPLER_S; s += 1) {
      const before = process.cpuUsage();
      sampler.sample();
      const d = process.cpuUsage(before);
      cpuUs += d.user + d.system;
      if (s < SAMPLER_S) await new Promise((r) => setTimeout(r, 1000));
    }
    const wallMs = Date.now() - t0;
    const last = sampler.groupSamples[sampler.groupSamples.length - 1];
    return {
      pct: (cpuUs / 1000 / wallMs) * 100,
      members: last?.members ?? 0,
      samples: sampler.groupSamples.length,
    };
  } finally {
    for (const c of children) c.kill('SIGKILL');
  }
}

function parseAwk(stdout: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of stdout.trim().split('\n')) {
    const [host, status, count] = l.split(' ');
    m.set(`${host!.replace(/^host=/, '')} ${status}`, Number(count));
  }
  return m;
}

const dir = await mkdtemp(join(tmpdir(), 'waf-gate-bench-logparse-'));
try {
  const file = join(dir, 'access.log');
  const load0 = loadavg();
  const cpu0 = cpuBusy();
  const bytes = generate(file);
  await readFile(file).then((b) => b.length); // warm the page cache
  console.log(
    `file: ${LINES} lines, ${(bytes / 1e6).toFixed(0)} MB (${(bytes / LINES).toFixed(0)} bytes/line), rounds: ${ROUNDS} (best of each)`,
  );
  const awkProgram = '{c[$(NF-5)" "$9]++} END {for (k in c) print k, c[k]}';
  const tools: Array<[string, () => number]> = [];
  let mawkOut = '';
  tools.push([
    'mawk count',
    () => {
      const r = timeCommand('mawk', [awkProgram, file]);
      mawkOut = r.stdout;
      return r.ms;
    },
  ]);
  if (has('gawk')) tools.push(['gawk count', () => timeCommand('gawk', [awkProgram, file]).ms]);
  let counted: AccessAnalyzer | undefined;
  tools.push([
    'waf-gate count',
    () => {
      const r = runWafGate(file, 'count', dir);
      counted = r.analyzer;
      return r.ms;
    },
  ]);
  let fullRound = 0;
  tools.push([
    'waf-gate full',
    () => {
      // A fresh output directory per round, as a collect run has: not timing the truncation of the
      // previous round's anomaly files.
      const out = join(dir, `full-${fullRound++}`);
      const ms = runWafGate(file, 'full', out).ms;
      rmSync(out, { recursive: true, force: true });
      return ms;
    },
  ]);
  if (has('goaccess'))
    tools.push([
      'goaccess json',
      () => timeCommand('goaccess', [file, '--log-format=COMBINED', '-o', join(dir, 'ga.json')]).ms,
    ]);
  else console.log('goaccess: not installed (skipped)');
  const best = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, fn] of tools) {
      const ms = fn();
      best.set(name, Math.min(best.get(name) ?? Infinity, ms));
    }
  }
  // Same answer as mawk?
  const ours = counted!.statusCounts();
  const theirs = parseAwk(mawkOut);
  let agree = true;
  for (const [host, row] of Object.entries(ours))
    for (const [s, c] of Object.entries(row)) if (theirs.get(`${host} ${s}`) !== c) agree = false;
  if (theirs.size !== Object.values(ours).reduce((a, r) => a + Object.keys(r).length, 0))
    agree = false;
  console.log(`counts identical to mawk: ${agree}`);
  const rate = (name: string): number => LINES / (best.get(name)! / 1000);
  const mawk = rate('mawk count');
  for (const [name] of tools) {
    console.log(
      `${name.padEnd(16)} ${(best.get(name)! / 1000).toFixed(3)} s  ${(rate(name) / 1e6).toFixed(2)} M lines/s  ratio vs mawk ${(rate(name) / mawk).toFixed(2)}`,
    );
  }
  console.log(
    `  (waf-gate full includes ${LINES} join lookups: best ${(joinMs / 1000).toFixed(3)} s; scan + anomaly rule + id index alone ${((best.get('waf-gate full')! - joinMs) / 1000).toFixed(3)} s = ${(LINES / ((best.get('waf-gate full')! - joinMs) / 1000) / mawk).toFixed(2)} x mawk)`,
  );
  const sampler = await samplerOverhead();
  console.log(
    `sampler: ${sampler.members} processes in the group, ${sampler.samples} samples at 1 s, CPU ${sampler.pct.toFixed(3)} % of one core`,
  );
  const cpu1 = cpuBusy();
  const load1 = loadavg();
  console.log(
    `machine load: loadavg ${load0.map((x) => x.toFixed(2)).join(' ')} -> ${load1.map((x) => x.toFixed(2)).join(' ')}; all-core busy ${(((cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total)) * 100).toFixed(0)} % during the bench (2 cores, shared)`,
  );
  console.log(`sampler_cpu_pct_of_core=${sampler.pct.toFixed(3)}`);
  console.log(`count_ratio_vs_mawk=${(rate('waf-gate count') / mawk).toFixed(2)}`);
  console.log(`full_ratio_vs_mawk=${(rate('waf-gate full') / mawk).toFixed(2)}`);
  if (!agree) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
