/**
 * The rotation-following core shared by the local follower (log-follower.ts) and the remote one
 * (host-log-follower.ts): pure decisions, no I/O. A {@link FollowCursor} remembers, for one file, its
 * identity (inode, and device when known), the offset read up to, and a fingerprint: the last
 * {@link FINGERPRINT_BYTES} bytes before that offset. The followers feed it what they observed and do
 * what it decides:
 * - `continue`: same file, read on from the offset;
 * - `reopen-rotated`: the path is another file now (rename rotation): drain the old one, follow the new from 0;
 * - `truncated-restart`: the file shrank below the offset, or its bytes before the offset are no longer the
 *   ones read (copytruncate followed by writes past the old offset between two polls): read it from 0;
 * - `missing`: the path is gone (renamed, not yet reopened): keep draining what is open.
 * Every read starts {@link FollowCursor.readFrom} bytes early, so the fingerprint arrives with the new
 * bytes in the same read and the check costs no extra request (one SFTP read over SSH).
 */

/** Bytes before the offset remembered as the fingerprint. */
export const FINGERPRINT_BYTES = 64;

/** What a stat of the followed path says. `dev` is absent where the host cannot tell (SSH). */
export interface FileObservation {
  ino: number;
  dev?: number;
  size: number;
}

/** What a follower does next. */
export type FollowDecision = 'continue' | 'reopen-rotated' | 'truncated-restart' | 'missing';

/** Why a file is read from 0 again. */
export type RestartReason = 'shrank' | 'rewritten';

/** The result of checking bytes read from {@link FollowCursor.readFrom}. */
export type ReadCheck =
  | { decision: 'continue'; /** Index in the bytes where new data starts. */ dataStart: number }
  | { decision: 'truncated-restart'; reason: 'rewritten' };

/** One followed file's position and fingerprint. */
export class FollowCursor {
  /** Bytes consumed (handed on) up to here. */
  offset: number;
  private tail: Uint8Array;

  constructor(
    /** Inode of the file this cursor reads. */
    readonly ino: number,
    /** Device, when the host reports it. */
    readonly dev: number | undefined,
    offset = 0,
    /** The bytes just before `offset` (at most {@link FINGERPRINT_BYTES}; fewer near the start). */
    fingerprint: Uint8Array = new Uint8Array(0),
  ) {
    this.offset = offset;
    this.tail = Uint8Array.from(
      fingerprint.subarray(Math.max(0, fingerprint.length - FINGERPRINT_BYTES)),
    );
  }

  /** The remembered bytes before the offset (a copy). */
  get fingerprint(): Uint8Array {
    return Uint8Array.from(this.tail);
  }

  /** Where the next read starts: the fingerprint's first byte. */
  get readFrom(): number {
    return this.offset - this.tail.length;
  }

  /** Decides from a stat of the followed path (null: the path does not exist). */
  observe(path: FileObservation | null): FollowDecision {
    if (path === null) return 'missing';
    if (path.ino !== this.ino) return 'reopen-rotated';
    if (path.dev !== undefined && this.dev !== undefined && path.dev !== this.dev)
      return 'reopen-rotated';
    if (path.size < this.offset) return 'truncated-restart';
    return 'continue';
  }

  /**
   * Checks bytes read from {@link readFrom} (`bytes[0, length)`): they must begin with the fingerprint.
   * Pure: call {@link advance} once the read is known to be good.
   */
  check(bytes: Uint8Array, length = bytes.length): ReadCheck {
    const n = this.tail.length;
    if (length < n) return { decision: 'truncated-restart', reason: 'rewritten' };
    for (let i = 0; i < n; i += 1)
      if (bytes[i] !== this.tail[i]) return { decision: 'truncated-restart', reason: 'rewritten' };
    return { decision: 'continue', dataStart: n };
  }

  /** Records that `data[start, end)` (the bytes right after the offset) was consumed. */
  advance(data: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    this.offset += n;
    if (n >= FINGERPRINT_BYTES) {
      this.tail = Uint8Array.from(data.subarray(end - FINGERPRINT_BYTES, end));
      return;
    }
    const keep = Math.min(this.tail.length, FINGERPRINT_BYTES - n);
    const next = new Uint8Array(keep + n);
    next.set(this.tail.subarray(this.tail.length - keep), 0);
    next.set(data.subarray(start, end), keep);
    this.tail = next;
  }

  /** Starts the same file over from byte 0 (after a truncation). */
  restart(): void {
    this.offset = 0;
    this.tail = new Uint8Array(0);
  }
}

/** A fingerprint as text (for state files). */
export function encodeFingerprint(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** The inverse of {@link encodeFingerprint}; undefined stays undefined. */
export function decodeFingerprint(text: string | undefined): Uint8Array | undefined {
  return text === undefined ? undefined : new Uint8Array(Buffer.from(text, 'base64'));
}
