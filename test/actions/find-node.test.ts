/**
 * scripts/find-node.sh on fake runner layouts: a process tree under WAF_GATE_FIND_NODE_ROOT/proc whose
 * ancestor is a Runner.Worker, the runner's externals, a container's /__e mount, a tool cache, PATH and
 * WAF_GATE_NODE, each holding `node` scripts that print a version. Asserts the order of preference, the
 * engines check (package.json's ">=20.18.1", not just major 20), the ::error:: annotation when nothing
 * satisfies, and that every composite action stops at its first step when no node is found.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { parse } from 'yaml';

const SCRIPT = resolve('scripts/find-node.sh');
/** The only programs the script may use: everything else must be a bash builtin. */
const TOOLS = ['bash', 'readlink', 'timeout'];

interface Outcome {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Outcome> {
  return new Promise((done) => {
    execFile(file, args, { env, ...(cwd ? { cwd } : {}) }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ exitCode, stdout, stderr });
    });
  });
}

/** Writes an executable `node` that prints `version` like `node --version` does. */
async function fakeNode(path: string, version: string): Promise<string> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, `#!/bin/sh\necho v${version}\n`);
  await chmod(path, 0o755);
  return path;
}

/** The lines of the ::error:: annotation's message (workflow-command escaping undone). */
function errorMessage(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.startsWith('::error '));
  assert.ok(line, `an ::error:: annotation on stderr:\n${stderr}`);
  assert.match(line, /^::error title=waf-gate%3A no usable Node\.js::/);
  const data = line.slice(line.indexOf('::', 2) + 2);
  return data.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}

