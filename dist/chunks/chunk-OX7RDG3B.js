import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  SERVER_DROP_CLOSE_CODE
} from "./chunk-K3QUUAFE.js";
import {
  scalarText
} from "./chunk-2TBFYHS7.js";
import {
  formatShaping,
  ftwTestIdentity,
  parseFtwOutput,
  parseShaping
} from "./chunk-MBWXRAFT.js";
import {
  require_dist
} from "./chunk-PDX4C4JJ.js";
import {
  ConfigError,
  MAX_DURATION_MS,
  WafGateError,
  optionNames,
  parseOptions,
  readJsonFile,
  writeJsonFile
} from "./chunk-QC4E7EMN.js";
import {
  Engine,
  LineBatcher,
  OutcomeFile,
  OutcomeFormatter,
  backpressuredSink,
  entryFragment,
  entryFragments,
  isHeadRequest,
  prepareOne,
  prepareRequests,
  proveRawTcp,
  rawTcp,
  releaseEntryBytes,
  withIdHeader
} from "./chunk-MYUYXPJI.js";
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  summarizeHistogram
} from "./chunk-D5N3K7F6.js";
import {
  __toESM
} from "./chunk-4PQXDHBF.js";

// src/corpus/sources.ts
import { readdir, stat } from "node:fs/promises";
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";
var FORMAT_BY_EXT = {
  ".yaml": "ftw",
  ".yml": "ftw",
  ".har": "har",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".txt": "raw",
  ".raw": "raw",
  ".http": "raw",
  ".req": "raw"
};
function formatOf(path, explicit) {
  const format = FORMAT_BY_EXT[extname(path).toLowerCase()];
  return format ?? (explicit ? "raw" : null);
}
function parseCorpusSpec(input, value) {
  const items = value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) {
    throw new ConfigError("No corpus given: name a file, folder or glob.", {
      input,
      value,
      hint: "e.g. traffic/browse.txt:80,traffic/search.txt:20"
    });
  }
  const specs = items.map((item) => {
    const m = /^(.*):(\d+(?:\.\d+)?)$/.exec(item);
    if (!m) return { pattern: item };
    const weight = Number(m[2]);
    if (!(weight > 0))
      throw new ConfigError(`Corpus weight must be above 0 in "${item}".`, { input, value });
    return { pattern: m[1], weight };
  });
  const weighted = specs.filter((s) => s.weight !== void 0).length;
  if (weighted > 0 && weighted < specs.length) {
    throw new ConfigError("Give a weight to every corpus item or to none.", {
      input,
      value,
      hint: "e.g. browse.txt:80,search.txt:20"
    });
  }
  return specs;
}
function globToRegExp(glob) {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
        i += glob[i + 2] === "/" ? 2 : 1;
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
async function walk(dir) {
  const out = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) {
    if (e.name.startsWith(".")) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...await walk(full));
    else if (e.isFile()) out.push(full);
  }
  return out;
}
var toSlash = (p) => p.split(sep).join("/");
async function resolveCorpusFiles(specs, input = "corpus", cwd = process.cwd()) {
  const files = [];
  for (const [sourceIndex, spec] of specs.entries()) {
    const found = [];
    const root = spec.baseDir ?? cwd;
    if (/[*?]/.test(spec.pattern)) {
      const parts = spec.pattern.split("/");
      const firstGlob = parts.findIndex((p) => /[*?]/.test(p));
      const base = parts.slice(0, firstGlob).join("/") || (spec.pattern.startsWith("/") ? "/" : ".");
      const matcher = globToRegExp(spec.pattern.replace(/^\.\//, ""));
      let all = [];
      try {
        all = await walk(resolve(root, base));
      } catch {
        all = [];
      }
      for (const abs of all) {
        const shown2 = spec.pattern.startsWith("/") ? toSlash(abs) : toSlash(relative(root, abs));
        const format = formatOf(abs, false);
        if (format && matcher.test(shown2))
          found.push({ displayPath: shown2, absolutePath: abs, format, sourceIndex });
      }
    } else {
      const abs = resolve(root, spec.pattern);
      let info;
      try {
        info = await stat(abs);
      } catch (error) {
        throw new ConfigError(`Corpus path not found: ${spec.pattern}`, {
          input,
          value: spec.pattern,
          cause: error
        });
      }
      if (info.isDirectory()) {
        for (const file of await walk(abs)) {
          const format = formatOf(file, false);
          const shown2 = toSlash(join(spec.pattern, relative(abs, file)));
          if (format) found.push({ displayPath: shown2, absolutePath: file, format, sourceIndex });
        }
      } else {
        found.push({
          displayPath: spec.pattern,
          absolutePath: abs,
          format: formatOf(abs, true) ?? "raw",
          sourceIndex
        });
      }
    }
    if (found.length === 0) {
      throw new ConfigError(`No corpus files match "${spec.pattern}".`, {
        input,
        value: spec.pattern,
        hint: "Corpus files end in .txt/.raw/.http/.req (raw), .yaml/.yml (ftw), .har or .jsonl."
      });
    }
    files.push(...found);
  }
  return files;
}
function readFromCopy(specs, copyDir) {
  return specs.map((spec) => {
    if (!isAbsolute(spec.pattern)) return spec;
    const inside = relative(copyDir, spec.pattern);
    if (inside === "" || inside.startsWith("..") || isAbsolute(inside)) return spec;
    return { ...spec, pattern: toSlash(inside), baseDir: copyDir };
  });
}

// src/replay/schema.ts
var HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
var REPLAY_SCHEMA = {
  target: {
    type: "url",
    required: true,
    help: "WAF address to replay to: http://host:port or https://host:port ([::1] for IPv6)."
  },
  corpus: {
    type: "string",
    metavar: "SPEC",
    help: 'Captured traffic: files, folders or globs, comma-separated, optionally weighted as "browse.txt:80,search.txt:20"; raw (====**** separated), go-ftw/CRS YAML, HAR 1.2 or JSON Lines. Required in quality and pressure modes; hold mode sends none.'
  },
  domains: {
    type: "list",
    itemPattern: /^[A-Za-z0-9._:[\]-]+$/,
    itemText: 'domain names (letters, digits, ".", "-", ":" and [] for IPv6)',
    help: "Target domains, comma-separated: Host and absolute URLs are rewritten per domain. Empty: requests are sent as captured."
  },
  mode: {
    type: "enum",
    values: ["quality", "pressure", "hold"],
    default: "quality",
    help: "quality (every request once per domain, tagged with an id), pressure (load on one domain) or hold (long-lived WebSocket connections held through the WAF with heartbeats; writes hold.json)."
  },
  connections: {
    type: "integer",
    min: 1,
    max: 1e4,
    defaultText: "10 (quality), 50 (pressure), 100 (hold)",
    help: "Concurrent connections (closed model: users)."
  },
  "keep-alive": {
    type: "boolean",
    default: true,
    help: "Reuse connections (true) or one connection per request (false)."
  },
  duration: {
    type: "duration",
    defaultText: "10s in pressure mode when no other stop is given",
    help: "Stop sending after this long, e.g. 30s."
  },
  requests: { type: "integer", min: 1, help: "Stop after this many requests." },
  repeat: {
    type: "integer",
    min: 1,
    defaultText: "1 in quality mode when no other stop is given",
    help: "Replay the corpus (x domains) this many times."
  },
  rate: {
    type: "number",
    metavar: "RPS",
    unit: "req/s",
    min: 1e-3,
    max: 1e7,
    help: "Open model: target requests per second over all connections."
  },
  "hatch-rate": {
    type: "number",
    unit: "connections/s",
    min: 1e-3,
    max: 1e6,
    defaultText: "no ramp (pressure), 500 (hold)",
    help: "Ramp-up: connections added per second."
  },
  "think-time": {
    type: "duration",
    allowZero: true,
    default: 0,
    help: "Pause between a response and the next request on a connection, e.g. 100ms."
  },
  "upload-rate": {
    type: "string",
    metavar: "RATE",
    help: 'Shaping (slow clients): upload cap per connection in bytes per second, e.g. 64KiB/s (units B, kB, KiB, MB, MiB, GB, GiB; "/s" optional); request bytes are paced by a token bucket.'
  },
  "download-rate": {
    type: "string",
    metavar: "RATE",
    help: "Shaping: download cap per connection in bytes per second, e.g. 64KiB/s; reading pauses while over the cap, so the WAF sees a slow reader."
  },
  delay: {
    type: "duration",
    allowZero: true,
    default: 0,
    help: "Shaping (distant clients): one-way delay added before each request's first byte is sent, e.g. 100ms (the TCP handshake is not delayed)."
  },
  "slow-header": {
    type: "string",
    metavar: "BYTES/INTERVAL",
    help: "Shaping: send each request head (request line and headers) in chunks of BYTES every INTERVAL, e.g. 1/1s; stresses client_header_timeout. Raise first-byte-timeout and timeout to match."
  },
  "slow-body": {
    type: "string",
    metavar: "BYTES/INTERVAL",
    help: "Shaping: send each request body in chunks of BYTES every INTERVAL, e.g. 100/500ms; stresses client_body_timeout and request buffering."
  },
  "connect-timeout": { type: "duration", default: 5e3, help: "Connect timeout." },
  "first-byte-timeout": {
    type: "duration",
    default: 3e4,
    help: "Time from sending to the first response byte."
  },
  timeout: { type: "duration", default: 6e4, help: "Total time per request." },
  "max-duration": {
    type: "duration",
    defaultText: "duration + 30s, else 1h",
    help: "Hard stop for the whole run."
  },
  "id-header": {
    type: "string",
    metavar: "NAME",
    default: "X-Waf-Gate-Id",
    pattern: HEADER_NAME,
    patternText: "a header name",
    help: "Request id header of quality mode."
  },
  "extra-headers": {
    type: "string",
    metavar: "LIST",
    help: 'Extra headers, one "Name: value" per line (or comma-separated), added to every request.'
  },
  insecure: {
    type: "boolean",
    default: false,
    help: "Do not verify TLS certificates (test WAFs)."
  },
  servername: {
    type: "string",
    metavar: "NAME",
    defaultText: "the first domain (unless an IP address)",
    help: "TLS SNI name."
  },
  workers: {
    type: "integer",
    min: 1,
    max: 64,
    default: 1,
    help: "Worker threads sending traffic."
  },
  "out-dir": {
    type: "path",
    metavar: "DIR",
    default: "waf-gate-out/replay",
    help: "Where replay.json and outcomes.jsonl go."
  },
  "run-id": {
    type: "string",
    metavar: "ID",
    pattern: /^[A-Za-z0-9._-]+$/,
    patternText: 'letters, digits, ".", "_" and "-"',
    defaultText: "random",
    help: "Run id encoded in request ids."
  },
  label: { type: "string", help: "Free label stored in the results, e.g. candidate." },
  "skip-invalid": {
    type: "boolean",
    default: false,
    help: "Skip malformed corpus entries (counted) instead of failing."
  },
  "preload-limit-mb": {
    type: "integer",
    unit: "MiB",
    min: 0,
    max: 1e6,
    default: 64,
    help: "Quality mode: corpora larger than this are streamed instead of loaded into memory."
  },
  window: {
    type: "duration",
    minMs: 100,
    default: 1e3,
    help: "Width of the QPS/latency time windows."
  },
  shard: {
    type: "string",
    metavar: "I/N",
    pattern: /^\s*\d{1,4}\s*\/\s*\d{1,4}\s*$/,
    patternText: "i/n, e.g. 2/3",
    help: "Pressure mode on several bench machines: this replay is shard i of n and sends its share of connections, rate and requests (given for the whole run; remainders go to the first shards). Merge the shards with waf-gate merge."
  },
  "start-at": {
    type: "string",
    metavar: "TIME",
    help: "Wall-clock time to send the first request at (ISO 8601 with a zone, or epoch ms), on the clock-reference when one is given; at most 10 min ahead, at most 5 s passed."
  },
  "clock-reference": {
    type: "url",
    help: "HTTP server whose Date header is the sharded run's clock: the offset to it is measured, recorded in replay.json and used to wait for start-at and to align merged windows."
  },
  "hold-duration": {
    type: "duration",
    default: 3e4,
    help: "Hold mode: how long every connection is held once the ramp has opened them all, e.g. 5m."
  },
  "ping-interval": {
    type: "duration",
    minMs: 10,
    default: 1e4,
    help: "Hold mode: interval between WebSocket pings on each connection (the heartbeat)."
  },
  "pong-timeout": {
    type: "duration",
    minMs: 10,
    defaultText: "the ping interval",
    help: "Hold mode: a ping without a pong within this long is lost and ends the connection (at most the ping interval)."
  },
  "push-rate": {
    type: "number",
    unit: "messages/s",
    min: 0,
    max: 1e3,
    default: 0,
    help: "Hold mode: messages per second the origin pushes to each receiving connection, sequence-checked (0: none; needs an origin speaking waf-gate's control protocol, like the lab's)."
  },
  "push-share": {
    type: "number",
    min: 0,
    max: 1,
    default: 1,
    help: "Hold mode: share of connections (0 to 1) that ask for pushes."
  },
  "server-drop-share": {
    type: "number",
    min: 0,
    max: 1,
    default: 0,
    help: "Hold mode: share of connections (0 to 1) the origin is asked to close during the hold, spread over it."
  },
  "client-drop-share": {
    type: "number",
    min: 0,
    max: 1,
    default: 0,
    help: "Hold mode: share of connections (0 to 1) the client closes during the hold, spread over it."
  },
  "reconnect-attempts": {
    type: "integer",
    min: 0,
    max: 100,
    default: 3,
    help: "Hold mode: reconnects per connection after a drop nobody planned (0: never)."
  },
  "reconnect-backoff": {
    type: "duration",
    default: 1e3,
    help: "Hold mode: wait before the first reconnect, doubled for each further attempt."
  },
  "ws-path": {
    type: "string",
    metavar: "PATH",
    default: "/ws",
    pattern: /^\/[!-~]*$/,
    patternText: 'a request path starting with "/" (printable ASCII, no spaces)',
    help: "Hold mode: request path of the WebSocket upgrade."
  },
  "progress-interval": {
    type: "duration",
    allowZero: true,
    default: 1e4,
    help: "How often a progress line is logged when not on a terminal (0: never)."
  }
};

// src/replay/options.ts
import { randomBytes } from "node:crypto";

// src/replay/shard.ts
var MAX_SHARDS = 256;
var MAX_START_AHEAD_MS = 10 * 6e4;
var MAX_START_LATE_MS = 5e3;
function parseShard(input, value) {
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || count < 1 || index > count || count > MAX_SHARDS)
    throw new ConfigError(
      `Expected "i/n": this shard's number i from 1 to n, n shards in all (at most ${MAX_SHARDS}), e.g. 2/3.`,
      { input, value, hint: "In a matrix: shard: ${{ matrix.shard }}/3 with shard: [1, 2, 3]." }
    );
  return { index, count };
}
function shareOf(total, shard) {
  const base = Math.floor(total / shard.count);
  return base + (shard.index <= total % shard.count ? 1 : 0);
}
function rateShareOf(totalRps, shard) {
  return shareOf(Math.round(totalRps * 1e3), shard) / 1e3;
}
function splitLoad(total, shard) {
  if (total.connections < shard.count)
    throw new ConfigError(
      `${total.connections} connection(s) cannot be split over ${shard.count} shards: every shard needs one.`,
      {
        input: "connections",
        value: String(total.connections),
        hint: `Give connections (the whole run's) of at least ${shard.count}, or fewer shards.`
      }
    );
  const split = { connections: shareOf(total.connections, shard) };
  if (total.rateRps !== void 0) {
    const rate2 = rateShareOf(total.rateRps, shard);
    if (rate2 <= 0)
      throw new ConfigError(
        `A rate of ${total.rateRps} req/s is too small for ${shard.count} shards.`,
        {
          input: "rate",
          value: String(total.rateRps),
          hint: `Give at least ${shard.count / 1e3} req/s (the whole run's rate).`
        }
      );
    split.rateRps = rate2;
  }
  if (total.requests !== void 0) {
    if (total.requests < shard.count)
      throw new ConfigError(
        `${total.requests} request(s) cannot be split over ${shard.count} shards.`,
        {
          input: "requests",
          value: String(total.requests)
        }
      );
    split.requests = shareOf(total.requests, shard);
  }
  return split;
}
function parseStartAt(input, value, nowMs) {
  const text = value.trim();
  let atMs;
  if (/^\d{12,16}$/.test(text)) atMs = Number(text);
  else if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/i.test(text))
    atMs = Date.parse(text);
  else atMs = NaN;
  if (!Number.isFinite(atMs))
    throw new ConfigError(
      "Expected a wall-clock time: ISO 8601 with a zone (2026-12-02T08:30:00Z) or Unix epoch milliseconds.",
      { input, value, hint: 'The first job computes it, e.g. $(date -u -d "+90 seconds" +%s%3N).' }
    );
  const ahead = atMs - nowMs;
  if (ahead > MAX_START_AHEAD_MS)
    throw new ConfigError(
      `start-at is ${Math.round(ahead / 1e3)} s ahead; at most ${MAX_START_AHEAD_MS / 6e4} min is accepted.`,
      {
        input,
        value,
        hint: "Compute start-at a little after the shards can be ready (e.g. now + 2 min), in the first job."
      }
    );
  if (-ahead > MAX_START_LATE_MS)
    throw new ConfigError(
      `start-at passed ${Math.round(-ahead / 1e3)} s ago; a shard starting now would not run with the others.`,
      {
        input,
        value,
        hint: "Give the shards more lead time (their runners were slow to pick the jobs up), then re-run."
      }
    );
  return atMs;
}

