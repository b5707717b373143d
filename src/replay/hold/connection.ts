/**
 * One logical held connection (a "slot"): its WebSocket over a plain net.Socket, reused across
 * reconnects. No timers of its own: the runner's shared tick calls {@link HoldConnection.tick}. Every
 * attempt reports exactly one outcome to the {@link HoldRecorder} (upgraded, refused or failed), and an
 * upgraded one exactly one end (dropped by a cause, or held to the end).
 */
import { connect, type Socket } from 'node:net';
import { SERVER_DROP_CLOSE_CODE } from '../../common/ws-control.js';
import type { HoldDropCause } from './types.js';
import {
  closePayload,
  encodeClientFrame,
  FrameParser,
  OPCODE,
  type FrameHandler,
} from './frame.js';
import { newWebSocketKey, parseUpgradeAnswer, upgradeRequest } from './handshake.js';

/** What a connection tells the runner. */
export interface HoldRecorder {
  readonly phase: 'hold' | 'final';
  attempted(): void;
  upgraded(reconnect: boolean): void;
  refused(status: number): void;
  failed(kind: string): void;
  dropped(cause: HoldDropCause): void;
  pingSent(): void;
  pong(rttUs: number): void;
  pingLost(): void;
  /** The origin's final count arrived on a connection held to the end. */
  pushReport(report: PushReport): void;
  /** A connection held to the end closed before the origin's final count arrived. */
  pushUnreported(): void;
  /**
   * The attempt's socket is gone. `retry`: it ended in a way that calls for a reconnect (an unplanned
   * drop, or a failed reconnect attempt); the runner decides whether attempts are left.
   */
  ended(conn: HoldConnection, retry: boolean): void;
}

/** Push delivery on one connection held to the end. */
export interface PushReport {
  sent: number;
  received: number;
  lost: number;
  duplicated: number;
  outOfOrder: number;
}

/** Fixed settings shared by every connection of a run. */
export interface HoldConnectionConfig {
  host: string;
  port: number;
  hostHeader: string;
  path: string;
  connectTimeoutMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  pushRateMps: number;
}

type State = 'idle' | 'connecting' | 'open' | 'closing';

const PING_PAYLOAD_BYTES = 4;

function errorKind(error: NodeJS.ErrnoException | null): string {
  switch (error?.code) {
    case undefined:
      return 'closed-before-answer';
    case 'ECONNREFUSED':
      return 'refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return 'reset';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EADDRNOTAVAIL':
      return 'no-local-port';
    case 'EMFILE':
    case 'ENFILE':
      return 'too-many-open-files';
    default:
      return error?.code?.toLowerCase() ?? 'other';
  }
}

/** One slot. Fields are plain numbers so 10,000 of them stay small. */
export class HoldConnection implements FrameHandler {
  state: State = 'idle';
  /** Monotonic ms: when to start the next attempt (reconnect), or -1. */
  nextAttemptAt = -1;
  /** Reconnects used after unplanned drops. */
  reconnectsUsed = 0;
  private attempts = 0;
  private socket: Socket | null = null;
  private parser: FrameParser | null = null;
  private key = '';
  private head: Buffer | null = null;
  private deadlineAt = 0;
  private failKind: string | null = null;
  private lastError: NodeJS.ErrnoException | null = null;
  private refusedStatus = 0;
  /** The end of this attempt is decided (counted); later events change nothing. */
  private settled = false;
  private cause: HoldDropCause | null = null;
  private dropRequested = false;
  private pingSeq = 0;
  private pingSentAt = -1;
  private pingDueAt = 0;
  private pushing = false;
  private maxSeq = 0;
  private pushReceived = 0;
  private duplicated = 0;
  private outOfOrder = 0;
  private missing: Set<number> | null = null;
  private statsSent = -1;
  private closeDeadline = 0;
  /** Held to the end: the final phase closes it. */
  held = false;

  constructor(
    readonly index: number,
    private readonly config: HoldConnectionConfig,
    private readonly recorder: HoldRecorder,
    readonly push: boolean,
    readonly dropKind: 'server' | 'client' | null,
    readonly dropAt: number,
  ) {}

  /** The planned drop happened (or can no longer happen). */
  dropDone = false;

