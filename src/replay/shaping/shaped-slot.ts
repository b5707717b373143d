/**
 * A connection slot with shaping (see types.ts). It overrides only the edges of {@link Slot}: how a
 * request is written (in timed chunks: delay, slow head/body, upload cap) and what happens after a read
 * (reading pauses while the download cap is in debt). The engine creates these only when shaping is
 * configured, so the unshaped hot path is untouched. Both transports are shaped: the raw TCP handle
 * (writes per chunk, `readStop`/`readStart`) and `net.Socket`/TLS (`write`, `pause`/`resume`).
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Slot, type SlotHost } from '../connection.js';
import type { RawTcpHandle } from '../raw-tcp.js';
import { SendSchedule } from './send-schedule.js';
import { TokenBucket } from './token-bucket.js';
import { chunkBytes, type ShapingConfig } from './types.js';

/** See the module comment. */
export class ShapedSlot extends Slot {
  private readonly schedule: SendSchedule;
  private readonly download: TokenBucket | null;
  /** A request's bytes are still going out. */
  private sending = false;
  private sendTimer: NodeJS.Timeout | null = null;
  /** Reading is paused until this timer (download cap). */
  private readTimer: NodeJS.Timeout | null = null;
  private readonly pumpBound: () => void;
  private readonly resumeBound: () => void;

  constructor(host: SlotHost<Slot>, index: number, shaping: ShapingConfig) {
    super(host, index);
    const now = performance.now();
    this.schedule = new SendSchedule(shaping, now);
    const rate = shaping.downloadRateBps;
    this.download = rate !== undefined ? new TokenBucket(rate, chunkBytes(rate), now) : null;
    this.pumpBound = () => {
      this.sendTimer = null;
      this.pump();
    };
    this.resumeBound = () => {
      this.readTimer = null;
      this.resumeReading();
    };
  }

  protected override send(): void {
    this.schedule.start(this.job.buf, performance.now());
    this.sending = true;
    this.pump();
  }

  /** Writes what the schedule allows now, then waits for the rest. */
  private pump(): void {
    // The raw handle cannot take writes before it is connected: onHandleConnect pumps then.
    if (!this.sending || this.sendTimer !== null || (this.socket === null && !this.connected))
      return;
    const buf = this.job.buf;
    while (this.sending) {
      const now = performance.now();
      const waitMs = this.schedule.waitMs(now);
      if (waitMs > 0) {
        this.sendTimer = setTimeout(this.pumpBound, waitMs);
        return;
      }
      const start = this.schedule.offset;
      const end = this.schedule.take(now);
      if (this.schedule.done) this.sending = false;
      // A write that fails at once fails the request (dropSocket ends the sending).
      this.write(buf.subarray(start, end));
    }
  }

  private write(chunk: Buffer): void {
    if (this.socket !== null) this.socket.write(chunk);
    else if (this.handle !== null) this.writeRaw(this.handle, chunk);
  }

  override onHandleConnect(handle: RawTcpHandle, status: number): void {
    super.onHandleConnect(handle, status);
    if (this.connected && handle === this.handle) this.pump();
  }

  override onData(socket: Socket | null, buf: Buffer, n: number): void {
    if (socket !== null && socket !== this.socket) return;
    const download = this.download;
    if (download === null) {
      super.onData(socket, buf, n);
      return;
    }
    const waitMs = download.take(n, performance.now());
    const owner = socket ?? this.handle;
    super.onData(socket, buf, n);
    // Only the connection that read pauses (the response may have ended it); a new one starts
    // reading and pauses on its first read, the debt being the slot's.
    if (
      waitMs > 0 &&
      this.readTimer === null &&
      owner !== null &&
      owner === (this.socket ?? this.handle)
    ) {
      if (this.socket !== null) this.socket.pause();
      else this.handle!.readStop();
      this.readTimer = setTimeout(this.resumeBound, waitMs);
    }
  }

  private resumeReading(): void {
    const waitMs = this.download!.waitMs(performance.now());
    if (waitMs > 0) {
      this.readTimer = setTimeout(this.resumeBound, waitMs);
      return;
    }
    if (this.socket !== null) this.socket.resume();
    else if (this.handle !== null) {
      const err = this.handle.readStart();
      if (err < 0) this.onHandleError(this.handle, err);
    }
  }

  /** The response came before the whole request went out: the connection is out of step, close it. */
  protected override complete(extraBytes: boolean): void {
    if (this.sending) this.dropSocket();
    super.complete(extraBytes);
  }

  override dropSocket(reset = false): void {
    this.sending = false;
    if (this.sendTimer !== null) clearTimeout(this.sendTimer);
    this.sendTimer = null;
    if (this.readTimer !== null) clearTimeout(this.readTimer);
    this.readTimer = null;
    super.dropSocket(reset);
  }
}
