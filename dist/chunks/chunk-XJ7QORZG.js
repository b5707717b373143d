import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  INSTALL_INPUTS,
  INSTALL_SCHEMA,
  defaultRunId,
  loadConfigFile,
  mergeRawInputs,
  newRunId,
  openInstallHost,
  parseInstallOptions,
  rawInputsFrom,
  readState,
  restoreFromStateFile,
  runInstall
} from "./chunk-JTHWYULW.js";
import {
  HOLD_RESULT_FILE,
  REPLAY_SCHEMA,
  holdOptions,
  holdSettingsFrom,
  parseCorpusSpec,
  parseTarget,
  probeTarget,
  replayOptions,
  runHold,
  runReplay,
  targetUrl
} from "./chunk-OX7RDG3B.js";
import {
  roundValues
} from "./chunk-64BEH4VU.js";
import {
  parseShaping
} from "./chunk-MBWXRAFT.js";
import {
  collectOptions,
  parseGroups,
  startCollection
} from "./chunk-EZWERAWO.js";
import {
  HOST_SCHEMA,
  SSH_INPUT_NAMES,
  formatHostSpec,
  parseHostSpec
} from "./chunk-QEATW52E.js";
import {
  ConfigError,
  WafGateError,
  isWafGateError,
  optionNames,
  parseOptions,
  writeJsonFile
} from "./chunk-QC4E7EMN.js";

// src/pipeline/pipeline.ts
import { mkdir } from "node:fs/promises";
import { setTimeout as setTimeout2 } from "node:timers/promises";
import { join as join3 } from "node:path";

// src/install/nginx-dump.ts
import { posix } from "node:path";

