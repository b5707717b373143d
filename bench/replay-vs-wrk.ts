// Benchmark (a script, not a test): waf-gate replay vs wrk -t1, side by side in one run.
//   flock /tmp/waf-gate-bench.lock node --import tsx bench/replay-vs-wrk.ts [--quick] [--no-lab]
// Shapes against a private nginx origin on 127.0.0.1 (bench/origin-nginx.ts, 1 worker): response of
// 148 B, 4 KiB and 64 KiB body × 50, 200 and 1,000 connections × who ends the connection:
//   keepalive  both keep connections open (wrk -t1 vs a keep-alive corpus);
//   server     the request says `Connection: close` (wrk -H 'Connection: close' vs such a corpus);
//   newconn    a new connection per request with captured keep-alive requests, the client closes
//              (wrk -H 'Connection: close' vs a keep-alive corpus with --keep-alive false).
// wrk and waf-gate alternate (wrk, ours, wrk, ours …) for ROUNDS rounds per shape; every run is
// printed with the load average, then the median and min–max of each tool and the ratio of the
// medians. Then `--workers 2` vs 1 against a 2-worker origin, and the generators' CPU per request
// while driving the lab WAF (nginx + ModSecurity + CRS PL1, src/lab). --quick: fewer shapes, shorter
// runs. BENCH_RUN_S / BENCH_ROUNDS override the run length and the round count. The machine's
// quietness is checked before (load average ≤ 0.5, no other process above 10 % of a core), during
// every run (CPU used by processes other than the bench's own wrk, replay and nginx, from /proc: the
// load average would count the bench itself) and after (busy processes); a warning says when the
// figures are not from a quiet machine. The last lines are key=value medians.
// Every run is bounded in time (hard kill) and all traffic goes to 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src/common/logger.ts';
import { labDown, labUp } from '../src/lab/lab.ts';
import {
  loadAverage,
  othersCpuMeter,
  quietnessWarnings,
  runBounded,
  softirqThreads,
  summary,
} from './bench-machine.ts';
import { ORIGIN_PATHS, startOrigin, type Origin } from './origin-nginx.ts';

const QUICK = process.argv.includes('--quick');
const LAB = !process.argv.includes('--no-lab');
const RUN_S = Number(process.env.BENCH_RUN_S ?? (QUICK ? 3 : 5));
const ROUNDS = Math.max(1, Math.round(Number(process.env.BENCH_ROUNDS ?? 3)));
const LAB_S = QUICK ? 5 : 10;
type Size = keyof typeof ORIGIN_PATHS;
type Closer = 'keepalive' | 'server' | 'newconn';
const SIZES: Size[] = QUICK ? ['148B', '4KiB'] : ['148B', '4KiB', '64KiB'];
const CONNS = QUICK ? [50] : [50, 200, 1000];
const CLOSERS: Closer[] = ['keepalive', 'server', 'newconn'];
const HEADERS = ['Host: app.test', 'Accept: */*', 'User-Agent: waf-gate-bench/1.0'];
const CLK_TCK = Number(
  spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100,
);
const load1 = (): string => loadAverage().split(' ')[0] ?? '?';
/** Above this many cores used by other processes during a run, the run is flagged as disturbed. */
const OTHERS_MAX_CORES = 0.15;
/**
 * Pids whose process trees are the bench's own: itself, the origins, the lab's nginx, and the
 * kernel's softirq threads (which carry part of the bench's loopback traffic under load).
 */
const ownRoots: number[] = [process.pid, ...softirqThreads()];
const othersPerRun: number[] = [];

/** Runs `fn` and says how much CPU other processes used meanwhile (a line suffix). */
async function metered<T>(fn: () => Promise<T>): Promise<{ value: T; note: string }> {
  const meter = othersCpuMeter(() => ownRoots, CLK_TCK);
  const value = await fn();
  const others = meter();
  othersPerRun.push(others);
  const flag = others > OTHERS_MAX_CORES ? ' DISTURBED' : '';
  return { value, note: `others ${others.toFixed(2)} cores${flag}, load ${load1()}` };
}

interface RunResult {
  rps: number;
  requests: number;
  errors: number;
  cpuTicks: number;
  /** waf-gate only: the uncounted warm-up run before it (see replay-vs-wrk-runner.ts). */
  warmup?: { requests: number; cpuTicks: number };
}

async function wrk(
  url: string,
  conns: number,
  close: boolean,
  seconds: number,
): Promise<RunResult> {
  const headers = close ? [...HEADERS, 'Connection: close'] : HEADERS;
  const args = ['-t1', `-c${conns}`, `-d${seconds}s`, ...headers.flatMap((h) => ['-H', h]), url];
  const r = await runBounded('wrk', args, (seconds + 20) * 1000);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(
    r.stdout,
  );
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)?.[1] ?? NaN),
    requests: Number(/(\d+) requests in/.exec(r.stdout)?.[1] ?? NaN),
    errors: errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    cpuTicks: r.cpuTicks,
  };
}

