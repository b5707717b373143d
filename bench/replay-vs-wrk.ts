// Benchmark (a script, not a test): waf-gate replay vs wrk -t1 and autocannon, side by side in one run.
//   node --import tsx bench/replay-vs-wrk.ts            (BENCH_DURATION_S=10 by default, 50 connections)
// 1. A private nginx origin (`return 200`, access_log off, 1 worker) on a free loopback port:
//    keep-alive (wrk, autocannon, waf-gate) and Connection: close (wrk, waf-gate).
// 2. A lab WAF (nginx + ModSecurity + CRS PL1, via src/lab): generator CPU µs per request for wrk and
//    waf-gate, read from /proc/<pid>/stat.
// wrk and waf-gate alternate in BENCH_ROUNDS rounds (default 2; A B A B), so load from other work on
// the machine drifts over both alike. Against the origin the rounds split the duration and rates are
// the mean over rounds; against the WAF each round runs the full duration (CPU per request includes a
// process's fixed start-up work, which a shorter run would inflate) and CPU per request is total CPU
// over total requests.
// Last lines: key=value, machine-readable. Everything is bounded in time and cleaned up.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src/common/logger.ts';
import { labDown, labUp } from '../src/lab/lab.ts';
import { startOrigin, type Origin } from './origin-nginx.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const ROUNDS = Math.max(1, Math.round(Number(process.env.BENCH_ROUNDS ?? 2)));
const ROUND_S = Math.max(1, Math.round(DURATION_S / ROUNDS));
const CONNECTIONS = 50;
const HEADERS = ['Host: app.test', 'Accept: */*', 'User-Agent: waf-gate-bench/1.0'];
const CLK_TCK = Number(
  spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100,
);

function ensureWrk(): void {
  if (spawnSync('wrk', ['-v']).error === undefined) return;
  if (process.getuid?.() !== 0) throw new Error('wrk is missing; install it: apt-get install wrk');
  console.log('installing wrk (apt-get install wrk)…');
  spawnSync('apt-get', ['install', '-y', 'wrk'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    timeout: 300_000,
  });
}

function cpuTicksOf(pid: number): number | null {
  try {
    const stat = spawnSync('cat', [`/proc/${pid}/stat`], { encoding: 'utf8' }).stdout;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** Runs a program with a hard time limit; samples its CPU ticks while it runs. */
async function run(
  cmd: string,
  args: string[],
  limitMs: number,
): Promise<{ stdout: string; stderr: string; cpuTicks: number }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let ticks = 0;
  const sampler = setInterval(() => {
    const t = child.pid ? cpuTicksOf(child.pid) : null;
    if (t !== null && Number.isFinite(t)) ticks = t;
  }, 100);
  const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  await new Promise<void>((r) => child.on('close', () => r()));
  clearInterval(sampler);
  clearTimeout(killer);
  return { stdout, stderr, cpuTicks: ticks };
}

function wrkArgs(url: string, close: boolean, seconds: number): string[] {
  const headers = close ? [...HEADERS, 'Connection: close'] : HEADERS;
  return ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, ...headers.flatMap((h) => ['-H', h]), url];
}

async function wrk(
  url: string,
  close = false,
  seconds = ROUND_S,
): Promise<{ rps: number; requests: number; cpuTicks: number }> {
  const r = await run('wrk', wrkArgs(url, close, seconds), (seconds + 20) * 1000);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1] ?? NaN);
  const requests = Number(/(\d+) requests in/.exec(r.stdout)?.[1] ?? NaN);
  return { rps, requests, cpuTicks: r.cpuTicks };
}

async function autocannon(url: string): Promise<number> {
  const bin = join(process.cwd(), 'node_modules', '.bin', 'autocannon');
  const r = await run(
    bin,
    [
      '-c',
      String(CONNECTIONS),
      '-d',
      String(DURATION_S),
      ...HEADERS.flatMap((h) => ['-H', h.replace(': ', '=')]),
      '--json',
      url,
    ],
    (DURATION_S + 30) * 1000,
  );
  try {
    return (JSON.parse(r.stdout) as { requests: { average: number } }).requests.average;
  } catch {
    return NaN;
  }
}

async function wafGate(
  url: string,
  corpus: string,
  outDir: string,
  close = false,
  seconds = ROUND_S,
): Promise<{ rps: number; completed: number; errors: number; cpuTicks: number }> {
  const options = {
    target: url,
    corpus,
    mode: 'pressure',
    connections: String(CONNECTIONS),
    duration: `${seconds}s`,
    'keep-alive': String(!close),
    'out-dir': outDir,
    'progress-interval': '0',
  };
  const r = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/replay-vs-wrk-runner.ts', JSON.stringify(options)],
    (seconds + 60) * 1000,
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as { rps: number; completed: number; errors: number; cpuTicks: number };
  } catch {
    throw new Error(`waf-gate runner failed: ${r.stderr.slice(-500)}`);
  }
}

type Rates = number[];
const mean = (xs: Rates): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const ratio = (a: number, b: number): string =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(3) : 'nan';
const load = (): string =>
  spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ').slice(0, 3).join(' ');