describe('scripts/find-node.sh', { timeout: 60_000 }, () => {
  let work: string;
  let tools: string;
  let root: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'waf-gate-find-node-'));
    tools = join(work, 'tools');
    await mkdir(tools);
    for (const tool of TOOLS) {
      const found = await run('/bin/sh', ['-c', `command -v ${tool}`], process.env);
      if (found.exitCode === 0) await symlink(found.stdout.trim(), join(tools, tool));
    }
  });
  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  let layout = 0;
  beforeEach(async () => {
    root = join(work, `root-${++layout}`);
    await mkdir(join(root, 'proc'), { recursive: true });
    // PATH holds the tools only: a node on PATH is added by the tests that want one.
    env = { PATH: tools, WAF_GATE_FIND_NODE_ROOT: root };
  });

  /** The script's parent is this test process: its fake /proc entry links it to a Runner.Worker. */
  async function runnerTree(options: { via: 'exe' | 'cmdline' } = { via: 'exe' }): Promise<string> {
    const runnerDir = join(root, 'actions-runner');
    const worker = join(runnerDir, 'bin', 'Runner.Worker');
    await mkdir(join(runnerDir, 'bin'), { recursive: true });
    await writeFile(worker, '');
    const me = join(root, 'proc', String(process.pid));
    await mkdir(me, { recursive: true });
    await writeFile(join(me, 'status'), 'Name:\tbash\nState:\tS (sleeping)\nPPid:\t4242\n');
    await symlink('/bin/bash', join(me, 'exe'));
    const parent = join(root, 'proc', '4242');
    await mkdir(parent, { recursive: true });
    await writeFile(join(parent, 'status'), 'Name:\tRunner.Worker\nPPid:\t4100\n');
    if (options.via === 'exe') await symlink(worker, join(parent, 'exe'));
    else
      await writeFile(
        join(parent, 'cmdline'),
        [worker, 'spawnclient', '108', '111', ''].join('\0'),
      );
    const listener = join(root, 'proc', '4100');
    await mkdir(listener, { recursive: true });
    await writeFile(join(listener, 'status'), 'Name:\tRunner.Listener\nPPid:\t1\n');
    return runnerDir;
  }

  /** Every source holding a satisfying node, to check which one wins. */
  async function everySource(): Promise<Record<string, string>> {
    const runnerDir = await runnerTree();
    const pathDir = join(root, 'usr-bin');
    const nodes = {
      runner24: await fakeNode(join(runnerDir, 'externals/node24/bin/node'), '24.1.0'),
      runner20: await fakeNode(join(runnerDir, 'externals/node20/bin/node'), '20.19.0'),
      container: await fakeNode(join(root, '__e/node24/bin/node'), '24.2.0'),
      cache: await fakeNode(join(root, 'toolcache/node/22.11.0/x64/bin/node'), '22.11.0'),
      path: await fakeNode(join(pathDir, 'node'), '24.9.0'),
      override: await fakeNode(join(root, 'opt/node/bin/node'), '22.12.0'),
    };
    env.RUNNER_TOOL_CACHE = join(root, 'toolcache');
    env.PATH = `${tools}:${pathDir}`;
    return nodes;
  }

  it("prefers the runner's own node24, found by walking up to the Runner.Worker", async () => {
    const nodes = await everySource();
    const out = await run(SCRIPT, [], env);
    assert.equal(out.exitCode, 0, out.stderr);
    assert.equal(out.stdout, `${nodes.runner24}\n`);
    assert.match(out.stderr, /Node\.js v24\.1\.0 from the runner/);
  });

  it('finds the Runner.Worker from its cmdline when /proc/<pid>/exe cannot be read', async () => {
    const runnerDir = await runnerTree({ via: 'cmdline' });
    const node20 = await fakeNode(join(runnerDir, 'externals/node20/bin/node'), '20.19.0');
    await fakeNode(join(runnerDir, 'externals/node16/bin/node'), '16.20.2');
    const out = await run(SCRIPT, [], env);
    assert.equal(out.exitCode, 0, out.stderr);
    assert.equal(out.stdout, `${node20}\n`);
  });

  it('then the container mount /__e, then the highest satisfying tool cache version, then PATH', async () => {
    const nodes = await everySource();
    await rm(join(root, 'proc', '4242'), { recursive: true }); // no Runner.Worker: a container job
    let out = await run(SCRIPT, [], env);
    assert.equal(out.stdout, `${nodes.container}\n`, out.stderr);

    await rm(join(root, '__e'), { recursive: true });
    await fakeNode(join(root, 'toolcache/node/20.18.1/x64/bin/node'), '20.18.1');
    await fakeNode(join(root, 'toolcache/node/20.10.0/x64/bin/node'), '20.10.0');
    out = await run(SCRIPT, [], env);
    assert.equal(out.stdout, `${nodes.cache}\n`, out.stderr);

    delete env.RUNNER_TOOL_CACHE;
    out = await run(SCRIPT, [], env);
    assert.equal(out.stdout, `${nodes.path}\n`, out.stderr);
  });

  it('WAF_GATE_NODE wins when it satisfies engines, and is skipped with a warning when it does not', async () => {
    const nodes = await everySource();
    let out = await run(SCRIPT, [], { ...env, WAF_GATE_NODE: nodes.override });
    assert.equal(out.stdout, `${nodes.override}\n`, out.stderr);

    const old = await fakeNode(join(root, 'opt/old/bin/node'), '20.10.0');
    out = await run(SCRIPT, [], { ...env, WAF_GATE_NODE: old });
    assert.equal(out.exitCode, 0, out.stderr);
    assert.equal(out.stdout, `${nodes.runner24}\n`);
    assert.match(
      out.stderr,
      /^::warning title=waf-gate%3A WAF_GATE_NODE skipped::WAF_GATE_NODE .*\/opt\/old\/bin\/node: v20\.10\.0 \(older than 20\.18\.1\)/m,
    );
  });

  it('checks the full engines version: v20.10.0 is refused, v20.18.1 accepted', async () => {
    const runnerDir = await runnerTree();
    await fakeNode(join(runnerDir, 'externals/node20/bin/node'), '20.10.0');
    const exact = await fakeNode(join(root, 'toolcache/node/20.18.1/x64/bin/node'), '20.18.1');
    env.RUNNER_TOOL_CACHE = join(root, 'toolcache');
    const out = await run(SCRIPT, [], env);
    assert.equal(out.exitCode, 0, out.stderr);
    assert.equal(out.stdout, `${exact}\n`);
  });

  it('fails with an ::error:: naming each path searched, the version found, and the fix', async () => {
    const runnerDir = await runnerTree();
    await fakeNode(join(runnerDir, 'externals/node20/bin/node'), '20.10.0');
    await fakeNode(join(root, '__e/node16/bin/node'), '16.20.2');
    await fakeNode(join(root, 'toolcache/node/18.20.4/x64/bin/node'), '18.20.4');
    const pathDir = join(root, 'usr-bin');
    await fakeNode(join(pathDir, 'node'), '20.18.0');
    const broken = join(root, 'broken/node');
    await mkdir(join(root, 'broken'));
    await writeFile(broken, '#!/bin/sh\nexit 3\n');
    await chmod(broken, 0o755);
    const out = await run(SCRIPT, [], {
      ...env,
      PATH: `${tools}:${pathDir}`,
      RUNNER_TOOL_CACHE: join(root, 'toolcache'),
      WAF_GATE_NODE: broken,
    });
    assert.equal(out.exitCode, 1);
    assert.equal(out.stdout, '', 'no path printed');
    const message = errorMessage(out.stderr);
    assert.match(message, /needs Node\.js >= 20\.18\.1 \(package\.json engines\.node\)/);
    const expected = [
      `WAF_GATE_NODE ${broken}: did not run or printed no version`,
      `runner ${runnerDir}/externals/node20/bin/node: v20.10.0 (older than 20.18.1)`,
      `container ${root}/__e/node16/bin/node: v16.20.2 (older than 20.18.1)`,
      `tool cache ${root}/toolcache/node/18.20.4/x64/bin/node: v18.20.4 (older than 20.18.1)`,
      `PATH ${pathDir}/node: v20.18.0 (older than 20.18.1)`,
    ];
    for (const line of expected) assert.ok(message.includes(`  - ${line}`), `${line}\n${message}`);
    assert.match(message, /Fix: install Node\.js 20\.18\.1 or newer/);
    assert.match(message, /set WAF_GATE_NODE/);
  });

  it('says where it looked when there is nothing at all', async () => {
    const out = await run(SCRIPT, [], env);
    assert.equal(out.exitCode, 1);
    const message = errorMessage(out.stderr);
    assert.ok(
      message.includes(
        `runner: no Runner.Worker among this step's parent processes (read from ${root}/proc)`,
      ),
    );
    assert.ok(message.includes(`container ${root}/__e/node*/bin/node: none`));
    assert.ok(message.includes('tool cache: RUNNER_TOOL_CACHE is not set'));
    assert.ok(message.includes('PATH: no node'));
  });

  it("reads the minimum from the action's package.json engines, not a built-in major", async () => {
    const action = join(root, 'action');
    await mkdir(join(action, 'scripts'), { recursive: true });
    await copyFile(SCRIPT, join(action, 'scripts/find-node.sh'));
    await chmod(join(action, 'scripts/find-node.sh'), 0o755);
    const pathDir = join(root, 'usr-bin');
    await fakeNode(join(pathDir, 'node'), '22.2.0');
    const write = (engines: unknown): Promise<void> =>
      writeFile(join(action, 'package.json'), JSON.stringify({ name: 'x', engines }, null, 2));
    const script = join(action, 'scripts/find-node.sh');
    const pathEnv = { ...env, PATH: `${tools}:${pathDir}` };

    await write({ node: '>=22.3.0' });
    let out = await run(script, [], pathEnv);
    assert.equal(out.exitCode, 1);
    assert.ok(errorMessage(out.stderr).includes('v22.2.0 (older than 22.3.0)'));

    await write({ node: '>= 22.2.0' });
    out = await run(script, [], pathEnv);
    assert.equal(out.stdout, `${pathDir}/node\n`, out.stderr);

    await write({ node: '^22' });
    out = await run(script, [], pathEnv);
    assert.equal(out.exitCode, 1);
    assert.match(errorMessage(out.stderr), /no engines\.node of the form ">=MAJOR\.MINOR\.PATCH"/);
  });

  it('every composite action fails in its first run step, with the annotation, when no node is found', async () => {
    const actions = ['.', 'install-waf', 'replay-traffic', 'collect-metrics', 'compare-baseline'];
    for (const dir of actions) {
      const action = parse(await readFile(join(dir, 'action.yml'), 'utf8')) as {
        runs: { steps: Array<{ run?: string; shell?: string }> };
      };
      const first = action.runs.steps.find((s) => s.run !== undefined);
      assert.ok(first?.run, `${dir}: has a run step`);
      assert.match(first.run, /scripts\/find-node\.sh/, `${dir}: the first run step finds node`);
      assert.equal(first.shell, 'bash');
      const stepFile = join(root, `step-${dir.replace(/\W/g, '_')}.sh`);
      await writeFile(stepFile, first.run);
      const output = join(root, `output-${dir.replace(/\W/g, '_')}`);
      await writeFile(output, '');
      // How the runner runs a `shell: bash` step.
      const out = await run(
        join(tools, 'bash'),
        ['--noprofile', '--norc', '-eo', 'pipefail', stepFile],
        { ...env, GITHUB_ACTION_PATH: resolve(dir), GITHUB_OUTPUT: output },
      );
      assert.equal(
        out.exitCode,
        1,
        `${dir}: the step fails with find-node's exit code\n${out.stderr}`,
      );
      errorMessage(out.stderr);
      assert.doesNotMatch(
        out.stderr,
        /command not found|No such file/,
        `${dir}: stopped before running node`,
      );
      assert.equal(await readFile(output, 'utf8'), '', `${dir}: no empty node path handed on`);
    }
  });
});
