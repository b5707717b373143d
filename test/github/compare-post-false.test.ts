/**
 * The compare-baseline entry (run from source as a real process, the way the runner runs the bundle)
 * with post: false: nothing goes to GitHub — not even with baseline-from-artifacts, which needs the
 * API — but the job summary still holds the report (the nightly example relies on it).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.js';
import { parseOutputFile } from '../helpers/action-runner.js';
import { actionsEnv, tempDir } from './support.js';

const TOKEN = 'ghs_PostFalseToken9';

async function runCompareEntry(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', resolve('src/actions/compare-baseline.ts')],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/root',
          ...env,
        },
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('compare-baseline with post: false', { timeout: 180_000 }, () => {
  let api: GitHubApi;
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    api = await startGitHubApi({ token: TOKEN });
    ({ dir, cleanup } = await tempDir());
  });
  after(async () => {
    await api.close();
    await cleanup();
  });

  it('writes the report into the job summary and calls no GitHub API', async () => {
    const summary = join(dir, 'summary.md');
    const output = join(dir, 'output');
    await writeFile(summary, '');
    await writeFile(output, '');
    const run = await runCompareEntry({
      ...actionsEnv(api, 'event-push', { GITHUB_WORKSPACE: dir }),
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: dir,
      'INPUT_CANDIDATE-DIR': resolve('test/fixtures/compare/candidate-pl1-next'),
      'INPUT_BASELINE-DIR': resolve('test/fixtures/compare/baseline-pl1'),
      'INPUT_OUT-DIR': join(dir, 'report'),
      'INPUT_GITHUB-TOKEN': TOKEN,
      INPUT_POST: 'false',
      'INPUT_BASELINE-FROM-ARTIFACTS': 'true',
    });
    const outputs = parseOutputFile(await readFile(output, 'utf8'));
    assert.match(outputs.verdict ?? '', /^(pass|fail|neutral)$/, run.output);
    const text = await readFile(summary, 'utf8');
    assert.ok(text.length > 200, `the job summary holds the report:\n${run.output}`);
    assert.ok(text.toLowerCase().includes(outputs.verdict!), 'the summary states the verdict');
    assert.equal(outputs['check-run-id'], undefined);
    assert.deepEqual(
      api.requests.map((r) => `${r.method} ${r.path}`),
      [],
      'post: false posts nothing (and a given baseline-dir needs no lookup)',
    );
  });
});
