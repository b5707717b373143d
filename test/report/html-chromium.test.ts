/**
 * report.html in Debian's headless Chromium, opened from file://: every chart drew (its canvas holds
 * pixels of both builds' colours), the changed-requests filter works, the console stays clean, nothing
 * is requested from the network, and hostile traffic text shows literally. Screenshots go to
 * out/test/report-html/ (report.png: the PL2 fail case).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { compareRuns, defaultPolicy } from '../../src/compare/index.js';
import { writeHtmlReport, type WriteHtmlReportOptions } from '../../src/report/html/index.js';
import {
  HOSTILE_LOG_LINE,
  HOSTILE_REQUEST_LINE,
  HOSTILE_VERSION,
  writeHostileRuns,
} from './html-hostile-run.js';
import { peerSkip } from '../helpers/peers.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'compare');
const out = join(import.meta.dirname, '..', '..', 'out', 'test', 'report-html');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Per chart: its canvas and how many of its pixels are drawn, blue (baseline) and orange (candidate). */
interface ChartPixels {
  id: string;
  canvas: boolean;
  opaque: number;
  coloured: number;
  blue: number;
  orange: number;
}

const COUNT_PIXELS = `Array.from(document.querySelectorAll('[data-chart]')).map(function (el) {
  var canvas = el.querySelector('canvas');
  if (!canvas) return { id: el.getAttribute('data-chart'), canvas: false, opaque: 0, coloured: 0, blue: 0, orange: 0 };
  var px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  var opaque = 0, coloured = 0, blue = 0, orange = 0;
  for (var i = 0; i < px.length; i += 4) {
    var r = px[i], g = px[i + 1], b = px[i + 2];
    if (px[i + 3] === 0) continue;
    opaque++;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++;
    if (b > r + 60 && b > g + 30) blue++;
    if (r > b + 80 && r > g + 30) orange++;
  }
  return { id: el.getAttribute('data-chart'), canvas: true, opaque: opaque, coloured: coloured, blue: blue, orange: orange };
})`;

const VISIBLE_ROWS = `Array.from(document.querySelectorAll('#wg-changes-table tbody tr'))
  .filter(function (tr) { return !tr.hidden; }).map(function (tr) { return tr.textContent; })`;

/** What happened while a page was open. */
interface Opened {
  page: Page;
  consoleErrors: string[];
  externalRequests: string[];
  dialogs: string[];
}

