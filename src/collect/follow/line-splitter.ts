/**
 * Splits a byte stream into lines without decoding: complete lines are handed out as byte ranges of
 * the chunk; a partial last line is held (copied) until its newline arrives or {@link LineSplitter.flush}.
 * Lines longer than `maxLineBytes` are not buffered whole: their head is kept and they are reported
 * as overlong.
 */

/** Receives one line `buf[start, end)` (no newline). The buffer is only valid during the call. */
export type LineHandler = (buf: Buffer, start: number, end: number) => void;
/** Receives the kept head of a line longer than the limit, and its full length. */
export type OverlongHandler = (head: Buffer, totalBytes: number) => void;

/** Stateful splitter for one file's byte stream. */
export class LineSplitter {
  private pending: Buffer | null = null;
  private pendingLength = 0;
  private overlong = false;
  private overlongBytes = 0;

  constructor(
    private readonly onLine: LineHandler,
    private readonly onOverlong: OverlongHandler,
    /** @default 4 MiB */
    private readonly maxLineBytes = 4 * 1024 * 1024,
    /** Bytes of an overlong line kept for the report. @default 8192 */
    private readonly keepBytes = 8192,
  ) {}

  /** Feeds `chunk[0, length)`. */
  push(chunk: Buffer, length = chunk.length): void {
    let pos = 0;
    if (this.pending !== null || this.overlong) {
      const nl = chunk.indexOf(10);
      const upto = nl < 0 || nl >= length ? length : nl;
      this.appendPending(chunk, 0, upto);
      if (upto === length) return;
      this.emitPending();
      pos = upto + 1;
    }
    pos = this.completeLines(chunk, pos, length);
    if (pos < length) this.appendPending(chunk, pos, length);
  }

  /**
   * Hands out the complete lines of `chunk[pos, length)`; returns where the partial rest starts. A
   * function of its own with no code after the loop: V8 optimises it once and keeps it (with the loop
   * inline in `push`, the on-stack-replaced code deoptimised at the loop exit on every chunk).
   */
  private completeLines(chunk: Buffer, pos: number, length: number): number {
    const onLine = this.onLine;
    for (;;) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0 || nl >= length) return pos;
      if (nl > pos) onLine(chunk, pos, nl);
      pos = nl + 1;
    }
  }

  /** Treats a held partial line as complete (end of file, rotation, stop). */
  flush(): void {
    if (this.pending !== null || this.overlong) this.emitPending();
  }

  /** Bytes currently held as a partial line. */
  get heldBytes(): number {
    return this.overlong ? this.overlongBytes : this.pendingLength;
  }

  private appendPending(chunk: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.overlong) {
      this.overlongBytes += n;
      return;
    }
    if (this.pendingLength + n > this.maxLineBytes) {
      const head = Buffer.alloc(this.keepBytes);
      let filled = 0;
      if (this.pending)
        filled = this.pending.copy(head, 0, 0, Math.min(this.pendingLength, this.keepBytes));
      if (filled < this.keepBytes)
        chunk.copy(head, filled, start, Math.min(end, start + this.keepBytes - filled));
      this.overlong = true;
      this.overlongBytes = this.pendingLength + n;
      this.pending = head;
      this.pendingLength = 0;
      return;
    }
    const need = this.pendingLength + n;
    if (this.pending === null || this.pending.length < need) {
      const grown = Buffer.allocUnsafe(
        Math.max(need, Math.min(this.maxLineBytes, Math.max(need * 2, 4096))),
      );
      if (this.pending) this.pending.copy(grown, 0, 0, this.pendingLength);
      this.pending = grown;
    }
    chunk.copy(this.pending, this.pendingLength, start, end);
    this.pendingLength = need;
  }

  private emitPending(): void {
    const pending = this.pending;
    if (this.overlong) {
      this.onOverlong(pending ?? Buffer.alloc(0), this.overlongBytes);
    } else if (pending !== null && this.pendingLength > 0) {
      this.onLine(pending, 0, this.pendingLength);
    }
    this.pending = null;
    this.pendingLength = 0;
    this.overlong = false;
    this.overlongBytes = 0;
  }
}
