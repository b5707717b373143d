/**
 * The long fuzz run (issue 9): the property tests of test/fuzz/ with many more cases than the suite
 * runs. Usage: `npx tsx bench/fuzz-parsers.ts [runs]` (default 5000 per property, or
 * WAF_GATE_FUZZ_RUNS); a failure prints fast-check's seed and counterexample — replay it with
 * WAF_GATE_FUZZ_SEED=<seed> and turn it into a named regression test. Loopback only (the response
 * parser is compared with node:http over a local socket).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const runs = Number(process.argv[2] ?? process.env.WAF_GATE_FUZZ_RUNS ?? 5000);
if (!Number.isInteger(runs) || runs <= 0) {
  process.stderr.write(`runs must be a positive integer, got ${JSON.stringify(process.argv[2])}\n`);
  process.exitCode = 2;
} else {
  const files = readdirSync('test/fuzz')
    .filter((f) => f.endsWith('.fuzz.test.ts'))
    .sort()
    .map((f) => join('test/fuzz', f));
  const startedAt = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-timeout=3600000',
      ...files,
    ],
    { stdio: 'inherit', env: { ...process.env, WAF_GATE_FUZZ_RUNS: String(runs) } },
  );
  child.on('exit', (code, signal) => {
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    process.stdout.write(
      `\nfuzz-parsers: ${files.length} files, ${runs} runs per property, ${seconds} s, exit ${code ?? signal}\n`,
    );
    process.exitCode = code ?? 1;
  });
}
