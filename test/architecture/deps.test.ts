/**
 * The dependency rules in .dependency-cruiser.cjs hold on src/ (no cycles, type-only included; one
 * direction between layers), and they bite: a copy of src/ with injected back-edges fails with exactly
 * those violations. Runs the real depcruise CLI, as `npm run lint:deps` does.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = resolve('.');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const DEPCRUISE_FMT = join(ROOT, 'node_modules/dependency-cruiser/bin/depcruise-fmt.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
  cycle?: Array<{ name: string }>;
}

interface CruiseOutcome {
  violations: Violation[];
  modules: number;
  /** Exit code and text of the `err-long` report, the format `npm run lint:deps` prints. */
  report: { exitCode: number; text: string };
}

function run(
  cwd: string,
  args: string[],
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      args,
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ exitCode, stdout, stderr });
      },
    );
  });
}

/**
 * Cruises `src` in `cwd` with the repository's config into a JSON report, then formats that report as
 * `err-long` with `--exit-code` (depcruise sets the exit code only for the err reporters).
 */
async function cruise(cwd: string, jsonFile: string): Promise<CruiseOutcome> {
  const cruised = await run(cwd, [
    DEPCRUISE,
    '--config',
    '.dependency-cruiser.cjs',
    '--output-type',
    'json',
    '--output-to',
    jsonFile,
    '--',
    'src',
  ]);
  assert.equal(cruised.exitCode, 0, `depcruise ran in ${cwd}: ${cruised.stderr}`);
  const json = JSON.parse(await readFile(jsonFile, 'utf8')) as {
    summary: { violations: Violation[]; totalCruised: number };
  };
  const formatted = await run(cwd, [
    DEPCRUISE_FMT,
    '--exit-code',
    '--output-type',
    'err-long',
    jsonFile,
  ]);
  return {
    violations: json.summary.violations,
    modules: json.summary.totalCruised,
    report: { exitCode: formatted.exitCode, text: formatted.stdout },
  };
}

function describeViolations(violations: Violation[]): string {
  return violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).join('\n');
}

