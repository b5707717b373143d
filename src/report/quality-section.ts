/** The report's quality section: counts per domain, flagged status counts, changed requests, 5xx. */
import type { ChangeKind, Comparison, ChangedRequest, RequestSide } from '../compare/comparison.js';
import { formatPct } from '../compare/gate.js';
import { notJoinedTotal, type JoinCounts } from '../compare/join-counts.js';
import { cell, formatNumber, table, truncationNote, type Limits } from './markdown.js';

const KIND_LABEL: Record<ChangeKind, string> = {
  'new-block': 'new block',
  'new-pass': 'new pass',
  'new-error': 'new 5xx/no answer',
  'resolved-error': 'error resolved',
  'status-change': 'status change',
};

/** Why a request has no joined log line, for the note under the counts. */
export const UNJOINED_WHY: Record<string, string> = {
  'no-id':
    'sent without an id (HTTP/0.9 and other forms that cannot carry a header), and the log has no $remote_port to join it by connection',
  'no-log-line':
    'no log line carried the id (nginx answered before reading headers: 400/505), and the log has no $remote_port to join it by connection',
  'no-id-no-port-match': "no id, and no log line with its connection's port in its time window",
  'ambiguous-port': "no id, and several log lines with its connection's port in its time window",
  'port-lines-dropped': 'no id, and the log had too many lines without an id to keep them all',
  duplicate: 'id on several log lines',
  'no-join': 'the run has no log join',
};

/** `N by request id, M by connection, K not joined (reasons)`, or null when every request was joined by id. */
export function joinCountsText(counts: JoinCounts | undefined): string | null {
  if (!counts) return null;
  const notJoined = notJoinedTotal(counts);
  if (counts.byConnection === 0 && notJoined === 0) return null;
  const why = Object.entries(counts.notJoined)
    .map(([code, n]) => `${formatNumber(n)} ${code}`)
    .join(', ');
  return `${formatNumber(counts.byId)} by request id, ${formatNumber(counts.byConnection)} by connection ($remote_port), ${formatNumber(notJoined)} not joined${why ? ` (${why})` : ''}`;
}

function status(side: RequestSide): string {
  if (side.status === null) return side.error ? `no answer (${side.error})` : 'no answer';
  return `${side.status} ${side.class}`;
}

function origin(o: ChangedRequest['origin']): string {
  return o ? `${o.file}:${o.line}` : '';
}

