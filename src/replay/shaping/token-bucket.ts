/**
 * A token bucket in bytes with a clock passed in (no timers, no `performance.now()`), so its
 * schedule is exact in tests. A transfer takes its bytes at once and may leave the bucket in debt;
 * the next transfer waits until the debt is paid. Refill follows the clock actually read, so a
 * timer that fires late is made up for by the tokens gathered meanwhile (up to the burst).
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  /**
   * `rateBps`: refill, bytes per second (> 0). `burstBytes`: most tokens held. Starts empty at
   * `nowMs`, so the first transfer is not a free burst on top of the rate.
   */
  constructor(
    readonly rateBps: number,
    readonly burstBytes: number,
    nowMs: number,
  ) {
    if (!(rateBps > 0) || !(burstBytes >= 1))
      throw new RangeError(
        `TokenBucket needs rateBps > 0 and burstBytes ≥ 1 (${rateBps}, ${burstBytes})`,
      );
    this.tokens = 0;
    this.at = nowMs;
  }

  private refill(nowMs: number): void {
    if (nowMs <= this.at) return;
    this.tokens = Math.min(
      this.burstBytes,
      this.tokens + ((nowMs - this.at) * this.rateBps) / 1000,
    );
    this.at = nowMs;
  }

  /** Takes `bytes` (possibly into debt); returns the ms to wait before the next transfer (0: none). */
  take(bytes: number, nowMs: number): number {
    this.refill(nowMs);
    this.tokens -= bytes;
    return this.waitMs(nowMs);
  }

  /** Ms until the debt is paid (0 when there is none). */
  waitMs(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens < 0 ? (-this.tokens * 1000) / this.rateBps : 0;
  }
}
