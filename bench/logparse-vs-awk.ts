// Benchmark (a script, not a test): waf-gate's access-log parser vs mawk (and gawk, goaccess when
// installed) on the same file of lab-format lines, side by side in one run, warm page cache.
//   flock /tmp/waf-gate-bench.lock node --import tsx bench/logparse-vs-awk.ts [--lines N] [--rounds N] [--no-sampler] [--no-shapes]
//   (defaults: 2,000,000 lines, 3 rounds; BENCH_LINES / BENCH_ROUNDS / BENCH_SAMPLER_S work too)
// 1. count lines per (host, status): waf-gate (chunked Buffer scan) vs `mawk '{c[$(NF-6)" "$9]++}'`;
// 2. full analysis: every field of the log_format, the anomaly rule (anomaly files written), the id
//    index and one join lookup per request (the id string built per lookup with a template literal:
//    flattening it is about half of a lookup's cost; the join's ids come flat from JSON.parse) —
//    against the same mawk count run;
// 3. sampler overhead: CPU of /proc sampling at 1 s with 64 `sleep` processes in the group;
// 4. other corpus shapes (skipped with --no-shapes), count and full vs mawk the same way, same rounds:
//    `json` (the json preset, escape=json, escaped quotes and UTF-8 in the request; lines/4 lines) and
//    `wide` (22 variables, ~1.9 KB lines with long URLs in the request and referer; lines/10 lines).
//    Their ratios are printed as <shape>_count_ratio_vs_mawk / <shape>_full_ratio_vs_mawk; they have
//    no target, they show whether a speed-up holds beyond the lab format's shape.
// The tools alternate (mawk, [gawk,] waf-gate count, waf-gate full, mawk, …) for --rounds rounds (at
// least 3); every run is printed with the load average before it and the CPU other processes used
// meanwhile (from /proc, without the bench's own processes: the load average would count the bench
// itself), then each tool's median with min–max and the ratios of the medians. The machine is quiet
// when the load average before the first round is ≤ 0.5, no other process is busy before and after,
// and no run was disturbed by others (> 0.15 core); otherwise a WARNING says so. Every waf-gate run's
// (host, status) counts must equal mawk's, else the bench fails (exit code 1) naming the differences.
// The last lines are key=value: machine_quiet, others_cpu_cores_median / _max (CPU of other
// processes during the runs), counts_identical_to_mawk, the sampler overhead, and the ratios of the
// medians count_ratio_vs_mawk and full_ratio_vs_mawk.
// gawk and goaccess are optional (`apt-get install -y gawk goaccess`); goaccess needs minutes per
// round on 2 M lines.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
import { loadAverage, othersCpuMeter, quietnessWarnings, summary } from './bench-machine.ts';
import { generate, idOf, JSON_SHAPE, WIDE_SHAPE, type CorpusShape } from './logparse-corpus.ts';

/** Value of `--name N` on the command line, else the environment variable, else the default. */
function option(name: string, env: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const raw = at >= 0 ? process.argv[at + 1] : process.env[env];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} / ${env}: expected a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

const LINES = option('lines', 'BENCH_LINES', 2_000_000);
const ROUNDS = Math.max(3, option('rounds', 'BENCH_ROUNDS', 3));
const SHAPES = !process.argv.includes('--no-shapes');
const SAMPLER_S = process.argv.includes('--no-sampler')
  ? 0
  : option('sampler-seconds', 'BENCH_SAMPLER_S', 10);
const CLK_TCK = Number(
  spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim() || 100,
);
/** Above this many cores used by other processes during a run, the run is flagged as disturbed. */
const OTHERS_MAX_CORES = 0.15;

function has(tool: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool]).status === 0;
}

function timeCommand(cmd: string, args: string[]): { ms: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (res.status !== 0) throw new Error(`${cmd} failed (exit ${res.status}): ${res.stderr}`);
  return { ms, stdout: res.stdout };
}

