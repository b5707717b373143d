import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  scalarText
} from "./chunk-2TBFYHS7.js";
import {
  require_undici
} from "./chunk-SQTU2L2M.js";
import {
  require_dist
} from "./chunk-PDX4C4JJ.js";
import {
  acquireLock,
  hostStatePath,
  releaseLock,
  renewLock
} from "./chunk-KSLHAH7M.js";
import {
  HOST_SCHEMA,
  formatHostSpec,
  openHostFromInputs,
  parseHostSpec,
  runCommand
} from "./chunk-QEATW52E.js";
import {
  ConfigError,
  WafGateError,
  optionDefault,
  optionNames,
  parseList,
  parseOptionValue,
  writeJsonFile
} from "./chunk-QC4E7EMN.js";
import {
  __toESM
} from "./chunk-4PQXDHBF.js";

// src/install/config-file.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
function parseYamlSource(text, file, input) {
  const lineCounter = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line ?? lineCounter.linePos(first.pos[0]).line;
    throw new ConfigError(`Invalid YAML: ${first.message.split("\n")[0]}`, {
      input,
      ...file === void 0 ? {} : { file },
      ...line === void 0 ? {} : { line }
    });
  }
  return {
    contents: doc.contents,
    lineOf: (node) => node?.range ? lineCounter.linePos(node.range[0]).line : void 0,
    file
  };
}
function toPlain(node) {
  if (node === null || node === void 0) return null;
  if ((0, import_yaml.isScalar)(node)) return node.value;
  if ((0, import_yaml.isSeq)(node)) return node.items.map((item) => toPlain(item));
  if ((0, import_yaml.isMap)(node)) {
    const out = {};
    for (const pair of node.items)
      out[String(toPlain(pair.key))] = toPlain(pair.value);
    return out;
  }
  return null;
}
async function loadConfigFile(file, known) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError("Cannot read the config file.", { file, cause: error, input: "config" });
  }
  const source = parseYamlSource(text, file, "config");
  const raw = /* @__PURE__ */ new Map();
  if (source.contents === null) return raw;
  if (!(0, import_yaml.isMap)(source.contents)) {
    throw new ConfigError("The config file must be a map of option names to values.", {
      file,
      ...lineField(source.lineOf(source.contents))
    });
  }
  for (const pair of source.contents.items) {
    const keyNode = pair.key;
    const key = String(toPlain(keyNode));
    const line = source.lineOf(keyNode);
    if (!known.includes(key)) {
      throw new ConfigError(`Unknown option "${key}".`, {
        file,
        ...lineField(line),
        hint: `Accepted keys: ${known.join(", ")}.`
      });
    }
    const valueNode = pair.value;
    raw.set(key, {
      // Edits keep their YAML node so each edit can report its own line.
      value: key === "edits" && valueNode !== null && (0, import_yaml.isSeq)(valueNode) ? { yaml: source, node: valueNode } : toPlain(valueNode),
      input: key,
      file,
      ...lineField(source.lineOf(valueNode ?? keyNode)),
      baseDir: dirname(file)
    });
  }
  return raw;
}
function lineField(line) {
  return line === void 0 ? {} : { line };
}

// src/install/options.ts
import { tmpdir } from "node:os";
import { isAbsolute as isAbsolute2, join, posix as posix2, resolve as resolve2 } from "node:path";

// src/install/edits.ts
var import_yaml2 = __toESM(require_dist(), 1);
import { existsSync } from "node:fs";
import { readFile as readFile2 } from "node:fs/promises";
import { dirname as dirname2, isAbsolute, posix, resolve } from "node:path";
function fail(message, where2, index, hint) {
  throw new ConfigError(`edits[${index}]: ${message}`, {
    input: "edits",
    ...where2.file === void 0 ? {} : { file: where2.file },
    ...lineField(where2.line),
    ...hint === void 0 ? {} : { hint }
  });
}
function itemsOf(source, node) {
  if (node === null) return [];
  if (!(0, import_yaml2.isSeq)(node)) {
    throw new ConfigError("edits must be a list.", {
      input: "edits",
      ...source.file === void 0 ? {} : { file: source.file },
      ...lineField(source.lineOf(node))
    });
  }
  return node.items.map((item) => ({
    value: toPlain(item),
    file: source.file,
    line: source.lineOf(item)
  }));
}
async function locate(raw) {
  const v = raw.value;
  if (v && typeof v === "object" && "yaml" in v && "node" in v) {
    const { yaml, node } = v;
    return { items: itemsOf(yaml, node), baseDir: raw.baseDir };
  }
  if (Array.isArray(v))
    return {
      items: v.map((value) => ({ value, file: raw.file, line: raw.line })),
      baseDir: raw.baseDir
    };
  if (typeof v !== "string")
    throw new ConfigError("edits must be a YAML/JSON list or a file holding one.", {
      input: raw.input,
      value: v
    });
  const text = v.trim();
  if (text === "") return { items: [], baseDir: raw.baseDir };
  const asPath = isAbsolute(text) ? text : resolve(raw.baseDir, text);
  if (!text.includes("\n") && /\.(ya?ml|json)$/i.test(text) && existsSync(asPath)) {
    const source2 = parseYamlSource(await readFile2(asPath, "utf8"), asPath, raw.input);
    return { items: itemsOf(source2, source2.contents), baseDir: dirname2(asPath) };
  }
  const source = parseYamlSource(text, raw.file, raw.input);
  return { items: itemsOf(source, source.contents), baseDir: raw.baseDir };
}
var str = (o, key) => {
  const v = o[key];
  return v === void 0 || v === null ? void 0 : typeof v === "object" ? void 0 : scalarText(v);
};
async function parseEdits(raw) {
  if (!raw) return [];
  const { items, baseDir } = await locate(raw);
  return items.map((item, index) => parseEdit(item, index, baseDir));
}
function parseEdit(item, index, baseDir) {
  const o = item.value;
  if (!o || typeof o !== "object" || Array.isArray(o))
    fail("each edit must be a map.", item, index);
  const e = o;
  const optional = e.optional === true || e.optional === "true";
  if (e.dropin !== void 0) {
    const from = str(e, "dropin");
    const to = str(e, "to");
    if (!from || !to)
      fail(
        "a dropin edit needs `dropin: <template folder>` and `to: <folder on the host>`.",
        item,
        index
      );
    const vars = {};
    if (e.vars !== void 0) {
      if (!e.vars || typeof e.vars !== "object" || Array.isArray(e.vars))
        fail("`vars` must be a map.", item, index);
      for (const [k, val] of Object.entries(e.vars))
        vars[k] = String(val);
    }
    if (!posix.isAbsolute(to))
      fail(`\`to\` must be an absolute path on the host, not ${JSON.stringify(to)}.`, item, index);
    return { kind: "dropin", from: isAbsolute(from) ? from : resolve(baseDir, from), to, vars };
  }
  const file = str(e, "file");
  if (!file)
    fail(
      "needs `file:` (or `dropin:`).",
      item,
      index,
      "Kinds: {file, replace, with}, {file, set, value}, {dropin, to, vars}."
    );
  if (!posix.isAbsolute(file))
    fail(
      `\`file\` must be an absolute path on the host, not ${JSON.stringify(file)}.`,
      item,
      index
    );
  if (e.replace !== void 0) {
    const pattern = str(e, "replace") ?? "";
    try {
      new RegExp(pattern, "m");
    } catch (error) {
      fail(
        `\`replace\` is not a valid regular expression: ${error.message}`,
        item,
        index
      );
    }
    if (e.with === void 0) fail("a replace edit needs `with:`.", item, index);
    return {
      kind: "replace",
      file,
      pattern,
      with: str(e, "with") ?? "",
      all: e.all !== false && e.all !== "false",
      optional
    };
  }
  if (e.set !== void 0) {
    const directive = str(e, "set") ?? "";
    if (!/^[A-Za-z_][\w]*$/.test(directive))
      fail("`set` must be a directive name like worker_processes.", item, index);
    if (e.value === void 0) fail("a set edit needs `value:`.", item, index);
    return { kind: "set", file, directive, value: str(e, "value") ?? "", optional };
  }
  return fail("needs `replace:` + `with:` or `set:` + `value:`.", item, index);
}
function applyTextEdit(text, edit) {
  let matches = 0;
  if (edit.kind === "replace") {
    const re2 = new RegExp(edit.pattern, edit.all ? "gm" : "m");
    const out2 = text.replace(re2, (...args) => {
      matches += 1;
      const groups = args.slice(1, -2);
      return edit.with.replace(/\$(\d)/g, (_m, d) => groups[Number(d) - 1] ?? "");
    });
    return { text: out2, matches };
  }
  const re = new RegExp(`^(\\s*)${edit.directive}(\\s+)[^;{]*;`, "gm");
  const out = text.replace(re, (_m, indent, space) => {
    matches += 1;
    return `${indent}${edit.directive}${space}${edit.value};`;
  });
  return { text: out, matches };
}
function renderTemplate(text, vars, file) {
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (match, name, offset) => {
    const value = vars[name];
    if (value === void 0) {
      const line = text.slice(0, offset).split("\n").length;
      throw new ConfigError(`Template variable {{${name}}} is not defined.`, {
        file,
        line,
        input: "edits",
        value: match,
        hint: `Define it under \`vars:\` of the dropin edit (known: ${Object.keys(vars).join(", ") || "none"}).`
      });
    }
    return value;
  });
}

