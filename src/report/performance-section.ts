/** The report's performance section: metric table, noise floor, QPS over time (Mermaid + plain table). */
import type { Comparison, MetricComparison, QpsTimeline } from '../compare/comparison.js';
import { formatP, formatPct } from '../compare/gate.js';
import { cell, formatMetric, formatNumber, table, type Limits } from './markdown.js';

function result(m: MetricComparison, indicative: boolean): string {
  if (m.unknown !== undefined) return `❔ unknown (${cell(m.unknown)})`;
  if (m.regression) return '❌ regression';
  if (m.improvement) return '✅ improvement';
  if (indicative) return 'indicative';
  if (m.thresholdPct === null) return 'info';
  if (m.significant) return 'significant, not beyond threshold';
  // The CI bounds the true change: outside it lies only what the noise cannot rule out at this level.
  if (m.ci) {
    const bound = Math.max(Math.abs(m.ci.lowPct), Math.abs(m.ci.highPct));
    return `no change larger than ${formatNumber(bound, 1)} % (given the noise)`;
  }
  return 'no significant change';
}

/** The metric's label, with where WAF CPU per request came from. */
function label(m: MetricComparison): string {
  if (m.source === 'exact') return `${cell(m.label)} (exact)`;
  if (m.source === 'sampled') return `${cell(m.label)} (sampled)`;
  return cell(m.label);
}

/** Downsamples the timeline to at most `max` points by averaging neighbouring windows. */
export function downsample(timeline: QpsTimeline, max: number): QpsTimeline['points'] {
  const points = timeline.points;
  if (points.length <= max || max <= 0) return max <= 0 ? [] : points;
  const size = Math.ceil(points.length / max);
  const out: QpsTimeline['points'] = [];
  for (let i = 0; i < points.length; i += size) {
    const chunk = points.slice(i, i + size);
    const avg = (pick: (p: QpsTimeline['points'][number]) => number | null): number | null => {
      const values = chunk.map(pick).filter((v): v is number => v !== null && Number.isFinite(v));
      return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
    };
    out.push({
      tSec: chunk[chunk.length - 1]!.tSec,
      baseline: avg((p) => p.baseline),
      candidate: avg((p) => p.candidate),
    });
  }
  return out;
}

function chart(points: QpsTimeline['points'], windowMs: number): string[] {
  const values = points.flatMap((p) => [p.baseline ?? 0, p.candidate ?? 0]);
  const top = Math.max(1, ...values);
  const yMax =
    10 ** Math.floor(Math.log10(top)) * Math.ceil(top / 10 ** Math.floor(Math.log10(top)));
  const fmt = (v: number | null): string => String(Math.round(v ?? 0));
  return [
    '```mermaid',
    'xychart-beta',
    `    title "QPS per ${windowMs / 1000} s window, median over rounds (line 1 baseline, line 2 candidate)"`,
    `    x-axis "seconds" [${points.map((p) => fmt(p.tSec)).join(', ')}]`,
    `    y-axis "req/s" 0 --> ${yMax}`,
    `    line [${points.map((p) => fmt(p.baseline)).join(', ')}]`,
    `    line [${points.map((p) => fmt(p.candidate)).join(', ')}]`,
    '```',
  ];
}

