/**
 * report.html without a browser: the vendored uPlot matches node_modules, the data block cannot be
 * broken out of, the page references nothing outside itself, the data reads the fixture runs (and says
 * what is missing when a run directory is gone). The browser half is html-chromium.test.ts.
 */
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { compareRuns, defaultPolicy } from '../../src/compare/index.js';
import type { Comparison } from '../../src/compare/comparison.js';
import { htmlReportNote, writeComparison } from '../../src/report/index.js';
import {
  embedJson,
  htmlReportData,
  loadHtmlInputs,
  parseSeriesCsv,
  renderHtmlReport,
} from '../../src/report/html/index.js';
import { MAX_CHANGE_ROWS } from '../../src/report/html/data.js';
import { UPLOT_CSS, UPLOT_JS, UPLOT_VERSION } from '../../src/report/html/vendor-uplot.js';
import { silentLogger } from '../../src/common/logger.js';
import {
  HOSTILE_LOG_LINE,
  HOSTILE_REQUEST_LINE,
  HOSTILE_VERSION,
  writeHostileRuns,
} from './html-hostile-run.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'compare');
const out = join(import.meta.dirname, '..', '..', 'out', 'test', 'report-html', 'render');
const require = createRequire(import.meta.url);

async function fixtureComparison(candidate: string): Promise<Comparison> {
  return compareRuns(join(fixtures, 'baseline-pl1'), join(fixtures, candidate), defaultPolicy());
}