/** One waf-gate pass over the file; `joinMs` is the part spent on the join lookups (full mode). */
function runWafGate(
  path: string,
  mode: AnalysisMode,
  outDir: string,
  logFormat = WAF_GATE_LAB_FORMAT,
  lines = LINES,
): { ms: number; joinMs: number; analyzer: AccessAnalyzer } {
  const t0 = process.hrtime.bigint();
  const parser = new FormatRecordParser(compileLogFormat(logFormat), 'bench', {
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
  let joinMs = 0;
  if (mode === 'full') {
    // The join's per-request work: one lookup per replayed request.
    const tJoin = process.hrtime.bigint();
    let joined = 0;
    for (let i = 0; i < lines; i += 1) if (analyzer.find(idOf(i)) >= 0) joined += 1;
    if (joined !== lines) throw new Error(`join found ${joined} of ${lines} ids`);
    joinMs = Number(process.hrtime.bigint() - tJoin) / 1e6;
  }
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, joinMs, analyzer };
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

/** Differences between waf-gate's counts and mawk's (empty when identical). */
function countDifferences(
  ours: Record<string, Record<string, number>>,
  theirs: ReadonlyMap<string, number>,
): string[] {
  const mine = new Map<string, number>();
  for (const [host, row] of Object.entries(ours))
    for (const [s, c] of Object.entries(row)) mine.set(`${host} ${s}`, c);
  const diffs: string[] = [];
  for (const key of new Set([...mine.keys(), ...theirs.keys()]))
    if (mine.get(key) !== theirs.get(key))
      diffs.push(`${key}: waf-gate ${mine.get(key) ?? 'none'}, mawk ${theirs.get(key) ?? 'none'}`);
  return diffs;
}

const load1 = (): string => loadAverage().split(' ')[0] ?? '?';
const othersPerRun: number[] = [];

/** Runs `fn`, says the load average before it and how much CPU others used meanwhile. */
function metered<T>(fn: () => T): { value: T; note: string } {
  const load = load1();
  const meter = othersCpuMeter(() => [process.pid], CLK_TCK);
  const value = fn();
  const others = meter();
  othersPerRun.push(others);
  const flag = others > OTHERS_MAX_CORES ? ' DISTURBED' : '';
  return { value, note: `load before ${load}, others ${others.toFixed(2)} cores${flag}` };
}

const fmt = (xs: number[], digits = 3): string => {
  const s = summary(xs);
  return `median ${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
};

/**
 * Another corpus shape: mawk count, waf-gate count, waf-gate full alternating for ROUNDS rounds on
 * `lines` lines; prints every run and the medians, adds count differences to `mismatches`, returns the
 * key=value lines of its ratios.
 */
function runShape(shape: CorpusShape, lines: number, mismatches: string[]): string[] {
  const file = join(dir, `${shape.name}.log`);
  const bytes = shape.generate(file, lines);
  console.log(
    `shape ${shape.name}: ${lines} lines, ${(bytes / 1e6).toFixed(0)} MB (${(bytes / lines).toFixed(0)} bytes/line)`,
  );
  const times: Record<string, number[]> = { mawk: [], count: [], full: [] };
  let theirs: Map<string, number> | undefined;
  for (let round = 1; round <= ROUNDS; round += 1) {
    const runs: Array<[string, () => void]> = [
      [
        'mawk',
        () => {
          const r = timeCommand('mawk', [...shape.mawkArgs, file]);
          theirs ??= parseAwk(r.stdout);
          times.mawk!.push(r.ms);
        },
      ],
      ...(['count', 'full'] as const).map((mode): [string, () => void] => [
        mode,
        () => {
          const out = join(dir, `${shape.name}-${mode}-${round}`);
          const r = runWafGate(file, mode, out, shape.logFormat, lines);
          rmSync(out, { recursive: true, force: true });
          const diffs = countDifferences(r.analyzer.statusCounts(), theirs!);
          if (diffs.length > 0 || r.analyzer.formatErrors > 0)
            mismatches.push(
              `${shape.name} ${mode} round ${round}: ${diffs.length} differences, ${r.analyzer.formatErrors} format errors ${diffs.slice(0, 3).join('; ')}`,
            );
          times[mode]!.push(r.ms);
        },
      ]),
    ];
    for (const [name, fn] of runs) {
      const { note } = metered(fn);
      const ms = times[name]!.at(-1)!;
      console.log(
        `${`${shape.name} ${name}`.padEnd(15)} ${(ms / 1000).toFixed(3)} s  ${(lines / ms / 1000).toFixed(2)} M lines/s  (round ${round}, ${note})`,
      );
    }
  }
  const ratio = (mode: string): number =>
    summary(times.mawk!).median / summary(times[mode]!).median;
  const perRound = (mode: string): number[] => times[mode]!.map((x, i) => times.mawk![i]! / x);
  console.log(
    `shape ${shape.name}: ratio of medians count ${ratio('count').toFixed(2)}, full ${ratio('full').toFixed(2)}; same-round count ${fmt(perRound('count'), 2)}, full ${fmt(perRound('full'), 2)}`,
  );
  return [
    `${shape.name}_count_ratio_vs_mawk=${ratio('count').toFixed(2)}`,
    `${shape.name}_full_ratio_vs_mawk=${ratio('full').toFixed(2)}`,
  ];
}

const dir = await mkdtemp(join(tmpdir(), 'waf-gate-bench-logparse-'));
try {
  if (!has('mawk')) throw new Error('mawk is missing; install it: apt-get install mawk');
  // Before the bench does anything: its own work would count in the load average from here on.
  const before = await quietnessWarnings(CLK_TCK);
  console.log(`load average before: ${loadAverage()} (${before.length ? 'NOT quiet' : 'quiet'})`);
  for (const w of before) console.log(`WARNING: ${w}; treat the ratios as indicative`);
  const file = join(dir, 'access.log');
  const bytes = generate(file, LINES);
  await readFile(file).then((b) => b.length); // warm the page cache
  console.log(
    `file: ${LINES} lines, ${(bytes / 1e6).toFixed(0)} MB (${(bytes / LINES).toFixed(0)} bytes/line); ${ROUNDS} alternating rounds`,
  );
  const awkProgram = '{c[$(NF-6)" "$9]++} END {for (k in c) print k, c[k]}';
  const ms = new Map<string, number[]>();
  const joinMs: number[] = [];
  const mismatches: string[] = [];
  let mawkCounts: Map<string, number> | undefined;
  const check = (who: string, round: number, analyzer: AccessAnalyzer): void => {
    const diffs = countDifferences(analyzer.statusCounts(), mawkCounts!);
    if (diffs.length > 0)
      mismatches.push(
        `${who} round ${round}: ${diffs.length} differences, e.g. ${diffs.slice(0, 3).join('; ')}`,
      );
  };
  const tools: Array<[string, (round: number) => string]> = [];
  tools.push([
    'mawk count',
    () => {
      const r = timeCommand('mawk', [awkProgram, file]);
      const counts = parseAwk(r.stdout);
      mawkCounts ??= counts;
      // mawk against itself: every round reads the same file.
      for (const [key, c] of counts)
        if (mawkCounts.get(key) !== c || counts.size !== mawkCounts.size)
          throw new Error(`mawk's counts changed between rounds at ${key}`);
      ms.get('mawk count')!.push(r.ms);
      return '';
    },
  ]);
  if (has('gawk'))
    tools.push([
      'gawk count',
      () => {
        ms.get('gawk count')!.push(timeCommand('gawk', [awkProgram, file]).ms);
        return '';
      },
    ]);
  tools.push([
    'waf-gate count',
    (round) => {
      const r = runWafGate(file, 'count', dir);
      check('waf-gate count', round, r.analyzer);
      ms.get('waf-gate count')!.push(r.ms);
      return '';
    },
  ]);
  tools.push([
    'waf-gate full',
    (round) => {
      // A fresh output directory per round, as a collect run has: not timing the truncation of the
      // previous round's anomaly files.
      const out = join(dir, `full-${round}`);
      const r = runWafGate(file, 'full', out);
      rmSync(out, { recursive: true, force: true });
      check('waf-gate full', round, r.analyzer);
      ms.get('waf-gate full')!.push(r.ms);
      joinMs.push(r.joinMs);
      return ` (of which ${LINES} join lookups ${(r.joinMs / 1000).toFixed(3)} s)`;
    },
  ]);
  if (has('goaccess'))
    tools.push([
      'goaccess json',
      () => {
        const out = ['--log-format=COMBINED', '-o', join(dir, 'ga.json')];
        ms.get('goaccess json')!.push(timeCommand('goaccess', [file, ...out]).ms);
        return '';
      },
    ]);
  else console.log('goaccess: not installed (skipped)');
  for (const [name] of tools) ms.set(name, []);
  for (let round = 1; round <= ROUNDS; round += 1)
    for (const [name, fn] of tools) {
      const { value: extra, note } = metered(() => fn(round));
      const runMs = ms.get(name)!.at(-1)!;
      console.log(
        `${name.padEnd(15)} ${(runMs / 1000).toFixed(3)} s  ${(LINES / runMs / 1000).toFixed(2)} M lines/s${extra}  (round ${round}, ${note})`,
      );
    }
  const median = (name: string): number => summary(ms.get(name)!).median;
  const mawk = median('mawk count');
  console.log('medians (min–max) over the rounds:');
  for (const [name] of tools)
    console.log(
      `${name.padEnd(15)} ${fmt(ms.get(name)!.map((x) => x / 1000))} s  ratio vs mawk ${(mawk / median(name)).toFixed(2)}`,
    );
  const full = median('waf-gate full');
  const joins = summary(joinMs).median;
  console.log(
    `  (waf-gate full: join lookups ${fmt(joinMs.map((x) => x / 1000))} s; scan + anomaly rule + id index alone ${((full - joins) / 1000).toFixed(3)} s = ${(mawk / (full - joins)).toFixed(2)} x mawk)`,
  );
  const perRound = (name: string): number[] =>
    ms.get(name)!.map((x, i) => ms.get('mawk count')![i]! / x);
  console.log(
    `same-round ratios: count ${fmt(perRound('waf-gate count'), 2)}, full ${fmt(perRound('waf-gate full'), 2)}`,
  );
  const shapeRatios: string[] = [];
  if (SHAPES)
    for (const [shape, lines] of [
      [JSON_SHAPE, Math.max(1000, Math.round(LINES / 4))],
      [WIDE_SHAPE, Math.max(1000, Math.round(LINES / 10))],
    ] as const)
      shapeRatios.push(...runShape(shape, lines, mismatches));
  console.log(`counts identical to mawk in every round: ${mismatches.length === 0}`);
  const sampler = SAMPLER_S > 0 ? await samplerOverhead() : undefined;
  if (sampler)
    console.log(
      `sampler: ${sampler.members} processes in the group, ${sampler.samples} samples at 1 s, CPU ${sampler.pct.toFixed(3)} % of one core`,
    );
  // The load average now holds the bench's own work: only other processes count after.
  const after = await quietnessWarnings(CLK_TCK, 1000, false);
  console.log(
    `load average after: ${loadAverage()} (includes the bench itself); other processes ${after.length ? 'busy' : 'quiet'}`,
  );
  for (const w of after) console.log(`WARNING: ${w}; treat the ratios as indicative`);
  const disturbed = othersPerRun.filter((c) => !(c <= OTHERS_MAX_CORES)).length;
  console.log(
    `other processes during the runs: ${fmt(othersPerRun, 2)} cores; ${disturbed} of ${othersPerRun.length} runs above ${OTHERS_MAX_CORES}`,
  );
  if (disturbed > 0)
    console.log(
      `WARNING: other processes used more than ${OTHERS_MAX_CORES} of a core during ${disturbed} run(s) (marked DISTURBED); treat the ratios as indicative`,
    );
  if (mismatches.length > 0) {
    for (const m of mismatches) console.error(`COUNTS DIFFER FROM MAWK: ${m}`);
    process.exitCode = 1;
  }
  console.log(`machine_quiet=${before.length + after.length + disturbed === 0 ? 1 : 0}`);
  console.log(`others_cpu_cores_median=${summary(othersPerRun).median.toFixed(2)}`);
  console.log(`others_cpu_cores_max=${summary(othersPerRun).max.toFixed(2)}`);
  console.log(`counts_identical_to_mawk=${mismatches.length === 0 ? 1 : 0}`);
  if (sampler) console.log(`sampler_cpu_pct_of_core=${sampler.pct.toFixed(3)}`);
  console.log(`count_ratio_vs_mawk=${(mawk / median('waf-gate count')).toFixed(2)}`);
  console.log(`full_ratio_vs_mawk=${(mawk / full).toFixed(2)}`);
  for (const line of shapeRatios) console.log(line);
  if (mismatches.length > 0) throw new Error('waf-gate counts differ from mawk (see above)');
} finally {
  await rm(dir, { recursive: true, force: true });
}
