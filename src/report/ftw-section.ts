/**
 * The report's go-ftw section (pass/fail per test like go-ftw, counts, new failures, unjoined requests)
 * and go-ftw-shaped outputs written next to the report: `ftw-results.json` (go-ftw's `--output json`
 * document) and `ftw-results.txt` (go-ftw's plain text lines).
 */
import type { Comparison } from '../compare/comparison.js';
import type { FtwRunResults, FtwTestResult } from '../compare/ftw-types.js';
import { cell, formatNumber, table, truncationNote, type Limits } from './markdown.js';
import { joinCountsText, UNJOINED_WHY } from './quality-section.js';

/** go-ftw's test title, with the domain when the run replayed more than one. */
function title(t: FtwTestResult, manyDomains: boolean): string {
  return manyDomains && t.domain !== '*' ? `${t.test}@${t.domain}` : t.test;
}

function manyDomains(results: FtwRunResults): boolean {
  return new Set(results.tests.map((t) => t.domain)).size > 1;
}

/** go-ftw's `--output json` document for one build (plus waf-gate's undecided lists). */
export function goFtwJson(results: FtwRunResults): Record<string, unknown> {
  const many = manyDomains(results);
  const list = (pick: (t: FtwTestResult) => boolean): string[] =>
    results.tests.filter(pick).map((t) => title(t, many));
  // go-ftw: rule ids (numbers) per stage of each test.
  const triggered: Record<string, number[][]> = {};
  for (const t of results.tests)
    triggered[title(t, many)] = t.stages.map((s) => s.ruleIds.map(Number));
  return {
    run: results.tests.length,
    success: list((t) => t.outcome === 'passed'),
    failed: list((t) => t.outcome === 'failed'),
    // Tests waf-gate could not decide are not run results: go-ftw's nearest list is "skipped".
    skipped: list((t) => ['unjoined', 'unchecked', 'incomplete'].includes(t.outcome)),
    ignored: list((t) => t.outcome === 'overridden'),
    'forced-pass': [],
    'forced-fail': [],
    'triggered-rules': triggered,
    'waf-gate': {
      unjoined: list((t) => t.outcome === 'unjoined'),
      unchecked: list((t) => t.outcome === 'unchecked'),
      incomplete: list((t) => t.outcome === 'incomplete'),
      overridden: results.tests
        .filter((t) => t.outcome === 'overridden')
        .map((t) => ({ test: title(t, many), actual: t.actual, reason: t.override?.reason })),
      disabledStages: results.disabledStages,
      unjoinedRequests: results.unjoinedRequests,
      ruleIdsCollected: results.ruleIdsCollected,
      note: 'runtime is not measured per test; undecided tests are listed under skipped and here',
    },
  };
}

const MARK: Record<FtwTestResult['outcome'], string> = {
  passed: '+ passed',
  failed: '- failed',
  overridden: '= overridden (expect_failure)',
  unjoined: '? not joined',
  unchecked: '? not checkable',
  incomplete: '? incomplete',
};

/** go-ftw's plain text output for one build: a line per test, then the summary. */
export function goFtwText(results: FtwRunResults): string {
  const many = manyDomains(results);
  const lines: string[] = ['** Running go-ftw!'];
  let file = '';
  for (const t of results.tests) {
    if (t.file !== file) lines.push(`=> executing tests in file ${(file = t.file)}`);
    const why = t.stages.flatMap((s) => s.reasons);
    lines.push(
      `\trunning ${title(t, many)}: ${MARK[t.outcome]}${why.length ? ` (${why.join('; ')})` : ''}`,
    );
  }
  const c = results.counts;
  lines.push(`+ run ${c.tests} total tests`);
  lines.push(`>> skipped ${c.unjoined + c.unchecked + c.incomplete} tests`);
  if (results.disabledStages > 0)
    lines.push(`>> skipped ${results.disabledStages} test stages (meta.enabled: false)`);
  if (c.overridden > 0) lines.push(`^ ignored ${c.overridden} tests`);
  const failed = results.tests.filter((t) => t.outcome === 'failed').map((t) => title(t, many));
  lines.push(
    failed.length === 0
      ? '\\o/ All tests successful!'
      : `- ${failed.length} test(s) failed to run: ${JSON.stringify(failed)}`,
  );
  return `${lines.join('\n')}\n`;
}

function countsLine(label: string, r: FtwRunResults): string {
  const c = r.counts;
  return `${label}: ${formatNumber(c.tests)} tests — **${formatNumber(c.passed)} passed**, **${formatNumber(c.failed)} failed**, ${formatNumber(c.overridden)} overridden, ${formatNumber(c.unjoined)} unjoined, ${formatNumber(c.unchecked)} not checkable, ${formatNumber(c.incomplete)} incomplete.`;
}

