/**
 * A hand-written HTTP/1.x response parser that scans bytes in place (no strings, no allocation on the
 * fast path). Framing: Content-Length, chunked (with trailers), close-delimited, 1xx interim responses,
 * and no body for HEAD, 204 and 304. One instance per connection, reset per request.
 */

import { containsIgnoreCase, hexValue, indexOfByte, lengthValue, nameIs } from './http-bytes.js';

/** `execute` result: the response is not complete yet. */
export const NEED_MORE = -1;
/** `execute` result: the bytes are not an HTTP/1.x response. */
export const MALFORMED = -2;
/** `parseHead` result: the chunk holds no end of head. */
const HEAD_INCOMPLETE = -1;
/** `parseHead` result: not an HTTP/1.x head. */
const HEAD_BAD = -2;

const S_HEAD = 0;
const S_BODY_LENGTH = 1;
const S_CHUNK_SIZE = 2;
const S_CHUNK_EXT = 3;
const S_CHUNK_DATA = 4;
const S_CHUNK_DATA_END = 5;
const S_TRAILER = 6;
const S_BODY_CLOSE = 7;
const S_DONE = 8;

const LF = 0x0a;
const CR = 0x0d;
/** Largest response head accepted. */
const MAX_HEAD_BYTES = 64 * 1024;

const CLOSE = Buffer.from('close');
const KEEP_ALIVE = Buffer.from('keep-alive');
const CONTENT_LENGTH = Buffer.from('content-length');
const TRANSFER_ENCODING = Buffer.from('transfer-encoding');
const CONNECTION = Buffer.from('connection');

/** Incremental response parser; see {@link ResponseParser.execute}. */
export class ResponseParser {
  /** Final status code of the response (0 until the head is parsed). */
  status = 0;
  /** False when the server said the connection closes after this response. */
  keepAlive = true;
  /** Bytes of the current response seen so far (including 1xx heads). */
  bytes = 0;
  private state = S_HEAD;
  private remaining = 0;
  private noBody = false;
  private lastLf = false;
  private lineLen = 0;
  private headBuf: Buffer | null = null;

  /** Prepares for the next response; `noBody` for HEAD requests. */
  reset(noBody: boolean): void {
    this.status = 0;
    this.keepAlive = true;
    this.bytes = 0;
    this.state = S_HEAD;
    this.remaining = 0;
    this.noBody = noBody;
    this.lastLf = false;
    this.lineLen = 0;
    this.headBuf = null;
  }

  /** True when a close-delimited body is being read (EOF completes it). */
  get readsUntilClose(): boolean {
    return this.state === S_BODY_CLOSE;
  }

