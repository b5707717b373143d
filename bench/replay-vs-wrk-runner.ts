// Runs one waf-gate replay for bench/replay-vs-wrk.ts and prints one JSON line: the result's numbers
// plus the process's own CPU time (from /proc/self/stat) spent between the start and end of the run.
// A short warm-up replay (WARMUP_REQUESTS to the same target, not counted) runs first: under tsx the
// first run transpiles the modules it loads lazily (~0.1 s of CPU, which the bundled CLI does not
// spend), and that would be charged to the requests of a short run against a slow WAF.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../src/common/logger.ts';
import { parseReplayOptions, runReplay } from '../src/replay/index.ts';

const WARMUP_REQUESTS = 20;

function cpuTicks(): number {
  // Fields after the command name: state is field 3; utime and stime are fields 14 and 15.
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const raw = JSON.parse(process.argv[2] ?? '{}') as Record<string, string>;
const { duration: _duration, ...warmRaw } = raw;
await runReplay(
  parseReplayOptions({
    ...warmRaw,
    requests: String(WARMUP_REQUESTS),
    'out-dir': join(raw['out-dir'] ?? '.', 'warm-up'),
  }),
  { logger: silentLogger },
);
const options = parseReplayOptions(raw);
const before = cpuTicks();
const result = await runReplay(options, { logger: silentLogger });
const ticks = cpuTicks() - before;
process.stdout.write(
  `${JSON.stringify({ rps: result.rps, completed: result.totals.completed, errors: result.totals.errors, durationMs: result.durationMs, cpuTicks: ticks })}\n`,
);