/** `failed`, or `overridden (failed)` with what the evaluation found. */
function outcomeText(t: FtwTestResult): string {
  return t.outcome === 'overridden' ? `overridden (${t.actual ?? 'unknown'})` : t.outcome;
}

function why(t: FtwTestResult | undefined): string {
  if (!t) return '';
  const reasons = t.stages.flatMap((s) => s.reasons);
  const o = t.override ? `override: ${t.override.reason}` : '';
  return [...reasons, o].filter(Boolean).join('; ');
}

/** Renders the go-ftw section as Markdown blocks (none when the corpus has no ftw tests). */
export function ftwSection(
  comparison: Comparison,
  limits: Limits,
  artifactUrl: string | undefined,
): string[] {
  const ftw = comparison.ftw;
  if (!ftw) return [];
  const out = ['### go-ftw tests'];
  const lines = [countsLine('Candidate', ftw.candidate)];
  if (ftw.baseline) lines.push(countsLine('Baseline', ftw.baseline));
  out.push(
    `${lines.join('  \n')}  \nEach stage is checked like go-ftw: \`expect_error\`, then the status the client saw, then the rule ids ModSecurity logged for the request (joined by request id). ` +
      `**${formatNumber(ftw.newFailures.length)}** tests newly fail on the candidate (gate findings); ${formatNumber(ftw.failingOnBoth.length)} fail on both builds (listed, not findings).` +
      (ftw.overridesFile ? ` Overrides: ${cell(ftw.overridesFile)}.` : '') +
      ' go-ftw JSON and text output: `ftw-results.json`, `ftw-results.txt` next to this report.',
  );
  const unjoined = Object.entries(ftw.candidate.unjoinedRequests);
  if (unjoined.length > 0) {
    const total = unjoined.reduce((n, [, k]) => n + k, 0);
    out.push(
      `_${formatNumber(total)} ftw request(s) of the candidate were not joined to a log line: ${unjoined
        .map(([code, n]) => `${formatNumber(n)} ${cell(UNJOINED_WHY[code] ?? code)}`)
        .join('; ')}. Their rule-id expectations are reported as unjoined, never as passed._`,
    );
  }
  const joinB = joinCountsText(ftw.baseline?.joins);
  const joinC = joinCountsText(ftw.candidate.joins);
  if (joinB !== null || joinC !== null)
    out.push(
      `_ftw requests joined to their log line — candidate: ${joinC ?? 'every request by request id'}${ftw.baseline ? `; baseline: ${joinB ?? 'every request by request id'}` : ''}. A request joined by connection is one whose id could not reach the log (nginx answered its request line itself: 400/505; HTTP/0.9 has no headers): its status and rule ids are checked like any other._`,
    );
  if (ftw.candidate.disabledStages > 0)
    out.push(
      `_${formatNumber(ftw.candidate.disabledStages)} test stage(s) skipped: their file says \`meta.enabled: false\`._`,
    );
  if (!ftw.candidate.ruleIdsCollected)
    out.push(
      '_No rule ids were collected for the candidate (collect-metrics ran without the error log): rule-id expectations are not checkable._',
    );
  const base = new Map(
    (ftw.baseline?.tests ?? []).map((t) => [`${t.file}\n${t.test}\n${t.domain}`, t]),
  );
  const notPassed = ftw.candidate.tests.filter((t) => t.outcome !== 'passed');
  const newly = new Set(ftw.newFailures.map((f) => `${f.file}\n${f.test}\n${f.domain}`));
  notPassed.sort(
    (a, b) =>
      Number(newly.has(`${b.file}\n${b.test}\n${b.domain}`)) -
      Number(newly.has(`${a.file}\n${a.test}\n${a.domain}`)),
  );
  if (notPassed.length > 0) {
    const rows = notPassed.slice(0, limits.changes);
    out.push(
      `#### go-ftw tests not passed by the candidate (${formatNumber(notPassed.length)})`,
      table(
        ['Test', 'Domain', 'Candidate', 'Baseline', 'Why', 'Origin'],
        rows.map((t) => {
          const key = `${t.file}\n${t.test}\n${t.domain}`;
          const b = base.get(key);
          return [
            cell(t.test) + (newly.has(key) ? ' **(new failure)**' : ''),
            cell(t.domain),
            cell(outcomeText(t)),
            cell(b ? outcomeText(b) : '–'),
            cell(why(t)),
            cell(`${t.file}:${t.line}`),
          ];
        }),
        ['l', 'l', 'l', 'l', 'l', 'l'],
      ),
    );
    if (rows.length < notPassed.length)
      out.push(
        truncationNote(rows.length, notPassed.length, 'tests', artifactUrl, 'ftw-results.json'),
      );
  }
  return out;
}
