/**
 * `htmlReportData`: a comparison plus the runs' time series → everything report.html shows. Pure; the
 * lists are capped so the page stays small enough to open (what is left out is counted).
 */
import type {
  Comparison,
  MetricComparison,
  QualityComparison,
  RunInfo,
} from '../../compare/comparison.js';
import { canonicalShape } from '../../compare/baseline-store.js';
import { latencyChart, qpsChart, resourceCharts } from './data-perf.js';
import type { HtmlInputs } from './load.js';
import type {
  HtmlBarChart,
  HtmlBuild,
  HtmlChange,
  HtmlFinding,
  HtmlMetric,
  HtmlOptionalSection,
  HtmlReportData,
  Side,
} from './types.js';
import { holdHtmlSections } from './hold-data.js';

/** Changed requests embedded in the page's table; the rest are in changed-requests.jsonl. */
export const MAX_CHANGE_ROWS = 5000;
/** Bars of the per-domain status chart. */
export const MAX_STATUS_BARS = 60;
/** Bars of the per-domain anomaly chart. */
export const MAX_ANOMALY_BARS = 60;

function build(side: Side, info: RunInfo): HtmlBuild {
  return {
    side,
    version: info.version,
    description: info.description ?? null,
    rounds: info.rounds,
  };
}

function result(m: MetricComparison, indicative: boolean): string {
  if (m.regression) return 'regression';
  if (m.improvement) return 'improvement';
  if (indicative) return 'indicative';
  if (m.thresholdPct === null) return 'info';
  if (m.significant) return 'significant, within threshold';
  // As in the Markdown report: the CI bounds the true change.
  if (m.ci)
    return `no change larger than ${Math.max(Math.abs(m.ci.lowPct), Math.abs(m.ci.highPct)).toFixed(1)} % (given the noise; MDC ±${(m.mdcPct ?? (m.ci.highPct - m.ci.lowPct) / 2).toFixed(1)} %)`;
  return 'no significant change';
}

function metrics(c: Comparison): HtmlMetric[] {
  const p = c.performance;
  if (!p) return [];
  return p.metrics.map((m) => ({
    label: m.source === undefined ? m.label : `${m.label} (${m.source})`,
    unit: m.unit,
    baselineMedian: m.baselineMedian,
    candidateMedian: m.candidateMedian,
    deltaPct: m.deltaPct,
    ci: m.ci,
    pValue: m.pValue,
    thresholdPct: m.thresholdPct,
    betterWhen: m.betterWhen,
    result: result(m, p.indicativeOnly),
  }));
}

function anomalyBars(q: QualityComparison, missing: string[]): HtmlBarChart | null {
  const rows = q.domains.flatMap((d) => [
    { label: `${d.domain} · blocked`, b: d.blocked.baseline, c: d.blocked.candidate },
    ...(d.errors.baseline + d.errors.candidate > 0
      ? [{ label: `${d.domain} · 5xx / no answer`, b: d.errors.baseline, c: d.errors.candidate }]
      : []),
  ]);
  if (rows.length === 0) return null;
  const shown = [...rows]
    .sort((x, y) => Math.abs(y.c - y.b) - Math.abs(x.c - x.b))
    .slice(0, MAX_ANOMALY_BARS);
  const kept = rows.filter((r) => shown.includes(r));
  if (kept.length < rows.length)
    missing.push(
      `Anomalies per domain: ${rows.length - kept.length} of ${rows.length} bars with the smallest change are left out (all are in results.json).`,
    );
  return {
    id: 'anomalies',
    title: 'Blocked and failed requests per domain',
    valueLabel: 'requests (quality run)',
    categories: kept.map((r) => r.label),
    baseline: kept.map((r) => r.b),
    candidate: kept.map((r) => r.c),
    caption:
      'Requests of the quality run the WAF blocked (answered itself with an anomaly status) and requests answered with 5xx or not at all, per domain.',
  };
}

function statusBars(q: QualityComparison, missing: string[]): HtmlBarChart | null {
  const rows = q.domains.flatMap((d) =>
    d.statuses.map((s) => ({ label: `${d.domain} · ${s.status}`, s, flagged: s.flag !== null })),
  );
  if (rows.length === 0) return null;
  const ranked = [...rows].sort(
    (x, y) => Number(y.flagged) - Number(x.flagged) || Math.abs(y.s.delta) - Math.abs(x.s.delta),
  );
  const shown = new Set(ranked.slice(0, MAX_STATUS_BARS));
  const kept = rows.filter((r) => shown.has(r));
  if (kept.length < rows.length)
    missing.push(
      `Statuses per domain: ${rows.length - kept.length} of ${rows.length} bars with the smallest change are left out (all are in results.json).`,
    );
  return {
    id: 'statuses',
    title: 'Responses by status and domain',
    valueLabel: 'responses (quality run)',
    categories: kept.map((r) => `${r.label}${r.flagged ? ' ⚑' : ''}`),
    baseline: kept.map((r) => r.s.baseline),
    candidate: kept.map((r) => r.s.candidate),
    caption:
      'Status codes of the quality run per domain. ⚑ marks a status that flags its domain (a new status, or an increase beyond the domain’s threshold).',
  };
}

