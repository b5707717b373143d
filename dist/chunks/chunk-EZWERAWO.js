import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  HOST_SCHEMA,
  LocalHost,
  SSH_INPUT_NAMES,
  formatHostSpec,
  openHostFromInputs,
  parseHostSpec
} from "./chunk-QEATW52E.js";
import {
  ConfigError,
  JsonShape,
  WafGateError,
  isConfigError,
  isWafGateError,
  optionNames,
  parseInteger,
  parseList,
  parseOptions,
  readJsonFile,
  writeJsonFile
} from "./chunk-QC4E7EMN.js";

// src/collect/follow/follow-core.ts
var FINGERPRINT_BYTES = 64;
var FollowCursor = class {
  constructor(ino, dev, offset = 0, fingerprint = new Uint8Array(0)) {
    this.ino = ino;
    this.dev = dev;
    this.offset = offset;
    this.tail = Uint8Array.from(
      fingerprint.subarray(Math.max(0, fingerprint.length - FINGERPRINT_BYTES))
    );
  }
  ino;
  dev;
  /** Bytes consumed (handed on) up to here. */
  offset;
  tail;
  /** The remembered bytes before the offset (a copy). */
  get fingerprint() {
    return Uint8Array.from(this.tail);
  }
  /** Where the next read starts: the fingerprint's first byte. */
  get readFrom() {
    return this.offset - this.tail.length;
  }
  /** Decides from a stat of the followed path (null: the path does not exist). */
  observe(path) {
    if (path === null) return "missing";
    if (path.ino !== this.ino) return "reopen-rotated";
    if (path.dev !== void 0 && this.dev !== void 0 && path.dev !== this.dev)
      return "reopen-rotated";
    if (path.size < this.offset) return "truncated-restart";
    return "continue";
  }
  /**
   * Checks bytes read from {@link readFrom} (`bytes[0, length)`): they must begin with the fingerprint.
   * Pure: call {@link advance} once the read is known to be good.
   */
  check(bytes, length = bytes.length) {
    const n = this.tail.length;
    if (length < n) return { decision: "truncated-restart", reason: "rewritten" };
    for (let i = 0; i < n; i += 1)
      if (bytes[i] !== this.tail[i]) return { decision: "truncated-restart", reason: "rewritten" };
    return { decision: "continue", dataStart: n };
  }
  /** Records that `data[start, end)` (the bytes right after the offset) was consumed. */
  advance(data, start, end) {
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
  restart() {
    this.offset = 0;
    this.tail = new Uint8Array(0);
  }
};
function encodeFingerprint(bytes) {
  return Buffer.from(bytes).toString("base64");
}
function decodeFingerprint(text) {
  return text === void 0 ? void 0 : new Uint8Array(Buffer.from(text, "base64"));
}

// src/collect/follow/host-log-follower.ts
import { dirname, isAbsolute } from "node:path";

// src/collect/follow/log-follower.ts
import { open, stat } from "node:fs/promises";
var READ_BYTES = 4 * 1024 * 1024;
function startOffset(options, ino, size) {
  if (options.from === void 0 || options.from === "end") return size;
  if (options.expectIno !== void 0 && options.expectIno !== ino) return 0;
  return Math.min(options.from, size);
}
function fingerprintHolds(expected, actual) {
  const want = decodeFingerprint(expected);
  if (want === void 0) return true;
  if (actual.length < want.length) return false;
  const from = actual.length - want.length;
  for (let i = 0; i < want.length; i += 1) if (actual[from + i] !== want[i]) return false;
  return true;
}
async function readBefore(handle, offset) {
  const n = Math.min(FINGERPRINT_BYTES, offset);
  const buf = Buffer.alloc(n);
  const { bytesRead } = await handle.read(buf, 0, n, offset - n);
  return buf.subarray(0, bytesRead);
}
var LogFollower = class _LogFollower {
  constructor(path, splitter, logger, start) {
    this.path = path;
    this.splitter = splitter;
    this.logger = logger;
    this.start = start;
  }
  path;
  splitter;
  logger;
  start;
  /** Bytes handed to the splitter. */
  bytesRead = 0;
  /** Rotations noticed: rename and truncation. */
  rotations = { renamed: 0, truncated: 0 };
  current = null;
  retired = [];
  buffer = Buffer.allocUnsafe(READ_BYTES);
  busy = Promise.resolve();
  /** Opens `path`; an unreadable file is a ConfigError naming it. */
  static async open(path, splitter, logger, options = {}) {
    const input = options.input ?? "access-log";
    let handle;
    try {
      handle = await open(path, "r");
    } catch (error) {
      throw new ConfigError(
        `Cannot read the log file: ${error.code ?? "error"}.`,
        {
          input,
          value: path,
          file: path,
          cause: error,
          hint: "Give the path of the log the WAF writes, readable by this user (run as the WAF user or with sudo)."
        }
      );
    }
    try {
      const st = await handle.stat();
      if (!st.isFile())
        throw new ConfigError("The log path is not a regular file.", {
          input,
          value: path,
          file: path
        });
      let offset = startOffset(options, st.ino, st.size);
      let before = await readBefore(handle, offset);
      if (offset > 0 && typeof options.from === "number" && !fingerprintHolds(options.expectFingerprint, before)) {
        logger.debug(`${path}: rewritten since byte ${offset} was recorded; reading from 0`);
        offset = 0;
        before = new Uint8Array(0);
      }
      const start = { path, ino: st.ino, offset };
      if (before.length > 0) start.fingerprint = encodeFingerprint(before);
      const follower = new _LogFollower(path, splitter, logger, start);
      follower.current = { handle, cursor: new FollowCursor(st.ino, st.dev, offset, before) };
      return follower;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
  /** Reads whatever was appended since the last poll, noticing rotation. Calls are serialised. */
  poll() {
    const next = this.busy.then(() => this.pollOnce());
    this.busy = next.catch(() => void 0);
    return next;
  }
  /** Final poll, then ends any partial line and closes every file. */
  async close() {
    try {
      await this.poll();
    } finally {
      this.splitter.flush();
      for (const t of [...this.retired, ...this.current ? [this.current] : []])
        await t.handle.close().catch(() => void 0);
      this.retired.length = 0;
      this.current = null;
    }
  }
  async pollOnce() {
    for (const old of this.retired) await this.drain(old);
    if (this.current === null && !await this.reopen()) return;
    const cur = this.current;
    const st = await stat(this.path).catch(() => null);
    const decision = cur.cursor.observe(st && { ino: st.ino, dev: st.dev, size: st.size });
    if (decision === "reopen-rotated") {
      this.rotations.renamed += 1;
      this.logger.debug(
        `${this.path}: rotated (inode ${cur.cursor.ino} -> ${st.ino}); following the new file from 0`
      );
      await this.drain(cur);
      this.splitter.flush();
      this.retired.push(cur);
      this.current = null;
      if (await this.reopen()) await this.drain(this.current);
      return;
    }
    if (decision === "truncated-restart") this.restart(cur, "shrank", st.size);
    await this.drain(cur);
  }
  /** Opens the file now at the path, from 0; false when there is none yet. */
  async reopen() {
    let handle;
    try {
      handle = await open(this.path, "r");
    } catch {
      return false;
    }
    const st = await handle.stat();
    this.current = { handle, cursor: new FollowCursor(st.ino, st.dev, 0) };
    return true;
  }
  restart(t, reason, size) {
    this.rotations.truncated += 1;
    this.logger.debug(
      `${this.path}: ${reason === "shrank" ? "truncated" : "truncated and rewritten"} (offset ${t.cursor.offset}, now ${size} bytes); reading from 0`
    );
    this.splitter.flush();
    t.cursor.restart();
  }
  async drain(t) {
    for (; ; ) {
      const from = t.cursor.readFrom;
      const { bytesRead } = await t.handle.read(this.buffer, 0, READ_BYTES, from);
      const check = t.cursor.check(this.buffer, bytesRead);
      if (check.decision === "truncated-restart") {
        this.restart(t, check.reason, from + bytesRead);
        continue;
      }
      if (bytesRead <= check.dataStart) return;
      this.splitter.push(this.buffer.subarray(check.dataStart, bytesRead));
      t.cursor.advance(this.buffer, check.dataStart, bytesRead);
      this.bytesRead += bytesRead - check.dataStart;
    }
  }
};

// src/collect/follow/host-log-follower.ts
var CHUNK_BYTES = 8 * 1024 * 1024;
var RETIRED_IDLE_POLLS = 20;
var MAX_RETIRED = 4;
function readChunk(host, path, start, maxBytes) {
  return new Promise((resolve4, reject) => {
    const stream = host.createReadStream(path, { start });
    const parts = [];
    let bytes = 0;
    let done = false;
    const finish = (error) => {
      if (done) return;
      done = true;
      stream.destroy();
      if (error) reject(error);
      else resolve4({ parts, bytes });
    };
    stream.on("data", (chunk) => {
      if (done) return;
      const take = Math.min(chunk.length, maxBytes - bytes);
      if (take > 0) parts.push(take < chunk.length ? chunk.subarray(0, take) : chunk);
      bytes += take;
      if (bytes >= maxBytes) finish();
    });
    stream.on("end", () => finish());
    stream.on("error", (error) => finish(error));
    stream.on("close", () => finish());
  });
}
function unreadable(path, host, input, error) {
  const code = error?.code;
  return new ConfigError(
    `Cannot read the log file on ${host.name}: ${typeof code === "string" ? code : error.message}.`,
    {
      input,
      value: path,
      file: path,
      cause: error,
      hint: "Give the absolute path of the log the WAF writes, readable by the SSH user (or log in as the WAF user)."
    }
  );
}
var HostLogFollower = class _HostLogFollower {
  constructor(host, path, splitter, logger, start, fingerprint) {
    this.host = host;
    this.path = path;
    this.splitter = splitter;
    this.logger = logger;
    this.start = start;
    this.current = {
      path,
      cursor: new FollowCursor(start.ino, void 0, start.offset, fingerprint),
      idlePolls: 0
    };
  }
  host;
  path;
  splitter;
  logger;
  start;
  bytesRead = 0;
  rotations = { renamed: 0, truncated: 0 };
  current;
  retired = [];
  lastSource;
  busy = Promise.resolve();
  /** Opens `path` on the host; a missing or unreadable file is a ConfigError naming it. */
  static async open(host, path, splitter, logger, options = {}) {
    const input = options.input ?? "access-log";
    if (!isAbsolute(path))
      throw new ConfigError(`The log path on ${host.name} must be absolute.`, {
        input,
        value: path,
        hint: "Give the full path on that host, e.g. /var/log/nginx/access.log."
      });
    let st;
    try {
      st = await host.stat(path);
      if (st === null) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
    } catch (error) {
      throw unreadable(path, host, input, error);
    }
    if (!st.isFile)
      throw new ConfigError(`The log path on ${host.name} is not a regular file.`, {
        input,
        value: path,
        file: path
      });
    let offset = startOffset(options, st.ino, st.size);
    const n = Math.min(FINGERPRINT_BYTES, offset);
    const read = await readChunk(host, path, offset - n, Math.max(1, n)).catch((error) => {
      throw unreadable(path, host, input, error);
    });
    let before = Buffer.concat(read.parts).subarray(0, n);
    if (offset > 0 && typeof options.from === "number" && !fingerprintHolds(options.expectFingerprint, before)) {
      logger.debug(`${path}: rewritten since byte ${offset} was recorded; reading from 0`);
      offset = 0;
      before = new Uint8Array(0);
    }
    const start = { path, ino: st.ino, offset };
    if (before.length > 0) start.fingerprint = encodeFingerprint(before);
    return new _HostLogFollower(host, path, splitter, logger, start, before);
  }
  /** Reads whatever was appended since the last poll, noticing rotation. Calls are serialised. */
  poll() {
    const next = this.busy.then(() => this.pollOnce());
    this.busy = next.catch(() => void 0);
    return next;
  }
  /** Final poll (also of rotated files), then ends any partial line. */
  async close() {
    try {
      await this.poll();
    } finally {
      this.splitter.flush();
      this.retired.length = 0;
      this.current = null;
    }
  }
  push(ino, bytes) {
    if (this.lastSource !== void 0 && this.lastSource !== ino) this.splitter.flush();
    this.lastSource = ino;
    this.bytesRead += bytes.length;
    this.splitter.push(bytes);
  }
  async pollOnce() {
    for (const old of [...this.retired]) await this.drainRetired(old);
    for (let round = 0; round < 4; round += 1) if (!await this.step()) return;
  }
  /** One look at the path; true when something changed under a read and it should be looked at again. */
  async step() {
    const st = await this.host.stat(this.path);
    const cur = this.current;
    const decision = cur?.cursor.observe(st && { ino: st.ino, size: st.size });
    if (cur && (decision === "missing" || decision === "reopen-rotated")) {
      this.rotations.renamed += 1;
      const found = await this.locate(cur.cursor.ino);
      this.logger.debug(
        `${this.path}: rotated (inode ${cur.cursor.ino} ${st ? `-> ${st.ino}` : "gone"}); ${found ? `draining ${found}` : "old file not found next to it"}`
      );
      if (found === null)
        this.logger.warn(
          `collect: ${this.path} on ${this.host.name} was rotated and its old file is not next to it; lines written to it after the last poll are lost`
        );
      const old = { ...cur, path: found, idlePolls: 0 };
      this.current = null;
      if (found !== null) {
        this.retired.push(old);
        if (this.retired.length > MAX_RETIRED) this.retired.shift();
        await this.drainRetired(old);
      }
    }
    if (st === null) return false;
    if (this.current === null)
      this.current = {
        path: this.path,
        cursor: new FollowCursor(st.ino, void 0, 0),
        idlePolls: 0
      };
    return this.drain(this.current, st);
  }
  restart(t, reason, size) {
    this.rotations.truncated += 1;
    this.logger.debug(
      `${t.path}: ${reason === "shrank" ? "truncated" : "truncated and rewritten"} (offset ${t.cursor.offset}, now ${size} bytes); reading from 0`
    );
    this.splitter.flush();
    t.cursor.restart();
  }
  /** Reads `t` (at `t.path`, currently `st`) to its end; true when a read turned out ambiguous. */
  async drain(t, first) {
    let st = first;
    for (; ; ) {
      if (t.cursor.observe({ ino: st.ino, size: st.size }) === "truncated-restart")
        this.restart(t, "shrank", st.size);
      if (st.size <= t.cursor.offset || t.path === null) return false;
      const from = t.cursor.readFrom;
      const chunk = await readChunk(this.host, t.path, from, CHUNK_BYTES);
      const after = await this.host.stat(t.path);
      if (after === null || after.ino !== t.cursor.ino || after.size < from + chunk.bytes)
        return true;
      const bytes = chunk.parts.length === 1 ? chunk.parts[0] : Buffer.concat(chunk.parts);
      const check = t.cursor.check(bytes);
      if (check.decision === "truncated-restart") {
        this.restart(t, check.reason, after.size);
        st = after;
        continue;
      }
      if (bytes.length <= check.dataStart) return false;
      this.push(t.cursor.ino, bytes.subarray(check.dataStart));
      t.cursor.advance(bytes, check.dataStart, bytes.length);
      t.idlePolls = 0;
      st = after;
    }
  }
  async drainRetired(old) {
    const ino = old.cursor.ino;
    let st = old.path === null ? null : await this.host.stat(old.path);
    if (st === null || st.ino !== ino) {
      old.path = await this.locate(ino);
      st = old.path === null ? null : await this.host.stat(old.path);
    }
    old.idlePolls += 1;
    if (st === null || st.ino !== ino || await this.drain(old, st)) {
      if (st === null || st.ino !== ino || old.idlePolls > RETIRED_IDLE_POLLS) this.forget(old);
      return;
    }
    if (old.idlePolls > RETIRED_IDLE_POLLS) this.forget(old);
  }
  forget(old) {
    const k = this.retired.indexOf(old);
    if (k >= 0) this.retired.splice(k, 1);
  }
  /**
   * Where inode `ino` is now, next to the followed path (null when it is not there). `find` takes no
   * `--` before its starting point: an absolute path cannot be read as an option or expression.
   */
  async locate(ino) {
    const dir = dirname(this.path);
    const result = await this.host.exec("find", [dir, "-maxdepth", "1", "-inum", String(ino)], {
      allowFailure: true,
      timeoutMs: 3e4
    }).catch(() => null);
    const line = result?.stdout.split("\n").find((l) => l !== "" && l !== this.path);
    return line ?? null;
  }
};

// src/collect/follow/line-splitter.ts
var LineSplitter = class {
  constructor(onLine, onOverlong, maxLineBytes = 4 * 1024 * 1024, keepBytes = 8192) {
    this.onLine = onLine;
    this.onOverlong = onOverlong;
    this.maxLineBytes = maxLineBytes;
    this.keepBytes = keepBytes;
  }
  onLine;
  onOverlong;
  maxLineBytes;
  keepBytes;
  pending = null;
  pendingLength = 0;
  overlong = false;
  overlongBytes = 0;
  /** Feeds `chunk[0, length)`. */
  push(chunk, length = chunk.length) {
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
  completeLines(chunk, pos, length) {
    const onLine = this.onLine;
    for (; ; ) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0 || nl >= length) return pos;
      if (nl > pos) onLine(chunk, pos, nl);
      pos = nl + 1;
    }
  }
  /** Treats a held partial line as complete (end of file, rotation, stop). */
  flush() {
    if (this.pending !== null || this.overlong) this.emitPending();
  }
  /** Bytes currently held as a partial line. */
  get heldBytes() {
    return this.overlong ? this.overlongBytes : this.pendingLength;
  }
  appendPending(chunk, start, end) {
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
        Math.max(need, Math.min(this.maxLineBytes, Math.max(need * 2, 4096)))
      );
      if (this.pending) this.pending.copy(grown, 0, 0, this.pendingLength);
      this.pending = grown;
    }
    chunk.copy(this.pending, this.pendingLength, start, end);
    this.pendingLength = need;
  }
  emitPending() {
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
};

// src/collect/proc/proc-stat.ts
function parseProcStat(text) {
  const close = text.lastIndexOf(")");
  if (close < 0) return null;
  const f = text.slice(close + 2).split(" ");
  const ppid = Number(f[1]);
  const ticks = Number(f[11]) + Number(f[12]);
  const childTicks = Number(f[13]) + Number(f[14]);
  const rssPages = Number(f[21]);
  if (f.length < 22 || ![ppid, ticks, childTicks, rssPages].every((x) => Number.isFinite(x)))
    return null;
  return { state: f[0], ppid, ticks, childTicks, rssPages };
}

// src/collect/proc/cpu-marks.ts
function exactCpuBetween(start, end, group, clockTicksPerSec) {
  const s = start.groups.find((g) => g.group === group);
  const e = end.groups.find((g) => g.group === group);
  if (s === void 0 || e === void 0)
    return { missing: `the group was not read at mark "${s ? end.name : start.name}"` };
  if (s.livePids === 0 || e.livePids === 0)
    return {
      missing: `no process of the group at mark "${s.livePids === 0 ? start.name : end.name}"`
    };
  const sameParents = s.reapedTicks !== null && e.reapedTicks !== null && s.parentPids.length > 0 && s.parentPids.join(",") === e.parentPids.join(",");
  const liveDelta = e.liveTicks - s.liveTicks;
  let ticks;
  let errorTicks = s.livePids + e.livePids + s.zombies + e.zombies;
  let uncountedExits = 0;
  if (sameParents) {
    ticks = liveDelta + (e.reapedTicks - s.reapedTicks);
    errorTicks += s.parentPids.length + e.parentPids.length;
  } else {
    ticks = liveDelta + (e.exitedTicks - s.exitedTicks);
    uncountedExits = e.exitedPids - s.exitedPids;
    errorTicks += uncountedExits;
  }
  if (ticks < 0)
    return {
      missing: `the CPU counter went backwards between "${start.name}" and "${end.name}" (${ticks} ticks): a pid was reused or the parent changed`
    };
  const msPerTick = 1e3 / clockTicksPerSec;
  return {
    value: {
      from: start.name,
      to: end.name,
      method: sameParents ? "reaped" : "last-reading",
      ticks,
      cpuMs: ticks * msPerTick,
      errorTicks,
      errorMs: errorTicks * msPerTick,
      intervalMs: start.clockMs !== void 0 && end.clockMs !== void 0 ? end.clockMs - start.clockMs : end.timeMs - start.timeMs,
      readMs: { start: start.readMs, end: end.readMs },
      pids: { start: s.livePids, end: e.livePids },
      uncountedExits
    }
  };
}
function groupReading(group, parents, snap, counts) {
  let reapedTicks = null;
  const parentPids = [];
  if (parents !== null && parents.size > 0) {
    reapedTicks = 0;
    for (const pid of [...parents].sort((a, b) => a - b)) {
      const text = snap.stat(pid);
      const stat2 = text === null ? null : parseProcStat(text);
      if (stat2 === null) {
        reapedTicks = null;
        break;
      }
      parentPids.push(pid);
      reapedTicks += stat2.childTicks;
    }
  }
  return { group, ...counts, parentPids: reapedTicks === null ? [] : parentPids, reapedTicks };
}

// src/collect/proc/host-proc.ts
var PROC_DUMP_SCRIPT = [
  "cd /proc || exit 97",
  'head -c 8192 -- /proc/uptime "$@" [0-9]*/stat [0-9]*/cmdline 2>/dev/null',
  "printf '\\n==> fd-counts <==\\n'",
  // An empty folder (a kernel thread) counts 0; one we may not read gives no line.
  'for d in [0-9]*/fd; do if [ -r "$d" ]; then set -- "$d"/*; if [ -L "$1" ] || [ -e "$1" ]; then echo "${d%/fd} $#"; else echo "${d%/fd} 0"; fi; fi; done 2>/dev/null'
].join("\n");
var FD_COUNTS = "fd-counts";
var HEADER = /(?:^|\n)==> (.*?) <==\n/g;
function splitHeadOutput(text) {
  const files = /* @__PURE__ */ new Map();
  let name;
  let from = 0;
  HEADER.lastIndex = 0;
  for (let m = HEADER.exec(text); m !== null; m = HEADER.exec(text)) {
    if (name !== void 0) files.set(name, text.slice(from, m.index));
    name = m[1];
    from = m.index + m[0].length;
  }
  if (name !== void 0) files.set(name, text.slice(from).replace(/\n$/, ""));
  return files;
}
function parseProcDump(text) {
  const files = splitHeadOutput(text);
  const stats = /* @__PURE__ */ new Map();
  const cmdlines = /* @__PURE__ */ new Map();
  const pidFiles = /* @__PURE__ */ new Map();
  let clockMs;
  let fdCounts;
  for (const [name, content] of files) {
    if (name === FD_COUNTS) {
      fdCounts = /* @__PURE__ */ new Map();
      for (const line of content.split("\n")) {
        const [pid, count] = line.trim().split(" ").map(Number);
        if (Number.isInteger(pid) && Number.isInteger(count)) fdCounts.set(pid, count);
      }
      continue;
    }
    const slash = name.indexOf("/");
    if (slash > 0 && name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57) {
      const pid = Number(name.slice(0, slash));
      const kind = name.slice(slash + 1);
      if (!Number.isInteger(pid)) continue;
      if (kind === "stat") stats.set(pid, content);
      else if (kind === "cmdline") cmdlines.set(pid, content);
    } else if (name === "/proc/uptime") {
      const seconds = Number(content.split(" ")[0]);
      if (Number.isFinite(seconds)) clockMs = seconds * 1e3;
    } else {
      pidFiles.set(name, content);
    }
  }
  return {
    pids: stats.keys(),
    stat: (pid) => stats.get(pid) ?? null,
    cmdline: (pid) => cmdlines.get(pid) ?? null,
    pidFile: (path) => pidFiles.get(path) ?? null,
    // A dump without the section (the shell stopped early) reads no descriptors at all.
    ...fdCounts === void 0 ? {} : { fdCount: (pid) => fdCounts.get(pid) ?? null },
    ...clockMs === void 0 ? {} : { clockMs }
  };
}
var HostProcReader = class {
  constructor(host, timeoutMs = 1e4) {
    this.host = host;
    this.timeoutMs = timeoutMs;
  }
  host;
  timeoutMs;
  /** One snapshot; `pidFiles` are read in the same exec (absolute paths on the host). */
  async snapshot(pidFiles) {
    const result = await this.host.exec("sh", ["-c", PROC_DUMP_SCRIPT, "sh", ...pidFiles], {
      allowFailure: true,
      // head exits 1 when a process vanished between the glob and the read
      timeoutMs: this.timeoutMs
    });
    if (result.exitCode === 97 || !result.stdout.includes("==> /proc/uptime <=="))
      throw new Error(
        `reading /proc on ${this.host.name} failed (exit ${result.exitCode}${result.stderr ? `: ${result.stderr.trim().slice(0, 200)}` : ""})`
      );
    return parseProcDump(result.stdout);
  }
};
async function hostProcConstants(host) {
  const read = async (name, fallback) => {
    try {
      const r = await host.exec("getconf", [name], { timeoutMs: 1e4 });
      const n = Number(r.stdout.trim());
      return Number.isInteger(n) && n > 0 ? n : fallback;
    } catch {
      return fallback;
    }
  };
  return { clockTicksPerSec: await read("CLK_TCK", 100), pageBytes: await read("PAGESIZE", 4096) };
}

// src/collect/proc/local-proc.ts
import { closeSync, opendirSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
var scratch = Buffer.allocUnsafe(16 * 1024);
function readSmall(path) {
  let fd;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const n = readSync(fd, scratch, 0, scratch.length, 0);
    return scratch.toString("latin1", 0, n);
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
function countEntries(path) {
  let dir;
  try {
    dir = opendirSync(path);
  } catch {
    return null;
  }
  let n = 0;
  try {
    while (dir.readSync() !== null) n += 1;
    return n;
  } catch {
    return null;
  } finally {
    dir.closeSync();
  }
}
function localSnapshot(procDir) {
  const pids = [];
  for (const name of readdirSync(procDir)) {
    const c = name.charCodeAt(0);
    if (c >= 48 && c <= 57) pids.push(Number(name));
  }
  return {
    pids,
    stat: (pid) => readSmall(`${procDir}/${pid}/stat`),
    cmdline: (pid) => readSmall(`${procDir}/${pid}/cmdline`),
    fdCount: (pid) => countEntries(`${procDir}/${pid}/fd`),
    pidFile: (path) => {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return null;
      }
    }
  };
}

// src/collect/proc/proc-sampler.ts
var ProcSampler = class {
  constructor(groups, constants = { clockTicksPerSec: 100, pageBytes: 4096 }, onRows, procDir = "/proc") {
    this.groups = groups;
    this.constants = constants;
    this.onRows = onRows;
    this.procDir = procDir;
    this.pidsSeen = groups.map(() => /* @__PURE__ */ new Set());
    this.pidFileMisses = groups.map(() => 0);
    this.fdsMissing = groups.map(() => void 0);
    this.exitedTicks = groups.map(() => 0);
    this.exitedPids = groups.map(() => 0);
    this.matchers = groups.map(
      (g) => g.match.kind === "regex" ? /* @__PURE__ */ ((re) => (c) => re.test(c))(new RegExp(g.match.pattern)) : (c) => c.startsWith(g.match.pattern)
    );
  }
  groups;
  constants;
  onRows;
  procDir;
  events = [];
  groupSamples = [];
  /** Every pid seen per group. */
  pidsSeen;
  /** Per group: samples in which its parent pid file was missing or held no pid. */
  pidFileMisses;
  /** Explicit counter reads ({@link markFrom}), in order. */
  marks = [];
  /** Per group: why its file descriptors were not read, the first time they were not. */
  fdsMissing;
  /** Per group: last readings of members gone so far, and how many. */
  exitedTicks;
  exitedPids;
  members = /* @__PURE__ */ new Map();
  candidates = /* @__PURE__ */ new Map();
  lastMs = 0;
  lastClockMs;
  samples = 0;
  matchers;
  /** The parent pid files the groups name (a remote reader fetches them with the sample). */
  get pidFiles() {
    return [...new Set(this.groups.flatMap((g) => g.parentPidFile ? [g.parentPidFile] : []))];
  }
  /** Samples taken so far (the first one only sets the baseline of CPU ticks). */
  get samplesTaken() {
    return this.samples;
  }
  parents(g, snap, countMiss = true) {
    const group = this.groups[g];
    if (group.parentPid === void 0 && group.parentPidFile === void 0) return null;
    const set = /* @__PURE__ */ new Set();
    if (group.parentPid !== void 0) set.add(group.parentPid);
    if (group.parentPidFile !== void 0) {
      const text = snap.pidFile(group.parentPidFile);
      const pid = Number((text ?? "").trim());
      if (text !== null && text.trim() !== "" && Number.isInteger(pid) && pid > 0) set.add(pid);
      else if (countMiss) this.pidFileMisses[g] = this.pidFileMisses[g] + 1;
    }
    return set;
  }
  classify(pid, ppid, parents, snap) {
    const raw = snap.cmdline(pid);
    if (raw === null || raw === "") return -1;
    const cmdline = raw.replace(/\0+$/, "").replace(/\0/g, " ");
    for (let g = 0; g < this.groups.length; g += 1) {
      const allowed = parents[g];
      if (allowed !== null && allowed !== void 0 && !allowed.has(ppid)) continue;
      if (this.matchers[g](cmdline)) return g;
    }
    return -1;
  }
  /** Takes one sample of the local /proc now. */
  sample(nowMs = Date.now()) {
    this.sampleFrom(localSnapshot(this.procDir), nowMs);
  }
  /** Takes one sample from a snapshot read at `nowMs` (wall clock, for the series). */
  sampleFrom(snap, nowMs = Date.now()) {
    this.read(snap, nowMs, false);
  }
  /** Reads the local /proc's CPU counters now as mark `name` (see {@link markFrom}). */
  mark(name) {
    const before = performance.now();
    const snap = localSnapshot(this.procDir);
    const timeMs = Date.now();
    const groups = this.read(snap, timeMs, true);
    const mark = { name, timeMs, readMs: performance.now() - before, groups };
    this.marks.push(mark);
    return mark;
  }
  /**
   * Records mark `name` from a snapshot: every group's cumulative CPU counters (cpu-marks.ts). New and
   * gone members are tracked as in a sample, but the series (CPU % per interval) is left alone.
   * @param timeMs wall clock at the middle of the read
   * @param readMs how long the read took
   */
  markFrom(name, snap, timeMs, readMs) {
    const groups = this.read(snap, timeMs, true);
    const mark = {
      name,
      timeMs,
      readMs,
      ...snap.clockMs === void 0 ? {} : { clockMs: snap.clockMs },
      groups
    };
    this.marks.push(mark);
    return mark;
  }
  /** A member's open descriptors, or null (and why, once per group) when they cannot be read. */
  readFds(snap, pid, group) {
    if (snap.fdCount === void 0) {
      this.fdsMissing[group] ??= "the /proc read on this host does not list file descriptors";
      return null;
    }
    const n = snap.fdCount(pid);
    if (n === null)
      this.fdsMissing[group] ??= `/proc/${pid}/fd was not readable (another user's process: run collect as that user or root)`;
    return n;
  }
  read(snap, nowMs, isMark) {
    const { clockTicksPerSec, pageBytes } = this.constants;
    const first = this.samples === 0;
    const intervalMs = first ? 0 : snap.clockMs !== void 0 && this.lastClockMs !== void 0 ? Math.max(0, snap.clockMs - this.lastClockMs) : nowMs - this.lastMs;
    const parents = this.groups.map((_, g) => this.parents(g, snap, !isMark));
    const listing = new Set(snap.pids);
    const cpuTicks = new Float64Array(this.groups.length);
    const rss = new Float64Array(this.groups.length);
    const count = new Int32Array(this.groups.length);
    const liveTicks = new Float64Array(this.groups.length);
    const zombies = new Int32Array(this.groups.length);
    const fds = new Float64Array(this.groups.length);
    const fdsUnread = new Uint8Array(this.groups.length);
    const pidRows = [];
    for (const pid of listing) {
      const member = this.members.get(pid);
      const cand = member ? void 0 : this.candidates.get(pid);
      if (!isMark && !member && cand && (cand.group < 0 ? cand.checks >= 3 : false)) continue;
      const statText = snap.stat(pid);
      const stat2 = statText === null ? null : parseProcStat(statText);
      if (stat2 === null) continue;
      let m = member;
      if (m === void 0 && isMark && stat2.state === "Z") {
        const g = parents.findIndex((set) => set !== null && set.has(stat2.ppid));
        if (g >= 0) {
          liveTicks[g] = liveTicks[g] + stat2.ticks;
          zombies[g] = zombies[g] + 1;
        }
        continue;
      }
      if (m === void 0) {
        const group = this.classify(pid, stat2.ppid, parents, snap);
        if (group < 0) {
          this.candidates.set(pid, { group: -1, checks: (cand?.checks ?? 0) + 1 });
          continue;
        }
        this.candidates.delete(pid);
        m = {
          group,
          ppid: stat2.ppid,
          // Before the first sample a member's CPU so far is the baseline; after it, a new member's
          // whole life falls inside the collection.
          ticks: first ? stat2.ticks : 0,
          lastTicks: stat2.ticks,
          firstSeenMs: nowMs,
          lastSeenMs: nowMs
        };
        this.members.set(pid, m);
        this.pidsSeen[group].add(pid);
        if (!first)
          this.events.push({ pid, group: this.groups[group].name, kind: "appeared", atMs: nowMs });
      }
      m.lastTicks = stat2.ticks;
      m.lastSeenMs = nowMs;
      m.ppid = stat2.ppid;
      liveTicks[m.group] = liveTicks[m.group] + stat2.ticks;
      count[m.group] = count[m.group] + 1;
      if (isMark) continue;
      const delta = Math.max(0, stat2.ticks - m.ticks);
      m.ticks = stat2.ticks;
      const rssBytes = stat2.rssPages * pageBytes;
      cpuTicks[m.group] = cpuTicks[m.group] + delta;
      rss[m.group] = rss[m.group] + rssBytes;
      const pidFds = first ? null : this.readFds(snap, pid, m.group);
      if (pidFds === null) fdsUnread[m.group] = 1;
      else fds[m.group] = fds[m.group] + pidFds;
      if (!first) {
        const cpuPct = intervalMs > 0 ? delta / clockTicksPerSec / (intervalMs / 1e3) * 100 : 0;
        pidRows.push({
          timeMs: nowMs,
          group: this.groups[m.group].name,
          pid,
          cpuPct,
          rssBytes,
          fds: pidFds
        });
      }
    }
    for (const [pid, m] of this.members) {
      if (listing.has(pid) && m.lastSeenMs === nowMs) continue;
      this.members.delete(pid);
      this.exitedTicks[m.group] = this.exitedTicks[m.group] + m.lastTicks;
      this.exitedPids[m.group] = this.exitedPids[m.group] + 1;
      this.events.push({
        pid,
        group: this.groups[m.group].name,
        kind: "gone",
        atMs: nowMs,
        ppid: m.ppid,
        parentAlive: listing.has(m.ppid),
        lastSeenMs: m.lastSeenMs
      });
    }
    for (const pid of this.candidates.keys()) if (!listing.has(pid)) this.candidates.delete(pid);
    const readings = this.groups.map(
      (g, k) => groupReading(g.name, parents[k] ?? null, snap, {
        liveTicks: liveTicks[k],
        livePids: count[k],
        exitedTicks: this.exitedTicks[k],
        exitedPids: this.exitedPids[k],
        zombies: zombies[k]
      })
    );
    if (isMark) return readings;
    this.samples += 1;
    this.lastMs = nowMs;
    this.lastClockMs = snap.clockMs;
    if (first) return readings;
    const groupRows = this.groups.map((g, k) => {
      const cpuMs = cpuTicks[k] / clockTicksPerSec * 1e3;
      return {
        timeMs: nowMs,
        group: g.name,
        cpuPct: intervalMs > 0 ? cpuMs / intervalMs * 100 : 0,
        rssBytes: rss[k],
        cpuMs,
        intervalMs,
        members: count[k],
        fds: fdsUnread[k] === 1 || count[k] === 0 ? null : fds[k]
      };
    });
    this.groupSamples.push(...groupRows);
    this.onRows?.(pidRows, groupRows);
    return readings;
  }
};

// src/collect/proc/process-groups.ts
import { resolve } from "node:path";
var NGINX_WORKER_GROUP = {
  name: "nginx-worker",
  match: { kind: "prefix", pattern: "nginx: worker process" }
};
function parseGroups(value, masterPidFile, masterPid) {
  const items = value ? value.split("\n").map((s) => s.trim()).filter(Boolean) : [];
  const groups = [];
  for (const item of items) {
    const [spec, ...attrs] = item.split(";");
    const eq = spec.indexOf("=");
    const name = eq > 0 ? spec.slice(0, eq).trim() : "";
    const matcher = eq > 0 ? spec.slice(eq + 1) : "";
    if (!/^[A-Za-z0-9._-]+$/.test(name) || matcher.trim() === "") {
      throw new ConfigError(
        'A process group is "name=command-line prefix" or "name=~regex" (one per line).',
        {
          input: "groups",
          value: item,
          hint: 'E.g. "squid=~^\\(squid-\\d+\\)" or "shark=/usr/local/shark/bin/shark".'
        }
      );
    }
    const group = matcher.startsWith("~") ? { name, match: { kind: "regex", pattern: matcher.slice(1) } } : { name, match: { kind: "prefix", pattern: matcher } };
    if (group.match.kind === "regex") {
      try {
        new RegExp(group.match.pattern);
      } catch (error) {
        throw new ConfigError("Invalid regular expression in a process group.", {
          input: "groups",
          value: item,
          cause: error
        });
      }
    }
    for (const attr of attrs) {
      const m = /^\s*parent=(.+)$/.exec(attr);
      if (!m)
        throw new ConfigError(
          'Unknown process group attribute; only ";parent=<pid or pid file>".',
          { input: "groups", value: item }
        );
      const parent = m[1].trim();
      if (/^\d+$/.test(parent)) group.parentPid = Number(parent);
      else group.parentPidFile = resolve(parent);
    }
    groups.push(group);
  }
  if (groups.length === 0)
    groups.push({ ...NGINX_WORKER_GROUP, match: { ...NGINX_WORKER_GROUP.match } });
  bindToMaster(groups, masterPidFile, masterPid);
  const names = /* @__PURE__ */ new Set();
  for (const g of groups) {
    if (names.has(g.name))
      throw new ConfigError(`Process group "${g.name}" is defined twice.`, {
        input: "groups",
        value
      });
    names.add(g.name);
  }
  return groups;
}
function bindToMaster(groups, masterPidFile, masterPid) {
  for (const g of groups) {
    if (g.name !== "nginx-worker" || g.parentPid !== void 0 || g.parentPidFile !== void 0)
      continue;
    if (masterPidFile) g.parentPidFile = resolve(masterPidFile);
    if (masterPid !== void 0) g.parentPid = masterPid;
  }
  return groups;
}

// src/collect/collect-host.ts
function isLocalHost(host) {
  return host instanceof LocalHost;
}
async function openCollectHost(options, logger) {
  if (options.host === void 0 || options.host === "local") return new LocalHost();
  return openHostFromInputs(options.host, options.ssh ?? {}, logger);
}
function openFollower(host, path, splitter, logger, options) {
  return isLocalHost(host) ? LogFollower.open(path, splitter, logger, options) : HostLogFollower.open(host, path, splitter, logger, options);
}
function sampleFunction(host, sampler, timeoutMs) {
  if (isLocalHost(host))
    return () => new Promise((done) => {
      sampler.sample();
      done();
    });
  const reader = new HostProcReader(host, timeoutMs);
  const once2 = async () => {
    const before = Date.now();
    const snapshot = await reader.snapshot(sampler.pidFiles);
    sampler.sampleFrom(snapshot, Math.round((before + Date.now()) / 2));
  };
  return () => once2().catch(once2);
}

// src/collect/logformat/byte-key-table.ts
var SLOT = 4;
var ByteKeyTable = class _ByteKeyTable {
  /** SLOT ints per slot: index + 1 (0 = empty), hash, arena offset, key length. */
  slots;
  mask;
  arena;
  arenaUsed = 0;
  /** A DataView of `arena` (word compares), remade when the arena grows. */
  arenaView;
  /** The buffer last compared against and a DataView of it: made once per buffer, not per key. */
  viewOf = null;
  bufView = new DataView(new ArrayBuffer(0));
  /** [arena offset, length, hash] per key, in index order. */
  meta;
  size = 0;
  /** Whether the last {@link intern} call added the key. */
  added = false;
  constructor(initialKeys = 64) {
    let n = 16;
    while (n < initialKeys * 2) n <<= 1;
    this.slots = new Int32Array(n * SLOT);
    this.mask = n - 1;
    this.arena = new Uint8Array(n * 16);
    this.arenaView = new DataView(this.arena.buffer);
    this.meta = new Int32Array((n >> 1) * 3);
  }
  /**
   * Hash of `buf[start, end)`. Keys of 8+ bytes are sampled (first 8, middle 4, last 4 bytes and the
   * length) without a loop — no mispredicted loop exits on keys of varying length; the full compare
   * on a hash match keeps it exact. Shorter keys are hashed byte by byte.
   */
  static hash(buf, start, end) {
    const len = end - start;
    let h = Math.imul(2166136261 ^ len, 16777619);
    if (len >= 8) {
      const m = start + (len >> 1) - 2;
      const l = end - 4;
      h = Math.imul(
        h ^ (buf[start] | buf[start + 1] << 8 | buf[start + 2] << 16 | buf[start + 3] << 24),
        16777619
      );
      h = Math.imul(
        h ^ (buf[start + 4] | buf[start + 5] << 8 | buf[start + 6] << 16 | buf[start + 7] << 24),
        16777619
      );
      h ^= h >>> 15;
      h = Math.imul(
        h ^ (buf[m] | buf[m + 1] << 8 | buf[m + 2] << 16 | buf[m + 3] << 24),
        16777619
      );
      h ^= h >>> 15;
      h = Math.imul(
        h ^ (buf[l] | buf[l + 1] << 8 | buf[l + 2] << 16 | buf[l + 3] << 24),
        16777619
      );
    } else {
      for (let i = start; i < end; i += 1) h = Math.imul(h ^ buf[i], 16777619);
    }
    h ^= h >>> 16;
    return Math.imul(h, 2246822507) ^ h >>> 13;
  }
  /**
   * {@link hash} of a key of 8+ bytes, its four words read through `bv` (a DataView of `buf`): four
   * loads instead of sixteen byte loads and shifts. The same value as {@link hash}.
   */
  static hashWords(bv, start, end) {
    const len = end - start;
    let h = Math.imul(2166136261 ^ len, 16777619);
    h = Math.imul(h ^ bv.getInt32(start, true), 16777619);
    h = Math.imul(h ^ bv.getInt32(start + 4, true), 16777619);
    h ^= h >>> 15;
    h = Math.imul(h ^ bv.getInt32(start + (len >> 1) - 2, true), 16777619);
    h ^= h >>> 15;
    h = Math.imul(h ^ bv.getInt32(end - 4, true), 16777619);
    h ^= h >>> 16;
    return Math.imul(h, 2246822507) ^ h >>> 13;
  }
  /** Hash of `buf[start, end)`: keys of 8+ bytes through the buffer's DataView (made once per buffer). */
  hashOf(buf, start, end) {
    if (end - start < 8) return _ByteKeyTable.hash(buf, start, end);
    let bv = this.bufView;
    if (this.viewOf !== buf) {
      bv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
      this.bufView = bv;
    }
    return _ByteKeyTable.hashWords(bv, start, end);
  }
  /** Index of the key, or -1. */
  find(buf, start, end) {
    const slot = this.probe(buf, start, end, this.hashOf(buf, start, end));
    return slot < 0 ? -1 : this.slots[slot * SLOT] - 1;
  }
  /** Index of the key, inserting it when new (see {@link added}). */
  intern(buf, start, end) {
    const hash = this.hashOf(buf, start, end);
    const slot = this.probe(buf, start, end, hash);
    if (slot >= 0) {
      this.added = false;
      return this.slots[slot * SLOT] - 1;
    }
    this.added = true;
    return this.insert(buf, start, end, hash, -slot - 1);
  }
  /** True when key `index` equals `buf[start, end)`. */
  keyEquals(index, buf, start, end) {
    if (this.meta[index * 3 + 1] !== end - start) return false;
    return this.sameBytes(this.meta[index * 3], buf, start, end);
  }
  /**
   * True when the arena bytes at `at` equal `buf[start, end)`. Compares four bytes a step as 32-bit
   * words (two loads instead of eight byte loads and seven XORs; fewer mispredicted branches on keys
   * of varying length), the last 0–3 bytes one by one. Keys under four bytes (`-`) make no view: a
   * log mixing `-` hosts with others does not allocate one per line.
   */
  sameBytes(at, buf, start, end) {
    let bv = this.bufView;
    if (this.viewOf !== buf && end - start >= 4) {
      bv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
      this.bufView = bv;
    }
    const av = this.arenaView;
    const a = at - start;
    let i = start;
    while (i + 4 <= end && av.getInt32(a + i, true) === bv.getInt32(i, true)) i += 4;
    const arena = this.arena;
    while (i < end && arena[a + i] === buf[i]) i += 1;
    return i === end;
  }
  /** True when key `index` equals the first `length` characters of `text` read as latin1 bytes. */
  keyEqualsText(index, text, length) {
    if (this.meta[index * 3 + 1] !== length) return false;
    const a = this.meta[index * 3];
    const arena = this.arena;
    for (let i = 0; i < length; i += 1) if (arena[a + i] !== text.charCodeAt(i)) return false;
    return true;
  }
  /** The key at `index` as latin1 text. */
  keyText(index) {
    const s = this.meta[index * 3];
    const length = this.meta[index * 3 + 1];
    return Buffer.from(this.arena.buffer, this.arena.byteOffset + s, length).toString("latin1");
  }
  /** Slot holding the key (>= 0), or -(empty slot) - 1. */
  probe(buf, start, end, hash) {
    const slots = this.slots;
    const len = end - start;
    const mask = this.mask;
    let slot = hash & mask;
    for (; ; ) {
      const at = slot * SLOT;
      const k1 = slots[at];
      if (k1 === 0) return -slot - 1;
      if (slots[at + 1] === hash && slots[at + 3] === len) {
        if (this.sameBytes(slots[at + 2], buf, start, end)) return slot;
      }
      slot = slot + 1 & mask;
    }
  }
  insert(buf, start, end, hash, slot) {
    const len = end - start;
    if (this.arenaUsed + len > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      bigger.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = bigger;
      this.arenaView = new DataView(bigger.buffer);
    }
    const at = this.arenaUsed;
    this.arena.set(buf.subarray(start, end), at);
    this.arenaUsed += len;
    const k = this.size;
    if ((k + 1) * 3 > this.meta.length) {
      const bigger = new Int32Array(this.meta.length * 2);
      bigger.set(this.meta);
      this.meta = bigger;
    }
    this.meta[k * 3] = at;
    this.meta[k * 3 + 1] = len;
    this.meta[k * 3 + 2] = hash;
    this.size += 1;
    this.put(this.slots, slot, k);
    if (this.size * 2 > this.mask + 1) this.grow();
    return k;
  }
  put(slots, slot, k) {
    const at = slot * SLOT;
    slots[at] = k + 1;
    slots[at + 1] = this.meta[k * 3 + 2];
    slots[at + 2] = this.meta[k * 3];
    slots[at + 3] = this.meta[k * 3 + 1];
  }
  grow() {
    const n = (this.mask + 1) * 2;
    const slots = new Int32Array(n * SLOT);
    const mask = n - 1;
    for (let k = 0; k < this.size; k += 1) {
      let slot = this.meta[k * 3 + 2] & mask;
      while (slots[slot * SLOT] !== 0) slot = slot + 1 & mask;
      this.put(slots, slot, k);
    }
    this.slots = slots;
    this.mask = mask;
  }
};

// src/collect/logformat/scanner-codegen.ts
var SHORT_BYTES = 24;
function byte(value) {
  if (value === void 0 || !Number.isInteger(value) || value < 0 || value > 255)
    throw new Error(`scanner codegen: not a byte: ${String(value)}`);
  return value;
}
function matchExpr(lit, at, from) {
  const parts = [];
  for (let q = from; q < lit.length; q += 1)
    parts.push(`buf[${at}${q === 0 ? "" : ` + ${q}`}] === ${byte(lit[q])}`);
  return parts.length === 0 ? "true" : parts.join(" && ");
}
var Search = { learn: 0, loop: 1, native: 2 };
function fieldCode(k, field, json, search) {
  const lit = field.after;
  const n = lit.length;
  if (n === 0) return `starts[${k}] = pos; ends[${k}] = end; pos = end;`;
  const c0 = byte(lit[0]);
  const rest = matchExpr(lit, "i", 1);
  const lines = [`starts[${k}] = pos; last = end - ${n}; j = -1;`];
  const w = field.width;
  if (w > 0)
    lines.push(
      `if (pos + ${w} <= last && ${matchExpr(lit, `pos + ${w}`, 0)}) j = pos + ${w}; else {`
    );
  else lines.push("{");
  if (json) {
    lines.push(
      `  for (i = pos; i <= last; i += 1) {`,
      `    c = buf[i];`,
      `    if (c === ${c0}) { if (${rest}) { j = i; break; } } else if (c === 92) i += 1;`,
      `  }`
    );
  } else {
    const pat = c0 * 16843009 | 0;
    const loop = [
      `    lim = pos + ${SHORT_BYTES - 1}; if (lim > last) lim = last;`,
      `    i = pos;`,
      `    while (i + 3 <= lim) {`,
      `      x = dv.getInt32(i, true) ^ ${pat};`,
      `      x = (x - 0x01010101) & ~x & 0x80808080;`,
      `      if (x === 0) { i += 4; continue; }`,
      `      i += (31 - Math.clz32(x & -x)) >> 3;`,
      `      if (${rest}) { j = i; break; }`,
      `      i += 1;`,
      `    }`,
      `    if (j < 0) for (; i <= lim; i += 1) if (buf[i] === ${c0} && ${rest}) { j = i; break; }`,
      `    if (j < 0 && lim < last) { from = lim + 1;${search === Search.learn ? ` if (warm === 1) longValues[${k}] += 1;` : ""} } else from = -1;`
    ];
    if (search === Search.learn)
      lines.push(`  from = pos;`, `  if (native[${k}] === 0) {`, ...loop, `  }`);
    else if (search === Search.loop) lines.push(`  from = pos;`, ...loop);
    else lines.push(`  from = pos;`);
    lines.push(
      `  if (j < 0 && from >= 0) {`,
      `    while (from <= last) {`,
      `      i = buf.indexOf(${c0}, from);`,
      `      if (i < 0 || i > last) break;`,
      `      if (${rest}) { j = i; break; }`,
      `      from = i + 1;`,
      `    }`,
      `  }`
    );
  }
  lines.push("}", `if (j < 0) return false;`, `ends[${k}] = j; pos = j + ${n};`);
  return lines.join("\n");
}
function scannerSource(prefix, fields, upTo, json, searches) {
  const out = [
    `let pos = start + ${prefix.length}, last = 0, i = 0, j = 0, lim = 0, from = 0, c = 0, x = 0;`,
    `if (pos > end) return false;`
  ];
  if (prefix.length > 0) out.push(`if (!(${matchExpr(prefix, "start", 0)})) return false;`);
  for (let k = 0; k <= upTo; k += 1)
    out.push(
      `// field ${k}`,
      fieldCode(k, fields[k], json, searches?.[k] ?? Search.learn)
    );
  out.push(upTo === fields.length - 1 ? "return pos === end;" : "return true;");
  return out.join("\n");
}
var cache = /* @__PURE__ */ new Map();
var CACHE_MAX = 64;
function compileScanner(prefix, fields, upTo, json, searches) {
  const body = scannerSource(prefix, fields, upTo, json, searches);
  const cached = cache.get(body);
  if (cached !== void 0) return cached;
  const fn = new Function(
    "buf",
    "start",
    "end",
    "starts",
    "ends",
    "native",
    "longValues",
    "warm",
    "dv",
    body
  );
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value);
  cache.set(body, fn);
  return fn;
}

// src/collect/logformat/field-scanner.ts
var FIXED_WIDTH = {
  time_local: [26, /[0-9A-Za-z/: +-]/],
  time_iso8601: [25, /[0-9T:+-]/],
  status: [3, /[0-9]/],
  request_id: [32, /[0-9a-f]/],
  msec: [14, /[0-9.]/]
};
function fixedWidth(name, after) {
  const spec = FIXED_WIDTH[name];
  if (spec === void 0 || after.length === 0) return 0;
  return spec[1].test(String.fromCharCode(after[0])) ? 0 : spec[0];
}
var WARMUP_LINES = 512;
var FieldScanner = class {
  starts;
  ends;
  fieldCount;
  fields;
  prefix;
  json;
  /** Generated scanners by `upTo`. */
  compiled = /* @__PURE__ */ new Map();
  /** 1: search this field's literal with memchr at once. */
  native;
  /** Warm-up: lines where this field's value was longer than SHORT_BYTES. */
  longValues;
  warmup = WARMUP_LINES;
  /** The last scanner used (a parser uses one or two `upTo`s; no map lookup per line). */
  lastUpTo = -1;
  lastFn = null;
  /** A DataView of the buffer being scanned (word-at-a-time search), made once per buffer. */
  dvBuf = null;
  dv = new DataView(new ArrayBuffer(0));
  constructor(format) {
    const n = format.fields.length;
    this.fieldCount = n;
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.prefix = format.prefix;
    this.json = format.escape === "json";
    this.fields = format.fields.map((f) => ({
      after: f.after,
      width: fixedWidth(f.name, f.after)
    }));
    this.native = new Uint8Array(n);
    this.longValues = new Int32Array(n);
  }
  /**
   * Splits `buf[start, end)` up to and including field `upTo` (all fields when omitted, which also
   * checks the line ends exactly after the format's last literal). Returns false when it does not match.
   */
  scan(buf, start, end, upTo = this.fieldCount - 1) {
    let fn = this.lastFn;
    if (upTo !== this.lastUpTo || fn === null) {
      fn = this.compiled.get(upTo) ?? this.compile(upTo);
      this.lastUpTo = upTo;
      this.lastFn = fn;
    }
    let warm = 0;
    if (this.warmup > 0) {
      warm = 1;
      if (--this.warmup === 0) this.pickSearch();
    }
    if (buf !== this.dvBuf) {
      this.dvBuf = buf;
      this.dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    return fn(buf, start, end, this.starts, this.ends, this.native, this.longValues, warm, this.dv);
  }
  compile(upTo) {
    if (!Number.isInteger(upTo) || upTo < 0 || upTo >= this.fieldCount)
      throw new RangeError(`field index ${upTo} out of 0..${this.fieldCount - 1}`);
    const searches = this.warmup > 0 ? void 0 : Array.from(this.native, (n) => n ? Search.native : Search.loop);
    const fn = compileScanner(this.prefix, this.fields, upTo, this.json, searches);
    this.compiled.set(upTo, fn);
    return fn;
  }
  /**
   * After the warm-up: memchr at once for fields whose values were long in over a quarter of the
   * lines, and scanners recompiled with that fixed (no flags read, nothing counted per line).
   */
  pickSearch() {
    for (let k = 0; k < this.fieldCount; k += 1)
      this.native[k] = this.longValues[k] * 4 > WARMUP_LINES ? 1 : 0;
    const upTos = [...this.compiled.keys()];
    this.compiled.clear();
    this.lastUpTo = -1;
    this.lastFn = null;
    for (const upTo of upTos) this.compile(upTo);
  }
};
function parseDecimal(buf, start, end) {
  if (end <= start || end - start > 9) return -1;
  let n = 0;
  for (let i = start; i < end; i += 1) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
function decodeJsonEscapes(text) {
  if (!text.includes("\\")) return text;
  try {
    return JSON.parse(`"${text}"`);
  } catch {
    return text;
  }
}

// src/collect/logformat/log-format.ts
var KNOWN_VARIABLES = new Set(
  [
    "remote_addr remote_user remote_port binary_remote_addr realip_remote_addr realip_remote_port",
    "time_local time_iso8601 msec request status body_bytes_sent bytes_sent request_length",
    "request_time host hostname server_name server_addr server_port server_protocol scheme https",
    "request_method request_uri uri document_uri args query_string is_args request_id request_body",
    "connection connection_requests connection_time pipe pid nginx_version",
    "upstream_addr upstream_status upstream_response_time upstream_connect_time upstream_header_time",
    "upstream_response_length upstream_bytes_received upstream_bytes_sent upstream_cache_status",
    "upstream_queue_time gzip_ratio ssl_protocol ssl_cipher ssl_server_name ssl_session_reused",
    "ssl_client_verify ssl_early_data http2 http3 content_type content_length document_root realpath_root",
    "proxy_add_x_forwarded_for proxy_host proxy_port proxy_protocol_addr proxy_protocol_port",
    "tcpinfo_rtt tcpinfo_rttvar tcpinfo_snd_cwnd tcpinfo_rcv_space request_completion",
    "limit_req_status limit_conn_status sent_trailer_name geoip_country_code"
  ].join(" ").split(" ")
);
var KNOWN_PREFIXES = [
  "http_",
  "cookie_",
  "arg_",
  "sent_http_",
  "sent_trailer_",
  "upstream_http_",
  "upstream_cookie_",
  "upstream_trailer_",
  "jwt_claim_"
];
function isKnownVariable(name, extra = []) {
  if (KNOWN_VARIABLES.has(name) || extra.includes(name)) return true;
  if (/^\d+$/.test(name)) return true;
  return KNOWN_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length);
}
function unquoteDefinition(definition, input) {
  let text = definition.trim();
  let escape;
  const head = /^log_format\s+\S+\s*/.exec(text);
  if (head) text = text.slice(head[0].length);
  const esc = /^escape=(\S+)\s*/.exec(text);
  if (esc) {
    const value = esc[1];
    if (value !== "default" && value !== "json" && value !== "none") {
      throw new ConfigError(`Unknown escape mode "${value}" in the log_format.`, {
        input,
        value: definition,
        hint: "nginx accepts escape=default, escape=json or escape=none."
      });
    }
    escape = value;
    text = text.slice(esc[0].length);
  }
  if (text.endsWith(";")) text = text.slice(0, -1).trimEnd();
  if (!text.startsWith("'") && !text.startsWith('"'))
    return escape ? { format: text, escape } : { format: text };
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch !== "'" && ch !== '"') {
      throw new ConfigError(
        `Unexpected ${JSON.stringify(ch)} at character ${i + 1} between the quoted parts of the log_format.`,
        {
          input,
          value: definition,
          hint: "Paste the quoted strings of the log_format, e.g. '$remote_addr - \u2026'."
        }
      );
    }
    let j = i + 1;
    for (; j < text.length && text[j] !== ch; j += 1) {
      if (text[j] === "\\" && j + 1 < text.length) {
        const next = text[j + 1];
        out += next === "n" ? "\n" : next === "t" ? "	" : next === "r" ? "\r" : next;
        j += 1;
      } else {
        out += text[j];
      }
    }
    if (j >= text.length) {
      throw new ConfigError(
        `Unterminated quote starting at character ${i + 1} of the log_format.`,
        {
          input,
          value: definition
        }
      );
    }
    i = j + 1;
  }
  return escape ? { format: out, escape } : { format: out };
}
function compileLogFormat(definition, options = {}) {
  const input = options.input ?? "log-format";
  const { format, escape: found } = unquoteDefinition(definition, input);
  const escape = options.escape ?? found ?? "default";
  const literals = [];
  const names = [];
  let literal = "";
  let i = 0;
  while (i < format.length) {
    const ch = format[i];
    if (ch !== "$") {
      literal += ch;
      i += 1;
      continue;
    }
    let name;
    let end;
    if (format[i + 1] === "{") {
      const close = format.indexOf("}", i + 2);
      if (close < 0) {
        throw new ConfigError(`Unclosed "\${" at character ${i + 1} of the log_format.`, {
          input,
          value: format
        });
      }
      name = format.slice(i + 2, close);
      end = close + 1;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(format.slice(i + 1));
      name = m ? m[0] : "";
      end = i + 1 + name.length;
    }
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      throw new ConfigError(
        `Invalid variable name after "$" at character ${i + 1} of the log_format.`,
        {
          input,
          value: format
        }
      );
    }
    if (!isKnownVariable(name, options.extraVariables)) {
      throw new ConfigError(
        `Unknown variable "$${name}" at character ${i + 1} of the log_format.`,
        {
          input,
          value: format,
          hint: "Use nginx variables ($status, $host, $http_<header>, \u2026) or declare custom ones (--extra-variables)."
        }
      );
    }
    if (names.length > 0 && literal === "") {
      throw new ConfigError(
        `Variables "$${names[names.length - 1]}" and "$${name}" follow each other with nothing between them (character ${i + 1}): the line cannot be split.`,
        { input, value: format, hint: "Put a separator (space, quote, key=) between variables." }
      );
    }
    literals.push(literal);
    literal = "";
    names.push(name);
    i = end;
  }
  literals.push(literal);
  if (names.length === 0) {
    throw new ConfigError("The log_format has no variables.", { input, value: format });
  }
  const fields = names.map((name, k) => ({
    name,
    after: Buffer.from(literals[k + 1], "utf8")
  }));
  const index = /* @__PURE__ */ new Map();
  fields.forEach((f, k) => {
    if (!index.has(f.name)) index.set(f.name, k);
  });
  return { format, escape, prefix: Buffer.from(literals[0], "utf8"), fields, index };
}

