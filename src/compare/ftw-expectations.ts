/**
 * Checks go-ftw expectations (`origin.ftw` of each replayed ftw request) against a build's per-request
 * records, the way go-ftw decides a stage: `expect_error` first (a response where an error was expected
 * fails, and the reverse), then the status the client saw, then the rule ids ModSecurity logged for the
 * request (joined by request id from the error log). A test passes when every stage passes.
 *
 * Honest accounting: a rule-id expectation on a request without a joined log line (nginx answered it
 * before reading headers, HTTP/0.9, no id) is `unjoined`, never passed; an expectation waf-gate cannot
 * check (response_contains, a free-text log regex, a run without rule ids) is `unchecked`. Pure.
 */
import { needsRuleIds } from '../corpus/ftw-expect.js';
import type { FtwExpectation, FtwStageRef } from '../corpus/ftw-types.js';
import type { GateReason } from './comparison.js';
import { overrideFor, type FtwOverrides } from './ftw-overrides.js';
import { countJoins } from './join-counts.js';
import type {
  FtwComparison,
  FtwCounts,
  FtwRunResults,
  FtwStageResult,
  FtwTestOutcome,
  FtwTestResult,
} from './ftw-types.js';
import {
  readRequestRecords,
  type LoadedRun,
  type RequestRecord,
  type RequestRecords,
} from './run-dir.js';

const UNJOINED_WHY: Record<string, string> = {
  'no-id':
    'sent without a request id (its raw form cannot carry a header, e.g. HTTP/0.9), and the log has no $remote_port to join it by connection',
  'no-log-line':
    'no access-log line carried its id (nginx answered it before reading its headers: a bad request line, 400/505), and the log has no $remote_port to join it by connection',
  'no-id-no-port-match':
    "no request id in the log, and no log line with its connection's port ($remote_port) in its time window",
  'ambiguous-port':
    "no request id in the log, and several log lines with its connection's port ($remote_port) in its time window",
  'port-lines-dropped':
    'no request id in the log, and the log had too many lines without an id to keep them all',
  duplicate: 'its id is on several log lines',
  'no-join': 'the run has no log join (collect-metrics did not join this run)',
};

/** Words for an unjoined reason code. */
export function unjoinedWhy(code: string): string {
  return UNJOINED_WHY[code] ?? code;
}

/** Checks one stage's expectations against one record. */
export function checkStage(
  record: RequestRecord,
  expect: FtwExpectation,
  ruleIdsCollected: boolean,
  stage: number,
): FtwStageResult {
  const result: FtwStageResult = {
    stage,
    outcome: 'passed',
    reasons: [],
    status: record.status,
    error: record.error,
    ruleIds: record.ruleIds,
    expect,
    entryKey: record.entryKey,
    line: record.origin?.line ?? 0,
  };
  const failed = (why: string): FtwStageResult => {
    result.outcome = 'failed';
    result.reasons.push(why);
    return result;
  };
  const noResponse = record.status === null;
  if (expect.expectError === true) {
    return noResponse
      ? result
      : failed(`expected an error (no HTTP response), got status ${record.status}`);
  }
  if (noResponse) return failed(`no HTTP response (${record.error ?? 'error'})`);
  if (expect.status && !expect.status.includes(record.status!))
    failed(`status ${record.status}, expected ${expect.status.join(' or ')}`);
  if (needsRuleIds(expect)) {
    if (!ruleIdsCollected) {
      if (result.outcome === 'passed') result.outcome = 'unchecked';
      result.reasons.push('rule ids not collected (collect-metrics ran without the error log)');
    } else if (record.unjoined !== undefined) {
      if (result.outcome === 'passed') result.outcome = 'unjoined';
      result.reasons.push(`not joined: ${unjoinedWhy(record.unjoined)}`);
    } else {
      const fired = new Set(record.ruleIds);
      const missing = (expect.expectIds ?? []).filter((id) => !fired.has(id));
      const unwanted = (expect.noExpectIds ?? []).filter((id) => fired.has(id));
      if (missing.length > 0) failed(`rule ${missing.join(', ')} did not fire`);
      if (unwanted.length > 0) failed(`rule ${unwanted.join(', ')} fired`);
      if (expect.isolated === true && fired.size !== 1)
        failed(`isolated: ${fired.size} rules fired (${[...fired].join(', ') || 'none'})`);
    }
  }
  if (expect.unsupported && expect.unsupported.length > 0) {
    if (result.outcome === 'passed') result.outcome = 'unchecked';
    result.reasons.push(...expect.unsupported.map((u) => `cannot check ${u}`));
  }
  return result;
}