// src/replay/options.ts
var REPLAY_INPUTS = optionNames(REPLAY_SCHEMA);
function parseTarget(input, value) {
  let url;
  try {
    url = new URL(value.trim());
  } catch (error) {
    throw new ConfigError("Not a URL: use http://host:port or https://host:port.", {
      input,
      value,
      cause: error
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError("The target must be http:// or https://.", { input, value });
  }
  const tls2 = url.protocol === "https:";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = url.port === "" ? tls2 ? 443 : 80 : Number(url.port);
  if (port < 1)
    throw new ConfigError("The target port is a number from 1 to 65535.", { input, value });
  return { host, port, tls: tls2 };
}
function parseHeaderList(input, value) {
  return value.split(/\r?\n|,(?=\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*:)/).map((s) => s.trim()).filter(Boolean).map((item) => {
    const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/.exec(item);
    if (!m || /[\r\n]/.test(m[2]))
      throw new ConfigError('Expected "Name: value" headers, one per line.', {
        input,
        value: item
      });
    return [m[1], m[2]];
  });
}
var D = REPLAY_SCHEMA;
function replayOptions(init) {
  const mode = init.mode ?? D.mode.default;
  const domains = init.domains && init.domains.length > 0 ? [...init.domains] : [""];
  const noStop = init.durationMs === void 0 && init.requests === void 0 && init.repeat === void 0;
  const repeat = mode === "quality" && noStop ? 1 : init.repeat;
  const durationMs = init.durationMs ?? (mode === "pressure" && noStop ? 1e4 : void 0);
  const first = domains[0];
  if (init.shard && mode === "quality")
    throw new ConfigError(
      "shard splits a pressure run; quality mode sends every request once and is not sharded.",
      {
        input: "shard",
        value: `${init.shard.index}/${init.shard.count}`,
        hint: "Use mode: pressure, or drop shard."
      }
    );
  const split = init.shard ? splitLoad(
    {
      connections: init.connections ?? 50,
      ...init.rateRps !== void 0 ? { rateRps: init.rateRps } : {},
      ...init.requests !== void 0 ? { requests: init.requests } : {}
    },
    init.shard
  ) : void 0;
  const servername = init.servername ?? (first !== "" && !/^[\d.:[\]]+$/.test(first) ? first : void 0);
  const options = {
    target: init.target,
    corpus: init.corpus,
    domains,
    mode,
    connections: split?.connections ?? init.connections ?? (mode === "quality" ? 10 : 50),
    keepAlive: init.keepAlive ?? D["keep-alive"].default,
    thinkTimeMs: init.thinkTimeMs ?? D["think-time"].default,
    timeouts: {
      connectMs: init.timeouts?.connectMs ?? D["connect-timeout"].default,
      firstByteMs: init.timeouts?.firstByteMs ?? D["first-byte-timeout"].default,
      totalMs: init.timeouts?.totalMs ?? D.timeout.default
    },
    maxDurationMs: init.maxDurationMs ?? (durationMs !== void 0 ? Math.min(durationMs + 3e4, MAX_DURATION_MS) : 36e5),
    idHeader: init.idHeader ?? D["id-header"].default,
    extraHeaders: init.extraHeaders ? [...init.extraHeaders] : [],
    insecure: init.insecure ?? D.insecure.default,
    workers: init.workers ?? D.workers.default,
    outDir: init.outDir ?? D["out-dir"].default,
    runId: init.runId ?? randomBytes(6).toString("hex"),
    skipInvalid: init.skipInvalid ?? D["skip-invalid"].default,
    preloadLimitBytes: init.preloadLimitBytes ?? D["preload-limit-mb"].default * 1024 * 1024,
    windowMs: init.windowMs ?? D.window.default,
    progressIntervalMs: init.progressIntervalMs ?? D["progress-interval"].default
  };
  if (durationMs !== void 0) options.durationMs = durationMs;
  const requests = split?.requests ?? init.requests;
  if (requests !== void 0) options.requests = requests;
  if (repeat !== void 0) options.repeat = repeat;
  const rateRps = split?.rateRps ?? init.rateRps;
  if (rateRps !== void 0) options.rateRps = rateRps;
  if (init.shard !== void 0) options.shard = { ...init.shard };
  if (init.startAtMs !== void 0) options.startAtMs = init.startAtMs;
  if (init.clockReference !== void 0) options.clockReference = init.clockReference;
  if (init.shaping !== void 0) options.shaping = structuredClone(init.shaping);
  if (init.hatchRatePerSec !== void 0) options.hatchRatePerSec = init.hatchRatePerSec;
  if (servername !== void 0) options.servername = servername;
  if (init.label !== void 0) options.label = init.label;
  return options;
}
function parseReplayOptions(raw) {
  const v = parseOptions(REPLAY_SCHEMA, raw, { stage: "replay" });
  if (v.mode === "hold")
    throw new ConfigError("Hold mode options are parsed by parseHoldOptions.", {
      input: "mode",
      value: v.mode,
      hint: "Use waf-gate replay --mode hold (the CLI and the action dispatch on the mode)."
    });
  if (v.corpus === void 0)
    throw new ConfigError(`A value is required in ${v.mode} mode: ${REPLAY_SCHEMA.corpus.help}`, {
      input: "corpus",
      hint: "Give the captured traffic to replay, e.g. --corpus traffic/, or use --mode hold."
    });
  return replayOptions({
    target: parseTarget("target", v.target),
    corpus: parseCorpusSpec("corpus", v.corpus),
    domains: v.domains ?? [],
    mode: v.mode,
    keepAlive: v["keep-alive"],
    thinkTimeMs: v["think-time"],
    timeouts: {
      connectMs: v["connect-timeout"],
      firstByteMs: v["first-byte-timeout"],
      totalMs: v.timeout
    },
    idHeader: v["id-header"],
    extraHeaders: v["extra-headers"] ? parseHeaderList("extra-headers", v["extra-headers"]) : [],
    insecure: v.insecure,
    workers: v.workers,
    outDir: v["out-dir"],
    skipInvalid: v["skip-invalid"],
    preloadLimitBytes: v["preload-limit-mb"] * 1024 * 1024,
    windowMs: v.window,
    progressIntervalMs: v["progress-interval"],
    ...defined({
      connections: v.connections,
      durationMs: v.duration,
      requests: v.requests,
      repeat: v.repeat,
      rateRps: v.rate,
      hatchRatePerSec: v["hatch-rate"],
      maxDurationMs: v["max-duration"],
      servername: v.servername,
      runId: v["run-id"],
      label: v.label,
      shard: v.shard !== void 0 ? parseShard("shard", v.shard) : void 0,
      startAtMs: v["start-at"] !== void 0 ? parseStartAt("start-at", v["start-at"], Date.now()) : void 0,
      clockReference: v["clock-reference"] !== void 0 ? parseClockReference("clock-reference", v["clock-reference"]) : void 0,
      shaping: parseShaping(v)
    })
  });
}
function parseClockReference(input, value) {
  parseTarget(input, value);
  return new URL(value.trim()).href;
}
function defined(values) {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== void 0));
}

// src/replay/printers.ts
var fmtInt = (n) => Math.round(n).toLocaleString("en-US");
function fmtDuration(ms3) {
  const s = Math.max(0, Math.round(ms3 / 1e3));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}
function fmtUs(us) {
  return us >= 1e3 ? `${(us / 1e3).toFixed(2)} ms` : `${Math.round(us)} \xB5s`;
}
function formatProgressBar(p, width = 30) {
  const fraction = Math.min(1, Math.max(0, p.fraction ?? 0));
  const filled = Math.round(fraction * width);
  const bar = p.fraction === void 0 ? "" : `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% `;
  const eta = p.waiting ? `  ${formatWaiting(p.waiting)}` : p.etaMs !== void 0 ? `  ETA ${fmtDuration(p.etaMs)}` : "";
  return `${bar}${fmtInt(p.completed)} done  ${fmtInt(p.rps)} req/s  ${fmtInt(p.errors)} errors  ${fmtDuration(p.elapsedMs)}${eta}`;
}
function formatWaiting(w) {
  const noun = w.responses === 1 ? "response" : "responses";
  return `waiting for ${fmtInt(w.responses)} ${noun}, ${fmtDuration(w.sinceMs)}`;
}
function formatProgressLine(p) {
  const pct = p.fraction !== void 0 ? ` (${Math.round(p.fraction * 100)}%)` : "";
  const eta = p.waiting ? `, ${formatWaiting(p.waiting)}` : p.etaMs !== void 0 ? `, ETA ${fmtDuration(p.etaMs)}` : "";
  return `replay: ${fmtDuration(p.elapsedMs)} elapsed, ${fmtInt(p.completed)} responses${pct}, ${fmtInt(p.rps)} req/s, ${fmtInt(p.errors)} errors${eta}`;
}
function rows(result) {
  const t = result.totals;
  const done = t.completed + t.errors;
  const l = result.latency.summary;
  return [
    ["Run time", fmtDuration(result.durationMs)],
    ["Users (connections)", String(result.loadShape.connections)],
    ["Success", fmtInt(t.completed)],
    ["Fail", fmtInt(t.errors)],
    ["RPS", result.rps.toFixed(1)],
    ["Accuracy", done > 0 ? `${(t.completed / done * 100).toFixed(2)} %` : "n/a"],
    ["Average", fmtUs(l.meanUs)],
    ["Min", fmtUs(l.minUs)],
    ["Max", fmtUs(l.maxUs)],
    ["Median", fmtUs(l.p50Us)],
    ["90 %", fmtUs(l.p90Us)],
    ["99 %", fmtUs(l.p99Us)]
  ];
}
function statusLine(counts2) {
  const entries = Object.entries(counts2).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? "none" : entries.map(([k, v]) => `${k}: ${fmtInt(v)}`).join(", ");
}
function formatStatsBlock(result) {
  const r = rows(result);
  const width = Math.max(...r.map(([k]) => k.length));
  const lines = [
    `Replay ${result.runId}${result.label ? ` (${result.label})` : ""}: ${result.loadShape.mode} mode, ${result.domains.length} domain(s)`
  ];
  for (const [k, v] of r) lines.push(`  ${k.padEnd(width)}  ${v}`);
  if (result.loadShape.shaping)
    lines.push(`  ${"Shaping".padEnd(width)}  ${formatShaping(result.loadShape.shaping)}`);
  lines.push(`  ${"Status".padEnd(width)}  ${statusLine(result.statusCounts)}`);
  if (result.totals.errors > 0)
    lines.push(`  ${"Errors".padEnd(width)}  ${statusLine(result.errorCounts)}`);
  if (result.totals.unjoinable > 0)
    lines.push(
      `  ${"Un-joinable".padEnd(width)}  ${fmtInt(result.totals.unjoinable)} (sent without an id)`
    );
  if (result.totals.cancelled)
    lines.push(
      `  ${"Cancelled".padEnd(width)}  ${fmtInt(result.totals.cancelled)} (in flight at the stop)`
    );
  return lines.join("\n");
}
var cell = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
function formatStatsMarkdown(result) {
  const lines = [
    `### Replay ${cell(result.runId)}${result.label ? ` (${cell(result.label)})` : ""}`,
    "",
    "| | |",
    "| --- | --- |"
  ];
  for (const [k, v] of rows(result)) lines.push(`| ${k} | ${cell(v)} |`);
  if (result.loadShape.shaping)
    lines.push(`| Shaping | ${cell(formatShaping(result.loadShape.shaping))} |`);
  lines.push(`| Status | ${cell(statusLine(result.statusCounts))} |`);
  if (result.totals.errors > 0) lines.push(`| Errors | ${cell(statusLine(result.errorCounts))} |`);
  if (result.totals.unjoinable > 0)
    lines.push(`| Un-joinable | ${fmtInt(result.totals.unjoinable)} |`);
  return `${lines.join("\n")}
`;
}

// src/replay/run.ts
import { mkdir, stat as stat2 } from "node:fs/promises";
import { join as join2, resolve as resolve2 } from "node:path";

// src/corpus/load.ts
import { createHash } from "node:crypto";

// src/corpus/ftw-reader.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile } from "node:fs/promises";
import { basename, extname as extname2 } from "node:path";