// src/lab/log-format.ts
var LAB_LOG_FORMAT = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" host=$host rt=$request_time us=$upstream_status urt=$upstream_response_time gid=$http_x_waf_gate_id rid=$request_id port=$remote_port';

// src/collect/logformat/presets.ts
var COMBINED_FORMAT = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';
var WAF_GATE_LAB_FORMAT = LAB_LOG_FORMAT;
var DEFAULT_JSON_FIELDS = {
  status: "status",
  host: "host",
  upstreamStatus: "upstream_status",
  id: "gid",
  requestId: "rid"
};
function jsonPresetFormat(names, idVariable) {
  return `{"time":"$time_iso8601","remote_addr":"$remote_addr","request":"$request","${names.status}":"$status","${names.host}":"$host","${names.upstreamStatus}":"$upstream_status","${names.id}":"$${idVariable}","${names.requestId}":"$request_id"}`;
}
var PRESET_NAMES = ["combined", "waf-gate-lab", "waf-marker", "json"];
function isPresetName(value) {
  return PRESET_NAMES.includes(value);
}

// src/collect/logformat/log-time.ts
function logTimeVariable(has) {
  if (has("msec")) return "msec";
  if (has("time_iso8601")) return "time_iso8601";
  if (has("time_local")) return "time_local";
  return null;
}
function logTimeResolutionMs(kind) {
  return kind === "msec" ? 1 : 1e3;
}
var MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
function digits(buf, at, count) {
  let n = 0;
  for (let i = at; i < at + count; i += 1) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
function zoneMinutes(buf, at, end) {
  if (end - at === 1 && buf[at] === 90) return 0;
  const sign = buf[at] === 43 ? 1 : buf[at] === 45 ? -1 : 0;
  if (sign === 0) return NaN;
  const colon = end - at === 6 && buf[at + 3] === 58;
  if (!colon && end - at !== 5) return NaN;
  const h = digits(buf, at + 1, 2);
  const m = digits(buf, colon ? at + 4 : at + 3, 2);
  return h < 0 || m < 0 ? NaN : sign * (h * 60 + m);
}
function parseLogTimeMs(buf, start, end, kind) {
  if (start < 0 || end <= start) return NaN;
  if (kind === "msec") {
    let ms = 0;
    let frac = -1;
    for (let i = start; i < end; i += 1) {
      const c = buf[i];
      if (c === 46 && frac < 0) {
        frac = 0;
        continue;
      }
      const d = c - 48;
      if (d < 0 || d > 9) return NaN;
      if (frac < 0) ms = ms * 10 + d;
      else if (frac < 3) {
        ms = ms * 10 + d;
        frac += 1;
      }
    }
    if (frac < 0) frac = 0;
    for (; frac < 3; frac += 1) ms *= 10;
    return ms;
  }
  let year;
  let month;
  let day;
  let at;
  if (kind === "time_local") {
    if (end - start !== 26 || buf[start + 2] !== 47 || buf[start + 6] !== 47) return NaN;
    day = digits(buf, start, 2);
    const mon = String.fromCharCode(buf[start + 3], buf[start + 4], buf[start + 5]);
    const index = MONTHS.indexOf(mon);
    month = index >= 0 && index % 3 === 0 ? index / 3 : -1;
    year = digits(buf, start + 7, 4);
    at = start + 12;
    if (buf[start + 11] !== 58 || buf[start + 20] !== 32) return NaN;
  } else {
    if (end - start < 20 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return NaN;
    year = digits(buf, start, 4);
    month = digits(buf, start + 5, 2) - 1;
    day = digits(buf, start + 8, 2);
    at = start + 11;
    if (buf[start + 10] !== 84) return NaN;
  }
  const hh = digits(buf, at, 2);
  const mm = digits(buf, at + 3, 2);
  const ss = digits(buf, at + 6, 2);
  if (buf[at + 2] !== 58 || buf[at + 5] !== 58) return NaN;
  if (year < 0 || month < 0 || month > 11 || day < 1 || hh < 0 || mm < 0 || ss < 0) return NaN;
  const zone = zoneMinutes(buf, kind === "time_local" ? at + 9 : at + 8, end);
  if (Number.isNaN(zone)) return NaN;
  return Date.UTC(year, month, day, hh, mm, ss) - zone * 6e4;
}

// src/collect/logformat/record-parser.ts
var ParseOutcome = {
  error: 0,
  parsed: 1,
  /** The line is deliberately ignored (e.g. the marker format's `pepp4_` lines). */
  skipped: 2
};
function isEmptyValue(buf, start, end) {
  return start < 0 || end <= start || end - start === 1 && buf[start] === 45;
}
var FormatRecordParser = class {
  formatName;
  hasId;
  hasRequestId;
  jsonEscaped;
  hasPort;
  timeKind;
  status = 0;
  domainStart = -1;
  domainEnd = -1;
  upstreamStart = -1;
  upstreamEnd = -1;
  idStart = -1;
  idEnd = -1;
  ridStart = -1;
  ridEnd = -1;
  portStart = -1;
  portEnd = -1;
  addrStart = -1;
  addrEnd = -1;
  timeStart = -1;
  timeEnd = -1;
  scanner;
  statusIdx;
  hostIdx;
  upstreamIdx;
  idIdx;
  ridIdx;
  portIdx;
  addrIdx;
  timeIdx;
  countUpTo;
  constructor(format, formatName, roles) {
    this.formatName = formatName;
    this.scanner = new FieldScanner(format);
    const idx = (name) => format.index.get(name) ?? -1;
    this.statusIdx = idx("status");
    if (this.statusIdx < 0) {
      throw new ConfigError("The log_format has no $status: the WAF status cannot be read.", {
        input: "log-format",
        value: format.format,
        hint: "Add $status to the log_format (or pick a preset)."
      });
    }
    this.hostIdx = [idx("host"), idx("server_name"), idx("http_host")].find((i) => i >= 0) ?? -1;
    this.upstreamIdx = idx("upstream_status");
    this.idIdx = idx(roles.idVariable);
    this.ridIdx = idx("request_id");
    this.hasId = this.idIdx >= 0;
    this.hasRequestId = this.ridIdx >= 0;
    this.portIdx = idx("remote_port");
    this.addrIdx = idx("remote_addr");
    this.hasPort = this.portIdx >= 0;
    this.timeKind = logTimeVariable((name) => format.index.has(name));
    this.timeIdx = this.timeKind === null ? -1 : idx(this.timeKind);
    this.countUpTo = Math.max(this.statusIdx, this.hostIdx);
    this.jsonEscaped = format.escape === "json";
  }
  parse(buf, start, end) {
    if (!this.scanner.scan(buf, start, end)) return ParseOutcome.error;
    if (!this.readStatus(buf)) return ParseOutcome.error;
    const { starts, ends } = this.scanner;
    this.domainStart = this.hostIdx < 0 ? -1 : starts[this.hostIdx];
    this.domainEnd = this.hostIdx < 0 ? -1 : ends[this.hostIdx];
    this.upstreamStart = this.upstreamIdx < 0 ? -1 : starts[this.upstreamIdx];
    this.upstreamEnd = this.upstreamIdx < 0 ? -1 : ends[this.upstreamIdx];
    this.idStart = this.idIdx < 0 ? -1 : starts[this.idIdx];
    this.idEnd = this.idIdx < 0 ? -1 : ends[this.idIdx];
    this.ridStart = this.ridIdx < 0 ? -1 : starts[this.ridIdx];
    this.ridEnd = this.ridIdx < 0 ? -1 : ends[this.ridIdx];
    return ParseOutcome.parsed;
  }
  readConnectionFields() {
    if (this.portIdx < 0) return;
    const { starts, ends } = this.scanner;
    this.portStart = starts[this.portIdx];
    this.portEnd = ends[this.portIdx];
    this.addrStart = this.addrIdx < 0 ? -1 : starts[this.addrIdx];
    this.addrEnd = this.addrIdx < 0 ? -1 : ends[this.addrIdx];
    this.timeStart = this.timeIdx < 0 ? -1 : starts[this.timeIdx];
    this.timeEnd = this.timeIdx < 0 ? -1 : ends[this.timeIdx];
  }
  parseCount(buf, start, end) {
    if (!this.scanner.scan(buf, start, end, this.countUpTo)) return ParseOutcome.error;
    if (!this.readStatus(buf)) return ParseOutcome.error;
    this.domainStart = this.hostIdx < 0 ? -1 : this.scanner.starts[this.hostIdx];
    this.domainEnd = this.hostIdx < 0 ? -1 : this.scanner.ends[this.hostIdx];
    return ParseOutcome.parsed;
  }
  readStatus(buf) {
    const status = parseDecimal(
      buf,
      this.scanner.starts[this.statusIdx],
      this.scanner.ends[this.statusIdx]
    );
    this.status = status;
    return status >= 100 && status <= 999;
  }
};
var HTTP = Buffer.from("HTTP/");
var WAF = Buffer.from("WAF_");
function isSpace(c) {
  return c === 32 || c === 9 || c === 13;
}
var MarkerRecordParser = class {
  formatName = "waf-marker";
  hasId = false;
  hasRequestId = false;
  jsonEscaped = false;
  hasPort = false;
  timeKind = null;
  status = 0;
  domainStart = -1;
  domainEnd = -1;
  upstreamStart = -1;
  upstreamEnd = -1;
  idStart = -1;
  idEnd = -1;
  ridStart = -1;
  ridEnd = -1;
  portStart = -1;
  portEnd = -1;
  addrStart = -1;
  addrEnd = -1;
  timeStart = -1;
  timeEnd = -1;
  skip;
  /** The marker format has no port: nothing to read. */
  readConnectionFields() {
  }
  constructor(skip = ["pepp4_"]) {
    this.skip = skip.filter((s) => s !== "").map((s) => Buffer.from(s));
  }
  parse(buf, start, end) {
    const line = buf.subarray(start, end);
    for (const s2 of this.skip) if (line.indexOf(s2) >= 0) return ParseOutcome.skipped;
    const h = line.indexOf(HTTP);
    if (h < 0) return ParseOutcome.error;
    let i = h;
    while (i < line.length && !isSpace(line[i])) i += 1;
    while (i < line.length && isSpace(line[i])) i += 1;
    const s = i;
    while (i < line.length && !isSpace(line[i])) i += 1;
    const status = parseDecimal(line, s, i);
    if (status < 100 || status > 999) return ParseOutcome.error;
    const w = line.indexOf(WAF);
    if (w < 0) return ParseOutcome.error;
    const tokenStarts = [];
    const tokenEnds = [];
    i = w;
    while (i < line.length && tokenStarts.length < 7) {
      while (i < line.length && isSpace(line[i])) i += 1;
      if (i >= line.length) break;
      const t = i;
      while (i < line.length && !isSpace(line[i])) i += 1;
      tokenStarts.push(t);
      tokenEnds.push(i);
    }
    if (tokenStarts.length < 7) return ParseOutcome.error;
    this.status = status;
    this.upstreamStart = start + tokenStarts[5];
    this.upstreamEnd = start + tokenEnds[5];
    this.domainStart = start + tokenStarts[6];
    this.domainEnd = start + tokenEnds[6];
    return ParseOutcome.parsed;
  }
  parseCount(buf, start, end) {
    return this.parse(buf, start, end);
  }
};

// src/collect/join/paged.ts
var PAGE_BITS = 16;
var PAGE_SIZE = 1 << PAGE_BITS;
var PAGE_MASK = PAGE_SIZE - 1;
var PagedColumn = class {
  constructor(newPage) {
    this.newPage = newPage;
  }
  newPage;
  /** Pages by number; null: not allocated (reads as zeros). */
  pages = Array.from({ length: 64 }, () => null);
  /** Entry `i` (0 when never written). */
  get(i) {
    const page = this.pages[i >>> PAGE_BITS];
    return page === void 0 || page === null ? 0 : page[i & PAGE_MASK];
  }
  /** Sets entry `i` (a value the array type holds). */
  set(i, value) {
    const n = i >>> PAGE_BITS;
    let page = this.pages[n];
    if (page === void 0 || page === null) page = this.page(n);
    page[i & PAGE_MASK] = value;
  }
  /** Page `n`, allocated (zeroed) when missing. */
  page(n) {
    if (n >= this.pages.length) {
      let size = this.pages.length * 2;
      while (size <= n) size *= 2;
      this.pages = Array.from({ length: size }, (_, i) => this.pages[i] ?? null);
    }
    let page = this.pages[n];
    if (page === null) {
      page = this.newPage(PAGE_SIZE);
      this.pages[n] = page;
    }
    return page;
  }
};
var PagedInt32 = class extends PagedColumn {
  constructor() {
    super((length) => new Int32Array(length));
  }
};
var PagedUint16 = class extends PagedColumn {
  constructor() {
    super((length) => new Uint16Array(length));
  }
};

// src/collect/join/id-index.ts
var DENSE_MAX = 1 << 25;
var MAX_PREFIXES = 256;
var CACHE = 256;
var IdIndex = class {
  size = 0;
  /** Whether the last {@link intern} added the id. */
  added = false;
  prefixes = new ByteKeyTable(16);
  /** Text (latin1) of each prefix, by prefix index. */
  prefixText = [];
  hashed = new ByteKeyTable(1024);
  /** seq -> record + 1 (0: none). */
  dense = new PagedInt32();
  /** hashed key index -> record. */
  hashedRec = new PagedInt32();
  /** Per record: prefix index + 1 (0: the id is in the hash table). */
  recPrefix = new PagedUint16();
  /** Per record: sequence number, or the hash table's key index. */
  recKey = new PagedInt32();
  /** Prefix signature (length, last bytes) -> prefix index + 1 last seen with it. */
  cachedPrefix = new Int32Array(CACHE);
  scratch = Buffer.allocUnsafe(4096);
  /** Record number of `buf[start, end)`, adding it when new. */
  intern(buf, start, end) {
    let j = end - 1;
    let seq = 0;
    let mul = 1;
    const stop = end - 10 > start ? end - 10 : start;
    while (j >= stop) {
      const d = buf[j] - 48;
      if (d < 0 || d > 9) break;
      if (mul < 1e9) {
        seq += d * mul;
        mul *= 10;
      }
      j -= 1;
    }
    const digits2 = end - j - 1;
    if (digits2 >= 1 && digits2 <= 9 && j > start && buf[j] === 45 && (digits2 === 1 || buf[j + 1] !== 48) && seq < DENSE_MAX) {
      const p = this.prefixOf(buf, start, j + 1);
      if (p >= 0) {
        const n = seq >>> PAGE_BITS;
        let page = this.dense.pages[n];
        if (page === void 0 || page === null) page = this.dense.page(n);
        const r = page[seq & PAGE_MASK] - 1;
        if (r < 0) {
          const rec2 = this.newRecord(p + 1, seq);
          page[seq & PAGE_MASK] = rec2 + 1;
          return rec2;
        }
        if (this.recPrefix.get(r) === p + 1) {
          this.added = false;
          return r;
        }
      }
    }
    const k = this.hashed.intern(buf, start, end);
    if (!this.hashed.added) {
      this.added = false;
      return this.hashedRec.get(k);
    }
    const rec = this.newRecord(0, k);
    this.hashedRec.set(k, rec);
    return rec;
  }
  /** Record number of `id`, or -1. */
  find(id) {
    const n = id.length;
    let j = n - 1;
    let seq = 0;
    let mul = 1;
    while (j >= 0 && mul < 1e9) {
      const d = id.charCodeAt(j) - 48;
      if (d < 0 || d > 9) break;
      seq += d * mul;
      mul *= 10;
      j -= 1;
    }
    const digits2 = n - j - 1;
    if (digits2 >= 1 && seq < DENSE_MAX && j > 0 && (digits2 === 1 || id.charCodeAt(j + 1) !== 48)) {
      const page = this.dense.pages[seq >>> PAGE_BITS];
      if (page !== void 0 && page !== null) {
        const r = page[seq & PAGE_MASK] - 1;
        if (r >= 0) {
          const p = this.recPrefix.get(r) - 1;
          if (p >= 0 && this.prefixes.keyEqualsText(p, id, j + 1)) return r;
        }
      }
    }
    if (this.hashed.size === 0) return -1;
    const bytes = n * 3 > this.scratch.length ? Buffer.from(id, "latin1") : this.scratch;
    const len = bytes === this.scratch ? this.scratch.write(id, 0, "latin1") : bytes.length;
    const k = this.hashed.find(bytes, 0, len);
    return k < 0 ? -1 : this.hashedRec.get(k);
  }
  /** Record number of `buf[start, end)`, or -1. */
  findBytes(buf, start, end) {
    let j = end - 1;
    while (j >= start && buf[j] >= 48 && buf[j] <= 57) j -= 1;
    const digits2 = end - j - 1;
    if (digits2 >= 1 && digits2 <= 9 && j > start && buf[j] === 45 && (digits2 === 1 || buf[j + 1] !== 48)) {
      let seq = 0;
      for (let i = j + 1; i < end; i += 1) seq = seq * 10 + buf[i] - 48;
      const p = this.prefixes.find(buf, start, j + 1);
      if (p >= 0 && seq < DENSE_MAX) {
        const r = this.dense.get(seq) - 1;
        if (r >= 0 && this.recPrefix.get(r) === p + 1) return r;
      }
    }
    const k = this.hashed.find(buf, start, end);
    return k < 0 ? -1 : this.hashedRec.get(k);
  }
  /** The id of record `rec` (latin1). */
  idText(rec) {
    const p = this.recPrefix.get(rec) - 1;
    const key = this.recKey.get(rec);
    return p < 0 ? this.hashed.keyText(key) : `${this.prefixText[p]}${key}`;
  }
  /** True when `id` starts with exactly prefix `p`'s text, `length` characters. */
  prefixMatches(p, id, length) {
    const text = this.prefixText[p];
    if (text.length !== length) return false;
    return id.startsWith(text);
  }
  /** Prefix index of `buf[start, end)` (adding it), or -1 when the prefix table is full. */
  prefixOf(buf, start, end) {
    const len = end - start;
    const b3 = len > 2 ? buf[end - 3] : 0;
    const h = (Math.imul(len, 2654435761) ^ buf[end - 2] ^ b3 << 3) & CACHE - 1;
    const cached = this.cachedPrefix[h] - 1;
    if (cached >= 0 && this.prefixes.keyEquals(cached, buf, start, end)) return cached;
    let p = this.prefixes.find(buf, start, end);
    if (p < 0) {
      if (this.prefixes.size >= MAX_PREFIXES) return -1;
      p = this.prefixes.intern(buf, start, end);
      this.prefixText.push(this.prefixes.keyText(p));
    }
    this.cachedPrefix[h] = p + 1;
    return p;
  }
  newRecord(prefixPlusOne, key) {
    const rec = this.size;
    this.recPrefix.set(rec, prefixPlusOne);
    this.recKey.set(rec, key);
    this.size += 1;
    this.added = true;
    return rec;
  }
};

// src/collect/join/id-records.ts
var IdRecords = class {
  status = new PagedUint16();
  domain = new PagedInt32();
  upstream = new PagedInt32();
  rid;
  /** Record -> lines carrying its id, for records seen more than once. */
  repeats = /* @__PURE__ */ new Map();
  constructor(withRequestIds) {
    this.rid = withRequestIds ? new PagedInt32() : null;
  }
  /** Stores record `k` (records are added in order 0, 1, 2, …). */
  add(k, status, domain, upstream, rid) {
    const n = k >>> PAGE_BITS;
    const i = k & PAGE_MASK;
    let s = this.status.pages[n];
    if (s === void 0 || s === null) s = this.status.page(n);
    s[i] = status;
    let d = this.domain.pages[n];
    if (d === void 0 || d === null) d = this.domain.page(n);
    d[i] = domain;
    let u = this.upstream.pages[n];
    if (u === void 0 || u === null) u = this.upstream.page(n);
    u[i] = upstream;
    if (this.rid !== null) this.rid.set(k, rid);
  }
  /** One more line carried record `k`'s id. */
  repeat(k) {
    this.repeats.set(k, (this.repeats.get(k) ?? 1) + 1);
  }
  /** WAF status of record `k`. */
  statusAt(k) {
    return this.status.get(k);
  }
  /** Domain index of record `k`. */
  domainAt(k) {
    return this.domain.get(k);
  }
  /** Upstream code of record `k` (see AccessAnalyzer). */
  upstreamAt(k) {
    return this.upstream.get(k);
  }
  /** Interned `$request_id` index, or -1 (none, or not kept). */
  ridAt(k) {
    return this.rid === null ? -1 : this.rid.get(k);
  }
  /** Log lines that carried record `k`'s id. */
  linesAt(k) {
    return this.repeats.get(k) ?? 1;
  }
};

// src/collect/join/join.ts
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import { createInterface } from "node:readline";
function fillFromLine(row, lines, at, anomaly, ruleIds) {
  const status = lines.statusAt(at);
  row.wafStatus = status;
  row.upstreamStatus = lines.upstreamAt(at);
  row.blocked = anomaly.has(status) && lines.noUpstreamAt(at);
  const rid = ruleIds && ruleIds.size > 0 ? lines.requestIdAt(at) : null;
  const rules = rid !== null ? ruleIds?.get(rid) : void 0;
  if (rules) row.ruleIds = rules;
}
async function joinOutcomes(analyzer, options) {
  const anomaly = new Set(options.anomalyStatuses);
  const out = createWriteStream(options.joinedFile);
  let writeError;
  out.on("error", (error) => {
    writeError ??= error;
  });
  const sentIds = /* @__PURE__ */ new Set();
  const missingByReason = {};
  let sent = 0;
  let joined = 0;
  let joinedByPort = 0;
  let lineNumber = 0;
  const input = createReadStream(options.outcomesFile);
  const opened = once(input, "open").catch((error) => {
    throw new ConfigError("Cannot read the replay outcomes file.", {
      file: options.outcomesFile,
      cause: error,
      hint: "Pass the outcomes.jsonl written by replay-traffic (or its replay.json)."
    });
  });
  try {
    await opened;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNumber += 1;
      if (line.trim() === "") continue;
      let outcome;
      try {
        outcome = JSON.parse(line);
      } catch (error) {
        throw new ConfigError("A line of the outcomes file is not JSON.", {
          file: options.outcomesFile,
          line: lineNumber,
          cause: error
        });
      }
      sent += 1;
      const row = {
        id: outcome.id ?? "",
        domain: outcome.domain,
        entryKey: outcome.entryKey,
        replayStatus: outcome.status,
        wafStatus: null,
        upstreamStatus: null,
        blocked: false
      };
      let reason = null;
      const k = outcome.id === null ? -1 : analyzer.find(outcome.id);
      if (outcome.id === null) reason = "no-id";
      else if (sentIds.has(outcome.id) || k >= 0 && analyzer.linesAt(k) > 1) reason = "duplicate";
      else if (k < 0) reason = "no-log-line";
      if (outcome.id !== null) sentIds.add(outcome.id);
      else row.outcomeLine = sent;
      const ports = analyzer.portLines;
      if ((reason === "no-id" || reason === "no-log-line") && outcome.ownConnection === true && outcome.localPort !== void 0 && ports) {
        const match = ports.match(
          outcome.localPort,
          outcome.localAddress,
          outcome.startedAtMs,
          outcome.startedAtMs + outcome.latencyUs / 1e3
        );
        if ("reason" in match) reason = match.reason;
        else {
          reason = null;
          joinedByPort += 1;
          row.joinedBy = "port";
          fillFromLine(row, ports, match.line, anomaly, options.ruleIds);
        }
      }
      if (k >= 0) fillFromLine(row, analyzer, k, anomaly, options.ruleIds);
      if (reason === null) joined += 1;
      else {
        missingByReason[reason] = (missingByReason[reason] ?? 0) + 1;
        row.missingReason = reason;
      }
      if (writeError !== void 0) throw writeError;
      if (!out.write(`${JSON.stringify(row)}
`)) await once(out, "drain");
    }
  } finally {
    out.end();
    await finished(out).catch((error) => {
      writeError ??= error instanceof Error ? error : new Error(String(error));
    });
    input.destroy();
  }
  if (writeError !== void 0) throw writeError;
  const limit = options.listLimit ?? 100;
  const unexpectedIds = [];
  let unexpected = 0;
  for (const record of analyzer.records()) {
    if (sentIds.has(record.id)) continue;
    unexpected += 1;
    if (unexpectedIds.length < limit) unexpectedIds.push(record.id);
  }
  return {
    sent,
    joined,
    ...analyzer.portLines ? { joinedByPort } : {},
    missing: sent - joined,
    unexpected,
    missingByReason,
    unexpectedIds
  };
}

// src/collect/join/port-lines.ts
var PORT_LINES_MAX = 1e6;
var PORT_JOIN_SLACK_MS = 1e3;
var PortLines = class {
  /**
   * @param timeResolutionMs the log time's resolution (1000 for `$time_local`); null: the format has no
   *   time, so a port matches only when exactly one kept line has it.
   */
  constructor(timeResolutionMs, codes, max = PORT_LINES_MAX) {
    this.timeResolutionMs = timeResolutionMs;
    this.codes = codes;
    this.max = max;
  }
  timeResolutionMs;
  codes;
  max;
  /** Lines kept. */
  size = 0;
  /** Lines not kept (over {@link PORT_LINES_MAX}). */
  dropped = 0;
  port = [];
  addr = [];
  timeMs = [];
  status = [];
  upstream = [];
  rid = [];
  /** Lines a request already took. */
  taken = /* @__PURE__ */ new Set();
  byPort = null;
  /** Keeps one line (codes as the analyzer interned them; address -1: not logged; time NaN: unknown). */
  add(port, address, timeMs, status, upstream, rid) {
    if (this.size >= this.max) {
      this.dropped += 1;
      return;
    }
    this.port.push(port);
    this.addr.push(address);
    this.timeMs.push(timeMs);
    this.status.push(status);
    this.upstream.push(upstream);
    this.rid.push(rid);
    this.size += 1;
    this.byPort = null;
  }
  /**
   * The line of a request sent from `port` (and `address`) between `startMs` and `endMs` (epoch ms):
   * the only kept line with that port and address whose logged time fits the window (widened by the
   * time's resolution and {@link PORT_JOIN_SLACK_MS}). A line another request took already does not
   * count twice: that request's match was ambiguous in hindsight, so this one is `ambiguous-port`.
   */
  match(port, address, startMs, endMs) {
    this.byPort ??= this.index();
    const lines = this.byPort.get(port) ?? [];
    let found = -1;
    let count = 0;
    const resolution = this.timeResolutionMs;
    for (const i of lines) {
      if (address !== void 0 && this.addr[i] >= 0) {
        const logged = this.codes.addressText(this.addr[i]);
        if (logged !== null && !sameAddress(logged, address)) continue;
      }
      if (resolution !== null) {
        const t = this.timeMs[i];
        if (Number.isNaN(t)) continue;
        if (t + resolution + PORT_JOIN_SLACK_MS <= startMs || t - PORT_JOIN_SLACK_MS > endMs)
          continue;
      }
      count += 1;
      found = i;
    }
    if (count > 1 || count === 1 && this.taken.has(found)) return { reason: "ambiguous-port" };
    if (count === 0)
      return { reason: this.dropped > 0 ? "port-lines-dropped" : "no-id-no-port-match" };
    this.taken.add(found);
    return { line: found };
  }
  /** WAF status of line `i`. */
  statusAt(i) {
    return this.status[i];
  }
  /** Upstream status text of line `i` (`-`: the WAF answered itself; null: not in the format). */
  upstreamAt(i) {
    return this.codes.upstreamText(this.upstream[i]);
  }
  /** True when line `i`'s upstream status is `-`. */
  noUpstreamAt(i) {
    return this.codes.noUpstream(this.upstream[i]);
  }
  /** `$request_id` of line `i`, when kept. */
  requestIdAt(i) {
    return this.rid[i] < 0 ? null : this.codes.requestIdText(this.rid[i]);
  }
  index() {
    const map = /* @__PURE__ */ new Map();
    for (let i = 0; i < this.size; i += 1) {
      const list = map.get(this.port[i]);
      if (list) list.push(i);
      else map.set(this.port[i], [i]);
    }
    return map;
  }
};
function sameAddress(logged, local) {
  const strip = (a) => a.startsWith("::ffff:") ? a.slice(7) : a;
  return strip(logged) === strip(local);
}

// src/collect/analyze/access-analyzer.ts
var DEFAULT_ANOMALY_STATUSES = [400, 403, 408, 499, 500, 502, 503];
var OTHER_HOSTS = "(other hosts)";
var OTHER_HOSTS_KEY = Buffer.from(OTHER_HOSTS);
var DEFAULT_MAX_HOSTS = 1e3;
var DASH = Buffer.from("-");
var NO_UPSTREAM = -1;
var DASH_UPSTREAM = -2;
function isDash(buf, start, end) {
  return start >= 0 && (end === start || end - start === 1 && buf[start] === 45);
}
function isPlainJsonText(text) {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 32 || c > 126 || c === 34 || c === 92) return false;
  }
  return true;
}
var AccessAnalyzer = class {
  lines = 0;
  parsed = 0;
  formatErrors = 0;
  skipped = 0;
  /** Lines over the length limit (counted as format errors too). */
  overlong = 0;
  anomalyTotal = 0;
  /** Parsed lines whose id field was `-` or empty (no join possible). */
  linesWithoutId = 0;
  /** Lines counted as {@link OTHER_HOSTS} because `maxHosts` distinct hosts were already counted. */
  hostsOverflowLines = 0;
  /** @see AccessAnalyzerOptions.maxHosts */
  maxHosts;
  otherHosts = -1;
  domains = new ByteKeyTable(64);
  counts = [];
  /** Decoded domain names by index (made once, not per anomalous line). */
  domainNames = [];
  anomalyCounts = [];
  ids = new IdIndex();
  /** Per id record: status, domain index, upstream code, request-id index, lines. */
  recs;
  upstreams = new ByteKeyTable(16);
  rids;
  /**
   * Lines without a request id, by the client's port (`$remote_port` in the format; full mode): the
   * join by connection. Null when the format has no port.
   */
  portLines;
  addresses = new ByteKeyTable(16);
  anomalySet;
  parser;
  full;
  anomalySink;
  formatErrorSink;
  constructor(options) {
    this.parser = options.parser;
    this.maxHosts = options.maxHosts ?? DEFAULT_MAX_HOSTS;
    this.full = (options.mode ?? "full") === "full";
    this.anomalySet = new Uint8Array(1e3);
    for (const s of options.anomalyStatuses ?? DEFAULT_ANOMALY_STATUSES)
      if (s >= 0 && s < 1e3) this.anomalySet[s] = 1;
    this.anomalySink = options.anomalySink;
    this.formatErrorSink = options.formatErrorSink;
    this.rids = options.keepRequestIds && this.parser.hasRequestId ? new ByteKeyTable(1024) : null;
    this.recs = new IdRecords(this.rids !== null);
    const timeKind = this.parser.timeKind;
    this.portLines = this.full && this.parser.hasPort ? new PortLines(timeKind === null ? null : logTimeResolutionMs(timeKind), {
      upstreamText: (code) => this.upstreamText(code),
      noUpstream: (code) => code === DASH_UPSTREAM,
      requestIdText: (code) => this.rids === null ? null : this.text(this.rids, code),
      addressText: (code) => this.text(this.addresses, code)
    }) : null;
  }
  /** Bound line handler for a {@link LineSplitter}. */
  onLine = (buf, start, end) => {
    this.lines += 1;
    const parser = this.parser;
    const outcome = this.full ? parser.parse(buf, start, end) : parser.parseCount(buf, start, end);
    if (outcome !== ParseOutcome.parsed) {
      if (outcome === ParseOutcome.skipped) {
        this.skipped += 1;
      } else {
        this.formatErrors += 1;
        this.formatErrorSink?.add("format-errors", buf, start, end);
      }
      return;
    }
    this.parsed += 1;
    const status = parser.status;
    const ds = parser.domainStart;
    const de = parser.domainEnd;
    const d = ds < 0 || de <= ds ? this.domain(DASH, 0, 1) : this.domain(buf, ds, de);
    if (d === this.counts.length) this.counts.push(new Int32Array(1e3));
    const row = this.counts[d];
    row[status] = row[status] + 1;
    if (!this.full) return;
    if (this.anomalySet[status] === 1 && isDash(buf, parser.upstreamStart, parser.upstreamEnd)) {
      this.anomalyTotal += 1;
      let arow = this.anomalyCounts[d];
      if (arow === void 0) {
        arow = new Int32Array(1e3);
        this.anomalyCounts[d] = arow;
      }
      arow[status] = arow[status] + 1;
      this.anomalySink?.add(this.domainText(d), buf, start, end);
    }
    if (parser.hasId) this.index(buf, status, d);
    else if (this.portLines !== null) this.keepPortLine(buf, status);
  };
  /** Keeps a line without an id for the join by connection (see {@link portLines}). */
  keepPortLine(buf, status) {
    const p = this.parser;
    p.readConnectionFields();
    const port = parseDecimal(buf, p.portStart, p.portEnd);
    if (port <= 0 || port > 65535) return;
    const addr = isEmptyValue(buf, p.addrStart, p.addrEnd) ? -1 : this.addresses.intern(buf, p.addrStart, p.addrEnd);
    const timeMs = p.timeKind === null ? NaN : parseLogTimeMs(buf, p.timeStart, p.timeEnd, p.timeKind);
    this.portLines.add(
      port,
      addr,
      timeMs,
      status,
      this.upstreamCode(buf, p.upstreamStart, p.upstreamEnd),
      this.rids !== null && !isEmptyValue(buf, p.ridStart, p.ridEnd) ? this.rids.intern(buf, p.ridStart, p.ridEnd) : -1
    );
  }
  /** Index of a host, or of the {@link OTHER_HOSTS} bucket once `maxHosts` hosts are counted. */
  domain(buf, start, end) {
    const table = this.domains;
    if (table.size < this.maxHosts) return table.intern(buf, start, end);
    const k = table.find(buf, start, end);
    if (k >= 0) return k;
    this.hostsOverflowLines += 1;
    if (this.otherHosts < 0)
      this.otherHosts = table.intern(OTHER_HOSTS_KEY, 0, OTHER_HOSTS_KEY.length);
    return this.otherHosts;
  }
  /** Bound handler for lines over the length limit. */
  onOverlong = (head) => {
    this.lines += 1;
    this.overlong += 1;
    this.formatErrors += 1;
    this.formatErrorSink?.add("format-errors", head, 0, head.length);
  };
  index(buf, status, domain) {
    const p = this.parser;
    if (isEmptyValue(buf, p.idStart, p.idEnd)) {
      this.linesWithoutId += 1;
      if (this.portLines !== null) this.keepPortLine(buf, status);
      return;
    }
    const k = this.ids.intern(buf, p.idStart, p.idEnd);
    if (!this.ids.added) {
      this.recs.repeat(k);
      return;
    }
    this.recs.add(
      k,
      status,
      domain,
      this.upstreamCode(buf, p.upstreamStart, p.upstreamEnd),
      this.rids !== null && !isEmptyValue(buf, p.ridStart, p.ridEnd) ? this.rids.intern(buf, p.ridStart, p.ridEnd) : -1
    );
  }
  /** NO_UPSTREAM (format has none), DASH_UPSTREAM, a status 0..999, or -(3 + interned text index). */
  upstreamCode(buf, start, end) {
    if (start < 0) return NO_UPSTREAM;
    if (isDash(buf, start, end)) return DASH_UPSTREAM;
    const n = end - start === 3 ? parseDecimal(buf, start, end) : -1;
    return n >= 0 ? n : -3 - this.upstreams.intern(buf, start, end);
  }
  upstreamText(code) {
    if (code === NO_UPSTREAM) return null;
    if (code === DASH_UPSTREAM) return "-";
    return code >= 0 ? String(code) : this.text(this.upstreams, -3 - code);
  }
  text(table, k) {
    return this.decoded(table.keyText(k));
  }
  decoded(raw) {
    return this.parser.jsonEscaped ? decodeJsonEscapes(Buffer.from(raw, "latin1").toString("utf8")) : raw;
  }
  domainText(d) {
    let name = this.domainNames[d];
    if (name === void 0) {
      name = this.text(this.domains, d);
      this.domainNames[d] = name;
    }
    return name;
  }
  /** domain -> status -> count over every parsed line. */
  statusCounts() {
    return this.toRecord(this.counts);
  }
  /** domain -> status -> count of anomalies. */
  anomalyCountsByDomain() {
    return this.toRecord(this.anomalyCounts);
  }
  toRecord(rows) {
    const merged = /* @__PURE__ */ new Map();
    rows.forEach((row, d) => {
      if (row === void 0) return;
      const name = this.domainText(d);
      const out = merged.get(name) ?? {};
      for (let s = 0; s < row.length; s += 1)
        if (row[s] > 0) out[String(s)] = (out[String(s)] ?? 0) + row[s];
      if (Object.keys(out).length > 0) merged.set(name, out);
    });
    const result = {};
    for (const name of [...merged.keys()].sort()) result[name] = merged.get(name);
    return result;
  }
  /** Index of the log record for `id` (for the `*At` accessors), or -1. */
  find(id) {
    if (!this.parser.jsonEscaped || isPlainJsonText(id)) return this.ids.find(id);
    const key = Buffer.from(JSON.stringify(id).slice(1, -1));
    return this.ids.findBytes(key, 0, key.length);
  }
  /** WAF status of record `k`. */
  statusAt(k) {
    return this.recs.statusAt(k);
  }
  /** Upstream status text of record `k` (`-` when the WAF answered itself; null: not in the format). */
  upstreamAt(k) {
    return this.upstreamText(this.recs.upstreamAt(k));
  }
  /** True when record `k`'s upstream status is `-`. */
  noUpstreamAt(k) {
    return this.recs.upstreamAt(k) === DASH_UPSTREAM;
  }
  /** Log lines that carried record `k`'s id (more than 1: duplicate). */
  linesAt(k) {
    return this.recs.linesAt(k);
  }
  /** `$request_id` of record `k`, when kept. */
  requestIdAt(k) {
    const rid = this.recs.ridAt(k);
    return rid < 0 || this.rids === null ? null : this.text(this.rids, rid);
  }
  /** The log line recorded for `id`, or undefined. */
  lookup(id) {
    const k = this.find(id);
    return k < 0 ? void 0 : this.record(k);
  }
  record(k) {
    return {
      id: this.decoded(this.ids.idText(k)),
      status: this.statusAt(k),
      domain: this.domainText(this.recs.domainAt(k)),
      upstreamStatus: this.upstreamAt(k),
      requestId: this.requestIdAt(k),
      lines: this.linesAt(k)
    };
  }
  /** Every id's record, in first-seen order. */
  *records() {
    for (let k = 0; k < this.ids.size; k += 1) yield this.record(k);
  }
  /** Number of distinct ids seen. */
  get idCount() {
    return this.ids.size;
  }
};