// src/install/option-values.ts
function where(raw) {
  return {
    input: raw.input,
    value: raw.value,
    ...raw.file === void 0 ? {} : { file: raw.file },
    ...lineField(raw.line)
  };
}
function parseArgv(raw) {
  const v = raw.value;
  let argv = v;
  if (typeof v === "string") {
    const text = v.trim();
    if (text.startsWith("[")) {
      try {
        argv = JSON.parse(text);
      } catch {
        throw new ConfigError("Not a valid JSON array of arguments.", where(raw));
      }
    } else {
      argv = text.split(/\s+/).filter((s) => s !== "");
    }
  }
  if (!Array.isArray(argv) || argv.length === 0 || argv.some((a) => typeof a !== "string" && typeof a !== "number")) {
    throw new ConfigError(
      "Expected a command: words separated by spaces or a JSON array of strings.",
      where(raw)
    );
  }
  return argv.map(String);
}
function parseReload(raw) {
  if (!raw) return { kind: "none" };
  const text = String(raw.value).trim();
  const colon = text.indexOf(":");
  const kind = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? "" : text.slice(colon + 1).trim();
  const name = (value) => {
    if (!/^[\w@:.\\][\w@:.\\-]*$/.test(value))
      throw new ConfigError(
        `reload "${kind}" needs a unit or service name (letters, digits, @ : . _ \\ -, not starting with -).`,
        where(raw)
      );
    return value;
  };
  const need = (what) => {
    if (arg === "")
      throw new ConfigError(
        `reload "${kind}" needs ${what} after a colon, e.g. ${kind}:${what}.`,
        where(raw)
      );
    return arg;
  };
  switch (kind) {
    case "none":
    case "":
      return { kind: "none" };
    case "systemctl":
      return { kind: "systemctl", unit: name(need("nginx")) };
    case "service":
      return { kind: "service", name: name(need("nginx")) };
    case "nginx":
      return { kind: "command", argv: ["nginx", "-s", "reload"] };
    case "pid-file": {
      const m = /^(.*?)(?::(SIG)?([A-Z0-9]+))?$/.exec(need("/run/nginx.pid"));
      if (!m[1].startsWith("/"))
        throw new ConfigError("reload pid-file needs an absolute path on the host.", where(raw));
      return { kind: "pid-file", path: m[1], signal: m[3] ?? "HUP" };
    }
    case "command":
      return { kind: "command", argv: parseArgv({ ...raw, value: need("nginx -s reload") }) };
    default:
      throw new ConfigError(
        "Unknown reload method: use none, systemctl:UNIT, service:NAME, nginx, pid-file:PATH[:SIGNAL] or command:ARGS.",
        where(raw)
      );
  }
}
function parseProbe(probe, regex) {
  const text = probe === void 0 ? "package-db" : String(probe.value).trim();
  if (text === "" || text === "package-db") {
    if (regex) throw new ConfigError("version-regex needs a version-probe command.", where(regex));
    return { kind: "package-db" };
  }
  const pattern = regex === void 0 ? "(\\d[\\w.:~+^-]*)" : String(regex.value);
  let compiled;
  try {
    compiled = new RegExp(pattern);
  } catch (error) {
    throw new ConfigError(
      `Not a valid regular expression: ${error.message}`,
      where(regex)
    );
  }
  if (!/\((?!\?)/.test(compiled.source)) {
    throw new ConfigError(
      "version-regex needs a capture group holding the version, e.g. wswaf/(\\S+).",
      where(regex)
    );
  }
  return { kind: "command", argv: parseArgv(probe), regex: pattern };
}
function parsePatterns(raw, defaults) {
  if (!raw) return defaults;
  const list = Array.isArray(raw.value) ? raw.value.map(String) : parseList(String(raw.value));
  if (list.length === 1 && list[0] === "none") return [];
  for (const p of list) {
    try {
      new RegExp(p);
    } catch (error) {
      throw new ConfigError(
        `Not a valid regular expression "${p}": ${error.message}`,
        where(raw)
      );
    }
  }
  return list;
}
function parseUserNames(raw) {
  if (!raw) return [];
  const list = Array.isArray(raw.value) ? raw.value.map(String) : parseList(String(raw.value));
  if (list.length === 1 && list[0] === "none") return [];
  for (const user of list) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/.test(user)) {
      throw new ConfigError(`Not a user name: ${JSON.stringify(user)}.`, {
        ...where(raw),
        hint: "List user names (letters, digits, _ . -, not starting with -), separated by commas."
      });
    }
  }
  return list;
}

// src/install/schema.ts
var INSTALL_SCHEMA = {
  mode: {
    type: "enum",
    values: ["install", "restore"],
    default: "install",
    help: "install, or restore: put back every file, crontab line and timer the install step changed (run it with if: always())."
  },
  package: {
    type: "string",
    metavar: "FILE|URL",
    help: "The build to install: a .deb, .rpm, .tar(.gz|.xz) or a folder; a local path or an http(s) URL."
  },
  "package-kind": {
    type: "enum",
    metavar: "KIND",
    values: ["auto", "deb", "rpm", "tarball", "directory"],
    default: "auto",
    help: "deb, rpm, tarball or directory; auto: by the file name."
  },
  "package-sha256": {
    type: "string",
    metavar: "HEX",
    help: "Expected SHA-256 of the package file (64 hex digits), verified before anything is installed. Without it a URL is checked against <url>.sha256 or SHA256SUMS next to it when published."
  },
  "package-max-mb": {
    type: "integer",
    unit: "MiB",
    min: 1,
    max: 1024 * 1024,
    default: 2048,
    help: "Largest package download accepted (a bigger one is stopped and deleted)."
  },
  "package-name": {
    type: "string",
    metavar: "NAME",
    defaultText: "install-dir's name",
    help: "Name of a tarball/folder build."
  },
  manifest: {
    type: "string",
    metavar: "FILE",
    default: "VERSION",
    help: "Tarball/folder builds: the file inside holding the version."
  },
  "install-dir": {
    type: "path",
    metavar: "DIR",
    help: "Tarball/folder builds: where the build is unpacked (an absolute path on the host)."
  },
  "deb-installer": {
    type: "enum",
    values: ["dpkg", "apt"],
    default: "dpkg",
    help: "dpkg -i, or apt-get install ./file.deb."
  },
  ...HOST_SCHEMA,
  "version-probe": {
    type: "string",
    metavar: "CMD",
    default: "package-db",
    help: 'How the installed version is proven: package-db, or a command, e.g. "nginx -v" or a JSON array.'
  },
  "version-regex": {
    type: "string",
    metavar: "RE",
    defaultText: "the first version-like token",
    help: "Regex whose group 1 is the version in the probe output, e.g. wswaf/(\\S+)."
  },
  edits: {
    type: "string",
    metavar: "YAML|FILE",
    help: "Configuration edits (YAML/JSON list or a file): {file, replace, with}, {file, set, value}, {dropin, to, vars}."
  },
  check: {
    type: "string",
    metavar: "CMD",
    default: "nginx -t",
    help: "Validation before reload: a command (words or a JSON array), or none."
  },
  reload: {
    type: "string",
    metavar: "METHOD",
    default: "none",
    help: "Reload method: none, systemctl:UNIT, service:NAME, nginx, pid-file:PATH[:SIGNAL] or command:ARGS."
  },
  "health-url": { type: "url", help: "URL probed after reload until it answers health-status." },
  "health-host": { type: "string", metavar: "NAME", help: "Host header of the health probe." },
  "health-status": {
    type: "integer",
    metavar: "CODE",
    min: 100,
    max: 599,
    default: 200,
    help: "Expected status of the health probe."
  },
  "health-timeout": {
    type: "duration",
    default: 3e4,
    help: "Give up waiting for health after this long."
  },
  "health-interval": {
    type: "duration",
    default: 250,
    help: "Pause between failed health probes."
  },
  "pause-cron": {
    type: "string",
    metavar: "RE,RE",
    defaultText: "log packaging, config reloaders, logrotate",
    help: "Regexes (one per line or comma-separated) of crontab lines to pause during the test; none disables."
  },
  "pause-cron-users": {
    type: "list",
    metavar: "U,U",
    defaultText: "the connecting user",
    help: "Users whose crontabs are searched."
  },
  "cron-dir": {
    type: "path",
    metavar: "DIR",
    default: "/etc/cron.d",
    help: "Cron drop-in folder searched too (an absolute path on the host)."
  },
  "pause-timers": {
    type: "string",
    metavar: "RE,RE",
    defaultText: "^logrotate\\.timer$",
    help: "Regexes of systemd timers to stop during the test; none disables."
  },
  "access-log": {
    type: "path",
    metavar: "FILE",
    help: "The WAF access log, cleared (see access-log-action) once the build is healthy."
  },
  "access-log-action": {
    type: "enum",
    metavar: "ACTION",
    values: ["truncate", "rotate", "none"],
    default: "truncate",
    help: "How the access log is cleared."
  },
  "state-file": {
    type: "path",
    metavar: "FILE",
    defaultText: "$RUNNER_TEMP (or the temp dir)/waf-gate-install-state.json",
    help: "Where the record of every change is kept for restore."
  },
  "command-timeout": {
    type: "duration",
    default: 6e5,
    help: "Limit per package or service command."
  },
  "run-id": {
    type: "string",
    metavar: "ID",
    pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
    patternText: '1-100 letters, digits, ".", "_" or "-" (not starting with one of the last three)',
    defaultText: "gh-<GITHUB_RUN_ID>, else random",
    help: "Names this run on the WAF host (lock holder, state copy); restore from elsewhere with mode restore, host and run-id."
  },
  "lock-file": {
    type: "path",
    metavar: "PATH",
    default: "/var/lib/waf-gate/lock.json",
    help: "Lock on the WAF host held from install to restore (one run per host); state copies go to state/ next to it; none disables both."
  },
  "lock-lease": {
    type: "duration",
    default: 2 * 36e5,
    help: "The lock expires (and may be taken over) unless renewed within this."
  },
  "running-check": {
    type: "enum",
    values: ["auto", "none"],
    default: "auto",
    help: "auto: after reload, check that the nginx master and every worker run the installed binary (/proc/<pid>/exe) when the pid file exists and reload is not none; none skips it."
  },
  "nginx-binary": {
    type: "path",
    metavar: "PATH",
    default: "/usr/sbin/nginx",
    help: "The installed nginx binary on the WAF host."
  },
  "nginx-pid-file": {
    type: "path",
    metavar: "PATH",
    defaultText: "the reload pid file, else /run/nginx.pid",
    help: "The nginx master pid file."
  },
  "reload-mismatch": {
    type: "enum",
    metavar: "M",
    values: ["restart", "binary-upgrade", "fail"],
    default: "restart",
    help: "When a process runs another (deleted) binary: restart, binary-upgrade (USR2, WINCH, QUIT) or fail."
  },
  "start-command": {
    type: "string",
    metavar: "CMD",
    help: "How to start nginx after stopping it, for restart with a pid-file or command reload."
  }
};