// src/install/nginx-tokens.ts
var BLANK = /* @__PURE__ */ new Set([" ", "	", "\r", "\n"]);
function unescape(raw) {
  return raw.replace(
    /\\(["'\\tnr])/g,
    (_all, ch) => ch === "t" ? "	" : ch === "n" ? "\n" : ch === "r" ? "\r" : ch
  );
}
function tokenize(text, file) {
  const tokens = [];
  let line = 1;
  let i = 0;
  const fail = (message, at) => {
    throw new ConfigError(message, { file, line: at });
  };
  while (i < text.length) {
    const ch = text[i];
    if (BLANK.has(ch)) {
      if (ch === "\n") line++;
      i++;
      continue;
    }
    if (ch === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (ch === ";" || ch === "{" || ch === "}") {
      tokens.push({ punct: ch, line });
      i++;
      continue;
    }
    const start = line;
    if (ch === '"' || ch === "'") {
      let j2 = i + 1;
      while (j2 < text.length && text[j2] !== ch) {
        if (text[j2] === "\\") j2++;
        if (text[j2] === "\n") line++;
        j2++;
      }
      if (j2 >= text.length) fail(`Unterminated ${ch} quoted string in nginx configuration`, start);
      tokens.push({ text: unescape(text.slice(i + 1, j2)), line: start });
      i = j2 + 1;
      const next = text[i];
      if (next !== void 0 && !BLANK.has(next) && !";{)".includes(next)) {
        fail(`Unexpected "${next}" after a quoted string in nginx configuration`, line);
      }
      continue;
    }
    let j = i;
    let variable = false;
    while (j < text.length) {
      const c = text[j];
      if (c === "\\") {
        if (text[j + 1] === "\n") line++;
        j += 2;
        variable = false;
        continue;
      }
      if (c === "{" && variable) {
        j++;
        continue;
      }
      variable = c === "$";
      if (BLANK.has(c) || c === ";" || c === "{") break;
      j++;
    }
    tokens.push({ text: unescape(text.slice(i, Math.min(j, text.length))), line: start });
    i = j;
  }
  return tokens;
}
function parseNginxConfig(text, file) {
  const tokens = tokenize(text, file);
  const root = [];
  const stack = [{ list: root, line: 0 }];
  let words = [];
  for (const token of tokens) {
    if ("text" in token) {
      words.push(token);
      continue;
    }
    const current = stack[stack.length - 1];
    if (token.punct === "}") {
      if (words.length > 0) {
        throw new ConfigError(`Unexpected "}" after "${words[0].text}" (missing ";"?)`, {
          file,
          line: token.line
        });
      }
      if (stack.length === 1) throw new ConfigError('Unexpected "}"', { file, line: token.line });
      stack.pop();
      continue;
    }
    const [name, ...args] = words;
    if (name === void 0) {
      throw new ConfigError(`Unexpected "${token.punct}"`, { file, line: token.line });
    }
    const directive = {
      name: name.text,
      args: args.map((w) => w.text),
      line: name.line
    };
    current.list.push(directive);
    words = [];
    if (token.punct === "{") {
      directive.block = [];
      stack.push({ list: directive.block, line: name.line });
    }
  }
  if (words.length > 0) {
    throw new ConfigError(`Unexpected end of file after "${words[0].text}" (missing ";")`, {
      file,
      line: words[words.length - 1].line
    });
  }
  if (stack.length > 1) {
    throw new ConfigError(
      `Unexpected end of file: the block opened on line ${stack[stack.length - 1].line} is not closed`,
      { file }
    );
  }
  return root;
}

// src/install/nginx-dump.ts
var HEADER = /^# configuration file (.+):$/;
function splitDump(text, source) {
  const lines = text.split("\n");
  const files = [];
  let current;
  const flush = () => {
    if (current === void 0) return;
    if (current.body.length > 0 && current.body[current.body.length - 1] === "") current.body.pop();
    files.push({ path: current.path, text: current.body.join("\n"), dumpLine: current.start });
  };
  lines.forEach((line, index) => {
    const header = HEADER.exec(line.replace(/\r$/, ""));
    if (header) {
      flush();
      current = { path: header[1], start: index + 2, body: [] };
    } else current?.body.push(line);
  });
  flush();
  if (files.length === 0) {
    throw new ConfigError(
      'This is not `nginx -T` output: no "# configuration file <path>:" line was found',
      { file: source, hint: "Save the dump with `nginx -T > nginx-dump.txt` (as root)." }
    );
  }
  return files;
}
function globRegex(pattern) {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*") out += "[^/]*";
    else if (ch === "?") out += "[^/]";
    else if (ch === "[") {
      const end = pattern.indexOf("]", i + 2);
      if (end === -1) out += "\\[";
      else {
        const body = pattern.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\");
        out += `[${body}]`;
        i = end;
      }
    } else out += ch.replace(/[.+^${}()|\\\]]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}
var byteOrder = (a, b) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
};
function parseListen(args) {
  const address = args[0] ?? "";
  let port = null;
  if (!address.startsWith("unix:")) {
    const portText = /^\d+$/.test(address) ? address : /:(\d+)$/.exec(address)?.[1] ?? "80";
    port = Number(portText);
  }
  const flags = args.slice(1);
  return {
    address,
    port,
    defaultServer: flags.includes("default_server") || flags.includes("default"),
    ssl: flags.includes("ssl") || flags.includes("quic")
  };
}
function collectServerBlocks(files) {
  const main = files[0];
  if (main === void 0) return { servers: [], notes: [] };
  const parsed = /* @__PURE__ */ new Map();
  const parse = (file) => {
    let tree = parsed.get(file.path);
    if (tree === void 0) {
      tree = parseNginxConfig(file.text, file.path);
      parsed.set(file.path, tree);
    }
    return tree;
  };
  const byPath = new Map(files.map((f) => [f.path, f]));
  const confDir = posix.dirname(main.path);
  const servers = [];
  const notes = [];
  const including = [];
  const resolveInclude = (pattern) => {
    const full = posix.isAbsolute(pattern) ? pattern : posix.join(confDir, pattern);
    if (!/[*?[]/.test(full)) {
      const file = byPath.get(full);
      return file === void 0 ? [] : [file];
    }
    const regex = globRegex(full);
    return files.filter((f) => regex.test(f.path)).sort((a, b) => byteOrder(a.path, b.path));
  };
  const walk = (list, file, context, server) => {
    for (const d of list) {
      if (d.name === "include" && d.args.length === 1) {
        const pattern = d.args[0];
        const targets = resolveInclude(pattern);
        if (targets.length === 0 && !/[*?[]/.test(pattern)) {
          notes.push(`${file}:${d.line}: include ${pattern} is not in the dump (left out)`);
        }
        for (const target of targets) {
          if (including.includes(target.path)) {
            throw new ConfigError(`include ${pattern} includes itself (${target.path})`, {
              file,
              line: d.line
            });
          }
          including.push(target.path);
          walk(parse(target), target.path, context, server);
          including.pop();
        }
        continue;
      }
      if (context === "main" && d.name === "http" && d.block) {
        walk(d.block, file, "http");
      } else if (context === "http" && d.name === "server" && d.block && d.args.length === 0) {
        const block = { file, line: d.line, names: [], listens: [] };
        servers.push(block);
        walk(d.block, file, "server", block);
      } else if (context === "server" && server !== void 0) {
        if (d.name === "server_name") {
          for (const name of d.args) server.names.push({ name, file, line: d.line });
        } else if (d.name === "listen" && d.args.length > 0) {
          server.listens.push(parseListen(d.args));
        }
      }
    }
  };
  including.push(main.path);
  walk(parse(main), main.path, "main");
  return { servers, notes };
}

// src/install/nginx-run.ts
import { readFile, stat } from "node:fs/promises";
import { posix as posix2 } from "node:path";
var MAX_DUMP_BYTES = 64 * 1024 * 1024;
function checkAbsolute(input, value) {
  if (!posix2.isAbsolute(value) || value.includes("\0") || value.includes("\n")) {
    throw new ConfigError(`${input} must be an absolute path on the WAF host`, {
      input,
      value,
      hint: "Give the full path, e.g. /etc/nginx/nginx.conf."
    });
  }
}
function checkBinary(value) {
  if (value === "" || value.startsWith("-") || value.includes("\0") || value.includes("\n"))
    throw new ConfigError("nginx-binary must be an absolute path or a program name", {
      input: "nginx-binary",
      value
    });
  if (value.includes("/")) checkAbsolute("nginx-binary", value);
}
function stderrLines(stderr, max = 5) {
  return stderr.split("\n").map((l) => l.trim().replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d (\[\w+\]) \d+#\d+: /, "$1 ")).filter((l) => l !== "" && !/syntax is ok$|test is successful$/.test(l)).slice(0, max);
}
async function runNginxDump(host, options) {
  const binary = options.nginxBinary ?? "nginx";
  checkBinary(binary);
  const args = ["-T"];
  if (options.prefix !== void 0) {
    checkAbsolute("nginx-prefix", options.prefix);
    args.push("-p", options.prefix);
  }
  if (options.configFile !== void 0) {
    checkAbsolute("nginx-config", options.configFile);
    args.push("-c", options.configFile);
  }
  const shown = [binary, ...args].join(" ");
  const context = { host: host.name, command: shown };
  let result;
  try {
    result = await host.exec(binary, args, {
      allowFailure: true,
      timeoutMs: options.timeoutMs ?? 3e4,
      ...options.signal ? { signal: options.signal } : {}
    });
  } catch (error) {
    if (isWafGateError(error) && error.code === "E_EXEC_NOT_FOUND") {
      throw new WafGateError("E_NGINX_DUMP", `nginx was not found on ${host.name}: ${binary}`, {
        context,
        cause: error,
        hint: "Set nginx-binary to the nginx the WAF runs (e.g. /usr/sbin/nginx)."
      });
    }
    throw error;
  }
  if (result.exitCode !== 0) {
    const lines = stderrLines(result.stderr);
    const denied = /permission denied|\(13:/i.test(result.stderr);
    throw new WafGateError(
      "E_NGINX_DUMP",
      `${shown} failed on ${host.name} (exit ${result.exitCode ?? result.signal ?? "?"}): ${lines.join(" | ") || "no message"}`,
      {
        context,
        hint: denied ? "nginx -T reads every file the configuration names (certificates, logs): run as root on the WAF host, or save the dump there as root (`nginx -T > nginx-dump.txt`) and give it as nginx-dump." : "Fix the configuration so `nginx -t` passes on the WAF host, or give a saved dump as nginx-dump."
      }
    );
  }
  const warnings = stderrLines(result.stderr, 50).filter((l) => !/\[(notice|info|debug)\]/.test(l));
  return { text: result.stdout, warnings };
}
async function readDumpFile(path) {
  const info = await stat(path).catch((error) => {
    throw new ConfigError(`Cannot read the nginx dump file: ${error.message}`, {
      input: "nginx-dump",
      value: path,
      cause: error
    });
  });
  if (!info.isFile() || info.size > MAX_DUMP_BYTES) {
    throw new ConfigError(
      `The nginx dump must be a file of at most ${MAX_DUMP_BYTES / 1024 / 1024} MiB`,
      { input: "nginx-dump", value: path }
    );
  }
  return readFile(path, "utf8");
}

// src/install/server-name-kinds.ts
var LABEL = "[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?";
var HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
function isHostName(name) {
  return name.length <= 253 && name !== "_" && HOST_NAME.test(name);
}
function isLocal(name) {
  return name === "localhost" || name === "localhost.localdomain" || name === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}
function normalizeServerName(name) {
  if (name.startsWith("~")) return name;
  const lower = name.toLowerCase();
  return lower.length > 1 && lower.endsWith(".") ? lower.slice(0, -1) : lower;
}
function classifyServerName(name) {
  if (name.startsWith("~")) return "regex";
  if (name === "") return "empty";
  if (name.startsWith("$")) return "variable";
  if (name.includes("*") || name.startsWith(".")) return "wildcard";
  if (isLocal(name)) return "local";
  if (/^\[[0-9a-f:.]+\]$/.test(name)) return "exact";
  return isHostName(name) ? "exact" : "invalid";
}
function skipReason(name, kind) {
  const sample = `give a sample host for ${JSON.stringify(name)}`;
  switch (kind) {
    case "wildcard":
      return `a wildcard matches many hosts: ${sample}`;
    case "regex":
      return `a regular expression matches many hosts: ${sample}`;
    case "empty":
      return "matches requests without a Host header, which replay does not send";
    case "invalid":
      return `not a host name (nginx's catch-all convention "_" or a typo): ${sample} to replay it`;
    case "local":
      return `a loopback name (a stock default site): ${sample} to replay it`;
    case "variable":
      return `the WAF machine's own name: ${sample}`;
    case "exact":
      return "replayed";
  }
}
function sampleMatches(pattern, host) {
  if (pattern.startsWith("~")) {
    const source = pattern.slice(1).replace(/\(\?P</g, "(?<");
    try {
      return new RegExp(source, /[A-Z]/.test(source) ? "i" : "").test(host);
    } catch {
      return null;
    }
  }
  if (pattern.startsWith(".")) return host === pattern.slice(1) || host.endsWith(pattern);
  if (pattern.startsWith("*."))
    return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  if (pattern.endsWith(".*")) {
    return host.startsWith(pattern.slice(0, -1)) && host.length > pattern.length - 1;
  }
  return host === pattern;
}

// src/install/server-names.ts
function listenKey(l) {
  if (l.port === null) return l.address;
  if (/^\d+$/.test(l.address)) return `*:${l.port}`;
  const host = l.address.replace(/:\d+$/, "");
  return `${host === "0.0.0.0" ? "*" : host}:${l.port}`;
}
function markDefaults(servers) {
  const implicit = { address: "*:80", port: 80, defaultServer: false, ssl: false };
  const keyed = servers.map((s) => s.listens.length > 0 ? s.listens : [implicit]);
  const keys = [...new Set(keyed.flat().map(listenKey))];
  for (const key of keys) {
    const listed = servers.filter((_s, i) => keyed[i].some((l) => listenKey(l) === key));
    const chosen = listed.find((s) => s.listens.some((l) => listenKey(l) === key && l.defaultServer)) ?? listed[0];
    chosen?.defaultFor.push(key);
  }
}
function parseServerNameSamples(text, input = "domain-samples") {
  const samples = {};
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const at = line.lastIndexOf("=");
    if (at <= 0 || at === line.length - 1) {
      throw new ConfigError(`Line ${index + 1}: a sample is server_name=host`, {
        input,
        value: line,
        hint: "For example: *.example.com=shop.example.com"
      });
    }
    samples[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  });
  return samples;
}
function serverNamesFromDump(text, source, samples = {}) {
  const { servers: raw, notes } = collectServerBlocks(splitDump(text, source));
  const servers = raw.map((s) => ({
    file: s.file,
    line: s.line,
    listens: s.listens,
    defaultFor: [],
    names: s.names.map((n) => {
      const name = normalizeServerName(n.name);
      return { name, kind: classifyServerName(name), file: n.file, line: n.line };
    })
  }));
  markDefaults(servers);
  const sampleFor = new Map(
    Object.entries(samples).map(([k, v]) => [
      normalizeServerName(k.trim()),
      v.trim().toLowerCase()
    ])
  );
  const used = /* @__PURE__ */ new Set();
  const domains = [];
  const skipped = [];
  const seen = /* @__PURE__ */ new Set();
  for (const n of servers.flatMap((s) => s.names)) {
    if (seen.has(n.name)) continue;
    seen.add(n.name);
    if (n.kind === "exact") {
      if (!domains.includes(n.name)) domains.push(n.name);
      continue;
    }
    const sample = sampleFor.get(n.name);
    if (sample === void 0) {
      skipped.push({ ...n, reason: skipReason(n.name, n.kind) });
      continue;
    }
    used.add(n.name);
    if (!isHostName(sample)) {
      throw new ConfigError(`The sample for server name ${n.name} is not a host name`, {
        input: "samples",
        value: sample
      });
    }
    const checkable = n.kind === "wildcard" || n.kind === "regex";
    if (checkable && sampleMatches(n.name, sample) === false) {
      throw new ConfigError(
        `The sample ${sample} does not match server name ${n.name} (${n.file}:${n.line})`,
        { input: "samples", value: sample, hint: "Give a host this server name matches." }
      );
    }
    if (!domains.includes(sample)) domains.push(sample);
  }
  const unused = [...sampleFor.keys()].filter((k) => !used.has(k));
  if (unused.length > 0) {
    throw new ConfigError(
      `A sample names no wildcard, regex or other skipped server name of the WAF: ${unused.join(", ")}`,
      {
        input: "samples",
        value: unused.join(", "),
        hint: `Key samples by the server_name as written; skipped names: ${skipped.map((s) => s.name || '""').join(", ") || "none"}.`
      }
    );
  }
  if (domains.length === 0) {
    throw new ConfigError(`The WAF configuration (${source}) names no host to replay`, {
      input: "domains",
      value: "from-config",
      hint: `Give samples for the skipped names (${skipped.map((s) => s.name || '""').join(", ") || "none found"}) or list the domains.`
    });
  }
  return { source, domains, skipped, servers, notes };
}
async function readServerNames(host, options = {}) {
  if (options.dumpFile !== void 0) {
    const text2 = await readDumpFile(options.dumpFile);
    return serverNamesFromDump(text2, options.dumpFile, options.samples);
  }
  const { text, warnings } = await runNginxDump(host, options);
  const result = serverNamesFromDump(text, `nginx -T on ${host.name}`, options.samples);
  result.notes.unshift(...warnings);
  return result;
}
function describeServerNames(found) {
  const lines = [`Domains from ${found.source}: ${found.domains.join(", ")}`];
  for (const s of found.skipped) {
    lines.push(
      `Skipped ${s.name === "" ? '""' : s.name} (${s.kind}, ${s.file}:${s.line}): ${s.reason}`
    );
  }
  for (const server of found.servers) {
    const listens = server.listens.map((l) => l.address).join(", ") || "*:80 (implicit)";
    const defaults = server.defaultFor.length > 0 ? ` (default server of ${server.defaultFor.join(", ")})` : "";
    const names = server.names.map((n) => n.name || '""').join(" ") || "(no server_name)";
    lines.push(`server ${server.file}:${server.line} listen ${listens}${defaults}: ${names}`);
  }
  return [...lines, ...found.notes.map((n) => `note: ${n}`)];
}

// src/pipeline/domains-from-config.ts
async function resolveConfigDomains(options, deps) {
  const settings = options.domainsFromConfig;
  if (settings === void 0) return { options };
  const readOptions = {
    nginxBinary: settings.nginxBinary,
    samples: settings.samples,
    ...settings.configFile !== void 0 ? { configFile: settings.configFile } : {},
    ...settings.prefix !== void 0 ? { prefix: settings.prefix } : {},
    ...deps.signal ? { signal: deps.signal } : {}
  };
  const host = await openInstallHost(
    settings.dumpFile !== void 0 ? "local" : options.collect?.host ?? "local",
    { ...options.collect?.ssh },
    deps.logger
  );
  let found;
  try {
    found = await readServerNames(host, {
      ...readOptions,
      ...settings.dumpFile !== void 0 ? { dumpFile: settings.dumpFile } : {}
    });
  } finally {
    await host.close();
  }
  for (const line of describeServerNames(found)) deps.logger.info(line);
  const pressure = settings.pressureOnFirstDomain ? { ...options.pressure, domain: found.domains[0] } : options.pressure;
  return {
    options: { ...options, domains: found.domains, pressure },
    record: {
      source: found.source,
      domains: found.domains,
      skipped: found.skipped.map((s) => ({ ...s }))
    }
  };
}

// src/pipeline/measure.ts
import { join, relative } from "node:path";
function collectInitFor(target, outDir, spec) {
  return {
    ...spec.collect,
    runId: spec.runId,
    label: target.label,
    accessLog: target.accessLog,
    outDir,
    stateDir: join(outDir, ".collect-state"),
    ...target.errorLog ? { errorLog: target.errorLog } : {},
    ...target.logFormat ? { logFormat: target.logFormat } : {},
    ...target.masterPidFile ? { masterPidFile: target.masterPidFile } : {},
    ...target.groups ? { groups: target.groups } : {}
  };
}
async function measure(target, runDir, spec, deps) {
  const outDir = join(runDir, spec.subDir);
  const collectInit = collectInitFor(target, outDir, spec);
  const collection = await startCollection(collectOptions(collectInit), {
    logger: deps.logger,
    ...deps.signal ? { signal: deps.signal } : {}
  });
  let replay;
  try {
    const options = replayOptions({
      ...spec.replay,
      target: target.address,
      outDir,
      runId: spec.runId,
      label: target.label
    });
    await collection.mark("load-start");
    replay = await runReplay(options, {
      logger: deps.logger,
      ...deps.signal ? { signal: deps.signal } : {}
    });
    await collection.mark("load-end");
  } catch (error) {
    await collection.abort().catch(() => void 0);
    throw error;
  }
  const replayFile = join(outDir, "replay.json");
  const collect = await collection.stop({ replayFile });
  return {
    replay,
    collect,
    replayFile: relative(runDir, replayFile),
    collectFile: relative(runDir, join(outDir, "collect.json"))
  };
}

// src/pipeline/round-check.ts
var DEFAULT_ROUND_CRITERIA = { maxErrorRate: 0.01, maxUnjoinedRate: 0.01 };
var LOG_MISSING = /* @__PURE__ */ new Set(["no-lines", "no-parse"]);
var pct = (share) => `${(share * 100).toFixed(share < 0.1 ? 2 : 1)} %`;
function roundFailures(replay, collect, criteria) {
  const reasons = [];
  const { sent, completed, errors } = replay.totals;
  if (sent === 0 || completed === 0) reasons.push("no completed requests");
  else if (errors / sent > criteria.maxErrorRate)
    reasons.push(
      `error rate ${pct(errors / sent)} (${errors} of ${sent}) above max-error-rate ${pct(criteria.maxErrorRate)}`
    );
  if (collect.crashes.length > 0) {
    const first = collect.crashes[0];
    reasons.push(
      `${collect.crashes.length} WAF process crash(es): pid ${first.pid} (${first.group})${first.signal ? ` ${first.signal}` : ""}`
    );
  }
  if (collect.stoppedBy !== void 0 && collect.stoppedBy !== "stop")
    reasons.push(`collection incomplete: stopped by ${collect.stoppedBy}`);
  if (collect.incomplete !== void 0)
    reasons.push(`collection incomplete: ${collect.incomplete}`);
  for (const m of collect.missing ?? [])
    if (m.metric === "access-log" && LOG_MISSING.has(m.code))
      reasons.push(`collection incomplete: ${m.reason}`);
  const join6 = collect.join;
  if (join6 !== void 0 && join6.sent > 0 && join6.missing / join6.sent > criteria.maxUnjoinedRate)
    reasons.push(
      `collection incomplete: ${join6.missing} of ${join6.sent} requests (${pct(join6.missing / join6.sent)}) have no access-log line (limit ${pct(criteria.maxUnjoinedRate)})`
    );
  return reasons;
}
async function healthProbe(target, timeoutMs, signal, tlsOptions = {}) {
  try {
    await probeTarget(target, timeoutMs, signal, tlsOptions);
    return null;
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof WafGateError && error.code === "E_TARGET_UNREACHABLE")
      return `health probe failed: ${error.message}`;
    throw error;
  }
}

// src/pipeline/round-log.ts
import { appendFile } from "node:fs/promises";
var ROUND_LOG_SCHEMA = "waf-gate/round-log@1";
function roundLogRecord(a, wafGroups) {
  const base = {
    schema: ROUND_LOG_SCHEMA,
    runId: a.runId,
    label: a.label,
    version: a.version,
    round: a.round,
    attempt: a.attempt,
    ok: a.reasons.length === 0,
    reasons: a.reasons,
    startedAt: new Date(a.startedAtMs).toISOString(),
    endedAt: new Date(a.endedAtMs).toISOString(),
    startedAtMs: a.startedAtMs,
    endedAtMs: a.endedAtMs,
    dir: a.dir
  };
  const replay = a.replay;
  if (replay === void 0)
    return {
      ...base,
      requests: null,
      rps: null,
      latencyP50Ms: null,
      latencyP99Ms: null,
      cpuMsPerRequest: null,
      cpuSource: null,
      rssBytes: null,
      crashes: a.collect ? a.collect.crashes.length : null
    };
  const hasLatency = replay.latency.summary.count > 0;
  let cpuMsPerRequest = null;
  let cpuSource = null;
  let rssBytes = null;
  const values = roundValues(
    { round: a.round, replay, collect: a.collect ?? null },
    wafGroups,
    /* @__PURE__ */ new Set()
  );
  if (typeof values !== "string") {
    if (!("missing" in values.exactCpu)) {
      cpuMsPerRequest = values.exactCpu.cpuMsPerRequest;
      cpuSource = "exact";
    } else if (values.values.has("cpuMsPerRequest")) {
      cpuMsPerRequest = values.values.get("cpuMsPerRequest");
      cpuSource = "sampled";
    }
    const all = [...values.groups];
    const named = all.filter(([name]) => wafGroups.includes(name));
    const waf = named.length > 0 ? named : all;
    if (waf.length > 0) rssBytes = waf.reduce((s, [, g]) => s + g.rssBytes, 0);
  }
  return {
    ...base,
    requests: {
      sent: replay.totals.sent,
      completed: replay.totals.completed,
      errors: replay.totals.errors
    },
    rps: replay.rps,
    latencyP50Ms: hasLatency ? replay.latency.summary.p50Us / 1e3 : null,
    latencyP99Ms: hasLatency ? replay.latency.summary.p99Us / 1e3 : null,
    cpuMsPerRequest,
    cpuSource,
    rssBytes,
    crashes: a.collect ? a.collect.crashes.length : null
  };
}
async function appendRoundLog(file, record) {
  await appendFile(file, `${JSON.stringify(record)}
`, "utf8");
}

// src/pipeline/hold-phase.ts
import { setTimeout } from "node:timers/promises";
import { join as join2, relative as relative2 } from "node:path";
var HOLD_SUB_DIR = "hold";
async function measureHold(target, runDir, spec, deps) {
  const outDir = join2(runDir, HOLD_SUB_DIR);
  const options = holdOptions({
    ...spec.hold,
    target: target.address,
    outDir,
    runId: spec.runId,
    label: target.label
  });
  const collectInit = collectInitFor(target, outDir, spec);
  const collect = collectOptions(collectInit);
  const collection = await startCollection(collect, {
    logger: deps.logger,
    ...deps.signal ? { signal: deps.signal } : {}
  });
  let hold;
  try {
    await setTimeout(
      Math.round(collect.sampleIntervalMs * 1.5),
      void 0,
      deps.signal ? { signal: deps.signal } : {}
    );
    await collection.mark("load-start");
    hold = await runHold(options, {
      logger: deps.logger,
      ...deps.signal ? { signal: deps.signal } : {}
    });
    await collection.mark("load-end");
  } catch (error) {
    await collection.abort().catch(() => void 0);
    throw error;
  }
  const holdFile = join2(outDir, HOLD_RESULT_FILE);
  const result = await collection.stop({ holdFile });
  return {
    hold,
    collect: result,
    holdFile: relative2(runDir, holdFile),
    collectFile: relative2(runDir, join2(outDir, "collect.json"))
  };
}

// src/pipeline/pipeline.ts
var RETRY_PAUSE_MS = 1e3;
function pressureReplay(options) {
  const p = options.pressure;
  return {
    ...options.replay,
    corpus: options.corpus,
    domains: [p.domain],
    mode: "pressure",
    connections: p.connections,
    durationMs: p.durationMs,
    keepAlive: p.keepAlive,
    ...p.rateRps === void 0 ? {} : { rateRps: p.rateRps },
    ...p.shaping === void 0 ? {} : { shaping: p.shaping }
  };
}
function measurementPlan(targets, options) {
  const plan = [];
  const first = (target) => {
    if (options.quality) plan.push({ kind: "quality", target });
    if (options.hold !== void 0) plan.push({ kind: "hold", target });
  };
  if (options.order === "sequential") {
    for (const target of targets) {
      first(target);
      for (let round = 1; round <= options.rounds; round += 1)
        plan.push({ kind: "round", target, round });
    }
    return plan;
  }
  for (const target of targets) first(target);
  const switching = targets.some((t) => t.prepare !== void 0);
  for (let round = 1; round <= options.rounds; round += 1) {
    let order = round % 2 === 1 ? [...targets] : [...targets].reverse();
    const last = plan.at(-1)?.target;
    if (switching && last !== void 0 && order[0] !== last) order = order.reverse();
    for (const target of order) plan.push({ kind: "round", target, round });
  }
  return plan;
}
async function runPipeline(targets, given, deps) {
  const labels = new Set(targets.map((t) => t.label));
  if (labels.size !== targets.length) {
    throw new ConfigError("Every build needs its own label.", {
      value: targets.map((t) => t.label).join(", ")
    });
  }
  const { logger, signal } = deps;
  const { options, record: fromConfig } = await resolveConfigDomains(given, {
    logger,
    ...signal ? { signal } : {}
  });
  const records = /* @__PURE__ */ new Map();
  let corpusFingerprint = "";
  for (const target of targets) {
    await mkdir(join3(options.outDir, target.label), { recursive: true });
    records.set(target.label, {
      schema: "waf-gate/run@1",
      label: target.label,
      build: {
        version: target.version,
        ...target.description ? { description: target.description } : {}
      },
      corpusFingerprint: "",
      rounds: [],
      ...options.environment ? { environment: options.environment } : {},
      ...fromConfig ? { domainsFromConfig: fromConfig } : {},
      ...options.wafHost ? { wafHost: options.wafHost } : {},
      domains: [...options.domains],
      createdAtMs: Date.now()
    });
  }
  const measureQuality = async (target) => {
    signal?.throwIfAborted();
    await target.prepare?.();
    logger.info(
      `Quality pass: ${target.label} (${targetUrl(target.address)}), every request once per domain\u2026`
    );
    const runDir = join3(options.outDir, target.label);
    const m = await measure(
      target,
      runDir,
      {
        subDir: "quality",
        runId: `${options.runId}-${target.label}-q`,
        replay: {
          ...options.replay,
          corpus: options.corpus,
          domains: options.domains,
          mode: "quality"
        },
        ...options.collect ? { collect: options.collect } : {}
      },
      { logger, ...signal ? { signal } : {} }
    );
    const record = records.get(target.label);
    record.quality = { replayFile: m.replayFile, collectFile: m.collectFile };
    record.corpusFingerprint = m.replay.corpus.fingerprint;
    corpusFingerprint ||= m.replay.corpus.fingerprint;
    deps.events?.onStep?.({
      label: target.label,
      kind: "quality",
      rps: m.replay.rps,
      errors: m.replay.totals.errors
    });
  };
  const measureHoldPhase = async (target, hold) => {
    signal?.throwIfAborted();
    await target.prepare?.();
    const domain = hold.domain ?? (options.pressure.domain || void 0);
    logger.info(
      `Hold phase: ${target.label}, ${hold.connections ?? "default"} WebSocket connections held through the WAF\u2026`
    );
    const m = await measureHold(
      target,
      join3(options.outDir, target.label),
      {
        runId: `${options.runId}-${target.label}-h`,
        hold: { ...hold, ...domain === void 0 ? {} : { domain } },
        ...options.collect ? { collect: options.collect } : {}
      },
      { logger, ...signal ? { signal } : {} }
    );
    records.get(target.label).hold = { holdFile: m.holdFile, collectFile: m.collectFile };
    const c = m.hold.counts;
    const unexpected = c.droppedByCause["unexpected-close"] + c.droppedByCause.error;
    logger.info(
      `Hold phase ${target.label}: ${c.upgraded} of ${c.attempted} upgraded, ${c.heldToEnd} held to the end, ${unexpected} dropped unexpectedly, ${c.reconnected} reconnected.`
    );
  };
  const maxAttempts = Math.max(options.rounds, options.maxRounds ?? options.rounds);
  const criteria = options.roundCriteria ?? DEFAULT_ROUND_CRITERIA;
  const wafGroups = ["nginx-worker"];
  const roundLog = join3(options.outDir, "rounds.jsonl");
  const attempts = /* @__PURE__ */ new Map();
  const attemptRound = async (target, round) => {
    signal?.throwIfAborted();
    const attempt = (attempts.get(target.label) ?? 0) + 1;
    attempts.set(target.label, attempt);
    await target.prepare?.();
    const record = records.get(target.label);
    const runDir = join3(options.outDir, target.label);
    const subDir = join3("rounds", String(attempt));
    const startedAtMs = Date.now();
    const probeFailure = await healthProbe(
      target.address,
      Math.min(options.replay?.timeouts?.connectMs ?? 5e3, 5e3),
      signal,
      {
        ...options.replay?.insecure === true ? { insecure: true } : {},
        ...options.replay?.servername !== void 0 ? { servername: options.replay.servername } : {}
      }
    );
    let m;
    let reasons;
    if (probeFailure !== null) reasons = [probeFailure];
    else {
      m = await measure(
        target,
        runDir,
        {
          subDir,
          runId: `${options.runId}-${target.label}-r${attempt}`,
          replay: pressureReplay(options),
          ...options.collect ? { collect: options.collect } : {}
        },
        { logger, ...signal ? { signal } : {} }
      );
      reasons = roundFailures(m.replay, m.collect, criteria);
      record.pressureShape = m.replay.loadShape;
      record.corpusFingerprint ||= m.replay.corpus.fingerprint;
      corpusFingerprint ||= m.replay.corpus.fingerprint;
    }
    const files = m ? { replayFile: m.replayFile, collectFile: m.collectFile } : {};
    if (m && reasons.length === 0) {
      const ref = {
        round,
        attempt,
        replayFile: m.replayFile,
        collectFile: m.collectFile
      };
      record.rounds.push(ref);
    } else (record.failedRounds ??= []).push({ round, attempt, reasons, ...files });
    await appendRoundLog(
      roundLog,
      roundLogRecord(
        {
          runId: options.runId,
          label: target.label,
          version: target.version,
          round,
          attempt,
          reasons,
          startedAtMs,
          endedAtMs: Date.now(),
          dir: m ? join3(target.label, subDir) : null,
          ...m ? { replay: m.replay, collect: m.collect } : {}
        },
        wafGroups
      )
    );
    const figures = m ? `${m.replay.rps.toFixed(0)} req/s, p99 ${(m.replay.latency.summary.p99Us / 1e3).toFixed(1)} ms, ${m.replay.totals.errors} errors` : "not measured";
    if (reasons.length === 0)
      logger.info(`Round ${round}/${options.rounds} ${target.label}: ${figures}`);
    else
      logger.warn(
        `Round ${round}/${options.rounds} ${target.label} FAILED (attempt ${attempt}/${maxAttempts}, ${figures}): ${reasons.join("; ")}. Kept out of the statistics.`
      );
    deps.events?.onStep?.({
      label: target.label,
      kind: "round",
      round,
      rps: m?.replay.rps ?? 0,
      errors: m?.replay.totals.errors ?? 0,
      ...reasons.length > 0 ? { failed: reasons } : {}
    });
    return reasons.length === 0;
  };
  const measureRound = async (target, round) => {
    while ((attempts.get(target.label) ?? 0) < maxAttempts) {
      if (await attemptRound(target, round)) return;
      await setTimeout2(RETRY_PAUSE_MS, void 0, signal ? { signal } : {});
    }
    if (!exhausted.has(target.label)) {
      exhausted.add(target.label);
      logger.warn(
        `${target.label}: ${records.get(target.label).rounds.length} of ${options.rounds} rounds succeeded in ${maxAttempts} attempts (max-rounds); the comparison uses those.`
      );
    }
  };
  const exhausted = /* @__PURE__ */ new Set();
  for (const step of measurementPlan(targets, options)) {
    if (step.kind === "quality") await measureQuality(step.target);
    else if (step.kind === "hold") await measureHoldPhase(step.target, options.hold);
    else await measureRound(step.target, step.round);
  }
  const result = [];
  for (const target of targets) {
    const record = records.get(target.label);
    record.corpusFingerprint ||= corpusFingerprint;
    if (options.rounds > 0)
      record.roundPlan = {
        wanted: options.rounds,
        maxAttempts,
        attempts: attempts.get(target.label) ?? 0
      };
    record.build.version = target.version;
    await writeJsonFile(join3(options.outDir, target.label, "run.json"), record);
    result.push(record);
  }
  return result;
}

// src/pipeline/fresh-ab.ts
import { join as join4 } from "node:path";

// src/pipeline/build-switch.ts
var BuildSwitcher = class {
  /**
   * @param host the WAF host (opened by the caller, who closes it)
   * @param installs install-waf options per label; all share host, state file, lock file and run id
   */
  constructor(host, installs, deps) {
    this.host = host;
    this.installs = installs;
    this.deps = deps;
    const files = new Set([...installs.values()].map((o) => o?.stateFile).filter(Boolean));
    if (files.size > 1)
      throw new WafGateError("E_INTERNAL", "every build of a fresh A/B run shares one state file");
  }
  host;
  installs;
  deps;
  /** Label of the build installed now; undefined while the host still runs what it ran at the start. */
  installed;
  switches = [];
  /** Versions installed per label (from install-waf). */
  versions = /* @__PURE__ */ new Map();
  /** Makes `label` the installed build (no-op when it is). */
  async ensure(label) {
    if (!this.installs.has(label))
      throw new WafGateError("E_INTERNAL", `no build labelled ${label} in this run`);
    const options = this.installs.get(label);
    if (options === void 0) {
      if (this.installed === void 0) return;
      throw new WafGateError(
        "E_INTERNAL",
        `${label} has no package: it can only be measured before the first install`
      );
    }
    if (this.installed === label) return;
    const { logger, signal } = this.deps;
    signal?.throwIfAborted();
    const startedMs = Date.now();
    logger.info(`Installing the ${label} build (${options.package ?? ""})\u2026`);
    if (await readState(options.stateFile) !== null)
      await restoreFromStateFile(this.host, options.stateFile, logger, { keepLock: true });
    const result = await runInstall(this.host, options, logger, signal);
    this.installed = label;
    this.versions.set(label, result.version);
    const durationMs = Date.now() - startedMs;
    this.switches.push({
      label,
      version: result.version,
      action: result.action,
      durationMs,
      runningCheck: result.runningCheck
    });
    logger.info(
      `${label} build ${result.version} ${result.action} in ${(durationMs / 1e3).toFixed(1)} s (${result.runningCheck}).`
    );
  }
};

// src/pipeline/fresh-ab.ts
async function freshAbInstallSettings(configFile, inputs) {
  const file = configFile === void 0 || configFile === "" ? /* @__PURE__ */ new Map() : await loadConfigFile(configFile, INSTALL_INPUTS);
  return mergeRawInputs(file, rawInputsFrom(inputs));
}
async function freshAbInstalls(spec, raw) {
  const given = raw.get("run-id")?.value;
  const runId = typeof given === "string" && given.trim() !== "" ? given : defaultRunId() ?? newRunId();
  const shared = mergeRawInputs(raw, rawInputsFrom({ mode: "install", "run-id": runId }));
  const parse = (pkg, sha256, input) => parseInstallOptions(
    mergeRawInputs(
      shared,
      rawInputsFrom(
        { package: pkg, "package-sha256": sha256 },
        input === "package" ? "" : "baseline-"
      )
    )
  );
  const candidate = await parse(spec.package, spec.packageSha256, "package");
  const baseline = spec.baselinePackage === void 0 ? void 0 : await parse(spec.baselinePackage, spec.baselinePackageSha256, "baseline-package");
  return {
    candidate,
    ...baseline ? { baseline } : {},
    ...spec.baselineVersion !== void 0 ? { baselineVersion: spec.baselineVersion } : {},
    leaveOn: spec.leaveOn
  };
}
async function runFreshAb(target, pipeline, installs, deps) {
  const { logger, signal } = deps;
  if (installs.leaveOn === "baseline" && installs.baseline === void 0)
    throw new ConfigError("leave-on baseline needs baseline-package (to install it again).", {
      input: "leave-on",
      value: "baseline",
      hint: "Give baseline-package, or leave the candidate installed (leave-on: candidate)."
    });
  const host = await openInstallHost(installs.candidate.host, installs.candidate.ssh, logger);
  try {
    const switcher = new BuildSwitcher(
      host,
      /* @__PURE__ */ new Map([
        ["baseline", installs.baseline],
        ["candidate", installs.candidate]
      ]),
      { logger, ...signal ? { signal } : {} }
    );
    const build = (label) => ({
      ...target,
      label,
      ...installs.descriptions?.[label] !== void 0 ? { description: installs.descriptions[label] } : {},
      // Read when run.json is written: the version install-waf installed.
      get version() {
        return switcher.versions.get(label) ?? (label === "baseline" ? installs.baselineVersion : void 0) ?? "unknown";
      },
      prepare: () => switcher.ensure(label)
    });
    const order = installs.baseline === void 0 ? "sequential" : "interleaved";
    if (order === "sequential" && pipeline.rounds > 0)
      logger.warn(
        "The baseline has no package to reinstall: its pressure rounds all run before the candidate is installed (not interleaved)."
      );
    const environment = {
      ...pipeline.environment,
      "baseline source": `fresh A/B: installed and measured in this run on ${host.name} (${order})`
    };
    const [baseline, candidate] = await runPipeline(
      [build("baseline"), build("candidate")],
      { ...pipeline, order, environment },
      deps
    );
    await switcher.ensure(installs.leaveOn);
    const freshAb = {
      runId: pipeline.runId,
      order,
      switches: switcher.switches.map((s) => ({
        label: s.label,
        version: s.version,
        action: s.action,
        durationMs: s.durationMs
      })),
      leftOn: installs.leaveOn
    };
    for (const record of [baseline, candidate]) {
      record.freshAb = freshAb;
      await writeJsonFile(join4(pipeline.outDir, record.label, "run.json"), record);
    }
    return {
      baseline,
      candidate,
      switches: switcher.switches,
      candidateVersion: candidate.build.version
    };
  } finally {
    if (deps.restoreAtEnd === true)
      await restoreFromStateFile(host, installs.candidate.stateFile, logger).catch(
        (error) => logger.warn(`Restore after the A/B run failed: ${String(error)}`)
      );
    await host.close();
  }
}

// src/pipeline/options.ts
import { hostname } from "node:os";
import { join as join5, resolve } from "node:path";

// src/pipeline/schema.ts
var MEASURE_SCHEMA = {
  target: {
    type: "url",
    required: true,
    help: "WAF address traffic is replayed to, e.g. http://127.0.0.1:8080."
  },
  label: {
    type: "string",
    metavar: "NAME",
    default: "candidate",
    pattern: /^[a-z][a-z0-9-]{0,31}$/,
    patternText: "lower-case letters, digits and dashes, starting with a letter (up to 32)",
    help: "Name of the run directory, e.g. baseline or candidate."
  },
  version: {
    type: "string",
    metavar: "V",
    help: 'Exact version of the build under test (install-waf outputs it as "version").'
  },
  "access-log": {
    type: "path",
    metavar: "FILE",
    required: true,
    help: "The WAF access log (read from its current end, never moved)."
  },
  "error-log": {
    type: "path",
    metavar: "FILE",
    help: "The WAF error log (findings, crashes, ModSecurity rule ids)."
  },
  "log-format": {
    type: "string",
    metavar: "F",
    default: "waf-gate-lab",
    help: "Access log format: waf-gate-lab, combined, waf-marker, json, or the pasted nginx log_format."
  },
  "master-pid-file": {
    type: "path",
    metavar: "FILE",
    help: "nginx master PID file; its workers are the sampled process group."
  },
  groups: {
    type: "string",
    metavar: "LIST",
    help: "Extra process groups to sample, one name=prefix or name=~regex per line."
  },
  // Required here: the gate always replays its corpus (replay's hold mode alone needs none).
  corpus: {
    ...REPLAY_SCHEMA.corpus,
    required: true,
    help: 'Captured traffic: files, folders or globs, comma-separated, optionally weighted as "browse.txt:80,search.txt:20"; raw (====**** separated), go-ftw/CRS YAML, HAR 1.2 or JSON Lines.'
  },
  domains: {
    type: "list",
    required: true,
    itemPattern: REPLAY_SCHEMA.domains.itemPattern,
    itemText: REPLAY_SCHEMA.domains.itemText,
    help: "Domains the WAF serves, comma-separated; the quality pass replays every request once per domain. from-config reads them from nginx -T on the WAF host (or nginx-dump): every exact server_name, wildcard and regex names only with a domain-samples host. as-captured sends every request with its own Host (e.g. go-ftw tests whose Host is the point of the test)."
  },
  "domain-samples": {
    type: "string",
    metavar: "LIST",
    help: "With domains: from-config, a sample host for a wildcard or regex server name, one server_name=host per line."
  },
  "nginx-dump": {
    type: "path",
    metavar: "FILE",
    help: "With domains: from-config, a saved nginx -T output on this machine, read instead of running nginx -T."
  },
  "nginx-config": {
    type: "string",
    metavar: "FILE",
    defaultText: "nginx's compiled-in one",
    help: "With domains: from-config, the main nginx configuration file on the WAF host (absolute, nginx -c)."
  },
  "nginx-prefix": {
    type: "string",
    metavar: "DIR",
    defaultText: "nginx's compiled-in one",
    help: "With domains: from-config, the nginx prefix on the WAF host (absolute, nginx -p)."
  },
  "nginx-binary": {
    type: "path",
    metavar: "PATH",
    default: "/usr/sbin/nginx",
    help: "The installed nginx binary on the WAF host."
  },
  quality: { type: "boolean", default: true, help: "Run the quality pass." },
  rounds: {
    type: "integer",
    min: 0,
    max: 50,
    default: 0,
    help: "Pressure rounds (0 = none); use 5 or more for a performance verdict."
  },
  "max-rounds": {
    type: "integer",
    min: 0,
    max: 50,
    defaultText: "rounds (no retry)",
    help: "Attempts per build for its pressure rounds: a failed round (error rate, WAF crash, incomplete collection, failed health probe) is retried until rounds succeed or this many attempts are made."
  },
  "max-error-rate": {
    type: "number",
    unit: "%",
    min: 0,
    max: 100,
    default: 1,
    help: "A pressure round whose transport errors exceed this percent of the requests sent fails (retried, left out of the statistics)."
  },
  "pressure-domain": {
    type: "string",
    metavar: "DOMAIN",
    defaultText: "the first domain",
    help: "Domain of the pressure rounds."
  },
  connections: {
    type: "integer",
    min: 1,
    max: 1e4,
    default: 50,
    help: "Connections of the pressure rounds."
  },
  duration: { type: "duration", default: 1e4, help: "Length of each pressure round." },
  "keep-alive": { type: "boolean", default: true, help: "Keep-alive in pressure rounds." },
  rate: {
    type: "number",
    metavar: "RPS",
    unit: "req/s",
    min: 1,
    max: 1e7,
    defaultText: "closed model",
    help: "Open-model rate of the pressure rounds in requests per second."
  },
  // Per-connection shaping (slow and distant clients): replay's options, applied to every pressure
  // round of every build and recorded in the pressure load shape. The quality pass is never shaped: it
  // compares rule decisions per request, which must not depend on client speed.
  "upload-rate": {
    ...REPLAY_SCHEMA["upload-rate"],
    help: 'Shaping of the pressure rounds (slow clients; the quality pass is never shaped): upload cap per connection in bytes per second, e.g. 64KiB/s (units B, kB, KiB, MB, MiB, GB, GiB; "/s" optional).'
  },
  "download-rate": {
    ...REPLAY_SCHEMA["download-rate"],
    help: "Shaping of the pressure rounds: download cap per connection in bytes per second, e.g. 64KiB/s; reading pauses while over the cap, so the WAF sees a slow reader."
  },
  delay: {
    ...REPLAY_SCHEMA.delay,
    help: "Shaping of the pressure rounds (distant clients): one-way delay added before each request's first byte is sent, e.g. 100ms (the TCP handshake is not delayed)."
  },
  "slow-header": {
    ...REPLAY_SCHEMA["slow-header"],
    help: "Shaping of the pressure rounds: send each request head (request line and headers) in chunks of BYTES every INTERVAL, e.g. 1/1s; stresses client_header_timeout. Raise first-byte-timeout and timeout to match."
  },
  "slow-body": {
    ...REPLAY_SCHEMA["slow-body"],
    help: "Shaping of the pressure rounds: send each request body in chunks of BYTES every INTERVAL, e.g. 100/500ms; stresses client_body_timeout and request buffering."
  },
  // Timeouts count from the start of sending, so a slow shape needs them raised (every replay of the run).
  "first-byte-timeout": {
    ...REPLAY_SCHEMA["first-byte-timeout"],
    help: "Time from the start of sending a request to its first response byte (every replay of the run; raise it for slow shapes)."
  },
  timeout: {
    ...REPLAY_SCHEMA.timeout,
    help: "Total time per request (every replay of the run; raise it for slow shapes)."
  },
  // The long-lived connection phase (replay's hold mode) after each build's quality pass; the names
  // that do not clash with the pressure rounds' are replay's own.
  "hold-connections": {
    type: "integer",
    min: 0,
    max: 1e4,
    default: 0,
    help: "Long-lived connections: WebSocket connections held through the WAF on each build after the quality pass, with the WAF collected (0 = no hold phase); compare fails a build that refuses upgrades, drops connections or loses pushes."
  },
  "hold-hatch-rate": {
    ...REPLAY_SCHEMA["hatch-rate"],
    defaultText: "500",
    help: "Hold phase: connections opened per second (the ramp)."
  },
  "hold-duration": { ...REPLAY_SCHEMA["hold-duration"] },
  "ping-interval": { ...REPLAY_SCHEMA["ping-interval"] },
  "pong-timeout": { ...REPLAY_SCHEMA["pong-timeout"] },
  "push-rate": { ...REPLAY_SCHEMA["push-rate"] },
  "push-share": { ...REPLAY_SCHEMA["push-share"] },
  "server-drop-share": { ...REPLAY_SCHEMA["server-drop-share"] },
  "client-drop-share": { ...REPLAY_SCHEMA["client-drop-share"] },
  "reconnect-attempts": { ...REPLAY_SCHEMA["reconnect-attempts"] },
  "reconnect-backoff": { ...REPLAY_SCHEMA["reconnect-backoff"] },
  "ws-path": { ...REPLAY_SCHEMA["ws-path"] },
  "out-dir": {
    type: "path",
    metavar: "DIR",
    defaultText: "$RUNNER_TEMP/waf-gate (./waf-gate outside Actions)",
    help: "Results folder; the run directory is <out-dir>/<label>."
  },
  "run-id": {
    type: "string",
    metavar: "ID",
    pattern: /^[A-Za-z0-9._-]{1,80}$/,
    patternText: '1\u201380 letters, digits, ".", "_" or "-"',
    defaultText: "generated",
    help: "Id of this run; request ids and collector run ids derive from it."
  },
  ...HOST_SCHEMA,
  // Fresh A/B: both builds installed and measured in this run on one WAF host.
  package: { ...INSTALL_SCHEMA.package },
  "package-sha256": { ...INSTALL_SCHEMA["package-sha256"] },
  "baseline-package": {
    type: "string",
    metavar: "FILE|URL",
    help: "Fresh A/B: the baseline build (like package). The gate installs it, runs the quality pass, installs the candidate (package), runs it again, and interleaves pressure rounds with an install before every switch."
  },
  "baseline-package-sha256": {
    type: "string",
    metavar: "HEX",
    help: "Expected SHA-256 of baseline-package (64 hex digits)."
  },
  "baseline-version": {
    type: "string",
    metavar: "V",
    help: "Fresh A/B without a baseline package: the version installed now is the baseline, measured before the candidate (package) is installed; pressure rounds then run all baseline rounds first (not interleaved)."
  },
  "leave-on": {
    type: "enum",
    metavar: "BUILD",
    values: ["candidate", "baseline"],
    default: "candidate",
    help: "Fresh A/B: the build left installed at the end (the rest of the install is restored by the restore step)."
  }
};

// src/pipeline/shaping.ts
function pressureShaping(v, raw) {
  const shaping = parseShaping(v);
  if (shaping === void 0 || v.rounds > 0) return shaping;
  const input = shaping.uploadRateBps !== void 0 ? "upload-rate" : shaping.downloadRateBps !== void 0 ? "download-rate" : shaping.delayMs !== void 0 ? "delay" : shaping.slowHeader !== void 0 ? "slow-header" : "slow-body";
  throw new ConfigError(`${input} shapes the pressure rounds, but rounds is 0.`, {
    input,
    value: raw[input],
    hint: "Set rounds to 1 or more (5 or more for a performance verdict), or remove the shaping inputs: the quality pass is never shaped."
  });
}
function replayTimeouts(v) {
  return { timeouts: { firstByteMs: v["first-byte-timeout"], totalMs: v.timeout } };
}

// src/pipeline/options.ts
var FROM_CONFIG = "from-config";
var AS_CAPTURED = "as-captured";
var MEASURE_INPUTS = optionNames(MEASURE_SCHEMA);
function wafHostIdentity(spec) {
  const parsed = spec === void 0 ? void 0 : parseHostSpec("host", spec);
  return parsed === void 0 || parsed.kind === "local" ? `local:${hostname()}` : parsed.host;
}
function freshAbSpec(v, raw) {
  const baselinePackage = v["baseline-package"];
  const baselineVersion = v["baseline-version"];
  if (baselinePackage === void 0 && baselineVersion === void 0) {
    for (const name of ["package", "package-sha256", "baseline-package-sha256"]) {
      if (v[name] !== void 0)
        throw new ConfigError(`${name} is read by the measuring step only in a fresh A/B run.`, {
          input: name,
          value: raw[name],
          hint: "Give baseline-package (or baseline-version) to install and measure both builds here, or install the build first (install-waf / waf-gate install) and give version."
        });
    }
    if (raw["leave-on"] !== void 0 && raw["leave-on"] !== "")
      throw new ConfigError("leave-on applies to a fresh A/B run only.", {
        input: "leave-on",
        value: raw["leave-on"],
        hint: "Give baseline-package (or baseline-version) too, or remove leave-on."
      });
    return void 0;
  }
  if (baselinePackage !== void 0 && baselineVersion !== void 0)
    throw new ConfigError("Give baseline-package or baseline-version, not both.", {
      input: "baseline-version",
      value: raw["baseline-version"],
      hint: "baseline-version names the build installed now; with baseline-package the version comes from the package."
    });
  if (v.package === void 0)
    throw new ConfigError("A fresh A/B run needs the candidate build in package.", {
      input: "package",
      hint: "Give package (the build under test) beside baseline-package / baseline-version."
    });
  if (v["leave-on"] === "baseline" && baselinePackage === void 0)
    throw new ConfigError("leave-on baseline needs baseline-package (to install it again).", {
      input: "leave-on",
      value: raw["leave-on"],
      hint: "Give baseline-package, or leave the candidate installed (leave-on: candidate)."
    });
  return {
    package: v.package,
    leaveOn: v["leave-on"] === "baseline" ? "baseline" : "candidate",
    ...v["package-sha256"] !== void 0 ? { packageSha256: v["package-sha256"] } : {},
    ...baselinePackage !== void 0 ? { baselinePackage } : {},
    ...v["baseline-package-sha256"] !== void 0 ? { baselinePackageSha256: v["baseline-package-sha256"] } : {},
    ...baselineVersion !== void 0 ? { baselineVersion } : {}
  };
}
function collectSettings(v) {
  const spec = v.host === void 0 ? void 0 : parseHostSpec("host", v.host);
  if (spec === void 0 || spec.kind === "local") return void 0;
  const ssh = {};
  for (const name of SSH_INPUT_NAMES) {
    const value = v[name];
    if (value !== void 0) ssh[name] = value;
  }
  return { host: formatHostSpec(spec), ...Object.keys(ssh).length > 0 ? { ssh } : {} };
}
function parseMeasure(raw) {
  return parseOptions(MEASURE_SCHEMA, raw, { stage: "measure" });
}
function parseMeasureInputs(raw) {
  const v = parseMeasure(raw);
  if (!v.quality && v.rounds === 0 && v["hold-connections"] === 0) {
    throw new ConfigError(
      "Nothing to measure: quality is off, rounds is 0 and hold-connections is 0.",
      {
        input: "rounds",
        value: raw.rounds ?? "0",
        hint: "Turn quality on, set rounds to 1 or more, or hold-connections to 1 or more."
      }
    );
  }
  if (v.domains.length === 0)
    throw new ConfigError("List at least one domain (Host name) the WAF serves.", {
      input: "domains",
      value: raw.domains
    });
  const maxRounds = v["max-rounds"] ?? v.rounds;
  if (maxRounds < v.rounds)
    throw new ConfigError(`max-rounds (${maxRounds}) is below rounds (${v.rounds}).`, {
      input: "max-rounds",
      value: raw["max-rounds"],
      hint: `max-rounds counts every attempt, the successful ones too: give ${v.rounds} or more (e.g. ${Math.min(50, v.rounds * 2)}), or leave it out for no retry.`
    });
  const fromConfig = fromConfigSettings(v, raw);
  const asCaptured = v.domains.includes(AS_CAPTURED);
  if (asCaptured && v.domains.length !== 1)
    throw new ConfigError(
      `${AS_CAPTURED} sends requests unchanged; it cannot be combined with domains.`,
      {
        input: "domains",
        value: raw.domains,
        hint: `Set domains to ${AS_CAPTURED} alone, or list the domains to rewrite Host to.`
      }
    );
  const freshAb = freshAbSpec(v, raw);
  if (v.version === void 0 && freshAb === void 0)
    throw new ConfigError("The version of the build under test is required.", {
      input: "version",
      hint: "Give version (install-waf outputs it), or package + baseline-package for a fresh A/B run."
    });
  const target = {
    label: v.label,
    version: v.version ?? "unknown",
    address: parseTarget("target", v.target),
    accessLog: v["access-log"],
    logFormat: v["log-format"],
    ...v["error-log"] !== void 0 ? { errorLog: v["error-log"] } : {},
    ...v["master-pid-file"] !== void 0 ? { masterPidFile: v["master-pid-file"] } : {},
    ...v.groups !== void 0 ? { groups: parseGroups(v.groups) } : {}
  };
  const collect = collectSettings(v);
  const shaping = pressureShaping(v, raw);
  const pipeline = {
    ...collect ? { collect } : {},
    replay: replayTimeouts(v),
    outDir: resolve(v["out-dir"] ?? join5(process.env.RUNNER_TEMP ?? ".", "waf-gate")),
    runId: v["run-id"] ?? `run-${Date.now().toString(36)}`,
    corpus: parseCorpusSpec("corpus", v.corpus),
    // The replay's "as captured" is the empty domain.
    domains: fromConfig ? [] : asCaptured ? [""] : v.domains,
    wafHost: wafHostIdentity(v.host),
    ...fromConfig ? { domainsFromConfig: fromConfig } : {},
    quality: v.quality,
    rounds: v.rounds,
    maxRounds,
    roundCriteria: {
      ...DEFAULT_ROUND_CRITERIA,
      maxErrorRate: v["max-error-rate"] / 100
    },
    pressure: {
      // from-config: replaced by the first domain found before any replay.
      domain: v["pressure-domain"] ?? (fromConfig || asCaptured ? "" : v.domains[0]),
      connections: v.connections,
      durationMs: v.duration,
      keepAlive: v["keep-alive"],
      ...v.rate !== void 0 ? { rateRps: v.rate } : {},
      ...shaping ? { shaping } : {}
    }
  };
  const hold = holdLoad(v, target);
  if (hold) pipeline.hold = hold;
  return { target, pipeline, ...freshAb ? { freshAb } : {} };
}
function holdLoad(v, target) {
  if (v["hold-connections"] === 0) return void 0;
  const hold = {
    connections: v["hold-connections"],
    ...holdSettingsFrom(v),
    ...v["hold-hatch-rate"] !== void 0 ? { hatchRateCps: v["hold-hatch-rate"] } : {}
  };
  holdOptions({ ...hold, target: target.address, outDir: ".", runId: "check" });
  return hold;
}
function fromConfigSettings(v, raw) {
  const keyword = v.domains.includes(FROM_CONFIG);
  if (!keyword) {
    for (const name of ["domain-samples", "nginx-dump", "nginx-config", "nginx-prefix"]) {
      if (v[name] !== void 0)
        throw new ConfigError(`${name} is only read with domains: ${FROM_CONFIG}.`, {
          input: name,
          value: raw[name],
          hint: `Set domains to ${FROM_CONFIG}, or remove ${name}.`
        });
    }
    return void 0;
  }
  if (v.domains.length !== 1)
    throw new ConfigError(
      `${FROM_CONFIG} replaces the domain list; it cannot be combined with domains.`,
      {
        input: "domains",
        value: raw.domains,
        hint: `Set domains to ${FROM_CONFIG} alone (give hosts for wildcard names in domain-samples), or list the domains.`
      }
    );
  const configFile = v["nginx-config"];
  const prefix = v["nginx-prefix"];
  for (const [name, value, example] of [
    ["nginx-config", configFile, "/etc/nginx/nginx.conf"],
    ["nginx-prefix", prefix, "/etc/nginx/"]
  ]) {
    if (value === void 0) continue;
    if (!value.startsWith("/"))
      throw new ConfigError(`${name} must be an absolute path on the WAF host.`, {
        input: name,
        value,
        hint: `For example: ${example}`
      });
    if (v["nginx-dump"] !== void 0)
      throw new ConfigError(`Give nginx-dump or ${name}, not both.`, {
        input: "nginx-dump",
        value: raw["nginx-dump"],
        hint: `nginx-dump is read instead of running nginx -T; ${name} is an option of nginx -T.`
      });
  }
  return {
    nginxBinary: v["nginx-binary"],
    samples: parseServerNameSamples(v["domain-samples"] ?? "", "domain-samples"),
    pressureOnFirstDomain: v["pressure-domain"] === void 0,
    ...configFile !== void 0 ? { configFile } : {},
    ...prefix !== void 0 ? { prefix } : {},
    ...v["nginx-dump"] !== void 0 ? { dumpFile: v["nginx-dump"] } : {}
  };
}

export {
  runPipeline,
  freshAbInstallSettings,
  freshAbInstalls,
  runFreshAb,
  MEASURE_SCHEMA,
  MEASURE_INPUTS,
  parseMeasureInputs
};
