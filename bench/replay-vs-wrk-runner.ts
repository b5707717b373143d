// Runs one waf-gate replay for bench/replay-vs-wrk.ts and prints one JSON line: the result's numbers
// plus the process's own CPU time (from /proc/self/stat) spent between the start and end of the run.
// A warm-up replay to the same target with the same options runs first and is not counted
// (`BENCH_WARMUP_S`, default 1 s; 0 sends just 20 requests): under tsx the first run transpiles the
// modules it loads lazily (which the bundled CLI does not do), and V8 optimises the hot path only after
// some thousand requests (its compiler threads spend tens of ms of CPU once per process). In a short
// run against a slow WAF (~700 req/s) these one-time costs would be charged to a few thousand requests;
// a real gate round pays them once per process. Their CPU is printed as `warmupCpuTicks` so the
// bench can report them separately.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../src/replay/index.ts';

const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 1);
const WARMUP_REQUESTS = 20;

function cpuTicks(): number {
  // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const raw = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const { duration: _duration, ...warmRaw } = raw;
const warmStart = cpuTicks();
const warm = await runReplay(
  parseReplayOptions({
    ...warmRaw,
    ...(WARMUP_S > 0 ? { duration: `${WARMUP_S}s` } : { requests: String(WARMUP_REQUESTS) }),
    'out-dir': join(raw['out-dir'] ?? '.', 'warm-up'),
  }),
  { logger: silentLogger },
);
const options = parseReplayOptions(raw);
const before = cpuTicks();
const result = await runReplay(options, { logger: silentLogger });
const ticks = cpuTicks() - before;
process.stdout.write(
  `${JSON.stringify({ rps: result.rps, completed: result.totals.completed, errors: result.totals.errors, durationMs: result.durationMs, cpuTicks: ticks, warmupCpuTicks: before - warmStart, warmupRequests: warm.totals.completed + warm.totals.errors })}\n`,
);
