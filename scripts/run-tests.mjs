// Runs every test/**/*.test.ts with node's own test runner (TypeScript through tsx), then prints how
// many tests were skipped and why. With WAF_GATE_REQUIRE_PEERS=1 (CI, set by scripts/test-all.sh) a
// skipped test fails the run: a missing nginx, dpkg, rpm, zip or sshd must not hide a test.
// Usage: node scripts/run-tests.mjs [filter...]   (a filter keeps files whose path contains it)
// WAF_GATE_TEST_ROOT=DIR looks for tests under DIR instead of test/ (the runner's own tests use it).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (name === 'fixtures' || name === 'golden') continue;
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

/** The skipped tests the skip reporter wrote, one JSON object per line. */
function readSkips(file) {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

const requirePeers = process.env.WAF_GATE_REQUIRE_PEERS === '1';
const filters = process.argv.slice(2);
const files = findTests(process.env.WAF_GATE_TEST_ROOT || 'test').filter(
  (f) => filters.length === 0 || filters.some((x) => f.includes(x)),
);
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ')}`);
  process.exitCode = 1;
} else {
  const reportDir = mkdtempSync(join(tmpdir(), 'waf-gate-tests-'));
  const skipsFile = join(reportDir, 'skips.jsonl');
  const skipReporter = fileURLToPath(new URL('./skip-reporter.mjs', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      `--test-reporter=${skipReporter}`,
      `--test-reporter-destination=${skipsFile}`,
      ...files,
    ],
    { stdio: 'inherit' },
  );
  child.on('exit', (code, signal) => {
    const skips = readSkips(skipsFile);
    rmSync(reportDir, { recursive: true, force: true });
    console.log(`run-tests: ${skips.length} skipped`);
    for (const s of skips)
      console.log(
        `  skipped: ${s.name}${s.reason ? ` (${s.reason})` : ''}${s.file ? ` in ${s.file}` : ''}`,
      );
    process.exitCode = code ?? (signal ? 1 : 0);
    if (requirePeers && skips.length > 0) {
      console.error(
        `run-tests: ${skips.length} test(s) skipped with WAF_GATE_REQUIRE_PEERS=1; CI runs every test: install what they need.`,
      );
      process.exitCode = process.exitCode || 1;
    }
  });
}