// src/collect/analyze/error-log.ts
var MAX_FINDINGS = 1e3;
var LINE_CHARS = 500;
var SIGNAL_NAMES = {
  "1": "SIGHUP",
  "2": "SIGINT",
  "3": "SIGQUIT",
  "4": "SIGILL",
  "6": "SIGABRT",
  "7": "SIGBUS",
  "8": "SIGFPE",
  "9": "SIGKILL",
  "11": "SIGSEGV",
  "13": "SIGPIPE",
  "15": "SIGTERM"
};
function signalName(num) {
  return SIGNAL_NAMES[num] ?? `signal ${num}`;
}
var LEVEL_RE = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(\w+)\]/;
var SIGNAL_RE = /worker process (\d+) exited on signal (\d+)( \(core dumped\))?/;
var SANITIZER_RE = /AddressSanitizer|LeakSanitizer|ThreadSanitizer|MemorySanitizer|UndefinedBehaviorSanitizer|runtime error:/;
var RULE_ID_RE = /\[id "(\d+)"\]/g;
var UNIQUE_ID_RE = /\[unique_id "([^"]+)"\]/;
var ErrorLogScanner = class {
  constructor(collectRuleIds = false) {
    this.collectRuleIds = collectRuleIds;
  }
  collectRuleIds;
  lines = 0;
  findings = [];
  /** Findings beyond the kept maximum. */
  droppedFindings = 0;
  workerSignals = [];
  /** `$request_id` -> rule ids, when `collectRuleIds`. */
  ruleIds = /* @__PURE__ */ new Map();
  /** Bound line handler for a LineSplitter. */
  onLine = (buf, start, end) => {
    this.lines += 1;
    const line = buf.toString("utf8", start, Math.min(end, start + 64 * 1024));
    const level = LEVEL_RE.exec(line)?.[1];
    if (level === "alert" || level === "emerg" || level === "crit") {
      const sig = level === "alert" ? SIGNAL_RE.exec(line) : null;
      if (sig) {
        this.workerSignals.push({
          pid: Number(sig[1]),
          signal: signalName(sig[2]),
          coreDumped: sig[3] !== void 0,
          line: line.slice(0, LINE_CHARS)
        });
        this.add("worker-signal", line);
      } else {
        this.add(level, line);
      }
      return;
    }
    if (level === void 0 || level === "error") {
      if (SANITIZER_RE.test(line)) {
        this.add("sanitizer", line);
        return;
      }
    }
    if (this.collectRuleIds && line.includes("ModSecurity")) this.rules(line);
  };
  /** Bound handler for overlong lines (kept head only). */
  onOverlong = (head) => {
    this.onLine(head, 0, head.length);
  };
  add(kind, line) {
    if (this.findings.length >= MAX_FINDINGS) {
      this.droppedFindings += 1;
      return;
    }
    this.findings.push({ kind, line: line.slice(0, LINE_CHARS), lineNumber: this.lines });
  }
  rules(line) {
    const rid = UNIQUE_ID_RE.exec(line)?.[1];
    if (rid === void 0) return;
    let ids = this.ruleIds.get(rid);
    for (const m of line.matchAll(RULE_ID_RE)) {
      if (ids === void 0) {
        ids = [];
        this.ruleIds.set(rid, ids);
      }
      if (!ids.includes(m[1])) ids.push(m[1]);
    }
  }
};