// src/corpus/build-request.ts
function hasHeader(headers, name) {
  const lower = name.toLowerCase();
  return headers.some(([n]) => n.toLowerCase() === lower);
}
function buildRequest(parts) {
  const eol = parts.eol ?? "\r\n";
  const headers = [...parts.headers];
  const body = parts.body;
  if (body && body.length > 0 && parts.addContentLength !== false && !hasHeader(headers, "content-length") && !hasHeader(headers, "transfer-encoding")) {
    headers.push(["Content-Length", String(body.length)]);
  }
  let head = `${parts.method} ${parts.target} ${parts.version ?? "HTTP/1.1"}${eol}`;
  for (const [name, value] of headers) head += `${name}: ${value}${eol}`;
  head += eol;
  const headBytes = Buffer.from(head, parts.headEncoding ?? "latin1");
  return body && body.length > 0 ? Buffer.concat([headBytes, body]) : headBytes;
}
function splitUrl(url) {
  const match = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)([^#]*)/.exec(url);
  if (!match) return { target: url, authority: null };
  const rest = match[2] ?? "";
  return {
    target: rest === "" ? "/" : rest.startsWith("/") ? rest : `/${rest}`,
    authority: match[1] ?? ""
  };
}

// src/corpus/ftw-reader.ts
var MAX_ALIAS_COUNT = 1e3;
function scalarText2(value, field) {
  if (value === null || value === void 0) return "";
  if (typeof value === "object") throw new Error(`"${field}" must be text, not a map or list`);
  return scalarText(value);
}
function toBase64Buffer(value, field) {
  if (typeof value !== "string" || !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(value)) {
    throw new Error(`"${field}" is not base64 text`);
  }
  return Buffer.from(value, "base64");
}
function headerList(input) {
  const headers = [];
  if (Array.isArray(input.ordered_headers)) {
    for (const h of input.ordered_headers) {
      const item = h;
      if (!item || typeof item.name !== "string")
        throw new Error('"ordered_headers" items need a "name"');
      headers.push([item.name, scalarText2(item.value, `ordered_headers.${item.name}`)]);
    }
  } else if (input.headers !== void 0 && input.headers !== null) {
    if (typeof input.headers !== "object" || Array.isArray(input.headers))
      throw new Error('"headers" must be a map');
    for (const [name, value] of Object.entries(input.headers)) {
      headers.push([name, scalarText2(value, `headers.${name}`)]);
    }
  }
  return headers;
}
function ftwInputToRequest(input) {
  if (input.encoded_request !== void 0)
    return toBase64Buffer(input.encoded_request, "encoded_request");
  if (input.raw_request !== void 0) {
    if (typeof input.raw_request !== "string") throw new Error('"raw_request" must be a string');
    return Buffer.from(input.raw_request, "utf8");
  }
  const headers = headerList(input);
  let body;
  if (input.encoded_data !== void 0) body = toBase64Buffer(input.encoded_data, "encoded_data");
  else if (input.data !== void 0 && input.data !== null) {
    const text = Array.isArray(input.data) ? input.data.map((line, i) => scalarText2(line, `data[${i}]`)).join("\r\n") : scalarText2(input.data, "data");
    const contentType = headers.find(([n]) => n.toLowerCase() === "content-type")?.[1] ?? "";
    body = Buffer.from(
      /multipart\/form-data/i.test(contentType) ? text.replace(/\r?\n/g, "\r\n") : text,
      "utf8"
    );
  }
  const autocomplete = input.autocomplete_headers !== false && input.stop_magic !== true;
  if (autocomplete) {
    if (body && body.length > 0 && !hasHeader(headers, "content-type")) {
      headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
    }
    if (!hasHeader(headers, "connection")) headers.push(["Connection", "close"]);
  }
  const str = (v, d, field) => v === void 0 || v === null ? d : scalarText2(v, field);
  return buildRequest({
    method: str(input.method, "GET", "method"),
    target: str(input.uri, "/", "uri"),
    version: str(input.version, "HTTP/1.1", "version"),
    headers,
    ...body ? { body } : {},
    addContentLength: autocomplete,
    headEncoding: "utf8"
  });
}
function deref(node, doc) {
  return (0, import_yaml.isAlias)(node) ? node.resolve(doc) : node;
}
function stageInputs(doc, root, fileStem = "") {
  const found = [];
  const tests = deref(root.get("tests", true), doc);
  if (!(0, import_yaml.isSeq)(tests)) return found;
  const fileRuleId = deref(root.get("rule_id"), doc);
  let position = 0;
  for (const testItem of tests.items) {
    const test = deref(testItem, doc);
    if (!(0, import_yaml.isMap)(test)) continue;
    position += 1;
    const stages = deref(test.get("stages", true), doc);
    if (!(0, import_yaml.isSeq)(stages)) continue;
    const identity = ftwTestIdentity(
      { test_title: deref(test.get("test_title"), doc), test_id: deref(test.get("test_id"), doc) },
      fileRuleId,
      position,
      fileStem
    );
    let stageIndex = 0;
    for (const stageItem of stages.items) {
      const stage = deref(stageItem, doc);
      if (!(0, import_yaml.isMap)(stage)) continue;
      const inner = deref(stage.get("stage", true), doc);
      const holder = (0, import_yaml.isMap)(inner) ? inner : stage;
      const written = holder === stage ? stage.get("input", true) : inner.get("input", true);
      const inputNode = deref(written, doc);
      const outputNode = deref(holder.get("output", true), doc);
      const entry = {
        node: written ?? holder,
        input: null,
        output: null,
        test: { ...identity, stage: stageIndex++, stages: stages.items.length }
      };
      try {
        if ((0, import_yaml.isMap)(inputNode))
          entry.input = inputNode.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
        if ((0, import_yaml.isMap)(outputNode))
          entry.output = outputNode.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        entry.problem = `aliases expand too much (${error.message}; at most ${MAX_ALIAS_COUNT} expansions per stage)`;
      }
      found.push(entry);
    }
  }
  return found;
}
async function* readFtwFile(absolutePath, displayPath, onInvalid, onDisabled) {
  const text = await readFile(absolutePath, "utf8");
  const lineCounter = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new ConfigError(`Not valid YAML: ${first.message.split("\n")[0]}`, {
      file: displayPath,
      line: lineCounter.linePos(first.pos[0]).line
    });
  }
  if (!(0, import_yaml.isMap)(doc.contents) || !(0, import_yaml.isSeq)(deref(doc.contents.get("tests", true), doc))) {
    onInvalid('Not an ftw test file: no "tests" list.', displayPath, 1);
    return;
  }
  const meta = deref(doc.contents.get("meta", true), doc);
  if ((0, import_yaml.isMap)(meta) && meta.get("enabled") === false) {
    const stages = stageInputs(doc, doc.contents).length;
    onDisabled?.(displayPath, lineCounter.linePos(meta.range?.[0] ?? 0).line, stages);
    return;
  }
  let index = 0;
  const stem = basename(displayPath, extname2(displayPath));
  for (const { node, input, output, test, problem } of stageInputs(doc, doc.contents, stem)) {
    const line = lineCounter.linePos(node.range?.[0] ?? 0).line;
    let raw;
    let ftw;
    try {
      if (problem !== void 0) throw new Error(problem);
      if (!input) throw new Error('the stage has no "input" map');
      raw = ftwInputToRequest(input);
    } catch (error) {
      onInvalid(`Malformed ftw stage input: ${error.message}.`, displayPath, line);
      continue;
    }
    try {
      ftw = { ...test, expect: parseFtwOutput(output) };
    } catch (error) {
      onInvalid(`Malformed ftw stage output: ${error.message}.`, displayPath, line);
      continue;
    }
    yield { raw, origin: { file: displayPath, index: index++, line, ftw } };
  }
}

// src/corpus/har-reader.ts
import { readFile as readFile2 } from "node:fs/promises";
var BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
function shown(value) {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}\u2026` : text;
}
function postDataBody(postData) {
  if (postData === void 0 || postData === null) return void 0;
  if (typeof postData !== "object" || Array.isArray(postData))
    throw new Error(`"postData" must be an object, got ${shown(postData)}`);
  const { text, encoding, params } = postData;
  if (text === void 0 || text === null) {
    if (Array.isArray(params) && params.length > 0)
      throw new Error('"postData" has "params" but no "text"; give the body as postData.text');
    return void 0;
  }
  if (typeof text !== "string") {
    const fix = typeof text === "number" || typeof text === "boolean" ? `; quote it: "${String(text)}"` : "";
    throw new Error(
      `"postData.text" must be a string (HAR 1.2), got ${typeof text} ${shown(text)}${fix}`
    );
  }
  if (text.length === 0) return void 0;
  if (encoding === "base64") {
    if (!BASE64.test(text))
      throw new Error('"postData.text" is not base64 text (encoding: base64)');
    return Buffer.from(text, "base64");
  }
  return Buffer.from(text, "utf8");
}
function harRequestToBytes(request) {
  if (typeof request.method !== "string" || request.method === "")
    throw new Error('"method" is missing');
  if (typeof request.url !== "string" || request.url === "") throw new Error('"url" is missing');
  const { target, authority } = splitUrl(request.url);
  const headers = [];
  let hostSeen = false;
  let pseudoAuthority = null;
  for (const h of Array.isArray(request.headers) ? request.headers : []) {
    const item = h;
    if (!item || typeof item.name !== "string") throw new Error('a header has no "name"');
    if (typeof item.value === "object" && item.value !== null)
      throw new Error(
        `header "${item.name}" has a ${Array.isArray(item.value) ? "list" : "map"} as value`
      );
    const value = scalarText(item.value ?? "");
    if (item.name.startsWith(":")) {
      if (item.name === ":authority") pseudoAuthority = value;
      continue;
    }
    const lower = item.name.toLowerCase();
    if (lower === "content-length") continue;
    if (lower === "host") hostSeen = true;
    headers.push([item.name, value]);
  }
  const host = pseudoAuthority ?? authority;
  if (!hostSeen && host) headers.unshift(["Host", host]);
  const body = postDataBody(request.postData);
  if (body && !headers.some(([n]) => n.toLowerCase() === "transfer-encoding")) {
    headers.push(["Content-Length", String(body.length)]);
  }
  const version = typeof request.httpVersion === "string" && /^http\/1\.0$/i.test(request.httpVersion) ? "HTTP/1.0" : "HTTP/1.1";
  return buildRequest({
    method: request.method,
    target,
    version,
    headers,
    ...body ? { body } : {}
  });
}
function requestLines(text) {
  const lines = [];
  const re = /"request"\s*:/g;
  let line = 1;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (text[m.index - 1] === "\\") continue;
    for (let i = text.indexOf("\n", last); i !== -1 && i < m.index; i = text.indexOf("\n", i + 1))
      line++;
    last = m.index;
    lines.push(line);
  }
  return lines;
}
async function* readHarFile(absolutePath, displayPath, onInvalid) {
  const text = await readFile2(absolutePath, "utf8");
  let har;
  try {
    har = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Not valid JSON: ${error.message}.`, {
      file: displayPath,
      cause: error
    });
  }
  if (!har.log || !Array.isArray(har.log.entries)) {
    onInvalid('Not a HAR file: no "log.entries" list.', displayPath, 1);
    return;
  }
  const lines = requestLines(text);
  let index = 0;
  for (const [i, entry] of har.log.entries.entries()) {
    const line = lines[i] ?? 1;
    let raw;
    try {
      if (!entry || typeof entry.request !== "object" || entry.request === null)
        throw new Error('no "request"');
      raw = harRequestToBytes(entry.request);
    } catch (error) {
      onInvalid(`Malformed HAR entry ${i}: ${error.message}.`, displayPath, line);
      continue;
    }
    yield { raw, origin: { file: displayPath, index: index++, line } };
  }
}

// src/corpus/jsonl-reader.ts
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
var BASE642 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;
function decodeBase64(value, field) {
  if (typeof value !== "string" || !BASE642.test(value))
    throw new Error(`"${field}" is not base64 text`);
  return Buffer.from(value, "base64");
}
function jsonLineToRequest(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error("not a JSON object");
  const obj = value;
  if (obj.rawBase64 !== void 0) return decodeBase64(obj.rawBase64, "rawBase64");
  if (obj.raw !== void 0) {
    if (typeof obj.raw !== "string") throw new Error('"raw" must be a string');
    return Buffer.from(obj.raw, "utf8");
  }
  if (typeof obj.method !== "string" || obj.method === "") throw new Error('"method" is missing');
  if (typeof obj.url !== "string" || obj.url === "") throw new Error('"url" is missing');
  const headers = [];
  if (obj.headers !== void 0) {
    if (!Array.isArray(obj.headers))
      throw new Error('"headers" must be an array of [name, value] pairs');
    for (const pair of obj.headers) {
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string") {
        throw new Error('"headers" must be an array of [name, value] string pairs');
      }
      headers.push([pair[0], pair[1]]);
    }
  }
  let body;
  if (obj.bodyBase64 !== void 0) body = decodeBase64(obj.bodyBase64, "bodyBase64");
  else if (obj.body !== void 0) {
    if (typeof obj.body !== "string")
      throw new Error('"body" must be a string (use "bodyBase64" for binary)');
    body = Buffer.from(obj.body, "utf8");
  }
  if (obj.httpVersion !== void 0 && typeof obj.httpVersion !== "string")
    throw new Error('"httpVersion" must be a string');
  return buildRequest({
    method: obj.method,
    target: obj.url,
    version: obj.httpVersion ?? "HTTP/1.1",
    headers,
    ...body ? { body } : {}
  });
}
async function* readJsonLinesFile(absolutePath, displayPath, onInvalid) {
  const lines = createInterface({ input: createReadStream(absolutePath), crlfDelay: Infinity });
  let lineNo = 0;
  let index = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === "") continue;
      let raw;
      try {
        raw = jsonLineToRequest(JSON.parse(line));
      } catch (error) {
        onInvalid(
          `Malformed JSON Lines request: ${error.message}.`,
          displayPath,
          lineNo
        );
        continue;
      }
      yield { raw, origin: { file: displayPath, index: index++, line: lineNo } };
    }
  } finally {
    lines.close();
  }
}

// src/corpus/lint.ts
var LF = 10;
var CR = 13;
function headEnd(raw) {
  let lineStart = 0;
  for (let i = raw.indexOf(LF); i !== -1; i = raw.indexOf(LF, lineStart)) {
    const lineLen = i - lineStart - (i > lineStart && raw[i - 1] === CR ? 1 : 0);
    if (lineLen === 0 && lineStart > 0) return i + 1;
    lineStart = i + 1;
  }
  return -1;
}
function contentLengthMismatch(raw) {
  const end = headEnd(raw);
  if (end === -1) return null;
  const head = raw.toString("latin1", 0, end);
  let declared = null;
  let count = 0;
  for (const line of head.split("\n").slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name === "transfer-encoding") return null;
    if (name !== "content-length") continue;
    count++;
    const value = line.slice(colon + 1).trim();
    declared = /^\d{1,15}$/.test(value) ? Number(value) : null;
  }
  if (count !== 1 || declared === null) return null;
  const actual = raw.length - end;
  return actual === declared ? null : { declared, actual };
}
var CorpusLinter = class {
  first = /* @__PURE__ */ new Map();
  counts = /* @__PURE__ */ new Map();
  /** Checks one entry of a raw or JSON Lines file (other formats build their own Content-Length). */
  check(raw, format, file, line) {
    if (format !== "raw" && format !== "jsonl") return;
    const mismatch = contentLengthMismatch(raw);
    if (mismatch === null) return;
    const count = (this.counts.get(file) ?? 0) + 1;
    this.counts.set(file, count);
    if (count > 1) return;
    const hint = mismatch.actual === mismatch.declared + 1 || mismatch.actual === mismatch.declared + 2 ? ' (a line ending before the "====****" separator counts as body bytes)' : mismatch.actual < mismatch.declared ? " (a body that lost its line ending, or was cut?)" : "";
    this.first.set(file, {
      file,
      line,
      message: `${file}:${line}: Content-Length says ${mismatch.declared} bytes but the body has ${mismatch.actual}${hint}; sent as written.`
    });
  }
  /** The warnings, one per file, with the number of other mismatching requests in that file. */
  warnings() {
    return [...this.first.values()].map((w) => {
      const more = (this.counts.get(w.file) ?? 1) - 1;
      return more > 0 ? { ...w, message: `${w.message} ${more} more request(s) in this file mismatch too.` } : w;
    });
  }
};

// src/corpus/raw-reader.ts
import { createReadStream as createReadStream2 } from "node:fs";
var SEPARATOR = Buffer.from("====****");
var LF2 = 10;
var CR2 = 13;
function isBlank(buf) {
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b !== 32 && b !== 9 && b !== CR2 && b !== LF2) return false;
  }
  return true;
}
function separatorAt(buf, at, eof) {
  const end = at + SEPARATOR.length;
  if (buf.length < end) {
    if (!eof && SEPARATOR.subarray(0, buf.length - at).equals(buf.subarray(at))) return -1;
    return 0;
  }
  if (buf.compare(SEPARATOR, 0, SEPARATOR.length, at, end) !== 0) return 0;
  if (end === buf.length) return eof ? SEPARATOR.length : -1;
  if (buf[end] === LF2) return SEPARATOR.length + 1;
  if (buf[end] === CR2) {
    if (end + 1 === buf.length) return eof ? SEPARATOR.length + 1 : -1;
    if (buf[end + 1] === LF2) return SEPARATOR.length + 2;
  }
  return 0;
}
function countLf(buf, from, to) {
  let n = 0;
  let i = buf.indexOf(LF2, from);
  while (i !== -1 && i < to) {
    n++;
    i = buf.indexOf(LF2, i + 1);
  }
  return n;
}
async function* readRawFile(absolutePath, displayPath, onInvalid, maxEntryBytes = 64 * 1024 * 1024) {
  let pending = Buffer.alloc(0);
  let entryLine = 1;
  let index = 0;
  let scanFrom = 0;
  const stream = createReadStream2(absolutePath, { highWaterMark: 1 << 20 });
  const emit = (raw, line) => {
    if (raw.length === 0 || isBlank(raw)) return null;
    if (raw.length > maxEntryBytes) {
      onInvalid(
        `Request larger than ${maxEntryBytes} bytes (missing "====****" separator?).`,
        displayPath,
        line
      );
      return null;
    }
    return { raw, origin: { file: displayPath, index: index++, line } };
  };
  const drain = function* (eof) {
    let lineStart = scanFrom === 0 ? 0 : -1;
    let pos = scanFrom;
    for (; ; ) {
      if (lineStart === -1) {
        const lf = pending.indexOf(LF2, pos);
        if (lf === -1) {
          scanFrom = pending.length;
          break;
        }
        lineStart = lf + 1;
      }
      const sep2 = separatorAt(pending, lineStart, eof);
      if (sep2 === -1) {
        scanFrom = lineStart;
        return;
      }
      if (sep2 > 0) {
        const raw = Buffer.from(pending.subarray(0, lineStart));
        const nextLine = entryLine + countLf(pending, 0, lineStart + sep2);
        const entry = emit(raw, entryLine);
        if (entry) yield entry;
        pending = pending.subarray(lineStart + sep2);
        entryLine = nextLine;
        pos = 0;
        lineStart = 0;
        continue;
      }
      pos = lineStart;
      lineStart = -1;
    }
    if (scanFrom > maxEntryBytes + SEPARATOR.length + 2 && !eof) {
      throw new ConfigError(
        `Request larger than ${maxEntryBytes} bytes: is the "====****" separator missing?`,
        {
          file: displayPath,
          line: entryLine,
          hint: "Separate raw requests with a line containing only ====****."
        }
      );
    }
  };
  for await (const chunk of stream) {
    const piece = chunk;
    pending = pending.length === 0 ? piece : Buffer.concat([pending, piece]);
    scanFrom = Math.max(0, scanFrom - 1);
    yield* drain(false);
  }
  scanFrom = Math.max(0, scanFrom - 1);
  yield* drain(true);
  const last = emit(Buffer.from(pending), entryLine);
  if (last) yield last;
}