/** Renders the quality section as Markdown blocks. */
export function qualitySection(
  comparison: Comparison,
  limits: Limits,
  artifactUrl: string | undefined,
): string[] {
  const q = comparison.quality;
  if (!q) return [];
  const out: string[] = ['### Quality'];
  const c = q.counts;
  out.push(
    `${formatNumber(q.compared)} requests compared by (corpus entry, domain) — verdicts from ${q.source.baseline === 'joined' ? 'the WAF log join' : 'replay statuses'} (baseline) and ${q.source.candidate === 'joined' ? 'the WAF log join' : 'replay statuses'} (candidate). ` +
      `**${formatNumber(c.newBlocks)}** new blocks (likely false positives), **${formatNumber(c.newPasses)}** new passes (possible bypasses), **${formatNumber(c.newErrors)}** new 5xx/no answer, ${formatNumber(c.resolvedErrors)} errors resolved, ${formatNumber(c.statusChanges)} other status changes, ${formatNumber(c.ignored)} ignored by policy.` +
      (q.onlyBaseline + q.onlyCandidate > 0
        ? ` ${formatNumber(q.onlyBaseline)} only in the baseline, ${formatNumber(q.onlyCandidate)} only in the candidate.`
        : ''),
  );
  if (q.unjoined) {
    const sum = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0);
    const why = Object.entries(q.unjoined.candidate)
      .map(([code, n]) => `${formatNumber(n)} ${UNJOINED_WHY[code] ?? code}`)
      .join('; ');
    out.push(
      `_Not joined to a log line (the WAF's verdict is unknown; never counted as passed): ${formatNumber(sum(q.unjoined.baseline))} requests of the baseline, ${formatNumber(sum(q.unjoined.candidate))} of the candidate${why ? ` (${cell(why)})` : ''}._`,
    );
  }
  const joinB = joinCountsText(q.joins?.baseline);
  const joinC = joinCountsText(q.joins?.candidate);
  if (joinB !== null || joinC !== null)
    out.push(
      `_Log join — baseline: ${joinB ?? 'every request by request id'}; candidate: ${joinC ?? 'every request by request id'}._`,
    );
  const domains = q.domains.slice(0, limits.domains);
  out.push(
    table(
      [
        'Domain',
        'Requests',
        'Blocked (baseline → candidate)',
        'New blocks',
        'New passes',
        'New 5xx/no answer',
        'Flagged',
      ],
      domains.map((d) => [
        cell(d.domain),
        formatNumber(d.requests.candidate),
        `${formatNumber(d.blocked.baseline)} → ${formatNumber(d.blocked.candidate)}`,
        formatNumber(d.newBlocks),
        formatNumber(d.newPasses),
        formatNumber(d.newErrors),
        d.flagged ? '**yes**' : 'no',
      ]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'c'],
    ),
  );
  if (domains.length < q.domains.length)
    out.push(
      truncationNote(domains.length, q.domains.length, 'domains', artifactUrl, 'results.json'),
    );
  const flaggedRows = q.domains.flatMap((d) =>
    d.statuses.filter((r) => r.flag !== null).map((r) => ({ d, r })),
  );
  if (flaggedRows.length > 0) {
    const rows = flaggedRows.slice(0, limits.statuses);
    out.push(
      '#### Status counts that flag a domain',
      `A domain is flagged when the candidate has a status the baseline lacks, or a status count grows by more than the threshold and by at least the minimum count.`,
      table(
        ['Domain', 'Status', 'Baseline', 'Candidate', 'Δ', 'Δ %', 'Rule'],
        rows.map(({ d, r }) => [
          cell(d.domain),
          cell(r.status),
          formatNumber(r.baseline),
          formatNumber(r.candidate),
          `${r.delta > 0 ? '+' : ''}${formatNumber(r.delta)}`,
          r.deltaPct === null ? 'new' : formatPct(r.deltaPct),
          r.flag === 'new-status'
            ? 'new status'
            : `> ${d.thresholds.statusIncreasePct} % and ≥ ${d.thresholds.minDelta}`,
        ]),
        ['l', 'l', 'r', 'r', 'r', 'r', 'l'],
      ),
    );
    if (rows.length < flaggedRows.length)
      out.push(
        truncationNote(
          rows.length,
          flaggedRows.length,
          'flagged status counts',
          artifactUrl,
          'results.json',
        ),
      );
  }
  if (q.changes.length > 0) {
    const groups = q.groups.slice(0, limits.groups);
    out.push(
      '#### Changed requests by domain, path and rule',
      '_Rules: for a new block, the rules the candidate fired and the baseline did not; for a new pass, the other way round._',
      table(
        ['Change', 'Domain', 'Path', 'Rules', 'Requests', 'Example (corpus origin)'],
        groups.map((g) => [
          KIND_LABEL[g.kind],
          cell(g.domain),
          cell(g.path),
          cell(g.ruleId ?? '–'),
          formatNumber(g.count) + (g.ignored > 0 ? ` (${formatNumber(g.ignored)} ignored)` : ''),
          cell(
            `${g.example.requestLine}${g.example.origin ? ` (${g.example.origin.file}:${g.example.origin.line})` : ''}`,
          ),
        ]),
        ['l', 'l', 'l', 'l', 'r', 'l'],
      ),
    );
    if (groups.length < q.groups.length)
      out.push(
        truncationNote(groups.length, q.groups.length, 'groups', artifactUrl, 'results.json'),
      );
    const changes = q.changes.slice(0, limits.changes);
    out.push(
      `#### Changed requests (first ${formatNumber(changes.length)})`,
      table(
        ['Change', 'Domain', 'Request', 'Baseline', 'Candidate', 'Rules', 'Origin'],
        changes.map((ch) => [
          KIND_LABEL[ch.kind] + (ch.ignored ? ` (ignored: ${cell(ch.ignored.reason)})` : ''),
          cell(ch.domain),
          cell(ch.requestLine),
          cell(status(ch.baseline)),
          cell(status(ch.candidate)),
          cell([...new Set([...ch.candidate.ruleIds, ...ch.baseline.ruleIds])].join(' ') || '–'),
          cell(origin(ch.origin)),
        ]),
        ['l', 'l', 'l', 'l', 'l', 'l', 'l'],
      ),
    );
    if (changes.length < q.changes.length)
      out.push(
        truncationNote(
          changes.length,
          q.changes.length,
          'changed requests',
          artifactUrl,
          'changed-requests.jsonl',
        ),
      );
  }
  if (q.candidateErrors.length > 0) {
    const errors = q.candidateErrors.slice(0, limits.errors);
    out.push(
      `#### 5xx or no answer from the candidate (${formatNumber(q.candidateErrors.length)}; baseline: ${formatNumber(q.baselineErrorCount)})`,
      table(
        ['Domain', 'Request', 'Candidate', 'Baseline', 'Origin'],
        errors.map((e) => [
          cell(e.domain),
          cell(e.requestLine),
          cell(status(e.candidate)),
          cell(e.baselineStatus ?? e.baselineClass),
          cell(origin(e.origin)),
        ]),
      ),
    );
    if (errors.length < q.candidateErrors.length)
      out.push(
        truncationNote(
          errors.length,
          q.candidateErrors.length,
          'requests with 5xx or no answer',
          artifactUrl,
          'results.json',
        ),
      );
  }
  return out;
}
