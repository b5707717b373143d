/**
 * The CLI as a clumsy user drives it (issue 9): it never deletes a folder it did not create, refuses
 * durations and ports it cannot honour, and names the file and field of a damaged run folder — each
 * with exit code 2 and one paragraph. Runs the CLI from source (tsx), so it tests this checkout
 * without a build; cli.test.ts runs the committed bundle.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder of the user's: a file and a subfolder with a file. */
async function userFolder(parent: string, name: string): Promise<string> {
  const dir = join(parent, name);
  await mkdir(join(dir, 'sub'), { recursive: true });
  await writeFile(join(dir, 'keep'), 'hi\n');
  await writeFile(join(dir, 'sub', 'keepme.txt'), 'precious\n');
  return dir;
}

function assertUntouched(dir: string): void {
  assert.deepEqual(readdirSync(dir).sort(), ['keep', 'sub']);
  assert.equal(readFileSync(join(dir, 'keep'), 'utf8'), 'hi\n');
  assert.equal(readFileSync(join(dir, 'sub', 'keepme.txt'), 'utf8'), 'precious\n');
}

const demoLabs = (): string[] =>
  readdirSync(tmpdir()).filter((n) => n.startsWith('waf-gate-demo-lab-'));

describe('the CLI never deletes what it did not create', { timeout: 900_000 }, () => {
  let root: string;
  let blocker: Server;
  let busyPort = 0;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'waf-gate-cli-safety-'));
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as { port: number }).port;
  });
  after(async () => {
    blocker.close();
    await rm(root, { recursive: true, force: true });
  });

  it('lab up --dir on a folder of the user, with a busy port: exit 2, folder untouched', async () => {
    const dir = await userFolder(root, 'lab-user');
    const r = cli('lab', 'up', '--dir', dir, '--origin-port', String(busyPort), '--no-install');
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0]!,
      /^waf-gate lab: The folder .* is not empty and was not created by waf-gate/,
    );
    assert.ok(lines[0]!.includes(dir), lines[0]);
    assert.match(lines[0]!, /Pick an empty or new folder with --dir/);
    assertUntouched(dir);
    const down = cli('lab', 'down', '--dir', dir);
    assert.equal(down.status, 0, down.stderr);
    assertUntouched(dir);
  });

  it('demo --out on a folder of the user: exit 2 before any lab starts, folder untouched', async () => {
    const dir = await userFolder(root, 'demo-user');
    const labsBefore = demoLabs();
    const r = cli('demo', '--out', dir, '--no-install');
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /not empty and was not created by waf-gate/);
    assert.match(r.stderr, /--out/);
    assertUntouched(dir);
    assert.deepEqual(demoLabs(), labsBefore);
  });

  it('demo --out / and lab up --dir / are refused', () => {
    const demo = cli('demo', '--out', '/', '--no-install');
    assert.equal(demo.status, 2, demo.stderr);
    assert.match(demo.stderr, /The folder \/ is not empty and was not created by waf-gate/);
    const lab = cli('lab', 'up', '--dir', '/', '--no-install');
    assert.equal(lab.status, 2, lab.stderr);
    assert.match(lab.stderr, /The folder \/ is not empty/);
    assert.equal(existsSync('/.waf-gate-owned'), false);
  });

  it('demo --out: a folder an earlier demo wrote is reused, only the demo files are replaced', async () => {
    const out = join(root, 'demo-out');
    const first = cli('demo', '--out', out, '--rounds', '0', '--no-install');
    assert.equal(first.status, 0, first.stderr);
    const marker = JSON.parse(readFileSync(join(out, '.waf-gate-owned'), 'utf8')) as {
      kind: string;
      entries: string[];
    };
    assert.equal(marker.kind, 'demo-output');
    assert.ok(marker.entries.includes('report.md'), marker.entries.join(','));
    await writeFile(join(out, 'my-notes.txt'), 'mine');
    await writeFile(join(out, 'report.md'), 'stale');
    const second = cli('demo', '--out', out, '--rounds', '0', '--no-install');
    assert.equal(second.status, 0, second.stderr);
    assert.equal(readFileSync(join(out, 'my-notes.txt'), 'utf8'), 'mine');
    assert.notEqual(readFileSync(join(out, 'report.md'), 'utf8'), 'stale');
    assert.ok((await readdir(out)).includes('results.json'));
  });
});

describe('the CLI refuses values it cannot honour', { timeout: 120_000 }, () => {
  it('durations of 0 or beyond 2^31−1 ms, and port 0, exit 2 naming the input', () => {
    const base = ['replay', '--corpus', 'examples', '--domains', 'a.test'];
    for (const [args, pattern] of [
      [[...base, '--target', 'http://127.0.0.1:8080', '--duration', '0'], /duration = "0"/],
      [[...base, '--target', 'http://127.0.0.1:8080', '--duration', '600h'], /duration = "600h"/],
      [[...base, '--target', 'http://127.0.0.1:0'], /target port is a number from 1 to 65535/],
      [['demo', '--round-duration', '600h', '--no-install'], /--round-duration = "600h"/],
      [['lab', 'up', '--origin-port', '0', '--no-install'], /--origin-port = "0"/],
    ] as const) {
      const r = cli(...args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
    }
  });
});

describe('the CLI names the file and field of a damaged run folder', { timeout: 120_000 }, () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'waf-gate-cli-runjson-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('compare with a malformed run.json exits 2, not 3', async () => {
    const baseline = join(root, 'baseline');
    const candidate = join(root, 'candidate');
    await cp('test/fixtures/compare/baseline-pl1', baseline, { recursive: true });
    await cp('test/fixtures/compare/candidate-pl2', candidate, { recursive: true });
    const runFile = join(candidate, 'run.json');
    const record = JSON.parse(readFileSync(runFile, 'utf8')) as { rounds: unknown };
    record.rounds = { first: 1 };
    await writeFile(runFile, JSON.stringify(record));
    const r = cli(
      'compare',
      '--baseline',
      baseline,
      '--candidate',
      candidate,
      '--out',
      join(root, 'out'),
    );
    assert.equal(r.status, 2, r.stderr);
    assert.ok(r.stderr.includes(`${runFile}: `), r.stderr);
    assert.match(r.stderr, /rounds should be a list, but is an object/);
  });

  it('report with a malformed results.json exits 2 naming the field', async () => {
    const file = join(root, 'results.json');
    await writeFile(file, JSON.stringify({ schema: 'waf-gate/results@1', verdict: 'maybe' }));
    const r = cli('report', '--results', file);
    assert.equal(r.status, 2, r.stderr);
    assert.ok(r.stderr.includes(file), r.stderr);
    assert.match(
      r.stderr,
      /verdict should be "pass" or "fail" or "neutral", but is string "maybe"/,
    );
  });
});
