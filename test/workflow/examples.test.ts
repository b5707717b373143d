/**
 * The example workflows users copy (examples/workflows/*.yml) through the executor's loader: GitHub's
 * parser accepts them; every `uses:` is one the executor (and so a runner with this repository's
 * download) can resolve; every `with:` key is an input of that action.yml and every required input is
 * given. Pull-request workflows are run with a fork's event: every job must be skipped by its `if:`
 * guard (no runner is offered, so a job that is not skipped fails instead of reaching a real host).
 */
import assert from 'node:assert/strict';
import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runWorkflow } from './executor.ts';
import { child, items, literal, loadAction, loadWorkflow, pairs } from './workflow-file.ts';

const EXAMPLES = resolve('examples/workflows');
const BUILTIN = /^actions\/(checkout|upload-artifact|download-artifact)@[0-9a-f]{40}$/;
const OWN = /^OWNER\/waf-gate((?:\/[^@]+)?)@[0-9a-f]{40}$/;

const files = (await readdir(EXAMPLES)).filter((f) => /\.ya?ml$/.test(f)).sort();

/** The event names a workflow's `on:` lists (string, list or mapping form). */
async function triggers(file: string): Promise<string[]> {
  const on = child((await loadWorkflow(join(EXAMPLES, file))).root, 'on');
  const single = literal(on);
  if (single !== undefined) return [single];
  return [...items(on).map((t) => literal(t) ?? ''), ...pairs(on).map(([name]) => name)];
}

const pullRequestFiles: string[] = [];
for (const file of files)
  if ((await triggers(file)).includes('pull_request')) pullRequestFiles.push(file);

describe('example workflows', { timeout: 60_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-workflow-examples-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exist, with at least one pull_request workflow', () => {
    assert.ok(files.length >= 2, `examples: ${files.join(', ')}`);
    assert.ok(pullRequestFiles.length >= 1);
  });

  for (const file of files) {
    it(`${file}: parses, pins every action by SHA, and passes only declared inputs`, async () => {
      const workflow = await loadWorkflow(join(EXAMPLES, file));
      const problems: string[] = [];
      for (const [jobId, job] of pairs(child(workflow.root, 'jobs'))) {
        for (const step of items(child(job, 'steps'))) {
          const uses = literal(child(step, 'uses'));
          if (uses === undefined) continue;
          if (BUILTIN.test(uses)) continue;
          const own = OWN.exec(uses);
          if (!own) {
            problems.push(
              `${jobId}: uses ${uses} is neither SHA-pinned actions/* nor OWNER/waf-gate@<sha>`,
            );
            continue;
          }
          const actionFile = resolve(own[1]!.replace(/^\//, ''), 'action.yml');
          if (
            !(await access(actionFile).then(
              () => true,
              () => false,
            ))
          ) {
            problems.push(`${jobId}: uses ${uses}: no ${actionFile}`);
            continue;
          }
          const action = await loadAction(actionFile);
          const inputs = new Map(pairs(child(action.root, 'inputs')));
          const given = new Set(pairs(child(step, 'with')).map(([name]) => name));
          for (const name of given)
            if (!inputs.has(name)) problems.push(`${jobId}: ${uses} has no input '${name}'`);
          for (const [name, definition] of inputs) {
            const required = literal(child(definition, 'required')) === 'true';
            if (required && child(definition, 'default') === undefined && !given.has(name))
              problems.push(`${jobId}: ${uses} misses required input '${name}'`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  for (const file of pullRequestFiles) {
    it(`${file}: a fork pull request runs no job`, async () => {
      const run = await runWorkflow(join(EXAMPLES, file), {
        repoDir: process.cwd(),
        repository: 'acme/waf',
        runners: [],
        runDir: join(dir, file),
        eventName: 'pull_request',
        event: {
          pull_request: {
            number: 3,
            head: { sha: 'a'.repeat(40), ref: 'evil', repo: { full_name: 'mallory/waf' } },
            base: { ref: 'main', sha: 'b'.repeat(40), repo: { full_name: 'acme/waf' } },
          },
          repository: { id: 1000, full_name: 'acme/waf', default_branch: 'main' },
        },
      });
      assert.deepEqual(
        run.jobs.map((j) => [j.id, j.result, j.error ?? '']),
        run.jobs.map((j) => [j.id, 'skipped', '']),
      );
    });
  }
});
