/**
 * Damaged run folders: a malformed run.json, replay.json, collect.json or results.json is a ConfigError
 * naming the file and the JSON field (exit 2), and no path named in them may lead out of the run folder.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readResults } from '../../src/compare/index.ts';
import { loadRunDir, readRequestRecords } from '../../src/compare/run-dir.ts';
import { formatError, isConfigError } from '../../src/common/errors.ts';
import { silentLogger } from '../../src/common/logger.ts';

const FIXTURE = 'test/fixtures/compare/baseline-pl1';

type Json = Record<string, unknown>;

async function editJson(file: string, edit: (doc: Json) => unknown): Promise<void> {
  const doc = JSON.parse(await readFile(file, 'utf8')) as Json;
  const next = edit(doc);
  await writeFile(file, JSON.stringify(next === undefined ? doc : next));
}

/** Asserts a ConfigError whose one-paragraph text holds every pattern. */
async function rejectsNaming(promise: Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(isConfigError(error), `not a ConfigError: ${String(error)}`);
    const text = formatError(error);
    for (const p of patterns) assert.match(text, p);
    return true;
  });
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('run folder documents', () => {
  let root: string;
  let n = 0;
  /** A fresh copy of the fixture run folder. */
  async function runDir(): Promise<string> {
    const dir = join(root, `run-${(n += 1)}`);
    await cp(FIXTURE, dir, { recursive: true });
    return dir;
  }
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'waf-gate-run-json-'));
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('the fixture itself loads (the checks accept what waf-gate writes)', async () => {
    const run = await loadRunDir(await runDir(), silentLogger);
    assert.equal(run.rounds.length, 5);
    assert.ok(await readRequestRecords(run));
  });

  it('run.json: a wrong field type names the file, the field path and what was expected', async () => {
    const dir = await runDir();
    const runFile = join(dir, 'run.json');
    await editJson(runFile, (d) => {
      (d.rounds as Json[])[1]!.replayFile = 42;
    });
    await rejectsNaming(
      loadRunDir(dir, silentLogger),
      new RegExp(`^${esc(runFile)}: `),
      /rounds\[1\]\.replayFile should be a non-empty string, but is number 42/,
    );
  });

  it('run.json: not an object, a missing list, a missing build', async () => {
    const cases: Array<[(d: Json) => unknown, RegExp]> = [
      [() => null, /\(document\) should be an object, but is null/],
      [
        (d) => void (d.schema = 'waf-gate/run@9'),
        /Unsupported run record schema "waf-gate\/run@9"/,
      ],
      [() => [1, 2], /\(document\) should be an object, but is a list/],
      [(d) => void (d.rounds = 'all'), /rounds should be a list, but is string "all"/],
      [(d) => void delete d.build, /build should be an object, but is missing/],
      [(d) => void (d.createdAtMs = '2026'), /createdAtMs should be a number ≥ 0/],
    ];
    for (const [edit, pattern] of cases) {
      const dir = await runDir();
      await editJson(join(dir, 'run.json'), edit);
      await rejectsNaming(loadRunDir(dir, silentLogger), /run\.json: /, pattern);
    }
  });

  it('replay.json and collect.json: damaged fields are named with their file', async () => {
    const dir = await runDir();
    const replayFile = join(dir, 'rounds', '3', 'replay.json');
    await editJson(replayFile, (d) => void delete d.totals);
    await rejectsNaming(
      loadRunDir(dir, silentLogger),
      new RegExp(`^${esc(replayFile)}: The replay results \\(replay\\.json\\) is malformed`),
      /totals should be an object, but is missing/,
    );
    const dir2 = await runDir();
    const collectFile = join(dir2, 'quality', 'collect.json');
    await editJson(collectFile, (d) => void (d.crashes = { pid: 1 }));
    await rejectsNaming(
      loadRunDir(dir2, silentLogger),
      new RegExp(`^${esc(collectFile)}: `),
      /crashes should be a list, but is an object/,
    );
  });

  it('run.json paths may not leave the run folder: .., absolute, or through a symbolic link', async () => {
    for (const value of ['../../../../../../etc/passwd', '/etc/passwd']) {
      const dir = await runDir();
      await editJson(join(dir, 'run.json'), (d) => {
        (d.quality as Json).replayFile = value;
      });
      await rejectsNaming(
        loadRunDir(dir, silentLogger),
        /run\.json: quality\.replayFile points outside the run folder/,
        new RegExp(esc(JSON.stringify(value))),
      );
    }
    const dir = await runDir();
    const outside = join(root, 'outside-replay.json');
    await cp(join(dir, 'rounds', '2', 'replay.json'), outside);
    await rm(join(dir, 'rounds', '2', 'replay.json'));
    await symlink(outside, join(dir, 'rounds', '2', 'replay.json'));
    await rejectsNaming(
      loadRunDir(dir, silentLogger),
      /rounds\[1\]\.replayFile points outside the run folder/,
    );
  });

  it('files named inside replay.json and collect.json stay inside the run folder too', async () => {
    const dir = await runDir();
    await editJson(join(dir, 'quality', 'replay.json'), (d) => {
      d.outcomesFile = '../../outcomes.jsonl';
    });
    const run = await loadRunDir(dir, silentLogger);
    await rejectsNaming(
      readRequestRecords(run),
      /replay\.json: outcomesFile points outside the run folder/,
    );
  });
});

describe('results.json', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-results-json-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a damaged results.json names the file and the field instead of failing later', async () => {
    const file = join(dir, 'results.json');
    const cases: Array<[unknown, RegExp]> = [
      [null, /Not a waf-gate results file/],
      [{ schema: 'waf-gate/results@1' }, /verdict should be "pass" or "fail" or "neutral"/],
      [
        { schema: 'waf-gate/results@1', verdict: 'fail', reasons: [], counts: {}, comparison: {} },
        /comparison\.schema should be "waf-gate\/comparison@1", but is missing/,
      ],
      [
        {
          schema: 'waf-gate/results@1',
          verdict: 'fail',
          reasons: ['x'],
          counts: { newBlocks: 'many' },
          comparison: {},
        },
        /counts\.newBlocks should be a number ≥ 0, but is string "many"/,
      ],
    ];
    for (const [doc, pattern] of cases) {
      await writeFile(file, JSON.stringify(doc));
      await rejectsNaming(readResults(file), new RegExp(`^${esc(file)}: `), pattern);
    }
  });
});