  /**
   * Feeds `buf[start, end)`. Returns the offset just after the end of the response when it completed,
   * {@link NEED_MORE}, or {@link MALFORMED}.
   */
  execute(buf: Buffer, start: number, end: number): number {
    let i = start;
    while (i < end) {
      switch (this.state) {
        case S_HEAD: {
          if (this.headBuf === null && !this.lastLf) {
            // Fast path: the whole head is in this chunk, found and parsed in one pass.
            const headEnd = this.parseHead(buf, i, end);
            if (headEnd === HEAD_BAD) return MALFORMED;
            if (headEnd !== HEAD_INCOMPLETE) {
              this.bytes += headEnd - i;
              i = headEnd;
              if ((this.state as number) === S_DONE) return i;
              break;
            }
          }
          const headStart = i;
          let lastLf = this.lastLf;
          let found = -1;
          for (; i < end; i++) {
            const b = buf[i];
            if (b === LF) {
              if (lastLf) {
                found = i + 1;
                break;
              }
              lastLf = true;
            } else if (b !== CR) lastLf = false;
          }
          this.lastLf = lastLf;
          if (found === -1) {
            this.bytes += end - headStart;
            const piece = buf.subarray(headStart, end);
            this.headBuf = this.headBuf ? Buffer.concat([this.headBuf, piece]) : Buffer.from(piece);
            if (this.headBuf.length > MAX_HEAD_BYTES) return MALFORMED;
            return NEED_MORE;
          }
          this.bytes += found - headStart;
          i = found;
          let headEnd: number;
          if (this.headBuf) {
            const whole = Buffer.concat([this.headBuf, buf.subarray(headStart, found)]);
            this.headBuf = null;
            headEnd = this.parseHead(whole, 0, whole.length) === whole.length ? found : HEAD_BAD;
          } else headEnd = this.parseHead(buf, headStart, found);
          if (headEnd !== found) return MALFORMED;
          if ((this.state as number) === S_DONE) return i;
          break;
        }
        case S_BODY_LENGTH: {
          const take = Math.min(this.remaining, end - i);
          this.remaining -= take;
          this.bytes += take;
          i += take;
          if (this.remaining === 0) {
            this.state = S_DONE;
            return i;
          }
          break;
        }
        case S_CHUNK_SIZE: {
          const b = buf[i]!;
          this.bytes++;
          i++;
          const h = hexValue(b);
          if (h >= 0) {
            this.remaining = this.remaining * 16 + h;
            if (++this.lineLen > 15) return MALFORMED;
          } else if (b === LF) {
            if (this.lineLen === 0) return MALFORMED;
            this.state = this.remaining === 0 ? S_TRAILER : S_CHUNK_DATA;
            this.lastLf = true;
            this.lineLen = 0;
          } else if (b === CR || b === 0x3b || b === 0x20 || b === 0x09) {
            this.state = S_CHUNK_EXT;
          } else return MALFORMED;
          break;
        }
        case S_CHUNK_EXT: {
          const lf = indexOfByte(buf, LF, i, end);
          const stop = lf === -1 ? end : lf + 1;
          this.bytes += stop - i;
          i = stop;
          if (stop !== end || buf[stop - 1] === LF) {
            if (this.lineLen === 0) return MALFORMED;
            this.state = this.remaining === 0 ? S_TRAILER : S_CHUNK_DATA;
            this.lastLf = true;
            this.lineLen = 0;
          }
          break;
        }
        case S_CHUNK_DATA: {
          const take = Math.min(this.remaining, end - i);
          this.remaining -= take;
          this.bytes += take;
          i += take;
          if (this.remaining === 0) this.state = S_CHUNK_DATA_END;
          break;
        }
        case S_CHUNK_DATA_END: {
          const b = buf[i]!;
          this.bytes++;
          i++;
          if (b === LF) {
            this.state = S_CHUNK_SIZE;
            this.remaining = 0;
            this.lineLen = 0;
          } else if (b !== CR) return MALFORMED;
          break;
        }
        case S_TRAILER: {
          // After the last chunk: trailer lines, then an empty line.
          const b = buf[i]!;
          this.bytes++;
          i++;
          if (b === LF) {
            if (this.lastLf) {
              this.state = S_DONE;
              return i;
            }
            this.lastLf = true;
          } else if (b !== CR) this.lastLf = false;
          break;
        }
        case S_BODY_CLOSE:
          this.bytes += end - i;
          return NEED_MORE;
        default:
          return MALFORMED;
      }
    }
    return NEED_MORE;
  }

