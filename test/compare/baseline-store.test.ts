import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readJsonFile } from '../../src/common/json-file.js';
import {
  DirectoryBaselineStore,
  baselineKeyOf,
  setupHash,
  shapeHash,
} from '../../src/compare/index.js';
import type { RunRecord } from '../../src/compare/types.js';
import { FINGERPRINT, SHAPE, qualityRequests, writeRun } from './fixture-builder.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'waf-gate-store-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const round = {
  rps: 1000,
  cpuMsPerRequest: 1,
  p50Us: 1000,
  p99Us: 5000,
  rssBytes: 1e7,
  cpuPct: 90,
};

describe('DirectoryBaselineStore', () => {
  it('keys by version, corpus fingerprint, mode and load shape', async () => {
    const dir = await writeRun(join(root, 'run-a'), {
      label: 'baseline',
      version: '1.4.0/el9',
      quality: qualityRequests(1),
      rounds: [round],
    });
    const key = baselineKeyOf(await readJsonFile<RunRecord>(join(dir, 'run.json')));
    assert.deepEqual(key, {
      version: '1.4.0/el9',
      corpusFingerprint: FINGERPRINT,
      mode: 'quality+pressure',
      shapeHash: shapeHash(SHAPE),
      setupHash: 'none',
    });
    assert.equal(
      shapeHash({ ...SHAPE }),
      shapeHash({ durationMs: 10_000, keepAlive: true, connections: 20, mode: 'pressure' }),
      'key order does not matter',
    );
    assert.notEqual(shapeHash(SHAPE), shapeHash({ ...SHAPE, connections: 21 }));
  });

  it('keys by the measuring setup: WAF host and domains (in any order)', () => {
    const setup = { wafHost: 'local:bench-01', domains: ['a.test', 'b.test'] };
    assert.match(setupHash(setup), /^[0-9a-f]{8}$/);
    assert.equal(setupHash(setup), setupHash({ ...setup, domains: ['b.test', 'a.test'] }));
    assert.notEqual(setupHash(setup), setupHash({ ...setup, wafHost: 'local:bench-02' }));
    assert.notEqual(setupHash(setup), setupHash({ ...setup, domains: ['a.test'] }));
    assert.equal(setupHash({}), 'none');
  });

  it('saves and finds by exact version, or the newest of any version', async () => {
    const store = new DirectoryBaselineStore(join(root, 'store'));
    const older = await writeRun(join(root, 'v1'), {
      label: 'baseline',
      version: '1.4.0',
      quality: qualityRequests(1),
      createdAtMs: 1000,
    });
    const newer = await writeRun(join(root, 'v2'), {
      label: 'baseline',
      version: '1.5.0',
      quality: qualityRequests(1),
      createdAtMs: 2000,
    });
    const k1 = baselineKeyOf(await readJsonFile<RunRecord>(join(older, 'run.json')));
    const k2 = baselineKeyOf(await readJsonFile<RunRecord>(join(newer, 'run.json')));
    const saved = await store.save(k1, older);
    assert.equal(basename(saved), `1.4.0-${FINGERPRINT.slice(7, 19)}-quality-none-none`);
    await store.save(k2, newer);
    assert.equal(await store.find(k1), saved);
    const { version: _v, ...anyVersion } = k1;
    assert.equal(
      basename((await store.find(anyVersion))!),
      basename((await store.find(k2)) as string),
    );
    assert.equal(await store.find({ ...k1, corpusFingerprint: 'sha256:ffff' }), null);
    assert.equal(await store.find({ ...k1, mode: 'pressure' }), null);
    assert.equal(await new DirectoryBaselineStore(join(root, 'empty')).find(anyVersion), null);
    // Saving again replaces the old copy.
    assert.equal(await store.save(k1, newer), saved);
    const record = await readJsonFile<RunRecord>(join(saved, 'run.json'));
    assert.equal(record.build.version, '1.5.0');
  });
});
