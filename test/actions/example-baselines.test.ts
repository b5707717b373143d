/**
 * The example workflows fit together: the PR gate looks for its baselines in the nightly/dispatch
 * workflow (baseline-workflow names it), the nightly records a baseline for every PR gate step with
 * exactly the inputs that make up the baseline key (corpus, domains, mode, load shape — the nightly's
 * dispatch parameters at their defaults), both share a concurrency group per WAF host, and the
 * dispatch form offers the seed's parameters.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';

interface Step {
  uses?: string;
  id?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: Record<string, { inputs?: Record<string, { default?: string }> } | null>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  jobs: Record<string, { env?: Record<string, string>; steps: Step[] }>;
}

const load = (name: string) =>
  parse(readFileSync(`examples/workflows/${name}`, 'utf8')) as Workflow;
const nightly = load('nightly-baseline.yml');
const pr = load('pr-quality-gate.yml');

/** The inputs that decide the baseline key (corpus fingerprint, mode, load shape) and the WAF. */
const KEY_INPUTS = [
  'corpus',
  'domains',
  'quality',
  'rounds',
  'connections',
  'duration',
  'keep-alive',
  'rate',
  'pressure-domain',
  'target',
  'host',
];

/**
 * A step's `with:` as a scheduled run sees it: `${{ inputs.x || 'default' }}` → default, `env.X` →
 * the job's env, `github.event_name != 'workflow_dispatch' && 'a' || b` → 'a'.
 */
function scheduled(value: string, env: Record<string, string>): string {
  return value
    .replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (_, name: string) => env[name] ?? `<no env ${name}>`)
    .replace(/\$\{\{\s*inputs(?:\.[\w-]+|\['[\w-]+'\])\s*\|\|\s*'([^']*)'\s*\}\}/g, '$1')
    .replace(
      /\$\{\{\s*github\.event_name != 'workflow_dispatch' && '([^']*)' \|\| [^}]+\}\}/g,
      '$1',
    );
}

function gateSteps(workflow: Workflow): Array<{ with: Record<string, string> }> {
  return Object.values(workflow.jobs).flatMap((job) =>
    job.steps
      .filter((s) => s.uses?.startsWith('OWNER/waf-gate@'))
      .map((s) => ({
        with: Object.fromEntries(
          Object.entries(s.with ?? {}).map(([k, v]) => [k, scheduled(String(v), job.env ?? {})]),
        ),
      })),
  );
}

describe('example workflows: PR gate and nightly baselines', () => {
  it('the PR gate looks for baselines in the nightly workflow', () => {
    const steps = gateSteps(pr);
    assert.ok(steps.length >= 2, 'a quality and a pressure step');
    for (const s of steps) {
      assert.equal(s.with['baseline-from-artifacts'], 'true');
      assert.equal(s.with['baseline-workflow'], 'nightly-baseline.yml');
    }
  });

  it('the nightly uploads a baseline with exactly the key inputs of each PR gate step', () => {
    const recorders = gateSteps(nightly).filter((s) => s.with['upload-baseline'] === 'true');
    for (const gate of gateSteps(pr)) {
      const key = (s: { with: Record<string, string> }) =>
        Object.fromEntries(KEY_INPUTS.map((k) => [k, s.with[k] ?? '']));
      const match = recorders.find((r) => JSON.stringify(key(r)) === JSON.stringify(key(gate)));
      assert.ok(
        match,
        `no nightly step records the baseline of ${JSON.stringify(key(gate))}; nightly steps: ${JSON.stringify(recorders.map(key))}`,
      );
      assert.equal(match.with.post, 'false', 'the nightly posts no check run (summary only)');
    }
    assert.ok(recorders.length >= 2);
  });

  it('runs on schedule and workflow_dispatch with the seed parameters', () => {
    assert.ok('schedule' in nightly.on && 'workflow_dispatch' in nightly.on);
    const inputs = Object.keys(nightly.on.workflow_dispatch?.inputs ?? {});
    for (const name of [
      'test-type',
      'baseline-package',
      'baseline-version',
      'candidate-package',
      'candidate-version',
      'data-version',
      'domains',
      'connections',
      'duration',
      'rounds',
    ])
      assert.ok(inputs.includes(name), `dispatch input ${name}`);
  });

  it('share one concurrency group per WAF host, never cancelling a run in progress', () => {
    const prHost = gateSteps(pr)[0]!.with.host!;
    const nightlyHost = gateSteps(nightly)[0]!.with.host!;
    assert.equal(prHost, nightlyHost);
    const hostName = /ssh:\/\/[^@]+@([^:]+):/.exec(prHost)![1]!;
    assert.equal(pr.concurrency?.group, `waf-host-${hostName}`);
    assert.equal(scheduled(nightly.concurrency!.group, {}), `waf-host-${hostName}`);
    assert.equal(pr.concurrency?.['cancel-in-progress'], false);
    assert.equal(nightly.concurrency?.['cancel-in-progress'], false);
  });
});

describe('artifact uploads survive re-runs', () => {
  for (const file of ['action.yml', 'compare-baseline/action.yml']) {
    it(`${file}: every upload-artifact step overwrites (a re-run or second call never hits the name conflict)`, () => {
      const action = parse(readFileSync(file, 'utf8')) as {
        runs: { steps: Array<{ uses?: string; with?: Record<string, unknown> }> };
      };
      const uploads = action.runs.steps.filter((s) =>
        s.uses?.startsWith('actions/upload-artifact@'),
      );
      assert.ok(uploads.length >= 2, 'results and baseline uploads');
      for (const step of uploads)
        assert.equal(step.with?.overwrite, true, JSON.stringify(step.with));
      const baseline = uploads.find((s) => String(s.with?.name).includes('baseline-artifact-name'));
      assert.equal(baseline?.with?.['retention-days'], 90, 'baselines are kept 90 days (README)');
    });
  }
});