// src/corpus/load.ts
function readCorpusFile(file, onInvalid, options = {}) {
  switch (file.format) {
    case "raw":
      return readRawFile(file.absolutePath, file.displayPath, onInvalid, options.maxEntryBytes);
    case "ftw":
      return readFtwFile(file.absolutePath, file.displayPath, onInvalid, options.onDisabled);
    case "har":
      return readHarFile(file.absolutePath, file.displayPath, onInvalid);
    case "jsonl":
      return readJsonLinesFile(file.absolutePath, file.displayPath, onInvalid);
  }
}
async function* streamCorpus(files, onInvalid, options = {}) {
  for (const file of files) {
    for await (const entry of readCorpusFile(file, onInvalid, options))
      yield { ...entry, sourceIndex: file.sourceIndex, format: file.format };
  }
}
var CorpusHasher = class {
  hash = createHash("sha256");
  length = Buffer.alloc(8);
  constructor(specs) {
    const weighted = specs.every((s) => s.weight !== void 0);
    this.hash.update(
      weighted ? `weights:${specs.map((s) => s.weight).join(",")}
` : "unweighted\n"
    );
  }
  /** Adds one entry. */
  update(raw) {
    this.length.writeBigUInt64BE(BigInt(raw.length));
    this.hash.update(this.length);
    this.hash.update(raw);
  }
  /** The hex digest (once). */
  digest() {
    return this.hash.digest("hex");
  }
};
async function loadCorpus(spec, options = {}) {
  const input = options.input ?? "corpus";
  const keep = options.keepEntries ?? true;
  const specs = typeof spec === "string" ? parseCorpusSpec(input, spec) : spec;
  const files = await resolveCorpusFiles(specs, input, options.cwd);
  let skipped = 0;
  const onInvalid = (message, file, line) => {
    if (options.skipInvalid) {
      skipped++;
      return;
    }
    throw new ConfigError(message, {
      file,
      line,
      hint: "Fix the entry, or pass skip-invalid to skip malformed entries."
    });
  };
  const hasher = new CorpusHasher(specs);
  const weighted = specs.every((s) => s.weight !== void 0);
  const entries = [];
  const entriesBySource = specs.map(() => []);
  const linter = new CorpusLinter();
  let count = 0;
  let disabled = 0;
  const disabledWarnings = [];
  const onDisabled = (file, line, stages) => {
    disabled += stages;
    disabledWarnings.push({
      file,
      line,
      message: `${stages} test stage(s) not sent: the file says meta.enabled: false.`
    });
    options.onDisabled?.(file, line, stages);
  };
  for await (const entry of streamCorpus(files, onInvalid, { ...options, onDisabled })) {
    options.signal?.throwIfAborted();
    linter.check(entry.raw, entry.format, entry.origin.file, entry.origin.line);
    hasher.update(entry.raw);
    if (keep) {
      entriesBySource[entry.sourceIndex].push(entries.length);
      entries.push({ raw: entry.raw, origin: entry.origin });
    }
    count++;
  }
  if (count === 0) {
    throw new ConfigError("The corpus holds no requests.", {
      input,
      value: specs.map((s) => s.pattern).join(","),
      hint: skipped > 0 ? `${skipped} malformed entries were skipped.` : "Check the files and their format."
    });
  }
  return {
    entries,
    entryCount: count,
    fingerprint: hasher.digest(),
    sources: specs.map((s) => s.weight !== void 0 ? `${s.pattern}:${s.weight}` : s.pattern),
    files,
    entriesBySource,
    weights: weighted ? specs.map((s) => s.weight) : null,
    skipped,
    disabled,
    warnings: [...disabledWarnings, ...linter.warnings()]
  };
}

// src/replay/stream-source.ts
var HIGH_WATER_JOBS = 4096;
var StreamingJobSource = class {
  constructor(o) {
    this.o = o;
  }
  o;
  /** The last `next` found nothing yet (more is coming). */
  waiting = false;
  /** Called when jobs arrive after a `next` found none, and when reading ends. */
  onAvailable = () => void 0;
  /** The corpus changed between the scan and the replay (fingerprint differs). */
  changed = false;
  queue = [];
  head = 0;
  seq = 0;
  ended = false;
  closed = false;
  resume = null;
  /** Jobs this source hands out at most. */
  get jobLimit() {
    return this.o.totalJobs;
  }
  /** Reads the corpus (as many passes as needed for `totalJobs`); resolves when done or closed. */
  async read() {
    const { corpus, domains, extraHeaders } = this.o;
    const perCycle = corpus.entryCount * domains.length;
    const cycles = Math.ceil(this.o.totalJobs / perCycle);
    const onInvalid = () => {
      this.changed = true;
    };
    const readOptions = this.o.maxEntryBytes !== void 0 ? { maxEntryBytes: this.o.maxEntryBytes } : {};
    try {
      for (let cycle = 0; cycle < cycles && !this.closed; cycle++) {
        const hasher = new CorpusHasher(this.o.specs);
        let entry = 0;
        for await (const e of streamCorpus(corpus.files, onInvalid, readOptions)) {
          if (this.closed) break;
          hasher.update(e.raw);
          const noBody = isHeadRequest(e.raw);
          const fragment = entryFragment(e);
          for (let d = 0; d < domains.length; d++) {
            const one = prepareOne(e.raw, domains[d], extraHeaders);
            this.queue.push({
              buf: one.raw,
              splitAt: one.splitAt,
              crlf: one.crlf,
              ownConnection: one.ownConnection,
              noBody,
              domain: d,
              k: entry * domains.length + d,
              fragment
            });
          }
          entry++;
          this.notify();
          if (this.queue.length - this.head >= HIGH_WATER_JOBS && !this.closed)
            await new Promise((resolve5) => this.resume = resolve5);
        }
        if (!this.closed && (entry !== corpus.entryCount || hasher.digest() !== corpus.fingerprint))
          this.changed = true;
      }
    } finally {
      this.ended = true;
      this.notify(true);
    }
  }
  /** Stops reading (the run ended). */
  close() {
    this.closed = true;
    this.resume?.();
    this.resume = null;
  }
  notify(always = false) {
    if (!this.waiting && !always) return;
    this.waiting = false;
    this.onAvailable();
  }
  /** Fills `job`; false with `waiting` set when none is prepared yet, false alone when done. */
  next(job) {
    this.waiting = false;
    if (this.seq >= this.o.totalJobs) return false;
    if (this.head === this.queue.length) {
      this.waiting = !this.ended;
      return false;
    }
    const p = this.queue[this.head];
    this.queue[this.head++] = void 0;
    if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    if (this.resume && this.queue.length - this.head <= HIGH_WATER_JOBS / 2) {
      const resume = this.resume;
      this.resume = null;
      resume();
    }
    const seq = this.seq++;
    job.seq = seq;
    job.k = p.k;
    job.domain = p.domain;
    job.noBody = p.noBody;
    job.fragment = p.fragment;
    job.ownConnection = p.ownConnection;
    if (this.o.idHeader !== null && p.splitAt >= 0) {
      const id = `${this.o.runId}-${p.domain}-${seq}`;
      job.buf = withIdHeader(p.buf, p.splitAt, p.crlf, this.o.idHeader, id);
      job.id = id;
    } else {
      job.buf = p.buf;
      job.id = null;
    }
    return true;
  }
};

// src/replay/probe.ts
import net from "node:net";
import tls from "node:tls";
function targetUrl(target) {
  const host = net.isIPv6(target.host) ? `[${target.host}]` : target.host;
  return `${target.tls ? "https" : "http"}://${host}:${target.port}`;
}
var CERT_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_TLS_CERT)/;
var TCP_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EADDRNOTAVAIL"
]);
function isPlainTextPeer(error) {
  return error.code === "ERR_SSL_WRONG_VERSION_NUMBER" || error.code === "ERR_SSL_PACKET_LENGTH_TOO_LONG" || /wrong version number|packet length too long|http request/i.test(error.message);
}
function tlsFailureHint(target, error) {
  if (isPlainTextPeer(error))
    return `The port answers without TLS: is the target plain HTTP? Use ${targetUrl({ ...target, tls: false })}.`;
  if (CERT_CODE.test(error.code ?? ""))
    return "The certificate is not trusted for this name: fix the certificate or the servername input, trust its CA with NODE_EXTRA_CA_CERTS, or pass insecure: true for a lab.";
  return "Check that the port speaks TLS and accepts the TLS versions and ciphers of Node.js.";
}
async function probeTarget(target, timeoutMs, signal, tlsOptions = {}) {
  await new Promise((resolve5, reject) => {
    let tcpConnected = false;
    const socket = target.tls ? tls.connect({
      host: target.host,
      port: target.port,
      rejectUnauthorized: tlsOptions.insecure !== true,
      ...tlsOptions.servername !== void 0 && !net.isIP(tlsOptions.servername) ? { servername: tlsOptions.servername } : {}
    }) : net.connect({ host: target.host, port: target.port });
    const settle = (error) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve5();
    };
    const unreachable = (reason, cause) => new WafGateError(
      "E_TARGET_UNREACHABLE",
      `Cannot reach the replay target ${targetUrl(target)}: ${reason}.`,
      {
        cause,
        context: { host: target.host, port: target.port },
        hint: "Check that the WAF is running and listening there (waf-gate lab status / install-waf), and the target input."
      }
    );
    const timer = setTimeout(
      () => settle(
        target.tls && tcpConnected ? new WafGateError(
          "E_TARGET_TLS",
          `TLS handshake with ${targetUrl(target)} failed: no answer within ${timeoutMs} ms.`,
          {
            context: { host: target.host, port: target.port },
            hint: "Check that the port speaks TLS (use http:// for a plain-HTTP port)."
          }
        ) : unreachable(`no connection within ${timeoutMs} ms`)
      ),
      timeoutMs
    );
    const onAbort = () => settle(unreachable("interrupted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("connect", () => {
      tcpConnected = true;
      if (!target.tls) settle();
    });
    socket.once("secureConnect", () => settle());
    socket.once("error", (error) => {
      if (!target.tls || !tcpConnected && TCP_CODES.has(error.code ?? "")) {
        settle(
          unreachable(
            error.code === "ECONNREFUSED" ? "connection refused" : error.code ?? error.message,
            error
          )
        );
        return;
      }
      const reason = isPlainTextPeer(error) ? "the port answered without TLS (wrong version number)" : error.message.trim().split("\n")[0] ?? error.code ?? "unknown error";
      const cause = Object.assign(new Error(error.message.trim().replace(/\s*\n\s*/g, " ")), {
        code: error.code
      });
      settle(
        new WafGateError(
          "E_TARGET_TLS",
          `TLS handshake with ${targetUrl(target)} failed: ${reason}.`,
          {
            cause,
            context: {
              host: target.host,
              port: target.port,
              ...error.code !== void 0 ? { code: error.code } : {}
            },
            hint: tlsFailureHint(target, error)
          }
        )
      );
    });
  });
}

// src/replay/target-check.ts
var CONNECTION_LEVEL_KINDS = ["refused", "timeout-connect", "tls"];
function connectionLevelFailure(result, target, resultFile) {
  const { completed, errors } = result.totals;
  if (completed > 0 || errors === 0) return null;
  const kinds = Object.entries(result.errorCounts).filter(([, n]) => n > 0);
  if (!kinds.every(([kind]) => CONNECTION_LEVEL_KINDS.includes(kind))) return null;
  const counts2 = kinds.map(([kind, n]) => `${kind} ${n}`).join(", ");
  const tlsOnly = kinds.length === 1 && kinds[0][0] === "tls";
  const hint = tlsOnly ? `TLS handshake failed for every request: is the target plain HTTP? Use ${targetUrl({ ...target, tls: false })}; for an untrusted certificate pass insecure: true.` : "The target stopped accepting connections after the start: check the WAF and its listen port.";
  return new WafGateError(
    "E_TARGET_UNUSABLE",
    `No request to ${targetUrl(target)} got an HTTP response: all ${errors} failed while connecting (${counts2}). Results written to ${resultFile}.`,
    { context: { host: target.host, port: target.port }, hint }
  );
}

// src/replay/progress.ts
function startProgress(options) {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const startedAt = Date.now();
  let last = { at: startedAt, completed: 0 };
  let lastLineAt = startedAt;
  let rps = 0;
  let plannedWorkDoneAt;
  const reading = () => {
    const now = Date.now();
    const c = options.read();
    const dt = now - last.at;
    if (dt >= 200) {
      rps = (c.completed - last.completed) * 1e3 / dt;
      last = { at: now, completed: c.completed };
    }
    const p = { elapsedMs: now - startedAt, ...c, rps };
    let fraction;
    if (options.expectedTotal !== void 0 && options.expectedTotal > 0)
      fraction = (c.completed + c.errors) / options.expectedTotal;
    if (options.durationMs !== void 0 && options.durationMs > 0)
      fraction = Math.max(fraction ?? 0, p.elapsedMs / options.durationMs);
    if (fraction !== void 0) {
      p.fraction = Math.min(1, fraction);
      if (fraction > 1e-3) p.etaMs = Math.max(0, p.elapsedMs / fraction * (1 - p.fraction));
    }
    const outstanding = c.sent - c.completed - c.errors;
    const allSent = options.expectedTotal !== void 0 && c.sent >= options.expectedTotal;
    const timeUp = options.durationMs !== void 0 && p.elapsedMs >= options.durationMs;
    if ((allSent || timeUp) && outstanding > 0) {
      plannedWorkDoneAt ??= now;
      p.waiting = { responses: outstanding, sinceMs: now - plannedWorkDoneAt };
    } else {
      plannedWorkDoneAt = void 0;
    }
    if (options.expectedTotal !== void 0) p.expectedTotal = options.expectedTotal;
    if (options.durationMs !== void 0) p.durationMs = options.durationMs;
    return p;
  };
  const timer = setInterval(
    () => {
      const p = reading();
      options.onProgress?.(p);
      if (tty) stream.write(`\r${formatProgressBar(p)}\x1B[K`);
      else if (options.lineIntervalMs > 0 && Date.now() - lastLineAt >= options.lineIntervalMs) {
        lastLineAt = Date.now();
        options.logger.info(formatProgressLine(p));
      }
    },
    tty ? 250 : 1e3
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    if (tty) stream.write("\r\x1B[K");
  };
}