/** Renders the performance section as Markdown blocks. */
export function performanceSection(comparison: Comparison, limits: Limits): string[] {
  const p = comparison.performance;
  if (!p) return [];
  const out: string[] = ['### Performance'];
  out.push(
    `${p.rounds.baseline} baseline and ${p.rounds.candidate} candidate rounds${p.domain ? ` on ${cell(p.domain)}` : ''}. A metric regresses only when the Mann-Whitney U test gives p < ${p.alpha} **and** ${comparison.policy.performance.regressionRule === 'median' ? 'the change of medians is' : 'the whole confidence interval lies'} beyond its threshold. The interval is a seeded bootstrap of the relative difference of medians. MDC is the minimum detectable change this run achieved (half the interval's width): smaller changes cannot be told from the noise between rounds${comparison.policy.performance.regressionRule === 'median' ? '' : ', and a regression is flagged only when the change exceeds its threshold by about this much'}.`,
  );
  if (p.indicativeOnly)
    out.push(
      `> **Indicative only:** ${p.rounds.baseline} baseline / ${p.rounds.candidate} candidate round(s) give no measure of noise, so these numbers cannot fail the gate.`,
    );
  out.push(
    table(
      [
        'Metric',
        'Baseline median',
        'Candidate median',
        'Δ %',
        `${Math.round((p.metrics[0]?.ci?.level ?? comparison.policy.confidenceLevel) * 100)} % CI`,
        'p',
        'Significant',
        'MDC',
        'Threshold',
        'Result',
      ],
      p.metrics.map((m) => [
        label(m),
        m.baseline.length === 0 ? '–' : formatMetric(m.baselineMedian, m.unit),
        m.candidate.length === 0 ? '–' : formatMetric(m.candidateMedian, m.unit),
        formatPct(m.deltaPct),
        m.ci ? `${formatPct(m.ci.lowPct)} … ${formatPct(m.ci.highPct)}` : 'n/a',
        formatP(m.pValue),
        m.pValue === null ? 'n/a' : m.significant ? 'yes' : 'no',
        m.mdcPct === undefined || m.mdcPct === null ? 'n/a' : `±${formatNumber(m.mdcPct, 1)} %`,
        m.thresholdPct === null
          ? '–'
          : `${m.betterWhen === 'lower' ? '+' : '−'}${m.thresholdPct} %`,
        result(m, p.indicativeOnly),
      ]),
      ['l', 'r', 'r', 'r', 'c', 'r', 'c', 'r', 'r', 'l'],
    ),
  );
  for (const note of p.notes) out.push(`_${cell(note)}_`);
  const failed = p.excludedRounds.filter((r) => r.attempt !== undefined);
  const unusable = p.excludedRounds.filter((r) => r.attempt === undefined);
  if (unusable.length > 0) {
    out.push(
      `_Rounds left out: ${unusable.map((r) => `${r.side} round ${r.round} (${cell(r.reason)})`).join(', ')}._`,
    );
  }
  if (failed.length > 0) {
    out.push(
      '#### Failed rounds',
      'Retried and kept out of the statistics (their files stay in the run folder, `rounds/<attempt>`).',
      table(
        ['Round', 'Attempt', 'Build', 'Why'],
        failed.map((r) => [String(r.round), String(r.attempt), r.side, cell(r.reason)]),
        ['r', 'r', 'l', 'l'],
      ),
    );
  }
  if (p.noiseFloor) {
    out.push(
      '#### Noise floor (A/A)',
      'Both sides run the same build: the spread between rounds and the width of the interval are what this setup can resolve. Changes smaller than this are noise.',
      table(
        ['Metric', 'Baseline CV', 'Candidate CV', 'CI half-width'],
        p.noiseFloor.map((n) => [
          cell(n.label),
          `${n.baselineCvPct.toFixed(1)} %`,
          `${n.candidateCvPct.toFixed(1)} %`,
          n.ciHalfWidthPct === null ? 'n/a' : `±${n.ciHalfWidthPct.toFixed(1)} %`,
        ]),
        ['l', 'r', 'r', 'r'],
      ),
    );
  }
  if (p.timeline && limits.chart && limits.timeline > 0) {
    const points = downsample(p.timeline, limits.timeline);
    out.push('#### QPS over time', ...[chart(points, p.timeline.windowMs).join('\n')]);
    out.push(
      table(
        ['t (s)', 'Baseline req/s', 'Candidate req/s'],
        points.map((pt) => [
          formatNumber(pt.tSec, pt.tSec % 1 === 0 ? 0 : 1),
          pt.baseline === null ? '–' : formatNumber(pt.baseline),
          pt.candidate === null ? '–' : formatNumber(pt.candidate),
        ]),
        ['r', 'r', 'r'],
      ),
    );
  }
  return out;
}