const ORDER: FtwTestOutcome[] = ['failed', 'unjoined', 'unchecked', 'incomplete'];

/** Checks every go-ftw test of one build's records. */
export function evaluateFtw(
  records: RequestRecords,
  ruleIdsCollected: boolean,
  overrides?: FtwOverrides,
  disabledStages = 0,
): FtwRunResults | null {
  const byTest = new Map<string, { ref: FtwStageRef; records: RequestRecord[] }>();
  const unjoinedRequests: Record<string, number> = {};
  const ftwRecords: RequestRecord[] = [];
  for (const seen of records.records.values()) {
    const ref = seen.origin?.ftw;
    if (!ref) continue;
    // Without a join (replay statuses only) no request has its log line: rule ids are unknown.
    const record: RequestRecord =
      records.source === 'outcomes' ? { ...seen, unjoined: 'no-join' } : seen;
    const key = `${record.origin!.file}\n${ref.test}\n${record.domain}`;
    let group = byTest.get(key);
    if (!group) byTest.set(key, (group = { ref, records: [] }));
    group.records.push(record);
    ftwRecords.push(record);
    if (record.unjoined !== undefined)
      unjoinedRequests[record.unjoined] = (unjoinedRequests[record.unjoined] ?? 0) + 1;
  }
  if (byTest.size === 0) return null;
  const tests: FtwTestResult[] = [];
  for (const { ref, records: stageRecords } of byTest.values()) {
    stageRecords.sort((a, b) => a.origin!.ftw!.stage - b.origin!.ftw!.stage);
    const first = stageRecords[0]!;
    let applied: FtwTestResult['override'];
    const stages = stageRecords.map((r) => {
      const stageRef = r.origin!.ftw!;
      const o = overrideFor(overrides, stageRef.ruleId, stageRef.testId, stageRef.stage);
      if (o && overrides)
        applied = {
          reason: o.reason,
          expectFailure: o.expectFailure,
          replacedOutput: o.output !== null,
          file: overrides.file,
          line: o.line,
        };
      return checkStage(r, o?.output ?? stageRef.expect, ruleIdsCollected, stageRef.stage);
    });
    let actual: Exclude<FtwTestOutcome, 'overridden'> = 'passed';
    for (const outcome of ORDER) {
      const hit =
        outcome === 'incomplete'
          ? stages.length < ref.stages
          : stages.some((s) => s.outcome === outcome);
      if (hit) {
        actual = outcome as typeof actual;
        break;
      }
    }
    const result: FtwTestResult = {
      test: ref.test,
      domain: first.domain,
      file: first.origin!.file,
      line: first.origin!.line,
      outcome: applied?.expectFailure ? 'overridden' : actual,
      ...(applied?.expectFailure ? { actual } : {}),
      ...(applied ? { override: applied } : {}),
      stages,
    };
    tests.push(result);
  }
  tests.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.domain.localeCompare(b.domain),
  );
  const counts: FtwCounts = {
    tests: tests.length,
    passed: 0,
    failed: 0,
    overridden: 0,
    unjoined: 0,
    unchecked: 0,
    incomplete: 0,
  };
  for (const t of tests) counts[t.outcome] += 1;
  return {
    counts,
    ruleIdsCollected,
    disabledStages,
    unjoinedRequests,
    ...(records.source === 'joined' ? { joins: countJoins(ftwRecords) } : {}),
    tests,
  };
}

