/**
 * Quality comparison: per-request verdicts joined across builds by (entryKey, domain), the original
 * per-domain status-count anomaly rule (without its division by zero) and the candidate's 5xx/unanswered
 * requests. Pure: takes loaded records, returns a {@link QualityComparison}.
 */
import type {
  ChangeCounts,
  ChangedRequest,
  ChangeGroup,
  ChangeKind,
  DomainQuality,
  DomainStatusRow,
  ErroredRequest,
  QualityComparison,
  RequestClass,
  RequestSide,
} from './comparison.js';
import { countJoins } from './join-counts.js';
import { withoutMissingLogVerdicts } from './missing.js';
import { compileIgnoreRules, qualityPolicyFor, type GatePolicy } from './policy.js';
import type { LoadedRun, RequestRecord, RequestRecords } from './run-dir.js';

/** Longest request line kept in reports. */
const REQUEST_LINE_CHARS = 120;

/** The class of a request on one build. */
export function classify(
  record: RequestRecord | undefined,
  blockStatuses: readonly number[],
): RequestClass {
  if (!record) return 'missing';
  if (record.status === null) return 'no-answer';
  if (record.status >= 500) return 'error';
  // No log line carried the id: the client's status is not the WAF's verdict (nginx answered a bad
  // request line itself), so the request is not counted as passed (nor as blocked).
  // (An id on several lines still has its log verdict: it stays classified by it.)
  if (record.unjoined !== undefined && record.unjoined !== 'duplicate') return 'unjoined';
  const blocked = record.blocked ?? blockStatuses.includes(record.status);
  return blocked ? 'blocked' : 'passed';
}

/** `METHOD target` with control characters made visible, shortened to 120 characters. */
export function shortRequestLine(method: string, target: string): string {
  // Control characters (malformed-request corpora such as `\tGET`) are shown as \xNN, never raw.
  const visible = `${method} ${target}`.trim().replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
  return visible.length > REQUEST_LINE_CHARS
    ? `${visible.slice(0, REQUEST_LINE_CHARS - 1)}…`
    : visible;
}

/** The path of a request target (origin-form or absolute-form), without query or fragment. */
export function targetPath(target: string): string {
  let path = target;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length) || '/';
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}

function changeKind(base: RequestClass, cand: RequestClass): ChangeKind | null {
  const failed = (c: RequestClass): boolean => c === 'error' || c === 'no-answer';
  if (base === cand) return null;
  if (failed(cand) && !failed(base)) return 'new-error';
  if (failed(base) && !failed(cand)) return 'resolved-error';
  if (base === 'passed' && cand === 'blocked') return 'new-block';
  if (base === 'blocked' && cand === 'passed') return 'new-pass';
  return 'status-change';
}

const KIND_ORDER: Record<ChangeKind, number> = {
  'new-block': 0,
  'new-pass': 1,
  'new-error': 2,
  'resolved-error': 3,
  'status-change': 4,
};

function side(record: RequestRecord | undefined, cls: RequestClass): RequestSide {
  return {
    status: record?.status ?? null,
    class: cls,
    error: record?.error ?? null,
    ruleIds: record?.ruleIds ?? [],
  };
}

/** Status counts per domain from the run's logs (collect) or replay, when no per-request records exist. */
function statusCounts(run: LoadedRun): Record<string, Record<string, number>> {
  const q = run.quality;
  if (!q) return {};
  if (q.collect && Object.keys(q.collect.statusCounts).length > 0) return q.collect.statusCounts;
  return Object.fromEntries(
    Object.entries(q.replay.perDomain).map(([d, s]) => [d, s.statusCounts]),
  );
}

