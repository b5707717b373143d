/**
 * Full disk and other write failures (issue 9), with real failing writes: a file that is a symlink to
 * /dev/full gives ENOSPC, a folder under a file gives ENOTDIR. Each failure names the file, leaves no
 * `.tmp` file, and `collect stop` keeps the collector's state (never a running collector without state)
 * and says how to run it again — which then works.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import {
  startCollection,
  startDetached,
  stopDetached,
  parseCollectOptions,
  isCollectorAlive,
} from '../../src/collect/index.ts';
import { waitFor } from './helpers.ts';
import { labLine } from './host-suite.ts';

const fullDiskSkip = existsSync('/dev/full') ? false : 'no /dev/full on this machine';

/** Files of `dir` whose name ends with `.tmp`. */
const tmpFiles = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tmp')) : [];

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'waf-gate-collect-write-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('write failures in a collection', { skip: fullDiskSkip, timeout: 120_000 }, () => {
  it('a full disk under collect.json names the file and leaves no .tmp file', async () => {
    const log = join(dir, 'a.log');
    writeFileSync(log, '');
    const out = join(dir, 'full-out');
    await mkdir(out, { recursive: true });
    symlinkSync('/dev/full', join(out, `collect.json.${process.pid}.tmp`));
    const options = parseCollectOptions({ 'run-id': 'full', 'access-log': log, 'out-dir': out });
    const handle = await startCollection(options, { logger: silentLogger, sample: false });
    await appendFile(log, labLine('a.test', 200));
    await assert.rejects(handle.stop({ settleMs: 200 }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'E_WRITE');
      assert.match(error.message, /Cannot write .*full-out\/collect\.json: ENOSPC/);
      return true;
    });
    assert.deepEqual(tmpFiles(out), []);
    assert.equal(existsSync(join(out, 'collect.json')), false);
  });

  it('an out-dir under a file names the folder (ENOTDIR)', async () => {
    const log = join(dir, 'b.log');
    writeFileSync(log, '');
    const notADir = join(dir, 'plain-file');
    writeFileSync(notADir, 'x');
    const options = parseCollectOptions({
      'run-id': 'notdir',
      'access-log': log,
      'out-dir': join(notADir, 'out'),
    });
    const handle = await startCollection(options, { logger: silentLogger, sample: false });
    await assert.rejects(handle.stop({ settleMs: 0 }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'E_COLLECT_WRITE');
      assert.match(error.message, /Cannot write .*plain-file\/out: ENOTDIR/);
      return true;
    });
  });

  it('a kept-lines file on a full disk is reported, and the counts are still written', async () => {
    const log = join(dir, 'c.log');
    writeFileSync(log, '');
    const out = join(dir, 'lines-out');
    await mkdir(out, { recursive: true });
    symlinkSync('/dev/full', join(out, 'format-errors.log'));
    const options = parseCollectOptions({ 'run-id': 'lines', 'access-log': log, 'out-dir': out });
    const handle = await startCollection(options, { logger: silentLogger, sample: false });
    await appendFile(log, `not a log line\n${labLine('c.test', 403)}`);
    const result = await handle.stop({ settleMs: 200 });
    assert.equal(result.log.formatErrors, 1);
    assert.deepEqual(result.statusCounts, { 'c.test': { '403': 1 } });
    assert.match(result.incomplete ?? '', /cannot write .*format-errors\.log: ENOSPC/);
    assert.equal(result.log.formatErrorsFile, undefined, 'no file claimed that was not written');
  });
});

describe('collect stop on a full disk', { skip: fullDiskSkip, timeout: 120_000 }, () => {
  const inputs = (runId: string, log: string) => ({
    'run-id': runId,
    'access-log': log,
    'out-dir': join(dir, runId, 'out'),
    'state-dir': join(dir, runId, 'state'),
    'poll-interval': '100ms',
    interval: '200ms',
  });

  it('cannot write stop.json: the collector keeps running with its state; stop again works', async () => {
    const log = join(dir, 'd.log');
    writeFileSync(log, '');
    const options = parseCollectOptions(inputs('stopjson', log));
    const started = await startDetached(options, silentLogger);
    const stopFile = join(options.stateDir, 'stop.json');
    symlinkSync('/dev/full', stopFile);
    await appendFile(log, labLine('d.test', 200));
    await assert.rejects(
      stopDetached(options.stateDir, 'stopjson', { settleMs: 200 }, silentLogger),
      (error: Error & { code?: string; hint?: string }) => {
        assert.equal(error.code, 'E_COLLECT_WRITE');
        assert.match(error.message, /Cannot write .*stop\.json: ENOSPC/);
        assert.match(error.hint ?? '', /collect stop --run-id stopjson` again/);
        return true;
      },
    );
    assert.ok(existsSync(join(options.stateDir, 'state.json')), 'state kept');
    assert.ok(isCollectorAlive(started.pid, options.stateDir), 'the collector still runs');
    assert.deepEqual(tmpFiles(options.stateDir), []);
    await rm(stopFile, { force: true });
    const { result } = await stopDetached(
      options.stateDir,
      'stopjson',
      { settleMs: 200 },
      silentLogger,
    );
    assert.deepEqual(result.statusCounts, { 'd.test': { '200': 1 } });
    assert.equal(existsSync(options.stateDir), false);
    assert.ok(await waitFor(() => !isCollectorAlive(started.pid, options.stateDir)));
  });

  it('the collector cannot write collect.json: it exits, the state stays, a second stop finalises', async () => {
    const log = join(dir, 'e.log');
    writeFileSync(log, '');
    const options = parseCollectOptions(inputs('results', log));
    const started = await startDetached(options, silentLogger);
    await mkdir(options.outDir, { recursive: true });
    const temp = join(options.outDir, `collect.json.${started.pid}.tmp`);
    symlinkSync('/dev/full', temp);
    await appendFile(log, labLine('e.test', 403));
    await assert.rejects(
      stopDetached(options.stateDir, 'results', { settleMs: 200 }, silentLogger),
      (error: Error & { code?: string; hint?: string }) => {
        assert.equal(error.code, 'E_WRITE');
        assert.match(error.message, /Cannot write .*results\/out\/collect\.json: ENOSPC/);
        assert.match(error.hint ?? '', /collect stop --run-id results` again/);
        return true;
      },
    );
    assert.equal(isCollectorAlive(started.pid, options.stateDir), false, 'the collector exited');
    assert.ok(existsSync(join(options.stateDir, 'state.json')), 'state kept for the retry');
    assert.deepEqual(tmpFiles(options.outDir), []);
    const { result } = await stopDetached(options.stateDir, 'results', {}, silentLogger);
    assert.deepEqual(result.statusCounts, { 'e.test': { '403': 1 } });
    assert.match(result.incomplete ?? '', /second stop/);
    assert.ok(existsSync(join(options.outDir, 'collect.json')));
    assert.equal(existsSync(options.stateDir), false);
  });
});