  /**
   * Parses the head that starts at `start` if it ends before `end` (an empty line: LF, CRs, LF) and
   * sets the body state. Returns the offset just after the head, {@link HEAD_INCOMPLETE} when
   * buf[start, end) holds no end of head (nothing is set then), or {@link HEAD_BAD}.
   */
  private parseHead(buf: Buffer, start: number, end: number): number {
    // Connection header: 1 keep-alive, -1 close, 0 none (the last one that says either wins).
    let connection = 0;
    let contentLength = -1;
    let sawTransferEncoding = false;
    let chunked = false;
    // An invalid header makes the head bad only once its end is seen, as when it is parsed whole.
    let bad = false;
    let headEnd = -1;
    let p = indexOfByte(buf, LF, start, end) + 1;
    if (p === 0) return HEAD_INCOMPLETE;
    while (p < end) {
      const lineEnd = indexOfByte(buf, LF, p, end);
      if (lineEnd === -1) return HEAD_INCOMPLETE;
      let k = p;
      while (k < lineEnd && buf[k] === CR) k++;
      if (k === lineEnd) {
        headEnd = lineEnd + 1;
        break;
      }
      const valueEnd = buf[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
      const first = buf[p]! | 0x20;
      const colon = first === 0x63 || first === 0x74 ? indexOfByte(buf, 0x3a, p, valueEnd) : -1;
      if (colon !== -1 && !bad) {
        let v = colon + 1;
        while (v < valueEnd && (buf[v] === 0x20 || buf[v] === 0x09)) v++;
        if (nameIs(buf, p, colon, CONTENT_LENGTH)) {
          // As llhttp (Node's parser) frames it: digits only, then only spaces ("1 2" is not 12,
          // "+1" and "1\t" are invalid), one Content-Length header (a repeat is refused even with
          // the same value), and never together with Transfer-Encoding (a desync vector).
          contentLength =
            contentLength !== -1 || sawTransferEncoding ? -2 : lengthValue(buf, v, valueEnd);
          if (contentLength === -2) bad = true;
        } else if (nameIs(buf, p, colon, TRANSFER_ENCODING)) {
          if (contentLength !== -1) bad = true;
          sawTransferEncoding = true;
          const value = buf.toString('latin1', v, valueEnd).toLowerCase();
          chunked = /(?:^|,)\s*chunked\s*$/.test(value);
        } else if (nameIs(buf, p, colon, CONNECTION)) {
          // Byte compare: this header comes with nearly every response (no strings per request).
          if (containsIgnoreCase(buf, v, valueEnd, CLOSE)) connection = -1;
          else if (containsIgnoreCase(buf, v, valueEnd, KEEP_ALIVE)) connection = 1;
        }
      }
      p = lineEnd + 1;
    }
    if (headEnd === -1) return HEAD_INCOMPLETE;
    // "HTTP/1.x SSS"
    if (
      bad ||
      headEnd - start < 12 ||
      buf[start] !== 0x48 ||
      buf[start + 1] !== 0x54 ||
      buf[start + 2] !== 0x54 ||
      buf[start + 3] !== 0x50 ||
      buf[start + 4] !== 0x2f
    ) {
      return HEAD_BAD;
    }
    const minor = buf[start + 7]! - 0x30;
    const s0 = buf[start + 9]! - 0x30;
    const s1 = buf[start + 10]! - 0x30;
    const s2 = buf[start + 11]! - 0x30;
    if (s0 < 1 || s0 > 5 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) return HEAD_BAD;
    const status = s0 * 100 + s1 * 10 + s2;
    const keepAlive = connection === 0 ? minor >= 1 : connection === 1;
    if (status < 200 && status !== 101) {
      // Interim response: the real one follows.
      this.lastLf = false;
      this.state = S_HEAD;
      return headEnd;
    }
    this.status = status;
    this.keepAlive = keepAlive;
    if (status === 101) {
      this.keepAlive = false;
      this.state = S_DONE;
    } else if (this.noBody || status === 204 || status === 304) {
      this.state = S_DONE;
    } else if (chunked) {
      this.state = S_CHUNK_SIZE;
      this.remaining = 0;
      this.lineLen = 0;
    } else if (contentLength >= 0) {
      this.remaining = contentLength;
      this.state = contentLength === 0 ? S_DONE : S_BODY_LENGTH;
    } else {
      this.keepAlive = false;
      this.state = S_BODY_CLOSE;
    }
    return headEnd;
  }
}
