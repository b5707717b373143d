/**
 * What the analysis keeps per request id (record k = k-th distinct id of the log): WAF status, domain
 * index, upstream code, `$request_id` index, and how many lines carried the id. Stored as columns of
 * small typed arrays (10 bytes a record, 14 with request ids) so millions of ids cost little memory
 * traffic; the line count is 1 except for the rare duplicates, kept in a map.
 */

function grown<T extends Uint16Array | Int32Array>(a: T, make: (n: number) => T, need: number): T {
  if (need <= a.length) return a;
  let n = a.length;
  while (n < need) n *= 2;
  const b = make(n);
  b.set(a);
  return b;
}

/** Column store of per-id records. */
export class IdRecords {
  private status = new Uint16Array(1 << 14);
  private domain = new Int32Array(1 << 14);
  private upstream = new Int32Array(1 << 14);
  private rid: Int32Array | null;
  /** Record -> lines carrying its id, for records seen more than once. */
  private readonly repeats = new Map<number, number>();

  constructor(withRequestIds: boolean) {
    this.rid = withRequestIds ? new Int32Array(1 << 14) : null;
  }

  /** Stores record `k` (records are added in order 0, 1, 2, …). */
  add(k: number, status: number, domain: number, upstream: number, rid: number): void {
    if (k >= this.status.length) this.grow(k + 1);
    this.status[k] = status;
    this.domain[k] = domain;
    this.upstream[k] = upstream;
    if (this.rid !== null) this.rid[k] = rid;
  }

  /** One more line carried record `k`'s id. */
  repeat(k: number): void {
    this.repeats.set(k, (this.repeats.get(k) ?? 1) + 1);
  }

  /** WAF status of record `k`. */
  statusAt(k: number): number {
    return this.status[k]!;
  }

  /** Domain index of record `k`. */
  domainAt(k: number): number {
    return this.domain[k]!;
  }

  /** Upstream code of record `k` (see AccessAnalyzer). */
  upstreamAt(k: number): number {
    return this.upstream[k]!;
  }

  /** Interned `$request_id` index, or -1 (none, or not kept). */
  ridAt(k: number): number {
    return this.rid === null ? -1 : this.rid[k]!;
  }

  /** Log lines that carried record `k`'s id. */
  linesAt(k: number): number {
    return this.repeats.get(k) ?? 1;
  }

  private grow(need: number): void {
    this.status = grown(this.status, (n) => new Uint16Array(n), need);
    this.domain = grown(this.domain, (n) => new Int32Array(n), need);
    this.upstream = grown(this.upstream, (n) => new Int32Array(n), need);
    if (this.rid !== null) this.rid = grown(this.rid, (n) => new Int32Array(n), need);
  }
}
