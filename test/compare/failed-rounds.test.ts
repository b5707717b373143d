/**
 * Failed pressure rounds in run.json (issue 13, part 3): compare leaves them out of the statistics,
 * lists them (round, attempt, build, why) in the report, says when a build fell short of its rounds,
 * and refuses a damaged `failedRounds` with the file and field.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '../../src/common/errors.js';
import { compareRuns, defaultPolicy } from '../../src/compare/index.js';
import type { RunRecord } from '../../src/compare/types.js';
import { renderReport } from '../../src/report/index.js';
import { noisyRounds, writeRun, type FixtureRound } from './fixture-builder.js';

const BASE: FixtureRound = {
  rps: 400,
  cpuMsPerRequest: 2.0,
  p50Us: 40_000,
  p99Us: 120_000,
  rssBytes: 50 * 1024 * 1024,
  cpuPct: 90,
};

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'waf-gate-compare-failed-'));
});
after(() => rm(root, { recursive: true, force: true }));

/** A candidate of 4 written rounds whose 4th (rps 10, far off) becomes a failed attempt in run.json. */
async function runs(name: string, patch: (r: RunRecord) => void): Promise<[string, string]> {
  const b = await writeRun(join(root, name, 'baseline'), {
    label: 'baseline',
    version: 'v1',
    rounds: noisyRounds(3, BASE, { qpsPct: 3, cpuPct: 2 }, 7),
  });
  const rounds = [...noisyRounds(3, BASE, { qpsPct: 3, cpuPct: 2 }, 8), { ...BASE, rps: 10 }];
  const c = await writeRun(join(root, name, 'candidate'), {
    label: 'candidate',
    version: 'v2',
    rounds,
  });
  const file = join(c, 'run.json');
  const record = JSON.parse(await readFile(file, 'utf8')) as RunRecord;
  const failed = record.rounds.pop()!;
  record.failedRounds = [
    {
      round: 3,
      attempt: 4,
      reasons: ['error rate 7.00 % (70 of 1000) above max-error-rate 1.00 %'],
      replayFile: failed.replayFile,
      collectFile: failed.collectFile,
    },
  ];
  record.roundPlan = { wanted: 4, maxAttempts: 4, attempts: 4 };
  patch(record);
  await writeFile(file, JSON.stringify(record));
  return [b, c];
}

describe('failed rounds in compare', () => {
  it('leaves them out of the statistics and lists them with round, attempt, build and why', async () => {
    const [b, c] = await runs('ok', () => undefined);
    const cmp = await compareRuns(b, c, defaultPolicy());
    const perf = cmp.performance!;
    assert.deepEqual(perf.rounds, { baseline: 3, candidate: 3 });
    const qps = perf.metrics.find((m) => m.id === 'qps')!;
    assert.equal(qps.candidate.length, 3);
    assert.ok(!qps.candidate.includes(10), 'the failed round is not a value');
    assert.deepEqual(perf.excludedRounds, [
      {
        side: 'candidate',
        round: 3,
        attempt: 4,
        reason: 'error rate 7.00 % (70 of 1000) above max-error-rate 1.00 %',
      },
    ]);
    assert.ok(
      perf.notes.some((n) =>
        /candidate reached only 3 of 4 successful rounds in 4 attempts/.test(n),
      ),
    );
    const md = renderReport(cmp, { maxChars: 65_535 });
    assert.match(md, /#### Failed rounds/);
    assert.match(
      md,
      /\| 3 \| 4 \| candidate \| error rate 7\.00 % \(70 of 1000\) above max-error-rate 1\.00 % \|/,
    );
    assert.match(md, /candidate reached only 3 of 4 successful rounds/);
  });

  it('refuses a failedRounds entry without a valid attempt, naming the field', async () => {
    const [b, c] = await runs('bad', (r) => {
      (r.failedRounds![0] as { attempt: unknown }).attempt = 'four';
    });
    await assert.rejects(
      compareRuns(b, c, defaultPolicy()),
      (e: unknown) =>
        e instanceof ConfigError &&
        /failedRounds\[0\]\.attempt/.test(`${e.message} ${JSON.stringify(e.context)}`),
    );
  });
});