// src/collect/analyze/missing-data.ts
function describe(spec) {
  const match = spec.match.kind === "regex" ? `command line matching /${spec.match.pattern}/` : `command line starting with "${spec.match.pattern}"`;
  const parent = spec.parentPidFile !== void 0 ? `, child of the pid in ${spec.parentPidFile}` : spec.parentPid !== void 0 ? `, child of pid ${spec.parentPid}` : "";
  return `${match}${parent}`;
}
function startWarnings(groups) {
  const out = [];
  for (const g of groups) {
    if (g.spec.parentPidFile !== void 0 && g.pidFileMisses > 0) {
      out.push(
        `collect: the master pid file ${g.spec.parentPidFile} (group "${g.spec.name}") does not exist or holds no pid: no process of the group can be sampled until it does, and its CPU and memory will be reported as missing. Check --master-pid-file.`
      );
    } else if (g.pidsSeen === 0) {
      out.push(
        `collect: no process matches group "${g.spec.name}" (${describe(g.spec)}): its CPU and memory will be reported as missing unless one appears. Check --groups / --master-pid.`
      );
    }
  }
  return out;
}
function findMissing(input) {
  const out = [];
  for (const [k, g] of input.groups.entries()) {
    const name = g.spec.name;
    const stats = input.stats[k];
    let found;
    if (!input.sampled) {
      found = { code: "not-sampled", reason: "processes were not sampled (log analysis only)" };
    } else if (stats === void 0 || stats.pids.length === 0) {
      found = g.pidFileMisses > 0 ? {
        code: "pid-file",
        reason: `the master pid file ${g.spec.parentPidFile} was missing or empty in ${g.pidFileMisses} of ${input.samples} samples, and no process of the group was sampled`
      } : {
        code: "no-process",
        reason: `no process matched (${describe(g.spec)}) in ${input.samples} samples`
      };
    } else if (g.pidFileMisses > 0) {
      found = {
        code: "pid-file",
        reason: `the master pid file ${g.spec.parentPidFile} was missing or empty in ${g.pidFileMisses} of ${input.samples} samples: CPU and memory of those samples are missing`
      };
    } else if (stats.cpuPct.samples === 0) {
      found = {
        code: "outside-interval",
        reason: "no sample of the group falls inside the loaded interval (shorter than the sampling interval?)"
      };
    }
    if (found !== void 0) out.push({ metric: "processes", group: name, ...found });
  }
  const { log } = input;
  const counted = log.lines - log.skipped;
  if (counted <= 0) {
    out.push({
      metric: "access-log",
      code: "no-lines",
      reason: `no log line was read from ${log.path} between start and stop: is it the log this WAF writes, and was traffic sent?`
    });
  } else if (log.parsed === 0) {
    out.push({
      metric: "access-log",
      code: "no-parse",
      reason: `none of the ${counted} lines of ${log.path} matched the log format "${log.format}" (see format-errors.log): check --log-format against the log_format in nginx.conf`
    });
  }
  return out;
}

