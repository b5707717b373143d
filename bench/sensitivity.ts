// Sensitivity of the performance gate (issue 12, item 4): how often does a fresh A/B run on the lab
// flag a candidate that is k % more expensive per request, and how often does it flag anything when
// both builds are the same (A/A)? Not a test: it prints rates, it asserts nothing.
//
//   flock /tmp/waf-gate-bench.lock npx tsx bench/sensitivity.ts [--runs N] [--rounds R]
//     [--duration-ms D] [--connections C] [--levels 5,10,20] [--calibration-rules N0] [--keep]
//
// Each run is what `waf-gate demo` does (one lab WAF, builds installed by install-waf before every
// switch, pressure rounds B A, A B, …, exact CPU per request, the default policy), without the quality
// passes. The candidate is the lab's PL1 build plus N "extra regex rules" (the slowed build of
// test/pipeline/gate-lab.test.ts); N for +k % comes from a calibration run with N0 rules (the cost is
// linear in N), and the measured Δ of every run is printed, so the calibration is checked, not assumed.
// Defaults are small (a smoke run); the real measurement is e.g. --runs 20 on a quiet machine.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareRuns, defaultPolicy, type Comparison } from '../src/compare/index.ts';
import { silentLogger } from '../src/common/logger.ts';
import { rawInputsFrom } from '../src/install/options.ts';
import {
  labDown,
  labInstallInputs,
  labUp,
  writeLabBuild,
  type LabBuildSpec,
  type LabState,
} from '../src/lab/index.ts';
import { freshAbInstalls, runFreshAb } from '../src/pipeline/index.ts';
import { loadAverage, quietnessWarnings, summary } from './bench-machine.ts';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`--${name} must be a positive number, got ${process.argv[at + 1]}\n`);
    process.exitCode = 2;
    throw new Error('bad argument');
  }
  return value;
}

const RUNS = Math.round(arg('runs', 2));
const ROUNDS = Math.round(arg('rounds', 5));
const DURATION_MS = Math.round(arg('duration-ms', 2000));
const CONNECTIONS = Math.round(arg('connections', 16));
const CALIBRATION_RULES = Math.round(arg('calibration-rules', 150));
/** Keep each run's folder (printed) to look at its rounds. */
const KEEP = process.argv.includes('--keep');
const levelsAt = process.argv.indexOf('--levels');
const LEVELS = (levelsAt >= 0 ? process.argv[levelsAt + 1]! : '5,10,20')
  .split(',')
  .map(Number)
  .filter((k) => Number.isFinite(k) && k > 0);

/** `n` regex rules with transformations on every request (cost linear in n). */
function expensiveRules(n: number): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `SecRule REQUEST_HEADERS|ARGS|REQUEST_URI "@rx (?:a|b|c|d)+[0-9]{3,}z${i}" ` +
      `"id:${990000 + i},phase:2,pass,nolog,t:none,t:urlDecodeUni,t:htmlEntityDecode,t:lowercase,t:removeWhitespace"`,
  ).join('\n');
}

let builds = 0;
/** A PL1 build with `rules` extra rules (0: plain PL1), under a version of its own. */
function build(rules: number): LabBuildSpec {
  builds += 1;
  return {
    name: `b${builds}`,
    version: `lab-crs-pl1${rules > 0 ? `-x${rules}` : ''}-${builds}`,
    paranoiaLevel: 1,
    ...(rules > 0 ? { extraRules: expensiveRules(rules) } : {}),
  };
}

