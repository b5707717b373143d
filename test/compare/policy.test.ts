import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { formatError, isConfigError } from '../../src/common/errors.js';
import { parseCompareOptions } from '../../src/compare/options.js';
import {
  applyPolicyInputs,
  compareRuns,
  defaultPolicy,
  loadPolicyFile,
  parsePolicy,
} from '../../src/compare/index.js';
import { domainStatusRows } from '../../src/compare/quality.js';
import { qualityRequests, writeRun } from './fixture-builder.js';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'waf-gate-policy-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const POLICY = `# waf-gate policy
alpha: 0.01
quality:
  statusIncreasePct: 15
  minDelta: 3
  blockStatuses: [403, 406]
performance:
  regressionRule: median
  metrics:
    qps: { thresholdPct: 12 }
    latencyP99Us: 30
    cpuPct: null
domains:
  api.test:
    quality: { maxNewBlocks: 10 }
    metrics: { qps: { thresholdPct: 25 } }
ignore:
  - ruleId: "942440"
    reason: "CRS-1234: coupon codes with -- are legitimate"
  - path: ^/static/
    domain: app.test
    reason: static files are not served by the WAF in production
`;

describe('policy file', () => {
  it('reads thresholds, overrides and ignore rules (YAML)', async () => {
    const file = join(root, 'policy.yml');
    await writeFile(file, POLICY);
    const p = await loadPolicyFile(file);
    assert.equal(p.source, file);
    assert.equal(p.alpha, 0.01);
    assert.equal(p.quality.statusIncreasePct, 15);
    assert.equal(p.quality.minDelta, 3);
    assert.equal(p.quality.maxNewBlocks, 0, 'unset keys keep their defaults');
    assert.deepEqual(p.quality.blockStatuses, [403, 406]);
    assert.equal(p.performance.regressionRule, 'median');
    assert.equal(p.performance.metrics.qps.thresholdPct, 12);
    assert.equal(p.performance.metrics.latencyP99Us.thresholdPct, 30);
    assert.equal(p.performance.metrics.cpuPct.thresholdPct, null);
    assert.equal(p.performance.metrics.cpuMsPerRequest.thresholdPct, 10);
    assert.equal(p.domains['api.test']!.quality!.maxNewBlocks, 10);
    assert.equal(p.ignore.length, 2);
    assert.equal(p.ignore[0]!.line, 18);
  });

  it('reads JSON too', () => {
    const p = parsePolicy(
      '{"alpha": 0.1, "ignore": [{"entryKey": "c.txt#1", "reason": "flaky upstream"}]}',
      'p.json',
    );
    assert.equal(p.alpha, 0.1);
    assert.equal(p.ignore[0]!.entryKey, 'c.txt#1');
  });

  const bad: [string, string, RegExp][] = [
    [
      'ignore without reason',
      'ignore:\n  - path: ^/x\n',
      /p\.yml:2: Each ignore rule needs a "reason"/,
    ],
    [
      'unknown key',
      'quality:\n  minDelta: 3\n  maxNewBlock: 2\n',
      /p\.yml:3: Unknown key "maxNewBlock" in "quality"\..*Accepted keys: .*maxNewBlocks/,
    ],
    [
      'wrong type',
      'alpha: lots\n',
      /p\.yml:1: "alpha" must be a number from 0\.0001 to 0\.5\. \(input alpha = "lots"\)/,
    ],
    [
      'two matchers',
      'ignore:\n  - path: a\n    ruleId: "1"\n    reason: r\n',
      /p\.yml:2: Each ignore rule needs exactly one of entryKey, path or ruleId/,
    ],
    [
      'bad regex',
      'ignore:\n  - path: "(["\n    reason: r\n',
      /p\.yml:2: Invalid regular expression/,
    ],
    ['syntax error', 'quality:\n  minDelta: [1,\n', /p\.yml:\d+: The policy file does not parse/],
    [
      'bad rule',
      'performance:\n  regressionRule: sometimes\n',
      /p\.yml:2: Expected "confident" or "median"/,
    ],
  ];
  for (const [name, text, pattern] of bad) {
    it(`names file and line for: ${name}`, () => {
      assert.throws(
        () => parsePolicy(text, 'p.yml'),
        (error: unknown) => {
          assert.match(formatError(error), pattern);
          return true;
        },
      );
    });
  }

  it('a missing file is a ConfigError naming it', async () => {
    await assert.rejects(loadPolicyFile(join(root, 'nope.yml')), (error: unknown) =>
      /nope\.yml: Cannot read the policy file/.test(formatError(error)),
    );
  });

  it('threshold options override the file; the compare schema validates them', () => {
    const p = applyPolicyInputs(defaultPolicy(), { 'qps-threshold-pct': 15, alpha: 0.01 });
    assert.equal(p.performance.metrics.qps.thresholdPct, 15);
    assert.equal(p.alpha, 0.01);
    assert.equal(p.quality.minDelta, 5);
    const parsed = parseCompareOptions({
      candidate: 'c',
      'qps-threshold-pct': '15',
      alpha: '0.01',
      'min-delta': '',
    });
    assert.deepEqual(parsed.policyInputs, { 'qps-threshold-pct': 15, alpha: 0.01 });
    assert.throws(
      () => parseCompareOptions({ candidate: 'c', alpha: '2' }),
      (e: unknown) =>
        isConfigError(e) &&
        e.input === 'alpha' &&
        /Expected a number from 0\.0001 to 0\.5/.test(e.message),
    );
  });
});

describe('per-domain anomaly rule', () => {
  const t = { statusIncreasePct: 10, minDelta: 5, newStatusMinCount: 1 };
  it('a baseline count of 0 is a new status, never a division by zero', () => {
    const rows = domainStatusRows({ '200': 100, '404': 0 }, { '200': 90, '404': 3, '403': 7 }, t);
    const s403 = rows.find((r) => r.status === '403')!;
    assert.equal(s403.deltaPct, null);
    assert.equal(s403.flag, 'new-status');
    const s404 = rows.find((r) => r.status === '404')!;
    assert.equal(s404.deltaPct, null);
    assert.equal(s404.flag, 'new-status');
    assert.ok(rows.every((r) => r.deltaPct === null || Number.isFinite(r.deltaPct)));
  });
  it('needs both the percentage and the minimum absolute growth', () => {
    const rows = domainStatusRows(
      { '403': 10, '400': 100, '200': 1000 },
      { '403': 14, '400': 120, '200': 1000 },
      t,
    );
    assert.equal(rows.find((r) => r.status === '403')!.flag, null, '+40 % but only +4');
    assert.equal(rows.find((r) => r.status === '400')!.flag, 'increase', '+20 % and +20');
    assert.equal(rows.find((r) => r.status === '200')!.flag, null);
  });
  it('both counts 0 is no change', () => {
    const rows = domainStatusRows({ '500': 0 }, { '500': 0 }, t);
    assert.deepEqual(rows[0], {
      status: '500',
      baseline: 0,
      candidate: 0,
      delta: 0,
      deltaPct: null,
      flag: null,
    });
  });
});

describe('ignore rules and overrides in a comparison', () => {
  it('ignored changes are shown but do not gate; per-domain limits apply', async () => {
    const b = await writeRun(join(root, 'ig-b'), {
      label: 'baseline',
      version: 'pl1',
      quality: qualityRequests(1),
    });
    const c = await writeRun(join(root, 'ig-c'), {
      label: 'candidate',
      version: 'pl2',
      quality: qualityRequests(2),
    });
    const policy = parsePolicy(POLICY, 'policy.yml');
    const cmp = await compareRuns(b, c, policy);
    assert.equal(cmp.quality!.counts.ignored, 2, 'the two /cart requests (rule 942440)');
    assert.equal(cmp.quality!.counts.newBlocks, 4);
    const cart = cmp.quality!.changes.find((ch) => ch.path === '/cart')!;
    assert.equal(cart.ignored!.reason, 'CRS-1234: coupon codes with -- are legitimate');
    // app.test allows 0 new blocks, api.test 10: only app.test fails.
    const fail = cmp.reasons.find((r) => r.severity === 'fail')!;
    assert.match(fail.message, /on app\.test\.$/);
    assert.equal(cmp.verdict, 'fail');
  });
});
