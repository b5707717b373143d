/**
 * go-ftw stage checks (go-ftw's order: expect_error, status, rule ids), test outcomes, the overrides file
 * (go-ftw's format, errors naming file and line) and the gate finding (newly failing only).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isConfigError } from '../../src/common/errors.ts';
import type { FtwExpectation, FtwStageRef } from '../../src/corpus/ftw-types.ts';
import {
  checkStage,
  compareFtw,
  evaluateFtw,
  ftwReasons,
} from '../../src/compare/ftw-expectations.ts';
import { loadFtwOverrides, parseFtwOverrides } from '../../src/compare/ftw-overrides.ts';
import type { RequestRecord, RequestRecords } from '../../src/compare/run-dir.ts';

function record(over: Partial<RequestRecord> & { ftw?: FtwStageRef }): RequestRecord {
  const { ftw, ...rest } = over;
  return {
    entryKey: `t.yaml#${ftw?.stage ?? 0}`,
    domain: '*',
    status: 200,
    error: null,
    ruleIds: [],
    origin: { file: 't.yaml', index: ftw?.stage ?? 0, line: 3, ...(ftw ? { ftw } : {}) },
    method: 'GET',
    target: '/',
    ...rest,
  };
}

function ref(test: string, expect: FtwExpectation, stage = 0, stages = 1): FtwStageRef {
  const [rule, id] = test.split('-').map(Number);
  return { test, ruleId: rule!, testId: id!, stage, stages, expect };
}

function records(list: RequestRecord[], source: 'joined' | 'outcomes' = 'joined'): RequestRecords {
  return {
    source,
    records: new Map(list.map((r, i) => [`${r.entryKey}\n${r.domain}\n${i}`, r])),
    duplicates: 0,
  };
}

describe('checkStage (go-ftw order)', () => {
  it('expect_error: passes only without a response; with one, fails whatever else holds', () => {
    const e = { expectError: true, status: [200] };
    assert.equal(
      checkStage(record({ status: null, error: 'reset' }), e, true, 0).outcome,
      'passed',
    );
    const r = checkStage(record({ status: 200 }), e, true, 0);
    assert.equal(r.outcome, 'failed');
    assert.match(r.reasons[0]!, /expected an error/);
  });

  it('no response without expect_error fails; a wrong status fails', () => {
    assert.match(
      checkStage(record({ status: null, error: 'timeout-first-byte' }), {}, true, 0).reasons[0]!,
      /no HTTP response \(timeout-first-byte\)/,
    );
    const r = checkStage(record({ status: 403 }), { status: [200, 404] }, true, 0);
    assert.deepEqual([r.outcome, r.reasons], ['failed', ['status 403, expected 200 or 404']]);
  });

  it('rule ids: expected ids must fire, unwanted ids must not, isolated means exactly one', () => {
    const rec = record({ status: 403, ruleIds: ['942100', '949110'] });
    assert.equal(checkStage(rec, { expectIds: ['942100'] }, true, 0).outcome, 'passed');
    assert.deepEqual(checkStage(rec, { expectIds: ['942200'] }, true, 0).reasons, [
      'rule 942200 did not fire',
    ]);
    assert.deepEqual(checkStage(rec, { noExpectIds: ['949110'] }, true, 0).reasons, [
      'rule 949110 fired',
    ]);
    assert.equal(checkStage(rec, { isolated: true }, true, 0).outcome, 'failed');
    assert.equal(
      checkStage(record({ ruleIds: ['1'] }), { isolated: true }, true, 0).outcome,
      'passed',
    );
  });

  it('an unjoined request is never passed on a rule-id expectation; status failures still count', () => {
    const rec = record({ status: 505, unjoined: 'no-log-line' });
    const r = checkStage(rec, { status: [505], noExpectIds: ['920430'] }, true, 0);
    assert.equal(r.outcome, 'unjoined');
    assert.match(r.reasons[0]!, /not joined: no access-log line/);
    assert.equal(checkStage(rec, { status: [400], noExpectIds: ['1'] }, true, 0).outcome, 'failed');
    // A status-only expectation is decided by what the client saw, as go-ftw does.
    assert.equal(checkStage(rec, { status: [505] }, true, 0).outcome, 'passed');
  });

  it('without rule ids (no error log) or with an unsupported expectation: unchecked, not passed', () => {
    assert.equal(checkStage(record({}), { noExpectIds: ['1'] }, false, 0).outcome, 'unchecked');
    const r = checkStage(
      record({}),
      { status: [200], unsupported: ['response_contains "x"'] },
      true,
      0,
    );
    assert.equal(r.outcome, 'unchecked');
    assert.match(r.reasons[0]!, /cannot check response_contains/);
  });
});

describe('evaluateFtw and compareFtw', () => {
  const expect = { status: [200], noExpectIds: ['949110'] };
  const run = (statuses: Record<string, number>, extra: RequestRecord[] = []) =>
    evaluateFtw(
      records([
        record({ ftw: ref('1-1', expect), status: statuses['1-1'] ?? 200, entryKey: 'a#0' }),
        record({ ftw: ref('1-2', expect), status: statuses['1-2'] ?? 200, entryKey: 'a#1' }),
        record({ ftw: ref('1-3', expect), status: statuses['1-3'] ?? 200, entryKey: 'a#2' }),
        ...extra,
      ]),
      true,
    )!;

  it('a test fails when any stage fails; a missing stage makes it incomplete', () => {
    const r = run({}, [
      record({ ftw: ref('2-1', { status: [200] }, 0, 2), entryKey: 'b#0' }),
      record({ ftw: ref('2-2', { status: [200] }, 0, 2), entryKey: 'b#1' }),
      record({ ftw: ref('2-2', { status: [403] }, 1, 2), entryKey: 'b#2' }),
    ]);
    const by = Object.fromEntries(r.tests.map((t) => [t.test, t.outcome]));
    assert.equal(by['2-1'], 'incomplete');
    assert.equal(by['2-2'], 'failed');
    assert.equal(r.counts.passed, 3);
  });

  it('without a log join every rule-id expectation is unjoined (no-join), never passed', () => {
    const r = evaluateFtw(records([record({ ftw: ref('1-1', expect) })], 'outcomes'), true)!;
    assert.equal(r.tests[0]!.outcome, 'unjoined');
    assert.deepEqual(r.unjoinedRequests, { 'no-join': 1 });
  });

  it('gate finding: only tests the baseline passed; failing on both is listed, not a finding', () => {
    const base = run({ '1-3': 403 });
    const cand = run({ '1-2': 403, '1-3': 403 });
    const ftw = compareFtw(base, cand);
    assert.deepEqual(
      ftw.newFailures.map((f) => f.test),
      ['1-2'],
    );
    assert.deepEqual(ftw.failingOnBoth, [{ test: '1-3', domain: '*' }]);
    const reasons = ftwReasons(ftw);
    assert.equal(reasons.filter((x) => x.severity === 'fail').length, 1);
    assert.match(
      reasons[0]!.message,
      /1 go-ftw test the baseline passed fails on the candidate \(1-2\)/,
    );
    assert.equal(ftwReasons(compareFtw(base, base)).filter((x) => x.severity === 'fail').length, 0);
  });

  it('overrides: expect_failure reports the test as overridden; output replaces the expectations', () => {
    const overrides = parseFtwOverrides(
      [
        'version: "v1.0.0"',
        'meta: {engine: libmodsecurity3, platform: nginx}',
        'test_overrides:',
        '  - rule_id: 1',
        '    test_ids: [2]',
        '    reason: known engine difference',
        '    expect_failure: true',
        '  - rule_id: 1',
        '    test_id: 3',
        '    stage_ids: [1]',
        '    reason: this engine answers 403',
        '    output: {status: 403}',
      ].join('\n'),
      'o.yaml',
    );
    assert.equal(overrides.engine, 'libmodsecurity3');
    const r = evaluateFtw(
      records([
        record({ ftw: ref('1-2', expect), status: 403, entryKey: 'a#1' }),
        record({ ftw: ref('1-3', expect), status: 403, entryKey: 'a#2' }),
      ]),
      true,
      overrides,
    )!;
    const [t2, t3] = r.tests;
    assert.deepEqual([t2!.outcome, t2!.actual, t2!.override?.line], ['overridden', 'failed', 4]);
    assert.deepEqual([t3!.outcome, t3!.override?.replacedOutput], ['passed', true]);
    assert.equal(r.counts.overridden, 1);
  });
});

describe("overrides file (go-ftw's format)", () => {
  const bad = (text: string, line: number, message: RegExp): void => {
    assert.throws(
      () => parseFtwOverrides(text, 'ov.yaml'),
      (error: unknown) => {
        assert.ok(isConfigError(error));
        assert.equal(error.file, 'ov.yaml');
        assert.equal(error.line, line);
        assert.match(error.message, message);
        return true;
      },
    );
  };

  it('refuses mistakes with the file and the line', () => {
    bad('version: v1\n', 1, /"test_overrides" is missing/);
    bad('test_overrides:\n  - rule_id: 920100\n    test_ids: [1]\n', 2, /"reason" is required/);
    bad('test_overrides:\n  - rule_id: abc\n    reason: x\n', 2, /"rule_id" must be one rule id/);
    bad(
      'test_overrides:\n  - rule_id: 1\n    reason: x\n    expect_failure: maybe\n',
      4,
      /"expect_failure" must be true or false/,
    );
    bad(
      'test_overrides:\n  - rule_id: 1\n    reason: x\n    test_idz: [1]\n',
      4,
      /Unknown key "test_idz"/,
    );
    bad(
      'test_overrides:\n  - rule_id: 1\n    reason: x\n    output:\n      status: nope\n',
      4,
      /Bad "output"/,
    );
    bad('test_overrides:\n  - rule_id: 1\n  reason: [\n', 3, /Not valid YAML/);
  });

  it('a missing file is a ConfigError naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-ftw-ov-'));
    try {
      await assert.rejects(loadFtwOverrides(join(dir, 'none.yaml')), (error: unknown) => {
        assert.ok(isConfigError(error));
        assert.equal(error.file, join(dir, 'none.yaml'));
        return true;
      });
      await writeFile(join(dir, 'ok.yaml'), 'test_overrides: []\n');
      assert.deepEqual((await loadFtwOverrides(join(dir, 'ok.yaml'))).overrides, []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