/** One fresh A/B run on the lab's WAF: baseline PL1, candidate PL1 + `rules` extra rules. */
async function abRun(lab: LabState, labDir: string, rules: number): Promise<Comparison> {
  const waf = lab.wafs[0]!;
  const out = await mkdtemp(join(tmpdir(), 'waf-gate-sensitivity-run-'));
  try {
    const packagesDir = join(out, 'packages');
    const baselinePackage = await writeLabBuild(packagesDir, build(0));
    const candidatePackage = await writeLabBuild(packagesDir, build(rules));
    const runId = `sens-${Date.now().toString(36)}`;
    const installs = await freshAbInstalls(
      { package: candidatePackage, baselinePackage, leaveOn: 'candidate' },
      rawInputsFrom({
        ...labInstallInputs(lab, waf, {
          stateFile: join(labDir, 'install-state.json'),
          lockFile: join(labDir, 'install-lock.json'),
        }),
        'run-id': runId,
      }),
    );
    await runFreshAb(
      {
        address: { host: waf.host, port: waf.port, tls: false },
        accessLog: waf.accessLog,
        errorLog: waf.errorLog,
        logFormat: 'waf-gate-lab',
        masterPidFile: waf.pidFile,
      },
      {
        outDir: join(out, 'runs'),
        runId,
        corpus: [{ pattern: join(import.meta.dirname, '..', 'corpus', 'demo') }],
        domains: lab.domains,
        quality: false,
        rounds: ROUNDS,
        pressure: {
          domain: lab.domains[0]!,
          connections: CONNECTIONS,
          durationMs: DURATION_MS,
          keepAlive: true,
        },
      },
      installs,
      { logger: silentLogger, restoreAtEnd: true },
    );
    return await compareRuns(
      join(out, 'runs', 'baseline'),
      join(out, 'runs', 'candidate'),
      defaultPolicy(),
    );
  } finally {
    if (KEEP) process.stdout.write(`(kept ${out})\n`);
    else await rm(out, { recursive: true, force: true });
  }
}

const pct = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x)
    ? 'n/a'
    : `${x >= 0 ? '+' : ''}${x.toFixed(1)} %`;

/** One line per run: every metric's Δ, CI, p, MDC and whether it was flagged. */
function describeRun(name: string, i: number, cmp: Comparison): string {
  const p = cmp.performance!;
  const parts = p.metrics
    .filter((m) => m.thresholdPct !== null)
    .map(
      (m) =>
        `${m.id}${m.source ? `(${m.source})` : ''} Δ ${pct(m.deltaPct)} [${pct(m.ci?.lowPct)} … ${pct(m.ci?.highPct)}] p=${m.pValue?.toFixed(3) ?? 'n/a'} MDC ±${m.mdcPct?.toFixed(1) ?? 'n/a'} %${m.regression ? ' REGRESSION' : ''}${m.improvement ? ' improvement' : ''}${m.unknown ? ` unknown (${m.unknown})` : ''}`,
    );
  return `${name} run ${i + 1}: ${parts.join('; ')}`;
}

interface Tally {
  runs: number;
  flagged: Map<string, number>;
  anyFlagged: number;
  cpuDeltas: number[];
  cpuMdc: number[];
}

function tally(results: Comparison[]): Tally {
  const t: Tally = {
    runs: results.length,
    flagged: new Map(),
    anyFlagged: 0,
    cpuDeltas: [],
    cpuMdc: [],
  };
  for (const cmp of results) {
    const metrics = cmp.performance?.metrics ?? [];
    for (const m of metrics) if (m.regression) t.flagged.set(m.id, (t.flagged.get(m.id) ?? 0) + 1);
    if (metrics.some((m) => m.regression)) t.anyFlagged += 1;
    const cpu = metrics.find((m) => m.id === 'cpuMsPerRequest');
    if (cpu?.deltaPct !== null && cpu?.deltaPct !== undefined) t.cpuDeltas.push(cpu.deltaPct);
    if (cpu?.mdcPct !== null && cpu?.mdcPct !== undefined) t.cpuMdc.push(cpu.mdcPct);
  }
  return t;
}

const rate = (n: number, of: number): string => (of === 0 ? 'n/a' : (n / of).toFixed(2));
const range = (xs: number[]): string => {
  const s = summary(xs);
  return `${pct(s.median)} (${pct(s.min)} … ${pct(s.max)})`;
};

const startedAt = performance.now();
const warnings = await quietnessWarnings(100);
process.stdout.write(
  `sensitivity: ${RUNS} run(s) per case, ${ROUNDS}+${ROUNDS} rounds of ${DURATION_MS} ms, ${CONNECTIONS} connections, levels ${LEVELS.join('/')} %; ${cpus().length} cores, load ${loadAverage()}\n`,
);
for (const w of warnings)
  process.stdout.write(`WARNING: ${w} (rates measured now are not the machine's)\n`);