/** The per-domain anomaly rule for one domain's status counts. */
export function domainStatusRows(
  baseline: Record<string, number>,
  candidate: Record<string, number>,
  thresholds: { statusIncreasePct: number; minDelta: number; newStatusMinCount: number },
): DomainStatusRow[] {
  const statuses = [...new Set([...Object.keys(baseline), ...Object.keys(candidate)])].sort();
  return statuses.map((status) => {
    const b = baseline[status] ?? 0;
    const c = candidate[status] ?? 0;
    const delta = c - b;
    // A baseline count of 0 has no ratio: the status is new, a defined answer instead of a division by zero.
    const deltaPct = b === 0 ? null : (delta / b) * 100;
    let flag: DomainStatusRow['flag'] = null;
    if (b === 0 && c >= thresholds.newStatusMinCount && c > 0) flag = 'new-status';
    else if (
      deltaPct !== null &&
      deltaPct > thresholds.statusIncreasePct &&
      delta >= thresholds.minDelta
    )
      flag = 'increase';
    return { status, baseline: b, candidate: c, delta, deltaPct, flag };
  });
}

/** Compares the quality parts of two runs. */
export function compareQuality(
  baselineRun: LoadedRun,
  candidateRun: LoadedRun,
  baselineRecords: RequestRecords,
  candidateRecords: RequestRecords,
  policy: GatePolicy,
): QualityComparison {
  // A side whose log gave no data has no log verdicts: never compare its "not blocked" as a measurement.
  const { baseline, candidate, missing } = withoutMissingLogVerdicts(
    baselineRun,
    candidateRun,
    baselineRecords,
    candidateRecords,
  );
  const ignoreRules = compileIgnoreRules(policy);
  const keys = new Set([...baseline.records.keys(), ...candidate.records.keys()]);
  const changes: ChangedRequest[] = [];
  const candidateErrors: ErroredRequest[] = [];
  let compared = 0;
  let onlyBaseline = 0;
  let onlyCandidate = 0;
  let baselineErrorCount = 0;
  const perDomain = new Map<string, DomainQuality>();
  // Status counts from the joined records: exact, and ignored changes count as the baseline's status.
  const recordCounts = {
    baseline: {} as Record<string, Record<string, number>>,
    candidate: {} as Record<string, Record<string, number>>,
  };
  const bump = (
    side: Record<string, Record<string, number>>,
    domain: string,
    status: number | null,
  ): void => {
    const perStatus = (side[domain] ??= {});
    const key = status === null ? 'none' : String(status);
    perStatus[key] = (perStatus[key] ?? 0) + 1;
  };
  const domainOf = (domain: string): DomainQuality => {
    let d = perDomain.get(domain);
    if (!d) {
      const q = qualityPolicyFor(policy, domain);
      d = {
        domain,
        requests: { baseline: 0, candidate: 0 },
        blocked: { baseline: 0, candidate: 0 },
        errors: { baseline: 0, candidate: 0 },
        newBlocks: 0,
        newPasses: 0,
        newErrors: 0,
        statuses: [],
        flagged: false,
        thresholds: { statusIncreasePct: q.statusIncreasePct, minDelta: q.minDelta },
      };
      perDomain.set(domain, d);
    }
    return d;
  };
  for (const key of keys) {
    const b = baseline.records.get(key);
    const c = candidate.records.get(key);
    const any = (c ?? b)!;
    const blockStatuses = qualityPolicyFor(policy, any.domain).blockStatuses;
    const bc = classify(b, blockStatuses);
    const cc = classify(c, blockStatuses);
    const d = domainOf(any.domain);
    if (b) d.requests.baseline += 1;
    if (c) d.requests.candidate += 1;
    if (bc === 'blocked') d.blocked.baseline += 1;
    if (cc === 'blocked') d.blocked.candidate += 1;
    if (bc === 'error' || bc === 'no-answer') {
      d.errors.baseline += 1;
      baselineErrorCount += 1;
    }
    const requestLine = shortRequestLine(any.method, any.target);
    const origin = c?.origin ?? b?.origin ?? null;
    if (cc === 'error' || cc === 'no-answer') {
      d.errors.candidate += 1;
      candidateErrors.push({
        entryKey: any.entryKey,
        domain: any.domain,
        requestLine,
        origin,
        candidate: side(c, cc),
        baselineStatus: b?.status ?? null,
        baselineClass: bc,
      });
    }
    if (!b) onlyCandidate += 1;
    else if (!c) onlyBaseline += 1;
    else compared += 1;
    if (b) bump(recordCounts.baseline, any.domain, b.status);
    if (!b || !c) {
      if (c) bump(recordCounts.candidate, any.domain, c.status);
      continue;
    }
    const kind = changeKind(bc, cc);
    if (kind === null && b.status === c.status) {
      bump(recordCounts.candidate, any.domain, c.status);
      continue;
    }
    const change: ChangedRequest = {
      kind: kind ?? 'status-change',
      entryKey: any.entryKey,
      domain: any.domain,
      origin,
      requestLine,
      path: targetPath(any.target),
      baseline: side(b, bc),
      candidate: side(c, cc),
    };
    const ruleIds = [...change.candidate.ruleIds, ...change.baseline.ruleIds];
    for (const { rule, path } of ignoreRules) {
      if (rule.domain !== undefined && rule.domain !== change.domain) continue;
      const hit =
        (rule.entryKey !== undefined && rule.entryKey === change.entryKey) ||
        (path !== null && path.test(change.path)) ||
        (rule.ruleId !== undefined && ruleIds.includes(rule.ruleId));
      if (hit) {
        const what =
          rule.entryKey !== undefined
            ? `entryKey ${rule.entryKey}`
            : rule.path !== undefined
              ? `path /${rule.path}/`
              : `rule ${rule.ruleId}`;
        change.ignored = { reason: rule.reason, rule: what };
        break;
      }
    }
    changes.push(change);
    bump(recordCounts.candidate, any.domain, change.ignored ? b.status : c.status);
    if (!change.ignored) {
      if (change.kind === 'new-block') d.newBlocks += 1;
      if (change.kind === 'new-pass') d.newPasses += 1;
      if (change.kind === 'new-error') d.newErrors += 1;
    }
  }
  changes.sort(
    (x, y) =>
      KIND_ORDER[x.kind] - KIND_ORDER[y.kind] ||
      x.domain.localeCompare(y.domain) ||
      x.path.localeCompare(y.path) ||
      x.entryKey.localeCompare(y.entryKey, 'en', { numeric: true }),
  );
  const counts: ChangeCounts = {
    newBlocks: 0,
    newPasses: 0,
    newErrors: 0,
    resolvedErrors: 0,
    statusChanges: 0,
    ignored: 0,
  };
  const groups = new Map<string, ChangeGroup>();
  for (const ch of changes) {
    if (ch.ignored) counts.ignored += 1;
    else if (ch.kind === 'new-block') counts.newBlocks += 1;
    else if (ch.kind === 'new-pass') counts.newPasses += 1;
    else if (ch.kind === 'new-error') counts.newErrors += 1;
    else if (ch.kind === 'resolved-error') counts.resolvedErrors += 1;
    else counts.statusChanges += 1;
    const ruleId = differingRules(ch);
    const gk = `${ch.kind}\n${ch.domain}\n${ch.path}\n${ruleId ?? ''}`;
    const g = groups.get(gk);
    if (g) {
      g.count += 1;
      if (ch.ignored) g.ignored += 1;
    } else {
      groups.set(gk, {
        kind: ch.kind,
        domain: ch.domain,
        path: ch.path,
        ruleId,
        count: 1,
        ignored: ch.ignored ? 1 : 0,
        example: { entryKey: ch.entryKey, requestLine: ch.requestLine, origin: ch.origin },
      });
    }
  }
  const fromRecords = baseline.records.size > 0 && candidate.records.size > 0;
  const baseCounts = fromRecords ? recordCounts.baseline : statusCounts(baselineRun);
  const candCounts = fromRecords ? recordCounts.candidate : statusCounts(candidateRun);
  for (const domain of new Set([...Object.keys(baseCounts), ...Object.keys(candCounts)]))
    domainOf(domain);
  for (const d of perDomain.values()) {
    const q = qualityPolicyFor(policy, d.domain);
    d.statuses = domainStatusRows(baseCounts[d.domain] ?? {}, candCounts[d.domain] ?? {}, q);
    d.flagged = d.statuses.some((row) => row.flag !== null);
  }
  if (compared === 0 && onlyBaseline + onlyCandidate > 0) {
    // Nothing matched: the runs replayed different requests (another corpus path, other domains, another
    // id scheme). No change found among zero compared requests is not a pass.
    missing.push(
      `No request could be compared: ${onlyBaseline} only in the baseline, ${onlyCandidate} only in the candidate. ` +
        'Both runs must replay the same corpus (same paths), domains and id header; the quality verdict is unknown.',
    );
  }
  const unjoined = unjoinedCounts(baseline.records, candidate.records);
  const joins = {
    ...(baseline.source === 'joined' ? { baseline: countJoins(baseline.records.values()) } : {}),
    ...(candidate.source === 'joined' ? { candidate: countJoins(candidate.records.values()) } : {}),
  };
  const domains = [...perDomain.values()].sort((a, b) => a.domain.localeCompare(b.domain));
  const sortedGroups = [...groups.values()].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      b.count - a.count ||
      a.domain.localeCompare(b.domain) ||
      a.path.localeCompare(b.path),
  );
  return {
    source: { baseline: baseline.source, candidate: candidate.source },
    compared,
    onlyBaseline,
    onlyCandidate,
    counts,
    domains,
    changes,
    groups: sortedGroups,
    candidateErrors,
    baselineErrorCount,
    ...(unjoined ? { unjoined } : {}),
    ...(joins.baseline || joins.candidate ? { joins } : {}),
    ...(missing.length > 0 ? { missing } : {}),
  };
}