// src/install/options.ts
var INSTALL_INPUTS = optionNames(INSTALL_SCHEMA);
var DEFAULT_CRON_PATTERNS = [
  "package_access_log\\.sh",
  "package_log\\.sh",
  "check_conf_to_reload",
  "\\blogrotate\\b"
];
var DEFAULT_TIMER_PATTERNS = ["^logrotate\\.timer$"];
function defaultStateFile() {
  return join(process.env.RUNNER_TEMP || tmpdir(), "waf-gate-install-state.json");
}
var DEFAULT_LOCK_FILE = INSTALL_SCHEMA["lock-file"].default;
function defaultRunId() {
  const id = process.env.GITHUB_RUN_ID;
  return id !== void 0 && /^\d+$/.test(id) ? `gh-${id}` : void 0;
}
async function parseInstallOptions(raw) {
  const s = (name) => {
    const v = raw.get(name);
    if (v === void 0 || v.value === null || v.value === void 0) return void 0;
    const text = scalarText(v.value).trim();
    return text === "" ? void 0 : text;
  };
  const r = (name) => {
    const v = raw.get(name);
    if (!v || v.value === null || v.value === void 0) return void 0;
    return typeof v.value === "string" && v.value.trim() === "" ? void 0 : v;
  };
  const path = (name) => {
    const v = s(name);
    return v === void 0 ? void 0 : isAbsolute2(v) || v.includes("://") || v.startsWith("artifact:") ? v : resolve2(raw.get(name).baseDir, v);
  };
  const hostPath = (name) => {
    const v = s(name);
    if (v !== void 0 && !posix2.isAbsolute(v)) {
      throw new ConfigError(`${name} must be an absolute path on the host.`, {
        ...where(raw.get(name)),
        hint: `Give the full path, e.g. /${v.replace(/^[./-]+/, "")}.`
      });
    }
    return v;
  };
  const at = (name) => {
    const v = r(name);
    if (v === void 0) return optionDefault(INSTALL_SCHEMA[name]);
    try {
      const value = typeof v.value === "boolean" ? v.value : String(v.value);
      return parseOptionValue(INSTALL_SCHEMA[name], v.input, value);
    } catch (error) {
      throw new ConfigError(error.message, where(v));
    }
  };
  const mode = at("mode");
  const pkg = path("package");
  if (mode === "install" && pkg === void 0) {
    throw new ConfigError("A package is required to install.", {
      input: "package",
      hint: "Give a .deb, .rpm, tarball or folder path, an http(s) URL, or artifact:<name>; or use mode restore."
    });
  }
  const packageKind = at("package-kind");
  const sha256Raw = s("package-sha256");
  const sha2562 = sha256Raw?.replace(/^sha256:/i, "").toLowerCase();
  if (sha2562 !== void 0 && !/^[0-9a-f]{64}$/.test(sha2562)) {
    throw new ConfigError('package-sha256 must be 64 hexadecimal digits (optionally "sha256:\u2026").', {
      ...where(raw.get("package-sha256")),
      hint: "Use the output of sha256sum for the package file."
    });
  }
  const maxMb = at("package-max-mb");
  const health = at("health-url");
  if (s("health-url") === void 0 && (s("health-host") ?? s("health-status")) !== void 0) {
    throw new ConfigError(
      "health-host/health-status need health-url.",
      where(raw.get("health-host") ?? raw.get("health-status"))
    );
  }
  const expectedStatus = at("health-status");
  const accessLog = path("access-log");
  const ssh = {};
  for (const key of ["ssh-key", "ssh-passphrase", "known-hosts", "host-fingerprint"]) {
    const v = s(key);
    if (v !== void 0) ssh[key] = v;
  }
  const check = s("check");
  const runId = at("run-id") ?? defaultRunId();
  const lockFileRaw = s("lock-file");
  const reload = parseReload(r("reload"));
  const edits = await parseEdits(r("edits"));
  const options = {
    mode,
    host: s("host") === void 0 ? "local" : formatHostSpec(parseHostSpec(raw.get("host").input, s("host"))),
    ssh,
    ...pkg === void 0 ? {} : { package: pkg },
    packageKind,
    ...sha2562 === void 0 ? {} : { packageSha256: sha2562 },
    packageMaxBytes: maxMb * 1024 * 1024,
    ...s("package-name") === void 0 ? {} : { packageName: s("package-name") },
    manifest: at("manifest"),
    ...hostPath("install-dir") === void 0 ? {} : { installDir: hostPath("install-dir") },
    debInstaller: at("deb-installer"),
    versionProbe: parseProbe(r("version-probe"), r("version-regex")),
    edits,
    check: check === "none" ? null : check === void 0 ? ["nginx", "-t"] : parseArgv(raw.get("check")),
    reload,
    ...health === void 0 ? {} : {
      health: {
        url: health,
        ...s("health-host") === void 0 ? {} : { hostHeader: s("health-host") },
        expectedStatus,
        timeoutMs: at("health-timeout"),
        intervalMs: at("health-interval")
      }
    },
    quiet: {
      cronPatterns: parsePatterns(r("pause-cron"), DEFAULT_CRON_PATTERNS),
      cronUsers: parseUserNames(r("pause-cron-users")),
      cronDir: hostPath("cron-dir") ?? at("cron-dir"),
      timerPatterns: parsePatterns(r("pause-timers"), DEFAULT_TIMER_PATTERNS),
      ...accessLog === void 0 ? {} : { accessLog },
      accessLogAction: at("access-log-action")
    },
    stateFile: path("state-file") ?? defaultStateFile(),
    commandTimeoutMs: at("command-timeout"),
    ...runId === void 0 ? {} : { runId },
    lockFile: lockFileRaw === "none" ? null : hostPath("lock-file") ?? DEFAULT_LOCK_FILE,
    lockLeaseMs: at("lock-lease"),
    running: {
      check: at("running-check"),
      binary: hostPath("nginx-binary") ?? at("nginx-binary"),
      pidFile: hostPath("nginx-pid-file") ?? (reload.kind === "pid-file" ? reload.path : "/run/nginx.pid"),
      onMismatch: at("reload-mismatch"),
      ...s("start-command") === void 0 ? {} : { startCommand: parseArgv(raw.get("start-command")) }
    }
  };
  if ((options.packageKind === "tarball" || options.packageKind === "directory") && options.installDir === void 0) {
    throw new ConfigError(
      "A tarball or folder build needs install-dir (where it is unpacked on the host).",
      {
        input: "install-dir"
      }
    );
  }
  return options;
}
function rawInputsFrom(values, inputPrefix = "", baseDir = process.cwd()) {
  const raw = /* @__PURE__ */ new Map();
  for (const [name, value] of Object.entries(values)) {
    if (value !== void 0 && value !== "")
      raw.set(name, { value, input: `${inputPrefix}${name}`, baseDir });
  }
  return raw;
}
function mergeRawInputs(...layers) {
  const out = /* @__PURE__ */ new Map();
  for (const layer of layers) for (const [k, v] of layer) out.set(k, v);
  return out;
}

// src/install/host-open.ts
function openInstallHost(spec, ssh, logger) {
  return openHostFromInputs(spec, ssh, logger);
}

// src/install/state.ts
import { randomBytes } from "node:crypto";
import { readFile as readFile3, rm } from "node:fs/promises";
import { posix as posix3 } from "node:path";
var FORMAT = "waf-gate-install-state/1";
async function readState(path) {
  let text;
  try {
    text = await readFile3(path, "utf8");
  } catch (error) {
    if (error.code === "ENOENT") return null;
    throw new ConfigError("Cannot read the install state file.", {
      file: path,
      cause: error,
      input: "state-file"
    });
  }
  return parseState(text, path);
}
async function readHostState(host, path) {
  let text;
  try {
    text = (await host.readFile(path)).toString("utf8");
  } catch (error) {
    if (error.code === "ENOENT") return null;
    throw new ConfigError(`Cannot read the install state copy on ${host.name}.`, {
      file: path,
      cause: error,
      input: "run-id"
    });
  }
  return parseState(text, `${path} on ${host.name}`);
}
function parseState(text, path) {
  let state;
  try {
    state = JSON.parse(text);
  } catch (error) {
    throw new ConfigError("The install state file is not valid JSON.", {
      file: path,
      cause: error,
      input: "state-file"
    });
  }
  if (state.format !== FORMAT || !Array.isArray(state.changes)) {
    throw new ConfigError(`Not an install state file (expected format ${FORMAT}).`, {
      file: path,
      input: "state-file"
    });
  }
  return state;
}
function newRunId() {
  return `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
}
var StateStore = class _StateStore {
  constructor(path, state, copy) {
    this.path = path;
    this.state = state;
    this.copy = copy;
  }
  path;
  state;
  copy;
  /** Starts a new state file for run `runId` on `host`. */
  static async create(path, host, reload, runId = newRunId(), copy, lockPath, masterPidFile) {
    const state = {
      format: FORMAT,
      runId,
      host,
      createdAt: (/* @__PURE__ */ new Date()).toISOString(),
      pid: process.pid,
      reload,
      ...masterPidFile === void 0 ? {} : { masterPidFile },
      ...copy === void 0 || lockPath === void 0 ? {} : { lock: { path: lockPath, statePath: copy.path } },
      reloaded: false,
      changes: []
    };
    const store = new _StateStore(path, state, copy);
    await store.save();
    return store;
  }
  /** Wraps an existing state (for restore); `path` null when it was read from the host copy only. */
  static of(path, state, copy) {
    return new _StateStore(path, state, copy);
  }
  /** Where the state is kept, for messages. */
  get where() {
    const copy = this.copy === void 0 ? void 0 : `${this.copy.path} on ${this.copy.host.name}`;
    return [this.path, copy].filter((p) => p !== null && p !== void 0).join(" and ");
  }
  /** Marker prefixed to crontab lines this run comments out. */
  get cronMarker() {
    return `#waf-gate-paused:${this.state.runId}# `;
  }
  /** Records a change, then writes the file: call BEFORE making the change. */
  async record(change) {
    this.state.changes.push(change);
    await this.save();
  }
  /** Notes that a reload happened with changed configuration. */
  async markReloaded() {
    if (this.state.reloaded) return;
    this.state.reloaded = true;
    await this.save();
  }
  /** Keeps only `changes` (those not yet undone) and writes the file. */
  async replaceChanges(changes) {
    this.state.changes = changes;
    await this.save();
  }
  async save() {
    if (this.path !== null) await writeJsonFile(this.path, this.state);
    if (this.copy !== void 0) {
      await this.copy.host.mkdir(posix3.dirname(this.copy.path), { recursive: true, mode: 448 });
      await this.copy.host.writeFile(this.copy.path, `${JSON.stringify(this.state, null, 2)}
`, {
        mode: 384
      });
    }
  }
  /** Deletes the state file and its host copy (everything is restored). */
  async remove() {
    if (this.path !== null) await rm(this.path, { force: true });
    if (this.copy !== void 0) await this.copy.host.rm(this.copy.path, { force: true });
  }
};

// src/install/restore.ts
import { rm as rm2 } from "node:fs/promises";

// src/install/configure.ts
import { readdir, readFile as readFile4 } from "node:fs/promises";
import { join as join2, posix as posix4 } from "node:path";
async function writeWithBackup(host, path, content, store) {
  const stat2 = await host.stat(path);
  const before = stat2 === null ? null : await host.readFile(path);
  if (before !== null && before.toString("utf8") === content) return false;
  const mode = stat2 === null ? void 0 : stat2.mode & 4095;
  await store.record({
    kind: "file",
    path,
    existed: before !== null,
    ...before === null ? {} : { contentBase64: before.toString("base64") },
    ...mode === void 0 ? {} : { mode }
  });
  await host.writeFile(path, content, mode === void 0 ? {} : { mode });
  return true;
}
async function applyEdits(host, edits, store, logger) {
  const changed = [];
  const texts = /* @__PURE__ */ new Map();
  const order = [];
  for (const [index, edit] of edits.entries()) {
    if (edit.kind === "dropin") continue;
    let text = texts.get(edit.file);
    if (text === void 0) {
      if (await host.stat(edit.file) === null) {
        throw new WafGateError(
          "E_EDIT_FILE",
          `edits[${index}]: ${edit.file} does not exist on ${host.name}`,
          {
            hint: "Check the file path of the edit."
          }
        );
      }
      text = (await host.readFile(edit.file)).toString("utf8");
      order.push(edit.file);
    }
    const result = applyTextEdit(text, edit);
    if (result.matches === 0 && !edit.optional) {
      const what = edit.kind === "replace" ? `pattern /${edit.pattern}/` : `directive ${edit.directive}`;
      throw new WafGateError(
        "E_EDIT_NO_MATCH",
        `edits[${index}]: ${what} matched nothing in ${edit.file}`,
        {
          hint: "Fix the pattern, or set `optional: true` on the edit."
        }
      );
    }
    texts.set(edit.file, result.text);
  }
  for (const file of order) {
    if (await writeWithBackup(host, file, texts.get(file), store)) {
      changed.push(file);
      logger.info(`Edited ${file}.`);
    }
  }
  for (const edit of edits) {
    if (edit.kind !== "dropin") continue;
    const entries = (await readdir(edit.from, { withFileTypes: true })).filter((e) => e.isFile()).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const source = join2(edit.from, entry.name);
      const rendered = renderTemplate(await readFile4(source, "utf8"), edit.vars, source);
      const target = posix4.join(edit.to, entry.name);
      if (await writeWithBackup(host, target, rendered, store)) {
        changed.push(target);
        logger.info(`Wrote ${target} from ${source}.`);
      }
    }
  }
  return changed;
}
async function validateConfig(host, check, timeoutMs = 6e4) {
  const [command, ...args] = check;
  const result = await host.exec(command, args, { allowFailure: true, timeoutMs });
  if (result.exitCode !== 0) {
    const output = `${result.stderr}
${result.stdout}`.trim();
    throw new WafGateError(
      "E_CONFIG_INVALID",
      `Configuration check failed (${check.join(" ")}): ${output}`,
      {
        context: { host: host.name, exitCode: result.exitCode ?? result.signal ?? "unknown" },
        hint: "The edited files were restored from their backups; fix the edits and run again."
      }
    );
  }
}
async function restoreFileChange(host, change) {
  if (!change.existed) {
    await host.rm(change.path, { force: true });
    return;
  }
  const content = Buffer.from(change.contentBase64 ?? "", "base64");
  await host.writeFile(
    change.path,
    content,
    change.mode === void 0 ? {} : { mode: change.mode }
  );
}

