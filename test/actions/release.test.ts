/**
 * The release: scripts/release.mjs (the workflow's version / package.json / CHANGELOG.md checks and its
 * release notes) run on fixture checkouts, the repository's own CHANGELOG.md, and the shape of
 * .github/workflows/release.yml (schema validation and action pinning are in action-yml.test.ts, which
 * covers every workflow file).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';

const SCRIPT = resolve('scripts/release.mjs');

interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function release(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { cwd, env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) => {
        const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        done({ exitCode, stdout, stderr });
      },
    );
  });
}

const CHANGELOG = `# Changelog

## [Unreleased]

### Added

- Something not released yet.

## [1.3.0-rc.1] - 2026-12-01

### Fixed

- A pre-release fix.

## [1.2.0] - 2026-11-30

### Added

- Feature A.

## [1.1.0]

- Undated.

## [1.0.0] - 2026-01-01

[Unreleased]: https://example.invalid/compare/v1.2.0...HEAD
[1.2.0]: https://example.invalid/releases/tag/v1.2.0
`;

describe('scripts/release.mjs', () => {
  let work: string;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'waf-gate-release-'));
    await writeFile(join(work, 'CHANGELOG.md'), CHANGELOG);
  });
  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });
  const setVersion = (version: string): Promise<void> =>
    writeFile(join(work, 'package.json'), JSON.stringify({ name: 'waf-gate', version }));

  it('check: writes version, major and prerelease to GITHUB_OUTPUT', async () => {
    await setVersion('1.3.0-rc.1');
    const output = join(work, 'github-output');
    await writeFile(output, '');
    const out = await release(work, ['check', '1.3.0-rc.1'], { GITHUB_OUTPUT: output });
    assert.equal(out.exitCode, 0, out.stderr);
    assert.equal(await readFile(output, 'utf8'), 'version=1.3.0-rc.1\nmajor=1\nprerelease=true\n');
  });

  it('notes: prints the section without its heading or the link definitions', async () => {
    const out = await release(work, ['notes', '1.3.0-rc.1']);
    assert.equal(out.exitCode, 0, out.stderr);
    assert.equal(out.stdout, '### Fixed\n\n- A pre-release fix.\n');
  });

  const refusals: Array<[string, string, string, RegExp]> = [
    ['a leading v', '1.3.0-rc.1', 'v1.3.0-rc.1', /without the leading v: 1\.3\.0-rc\.1/],
    ['two numbers', '1.3.0-rc.1', '1.3', /not a semantic version/],
    ['a leading zero', '1.3.0-rc.1', '01.3.0', /not a semantic version/],
    ['build metadata', '1.3.0-rc.1', '1.3.0+build.5', /not a semantic version/],
    ['no section', '1.4.0', '1.4.0', /no "## \[1\.4\.0\] - YYYY-MM-DD" section/],
    ['an undated section', '1.1.0', '1.1.0', /CHANGELOG\.md:\d+: the 1\.1\.0 heading has no date/],
    ['an empty section', '1.0.0', '1.0.0', /CHANGELOG\.md:\d+: the 1\.0\.0 section is empty/],
    [
      'an older section',
      '1.2.0',
      '1.2.0',
      /1\.2\.0 is not the newest release section \(1\.3\.0-rc\.1 at line 9/,
    ],
    [
      'package.json disagreeing',
      '1.2.9',
      '1.3.0-rc.1',
      /package\.json has version 1\.2\.9, not 1\.3\.0-rc\.1/,
    ],
  ];
  for (const [what, pkgVersion, version, message] of refusals) {
    it(`check: refuses ${what}`, async () => {
      await setVersion(pkgVersion);
      const out = await release(work, ['check', version]);
      assert.equal(out.exitCode, 1);
      assert.match(out.stderr, /^::error title=release::/);
      assert.match(out.stderr, message);
      assert.equal(out.stdout, '');
    });
  }
});

describe("the repository's CHANGELOG.md", () => {
  it('has an [Unreleased] section and a dated section for the version in package.json', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const changelog = readFileSync('CHANGELOG.md', 'utf8');
    assert.match(changelog, /^## \[Unreleased\]$/m);
    assert.match(changelog, /keepachangelog\.com/);
    const out = await release(resolve('.'), ['check', pkg.version]);
    assert.equal(out.exitCode, 0, out.stderr);
    assert.match(out.stdout, new RegExp(`^major=${pkg.version.split('.')[0]}$`, 'm'));
  });
});

describe('.github/workflows/release.yml', () => {
  interface Step {
    name?: string;
    run?: string;
    uses?: string;
    env?: Record<string, string>;
  }
  interface Job {
    if?: string;
    needs?: string;
    permissions?: Record<string, string>;
    steps: Step[];
  }
  const text = readFileSync('.github/workflows/release.yml', 'utf8');
  const workflow = parse(text) as {
    on: { workflow_dispatch: { inputs: { version: { required: boolean } } } };
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  const runs = (job: Job): string => job.steps.map((s) => s.run ?? '').join('\n');

  it('is dispatched with a required version, reads only by default, writes only when publishing', () => {
    assert.equal(workflow.on.workflow_dispatch.inputs.version.required, true);
    assert.deepEqual(workflow.permissions, { contents: 'read' });
    const writers = Object.entries(workflow.jobs).filter(([, j]) => j.permissions !== undefined);
    assert.deepEqual(
      writers.map(([name, j]) => [name, j.permissions]),
      [['publish', { contents: 'write' }]],
    );
    assert.equal(workflow.jobs.publish!.needs, 'verify');
    assert.match(workflow.jobs.verify!.if ?? '', /default_branch/);
  });

  it('verifies before publishing: version checks, the tests, a fresh dist/', () => {
    const verify = runs(workflow.jobs.verify!);
    assert.match(verify, /node scripts\/release\.mjs check "\$VERSION"/);
    assert.match(verify, /refs\/tags\/v\$VERSION/);
    assert.match(verify, /bash scripts\/test-all\.sh/);
    assert.match(verify, /node scripts\/build\.mjs[\s\S]*git status --porcelain -- dist/);
  });

  it('tags vX.Y.Z without force, force-moves only vX, and publishes the changelog section', () => {
    const publish = runs(workflow.jobs.publish!);
    const pushes = publish.split('\n').filter((l) => /git push/.test(l));
    assert.deepEqual(
      pushes.map((l) => l.trim()),
      ['git push origin "refs/tags/v$VERSION"', 'git push --force origin "refs/tags/v$MAJOR"'],
    );
    assert.match(
      publish,
      /node scripts\/release\.mjs notes "\$VERSION" > "\$RUNNER_TEMP\/release-notes\.md"/,
    );
    assert.match(
      publish,
      /gh release create "v\$VERSION" --verify-tag[\s\S]*--notes-file "\$RUNNER_TEMP\/release-notes\.md"/,
    );
  });

  it('never interpolates an expression into a script', () => {
    for (const job of Object.values(workflow.jobs))
      for (const step of job.steps) if (step.run) assert.doesNotMatch(step.run, /\$\{\{/);
  });
});
