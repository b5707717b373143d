/**
 * Plain-TCP connections on libuv's TCP handle directly (the layer `net.Socket` is built on), without the
 * stream machinery around it. A `net.Socket` costs ~40 µs of JavaScript per connection (stream states,
 * event emitters, nextTick hops); with a new connection per request that alone caps a Node client at
 * ~0.6 × wrk. The handle costs ~2 µs. The bindings are Node internals reached through `process.binding`
 * (allow-listed, stable across Node 16–22); when they are missing or look different, {@link rawTcp}
 * is null and the caller falls back to `net.Socket`. TLS always goes through `tls.connect`.
 */
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
    const binding = (process as unknown as { binding(name: string): unknown }).binding;
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
 * `net.Socket`.
 */
export const rawTcp: RawTcp | null = load();

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