// src/collect/analyze/stats.ts
function seriesStats(values) {
  if (values.length === 0) return { samples: 0, mean: 0, p50: 0, p95: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const round = (x) => Math.round(x * 1e3) / 1e3;
  return {
    samples: sorted.length,
    mean: round(mean),
    p50: round(rank(0.5)),
    p95: round(rank(0.95)),
    max: round(sorted[sorted.length - 1])
  };
}
function inInterval(sample, interval) {
  if (!interval) return true;
  const from = sample.timeMs - sample.intervalMs;
  const overlap = Math.min(sample.timeMs, interval.endMs) - Math.max(from, interval.startMs);
  return overlap >= sample.intervalMs / 2 && sample.intervalMs > 0;
}
function groupStats(groups, samples, pidsSeen, interval, fdsWhy = /* @__PURE__ */ new Map()) {
  return groups.map((name) => {
    const kept = samples.filter((s) => s.group === name && inInterval(s, interval));
    const stats = {
      name,
      pids: [...pidsSeen.get(name) ?? []].sort((a, b) => a - b),
      cpuPct: seriesStats(kept.map((s) => s.cpuPct)),
      rssBytes: seriesStats(kept.map((s) => s.rssBytes)),
      cpuTimeMs: Math.round(kept.reduce((a, s) => a + s.cpuMs, 0))
    };
    const fds = kept.flatMap((s) => s.fds === null ? [] : [s.fds]);
    if (kept.length > 0 && fds.length === kept.length) stats.fds = seriesStats(fds);
    else if (kept.length > 0)
      stats.fdsMissing = `open file descriptors not read in ${kept.length - fds.length} of ${kept.length} samples: ${fdsWhy.get(name) ?? "not recorded (series.csv without fds)"}`;
    return stats;
  });
}
var SERIES_HEADER = "timeMs,group,pid,cpuPct,rssBytes,cpuMs,intervalMs,fds\n";
function parseSeriesCsv(text) {
  const samples = [];
  const pids = /* @__PURE__ */ new Map();
  for (const line of text.split("\n").slice(1)) {
    const f = line.split(",");
    if (f.length < 7) continue;
    const [t, group, pid, cpu, rss, cpuMs, iv, fds] = f;
    if (pid === "all") {
      samples.push({
        timeMs: Number(t),
        group,
        cpuPct: Number(cpu),
        rssBytes: Number(rss),
        cpuMs: Number(cpuMs),
        intervalMs: Number(iv),
        members: 0,
        // Older series have no fds column; an empty cell is a sample whose fds were not readable.
        fds: fds === void 0 || fds.trim() === "" ? null : Number(fds)
      });
    } else {
      let set = pids.get(group);
      if (!set) pids.set(group, set = /* @__PURE__ */ new Set());
      set.add(Number(pid));
    }
  }
  return { samples, pids };
}

// src/collect/analyze/held-connections.ts
function connectionSeconds(t) {
  return t.windows.reduce((total, w, i) => {
    const next = t.windows[i + 1];
    const widthMs = next === void 0 ? 1e3 : Math.max(0, next.startMs - w.startMs);
    return total + w.open * widthMs / 1e3;
  }, 0);
}
function openAt(t, timeMs) {
  let found = null;
  for (const w of t.windows) if (w.startMs <= timeMs) found = w.open;
  return timeMs > t.endMs ? null : found;
}
function perConnection(idle, peak, open2, what, missing) {
  if (idle === null || peak === null) {
    missing.push(
      `${what} per connection: ${idle === null ? "not read before the ramp" : "not read at the peak"}`
    );
    return null;
  }
  return (peak - idle) / open2;
}
function groupCost(name, samples, stats, t) {
  const missing = [];
  const own = samples.filter((s) => s.group === name && s.members > 0);
  const idle = own.filter((s) => s.timeMs <= t.startMs).at(-1);
  const during = own.flatMap((s) => {
    const open2 = s.timeMs > t.startMs ? openAt(t, s.timeMs) : null;
    return open2 === null || open2 === 0 ? [] : [{ s, open: open2, last: s.timeMs > t.endMs - 1e3 }];
  });
  const steady = during.some((d) => !d.last) ? during.filter((d) => !d.last) : during;
  const peakOpen = Math.max(0, ...steady.map((d) => d.open));
  const fullest = steady.filter((d) => d.open === peakOpen);
  const peak = fullest[Math.floor((fullest.length - 1) / 2)]?.s;
  const seconds = connectionSeconds(t);
  const cost = {
    group: name,
    connectionSeconds: seconds,
    peakOpen: Math.max(0, ...t.windows.map((w) => w.open)),
    cpuMsPerConnectionHour: null,
    cpuSource: null,
    rssBytesIdle: idle?.rssBytes ?? null,
    rssBytesPeak: peak?.rssBytes ?? null,
    rssBytesPerConnection: null,
    fdsIdle: idle?.fds ?? null,
    fdsPeak: peak?.fds ?? null,
    fdsPerConnection: null,
    missing
  };
  if (idle === void 0)
    missing.push(
      `no sample of group "${name}" before the ramp (the collection started with the hold)`
    );
  if (peak === void 0) missing.push(`no sample of group "${name}" while connections were open`);
  if (idle !== void 0 && peak !== void 0) {
    cost.rssBytesPerConnection = perConnection(
      idle.rssBytes,
      peak.rssBytes,
      peakOpen,
      "RSS",
      missing
    );
    cost.fdsPerConnection = perConnection(
      idle.fds,
      peak.fds,
      peakOpen,
      "file descriptors",
      missing
    );
  }
  if (seconds === 0) missing.push("CPU per connection-hour: no connection was held");
  else if (stats?.exactCpu !== void 0) {
    cost.cpuMsPerConnectionHour = stats.exactCpu.cpuMs / (seconds / 3600);
    cost.cpuSource = "exact";
  } else if (stats !== void 0 && stats.cpuPct.samples > 0) {
    cost.cpuMsPerConnectionHour = stats.cpuTimeMs / (seconds / 3600);
    cost.cpuSource = "sampled";
  } else missing.push(`CPU per connection-hour: no CPU reading of group "${name}" inside the hold`);
  return cost;
}
function heldConnectionCosts(groups, samples, timeline) {
  return groups.map((g) => groupCost(g.name, samples, g, timeline));
}

// src/collect/schema.ts
var RUN_ID_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;
var COLLECT_SCHEMA = {
  "run-id": {
    type: "string",
    metavar: "ID",
    required: true,
    pattern: RUN_ID_PATTERN,
    patternText: '1\u2013100 characters of letters, digits, ".", "_" or "-"',
    help: "Identifies the collection; the same value for start and stop (e.g. the workflow run id)."
  },
  label: { type: "string", help: "Free label stored in the results, e.g. candidate." },
  "access-log": {
    type: "path",
    required: true,
    help: "The WAF access log; read from its current end, never moved."
  },
  "error-log": {
    type: "path",
    help: "The WAF error log: alerts, worker crashes, sanitizer output and ModSecurity rule ids."
  },
  "log-format": {
    type: "string",
    metavar: "F",
    default: "waf-gate-lab",
    help: "A preset (waf-gate-lab, combined, waf-marker, json) or the log_format definition pasted from nginx.conf."
  },
  "id-variable": {
    type: "string",
    metavar: "NAME",
    default: "http_x_waf_gate_id",
    help: "Log variable holding the replay id."
  },
  "json-fields": {
    type: "string",
    metavar: "LIST",
    help: "Field names of the json preset: status=,host=,upstreamStatus=,id=,requestId=."
  },
  "skip-lines-containing": {
    type: "list",
    default: ["pepp4_"],
    help: "waf-marker: lines containing any of these are skipped."
  },
  "extra-variables": {
    type: "list",
    help: "Custom variables (map/set) the log_format may use."
  },
  "anomaly-statuses": {
    type: "list",
    default: DEFAULT_ANOMALY_STATUSES.map(String),
    help: "WAF statuses that count as an anomaly when the upstream status is -."
  },
  groups: {
    type: "string",
    metavar: "SPEC",
    defaultText: "nginx-worker=nginx: worker process",
    help: "Process groups, one per line: name=command-line prefix or name=~regex, optionally ;parent=<pid or pid file>."
  },
  "master-pid-file": {
    type: "path",
    help: "nginx master PID file: only its workers are sampled (several instances on one machine)."
  },
  "master-pid": {
    type: "integer",
    metavar: "PID",
    min: 1,
    help: "nginx master PID, instead of the file."
  },
  interval: { type: "duration", minMs: 100, default: 1e3, help: "Sampling interval." },
  "poll-interval": {
    type: "duration",
    minMs: 50,
    default: 500,
    help: "How often the logs are read."
  },
  "max-duration": {
    type: "duration",
    minMs: 1e3,
    default: 2 * 36e5,
    help: "The collector stops itself after this long."
  },
  "out-dir": {
    type: "path",
    metavar: "DIR",
    defaultText: "$RUNNER_TEMP (or the temp dir)/waf-gate/<run-id>/collect",
    help: "Where collect.json and its files go."
  },
  "state-dir": {
    type: "path",
    metavar: "DIR",
    defaultText: "$RUNNER_TEMP (or the temp dir)/waf-gate/<run-id>/collect-state",
    help: "Collector state folder."
  },
  "lock-file": {
    type: "path",
    metavar: "PATH",
    help: "install-waf's lock on the WAF host: while it runs, the collector renews the lease of the run that holds it as this run id (give install-waf the same run-id), so a long collection does not lose the host."
  },
  "rule-ids": {
    type: "boolean",
    defaultText: "true with an error log",
    help: "Attach ModSecurity rule ids from the error log."
  },
  "keep-line-bytes": {
    type: "integer",
    min: 64,
    max: 1 << 20,
    default: 8192,
    help: "Bytes kept of each anomalous or unparsable line."
  },
  "max-line-bytes": {
    type: "integer",
    min: 1024,
    max: 256 << 20,
    default: 4 << 20,
    help: "Longer lines are not parsed (counted as format errors)."
  },
  "max-hosts": {
    type: "integer",
    min: 1,
    max: 1e6,
    default: DEFAULT_MAX_HOSTS,
    help: 'Distinct Host values counted apart (4 KB each); further hosts count as "(other hosts)".'
  },
  ...HOST_SCHEMA
};
var COLLECT_STOP_SCHEMA = {
  replay: {
    type: "path",
    actionInput: "replay-results",
    help: "replay.json of the run: trims series to the loaded interval and joins outcomes."
  },
  outcomes: { type: "path", help: "outcomes.jsonl, when not beside replay.json." },
  settle: {
    type: "duration",
    allowZero: true,
    default: 1500,
    help: "Keep reading this long for log lines still buffered by nginx."
  },
  "from-offset": {
    type: "integer",
    min: 0,
    default: 0,
    help: "(analyze) Start reading the access log at this byte."
  }
};

// src/collect/options.ts
import { tmpdir } from "node:os";
import { isAbsolute as isAbsolute2, join, resolve as resolve2 } from "node:path";
var COLLECT_INPUT_NAMES = optionNames(COLLECT_SCHEMA);
function baseDir() {
  return process.env.RUNNER_TEMP || tmpdir();
}
function defaultStateDir(runId) {
  return join(baseDir(), "waf-gate", runId, "collect-state");
}
function parseRunId(value, input = "run-id") {
  const text = (value ?? "").trim();
  if (!RUN_ID_PATTERN.test(text)) {
    throw new ConfigError('A run id is 1\u2013100 characters of letters, digits, ".", "_" or "-".', {
      input,
      value: value ?? "",
      hint: "Pass the same run id to start and stop, e.g. the workflow run id."
    });
  }
  return text;
}
function parseJsonFields(value) {
  const fields = { ...DEFAULT_JSON_FIELDS };
  for (const pair of parseList(value)) {
    const [key, name] = pair.split("=").map((s) => s.trim());
    if (!key || !name || !(key in fields) || !/^[A-Za-z0-9_.@-]+$/.test(name)) {
      throw new ConfigError(
        `Expected key=name pairs with keys ${Object.keys(fields).join(", ")}.`,
        {
          input: "json-fields",
          value: pair
        }
      );
    }
    fields[key] = name;
  }
  return fields;
}
function resolveFormat(value, jsonFields, idVariable) {
  const text = value.trim();
  if (!isPresetName(text)) {
    if (/^[a-z][a-z0-9-]*$/.test(text)) {
      throw new ConfigError(`Unknown log format preset "${text}".`, {
        input: "log-format",
        value: text,
        hint: `Use one of ${PRESET_NAMES.join(", ")} or paste the log_format definition from nginx.conf.`
      });
    }
    return { name: "custom", definition: text };
  }
  switch (text) {
    case "combined":
      return { name: text, definition: COMBINED_FORMAT };
    case "waf-gate-lab":
      return { name: text, definition: WAF_GATE_LAB_FORMAT };
    case "json":
      return {
        name: text,
        definition: `log_format json escape=json '${jsonPresetFormat(jsonFields, idVariable)}';`
      };
    default:
      return { name: text, definition: "" };
  }
}
function buildRecordParser(options) {
  if (options.logFormat.name === "waf-marker")
    return new MarkerRecordParser(options.skipSubstrings);
  const compiled = compileLogFormat(options.logFormat.definition, {
    input: "log-format",
    extraVariables: options.extraVariables
  });
  return new FormatRecordParser(compiled, options.logFormat.name, {
    idVariable: options.idVariable
  });
}
function absolute(path) {
  return isAbsolute2(path) ? path : resolve2(path);
}
var S = COLLECT_SCHEMA;
function collectOptions(init) {
  const runId = parseRunId(init.runId);
  const idVariable = (init.idVariable ?? S["id-variable"].default).replace(/^\$/, "");
  const jsonFields = { ...DEFAULT_JSON_FIELDS, ...init.jsonFields };
  const errorLog = init.errorLog === void 0 ? void 0 : absolute(init.errorLog);
  const options = {
    runId,
    accessLog: absolute(init.accessLog),
    logFormat: resolveFormat(init.logFormat ?? S["log-format"].default, jsonFields, idVariable),
    idVariable,
    jsonFields,
    skipSubstrings: init.skipSubstrings ?? [...S["skip-lines-containing"].default],
    extraVariables: (init.extraVariables ?? []).map((v) => v.replace(/^\$/, "")),
    anomalyStatuses: init.anomalyStatuses ?? [...DEFAULT_ANOMALY_STATUSES],
    groups: bindToMaster(
      (init.groups ?? [NGINX_WORKER_GROUP]).map((g) => ({ ...g, match: { ...g.match } })),
      init.masterPidFile,
      init.masterPid
    ),
    sampleIntervalMs: init.sampleIntervalMs ?? S.interval.default,
    pollIntervalMs: init.pollIntervalMs ?? S["poll-interval"].default,
    maxDurationMs: init.maxDurationMs ?? S["max-duration"].default,
    outDir: absolute(init.outDir ?? join(baseDir(), "waf-gate", runId, "collect")),
    stateDir: absolute(init.stateDir ?? defaultStateDir(runId)),
    ruleIds: init.ruleIds ?? errorLog !== void 0,
    keepLineBytes: init.keepLineBytes ?? S["keep-line-bytes"].default,
    maxLineBytes: init.maxLineBytes ?? S["max-line-bytes"].default,
    maxHosts: init.maxHosts ?? S["max-hosts"].default
  };
  if (init.label !== void 0) options.label = init.label;
  if (errorLog !== void 0) options.errorLog = errorLog;
  if (init.lockFile !== void 0) options.lockFile = absolute(init.lockFile);
  applyHost(options, init);
  buildRecordParser(options);
  return options;
}
function applyHost(options, init) {
  const spec = init.host === void 0 ? void 0 : parseHostSpec("host", init.host);
  if (spec === void 0 || spec.kind === "local") return;
  options.host = formatHostSpec(spec);
  const paths = {
    "access-log": init.accessLog,
    "error-log": init.errorLog,
    "master-pid-file": init.masterPidFile,
    "lock-file": init.lockFile
  };
  for (const [name, value] of Object.entries(paths)) {
    if (value !== void 0 && !isAbsolute2(value))
      throw new ConfigError(`With a remote host, ${name} must be an absolute path on that host.`, {
        input: name,
        value,
        hint: `${options.host} is not this machine: give e.g. /var/log/nginx/access.log.`
      });
  }
  const ssh = {};
  for (const name of SSH_INPUT_NAMES) {
    const value = init.ssh?.[name];
    if (value === void 0 || value.trim() === "") continue;
    const isFile = name === "known-hosts" || name === "ssh-key" && !value.includes("PRIVATE KEY");
    ssh[name] = isFile ? absolute(value.trim()) : name === "host-fingerprint" ? value.trim() : value;
  }
  options.ssh = ssh;
}
function parseCollectOptions(raw) {
  const v = parseOptions(COLLECT_SCHEMA, raw, { stage: "collect" });
  const ssh = {};
  for (const name of SSH_INPUT_NAMES) {
    const value = v[name];
    if (value !== void 0) ssh[name] = value;
  }
  const defined = (key, value) => value === void 0 ? {} : { [key]: value };
  return collectOptions({
    runId: v["run-id"],
    accessLog: v["access-log"],
    logFormat: v["log-format"],
    idVariable: v["id-variable"],
    jsonFields: parseJsonFields(v["json-fields"]),
    skipSubstrings: v["skip-lines-containing"],
    extraVariables: v["extra-variables"] ?? [],
    anomalyStatuses: v["anomaly-statuses"].map(
      (s) => parseInteger("anomaly-statuses", s, 100, 999)
    ),
    ...v.groups === void 0 ? {} : { groups: parseGroups(v.groups) },
    sampleIntervalMs: v.interval,
    pollIntervalMs: v["poll-interval"],
    maxDurationMs: v["max-duration"],
    keepLineBytes: v["keep-line-bytes"],
    maxLineBytes: v["max-line-bytes"],
    maxHosts: v["max-hosts"],
    ...defined("label", v.label),
    ...defined("errorLog", v["error-log"]),
    ...defined("masterPidFile", v["master-pid-file"]),
    ...defined("masterPid", v["master-pid"]),
    ...defined("outDir", v["out-dir"]),
    ...defined("stateDir", v["state-dir"]),
    ...defined("ruleIds", v["rule-ids"]),
    ...defined("host", v.host),
    ...defined("lockFile", v["lock-file"]),
    ...Object.keys(ssh).length > 0 ? { ssh } : {}
  });
}

// src/collect/collector.ts
import { rm } from "node:fs/promises";
import { join as join5 } from "node:path";

// src/collect/output/line-sink.ts
import { closeSync as closeSync2, mkdirSync, openSync as openSync2, writeSync } from "node:fs";
import { dirname as dirname2, join as join2 } from "node:path";

// src/collect/output/write-error.ts
function errnoCode(error) {
  const code = error?.code;
  return typeof code === "string" ? code : error instanceof Error ? error.message : String(error);
}
function collectWriteError(file, error) {
  if (error?.code === "E_WRITE") return error;
  const code = errnoCode(error);
  return new WafGateError("E_COLLECT_WRITE", `Cannot write ${file}: ${code}.`, {
    context: { file },
    cause: error,
    hint: code === "ENOSPC" ? "The disk is full: free space (or choose another --out-dir) and run the step again." : "Check that --out-dir is a writable folder, then run the step again."
  });
}

// src/collect/output/line-sink.ts
var FLUSH_BYTES = 1 << 20;
var FIRST_BYTES = 16 << 10;
function safeFileName(key) {
  const cleaned = key.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return (cleaned || "_").slice(0, 200);
}
var LineSink = class _LineSink {
  constructor(pathOf, keepBytes = 8192) {
    this.pathOf = pathOf;
    this.keepBytes = keepBytes;
  }
  pathOf;
  keepBytes;
  files = /* @__PURE__ */ new Map();
  /** Relative file names written, by key. */
  written = /* @__PURE__ */ new Map();
  /** Files that could not be written: path -> error code (their lines were dropped). */
  failures = /* @__PURE__ */ new Map();
  /** A sink writing every key into files `<dir>/<safe key>.log`. */
  static perKey(dir, keepBytes) {
    return new _LineSink((key) => join2(dir, `${safeFileName(key)}.log`), keepBytes);
  }
  /** Appends `buf[start, end)` plus a newline to the key's file. */
  add(key, buf, start, end) {
    let file = this.files.get(key);
    if (!file) {
      const path = this.pathOf(key);
      let fd = -1;
      try {
        mkdirSync(dirname2(path), { recursive: true });
        fd = openSync2(path, "w");
      } catch (error) {
        this.failures.set(path, errnoCode(error));
      }
      file = { key, path, fd, data: Buffer.allocUnsafe(fd < 0 ? 0 : FIRST_BYTES), bytes: 0 };
      this.files.set(key, file);
      if (fd >= 0) this.written.set(key, path);
    }
    if (file.fd < 0) return;
    const n = Math.min(end - start, this.keepBytes);
    const need = file.bytes + n + 1;
    if (need > file.data.length) {
      if (file.data.length < FLUSH_BYTES) {
        const grown = Buffer.allocUnsafe(
          Math.max(need, Math.min(FLUSH_BYTES, file.data.length * 2))
        );
        file.data.copy(grown, 0, 0, file.bytes);
        file.data = grown;
      } else {
        this.flushFile(file);
        if (n + 1 > file.data.length) file.data = Buffer.allocUnsafe(n + 1);
      }
    }
    buf.copy(file.data, file.bytes, start, start + n);
    file.data[file.bytes + n] = 10;
    file.bytes += n + 1;
  }
  /** Writes everything held. */
  flush() {
    for (const file of this.files.values()) this.flushFile(file);
  }
  /** Flushes and closes every file. */
  close() {
    this.flush();
    for (const file of this.files.values()) if (file.fd >= 0) closeSync2(file.fd);
    this.files.clear();
  }
  flushFile(file) {
    if (file.fd < 0) return;
    try {
      let off = 0;
      while (off < file.bytes) off += writeSync(file.fd, file.data, off, file.bytes - off);
    } catch (error) {
      this.failures.set(file.path, errnoCode(error));
      this.written.delete(file.key);
      try {
        closeSync2(file.fd);
      } catch {
      }
      file.fd = -1;
      file.data = Buffer.alloc(0);
    }
    file.bytes = 0;
  }
};

// src/collect/results.ts
import { mkdir } from "node:fs/promises";
import { dirname as dirname3, join as join3, resolve as resolve3 } from "node:path";
function seriesRows(pids, groups) {
  const fmt = (x) => String(Math.round(x * 100) / 100);
  let text = "";
  const fds = (n) => n === null ? "" : String(n);
  for (const p of pids)
    text += `${p.timeMs},${p.group},${p.pid},${fmt(p.cpuPct)},${p.rssBytes},,,${fds(p.fds)}
`;
  for (const g of groups)
    text += `${g.timeMs},${g.group},all,${fmt(g.cpuPct)},${g.rssBytes},${fmt(g.cpuMs)},${g.intervalMs},${fds(g.fds)}
`;
  return text;
}
async function readHoldTimeline(file) {
  const doc = await readJsonFile(file, "hold results (hold.json)");
  const s = new JsonShape(file, "hold results (hold.json)");
  const o = s.object(doc, "(document)");
  s.oneOf(o.schema, "schema", ["waf-gate/hold@1"]);
  const time = (v, p) => {
    const ms = Date.parse(s.string(v, p));
    if (!Number.isFinite(ms)) s.fail(p, "an ISO date", v);
    return ms;
  };
  const windows = s.list(o.windows, "windows", (v, p) => {
    const w = s.object(v, p);
    return {
      startMs: s.number(w.startMs, `${p}.startMs`, { min: 0 }),
      open: s.number(w.open, `${p}.open`, { min: 0 })
    };
  });
  return { startMs: time(o.startedAt, "startedAt"), endMs: time(o.endedAt, "endedAt"), windows };
}
async function resolveStop(options) {
  if (options.holdFile && !options.holdTimeline) {
    const holdTimeline = await readHoldTimeline(options.holdFile);
    options = {
      ...options,
      holdTimeline,
      loadedInterval: options.loadedInterval ?? {
        startMs: holdTimeline.startMs,
        endMs: holdTimeline.endMs
      }
    };
  }
  if (!options.replayFile) return options;
  const replay = await readJsonFile(
    options.replayFile,
    "replay result (replay.json)"
  );
  const resolved = { ...options };
  resolved.loadedInterval ??= { startMs: replay.startedAtMs, endMs: replay.endedAtMs };
  if (!resolved.outcomesFile && replay.outcomesFile)
    resolved.outcomesFile = resolve3(dirname3(options.replayFile), replay.outcomesFile);
  return resolved;
}
var LOAD_START_MARK = "load-start";
var LOAD_END_MARK = "load-end";
function addExactCpu(groups, marks, failures, clockTicksPerSec) {
  const start = marks.find((m) => m.name === LOAD_START_MARK);
  const end = marks.findLast((m) => m.name === LOAD_END_MARK);
  const failed = [LOAD_START_MARK, LOAD_END_MARK].find((n) => failures.has(n));
  if (start === void 0 && end === void 0 && failed === void 0) return;
  for (const g of groups) {
    if (failed !== void 0)
      g.exactCpuMissing = `reading the CPU counters at mark "${failed}" failed: ${failures.get(failed)}`;
    else if (start === void 0 || end === void 0)
      g.exactCpuMissing = `no "${start === void 0 ? LOAD_START_MARK : LOAD_END_MARK}" mark was taken`;
    else {
      const exact = exactCpuBetween(start, end, g.name, clockTicksPerSec);
      if ("value" in exact) g.exactCpu = exact.value;
      else g.exactCpuMissing = exact.missing;
    }
  }
}
function crashesFrom(events, signals, defaultGroup) {
  const bySignal = new Map(signals.map((s) => [s.pid, s]));
  const crashes = [];
  const reported = /* @__PURE__ */ new Set();
  for (const e of events) {
    if (e.kind !== "gone") continue;
    const sig = bySignal.get(e.pid);
    if (!e.parentAlive && sig === void 0) continue;
    const crash = {
      pid: e.pid,
      group: e.group,
      lastSeenMs: e.lastSeenMs ?? e.atMs,
      goneAtMs: e.atMs,
      detail: sig ? sig.line : `pid ${e.pid} vanished while its parent ${e.ppid ?? "?"} lived (crash or respawn; the error log says nothing)`
    };
    if (sig) crash.signal = sig.signal;
    crashes.push(crash);
    reported.add(e.pid);
  }
  for (const sig of signals) {
    if (reported.has(sig.pid)) continue;
    crashes.push({
      pid: sig.pid,
      group: defaultGroup,
      lastSeenMs: 0,
      goneAtMs: 0,
      signal: sig.signal,
      detail: `${sig.line} (from the error log; not seen by the sampler)`
    });
  }
  return crashes;
}
async function finaliseResults(state, stop) {
  const { options, analyzer, scanner, sampler } = state;
  await mkdir(options.outDir, { recursive: true }).catch((error) => {
    throw collectWriteError(options.outDir, error);
  });
  const groupNames = options.groups.map((g) => g.name);
  const samples = state.recoveredSeries?.samples ?? sampler.groupSamples;
  const pids = state.recoveredSeries?.pids ?? new Map(groupNames.map((n, k) => [n, sampler.pidsSeen[k]]));
  const result = {
    schema: "waf-gate/collect@1",
    runId: options.runId,
    startedAtMs: state.startedAtMs,
    endedAtMs: state.endedAtMs,
    log: {
      path: options.accessLog,
      format: options.logFormat.name,
      bytesRead: state.access.bytesRead,
      lines: analyzer.lines,
      parsed: analyzer.parsed,
      formatErrors: analyzer.formatErrors,
      skipped: analyzer.skipped,
      overlong: analyzer.overlong,
      rotations: { ...state.access.rotations },
      startOffset: state.positions.access.offset
    },
    statusCounts: analyzer.statusCounts(),
    anomalies: {
      statuses: [...options.anomalyStatuses],
      perDomain: analyzer.anomalyCountsByDomain(),
      total: analyzer.anomalyTotal
    },
    processes: {
      intervalMs: options.sampleIntervalMs,
      groups: groupStats(
        groupNames,
        samples,
        pids,
        stop.loadedInterval,
        new Map(
          groupNames.flatMap((n, k) => {
            const why = sampler.fdsMissing[k];
            return why === void 0 ? [] : [[n, why]];
          })
        )
      ),
      events: sampler.events.map((e) => ({
        pid: e.pid,
        group: e.group,
        kind: e.kind,
        atMs: e.atMs,
        ...e.parentAlive === void 0 ? {} : { parentAlive: e.parentAlive }
      })),
      clockTicksPerSec: state.constants.clockTicksPerSec
    },
    crashes: crashesFrom(sampler.events, scanner.workerSignals, groupNames[0] ?? "nginx-worker"),
    findings: scanner.findings,
    stoppedBy: state.stoppedBy
  };
  addExactCpu(
    result.processes.groups,
    sampler.marks,
    state.markFailures ?? /* @__PURE__ */ new Map(),
    state.constants.clockTicksPerSec
  );
  if (sampler.marks.length > 0)
    result.processes.marks = sampler.marks.map((m) => ({
      name: m.name,
      timeMs: m.timeMs,
      readMs: Math.round(m.readMs * 100) / 100
    }));
  if (options.label !== void 0) result.label = options.label;
  if (options.host !== void 0 && options.host !== "local") result.host = options.host;
  if (stop.loadedInterval) result.loadedInterval = { ...stop.loadedInterval };
  if (state.formatErrorsFile) result.log.formatErrorsFile = "format-errors.log";
  if (state.anomalyFiles) result.anomalies.linesDir = "anomalies";
  if (state.seriesFile) result.processes.seriesFile = "series.csv";
  if (state.errorFollower && options.errorLog) {
    result.errorLog = {
      path: options.errorLog,
      bytesRead: state.errorFollower.bytesRead,
      lines: scanner.lines,
      findingsDropped: scanner.droppedFindings
    };
  }
  if (stop.outcomesFile) {
    const joinedFile = join3(options.outDir, "joined.jsonl");
    const summary = await joinOutcomes(analyzer, {
      outcomesFile: stop.outcomesFile,
      joinedFile,
      anomalyStatuses: options.anomalyStatuses,
      ruleIds: scanner.ruleIds
    }).catch((error) => {
      if (isConfigError(error)) throw error;
      throw collectWriteError(joinedFile, error);
    });
    result.join = { ...summary, joinedFile: "joined.jsonl" };
  }
  if (stop.holdTimeline)
    result.perHeldConnection = heldConnectionCosts(
      result.processes.groups,
      samples,
      stop.holdTimeline
    );
  if (state.problems.length > 0) result.incomplete = state.problems.join("; ");
  if (analyzer.hostsOverflowLines > 0)
    result.hostsOverflow = { maxHosts: analyzer.maxHosts, lines: analyzer.hostsOverflowLines };
  const missing = findMissing({
    sampled: state.sampled,
    samples: state.recoveredSeries ? new Set(state.recoveredSeries.samples.map((s) => s.timeMs)).size : sampler.samplesTaken,
    groups: options.groups.map((spec, k) => ({
      spec,
      pidFileMisses: state.recoveredSeries ? 0 : sampler.pidFileMisses[k] ?? 0,
      pidsSeen: pids.get(spec.name)?.size ?? 0
    })),
    stats: result.processes.groups,
    log: {
      path: options.accessLog,
      format: options.logFormat.name,
      lines: analyzer.lines,
      parsed: analyzer.parsed,
      skipped: analyzer.skipped
    }
  });
  if (missing.length > 0) result.missing = missing;
  await writeJsonFile(join3(options.outDir, "collect.json"), result);
  return result;
}

// src/collect/sampling.ts
import { appendFileSync, mkdirSync as mkdirSync2 } from "node:fs";
import { join as join4 } from "node:path";
var SeriesWriter = class {
  constructor(outDir, logger) {
    this.outDir = outDir;
    this.logger = logger;
    this.path = join4(outDir, "series.csv");
  }
  outDir;
  logger;
  path;
  /** True once the file was created. */
  started = false;
  /** The error code of the first failed write; nothing more is written after it. */
  error;
  /** The sampler's row callback. */
  onRows = (pids, groups) => {
    if (this.error !== void 0) return;
    try {
      if (!this.started) {
        mkdirSync2(this.outDir, { recursive: true });
        appendFileSync(this.path, SERIES_HEADER);
        this.started = true;
      }
      appendFileSync(this.path, seriesRows(pids, groups));
    } catch (error) {
      this.error = errnoCode(error);
      this.logger.warn(
        `collect: cannot write ${this.path}: ${this.error}; the series file is incomplete`
      );
    }
  };
};
var MARK_READ_BOUND_MS = 250;
var SampleLoop = class {
  constructor(host, sampler, intervalMs, logger) {
    this.host = host;
    this.sampler = sampler;
    this.intervalMs = intervalMs;
    this.logger = logger;
    this.take = sampleFunction(host, sampler, Math.max(1e4, intervalMs * 5));
  }
  host;
  sampler;
  intervalMs;
  logger;
  /** Samples that failed, and the first failure. */
  failed = 0;
  firstError;
  /** Marks that could not be read: name → why. */
  markFailures = /* @__PURE__ */ new Map();
  inFlight;
  timer;
  take;
  /**
   * Reads every group's CPU counters now as mark `name` (e.g. just before and just after the load),
   * after any sample in flight, so reads stay in order. Never rejects: a failed read is recorded in
   * {@link markFailures} (the exact figure is then missing) and resolves to null.
   */
  async mark(name) {
    while (this.inFlight) await this.inFlight;
    const read = this.readMark(name);
    this.inFlight = read.then(
      () => void 0,
      () => void 0
    );
    try {
      return await read;
    } catch (error) {
      const why = error.message;
      this.markFailures.set(name, why);
      this.logger.warn(`collect: reading the CPU counters for mark "${name}" failed: ${why}`);
      return null;
    } finally {
      this.inFlight = void 0;
    }
  }
  async readMark(name) {
    if (isLocalHost(this.host)) return this.sampler.mark(name);
    const reader = new HostProcReader(this.host, 1e4);
    const readOnce = async () => {
      const before = performance.now();
      const beforeMs = Date.now();
      const snapshot = await reader.snapshot(this.sampler.pidFiles);
      const ms = performance.now() - before;
      return { snapshot, atMs: Math.round(beforeMs + ms / 2), ms };
    };
    let best = await readOnce().catch(readOnce);
    for (let attempt = 1; best.ms > MARK_READ_BOUND_MS && attempt < 3; attempt += 1) {
      const next = await readOnce();
      if (next.ms < best.ms) best = next;
    }
    return this.sampler.markFrom(name, best.snapshot, best.atMs, best.ms);
  }
  /** One sample now (or the one already running). Never rejects: a failure is counted. */
  sample() {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.take().catch((error) => {
      if (this.firstError === void 0)
        this.logger.warn(
          `collect: sampling /proc on ${this.host.name} failed: ${error.message}`
        );
      this.firstError ??= error;
      this.failed += 1;
    }).finally(() => {
      this.inFlight = void 0;
    });
    return this.inFlight;
  }
  /** Starts the interval timer. */
  start() {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }
  /** Stops the timer and waits for a running sample. */
  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = void 0;
    await this.inFlight;
  }
};