describe('dependency direction (.dependency-cruiser.cjs)', { timeout: 180_000 }, () => {
  let reports: string;
  before(async () => {
    reports = await mkdtemp(join(tmpdir(), 'waf-gate-deps-report-'));
  });
  after(async () => {
    if (reports) await rm(reports, { recursive: true, force: true });
  });

  it('src/ has no violation: no cycles, every import points down the layers', async () => {
    const outcome = await cruise(ROOT, join(reports, 'tree.json'));
    assert.ok(outcome.modules > 100, `cruised the real tree (${outcome.modules} modules)`);
    assert.equal(outcome.violations.length, 0, describeViolations(outcome.violations));
    assert.equal(outcome.report.exitCode, 0, outcome.report.text);
  });

  describe('a copy of src/ with injected back-edges', () => {
    let work: string;
    before(async () => {
      work = await mkdtemp(join(tmpdir(), 'waf-gate-deps-'));
      await cp(join(ROOT, 'src'), join(work, 'src'), { recursive: true });
      for (const file of ['tsconfig.json', 'package.json', '.dependency-cruiser.cjs'])
        await copyFile(join(ROOT, file), join(work, file));
      await symlink(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
      const inject = async (path: string, text: string): Promise<void> => {
        await mkdir(join(work, path, '..'), { recursive: true });
        await writeFile(join(work, path), text);
      };
      // common → cli: the lowest layer reaching the top.
      await inject(
        'src/common/__probe-up.ts',
        "import { ExitCode } from '../cli/command.js';\nexport const probe = ExitCode.ok;\n",
      );
      // A cycle made of type-only imports (erased at runtime, still a design cycle).
      await inject(
        'src/hosts/__cycle-a.ts',
        "import type { B } from './__cycle-b.js';\nexport interface A {\n  b?: B;\n}\n",
      );
      await inject(
        'src/hosts/__cycle-b.ts',
        "import type { A } from './__cycle-a.js';\nexport interface B {\n  a?: A;\n}\n",
      );
      // compare → report: the edge this repository had (compare/index.ts rendered the report).
      await inject(
        'src/compare/__probe-report.ts',
        "import { renderReport } from '../report/index.js';\nexport const probe = renderReport;\n",
      );
      // collect → the lab's runtime config (only its log-format leaf is allowed).
      await inject(
        'src/collect/__probe-lab.ts',
        "import { LAB_LOG_FORMAT } from '../lab/config.js';\nexport const probe = LAB_LOG_FORMAT;\n",
      );
      // The Actions toolkit outside src/actions.
      await inject(
        'src/report/__probe-core.ts',
        "import * as core from '@actions/core';\nexport const probe = core.info;\n",
      );
      // One entry through the other.
      await inject(
        'src/cli/__probe-actions.ts',
        "import { input } from '../actions/runtime.js';\nexport const probe = input;\n",
      );
      // A flow reaching up to an entry.
      await inject(
        'src/pipeline/__probe-cli.ts',
        "import type { Command } from '../cli/command.js';\nexport type Probe = Command;\n",
      );
      // src/collect behind its index files: a deep import from outside, a top-level file and a
      // sub-folder reaching into another sub-folder's file, a sub-folder importing the lifecycle at the
      // top, and a lower sub-folder importing a higher one.
      await inject(
        'src/pipeline/__probe-collect-deep.ts',
        "import { LineSplitter } from '../collect/follow/index.js';\nexport const probe = LineSplitter;\n",
      );
      await inject(
        'src/collect/__probe-deep.ts',
        "import { FollowCursor } from './follow/follow-core.js';\nexport const probe = FollowCursor;\n",
      );
      await inject(
        'src/collect/analyze/__probe-deep.ts',
        "import { ProcSampler } from '../proc/proc-sampler.js';\nexport const probe = ProcSampler;\n",
      );
      await inject(
        'src/collect/proc/__probe-up.ts',
        "import type { CollectOptions } from '../options.js';\nexport type Probe = CollectOptions;\n",
      );
      await inject(
        'src/collect/logformat/__probe-up.ts',
        "import type { LoggedRequests } from '../join/index.js';\nexport type Probe = LoggedRequests;\n",
      );
      // A folder that belongs to no layer.
      await inject(
        'src/unplaced/thing.ts',
        "import { ExitCode } from '../common/exit-codes.js';\nexport const probe = ExitCode.ok;\n",
      );
    });
    after(async () => {
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('fails, naming each injected edge and its rule, and nothing else', async () => {
      const outcome = await cruise(work, join(reports, 'injected.json'));
      assert.notEqual(outcome.report.exitCode, 0, 'the err-long report exits non-zero');
      assert.match(
        outcome.report.text,
        /error common-not-to-higher-layers: src\/common\/__probe-up\.ts/,
      );
      const found = outcome.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
      const cycles = outcome.violations.filter((v) => v.rule.name === 'no-circular');
      assert.equal(cycles.length, 1, describeViolations(cycles));
      assert.deepEqual(
        [cycles[0]!.from, ...(cycles[0]!.cycle ?? []).map((c) => c.name)].sort(),
        ['src/hosts/__cycle-a.ts', 'src/hosts/__cycle-a.ts', 'src/hosts/__cycle-b.ts'],
        'the type-only cycle a → b → a',
      );
      const expected = [
        'common-not-to-higher-layers: src/common/__probe-up.ts → src/cli/command.ts',
        'compare-not-to-report-or-github: src/compare/__probe-report.ts → src/report/index.ts',
        'stages-only-lab-log-format: src/collect/__probe-lab.ts → src/lab/config.ts',
        'src-folder-in-a-layer: src/unplaced/thing.ts → src/common/exit-codes.ts',
        'entries-independent: src/cli/__probe-actions.ts → src/actions/runtime.ts',
        'flows-not-to-higher-layers: src/pipeline/__probe-cli.ts → src/cli/command.ts',
        'collect-only-through-index: src/pipeline/__probe-collect-deep.ts → src/collect/follow/index.ts',
        'collect-lifecycle-to-subfolder-index: src/collect/__probe-deep.ts → src/collect/follow/follow-core.ts',
        'collect-subfolder-to-other-index: src/collect/analyze/__probe-deep.ts → src/collect/proc/proc-sampler.ts',
        'collect-subfolder-not-to-lifecycle: src/collect/proc/__probe-up.ts → src/collect/options.ts',
        'collect-logformat-follow-proc-output-not-up: src/collect/logformat/__probe-up.ts → src/collect/join/index.ts',
      ];
      for (const line of expected)
        assert.ok(found.includes(line), `${line}\nfound:\n${found.join('\n')}`);
      const core = outcome.violations.filter(
        (v) => v.rule.name === 'only-actions-use-actions-toolkit',
      );
      assert.deepEqual(
        core.map((v) => v.from),
        ['src/report/__probe-core.ts'],
      );
      assert.match(core[0]!.to, /node_modules\/@actions\/core\//);
      assert.equal(
        outcome.violations.length,
        expected.length + cycles.length + core.length,
        describeViolations(outcome.violations),
      );
    });
  });
});
