/**
 * What the analysis keeps per request id (record k = k-th distinct id of the log): WAF status, domain
 * index, upstream code, `$request_id` index, and how many lines carried the id. Stored as paged
 * columns of small typed arrays (10 bytes a record, 14 with request ids; paged.ts: growing never
 * copies) so millions of ids cost little memory traffic; the line count is 1 except for the rare
 * duplicates, kept in a map.
 */
import { PAGE_BITS, PAGE_MASK, PagedInt32, PagedUint16 } from './paged.js';

/** Column store of per-id records. */
export class IdRecords {
  private readonly status = new PagedUint16();
  private readonly domain = new PagedInt32();
  private readonly upstream = new PagedInt32();
  private readonly rid: PagedInt32 | null;
  /** Record -> lines carrying its id, for records seen more than once. */
  private readonly repeats = new Map<number, number>();

  constructor(withRequestIds: boolean) {
    this.rid = withRequestIds ? new PagedInt32() : null;
  }

  /** Stores record `k` (records are added in order 0, 1, 2, …). */
  add(k: number, status: number, domain: number, upstream: number, rid: number): void {
    const n = k >>> PAGE_BITS;
    const i = k & PAGE_MASK;
    let s = this.status.pages[n];
    if (s === undefined || s === null) s = this.status.page(n);
    s[i] = status;
    let d = this.domain.pages[n];
    if (d === undefined || d === null) d = this.domain.page(n);
    d[i] = domain;
    let u = this.upstream.pages[n];
    if (u === undefined || u === null) u = this.upstream.page(n);
    u[i] = upstream;
    if (this.rid !== null) this.rid.set(k, rid);
  }

  /** One more line carried record `k`'s id. */
  repeat(k: number): void {
    this.repeats.set(k, (this.repeats.get(k) ?? 1) + 1);
  }

  /** WAF status of record `k`. */
  statusAt(k: number): number {
    return this.status.get(k);
  }

  /** Domain index of record `k`. */
  domainAt(k: number): number {
    return this.domain.get(k);
  }

  /** Upstream code of record `k` (see AccessAnalyzer). */
  upstreamAt(k: number): number {
    return this.upstream.get(k);
  }

  /** Interned `$request_id` index, or -1 (none, or not kept). */
  ridAt(k: number): number {
    return this.rid === null ? -1 : this.rid.get(k);
  }

  /** Log lines that carried record `k`'s id. */
  linesAt(k: number): number {
    return this.repeats.get(k) ?? 1;
  }
}
