/**
 * Renders a comparison as one Markdown document within a size budget: the verdict line first, then
 * quality, performance, resources, findings and run parameters. Lists shrink (with a note saying how many
 * are left out) until the document fits; tables are never cut in the middle.
 */
import type { Comparison, GateReason } from '../compare/comparison.js';
import { cell, formatNumber, safeUrl, text, type Limits } from './markdown.js';
import { findingsSection, parametersSection, resourcesSection } from './other-sections.js';
import { performanceSection } from './performance-section.js';
import { ftwSection } from './ftw-section.js';
import { holdSection, holdSummary } from './hold-section.js';
import { qualitySection } from './quality-section.js';

/** Options of {@link renderReport}. */
export interface RenderOptions {
  /**
   * Size budget, counted in UTF-8 bytes (never fewer than characters, so it holds for both GitHub's
   * 65,535-character check output and the 1 MiB job summary).
   */
  maxChars: number;
  /** Link to the artifact holding every changed request (`changed-requests.jsonl`, `results.json`). */
  artifactUrl?: string;
  /** Changed requests listed individually. @default 20 */
  topN?: number;
}

/** The hidden marker that identifies waf-gate's report (the sticky PR comment looks for it). */
export const REPORT_MARKER = '<!-- waf-gate:report -->';

const ICON = { pass: '✅', fail: '❌', neutral: '⚪' } as const;
const REASON_ICON: Record<GateReason['severity'], string> = {
  fail: '❌',
  neutral: '⚪',
  info: 'ℹ️',
};

function verdictLine(c: Comparison): string {
  const against = c.baseline ? ` against baseline ${cell(c.baseline.version)}` : ' (no baseline)';
  return `## ${ICON[c.verdict]} waf-gate: ${c.verdict.toUpperCase()} — candidate ${cell(c.candidate.version)}${against}${c.mode === 'aa' ? ' (A/A)' : ''}`;
}

function header(c: Comparison, limits: Limits): string[] {
  const reasons = c.reasons.slice(0, limits.reasons);
  const out = [
    REPORT_MARKER,
    verdictLine(c),
    reasons.map((r) => `- ${REASON_ICON[r.severity]} ${cell(r.message)}`).join('\n'),
  ];
  if (reasons.length < c.reasons.length)
    out.push(`_${formatNumber(c.reasons.length - reasons.length)} more reasons in results.json._`);
  const k = c.counts;
  out.push(
    `**Counts:** new blocks ${formatNumber(k.newBlocks)} · new passes ${formatNumber(k.newPasses)} · new 5xx/no answer ${formatNumber(k.newErrors)} · flagged domains ${formatNumber(k.flaggedDomains)} · performance regressions ${formatNumber(k.regressions)} · crashes ${formatNumber(k.crashes)} · error-log findings ${formatNumber(k.findings)}`,
  );
  for (const note of c.notes) out.push(`_${cell(note)}_`);
  return out;
}

function render(c: Comparison, limits: Limits, artifactUrl: string | undefined): string {
  const blocks = [
    ...header(c, limits),
    ...qualitySection(c, limits, artifactUrl),
    ...ftwSection(c, limits, artifactUrl),
    ...performanceSection(c, limits),
    ...holdSection(c),
    ...resourcesSection(c, limits),
    ...findingsSection(c, limits, artifactUrl),
    ...parametersSection(c, limits),
  ];
  return `${blocks.join('\n\n')}\n`;
}

function size(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Each step shrinks the lists further; the last ones drop optional sections. */
function* shrink(start: Limits): Generator<Limits> {
  let l = { ...start };
  yield l;
  const lists: (keyof Limits)[] = [
    'reasons',
    'domains',
    'statuses',
    'groups',
    'changes',
    'errors',
    'findings',
    'timeline',
  ];
  while (lists.some((k) => (l[k] as number) > 0)) {
    l = { ...l };
    for (const k of lists) (l[k] as number) = Math.floor((l[k] as number) / 2);
    yield l;
  }
  yield (l = { ...l, chart: false });
  yield (l = { ...l, resources: false });
  yield { ...l, parameters: false };
}

/** Renders the report within `maxChars` (see {@link RenderOptions}). */
export function renderReport(comparison: Comparison, options: RenderOptions): string {
  const topN = options.topN ?? 20;
  const artifactUrl = safeUrl(options.artifactUrl);
  const start: Limits = {
    reasons: 30,
    domains: 100,
    statuses: 50,
    groups: Math.max(topN, 20),
    changes: topN,
    errors: topN,
    findings: 30,
    timeline: 40,
    chart: true,
    resources: true,
    parameters: true,
  };
  for (const limits of shrink(start)) {
    const text = render(comparison, limits, artifactUrl);
    if (size(text) <= options.maxChars) return text;
  }
  // Even the smallest full report does not fit (a tiny budget): the verdict and counts only.
  // The check summary is plain text (reasons quote domains): escaped like any other traffic text.
  const minimal = `${[REPORT_MARKER, verdictLine(comparison), text(renderCheckSummary(comparison)), '_The full report did not fit this space; see results.json._'].join('\n\n')}\n`;
  if (size(minimal) <= options.maxChars) return minimal;
  const line = `${verdictLine(comparison)}\n`;
  return size(line) <= options.maxChars
    ? line
    : `waf-gate: ${comparison.verdict}\n`.slice(0, Math.max(0, options.maxChars));
}

/** One short paragraph (≤ 1,000 characters) for a check run's `output.summary` or a log line. */
export function renderCheckSummary(comparison: Comparison): string {
  const c = comparison;
  const deciding = c.reasons.filter(
    (r) => r.severity === c.verdict || (c.verdict === 'pass' && r.severity === 'info'),
  );
  const k = c.counts;
  const counts = c.quality
    ? ` Quality: ${formatNumber(k.newBlocks)} new blocks, ${formatNumber(k.newPasses)} new passes, ${formatNumber(k.newErrors)} new 5xx/no answer, ${formatNumber(k.flaggedDomains)} flagged domains.`
    : '';
  const perf = c.performance
    ? ` Performance: ${c.performance.rounds.baseline} vs ${c.performance.rounds.candidate} rounds${c.performance.indicativeOnly ? ' (indicative only)' : ''}, regressions: ${formatNumber(k.regressions)}.`
    : '';
  let text = `${c.verdict.toUpperCase()}: ${deciding
    .slice(0, 3)
    .map((r) => r.message)
    .join(' ')}${counts}${perf}${holdSummary(c)}`;
  if (text.length > 1000) text = `${text.slice(0, 999)}…`;
  return text;
}
