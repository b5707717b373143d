/**
 * Per-domain rewriting of raw requests, byte for byte: the authority of an absolute-form request target
 * (`http[s]://host/...`) and the value of every `Host` header, as the original play_back.py did. Nothing
 * else changes: header order and case, line endings, encodings and the body are kept.
 */

const LF = 0x0a;
const CR = 0x0d;

/** Offset of the first LF, or -1. */
function firstLf(raw: Buffer): number {
  return raw.indexOf(LF);
}

function rewriteRequestLine(line: Buffer, domain: Buffer): Buffer {
  // Find the target: first token after the method (skip leading whitespace).
  let i = 0;
  while (i < line.length && (line[i] === 0x20 || line[i] === 0x09)) i++;
  while (i < line.length && line[i] !== 0x20 && line[i] !== 0x09) i++;
  while (i < line.length && (line[i] === 0x20 || line[i] === 0x09)) i++;
  const start = i;
  const lower = line.toString('latin1', start, Math.min(line.length, start + 8)).toLowerCase();
  const schemeLen = lower.startsWith('http://') ? 7 : lower.startsWith('https://') ? 8 : 0;
  if (schemeLen === 0) return line;
  const hostStart = start + schemeLen;
  let hostEnd = hostStart;
  while (hostEnd < line.length) {
    const b = line[hostEnd];
    if (b === 0x2f || b === 0x3f || b === 0x23 || b === 0x20 || b === 0x09 || b === CR) break;
    hostEnd++;
  }
  return Buffer.concat([line.subarray(0, hostStart), domain, line.subarray(hostEnd)]);
}

function isHostName(raw: Buffer, start: number, colon: number): boolean {
  if (colon - start !== 4) return false;
  return (
    (raw[start]! | 0x20) === 0x68 &&
    (raw[start + 1]! | 0x20) === 0x6f &&
    (raw[start + 2]! | 0x20) === 0x73 &&
    (raw[start + 3]! | 0x20) === 0x74
  );
}

/**
 * Rewrites `raw` for `domain`. An empty domain means "as captured" and returns `raw` itself.
 * Only the header section is searched for `Host` lines; a request without one gets none added.
 */
export function rewriteForDomain(raw: Buffer, domain: string): Buffer {
  if (domain === '') return raw;
  const domainBytes = Buffer.from(domain, 'latin1');
  const lf = firstLf(raw);
  if (lf === -1) return rewriteRequestLine(raw, domainBytes);
  const parts: Buffer[] = [rewriteRequestLine(raw.subarray(0, lf + 1), domainBytes)];
  let copyFrom = lf + 1;
  let lineStart = lf + 1;
  while (lineStart < raw.length) {
    const end = raw.indexOf(LF, lineStart);
    const lineEnd = end === -1 ? raw.length : end;
    // Blank line (LF or CRLF) ends the header section.
    if (lineEnd === lineStart || (lineEnd === lineStart + 1 && raw[lineStart] === CR)) break;
    const colon = raw.indexOf(0x3a, lineStart);
    if (colon !== -1 && colon < lineEnd && isHostName(raw, lineStart, colon)) {
      let valueStart = colon + 1;
      while (valueStart < lineEnd && (raw[valueStart] === 0x20 || raw[valueStart] === 0x09))
        valueStart++;
      const valueEnd = lineEnd > valueStart && raw[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
      parts.push(raw.subarray(copyFrom, valueStart), domainBytes);
      copyFrom = valueEnd;
    }
    if (end === -1) break;
    lineStart = end + 1;
  }
  parts.push(raw.subarray(copyFrom));
  return Buffer.concat(parts);
}

/** A request split after its request line, so headers can be inserted there. */
export interface SplitRequest {
  /** Request line including its line ending. */
  head: Buffer;
  /** Everything after the request line. */
  rest: Buffer;
  /** The request line's own line ending (`\r\n` or `\n`). */
  eol: string;
}

/**
 * Splits a request after its request line, or returns null when it cannot take a header: no line
 * terminator, or an HTTP/0.9 request line (no version, or `HTTP/0.x`).
 */
export function splitAfterRequestLine(raw: Buffer): SplitRequest | null {
  const lf = firstLf(raw);
  if (lf === -1) return null;
  const crlf = lf > 0 && raw[lf - 1] === CR;
  const line = raw.toString('latin1', 0, crlf ? lf - 1 : lf).trim();
  const tokens = line.split(/[ \t]+/);
  const version = /^HTTP\/(\d+)\.\d+$/i.exec(tokens[tokens.length - 1] ?? '');
  if (tokens.length < 3 || !version || Number(version[1]) < 1) return null;
  return { head: raw.subarray(0, lf + 1), rest: raw.subarray(lf + 1), eol: crlf ? '\r\n' : '\n' };
}

/** nginx's limit for a request line it parses at all (`large_client_header_buffers`' default 8k). */
const REQUEST_LINE_MAX = 8000;

/**
 * True when nginx may answer the request before it reads its headers, so an id header (or its absence)
 * cannot reach the access log: the request cannot carry a header ({@link splitAfterRequestLine} null:
 * HTTP/0.9, no line end), or its request line is not plainly `METHOD SP target SP HTTP/1.x` as nginx
 * parses it (a method of other than `A-Z _ -`, HTTP/2.0 or 3.0 → 505, a target that is neither
 * origin- nor absolute-form, control bytes, extra blanks, an over-long line → 400/414). Such a request
 * is sent on a connection of its own, so its log line can be found by the client's port
 * (`$remote_port`) instead. Deliberately strict: a false positive only costs one connection.
 */
export function needsOwnConnection(raw: Buffer): boolean {
  const lf = firstLf(raw);
  if (lf === -1 || lf > REQUEST_LINE_MAX) return true;
  const end = lf > 0 && raw[lf - 1] === CR ? lf - 1 : lf;
  const line = raw.toString('latin1', 0, end);
  return !/^[A-Z_-]+ (?:\/|[A-Za-z][A-Za-z0-9+.-]*:\/\/)[\x21-\x7e\x80-\xff]* HTTP\/1\.[01]$/.test(
    line,
  );
}

/** Inserts header lines right after the request line, with the request's own line ending. */
export function insertHeaders(
  split: SplitRequest,
  headers: ReadonlyArray<readonly [string, string]>,
): Buffer {
  if (headers.length === 0) return Buffer.concat([split.head, split.rest]);
  const text = headers.map(([n, v]) => `${n}: ${v}${split.eol}`).join('');
  return Buffer.concat([split.head, Buffer.from(text, 'latin1'), split.rest]);
}

/** Method and target of a request for reports (latin1, target shortened to 200 characters). */
export function describeRequest(raw: Buffer): { method: string; target: string } {
  const lf = firstLf(raw);
  const line = raw
    .toString('latin1', 0, lf === -1 ? Math.min(raw.length, 4096) : Math.min(lf, 4096))
    .trim();
  const tokens = line.split(/[ \t]+/);
  const target = tokens[1] ?? '';
  return { method: tokens[0] ?? '', target: target.length > 200 ? target.slice(0, 200) : target };
}
