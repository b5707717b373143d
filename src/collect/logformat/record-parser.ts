/**
 * Record parsers: turn one line (byte range) into the few fields the analysis needs — WAF status,
 * domain, upstream status, request id, nginx `$request_id` — without allocating for the rest.
 */
import { ConfigError } from '../../common/errors.js';
import { decodeJsonEscapes, FieldScanner, latin1Text, parseDecimal } from './field-scanner.js';
import type { CompiledFormat } from './log-format.js';
import { logTimeVariable, type LogTimeKind } from './log-time.js';

/** Result of {@link LogRecordParser.parse}. */
export const ParseOutcome = {
  error: 0,
  parsed: 1,
  /** The line is deliberately ignored (e.g. the marker format's `pepp4_` lines). */
  skipped: 2,
} as const;
/** One of {@link ParseOutcome}. */
export type ParseOutcome = (typeof ParseOutcome)[keyof typeof ParseOutcome];

/**
 * Parses lines into byte ranges of the fields the analysis needs. After `parse` returned `parsed`,
 * `status` and the `*Start`/`*End` offsets (into the buffer given) describe that line; a start of -1
 * means the format has no such field.
 */
export interface LogRecordParser {
  /** Format name for results. */
  readonly formatName: string;
  /** True when lines carry a request id to join on. */
  readonly hasId: boolean;
  /** True when lines carry nginx's `$request_id`. */
  readonly hasRequestId: boolean;
  /** True when values are escape=json encoded (decode with {@link decodeValue}). */
  readonly jsonEscaped: boolean;
  /** True when lines carry the client's port (`$remote_port`): requests can be joined by connection. */
  readonly hasPort: boolean;
  /** The time variable lines carry (for the join by connection), or null. */
  readonly timeKind: LogTimeKind | null;
  /** Parses the whole line (every field must match). */
  parse(buf: Buffer, start: number, end: number): ParseOutcome;
  /** Parses only what (domain, status) counting needs. */
  parseCount(buf: Buffer, start: number, end: number): ParseOutcome;
  /** WAF status of the last line (parse guarantees 100..999). */
  status: number;
  domainStart: number;
  domainEnd: number;
  upstreamStart: number;
  upstreamEnd: number;
  idStart: number;
  idEnd: number;
  ridStart: number;
  ridEnd: number;
  /**
   * Sets {@link portStart} … {@link timeEnd} for the line {@link parse} just parsed (only the lines
   * joined by connection need them, so the per-line parse does not pay for them).
   */
  readConnectionFields(): void;
  /**
   * `$remote_port`, `$remote_addr` and the time variable ({@link timeKind}) of the line, after
   * {@link readConnectionFields}; -1: not in the format.
   */
  portStart: number;
  portEnd: number;
  addrStart: number;
  addrEnd: number;
  timeStart: number;
  timeEnd: number;
}

/** Which variables play which role. */
export interface FormatRoles {
  /** Variable carrying the replay id. @default 'http_x_waf_gate_id' */
  idVariable: string;
}

/** True when `buf[start, end)` is absent, empty or nginx's `-`. */
export function isEmptyValue(buf: Uint8Array, start: number, end: number): boolean {
  return start < 0 || end <= start || (end - start === 1 && buf[start] === 45);
}

/** Text of a value: latin1 for escape=default/none (nginx wrote ASCII or \xHH), UTF-8 + JSON unescape for json. */
export function decodeValue(buf: Buffer, start: number, end: number, json: boolean): string {
  return json ? decodeJsonEscapes(buf.toString('utf8', start, end)) : latin1Text(buf, start, end);
}