// src/replay/result.ts
var rate = (count, ms3) => ms3 > 0 ? Math.round(count * 1e5 / ms3) / 100 : 0;
function addCounts(into, from) {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}
function resultFromSnapshot(snapshot, context) {
  const perDomain = {};
  const statusCounts = {};
  const errorCounts = {};
  snapshot.domains.forEach((domain, d) => {
    const status = snapshot.status[d] ?? {};
    const errors = snapshot.errorKinds[d] ?? {};
    const completed = Object.values(status).reduce((a, b) => a + b, 0);
    const errorTotal = Object.values(errors).reduce((a, b) => a + b, 0);
    perDomain[domain === "" ? "*" : domain] = {
      sent: snapshot.sentPerDomain[d] ?? 0,
      completed,
      errors: errorTotal,
      statusCounts: { ...status },
      errorCounts: { ...errors }
    };
    addCounts(statusCounts, status);
    addCounts(errorCounts, errors);
  });
  const durationMs = Math.max(0, snapshot.endedAtMs - snapshot.startedAtMs);
  const result = {
    schema: "waf-gate/replay@1",
    runId: context.runId,
    target: context.target,
    corpus: context.corpus,
    domains: snapshot.domains.map((d) => d === "" ? "*" : d),
    loadShape: context.loadShape,
    idHeader: context.idHeader,
    startedAtMs: snapshot.startedAtMs,
    endedAtMs: snapshot.endedAtMs,
    durationMs,
    totals: {
      sent: snapshot.sent,
      completed: snapshot.completed,
      errors: snapshot.errors,
      unjoinable: snapshot.unjoinable,
      bytesSent: snapshot.bytesSent,
      bytesReceived: snapshot.bytesReceived,
      cancelled: snapshot.cancelled
    },
    rps: rate(snapshot.completed, durationMs),
    statusCounts,
    errorCounts,
    perDomain,
    latency: {
      histogram: snapshot.histogram,
      summary: summarizeHistogram(decodeHistogram(snapshot.histogram))
    },
    windows: snapshot.windows
  };
  if (context.label !== void 0) result.label = context.label;
  if (context.outcomesFile !== void 0) result.outcomesFile = context.outcomesFile;
  return result;
}
function mergeWindows(results) {
  const all = results.flatMap((r) => r.windows);
  if (all.length === 0) return [];
  const origin = Math.min(...all.map((w) => w.startMs));
  const size = Math.max(1, Math.min(...all.map((w) => w.durationMs).filter((d) => d > 0), 1e3));
  const buckets = /* @__PURE__ */ new Map();
  for (const w of all) {
    const key = Math.round((w.startMs - origin) / size);
    const list = buckets.get(key) ?? [];
    list.push(w);
    buckets.set(key, list);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([, list]) => {
    const h = createHistogram();
    for (const w of list) if (w.histogram) h.add(decodeHistogram(w.histogram));
    const summary = summarizeHistogram(h);
    const completed = list.reduce((a, w) => a + w.completed, 0);
    const durationMs = Math.max(...list.map((w) => w.durationMs));
    return {
      startMs: Math.min(...list.map((w) => w.startMs)),
      durationMs,
      completed,
      errors: list.reduce((a, w) => a + w.errors, 0),
      rps: rate(completed, durationMs),
      p50Us: summary.p50Us,
      p99Us: summary.p99Us,
      histogram: encodeHistogram(h)
    };
  });
}
function mergeReplayResults(results) {
  const first = results[0];
  if (!first) throw new Error("mergeReplayResults needs at least one result");
  if (results.length === 1) return structuredClone(first);
  const total = createHistogram();
  for (const r of results) total.add(decodeHistogram(r.latency.histogram));
  const perDomain = {};
  const statusCounts = {};
  const errorCounts = {};
  const domains = [];
  for (const r of results) {
    addCounts(statusCounts, r.statusCounts);
    addCounts(errorCounts, r.errorCounts);
    for (const d of r.domains) if (!domains.includes(d)) domains.push(d);
    for (const [d, s] of Object.entries(r.perDomain)) {
      const into = perDomain[d] ??= {
        sent: 0,
        completed: 0,
        errors: 0,
        statusCounts: {},
        errorCounts: {}
      };
      into.sent += s.sent;
      into.completed += s.completed;
      into.errors += s.errors;
      addCounts(into.statusCounts, s.statusCounts);
      addCounts(into.errorCounts, s.errorCounts);
    }
  }
  const sum = (f) => results.reduce((a, r) => a + (f(r) ?? 0), 0);
  const startedAtMs = Math.min(...results.map((r) => r.startedAtMs));
  const endedAtMs = Math.max(...results.map((r) => r.endedAtMs));
  const durationMs = Math.max(0, endedAtMs - startedAtMs);
  const completed = sum((r) => r.totals.completed);
  const loadShape = {
    ...first.loadShape,
    connections: sum((r) => r.loadShape.connections)
  };
  if (first.loadShape.rateRps !== void 0) loadShape.rateRps = sum((r) => r.loadShape.rateRps);
  const merged = {
    ...structuredClone(first),
    domains,
    loadShape,
    startedAtMs,
    endedAtMs,
    durationMs,
    totals: {
      sent: sum((r) => r.totals.sent),
      completed,
      errors: sum((r) => r.totals.errors),
      unjoinable: sum((r) => r.totals.unjoinable),
      bytesSent: sum((r) => r.totals.bytesSent),
      bytesReceived: sum((r) => r.totals.bytesReceived),
      cancelled: sum((r) => r.totals.cancelled)
    },
    workers: sum((r) => r.workers ?? 1),
    rps: rate(completed, durationMs),
    statusCounts,
    errorCounts,
    perDomain,
    latency: { histogram: encodeHistogram(total), summary: summarizeHistogram(total) },
    windows: mergeWindows(results)
  };
  return merged;
}

// src/replay/clock.ts
import { performance as performance2 } from "node:perf_hooks";
var localNow = () => performance2.timeOrigin + performance2.now();
async function sample(reference, options) {
  const timeout = AbortSignal.timeout(options.requestTimeoutMs ?? 2e3);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const sentMs = localNow();
  let response;
  try {
    response = await fetch(reference, { method: "HEAD", signal });
  } catch (error) {
    throw new WafGateError(
      "E_CLOCK_REFERENCE",
      `The clock reference ${reference} did not answer.`,
      {
        context: { reference },
        cause: error,
        hint: "Give a clock-reference every bench runner reaches (an HTTP server sending Date headers)."
      }
    );
  }
  const answeredMs = localNow();
  await response.body?.cancel();
  const date = response.headers.get("date");
  const dateMs = date === null ? NaN : Date.parse(date);
  if (!Number.isFinite(dateMs))
    throw new WafGateError(
      "E_CLOCK_REFERENCE",
      `The clock reference ${reference} answered without a valid Date header (${date ?? "none"}).`,
      {
        context: { reference, date: date ?? "" },
        hint: "Point clock-reference at an HTTP server."
      }
    );
  return { sentMs, answeredMs, dateMs };
}
var mid = (s) => (s.sentMs + s.answeredMs) / 2;
var round = (n) => Math.round(n * 10) / 10;
async function measureClockOffset(reference, options = {}) {
  const budgetMs = options.budgetMs ?? 2500;
  const intervalMs = options.intervalMs ?? 10;
  const first = await sample(reference, options);
  const startedMs = first.sentMs;
  let previous = first;
  let samples = 1;
  while (localNow() - startedMs < budgetMs) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const current = await sample(reference, options);
    samples++;
    if (current.dateMs > previous.dateMs) {
      const tickLocalMs = (mid(previous) + mid(current)) / 2;
      return {
        reference,
        offsetMs: round(current.dateMs - tickLocalMs),
        roundTripMs: round(current.answeredMs - current.sentMs),
        // The tick lies between the previous request's send and the current answer.
        accuracyMs: round(
          Math.max(tickLocalMs - previous.sentMs, current.answeredMs - tickLocalMs)
        ),
        samples,
        measuredAtMs: Math.round(current.answeredMs)
      };
    }
    previous = current;
  }
  const roundTripMs = first.answeredMs - first.sentMs;
  return {
    reference,
    offsetMs: round(first.dateMs + 500 - mid(first)),
    roundTripMs: round(roundTripMs),
    accuracyMs: round(500 + roundTripMs / 2),
    samples,
    measuredAtMs: Math.round(first.answeredMs)
  };
}
function clockCorrectionMs(clock) {
  if (clock === void 0) return 0;
  return Math.abs(clock.offsetMs) > clock.accuracyMs ? Math.round(clock.offsetMs) : 0;
}

// src/replay/shard-start.ts
async function waitUntil(localAtMs, signal) {
  const remaining = () => localAtMs - Date.now();
  while (remaining() > 2 && !signal?.aborted) {
    await new Promise((resolve5) => {
      const timer = setTimeout(done, Math.min(remaining() - 1, 1e3));
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve5();
      }
      signal?.addEventListener("abort", done, { once: true });
    });
  }
  while (remaining() > 0 && !signal?.aborted) await new Promise((r) => setImmediate(r));
}
async function startShard(options, deps) {
  const { logger, signal } = deps;
  if (options.shard === void 0 && options.startAtMs === void 0) return void 0;
  const record = {
    index: options.shard?.index ?? 1,
    count: options.shard?.count ?? 1
  };
  if (options.clockReference !== void 0) {
    const clock = await measureClockOffset(options.clockReference, signal ? { signal } : {});
    record.clock = clock;
    logger.info(
      `Clock: ${clock.offsetMs >= 0 ? "+" : ""}${clock.offsetMs} ms against ${clock.reference} (\xB1 ${clock.accuracyMs} ms, round trip ${clock.roundTripMs} ms, ${clock.samples} samples).`
    );
  }
  if (options.startAtMs !== void 0) {
    record.startAtMs = options.startAtMs;
    const localAtMs = options.startAtMs - clockCorrectionMs(record.clock);
    const lateMs = Date.now() - localAtMs;
    if (lateMs > MAX_START_LATE_MS)
      logger.warn(
        `start-at ${new Date(options.startAtMs).toISOString()} passed ${Math.round(lateMs)} ms ago while the replay was prepared: this shard starts late (replay.json records by how much).`
      );
    else
      logger.info(
        `Shard ${record.index}/${record.count}: waiting ${Math.max(0, Math.round(-lateMs))} ms for start-at ${new Date(options.startAtMs).toISOString()}.`
      );
    await waitUntil(localAtMs, signal);
  }
  return record;
}

