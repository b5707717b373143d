/**
 * Report text from traffic is inert (issue 9 item 8): a report whose requests, domains, rule ids, corpus
 * file names, log lines, crash details and notes hold mentions, HTML, Markdown, issue references,
 * autolinks and emoji codes is rendered with micromark + GFM, and what a reader sees is checked: no
 * markup or link from traffic, no mention or reference GitHub would act on, every table whole, and the
 * literal text still there.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Comparison } from '../../src/compare/comparison.js';
import { escapeInline, ZERO_WIDTH_BREAK } from '../../src/report/escape.js';
import { renderReport } from '../../src/report/index.js';
import { assertInert, readable, renderGfm, tableWidths } from './gfm.js';
import { HOSTILE_TARGETS, hostileComparison, READABLE } from './hostile.js';

const ARTIFACT = 'https://github.com/acme/waf/actions/runs/42/artifacts/7';

describe('report text from traffic is inert', () => {
  let comparison: Comparison;
  before(async () => {
    comparison = await hostileComparison();
    assert.equal(comparison.quality?.changes.length, HOSTILE_TARGETS.length * 2);
  });

  it('the full report: no markup, link, mention or reference from traffic; whole tables; text readable', () => {
    const md = renderReport(comparison, { maxChars: 65_535, artifactUrl: ARTIFACT });
    const html = renderGfm(md);
    assertInert(html, [ARTIFACT]);
    assert.ok(!html.includes('<img'), 'no image tag');
    const widths = tableWidths(html);
    // domains, changed-request groups, changed requests, 5xx, findings, run parameters (at least)
    assert.ok(widths.includes(7) && widths.includes(6) && widths.includes(4), widths.join(','));
    const changed = /<h4>Changed requests \(first \d+\)<\/h4>\s*<table>([\s\S]*?)<\/table>/.exec(
      html,
    );
    assert.ok(changed, 'the changed-requests table is there');
    assert.equal(
      [...changed[1]!.matchAll(/<tr>/g)].length,
      1 + HOSTILE_TARGETS.length * 2,
      'one row per changed request: no pipe or line break split a row',
    );
    const seen = readable(html);
    for (const literal of READABLE) assert.ok(seen.includes(literal), `reader sees ${literal}`);
    assert.ok(seen.includes('GET /multi\\x0aline\\x0a# heading\\x0a> quote'), 'line breaks shown');
    assert.ok(seen.includes('\ufffdevil'), 'the bidi override is replaced, the text kept');
  });

  it('the minimal report under a tiny budget (reasons quote domains) is inert too', () => {
    const md = renderReport(comparison, { maxChars: 1_200 });
    assert.match(md, /did not fit this space/);
    assertInert(renderGfm(md));
    assert.ok(readable(renderGfm(md)).includes('a@b.test'), 'the domain is still readable');
  });

  it('escapeInline: one rule per trigger, nothing else changes', () => {
    const z = ZERO_WIDTH_BREAK;
    assert.equal(escapeInline('@org/team'), `@${z}org/team`);
    assert.equal(escapeInline('#12 GH-3 x#4 #a'), `\\#${z}12 GH-${z}3 x\\#${z}4 \\#a`);
    assert.equal(escapeInline('http://x www.y'), `http:${z}//x www${z}.y`);
    assert.equal(escapeInline(':x: 09:04:11'), `:${z}x: 09:04:11`);
    assert.equal(escapeInline('a|b\r\nc\td'), 'a\\|b c d');
    assert.equal(escapeInline('<img src=x>'), '\\<img src=x\\>');
    assert.equal(
      escapeInline('*x* _y_ [l](u) `c` ~s~ $m$ &amp; \\'),
      '\\*x\\* \\_y\\_ \\[l\\](u) \\`c\\` \\~s\\~ \\$m\\$ \\&amp; \\\\',
    );
    assert.equal(escapeInline('a\u0000b\u202ec\u0085'), 'a\ufffdb\ufffdc\ufffd');
    assert.equal(escapeInline('GET /plain/path?q=1 HTTP/1.1'), 'GET /plain/path?q=1 HTTP/1.1');
  });
});
