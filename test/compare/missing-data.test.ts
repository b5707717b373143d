/**
 * Missing data is never a measurement (issue 9): a candidate whose worker was never sampled (wrong
 * master pid file) used to read as "WAF CPU per request −100 %", an improvement hiding a real +35 %.
 * Now such a metric is unknown, the verdict at most neutral (a real regression elsewhere still fails),
 * and the report says why. The same for a quality run whose access log gave no line.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { compareRuns, defaultPolicy } from '../../src/compare/index.js';
import { renderReport } from '../../src/report/index.js';
import { noisyRounds, qualityRequests, writeRun, type FixtureRound } from './fixture-builder.js';

const BASE: FixtureRound = {
  rps: 321,
  cpuMsPerRequest: 3.0,
  p50Us: 58_000,
  p99Us: 140_000,
  rssBytes: 52 * 1024 * 1024,
  cpuPct: 97,
};
/** PL2: CPU per request +35.6 %, throughput about the same (noise). */
const PL2: FixtureRound = { ...BASE, cpuMsPerRequest: 4.07 };

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'waf-gate-compare-missing-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a side without CPU samples', () => {
  for (const mode of ['unlisted', 'listed'] as const) {
    it(`is unknown and neutral, never −100 % (${mode === 'listed' ? 'listed in collect.json' : 'older collect.json: judged by its data'})`, async () => {
      const b = await writeRun(join(root, `b-${mode}`), {
        label: 'baseline',
        version: 'lab:crs-pl1',
        rounds: noisyRounds(5, BASE, { qpsPct: 5, cpuPct: 3 }, 31),
      });
      const c = await writeRun(join(root, `c-${mode}`), {
        label: 'candidate',
        version: 'lab:crs-pl2',
        rounds: noisyRounds(5, PL2, { qpsPct: 5, cpuPct: 3 }, 32),
        noWorkerSamples: mode,
      });
      const cmp = await compareRuns(b, c, defaultPolicy());
      const cpu = cmp.performance!.metrics.find((m) => m.id === 'cpuMsPerRequest')!;
      assert.ok(cpu.unknown, JSON.stringify(cpu));
      assert.match(cpu.unknown, /candidate rounds 1, 2, 3, 4, 5: /);
      if (mode === 'listed') assert.match(cpu.unknown, /master pid file \/run\/nginx-typo\.pid/);
      else assert.match(cpu.unknown, /no process of group "nginx-worker" was sampled/);
      assert.equal(cpu.deltaPct, null);
      assert.equal(cpu.improvement, false);
      assert.equal(cpu.regression, false);
      assert.deepEqual(cpu.candidate, []);
      for (const id of ['cpuPct:nginx-worker', 'rssBytes:nginx-worker']) {
        const m = cmp.performance!.metrics.find((x) => x.id === id)!;
        assert.ok(m.unknown, id);
      }
      const master = cmp.performance!.metrics.find((m) => m.id === 'cpuPct:nginx-master')!;
      assert.equal(master.unknown, undefined, 'the sampled group is still compared');
      assert.equal(cmp.verdict, 'neutral');
      assert.ok(
        cmp.reasons.some(
          (r) => r.severity === 'neutral' && r.message.startsWith('Unknown: WAF CPU per request'),
        ),
      );
      assert.ok(!cmp.reasons.some((r) => /Improvement: WAF CPU/.test(r.message)));
      const report = renderReport(cmp, { maxChars: 1024 * 1024 });
      assert.match(
        report,
        /\| WAF CPU per request \|[^\n]*❔ unknown \(candidate rounds 1, 2, 3, 4, 5: /,
      );
      assert.doesNotMatch(report, /−100/);
      assert.ok(!/\| WAF CPU per request \|[^\n]*improvement/.test(report));
    });
  }

  it('a real regression elsewhere still fails the gate', async () => {
    const b = await writeRun(join(root, 'b-reg'), {
      label: 'baseline',
      version: '1.0',
      rounds: noisyRounds(5, BASE, { qpsPct: 5, cpuPct: 3 }, 41),
    });
    const c = await writeRun(join(root, 'c-reg'), {
      label: 'candidate',
      version: '1.1',
      rounds: noisyRounds(5, { ...BASE, rps: 150, p50Us: 120_000 }, { qpsPct: 5, cpuPct: 3 }, 42),
      noWorkerSamples: 'listed',
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    assert.equal(cmp.verdict, 'fail');
    assert.ok(cmp.performance!.metrics.find((m) => m.id === 'qps')!.regression);
    assert.ok(cmp.performance!.metrics.find((m) => m.id === 'cpuMsPerRequest')!.unknown);
  });

  it('with data on both sides PL2 is the CPU regression it is', async () => {
    const b = await writeRun(join(root, 'b-ok'), {
      label: 'baseline',
      version: 'lab:crs-pl1',
      rounds: noisyRounds(5, BASE, { qpsPct: 5, cpuPct: 3 }, 31),
    });
    const c = await writeRun(join(root, 'c-ok'), {
      label: 'candidate',
      version: 'lab:crs-pl2',
      rounds: noisyRounds(5, PL2, { qpsPct: 5, cpuPct: 3 }, 32),
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    const cpu = cmp.performance!.metrics.find((m) => m.id === 'cpuMsPerRequest')!;
    assert.equal(cpu.unknown, undefined);
    assert.equal(cpu.regression, true);
    assert.ok(cpu.deltaPct! > 25 && cpu.deltaPct! < 45, String(cpu.deltaPct));
    assert.equal(cmp.verdict, 'fail');
  });
});

describe('a quality run whose access log gave no line', () => {
  it('judges blocks by status, reports no false bypasses, and is neutral', async () => {
    const b = await writeRun(join(root, 'q-b'), {
      label: 'baseline',
      version: '2.0',
      quality: qualityRequests(1),
    });
    const c = await writeRun(join(root, 'q-c'), {
      label: 'candidate',
      version: '2.1',
      quality: qualityRequests(1),
      logMissing: true,
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    const q = cmp.quality!;
    assert.equal(q.counts.newPasses, 0, 'a 403 without a log line is not a bypass');
    assert.equal(q.counts.newBlocks, 0);
    assert.equal(q.missing?.length, 1);
    assert.match(q.missing[0]!, /candidate's access log gave no data .*no log line was read/);
    assert.equal(cmp.verdict, 'neutral');
    assert.ok(cmp.reasons.some((r) => r.severity === 'neutral' && r.area === 'quality'));
  });
});

describe('quality runs that share no request', () => {
  it('are neutral with the reason, not a pass over zero compared requests', async () => {
    // As when the candidate read the corpus from another folder (a trusted-ref copy): every key differs.
    const moved = qualityRequests(2).map((r) => ({
      ...r,
      entryKey: `/tmp/waf-gate-trusted-copy/${r.entryKey}`,
    }));
    const b = await writeRun(join(root, 'disjoint-b'), {
      label: 'baseline',
      version: '2.0',
      quality: qualityRequests(1),
    });
    const c = await writeRun(join(root, 'disjoint-c'), {
      label: 'candidate',
      version: '2.1',
      quality: moved,
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    const q = cmp.quality!;
    assert.equal(q.compared, 0);
    assert.ok(q.onlyBaseline > 0 && q.onlyCandidate > 0);
    assert.ok(
      q.missing?.some((m) => /No request could be compared/.test(m)),
      JSON.stringify(q.missing),
    );
    assert.equal(cmp.verdict, 'neutral');
  });
});