/** Parser for a compiled nginx log_format. */
export class FormatRecordParser implements LogRecordParser {
  readonly formatName: string;
  readonly hasId: boolean;
  readonly hasRequestId: boolean;
  readonly jsonEscaped: boolean;
  readonly hasPort: boolean;
  readonly timeKind: LogTimeKind | null;
  status = 0;
  domainStart = -1;
  domainEnd = -1;
  upstreamStart = -1;
  upstreamEnd = -1;
  idStart = -1;
  idEnd = -1;
  ridStart = -1;
  ridEnd = -1;
  portStart = -1;
  portEnd = -1;
  addrStart = -1;
  addrEnd = -1;
  timeStart = -1;
  timeEnd = -1;
  private readonly scanner: FieldScanner;
  private readonly statusIdx: number;
  private readonly hostIdx: number;
  private readonly upstreamIdx: number;
  private readonly idIdx: number;
  private readonly ridIdx: number;
  private readonly portIdx: number;
  private readonly addrIdx: number;
  private readonly timeIdx: number;
  private readonly countUpTo: number;

  constructor(format: CompiledFormat, formatName: string, roles: FormatRoles) {
    this.formatName = formatName;
    this.scanner = new FieldScanner(format);
    const idx = (name: string): number => format.index.get(name) ?? -1;
    this.statusIdx = idx('status');
    if (this.statusIdx < 0) {
      throw new ConfigError('The log_format has no $status: the WAF status cannot be read.', {
        input: 'log-format',
        value: format.format,
        hint: 'Add $status to the log_format (or pick a preset).',
      });
    }
    this.hostIdx = [idx('host'), idx('server_name'), idx('http_host')].find((i) => i >= 0) ?? -1;
    this.upstreamIdx = idx('upstream_status');
    this.idIdx = idx(roles.idVariable);
    this.ridIdx = idx('request_id');
    this.hasId = this.idIdx >= 0;
    this.hasRequestId = this.ridIdx >= 0;
    this.portIdx = idx('remote_port');
    this.addrIdx = idx('remote_addr');
    this.hasPort = this.portIdx >= 0;
    this.timeKind = logTimeVariable((name) => format.index.has(name));
    this.timeIdx = this.timeKind === null ? -1 : idx(this.timeKind);
    this.countUpTo = Math.max(this.statusIdx, this.hostIdx);
    this.jsonEscaped = format.escape === 'json';
  }

  parse(buf: Buffer, start: number, end: number): ParseOutcome {
    if (!this.scanner.scan(buf, start, end)) return ParseOutcome.error;
    if (!this.readStatus(buf)) return ParseOutcome.error;
    const { starts, ends } = this.scanner;
    this.domainStart = this.hostIdx < 0 ? -1 : starts[this.hostIdx]!;
    this.domainEnd = this.hostIdx < 0 ? -1 : ends[this.hostIdx]!;
    this.upstreamStart = this.upstreamIdx < 0 ? -1 : starts[this.upstreamIdx]!;
    this.upstreamEnd = this.upstreamIdx < 0 ? -1 : ends[this.upstreamIdx]!;
    this.idStart = this.idIdx < 0 ? -1 : starts[this.idIdx]!;
    this.idEnd = this.idIdx < 0 ? -1 : ends[this.idIdx]!;
    this.ridStart = this.ridIdx < 0 ? -1 : starts[this.ridIdx]!;
    this.ridEnd = this.ridIdx < 0 ? -1 : ends[this.ridIdx]!;
    return ParseOutcome.parsed;
  }

  readConnectionFields(): void {
    if (this.portIdx < 0) return;
    const { starts, ends } = this.scanner;
    this.portStart = starts[this.portIdx]!;
    this.portEnd = ends[this.portIdx]!;
    this.addrStart = this.addrIdx < 0 ? -1 : starts[this.addrIdx]!;
    this.addrEnd = this.addrIdx < 0 ? -1 : ends[this.addrIdx]!;
    this.timeStart = this.timeIdx < 0 ? -1 : starts[this.timeIdx]!;
    this.timeEnd = this.timeIdx < 0 ? -1 : ends[this.timeIdx]!;
  }

