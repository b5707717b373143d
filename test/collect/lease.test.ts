/**
 * The detached collector keeps install-waf's WAF host lock alive (`lock-file`): it renews the lease of
 * its run while it collects, refuses to start for a lock its run does not hold, and when another run
 * takes the lock over it stops renewing and `stop` says so. Real daemon process (under tsx), real lock
 * files through the local host.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  parseCollectOptions,
  startDetached,
  stopDetached,
  type CollectInputs,
} from '../../src/collect/index.ts';
import { isWafGateError } from '../../src/common/errors.ts';
import { silentLogger, type Logger } from '../../src/common/logger.ts';
import { LocalHost } from '../../src/hosts/local.ts';
import { acquireLock, readLock, type LockHolder } from '../../src/install/lock.ts';
import { waitFor } from './helpers.ts';

const LEASE_MS = 3000;

describe('the collector renews the WAF host lock of its run', { timeout: 120_000 }, () => {
  let dir: string;
  let log: string;
  const host = new LocalHost();
  const inputs = (runId: string, lockFile: string): CollectInputs => ({
    'run-id': runId,
    'access-log': log,
    'out-dir': join(dir, runId, 'out'),
    'state-dir': join(dir, runId, 'state'),
    'lock-file': lockFile,
    'poll-interval': '100ms',
    interval: '200ms',
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'waf-gate-collect-lease-'));
    log = join(dir, 'access.log');
    await writeFile(log, '');
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('renews the lease while collecting and leaves the lock to restore', async () => {
    const lockFile = join(dir, 'renew', 'lock.json');
    const taken = await acquireLock(
      host,
      { path: lockFile, leaseMs: LEASE_MS },
      'run-a',
      silentLogger,
    );
    const started = await startDetached(
      parseCollectOptions(inputs('run-a', lockFile)),
      silentLogger,
    );
    let renewed: LockHolder | null = null;
    try {
      // Two renewals after the one at start: the lease moves on while the collector runs.
      const atStart = await readLock(host, lockFile);
      assert.ok(atStart && Date.parse(atStart.renewedAt) >= Date.parse(taken.holder.renewedAt));
      assert.ok(
        await waitFor(async () => {
          renewed = await readLock(host, lockFile);
          return renewed !== null && Date.parse(renewed.renewedAt) > Date.parse(atStart.renewedAt);
        }, 20_000),
        'the lease was renewed while collecting',
      );
    } finally {
      await stopDetached(started.stateDir, 'run-a', {}, silentLogger);
    }
    const holder = renewed as LockHolder | null;
    assert.ok(holder);
    assert.equal(holder.runId, 'run-a');
    assert.equal(holder.startedAt, taken.holder.startedAt, 'renewal keeps the start time');
    assert.equal(holder.leaseMs, LEASE_MS, "renewed with the lock's own lease");
    assert.ok(Date.parse(holder.expiresAt) > Date.parse(taken.holder.expiresAt));
    assert.ok(existsSync(lockFile), 'stop does not release the lock (restore does)');
  });

  it('refuses to start for a lock held by another run, naming it, and leaves no state', async () => {
    const lockFile = join(dir, 'other', 'lock.json');
    await acquireLock(host, { path: lockFile, leaseMs: 60_000 }, 'run-other', silentLogger);
    const options = parseCollectOptions(inputs('run-b', lockFile));
    await assert.rejects(startDetached(options, silentLogger), (error: unknown) => {
      assert.ok(isWafGateError(error));
      assert.equal(error.code, 'E_LOCK_NOT_HELD');
      assert.match(error.message, /Run run-b does not hold .*run run-other/);
      assert.match(error.hint ?? '', /run-id/);
      return true;
    });
    assert.equal(existsSync(options.stateDir), false);
    const noLock = parseCollectOptions(inputs('run-c', join(dir, 'none', 'lock.json')));
    await assert.rejects(startDetached(noLock, silentLogger), /there is no lock/);
  });

  it('stops renewing when another run took the lock over, and stop warns about it', async () => {
    const lockFile = join(dir, 'lost', 'lock.json');
    await acquireLock(host, { path: lockFile, leaseMs: LEASE_MS }, 'run-d', silentLogger);
    const started = await startDetached(
      parseCollectOptions(inputs('run-d', lockFile)),
      silentLogger,
    );
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (m) => warnings.push(m) };
    try {
      await rm(lockFile);
      await acquireLock(host, { path: lockFile, leaseMs: 60_000 }, 'run-intruder', silentLogger);
      const daemonLog = join(started.stateDir, 'daemon.log');
      assert.ok(
        await waitFor(() => readFileSync(daemonLog, 'utf8').includes('no longer holds'), 20_000),
        'the collector noticed the lost lock',
      );
    } finally {
      await stopDetached(started.stateDir, 'run-d', {}, logger);
    }
    assert.equal(
      warnings.filter((w) => /Run run-d no longer holds .*run-intruder/.test(w)).length,
      1,
      warnings.join('\n'),
    );
    const holder = await readLock(host, lockFile);
    assert.equal(holder?.runId, 'run-intruder', "the other run's lock is left alone");
  });
});
