/**
 * The page script's page half (plain browser JavaScript): reads the embedded JSON and builds every
 * section with createElement/textContent — traffic text (request lines, domains, rule ids, log lines)
 * never reaches an HTML parser. Optional sections appear only when their data exists.
 */
export const CLIENT_PAGE_JS = String.raw`
var data = JSON.parse(document.getElementById('wg-data').textContent);
var main = document.getElementById('wg-main');
var nav = document.getElementById('wg-nav');

function h(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function section(id, title) {
  var s = h('section', 'wg-section');
  s.id = id;
  s.appendChild(h('h2', null, title));
  main.appendChild(s);
  var a = h('a', null, title);
  a.href = '#' + id;
  nav.appendChild(a);
  return s;
}

function table(columns, rows, cls) {
  var t = h('table', cls || null);
  var head = t.createTHead().insertRow();
  columns.forEach(function (c) { head.appendChild(h('th', null, c)); });
  var body = t.createTBody();
  rows.forEach(function (r) {
    var tr = body.insertRow();
    r.forEach(function (v) { tr.appendChild(h('td', null, v === null || v === undefined ? '–' : v)); });
  });
  return t;
}

function figure(parent, chart, draw, wide) {
  var f = h('figure', wide ? 'wg-figure wg-wide' : 'wg-figure');
  f.appendChild(h('h3', null, chart.title));
  var holder = h('div', 'wg-chart');
  holder.setAttribute('data-chart', chart.id);
  f.appendChild(holder);
  f.appendChild(h('figcaption', null, chart.caption));
  parent.appendChild(f);
  draw(holder, chart);
}

function unitValue(v, unit) {
  if (v === null || v === undefined) return '–';
  if (unit === 'bytes') return fmtNumber(v / 1024 / 1024) + ' MiB';
  if (unit === 'µs') return fmtNumber(v / 1000) + ' ms';
  return fmtNumber(v) + ' ' + unit;
}

function pct(v) {
  return v === null || v === undefined ? '–' : (v > 0 ? '+' : '') + v.toFixed(1) + ' %';
}

function sideText(s) {
  var parts = [s.status === null ? 'no answer' : String(s.status), s.class];
  if (s.error) parts.push(s.error);
  if (s.ruleIds.length) parts.push('rules ' + s.ruleIds.join(', '));
  return parts.join(' · ');
}

// Header: verdict, builds, reasons, counts.
(function header() {
  var c = data.candidate;
  var b = data.baseline;
  document.title = 'waf-gate ' + data.verdict.toUpperCase() + ' — ' + c.version;
  var verdict = document.getElementById('wg-verdict');
  verdict.textContent = data.verdict.toUpperCase();
  verdict.className = 'wg-verdict wg-' + data.verdict;
  document.getElementById('wg-builds').textContent =
    'candidate ' + c.version + (b ? ' against baseline ' + b.version : ' (no baseline)') + (data.mode === 'aa' ? ' (A/A)' : '');
  var s = section('wg-summary', 'Verdict');
  var ul = h('ul', 'wg-reasons');
  data.reasons.forEach(function (r) {
    var li = h('li', 'wg-' + r.severity, r.message);
    ul.appendChild(li);
  });
  s.appendChild(ul);
  var k = data.counts;
  var grid = h('div', 'wg-counts');
  [['new blocks', k.newBlocks], ['new passes', k.newPasses], ['new 5xx / no answer', k.newErrors],
   ['flagged domains', k.flaggedDomains], ['performance regressions', k.regressions],
   ['crashes', k.crashes], ['error-log findings', k.findings], ['ignored changes', k.ignored]]
    .forEach(function (x) {
      var d = h('div', x[1] > 0 ? 'wg-count wg-nonzero' : 'wg-count');
      d.appendChild(h('span', 'wg-count-n', fmtNumber(x[1])));
      d.appendChild(h('span', 'wg-count-l', x[0]));
      grid.appendChild(d);
    });
  s.appendChild(grid);
  data.notes.forEach(function (n) { s.appendChild(h('p', 'wg-note', n)); });
})();

if (data.metrics.length || data.qps || data.latency) {
  var perf = section('wg-performance', 'Performance');
  if (data.metrics.length) {
    perf.appendChild(table(['Metric', 'Baseline median', 'Candidate median', 'Δ', 'CI of Δ', 'p', 'Threshold', 'Result'],
      data.metrics.map(function (m) {
        return [m.label, unitValue(m.baselineMedian, m.unit), unitValue(m.candidateMedian, m.unit), pct(m.deltaPct),
          m.ci ? pct(m.ci.lowPct) + ' … ' + pct(m.ci.highPct) : '–',
          m.pValue === null ? '–' : m.pValue < 0.001 ? '< 0.001' : m.pValue.toFixed(3),
          m.thresholdPct === null ? '–' : (m.betterWhen === 'lower' ? '+' : '−') + m.thresholdPct + ' %', m.result];
      }), 'wg-metrics'));
  }
  var row = h('div', 'wg-grid');
  perf.appendChild(row);
  if (data.qps) figure(row, data.qps, lineChart, true);
  if (data.latency) figure(row, data.latency, lineChart, true);
}

if (data.resources.length) {
  var res = section('wg-resources', 'CPU and memory over time');
  var grid = h('div', 'wg-grid');
  res.appendChild(grid);
  data.resources.forEach(function (c) { figure(grid, c, lineChart, false); });
}

if (data.domains.length) {
  var dom = section('wg-domains', 'Domains');
  var bars = h('div', 'wg-grid');
  dom.appendChild(bars);
  if (data.anomalies) figure(bars, data.anomalies, barChart, false);
  if (data.statuses) figure(bars, data.statuses, barChart, false);
  dom.appendChild(table(['Domain', 'Requests', 'Blocked (B → C)', '5xx / no answer (B → C)', 'New blocks', 'New passes', 'New errors', 'Flagged'],
    data.domains.map(function (d) {
      return [d.domain, fmtNumber(d.requests.candidate), d.blocked.baseline + ' → ' + d.blocked.candidate,
        d.errors.baseline + ' → ' + d.errors.candidate, d.newBlocks, d.newPasses, d.newErrors, d.flagged ? 'yes' : 'no'];
    }), 'wg-domain-table'));
}

if (data.changes.total > 0) {
  var ch = section('wg-changes', 'Changed requests');
  var tools = h('div', 'wg-tools');
  var filter = h('input');
  filter.type = 'search';
  filter.id = 'wg-filter';
  filter.placeholder = 'Filter: any text of a row (domain, request, rule id, status)…';
  filter.setAttribute('aria-label', 'Filter changed requests');
  var kind = h('select');
  kind.id = 'wg-kind';
  kind.setAttribute('aria-label', 'Kind of change');
  var kinds = [''].concat(data.changes.rows.map(function (r) { return r.kind; }).filter(function (k, i, a) { return a.indexOf(k) === i; }));
  kinds.forEach(function (k) { var o = h('option', null, k === '' ? 'every kind' : k); o.value = k; kind.appendChild(o); });
  var shown = h('span', 'wg-shown');
  shown.id = 'wg-shown';
  tools.appendChild(filter);
  tools.appendChild(kind);
  tools.appendChild(shown);
  ch.appendChild(tools);
  var t = table(['Kind', 'Domain', 'Request', 'Corpus entry', 'Baseline', 'Candidate', 'Ignored'],
    data.changes.rows.map(function (r) {
      return [r.kind, r.domain, r.requestLine, r.where, sideText(r.baseline), sideText(r.candidate), r.ignored || ''];
    }), 'wg-changes-table');
  t.id = 'wg-changes-table';
  var rows = Array.prototype.slice.call(t.tBodies[0].rows);
  var texts = rows.map(function (tr) { return tr.textContent.toLowerCase(); });
  ch.appendChild(t);
  var apply = function () {
    var q = filter.value.trim().toLowerCase();
    var k = kind.value;
    var n = 0;
    rows.forEach(function (tr, i) {
      var ok = (q === '' || texts[i].indexOf(q) >= 0) && (k === '' || data.changes.rows[i].kind === k);
      tr.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + data.changes.rows.length + ' shown' +
      (data.changes.total > data.changes.rows.length ? ' (' + data.changes.total + ' changed in all)' : '');
  };
  filter.addEventListener('input', apply);
  kind.addEventListener('change', apply);
  apply();
}

if (data.findings.length) {
  var fi = section('wg-findings', 'Crashes and error-log findings');
  fi.appendChild(table(['Build', 'Where', 'Kind', 'Line'], data.findings.map(function (f) {
    return [f.side, f.source, f.kind, f.text];
  }), 'wg-findings-table'));
}

data.optionalSections.forEach(function (o) {
  var s = section('wg-opt-' + o.id, o.title);
  o.paragraphs.forEach(function (p) { s.appendChild(h('p', null, p)); });
  if (o.table) s.appendChild(table(o.table.columns, o.table.rows));
  if (o.chart) figure(s, o.chart, lineChart, true);
});

var params = section('wg-parameters', 'Run parameters');
params.appendChild(table(['', 'Baseline', 'Candidate'], data.environment.map(function (e) {
  return [e.key, e.baseline, e.candidate];
}), 'wg-env'));

if (data.missing.length) {
  var mi = section('wg-missing', 'Not shown');
  var ml = h('ul');
  data.missing.forEach(function (m) { ml.appendChild(h('li', null, m)); });
  mi.appendChild(ml);
}

document.documentElement.setAttribute('data-rendered', String(charts.length));
`;
