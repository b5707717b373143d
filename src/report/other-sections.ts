/** The report's resources, findings and run-parameter sections. */
import type { Comparison, RunInfo, SourcedCrash, SourcedFinding } from '../compare/comparison.js';
import { canonicalShape } from '../compare/baseline-store.js';
import { formatShaping } from '../replay/shaping/parse.js';
import { domainsFromConfigSection } from './domains-section.js';
import { cell, formatBytes, table, truncationNote, type Limits } from './markdown.js';

/** CPU %, RSS and CPU per request of every process group (medians over rounds). */
export function resourcesSection(comparison: Comparison, limits: Limits): string[] {
  const groups = comparison.performance?.groups ?? [];
  if (!limits.resources || groups.length === 0) return [];
  const pct = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(1)} %`);
  const ms = (v: number | undefined): string =>
    v === undefined ? '–' : `${(v * 1000).toFixed(0)} µs`;
  return [
    '### Resources per process group',
    'Medians over rounds. CPU % is of one core, summed over the group; RSS is the group total.',
    table(
      [
        'Group',
        'CPU % baseline',
        'CPU % candidate',
        'RSS baseline',
        'RSS candidate',
        'CPU/request baseline',
        'CPU/request candidate',
      ],
      groups.map((g) => [
        cell(g.name),
        pct(g.baseline?.cpuPct),
        pct(g.candidate?.cpuPct),
        g.baseline ? formatBytes(g.baseline.rssBytes) : '–',
        g.candidate ? formatBytes(g.candidate.rssBytes) : '–',
        ms(g.baseline?.cpuMsPerRequest),
        ms(g.candidate?.cpuMsPerRequest),
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  ];
}

/** Crashes and error-log findings of both builds (the candidate's gate). */
export function findingsSection(
  comparison: Comparison,
  limits: Limits,
  artifactUrl: string | undefined,
): string[] {
  const rows: { build: string; item: SourcedCrash | SourcedFinding }[] = [
    ...comparison.findings.candidate.crashes.map((item) => ({ build: 'candidate', item })),
    ...comparison.findings.candidate.findings.map((item) => ({ build: 'candidate', item })),
    ...(comparison.findings.baseline?.crashes ?? []).map((item) => ({ build: 'baseline', item })),
    ...(comparison.findings.baseline?.findings ?? []).map((item) => ({ build: 'baseline', item })),
  ];
  const out = ['### Findings'];
  if (rows.length === 0)
    return [
      ...out,
      'No crashes and no alert/emerg/crit, worker-signal or sanitizer lines in the error logs of either build.',
    ];
  const shown = rows.slice(0, limits.findings);
  out.push(
    table(
      ['Build', 'Part', 'Kind', 'Detail'],
      shown.map(({ build, item }) =>
        'pid' in item
          ? [
              build,
              cell(item.source),
              '**crash**',
              cell(
                `${item.group} pid ${item.pid}${item.signal ? ` ${item.signal}` : ''}: ${item.detail}`,
              ),
            ]
          : [
              build,
              cell(item.source),
              cell(item.kind),
              cell(`line ${item.lineNumber}: ${item.line.slice(0, 300)}`),
            ],
      ),
    ),
  );
  if (shown.length < rows.length)
    out.push(truncationNote(shown.length, rows.length, 'findings', artifactUrl, 'results.json'));
  return out;
}

function shape(info: RunInfo | null): string {
  if (!info?.pressureShape) return '–';
  const s = info.pressureShape;
  const parts = [
    `${s.connections} connections`,
    s.keepAlive ? 'keep-alive' : 'new connection per request',
    s.rateRps !== undefined ? `${s.rateRps} req/s` : 'closed loop',
    s.durationMs !== undefined ? `${s.durationMs / 1000} s` : '',
    s.requests !== undefined ? `${s.requests} requests` : '',
    s.repeat !== undefined ? `repeat ${s.repeat}` : '',
    s.hatchRatePerSec !== undefined ? `hatch ${s.hatchRatePerSec}/s` : '',
    s.thinkTimeMs !== undefined ? `think ${s.thinkTimeMs} ms` : '',
    s.shaping !== undefined ? `shaped: ${formatShaping(s.shaping)}` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** Versions, corpus, load shape, machines and the policy applied. */
export function parametersSection(comparison: Comparison, limits: Limits): string[] {
  const b = comparison.baseline;
  const c = comparison.candidate;
  const rows: string[][] = [
    ['Version', cell(b?.version ?? '–'), cell(c.version)],
    ['Description', cell(b?.description ?? '–'), cell(c.description ?? '–')],
    ['Label', cell(b?.label ?? '–'), cell(c.label)],
    ['Corpus fingerprint', cell(b?.corpusFingerprint ?? '–'), cell(c.corpusFingerprint)],
    ['Load shape', cell(shape(b)), cell(shape(c))],
    ['Pressure rounds', String(b?.rounds ?? '–'), String(c.rounds)],
    ['Domains', cell(b?.domains.join(', ') || '–'), cell(c.domains.join(', ') || '–')],
    [
      'Recorded',
      b ? new Date(b.createdAtMs).toISOString() : '–',
      new Date(c.createdAtMs).toISOString(),
    ],
  ];
  if (limits.parameters) {
    const keys = [
      ...new Set([...Object.keys(b?.environment ?? {}), ...Object.keys(c.environment ?? {})]),
    ].sort();
    for (const key of keys)
      rows.push([cell(key), cell(b?.environment?.[key] ?? '–'), cell(c.environment?.[key] ?? '–')]);
  }
  const p = comparison.policy;
  const m = p.performance.metrics;
  const thr = (v: number | null, sign: string): string =>
    v === null ? 'info only' : `${sign}${v} %`;
  return [
    '### Run parameters',
    table(['', 'Baseline', 'Candidate'], rows),
    ...domainsFromConfigSection(b ?? undefined, c),
    `Policy${p.source ? ` (${cell(p.source)})` : ' (defaults)'}: alpha ${p.alpha}, ${Math.round(p.confidenceLevel * 100)} % bootstrap CI (${p.bootstrapResamples} resamples, seed ${p.seed}); ` +
      `thresholds: CPU/request ${thr(m.cpuMsPerRequest.thresholdPct, '+')}, QPS ${thr(m.qps.thresholdPct, '−')}, p50 ${thr(m.latencyP50Us.thresholdPct, '+')}, p99 ${thr(m.latencyP99Us.thresholdPct, '+')}, RSS ${thr(m.rssBytes.thresholdPct, '+')}; ` +
      `domain status counts: > ${p.quality.statusIncreasePct} % and ≥ ${p.quality.minDelta}; allowed new blocks ${p.quality.maxNewBlocks}, new passes ${p.quality.maxNewPasses}, new errors ${p.quality.maxNewErrors}; ` +
      `${Object.keys(p.domains).length} domain override(s), ${p.ignore.length} ignore rule(s). Shape key: ${cell(c.key.shapeHash)} (${cell(canonicalShape(c.pressureShape))}).`,
  ];
}