// src/install/quiet.ts
import { posix as posix5 } from "node:path";
var userArgs = (user) => user === null ? [] : ["-u", user];
function pauseLines(text, patterns, marker) {
  let count = 0;
  const lines2 = text.split("\n").map((line) => {
    if (line.trimStart().startsWith("#") || line.trim() === "") return line;
    if (!patterns.some((p) => p.test(line))) return line;
    count += 1;
    return `${marker}${line}`;
  });
  return { text: lines2.join("\n"), count };
}
function unpauseLines(text, marker) {
  let count = 0;
  const lines2 = text.split("\n").map((line) => {
    if (!line.startsWith(marker)) return line;
    count += 1;
    return line.slice(marker.length);
  });
  return { text: lines2.join("\n"), count };
}
async function readCrontab(host, user) {
  const result = await host.exec("crontab", [...userArgs(user), "-l"], { allowFailure: true });
  if (result.exitCode === 0) return result.stdout;
  if (/no crontab/i.test(result.stderr)) return null;
  throw new WafGateError(
    "E_CRON",
    `crontab -l failed for ${user ?? "the current user"}: ${result.stderr.trim()}`,
    {
      context: { host: host.name }
    }
  );
}
async function writeCrontab(host, user, text) {
  await host.exec("crontab", [...userArgs(user), "-"], {
    input: text.endsWith("\n") ? text : `${text}
`
  });
}
async function listFiles(host, dir) {
  if (!posix5.isAbsolute(dir)) {
    throw new ConfigError("cron-dir must be an absolute path on the host.", {
      input: "cron-dir",
      value: dir,
      hint: "Give the full path, e.g. /etc/cron.d."
    });
  }
  const listing = await host.exec(
    "find",
    [dir, "-mindepth", "1", "-maxdepth", "1", "-type", "f", "-print0"],
    {}
  );
  return listing.stdout.split("\0").filter((p) => p !== "" && !p.includes(".waf-gate-"));
}
async function pauseCron(host, options, store, result, logger) {
  const patterns = options.cronPatterns.map((p) => new RegExp(p));
  const marker = store.cronMarker;
  const users = options.cronUsers.length === 0 ? [null] : options.cronUsers;
  for (const user of users) {
    let text;
    try {
      text = await readCrontab(host, user);
    } catch (error) {
      if (error.code === "E_EXEC_NOT_FOUND") {
        result.notes.push("crontab is not installed on the host: user crontabs left alone");
        break;
      }
      throw error;
    }
    if (text === null) continue;
    const paused = pauseLines(text, patterns, marker);
    if (paused.count === 0) continue;
    await store.record({ kind: "cron-user", user, marker });
    await writeCrontab(host, user, paused.text);
    result.pausedCronLines += paused.count;
    logger.info(`Paused ${paused.count} crontab line(s) of ${user ?? "the current user"}.`);
  }
  const dir = await host.stat(options.cronDir);
  if (!dir?.isDirectory) return;
  for (const path of await listFiles(host, options.cronDir)) {
    const text = (await host.readFile(path)).toString("utf8");
    const paused = pauseLines(text, patterns, marker);
    if (paused.count === 0) continue;
    const stat2 = await host.stat(path);
    await store.record({ kind: "cron-file", path, marker });
    await host.writeFile(path, paused.text, stat2 ? { mode: stat2.mode & 4095 } : {});
    result.pausedCronLines += paused.count;
    logger.info(`Paused ${paused.count} line(s) in ${path}.`);
  }
}
var SYSTEMD_UP_STATES = /* @__PURE__ */ new Set([
  "initializing",
  "starting",
  "running",
  "degraded",
  "maintenance",
  "stopping"
]);
async function systemdIsRunning(host) {
  let state;
  try {
    const probe = await host.exec("systemctl", ["is-system-running"], {
      allowFailure: true,
      timeoutMs: 15e3
    });
    state = probe.stdout.trim().split(/\s+/)[0] ?? "";
  } catch (error) {
    if (error.code === "E_EXEC_NOT_FOUND") return false;
    throw error;
  }
  return SYSTEMD_UP_STATES.has(state);
}
async function pauseTimers(host, options, store, result, logger) {
  if (!await systemdIsRunning(host)) {
    result.notes.push("systemd is not running on the host: timers left alone");
    return;
  }
  const patterns = options.timerPatterns.map((p) => new RegExp(p));
  const list = await host.exec(
    "systemctl",
    ["list-units", "--type=timer", "--state=active", "--no-legend", "--plain"],
    {}
  );
  const units = list.stdout.split("\n").map((l) => l.trim().split(/\s+/)[0] ?? "").filter((u) => u.endsWith(".timer") && !u.startsWith("-") && patterns.some((p) => p.test(u)));
  for (const unit of units) {
    await store.record({ kind: "timer", unit });
    await host.exec("systemctl", ["stop", unit], {});
    result.stoppedTimers.push(unit);
    logger.info(`Stopped ${unit}.`);
  }
}
async function quietMachine(host, options, store, logger) {
  const result = { pausedCronLines: 0, stoppedTimers: [], notes: [] };
  if (options.cronPatterns.length > 0) await pauseCron(host, options, store, result, logger);
  if (options.timerPatterns.length > 0) await pauseTimers(host, options, store, result, logger);
  return result;
}
async function clearAccessLog(host, options, store, logger) {
  const path = options.accessLog;
  if (path === void 0 || options.accessLogAction === "none") return false;
  if (await host.stat(path) === null) {
    logger.info(`Access log ${path} does not exist yet; nothing to clear.`);
    return false;
  }
  if (options.accessLogAction === "truncate") {
    await store.record({ kind: "access-log", path, action: "truncate" });
    await host.exec("truncate", ["-s", "0", "--", path], {});
    logger.info(`Truncated ${path}.`);
    return false;
  }
  const rotatedTo = `${path}.waf-gate-${store.state.runId}`;
  await store.record({ kind: "access-log", path, action: "rotate", rotatedTo });
  await host.rename(path, rotatedTo);
  logger.info(`Rotated ${path} to ${rotatedTo}.`);
  return true;
}
async function restoreQuietChange(host, change) {
  switch (change.kind) {
    case "cron-user": {
      const text = await readCrontab(host, change.user);
      if (text === null) return true;
      const restored = unpauseLines(text, change.marker);
      if (restored.count > 0) await writeCrontab(host, change.user, restored.text);
      return true;
    }
    case "cron-file": {
      const stat2 = await host.stat(change.path);
      if (stat2 === null) return true;
      const restored = unpauseLines(
        (await host.readFile(change.path)).toString("utf8"),
        change.marker
      );
      if (restored.count > 0)
        await host.writeFile(change.path, restored.text, { mode: stat2.mode & 4095 });
      return true;
    }
    case "timer":
      await host.exec("systemctl", ["start", change.unit], {});
      return true;
    default:
      return false;
  }
}

// src/install/reload.ts
function describeReload(spec) {
  switch (spec.kind) {
    case "none":
      return "none";
    case "systemctl":
      return `systemctl reload ${spec.unit}`;
    case "service":
      return `service ${spec.name} reload`;
    case "pid-file":
      return `kill -s ${spec.signal} $(cat ${spec.path})`;
    case "command":
      return spec.argv.join(" ");
  }
}
async function signalPidFile(host, pidFile, signal2) {
  let text;
  try {
    text = (await host.readFile(pidFile)).toString("utf8").trim();
  } catch (error) {
    throw new WafGateError("E_RELOAD", `Cannot read the pid file ${pidFile}`, {
      cause: error,
      context: { host: host.name }
    });
  }
  if (!/^\d+$/.test(text)) {
    throw new WafGateError("E_RELOAD", `The pid file ${pidFile} does not hold a process id`, {
      context: { content: text.slice(0, 40) }
    });
  }
  await host.exec("kill", ["-s", signal2, text], {});
  return Number(text);
}
async function reloadWaf(host, spec, timeoutMs = 6e4) {
  try {
    switch (spec.kind) {
      case "none":
        return false;
      case "systemctl":
        await host.exec("systemctl", ["reload", spec.unit], { timeoutMs });
        return true;
      case "service":
        await host.exec("service", [spec.name, "reload"], { timeoutMs });
        return true;
      case "pid-file":
        await signalPidFile(host, spec.path, spec.signal);
        return true;
      case "command": {
        const [command, ...args] = spec.argv;
        await host.exec(command, args, { timeoutMs });
        return true;
      }
    }
  } catch (error) {
    if (error.code === "E_RELOAD") throw error;
    const stderr = error.context?.stderr;
    throw new WafGateError(
      "E_RELOAD",
      `Reload failed (${describeReload(spec)})${stderr ? `: ${String(stderr)}` : ""}`,
      {
        cause: error,
        context: { host: host.name },
        hint: "Check the reload input: none, systemctl:UNIT, service:NAME, nginx, pid-file:PATH or command:ARGS."
      }
    );
  }
}

