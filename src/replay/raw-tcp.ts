/**
 * Plain-TCP connections on libuv's TCP handle directly (the layer `net.Socket` is built on), without the
 * stream machinery around it. A `net.Socket` costs ~40 µs of JavaScript per connection (stream states,
 * event emitters, nextTick hops); with a new connection per request that alone caps a Node client at
 * ~0.6 × wrk. The handle costs ~2 µs. The bindings are Node internals reached through `process.binding`
 * (allow-listed, stable across Node 16–22); when they are missing or look different, {@link rawTcp}
 * is null and the caller falls back to `net.Socket`. TLS always goes through `tls.connect`.
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { getSystemErrorName } from 'node:util';

/** The libuv TCP handle as exposed by `tcp_wrap`. */
export interface RawTcpHandle {
  /** Called with the read result in `streamBaseState[kReadBytesOrError]` (bytes, or a negative errno). */
  onread: (this: RawTcpHandle, buf: ArrayBuffer | undefined) => void;
  useUserBuffer(buf: Uint8Array): void;
  setNoDelay(on: boolean): number;
  connect(req: RawConnectReq, address: string, port: number): number;
  connect6(req: RawConnectReq, address: string, port: number): number;
  readStart(): number;
  readStop(): number;
  /** Fills `out` with the local address (`getsockname`); 0, or a negative errno. */
  getsockname(out: { address?: string; port?: number; family?: string }): number;
  writeBuffer(req: RawWriteReq, buf: Uint8Array): number;
  close(callback?: () => void): void;
  /** Closes with an RST (SO_LINGER 0; `uv_tcp_close_reset`); 0, or a negative errno (then not closed). */
  reset(callback?: () => void): number;
}

/** A connect request; `oncomplete(status, handle)` runs when the connection is up or failed. */
export interface RawConnectReq {
  oncomplete: (status: number, handle: RawTcpHandle) => void;
}

/** A write request; `oncomplete(status)` runs when an asynchronous write finished. */
export interface RawWriteReq {
  handle: RawTcpHandle;
  oncomplete: (this: RawWriteReq, status: number) => void;
  async: boolean;
  /** Keeps the written bytes alive while the write is pending. */
  buffer: Uint8Array | null;
}

/** What the replay engine uses of the bindings. */
export interface RawTcp {
  newHandle(): RawTcpHandle;
  newConnectReq(): RawConnectReq;
  newWriteReq(): RawWriteReq;
  /** Bytes read (or a negative errno) of the read callback that is running. */
  readResult(): number;
  /** True when the last `writeBuffer` did not complete synchronously. */
  lastWriteWasAsync(): boolean;
  /** libuv's end-of-stream read result. */
  readonly EOF: number;
}

interface TcpWrapBinding {
  TCP: new (type: number) => RawTcpHandle;
  TCPConnectWrap: new () => RawConnectReq;
  constants: { SOCKET: number };
}
interface StreamWrapBinding {
  WriteWrap: new () => RawWriteReq;
  kReadBytesOrError: number;
  kLastWriteWasAsync: number;
  streamBaseState: Int32Array;
}

/** libuv UV_EOF. */
const UV_EOF = -4095;

function load(): RawTcp | null {
  if (process.env.WAF_GATE_NET_SOCKETS === '1') return null;
  try {
    const internal = process as unknown as { binding(name: string): unknown };
    const binding = (name: string): unknown => internal.binding(name);
    const tcp = binding('tcp_wrap') as TcpWrapBinding;
    const stream = binding('stream_wrap') as StreamWrapBinding;
    if (
      typeof tcp.TCP !== 'function' ||
      typeof tcp.TCPConnectWrap !== 'function' ||
      typeof tcp.constants?.SOCKET !== 'number' ||
      typeof stream.WriteWrap !== 'function' ||
      !(stream.streamBaseState instanceof Int32Array) ||
      typeof stream.kReadBytesOrError !== 'number' ||
      typeof stream.kLastWriteWasAsync !== 'number'
    )
      return null;
    const probe = new tcp.TCP(tcp.constants.SOCKET);
    const usable =
      typeof probe.connect === 'function' &&
      typeof probe.writeBuffer === 'function' &&
      typeof probe.useUserBuffer === 'function' &&
      typeof probe.reset === 'function';
    probe.close();
    if (!usable) return null;
    const state = stream.streamBaseState;
    const readIndex = stream.kReadBytesOrError;
    const asyncIndex = stream.kLastWriteWasAsync;
    return {
      newHandle: () => new tcp.TCP(tcp.constants.SOCKET),
      newConnectReq: () => new tcp.TCPConnectWrap(),
      newWriteReq: () => new stream.WriteWrap(),
      readResult: () => state[readIndex]!,
      lastWriteWasAsync: () => state[asyncIndex] !== 0,
      EOF: UV_EOF,
    };
  } catch {
    return null;
  }
}