/** Compares the two builds' go-ftw results: candidate failures of tests the baseline passed. */
export function compareFtw(
  baseline: FtwRunResults | null,
  candidate: FtwRunResults,
  overridesFile?: string,
): FtwComparison {
  const key = (t: FtwTestResult): string => `${t.file}\n${t.test}\n${t.domain}`;
  const before = new Map((baseline?.tests ?? []).map((t) => [key(t), t]));
  const newFailures: FtwComparison['newFailures'] = [];
  const failingOnBoth: FtwComparison['failingOnBoth'] = [];
  for (const t of candidate.tests) {
    if (t.outcome !== 'failed') continue;
    const b = before.get(key(t));
    if (b?.outcome === 'passed')
      newFailures.push({
        test: t.test,
        domain: t.domain,
        file: t.file,
        line: t.line,
        reasons: t.stages.filter((s) => s.outcome === 'failed').flatMap((s) => s.reasons),
      });
    else if (b?.outcome === 'failed') failingOnBoth.push({ test: t.test, domain: t.domain });
  }
  return {
    ...(overridesFile !== undefined ? { overridesFile } : {}),
    baseline,
    candidate,
    newFailures,
    failingOnBoth,
  };
}

/** The gate reasons of the go-ftw part. */
export function ftwReasons(ftw: FtwComparison): GateReason[] {
  const reasons: GateReason[] = [];
  const n = ftw.newFailures.length;
  if (n > 0) {
    const first = ftw.newFailures.slice(0, 5).map((f) => f.test);
    reasons.push({
      area: 'quality',
      severity: 'fail',
      message: `${n} go-ftw test${n === 1 ? '' : 's'} the baseline passed fail${n === 1 ? 's' : ''} on the candidate (${first.join(', ')}${n > first.length ? ', …' : ''}).`,
    });
  }
  const c = ftw.candidate.counts;
  const undecided = c.unjoined + c.unchecked + c.incomplete;
  reasons.push({
    area: 'quality',
    severity: 'info',
    message: `go-ftw tests on the candidate: ${c.passed} passed, ${c.failed} failed (${ftw.failingOnBoth.length} on both builds), ${c.overridden} overridden, ${undecided} not decided (${c.unjoined} unjoined, ${c.unchecked} unchecked, ${c.incomplete} incomplete).`,
  });
  return reasons;
}

/** Rule ids were collected when collect read the WAF's error log (ModSecurity logs the rule ids there). */
export function ruleIdsCollected(run: LoadedRun): boolean {
  return run.quality?.collect?.errorLog !== undefined;
}

/**
 * The go-ftw part of comparing two runs (`baseline` null: the candidate's results alone), or null when
 * the candidate's corpus has no ftw tests. Records are read when not given.
 */
export async function ftwOfRuns(
  baseline: { run: LoadedRun; records: RequestRecords | null } | null,
  candidate: { run: LoadedRun; records: RequestRecords | null },
  overrides?: FtwOverrides,
): Promise<FtwComparison | null> {
  const c = candidate.records ?? (await readRequestRecords(candidate.run));
  const disabled = (run: LoadedRun): number => run.quality?.replay.corpus.disabled ?? 0;
  const cand = c
    ? evaluateFtw(c, ruleIdsCollected(candidate.run), overrides, disabled(candidate.run))
    : null;
  if (!cand) return null;
  const b = baseline ? (baseline.records ?? (await readRequestRecords(baseline.run))) : null;
  const base =
    b && baseline
      ? evaluateFtw(b, ruleIdsCollected(baseline.run), overrides, disabled(baseline.run))
      : null;
  return compareFtw(base, cand, overrides?.file);
}
