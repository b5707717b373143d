/**
 * Consumes access-log lines (byte ranges) and keeps what the results need: (domain, status) counts,
 * anomalies by the original rule (WAF status in a set while the upstream status is `-`), the kept
 * anomalous and unparsable lines, and a compact per-id index for the request join.
 */
import { IdIndex, IdRecords, PortLines, type LoggedRequests } from '../join/index.js';
import {
  ByteKeyTable,
  decodeJsonEscapes,
  isEmptyValue,
  logTimeResolutionMs,
  parseDecimal,
  parseLogTimeMs,
  ParseOutcome,
  type LogRecordParser,
} from '../logformat/index.js';
import type { LineSink } from '../output/index.js';

/** The statuses that count as an anomaly when the upstream status is `-` (the original rule). */
export const DEFAULT_ANOMALY_STATUSES: readonly number[] = [400, 403, 408, 499, 500, 502, 503];

/** What the analyzer does per line. */
export type AnalysisMode = 'full' | 'count';

/** Options for {@link AccessAnalyzer}. */
export interface AccessAnalyzerOptions {
  parser: LogRecordParser;
  /** @default DEFAULT_ANOMALY_STATUSES */
  anomalyStatuses?: readonly number[];
  /** `count`: only (domain, status) counts (benchmark / quick look). @default 'full' */
  mode?: AnalysisMode;
  /** Where anomalous lines go, per domain; omitted: not kept. */
  anomalySink?: LineSink;
  /** Where unparsable lines go; omitted: only counted. */
  formatErrorSink?: LineSink;
  /** Keep `$request_id` per id (to attach ModSecurity rule ids). @default false */
  keepRequestIds?: boolean;
  /**
   * Distinct Host values counted apart (each holds a 4 KB row of status counts); lines of further hosts
   * are counted together as {@link OTHER_HOSTS}. @default 1000
   */
  maxHosts?: number;
}

/** The bucket of hosts beyond `maxHosts`. */
export const OTHER_HOSTS = '(other hosts)';
const OTHER_HOSTS_KEY = Buffer.from(OTHER_HOSTS);

/** @see AccessAnalyzerOptions.maxHosts */
export const DEFAULT_MAX_HOSTS = 1000;

const DASH = Buffer.from('-');
const NO_UPSTREAM = -1;
const DASH_UPSTREAM = -2;

/** `-` (escape=default/none) or empty (escape=json writes unset variables as ""): no upstream. */
function isDash(buf: Uint8Array, start: number, end: number): boolean {
  return start >= 0 && (end === start || (end - start === 1 && buf[start] === 45));
}

