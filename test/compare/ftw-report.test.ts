/**
 * The go-ftw outputs: go-ftw's JSON and text shapes (test titles with the domain when several were
 * replayed) and the report section (hostile test ids from a corpus file are escaped, long lists cut
 * with a note).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Comparison } from '../../src/compare/comparison.ts';
import { compareFtw, evaluateFtw } from '../../src/compare/ftw-expectations.ts';
import type { RequestRecord } from '../../src/compare/run-dir.ts';
import type { FtwStageRef } from '../../src/corpus/ftw-types.ts';
import { ftwSection, goFtwJson, goFtwText } from '../../src/report/ftw-section.ts';
import type { Limits } from '../../src/report/markdown.ts';

function rec(test: string, domain: string, status: number, ruleIds: string[] = []): RequestRecord {
  const ftw: FtwStageRef = {
    test,
    ruleId: 1,
    testId: 1,
    stage: 0,
    stages: 1,
    expect: { status: [200], noExpectIds: ['949110'] },
  };
  return {
    entryKey: `t.yaml#${test}`,
    domain,
    status,
    error: null,
    ruleIds,
    origin: { file: 't.yaml', index: 0, line: 7, ftw },
    method: 'GET',
    target: '/',
  };
}

function run(list: RequestRecord[]) {
  return evaluateFtw(
    {
      source: 'joined',
      records: new Map(list.map((r) => [`${r.entryKey}\n${r.domain}`, r])),
      duplicates: 0,
    },
    true,
  )!;
}

const LIMITS: Limits = {
  reasons: 30,
  domains: 100,
  statuses: 50,
  groups: 20,
  changes: 2,
  errors: 20,
  findings: 30,
  timeline: 40,
  chart: true,
  resources: true,
  parameters: true,
};

describe('go-ftw outputs', () => {
  it("go-ftw's JSON document: lists by result, rule ids per stage, the domain in titles when several", () => {
    const r = run([
      rec('1-1', 'a.test', 200),
      rec('1-1', 'b.test', 403, ['949110']),
      rec('1-2', 'a.test', 200),
    ]);
    const json = goFtwJson(r);
    assert.equal(json.run, 3);
    assert.deepEqual(json.success, ['1-1@a.test', '1-2@a.test']);
    assert.deepEqual(json.failed, ['1-1@b.test']);
    assert.deepEqual((json['triggered-rules'] as Record<string, number[][]>)['1-1@b.test'], [
      [949110],
    ]);
    const single = goFtwJson(run([rec('1-1', '*', 200)]));
    assert.deepEqual(single.success, ['1-1']);
    assert.equal(
      goFtwText(run([rec('1-1', '*', 200)]))
        .split('\n')
        .at(-2),
      '\\o/ All tests successful!',
    );
    assert.match(
      goFtwText(r),
      /\trunning 1-1@b\.test: - failed \(status 403, expected 200; rule 949110 fired\)/,
    );
  });

  it('the report section escapes test ids from the corpus and cuts long lists with a note', () => {
    const hostile = '<img src=x onerror=alert(1)> @admin';
    const cand = run([
      rec(hostile, '*', 403),
      rec('1-2', '*', 403),
      rec('1-3', '*', 403),
      rec('1-4', '*', 200),
    ]);
    const base = run([rec(hostile, '*', 200), rec('1-2', '*', 200), rec('1-3', '*', 403)]);
    const ftw = compareFtw(base, cand);
    const md = ftwSection({ ftw } as unknown as Comparison, LIMITS, undefined).join('\n\n');
    assert.doesNotMatch(md, /(?<!\\)<img/, 'HTML is escaped');
    assert.match(md, /\\<img src=x onerror=alert\(1\)\\>/);
    assert.doesNotMatch(md, / @admin/, 'the mention is broken');
    assert.match(md, /\*\*2\*\* tests newly fail on the candidate/);
    assert.match(md, /1 fail on both builds/);
    assert.match(md, /_Showing 2 of 3 tests\./);
    assert.deepEqual(ftwSection({} as Comparison, LIMITS, undefined), []);
  });
});
