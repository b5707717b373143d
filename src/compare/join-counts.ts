/**
 * How a build's requests met their access-log lines: joined by the request id, joined by connection
 * (collect's join by `$remote_port`: requests nginx answered before it read their id header), or not
 * joined, by reason. The quality and go-ftw report sections state these counts.
 */

/** See the module comment. */
export interface JoinCounts {
  byId: number;
  byConnection: number;
  /** Reason code (`no-id`, `no-log-line`, `no-id-no-port-match`, `ambiguous-port`, …) -> requests. */
  notJoined: Record<string, number>;
}

/** What {@link countJoins} reads of a request record (run-dir.ts's RequestRecord). */
export interface JoinedRecord {
  unjoined?: string;
  joinedBy?: 'port';
}

/** Counts the joins of a side's records (only meaningful when the side has a log join). */
export function countJoins(records: Iterable<JoinedRecord>): JoinCounts {
  const counts: JoinCounts = { byId: 0, byConnection: 0, notJoined: {} };
  for (const r of records) {
    if (r.unjoined !== undefined)
      counts.notJoined[r.unjoined] = (counts.notJoined[r.unjoined] ?? 0) + 1;
    else if (r.joinedBy === 'port') counts.byConnection += 1;
    else counts.byId += 1;
  }
  return counts;
}

/** Requests not joined, over every reason. */
export function notJoinedTotal(counts: JoinCounts): number {
  return Object.values(counts.notJoined).reduce((a, b) => a + b, 0);
}