/**
 * The rules that made a change: a new block names the rules the candidate fired that the baseline did
 * not (the first rule id would often be one both fired); a new pass the other way round; other changes
 * the rules of the side that blocked. When both fired the same rules, they are named as such. Null when
 * no rule id is known.
 */
function differingRules(ch: ChangedRequest): string | null {
  const [mine, theirs] =
    ch.kind === 'new-pass'
      ? [ch.baseline.ruleIds, ch.candidate.ruleIds]
      : [ch.candidate.ruleIds, ch.baseline.ruleIds];
  const others = new Set(theirs);
  const only = [...new Set(mine)].filter((id) => !others.has(id));
  if (ch.kind !== 'new-block' && ch.kind !== 'new-pass')
    return mine.length > 0 ? [...new Set(mine)].join(' ') : null;
  if (only.length > 0) return only.join(' ');
  // Both sides fired the same rules (e.g. an anomaly score on either side of the threshold).
  return mine.length > 0 ? `${[...new Set(mine)].join(' ')} (also fired in the other build)` : null;
}

/** Answered requests no log line carried the id of, per side and reason; null when there are none. */
function unjoinedCounts(
  baseline: ReadonlyMap<string, RequestRecord>,
  candidate: ReadonlyMap<string, RequestRecord>,
): NonNullable<QualityComparison['unjoined']> | null {
  const count = (records: ReadonlyMap<string, RequestRecord>): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of records.values())
      if (r.unjoined !== undefined && r.unjoined !== 'duplicate' && r.status !== null)
        out[r.unjoined] = (out[r.unjoined] ?? 0) + 1;
    return out;
  };
  const b = count(baseline);
  const c = count(candidate);
  return Object.keys(b).length + Object.keys(c).length > 0 ? { baseline: b, candidate: c } : null;
}