// src/replay/worker-pool.ts
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
function workerScript() {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const entry = new URL("./worker-entry.ts", here).href;
    return {
      url: `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`,
      eval: true
    };
  }
  for (const rel of ["./replay-worker.js", "../replay-worker.js"]) {
    const url = new URL(rel, here);
    if (existsSync(fileURLToPath(url))) return { url, eval: false };
  }
  throw new WafGateError(
    "E_WORKER_MISSING",
    "The replay worker bundle (replay-worker.js) is missing next to the CLI bundle.",
    { hint: "Rebuild with node scripts/build.mjs, or use workers: 1." }
  );
}
function runWorkers(count, config, prepared, fragments, onOutcomes, signal) {
  const script = workerScript();
  const live = [];
  const workers = [];
  const results = [];
  for (let w = 0; w < count; w++) {
    live.push({ sent: 0, completed: 0, errors: 0 });
    const input = {
      config: { ...config, workerIndex: w, workerCount: count },
      prepared,
      fragments,
      // The parent's loopback check (run before the workers start) decides for every worker.
      rawTcp: rawTcp !== null
    };
    const worker = new Worker(script.url, { workerData: input, eval: script.eval });
    workers.push(worker);
    results.push(
      new Promise((resolve5, reject) => {
        let snapshot = null;
        worker.on("message", (m) => {
          if (m.type === "progress")
            live[w] = { sent: m.sent, completed: m.completed, errors: m.errors };
          else if (m.type === "outcomes") onOutcomes?.(m.chunk);
          else if (m.type === "done") snapshot = m.snapshot;
          else if (m.type === "error")
            reject(new WafGateError("E_WORKER", `Replay worker ${w} failed: ${m.message}`));
        });
        worker.on(
          "error",
          (error) => reject(
            new WafGateError("E_WORKER", `Replay worker ${w} crashed: ${error.message}`, {
              cause: error
            })
          )
        );
        worker.on("exit", (code) => {
          if (snapshot) resolve5(snapshot);
          else
            reject(
              new WafGateError(
                "E_WORKER",
                `Replay worker ${w} exited (code ${code}) without results.`
              )
            );
        });
      })
    );
  }
  const onAbort = () => {
    for (const worker of workers) worker.postMessage({ type: "stop" });
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  const done = Promise.all(results).finally(() => {
    signal?.removeEventListener("abort", onAbort);
    for (const worker of workers) void worker.terminate();
  });
  const post = (type) => {
    for (const worker of workers) worker.postMessage({ type });
  };
  return {
    pause: () => post("pause"),
    resume: () => post("resume"),
    progress: () => live.reduce(
      (a, p) => ({
        sent: a.sent + p.sent,
        completed: a.completed + p.completed,
        errors: a.errors + p.errors
      }),
      { sent: 0, completed: 0, errors: 0 }
    ),
    done
  };
}

// src/replay/run.ts
var REPLAY_RESULT_FILE = "replay.json";
var OUTCOMES_FILE = "outcomes.jsonl";
function loadShapeOf(o) {
  const shape = { mode: o.mode, connections: o.connections, keepAlive: o.keepAlive };
  if (o.rateRps !== void 0) shape.rateRps = o.rateRps;
  if (o.durationMs !== void 0) shape.durationMs = o.durationMs;
  if (o.repeat !== void 0) shape.repeat = o.repeat;
  if (o.requests !== void 0) shape.requests = o.requests;
  if (o.hatchRatePerSec !== void 0) shape.hatchRatePerSec = o.hatchRatePerSec;
  if (o.thinkTimeMs > 0) shape.thinkTimeMs = o.thinkTimeMs;
  if (o.shaping !== void 0) shape.shaping = structuredClone(o.shaping);
  return shape;
}
async function corpusBytes(options) {
  const files = await resolveCorpusFiles(options.corpus, "corpus");
  let total = 0;
  for (const file of files) total += (await stat2(file.absolutePath)).size;
  return total;
}
async function runReplay(options, deps) {
  const { logger, signal } = deps;
  const quality = options.mode === "quality";
  const workers = Math.max(1, Math.min(options.workers, options.connections));
  const stream = quality && workers === 1 && options.rateRps === void 0 && await corpusBytes(options) > options.preloadLimitBytes;
  const corpus = await loadCorpus(options.corpus, {
    skipInvalid: options.skipInvalid,
    keepEntries: !stream,
    ...signal ? { signal } : {}
  });
  if (corpus.skipped > 0)
    logger.warn(`Skipped ${corpus.skipped} malformed corpus entries (skip-invalid).`);
  for (const warning of corpus.warnings) logger.warn(`Corpus: ${warning.message}`);
  const domains = options.domains;
  logger.info(
    `Corpus: ${corpus.entryCount} requests from ${corpus.files.length} file(s), fingerprint ${corpus.fingerprint.slice(0, 12)}; ${domains.length} domain(s)${stream ? "; streamed (larger than preload-limit-mb)" : ""}.`
  );
  await probeTarget(options.target, Math.min(options.timeouts.connectMs, 5e3), signal, {
    insecure: options.insecure,
    ...options.servername !== void 0 ? { servername: options.servername } : {}
  });
  const perCycle = corpus.entryCount * domains.length;
  const totalJobs = Math.min(
    options.requests ?? Infinity,
    options.repeat !== void 0 ? perCycle * options.repeat : Infinity
  );
  const config = {
    mode: options.mode,
    totalJobs,
    idHeader: quality ? options.idHeader : null,
    runId: options.runId,
    target: {
      ...options.target,
      insecure: options.insecure,
      ...options.servername !== void 0 ? { servername: options.servername } : {}
    },
    connections: options.connections,
    keepAlive: options.keepAlive,
    thinkTimeMs: options.thinkTimeMs,
    maxDurationMs: options.maxDurationMs,
    connectTimeoutMs: options.timeouts.connectMs,
    firstByteTimeoutMs: options.timeouts.firstByteMs,
    totalTimeoutMs: options.timeouts.totalMs,
    windowMs: options.windowMs,
    drainMs: Math.min(options.timeouts.totalMs, 2e3),
    ...options.rateRps !== void 0 ? { rateRps: options.rateRps } : {},
    ...options.hatchRatePerSec !== void 0 ? { hatchRatePerSec: options.hatchRatePerSec } : {},
    ...options.durationMs !== void 0 ? { durationMs: options.durationMs } : {},
    ...options.shaping !== void 0 ? { shaping: options.shaping } : {}
  };
  await proveRawTcp((message) => logger.debug(message));
  const outDir = resolve2(options.outDir);
  await mkdir(outDir, { recursive: true });
  const outcomes = quality ? new OutcomeFile(join2(outDir, OUTCOMES_FILE)) : null;
  let jobs;
  let fragments = null;
  if (stream) {
    const streamed = new StreamingJobSource({
      corpus,
      specs: options.corpus,
      domains,
      extraHeaders: options.extraHeaders,
      totalJobs,
      idHeader: options.idHeader,
      runId: options.runId
    });
    jobs = { streamed, domains };
    fragments = [];
  } else {
    jobs = prepareRequests(corpus, domains, options.extraHeaders);
    fragments = quality ? entryFragments(corpus) : null;
    releaseEntryBytes(corpus);
  }
  let readFailure = null;
  const shard = await startShard(options, { logger, ...signal ? { signal } : {} });
  logger.info(
    `Replaying to ${targetUrl(options.target)}: ${options.mode} mode, ${options.connections} connection(s), keep-alive ${options.keepAlive ? "on" : "off"}${workers > 1 ? `, ${workers} workers` : ""}.`
  );
  if (options.shaping !== void 0)
    logger.info(`Shaping (userspace): ${formatShaping(options.shaping)}.`);
  let snapshots;
  let stopProgress = () => void 0;
  try {
    const progressBase = {
      logger,
      lineIntervalMs: options.progressIntervalMs,
      ...Number.isFinite(totalJobs) ? { expectedTotal: totalJobs } : {},
      ...options.durationMs !== void 0 ? { durationMs: options.durationMs } : {},
      ...deps.onProgress ? { onProgress: deps.onProgress } : {},
      ...deps.progressStream ? { stream: deps.progressStream } : {}
    };
    if (workers === 1) {
      let paused = null;
      const batcher = outcomes ? new LineBatcher(
        backpressuredSink(outcomes, {
          pause: () => paused?.pause(),
          resume: () => paused?.resume()
        })
      ) : null;
      const formatter = fragments ? new OutcomeFormatter(domains, fragments) : null;
      const engine = new Engine(
        { ...config, workerIndex: 0, workerCount: 1 },
        jobs,
        formatter && batcher ? (job, status, error, lat, bytes, reused, at, local) => batcher.push(formatter.line(job, status, error, lat, bytes, reused, at, local)) : null
      );
      paused = engine;
      stopProgress = startProgress({ ...progressBase, read: () => engine.stats.live() });
      const reading = "streamed" in jobs ? jobs.streamed.read().catch((error) => {
        readFailure = error instanceof Error ? error : new Error("reading the corpus failed", { cause: error });
        engine.stop(config.drainMs);
      }) : null;
      snapshots = [await engine.run(signal)];
      await reading;
      batcher?.flush();
      if ("streamed" in jobs && jobs.streamed.changed)
        logger.warn(
          "The corpus files changed while they were replayed: replay.json describes the corpus as scanned at the start."
        );
    } else {
      if ("streamed" in jobs) throw new Error("A streamed corpus runs in one worker.");
      let paused = null;
      const sink = outcomes ? backpressuredSink(outcomes, {
        pause: () => paused?.pause(),
        resume: () => paused?.resume()
      }) : null;
      const pool = runWorkers(workers, config, jobs, fragments, sink, signal);
      paused = pool;
      stopProgress = startProgress({ ...progressBase, read: pool.progress });
      snapshots = await pool.done;
    }
  } finally {
    stopProgress();
    await outcomes?.close();
  }
  const context = {
    runId: options.runId,
    target: {
      host: options.target.host,
      port: options.target.port,
      tls: options.target.tls,
      ...options.servername !== void 0 ? { servername: options.servername } : {}
    },
    corpus: {
      fingerprint: corpus.fingerprint,
      entries: corpus.entryCount,
      sources: corpus.sources,
      ...corpus.skipped > 0 ? { skipped: corpus.skipped } : {},
      ...corpus.disabled > 0 ? { disabled: corpus.disabled } : {}
    },
    loadShape: loadShapeOf(options),
    idHeader: quality ? options.idHeader : null,
    ...options.label !== void 0 ? { label: options.label } : {},
    ...outcomes ? { outcomesFile: OUTCOMES_FILE } : {}
  };
  const result = mergeReplayResults(snapshots.map((s) => resultFromSnapshot(s, context)));
  result.loadShape = context.loadShape;
  result.workers = workers;
  if (shard !== void 0) result.shard = shard;
  await writeJsonFile(join2(outDir, REPLAY_RESULT_FILE), result);
  const failure = readFailure;
  if (failure !== null) throw failure;
  if (signal?.aborted) {
    logger.warn(
      `Replay interrupted; partial results written to ${join2(outDir, REPLAY_RESULT_FILE)}.`
    );
    return result;
  }
  const unusable = connectionLevelFailure(result, options.target, join2(outDir, REPLAY_RESULT_FILE));
  if (unusable) throw unusable;
  return result;
}

// src/replay/merge-shards.ts
import { readdir as readdir2, stat as stat3 } from "node:fs/promises";
import { join as join3, resolve as resolve3 } from "node:path";
var RESULT_FILE = "replay.json";
var MAX_DEPTH = 4;
async function findIn(dir, depth, found) {
  const entries = await readdir2(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join3(dir, entry.name);
    if (entry.isFile() && entry.name === RESULT_FILE) found.push(path);
    else if (entry.isDirectory() && depth < MAX_DEPTH) await findIn(path, depth + 1, found);
  }
}
async function findReplayFiles(input, paths) {
  const found = [];
  for (const path of paths) {
    const info = await stat3(path).catch(() => void 0);
    if (!info)
      throw new ConfigError("No such file or folder.", {
        input,
        value: path,
        hint: "Give the shards\u2019 replay.json files, or the folder their artifacts were downloaded to."
      });
    if (info.isDirectory()) {
      const before = found.length;
      await findIn(path, 1, found);
      if (found.length === before)
        throw new ConfigError(
          `No ${RESULT_FILE} in the folder (searched ${MAX_DEPTH} levels deep).`,
          {
            input,
            value: path
          }
        );
    } else found.push(path);
  }
  return [...new Set(found.map((f) => resolve3(f)))];
}
async function readShardResult(file) {
  const result = await readJsonFile(file, "replay result");
  if (typeof result !== "object" || result === null || result.schema !== "waf-gate/replay@1" || typeof result.latency?.histogram !== "string" || !Array.isArray(result.windows))
    throw new ConfigError("Not a replay.json of waf-gate (schema waf-gate/replay@1).", {
      file,
      hint: "Give the replay.json each shard\u2019s replay wrote."
    });
  return { file, result };
}
var targetText = (r) => `${r.target.tls ? "https" : "http"}://${r.target.host}:${r.target.port}`;
var SAME = [
  ["mode", (r) => r.loadShape.mode],
  ["corpus", (r) => `fingerprint ${r.corpus.fingerprint.slice(0, 12)}`],
  ["target", targetText],
  ["domains", (r) => r.domains.join(", ")],
  ["keep-alive", (r) => String(r.loadShape.keepAlive)],
  [
    "duration",
    (r) => r.loadShape.durationMs === void 0 ? "none" : `${r.loadShape.durationMs} ms`
  ],
  // The merged result records one shaping: the shards must have run the same.
  ["shaping", (r) => r.loadShape.shaping ? formatShaping(r.loadShape.shaping) : "none"]
];
function checkShards(shards) {
  const first = shards[0];
  if (!first || shards.length < 2)
    throw new ConfigError(
      `merge needs the replay.json of at least 2 shards; got ${shards.length}.`,
      {
        input: "merge",
        value: shards.map((s) => s.file).join(", ")
      }
    );
  for (const shard of shards) {
    if (shard.result.loadShape.mode !== "pressure")
      throw new ConfigError(
        "Only pressure-mode replays are merged: a quality replay sends every request once, on one machine.",
        { file: shard.file, value: shard.result.loadShape.mode }
      );
    for (const [name, read] of SAME)
      if (read(shard.result) !== read(first.result))
        throw new ConfigError(
          `Not a shard of the same run as ${first.file}: ${name} ${read(shard.result)} differs from ${read(first.result)}.`,
          {
            file: shard.file,
            hint: "Merge only the shards of one sharded replay (same corpus, target, mode, domains, duration and shaping)."
          }
        );
    if (shard.result.shard === void 0 !== (first.result.shard === void 0))
      throw new ConfigError(
        `${shard.result.shard ? "A" : "Not a"} shard (replay shard: i/n), unlike ${first.file}.`,
        { file: shard.file }
      );
  }
  if (first.result.shard === void 0) return;
  const count = first.result.shard.count;
  const seen = /* @__PURE__ */ new Map();
  for (const { file, result } of shards) {
    const shard = result.shard;
    if (shard.count !== count)
      throw new ConfigError(
        `Shard ${shard.index}/${shard.count} is of a run of ${shard.count} shards, ${first.file} of ${count}.`,
        { file }
      );
    const other = seen.get(shard.index);
    if (other !== void 0)
      throw new ConfigError(`Shard ${shard.index}/${count} is given twice (also ${other}).`, {
        file
      });
    seen.set(shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new ConfigError(
      `Shard(s) ${missing.map((i) => `${i}/${count}`).join(", ")} missing: the merged run would lack their load.`,
      {
        input: "merge",
        value: shards.map((s) => s.file).join(", "),
        hint: "Download every shard\u2019s artifact (a failed shard fails the sharded run: re-run it)."
      }
    );
}
function onReferenceClock(result) {
  const offsetMs = clockCorrectionMs(result.shard?.clock);
  const copy = structuredClone(result);
  copy.startedAtMs += offsetMs;
  copy.endedAtMs += offsetMs;
  for (const w of copy.windows) w.startMs += offsetMs;
  return copy;
}
function shardEntry({ file, result }, corrected) {
  const entry = {
    ...result.shard ?? { index: 1, count: 1 },
    runId: result.runId,
    source: file,
    connections: result.loadShape.connections,
    correctionMs: corrected.startedAtMs - result.startedAtMs,
    startedAtMs: corrected.startedAtMs,
    endedAtMs: corrected.endedAtMs,
    sent: result.totals.sent,
    completed: result.totals.completed,
    errors: result.totals.errors
  };
  if (result.label !== void 0) entry.label = result.label;
  if (result.loadShape.rateRps !== void 0) entry.rateRps = result.loadShape.rateRps;
  if (result.shard?.startAtMs !== void 0)
    entry.startSkewMs = corrected.startedAtMs - result.shard.startAtMs;
  return entry;
}
function mergeShards(shards) {
  checkShards(shards);
  const ordered = [...shards].sort(
    (a, b) => (a.result.shard?.index ?? 0) - (b.result.shard?.index ?? 0)
  );
  const corrected = ordered.map((s) => onReferenceClock(s.result));
  const merged = mergeReplayResults(corrected);
  delete merged.shard;
  delete merged.outcomesFile;
  merged.shards = ordered.map((s, i) => shardEntry(s, corrected[i]));
  return merged;
}
function checkExpectations(shards, expect) {
  for (const { file, result } of shards) {
    const t = expect.target;
    if (t && (t.host !== result.target.host || t.port !== result.target.port || t.tls !== result.target.tls))
      throw new ConfigError(
        `The shard replayed ${targetText(result)}, not the target given here (${t.tls ? "https" : "http"}://${t.host}:${t.port}).`,
        { file, input: "target", hint: "Give merge the target and corpus the shards replayed." }
      );
    const f = expect.corpusFingerprint;
    if (f !== void 0 && f !== result.corpus.fingerprint)
      throw new ConfigError(
        `The shard replayed corpus fingerprint ${result.corpus.fingerprint.slice(0, 12)}, not the corpus given here (${f.slice(0, 12)}).`,
        { file, input: "corpus", hint: "Give merge the target and corpus the shards replayed." }
      );
  }
}
async function mergeReplayFiles(paths, outDir, input = "merge", expect = {}) {
  const files = await findReplayFiles(input, paths);
  const path = join3(resolve3(outDir), RESULT_FILE);
  if (files.includes(path))
    throw new ConfigError("The merged replay.json would overwrite a shard\u2019s.", {
      input: "out-dir",
      value: outDir,
      hint: "Give an out-dir other than the shards\u2019 folders."
    });
  const shards = [];
  for (const file of files) shards.push(await readShardResult(file));
  const result = mergeShards(shards);
  checkExpectations(shards, expect);
  await writeJsonFile(path, result);
  return { result, path, files };
}

// src/replay/merge-print.ts
var ms = (n) => n === void 0 ? "not measured" : `${n >= 0 ? "+" : ""}${n} ms`;
function row(s) {
  return [
    `${s.index}/${s.count}`,
    String(s.connections),
    s.rateRps === void 0 ? "-" : String(s.rateRps),
    String(s.sent),
    String(s.completed),
    String(s.errors),
    s.clock ? `${ms(s.clock.offsetMs)} (\xB1 ${s.clock.accuracyMs} ms), ${s.correctionMs === 0 ? "not applied" : "applied"}` : "not measured",
    s.startAtMs === void 0 ? "no start-at" : ms(s.startSkewMs)
  ];
}
var HEAD = [
  "shard",
  "connections",
  "rate",
  "sent",
  "completed",
  "errors",
  "clock offset",
  "start skew"
];
function startSpreadMs(result) {
  const starts = (result.shards ?? []).map((s) => s.startedAtMs);
  return starts.length < 2 ? void 0 : Math.max(...starts) - Math.min(...starts);
}
function formatShardsText(result) {
  const rows3 = [HEAD, ...(result.shards ?? []).map(row)];
  const widths = HEAD.map((_, c) => Math.max(...rows3.map((r) => r[c].length)));
  const lines = rows3.map(
    (r) => r.map((cell2, c) => cell2.padEnd(widths[c])).join("  ").trimEnd()
  );
  const spread2 = startSpreadMs(result);
  if (spread2 !== void 0) lines.push(`First requests of the shards within ${spread2} ms.`);
  return lines.join("\n");
}
function formatShardsMarkdown(result) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  const out = [
    `#### Shards (${result.shards?.length ?? 0})`,
    "",
    line(HEAD),
    line(HEAD.map(() => "---")),
    ...(result.shards ?? []).map((s) => line(row(s)))
  ];
  const spread2 = startSpreadMs(result);
  if (spread2 !== void 0) out.push("", `First requests of the shards within ${spread2} ms.`);
  return `${out.join("\n")}
`;
}

// src/replay/hold/options.ts
import { randomBytes as randomBytes2 } from "node:crypto";
var DEFAULT_HOLD_HATCH_RATE_CPS = 500;
var DEFAULT_HOLD_CONNECTIONS = 100;
var D2 = REPLAY_SCHEMA;
function share(input, value) {
  if (!(value >= 0 && value <= 1))
    throw new ConfigError("A share is a number from 0 to 1.", { input, value });
  return value;
}
function holdOptions(init) {
  if (init.target.tls)
    throw new ConfigError("Hold mode speaks ws:// only; wss:// (TLS) is not supported yet.", {
      input: "target",
      value: `https://${init.target.host}:${init.target.port}`,
      hint: "Give the WAF plain-HTTP listener (http://host:port)."
    });
  const pingIntervalMs = init.pingIntervalMs ?? D2["ping-interval"].default;
  const pongTimeoutMs = init.pongTimeoutMs ?? pingIntervalMs;
  if (pongTimeoutMs > pingIntervalMs)
    throw new ConfigError(
      `pong-timeout (${pongTimeoutMs} ms) is longer than ping-interval (${pingIntervalMs} ms).`,
      {
        input: "pong-timeout",
        value: pongTimeoutMs,
        hint: "One ping is outstanding at a time: give a pong-timeout at most the ping interval."
      }
    );
  const serverDropShare = share("server-drop-share", init.serverDropShare ?? 0);
  const clientDropShare = share("client-drop-share", init.clientDropShare ?? 0);
  if (serverDropShare + clientDropShare > 1)
    throw new ConfigError(
      `server-drop-share + client-drop-share is ${serverDropShare + clientDropShare}, more than every connection.`,
      { input: "client-drop-share", value: clientDropShare, hint: "Keep their sum at most 1." }
    );
  const connections = init.connections ?? DEFAULT_HOLD_CONNECTIONS;
  if (!Number.isInteger(connections) || connections < 1 || connections > 1e4)
    throw new ConfigError("connections is a whole number from 1 to 10000.", {
      input: "connections",
      value: connections
    });
  const path = init.path ?? D2["ws-path"].default;
  if (!D2["ws-path"].pattern.test(path))
    throw new ConfigError(`ws-path must be ${D2["ws-path"].patternText}.`, {
      input: "ws-path",
      value: path
    });
  const options = {
    target: init.target,
    path,
    domain: init.domain === "" ? void 0 : init.domain,
    connections,
    hatchRateCps: init.hatchRateCps ?? DEFAULT_HOLD_HATCH_RATE_CPS,
    holdMs: init.holdMs ?? D2["hold-duration"].default,
    pingIntervalMs,
    pongTimeoutMs,
    pushRateMps: init.pushRateMps ?? D2["push-rate"].default,
    pushShare: share("push-share", init.pushShare ?? D2["push-share"].default),
    serverDropShare,
    clientDropShare,
    reconnectAttempts: init.reconnectAttempts ?? D2["reconnect-attempts"].default,
    reconnectBackoffMs: init.reconnectBackoffMs ?? D2["reconnect-backoff"].default,
    connectTimeoutMs: init.connectTimeoutMs ?? D2["connect-timeout"].default,
    outDir: init.outDir ?? D2["out-dir"].default,
    runId: init.runId ?? randomBytes2(6).toString("hex"),
    progressIntervalMs: init.progressIntervalMs ?? D2["progress-interval"].default
  };
  if (!(options.hatchRateCps > 0))
    throw new ConfigError("hatch-rate must be above 0.", {
      input: "hatch-rate",
      value: options.hatchRateCps
    });
  if (init.label !== void 0) options.label = init.label;
  return options;
}
var NOT_IN_HOLD = [
  ["duration", "hold-duration"],
  ["rate", "push-rate (pushes) or hatch-rate (ramp)"],
  ["requests", "connections"],
  ["repeat", "connections"],
  ["shard", "one hold process (it holds up to 10000 connections)"]
];
var SHAPING_OPTIONS = ["upload-rate", "download-rate", "delay", "slow-header", "slow-body"];
function parseHoldOptions(raw) {
  const v = parseOptions(REPLAY_SCHEMA, raw, { stage: "replay" });
  for (const [name, instead] of NOT_IN_HOLD) {
    const value = raw[name];
    if (value !== void 0 && value !== "")
      throw new ConfigError(`${name} is not used in hold mode.`, {
        input: name,
        value,
        hint: `Use ${instead}.`
      });
  }
  for (const name of SHAPING_OPTIONS) {
    const value = raw[name];
    if (value !== void 0 && value !== "")
      throw new ConfigError(`${name} is not used in hold mode.`, {
        input: name,
        value,
        hint: "Shaping applies to the quality and pressure modes; leave it out for mode hold."
      });
  }
  const init = {
    target: parseTarget("target", v.target),
    domain: v.domains?.[0],
    ...holdSettingsFrom(v),
    connectTimeoutMs: v["connect-timeout"],
    outDir: v["out-dir"],
    progressIntervalMs: v["progress-interval"]
  };
  if (v.connections !== void 0) init.connections = v.connections;
  if (v["hatch-rate"] !== void 0) init.hatchRateCps = v["hatch-rate"];
  if (v["run-id"] !== void 0) init.runId = v["run-id"];
  if (v.label !== void 0) init.label = v.label;
  return holdOptions(init);
}
function holdSettingsFrom(v) {
  return {
    path: v["ws-path"],
    holdMs: v["hold-duration"],
    pingIntervalMs: v["ping-interval"],
    pushRateMps: v["push-rate"],
    pushShare: v["push-share"],
    serverDropShare: v["server-drop-share"],
    clientDropShare: v["client-drop-share"],
    reconnectAttempts: v["reconnect-attempts"],
    reconnectBackoffMs: v["reconnect-backoff"],
    ...v["pong-timeout"] !== void 0 ? { pongTimeoutMs: v["pong-timeout"] } : {}
  };
}

// src/replay/hold/run.ts
import { mkdir as mkdir2 } from "node:fs/promises";
import { join as join4, resolve as resolve4 } from "node:path";

// src/common/nofile-limit.ts
import { readFile as readFile3 } from "node:fs/promises";
async function readNoFileLimit() {
  const text = await readFile3("/proc/self/limits", "utf8").catch(() => "");
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text);
  if (!m) return null;
  const value = (s) => s === "unlimited" ? Infinity : Number(s);
  const soft = value(m[1]);
  const hard = value(m[2]);
  return Number.isNaN(soft) || Number.isNaN(hard) ? null : { soft, hard };
}

// src/replay/hold/connection.ts
import { connect } from "node:net";

// src/replay/hold/frame.ts
import { randomFillSync } from "node:crypto";
var OPCODE = {
  continuation: 0,
  text: 1,
  binary: 2,
  close: 8,
  ping: 9,
  pong: 10
};
var UTF8 = new TextDecoder("utf-8", { fatal: true });
var MAX_MESSAGE_BYTES = 1 << 20;
var FrameParser = class {
  constructor(handler) {
    this.handler = handler;
  }
  handler;
  pending = null;
  fragments = null;
  fragmentOpcode = 0;
  fragmentBytes = 0;
  failed = false;
  /** Parses as many whole frames as `chunk` (plus what was left before) holds; keeps the rest. */
  push(chunk) {
    if (this.failed) return;
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let offset = 0;
    while (!this.failed) {
      const consumed = this.frameAt(buf, offset);
      if (consumed === 0) break;
      offset += consumed;
    }
    if (this.failed) return;
    if (offset < buf.length) {
      buf = buf.subarray(offset);
      this.pending = Buffer.from(buf);
    }
  }
  fail(message) {
    this.failed = true;
    this.pending = null;
    this.fragments = null;
    this.handler.onProtocolError(message);
    return 0;
  }
  /** Parses the frame starting at `offset`; returns its length, or 0 when incomplete (or failed). */
  frameAt(buf, offset) {
    const available = buf.length - offset;
    if (available < 2) return 0;
    const b0 = buf[offset];
    const b1 = buf[offset + 1];
    const fin = (b0 & 128) !== 0;
    const opcode = b0 & 15;
    if ((b0 & 112) !== 0) return this.fail("RSV bits set without a negotiated extension");
    const masked = (b1 & 128) !== 0;
    let length = b1 & 127;
    let header = 2;
    if (length === 126) {
      if (available < 4) return 0;
      length = buf.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (available < 10) return 0;
      const high = buf.readUInt32BE(offset + 2);
      if (high !== 0) return this.fail("frame longer than 4 GiB");
      length = buf.readUInt32BE(offset + 6);
      header = 10;
    }
    if (length > MAX_MESSAGE_BYTES)
      return this.fail(`frame of ${length} bytes exceeds ${MAX_MESSAGE_BYTES}`);
    const maskAt = offset + header;
    if (masked) header += 4;
    if (available < header + length) return 0;
    const start = offset + header;
    let payload = buf.subarray(start, start + length);
    if (masked) {
      const copy = Buffer.allocUnsafe(length);
      for (let i = 0; i < length; i++) copy[i] = payload[i] ^ buf[maskAt + (i & 3)];
      payload = copy;
    }
    this.frame(fin, opcode, payload);
    return this.failed ? 0 : header + length;
  }
  frame(fin, opcode, payload) {
    if (opcode >= 8) {
      if (!fin) return void this.fail("fragmented control frame");
      if (payload.length > 125) return void this.fail("control frame longer than 125 bytes");
      if (opcode === OPCODE.ping) this.handler.onPing(payload);
      else if (opcode === OPCODE.pong) this.handler.onPong(payload);
      else if (opcode === OPCODE.close) this.close(payload);
      else this.fail(`unknown control opcode 0x${opcode.toString(16)}`);
      return;
    }
    if (opcode === OPCODE.continuation) {
      if (!this.fragments) return void this.fail("continuation frame without a message");
      this.fragmentBytes += payload.length;
      if (this.fragmentBytes > MAX_MESSAGE_BYTES)
        return void this.fail(`message exceeds ${MAX_MESSAGE_BYTES} bytes`);
      this.fragments.push(Buffer.from(payload));
      if (fin) {
        const whole = Buffer.concat(this.fragments);
        const kind = this.fragmentOpcode;
        this.fragments = null;
        this.fragmentBytes = 0;
        this.message(kind, whole);
      }
      return;
    }
    if (opcode !== OPCODE.text && opcode !== OPCODE.binary)
      return void this.fail(`unknown data opcode 0x${opcode.toString(16)}`);
    if (this.fragments) return void this.fail("new message before the fragmented one ended");
    if (fin) return void this.message(opcode, payload);
    this.fragments = [Buffer.from(payload)];
    this.fragmentOpcode = opcode;
    this.fragmentBytes = payload.length;
  }
  message(opcode, payload) {
    if (opcode === OPCODE.binary) return void this.handler.onBinary(payload);
    let text;
    try {
      text = UTF8.decode(payload);
    } catch {
      return void this.fail("text message is not valid UTF-8");
    }
    this.handler.onText(text);
  }
  close(payload) {
    if (payload.length === 0) return this.handler.onClose(null, "");
    if (payload.length === 1) return void this.fail("close frame with a 1-byte payload");
    const code = payload.readUInt16BE(0);
    const valid = code >= 1e3 && code <= 1014 && ![1004, 1005, 1006].includes(code) || code >= 3e3 && code <= 4999;
    if (!valid) return void this.fail(`invalid close code ${code}`);
    this.handler.onClose(code, payload.subarray(2).toString("utf8"));
  }
};
var maskPool = Buffer.allocUnsafe(4096);
var maskOffset = maskPool.length;
function nextMaskKey(target, at) {
  if (maskOffset + 4 > maskPool.length) {
    randomFillSync(maskPool);
    maskOffset = 0;
  }
  maskPool.copy(target, at, maskOffset, maskOffset + 4);
  maskOffset += 4;
}
function encodeClientFrame(opcode, payload, fin = true) {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + length);
  frame[0] = (fin ? 128 : 0) | opcode;
  if (length < 126) frame[1] = 128 | length;
  else if (length < 65536) {
    frame[1] = 128 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 128 | 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(length, 6);
  }
  nextMaskKey(frame, header);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i] ^ frame[header + (i & 3)];
  return frame;
}
function closePayload(code, reason = "") {
  const text = Buffer.from(reason, "utf8").subarray(0, 123);
  const payload = Buffer.allocUnsafe(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return payload;
}

// src/replay/hold/handshake.ts
import { createHash as createHash2, randomBytes as randomBytes3 } from "node:crypto";
var GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
var MAX_ANSWER_HEAD_BYTES = 16384;
function newWebSocketKey() {
  return randomBytes3(16).toString("base64");
}
function acceptFor(key) {
  return createHash2("sha1").update(key + GUID).digest("base64");
}
function upgradeRequest(path, host, key) {
  return Buffer.from(
    `GET ${path} HTTP/1.1\r
Host: ${host}\r
Upgrade: websocket\r
Connection: Upgrade\r
Sec-WebSocket-Key: ${key}\r
Sec-WebSocket-Version: 13\r
User-Agent: waf-gate-hold\r
\r
`,
    "latin1"
  );
}
function parseUpgradeAnswer(head, key) {
  const end = head.indexOf("\r\n\r\n");
  if (end < 0)
    return head.length > MAX_ANSWER_HEAD_BYTES ? { kind: "bad", reason: "answer head too long" } : null;
  const lines = head.subarray(0, end).toString("latin1").split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? "");
  if (!status) return { kind: "bad", reason: "not an HTTP answer" };
  const code = Number(status[1]);
  if (code !== 101) return { kind: "refused", status: code };
  const headers = /* @__PURE__ */ new Map();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  if ((headers.get("upgrade") ?? "").toLowerCase() !== "websocket")
    return { kind: "bad", reason: "101 without Upgrade: websocket" };
  if (!/(^|,)\s*upgrade\s*(,|$)/i.test(headers.get("connection") ?? ""))
    return { kind: "bad", reason: "101 without Connection: upgrade" };
  if (headers.get("sec-websocket-accept") !== acceptFor(key))
    return { kind: "bad", reason: "wrong Sec-WebSocket-Accept" };
  return { kind: "upgraded", rest: head.subarray(end + 4) };
}