const chromiumMissing = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} not found (Debian package chromium: apt-get install chromium)`;

describe('report.html in headless Chromium', { skip: peerSkip(chromiumMissing) }, () => {
  let browser: Browser;
  const opened: Opened[] = [];

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => {
    await browser?.close();
  });

  async function build(
    name: string,
    baselineDir: string,
    candidateDir: string,
    options: WriteHtmlReportOptions = {},
  ): Promise<string> {
    const dir = join(out, name);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const cmp = await compareRuns(baselineDir, candidateDir, defaultPolicy());
    return writeHtmlReport(cmp, dir, options);
  }

  async function open(file: string): Promise<Opened> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const o: Opened = { page, consoleErrors: [], externalRequests: [], dialogs: [] };
    opened.push(o);
    // Every request that is not the file itself is recorded and refused.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      o.externalRequests.push(url);
      return route.abort();
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('file:')) o.externalRequests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') o.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => o.consoleErrors.push(String(e)));
    page.on('dialog', (d) => {
      o.dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-rendered]', { timeout: 20_000 });
    return o;
  }

  function assertClean(o: Opened): void {
    assert.deepEqual(o.consoleErrors, [], 'console errors');
    assert.deepEqual(o.externalRequests, [], 'network requests');
    assert.deepEqual(o.dialogs, [], 'dialogs (a script ran from traffic text)');
  }

  async function chartsOf(page: Page): Promise<ChartPixels[]> {
    return await page.evaluate<ChartPixels[]>(COUNT_PIXELS);
  }

  function assertDrawn(charts: ChartPixels[], ids: string[], bothColours: string[]): void {
    assert.deepEqual(
      charts.map((c) => c.id),
      ids,
    );
    for (const c of charts) {
      assert.ok(c.canvas, `${c.id}: no canvas`);
      assert.ok(c.opaque > 1000, `${c.id}: blank canvas (${c.opaque} pixels)`);
      assert.ok(c.coloured > 100, `${c.id}: no data drawn (${c.coloured} coloured pixels)`);
      if (bothColours.includes(c.id)) {
        assert.ok(c.blue > 50, `${c.id}: baseline not drawn (${c.blue} blue pixels)`);
        assert.ok(c.orange > 50, `${c.id}: candidate not drawn (${c.orange} orange pixels)`);
      }
    }
  }

  const CHARTS = [
    'qps',
    'latency',
    'cpu:nginx-worker',
    'rss:nginx-worker',
    'cpu:nginx-master',
    'rss:nginx-master',
    'anomalies',
    'statuses',
  ];
  const DIFFERING = ['qps', 'latency', 'cpu:nginx-worker', 'anomalies', 'statuses'];

  it('fail (CRS PL2 vs PL1): every chart drew, the filter works, screenshot saved', async () => {
    const file = await build(
      'fail',
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-pl2'),
    );
    const o = await open(file);
    const { page } = o;
    assert.equal(await page.textContent('#wg-verdict'), 'FAIL');
    assertDrawn(await chartsOf(page), CHARTS, DIFFERING);
    const shot = join(out, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`report.html screenshot (fail case): ${shot}`);

    assert.equal(await page.textContent('#wg-shown'), '6 of 6 shown');
    await page.fill('#wg-filter', '942432');
    const rows = await page.evaluate<string[]>(VISIBLE_ROWS);
    assert.equal(rows.length, 2);
    assert.ok(rows.every((r) => r.includes('942432')));
    assert.equal(await page.textContent('#wg-shown'), '2 of 6 shown');
    await page.fill('#wg-filter', 'API.TEST');
    assert.equal((await page.evaluate<string[]>(VISIBLE_ROWS)).length, 3);
    await page.selectOption('#wg-kind', 'new-block');
    assert.equal((await page.evaluate<string[]>(VISIBLE_ROWS)).length, 3);
    await page.fill('#wg-filter', 'no such request');
    assert.equal(await page.textContent('#wg-shown'), '0 of 6 shown');
    await page.fill('#wg-filter', '');
    assert.equal(await page.textContent('#wg-shown'), '6 of 6 shown');
    assert.equal(await page.locator('[id^="wg-opt-"]').count(), 0, 'no optional section');

    assertClean(o);
  });

  it('pass (PL1 rebuild): every chart drew, no changed-requests section', async () => {
    const file = await build(
      'pass',
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-pl1-next'),
    );
    const o = await open(file);
    assert.equal(await o.page.textContent('#wg-verdict'), 'PASS');
    assertDrawn(await chartsOf(o.page), CHARTS, ['qps', 'latency', 'cpu:nginx-worker']);
    assert.equal(await o.page.locator('#wg-changes').count(), 0);
    const shot = join(out, 'report-pass.png');
    await o.page.screenshot({ path: shot, fullPage: true });
    console.log(`report.html screenshot (pass case): ${shot}`);
    assertClean(o);
  });

  it('shows hostile traffic text literally and runs none of it; optional sections appear with data', async () => {
    await rm(join(out, 'hostile-runs'), { recursive: true, force: true });
    const runs = await writeHostileRuns(join(out, 'hostile-runs'));
    const file = await build('hostile', runs.baselineDir, runs.candidateDir, {
      optionalSections: [
        {
          id: 'long-connections',
          title: 'WebSocket and long connections',
          paragraphs: ['Held connections <b>per round</b>.'],
          table: { columns: ['round', 'held', 'dropped'], rows: [[1, 200, 0]] },
          chart: null,
        },
      ],
    });
    const o = await open(file);
    const { page } = o;
    const cells = await page.evaluate<string[]>(
      `Array.from(document.querySelectorAll('td')).map(function (td) { return td.textContent; })`,
    );
    assert.ok(cells.includes(HOSTILE_REQUEST_LINE), 'the request line is shown literally');
    assert.ok(cells.includes(HOSTILE_LOG_LINE), 'the error-log line is shown literally');
    assert.ok(cells.some((c) => c.includes('941100"><img src=x onerror=alert(2)>')));
    assert.ok((await page.textContent('#wg-builds'))!.includes(HOSTILE_VERSION));
    assert.equal(await page.locator('img, iframe, object, embed').count(), 0);
    assert.equal(await page.locator('script').count(), 3);
    const optional = page.locator('#wg-opt-long-connections');
    assert.equal(await optional.locator('h2').textContent(), 'WebSocket and long connections');
    assert.equal(await optional.locator('p').textContent(), 'Held connections <b>per round</b>.');
    assert.equal(await optional.locator('b').count(), 0);
    assertDrawn(await chartsOf(page), CHARTS, ['latency', 'anomalies', 'statuses']);
    assertClean(o);
  });

  it('the demo (real lab, CRS PL2 vs PL1): its report.html opens with every chart drawn', async () => {
    const demoOut = await mkdtemp(join(tmpdir(), 'waf-gate-html-demo-'));
    try {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--out', join(demoOut, 'demo')].concat([
          '--no-install',
          '--rounds',
          '2',
          '--expect',
          'fail',
        ]),
        { encoding: 'utf8', timeout: 300_000 },
      );
      assert.equal(run.status, 0, `demo exit ${run.status}: ${run.stderr.slice(-2000)}`);
      const o = await open(join(demoOut, 'demo', 'report.html'));
      const { page } = o;
      assert.equal(await page.textContent('#wg-verdict'), 'FAIL');
      const charts = await chartsOf(page);
      for (const id of ['qps', 'latency', 'cpu:nginx-worker', 'rss:nginx-worker', 'statuses'])
        assert.ok(
          charts.some((c) => c.id === id),
          `chart ${id} present (${charts.map((c) => c.id).join(', ')})`,
        );
      assertDrawn(
        charts,
        charts.map((c) => c.id),
        ['qps', 'latency', 'cpu:nginx-worker'],
      );
      await mkdir(out, { recursive: true });
      const shot = join(out, 'demo.png');
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`report.html screenshot (demo): ${shot}`);
      assertClean(o);
    } finally {
      await rm(demoOut, { recursive: true, force: true });
    }
  });
});
