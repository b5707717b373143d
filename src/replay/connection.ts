/**
 * One connection slot ("user"): sends a job, parses the response in place, reports the outcome to the
 * engine. Socket callbacks are shared module-level functions (the slot hangs on the socket), so no
 * closure is created per request or per connection.
 */
import net, { type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import type { Job } from './job-source.js';
import { rawTcp, uvError, type RawTcpHandle, type RawWriteReq } from './raw-tcp.js';
import { MALFORMED, NEED_MORE, ResponseParser } from './response-parser.js';
import { JOB_NONE, JOB_READY, type SlotHost } from './slot-host.js';
import { classifySocketError } from './socket-errors.js';
import { ERR } from './stats.js';

export { JOB_NONE, JOB_READY, JOB_WAIT, type SlotHost } from './slot-host.js';
export { classifySocketError } from './socket-errors.js';

const kSlot = Symbol('waf-gate.slot');
type SlotSocket = Socket & { [kSlot]?: Slot | undefined };

function onSocketRead(this: SlotSocket, nread: number, buf: Buffer): boolean {
  this[kSlot]?.onData(this, buf, nread);
  return true;
}
function onSocketData(this: SlotSocket, chunk: Buffer): void {
  this[kSlot]?.onData(this, chunk, chunk.length);
}
function onSocketConnect(this: SlotSocket): void {
  const slot = this[kSlot];
  if (slot && slot.socket === this) {
    slot.connected = true;
    if (slot.host.localAddresses === true)
      slot.local = localFragment(this.localAddress, this.localPort);
  }
}

/** The outcome-line fragment naming a connection's local end (`''` when unknown). */
export function localFragment(address: string | undefined, port: number | undefined): string {
  if (port === undefined || !(port > 0)) return '';
  return `,"localAddress":${JSON.stringify(address ?? '')},"localPort":${port}`;
}
function onSocketError(this: SlotSocket, error: NodeJS.ErrnoException): void {
  this[kSlot]?.onSocketError(this, error);
}
function onSocketClose(this: SlotSocket): void {
  this[kSlot]?.onSocketClose(this);
}

type SlotHandle = RawTcpHandle & { [kSlot]?: Slot | undefined };
type SlotWriteReq = RawWriteReq & { [kSlot]?: Slot | undefined };

function onHandleConnect(status: number, handle: SlotHandle): void {
  handle[kSlot]?.onHandleConnect(handle, status);
}
function onHandleRead(this: SlotHandle): void {
  this[kSlot]?.onHandleRead(this, rawTcp!.readResult());
}
function ignoreRead(): void {
  // A closed handle's last reads go nowhere (`onread` must stay a function).
}
function onHandleWrite(this: SlotWriteReq, status: number): void {
  const slot = this[kSlot];
  this[kSlot] = undefined;
  this.buffer = null;
  if (slot && status < 0 && slot.handle === this.handle) slot.onHandleError(this.handle, status);
}

const EMPTY = Buffer.alloc(0);

/** A connection slot; see the module comment. */
export class Slot {
  socket: SlotSocket | null = null;
  /** The raw TCP handle (plain TCP to an IP address when the bindings are available). */
  handle: SlotHandle | null = null;
  /** Raw handle: the request waits for the connection. */
  private writePending = false;
  /** Raw handle: reading was started together with the connect. */
  private readingEarly = false;
  /** IP family of the target (4 or 6; 0 for a hostname), worked out once. */
  private readonly family: number;
  /** A write request object free for reuse. */
  private writeReq: SlotWriteReq | null = null;
  readonly parser = new ResponseParser();
  readonly job: Job = {
    seq: 0,
    k: 0,
    domain: 0,
    buf: EMPTY,
    noBody: false,
    id: null,
    fragment: null,
    ownConnection: false,
  };
  /**
   * Quality mode: the outcome-line fragment with the current connection's local address and port
   * (see {@link localFragment}), read once per connection; `''` before it connected.
   */
  local = '';
  /** A request is in flight. */
  busy = false;
  /** No more jobs for this slot. */
  done = false;
  connected = false;
  firstByte = false;
  reused = false;
  sentAt = 0;
  connectAt = 0;
  requestsOnSocket = 0;
  /** Think-time / ramp-up timer. */
  timer: NodeJS.Timeout | null = null;
  /** Bound once per slot for timers. */
  readonly dispatchBound: () => void;

  constructor(
    readonly host: SlotHost<Slot>,
    readonly index: number,
  ) {
    this.dispatchBound = () => {
      this.timer = null;
      this.dispatch();
    };
    this.family = net.isIP(host.target.host);
  }

  /**
   * Takes the next job and sends it; marks the slot done when there is none. `now`: a
   * `performance.now()` reading just taken (saves a clock read per request).
   */
  dispatch(now?: number): void {
    if (this.busy || this.done) return;
    const got = this.host.nextJob(this);
    if (got !== JOB_READY) {
      if (got === JOB_NONE) {
        this.done = true;
        this.dropSocket();
      }
      return;
    }
    now ??= performance.now();
    // A request whose id may not reach the log goes on a connection of its own (joined by port).
    if (this.job.ownConnection && this.requestsOnSocket > 0) this.dropSocket(true);
    if (this.socket === null && this.handle === null) this.open(now);
    this.reused = this.requestsOnSocket > 0;
    this.requestsOnSocket++;
    this.parser.reset(this.job.noBody);
    this.firstByte = false;
    this.busy = true;
    this.sentAt = now;
    this.host.onSent(this, now);
    this.send();
  }

  /** Writes the job's bytes (or leaves them for the connect). Shaping overrides it (shaping/shaped-slot.ts). */
  protected send(): void {
    if (this.socket !== null) this.socket.write(this.job.buf);
    else if (this.connected) this.writeRaw(this.handle!, this.job.buf);
    else this.writePending = true;
  }

  /** Writes `bytes` on the raw handle (the job's request, or a shaped chunk of it). */
  protected writeRaw(handle: SlotHandle, bytes: Buffer): void {
    // A write that completes at once leaves its request object untouched, so it is reused; one that
    // goes asynchronous keeps its object (and the bytes) until `oncomplete`.
    const req: SlotWriteReq = this.writeReq ?? rawTcp!.newWriteReq();
    this.writeReq = null;
    req.handle = handle;
    req.oncomplete = onHandleWrite;
    req.async = false;
    req.buffer = bytes;
    const err = handle.writeBuffer(req, bytes);
    if (err < 0) this.onHandleError(handle, err);
    else if (rawTcp!.lastWriteWasAsync()) {
      req.async = true;
      req[kSlot] = this;
      return;
    }
    req.buffer = null;
    this.writeReq = req;
  }

  private openRaw(family: number): void {
    const t = this.host.target;
    const handle = rawTcp!.newHandle() as SlotHandle;
    handle[kSlot] = this;
    handle.onread = onHandleRead;
    handle.useUserBuffer(this.host.readBuffer);
    handle.setNoDelay(true);
    const req = rawTcp!.newConnectReq();
    req.oncomplete = onHandleConnect;
    this.handle = handle;
    const err =
      family === 6 ? handle.connect6(req, t.host, t.port) : handle.connect(req, t.host, t.port);
    // Reading starts with the connect (libuv allows it once the socket exists), so the socket is
    // registered with epoll once for both directions: starting it after the connect completed
    // costs an extra epoll_ctl per connection (ADD fails with EEXIST, then MOD).
    this.readingEarly = err >= 0 && handle.readStart() === 0;
    // A synchronous failure is reported like an asynchronous one, after the send is recorded.
    if (err < 0) setImmediate(onHandleConnect, err, handle);
  }

  /** Raw handle: connected (status 0) or failed. */
  onHandleConnect(handle: SlotHandle, status: number): void {
    if (handle !== this.handle) return;
    if (status < 0) {
      this.onHandleError(handle, status);
      return;
    }
    this.connected = true;
    if (this.host.localAddresses === true) {
      const out: { address?: string; port?: number } = {};
      this.local = handle.getsockname(out) === 0 ? localFragment(out.address, out.port) : '';
    }
    const err = this.readingEarly ? 0 : handle.readStart();
    if (err < 0) this.onHandleError(handle, err);
    else if (this.writePending) {
      this.writePending = false;
      this.writeRaw(handle, this.job.buf);
    }
  }

  /** Raw handle: bytes in the read buffer, end of stream or a read error. */
  onHandleRead(handle: SlotHandle, nread: number): void {
    if (handle !== this.handle) return;
    if (nread > 0) this.onData(null, this.host.readBuffer, nread);
    else if (nread === rawTcp!.EOF) this.onPeerClosed();
    else if (nread < 0) this.onHandleError(handle, nread);
  }

  /** Raw handle: an error status (negative errno). */
  onHandleError(handle: SlotHandle, status: number): void {
    if (handle !== this.handle) return;
    if (this.busy) this.fail(classifySocketError(uvError(status), this.connected));
    else this.dropSocket();
  }

  private open(now: number): void {
    const t = this.host.target;
    this.connected = false;
    this.local = '';
    this.connectAt = now;
    this.requestsOnSocket = 0;
    this.writePending = false;
    if (!t.tls && rawTcp !== null && this.family !== 0) {
      this.openRaw(this.family);
      return;
    }
    let socket: SlotSocket;
    if (t.tls) {
      socket = tls.connect({
        host: t.host,
        port: t.port,
        rejectUnauthorized: !t.insecure,
        ...(t.servername !== undefined && !net.isIP(t.servername)
          ? { servername: t.servername }
          : {}),
      });
      socket.setNoDelay(true);
      socket.on('data', onSocketData);
      socket.on('secureConnect', onSocketConnect);
    } else {
      socket = net.connect({
        host: t.host,
        port: t.port,
        noDelay: true,
        onread: { buffer: this.host.readBuffer, callback: onSocketRead },
      });
      socket.on('connect', onSocketConnect);
    }
    socket[kSlot] = this;
    socket.on('error', onSocketError);
    socket.on('close', onSocketClose);
    this.socket = socket;
  }

  /** Response bytes (`socket` null: from the raw handle). */
  onData(socket: SlotSocket | null, buf: Buffer, n: number): void {
    if (socket !== null && socket !== this.socket) return;
    if (!this.busy) {
      // Bytes nobody asked for: the connection cannot be trusted any more.
      this.dropSocket();
      return;
    }
    this.firstByte = true;
    const end = this.parser.execute(buf, 0, n);
    if (end === NEED_MORE) return;
    if (end === MALFORMED) {
      this.fail(ERR.malformed);
      return;
    }
    this.complete(end < n);
  }

  protected complete(extraBytes: boolean): void {
    const now = performance.now();
    this.busy = false;
    // The client ends the connection (keep-alive off, or bytes nobody asked for): abortively, so
    // this side holds no TIME_WAIT (see {@link dropSocket}). The server ends it itself when it said
    // `Connection: close` (or HTTP/1.0): an ordinary close then.
    if (extraBytes || (!this.host.keepAlive && this.parser.keepAlive)) this.dropSocket(true);
    else if (!this.parser.keepAlive || !this.host.keepAlive) this.dropSocket();
    else if (this.job.ownConnection) this.dropSocket(true);
    this.host.onResponse(this, now, Math.round((now - this.sentAt) * 1000));
  }

  /** Ends the in-flight request with an error kind (a counter index of `ERR`). */
  fail(kind: number): void {
    if (!this.busy) return;
    const now = performance.now();
    this.busy = false;
    this.dropSocket();
    this.host.onFailure(this, now, kind, Math.round((now - this.sentAt) * 1000));
  }

  onSocketError(socket: SlotSocket, error: NodeJS.ErrnoException): void {
    if (socket !== this.socket) return;
    if (this.busy) this.fail(classifySocketError(error, this.connected, this.host.target.tls));
    else this.dropSocket();
  }

  onSocketClose(socket: SlotSocket): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.onPeerClosed();
  }

  /** The peer closed the connection: completes a close-delimited response, else a reset. */
  private onPeerClosed(): void {
    this.dropSocket();
    if (!this.busy) return;
    if (this.parser.readsUntilClose) this.complete(false);
    else this.fail(ERR.reset);
  }

  /**
   * Closes the socket (if any) without reporting anything. `reset`: close abortively (SO_LINGER 0,
   * an RST instead of a FIN) when this side ends a connection the server would have kept: the side
   * that closes first holds the 4-tuple in TIME_WAIT, and on one source address a TIME_WAIT port
   * is reusable only after 1 s (loopback, `tcp_tw_reuse=2`; elsewhere after 60 s), which capped a
   * new connection per request at ~14k/s (half of the 28k ephemeral ports per second) whatever the
   * response size, connection count or transport. The response is complete, so nothing is lost.
   */
  dropSocket(reset = false): void {
    const socket = this.socket;
    const handle = this.handle;
    this.socket = null;
    this.handle = null;
    this.connected = false;
    this.writePending = false;
    this.requestsOnSocket = 0;
    if (socket) {
      socket[kSlot] = undefined;
      // `resetAndDestroy` needs a plain TCP handle (a TLS socket's throws): TLS closes normally.
      if (reset && !this.host.target.tls && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
    }
    if (handle) {
      handle[kSlot] = undefined;
      handle.onread = ignoreRead;
      handle.readStop();
      if (!reset || handle.reset() !== 0) handle.close();
    }
  }

  /** Stops timers and the socket; an in-flight request is dropped (the engine counts it as cancelled). */
  cancel(): boolean {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const wasBusy = this.busy;
    this.busy = false;
    this.done = true;
    this.dropSocket();
    return wasBusy;
  }
}