// src/replay/hold/connection.ts
var PING_PAYLOAD_BYTES = 4;
function errorKind(error) {
  switch (error?.code) {
    case void 0:
      return "closed-before-answer";
    case "ECONNREFUSED":
      return "refused";
    case "ECONNRESET":
    case "EPIPE":
    case "ECONNABORTED":
      return "reset";
    case "ETIMEDOUT":
      return "timeout";
    case "EADDRNOTAVAIL":
      return "no-local-port";
    case "EMFILE":
    case "ENFILE":
      return "too-many-open-files";
    default:
      return error?.code?.toLowerCase() ?? "other";
  }
}
var HoldConnection = class {
  constructor(index, config, recorder, push, dropKind, dropAt) {
    this.index = index;
    this.config = config;
    this.recorder = recorder;
    this.push = push;
    this.dropKind = dropKind;
    this.dropAt = dropAt;
  }
  index;
  config;
  recorder;
  push;
  dropKind;
  dropAt;
  state = "idle";
  /** Monotonic ms: when to start the next attempt (reconnect), or -1. */
  nextAttemptAt = -1;
  /** Reconnects used after unplanned drops. */
  reconnectsUsed = 0;
  attempts = 0;
  socket = null;
  parser = null;
  key = "";
  head = null;
  deadlineAt = 0;
  failKind = null;
  lastError = null;
  refusedStatus = 0;
  /** The end of this attempt is decided (counted); later events change nothing. */
  settled = false;
  cause = null;
  dropRequested = false;
  pingSeq = 0;
  pingSentAt = -1;
  pingDueAt = 0;
  pushing = false;
  maxSeq = 0;
  pushReceived = 0;
  duplicated = 0;
  outOfOrder = 0;
  missing = null;
  statsSent = -1;
  closeDeadline = 0;
  /** Held to the end: the final phase closes it. */
  held = false;
  /** The planned drop happened (or can no longer happen). */
  dropDone = false;
  /** Opens a new attempt. */
  start(now) {
    this.attempts += 1;
    this.recorder.attempted();
    this.state = "connecting";
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
    socket.on("connect", () => {
      socket.write(upgradeRequest(this.config.path, this.config.hostHeader, this.key));
    });
    socket.on("data", (chunk) => this.onData(chunk));
    socket.on("error", (error) => {
      this.lastError ??= error;
      if (this.state === "open") this.end("error");
    });
    socket.on("close", () => this.onSocketClose());
  }
  onData(chunk) {
    if (this.state === "connecting") {
      this.head = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      const answer = parseUpgradeAnswer(this.head, this.key);
      if (answer === null) return;
      this.head = null;
      if (answer.kind === "refused") {
        this.refusedStatus = answer.status;
        this.socket?.destroy();
      } else if (answer.kind === "bad") {
        this.failKind = "bad-handshake";
        this.socket?.destroy();
      } else {
        this.opened(answer.rest);
      }
      return;
    }
    this.parser?.push(chunk);
  }
  opened(rest) {
    const now = performance.now();
    this.state = "open";
    this.recorder.upgraded(this.attempts > 1);
    this.parser = new FrameParser(this);
    this.pingDueAt = now + this.config.pingIntervalMs;
    if (this.push && this.config.pushRateMps > 0) {
      this.pushing = true;
      this.sendText(`{"op":"push","rateMps":${this.config.pushRateMps}}`);
    }
    if (this.dropKind === "server" && !this.dropDone) {
      this.dropRequested = true;
      this.sendText(`{"op":"drop-me","afterMs":${Math.max(0, Math.round(this.dropAt - now))}}`);
    }
    if (rest.length > 0) this.parser.push(rest);
  }
  send(opcode, payload) {
    if (this.socket && !this.socket.destroyed)
      this.socket.write(encodeClientFrame(opcode, payload));
  }
  sendText(text) {
    this.send(OPCODE.text, Buffer.from(text, "utf8"));
  }
  /**
   * Decides how this upgraded connection ended (first call wins): a drop by `cause` during the hold,
   * nothing in the final phase (it was counted as held to the end).
   */
  end(cause) {
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
  onSocketClose() {
    const wasOpen = this.state === "open" || this.state === "closing";
    if (!wasOpen) {
      if (this.refusedStatus > 0) this.recorder.refused(this.refusedStatus);
      else this.recorder.failed(this.failKind ?? errorKind(this.lastError));
    } else {
      this.end(this.lastError ? "error" : "unexpected-close");
      if (this.held && this.pushing && this.statsSent < 0) this.recorder.pushUnreported();
    }
    this.socket = null;
    this.parser = null;
    this.state = "idle";
    const retry = wasOpen ? this.cause === "unexpected-close" || this.cause === "error" : this.attempts > 1 && this.failKind !== "hold-ended";
    this.recorder.ended(this, retry);
  }
  /** Called on every shared tick (monotonic ms). */
  tick(now) {
    const socket = this.socket;
    if (!socket) return;
    if (this.state === "connecting") {
      if (now >= this.deadlineAt) {
        this.failKind = "timeout";
        socket.destroy();
      }
      return;
    }
    if (this.state === "closing") {
      if (now >= this.closeDeadline) socket.destroy();
      return;
    }
    if (this.pingSentAt >= 0 && now - this.pingSentAt > this.config.pongTimeoutMs) {
      this.pingSentAt = -1;
      this.recorder.pingLost();
      if (!this.held) {
        this.end("error");
        socket.destroy();
        return;
      }
    }
    if (this.held) {
      if (this.pingSentAt < 0 && (!this.pushing || this.statsSent >= 0))
        this.close(now, 1e3, "hold ended");
      return;
    }
    if (this.dropKind === "client" && !this.dropDone && now >= this.dropAt) {
      this.dropDone = true;
      this.end("client-planned");
      this.close(now, 1e3, "client-planned drop");
      return;
    }
    if (this.pingSentAt < 0 && now >= this.pingDueAt) {
      this.pingSeq = this.pingSeq + 1 >>> 0;
      const payload = Buffer.allocUnsafe(PING_PAYLOAD_BYTES);
      payload.writeUInt32BE(this.pingSeq, 0);
      this.pingSentAt = now;
      this.pingDueAt = now + this.config.pingIntervalMs;
      this.recorder.pingSent();
      this.send(OPCODE.ping, payload);
    }
  }
  /** The hold ended with this connection open: counted as held; ask the final push count. */
  holdEnded(now) {
    if (this.state !== "open" || this.settled) return false;
    this.held = true;
    this.closeDeadline = now;
    if (this.pushing) this.sendText('{"op":"stats"}');
    return true;
  }
  /** Gives up on whatever this slot still does (the run's hard end). */
  abort() {
    if (this.state === "connecting") this.failKind = "hold-ended";
    this.socket?.destroy();
  }
  /** An attempt still in progress or a socket still open. */
  get busy() {
    return this.socket !== null;
  }
  close(now, code, reason) {
    this.state = "closing";
    this.closeDeadline = now + 2e3;
    this.send(OPCODE.close, closePayload(code, reason));
  }
  // FrameHandler
  onText(text) {
    if (text.startsWith('{"seq":')) {
      this.onPush(Number.parseInt(text.slice(7), 10));
      return;
    }
    let message;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.op === "stats" && typeof message.sent === "number" && this.statsSent < 0) {
      this.statsSent = message.sent;
      if (this.held) this.reportPushes();
    }
  }
  onPush(seq) {
    if (!Number.isInteger(seq) || seq < 1) return;
    this.pushReceived += 1;
    if (seq === this.maxSeq + 1) {
      this.maxSeq = seq;
    } else if (seq > this.maxSeq) {
      this.missing ??= /* @__PURE__ */ new Set();
      for (let s = this.maxSeq + 1; s < seq; s++) this.missing.add(s);
      this.maxSeq = seq;
    } else if (this.missing?.delete(seq)) {
      this.outOfOrder += 1;
    } else {
      this.duplicated += 1;
    }
  }
  reportPushes() {
    const sent = this.statsSent;
    const distinct = Math.min(this.maxSeq, sent) - (this.missing?.size ?? 0);
    this.recorder.pushReport({
      sent,
      received: this.pushReceived,
      lost: Math.max(0, sent - distinct),
      duplicated: this.duplicated,
      outOfOrder: this.outOfOrder
    });
  }
  onBinary() {
  }
  onPing(payload) {
    this.send(OPCODE.pong, payload);
  }
  onPong(payload) {
    if (this.pingSentAt < 0 || payload.length !== PING_PAYLOAD_BYTES) return;
    if (payload.readUInt32BE(0) !== this.pingSeq) return;
    const rttUs = Math.max(1, Math.round((performance.now() - this.pingSentAt) * 1e3));
    this.pingSentAt = -1;
    this.recorder.pong(rttUs);
  }
  onClose(code) {
    const now = performance.now();
    if (this.state === "closing") {
      this.socket?.end();
      return;
    }
    const planned = code === SERVER_DROP_CLOSE_CODE && this.dropRequested;
    if (planned) this.dropDone = true;
    this.end(planned ? "server-planned" : "unexpected-close");
    this.close(now, code ?? 1e3, "");
    this.socket?.end();
  }
  onProtocolError() {
    this.lastError ??= Object.assign(new Error("protocol error"), { code: "EPROTO" });
    this.end("error");
    this.socket?.destroy();
  }
};