const labDir = await mkdtemp(join(tmpdir(), 'waf-gate-sensitivity-lab-'));
let lab: LabState | undefined;
try {
  lab = await labUp(
    { dir: labDir, wafs: [{ name: 'waf', paranoiaLevel: 1, workers: 1 }] },
    silentLogger,
  );
  // Calibration: the cost of N0 extra rules, measured with exact CPU per request.
  const calibration = await abRun(lab, labDir, CALIBRATION_RULES);
  const calCpu = calibration.performance!.metrics.find((m) => m.id === 'cpuMsPerRequest')!;
  process.stdout.write(`${describeRun('calibration', 0, calibration)}\n`);
  const perRulePct = (calCpu.deltaPct ?? NaN) / CALIBRATION_RULES;
  if (!(perRulePct > 0))
    throw new Error(
      `calibration gave ${pct(calCpu.deltaPct)} for ${CALIBRATION_RULES} rules: cannot scale`,
    );
  const rulesFor = new Map(LEVELS.map((k) => [k, Math.max(1, Math.round(k / perRulePct))]));
  process.stdout.write(
    `calibration: ${CALIBRATION_RULES} rules → ${pct(calCpu.deltaPct)} CPU per request (baseline ${calCpu.baselineMedian.toFixed(3)} ms); ${[...rulesFor].map(([k, n]) => `+${k} % ≈ ${n} rules`).join(', ')}\n`,
  );
  const byLevel = new Map<number, Comparison[]>();
  const aa: Comparison[] = [];
  // Cases interleaved run by run, so a change of the machine's load hits every case alike.
  for (let i = 0; i < RUNS; i += 1) {
    for (const k of LEVELS) {
      const cmp = await abRun(lab, labDir, rulesFor.get(k)!);
      process.stdout.write(`${describeRun(`+${k} %`, i, cmp)}\n`);
      byLevel.set(k, [...(byLevel.get(k) ?? []), cmp]);
    }
    const cmp = await abRun(lab, labDir, 0);
    process.stdout.write(`${describeRun('A/A', i, cmp)}\n`);
    aa.push(cmp);
  }
  process.stdout.write(
    '\ncase      runs  CPU/request Δ median (min … max)  CPU MDC median  detected (CPU)  any metric flagged\n',
  );
  const lines: string[] = [];
  for (const k of LEVELS) {
    const t = tally(byLevel.get(k) ?? []);
    process.stdout.write(
      `+${k} %`.padEnd(10) +
        String(t.runs).padEnd(6) +
        range(t.cpuDeltas).padEnd(34) +
        `±${summary(t.cpuMdc).median.toFixed(1)} %`.padEnd(16) +
        rate(t.flagged.get('cpuMsPerRequest') ?? 0, t.runs).padEnd(16) +
        rate(t.anyFlagged, t.runs) +
        '\n',
    );
    lines.push(`detect_${k}pct_cpu=${rate(t.flagged.get('cpuMsPerRequest') ?? 0, t.runs)}`);
    lines.push(`measured_${k}pct_cpu_delta=${summary(t.cpuDeltas).median.toFixed(1)}`);
  }
  const a = tally(aa);
  process.stdout.write(
    'A/A'.padEnd(10) +
      String(a.runs).padEnd(6) +
      range(a.cpuDeltas).padEnd(34) +
      `±${summary(a.cpuMdc).median.toFixed(1)} %`.padEnd(16) +
      rate(a.flagged.get('cpuMsPerRequest') ?? 0, a.runs).padEnd(16) +
      rate(a.anyFlagged, a.runs) +
      '\n',
  );
  const metricIds = [...new Set(aa.flatMap((c) => c.performance?.metrics.map((m) => m.id) ?? []))];
  process.stdout.write(
    `A/A false alarms per metric: ${metricIds.map((id) => `${id} ${rate(a.flagged.get(id) ?? 0, a.runs)}`).join(', ')}\n`,
  );
  if (!LEVELS.includes(10)) lines.push('detect_10pct_cpu=n/a');
  lines.push(`aa_false_alarm=${rate(a.anyFlagged, a.runs)}`);
  lines.push(`aa_false_alarm_cpu=${rate(a.flagged.get('cpuMsPerRequest') ?? 0, a.runs)}`);
  lines.push(`cpu_mdc_aa_median=${summary(a.cpuMdc).median.toFixed(1)}`);
  const elapsedS = (performance.now() - startedAt) / 1000;
  const abRuns = 1 + RUNS * (LEVELS.length + 1);
  lines.push(`elapsed_s=${elapsedS.toFixed(0)}`);
  lines.push(`seconds_per_ab_run=${(elapsedS / abRuns).toFixed(1)}`);
  lines.push(`load_after=${loadAverage().replace(/ /g, '/')}`);
  process.stdout.write(`\n${lines.join('\n')}\n`);
} finally {
  if (lab) await labDown(labDir, silentLogger).catch(() => undefined);
  await rm(labDir, { recursive: true, force: true });
}
