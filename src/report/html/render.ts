/**
 * `renderHtmlReport`: report.html as one self-contained string — uPlot's JS and CSS inlined, the data as
 * one JSON block, a Content-Security-Policy that allows no network at all. The static markup holds no
 * text from the run: the page script inserts every string with textContent. Pure.
 */
import { CLIENT_CHARTS_JS } from './client-charts.js';
import { CLIENT_PAGE_JS } from './client-page.js';
import type { HtmlReportData } from './types.js';
import { UPLOT_CSS, UPLOT_JS, UPLOT_VERSION } from './vendor-uplot.js';

/** Nothing may be fetched: inline scripts and styles only, images only as data: URLs. */
const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const PAGE_CSS = `
:root { color-scheme: light; --b: #1d5fbf; --c: #d4530b; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #f6f8fa; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 16px 24px; }
header h1 { font-size: 18px; margin: 0 12px 0 0; display: inline-block; vertical-align: middle; }
.wg-verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 700; color: #fff; background: #6e7781; vertical-align: middle; }
.wg-verdict.wg-pass { background: #1a7f37; } .wg-verdict.wg-fail { background: #cf222e; } .wg-verdict.wg-neutral { background: #6e7781; }
#wg-builds { margin-left: 12px; color: var(--muted); vertical-align: middle; }
.wg-key { float: right; color: var(--muted); }
.wg-key span { display: inline-block; margin-left: 14px; }
.wg-key i { display: inline-block; width: 22px; height: 4px; vertical-align: middle; margin-right: 6px; }
.wg-key .wg-b { background: var(--b); } .wg-key .wg-c { background: var(--c); }
nav { margin-top: 8px; } nav a { margin-right: 14px; color: var(--b); text-decoration: none; }
main { max-width: 1240px; margin: 0 auto; padding: 8px 24px 48px; }
.wg-section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 20px 16px; margin: 16px 0; }
h2 { font-size: 17px; margin: 4px 0 12px; } h3 { font-size: 14px; margin: 0 0 6px; }
.wg-reasons { padding-left: 20px; } .wg-reasons li.wg-fail { color: #a40e26; } .wg-reasons li.wg-neutral { color: var(--muted); }
.wg-counts { display: grid; grid-template-columns: repeat(auto-fill, minmax(118px, 1fr)); gap: 8px; margin: 8px 0; }
.wg-count { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.wg-count-n { display: block; font-size: 20px; font-weight: 700; } .wg-count-l { color: var(--muted); font-size: 12px; }
.wg-nonzero .wg-count-n { color: #a40e26; }
.wg-note { color: var(--muted); font-style: italic; margin: 4px 0; }
.wg-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.wg-figure { margin: 12px 0 0; min-width: 0; } .wg-wide { grid-column: 1 / -1; }
.wg-chart { width: 100%; min-height: 120px; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid #eaeef2; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td { overflow-wrap: anywhere; }
.wg-metrics td:nth-child(n+2):nth-child(-n+7) { text-align: right; white-space: nowrap; }
.wg-tools { display: flex; gap: 10px; align-items: center; margin: 4px 0 8px; }
#wg-filter { flex: 1; padding: 6px 8px; font: inherit; border: 1px solid var(--line); border-radius: 6px; }
#wg-kind { padding: 6px; font: inherit; }
.wg-shown { color: var(--muted); white-space: nowrap; }
.wg-changes-table td:nth-child(-n+2) { white-space: nowrap; }
.wg-changes-table td:nth-child(3) { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.wg-findings-table td:nth-child(4) { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.wg-env td:first-child { white-space: nowrap; width: 170px; font-weight: 600; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 12px; }
.uplot .u-legend { font-size: 12px; } .uplot .u-legend .u-series > * { padding: 1px 4px; }
@media (max-width: 900px) { .wg-grid { grid-template-columns: 1fr; } .wg-key { float: none; display: block; } }
`;

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` as \\u escapes, so no text in
 * the data (a request line holding `</script>`) can end the block or open a comment.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function assertInlineSafe(name: string, text: string): void {
  // A library update that contained one of these would cut the page in the middle.
  if (/<\/(script|style)|<!--/i.test(text))
    throw new Error(`${name} cannot be inlined: it contains </script, </style or <!--`);
}

/** report.html for the data (see {@link HtmlReportData}). */
export function renderHtmlReport(data: HtmlReportData): string {
  const script = `(function () {\n'use strict';\n${CLIENT_CHARTS_JS}\n${CLIENT_PAGE_JS}\n})();`;
  for (const [name, text] of [
    ['uPlot JS', UPLOT_JS],
    ['uPlot CSS', UPLOT_CSS],
    ['page script', script],
    ['page CSS', PAGE_CSS],
  ] as const)
    assertInlineSafe(name, text);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="waf-gate">
<title>waf-gate report</title>
<style>${UPLOT_CSS}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
<h1>waf-gate</h1><span id="wg-verdict" class="wg-verdict"></span><span id="wg-builds"></span>
<span class="wg-key"><span><i class="wg-b"></i>baseline</span><span><i class="wg-c"></i>candidate (dashed when thin)</span></span>
<nav id="wg-nav"></nav>
</header>
<main id="wg-main"><noscript>This report draws its content with JavaScript; results.json holds the same data.</noscript></main>
<footer>Self-contained: nothing is loaded from the network. Charts: uPlot ${UPLOT_VERSION} (MIT).</footer>
<script type="application/json" id="wg-data">${embedJson(data)}</script>
<script>${UPLOT_JS}</script>
<script>${script}</script>
</body>
</html>
`;
}