  /** Opens a new attempt. */
  start(now: number): void {
    this.attempts += 1;
    this.recorder.attempted();
    this.state = 'connecting';
    this.nextAttemptAt = -1;
    this.settled = false;
    this.cause = null;
    this.failKind = null;
    this.lastError = null;
    this.refusedStatus = 0;
    this.dropRequested = false;
    this.pingSentAt = -1;
    this.pushing = false;
    this.maxSeq = 0;
    this.pushReceived = 0;
    this.duplicated = 0;
    this.outOfOrder = 0;
    this.missing = null;
    this.statsSent = -1;
    this.held = false;
    this.head = null;
    this.parser = null;
    this.key = newWebSocketKey();
    this.deadlineAt = now + this.config.connectTimeoutMs;
    const socket = connect({ host: this.config.host, port: this.config.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      socket.write(upgradeRequest(this.config.path, this.config.hostHeader, this.key));
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.lastError ??= error;
      if (this.state === 'open') this.end('error');
    });
    socket.on('close', () => this.onSocketClose());
  }

  private onData(chunk: Buffer): void {
    if (this.state === 'connecting') {
      this.head = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      const answer = parseUpgradeAnswer(this.head, this.key);
      if (answer === null) return;
      this.head = null;
      if (answer.kind === 'refused') {
        this.refusedStatus = answer.status;
        this.socket?.destroy();
      } else if (answer.kind === 'bad') {
        this.failKind = 'bad-handshake';
        this.socket?.destroy();
      } else {
        this.opened(answer.rest);
      }
      return;
    }
    this.parser?.push(chunk);
  }

  private opened(rest: Buffer): void {
    const now = performance.now();
    this.state = 'open';
    this.recorder.upgraded(this.attempts > 1);
    this.parser = new FrameParser(this);
    this.pingDueAt = now + this.config.pingIntervalMs;
    if (this.push && this.config.pushRateMps > 0) {
      this.pushing = true;
      this.sendText(`{"op":"push","rateMps":${this.config.pushRateMps}}`);
    }
    if (this.dropKind === 'server' && !this.dropDone) {
      this.dropRequested = true;
      this.sendText(`{"op":"drop-me","afterMs":${Math.max(0, Math.round(this.dropAt - now))}}`);
    }
    if (rest.length > 0) this.parser.push(rest);
  }

  private send(opcode: number, payload: Buffer): void {
    if (this.socket && !this.socket.destroyed)
      this.socket.write(encodeClientFrame(opcode, payload));
  }

  private sendText(text: string): void {
    this.send(OPCODE.text, Buffer.from(text, 'utf8'));
  }

  /**
   * Decides how this upgraded connection ended (first call wins): a drop by `cause` during the hold,
   * nothing in the final phase (it was counted as held to the end).
   */
  private end(cause: HoldDropCause): void {
    if (this.settled) return;
    this.settled = true;
    if (!this.held) {
      this.cause = cause;
      this.recorder.dropped(cause);
    }
    if (this.pingSentAt >= 0) {
      this.pingSentAt = -1;
      this.recorder.pingLost();
    }
  }

  private onSocketClose(): void {
    const wasOpen = this.state === 'open' || this.state === 'closing';
    if (!wasOpen) {
      if (this.refusedStatus > 0) this.recorder.refused(this.refusedStatus);
      else this.recorder.failed(this.failKind ?? errorKind(this.lastError));
    } else {
      this.end(this.lastError ? 'error' : 'unexpected-close');
      if (this.held && this.pushing && this.statsSent < 0) this.recorder.pushUnreported();
    }
    this.socket = null;
    this.parser = null;
    this.state = 'idle';
    const retry = wasOpen
      ? this.cause === 'unexpected-close' || this.cause === 'error'
      : this.attempts > 1 && this.failKind !== 'hold-ended';
    this.recorder.ended(this, retry);
  }

