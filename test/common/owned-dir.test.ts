/** Ownership markers: waf-gate cleans only folders it created, and only the entries it created there. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatError, isConfigError } from '../../src/common/errors.ts';
import {
  claimOwnedDir,
  OWNED_MARKER,
  planOwnedEntries,
  recordOwnedEntries,
  releaseOwnedDir,
} from '../../src/common/owned-dir.ts';

const KIND = { kind: 'test-kind', input: '--dir' };

describe('owned folders', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'waf-gate-owned-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a non-empty folder without marker, naming it and what to do, and changes nothing', async () => {
    const dir = join(root, 'user');
    await mkdir(join(dir, 'sub'), { recursive: true });
    await writeFile(join(dir, 'keep'), 'hi\n');
    await assert.rejects(claimOwnedDir(dir, KIND), (error) => {
      assert.ok(isConfigError(error));
      const text = formatError(error);
      assert.match(text, /not empty and was not created by waf-gate/);
      assert.ok(text.includes(dir), text);
      assert.match(text, /Pick an empty or new folder with --dir/);
      return true;
    });
    assert.deepEqual((await readdir(dir)).sort(), ['keep', 'sub']);
    assert.equal(await readFile(join(dir, 'keep'), 'utf8'), 'hi\n');
  });

  it('refuses /, the home folder and the working folder by construction', async () => {
    for (const dir of ['/', homedir(), process.cwd(), dirname(process.cwd())]) {
      await assert.rejects(claimOwnedDir(dir, KIND), (error) => isConfigError(error), dir);
      assert.equal(existsSync(join(dir, OWNED_MARKER)), false, dir);
    }
  });

  it('refuses a file, and a folder a waf-gate run of another kind created', async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    await assert.rejects(claimOwnedDir(file, KIND), /is not a folder/);
    const other = join(root, 'other-kind');
    await claimOwnedDir(other, { kind: 'lab', input: '--dir' });
    await assert.rejects(claimOwnedDir(other, KIND), /for something else/);
  });

  it('writes a marker with tool, kind, time and pid', async () => {
    const owned = await claimOwnedDir(join(root, 'fresh'), KIND);
    const marker = JSON.parse(await readFile(join(owned.dir, OWNED_MARKER), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(marker.tool, 'waf-gate');
    assert.equal(marker.kind, 'test-kind');
    assert.equal(marker.pid, process.pid);
    assert.equal(typeof marker.createdAtMs, 'number');
    assert.match(String(marker.createdAt), /^\d{4}-\d\d-\d\dT/);
  });

  it('reuses its own folder: removes the entries it created before, keeps what someone else added', async () => {
    const dir = join(root, 'reuse');
    const first = await claimOwnedDir(dir, KIND);
    await writeFile(join(dir, 'report.md'), 'old');
    await mkdir(join(dir, 'baseline'));
    await recordOwnedEntries(first);
    await writeFile(join(dir, 'notes-of-the-user.txt'), 'mine');
    const second = await claimOwnedDir(dir, KIND);
    assert.deepEqual((await readdir(dir)).sort(), [OWNED_MARKER, 'notes-of-the-user.txt']);
    assert.deepEqual([...second.foreign], ['notes-of-the-user.txt']);
    await assert.rejects(planOwnedEntries(second, ['notes-of-the-user.txt']), /did not create/);
    await writeFile(join(dir, 'report.md'), 'new');
    await recordOwnedEntries(second);
    assert.equal(await releaseOwnedDir(dir, 'test-kind'), true);
    // The folder stays: it still holds the user's file.
    assert.deepEqual(await readdir(dir), ['notes-of-the-user.txt']);
  });

  it('release removes the folders the claim created, up to the first one that existed', async () => {
    const top = join(root, 'made');
    const dir = join(top, 'by', 'claim');
    const owned = await claimOwnedDir(dir, KIND);
    await planOwnedEntries(owned, ['lab.json']);
    await writeFile(join(dir, 'lab.json'), '{}');
    assert.equal(await releaseOwnedDir(dir, 'test-kind'), true);
    assert.equal(existsSync(top), false);
    assert.equal(existsSync(root), true);
  });

  it('release of an empty folder the user made keeps the folder; without marker it removes nothing', async () => {
    const dir = join(root, 'users-empty');
    await mkdir(dir);
    const owned = await claimOwnedDir(dir, KIND);
    await planOwnedEntries(owned, ['x']);
    await writeFile(join(dir, 'x'), '1');
    assert.equal(await releaseOwnedDir(dir, 'test-kind'), true);
    assert.deepEqual(await readdir(dir), []);
    await writeFile(join(dir, 'x'), '1');
    assert.equal(await releaseOwnedDir(dir, 'test-kind'), false);
    assert.deepEqual(await readdir(dir), ['x']);
  });

  it('ignores a forged marker that lists entries outside the folder', async () => {
    const dir = join(root, 'forged');
    await mkdir(dir);
    await writeFile(join(root, 'victim'), 'v');
    await writeFile(
      join(dir, OWNED_MARKER),
      JSON.stringify({ tool: 'waf-gate', kind: 'test-kind', entries: ['../victim', '..', '.'] }),
    );
    assert.equal(await releaseOwnedDir(dir, 'test-kind'), false);
    assert.equal(existsSync(join(root, 'victim')), true);
  });
});
