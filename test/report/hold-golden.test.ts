/**
 * The "Long-lived connections" section, pinned by golden files (regenerate after an intended change:
 * UPDATE_GOLDEN=1 node --import tsx --test test/report/hold-golden.test.ts): a short proxy_read_timeout
 * candidate fails on its dropped connections, a rebuilt twin passes, and a baseline without hold.json is
 * shown as missing. Reads the run directories in test/fixtures/hold (test/compare/make-hold-fixtures.ts).
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compareRuns, defaultPolicy, readResults } from '../../src/compare/index.js';
import { htmlReportData } from '../../src/report/html/data.js';
import { loadHtmlInputs } from '../../src/report/html/load.js';
import { renderHtmlReport } from '../../src/report/html/render.js';
import { silentLogger } from '../../src/common/logger.js';
import { renderCheckSummary, renderReport, writeComparison } from '../../src/report/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'hold');
const golden = join(import.meta.dirname, '..', 'golden');

async function check(name: string, text: string): Promise<void> {
  const file = join(golden, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    await writeFile(file, text);
    return;
  }
  const expected = await readFile(file, 'utf8').catch(() => null);
  assert.ok(expected !== null, `${file} is missing: run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(
    text,
    expected,
    `${name} differs from the golden file (UPDATE_GOLDEN=1 regenerates it)`,
  );
}

describe('golden reports: long-lived connections', () => {
  it('fail: a short proxy_read_timeout drops the connections the baseline held', async () => {
    const cmp = await compareRuns(
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-short-timeout'),
      defaultPolicy(),
    );
    assert.equal(cmp.verdict, 'fail');
    const md = renderReport(cmp, { maxChars: 65_535 });
    assert.match(md, /### Long-lived connections/);
    assert.match(md, /\| Unexpected drops \| 0 \(0 %\) \| 10 \(50\.0 %\) \|/);
    await check('hold-fail.md', md);
    const summary = renderCheckSummary(cmp);
    assert.match(summary, /^FAIL: Long-lived connections: Unexpected drops/);
    assert.match(summary, /10 unexpected drops/);
    await check('hold-fail-summary.txt', `${summary}\n`);
    // report.html: the same figures, and the open connections per second read back from hold.json.
    const data = htmlReportData(cmp, await loadHtmlInputs(cmp, silentLogger));
    const section = data.optionalSections.find((s) => s.id === 'hold')!;
    assert.deepEqual(
      section.chart!.lines.map((l) => [l.side, l.values[2], l.values.at(-1)]),
      [
        ['baseline', 20, 20],
        ['candidate', 20, 10],
      ],
    );
    assert.ok(section.paragraphs.some((p) => p.startsWith('FAIL: Unexpected drops')));
    assert.match(renderHtmlReport(data), /"id":"hold-open"/);
  });

  it('pass: a rebuilt twin with noisy RTT and WAF cost', async () => {
    const cmp = await compareRuns(
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-twin'),
      defaultPolicy(),
    );
    assert.equal(cmp.verdict, 'pass');
    await check('hold-pass.md', renderReport(cmp, { maxChars: 65_535 }));
  });

  it('neutral: the baseline has no hold.json (missing, not zero)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-hold-golden-'));
    try {
      await cp(join(fixtures, 'baseline-pl1'), join(dir, 'baseline'), { recursive: true });
      const runFile = join(dir, 'baseline', 'run.json');
      const record = JSON.parse(await readFile(runFile, 'utf8')) as Record<string, unknown>;
      delete record.hold;
      await writeFile(runFile, JSON.stringify(record));
      await rm(join(dir, 'baseline', 'hold'), { recursive: true });
      const cmp = await compareRuns(
        join(dir, 'baseline'),
        join(fixtures, 'candidate-short-timeout'),
        defaultPolicy(),
      );
      assert.equal(cmp.verdict, 'neutral');
      const md = renderReport(cmp, { maxChars: 65_535 });
      assert.doesNotMatch(md, /\| Held to the end \| 0/);
      await check('hold-missing.md', md.replaceAll(dir, '<tmp>'));
      const html = htmlReportData(cmp, { baseline: null, candidate: null, missing: [] });
      const section = html.optionalSections.find((s) => s.id === 'hold')!;
      const held = section.table!.rows.find((r) => r[0] === 'Held to the end')!;
      assert.deepEqual(held, ['Held to the end', null, 10]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('round-trips through results.json: a re-rendered report has the same section', async () => {
    const cmp = await compareRuns(
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-short-timeout'),
      defaultPolicy(),
    );
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-hold-results-'));
    try {
      const written = await writeComparison(cmp, dir);
      const back = await readResults(written.resultsFile);
      assert.equal(
        renderReport(back.comparison, { maxChars: 65_535 }),
        renderReport(cmp, { maxChars: 65_535 }),
      );
      assert.match(await readFile(written.htmlFile, 'utf8'), /"id":"hold-open"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves reports without a hold phase unchanged (no section)', async () => {
    const compare = join(import.meta.dirname, '..', 'fixtures', 'compare');
    const cmp = await compareRuns(
      join(compare, 'baseline-pl1'),
      join(compare, 'candidate-pl1-next'),
      defaultPolicy(),
    );
    assert.equal(cmp.hold, undefined);
    assert.doesNotMatch(renderReport(cmp, { maxChars: 65_535 }), /Long-lived connections/);
    assert.deepEqual(
      htmlReportData(cmp, { baseline: null, candidate: null, missing: [] }).optionalSections,
      [],
    );
  });
});