// src/install/running-binary.ts
import { posix as posix6 } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
async function readPid(host, pidFile) {
  let text;
  try {
    text = (await host.readFile(pidFile)).toString("utf8").trim();
  } catch (error) {
    if (error.code === "ENOENT") return null;
    throw error;
  }
  if (!/^\d+$/.test(text)) {
    throw new WafGateError(
      "E_RUNNING_BINARY",
      `The pid file ${pidFile} does not hold a process id`,
      {
        context: { host: host.name, content: text.slice(0, 40) }
      }
    );
  }
  return Number(text);
}
async function childPids(host, pid) {
  const ps = await host.exec("ps", ["-o", "pid=", "--ppid", String(pid)], { allowFailure: true });
  return ps.stdout.split(/\s+/).filter((p) => /^\d+$/.test(p)).map(Number);
}
async function alive(host, pid) {
  const ps = await host.exec("ps", ["-o", "stat=", "-p", String(pid)], { allowFailure: true });
  const stat2 = ps.stdout.trim();
  return ps.exitCode === 0 && stat2 !== "" && !stat2.startsWith("Z");
}
async function fileId(host, path) {
  const r = await host.exec("stat", ["-L", "-c", "%d:%i", "--", path], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim() : null;
}
async function sha256(host, path) {
  const r = await host.exec("sha256sum", ["--", path], { allowFailure: true });
  return r.exitCode === 0 ? r.stdout.trim().split(/\s+/)[0] ?? null : null;
}
async function inspectRunning(host, binary, pidFile) {
  const master = await readPid(host, pidFile);
  if (master === null) return null;
  if (!await alive(host, master)) {
    throw new WafGateError(
      "E_RUNNING_BINARY",
      `The nginx master ${master} named in ${pidFile} is not running on ${host.name}`,
      { context: { host: host.name, pidFile }, hint: "Start nginx, or fix nginx-pid-file." }
    );
  }
  const binaryId = await fileId(host, binary);
  if (binaryId === null) {
    throw new WafGateError(
      "E_RUNNING_BINARY",
      `The installed binary ${binary} is missing on ${host.name}`,
      {
        context: { host: host.name },
        hint: "Set nginx-binary to the path the package installs nginx to."
      }
    );
  }
  let binaryHash;
  const workers = await childPids(host, master);
  const processes = [];
  for (const [pid, role] of [
    [master, "master"],
    ...workers.map((w) => [w, "worker"])
  ]) {
    const link = await host.exec("readlink", ["--", `/proc/${pid}/exe`], { allowFailure: true });
    if (link.exitCode !== 0 && role === "worker") continue;
    const exe = link.stdout.trim();
    const deleted = exe.endsWith(" (deleted)") || exe === "";
    const id = deleted ? null : await fileId(host, `/proc/${pid}/exe`);
    if (id === null && role === "worker" && !await alive(host, pid)) continue;
    let same = id !== null && id === binaryId;
    if (!deleted && id === null) {
      binaryHash ??= await sha256(host, binary);
      same = binaryHash !== null && await sha256(host, `/proc/${pid}/exe`) === binaryHash;
    }
    processes.push({ pid, role, exe: exe === "" ? "(unreadable)" : exe, deleted, same });
  }
  return { master, processes, stale: processes.filter((p) => !p.same) };
}
function describeStale(stale) {
  return stale.map((p) => `pid ${p.pid} (${p.role}) runs ${p.exe}`).join("; ");
}
async function waitUntil(check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (; ; ) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await delay(100);
  }
}
async function signal(host, name, pid) {
  await host.exec("kill", ["-s", name, "--", String(pid)]);
}
async function waitNewMaster(host, pidFile, old, timeoutMs) {
  const ok = await waitUntil(async () => {
    const pid = await readPid(host, pidFile).catch(() => null);
    return pid !== null && pid !== old && await alive(host, pid);
  }, timeoutMs);
  if (!ok) {
    throw new WafGateError(
      "E_RUNNING_BINARY",
      `No new nginx master appeared in ${pidFile} on ${host.name}`,
      {
        context: { host: host.name, oldMaster: old },
        hint: "Check the nginx error log; binary-upgrade needs nginx started with an absolute binary path."
      }
    );
  }
}
async function restart(host, options, reload, master, timeoutMs) {
  if (reload.kind === "systemctl") {
    await host.exec("systemctl", ["restart", reload.unit], { timeoutMs });
  } else if (reload.kind === "service") {
    await host.exec("service", [reload.name, "restart"], { timeoutMs });
  } else if (options.startCommand !== void 0) {
    await signal(host, "QUIT", master);
    if (!await waitUntil(async () => !await alive(host, master), timeoutMs)) {
      throw new WafGateError("E_RUNNING_BINARY", `nginx master ${master} did not stop after QUIT`, {
        context: { host: host.name }
      });
    }
    const [command, ...args] = options.startCommand;
    await host.exec(command, args, { timeoutMs });
  } else {
    throw new WafGateError(
      "E_RUNNING_BINARY",
      `Cannot restart nginx on ${host.name}: reload ${describeReload(reload)} has no restart`,
      {
        context: { host: host.name },
        hint: "Give start-command (how to start nginx after a stop), or set reload-mismatch: binary-upgrade."
      }
    );
  }
  await waitNewMaster(host, options.pidFile, master, timeoutMs);
}
async function binaryUpgrade(host, pidFile, master, timeoutMs) {
  await signal(host, "USR2", master);
  await waitNewMaster(host, pidFile, master, timeoutMs);
  const oldbin = await waitUntil(
    async () => await readPid(host, `${pidFile}.oldbin`).catch(() => null) === master,
    timeoutMs
  );
  if (!oldbin) {
    throw new WafGateError(
      "E_RUNNING_BINARY",
      `nginx wrote no ${pidFile}.oldbin for the old master ${master}`,
      {
        context: { host: host.name }
      }
    );
  }
  await signal(host, "WINCH", master);
  await signal(host, "QUIT", master);
  if (!await waitUntil(async () => !await alive(host, master), timeoutMs)) {
    throw new WafGateError(
      "E_RUNNING_BINARY",
      `The old nginx master ${master} did not exit after QUIT`,
      {
        context: { host: host.name }
      }
    );
  }
}
async function ensureRunningBinary(host, options, reload, logger, timeoutMs = 3e4) {
  if (options.check === "none") return "skipped: running-check none";
  const first = await inspectRunning(host, options.binary, options.pidFile);
  if (first === null) {
    logger.warn(`No nginx pid file at ${options.pidFile}: cannot check which binary runs.`);
    return `skipped: no pid file at ${options.pidFile}`;
  }
  const summary = (s) => `master ${s.master} and ${s.processes.length - 1} child process(es) run ${options.binary}`;
  if (first.stale.length === 0) return `ok: ${summary(first)}`;
  logger.warn(`Not the installed ${options.binary}: ${describeStale(first.stale)}.`);
  const fail2 = (stale, after) => new WafGateError(
    "E_RUNNING_BINARY",
    `nginx on ${host.name} does not run the installed ${options.binary}${after}: ${describeStale(stale)}`,
    {
      context: { host: host.name, pids: stale.map((p) => p.pid).join(" ") },
      hint: `Restart nginx so it runs the new binary (e.g. systemctl restart nginx), or set reload-mismatch: restart (with start-command for a pid-file reload) or binary-upgrade.`
    }
  );
  if (options.onMismatch === "fail") throw fail2(first.stale, "");
  if (options.onMismatch === "restart")
    await restart(host, options, reload, first.master, timeoutMs);
  else await binaryUpgrade(host, options.pidFile, first.master, timeoutMs);
  const second = await inspectRunning(host, options.binary, options.pidFile);
  if (second === null)
    throw fail2(first.stale, ` (no pid file at ${options.pidFile} after ${options.onMismatch})`);
  if (second.stale.length > 0) throw fail2(second.stale, ` after ${options.onMismatch}`);
  logger.info(`After ${options.onMismatch}: ${summary(second)}.`);
  return `fixed by ${options.onMismatch}: ${summary(second)}`;
}
async function binaryVersion(host, binary, regex) {
  const out = await host.exec(binary, ["-v"], { allowFailure: true });
  return new RegExp(regex).exec(`${out.stdout}
${out.stderr}`)?.[1] ?? null;
}
function probeReadsBinary(argv, binary) {
  const first = argv[0];
  return first !== void 0 && (first === binary || posix6.basename(first) === posix6.basename(binary));
}

// src/install/settle.ts
var OLD_WORKERS_TIMEOUT_MS = 3e4;
async function masterChildren(host, pidFile) {
  const master = await readPid(host, pidFile).catch(() => null);
  return master === null ? [] : childPids(host, master);
}
async function stillRunning(host, pids) {
  if (pids.length === 0) return [];
  const ps = await host.exec("ps", ["-o", "pid=,stat=", "-p", pids.join(",")], {
    allowFailure: true
  });
  return ps.stdout.split("\n").map((line) => line.trim().split(/\s+/)).filter(([pid, stat2]) => pid !== void 0 && /^\d+$/.test(pid) && !stat2?.startsWith("Z")).map(([pid]) => Number(pid));
}
async function waitForOldWorkers(host, oldPids, options) {
  const deadline = Date.now() + options.timeoutMs;
  let left = await stillRunning(host, oldPids);
  while (left.length > 0 && Date.now() < deadline) {
    options.signal?.throwIfAborted();
    await new Promise((done) => setTimeout(done, options.pollMs ?? 100));
    left = await stillRunning(host, left);
  }
  if (left.length > 0)
    options.logger.warn(
      `Old nginx worker(s) ${left.join(", ")} still run ${options.timeoutMs} ms after the reload (long-lived connections?); a measurement may count their exit.`
    );
  return left;
}

// src/install/restore.ts
async function restoreChanges(host, store, logger, options = {}) {
  const result = {
    found: true,
    restoredFiles: [],
    restoredCron: 0,
    startedTimers: [],
    reloaded: false,
    releasedLock: false
  };
  const failed = [];
  for (const change of [...store.state.changes].reverse()) {
    try {
      if (change.kind === "file") {
        await restoreFileChange(host, change);
        result.restoredFiles.push(change.path);
        logger.info(`Restored ${change.path}.`);
      } else if (change.kind === "package") {
        logger.info(
          `Package ${change.name} stays at ${change.version} (was ${change.previousVersion ?? "not installed"}).`
        );
      } else if (change.kind === "access-log") {
      } else if (change.kind === "temp") {
        if (change.on === "host") await host.rm(change.path, { recursive: true, force: true });
        else await rm2(change.path, { recursive: true, force: true });
      } else if (await restoreQuietChange(host, change)) {
        if (change.kind === "timer") result.startedTimers.push(change.unit);
        else result.restoredCron += 1;
        logger.info(
          change.kind === "timer" ? `Started ${change.unit}.` : `Restored crontab lines (${change.kind === "cron-file" ? change.path : change.user ?? "current user"}).`
        );
      }
    } catch (error) {
      failed.push({ change, error });
      logger.warn(
        `Could not restore ${JSON.stringify(change).slice(0, 200)}: ${error.message}`
      );
    }
  }
  if (store.state.reloaded && result.restoredFiles.length > 0 && store.state.reload.kind !== "none") {
    try {
      const pidFile = store.state.masterPidFile;
      const oldWorkers = pidFile === void 0 ? [] : await masterChildren(host, pidFile);
      result.reloaded = await reloadWaf(host, store.state.reload);
      if (result.reloaded && oldWorkers.length > 0)
        await waitForOldWorkers(host, oldWorkers, { timeoutMs: OLD_WORKERS_TIMEOUT_MS, logger });
      logger.info(
        `Reloaded with the restored configuration (${describeReload(store.state.reload)}).`
      );
    } catch (error) {
      logger.warn(`Reload after restore failed: ${error.message}`);
    }
  }
  if (failed.length > 0) {
    await store.replaceChanges(failed.map((f) => f.change));
    throw new WafGateError(
      "E_RESTORE",
      `${failed.length} change(s) could not be restored; they stay in ${store.where}`,
      {
        cause: failed[0].error,
        context: { host: host.name },
        hint: "Fix the cause and run `waf-gate install --restore --state-file \u2026` again."
      }
    );
  }
  await store.remove();
  const lock = store.state.lock;
  if (lock !== void 0 && options.keepLock !== true)
    result.releasedLock = await releaseLock(host, lock.path, store.state.runId, logger);
  return result;
}
var NOTHING = {
  found: false,
  restoredFiles: [],
  restoredCron: 0,
  startedTimers: [],
  reloaded: false,
  releasedLock: false
};
async function restoreFromStateFile(host, path, logger, options = {}) {
  const state = await readState(path);
  if (state === null) {
    logger.info(`No install state at ${path}: nothing to restore.`);
    return { ...NOTHING };
  }
  const copy = state.lock === void 0 ? void 0 : { host, path: state.lock.statePath };
  return restoreChanges(host, StateStore.of(path, state, copy), logger, options);
}
async function restoreFromHost(host, lockPath, runId, logger) {
  const path = hostStatePath(lockPath, runId);
  const state = await readHostState(host, path);
  if (state === null) {
    logger.info(
      `No install state for run ${runId} at ${path} on ${host.name}: nothing to restore.`
    );
    const releasedLock = await releaseLock(host, lockPath, runId, logger);
    return { ...NOTHING, releasedLock, hostStateFile: path };
  }
  const result = await restoreChanges(host, StateStore.of(null, state, { host, path }), logger);
  return { ...result, hostStateFile: path };
}