/** True when `text` is printable ASCII without `"` and `\`: its escape=json form is itself. */
function isPlainJsonText(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** Where one id's log line landed. */
export interface IdRecord {
  id: string;
  status: number;
  domain: string;
  upstreamStatus: string | null;
  requestId: string | null;
  /** Log lines carrying this id (more than 1: duplicate). */
  lines: number;
}

/** Streaming analysis of one access log. */
export class AccessAnalyzer implements LoggedRequests {
  lines = 0;
  parsed = 0;
  formatErrors = 0;
  skipped = 0;
  /** Lines over the length limit (counted as format errors too). */
  overlong = 0;
  anomalyTotal = 0;
  /** Parsed lines whose id field was `-` or empty (no join possible). */
  linesWithoutId = 0;
  /** Lines counted as {@link OTHER_HOSTS} because `maxHosts` distinct hosts were already counted. */
  hostsOverflowLines = 0;
  /** @see AccessAnalyzerOptions.maxHosts */
  readonly maxHosts: number;
  private otherHosts = -1;
  private readonly domains = new ByteKeyTable(64);
  private readonly counts: Int32Array[] = [];
  /** Decoded domain names by index (made once, not per anomalous line). */
  private readonly domainNames: string[] = [];
  private readonly anomalyCounts: (Int32Array | undefined)[] = [];
  private readonly ids = new IdIndex();
  /** Per id record: status, domain index, upstream code, request-id index, lines. */
  private readonly recs: IdRecords;
  private readonly upstreams = new ByteKeyTable(16);
  private readonly rids: ByteKeyTable | null;
  /**
   * Lines without a request id, by the client's port (`$remote_port` in the format; full mode): the
   * join by connection. Null when the format has no port.
   */
  readonly portLines: PortLines | null;
  private readonly addresses = new ByteKeyTable(16);
  private readonly anomalySet: Uint8Array;
  private readonly parser: LogRecordParser;
  private readonly full: boolean;
  private readonly anomalySink: LineSink | undefined;
  private readonly formatErrorSink: LineSink | undefined;

  constructor(options: AccessAnalyzerOptions) {
    this.parser = options.parser;
    this.maxHosts = options.maxHosts ?? DEFAULT_MAX_HOSTS;
    this.full = (options.mode ?? 'full') === 'full';
    this.anomalySet = new Uint8Array(1000);
    for (const s of options.anomalyStatuses ?? DEFAULT_ANOMALY_STATUSES)
      if (s >= 0 && s < 1000) this.anomalySet[s] = 1;
    this.anomalySink = options.anomalySink;
    this.formatErrorSink = options.formatErrorSink;
    this.rids = options.keepRequestIds && this.parser.hasRequestId ? new ByteKeyTable(1024) : null;
    this.recs = new IdRecords(this.rids !== null);
    const timeKind = this.parser.timeKind;
    this.portLines =
      this.full && this.parser.hasPort
        ? new PortLines(timeKind === null ? null : logTimeResolutionMs(timeKind), {
            upstreamText: (code) => this.upstreamText(code),
            noUpstream: (code) => code === DASH_UPSTREAM,
            requestIdText: (code) => (this.rids === null ? null : this.text(this.rids, code)),
            addressText: (code) => this.text(this.addresses, code),
          })
        : null;
  }

  /** Bound line handler for a {@link LineSplitter}. */
  readonly onLine = (buf: Buffer, start: number, end: number): void => {
    this.lines += 1;
    const parser = this.parser;
    const outcome = this.full ? parser.parse(buf, start, end) : parser.parseCount(buf, start, end);
    if (outcome !== ParseOutcome.parsed) {
      if (outcome === ParseOutcome.skipped) {
        this.skipped += 1;
      } else {
        this.formatErrors += 1;
        this.formatErrorSink?.add('format-errors', buf, start, end);
      }
      return;
    }
    this.parsed += 1;
    const status = parser.status;
    // No host (not in the format, empty or "-"): domain "-". Only the domain is read from DASH; the
    // rest of the line's fields still come from `buf`.
    const ds = parser.domainStart;
    const de = parser.domainEnd;
    const d = ds < 0 || de <= ds ? this.domain(DASH, 0, 1) : this.domain(buf, ds, de);
    if (d === this.counts.length) this.counts.push(new Int32Array(1000));
    const row = this.counts[d]!;
    row[status] = row[status]! + 1;
    if (!this.full) return;
    if (this.anomalySet[status] === 1 && isDash(buf, parser.upstreamStart, parser.upstreamEnd)) {
      this.anomalyTotal += 1;
      let arow = this.anomalyCounts[d];
      if (arow === undefined) {
        arow = new Int32Array(1000);
        this.anomalyCounts[d] = arow;
      }
      arow[status] = arow[status]! + 1;
      this.anomalySink?.add(this.domainText(d), buf, start, end);
    }
    if (parser.hasId) this.index(buf, status, d);
    else if (this.portLines !== null) this.keepPortLine(buf, status);
  };

  /** Keeps a line without an id for the join by connection (see {@link portLines}). */
  private keepPortLine(buf: Buffer, status: number): void {
    const p = this.parser;
    p.readConnectionFields();
    const port = parseDecimal(buf, p.portStart, p.portEnd);
    if (port <= 0 || port > 65_535) return;
    const addr = isEmptyValue(buf, p.addrStart, p.addrEnd)
      ? -1
      : this.addresses.intern(buf, p.addrStart, p.addrEnd);
    const timeMs =
      p.timeKind === null ? NaN : parseLogTimeMs(buf, p.timeStart, p.timeEnd, p.timeKind);
    this.portLines!.add(
      port,
      addr,
      timeMs,
      status,
      this.upstreamCode(buf, p.upstreamStart, p.upstreamEnd),
      this.rids !== null && !isEmptyValue(buf, p.ridStart, p.ridEnd)
        ? this.rids.intern(buf, p.ridStart, p.ridEnd)
        : -1,
    );
  }

  /** Index of a host, or of the {@link OTHER_HOSTS} bucket once `maxHosts` hosts are counted. */
  private domain(buf: Uint8Array, start: number, end: number): number {
    const table = this.domains;
    if (table.size < this.maxHosts) return table.intern(buf, start, end);
    const k = table.find(buf, start, end);
    if (k >= 0) return k;
    this.hostsOverflowLines += 1;
    if (this.otherHosts < 0)
      this.otherHosts = table.intern(OTHER_HOSTS_KEY, 0, OTHER_HOSTS_KEY.length);
    return this.otherHosts;
  }

  /** Bound handler for lines over the length limit. */
  readonly onOverlong = (head: Buffer): void => {
    this.lines += 1;
    this.overlong += 1;
    this.formatErrors += 1;
    this.formatErrorSink?.add('format-errors', head, 0, head.length);
  };

  private index(buf: Buffer, status: number, domain: number): void {
    const p = this.parser;
    if (isEmptyValue(buf, p.idStart, p.idEnd)) {
      this.linesWithoutId += 1;
      if (this.portLines !== null) this.keepPortLine(buf, status);
      return;
    }
    const k = this.ids.intern(buf, p.idStart, p.idEnd);
    if (!this.ids.added) {
      this.recs.repeat(k);
      return;
    }
    this.recs.add(
      k,
      status,
      domain,
      this.upstreamCode(buf, p.upstreamStart, p.upstreamEnd),
      this.rids !== null && !isEmptyValue(buf, p.ridStart, p.ridEnd)
        ? this.rids.intern(buf, p.ridStart, p.ridEnd)
        : -1,
    );
  }

  /** NO_UPSTREAM (format has none), DASH_UPSTREAM, a status 0..999, or -(3 + interned text index). */
  private upstreamCode(buf: Buffer, start: number, end: number): number {
    if (start < 0) return NO_UPSTREAM;
    if (isDash(buf, start, end)) return DASH_UPSTREAM;
    const n = end - start === 3 ? parseDecimal(buf, start, end) : -1;
    return n >= 0 ? n : -3 - this.upstreams.intern(buf, start, end);
  }

  private upstreamText(code: number): string | null {
    if (code === NO_UPSTREAM) return null;
    if (code === DASH_UPSTREAM) return '-';
    return code >= 0 ? String(code) : this.text(this.upstreams, -3 - code);
  }

  private text(table: ByteKeyTable, k: number): string {
    return this.decoded(table.keyText(k));
  }

  private decoded(raw: string): string {
    return this.parser.jsonEscaped
      ? decodeJsonEscapes(Buffer.from(raw, 'latin1').toString('utf8'))
      : raw;
  }

  private domainText(d: number): string {
    let name = this.domainNames[d];
    if (name === undefined) {
      name = this.text(this.domains, d);
      this.domainNames[d] = name;
    }
    return name;
  }

  /** domain -> status -> count over every parsed line. */
  statusCounts(): Record<string, Record<string, number>> {
    return this.toRecord(this.counts);
  }

  /** domain -> status -> count of anomalies. */
  anomalyCountsByDomain(): Record<string, Record<string, number>> {
    return this.toRecord(this.anomalyCounts);
  }

  private toRecord(rows: (Int32Array | undefined)[]): Record<string, Record<string, number>> {
    const merged = new Map<string, Record<string, number>>();
    rows.forEach((row, d) => {
      if (row === undefined) return;
      const name = this.domainText(d);
      const out = merged.get(name) ?? {};
      for (let s = 0; s < row.length; s += 1)
        if (row[s]! > 0) out[String(s)] = (out[String(s)] ?? 0) + row[s]!;
      if (Object.keys(out).length > 0) merged.set(name, out);
    });
    const result: Record<string, Record<string, number>> = {};
    for (const name of [...merged.keys()].sort()) result[name] = merged.get(name)!;
    return result;
  }

  /** Index of the log record for `id` (for the `*At` accessors), or -1. */
  find(id: string): number {
    // escape=json writes printable ASCII other than `"` and `\` as is: such an id is looked up
    // directly (no encoding per lookup); any other id is looked up by its escaped UTF-8 bytes.
    if (!this.parser.jsonEscaped || isPlainJsonText(id)) return this.ids.find(id);
    const key = Buffer.from(JSON.stringify(id).slice(1, -1));
    return this.ids.findBytes(key, 0, key.length);
  }

  /** WAF status of record `k`. */
  statusAt(k: number): number {
    return this.recs.statusAt(k);
  }

  /** Upstream status text of record `k` (`-` when the WAF answered itself; null: not in the format). */
  upstreamAt(k: number): string | null {
    return this.upstreamText(this.recs.upstreamAt(k));
  }

  /** True when record `k`'s upstream status is `-`. */
  noUpstreamAt(k: number): boolean {
    return this.recs.upstreamAt(k) === DASH_UPSTREAM;
  }

  /** Log lines that carried record `k`'s id (more than 1: duplicate). */
  linesAt(k: number): number {
    return this.recs.linesAt(k);
  }

  /** `$request_id` of record `k`, when kept. */
  requestIdAt(k: number): string | null {
    const rid = this.recs.ridAt(k);
    return rid < 0 || this.rids === null ? null : this.text(this.rids, rid);
  }

  /** The log line recorded for `id`, or undefined. */
  lookup(id: string): IdRecord | undefined {
    const k = this.find(id);
    return k < 0 ? undefined : this.record(k);
  }

  private record(k: number): IdRecord {
    return {
      id: this.decoded(this.ids.idText(k)),
      status: this.statusAt(k),
      domain: this.domainText(this.recs.domainAt(k)),
      upstreamStatus: this.upstreamAt(k),
      requestId: this.requestIdAt(k),
      lines: this.linesAt(k),
    };
  }

  /** Every id's record, in first-seen order. */
  *records(): IterableIterator<IdRecord> {
    for (let k = 0; k < this.ids.size; k += 1) yield this.record(k);
  }

  /** Number of distinct ids seen. */
  get idCount(): number {
    return this.ids.size;
  }
}