// src/replay/hold/run.ts
var HOLD_RESULT_FILE = "hold.json";
var NOFILE_MARGIN = 64;
var TICK_MS = 25;
var CAUSES = [
  "client-planned",
  "server-planned",
  "unexpected-close",
  "error"
];
function noDrops() {
  return { "client-planned": 0, "server-planned": 0, "unexpected-close": 0, error: 0 };
}
function spread(n, share2, taken = /* @__PURE__ */ new Set()) {
  const free = [];
  for (let i = 0; i < n; i++) if (!taken.has(i)) free.push(i);
  const want = Math.floor(n * share2);
  if (want === 0 || free.length === 0) return [];
  const rate2 = Math.min(1, want / free.length);
  return free.filter((_, k) => Math.floor((k + 1) * rate2) > Math.floor(k * rate2));
}
function hostHeader(options) {
  if (options.domain) return options.domain;
  const host = options.target.host.includes(":") ? `[${options.target.host}]` : options.target.host;
  return options.target.port === 80 ? host : `${host}:${options.target.port}`;
}
function settingsOf(o) {
  const host = o.target.host.includes(":") ? `[${o.target.host}]` : o.target.host;
  return {
    target: `ws://${host}:${o.target.port}`,
    path: o.path,
    domain: o.domain,
    connections: o.connections,
    hatchRateCps: o.hatchRateCps,
    holdMs: o.holdMs,
    pingIntervalMs: o.pingIntervalMs,
    pongTimeoutMs: o.pongTimeoutMs,
    pushRateMps: o.pushRateMps,
    pushShare: o.pushShare,
    serverDropShare: o.serverDropShare,
    clientDropShare: o.clientDropShare,
    reconnectAttempts: o.reconnectAttempts,
    reconnectBackoffMs: o.reconnectBackoffMs
  };
}
async function checkNoFile(connections) {
  const limit = await readNoFileLimit() ?? { soft: Infinity, hard: Infinity };
  if (connections > limit.soft - NOFILE_MARGIN)
    throw new ConfigError(
      `${connections} connections need more open files than this process may have (soft limit ${limit.soft}, hard ${limit.hard}, ${NOFILE_MARGIN} kept for the rest).`,
      {
        input: "connections",
        value: connections,
        hint: limit.hard - NOFILE_MARGIN >= connections ? `Raise the limit in the shell that starts waf-gate: ulimit -n ${limit.hard}` : `Give at most ${Math.max(0, limit.soft - NOFILE_MARGIN)} connections, or raise the hard limit (ulimit -Hn as root, LimitNOFILE= in a systemd unit).`
      }
    );
  return limit;
}
var Recorder = class {
  phase = "hold";
  attemptedCount = 0;
  upgradedCount = 0;
  reconnectedCount = 0;
  heldToEnd = 0;
  open = 0;
  refusedByStatus = {};
  failedByError = {};
  droppedByCause = noDrops();
  histogram = createHistogram();
  pingsSent = 0;
  pongs = 0;
  pingsLost = 0;
  push = { sent: 0, received: 0, lost: 0, duplicated: 0, outOfOrder: 0 };
  pushUnreportedCount = 0;
  windows = [];
  windowBase;
  onEnded = () => void 0;
  constructor(startMs) {
    this.windowBase = Math.floor(startMs / 1e3) * 1e3;
    this.window(startMs);
  }
  /** The window of wall-clock `nowMs`, opening the ones in between (their `open` from the last). */
  window(nowMs) {
    const index = Math.floor((nowMs - this.windowBase) / 1e3);
    while (this.windows.length <= index)
      this.windows.push({
        startMs: this.windowBase + this.windows.length * 1e3,
        open: this.open,
        droppedByCause: noDrops()
      });
    return this.windows[index];
  }
  /** Records the open count of the current window (called every tick, so a window keeps its last). */
  sample(nowMs) {
    this.window(nowMs).open = this.open;
  }
  attempted() {
    this.attemptedCount += 1;
  }
  upgraded(reconnect) {
    this.upgradedCount += 1;
    this.open += 1;
    if (reconnect) this.reconnectedCount += 1;
  }
  refused(status) {
    this.refusedByStatus[status] = (this.refusedByStatus[status] ?? 0) + 1;
  }
  failed(kind) {
    this.failedByError[kind] = (this.failedByError[kind] ?? 0) + 1;
  }
  dropped(cause) {
    this.droppedByCause[cause] += 1;
    this.window(Date.now()).droppedByCause[cause] += 1;
    this.open -= 1;
  }
  pingSent() {
    this.pingsSent += 1;
  }
  pong(rttUs) {
    this.pongs += 1;
    this.histogram.recordValue(rttUs);
  }
  pingLost() {
    this.pingsLost += 1;
  }
  pushReport(r) {
    this.push.sent += r.sent;
    this.push.received += r.received;
    this.push.lost += r.lost;
    this.push.duplicated += r.duplicated;
    this.push.outOfOrder += r.outOfOrder;
  }
  pushUnreported() {
    this.pushUnreportedCount += 1;
  }
  ended(conn, retry) {
    this.onEnded(conn, retry);
  }
};
async function runHold(options, deps) {
  const { logger, signal } = deps;
  const noFileLimit = await checkNoFile(options.connections);
  const outDir = resolve4(options.outDir);
  await mkdir2(outDir, { recursive: true });
  const config = {
    host: options.target.host,
    port: options.target.port,
    hostHeader: hostHeader(options),
    path: options.path,
    connectTimeoutMs: options.connectTimeoutMs,
    pingIntervalMs: options.pingIntervalMs,
    pongTimeoutMs: options.pongTimeoutMs,
    pushRateMps: options.pushRateMps
  };
  const n = options.connections;
  const startedAt = /* @__PURE__ */ new Date();
  const t0 = performance.now();
  const rampMs = n <= 1 ? 0 : (n - 1) / options.hatchRateCps * 1e3;
  let holdEnd = t0 + rampMs + options.holdMs;
  const holdStart = t0 + rampMs;
  const graceMs = options.pongTimeoutMs + 3e3;
  const recorder = new Recorder(startedAt.getTime());
  const serverDrops = spread(n, options.serverDropShare);
  const clientDrops = spread(n, options.clientDropShare, new Set(serverDrops));
  const pushes = new Set(options.pushRateMps > 0 ? spread(n, options.pushShare) : []);
  const dropOf = /* @__PURE__ */ new Map();
  serverDrops.forEach(
    (i, k) => dropOf.set(i, {
      kind: "server",
      at: holdStart + (k + 1) / (serverDrops.length + 1) * options.holdMs
    })
  );
  clientDrops.forEach(
    (i, k) => dropOf.set(i, {
      kind: "client",
      at: holdStart + (k + 1) / (clientDrops.length + 1) * options.holdMs
    })
  );
  const slots = [];
  for (let i = 0; i < n; i++) {
    const drop = dropOf.get(i);
    slots.push(
      new HoldConnection(i, config, recorder, pushes.has(i), drop?.kind ?? null, drop?.at ?? 0)
    );
  }
  recorder.onEnded = (conn, retry) => {
    if (!retry || recorder.phase !== "hold") return;
    if (conn.reconnectsUsed >= options.reconnectAttempts) return;
    const backoff = options.reconnectBackoffMs * 2 ** conn.reconnectsUsed;
    conn.reconnectsUsed += 1;
    const at = performance.now() + backoff;
    if (at < holdEnd) conn.nextAttemptAt = at;
  };
  const rssBefore = process.memoryUsage().rss;
  let rssPerConnection = null;
  const rssAt = holdStart + Math.min(1e3, options.holdMs / 2);
  let opened = 0;
  let finalDeadline = Infinity;
  let nextProgress = options.progressIntervalMs > 0 ? t0 + options.progressIntervalMs : Infinity;
  const onAbort = () => {
    holdEnd = Math.min(holdEnd, performance.now());
  };
  signal?.addEventListener("abort", onAbort, { once: true });
  if (signal?.aborted) onAbort();
  logger.info(
    `Hold: ${n} WebSocket connection(s) to ${settingsOf(options).target}${options.path} (Host ${config.hostHeader}), ramp ${Math.round(rampMs)} ms, hold ${options.holdMs} ms, ping every ${options.pingIntervalMs} ms.`
  );
  await new Promise((done) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (recorder.phase === "hold") {
        const due = Math.min(n, Math.floor((now - t0) / 1e3 * options.hatchRateCps) + 1);
        while (opened < due && now < holdEnd) slots[opened++].start(now);
        if (rssPerConnection === null && now >= rssAt && recorder.open > 0)
          rssPerConnection = Math.max(
            0,
            Math.round((process.memoryUsage().rss - rssBefore) / recorder.open)
          );
        if (now >= holdEnd) {
          recorder.phase = "final";
          finalDeadline = now + graceMs;
          for (const slot of slots) {
            slot.nextAttemptAt = -1;
            if (slot.holdEnded(now)) recorder.heldToEnd += 1;
            else if (slot.busy && slot.state === "connecting") slot.abort();
          }
        }
      }
      for (const slot of slots) {
        if (slot.nextAttemptAt >= 0 && now >= slot.nextAttemptAt && recorder.phase === "hold")
          slot.start(now);
        else slot.tick(now);
      }
      recorder.sample(Date.now());
      if (now >= nextProgress) {
        nextProgress = now + options.progressIntervalMs;
        logger.info(
          `hold: ${recorder.open} open, ${recorder.attemptedCount} attempted, dropped ${HOLD_DROP_CAUSES.map((c) => `${c} ${recorder.droppedByCause[c]}`).join(", ")}, ${recorder.reconnectedCount} reconnected, ${recorder.pingsLost} heartbeat(s) lost`
        );
      }
      if (recorder.phase === "final") {
        if (now >= finalDeadline) for (const slot of slots) slot.abort();
        if (slots.every((s) => !s.busy) || now >= finalDeadline + 2e3) {
          clearInterval(timer);
          done();
        }
      }
    }, TICK_MS);
  });
  signal?.removeEventListener("abort", onAbort);
  const result = {
    schema: "waf-gate/hold@1",
    startedAt: startedAt.toISOString(),
    endedAt: (/* @__PURE__ */ new Date()).toISOString(),
    settings: settingsOf(options),
    counts: {
      attempted: recorder.attemptedCount,
      upgraded: recorder.upgradedCount,
      refusedByStatus: recorder.refusedByStatus,
      failedByError: recorder.failedByError,
      heldToEnd: recorder.heldToEnd,
      droppedByCause: recorder.droppedByCause,
      reconnected: recorder.reconnectedCount
    },
    windows: recorder.windows,
    heartbeat: {
      sent: recorder.pingsSent,
      answered: recorder.pongs,
      lost: recorder.pingsLost,
      rtt: summarizeHistogram(recorder.histogram),
      rttHistogram: encodeHistogram(recorder.histogram)
    },
    push: {
      ...recorder.push,
      ...recorder.pushUnreportedCount > 0 ? { unreportedConnections: recorder.pushUnreportedCount } : {}
    },
    client: {
      // JSON has no Infinity ("unlimited", or no /proc to read): the largest safe integer stands in.
      noFileLimit: {
        soft: Math.min(noFileLimit.soft, Number.MAX_SAFE_INTEGER),
        hard: Math.min(noFileLimit.hard, Number.MAX_SAFE_INTEGER)
      },
      rssBytesPerConnection: rssPerConnection
    }
  };
  const path = await writeHoldResult(outDir, result);
  logger.info(`Hold results written to ${path}.`);
  return result;
}
async function writeHoldResult(dir, result) {
  await mkdir2(dir, { recursive: true });
  const path = join4(dir, HOLD_RESULT_FILE);
  await writeJsonFile(path, result);
  return path;
}
var HOLD_DROP_CAUSES = CAUSES;

// src/replay/hold/print.ts
function counts(record) {
  const entries = Object.entries(record).filter(([, v]) => v > 0);
  return entries.length === 0 ? "none" : entries.map(([k, v]) => `${k} ${v}`).join(", ");
}
function ms2(us) {
  return `${(us / 1e3).toFixed(us < 1e4 ? 2 : 1)} ms`;
}
function rows2(r) {
  const c = r.counts;
  const hb = r.heartbeat;
  const p = r.push;
  const rows3 = [
    [
      "target",
      `${r.settings.target}${r.settings.path}${r.settings.domain ? ` (Host ${r.settings.domain})` : ""}`
    ],
    [
      "connections",
      `${r.settings.connections}, ramp ${r.settings.hatchRateCps}/s, hold ${r.settings.holdMs / 1e3} s`
    ],
    ["attempted", String(c.attempted)],
    ["upgraded", String(c.upgraded)],
    ["refused (status)", counts(c.refusedByStatus)],
    ["failed (error)", counts(c.failedByError)],
    ["held to the end", String(c.heldToEnd)],
    ["dropped", counts(c.droppedByCause)],
    ["reconnected", String(c.reconnected)],
    [
      "heartbeats",
      `${hb.sent} sent, ${hb.answered} answered, ${hb.lost} lost` + (hb.rtt.count > 0 ? `; RTT p50 ${ms2(hb.rtt.p50Us)}, p99 ${ms2(hb.rtt.p99Us)}, max ${ms2(hb.rtt.maxUs)}` : "")
    ]
  ];
  if (r.settings.pushRateMps > 0)
    rows3.push([
      "pushes",
      `${p.sent} sent, ${p.received} received, ${p.lost} lost, ${p.duplicated} duplicated, ${p.outOfOrder} out of order` + (p.unreportedConnections ? `; ${p.unreportedConnections} connection(s) without the origin's count` : "")
    ]);
  rows3.push([
    "client",
    `open files limit ${r.client.noFileLimit.soft}/${r.client.noFileLimit.hard} (soft/hard), ` + (r.client.rssBytesPerConnection === null ? "RSS per connection not measured" : `RSS ${(r.client.rssBytesPerConnection / 1024).toFixed(1)} KiB per held connection`)
  ]);
  return rows3;
}
function formatHoldBlock(result) {
  const lines = rows2(result);
  const width = Math.max(...lines.map(([label]) => label.length));
  return `${lines.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n")}
`;
}
function formatHoldMarkdown(result) {
  const escape = (s) => s.replace(/\|/g, "\\|");
  return [
    "### WebSocket hold",
    "",
    "| | |",
    "|---|---|",
    ...rows2(result).map(([label, value]) => `| ${escape(label)} | ${escape(value)} |`),
    ""
  ].join("\n");
}

export {
  readNoFileLimit,
  parseCorpusSpec,
  readFromCopy,
  REPLAY_SCHEMA,
  REPLAY_INPUTS,
  parseTarget,
  replayOptions,
  parseReplayOptions,
  loadCorpus,
  targetUrl,
  probeTarget,
  formatStatsBlock,
  formatStatsMarkdown,
  REPLAY_RESULT_FILE,
  runReplay,
  mergeReplayFiles,
  formatShardsText,
  formatShardsMarkdown,
  holdOptions,
  parseHoldOptions,
  holdSettingsFrom,
  HOLD_RESULT_FILE,
  runHold,
  formatHoldBlock,
  formatHoldMarkdown
};