  /** Called on every shared tick (monotonic ms). */
  tick(now: number): void {
    const socket = this.socket;
    if (!socket) return;
    if (this.state === 'connecting') {
      if (now >= this.deadlineAt) {
        this.failKind = 'timeout';
        socket.destroy();
      }
      return;
    }
    if (this.state === 'closing') {
      if (now >= this.closeDeadline) socket.destroy();
      return;
    }
    // open
    if (this.pingSentAt >= 0 && now - this.pingSentAt > this.config.pongTimeoutMs) {
      this.pingSentAt = -1;
      this.recorder.pingLost();
      if (!this.held) {
        this.end('error');
        socket.destroy();
        return;
      }
    }
    if (this.held) {
      if (this.pingSentAt < 0 && (!this.pushing || this.statsSent >= 0))
        this.close(now, 1000, 'hold ended');
      return;
    }
    if (this.dropKind === 'client' && !this.dropDone && now >= this.dropAt) {
      this.dropDone = true;
      this.end('client-planned');
      this.close(now, 1000, 'client-planned drop');
      return;
    }
    if (this.pingSentAt < 0 && now >= this.pingDueAt) {
      this.pingSeq = (this.pingSeq + 1) >>> 0;
      const payload = Buffer.allocUnsafe(PING_PAYLOAD_BYTES);
      payload.writeUInt32BE(this.pingSeq, 0);
      this.pingSentAt = now;
      this.pingDueAt = now + this.config.pingIntervalMs;
      this.recorder.pingSent();
      this.send(OPCODE.ping, payload);
    }
  }

  /** The hold ended with this connection open: counted as held; ask the final push count. */
  holdEnded(now: number): boolean {
    if (this.state !== 'open' || this.settled) return false;
    this.held = true;
    this.closeDeadline = now;
    if (this.pushing) this.sendText('{"op":"stats"}');
    return true;
  }

  /** Gives up on whatever this slot still does (the run's hard end). */
  abort(): void {
    if (this.state === 'connecting') this.failKind = 'hold-ended';
    this.socket?.destroy();
  }

  /** An attempt still in progress or a socket still open. */
  get busy(): boolean {
    return this.socket !== null;
  }

  private close(now: number, code: number, reason: string): void {
    this.state = 'closing';
    this.closeDeadline = now + 2000;
    this.send(OPCODE.close, closePayload(code, reason));
  }

  // FrameHandler

  onText(text: string): void {
    if (text.startsWith('{"seq":')) {
      this.onPush(Number.parseInt(text.slice(7), 10));
      return;
    }
    let message: { op?: unknown; sent?: unknown };
    try {
      message = JSON.parse(text) as { op?: unknown; sent?: unknown };
    } catch {
      return;
    }
    if (message.op === 'stats' && typeof message.sent === 'number' && this.statsSent < 0) {
      this.statsSent = message.sent;
      if (this.held) this.reportPushes();
    }
  }

  private onPush(seq: number): void {
    if (!Number.isInteger(seq) || seq < 1) return;
    this.pushReceived += 1;
    if (seq === this.maxSeq + 1) {
      this.maxSeq = seq;
    } else if (seq > this.maxSeq) {
      this.missing ??= new Set();
      for (let s = this.maxSeq + 1; s < seq; s++) this.missing.add(s);
      this.maxSeq = seq;
    } else if (this.missing?.delete(seq)) {
      this.outOfOrder += 1;
    } else {
      this.duplicated += 1;
    }
  }

  private reportPushes(): void {
    const sent = this.statsSent;
    // Distinct sequence numbers up to the origin's count; a number above it cannot come (TCP order).
    const distinct = Math.min(this.maxSeq, sent) - (this.missing?.size ?? 0);
    this.recorder.pushReport({
      sent,
      received: this.pushReceived,
      lost: Math.max(0, sent - distinct),
      duplicated: this.duplicated,
      outOfOrder: this.outOfOrder,
    });
  }

  onBinary(): void {}

  onPing(payload: Buffer): void {
    this.send(OPCODE.pong, payload);
  }

  onPong(payload: Buffer): void {
    if (this.pingSentAt < 0 || payload.length !== PING_PAYLOAD_BYTES) return;
    if (payload.readUInt32BE(0) !== this.pingSeq) return;
    const rttUs = Math.max(1, Math.round((performance.now() - this.pingSentAt) * 1000));
    this.pingSentAt = -1;
    this.recorder.pong(rttUs);
  }

  onClose(code: number | null): void {
    const now = performance.now();
    if (this.state === 'closing') {
      this.socket?.end();
      return;
    }
    const planned = code === SERVER_DROP_CLOSE_CODE && this.dropRequested;
    if (planned) this.dropDone = true;
    this.end(planned ? 'server-planned' : 'unexpected-close');
    this.close(now, code ?? 1000, '');
    this.socket?.end();
  }

  onProtocolError(): void {
    this.lastError ??= Object.assign(new Error('protocol error'), { code: 'EPROTO' });
    this.end('error');
    this.socket?.destroy();
  }
}