// src/hosts/abortable.ts
var AbortableHost = class {
  constructor(host, signal2) {
    this.host = host;
    this.signal = signal2;
  }
  host;
  signal;
  get name() {
    return this.host.name;
  }
  async exec(command, args, options = {}) {
    this.signal.throwIfAborted();
    const signal2 = options.signal === void 0 ? this.signal : AbortSignal.any([this.signal, options.signal]);
    return this.host.exec(command, args, { ...options, signal: signal2 });
  }
  async readFile(path) {
    this.signal.throwIfAborted();
    return this.host.readFile(path);
  }
  async writeFile(path, data, options) {
    this.signal.throwIfAborted();
    return this.host.writeFile(path, data, options);
  }
  async stat(path) {
    this.signal.throwIfAborted();
    return this.host.stat(path);
  }
  createReadStream(path, options) {
    this.signal.throwIfAborted();
    return this.host.createReadStream(path, options);
  }
  async mkdir(path, options) {
    this.signal.throwIfAborted();
    return this.host.mkdir(path, options);
  }
  async rm(path, options) {
    this.signal.throwIfAborted();
    return this.host.rm(path, options);
  }
  async rename(from, to) {
    this.signal.throwIfAborted();
    return this.host.rename(from, to);
  }
  close() {
    return this.host.close();
  }
};
function withAbortSignal(host, signal2) {
  return signal2 === void 0 ? host : new AbortableHost(host, signal2);
}

// src/install/health.ts
var import_undici = __toESM(require_undici(), 1);
import { setTimeout as delay2 } from "node:timers/promises";
async function waitForHealth(options, signal2) {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  const agent = new import_undici.Agent({ pipelining: 0, connections: 1 });
  let attempts = 0;
  let last = "no attempt";
  try {
    while (true) {
      signal2?.throwIfAborted();
      const remainingMs = deadline - performance.now();
      if (remainingMs <= 0) break;
      attempts += 1;
      const attemptStarted = performance.now();
      try {
        const attemptTimeoutMs = Math.max(1, Math.ceil(Math.min(remainingMs, 5e3)));
        const res = await (0, import_undici.request)(options.url, {
          dispatcher: agent,
          method: "GET",
          headers: {
            ...options.hostHeader === void 0 ? {} : { host: options.hostHeader },
            "user-agent": "waf-gate-health/1",
            accept: "*/*"
          },
          headersTimeout: attemptTimeoutMs,
          bodyTimeout: attemptTimeoutMs,
          signal: signal2 ? AbortSignal.any([signal2, AbortSignal.timeout(attemptTimeoutMs)]) : AbortSignal.timeout(attemptTimeoutMs)
        });
        await res.body.dump();
        const latencyMs = performance.now() - attemptStarted;
        if (res.statusCode === options.expectedStatus) {
          return {
            latencyMs: Math.round(latencyMs * 1e3) / 1e3,
            attempts,
            waitedMs: Math.round(performance.now() - started)
          };
        }
        last = `status ${res.statusCode}`;
      } catch (error) {
        signal2?.throwIfAborted();
        const cutByDeadline = performance.now() >= deadline - 1 && attempts > 1;
        if (!cutByDeadline) last = error.message || String(error);
      }
      const waitMs = Math.ceil(Math.min(options.intervalMs, deadline - performance.now()));
      if (waitMs > 0) {
        await delay2(waitMs, void 0, signal2 ? { signal: signal2 } : {}).catch((error) => {
          signal2?.throwIfAborted();
          throw error;
        });
      }
    }
  } finally {
    await agent.close();
  }
  throw new WafGateError(
    "E_HEALTH_TIMEOUT",
    `${options.url} did not answer ${options.expectedStatus} within ${options.timeoutMs} ms (last: ${last})`,
    {
      context: { url: options.url, host: options.hostHeader, attempts },
      hint: "Check the WAF is running and the health URL, Host header and expected status; or raise health-timeout."
    }
  );
}

// src/install/install-package.ts
import { randomBytes as randomBytes2 } from "node:crypto";
import { readFile as readFile5 } from "node:fs/promises";
import { basename } from "node:path";

// src/install/backends.ts
import { posix as posix8 } from "node:path";

// src/install/rpm-vercmp.ts
var isDigit = (c) => c !== void 0 && c >= "0" && c <= "9";
var isAlpha = (c) => c !== void 0 && (c >= "a" && c <= "z" || c >= "A" && c <= "Z");
var isAlnum = (c) => isDigit(c) || isAlpha(c);
function rpmvercmp(a, b) {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== "~" && a[i] !== "^") i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== "~" && b[j] !== "^") j++;
    if (a[i] === "~" || b[j] === "~") {
      if (a[i] !== "~") return 1;
      if (b[j] !== "~") return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === "^" || b[j] === "^") {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== "^") return 1;
      if (b[j] !== "^") return -1;
      i++;
      j++;
      continue;
    }
    if (!(i < a.length && j < b.length)) break;
    let ei = i;
    let ej = j;
    const numeric = isDigit(a[i]);
    if (numeric) {
      while (ei < a.length && isDigit(a[ei])) ei++;
      while (ej < b.length && isDigit(b[ej])) ej++;
    } else {
      while (ei < a.length && isAlpha(a[ei])) ei++;
      while (ej < b.length && isAlpha(b[ej])) ej++;
    }
    if (ej === j) return numeric ? 1 : -1;
    let segA = a.slice(i, ei);
    let segB = b.slice(j, ej);
    if (numeric) {
      segA = segA.replace(/^0+/, "");
      segB = segB.replace(/^0+/, "");
      if (segA.length !== segB.length) return segA.length > segB.length ? 1 : -1;
    }
    if (segA !== segB) return segA < segB ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}
function parseEvr(text) {
  let rest = text.trim();
  let epoch = 0;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const e = rest.slice(0, colon);
    epoch = /^\d+$/.test(e) ? Number(e) : 0;
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf("-");
  return dash >= 0 ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) } : { epoch, version: rest, release: "" };
}
function compareRpmVersions(a, b) {
  const x = parseEvr(a);
  const y = parseEvr(b);
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  const v = rpmvercmp(x.version, y.version);
  if (v !== 0) return v;
  if (x.release === "" || y.release === "") return 0;
  return rpmvercmp(x.release, y.release);
}

// src/install/tarball.ts
import { posix as posix7 } from "node:path";
function tarFileArgs(file, ...mode) {
  return [...mode, "--force-local", `--file=${file}`];
}
function requireAbsolute(file) {
  if (!posix7.isAbsolute(file)) {
    throw new WafGateError(
      "E_PACKAGE",
      `The package path ${JSON.stringify(file)} is not absolute`,
      {
        hint: "Pass the package as an absolute path."
      }
    );
  }
}
var TarballBackend = class {
  constructor(host, options) {
    this.host = host;
    this.options = options;
    if (options.installDir === void 0) {
      throw new ConfigError(
        "A tarball or folder build needs install-dir (where it is unpacked on the host).",
        { input: "install-dir" }
      );
    }
    this.installDir = options.installDir;
  }
  host;
  options;
  kind = "tarball";
  installDir;
  strip = 0;
  get manifestPath() {
    return posix7.join(this.installDir, posix7.basename(this.options.manifest));
  }
  async inspect(file) {
    requireAbsolute(file);
    const listing = await this.host.exec("tar", [...tarFileArgs(file, "-t")], {});
    const wanted = posix7.normalize(this.options.manifest);
    const members = listing.stdout.split("\n").filter((m) => {
      const n = posix7.normalize(m);
      return n === wanted || n.endsWith(`/${wanted}`);
    });
    const member = members.sort((a, b) => a.length - b.length)[0];
    if (member === void 0) {
      throw new WafGateError("E_PACKAGE", `${file} has no ${this.options.manifest} manifest`, {
        hint: "Put a VERSION file in the build, or set manifest to the file that holds the version."
      });
    }
    this.strip = posix7.normalize(member).split("/").length - wanted.split("/").length;
    const version = (await this.host.exec(
      "tar",
      [...tarFileArgs(file, "-x", "-O"), "--no-wildcards", "--", member],
      {}
    )).stdout.trim().split("\n")[0].trim();
    if (version === "")
      throw new WafGateError("E_PACKAGE", `${this.options.manifest} in ${file} is empty`);
    return { name: this.options.packageName ?? posix7.basename(this.installDir), version };
  }
  async installedVersion() {
    if (await this.host.stat(this.manifestPath) === null) return null;
    return (await this.host.readFile(this.manifestPath)).toString("utf8").trim().split("\n")[0].trim() || null;
  }
  compare(a, b) {
    return Promise.resolve(compareRpmVersions(a, b));
  }
  async install(file) {
    const staging = `${this.installDir}.waf-gate-new`;
    const old = `${this.installDir}.waf-gate-old`;
    await this.host.rm(staging, { recursive: true, force: true });
    await this.host.mkdir(staging, { recursive: true });
    requireAbsolute(file);
    await this.host.exec(
      "tar",
      [...tarFileArgs(file, "-x"), `--directory=${staging}`, `--strip-components=${this.strip}`],
      { timeoutMs: this.options.commandTimeoutMs }
    );
    await this.host.rm(old, { recursive: true, force: true });
    if (await this.host.stat(this.installDir) !== null)
      await this.host.rename(this.installDir, old);
    await this.host.rename(staging, this.installDir);
    await this.host.rm(old, { recursive: true, force: true });
  }
  aliases(version) {
    return [version];
  }
};

