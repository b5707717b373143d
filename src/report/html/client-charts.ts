/**
 * The page script's chart half (plain browser JavaScript, run by report.html): line charts (time and
 * percentile axes) and horizontal baseline-vs-candidate bar charts on uPlot. Kept as text because it runs
 * in the browser, not in Node; the headless-Chromium test (test/report/html-chromium.test.ts) runs it.
 * Labels are drawn on the canvas or set with textContent, never parsed as HTML.
 */
export const CLIENT_CHARTS_JS = String.raw`
var COLOR = { baseline: '#1d5fbf', candidate: '#d4530b' };
var ROUND_COLOR = { baseline: 'rgba(29,95,191,0.55)', candidate: 'rgba(212,83,11,0.55)' };
var AXIS = { stroke: '#333', font: '12px system-ui, sans-serif', labelFont: 'bold 12px system-ui, sans-serif' };
// Counts are whole numbers: ticks at 1, 2, 5, 10, 20, … only.
var COUNT_INCRS = [];
for (var e = 0; e < 10; e++) [1, 2, 5].forEach(function (m) { COUNT_INCRS.push(m * Math.pow(10, e)); });
var GRID = { stroke: '#e3e3e3', width: 1 };

function fmtNumber(v) {
  if (v === null || v === undefined || !isFinite(v)) return '–';
  var a = Math.abs(v);
  var digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function formatter(kind) {
  if (kind === 'ms') return function (v) { return v == null ? '–' : fmtNumber(v) + ' ms'; };
  if (kind === 'pct') return function (v) { return v == null ? '–' : fmtNumber(v) + ' %'; };
  if (kind === 'mib') return function (v) { return v == null ? '–' : fmtNumber(v) + ' MiB'; };
  return function (v) { return v == null ? '–' : fmtNumber(v); };
}

/** 1/(1-p) → a percentile label: 1 → 0, 10 → 90, 1000 → 99.9. */
function percentileLabel(x) {
  var p = 100 * (1 - 1 / x);
  if (p <= 0) return 'p0';
  var digits = Math.max(0, Math.round(Math.log10(x)) - 2);
  return 'p' + p.toFixed(digits);
}

function chartWidth(el) {
  return Math.max(320, Math.floor(el.getBoundingClientRect().width));
}

var charts = [];

function track(el, u, height) {
  charts.push({ el: el, u: u, height: height });
}

window.addEventListener('resize', function () {
  charts.forEach(function (c) { c.u.setSize({ width: chartWidth(c.el), height: c.height }); });
});

function lineChart(el, chart) {
  var yFmt = formatter(chart.yFormat);
  var percentile = chart.xKind === 'percentile';
  var series = [{ label: percentile ? 'percentile' : 'time', value: function (u, v) {
    return v == null ? '–' : percentile ? percentileLabel(v) : fmtNumber(v) + ' s';
  } }];
  chart.lines.forEach(function (l) {
    series.push({
      label: l.side + ' · ' + l.name,
      stroke: l.emphasis ? COLOR[l.side] : ROUND_COLOR[l.side],
      width: l.emphasis ? 3 : 1.25,
      dash: l.side === 'candidate' && !l.emphasis ? [6, 3] : undefined,
      spanGaps: true,
      points: { show: false },
      value: function (u, v) { return yFmt(v); },
    });
  });
  var xAxis = { label: chart.xLabel, stroke: AXIS.stroke, font: AXIS.font, labelFont: AXIS.labelFont, grid: GRID };
  if (percentile) {
    xAxis.splits = function (u, i, min, max) {
      var out = [];
      for (var v = 1; v <= max * 1.0001; v *= 10) if (v >= min * 0.9999) out.push(v);
      return out;
    };
    xAxis.values = function (u, splits) { return splits.map(percentileLabel); };
  } else {
    // Whole and half seconds only: windows are 1 s wide.
    xAxis.incrs = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
    xAxis.values = function (u, splits) { return splits.map(function (v) { return fmtNumber(v) + ' s'; }); };
  }
  var yMax = 0;
  chart.lines.forEach(function (l) {
    l.values.forEach(function (v) { if (v !== null && v > yMax) yMax = v; });
  });
  var height = 340;
  var opts = {
    width: chartWidth(el),
    height: height,
    scales: {
      x: percentile
        ? { time: false, distr: 3, log: 10, range: function (u, min, max) { return [1, Math.max(10, max)]; } }
        : { time: false },
      // From the data itself: uPlot's own min/max can miss a series that ends early (nulls after it).
      y: { range: function () { return [0, yMax > 0 ? yMax * 1.08 : 1]; } },
    },
    axes: [
      xAxis,
      { label: chart.yLabel, stroke: AXIS.stroke, font: AXIS.font, labelFont: AXIS.labelFont, grid: GRID, size: 80,
        values: function (u, splits) { return splits.map(yFmt); } },
    ],
    // Values under the cursor only when the legend stays short; many rounds make it a wall of dashes.
    legend: { live: chart.lines.length <= 4 },
    cursor: { drag: { x: true, y: false } },
    series: series,
  };
  var u = new uPlot(opts, [chart.x].concat(chart.lines.map(function (l) { return l.values; })), el);
  track(el, u, height);
  return u;
}

function shorten(text, max) {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function barChart(el, chart) {
  var n = chart.categories.length;
  var labels = chart.categories.map(function (c) { return shorten(c, 44); });
  var longest = labels.reduce(function (m, l) { return Math.max(m, l.length); }, 0);
  var height = Math.max(180, n * 34 + 100);
  var bars = uPlot.paths.bars;
  var idx = labels.map(function (_, i) { return i; });
  var fmt = formatter('number');
  var opts = {
    width: chartWidth(el),
    height: height,
    scales: {
      x: { time: false, ori: 1, dir: -1, range: function () { return [-0.5, n - 0.5]; } },
      y: { ori: 0, range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } },
    },
    axes: [
      { scale: 'x', side: 3, size: Math.min(340, 24 + longest * 7), stroke: AXIS.stroke, font: AXIS.font,
        grid: { show: false }, ticks: { show: false },
        splits: function () { return idx; },
        values: function (u, splits) { return splits.map(function (i) { return labels[i] === undefined ? '' : labels[i]; }); } },
      { scale: 'y', side: 2, label: chart.valueLabel, incrs: COUNT_INCRS, stroke: AXIS.stroke, font: AXIS.font, labelFont: AXIS.labelFont, grid: GRID,
        values: function (u, splits) { return splits.map(fmt); } },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    series: [
      { label: 'category', value: function (u, v) { return v == null || labels[v] === undefined ? '–' : labels[v]; } },
      { label: 'baseline', stroke: COLOR.baseline, fill: COLOR.baseline, width: 0,
        paths: bars({ size: [0.4, 26], align: -1 }), points: { show: false }, value: function (u, v) { return fmt(v); } },
      { label: 'candidate', stroke: COLOR.candidate, fill: COLOR.candidate, width: 0,
        paths: bars({ size: [0.4, 26], align: 1 }), points: { show: false }, value: function (u, v) { return fmt(v); } },
    ],
  };
  var u = new uPlot(opts, [idx, chart.baseline, chart.candidate], el);
  track(el, u, height);
  return u;
}
`;