const dir = await mkdtemp(join(tmpdir(), 'waf-gate-bench-'));
let origin: Origin | null = null;
let labDir: string | null = null;
try {
  ensureWrk();
  origin = await startOrigin(join(dir, 'origin'));
  const url = `${origin.url}/`;
  const crlf = `${HEADERS.join('\r\n')}\r\n`;
  const kaCorpus = join(dir, 'keepalive.txt');
  const closeCorpus = join(dir, 'close.txt');
  await writeFile(kaCorpus, `GET / HTTP/1.1\r\n${crlf}\r\n`);
  await writeFile(closeCorpus, `GET / HTTP/1.1\r\n${crlf}Connection: close\r\n\r\n`);
  console.log(`load average before: ${load()} (2 cores shared with other work)`);
  console.log(
    `origin nginx on ${url}; ${CONNECTIONS} connections, ${DURATION_S} s per tool in ${ROUNDS} alternating round(s)`,
  );

  const wrkKa: Rates = [];
  const wgKa: Rates = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const w = await wrk(url);
    wrkKa.push(w.rps);
    console.log(`keep-alive  wrk -t1        ${w.rps.toFixed(0)} req/s (round ${round})`);
    const g = await wafGate(url.slice(0, -1), kaCorpus, join(dir, `out-ka-${round}`));
    wgKa.push(g.rps);
    console.log(
      `keep-alive  waf-gate       ${g.rps.toFixed(0)} req/s (round ${round}, ${g.errors} errors)`,
    );
  }
  const ac = await autocannon(url);
  console.log(`keep-alive  autocannon     ${ac.toFixed(0)} req/s (${DURATION_S} s)`);
  const wrkClose: Rates = [];
  const wgClose: Rates = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const w = await wrk(url, true);
    wrkClose.push(w.rps);
    console.log(`close       wrk -t1        ${w.rps.toFixed(0)} req/s (round ${round})`);
    const g = await wafGate(url.slice(0, -1), closeCorpus, join(dir, `out-close-${round}`), true);
    wgClose.push(g.rps);
    console.log(
      `close       waf-gate       ${g.rps.toFixed(0)} req/s (round ${round}, ${g.errors} errors)`,
    );
  }

  // Lab WAF: nginx + ModSecurity + CRS PL1, one worker; the WAF is the limit, both share the 2 cores.
  labDir = join(dir, 'lab');
  const lab = await labUp(
    {
      dir: labDir,
      domains: ['app.test'],
      wafs: [{ name: 'baseline', paranoiaLevel: 1, workers: 1 }],
      installPackages: false,
    },
    silentLogger,
  );
  const waf = lab.wafs[0]!;
  const wafUrl = `http://${waf.host}:${waf.port}`;
  const cpu = { wrkTicks: 0, wrkRequests: 0, wgTicks: 0, wgRequests: 0 };
  for (let round = 1; round <= ROUNDS; round++) {
    const w = await wrk(`${wafUrl}/`, false, DURATION_S);
    cpu.wrkTicks += w.cpuTicks;
    cpu.wrkRequests += w.requests;
    const wUs = (w.cpuTicks * 1e6) / CLK_TCK / w.requests;
    console.log(
      `lab WAF     wrk -t1        ${w.rps.toFixed(0)} req/s, generator CPU ${wUs.toFixed(1)} µs/request (round ${round})`,
    );
    const g = await wafGate(wafUrl, kaCorpus, join(dir, `out-waf-${round}`), false, DURATION_S);
    const n = Math.max(1, g.completed + g.errors);
    cpu.wgTicks += g.cpuTicks;
    cpu.wgRequests += n;
    const gUs = (g.cpuTicks * 1e6) / CLK_TCK / n;
    console.log(
      `lab WAF     waf-gate       ${g.rps.toFixed(0)} req/s, generator CPU ${gUs.toFixed(1)} µs/request (round ${round}, ${g.errors} errors)`,
    );
  }
  const wrkWafUs = (cpu.wrkTicks * 1e6) / CLK_TCK / cpu.wrkRequests;
  const wgWafUs = (cpu.wgTicks * 1e6) / CLK_TCK / cpu.wgRequests;
  console.log(`load average after: ${load()}`);
  console.log(
    `mean req/s: keep-alive wrk ${mean(wrkKa).toFixed(0)}, waf-gate ${mean(wgKa).toFixed(0)}; close wrk ${mean(wrkClose).toFixed(0)}, waf-gate ${mean(wgClose).toFixed(0)}`,
  );
  console.log(`keepalive_ratio_vs_wrk=${ratio(mean(wgKa), mean(wrkKa))}`);
  console.log(`close_ratio_vs_wrk=${ratio(mean(wgClose), mean(wrkClose))}`);
  console.log(`keepalive_ratio_vs_autocannon=${ratio(mean(wgKa), ac)}`);
  console.log(`waf_generator_cpu_us_per_req=${wgWafUs.toFixed(1)}`);
  console.log(`wrk_waf_cpu_us_per_req=${wrkWafUs.toFixed(1)}`);
} finally {
  if (labDir) await labDown(labDir, silentLogger).catch(() => undefined);
  await origin?.stop();
  await rm(dir, { recursive: true, force: true });
}
