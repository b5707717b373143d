/**
 * go-ftw `output` → {@link FtwExpectation}, both formats:
 * old (ftw / CRS 3.3): `status: [403]` or `status: 403`, `log_contains: 'id "942100"'`, `no_log_contains`,
 * `expect_error`, `response_contains`;
 * new (go-ftw, CRS 4): `status: 403`, `log: {expect_ids: [942100], no_expect_ids, match_regex,
 * no_match_regex}`, `expect_error`, `isolated`.
 * waf-gate knows, per request, the status the client saw, whether a response came at all and the rule
 * ids ModSecurity logged: a log regex is checked when it names one rule id (`id "942100"`, the form CRS
 * tests use), anything else is listed as unsupported (never counted as met).
 */
import type { FtwExpectation } from './ftw-types.js';

type Plain = Record<string, unknown>;

/** `id "942100"`, `id \"942100\"`, `\[id "942100"\]`, `[id "942100"]`: the rule id, else null. */
export function ruleIdOfLogPattern(pattern: string): string | null {
  const m = /^\s*(?:\\?\[)?id\s*(?:\\?["'])?(\d{1,10})(?:\\?["'])?(?:\\?\])?\s*$/.exec(pattern);
  return m ? m[1]! : null;
}

function statusList(value: unknown): number[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  return items.map((item) => {
    const n = typeof item === 'string' && /^\d{3}$/.test(item.trim()) ? Number(item) : item;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 100 || n > 999)
      throw new Error(
        `"output.status" must be an HTTP status or a list of them, got ${JSON.stringify(item)}`,
      );
    return n;
  });
}

function idList(value: unknown, field: string): string[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  return items.map((item) => {
    const text =
      typeof item === 'number' ? String(item) : typeof item === 'string' ? item.trim() : '';
    if (!/^\d{1,10}$/.test(text))
      throw new Error(`"${field}" must list rule ids (numbers), got ${JSON.stringify(item)}`);
    return text;
  });
}

function boolField(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean')
    throw new Error(`"${field}" must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** Adds the rule id of a log pattern to `ids`, or an unsupported note. */
function logPattern(value: unknown, field: string, ids: string[], unsupported: string[]): void {
  if (value === undefined || value === null || value === '') return;
  if (typeof value !== 'string')
    throw new Error(`"${field}" must be text, got ${JSON.stringify(value)}`);
  const id = ruleIdOfLogPattern(value);
  if (id !== null) ids.push(id);
  else
    unsupported.push(
      `${field} ${JSON.stringify(value)} (waf-gate checks the rule ids ModSecurity logged, not free log text)`,
    );
}

/**
 * Parses one stage's `output` map (old or new format, or a mix). Throws an Error with a readable
 * message on a malformed value (a status that is not a number, a rule id that is not one).
 */
export function parseFtwOutput(output: Plain | null | undefined): FtwExpectation {
  const expect: FtwExpectation = {};
  if (!output) return expect;
  const expectIds: string[] = [];
  const noExpectIds: string[] = [];
  const unsupported: string[] = [];
  if (output.status !== undefined && output.status !== null && output.status !== 0)
    expect.status = statusList(output.status);
  logPattern(output.log_contains, 'log_contains', expectIds, unsupported);
  logPattern(output.no_log_contains, 'no_log_contains', noExpectIds, unsupported);
  const log = output.log;
  if (log !== undefined && log !== null) {
    if (typeof log !== 'object' || Array.isArray(log))
      throw new Error('"output.log" must be a map');
    const l = log as Plain;
    if (l.expect_ids !== undefined && l.expect_ids !== null)
      expectIds.push(...idList(l.expect_ids, 'log.expect_ids'));
    if (l.no_expect_ids !== undefined && l.no_expect_ids !== null)
      noExpectIds.push(...idList(l.no_expect_ids, 'log.no_expect_ids'));
    logPattern(l.match_regex, 'log.match_regex', expectIds, unsupported);
    logPattern(l.no_match_regex, 'log.no_match_regex', noExpectIds, unsupported);
  }
  if (output.expect_error !== undefined && output.expect_error !== null)
    expect.expectError = boolField(output.expect_error, 'expect_error');
  if (output.isolated !== undefined && output.isolated !== null)
    expect.isolated = boolField(output.isolated, 'isolated');
  if (typeof output.response_contains === 'string' && output.response_contains !== '')
    unsupported.push(
      `response_contains ${JSON.stringify(output.response_contains)} (waf-gate does not keep response bodies)`,
    );
  if (expectIds.length > 0) expect.expectIds = [...new Set(expectIds)];
  if (noExpectIds.length > 0) expect.noExpectIds = [...new Set(noExpectIds)];
  if (unsupported.length > 0) expect.unsupported = unsupported;
  return expect;
}

/** True when the expectation needs the rule ids from the WAF's log. */
export function needsRuleIds(expect: FtwExpectation): boolean {
  return (
    (expect.expectIds?.length ?? 0) > 0 ||
    (expect.noExpectIds?.length ?? 0) > 0 ||
    expect.isolated === true
  );
}

/** go-ftw's test id and numbers for a test: old `test_title`, else `<rule_id>-<test_id>`. */
export function ftwTestIdentity(
  test: Plain,
  fileRuleId: unknown,
  position: number,
  fileStem: string,
): { test: string; ruleId: number | null; testId: number | null } {
  const num = (v: unknown): number | null => {
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : null;
  };
  if (typeof test.test_title === 'string' && test.test_title.trim() !== '') {
    const title = test.test_title.trim();
    const m = /^(\d+)-(\d+)$/.exec(title);
    return {
      test: title,
      ruleId: m ? Number(m[1]) : num(fileRuleId),
      testId: m ? Number(m[2]) : null,
    };
  }
  const ruleId = num(fileRuleId) ?? num(/^\d+$/.test(fileStem) ? fileStem : undefined);
  const testId = num(test.test_id) ?? position;
  return { test: `${ruleId ?? fileStem}-${testId}`, ruleId, testId };
}
