/**
 * Per-connection traffic shaping of the replay engine (userspace, no root): what a slow or distant
 * client does to a WAF's buffering and timeouts. Plain data: it crosses to worker threads and is
 * recorded in `replay.json` (`loadShape.shaping`), so compare-baseline sees that two builds ran the
 * same shape.
 */

/** Send a part of the request in chunks of `bytes`, one every `intervalMs`. */
export interface SlowSend {
  /** Bytes per chunk (≥ 1). */
  bytes: number;
  /** Pause between two chunks, ms (≥ 1). */
  intervalMs: number;
}

/** The shaping applied to every connection; an absent field shapes nothing. */
export interface ShapingConfig {
  /** Upload cap per connection, bytes per second (token bucket on writes). */
  uploadRateBps?: number;
  /** Download cap per connection, bytes per second (reading pauses while over the cap). */
  downloadRateBps?: number;
  /** Added before each request's first byte leaves, ms (the TCP handshake is not delayed). */
  delayMs?: number;
  /** The request head (request line and headers) is sent slowly. */
  slowHeader?: SlowSend;
  /** The request body is sent slowly. */
  slowBody?: SlowSend;
}

/** Pacing granularity: a capped transfer moves at most this many ms worth of bytes at once. */
export const CHUNK_MS = 50;

/** Largest chunk a capped transfer moves at once, bytes. */
const MAX_CHUNK_BYTES = 64 * 1024;

/**
 * Bytes a capped transfer moves at once: {@link CHUNK_MS} worth of the rate, 1 B to 64 KiB. It is
 * also the token bucket's burst and, for downloads, the size of the read buffer, so one read never
 * takes more than one chunk (a 256 KiB read at 64 KiB/s would be a 4 s burst).
 */
export function chunkBytes(rateBps: number): number {
  return Math.max(1, Math.min(MAX_CHUNK_BYTES, Math.floor((rateBps * CHUNK_MS) / 1000)));
}

/** True when `shaping` shapes anything (an empty object shapes nothing). */
export function shapes(shaping: ShapingConfig | undefined): shaping is ShapingConfig {
  return (
    shaping !== undefined &&
    (shaping.uploadRateBps !== undefined ||
      shaping.downloadRateBps !== undefined ||
      (shaping.delayMs ?? 0) > 0 ||
      shaping.slowHeader !== undefined ||
      shaping.slowBody !== undefined)
  );
}