async function wafGate(
  url: string,
  corpus: string,
  conns: number,
  keepAlive: boolean,
  seconds: number,
  outDir: string,
  workers = 1,
): Promise<RunResult> {
  const options = {
    target: url,
    corpus,
    mode: 'pressure',
    connections: String(conns),
    duration: `${seconds}s`,
    'keep-alive': String(keepAlive),
    workers: String(workers),
    'out-dir': outDir,
    'progress-interval': '0',
  };
  const r = await runBounded(
    process.execPath,
    ['--import', 'tsx', 'bench/replay-vs-wrk-runner.ts', JSON.stringify(options)],
    (seconds + 60) * 1000,
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const j = JSON.parse(line) as {
      rps: number;
      completed: number;
      errors: number;
      cpuTicks: number;
      warmupCpuTicks: number;
      warmupRequests: number;
    };
    return {
      rps: j.rps,
      requests: j.completed + j.errors,
      errors: j.errors,
      cpuTicks: j.cpuTicks,
      warmup: { requests: j.warmupRequests, cpuTicks: j.warmupCpuTicks },
    };
  } catch {
    throw new Error(`waf-gate runner failed: ${r.stderr.slice(-500)}`);
  }
}

const fmt = (xs: number[], digits = 0): string => {
  const s = summary(xs);
  return `median ${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
};
const ratio = (a: number, b: number): string =>
  Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(3) : 'nan';
const keys: string[] = [];

const dir = await mkdtemp(join(tmpdir(), 'waf-gate-bench-'));
let origin: Origin | null = null;
let origin2: Origin | null = null;
let labDir: string | null = null;
try {
  if (spawnSync('wrk', ['-v']).error !== undefined)
    throw new Error('wrk is missing; install it: apt-get install wrk');
  const before = await quietnessWarnings(CLK_TCK);
  console.log(`load average before: ${loadAverage()} (${before.length ? 'NOT quiet' : 'quiet'})`);
  for (const w of before) console.log(`WARNING: ${w}; treat the ratios as indicative`);
  origin = await startOrigin(join(dir, 'origin'));
  if (origin.pid !== null) ownRoots.push(origin.pid);
  const corpora = new Map<string, string>();
  for (const size of SIZES)
    for (const close of [false, true]) {
      const file = join(dir, `${size}-${close ? 'close' : 'ka'}.txt`);
      const extra = close ? 'Connection: close\r\n' : '';
      await writeFile(
        file,
        `GET ${ORIGIN_PATHS[size]} HTTP/1.1\r\n${HEADERS.join('\r\n')}\r\n${extra}\r\n`,
      );
      corpora.set(`${size}-${close}`, file);
    }
  console.log(
    `origin nginx on ${origin.url}; ${SIZES.length * CONNS.length * CLOSERS.length} shapes, ${RUN_S} s per run, ${ROUNDS} alternating rounds (wrk, waf-gate, …)`,
  );
  let runNo = 0;
  const headline = new Map<Closer, string>();
  for (const closer of CLOSERS)
    for (const size of SIZES)
      for (const conns of CONNS) {
        const shape = `${closer} ${size} c${conns}`;
        const url = `${origin.url}${ORIGIN_PATHS[size]}`;
        const wrkRps: number[] = [];
        const ourRps: number[] = [];
        for (let round = 1; round <= ROUNDS; round++) {
          const { value: w, note: wNote } = await metered(() =>
            wrk(url, conns, closer !== 'keepalive', RUN_S),
          );
          wrkRps.push(w.rps);
          console.log(
            `${shape.padEnd(22)} wrk -t1   ${w.rps.toFixed(0).padStart(7)} req/s  ${w.errors} errors  (round ${round}, ${wNote})`,
          );
          const corpus = corpora.get(`${size}-${closer === 'server'}`)!;
          const { value: g, note: gNote } = await metered(() =>
            wafGate(
              origin!.url,
              corpus,
              conns,
              closer === 'keepalive',
              RUN_S,
              join(dir, `out-${runNo++}`),
            ),
          );
          ourRps.push(g.rps);
          console.log(
            `${shape.padEnd(22)} waf-gate  ${g.rps.toFixed(0).padStart(7)} req/s  ${g.errors} errors  (round ${round}, ${gNote})`,
          );
        }
        const r = ratio(summary(ourRps).median, summary(wrkRps).median);
        console.log(
          `${shape.padEnd(22)} wrk ${fmt(wrkRps)}, waf-gate ${fmt(ourRps)} req/s → ratio ${r}`,
        );
        keys.push(`ratio_${closer}_${size}_c${conns}=${r}`);
        if (size === '148B' && conns === 50) headline.set(closer, r);
      }

  // --workers 2 vs 1 on 2 cores against a 2-worker origin (keep-alive, 148 B, 50 connections).
  origin2 = await startOrigin(join(dir, 'origin2'), 2);
  if (origin2.pid !== null) ownRoots.push(origin2.pid);
  const one: number[] = [];
  const two: number[] = [];
  for (let round = 1; round <= ROUNDS; round++)
    for (const workers of [1, 2]) {
      const { value: g, note } = await metered(() =>
        wafGate(
          origin2!.url,
          corpora.get('148B-false')!,
          50,
          true,
          RUN_S,
          join(dir, `out-${runNo++}`),
          workers,
        ),
      );
      (workers === 1 ? one : two).push(g.rps);
      console.log(
        `workers ${workers} (2-worker origin)  ${g.rps.toFixed(0).padStart(7)} req/s  (round ${round}, ${note})`,
      );
    }
  const speedup = ratio(summary(two).median, summary(one).median);
  console.log(`workers 1 ${fmt(one)}, workers 2 ${fmt(two)} req/s → speed-up ${speedup}`);

  // Generator CPU per request while driving the lab WAF (the WAF is the limit; both share the cores).
  const cpu = { wrk: [] as number[], ours: [] as number[] };
  if (LAB) {
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
    ownRoots.push(lab.origin.masterPid, ...lab.wafs.map((w) => w.masterPid));
    const wafUrl = `http://${waf.host}:${waf.port}`;
    for (let round = 1; round <= ROUNDS; round++) {
      const { value: w, note: wNote } = await metered(() => wrk(`${wafUrl}/`, 50, false, LAB_S));
      const wUs = (w.cpuTicks * 1e6) / CLK_TCK / w.requests;
      cpu.wrk.push(wUs);
      console.log(
        `lab WAF  wrk -t1   ${w.rps.toFixed(0)} req/s, generator CPU ${wUs.toFixed(1)} µs/request (round ${round}, ${wNote})`,
      );
      const { value: g, note: gNote } = await metered(() =>
        wafGate(wafUrl, corpora.get('148B-false')!, 50, true, LAB_S, join(dir, `out-${runNo++}`)),
      );
      const gUs = (g.cpuTicks * 1e6) / CLK_TCK / Math.max(1, g.requests);
      cpu.ours.push(gUs);
      console.log(
        `lab WAF  waf-gate  ${g.rps.toFixed(0)} req/s, generator CPU ${gUs.toFixed(1)} µs/request (round ${round}, ${gNote}, ${g.errors} errors; uncounted warm-up before it: ${g.warmup?.requests ?? 0} requests, ${(((g.warmup?.cpuTicks ?? 0) * 1000) / CLK_TCK).toFixed(0)} ms CPU)`,
      );
    }
    console.log(
      `lab WAF generator CPU µs/request: wrk ${fmt(cpu.wrk, 1)}, waf-gate ${fmt(cpu.ours, 1)}`,
    );
  }

  // The load average now still holds the bench's own runs: only other processes count after.
  const after = await quietnessWarnings(CLK_TCK, 1000, false);
  console.log(
    `load average after: ${loadAverage()} (includes the bench itself); other processes ${after.length ? 'busy' : 'quiet'}`,
  );
  for (const w of after) console.log(`WARNING: ${w}; treat the ratios as indicative`);
  const disturbed = othersPerRun.filter((c) => !(c <= OTHERS_MAX_CORES)).length;
  const others = summary(othersPerRun);
  console.log(
    `other processes during the runs: ${fmt(othersPerRun, 2)} cores; ${disturbed} of ${othersPerRun.length} runs above ${OTHERS_MAX_CORES}`,
  );
  if (disturbed > 0)
    console.log(
      `WARNING: other processes used more than ${OTHERS_MAX_CORES} of a core during ${disturbed} run(s) (marked DISTURBED); treat the ratios as indicative`,
    );
  console.log(`machine_quiet=${before.length + after.length + disturbed === 0 ? 1 : 0}`);
  console.log(`others_cpu_cores_median=${others.median.toFixed(2)}`);
  console.log(`others_cpu_cores_max=${others.max.toFixed(2)}`);
  for (const k of keys) console.log(k);
  console.log(`keepalive_ratio_vs_wrk=${headline.get('keepalive') ?? 'nan'}`);
  console.log(`close_ratio_vs_wrk=${headline.get('server') ?? 'nan'}`);
  console.log(`newconn_ratio_vs_wrk=${headline.get('newconn') ?? 'nan'}`);
  console.log(`workers2_speedup=${speedup}`);
  if (LAB) {
    const ours = summary(cpu.ours).median;
    const theirs = summary(cpu.wrk).median;
    console.log(`waf_generator_cpu_us_per_req=${ours.toFixed(1)}`);
    console.log(`wrk_waf_cpu_us_per_req=${theirs.toFixed(1)}`);
    console.log(`waf_cpu_ratio_vs_wrk=${ratio(ours, theirs)}`);
  }
} finally {
  if (labDir) await labDown(labDir, silentLogger).catch(() => undefined);
  await origin?.stop();
  await origin2?.stop();
  await rm(dir, { recursive: true, force: true });
}