  parseCount(buf: Buffer, start: number, end: number): ParseOutcome {
    if (!this.scanner.scan(buf, start, end, this.countUpTo)) return ParseOutcome.error;
    if (!this.readStatus(buf)) return ParseOutcome.error;
    this.domainStart = this.hostIdx < 0 ? -1 : this.scanner.starts[this.hostIdx]!;
    this.domainEnd = this.hostIdx < 0 ? -1 : this.scanner.ends[this.hostIdx]!;
    return ParseOutcome.parsed;
  }

  private readStatus(buf: Buffer): boolean {
    const status = parseDecimal(
      buf,
      this.scanner.starts[this.statusIdx]!,
      this.scanner.ends[this.statusIdx]!,
    );
    this.status = status;
    return status >= 100 && status <= 999;
  }
}

const HTTP = Buffer.from('HTTP/');
const WAF = Buffer.from('WAF_');

function isSpace(c: number | undefined): boolean {
  return c === 32 || c === 9 || c === 13;
}

/**
 * The original scripts' format: the WAF status is the token after `HTTP/x.x"`; after the `WAF_`
 * marker, whitespace-separated field 5 (0-based) is the upstream status and field 6 the domain. Lines
 * containing any of `skip` (default `pepp4_`) are ignored.
 */
export class MarkerRecordParser implements LogRecordParser {
  readonly formatName = 'waf-marker';
  readonly hasId = false;
  readonly hasRequestId = false;
  readonly jsonEscaped = false;
  readonly hasPort = false;
  readonly timeKind = null;
  status = 0;
  domainStart = -1;
  domainEnd = -1;
  upstreamStart = -1;
  upstreamEnd = -1;
  idStart = -1;
  idEnd = -1;
  ridStart = -1;
  ridEnd = -1;
  portStart = -1;
  portEnd = -1;
  addrStart = -1;
  addrEnd = -1;
  timeStart = -1;
  timeEnd = -1;
  private readonly skip: Buffer[];

  /** The marker format has no port: nothing to read. */
  readConnectionFields(): void {}

  constructor(skip: readonly string[] = ['pepp4_']) {
    this.skip = skip.filter((s) => s !== '').map((s) => Buffer.from(s));
  }

  parse(buf: Buffer, start: number, end: number): ParseOutcome {
    const line = buf.subarray(start, end);
    for (const s of this.skip) if (line.indexOf(s) >= 0) return ParseOutcome.skipped;
    const h = line.indexOf(HTTP);
    if (h < 0) return ParseOutcome.error;
    let i = h;
    while (i < line.length && !isSpace(line[i])) i += 1;
    while (i < line.length && isSpace(line[i])) i += 1;
    const s = i;
    while (i < line.length && !isSpace(line[i])) i += 1;
    const status = parseDecimal(line, s, i);
    if (status < 100 || status > 999) return ParseOutcome.error;
    const w = line.indexOf(WAF);
    if (w < 0) return ParseOutcome.error;
    // Whitespace fields from the marker on (Python's str.split()).
    const tokenStarts: number[] = [];
    const tokenEnds: number[] = [];
    i = w;
    while (i < line.length && tokenStarts.length < 7) {
      while (i < line.length && isSpace(line[i])) i += 1;
      if (i >= line.length) break;
      const t = i;
      while (i < line.length && !isSpace(line[i])) i += 1;
      tokenStarts.push(t);
      tokenEnds.push(i);
    }
    if (tokenStarts.length < 7) return ParseOutcome.error;
    this.status = status;
    this.upstreamStart = start + tokenStarts[5]!;
    this.upstreamEnd = start + tokenEnds[5]!;
    this.domainStart = start + tokenStarts[6]!;
    this.domainEnd = start + tokenEnds[6]!;
    return ParseOutcome.parsed;
  }

  parseCount(buf: Buffer, start: number, end: number): ParseOutcome {
    return this.parse(buf, start, end);
  }
}