// src/collect/collector.ts
function resumeOptions(position) {
  if (!position) return {};
  const options = { from: position.offset };
  if (position.ino >= 0) options.expectIno = position.ino;
  if (position.fingerprint !== void 0) options.expectFingerprint = position.fingerprint;
  return options;
}
function procConstants(host = new LocalHost()) {
  return hostProcConstants(host);
}
async function startCollection(options, deps) {
  const parser = buildRecordParser(options);
  const host = deps.host ?? await openCollectHost(options, deps.logger);
  try {
    return await collectOn(host, deps.host === void 0, parser, options, deps);
  } catch (error) {
    if (deps.host === void 0) await host.close();
    throw error;
  }
}
async function collectOn(host, ownsHost, parser, options, deps) {
  const { logger } = deps;
  const startedAtMs = Date.now();
  const anomalySink = LineSink.perKey(join5(options.outDir, "anomalies"), options.keepLineBytes);
  const formatErrorSink = new LineSink(
    () => join5(options.outDir, "format-errors.log"),
    options.keepLineBytes
  );
  const analyzer = new AccessAnalyzer({
    parser,
    anomalyStatuses: options.anomalyStatuses,
    anomalySink,
    formatErrorSink,
    keepRequestIds: options.ruleIds,
    maxHosts: options.maxHosts
  });
  const access = await openFollower(
    host,
    options.accessLog,
    new LineSplitter(
      analyzer.onLine,
      analyzer.onOverlong,
      options.maxLineBytes,
      options.keepLineBytes
    ),
    logger,
    resumeOptions(deps.resumeFrom?.access)
  );
  const scanner = new ErrorLogScanner(options.ruleIds);
  let errorFollower;
  try {
    if (options.errorLog) {
      errorFollower = await openFollower(
        host,
        options.errorLog,
        new LineSplitter(
          scanner.onLine,
          scanner.onOverlong,
          options.maxLineBytes,
          options.keepLineBytes
        ),
        logger,
        { input: "error-log", ...resumeOptions(deps.resumeFrom?.error) }
      );
    }
  } catch (error) {
    await access.close();
    throw error;
  }
  const positions = errorFollower ? { access: access.start, error: errorFollower.start } : { access: access.start };
  const constants = deps.sample === false ? { clockTicksPerSec: 100, pageBytes: 4096 } : await procConstants(host);
  const series = new SeriesWriter(options.outDir, logger);
  const sampler = new ProcSampler(options.groups, constants, series.onRows);
  const sampling = deps.sample !== false;
  const loop = new SampleLoop(host, sampler, options.sampleIntervalMs, logger);
  let pollError;
  let formatWarned = false;
  const poll = async () => {
    try {
      await access.poll();
      await errorFollower?.poll();
      if (!formatWarned && analyzer.parsed === 0 && analyzer.lines - analyzer.skipped >= 20) {
        formatWarned = true;
        logger.warn(
          `collect: none of the first ${analyzer.lines - analyzer.skipped} lines of ${options.accessLog} matched the log format "${options.logFormat.name}": check --log-format against the log_format in nginx.conf (lines kept in ${join5(options.outDir, "format-errors.log")})`
        );
      }
      if (pollError !== void 0) logger.info("collect: reading the logs works again");
      pollError = void 0;
    } catch (error) {
      if (pollError === void 0)
        logger.warn(`collect: reading the logs failed: ${error.message}`);
      pollError = error;
    }
  };
  const warnings = [];
  if (sampling) {
    await loop.sample();
    if (loop.failed === 0)
      warnings.push(
        ...startWarnings(
          options.groups.map((spec, k) => ({
            spec,
            pidFileMisses: sampler.pidFileMisses[k] ?? 0,
            pidsSeen: sampler.pidsSeen[k]?.size ?? 0
          }))
        )
      );
    for (const w of warnings) logger.warn(w);
  }
  let polling = false;
  const pollTimer = setInterval(() => {
    if (polling) return;
    polling = true;
    void poll().finally(() => {
      polling = false;
    });
  }, options.pollIntervalMs);
  if (sampling) loop.start();
  let finished2 = false;
  const halt = async () => {
    clearInterval(pollTimer);
    deps.signal?.removeEventListener("abort", onAbort);
    await loop.stop();
  };
  const release = async () => {
    if (ownsHost) await host.close().catch(() => void 0);
  };
  const abort = async () => {
    if (finished2) return;
    finished2 = true;
    await halt();
    await access.close().catch(() => void 0);
    await errorFollower?.close().catch(() => void 0);
    await release();
    anomalySink.close();
    formatErrorSink.close();
    await rm(options.outDir, { recursive: true, force: true });
  };
  const onAbort = () => void abort();
  deps.signal?.addEventListener("abort", onAbort, { once: true });
  logger.debug(`collect: following ${options.accessLog} from byte ${access.start.offset}`);
  const stop = async (stopInput = {}) => {
    if (finished2)
      throw new WafGateError(
        "E_COLLECT_STOPPED",
        `Collection for run "${options.runId}" was already stopped.`
      );
    finished2 = true;
    await halt();
    let stopOptions;
    try {
      stopOptions = await resolveStop(stopInput);
      if (sampling) await loop.sample();
      const settleUntil = Date.now() + (stopOptions.settleMs ?? 1500);
      while (Date.now() < settleUntil) {
        await poll();
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const follower of [access, errorFollower]) {
        try {
          await follower?.close();
          if (follower === access) pollError = void 0;
        } catch (error) {
          logger.warn(
            `collect: the final read of ${follower?.path} failed: ${error.message}`
          );
          pollError ??= error;
        }
      }
    } finally {
      await release();
      anomalySink.close();
      formatErrorSink.close();
    }
    const state = {
      options,
      startedAtMs,
      endedAtMs: Date.now(),
      positions,
      analyzer,
      access,
      errorFollower,
      scanner,
      sampler,
      markFailures: loop.markFailures,
      constants,
      seriesFile: series.started ? series.path : void 0,
      anomalyFiles: anomalySink.written.size > 0,
      formatErrorsFile: formatErrorSink.written.size > 0,
      stoppedBy: stopOptions.stoppedBy ?? deps.stoppedBy ?? "stop",
      sampled: sampling || deps.recoveredSeries !== void 0,
      ...deps.recoveredSeries ? { recoveredSeries: deps.recoveredSeries } : {},
      problems: [
        ...pollError === void 0 ? [] : [`reading the logs: ${pollError.message}`],
        ...loop.failed === 0 ? [] : [
          `${loop.failed} process sample(s) failed (gaps in the series): ${loop.firstError.message}`
        ],
        ...series.error === void 0 ? [] : [`cannot write ${series.path}: ${series.error}`],
        ...[...anomalySink.failures, ...formatErrorSink.failures].map(
          ([file, code]) => `cannot write ${file}: ${code} (its lines were dropped)`
        )
      ]
    };
    const result = await finaliseResults(state, stopOptions);
    for (const m of result.missing ?? [])
      logger[m.code === "outside-interval" ? "info" : "warn"](
        `collect: missing ${m.metric}${m.group ? ` of group "${m.group}"` : ""}: ${m.reason}`
      );
    if (result.hostsOverflow)
      logger.warn(
        `collect: more than ${result.hostsOverflow.maxHosts} distinct Host values: ${result.hostsOverflow.lines} lines of further hosts were counted together as "${OTHER_HOSTS}" (raise --max-hosts to count them apart, 4 KB each)`
      );
    return result;
  };
  const mark = async (name) => {
    if (sampling && !finished2) await loop.mark(name);
  };
  return { runId: options.runId, startedAtMs, positions, warnings, mark, stop, abort };
}