function changes(q: QualityComparison | null): HtmlReportData['changes'] {
  if (!q) return { total: 0, rows: [] };
  const rows: HtmlChange[] = q.changes.slice(0, MAX_CHANGE_ROWS).map((c) => ({
    kind: c.kind,
    domain: c.domain,
    requestLine: c.requestLine,
    where: c.origin ? `${c.origin.file}:${c.origin.line}` : c.entryKey,
    baseline: { ...c.baseline },
    candidate: { ...c.candidate },
    ignored: c.ignored ? `${c.ignored.reason} (${c.ignored.rule})` : null,
  }));
  return { total: q.changes.length, rows };
}

function findings(c: Comparison): HtmlFinding[] {
  const out: HtmlFinding[] = [];
  for (const side of ['baseline', 'candidate'] as const) {
    const f = c.findings[side];
    if (!f) continue;
    for (const x of f.crashes)
      out.push({
        side,
        source: x.source,
        kind: 'crash',
        text: `${x.group} pid ${x.pid}${x.signal ? ` (${x.signal})` : ''}: ${x.detail}`,
      });
    for (const x of f.findings)
      out.push({ side, source: `${x.source}, line ${x.lineNumber}`, kind: x.kind, text: x.line });
  }
  return out;
}

function environment(c: Comparison): HtmlReportData['environment'] {
  const b = c.baseline;
  const k = c.candidate;
  const rows: HtmlReportData['environment'] = [
    { key: 'version', baseline: b?.version ?? null, candidate: k.version },
    { key: 'description', baseline: b?.description ?? null, candidate: k.description ?? null },
    { key: 'pressure rounds', baseline: b ? String(b.rounds) : null, candidate: String(k.rounds) },
    {
      key: 'load shape',
      baseline: b?.pressureShape ? canonicalShape(b.pressureShape) : null,
      candidate: k.pressureShape ? canonicalShape(k.pressureShape) : null,
    },
    { key: 'domains', baseline: b ? b.domains.join(', ') : null, candidate: k.domains.join(', ') },
    {
      key: 'recorded',
      baseline: b ? new Date(b.createdAtMs).toISOString() : null,
      candidate: new Date(k.createdAtMs).toISOString(),
    },
    { key: 'corpus', baseline: b?.corpusFingerprint ?? null, candidate: k.corpusFingerprint },
  ];
  const keys = [
    ...new Set([...Object.keys(b?.environment ?? {}), ...Object.keys(k.environment ?? {})]),
  ].sort();
  for (const key of keys)
    rows.push({
      key,
      baseline: b?.environment?.[key] ?? null,
      candidate: k.environment?.[key] ?? null,
    });
  return rows;
}

/** Options of {@link htmlReportData}. */
export interface HtmlDataOptions {
  /** Sections shown only when there is data for them (e.g. WebSocket / long connections). */
  optionalSections?: HtmlOptionalSection[];
}

/** Everything report.html shows, from the comparison and the runs' time series. */
export function htmlReportData(
  comparison: Comparison,
  inputs: HtmlInputs,
  options: HtmlDataOptions = {},
): HtmlReportData {
  const c = comparison;
  const missing = [...inputs.missing];
  const q = c.quality;
  if (!q) missing.push('Quality was not compared: no per-domain charts and no changed requests.');
  const changed = changes(q);
  if (changed.rows.length < changed.total)
    missing.push(
      `Changed requests: the first ${changed.rows.length} of ${changed.total} are in the table; every one is in changed-requests.jsonl.`,
    );
  return {
    schema: 'waf-gate/html-report@1',
    verdict: c.verdict,
    mode: c.mode,
    baseline: c.baseline ? build('baseline', c.baseline) : null,
    candidate: build('candidate', c.candidate),
    reasons: c.reasons,
    counts: c.counts,
    notes: [...c.notes, ...(c.performance?.notes ?? [])],
    metrics: metrics(c),
    qps: qpsChart(inputs, missing),
    latency: latencyChart(inputs, missing),
    resources: resourceCharts(inputs, missing),
    anomalies: q ? anomalyBars(q, missing) : null,
    statuses: q ? statusBars(q, missing) : null,
    domains: (q?.domains ?? []).map((d) => ({
      domain: d.domain,
      flagged: d.flagged,
      requests: d.requests,
      blocked: d.blocked,
      errors: d.errors,
      newBlocks: d.newBlocks,
      newPasses: d.newPasses,
      newErrors: d.newErrors,
      statuses: d.statuses.map((s) => ({
        status: s.status,
        baseline: s.baseline,
        candidate: s.candidate,
        flag: s.flag,
      })),
    })),
    changes: changed,
    findings: findings(c),
    environment: environment(c),
    optionalSections: [...holdHtmlSections(c, inputs), ...(options.optionalSections ?? [])],
    missing,
  };
}
