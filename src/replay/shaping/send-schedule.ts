/**
 * When each part of a request leaves under shaping: the added delay, slow-header / slow-body chunks and
 * the upload cap combined. Pure (the clock is passed in); the shaped slot (shaped-slot.ts) asks it what
 * to write now and how long to wait.
 */
import { TokenBucket } from './token-bucket.js';
import { chunkBytes, type ShapingConfig, type SlowSend } from './types.js';

const CRLF2 = Buffer.from('\r\n\r\n');
const LF2 = Buffer.from('\n\n');

/** Length of the request head (request line, headers and the blank line); the whole buffer when there is no blank line. */
export function headLength(buf: Buffer): number {
  const crlf = buf.indexOf(CRLF2);
  const lf = buf.indexOf(LF2);
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return crlf + 4;
  if (lf >= 0) return lf + 2;
  return buf.length;
}

/** One request's sending plan; see the module comment. Reused for every request of a connection slot. */
export class SendSchedule {
  /** Bytes handed out so far. */
  offset = 0;
  private length = 0;
  private headEnd = 0;
  /** Nothing leaves before this (delay, slow-send interval), ms on the caller's clock. */
  private notBefore = 0;
  /** When the current (or next) slow chunk was due: the slow part's cadence, ms. */
  private slowDue = 0;
  /** Bytes of the current slow chunk still to go (it may take several upload-paced writes). */
  private slowLeft = 0;
  private readonly upload: TokenBucket | null;
  private readonly uploadChunk: number;

  constructor(
    private readonly shaping: ShapingConfig,
    nowMs: number,
  ) {
    const rate = shaping.uploadRateBps;
    this.uploadChunk = rate !== undefined ? chunkBytes(rate) : Infinity;
    // The bucket belongs to the connection slot: it spans requests, like a client's link.
    this.upload = rate !== undefined ? new TokenBucket(rate, this.uploadChunk, nowMs) : null;
  }

  /** Starts a request of `buf` at `nowMs`: its first byte may leave after the delay. */
  start(buf: Buffer, nowMs: number): void {
    this.offset = 0;
    this.slowLeft = 0;
    this.length = buf.length;
    this.headEnd = this.shaping.slowHeader || this.shaping.slowBody ? headLength(buf) : buf.length;
    this.notBefore = nowMs + (this.shaping.delayMs ?? 0);
  }

  /** Every byte handed out. */
  get done(): boolean {
    return this.offset >= this.length;
  }

  /** Ms to wait before the next chunk may leave (0: now). */
  waitMs(nowMs: number): number {
    return Math.max(0, this.notBefore - nowMs, this.upload?.waitMs(nowMs) ?? 0);
  }

  /**
   * Hands out the next chunk, to be written at `nowMs` (when {@link waitMs} is 0): returns its end
   * offset (it starts at the {@link offset} read before the call).
   */
  take(nowMs: number): number {
    const inHead = this.offset < this.headEnd;
    const segmentEnd = inHead ? this.headEnd : this.length;
    const slow: SlowSend | undefined = inHead ? this.shaping.slowHeader : this.shaping.slowBody;
    if (slow !== undefined && this.slowLeft === 0) {
      // A slow chunk starts; the part's first is due now, the others were given a due time below.
      if (this.offset === (inHead ? 0 : this.headEnd)) this.slowDue = nowMs;
      this.slowLeft = Math.min(slow.bytes, segmentEnd - this.offset);
    }
    // A slow chunk larger than the upload cap's chunk goes out in several paced writes.
    let n = Math.min(segmentEnd - this.offset, this.uploadChunk);
    if (slow !== undefined) n = Math.min(n, this.slowLeft);
    this.offset += n;
    this.upload?.take(n, nowMs);
    if (slow !== undefined) {
      this.slowLeft -= n;
      // The interval separates chunks of one slow part (the body's first follows the head's last).
      // A chunk out on time (a timer a little late): the next is due an interval after this one was
      // due, so jitter does not add up. Held back longer (by the upload cap): an interval from now,
      // so no catch-up burst.
      if (this.slowLeft === 0 && this.offset < segmentEnd) {
        this.slowDue =
          (nowMs - this.slowDue < slow.intervalMs ? this.slowDue : nowMs) + slow.intervalMs;
        this.notBefore = this.slowDue;
      }
    }
    return this.offset;
  }
}