// src/collect/run-state.ts
import { existsSync, readFileSync as readFileSync2 } from "node:fs";
import { join as join6 } from "node:path";
import { inspect } from "node:util";
var STATE_FILES = {
  options: "options.json",
  state: "state.json",
  stop: "stop.json",
  done: "done.json",
  log: "daemon.log"
};
function statePath(stateDir, name) {
  return join6(stateDir, STATE_FILES[name]);
}
function readState(stateDir, name) {
  const path = statePath(stateDir, name);
  if (!existsSync(path)) return void 0;
  try {
    return JSON.parse(readFileSync2(path, "utf8"));
  } catch {
    return void 0;
  }
}
function isCollectorAlive(pid, stateDir) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if (error.code !== "EPERM") return false;
  }
  try {
    const cmdline = readFileSync2(`/proc/${pid}/cmdline`, "utf8");
    if (cmdline === "") return false;
    const stat2 = readFileSync2(`/proc/${pid}/stat`, "utf8");
    if (stat2.slice(stat2.lastIndexOf(")") + 2).startsWith("Z")) return false;
    return cmdline.split("\0").includes(stateDir);
  } catch {
    return false;
  }
}
function serializeError(error) {
  if (isWafGateError(error)) {
    const out = { code: error.code, message: error.message };
    if (error.hint) out.hint = error.hint;
    if (isConfigError(error)) {
      if (error.input !== void 0) out.input = error.input;
      if (error.value !== void 0)
        out.value = typeof error.value === "string" ? error.value : inspect(error.value);
      if (error.file !== void 0) out.file = error.file;
      if (error.line !== void 0) out.line = error.line;
    }
    return out;
  }
  return { code: "E_INTERNAL", message: error instanceof Error ? error.message : String(error) };
}
function deserializeError(e) {
  if (e.code === "E_CONFIG") {
    return new ConfigError(e.message, {
      ...e.input !== void 0 ? { input: e.input } : {},
      ...e.value !== void 0 ? { value: e.value } : {},
      ...e.file !== void 0 ? { file: e.file } : {},
      ...e.line !== void 0 ? { line: e.line } : {},
      ...e.hint !== void 0 ? { hint: e.hint } : {}
    });
  }
  return new WafGateError(e.code, e.message, e.hint !== void 0 ? { hint: e.hint } : {});
}

export {
  LAB_LOG_FORMAT,
  parseSeriesCsv,
  parseGroups,
  openCollectHost,
  collectWriteError,
  COLLECT_SCHEMA,
  COLLECT_STOP_SCHEMA,
  COLLECT_INPUT_NAMES,
  defaultStateDir,
  parseRunId,
  collectOptions,
  parseCollectOptions,
  startCollection,
  statePath,
  readState,
  isCollectorAlive,
  serializeError,
  deserializeError
};