describe('report.html rendering', () => {
  it('inlines exactly the installed uplot (rerun scripts/vendor-uplot.mjs after an update)', async () => {
    const dir = join(require.resolve('uplot/package.json'), '..');
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(UPLOT_VERSION, pkg.version);
    assert.equal(UPLOT_JS, await readFile(join(dir, 'dist', 'uPlot.iife.min.js'), 'utf8'));
    assert.equal(UPLOT_CSS, await readFile(join(dir, 'dist', 'uPlot.min.css'), 'utf8'));
  });

  it('embeds JSON that no string can end early, and that parses back to the same value', () => {
    const value = { line: '</script><script>alert(1)</script><!-- & \u2028 >' };
    const text = embedJson(value);
    assert.doesNotMatch(text, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(text), value);
  });

  it('keeps hostile traffic text inside the escaped data block and loads nothing from outside', async () => {
    const dir = join(out, 'hostile');
    await rm(dir, { recursive: true, force: true });
    const runs = await writeHostileRuns(join(dir, 'runs'));
    const cmp = await compareRuns(runs.baselineDir, runs.candidateDir, defaultPolicy());
    const html = renderHtmlReport(htmlReportData(cmp, await loadHtmlInputs(cmp, silentLogger)));
    for (const text of [
      HOSTILE_REQUEST_LINE,
      HOSTILE_VERSION,
      HOSTILE_LOG_LINE,
      '<script>alert(1)',
      '<img',
    ])
      assert.ok(!html.includes(text), `${text} appears unescaped in report.html`);
    assert.equal(html.match(/<script\b/g)?.length, 3, 'data, uPlot and the page script only');
    assert.equal(html.match(/<\/script>/g)?.length, 3);
    assert.match(html, /http-equiv="Content-Security-Policy" content="default-src 'none';/);
    // No element that fetches: no src/href attributes, no stylesheets or imports from elsewhere.
    const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
    const fetching = /<(link|img|iframe|object|embed|base)\b|\s(src|href)\s*=|@import|url\(/i;
    assert.equal(markup.match(fetching), null, 'the markup and styles fetch nothing');
    const json = html.match(/<script type="application\/json" id="wg-data">(.*?)<\/script>/s)?.[1];
    assert.ok(json);
    const data = JSON.parse(json) as { changes: { rows: { requestLine: string }[] } };
    assert.deepEqual(
      data.changes.rows.map((r) => r.requestLine),
      [HOSTILE_REQUEST_LINE],
    );
  });

  it('draws every chart from the fixture runs: QPS per round, latency, CPU/RSS per group, bars', async () => {
    const cmp = await fixtureComparison('candidate-pl2');
    const data = htmlReportData(cmp, await loadHtmlInputs(cmp, silentLogger));
    assert.deepEqual(data.missing, []);
    assert.ok(data.qps && data.latency && data.anomalies && data.statuses);
    // 5 rounds + the median per build, on 10 full one-second windows.
    assert.equal(data.qps.lines.length, 12);
    assert.deepEqual(data.qps.x, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.deepEqual(
      data.latency.lines.map((l) => l.side),
      ['baseline', 'candidate'],
    );
    // The curves come from the histograms: the median is near the rounds' p50 (~58 ms and ~76 ms).
    const p50At = data.latency.x.findIndex((x) => x >= 2);
    const [b50, c50] = data.latency.lines.map((l) => l.values[p50At]!);
    assert.ok(b50! > 40 && b50! < 90 && c50! > b50!, `p50 ${b50} ms vs ${c50} ms`);
    assert.deepEqual(
      data.resources.map((c) => c.id),
      ['cpu:nginx-worker', 'rss:nginx-worker', 'cpu:nginx-master', 'rss:nginx-master'],
    );
    assert.equal(data.changes.total, 6);
    assert.ok(data.changes.rows.every((r) => r.kind === 'new-block'));
    assert.deepEqual(data.optionalSections, []);
  });

  it('says what is missing when a run directory is gone, and still renders', async () => {
    const cmp = await fixtureComparison('candidate-pl1-next');
    const gone = { ...cmp, candidate: { ...cmp.candidate, dir: join(out, 'no-such-run') } };
    const data = htmlReportData(gone, await loadHtmlInputs(gone, silentLogger));
    assert.match(data.missing[0]!, /candidate run directory .*no-such-run.* could not be read/);
    assert.ok(data.qps, 'the baseline still has its rounds');
    assert.ok(data.qps.lines.every((l) => l.side === 'baseline'));
    assert.match(renderHtmlReport(data), /^<!doctype html>/);
  });

  it('caps the changed-requests table and says where the rest are', async () => {
    const cmp = await fixtureComparison('candidate-pl2');
    const one = cmp.quality!.changes[0]!;
    const many: Comparison = {
      ...cmp,
      quality: {
        ...cmp.quality!,
        changes: Array.from({ length: MAX_CHANGE_ROWS + 7 }, () => one),
      },
    };
    const data = htmlReportData(many, { baseline: null, candidate: null, missing: [] });
    assert.equal(data.changes.rows.length, MAX_CHANGE_ROWS);
    assert.equal(data.changes.total, MAX_CHANGE_ROWS + 7);
    assert.ok(data.missing.some((m) => m.includes('changed-requests.jsonl')));
  });

  it('reads series.csv by column name, group rows only', () => {
    const csv =
      'timeMs,group,pid,cpuPct,rssBytes,cpuMs,intervalMs\n' +
      '1000,nginx-worker,all,50.5,1048576,5,1000\n' +
      '1000,nginx-worker,4101,50.5,1048576,5,1000\n' +
      '2000,nginx-worker,all,bad,1048576,5,1000\n';
    assert.deepEqual(parseSeriesCsv(csv), [
      { timeMs: 1000, group: 'nginx-worker', cpuPct: 50.5, rssBytes: 1048576 },
    ]);
    assert.equal(parseSeriesCsv('time,name\n1,2\n'), null);
  });

  it('writeComparison writes report.html next to report.md; the summary note names it', async () => {
    const cmp = await fixtureComparison('candidate-pl2');
    const dir = join(out, 'written');
    await rm(dir, { recursive: true, force: true });
    const written = await writeComparison(cmp, dir);
    assert.equal(written.htmlFile, join(dir, 'report.html'));
    assert.equal(dirname(written.htmlFile), dirname(written.reportFile));
    const html = await readFile(written.htmlFile, 'utf8');
    assert.match(
      html,
      /<script type="application\/json" id="wg-data">\{"schema":"waf-gate\/html-report@1","verdict":"fail"/,
    );
    const url = 'https://github.com/acme/waf/actions/runs/42/artifacts/7';
    assert.ok(htmlReportNote(url).includes(`\`report.html\` in [the uploaded results](${url})`));
    assert.ok(htmlReportNote().includes('`report.html` in the uploaded results'));
    assert.doesNotMatch(htmlReportNote('javascript:alert(1)'), /javascript/);
  });
});