// src/install/backends.ts
function absolute(file) {
  if (!posix8.isAbsolute(file)) {
    throw new WafGateError(
      "E_PACKAGE",
      `The package path ${JSON.stringify(file)} is not absolute`,
      {
        hint: "Pass the package as an absolute path."
      }
    );
  }
  return file;
}
function lines(text) {
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
}
var DebBackend = class {
  constructor(host, installer, timeoutMs) {
    this.host = host;
    this.installer = installer;
    this.timeoutMs = timeoutMs;
  }
  host;
  installer;
  timeoutMs;
  kind = "deb";
  async inspect(file) {
    const out = await this.host.exec("dpkg-deb", ["-f", "--", file, "Package", "Version"], {});
    const fields = Object.fromEntries(
      lines(out.stdout).map((l) => [
        l.slice(0, l.indexOf(":")),
        l.slice(l.indexOf(":") + 1).trim()
      ])
    );
    if (!fields.Package || !fields.Version) {
      throw new WafGateError("E_PACKAGE", `${file} has no Package/Version control fields`, {
        context: { host: this.host.name }
      });
    }
    return { name: fields.Package, version: fields.Version };
  }
  async installedVersion(name) {
    const out = await this.host.exec(
      "dpkg-query",
      ["-W", "-f", "${Status}	${Version}", "--", name],
      { allowFailure: true }
    );
    if (out.exitCode !== 0) return null;
    const [status = "", version = ""] = out.stdout.split("	");
    return /\binstalled$/.test(status.trim()) && version.trim() !== "" ? version.trim() : null;
  }
  async compare(a, b) {
    const is = async (op) => (await this.host.exec("dpkg", ["--compare-versions", "--", a, op, b], {
      allowFailure: true
    })).exitCode === 0;
    if (await is("lt")) return -1;
    return await is("eq") ? 0 : 1;
  }
  async install(file) {
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    if (this.installer === "apt") {
      await this.host.exec(
        "apt-get",
        [
          "install",
          "-y",
          "--allow-downgrades",
          "-o",
          "Dpkg::Options::=--force-confold",
          "--",
          absolute(file)
        ],
        {
          env,
          timeoutMs: this.timeoutMs
        }
      );
    } else {
      await this.host.exec(
        "dpkg",
        ["-i", "--force-confdef", "--force-confold", "--", absolute(file)],
        {
          env,
          timeoutMs: this.timeoutMs
        }
      );
    }
  }
  aliases(version) {
    const noEpoch = version.replace(/^\d+:/, "");
    const upstream = noEpoch.includes("-") ? noEpoch.slice(0, noEpoch.lastIndexOf("-")) : noEpoch;
    return [.../* @__PURE__ */ new Set([version, noEpoch, upstream])];
  }
};
var RpmBackend = class _RpmBackend {
  constructor(host, timeoutMs) {
    this.host = host;
    this.timeoutMs = timeoutMs;
  }
  host;
  timeoutMs;
  kind = "rpm";
  static evr(epoch, version, release) {
    const e = epoch === "(none)" || epoch === "" ? "" : `${epoch}:`;
    return `${e}${version}${release === "" || release === "(none)" ? "" : `-${release}`}`;
  }
  async inspect(file) {
    const out = await this.host.exec(
      "rpm",
      [
        "-qp",
        "--nosignature",
        "--qf",
        "%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\n",
        "--",
        file
      ],
      {}
    );
    const [name = "", epoch = "", version = "", release = ""] = (lines(out.stdout)[0] ?? "").split(
      "	"
    );
    if (name === "" || version === "")
      throw new WafGateError("E_PACKAGE", `Cannot read name and version of ${file}`);
    return { name, version: _RpmBackend.evr(epoch, version, release) };
  }
  async installedVersion(name) {
    const out = await this.host.exec(
      "rpm",
      ["-q", "--qf", "%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\n", "--", name],
      { allowFailure: true }
    );
    if (out.exitCode !== 0) return null;
    const all = lines(out.stdout).map((l) => {
      const [epoch = "", version = "", release = ""] = l.split("	");
      return _RpmBackend.evr(epoch, version, release);
    });
    return all.sort(compareRpmVersions).at(-1) ?? null;
  }
  compare(a, b) {
    return Promise.resolve(compareRpmVersions(a, b));
  }
  async install(file, action) {
    const flags = action === "installed" ? ["-ivh"] : action === "upgraded" ? ["-Uvh"] : ["-Uvh", "--oldpackage"];
    await this.host.exec("rpm", [...flags, "--", file], { timeoutMs: this.timeoutMs });
  }
  aliases(version) {
    const evr = parseEvr(version);
    const vr = evr.release === "" ? evr.version : `${evr.version}-${evr.release}`;
    return [.../* @__PURE__ */ new Set([version, vr, evr.version])];
  }
};
function backendFor(kind, host, options) {
  switch (kind) {
    case "deb":
      return new DebBackend(host, options.debInstaller, options.commandTimeoutMs);
    case "rpm":
      return new RpmBackend(host, options.commandTimeoutMs);
    case "tarball":
    case "directory":
      return new TarballBackend(host, options);
  }
}

// src/install/install-package.ts
var STEP = {
  installed: "installing",
  upgraded: "upgrading",
  downgraded: "downgrading",
  unchanged: "already exact, leaving it"
};
async function probeVersion(host, backend, name, probe) {
  if (probe.kind === "package-db") return backend.installedVersion(name);
  const [command, ...args] = probe.argv;
  const out = await host.exec(command, args, { allowFailure: true });
  const match = new RegExp(probe.regex).exec(`${out.stdout}
${out.stderr}`);
  return match?.[1] ?? null;
}
async function placeOnHost(host, pkg, store) {
  if (host.name === "local") return { path: pkg.file, remove: () => Promise.resolve() };
  const dir = `/tmp/waf-gate-${randomBytes2(6).toString("hex")}`;
  await store.record({ kind: "temp", path: dir, on: "host" });
  await host.mkdir(dir, { recursive: true, mode: 448 });
  const path = `${dir}/${basename(pkg.file)}`;
  await host.writeFile(path, await readFile5(pkg.file), { mode: 384 });
  return { path, remove: () => host.rm(dir, { recursive: true, force: true }) };
}
async function installPackage(host, pkg, options, store, logger) {
  const placed = await placeOnHost(host, pkg, store);
  try {
    const backend = backendFor(pkg.kind, host, options);
    const identity = await backend.inspect(placed.path);
    const previousVersion = await backend.installedVersion(identity.name);
    let action;
    if (previousVersion === null) action = "installed";
    else {
      const order = await backend.compare(previousVersion, identity.version);
      action = order === 0 ? "unchanged" : order < 0 ? "upgraded" : "downgraded";
    }
    logger.info(
      `${identity.name}: installed version ${previousVersion ?? "none"}, package ${identity.version}: ${STEP[action]}.`
    );
    if (action !== "unchanged") {
      await store.record({
        kind: "package",
        name: identity.name,
        previousVersion,
        version: identity.version
      });
      await backend.install(placed.path, action);
    }
    const probed = await probeVersion(host, backend, identity.name, options.versionProbe);
    const accepted = backend.aliases(identity.version);
    if (probed === null || !accepted.includes(probed)) {
      throw new WafGateError(
        "E_VERSION_MISMATCH",
        `${identity.name} should now be ${identity.version}, but the version probe found ${probed ?? "nothing"}`,
        {
          context: {
            host: host.name,
            probe: options.versionProbe.kind === "command" ? options.versionProbe.argv.join(" ") : "package database"
          },
          hint: "Check the package really contains that build, and the version-probe command and regex."
        }
      );
    }
    return {
      action,
      packageName: identity.name,
      packageKind: pkg.kind,
      version: identity.version,
      previousVersion,
      probedVersion: probed
    };
  } finally {
    await placed.remove();
  }
}

// src/install/package-source.ts
import { mkdtemp, rm as rm4, stat } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { basename as basename4, join as join4 } from "node:path";

// src/install/checksum.ts
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename as basename2 } from "node:path";
import { pipeline } from "node:stream/promises";
var HEX64 = /^[0-9a-f]{64}$/i;
function digestFromChecksumFile(text, name) {
  const lines2 = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
  for (const line of lines2) {
    const [digest = "", ...rest] = line.split(/\s+/);
    if (!HEX64.test(digest)) continue;
    const listed = rest.join(" ").replace(/^\*/, "");
    if (listed === "" ? lines2.length === 1 : basename2(listed) === name) return digest.toLowerCase();
  }
  return null;
}
async function sha256OfFile(path) {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}

