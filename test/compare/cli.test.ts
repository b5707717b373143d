import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ExitCode } from '../../src/cli/command.js';
import { compareCommand } from '../../src/cli/commands/compare.js';
import { reportCommand } from '../../src/cli/commands/report.js';
import { formatError, isConfigError } from '../../src/common/errors.js';

const repo = join(import.meta.dirname, '..', '..');
const fixtures = join(repo, 'test', 'fixtures', 'compare');

/**
 * Runs a command object the way src/cli/main.ts does (errors → one paragraph, ConfigError → exit 2).
 * In-process, because main.ts imports every command and some are still being written in parallel.
 */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [name, ...rest] = args;
  const command = name === 'report' ? reportCommand : compareCommand;
  let stdout = '';
  let stderr = '';
  const logger = {
    debug() {},
    info: (m: string) => (stderr += `${m}\n`),
    warn: (m: string) => (stderr += `warning: ${m}\n`),
    error: (m: string) => (stderr += `error: ${m}\n`),
  };
  const context = {
    logger,
    print: (t: string) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
    signal: new AbortController().signal,
  };
  try {
    return { code: await command.run(rest, context), stdout, stderr };
  } catch (error) {
    stderr += `waf-gate ${name}: ${formatError(error)}\n`;
    return { code: isConfigError(error) ? ExitCode.usage : ExitCode.runtime, stdout, stderr };
  }
}

let out: string;
before(async () => {
  out = await mkdtemp(join(tmpdir(), 'waf-gate-cli-'));
});
after(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('waf-gate compare / report', { timeout: 120_000 }, () => {
  it('fails the gate with exit code 1 and writes results.json + report.md', async () => {
    const dir = join(out, 'fail');
    const r = await cli([
      'compare',
      '--baseline',
      join(fixtures, 'baseline-pl1'),
      '--candidate',
      join(fixtures, 'candidate-pl2'),
      '--out',
      dir,
      '--json',
    ]);
    assert.equal(r.code, 1, r.stderr);
    const printed = JSON.parse(r.stdout) as { verdict: string; counts: { newBlocks: number } };
    assert.equal(printed.verdict, 'fail');
    assert.equal(printed.counts.newBlocks, 6);
    const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
      verdict: string;
      comparison: { schema: string };
    };
    assert.equal(results.verdict, 'fail');
    assert.equal(results.comparison.schema, 'waf-gate/comparison@1');
    assert.match(await readFile(join(dir, 'report.md'), 'utf8'), /## ❌ waf-gate: FAIL/);

    const rep = await cli([
      'report',
      '--results',
      join(dir, 'results.json'),
      '--max-chars',
      '65535',
      '--top-n',
      '2',
    ]);
    assert.equal(rep.code, 0, rep.stderr);
    assert.match(rep.stdout, /#### Changed requests \(first 2\)/);
    assert.match(
      rep.stdout,
      /_Showing 2 of 6 changed requests\. All 6 are in changed-requests\.jsonl of the results\._/,
    );
  });

  it('passes with exit 0; neutral is 0, or 4 with --strict; a store finds and saves baselines', async () => {
    const pass = await cli([
      'compare',
      '--baseline',
      join(fixtures, 'baseline-pl1'),
      '--candidate',
      join(fixtures, 'candidate-pl1-next'),
      '--out',
      join(out, 'pass'),
    ]);
    assert.equal(pass.code, 0, pass.stderr);
    assert.match(pass.stdout, /^PASS: /);
    const store = join(out, 'store');
    const neutral = await cli([
      'compare',
      '--baseline-store',
      store,
      '--candidate',
      join(fixtures, 'baseline-pl1'),
      '--out',
      join(out, 'n1'),
      '--save-baseline',
    ]);
    assert.equal(neutral.code, 0, neutral.stderr);
    assert.match(
      neutral.stdout,
      /^NEUTRAL: No baseline in .* nothing to compare against yet\. This run is saved as the baseline for the next one\./,
    );
    const strict = await cli([
      'compare',
      '--baseline-store',
      join(out, 'empty-store'),
      '--candidate',
      join(fixtures, 'baseline-pl1'),
      '--out',
      join(out, 'n2'),
      '--strict',
    ]);
    assert.equal(strict.code, 4);
    const found = await cli([
      'compare',
      '--baseline-store',
      store,
      '--candidate',
      join(fixtures, 'candidate-pl1-next'),
      '--out',
      join(out, 'found'),
      '--json',
    ]);
    assert.equal(found.code, 0, found.stderr);
    assert.equal((JSON.parse(found.stdout) as { verdict: string }).verdict, 'pass');
  });

  it('bad input exits 2 with a one-paragraph message naming the file and line', async () => {
    const policy = join(out, 'policy.yml');
    await writeFile(policy, 'quality:\n  minDelta: -1\n');
    const r = await cli([
      'compare',
      '--baseline',
      join(fixtures, 'baseline-pl1'),
      '--candidate',
      join(fixtures, 'candidate-pl2'),
      '--policy',
      policy,
      '--out',
      join(out, 'bad'),
    ]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`policy\\.yml:2: "quality\\.minDelta" must be a number`));
    assert.ok(!r.stderr.includes('    at '), 'no stack trace');
    const missing = await cli(['compare', '--out', join(out, 'bad2')]);
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /A value is required: Run directory of the candidate build .*\(input --candidate\)/,
    );
    const noResults = await cli(['report', '--results', join(out, 'nope.json')]);
    assert.equal(noResults.code, 2);
    assert.match(noResults.stderr, /nope\.json: Cannot read the comparison results/);
  });
});
