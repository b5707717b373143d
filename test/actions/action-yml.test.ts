/**
 * Every action.yml and workflow validates offline (@action-validator/core, the schema store's
 * schemas), and every composite action maps its inputs through env: and runs a bundled entry.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { validateAction, validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';

const ACTIONS = ['.', 'install-waf', 'replay-traffic', 'collect-metrics', 'compare-baseline'];
const WORKFLOW_DIRS = ['.github/workflows', 'examples/workflows'];

interface ActionYaml {
  inputs?: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description: string; value?: string }>;
  runs: {
    using: string;
    steps?: Array<{ run?: string; shell?: string; env?: Record<string, string>; uses?: string }>;
  };
}

function errorsOf(state: { errors?: unknown[] }): unknown[] {
  return state.errors ?? [];
}

describe('action.yml files', () => {
  for (const dir of ACTIONS) {
    const file = join(dir, 'action.yml');
    describe(file, () => {
      const text = readFileSync(file, 'utf8');
      const action = parse(text) as ActionYaml;

      it('validates against the action schema', () => {
        assert.deepEqual(errorsOf(validateAction(text) as { errors?: unknown[] }), []);
      });

      it('is a composite action whose run steps get every input through env:', () => {
        assert.equal(action.runs.using, 'composite');
        const steps = action.runs.steps ?? [];
        const runSteps = steps.filter((s) => s.run !== undefined);
        assert.ok(runSteps.length > 0);
        for (const step of runSteps) {
          assert.ok(step.shell, 'every run step names its shell');
          assert.doesNotMatch(
            step.run!,
            /\$\{\{/,
            'no expression is interpolated into a script (env: instead)',
          );
        }
        const mapped = new Set(runSteps.flatMap((s) => Object.keys(s.env ?? {})));
        // Inputs only a `uses:` step reads (e.g. the artifact name) need no env mapping.
        const usedByActions = JSON.stringify(steps.filter((s) => s.uses !== undefined));
        for (const name of Object.keys(action.inputs ?? {})) {
          const envName = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
          const readByUses =
            usedByActions.includes(`inputs['${name}']`) || usedByActions.includes(`inputs.${name}`);
          assert.ok(mapped.has(envName) || readByUses, `input ${name} is mapped to ${envName}`);
        }
      });

      it('runs a bundled entry that exists in dist/ through the node finder', () => {
        const runs = (action.runs.steps ?? []).map((s) => s.run ?? '').join('\n');
        const entries = [...runs.matchAll(/dist\/([\w-]+\.js)/g)].map((m) => m[1]!);
        assert.ok(entries.length > 0, 'runs a dist/ entry');
        for (const entry of entries)
          assert.ok(existsSync(join('dist', entry)), `dist/${entry} exists`);
        assert.match(runs, /scripts\/find-node\.sh/);
      });

      it('pins every third-party action to a commit SHA', () => {
        for (const step of action.runs.steps ?? []) {
          if (step.uses && !step.uses.startsWith('./')) assert.match(step.uses, /@[0-9a-f]{40}$/);
        }
      });
    });
  }
});

describe('workflow files', () => {
  for (const dir of WORKFLOW_DIRS.filter((d) => existsSync(d))) {
    for (const name of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
      const file = join(dir, name);
      it(`${file} validates and pins third-party actions`, () => {
        const text = readFileSync(file, 'utf8');
        assert.deepEqual(errorsOf(validateWorkflow(text) as { errors?: unknown[] }), []);
        for (const m of text.matchAll(/uses:\s*([^\s#]+)/g)) {
          const ref = m[1]!;
          if (!ref.startsWith('./')) assert.match(ref, /@[0-9a-f]{40}$/, `${ref} is pinned`);
        }
        assert.doesNotMatch(text, /pull_request_target/, 'never pull_request_target');
      });
    }
  }
});
