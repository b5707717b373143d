import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatError } from '../../src/common/errors.js';
import { compareRuns, defaultPolicy, readResults } from '../../src/compare/index.js';
import { writeComparison } from '../../src/report/index.js';
import {
  FINGERPRINT,
  noisyRounds,
  qualityRequests,
  writeRun,
  type FixtureRound,
} from './fixture-builder.js';

const BASE: FixtureRound = {
  rps: 1000,
  cpuMsPerRequest: 1.0,
  p50Us: 18_000,
  p99Us: 45_000,
  rssBytes: 48 * 1024 * 1024,
  cpuPct: 98,
};

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'waf-gate-compare-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('performance with noise', () => {
  it('flags a slowed candidate (5 rounds each, ±30 % QPS noise, +30 % CPU/request) as a significant regression', async () => {
    const b = await writeRun(join(root, 'slow-b'), {
      label: 'baseline',
      version: '1.4.0',
      rounds: noisyRounds(5, BASE, { qpsPct: 30, cpuPct: 5 }, 11),
    });
    const c = await writeRun(join(root, 'slow-c'), {
      label: 'candidate',
      version: '1.5.0-rc1',
      rounds: noisyRounds(
        5,
        { ...BASE, cpuMsPerRequest: 1.3, rps: 770 },
        { qpsPct: 30, cpuPct: 5 },
        12,
      ),
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    assert.equal(cmp.verdict, 'fail');
    const cpu = cmp.performance!.metrics.find((m) => m.id === 'cpuMsPerRequest')!;
    assert.equal(cpu.significant, true);
    assert.equal(cpu.regression, true);
    assert.ok(cpu.pValue! < 0.05);
    assert.ok(cpu.deltaPct! > 20 && cpu.deltaPct! < 40, `Δ ${cpu.deltaPct}`);
    assert.ok(cpu.ci!.lowPct > 10, 'the whole CI lies beyond the +10 % threshold');
    assert.ok(
      cmp.reasons.some(
        (r) => r.severity === 'fail' && r.message.startsWith('Regression: WAF CPU per request'),
      ),
    );
    assert.equal(cmp.counts.regressions >= 1, true);
  });

  it('flags a strongly slowed candidate as a significant QPS regression', async () => {
    const b = await writeRun(join(root, 'qps-b'), {
      label: 'baseline',
      version: '1.4.0',
      rounds: noisyRounds(5, BASE, { qpsPct: 15, cpuPct: 5 }, 21),
    });
    const c = await writeRun(join(root, 'qps-c'), {
      label: 'candidate',
      version: '1.5.0',
      rounds: noisyRounds(
        5,
        { ...BASE, rps: 450, cpuMsPerRequest: 2.1 },
        { qpsPct: 15, cpuPct: 5 },
        22,
      ),
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    const qps = cmp.performance!.metrics.find((m) => m.id === 'qps')!;
    assert.equal(qps.regression, true, JSON.stringify(qps));
    assert.ok(qps.deltaPct! < -40);
  });

  it('does not flag two builds with identical distributions (5 rounds each, noise only), over 20 seeds', async () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const b = await writeRun(join(root, `aa-b-${seed}`), {
        label: 'baseline',
        version: '1.4.0',
        rounds: noisyRounds(5, BASE, { qpsPct: 30, cpuPct: 5 }, seed * 2),
      });
      const c = await writeRun(join(root, `aa-c-${seed}`), {
        label: 'candidate',
        version: '1.4.1',
        rounds: noisyRounds(5, BASE, { qpsPct: 30, cpuPct: 5 }, seed * 2 + 1),
      });
      const cmp = await compareRuns(b, c, defaultPolicy());
      assert.equal(
        cmp.verdict,
        'pass',
        `seed ${seed}: ${cmp.reasons.map((r) => r.message).join(' / ')}`,
      );
      assert.equal(cmp.counts.regressions, 0);
    }
  });

  it('says a single round is indicative only and never fails on performance alone', async () => {
    const b = await writeRun(join(root, 'one-b'), {
      label: 'baseline',
      version: '1.4.0',
      rounds: [BASE],
    });
    const c = await writeRun(join(root, 'one-c'), {
      label: 'candidate',
      version: '1.5.0',
      rounds: [{ ...BASE, rps: 500, cpuMsPerRequest: 2 }],
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    assert.equal(cmp.verdict, 'pass');
    assert.equal(cmp.performance!.indicativeOnly, true);
    assert.ok(cmp.performance!.notes.some((n) => n.startsWith('Indicative only')));
    assert.ok(cmp.reasons.some((r) => r.message.includes('indicative only')));
  });

  it('warns that 3 rounds per side can never reach p < 0.05', async () => {
    const b = await writeRun(join(root, 'three-b'), {
      label: 'baseline',
      version: '1.4.0',
      rounds: noisyRounds(3, BASE, { qpsPct: 5, cpuPct: 2 }, 3),
    });
    const c = await writeRun(join(root, 'three-c'), {
      label: 'candidate',
      version: '1.5.0',
      rounds: noisyRounds(3, { ...BASE, cpuMsPerRequest: 2 }, { qpsPct: 5, cpuPct: 2 }, 4),
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    assert.equal(cmp.performance!.minAttainablePValue, 0.1);
    assert.ok(cmp.performance!.notes.some((n) => n.includes('cannot reach p < 0.05')));
    assert.equal(cmp.counts.regressions, 0);
  });
});

describe('quality and A/A', () => {
  it('PL2 vs PL1: fails and lists the requests PL2 newly blocks with rule ids and origins', async () => {
    const b = await writeRun(join(root, 'pl1'), {
      label: 'baseline',
      version: 'lab:crs-pl1',
      quality: qualityRequests(1),
    });
    const c = await writeRun(join(root, 'pl2'), {
      label: 'candidate',
      version: 'lab:crs-pl2',
      quality: qualityRequests(2),
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    assert.equal(cmp.verdict, 'fail');
    const q = cmp.quality!;
    assert.equal(q.counts.newBlocks, 6);
    assert.equal(q.counts.newPasses, 0);
    assert.equal(q.source.candidate, 'joined');
    const cart = q.changes.find((ch) => ch.path === '/cart' && ch.domain === 'app.test')!;
    assert.equal(cart.kind, 'new-block');
    assert.deepEqual(cart.candidate.ruleIds, ['942440', '949110']);
    assert.deepEqual(cart.origin, { file: 'corpus/benign.txt', index: 7, line: 43 });
    assert.equal(cart.requestLine, 'GET /cart?coupon=SAVE--10');
    // The group names the rules the candidate fired that the baseline did not.
    assert.ok(q.groups.some((g) => g.ruleId === '942440 949110' && g.count === 1));
  });

  it('a new block names the rules only the candidate fired, not the first rule both fired', async () => {
    const cart = (r: { entryKey: string; domain: string }) =>
      r.entryKey === 'corpus/benign.txt#7' && r.domain === 'app.test';
    // The baseline saw 942440 too but stayed under the anomaly threshold; the candidate adds 942999.
    const b = await writeRun(join(root, 'rules-b'), {
      label: 'baseline',
      version: 'v1',
      quality: qualityRequests(1).map((r) => (cart(r) ? { ...r, ruleIds: ['942440'] } : r)),
    });
    const c = await writeRun(join(root, 'rules-c'), {
      label: 'candidate',
      version: 'v2',
      quality: qualityRequests(1).map((r) =>
        cart(r) ? { ...r, status: 403, blocked: true, ruleIds: ['942440', '942999', '949110'] } : r,
      ),
    });
    const q = (await compareRuns(b, c, defaultPolicy())).quality!;
    assert.deepEqual(
      q.groups.filter((g) => g.kind === 'new-block').map((g) => g.ruleId),
      ['942999 949110'],
    );
  });

  it('A/A on identical quality data reports no quality difference and passes (baseline against itself)', async () => {
    const dir = await writeRun(join(root, 'aa-self'), {
      label: 'baseline',
      version: 'lab:crs-pl1',
      quality: qualityRequests(1),
      rounds: noisyRounds(5, BASE, { qpsPct: 30, cpuPct: 5 }, 5),
    });
    const cmp = await compareRuns(dir, dir, defaultPolicy());
    assert.equal(cmp.verdict, 'pass');
    assert.equal(cmp.mode, 'aa');
    assert.equal(cmp.quality!.changes.length, 0);
    assert.equal(cmp.quality!.domains.filter((d) => d.flagged).length, 0);
    assert.ok(cmp.performance!.noiseFloor!.length > 0);
    assert.ok(cmp.performance!.metrics.every((m) => m.deltaPct === 0 && !m.regression));
  });

  it('A/A with two run directories of the same build reports the noise floor and no quality difference', async () => {
    const b = await writeRun(join(root, 'aa2-b'), {
      label: 'baseline',
      version: 'lab:crs-pl1',
      quality: qualityRequests(1),
      rounds: noisyRounds(5, BASE, { qpsPct: 30, cpuPct: 5 }, 50),
    });
    const c = await writeRun(join(root, 'aa2-c'), {
      label: 'candidate',
      version: 'lab:crs-pl1',
      quality: qualityRequests(1),
      rounds: noisyRounds(5, BASE, { qpsPct: 30, cpuPct: 5 }, 51),
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    assert.equal(cmp.mode, 'aa');
    assert.equal(cmp.verdict, 'pass');
    assert.equal(
      cmp.counts.newBlocks +
        cmp.counts.newPasses +
        cmp.counts.newErrors +
        cmp.counts.flaggedDomains,
      0,
    );
    const qpsNoise = cmp.performance!.noiseFloor!.find((n) => n.id === 'qps')!;
    assert.ok(qpsNoise.baselineCvPct > 5, 'the ±30 % QPS noise shows in the noise floor');
  });

  it('new passes, new 5xx / no answer, crashes and error-log findings fail the gate', async () => {
    const base = qualityRequests(1, ['app.test']);
    const cand = base.map((r) => {
      if (r.entryKey === 'corpus/attacks.yaml#2')
        return { ...r, status: 200, blocked: false, ruleIds: [] };
      if (r.entryKey === 'corpus/benign.txt#0') return { ...r, status: 502 };
      if (r.entryKey === 'corpus/benign.txt#1') return { ...r, status: null };
      return r;
    });
    const b = await writeRun(join(root, 'np-b'), {
      label: 'baseline',
      version: '2.0',
      quality: base,
    });
    const c = await writeRun(join(root, 'np-c'), {
      label: 'candidate',
      version: '2.1',
      quality: cand,
      crashes: [
        {
          pid: 4242,
          group: 'nginx-worker',
          lastSeenMs: 1,
          goneAtMs: 2,
          signal: 'SIGSEGV',
          detail: 'worker process 4242 exited on signal 11',
        },
      ],
      findings: [
        {
          kind: 'alert',
          line: '2026/11/20 09:00:01 [alert] 4000#4000: worker process 4242 exited on signal 11',
          lineNumber: 17,
        },
      ],
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    assert.equal(cmp.verdict, 'fail');
    assert.equal(cmp.counts.newPasses, 1);
    assert.equal(cmp.counts.newErrors, 2);
    assert.equal(cmp.counts.crashes, 1);
    assert.equal(cmp.counts.findings, 1);
    assert.equal(cmp.quality!.candidateErrors.length, 2);
    const messages = cmp.reasons.filter((r) => r.severity === 'fail').map((r) => r.message);
    assert.ok(messages.some((m) => m.includes('possible bypasses')));
    assert.ok(messages.some((m) => m.includes('WAF process crash') && m.includes('SIGSEGV')));
    // The origin's status counts change too: new status 502 and "none" flag the domain.
    assert.ok(
      cmp.quality!.domains[0]!.statuses.some(
        (s) => s.status === '502' && s.flag === 'new-status' && s.deltaPct === null,
      ),
    );
  });

  it('falls back to outcomes.jsonl statuses when collect has no join', async () => {
    const b = await writeRun(join(root, 'nj-b'), {
      label: 'baseline',
      version: 'a',
      quality: qualityRequests(1),
      withJoin: false,
    });
    const c = await writeRun(join(root, 'nj-c'), {
      label: 'candidate',
      version: 'b',
      quality: qualityRequests(2),
      withJoin: false,
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    assert.equal(cmp.quality!.source.baseline, 'outcomes');
    assert.equal(cmp.quality!.counts.newBlocks, 6, '403 counts as blocked by default');
  });
});

describe('baselines and refusals', () => {
  it('refuses runs of different corpora and shows both fingerprints', async () => {
    const b = await writeRun(join(root, 'fp-b'), {
      label: 'baseline',
      version: '1',
      quality: qualityRequests(1),
    });
    const c = await writeRun(join(root, 'fp-c'), {
      label: 'candidate',
      version: '2',
      quality: qualityRequests(1),
      corpusFingerprint: 'sha256:0000aaaa',
    });
    await assert.rejects(compareRuns(b, c, defaultPolicy()), (error: unknown) => {
      const text = formatError(error);
      assert.match(text, new RegExp(FINGERPRINT));
      assert.match(text, /sha256:0000aaaa/);
      assert.equal((error as { code: string }).code, 'E_CONFIG');
      return true;
    });
  });

  it('refuses pressure rounds of different load shapes and shows both', async () => {
    const b = await writeRun(join(root, 'sh-b'), {
      label: 'baseline',
      version: '1',
      rounds: [BASE, BASE],
    });
    const c = await writeRun(join(root, 'sh-c'), {
      label: 'candidate',
      version: '2',
      rounds: [BASE, BASE],
      pressureShape: { mode: 'pressure', connections: 50, keepAlive: true, durationMs: 10_000 },
    });
    await assert.rejects(compareRuns(b, c, defaultPolicy()), /"connections":20.*"connections":50/);
  });

  it('gives a neutral verdict with an explanation when there is no baseline', async () => {
    const c = await writeRun(join(root, 'nb-c'), {
      label: 'candidate',
      version: '2',
      quality: qualityRequests(2),
    });
    const none = await compareRuns(null, c, defaultPolicy());
    assert.equal(none.verdict, 'neutral');
    assert.equal(none.baseline, null);
    assert.match(none.reasons[0]!.message, /^No baseline: .*nothing to compare against/);
    const missing = await compareRuns(join(root, 'does-not-exist'), c, defaultPolicy());
    assert.equal(missing.verdict, 'neutral');
    assert.match(missing.reasons[0]!.message, /holds no run\.json/);
  });

  it('writes results.json with a top-level verdict, report.md and every changed request', async () => {
    const b = await writeRun(join(root, 'w-b'), {
      label: 'baseline',
      version: 'lab:crs-pl1',
      quality: qualityRequests(1),
    });
    const c = await writeRun(join(root, 'w-c'), {
      label: 'candidate',
      version: 'lab:crs-pl2',
      quality: qualityRequests(2),
    });
    const cmp = await compareRuns(b, c, defaultPolicy());
    const written = await writeComparison(cmp, join(root, 'w-out'));
    const results = await readResults(written.resultsFile);
    assert.equal(results.verdict, 'fail');
    assert.equal(results.counts.newBlocks, 6);
    assert.equal(results.comparison.quality!.changes.length, 6);
    const { readFile } = await import('node:fs/promises');
    assert.equal((await readFile(written.changesFile, 'utf8')).trim().split('\n').length, 6);
    assert.match(
      await readFile(written.reportFile, 'utf8'),
      /^<!-- waf-gate:report -->\n\n## ❌ waf-gate: FAIL/,
    );
  });
});