// src/install/download.ts
var import_undici2 = __toESM(require_undici(), 1);
import { createHash as createHash2 } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rm as rm3 } from "node:fs/promises";
import { basename as basename3, join as join3 } from "node:path";
import { Transform } from "node:stream";
import { pipeline as pipeline2 } from "node:stream/promises";
import { setTimeout as delay3 } from "node:timers/promises";
var MAX_CHECKSUM_FILE_BYTES = 1024 * 1024;
var Retryable = class extends Error {
};
var CappedHash = class extends Transform {
  constructor(maxBytes, onTooLarge) {
    super();
    this.maxBytes = maxBytes;
    this.onTooLarge = onTooLarge;
  }
  maxBytes;
  onTooLarge;
  hash = createHash2("sha256");
  bytes = 0;
  _transform(chunk, _encoding, done) {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(this.onTooLarge());
    this.hash.update(chunk);
    done(null, chunk);
  }
};
function tooLarge(url, maxBytes, size) {
  return new WafGateError(
    "E_DOWNLOAD_TOO_LARGE",
    `${url} is larger than the ${Math.round(maxBytes / 1048576)} MiB limit (${size} bytes)`,
    { context: { url }, hint: "Raise package-max-mb if the build really is that large." }
  );
}
async function withRetries(url, options, attempt) {
  const retries = options.retries ?? 4;
  const baseMs = options.retryBaseMs ?? 500;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof Retryable) || options.signal?.aborted) {
        throw error instanceof Retryable ? error.cause ?? error : error;
      }
      if (n >= retries) {
        throw new WafGateError(
          "E_DOWNLOAD",
          `Cannot download ${url} after ${n + 1} attempts: ${error.message}`,
          { cause: error.cause ?? error, context: { url }, hint: "Check the URL and the server." }
        );
      }
      const pauseMs = baseMs * 2 ** n;
      options.logger?.warn(`${url}: ${error.message}; retrying in ${pauseMs} ms.`);
      await delay3(pauseMs, void 0, options.signal ? { signal: options.signal } : {});
    }
  }
}
async function get(url, dispatcher, signal2) {
  let res;
  try {
    res = await (0, import_undici2.request)(url, { method: "GET", dispatcher, ...signal2 ? { signal: signal2 } : {} });
  } catch (error) {
    if (signal2?.aborted) throw error;
    throw new Retryable(error.message, { cause: error });
  }
  if (res.statusCode >= 500) {
    await res.body.dump();
    throw new Retryable(`HTTP ${res.statusCode}`);
  }
  return res;
}
async function fetchToFile(url, target, dispatcher, options) {
  const res = await get(url, dispatcher, options.signal);
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new WafGateError("E_DOWNLOAD", `Downloading ${url} answered HTTP ${res.statusCode}`, {
      context: { url },
      hint: "Check the package URL."
    });
  }
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    res.body.destroy();
    throw tooLarge(url, options.maxBytes, declared);
  }
  const counter = new CappedHash(
    options.maxBytes,
    () => tooLarge(url, options.maxBytes, `more than ${options.maxBytes}`)
  );
  const file = createWriteStream(target);
  let failedFirst;
  res.body.on("error", () => failedFirst ??= "network");
  file.on("error", () => failedFirst ??= "file");
  try {
    await pipeline2(res.body, counter, file);
  } catch (error) {
    await rm3(target, { force: true });
    if (error.code === "E_DOWNLOAD_TOO_LARGE" || options.signal?.aborted)
      throw error;
    if (failedFirst === "file") {
      throw new WafGateError("E_DOWNLOAD", `Cannot write ${target}: ${error.message}`, {
        cause: error,
        context: { url, file: target }
      });
    }
    throw new Retryable(`the transfer broke off: ${error.message}`, { cause: error });
  }
  return counter.hash.digest("hex");
}
async function fetchText(url, dispatcher, signal2) {
  const res = await get(url, dispatcher, signal2);
  if (res.statusCode === 404 || res.statusCode === 410) {
    await res.body.dump();
    return null;
  }
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new WafGateError(
      "E_DOWNLOAD",
      `Fetching the checksum ${url} answered HTTP ${res.statusCode}`,
      {
        context: { url }
      }
    );
  }
  const chunks = [];
  let bytes = 0;
  for await (const chunk of res.body) {
    bytes += chunk.length;
    if (bytes > MAX_CHECKSUM_FILE_BYTES) {
      res.body.destroy();
      throw new WafGateError("E_CHECKSUM", `${url} is too large to be a checksum file`, {
        context: { url }
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
function fileNameOf(url) {
  const last = basename3(new URL(url).pathname);
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
  }
  const name = basename3(decoded);
  return name === "" || name === "." || name === ".." ? "package" : name;
}
async function publishedDigest(url, dispatcher, options) {
  const name = fileNameOf(url);
  const side = new URL(url);
  side.pathname = `${side.pathname}.sha256`;
  side.search = "";
  const candidates = [side.href, new URL("SHA256SUMS", url).href];
  for (const candidate of candidates) {
    const text = await withRetries(
      candidate,
      options,
      () => fetchText(candidate, dispatcher, options.signal)
    );
    if (text === null) continue;
    const digest = digestFromChecksumFile(text, name);
    if (digest !== null) return { digest, from: candidate };
    if (candidate === side.href) {
      throw new WafGateError("E_CHECKSUM", `${candidate} holds no SHA-256 for ${name}`, {
        context: { url: candidate },
        hint: 'Publish "HEX  name" (sha256sum output) there, or give package-sha256.'
      });
    }
  }
  return null;
}
async function downloadPackage(url, dir, options = {}) {
  const target = join3(dir, fileNameOf(url));
  const maxBytes = options.maxBytes ?? 2048 * 1024 * 1024;
  const agent = new import_undici2.Agent();
  const dispatcher = agent.compose(import_undici2.interceptors.redirect({ maxRedirections: 5 }));
  try {
    const expected = options.sha256 !== void 0 ? { digest: options.sha256.toLowerCase(), from: "package-sha256" } : await publishedDigest(url, dispatcher, options);
    const actual = await withRetries(
      url,
      options,
      () => fetchToFile(url, target, dispatcher, { ...options, maxBytes })
    );
    if (expected === null) {
      options.logger?.warn(
        `${url}: no package-sha256 given and no checksum file published next to it; not verified.`
      );
    } else if (expected.digest !== actual) {
      await rm3(target, { force: true });
      throw new WafGateError(
        "E_CHECKSUM",
        `Checksum mismatch for ${url}: expected SHA-256 ${expected.digest} (from ${expected.from}), got ${actual}`,
        {
          context: { url },
          hint: "The download is corrupt or not the build you meant; nothing was installed."
        }
      );
    }
    return { file: target, sha256: actual, verifiedBy: expected?.from ?? null };
  } catch (error) {
    await rm3(target, { force: true });
    throw error;
  } finally {
    await agent.close();
  }
}

// src/install/package-source.ts
function kindFromName(name) {
  if (/\.deb$/i.test(name)) return "deb";
  if (/\.rpm$/i.test(name)) return "rpm";
  if (/\.(tar|tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tar\.zst)$/i.test(name)) return "tarball";
  return null;
}
async function resolvePackage(spec, kind, options = {}) {
  if (spec.startsWith("artifact:")) {
    throw new ConfigError("GitHub artifact packages are not supported here yet.", {
      input: "package",
      value: spec,
      hint: "Download the artifact with actions/download-artifact in an earlier step and pass its file path."
    });
  }
  const temp = await mkdtemp(join4(tmpdir2(), "waf-gate-pkg-"));
  const cleanup = () => rm4(temp, { recursive: true, force: true });
  try {
    await options.onTempDir?.(temp);
    let file = spec;
    let verified = false;
    if (/^https?:\/\//i.test(spec)) {
      const downloaded = await downloadPackage(spec, temp, {
        ...options.sha256 === void 0 ? {} : { sha256: options.sha256 },
        ...options.maxBytes === void 0 ? {} : { maxBytes: options.maxBytes },
        ...options.retries === void 0 ? {} : { retries: options.retries },
        ...options.retryBaseMs === void 0 ? {} : { retryBaseMs: options.retryBaseMs },
        ...options.signal === void 0 ? {} : { signal: options.signal },
        ...options.logger === void 0 ? {} : { logger: options.logger }
      });
      file = downloaded.file;
      verified = true;
    }
    const info = await stat(file).catch(() => null);
    if (info === null)
      throw new ConfigError("The package does not exist.", { input: "package", value: spec });
    if (options.sha256 !== void 0 && !verified) {
      if (!info.isFile()) {
        throw new ConfigError("package-sha256 needs a package file, not a folder.", {
          input: "package-sha256",
          value: options.sha256,
          hint: "Pack the build into a tarball, or leave package-sha256 empty."
        });
      }
      const actual = await sha256OfFile(file);
      if (actual !== options.sha256.toLowerCase()) {
        throw new WafGateError(
          "E_CHECKSUM",
          `Checksum mismatch for ${spec}: expected SHA-256 ${options.sha256.toLowerCase()} (from package-sha256), got ${actual}`,
          {
            context: { file: spec },
            hint: "This is not the build you meant; nothing was installed."
          }
        );
      }
    }
    let resolved = kind === "auto" ? info.isDirectory() ? "directory" : kindFromName(file) : kind;
    if (resolved === null) {
      throw new ConfigError("Cannot tell the package kind from its name.", {
        input: "package",
        value: spec,
        hint: "Name it .deb, .rpm or .tar.gz, or set package-kind."
      });
    }
    if (resolved === "directory") {
      const packed = join4(temp, `${basename4(file)}.tar`);
      await runCommand("tar", ["--force-local", "-C", file, "-c", `--file=${packed}`, "--", "."], {
        ...options.signal === void 0 ? {} : { signal: options.signal }
      });
      file = packed;
      resolved = "tarball";
    }
    return { file, kind: resolved, source: spec, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

// src/install/install.ts
async function runInstall(host, options, logger, signal2) {
  if (options.package === void 0)
    throw new ConfigError("A package is required to install.", { input: "package" });
  const previous = await readState(options.stateFile);
  if (previous !== null) {
    if (previous.host !== host.name) {
      throw new ConfigError(
        `The state file holds unrestored changes on ${previous.host}, not ${host.name}.`,
        {
          file: options.stateFile,
          input: "state-file",
          hint: `Restore them first: waf-gate install --restore --host ${previous.host} --state-file ${options.stateFile}`
        }
      );
    }
    logger.warn(
      `Found unrestored changes from run ${previous.runId} in ${options.stateFile}; restoring them first.`
    );
    await restoreFromStateFile(host, options.stateFile, logger);
  }
  const runId = options.runId ?? newRunId();
  const lockPath = options.lockFile;
  if (lockPath !== null) await takeHost(host, options, lockPath, runId, logger);
  let store;
  try {
    store = await StateStore.create(
      options.stateFile,
      host.name,
      options.reload,
      runId,
      lockPath === null ? void 0 : { host, path: hostStatePath(lockPath, runId) },
      lockPath ?? void 0,
      options.running.check === "none" ? void 0 : options.running.pidFile
    );
  } catch (error) {
    if (lockPath !== null) await releaseLock(host, lockPath, runId, logger);
    throw error;
  }
  const work = withAbortSignal(host, signal2);
  let pkg;
  try {
    pkg = await resolvePackage(options.package, options.packageKind, {
      onTempDir: (path) => store.record({ kind: "temp", path, on: "runner" }),
      maxBytes: options.packageMaxBytes,
      logger,
      ...options.packageSha256 === void 0 ? {} : { sha256: options.packageSha256 },
      ...signal2 === void 0 ? {} : { signal: signal2 }
    });
    signal2?.throwIfAborted();
    const quiet = await quietMachine(work, options.quiet, store, logger);
    signal2?.throwIfAborted();
    const installed = await installPackage(work, pkg, options, store, logger);
    signal2?.throwIfAborted();
    const changedFiles = await applyEdits(work, options.edits, store, logger);
    if (changedFiles.length > 0 && options.check !== null)
      await validateConfig(work, options.check);
    const needReload = changedFiles.length > 0 || installed.action !== "unchanged";
    const watchWorkers = needReload && options.reload.kind !== "none" && options.running.check !== "none";
    const oldWorkers = watchWorkers ? await masterChildren(work, options.running.pidFile) : [];
    let reloaded = false;
    if (needReload && await reloadWaf(work, options.reload, options.commandTimeoutMs)) {
      if (changedFiles.length > 0) await store.markReloaded();
      reloaded = true;
      logger.info("Reloaded.");
    }
    if (reloaded && oldWorkers.length > 0)
      await waitForOldWorkers(work, oldWorkers, {
        timeoutMs: OLD_WORKERS_TIMEOUT_MS,
        logger,
        ...signal2 ? { signal: signal2 } : {}
      });
    const runningCheck = await checkRunningBuild(work, options, installed.probedVersion, logger);
    let healthProbeLatencyMs = null;
    let healthAttempts = 0;
    if (options.health) {
      const health = await waitForHealth(options.health, signal2);
      healthProbeLatencyMs = health.latencyMs;
      healthAttempts = health.attempts;
      logger.info(
        `Healthy after ${health.waitedMs} ms (${health.attempts} probe(s), last ${health.latencyMs.toFixed(1)} ms).`
      );
    }
    signal2?.throwIfAborted();
    if (await clearAccessLog(work, options.quiet, store, logger)) {
      if (!await reloadWaf(work, options.reload, options.commandTimeoutMs)) {
        quiet.notes.push(
          "access log rotated but reload is none: nginx keeps writing to the renamed file"
        );
      }
    }
    if (lockPath !== null)
      await renewLock(host, { path: lockPath, leaseMs: options.lockLeaseMs }, runId);
    return {
      host: host.name,
      ...installed,
      healthProbeLatencyMs,
      healthAttempts,
      changedFiles,
      pausedCronLines: quiet.pausedCronLines,
      stoppedTimers: quiet.stoppedTimers,
      stateFile: options.stateFile,
      runId,
      lockFile: lockPath,
      hostStateFile: lockPath === null ? null : hostStatePath(lockPath, runId),
      runningCheck,
      notes: quiet.notes
    };
  } catch (error) {
    logger.warn(
      signal2?.aborted ? "Interrupted; the running command was stopped; restoring everything the install changed." : "Install failed; restoring everything it changed."
    );
    try {
      await restoreChanges(host, store, logger);
    } catch (restoreError) {
      logger.error(`Restore after failure was incomplete: ${restoreError.message}`);
    }
    throw error;
  } finally {
    await pkg?.cleanup();
  }
}
async function takeHost(host, options, lockPath, runId, logger) {
  const lock = { path: lockPath, leaseMs: options.lockLeaseMs };
  let taken = await acquireLock(host, lock, runId, logger);
  try {
    if (taken.how === "renewed" && await host.stat(hostStatePath(lockPath, runId)) !== null) {
      logger.warn(`Run ${runId} left unrestored changes on ${host.name}; restoring them first.`);
      await restoreFromHost(host, lockPath, runId, logger);
      taken = await acquireLock(host, lock, runId, logger);
    }
    const previous = taken.previous;
    if (previous !== void 0 && await host.stat(hostStatePath(lockPath, previous.runId)) !== null) {
      logger.warn(
        `Restoring what run ${previous.runId} left on ${host.name} before its lease expired.`
      );
      await restoreFromHost(host, lockPath, previous.runId, logger);
    }
  } catch (error) {
    await releaseLock(host, lockPath, runId, logger).catch(() => void 0);
    throw error;
  }
}
async function checkRunningBuild(host, options, probedVersion, logger) {
  if (options.reload.kind === "none") return "skipped: reload none";
  const found = await ensureRunningBinary(host, options.running, options.reload, logger);
  const probe = options.versionProbe;
  if (found.startsWith("skipped") || probe.kind !== "command") return found;
  if (!probeReadsBinary(probe.argv, options.running.binary)) return found;
  const version = await binaryVersion(host, options.running.binary, probe.regex);
  if (version !== probedVersion) {
    throw new WafGateError(
      "E_VERSION_MISMATCH",
      `${options.running.binary} -v prints ${version ?? "no version"}, expected ${probedVersion}`,
      {
        context: { host: host.name },
        hint: "Set nginx-binary to the binary the package installs (the one nginx runs)."
      }
    );
  }
  return `${found} (version ${version})`;
}

export {
  INSTALL_SCHEMA,
  loadConfigFile,
  INSTALL_INPUTS,
  defaultRunId,
  parseInstallOptions,
  rawInputsFrom,
  mergeRawInputs,
  openInstallHost,
  readState,
  newRunId,
  restoreFromStateFile,
  restoreFromHost,
  runInstall
};