/**
 * The raw TCP bindings, or null (then `net.Socket` is used). Set `WAF_GATE_NET_SOCKETS=1` to force
 * `net.Socket`. {@link proveRawTcp} sets it to null when the bindings fail their loopback check.
 */
export let rawTcp: RawTcp | null = load();

/**
 * Test-only: `tamper` replaces the bindings {@link proveRawTcp} checks (and then uses), to make
 * them misbehave on purpose. Set it before the first replay of the process.
 */
export const rawTcpTestHooks: { tamper: ((raw: RawTcp) => RawTcp) | null } = { tamper: null };

/** Uses `net.Socket` from now on in this thread (the parent thread's check failed). */
export function disableRawTcp(): void {
  rawTcp = null;
}

const PROBE_TIMEOUT_MS = 2000;
let proving: Promise<boolean> | null = null;

/**
 * Proves the raw TCP bindings once per thread before replay uses them: a connection to a private
 * echo server on 127.0.0.1, a 4 KiB patterned write, the same bytes read back, an abortive close.
 * On any mismatch, error or timeout {@link rawTcp} becomes null (replay uses `net.Socket`) and
 * `debug` gets one line saying why. Resolves true when the raw path is in use.
 */
export function proveRawTcp(debug: (message: string) => void = () => undefined): Promise<boolean> {
  proving ??= (async () => {
    const loaded = rawTcp;
    if (loaded === null) return false;
    const raw = rawTcpTestHooks.tamper ? rawTcpTestHooks.tamper(loaded) : loaded;
    const problem = await loopbackProblem(raw).catch((error: unknown) => String(error));
    if (problem === null) {
      rawTcp = raw;
      return true;
    }
    rawTcp = null;
    debug(`Raw TCP transport failed its loopback check (${problem}); using net.Socket.`);
    return false;
  })();
  return proving;
}

/** Sends a pattern through `raw` to an echo server on 127.0.0.1: null when it came back intact. */
async function loopbackProblem(raw: RawTcp): Promise<string | null> {
  const server: Server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const sent = Buffer.alloc(4096);
  for (let i = 0; i < sent.length; i++) sent[i] = (i * 31 + 7) & 0xff;
  const readBuffer = Buffer.allocUnsafe(64 * 1024);
  const handle = raw.newHandle();
  try {
    return await new Promise<string | null>((resolve) => {
      let got = 0;
      const timer = setTimeout(
        () => resolve(`no echo within ${PROBE_TIMEOUT_MS} ms (${got} of ${sent.length} bytes)`),
        PROBE_TIMEOUT_MS,
      );
      const settle = (problem: string | null): void => {
        clearTimeout(timer);
        resolve(problem);
      };
      handle.onread = function onProbeRead(): void {
        const n = raw.readResult();
        if (n < 0) return settle(n === raw.EOF ? 'end of stream' : `read ${uvError(n).code}`);
        if (got + n > sent.length) return settle(`${got + n} bytes back for ${sent.length} sent`);
        if (readBuffer.compare(sent, got, got + n, 0, n) !== 0)
          return settle(`bytes ${got}–${got + n} came back different`);
        got += n;
        if (got === sent.length) settle(null);
      };
      handle.useUserBuffer(readBuffer);
      const connectReq = raw.newConnectReq();
      connectReq.oncomplete = (status) => {
        if (status < 0) return settle(`connect ${uvError(status).code}`);
        const readErr = handle.readStart();
        if (readErr < 0) return settle(`readStart ${uvError(readErr).code}`);
        const req = raw.newWriteReq();
        req.handle = handle;
        req.buffer = sent;
        req.oncomplete = (writeStatus) => {
          if (writeStatus < 0) settle(`write ${uvError(writeStatus).code}`);
        };
        const writeErr = handle.writeBuffer(req, sent);
        if (writeErr < 0) settle(`write ${uvError(writeErr).code}`);
      };
      const err = handle.connect(connectReq, '127.0.0.1', port);
      if (err < 0) settle(`connect ${uvError(err).code}`);
    });
  } finally {
    handle.readStop();
    if (handle.reset() !== 0) handle.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A libuv status (negative errno) as an error with the usual `code`, e.g. `ECONNREFUSED`. */
export function uvError(status: number): NodeJS.ErrnoException {
  let code: string;
  try {
    code = getSystemErrorName(status);
  } catch {
    code = `UV_${status}`;
  }
  const error = new Error(code) as NodeJS.ErrnoException;
  error.code = code;
  error.errno = status;
  return error;
}
