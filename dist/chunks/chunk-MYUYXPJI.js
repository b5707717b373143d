import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  createHistogram,
  encodeHistogram
} from "./chunk-D5N3K7F6.js";

// src/replay/raw-tcp.ts
import { createServer } from "node:net";
import { getSystemErrorName } from "node:util";
var UV_EOF = -4095;
function load() {
  if (process.env.WAF_GATE_NET_SOCKETS === "1") return null;
  try {
    const internal = process;
    const binding = (name) => internal.binding(name);
    const tcp = binding("tcp_wrap");
    const stream = binding("stream_wrap");
    if (typeof tcp.TCP !== "function" || typeof tcp.TCPConnectWrap !== "function" || typeof tcp.constants?.SOCKET !== "number" || typeof stream.WriteWrap !== "function" || !(stream.streamBaseState instanceof Int32Array) || typeof stream.kReadBytesOrError !== "number" || typeof stream.kLastWriteWasAsync !== "number")
      return null;
    const probe = new tcp.TCP(tcp.constants.SOCKET);
    const usable = typeof probe.connect === "function" && typeof probe.writeBuffer === "function" && typeof probe.useUserBuffer === "function" && typeof probe.reset === "function";
    probe.close();
    if (!usable) return null;
    const state = stream.streamBaseState;
    const readIndex = stream.kReadBytesOrError;
    const asyncIndex = stream.kLastWriteWasAsync;
    return {
      newHandle: () => new tcp.TCP(tcp.constants.SOCKET),
      newConnectReq: () => new tcp.TCPConnectWrap(),
      newWriteReq: () => new stream.WriteWrap(),
      readResult: () => state[readIndex],
      lastWriteWasAsync: () => state[asyncIndex] !== 0,
      EOF: UV_EOF
    };
  } catch {
    return null;
  }
}
var rawTcp = load();
var rawTcpTestHooks = { tamper: null };
function disableRawTcp() {
  rawTcp = null;
}
var PROBE_TIMEOUT_MS = 2e3;
var proving = null;
function proveRawTcp(debug = () => void 0) {
  proving ??= (async () => {
    const loaded = rawTcp;
    if (loaded === null) return false;
    const raw = rawTcpTestHooks.tamper ? rawTcpTestHooks.tamper(loaded) : loaded;
    const problem = await loopbackProblem(raw).catch((error) => String(error));
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
async function loopbackProblem(raw) {
  const server = createServer((socket) => {
    socket.on("error", () => void 0);
    socket.pipe(socket);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  const sent = Buffer.alloc(4096);
  for (let i = 0; i < sent.length; i++) sent[i] = i * 31 + 7 & 255;
  const readBuffer = Buffer.allocUnsafe(64 * 1024);
  const handle = raw.newHandle();
  try {
    return await new Promise((resolve) => {
      let got = 0;
      const timer = setTimeout(
        () => resolve(`no echo within ${PROBE_TIMEOUT_MS} ms (${got} of ${sent.length} bytes)`),
        PROBE_TIMEOUT_MS
      );
      const settle = (problem) => {
        clearTimeout(timer);
        resolve(problem);
      };
      handle.onread = function onProbeRead() {
        const n = raw.readResult();
        if (n < 0) return settle(n === raw.EOF ? "end of stream" : `read ${uvError(n).code}`);
        if (got + n > sent.length) return settle(`${got + n} bytes back for ${sent.length} sent`);
        if (readBuffer.compare(sent, got, got + n, 0, n) !== 0)
          return settle(`bytes ${got}\u2013${got + n} came back different`);
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
      const err = handle.connect(connectReq, "127.0.0.1", port);
      if (err < 0) settle(`connect ${uvError(err).code}`);
    });
  } finally {
    handle.readStop();
    if (handle.reset() !== 0) handle.close();
    await new Promise((resolve) => server.close(() => resolve()));
  }
}
function uvError(status) {
  let code;
  try {
    code = getSystemErrorName(status);
  } catch {
    code = `UV_${status}`;
  }
  const error = new Error(code);
  error.code = code;
  error.errno = status;
  return error;
}

// src/replay/engine.ts
import { performance as performance4 } from "node:perf_hooks";

// src/replay/connection.ts
import net from "node:net";
import { performance as performance2 } from "node:perf_hooks";
import tls from "node:tls";

// src/replay/http-bytes.ts
function hexValue(b) {
  if (b >= 48 && b <= 57) return b - 48;
  const l = b | 32;
  if (l >= 97 && l <= 102) return l - 97 + 10;
  return -1;
}
function indexOfByte(buf, byte, from, to) {
  for (let i = from; i < to; i++) if (buf[i] === byte) return i;
  return -1;
}
function lengthValue(buf, start, end) {
  let n = 0;
  let digits = 0;
  let k = start;
  for (; k < end; k++) {
    const d = buf[k] - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
    if (++digits > 15) return -2;
  }
  for (; k < end; k++) if (buf[k] !== 32) return -2;
  return digits === 0 ? -2 : n;
}
function nameIs(buf, start, end, lower) {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if ((buf[start + i] | 32) !== lower[i]) return false;
  return true;
}
function containsIgnoreCase(buf, start, end, lower) {
  const last = end - lower.length;
  outer: for (let i = start; i <= last; i++) {
    for (let j = 0; j < lower.length; j++) if ((buf[i + j] | 32) !== lower[j]) continue outer;
    return true;
  }
  return false;
}

// src/replay/response-parser.ts
var NEED_MORE = -1;
var MALFORMED = -2;
var HEAD_INCOMPLETE = -1;
var HEAD_BAD = -2;
var S_HEAD = 0;
var S_BODY_LENGTH = 1;
var S_CHUNK_SIZE = 2;
var S_CHUNK_EXT = 3;
var S_CHUNK_DATA = 4;
var S_CHUNK_DATA_END = 5;
var S_TRAILER = 6;
var S_BODY_CLOSE = 7;
var S_DONE = 8;
var LF = 10;
var CR = 13;
var MAX_HEAD_BYTES = 64 * 1024;
var CLOSE = Buffer.from("close");
var KEEP_ALIVE = Buffer.from("keep-alive");
var CONTENT_LENGTH = Buffer.from("content-length");
var TRANSFER_ENCODING = Buffer.from("transfer-encoding");
var CONNECTION = Buffer.from("connection");
var ResponseParser = class {
  /** Final status code of the response (0 until the head is parsed). */
  status = 0;
  /** False when the server said the connection closes after this response. */
  keepAlive = true;
  /** Bytes of the current response seen so far (including 1xx heads). */
  bytes = 0;
  state = S_HEAD;
  remaining = 0;
  noBody = false;
  lastLf = false;
  lineLen = 0;
  headBuf = null;
  /** Prepares for the next response; `noBody` for HEAD requests. */
  reset(noBody) {
    this.status = 0;
    this.keepAlive = true;
    this.bytes = 0;
    this.state = S_HEAD;
    this.remaining = 0;
    this.noBody = noBody;
    this.lastLf = false;
    this.lineLen = 0;
    this.headBuf = null;
  }
  /** True when a close-delimited body is being read (EOF completes it). */
  get readsUntilClose() {
    return this.state === S_BODY_CLOSE;
  }
  /**
   * Feeds `buf[start, end)`. Returns the offset just after the end of the response when it completed,
   * {@link NEED_MORE}, or {@link MALFORMED}.
   */
  execute(buf, start, end) {
    let i = start;
    while (i < end) {
      switch (this.state) {
        case S_HEAD: {
          if (this.headBuf === null && !this.lastLf) {
            const headEnd2 = this.parseHead(buf, i, end);
            if (headEnd2 === HEAD_BAD) return MALFORMED;
            if (headEnd2 !== HEAD_INCOMPLETE) {
              this.bytes += headEnd2 - i;
              i = headEnd2;
              if (this.state === S_DONE) return i;
              break;
            }
          }
          const headStart = i;
          let lastLf = this.lastLf;
          let found = -1;
          for (; i < end; i++) {
            const b = buf[i];
            if (b === LF) {
              if (lastLf) {
                found = i + 1;
                break;
              }
              lastLf = true;
            } else if (b !== CR) lastLf = false;
          }
          this.lastLf = lastLf;
          if (found === -1) {
            this.bytes += end - headStart;
            const piece = buf.subarray(headStart, end);
            this.headBuf = this.headBuf ? Buffer.concat([this.headBuf, piece]) : Buffer.from(piece);
            if (this.headBuf.length > MAX_HEAD_BYTES) return MALFORMED;
            return NEED_MORE;
          }
          this.bytes += found - headStart;
          i = found;
          let headEnd;
          if (this.headBuf) {
            const whole = Buffer.concat([this.headBuf, buf.subarray(headStart, found)]);
            this.headBuf = null;
            headEnd = this.parseHead(whole, 0, whole.length) === whole.length ? found : HEAD_BAD;
          } else headEnd = this.parseHead(buf, headStart, found);
          if (headEnd !== found) return MALFORMED;
          if (this.state === S_DONE) return i;
          break;
        }
        case S_BODY_LENGTH: {
          const take = Math.min(this.remaining, end - i);
          this.remaining -= take;
          this.bytes += take;
          i += take;
          if (this.remaining === 0) {
            this.state = S_DONE;
            return i;
          }
          break;
        }
        case S_CHUNK_SIZE: {
          const b = buf[i];
          this.bytes++;
          i++;
          const h = hexValue(b);
          if (h >= 0) {
            this.remaining = this.remaining * 16 + h;
            if (++this.lineLen > 15) return MALFORMED;
          } else if (b === LF) {
            if (this.lineLen === 0) return MALFORMED;
            this.state = this.remaining === 0 ? S_TRAILER : S_CHUNK_DATA;
            this.lastLf = true;
            this.lineLen = 0;
          } else if (b === CR || b === 59 || b === 32 || b === 9) {
            this.state = S_CHUNK_EXT;
          } else return MALFORMED;
          break;
        }
        case S_CHUNK_EXT: {
          const lf = indexOfByte(buf, LF, i, end);
          const stop = lf === -1 ? end : lf + 1;
          this.bytes += stop - i;
          i = stop;
          if (stop !== end || buf[stop - 1] === LF) {
            if (this.lineLen === 0) return MALFORMED;
            this.state = this.remaining === 0 ? S_TRAILER : S_CHUNK_DATA;
            this.lastLf = true;
            this.lineLen = 0;
          }
          break;
        }
        case S_CHUNK_DATA: {
          const take = Math.min(this.remaining, end - i);
          this.remaining -= take;
          this.bytes += take;
          i += take;
          if (this.remaining === 0) this.state = S_CHUNK_DATA_END;
          break;
        }
        case S_CHUNK_DATA_END: {
          const b = buf[i];
          this.bytes++;
          i++;
          if (b === LF) {
            this.state = S_CHUNK_SIZE;
            this.remaining = 0;
            this.lineLen = 0;
          } else if (b !== CR) return MALFORMED;
          break;
        }
        case S_TRAILER: {
          const b = buf[i];
          this.bytes++;
          i++;
          if (b === LF) {
            if (this.lastLf) {
              this.state = S_DONE;
              return i;
            }
            this.lastLf = true;
          } else if (b !== CR) this.lastLf = false;
          break;
        }
        case S_BODY_CLOSE:
          this.bytes += end - i;
          return NEED_MORE;
        default:
          return MALFORMED;
      }
    }
    return NEED_MORE;
  }
  /**
   * Parses the head that starts at `start` if it ends before `end` (an empty line: LF, CRs, LF) and
   * sets the body state. Returns the offset just after the head, {@link HEAD_INCOMPLETE} when
   * buf[start, end) holds no end of head (nothing is set then), or {@link HEAD_BAD}.
   */
  parseHead(buf, start, end) {
    let connection = 0;
    let contentLength = -1;
    let sawTransferEncoding = false;
    let chunked = false;
    let bad = false;
    let headEnd = -1;
    let p = indexOfByte(buf, LF, start, end) + 1;
    if (p === 0) return HEAD_INCOMPLETE;
    while (p < end) {
      const lineEnd = indexOfByte(buf, LF, p, end);
      if (lineEnd === -1) return HEAD_INCOMPLETE;
      let k = p;
      while (k < lineEnd && buf[k] === CR) k++;
      if (k === lineEnd) {
        headEnd = lineEnd + 1;
        break;
      }
      const valueEnd = buf[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
      const first = buf[p] | 32;
      const colon = first === 99 || first === 116 ? indexOfByte(buf, 58, p, valueEnd) : -1;
      if (colon !== -1 && !bad) {
        let v = colon + 1;
        while (v < valueEnd && (buf[v] === 32 || buf[v] === 9)) v++;
        if (nameIs(buf, p, colon, CONTENT_LENGTH)) {
          contentLength = contentLength !== -1 || sawTransferEncoding ? -2 : lengthValue(buf, v, valueEnd);
          if (contentLength === -2) bad = true;
        } else if (nameIs(buf, p, colon, TRANSFER_ENCODING)) {
          if (contentLength !== -1) bad = true;
          sawTransferEncoding = true;
          const value = buf.toString("latin1", v, valueEnd).toLowerCase();
          chunked = /(?:^|,)\s*chunked\s*$/.test(value);
        } else if (nameIs(buf, p, colon, CONNECTION)) {
          if (containsIgnoreCase(buf, v, valueEnd, CLOSE)) connection = -1;
          else if (containsIgnoreCase(buf, v, valueEnd, KEEP_ALIVE)) connection = 1;
        }
      }
      p = lineEnd + 1;
    }
    if (headEnd === -1) return HEAD_INCOMPLETE;
    if (bad || headEnd - start < 12 || buf[start] !== 72 || buf[start + 1] !== 84 || buf[start + 2] !== 84 || buf[start + 3] !== 80 || buf[start + 4] !== 47) {
      return HEAD_BAD;
    }
    const minor = buf[start + 7] - 48;
    const s0 = buf[start + 9] - 48;
    const s1 = buf[start + 10] - 48;
    const s2 = buf[start + 11] - 48;
    if (s0 < 1 || s0 > 5 || s1 < 0 || s1 > 9 || s2 < 0 || s2 > 9) return HEAD_BAD;
    const status = s0 * 100 + s1 * 10 + s2;
    const keepAlive = connection === 0 ? minor >= 1 : connection === 1;
    if (status < 200 && status !== 101) {
      this.lastLf = false;
      this.state = S_HEAD;
      return headEnd;
    }
    this.status = status;
    this.keepAlive = keepAlive;
    if (status === 101) {
      this.keepAlive = false;
      this.state = S_DONE;
    } else if (this.noBody || status === 204 || status === 304) {
      this.state = S_DONE;
    } else if (chunked) {
      this.state = S_CHUNK_SIZE;
      this.remaining = 0;
      this.lineLen = 0;
    } else if (contentLength >= 0) {
      this.remaining = contentLength;
      this.state = contentLength === 0 ? S_DONE : S_BODY_LENGTH;
    } else {
      this.keepAlive = false;
      this.state = S_BODY_CLOSE;
    }
    return headEnd;
  }
};

// src/replay/slot-host.ts
var JOB_READY = 1;
var JOB_NONE = 0;
var JOB_WAIT = -1;

// src/replay/stats.ts
import { performance } from "node:perf_hooks";
var ERROR_KINDS = [
  "refused",
  "reset",
  "timeout-connect",
  "timeout-first-byte",
  "timeout-total",
  "malformed-response",
  "tls",
  "other"
];
var ERR = {
  refused: 0,
  reset: 1,
  timeoutConnect: 2,
  timeoutFirstByte: 3,
  timeoutTotal: 4,
  malformed: 5,
  tls: 6,
  other: 7
};
var STATUS_SLOTS = 600;
function epochMs(now) {
  return Math.round(performance.timeOrigin + now);
}
var StatsRecorder = class {
  constructor(domains, windowMs = 1e3) {
    this.domains = domains;
    this.windowMs = windowMs;
    this.statusCounts = new Float64Array(domains.length * STATUS_SLOTS);
    this.errorCounts = new Float64Array(domains.length * ERROR_KINDS.length);
    this.sentPerDomain = new Float64Array(domains.length);
  }
  domains;
  windowMs;
  sent = 0;
  completed = 0;
  errors = 0;
  unjoinable = 0;
  cancelled = 0;
  bytesSent = 0;
  bytesReceived = 0;
  /** performance.now() of the first send and of the last response/error; -1 before. */
  firstSendAt = -1;
  lastEventAt = -1;
  statusCounts;
  errorCounts;
  sentPerDomain;
  total = createHistogram();
  window = createHistogram();
  windowStart = -1;
  windowCompleted = 0;
  windowErrors = 0;
  windows = [];
  /** A request was written. */
  onSent(domain, bytes, now) {
    if (this.firstSendAt < 0) {
      this.firstSendAt = now;
      this.windowStart = now;
    }
    this.sent++;
    this.sentPerDomain[domain]++;
    this.bytesSent += bytes;
  }
  /** A response completed. */
  onResponse(domain, status, latencyUs, bytes, now) {
    this.completed++;
    this.windowCompleted++;
    this.bytesReceived += bytes;
    this.lastEventAt = now;
    this.statusCounts[domain * STATUS_SLOTS + (status < STATUS_SLOTS ? status : 0)]++;
    this.window.recordValue(latencyUs < 1 ? 1 : latencyUs);
  }
  /** A request failed. */
  onError(domain, kind, bytes, now) {
    this.errors++;
    this.windowErrors++;
    this.bytesReceived += bytes;
    this.lastEventAt = now;
    this.errorCounts[domain * ERROR_KINDS.length + kind]++;
  }
  /** Closes the current window when it is due (or `force`); called from a timer, not per request. */
  roll(now, force = false) {
    if (this.windowStart < 0) return;
    const elapsed = now - this.windowStart;
    if (!force && elapsed < this.windowMs) return;
    if (elapsed <= 0 && this.windowCompleted === 0 && this.windowErrors === 0) return;
    const empty = this.window.totalCount === 0;
    const durationMs = Math.max(1, Math.round(elapsed));
    this.windows.push({
      startMs: epochMs(this.windowStart),
      durationMs,
      completed: this.windowCompleted,
      errors: this.windowErrors,
      rps: Math.round(this.windowCompleted * 1e3 * 100 / durationMs) / 100,
      p50Us: empty ? 0 : this.window.getValueAtPercentile(50),
      p99Us: empty ? 0 : this.window.getValueAtPercentile(99),
      histogram: encodeHistogram(this.window)
    });
    this.total.add(this.window);
    this.window.reset();
    this.windowStart = now;
    this.windowCompleted = 0;
    this.windowErrors = 0;
  }
  /** Everything recorded, as plain data (closes the open window). */
  snapshot(now) {
    this.roll(now, true);
    const status = [];
    const errorKinds = [];
    for (let d = 0; d < this.domains.length; d++) {
      const s = {};
      for (let code = 0; code < STATUS_SLOTS; code++) {
        const n = this.statusCounts[d * STATUS_SLOTS + code];
        if (n > 0) s[String(code)] = n;
      }
      status.push(s);
      const e = {};
      ERROR_KINDS.forEach((kind, k) => {
        const n = this.errorCounts[d * ERROR_KINDS.length + k];
        if (n > 0) e[kind] = n;
      });
      errorKinds.push(e);
    }
    const started = this.firstSendAt < 0 ? now : this.firstSendAt;
    const ended = this.lastEventAt < 0 ? started : this.lastEventAt;
    return {
      domains: this.domains,
      startedAtMs: epochMs(started),
      endedAtMs: epochMs(ended),
      sent: this.sent,
      completed: this.completed,
      errors: this.errors,
      unjoinable: this.unjoinable,
      cancelled: this.cancelled,
      bytesSent: this.bytesSent,
      bytesReceived: this.bytesReceived,
      status,
      errorKinds,
      sentPerDomain: Array.from(this.sentPerDomain),
      histogram: encodeHistogram(this.total),
      windows: this.windows
    };
  }
  /** Live numbers for progress reports. */
  live() {
    return { sent: this.sent, completed: this.completed, errors: this.errors };
  }
};

// src/replay/socket-errors.ts
var TLS_CODE = /^(ERR_SSL|ERR_TLS|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_OSSL)/;
function classifySocketError(error, connected, tls2 = false) {
  const code = error.code ?? "";
  if (code === "ECONNREFUSED") return ERR.refused;
  if (code === "ECONNRESET" || code === "EPIPE" || code === "ECONNABORTED") return ERR.reset;
  if (code === "ETIMEDOUT") return connected ? ERR.timeoutFirstByte : ERR.timeoutConnect;
  if (TLS_CODE.test(code)) return ERR.tls;
  if (tls2 && (code === "EPROTO" || error.library === "SSL routines"))
    return ERR.tls;
  return ERR.other;
}

// src/replay/connection.ts
var kSlot = /* @__PURE__ */ Symbol("waf-gate.slot");
function onSocketRead(nread, buf) {
  this[kSlot]?.onData(this, buf, nread);
  return true;
}
function onSocketData(chunk) {
  this[kSlot]?.onData(this, chunk, chunk.length);
}
function onSocketConnect() {
  const slot = this[kSlot];
  if (slot && slot.socket === this) {
    slot.connected = true;
    if (slot.host.localAddresses === true)
      slot.local = localFragment(this.localAddress, this.localPort);
  }
}
function localFragment(address, port) {
  if (port === void 0 || !(port > 0)) return "";
  return `,"localAddress":${JSON.stringify(address ?? "")},"localPort":${port}`;
}
function onSocketError(error) {
  this[kSlot]?.onSocketError(this, error);
}
function onSocketClose() {
  this[kSlot]?.onSocketClose(this);
}
function onHandleConnect(status, handle) {
  handle[kSlot]?.onHandleConnect(handle, status);
}
function onHandleRead() {
  this[kSlot]?.onHandleRead(this, rawTcp.readResult());
}
function ignoreRead() {
}
function onHandleWrite(status) {
  const slot = this[kSlot];
  this[kSlot] = void 0;
  this.buffer = null;
  if (slot && status < 0 && slot.handle === this.handle) slot.onHandleError(this.handle, status);
}
var EMPTY = Buffer.alloc(0);
var Slot = class {
  constructor(host, index) {
    this.host = host;
    this.index = index;
    this.dispatchBound = () => {
      this.timer = null;
      this.dispatch();
    };
    this.family = net.isIP(host.target.host);
  }
  host;
  index;
  socket = null;
  /** The raw TCP handle (plain TCP to an IP address when the bindings are available). */
  handle = null;
  /** Raw handle: the request waits for the connection. */
  writePending = false;
  /** Raw handle: reading was started together with the connect. */
  readingEarly = false;
  /** IP family of the target (4 or 6; 0 for a hostname), worked out once. */
  family;
  /** A write request object free for reuse. */
  writeReq = null;
  parser = new ResponseParser();
  job = {
    seq: 0,
    k: 0,
    domain: 0,
    buf: EMPTY,
    noBody: false,
    id: null,
    fragment: null,
    ownConnection: false
  };
  /**
   * Quality mode: the outcome-line fragment with the current connection's local address and port
   * (see {@link localFragment}), read once per connection; `''` before it connected.
   */
  local = "";
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
  timer = null;
  /** Bound once per slot for timers. */
  dispatchBound;
  /**
   * Takes the next job and sends it; marks the slot done when there is none. `now`: a
   * `performance.now()` reading just taken (saves a clock read per request).
   */
  dispatch(now) {
    if (this.busy || this.done) return;
    const got = this.host.nextJob(this);
    if (got !== JOB_READY) {
      if (got === JOB_NONE) {
        this.done = true;
        this.dropSocket();
      }
      return;
    }
    now ??= performance2.now();
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
  send() {
    if (this.socket !== null) this.socket.write(this.job.buf);
    else if (this.connected) this.writeRaw(this.handle, this.job.buf);
    else this.writePending = true;
  }
  /** Writes `bytes` on the raw handle (the job's request, or a shaped chunk of it). */
  writeRaw(handle, bytes) {
    const req = this.writeReq ?? rawTcp.newWriteReq();
    this.writeReq = null;
    req.handle = handle;
    req.oncomplete = onHandleWrite;
    req.async = false;
    req.buffer = bytes;
    const err = handle.writeBuffer(req, bytes);
    if (err < 0) this.onHandleError(handle, err);
    else if (rawTcp.lastWriteWasAsync()) {
      req.async = true;
      req[kSlot] = this;
      return;
    }
    req.buffer = null;
    this.writeReq = req;
  }
  openRaw(family) {
    const t = this.host.target;
    const handle = rawTcp.newHandle();
    handle[kSlot] = this;
    handle.onread = onHandleRead;
    handle.useUserBuffer(this.host.readBuffer);
    handle.setNoDelay(true);
    const req = rawTcp.newConnectReq();
    req.oncomplete = onHandleConnect;
    this.handle = handle;
    const err = family === 6 ? handle.connect6(req, t.host, t.port) : handle.connect(req, t.host, t.port);
    this.readingEarly = err >= 0 && handle.readStart() === 0;
    if (err < 0) setImmediate(onHandleConnect, err, handle);
  }
  /** Raw handle: connected (status 0) or failed. */
  onHandleConnect(handle, status) {
    if (handle !== this.handle) return;
    if (status < 0) {
      this.onHandleError(handle, status);
      return;
    }
    this.connected = true;
    if (this.host.localAddresses === true) {
      const out = {};
      this.local = handle.getsockname(out) === 0 ? localFragment(out.address, out.port) : "";
    }
    const err = this.readingEarly ? 0 : handle.readStart();
    if (err < 0) this.onHandleError(handle, err);
    else if (this.writePending) {
      this.writePending = false;
      this.writeRaw(handle, this.job.buf);
    }
  }
  /** Raw handle: bytes in the read buffer, end of stream or a read error. */
  onHandleRead(handle, nread) {
    if (handle !== this.handle) return;
    if (nread > 0) this.onData(null, this.host.readBuffer, nread);
    else if (nread === rawTcp.EOF) this.onPeerClosed();
    else if (nread < 0) this.onHandleError(handle, nread);
  }
  /** Raw handle: an error status (negative errno). */
  onHandleError(handle, status) {
    if (handle !== this.handle) return;
    if (this.busy) this.fail(classifySocketError(uvError(status), this.connected));
    else this.dropSocket();
  }
  open(now) {
    const t = this.host.target;
    this.connected = false;
    this.local = "";
    this.connectAt = now;
    this.requestsOnSocket = 0;
    this.writePending = false;
    if (!t.tls && rawTcp !== null && this.family !== 0) {
      this.openRaw(this.family);
      return;
    }
    let socket;
    if (t.tls) {
      socket = tls.connect({
        host: t.host,
        port: t.port,
        rejectUnauthorized: !t.insecure,
        ...t.servername !== void 0 && !net.isIP(t.servername) ? { servername: t.servername } : {}
      });
      socket.setNoDelay(true);
      socket.on("data", onSocketData);
      socket.on("secureConnect", onSocketConnect);
    } else {
      socket = net.connect({
        host: t.host,
        port: t.port,
        noDelay: true,
        onread: { buffer: this.host.readBuffer, callback: onSocketRead }
      });
      socket.on("connect", onSocketConnect);
    }
    socket[kSlot] = this;
    socket.on("error", onSocketError);
    socket.on("close", onSocketClose);
    this.socket = socket;
  }
  /** Response bytes (`socket` null: from the raw handle). */
  onData(socket, buf, n) {
    if (socket !== null && socket !== this.socket) return;
    if (!this.busy) {
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
  complete(extraBytes) {
    const now = performance2.now();
    this.busy = false;
    if (extraBytes || !this.host.keepAlive && this.parser.keepAlive) this.dropSocket(true);
    else if (!this.parser.keepAlive || !this.host.keepAlive) this.dropSocket();
    else if (this.job.ownConnection) this.dropSocket(true);
    this.host.onResponse(this, now, Math.round((now - this.sentAt) * 1e3));
  }
  /** Ends the in-flight request with an error kind (a counter index of `ERR`). */
  fail(kind) {
    if (!this.busy) return;
    const now = performance2.now();
    this.busy = false;
    this.dropSocket();
    this.host.onFailure(this, now, kind, Math.round((now - this.sentAt) * 1e3));
  }
  onSocketError(socket, error) {
    if (socket !== this.socket) return;
    if (this.busy) this.fail(classifySocketError(error, this.connected, this.host.target.tls));
    else this.dropSocket();
  }
  onSocketClose(socket) {
    if (socket !== this.socket) return;
    this.socket = null;
    this.onPeerClosed();
  }
  /** The peer closed the connection: completes a close-delimited response, else a reset. */
  onPeerClosed() {
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
  dropSocket(reset = false) {
    const socket = this.socket;
    const handle = this.handle;
    this.socket = null;
    this.handle = null;
    this.connected = false;
    this.writePending = false;
    this.requestsOnSocket = 0;
    if (socket) {
      socket[kSlot] = void 0;
      if (reset && !this.host.target.tls && !socket.destroyed) socket.resetAndDestroy();
      else socket.destroy();
    }
    if (handle) {
      handle[kSlot] = void 0;
      handle.onread = ignoreRead;
      handle.readStop();
      if (!reset || handle.reset() !== 0) handle.close();
    }
  }
  /** Stops timers and the socket; an in-flight request is dropped (the engine counts it as cancelled). */
  cancel() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const wasBusy = this.busy;
    this.busy = false;
    this.done = true;
    this.dropSocket();
    return wasBusy;
  }
};

// src/replay/job-source.ts
function withIdHeader(view, split, crlf, header, id) {
  const line = `${header}: ${id}${crlf ? "\r\n" : "\n"}`;
  const buf = Buffer.allocUnsafe(view.length + line.length);
  view.copy(buf, 0, 0, split);
  buf.write(line, split, "latin1");
  view.copy(buf, split + line.length, split);
  return buf;
}
var MAX_CACHED_VIEWS = 1 << 16;
var JobSource = class {
  constructor(prepared, options) {
    this.prepared = prepared;
    this.options = options;
    this.seq = options.workerIndex;
    this.domainCount = prepared.domains.length;
    this.perCycle = prepared.starts.length;
    this.views = [];
    if (this.perCycle <= MAX_CACHED_VIEWS)
      for (let k = 0; k < this.perCycle; k++)
        this.views.push(prepared.blob.subarray(prepared.starts[k], prepared.ends[k]));
    this.cursors = new Int32Array(Math.max(1, prepared.sourceStarts.length - 1));
  }
  prepared;
  options;
  seq;
  views;
  perCycle;
  cursors;
  domainCount;
  /** Jobs this worker will hand out at most (Infinity when time-bound). */
  get jobLimit() {
    const { totalJobs, workerIndex, workerCount } = this.options;
    if (!Number.isFinite(totalJobs)) return Infinity;
    return Math.max(0, Math.ceil((totalJobs - workerIndex) / workerCount));
  }
  view(k) {
    return this.views[k] ?? this.prepared.blob.subarray(this.prepared.starts[k], this.prepared.ends[k]);
  }
  /** Fills `job` with the next job; false when there is none left. */
  next(job) {
    const seq = this.seq;
    if (seq >= this.options.totalJobs) return false;
    this.seq = seq + this.options.workerCount;
    let k;
    const p = this.prepared;
    if (p.cycle && this.options.mode === "pressure") {
      const source = p.cycle[seq % p.cycle.length];
      const from = p.sourceStarts[source];
      const count = p.sourceStarts[source + 1] - from;
      const entry = p.sourceEntries[from + this.cursors[source] % count];
      this.cursors[source]++;
      k = entry * this.domainCount + seq % this.domainCount;
    } else {
      k = seq % this.perCycle;
    }
    job.seq = seq;
    job.k = k;
    job.domain = k % this.domainCount;
    job.noBody = p.noBody[k] === 1;
    job.fragment = null;
    const split = p.splitAt[k];
    job.ownConnection = this.options.mode === "quality" && p.ownConnection[k] === 1;
    if (this.options.mode === "quality" && this.options.idHeader !== null && split >= 0) {
      const id = `${this.options.runId}-${job.domain}-${seq}`;
      job.buf = withIdHeader(this.view(k), split, p.crlf[k] === 1, this.options.idHeader, id);
      job.id = id;
    } else {
      job.buf = this.view(k);
      job.id = null;
    }
    return true;
  }
};

// src/replay/shaping/shaped-slot.ts
import { performance as performance3 } from "node:perf_hooks";

// src/replay/shaping/token-bucket.ts
var TokenBucket = class {
  /**
   * `rateBps`: refill, bytes per second (> 0). `burstBytes`: most tokens held. Starts empty at
   * `nowMs`, so the first transfer is not a free burst on top of the rate.
   */
  constructor(rateBps, burstBytes, nowMs) {
    this.rateBps = rateBps;
    this.burstBytes = burstBytes;
    if (!(rateBps > 0) || !(burstBytes >= 1))
      throw new RangeError(
        `TokenBucket needs rateBps > 0 and burstBytes \u2265 1 (${rateBps}, ${burstBytes})`
      );
    this.tokens = 0;
    this.at = nowMs;
  }
  rateBps;
  burstBytes;
  tokens;
  at;
  refill(nowMs) {
    if (nowMs <= this.at) return;
    this.tokens = Math.min(
      this.burstBytes,
      this.tokens + (nowMs - this.at) * this.rateBps / 1e3
    );
    this.at = nowMs;
  }
  /** Takes `bytes` (possibly into debt); returns the ms to wait before the next transfer (0: none). */
  take(bytes, nowMs) {
    this.refill(nowMs);
    this.tokens -= bytes;
    return this.waitMs(nowMs);
  }
  /** Ms until the debt is paid (0 when there is none). */
  waitMs(nowMs) {
    this.refill(nowMs);
    return this.tokens < 0 ? -this.tokens * 1e3 / this.rateBps : 0;
  }
};

// src/replay/shaping/types.ts
var CHUNK_MS = 50;
var MAX_CHUNK_BYTES = 64 * 1024;
function chunkBytes(rateBps) {
  return Math.max(1, Math.min(MAX_CHUNK_BYTES, Math.floor(rateBps * CHUNK_MS / 1e3)));
}
function shapes(shaping) {
  return shaping !== void 0 && (shaping.uploadRateBps !== void 0 || shaping.downloadRateBps !== void 0 || (shaping.delayMs ?? 0) > 0 || shaping.slowHeader !== void 0 || shaping.slowBody !== void 0);
}

// src/replay/shaping/send-schedule.ts
var CRLF2 = Buffer.from("\r\n\r\n");
var LF2 = Buffer.from("\n\n");
function headLength(buf) {
  const crlf = buf.indexOf(CRLF2);
  const lf = buf.indexOf(LF2);
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return crlf + 4;
  if (lf >= 0) return lf + 2;
  return buf.length;
}
var SendSchedule = class {
  constructor(shaping, nowMs) {
    this.shaping = shaping;
    const rate = shaping.uploadRateBps;
    this.uploadChunk = rate !== void 0 ? chunkBytes(rate) : Infinity;
    this.upload = rate !== void 0 ? new TokenBucket(rate, this.uploadChunk, nowMs) : null;
  }
  shaping;
  /** Bytes handed out so far. */
  offset = 0;
  length = 0;
  headEnd = 0;
  /** Nothing leaves before this (delay, slow-send interval), ms on the caller's clock. */
  notBefore = 0;
  /** When the current (or next) slow chunk was due: the slow part's cadence, ms. */
  slowDue = 0;
  /** Bytes of the current slow chunk still to go (it may take several upload-paced writes). */
  slowLeft = 0;
  upload;
  uploadChunk;
  /** Starts a request of `buf` at `nowMs`: its first byte may leave after the delay. */
  start(buf, nowMs) {
    this.offset = 0;
    this.slowLeft = 0;
    this.length = buf.length;
    this.headEnd = this.shaping.slowHeader || this.shaping.slowBody ? headLength(buf) : buf.length;
    this.notBefore = nowMs + (this.shaping.delayMs ?? 0);
  }
  /** Every byte handed out. */
  get done() {
    return this.offset >= this.length;
  }
  /** Ms to wait before the next chunk may leave (0: now). */
  waitMs(nowMs) {
    return Math.max(0, this.notBefore - nowMs, this.upload?.waitMs(nowMs) ?? 0);
  }
  /**
   * Hands out the next chunk, to be written at `nowMs` (when {@link waitMs} is 0): returns its end
   * offset (it starts at the {@link offset} read before the call).
   */
  take(nowMs) {
    const inHead = this.offset < this.headEnd;
    const segmentEnd = inHead ? this.headEnd : this.length;
    const slow = inHead ? this.shaping.slowHeader : this.shaping.slowBody;
    if (slow !== void 0 && this.slowLeft === 0) {
      if (this.offset === (inHead ? 0 : this.headEnd)) this.slowDue = nowMs;
      this.slowLeft = Math.min(slow.bytes, segmentEnd - this.offset);
    }
    let n = Math.min(segmentEnd - this.offset, this.uploadChunk);
    if (slow !== void 0) n = Math.min(n, this.slowLeft);
    this.offset += n;
    this.upload?.take(n, nowMs);
    if (slow !== void 0) {
      this.slowLeft -= n;
      if (this.slowLeft === 0 && this.offset < segmentEnd) {
        this.slowDue = (nowMs - this.slowDue < slow.intervalMs ? this.slowDue : nowMs) + slow.intervalMs;
        this.notBefore = this.slowDue;
      }
    }
    return this.offset;
  }
};

// src/replay/shaping/shaped-slot.ts
var ShapedSlot = class extends Slot {
  schedule;
  download;
  /** A request's bytes are still going out. */
  sending = false;
  sendTimer = null;
  /** Reading is paused until this timer (download cap). */
  readTimer = null;
  pumpBound;
  resumeBound;
  constructor(host, index, shaping) {
    super(host, index);
    const now = performance3.now();
    this.schedule = new SendSchedule(shaping, now);
    const rate = shaping.downloadRateBps;
    this.download = rate !== void 0 ? new TokenBucket(rate, chunkBytes(rate), now) : null;
    this.pumpBound = () => {
      this.sendTimer = null;
      this.pump();
    };
    this.resumeBound = () => {
      this.readTimer = null;
      this.resumeReading();
    };
  }
  send() {
    this.schedule.start(this.job.buf, performance3.now());
    this.sending = true;
    this.pump();
  }
  /** Writes what the schedule allows now, then waits for the rest. */
  pump() {
    if (!this.sending || this.sendTimer !== null || this.socket === null && !this.connected)
      return;
    const buf = this.job.buf;
    while (this.sending) {
      const now = performance3.now();
      const waitMs = this.schedule.waitMs(now);
      if (waitMs > 0) {
        this.sendTimer = setTimeout(this.pumpBound, waitMs);
        return;
      }
      const start = this.schedule.offset;
      const end = this.schedule.take(now);
      if (this.schedule.done) this.sending = false;
      this.write(buf.subarray(start, end));
    }
  }
  write(chunk) {
    if (this.socket !== null) this.socket.write(chunk);
    else if (this.handle !== null) this.writeRaw(this.handle, chunk);
  }
  onHandleConnect(handle, status) {
    super.onHandleConnect(handle, status);
    if (this.connected && handle === this.handle) this.pump();
  }
  onData(socket, buf, n) {
    if (socket !== null && socket !== this.socket) return;
    const download = this.download;
    if (download === null) {
      super.onData(socket, buf, n);
      return;
    }
    const waitMs = download.take(n, performance3.now());
    const owner = socket ?? this.handle;
    super.onData(socket, buf, n);
    if (waitMs > 0 && this.readTimer === null && owner !== null && owner === (this.socket ?? this.handle)) {
      if (this.socket !== null) this.socket.pause();
      else this.handle.readStop();
      this.readTimer = setTimeout(this.resumeBound, waitMs);
    }
  }
  resumeReading() {
    const waitMs = this.download.waitMs(performance3.now());
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
  complete(extraBytes) {
    if (this.sending) this.dropSocket();
    super.complete(extraBytes);
  }
  dropSocket(reset = false) {
    this.sending = false;
    if (this.sendTimer !== null) clearTimeout(this.sendTimer);
    this.sendTimer = null;
    if (this.readTimer !== null) clearTimeout(this.readTimer);
    this.readTimer = null;
    super.dropSocket(reset);
  }
};

// src/replay/engine.ts
var SWEEP_MS = 50;
var CONNECT_BACKOFF_MS = 10;
var Engine = class {
  constructor(config, jobs, onOutcome = null) {
    this.config = config;
    this.onOutcome = onOutcome;
    const downloadRate = config.shaping?.downloadRateBps;
    this.readBuffer = Buffer.allocUnsafe(
      downloadRate !== void 0 ? chunkBytes(downloadRate) : 256 * 1024
    );
    this.stats = new StatsRecorder(jobs.domains, config.windowMs);
    this.target = config.target;
    this.keepAlive = config.keepAlive;
    if ("streamed" in jobs) {
      if (config.rateRps !== void 0)
        throw new Error("A streamed corpus needs the closed model (no rate).");
      this.jobs = jobs.streamed;
      jobs.streamed.onAvailable = () => this.wake();
    } else this.jobs = new JobSource(jobs, config);
    this.quality = config.mode === "quality";
    this.localAddresses = this.quality && onOutcome !== null;
    const limit = this.jobs.jobLimit;
    const n = Math.max(
      1,
      Math.min(
        config.connections,
        Number.isFinite(limit) ? Math.max(1, limit) : config.connections
      )
    );
    const shaping = shapes(config.shaping) ? config.shaping : null;
    for (let i = 0; i < n; i++)
      this.slots.push(shaping ? new ShapedSlot(this, i, shaping) : new Slot(this, i));
  }
  config;
  onOutcome;
  readBuffer;
  stats;
  target;
  keepAlive;
  /** Quality mode with an outcome listener: read each connection's local address and port. */
  localAddresses;
  jobs;
  slots = [];
  idle = [];
  /** Slots waiting for a streamed job. */
  starved = [];
  stopping = false;
  finished = false;
  startAt = 0;
  issued = 0;
  backlog = 0;
  drainUntil = Infinity;
  timers = [];
  resolveRun = null;
  quality;
  /** The outcome sink is full: slots park in `starved` instead of sending (see {@link pause}). */
  paused = false;
  /**
   * Runs until a stop condition; resolves with everything recorded. The raw TCP transport proves
   * itself first (once per thread, see {@link proveRawTcp}).
   */
  async run(signal) {
    await proveRawTcp();
    if (this.finished) return this.stats.snapshot(performance4.now());
    return new Promise((resolve) => {
      this.resolveRun = resolve;
      this.startAt = performance4.now();
      const c = this.config;
      const onAbort = () => this.stop(0);
      if (signal?.aborted) {
        this.stop(0);
        return;
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      this.afterFinish = () => signal?.removeEventListener("abort", onAbort);
      this.timers.push(setInterval(() => this.sweep(), SWEEP_MS));
      const limitMs = Math.min(c.durationMs ?? Infinity, c.maxDurationMs);
      if (Number.isFinite(limitMs))
        this.timers.push(setTimeout(() => this.stop(c.drainMs), limitMs));
      if (c.rateRps !== void 0) {
        for (const slot of this.slots) this.idle.push(slot);
        this.timers.push(setInterval(() => this.tick(), 5));
        this.tick();
      } else {
        const hatch = c.hatchRatePerSec;
        for (const slot of this.slots) {
          if (hatch !== void 0 && hatch > 0 && slot.index > 0) {
            slot.timer = setTimeout(slot.dispatchBound, slot.index * 1e3 / hatch);
          } else slot.dispatch();
        }
      }
      this.checkFinished();
    });
  }
  afterFinish = () => void 0;
  /** Open model: release the requests that are due by now. */
  tick() {
    if (this.stopping) return;
    const perWorker = this.config.rateRps / this.config.workerCount;
    let due = Math.floor((performance4.now() - this.startAt) * perWorker / 1e3) - this.issued;
    while (due-- > 0 && !this.stopping) {
      this.issued++;
      const slot = this.idle.pop();
      if (slot) {
        slot.done = false;
        slot.dispatch();
        if (slot.done) {
          this.stop(this.config.drainMs);
          return;
        }
      } else this.backlog++;
    }
  }
  nextJob(slot) {
    if (this.stopping) return JOB_NONE;
    if (this.paused) {
      this.starved.push(slot);
      return JOB_WAIT;
    }
    if (this.jobs.next(slot.job)) return JOB_READY;
    if ("waiting" in this.jobs && this.jobs.waiting) {
      this.starved.push(slot);
      return JOB_WAIT;
    }
    queueMicrotask(() => this.checkFinished());
    return JOB_NONE;
  }
  /**
   * Stops handing out new requests until {@link resume}: the outcome writer is full (backpressure).
   * In-flight requests finish and report; idle slots wait, so outcome lines stay bounded in memory.
   */
  pause() {
    this.paused = true;
  }
  /** Hands out requests again after {@link pause}. */
  resume() {
    if (!this.paused) return;
    this.paused = false;
    this.wake();
  }
  /** Streamed jobs arrived (or the stream ended), or a pause ended: dispatch the waiting slots. */
  wake() {
    const slots = this.starved;
    this.starved = [];
    for (const slot of slots) {
      if (this.stopping) slot.done = true;
      else slot.dispatch();
    }
    this.checkFinished();
  }
  onSent(slot, now) {
    this.stats.onSent(slot.job.domain, slot.job.buf.length, now);
    if (this.quality && slot.job.id === null) this.stats.unjoinable++;
  }
  onResponse(slot, now, latencyUs) {
    const parser = slot.parser;
    this.stats.onResponse(slot.job.domain, parser.status, latencyUs, parser.bytes, now);
    if (this.onOutcome)
      this.onOutcome(
        slot.job,
        parser.status,
        null,
        latencyUs,
        parser.bytes,
        slot.reused,
        epochMs(slot.sentAt),
        slot.local
      );
    this.afterRequest(slot, 0, this.onOutcome ? void 0 : now);
  }
  onFailure(slot, now, kind, latencyUs) {
    this.stats.onError(slot.job.domain, kind, slot.parser.bytes, now);
    if (this.onOutcome)
      this.onOutcome(
        slot.job,
        null,
        ERROR_KINDS[kind],
        latencyUs,
        slot.parser.bytes,
        slot.reused,
        epochMs(slot.sentAt),
        slot.local
      );
    this.afterRequest(
      slot,
      kind === ERR.refused || kind === ERR.timeoutConnect ? CONNECT_BACKOFF_MS : 0
    );
  }
  afterRequest(slot, backoffMs, now) {
    if (this.stopping) {
      slot.done = true;
      slot.dropSocket();
      this.checkFinished();
      return;
    }
    if (this.config.rateRps !== void 0) {
      if (this.backlog > 0) {
        this.backlog--;
        slot.dispatch();
        if (slot.done) this.stop(this.config.drainMs);
      } else this.idle.push(slot);
      return;
    }
    const delay = Math.max(this.config.thinkTimeMs, backoffMs);
    if (delay > 0) slot.timer = setTimeout(slot.dispatchBound, delay);
    else slot.dispatch(now);
    if (slot.done) this.checkFinished();
  }
  /** Timeouts, window roll-over, drain deadline. */
  sweep() {
    const now = performance4.now();
    const c = this.config;
    for (const slot of this.slots) {
      if (!slot.busy) continue;
      const age = now - slot.sentAt;
      if (!slot.connected && !slot.reused && now - slot.connectAt > c.connectTimeoutMs)
        slot.fail(ERR.timeoutConnect);
      else if (!slot.firstByte && age > c.firstByteTimeoutMs) slot.fail(ERR.timeoutFirstByte);
      else if (age > c.totalTimeoutMs) slot.fail(ERR.timeoutTotal);
    }
    this.stats.roll(now);
    if (now - this.startAt > c.maxDurationMs) this.stop(0);
    if (this.stopping && now >= this.drainUntil) this.finish();
  }
  /** Stops sending; in-flight requests get `drainMs` to finish. */
  stop(drainMs) {
    if (this.finished) return;
    if (!this.stopping) {
      this.stopping = true;
      for (const slot of this.slots) {
        if (slot.timer) clearTimeout(slot.timer);
        slot.timer = null;
        if (!slot.busy) {
          slot.done = true;
          slot.dropSocket();
        }
      }
    }
    this.drainUntil = Math.min(this.drainUntil, performance4.now() + drainMs);
    if (drainMs <= 0) this.finish();
    else this.checkFinished();
  }
  checkFinished() {
    if (this.finished) return;
    const openModel = this.config.rateRps !== void 0;
    if (!this.stopping && openModel) return;
    for (const slot of this.slots)
      if (slot.busy || !slot.done && !this.stopping || slot.timer) return;
    this.finish();
  }
  finish() {
    if (this.finished) return;
    this.finished = true;
    this.stopping = true;
    if ("close" in this.jobs) this.jobs.close();
    for (const t of this.timers) clearTimeout(t);
    for (const slot of this.slots) if (slot.cancel()) this.stats.cancelled++;
    this.afterFinish();
    this.resolveRun?.(this.stats.snapshot(performance4.now()));
  }
  /** Live counters for progress. */
  live() {
    return { ...this.stats.live(), elapsedMs: performance4.now() - this.startAt };
  }
};

// src/replay/outcomes.ts
import { createWriteStream } from "node:fs";

// src/replay/rewrite.ts
var LF3 = 10;
var CR2 = 13;
function firstLf(raw) {
  return raw.indexOf(LF3);
}
function rewriteRequestLine(line, domain) {
  let i = 0;
  while (i < line.length && (line[i] === 32 || line[i] === 9)) i++;
  while (i < line.length && line[i] !== 32 && line[i] !== 9) i++;
  while (i < line.length && (line[i] === 32 || line[i] === 9)) i++;
  const start = i;
  const lower = line.toString("latin1", start, Math.min(line.length, start + 8)).toLowerCase();
  const schemeLen = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : 0;
  if (schemeLen === 0) return line;
  const hostStart = start + schemeLen;
  let hostEnd = hostStart;
  while (hostEnd < line.length) {
    const b = line[hostEnd];
    if (b === 47 || b === 63 || b === 35 || b === 32 || b === 9 || b === CR2) break;
    hostEnd++;
  }
  return Buffer.concat([line.subarray(0, hostStart), domain, line.subarray(hostEnd)]);
}
function isHostName(raw, start, colon) {
  if (colon - start !== 4) return false;
  return (raw[start] | 32) === 104 && (raw[start + 1] | 32) === 111 && (raw[start + 2] | 32) === 115 && (raw[start + 3] | 32) === 116;
}
function rewriteForDomain(raw, domain) {
  if (domain === "") return raw;
  const domainBytes = Buffer.from(domain, "latin1");
  const lf = firstLf(raw);
  if (lf === -1) return rewriteRequestLine(raw, domainBytes);
  const parts = [rewriteRequestLine(raw.subarray(0, lf + 1), domainBytes)];
  let copyFrom = lf + 1;
  let lineStart = lf + 1;
  while (lineStart < raw.length) {
    const end = raw.indexOf(LF3, lineStart);
    const lineEnd = end === -1 ? raw.length : end;
    if (lineEnd === lineStart || lineEnd === lineStart + 1 && raw[lineStart] === CR2) break;
    const colon = raw.indexOf(58, lineStart);
    if (colon !== -1 && colon < lineEnd && isHostName(raw, lineStart, colon)) {
      let valueStart = colon + 1;
      while (valueStart < lineEnd && (raw[valueStart] === 32 || raw[valueStart] === 9))
        valueStart++;
      const valueEnd = lineEnd > valueStart && raw[lineEnd - 1] === CR2 ? lineEnd - 1 : lineEnd;
      parts.push(raw.subarray(copyFrom, valueStart), domainBytes);
      copyFrom = valueEnd;
    }
    if (end === -1) break;
    lineStart = end + 1;
  }
  parts.push(raw.subarray(copyFrom));
  return Buffer.concat(parts);
}
function splitAfterRequestLine(raw) {
  const lf = firstLf(raw);
  if (lf === -1) return null;
  const crlf = lf > 0 && raw[lf - 1] === CR2;
  const line = raw.toString("latin1", 0, crlf ? lf - 1 : lf).trim();
  const tokens = line.split(/[ \t]+/);
  const version = /^HTTP\/(\d+)\.\d+$/i.exec(tokens[tokens.length - 1] ?? "");
  if (tokens.length < 3 || !version || Number(version[1]) < 1) return null;
  return { head: raw.subarray(0, lf + 1), rest: raw.subarray(lf + 1), eol: crlf ? "\r\n" : "\n" };
}
var REQUEST_LINE_MAX = 8e3;
function needsOwnConnection(raw) {
  const lf = firstLf(raw);
  if (lf === -1 || lf > REQUEST_LINE_MAX) return true;
  const end = lf > 0 && raw[lf - 1] === CR2 ? lf - 1 : lf;
  const line = raw.toString("latin1", 0, end);
  return !/^[A-Z_-]+ (?:\/|[A-Za-z][A-Za-z0-9+.-]*:\/\/)[\x21-\x7e\x80-\xff]* HTTP\/1\.[01]$/.test(
    line
  );
}
function insertHeaders(split, headers) {
  if (headers.length === 0) return Buffer.concat([split.head, split.rest]);
  const text = headers.map(([n, v]) => `${n}: ${v}${split.eol}`).join("");
  return Buffer.concat([split.head, Buffer.from(text, "latin1"), split.rest]);
}
function describeRequest(raw) {
  const lf = firstLf(raw);
  const line = raw.toString("latin1", 0, lf === -1 ? Math.min(raw.length, 4096) : Math.min(lf, 4096)).trim();
  const tokens = line.split(/[ \t]+/);
  const target = tokens[1] ?? "";
  return { method: tokens[0] ?? "", target: target.length > 200 ? target.slice(0, 200) : target };
}

// src/replay/outcomes.ts
function entryFragments(corpus) {
  return corpus.entries.map(entryFragment);
}
function entryFragment(e) {
  const { method, target } = describeRequest(e.raw);
  return `"origin":${JSON.stringify(e.origin)},"entryKey":${JSON.stringify(`${e.origin.file}#${e.origin.index}`)},"method":${JSON.stringify(method)},"target":${JSON.stringify(target)}`;
}
var OutcomeFormatter = class {
  constructor(domains, fragments) {
    this.fragments = fragments;
    this.domainJson = domains.map((d) => JSON.stringify(d === "" ? "*" : d));
  }
  fragments;
  domainJson;
  /** One line (with its newline). */
  line(job, status, error, latencyUs, bytesReceived, reused, sentAtMs, local = "") {
    const fragment = job.fragment ?? this.fragments[Math.floor(job.k / this.domainJson.length)];
    return `{"id":${job.id === null ? "null" : `"${job.id}"`},"domain":${this.domainJson[job.domain]},${fragment},"status":${status},"error":${error === null ? "null" : `"${error}"`},"latencyUs":${latencyUs},"bytesSent":${job.buf.length},"bytesReceived":${bytesReceived},"reusedConnection":${reused},"startedAtMs":${sentAtMs}${local}${job.ownConnection ? ',"ownConnection":true' : ""}}
`;
  }
};
var LineBatcher = class {
  constructor(flushTo) {
    this.flushTo = flushTo;
  }
  flushTo;
  parts = [];
  size = 0;
  push(line) {
    this.parts.push(line);
    this.size += line.length;
    if (this.size >= 65536) this.flush();
  }
  flush() {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join("");
    this.parts = [];
    this.size = 0;
    this.flushTo(chunk);
  }
};
var OutcomeFile = class {
  constructor(path) {
    this.path = path;
    this.stream = createWriteStream(path);
    this.stream.on("error", (error) => {
      this.failure = error;
      this.releaseWaiters();
    });
    this.stream.on("drain", () => this.releaseWaiters());
  }
  path;
  /** Largest number of bytes held in memory by the stream after a write (a run statistic). */
  peakBufferedBytes = 0;
  stream;
  failure = null;
  drainWaiters = [];
  /** Buffers a chunk; false when the producer should pause until {@link onceDrained}. */
  write(chunk) {
    if (this.failure) return true;
    const ok = this.stream.write(chunk);
    if (this.stream.writableLength > this.peakBufferedBytes)
      this.peakBufferedBytes = this.stream.writableLength;
    return ok;
  }
  /** Calls `resume` once the buffered bytes are written (at once when the stream failed). */
  onceDrained(resume) {
    if (this.failure || !this.stream.writableNeedDrain) resume();
    else this.drainWaiters.push(resume);
  }
  releaseWaiters() {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resume of waiters) resume();
  }
  /** Flushes and closes; rejects when a write failed. */
  async close() {
    if (!this.failure) await new Promise((resolve) => this.stream.end(resolve));
    if (this.failure) throw this.failure;
  }
};
function backpressuredSink(file, producer) {
  let paused = false;
  return (chunk) => {
    if (file.write(chunk) || paused) return;
    paused = true;
    producer.pause();
    file.onceDrained(() => {
      paused = false;
      producer.resume();
    });
  };
}

// src/replay/prepare.ts
var EMPTY2 = Buffer.alloc(0);
function gcd(a, b) {
  return b === 0 ? a : gcd(b, a % b);
}
function weightedCycle(weights) {
  let ints = weights.map((w) => Math.max(1, Math.round(w * 100)));
  const g = ints.reduce((a, b) => gcd(a, b));
  ints = ints.map((w) => w / g);
  let total = ints.reduce((a, b) => a + b, 0);
  if (total > 1e5) {
    ints = ints.map((w) => Math.max(1, Math.round(w * 1e5 / total)));
    total = ints.reduce((a, b) => a + b, 0);
  }
  const current = ints.map(() => 0);
  const cycle = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    let best = 0;
    for (let s = 0; s < ints.length; s++) {
      current[s] += ints[s];
      if (current[s] > current[best]) best = s;
    }
    current[best] -= total;
    cycle[i] = best;
  }
  return cycle;
}
function isHeadRequest(raw) {
  return describeRequest(raw).method === "HEAD";
}
function prepareOne(entryRaw, domain, extraHeaders) {
  let raw = rewriteForDomain(entryRaw, domain);
  let split = splitAfterRequestLine(raw);
  if (split && extraHeaders.length > 0) {
    raw = insertHeaders(split, extraHeaders);
    split = splitAfterRequestLine(raw);
  }
  return {
    raw,
    splitAt: split ? split.head.length : -1,
    crlf: split?.eol === "\r\n",
    ownConnection: needsOwnConnection(raw)
  };
}
function prepareRequests(corpus, domains, extraHeaders) {
  const n = corpus.entries.length * domains.length;
  if (corpus.entries.length !== corpus.entryCount)
    throw new Error("prepareRequests needs a loaded corpus (keepEntries).");
  const parts = [];
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const splitAt = new Int32Array(n);
  const crlf = new Uint8Array(n);
  const ownConnection = new Uint8Array(n);
  const noBody = new Uint8Array(n);
  let offset = 0;
  let k = 0;
  for (const entry of corpus.entries) {
    const isHead = isHeadRequest(entry.raw);
    for (const domain of domains) {
      const one = prepareOne(entry.raw, domain, extraHeaders);
      parts.push(one.raw);
      starts[k] = offset;
      offset += one.raw.length;
      ends[k] = offset;
      splitAt[k] = one.splitAt;
      crlf[k] = one.crlf ? 1 : 0;
      ownConnection[k] = one.ownConnection ? 1 : 0;
      noBody[k] = isHead ? 1 : 0;
      k++;
    }
  }
  const sourceStarts = new Int32Array(corpus.entriesBySource.length + 1);
  const flat = [];
  corpus.entriesBySource.forEach((list, s) => {
    sourceStarts[s] = flat.length;
    for (const entry of list) flat.push(entry);
  });
  sourceStarts[corpus.entriesBySource.length] = flat.length;
  const blob = Buffer.from(new SharedArrayBuffer(Math.max(1, offset)), 0, offset);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    at += parts[i].copy(blob, at);
    parts[i] = EMPTY2;
  }
  return {
    domains,
    entryCount: corpus.entries.length,
    blob,
    starts,
    ends,
    splitAt,
    crlf,
    ownConnection,
    noBody,
    cycle: corpus.weights ? weightedCycle(corpus.weights) : null,
    sourceEntries: Int32Array.from(flat),
    sourceStarts
  };
}
function releaseEntryBytes(corpus) {
  for (const entry of corpus.entries) entry.raw = EMPTY2;
}
function revivePrepared(p) {
  const raw = p.blob;
  const blob = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return { ...p, blob };
}

export {
  rawTcp,
  disableRawTcp,
  proveRawTcp,
  withIdHeader,
  Engine,
  entryFragments,
  entryFragment,
  OutcomeFormatter,
  LineBatcher,
  OutcomeFile,
  backpressuredSink,
  isHeadRequest,
  prepareOne,
  prepareRequests,
  releaseEntryBytes,
  revivePrepared
};
