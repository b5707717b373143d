import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  executeInstall
} from "./chunks/chunk-4U6EVUWZ.js";
import {
  mergeExpectations
} from "./chunks/chunk-QD3SLWXW.js";
import {
  COMPARE_SCHEMA,
  ExitCode,
  compareRuns,
  defaultPolicy,
  exitCodeFor,
  loadPolicyFile,
  parseCompareOptions,
  pathExists,
  readResults,
  renderCheckSummary,
  renderReport,
  runCompare,
  writeComparison
} from "./chunks/chunk-7OD3365V.js";
import {
  MEASURE_SCHEMA,
  freshAbInstallSettings,
  freshAbInstalls,
  parseMeasureInputs,
  runFreshAb,
  runPipeline
} from "./chunks/chunk-XJ7QORZG.js";
import {
  INSTALL_INPUTS,
  INSTALL_SCHEMA,
  loadConfigFile,
  mergeRawInputs,
  parseInstallOptions,
  rawInputsFrom
} from "./chunks/chunk-JTHWYULW.js";
import {
  REPLAY_SCHEMA,
  formatHoldBlock,
  formatShardsText,
  formatStatsBlock,
  mergeReplayFiles,
  parseCorpusSpec,
  parseHoldOptions,
  parseReplayOptions,
  readNoFileLimit,
  runHold,
  runReplay
} from "./chunks/chunk-OX7RDG3B.js";
import {
  WS_ORIGIN_PATH
} from "./chunks/chunk-K3QUUAFE.js";
import "./chunks/chunk-2TBFYHS7.js";
import {
  analyzeLog,
  parseStopInputs,
  startDetached,
  stopDetached,
  summarizeResult
} from "./chunks/chunk-I5KMSLST.js";
import "./chunks/chunk-64BEH4VU.js";
import "./chunks/chunk-SQTU2L2M.js";
import "./chunks/chunk-MBWXRAFT.js";
import "./chunks/chunk-PDX4C4JJ.js";
import "./chunks/chunk-KSLHAH7M.js";
import {
  COLLECT_INPUT_NAMES,
  COLLECT_SCHEMA,
  COLLECT_STOP_SCHEMA,
  LAB_LOG_FORMAT,
  defaultStateDir,
  parseCollectOptions,
  parseRunId
} from "./chunks/chunk-EZWERAWO.js";
import {
  HOST_SCHEMA,
  SSH_INPUT_NAMES,
  runCommand
} from "./chunks/chunk-QEATW52E.js";
import {
  ConfigError,
  MAX_DURATION_MS,
  WafGateError,
  createConsoleLogger,
  formatError,
  isConfigError,
  parseInteger,
  parseList,
  parseOptions,
  parsePort,
  readJsonFile,
  warnOnce,
  writeJsonFile
} from "./chunks/chunk-QC4E7EMN.js";
import "./chunks/chunk-MYUYXPJI.js";
import "./chunks/chunk-D5N3K7F6.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/lab/lab.ts
import { chmod, mkdir as mkdir4, readFile as readFile4, rm as rm2, writeFile as writeFile3 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join as join5, relative as relative3, resolve as resolve3 } from "node:path";

// src/lab/builds.ts
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
function labBuildDir(labDir, wafName) {
  return join(labDir, "builds", wafName);
}
function labBuildWsConfig(spec) {
  const s = spec.wsReadTimeoutS;
  if (s === void 0) return null;
  if (!Number.isInteger(s) || s < 1 || s > 86400)
    throw new Error(`internal: /ws read timeout ${s} is not 1\u201386400 s`);
  return [
    `# waf-gate lab build ${spec.version}: /ws timeouts`,
    `proxy_read_timeout ${s}s;`,
    `proxy_send_timeout ${s}s;`,
    ""
  ].join("\n");
}
var LAB_BUILD_PACKAGE = "waf-gate-lab-rules";
function labBuildRules(spec) {
  if (!Number.isInteger(spec.paranoiaLevel) || spec.paranoiaLevel < 1 || spec.paranoiaLevel > 4)
    throw new Error(`internal: paranoia level ${spec.paranoiaLevel} is not 1\u20134`);
  return [
    `# waf-gate lab build ${spec.version}: OWASP CRS paranoia level ${spec.paranoiaLevel}`,
    `SecAction "id:900990,phase:1,nolog,pass,t:none,setvar:tx.paranoia_level=${spec.paranoiaLevel}"`,
    ...spec.extraRules ? [spec.extraRules] : [],
    ""
  ].join("\n");
}
async function writeLabBuild(dir, spec) {
  const folder = join(dir, spec.name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, "VERSION"), `${spec.version}
`);
  await writeFile(join(folder, "rules.conf"), labBuildRules(spec));
  const ws = labBuildWsConfig(spec);
  if (ws !== null) await writeFile(join(folder, "nginx-ws.conf"), ws);
  return folder;
}
function labInstallInputs(lab, waf, files) {
  const installDir = labBuildDir(lab.dir, waf.name);
  const include = relative(dirname(waf.rulesFile), join(installDir, "rules.conf"));
  if (!/^[\w./-]+$/.test(include))
    throw new Error(`internal: include path ${JSON.stringify(include)} needs quoting`);
  return {
    "package-name": LAB_BUILD_PACKAGE,
    "install-dir": installDir,
    "version-probe": "package-db",
    edits: JSON.stringify([
      {
        file: waf.rulesFile,
        replace: '^(SecAction "id:900000,[^\\n]*)$',
        with: `$1
Include ${include}`
      }
    ]),
    check: JSON.stringify([
      "nginx",
      "-t",
      "-q",
      "-p",
      waf.prefix,
      "-c",
      waf.configFile,
      "-e",
      waf.errorLog
    ]),
    reload: `pid-file:${waf.pidFile}`,
    "nginx-binary": "/usr/sbin/nginx",
    "health-url": `http://${waf.host}:${waf.port}/`,
    "health-host": lab.domains[0] ?? "localhost",
    "health-timeout": "20s",
    "pause-cron": "none",
    "pause-timers": "none",
    "state-file": files.stateFile,
    "lock-file": files.lockFile
  };
}

// src/common/owned-dir.ts
import { lstat, mkdir as mkdir2, readdir, readFile, rm, rmdir, writeFile as writeFile2 } from "node:fs/promises";
import { dirname as dirname2, join as join2, relative as relative2, resolve } from "node:path";
var OWNED_MARKER = ".waf-gate-owned";
function isMarker(value, kind) {
  if (typeof value !== "object" || value === null) return false;
  const m = value;
  return m.tool === "waf-gate" && m.kind === kind && Array.isArray(m.entries) && m.entries.every(
    (e) => typeof e === "string" && !["", ".", "..", OWNED_MARKER].includes(e) && !e.includes("/")
  );
}
async function readOwnedMarker(dir, kind) {
  let text;
  try {
    text = await readFile(join2(dir, OWNED_MARKER), "utf8");
  } catch {
    return null;
  }
  try {
    const parsed = JSON.parse(text);
    return isMarker(parsed, kind) ? parsed : null;
  } catch {
    return null;
  }
}
async function writeMarker(dir, marker) {
  await writeFile2(join2(dir, OWNED_MARKER), `${JSON.stringify(marker, null, 2)}
`);
}
function refuse(dir, options, why) {
  return new ConfigError(`${why} waf-gate uses and cleans only folders it created.`, {
    input: options.input,
    value: dir,
    hint: `Pick an empty or new folder with ${options.input}, or empty ${dir} yourself.`
  });
}
async function claimOwnedDir(path, options) {
  const dir = resolve(path);
  const info = await lstat(dir).catch((error) => {
    if (error.code === "ENOENT") return null;
    throw new ConfigError(`Cannot inspect the folder ${dir}.`, {
      input: options.input,
      value: dir,
      cause: error
    });
  });
  let createdRoot = null;
  let names = [];
  if (info === null) {
    createdRoot = await mkdir2(dir, { recursive: true }) ?? dir;
  } else if (!info.isDirectory()) {
    throw refuse(dir, options, `${dir} is not a folder (a file or a symbolic link is there).`);
  } else {
    names = await readdir(dir);
  }
  const previous = names.includes(OWNED_MARKER) ? await readOwnedMarker(dir, options.kind) : null;
  if (names.length > 0 && previous === null) {
    throw refuse(
      dir,
      options,
      names.includes(OWNED_MARKER) ? `The folder ${dir} was created by waf-gate for something else (its ${OWNED_MARKER} is not a "${options.kind}" marker).` : `The folder ${dir} is not empty and was not created by waf-gate.`
    );
  }
  if (previous) {
    for (const entry of previous.entries)
      await rm(join2(dir, entry), { recursive: true, force: true });
  }
  const foreign = new Set(
    names.filter((n) => n !== OWNED_MARKER && !(previous?.entries.includes(n) ?? false))
  );
  const now = Date.now();
  const marker = {
    tool: "waf-gate",
    kind: options.kind,
    createdAt: new Date(now).toISOString(),
    createdAtMs: now,
    pid: process.pid,
    createdRoot: previous ? previous.createdRoot : createdRoot,
    entries: []
  };
  await writeMarker(dir, marker);
  return { dir, marker, foreign };
}
async function planOwnedEntries(owned, names) {
  const clash = names.filter((n) => owned.foreign.has(n));
  if (clash.length > 0) {
    throw new ConfigError(
      `The folder ${owned.dir} already holds ${clash.join(", ")}, which waf-gate did not create.`,
      { hint: `Pick an empty or new folder, or move ${clash.join(", ")} away yourself.` }
    );
  }
  owned.marker.entries = [.../* @__PURE__ */ new Set([...owned.marker.entries, ...names])];
  await writeMarker(owned.dir, owned.marker);
}
async function recordOwnedEntries(owned) {
  const names = await readdir(owned.dir);
  owned.marker.entries = names.filter((n) => n !== OWNED_MARKER && !owned.foreign.has(n));
  await writeMarker(owned.dir, owned.marker);
}
async function releaseOwnedDir(path, kind) {
  const dir = resolve(path);
  const marker = await readOwnedMarker(dir, kind);
  if (!marker) return false;
  for (const entry of marker.entries) await rm(join2(dir, entry), { recursive: true, force: true });
  await rm(join2(dir, OWNED_MARKER), { force: true });
  if (marker.createdRoot === null) return true;
  const root = resolve(marker.createdRoot);
  if (relative2(root, dir).startsWith("..")) return true;
  for (let current = dir; ; current = dirname2(current)) {
    try {
      await rmdir(current);
    } catch (error) {
      const code = error.code;
      if (code === "ENOTEMPTY" || code === "EEXIST" || code === "ENOENT") return true;
      throw new WafGateError("E_CLEANUP", `Cannot remove the folder ${current}.`, {
        context: { dir: current },
        cause: error
      });
    }
    if (current === root || current === dirname2(current)) return true;
  }
}

// src/lab/packages.ts
var LAB_PACKAGES = ["nginx", "libnginx-mod-http-modsecurity", "modsecurity-crs"];
var LAB_FILES = {
  nginx: { path: "/usr/sbin/nginx", pkg: "nginx" },
  module: {
    path: "/usr/lib/nginx/modules/ngx_http_modsecurity_module.so",
    pkg: "libnginx-mod-http-modsecurity"
  },
  modsecurityConf: { path: "/etc/nginx/modsecurity.conf", pkg: "libnginx-mod-http-modsecurity" },
  unicodeMapping: { path: "/etc/nginx/unicode.mapping", pkg: "libnginx-mod-http-modsecurity" },
  crsSetup: { path: "/etc/modsecurity/crs/crs-setup.conf", pkg: "modsecurity-crs" },
  crsRules: { path: "/usr/share/modsecurity-crs/rules", pkg: "modsecurity-crs" }
};
async function missingLabPackages(files = LAB_FILES) {
  const missing = /* @__PURE__ */ new Set();
  for (const file of Object.values(files)) {
    if (!await pathExists(file.path)) missing.add(file.pkg);
  }
  return [...missing];
}
function installCommandFor(packages) {
  return `sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${packages.join(" ")}`;
}
async function ensureLabPackages(install, logger, files = LAB_FILES) {
  const missing = await missingLabPackages(files);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!install || !isRoot) {
    throw new ConfigError(
      `The lab needs the Debian packages ${missing.join(", ")}, which are not installed.`,
      {
        hint: `Install them with: ${installCommandFor(missing)}${isRoot ? "" : " (or run waf-gate as root to let it install them)"}.`
      }
    );
  }
  logger.info(`Installing ${missing.join(", ")} with apt-get (running as root)\u2026`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  await runCommand("apt-get", ["update"], { env, timeoutMs: 6e5 });
  await runCommand("apt-get", ["install", "-y", "--no-install-recommends", ...LAB_PACKAGES], {
    env,
    timeoutMs: 9e5
  });
  const still = await missingLabPackages(files);
  if (still.length > 0) {
    throw new ConfigError(`apt-get finished but ${still.join(", ")} still look missing.`, {
      hint: `Check with: dpkg -L ${still.join(" ")}`
    });
  }
}
async function labVersions() {
  const versions = {};
  for (const pkg of [
    "nginx",
    "libmodsecurity3",
    "libnginx-mod-http-modsecurity",
    "modsecurity-crs"
  ]) {
    const result = await runCommand("dpkg-query", ["-W", "-f", "${Version}", pkg], {
      allowFailure: true,
      timeoutMs: 1e4
    }).catch(() => null);
    if (result && result.exitCode === 0 && result.stdout.trim())
      versions[pkg] = result.stdout.trim();
  }
  return versions;
}

// src/lab/config.ts
function nginxQuote(value) {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
function commonHead(workers, errorLevel) {
  return [
    `worker_processes ${workers};`,
    "pid logs/nginx.pid;",
    `error_log logs/error.log ${errorLevel};`,
    ""
  ].join("\n");
}
var TEMP_PATHS = [
  "  client_body_temp_path tmp/body;",
  "  proxy_temp_path tmp/proxy;",
  "  fastcgi_temp_path tmp/fastcgi;",
  "  uwsgi_temp_path tmp/uwsgi;",
  "  scgi_temp_path tmp/scgi;"
].join("\n");
function originConfig(host, port, domains) {
  const servers = domains.map(
    (domain) => `  server {
    listen ${host}:${port};
    server_name ${domain};
    location / { return 200 "hello from ${domain}\\n"; }
  }`
  );
  return `${commonHead(1, "warn")}events { worker_connections 8192; }
http {
${TEMP_PATHS}
  default_type text/plain;
  access_log off;
  keepalive_requests 1000000;
  server {
    listen ${host}:${port} default_server reuseport backlog=4096;
    server_name _;
    location / { return 200 "hello from origin\\n"; }
  }
${servers.join("\n")}
}
`;
}
var LAB_WS_READ_TIMEOUT_S = 3600;
var LAB_BUILD_WS_CONF_GLOB = "nginx-ws*.conf";
function wsLocation(p) {
  if (p.wsOriginPort === void 0) return "";
  const include = p.buildDir !== void 0 && !/[*?[\\\]]/.test(p.buildDir) ? `      include ${nginxQuote(`${p.buildDir}/${LAB_BUILD_WS_CONF_GLOB}`)};
` : "";
  return `    location /ws {
      proxy_pass http://ws_origin;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_buffering off;
${include}    }
`;
}
function wafConfig(p) {
  const noFile = p.noFileLimit ?? 8192;
  const connections = Math.max(1024, noFile - 128);
  const ws = p.wsOriginPort !== void 0;
  const wsTimeout = p.wsReadTimeoutS ?? LAB_WS_READ_TIMEOUT_S;
  return `${commonHead(p.workers, "info")}load_module ${nginxQuote(LAB_FILES.module.path)};
worker_rlimit_nofile ${noFile};
events { worker_connections ${connections}; }
http {
${TEMP_PATHS}
  log_format waf_gate '${LAB_LOG_FORMAT}';
  access_log logs/access.log waf_gate buffer=64k flush=1s;
  keepalive_requests 1000000;
  upstream origin { server ${p.host}:${p.originPort}; keepalive 64; keepalive_requests 1000000; }
${ws ? `  upstream ws_origin { server ${p.host}:${p.wsOriginPort}; }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
` : ""}  server {
    listen ${p.host}:${p.port} default_server reuseport backlog=4096;
    server_name _ ${p.domains.join(" ")};
    modsecurity on;
    modsecurity_rules_file ${nginxQuote(p.rulesFile)};
    modsecurity_transaction_id "$request_id";
${ws ? `    proxy_read_timeout ${wsTimeout}s;
    proxy_send_timeout ${wsTimeout}s;
` : ""}    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
${ws ? "      proxy_read_timeout 60s;\n      proxy_send_timeout 60s;\n" : ""}    }
${wsLocation(p)}  }
}
`;
}
function modsecPath(path) {
  if (!/^[\w./-]+$/.test(path))
    throw new Error(`internal: ModSecurity path ${JSON.stringify(path)} needs quoting`);
  return path;
}
function modsecurityConfig(shipped, paths) {
  return shipped.replace(/^SecRuleEngine DetectionOnly/m, "SecRuleEngine On").replace(/^SecAuditLog .*$/m, `SecAuditLog ${modsecPath(paths.auditLog)}`).replace(/^SecTmpDir .*$/m, `SecTmpDir ${modsecPath(paths.tmpDir)}/`).replace(/^SecDataDir .*$/m, `SecDataDir ${modsecPath(paths.tmpDir)}/`).replace(
    /^SecUnicodeMapFile unicode.mapping/m,
    `SecUnicodeMapFile ${modsecPath(LAB_FILES.unicodeMapping.path)}`
  ).replace(/^SecStatusEngine On/m, "SecStatusEngine Off");
}
function crsRulesConfig(instanceModsecConfig, paranoiaLevel, extraRules) {
  return [
    `# ModSecurity + OWASP CRS (Debian) at paranoia level ${paranoiaLevel}`,
    "# --- recommended configuration (modsecurity.conf) ---",
    instanceModsecConfig,
    "# --- OWASP CRS ---",
    `Include ${LAB_FILES.crsSetup.path}`,
    `SecAction "id:900000,phase:1,nolog,pass,t:none,setvar:tx.paranoia_level=${paranoiaLevel}"`,
    "Include /etc/modsecurity/crs/REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf",
    `Include ${LAB_FILES.crsRules.path}/*.conf`,
    "Include /etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf",
    ...extraRules ? ["# extra rules of this instance", extraRules] : [],
    ""
  ].join("\n");
}

// src/lab/nginx.ts
import { request } from "node:http";
import { readFile as readFile2 } from "node:fs/promises";
import { dirname as dirname3, join as join3 } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
function nginxPaths(prefix) {
  return {
    prefix,
    configFile: join3(prefix, "conf", "nginx.conf"),
    pidFile: join3(prefix, "logs", "nginx.pid"),
    accessLog: join3(prefix, "logs", "access.log"),
    errorLog: join3(prefix, "logs", "error.log")
  };
}
function nginxArgs(paths) {
  return ["-p", paths.prefix, "-c", paths.configFile, "-e", paths.errorLog];
}
async function errorLogTail(paths, lines = 3) {
  const text = await readFile2(paths.errorLog, "utf8").catch(() => "");
  return text.split("\n").filter((l) => /\[(emerg|alert|crit|error)\]/.test(l)).slice(-lines).join(" | ");
}
async function runNginx(paths, extra, code, what) {
  const result = await runCommand(LAB_FILES.nginx.path, [...extra, ...nginxArgs(paths)], {
    // The lab's ModSecurity files name their runtime paths relative to the lab folder (see lab.ts);
    // nginx never changes its working folder, so its master and workers resolve them there.
    cwd: dirname3(paths.prefix),
    allowFailure: true,
    timeoutMs: 3e4
  });
  if (result.exitCode === 0) return;
  const detail = (result.stderr.trim() || await errorLogTail(paths)).split("\n").slice(0, 3).join(" ");
  throw new WafGateError(code, `${what}: ${detail}`, { context: { prefix: paths.prefix } });
}
function testConfig(name, paths) {
  return runNginx(
    paths,
    ["-t", "-q"],
    "E_LAB_CONFIG",
    `nginx rejected the configuration of lab instance "${name}"`
  );
}
async function readPid(pidFile) {
  const text = await readFile2(pidFile, "utf8").catch(() => "");
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}
async function startNginx(name, paths) {
  await runNginx(paths, [], "E_LAB_START", `nginx of lab instance "${name}" did not start`);
  for (let i = 0; i < 50; i += 1) {
    const pid = await readPid(paths.pidFile);
    if (pid !== null && isAlive(pid)) return pid;
    await sleep(100);
  }
  throw new WafGateError(
    "E_LAB_START",
    `nginx of lab instance "${name}" exited right after starting: ${await errorLogTail(paths)}`,
    {
      context: { prefix: paths.prefix }
    }
  );
}
async function isMasterOf(pid, configFile) {
  const cmdline = await readFile2(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  const title = cmdline.replace(/\0/g, " ");
  return title.startsWith("nginx: master process") && title.includes(configFile);
}
async function stopLabProcess(pid, steps, what) {
  for (const [signal, waitMs] of steps) {
    if (!isAlive(pid)) return;
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let waited = 0; waited < waitMs && isAlive(pid); waited += 50) await sleep(50);
  }
  if (isAlive(pid))
    throw new WafGateError("E_LAB_STOP", `${what} ${pid} did not stop`, { context: { pid } });
}
function stopNginx(pid) {
  const steps = [
    ["SIGQUIT", 5e3],
    ["SIGTERM", 3e3],
    ["SIGKILL", 2e3]
  ];
  return stopLabProcess(pid, steps, "nginx master");
}
function probeStatus(host, port, hostHeader, path = "/", timeoutMs = 2e3) {
  return new Promise((resolve5) => {
    const req = request(
      {
        host,
        port,
        path,
        method: "GET",
        timeout: timeoutMs,
        agent: false,
        headers: { Host: hostHeader, "User-Agent": "waf-gate-lab-probe", Accept: "*/*" }
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve5(res.statusCode ?? null));
        res.on("error", () => resolve5(null));
      }
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve5(null));
    req.end();
  });
}
async function waitHealthy(name, host, port, hostHeader, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    last = await probeStatus(host, port, hostHeader);
    if (last === 200) return;
    await sleep(100);
  }
  throw new WafGateError(
    "E_LAB_UNHEALTHY",
    `lab instance "${name}" on ${host}:${port} did not answer 200 within ${timeoutMs} ms (last: ${last ?? "no answer"})`,
    {
      context: { host, port }
    }
  );
}

// src/lab/ports.ts
import { createServer } from "node:net";
function listenOnce(host, port) {
  return new Promise((resolve5, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      server.close(() => resolve5(bound));
    });
  });
}
function findFreePort(host = "127.0.0.1") {
  return listenOnce(host, 0);
}
async function reservePort(host, port, option) {
  if (!port) return findFreePort(host);
  try {
    return await listenOnce(host, port);
  } catch (error) {
    const code = error.code;
    throw new ConfigError(
      code === "EADDRINUSE" ? `Port ${port} on ${host} is already in use by another program.` : `Cannot listen on ${host}:${port} (${code ?? "error"}).`,
      {
        input: option,
        value: port,
        cause: error,
        hint: `Pick another port with ${option}, or leave it unset to use a free one.`
      }
    );
  }
}

// src/lab/validate.ts
function validateLabOptions(options) {
  const names = /* @__PURE__ */ new Set();
  for (const waf of options.wafs) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(waf.name)) {
      throw new ConfigError("A lab instance name must be lower-case letters, digits and dashes.", {
        input: "name",
        value: waf.name
      });
    }
    if (names.has(waf.name) || waf.name === "origin" || waf.name === "modsec") {
      throw new ConfigError('Lab instance names must be unique and not "origin" or "modsec".', {
        input: "name",
        value: waf.name
      });
    }
    names.add(waf.name);
    if (!Number.isInteger(waf.paranoiaLevel) || waf.paranoiaLevel < 1 || waf.paranoiaLevel > 4) {
      throw new ConfigError("The CRS paranoia level is 1, 2, 3 or 4.", {
        input: `${waf.name}.paranoiaLevel`,
        value: waf.paranoiaLevel
      });
    }
    const ws = waf.wsReadTimeoutS;
    if (ws !== void 0 && !(Number.isInteger(ws) && ws >= 1 && ws <= 86400)) {
      throw new ConfigError("The /ws read timeout is a whole number of seconds from 1 to 86400.", {
        input: `${waf.name}.wsReadTimeoutS`,
        value: ws
      });
    }
    if (!Number.isInteger(waf.workers) || waf.workers < 1 || waf.workers > 64) {
      throw new ConfigError("Workers must be a whole number from 1 to 64.", {
        input: `${waf.name}.workers`,
        value: waf.workers
      });
    }
  }
  for (const domain of options.domains) {
    if (!/^[A-Za-z0-9.-]+$/.test(domain)) {
      throw new ConfigError("A lab domain may hold letters, digits, dots and dashes only.", {
        input: "domains",
        value: domain
      });
    }
  }
  if (options.domains.length === 0)
    throw new ConfigError("The lab needs at least one domain.", { input: "domains" });
  const ports = [
    ["--origin-port", options.originPort],
    ...options.wafs.map((w) => [`--${w.name}-port`, w.port])
  ];
  for (const [input, port] of ports) {
    if (port !== void 0 && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
      throw new ConfigError("A port is a whole number from 1 to 65535.", { input, value: port });
    }
  }
}

// src/lab/ws-process.ts
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir as mkdir3, open, readFile as readFile3 } from "node:fs/promises";
import { dirname as dirname4, join as join4, resolve as resolve2 } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep2 } from "node:timers/promises";
var BUNDLE = "lab-ws-origin.js";
var SOURCE = "ws-origin-entry.ts";
function wsOriginCommand() {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname4(here);
  if (here.endsWith(".ts"))
    return { args: ["--import", "tsx", join4(dir, SOURCE)], cwd: resolve2(dir, "..", "..") };
  const bundled = [join4(dir, BUNDLE), join4(dir, "..", BUNDLE)].find((p) => existsSync(p));
  if (!bundled)
    throw new WafGateError("E_LAB_WS_BUNDLE", `dist/${BUNDLE} not found next to ${here}.`, {
      hint: "Rebuild with `node scripts/build.mjs`."
    });
  return { args: [bundled], cwd: dirname4(bundled) };
}
async function isWsOriginOf(pid, labDir) {
  const cmdline = await readFile3(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  const args = cmdline.split("\0");
  return args.some((a) => a.endsWith(BUNDLE) || a.endsWith(SOURCE)) && args.includes(labDir);
}
async function startWsOriginProcess(labDir, folder, host, port, timeoutMs) {
  await mkdir3(folder, { recursive: true });
  const logFile = join4(folder, "ws-origin.log");
  const log = await open(logFile, "w");
  const { args, cwd } = wsOriginCommand();
  const child = spawn(process.execPath, [...args, host, String(port), labDir], {
    cwd,
    detached: true,
    stdio: ["ignore", log.fd, log.fd]
  });
  await log.close();
  const pid = child.pid;
  if (pid === void 0)
    throw new WafGateError("E_LAB_START", "The lab WebSocket origin did not start.", {
      context: { logFile }
    });
  const exit = { how: null };
  child.once("exit", (code, signal) => exit.how = signal ?? `code ${String(code)}`);
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await readFile3(logFile, "utf8").catch(() => "");
    const ready = /^ready (\d+)$/m.exec(text);
    if (ready) return { name: "ws-origin", host, port: Number(ready[1]), pid, logFile };
    if (exit.how !== null)
      throw new WafGateError(
        "E_LAB_START",
        `The lab WebSocket origin exited (${exit.how}): ${text.trim().slice(-400)}`,
        { context: { logFile } }
      );
    await sleep2(50);
  }
  await stopWsOriginProcess(pid);
  throw new WafGateError(
    "E_LAB_START",
    `The lab WebSocket origin did not listen within ${timeoutMs} ms.`,
    { context: { logFile } }
  );
}
function stopWsOriginProcess(pid) {
  const steps = [
    ["SIGTERM", 3e3],
    ["SIGKILL", 2e3]
  ];
  return stopLabProcess(pid, steps, "The lab WebSocket origin");
}

// src/lab/lab.ts
var HOST = "127.0.0.1";
var STATE_FILE = "lab.json";
var LAB_KIND = "lab";
function defaultLabDir() {
  return join5(tmpdir(), `waf-gate-lab-${process.getuid?.() ?? "user"}`);
}
var DEFAULT_LAB_DOMAINS = ["app.test", "shop.test", "api.test"];
function defaultWafSpecs(workers = 1) {
  return [
    { name: "baseline", paranoiaLevel: 1, workers },
    { name: "candidate", paranoiaLevel: 2, workers }
  ];
}
function labOptions(overrides = {}) {
  return {
    dir: resolve3(overrides.dir ?? defaultLabDir()),
    domains: overrides.domains ?? DEFAULT_LAB_DOMAINS,
    wafs: overrides.wafs ?? defaultWafSpecs(),
    ...overrides.originPort === void 0 ? {} : { originPort: overrides.originPort },
    installPackages: overrides.installPackages ?? true,
    startTimeoutMs: overrides.startTimeoutMs ?? 2e4
  };
}
async function readLabState(dir) {
  try {
    await readFile4(join5(dir, STATE_FILE));
  } catch {
    return null;
  }
  return readJsonFile(join5(dir, STATE_FILE), "lab state file");
}
function allInstances(state) {
  return [...state.wafs, state.origin];
}
async function instanceRuns(instance) {
  return isAlive(instance.masterPid) && await isMasterOf(instance.masterPid, instance.configFile);
}
async function someInstanceRuns(state) {
  for (const instance of allInstances(state)) if (await instanceRuns(instance)) return true;
  return state.wsOrigin !== void 0 && await isWsOriginOf(state.wsOrigin.pid, state.dir);
}
async function workerNoFileLimit() {
  const limit = await readNoFileLimit();
  if (!limit) return 8192;
  return Math.max(1024, Math.min(limit.hard, 65536));
}
async function prepareFolders(paths) {
  for (const sub of ["conf", "logs", "tmp"])
    await mkdir4(join5(paths.prefix, sub), { recursive: true, mode: 493 });
}
async function labUp(input, logger) {
  const options = labOptions(input);
  validateLabOptions(options);
  const existing = await readLabState(options.dir).catch(() => null);
  if (existing && await someInstanceRuns(existing)) {
    const ports = allInstances(existing).map((i) => `${i.name}=${i.port}`).join(", ");
    throw new ConfigError(`A lab is already running in ${options.dir} (${ports}).`, {
      hint: `Use it as it is, or stop it first with: waf-gate lab down --dir ${options.dir}`
    });
  }
  const owned = await claimOwnedDir(options.dir, { kind: LAB_KIND, input: "--dir" });
  if (existing) {
    logger.warn(`Removed the remains of a lab that is no longer running in ${options.dir}.`);
  }
  const started = [];
  let wsOriginPid;
  try {
    await planOwnedEntries(owned, [
      STATE_FILE,
      "origin",
      "ws-origin",
      "modsec",
      ...options.wafs.map((w) => w.name)
    ]);
    await ensureLabPackages(options.installPackages ?? true, logger);
    await chmod(options.dir, 493);
    const originPort = await reservePort(HOST, options.originPort, "--origin-port");
    const wsOriginPort = await reservePort(HOST, void 0, "ws-origin port");
    const noFileLimit = await workerNoFileLimit();
    const originPaths = nginxPaths(join5(options.dir, "origin"));
    await prepareFolders(originPaths);
    await writeFile3(originPaths.configFile, originConfig(HOST, originPort, options.domains));
    const modsecDir = join5(options.dir, "modsec");
    const modsecTmp = join5(modsecDir, "tmp");
    await mkdir4(modsecTmp, { recursive: true });
    await chmod(modsecDir, 493);
    await chmod(modsecTmp, 1023);
    const shipped = await readFile4(LAB_FILES.modsecurityConf.path, "utf8");
    const wafs = [];
    for (const spec of options.wafs) {
      const port = await reservePort(HOST, spec.port, `--${spec.name}-port`);
      const paths = nginxPaths(join5(options.dir, spec.name));
      await prepareFolders(paths);
      const auditDir = join5(modsecDir, spec.name);
      await mkdir4(auditDir, { recursive: true });
      await chmod(auditDir, 1023);
      const auditLog = join5(auditDir, "audit.log");
      const instanceModsec = modsecurityConfig(shipped, {
        auditLog: relative3(options.dir, auditLog),
        tmpDir: relative3(options.dir, modsecTmp)
      });
      const rulesFile = join5(auditDir, "rules.conf");
      await writeFile3(
        rulesFile,
        crsRulesConfig(instanceModsec, spec.paranoiaLevel, spec.extraRules)
      );
      await writeFile3(
        paths.configFile,
        wafConfig({
          host: HOST,
          port,
          originPort,
          workers: spec.workers,
          rulesFile,
          domains: options.domains,
          wsOriginPort,
          wsReadTimeoutS: spec.wsReadTimeoutS ?? LAB_WS_READ_TIMEOUT_S,
          buildDir: labBuildDir(options.dir, spec.name),
          noFileLimit
        })
      );
      wafs.push({ spec, paths, port, rulesFile, auditLog });
    }
    const ports = [originPort, wsOriginPort, ...wafs.map((w) => w.port)];
    if (new Set(ports).size !== ports.length) {
      throw new ConfigError(`Two lab instances were given the same port (${ports.join(", ")}).`, {
        hint: "Give each instance its own port."
      });
    }
    await testConfig("origin", originPaths);
    for (const waf of wafs) await testConfig(waf.spec.name, waf.paths);
    const versions = await labVersions();
    const wsOrigin = await startWsOriginProcess(
      options.dir,
      join5(options.dir, "ws-origin"),
      HOST,
      wsOriginPort,
      options.startTimeoutMs ?? 2e4
    );
    wsOriginPid = wsOrigin.pid;
    const originPid = await startNginx("origin", originPaths);
    started.push(originPid);
    const origin = {
      name: "origin",
      host: HOST,
      port: originPort,
      masterPid: originPid,
      ...originPaths
    };
    const wafStates = [];
    for (const waf of wafs) {
      const pid = await startNginx(waf.spec.name, waf.paths);
      started.push(pid);
      wafStates.push({
        name: waf.spec.name,
        host: HOST,
        port: waf.port,
        masterPid: pid,
        ...waf.paths,
        paranoiaLevel: waf.spec.paranoiaLevel,
        workers: waf.spec.workers,
        logFormat: LAB_LOG_FORMAT,
        auditLog: waf.auditLog,
        rulesFile: waf.rulesFile,
        description: `nginx ${versions.nginx ?? "?"} + ModSecurity ${versions.libmodsecurity3 ?? "?"} + CRS ${versions["modsecurity-crs"] ?? "?"}, PL${waf.spec.paranoiaLevel}, ${waf.spec.workers} worker${waf.spec.workers === 1 ? "" : "s"}` + (waf.spec.extraRules ? ", extra rules" : "") + (waf.spec.wsReadTimeoutS !== void 0 && waf.spec.wsReadTimeoutS !== LAB_WS_READ_TIMEOUT_S ? `, /ws read timeout ${waf.spec.wsReadTimeoutS}s` : ""),
        wsPath: WS_ORIGIN_PATH,
        wsReadTimeoutS: waf.spec.wsReadTimeoutS ?? LAB_WS_READ_TIMEOUT_S
      });
    }
    const state = {
      schema: "waf-gate/lab@1",
      dir: options.dir,
      startedAtMs: Date.now(),
      domains: options.domains,
      origin,
      wsOrigin,
      wafs: wafStates,
      versions
    };
    await writeJsonFile(join5(options.dir, STATE_FILE), state);
    const timeoutMs = options.startTimeoutMs ?? 2e4;
    const firstDomain = options.domains[0];
    await waitHealthy("origin", HOST, originPort, firstDomain, timeoutMs);
    for (const waf of wafStates)
      await waitHealthy(waf.name, HOST, waf.port, firstDomain, timeoutMs);
    logger.info(
      `Lab up in ${options.dir}: origin ${HOST}:${originPort}; ` + wafStates.map((w) => `${w.name} ${HOST}:${w.port} (PL${w.paranoiaLevel})`).join("; ")
    );
    return state;
  } catch (error) {
    for (const pid of started) await stopNginx(pid).catch(() => void 0);
    if (wsOriginPid !== void 0) await stopWsOriginProcess(wsOriginPid).catch(() => void 0);
    await releaseOwnedDir(options.dir, LAB_KIND);
    throw error;
  }
}
async function labDown(dir, logger, keep = false) {
  const state = await readLabState(dir);
  if (!state) return false;
  const failures = [];
  const ws = state.wsOrigin;
  if (ws && await isWsOriginOf(ws.pid, state.dir)) {
    try {
      await stopWsOriginProcess(ws.pid);
    } catch (error) {
      failures.push(`${ws.name}: ${error.message}`);
    }
  } else if (ws && isAlive(ws.pid)) {
    logger.warn(
      `PID ${ws.pid} (the lab's WebSocket origin in ${join5(dir, STATE_FILE)}) is not that lab's origin; it was not signalled.`
    );
  }
  for (const instance of allInstances(state)) {
    if (isAlive(instance.masterPid) && !await isMasterOf(instance.masterPid, instance.configFile)) {
      logger.warn(
        `PID ${instance.masterPid} (lab instance "${instance.name}" in ${join5(dir, STATE_FILE)}) is not that instance's nginx master; it was not signalled.`
      );
      continue;
    }
    try {
      await stopNginx(instance.masterPid);
    } catch (error) {
      failures.push(`${instance.name}: ${error.message}`);
    }
  }
  if (failures.length > 0) {
    throw new WafGateError(
      "E_LAB_STOP",
      `Some lab instances did not stop: ${failures.join("; ")}`,
      { context: { dir } }
    );
  }
  if (keep) {
    await rm2(join5(dir, STATE_FILE), { force: true });
  } else if (!await releaseOwnedDir(dir, LAB_KIND)) {
    logger.warn(`Lab stopped; ${dir} has no waf-gate marker, so its files were left in place.`);
    return true;
  }
  logger.info(`Lab down${keep ? ` (files kept in ${dir})` : ""}.`);
  return true;
}
async function labStatus(dir) {
  const state = await readLabState(dir);
  if (!state) return null;
  const instances = allInstances(state).map((i) => ({
    name: i.name,
    address: `${i.host}:${i.port}`,
    masterPid: i.masterPid,
    running: isAlive(i.masterPid),
    ..."paranoiaLevel" in i ? { paranoiaLevel: i.paranoiaLevel } : {}
  }));
  if (state.wsOrigin)
    instances.push({
      name: state.wsOrigin.name,
      address: `${state.wsOrigin.host}:${state.wsOrigin.port}`,
      masterPid: state.wsOrigin.pid,
      running: isAlive(state.wsOrigin.pid)
    });
  return { state, instances };
}

// src/cli/args.ts
import { parseArgs } from "node:util";
function parseFlags(command, args, options, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new ConfigError(`${error.message.split("\n")[0]}`, {
      cause: error,
      hint: `Run \`waf-gate ${command} --help\` for the accepted options.`
    });
  }
}
function schemaFlags(schema) {
  return Object.fromEntries(
    Object.entries(schema).map(([name, spec]) => [
      name,
      spec.type === "boolean" && spec.flag ? { type: "boolean" } : { type: "string" }
    ])
  );
}
function schemaValues(schema, values) {
  return Object.fromEntries(Object.keys(schema).map((name) => [name, values[name]]));
}

// src/cli/commands/lab.ts
var help = `Usage: waf-gate lab <up|down|status> [options]

Starts, stops or shows the local lab: an origin nginx (200 for every path) and two WAFs made of
Debian's nginx + ModSecurity + OWASP CRS, each in a private prefix on free 127.0.0.1 ports:
  baseline   CRS paranoia level 1
  candidate  CRS paranoia level 2
No system service is touched. Missing packages are installed when running as root.

Options:
  --dir DIR               lab folder (default: ${defaultLabDir()}): new, empty, or one a lab created;
                          a folder holding anything else is refused, lab down removes only the lab's files
  --domains LIST          virtual hosts, comma-separated (default: ${DEFAULT_LAB_DOMAINS.join(",")})
  --workers N             nginx workers per WAF (default: 1; the other core is left to the load generator)
  --baseline-pl N         baseline paranoia level (default: 1)
  --candidate-pl N        candidate paranoia level (default: 2)
  --candidate-ws-read-timeout S
                          candidate's /ws proxy_read_timeout in seconds (default: 3600); e.g. 2 makes
                          the candidate drop idle WebSockets (waf-gate replay --mode hold)
  --origin-port PORT      fixed ports instead of free ones
  --baseline-port PORT
  --candidate-port PORT
  --no-install            never install packages, only say which are missing
  --keep                  (down) keep the folder with its logs
  --json                  print the lab state as JSON
`;
var labCommand = {
  name: "lab",
  summary: "start, stop or show the local WAF lab (nginx + ModSecurity + CRS on loopback)",
  help,
  async run(args, { logger, print }) {
    const { values, positionals } = parseFlags(
      "lab",
      args,
      {
        dir: { type: "string" },
        domains: { type: "string" },
        workers: { type: "string" },
        "baseline-pl": { type: "string" },
        "candidate-pl": { type: "string" },
        "candidate-ws-read-timeout": { type: "string" },
        "origin-port": { type: "string" },
        "baseline-port": { type: "string" },
        "candidate-port": { type: "string" },
        "no-install": { type: "boolean" },
        keep: { type: "boolean" },
        json: { type: "boolean" },
        verbose: { type: "boolean" }
      },
      true
    );
    const action = positionals[0];
    const dir = values.dir ?? defaultLabDir();
    if (action === "up") {
      const workers = values.workers ? parseInteger("--workers", values.workers, 1, 64) : 1;
      const port = (flag) => values[flag] ? parsePort(`--${flag}`, values[flag]) : void 0;
      const baselinePort = port("baseline-port");
      const candidatePort = port("candidate-port");
      const originPort = port("origin-port");
      const state = await labUp(
        {
          dir,
          domains: values.domains ? parseList(values.domains) : DEFAULT_LAB_DOMAINS,
          wafs: [
            {
              name: "baseline",
              paranoiaLevel: values["baseline-pl"] ? parseInteger("--baseline-pl", values["baseline-pl"], 1, 4) : 1,
              workers,
              ...baselinePort === void 0 ? {} : { port: baselinePort }
            },
            {
              name: "candidate",
              paranoiaLevel: values["candidate-pl"] ? parseInteger("--candidate-pl", values["candidate-pl"], 1, 4) : 2,
              workers,
              ...candidatePort === void 0 ? {} : { port: candidatePort },
              ...values["candidate-ws-read-timeout"] ? {
                wsReadTimeoutS: parseInteger(
                  "--candidate-ws-read-timeout",
                  values["candidate-ws-read-timeout"],
                  1,
                  86400
                )
              } : {}
            }
          ],
          ...originPort === void 0 ? {} : { originPort },
          installPackages: !values["no-install"]
        },
        logger
      );
      if (values.json) print(JSON.stringify(state, null, 2));
      else {
        print(`origin     http://${state.origin.host}:${state.origin.port}`);
        if (state.wsOrigin)
          print(
            `ws-origin  ws://${state.wsOrigin.host}:${state.wsOrigin.port}/ws (proxied by each WAF on /ws)`
          );
        for (const waf of state.wafs)
          print(`${waf.name.padEnd(10)} http://${waf.host}:${waf.port}  ${waf.description}`);
        print(`domains    ${state.domains.join(", ")}`);
        print(`logs       ${state.dir}/<instance>/logs/`);
      }
      return ExitCode.ok;
    }
    if (action === "down") {
      const found = await labDown(dir, logger, values.keep ?? false);
      if (!found) logger.info(`No lab in ${dir}; nothing to stop.`);
      return ExitCode.ok;
    }
    if (action === "status") {
      const status = await labStatus(dir);
      if (!status) {
        if (values.json) print("null");
        else print(`No lab in ${dir}. Start one with: waf-gate lab up`);
        return ExitCode.ok;
      }
      if (values.json) print(JSON.stringify(status, null, 2));
      else
        for (const i of status.instances)
          print(
            `${i.name.padEnd(10)} ${i.address.padEnd(22)} pid ${i.masterPid} ${i.running ? "running" : "NOT RUNNING"}`
          );
      return ExitCode.ok;
    }
    throw new ConfigError(
      `Unknown lab action ${action === void 0 ? "(none)" : `"${action}"`}.`,
      {
        hint: "Use one of: waf-gate lab up | down | status."
      }
    );
  }
};

// src/common/option-help.ts
function formatDurationMs(ms) {
  if (ms === 0) return "0";
  if (ms === MAX_DURATION_MS) return `${ms}ms`;
  if (ms % 36e5 === 0) return `${ms / 36e5}h`;
  if (ms % 6e4 === 0) return `${ms / 6e4}m`;
  if (ms % 1e3 === 0) return `${ms / 1e3}s`;
  return `${ms}ms`;
}
function defaultText(spec) {
  if (spec.defaultText !== void 0) return spec.defaultText;
  if (spec.default === void 0) return void 0;
  if (spec.type === "duration") return formatDurationMs(spec.default);
  if (spec.type === "list") return spec.default.join(",");
  const text = String(spec.default);
  return spec.unit && (spec.type === "integer" || spec.type === "number") ? `${text} ${spec.unit}` : text;
}
function boundsText(spec) {
  if (spec.type === "integer" || spec.type === "number") {
    const min = spec.min ?? (spec.type === "integer" ? 0 : void 0);
    if (spec.max === void 0) return min !== void 0 && min > 0 ? `\u2265 ${min}` : void 0;
    return `${min ?? "\u2212\u221E"}\u2013${spec.max}`;
  }
  if (spec.type === "duration" && (spec.minMs !== void 0 || spec.maxMs !== void 0)) {
    const min = formatDurationMs(spec.minMs ?? (spec.allowZero ? 0 : 1));
    return spec.maxMs === void 0 ? `\u2265 ${min}` : `${min} to ${formatDurationMs(spec.maxMs)}`;
  }
  if (spec.type === "enum") return spec.values.join("|");
  return void 0;
}
var METAVARS = {
  string: "TEXT",
  path: "PATH",
  url: "URL",
  integer: "N",
  number: "N",
  duration: "D",
  boolean: "BOOL",
  enum: "X",
  list: "LIST"
};
function flagText(name, spec) {
  if (spec.type === "boolean" && spec.flag) return `--${name}`;
  const metavar = spec.metavar ?? (spec.type === "enum" ? spec.values.join("|") : METAVARS[spec.type]);
  return `--${name} ${metavar}`;
}
function optionHelpText(spec) {
  const bounds = spec.type === "enum" ? void 0 : boundsText(spec);
  const def = spec.type === "boolean" && spec.flag ? void 0 : defaultText(spec);
  const notes = [
    bounds,
    spec.required ? "required" : def === void 0 ? void 0 : `default: ${def}`
  ].filter((note) => note !== void 0);
  return notes.length === 0 ? spec.help : `${spec.help} [${notes.join(", ")}]`;
}
function wrap(text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}
function formatOptionsHelp(schema, config = {}) {
  const names = config.only ?? Object.keys(schema);
  const rows = names.map((name) => {
    const spec = schema[name];
    if (!spec) throw new Error(`formatOptionsHelp: no option "${name}" in the schema`);
    return [flagText(name, spec), optionHelpText(spec)];
  });
  rows.push(...config.extra ?? []);
  const column = config.column ?? Math.min(Math.max(...rows.map(([flag]) => flag.length)) + 4, 30);
  const textWidth = Math.max((config.width ?? 100) - column, 30);
  const out = [];
  for (const [flag, text] of rows) {
    const [first = "", ...rest] = wrap(text, textWidth);
    const head = `  ${flag}`;
    if (head.length + 2 <= column) out.push(`${head.padEnd(column)}${first}`);
    else out.push(head, `${" ".repeat(column)}${first}`);
    for (const line of rest) out.push(`${" ".repeat(column)}${line}`);
  }
  return out.join("\n");
}

// src/cli/commands/replay.ts
var help2 = `Usage: waf-gate replay --target URL --corpus SPEC [options]
       waf-gate replay --mode hold --target URL [hold options]

Replays captured requests byte for byte over raw sockets. Quality mode sends every request once per
domain with an id header (X-Waf-Gate-Id) and writes outcomes.jsonl; pressure mode loads one target
as fast as asked. Writes <out-dir>/replay.json.

Corpus: files, folders or globs, comma-separated, optionally weighted (browse.txt:80,search.txt:20).
  .txt/.raw/.http/.req  raw requests separated by a line ====****
  .yaml/.yml            go-ftw / OWASP CRS test files (old and new format)
  .har                  HAR 1.2 browser export
  .jsonl/.ndjson        one request per line (see src/corpus/FORMATS.md)

Hold mode (--mode hold) sends no corpus: it opens --connections WebSocket connections to --ws-path
through the WAF (ramp --hatch-rate, Host from the first of --domains), holds them --hold-duration with
a ping every --ping-interval, optionally asks the origin for sequenced pushes and planned drops (the
lab's WebSocket origin speaks that protocol), reconnects after unplanned drops, and writes
<out-dir>/hold.json. duration, rate, requests, repeat and shard do not apply there. The open-files
limit must exceed the connections: raise it with ulimit -n before starting.

Options:
${formatOptionsHelp(REPLAY_SCHEMA, { extra: [["--json", "print replay.json to stdout instead of the stats block"]] })}

Exit codes: 0 done (even with request errors: they are results), 2 bad input, 3 target unreachable,
TLS handshake failing (e.g. https:// to a plain-HTTP port), every request failing while connecting
(results written first) or another runtime failure, 130 interrupted (partial results written).
`;
var replayCommand = {
  name: "replay",
  summary: "replay captured traffic byte for byte (quality or pressure mode)",
  help: help2,
  async run(args, { logger, print, signal }) {
    const { values } = parseFlags("replay", args, {
      ...schemaFlags(REPLAY_SCHEMA),
      json: { type: "boolean" },
      verbose: { type: "boolean" }
    });
    const raw = schemaValues(REPLAY_SCHEMA, values);
    if (typeof raw.mode === "string" && raw.mode.trim() === "hold") {
      const hold = await runHold(parseHoldOptions(raw), { logger, signal });
      print(values.json === true ? JSON.stringify(hold, null, 2) : formatHoldBlock(hold));
      return signal.aborted ? ExitCode.interrupted : ExitCode.ok;
    }
    const options = parseReplayOptions(raw);
    const result = await runReplay(options, { logger, signal });
    print(values.json === true ? JSON.stringify(result, null, 2) : formatStatsBlock(result));
    return signal.aborted ? ExitCode.interrupted : ExitCode.ok;
  }
};

// src/cli/commands/merge.ts
var help3 = `Usage: waf-gate merge [--out DIR] [--target URL --corpus SPEC] -- <replay.json|folder>...

Combines the replay.json files of the shards of one pressure run (waf-gate replay --shard i/n on
several bench machines) into one <DIR>/replay.json, exactly: status and error counts summed, latency
histograms merged (percentiles read from the merged histogram), 1 s windows aligned on the reference
clock (each shard's times corrected by the clock offset it measured against --clock-reference), the
load shape summed (connections, rate) and the shards listed with their clock offset and start skew.
collect-metrics stop and compare-baseline read the merged file as usual. A folder is searched for
replay.json files (4 levels deep), e.g. the folder download-artifact wrote the shards' artifacts to.

Refused: replays of different corpora, targets, modes, domains or durations; a shard given twice or
missing; quality-mode replays.

Options:
  --out DIR        where the merged replay.json goes (default: waf-gate-out/replay)
  --target URL     refuse shards that replayed another target
  --corpus SPEC    refuse shards that replayed another corpus (its fingerprint, computed here)
  --skip-invalid   the corpus was replayed with --skip-invalid
  --json           print the merged replay.json to stdout instead of the stats block

Exit codes: 0 merged, 2 bad input (the message names the file and what differs).
`;
var mergeCommand = {
  name: "merge",
  summary: "merge the replay.json of the shards of one pressure run (several bench machines)",
  help: help3,
  async run(args, { logger, print }) {
    const { values, positionals } = parseFlags(
      "merge",
      args,
      {
        out: { type: "string" },
        target: { type: "string" },
        corpus: { type: "string" },
        "skip-invalid": { type: "boolean" },
        json: { type: "boolean" },
        verbose: { type: "boolean" }
      },
      true
    );
    if (positionals.length === 0)
      throw new ConfigError("Give the shards\u2019 replay.json files (or their folder).", {
        hint: "waf-gate merge --out merged -- shards/"
      });
    const outDir = values.out ?? "waf-gate-out/replay";
    const expect = await mergeExpectations(
      values.target ?? "",
      values.corpus ?? "",
      values["skip-invalid"] === true ? "true" : ""
    );
    const { result, path, files } = await mergeReplayFiles(positionals, outDir, "merge", expect);
    logger.info(`Merged ${files.length} shard(s) into ${path}.`);
    print(
      values.json === true ? JSON.stringify(result, null, 2) : `${formatStatsBlock(result)}
${formatShardsText(result)}`
    );
    return ExitCode.ok;
  }
};

// src/cli/commands/collect.ts
var HOST_OPTIONS = Object.keys(HOST_SCHEMA);
var START_OPTIONS = COLLECT_INPUT_NAMES.filter((name) => !HOST_OPTIONS.includes(name));
var COLUMN = 30;
var help4 = `Usage: waf-gate collect <start|stop|analyze> [options]

start    launch a detached collector for a run id and return at once: it follows the access and error
         logs from their current end (never moving them) and samples the WAF's processes from /proc.
stop     stop it, finalise and write <out-dir>/collect.json (+ joined.jsonl, anomalies/, series.csv,
         format-errors.log). Give --replay to join every replayed request to its log line and trim the
         CPU/memory series to the loaded interval.
analyze  the same analysis of a log file after the fact (from byte --from-offset), without sampling.

With --host ssh://user@host:port the collector still runs here (no node needed on the WAF host) and
reads that host's logs over SFTP and its /proc with one command per sample; paths are on that host.

Options (start / analyze):
${formatOptionsHelp(COLLECT_SCHEMA, { only: START_OPTIONS, column: COLUMN })}
Host (start / analyze; stop reuses what start was given):
${formatOptionsHelp(COLLECT_SCHEMA, { only: HOST_OPTIONS, column: COLUMN })}
Options (stop / analyze):
${formatOptionsHelp(COLLECT_STOP_SCHEMA, { column: COLUMN, extra: [["--json", "print collect.json instead of the summary"]] })}

Exit codes: 0 done, 2 bad input (unknown log_format variable, unreadable log, no collector started),
3 runtime error (collector already running, collector died: partial results are still written).
`;
var collectCommand = {
  name: "collect",
  summary: "collect WAF metrics: log analysis, request join, CPU/memory, crashes (start|stop|analyze)",
  help: help4,
  async run(args, { logger, print }) {
    const { values, positionals } = parseFlags(
      "collect",
      args,
      {
        ...schemaFlags(COLLECT_SCHEMA),
        ...schemaFlags(COLLECT_STOP_SCHEMA),
        json: { type: "boolean" },
        verbose: { type: "boolean" }
      },
      true
    );
    const action = positionals[0];
    const inputs = schemaValues(COLLECT_SCHEMA, values);
    const { stop, fromOffset } = parseStopInputs(
      schemaValues(COLLECT_STOP_SCHEMA, values),
      (name) => `--${name}`
    );
    if (action === "start") {
      const options = parseCollectOptions(inputs);
      const started = await startDetached(options, logger);
      if (values.json === true)
        print(
          JSON.stringify(
            {
              runId: started.runId,
              pid: started.pid,
              stateDir: started.stateDir,
              outDir: started.outDir
            },
            null,
            2
          )
        );
      else
        print(
          `collector for run ${started.runId} running (pid ${started.pid}); stop with: waf-gate collect stop --run-id ${started.runId}`
        );
      return ExitCode.ok;
    }
    if (action === "stop") {
      const runId = parseRunId(inputs["run-id"], "--run-id");
      const stateDir = inputs["state-dir"] ?? defaultStateDir(runId);
      const { result, outDir } = await stopDetached(stateDir, runId, stop, logger);
      print(
        values.json === true ? JSON.stringify(result, null, 2) : summarizeResult(result, outDir)
      );
      return ExitCode.ok;
    }
    if (action === "analyze") {
      const options = parseCollectOptions({ ...inputs, "run-id": inputs["run-id"] ?? "analyze" });
      const result = await analyzeLog(options, logger, stop, fromOffset);
      print(
        values.json ? JSON.stringify(result, null, 2) : summarizeResult(result, options.outDir)
      );
      return ExitCode.ok;
    }
    throw new ConfigError(
      `Unknown collect action ${action === void 0 ? "(none)" : `"${action}"`}.`,
      {
        input: "action",
        hint: "Use `waf-gate collect start`, `stop` or `analyze` (see --help)."
      }
    );
  }
};

// src/cli/commands/compare.ts
var help5 = `Usage: waf-gate compare --candidate DIR [--baseline DIR | --baseline-store DIR] [options]

Compares a candidate build's run directory (run.json + quality run + pressure rounds) with a
baseline's: per-request verdicts (new blocks, new passes, new 5xx), per-domain status counts, crashes
and error-log findings, and per-metric performance over rounds (medians, bootstrap CI, Mann-Whitney U).
Writes results.json (top-level "verdict": pass | fail | neutral), report.md and changed-requests.jsonl.

Options:
${formatOptionsHelp(COMPARE_SCHEMA, { extra: [["--json", "print results.json's verdict, reasons, counts and paths as JSON"]] })}

Without a baseline the verdict is neutral. Runs of different corpora or load shapes are refused.
Exit codes: 0 pass (or neutral), 1 fail, 2 bad input, 3 runtime error, 4 neutral with --strict.
`;
var compareCommand = {
  name: "compare",
  summary: "compare a candidate run with a baseline run and decide pass / fail / neutral",
  help: help5,
  async run(args, { logger, print }) {
    const { values } = parseFlags("compare", args, {
      ...schemaFlags(COMPARE_SCHEMA),
      json: { type: "boolean" },
      verbose: { type: "boolean" }
    });
    const options = parseCompareOptions(
      schemaValues(COMPARE_SCHEMA, values),
      (name) => `--${name}`
    );
    const { comparison, written, savedBaselineDir } = await runCompare(options, logger);
    if (values.json === true) {
      print(
        JSON.stringify(
          {
            verdict: comparison.verdict,
            reasons: comparison.reasons.map((r) => r.message),
            counts: comparison.counts,
            resultsFile: written.resultsFile,
            reportFile: written.reportFile,
            htmlFile: written.htmlFile,
            changesFile: written.changesFile,
            ...savedBaselineDir ? { savedBaselineDir } : {}
          },
          null,
          2
        )
      );
    } else {
      print(renderCheckSummary(comparison));
      print(
        `Report: ${written.reportFile}
Charts: ${written.htmlFile}
Results: ${written.resultsFile}`
      );
    }
    return exitCodeFor(comparison.verdict, options.strict);
  }
};

// src/cli/commands/report.ts
import { writeFile as writeFile4 } from "node:fs/promises";
var help6 = `Usage: waf-gate report --results FILE [options]

Renders the Markdown report of a comparison (results.json written by \`waf-gate compare\`) to stdout
or a file, fitted into a size budget: lists are shortened with a note, tables are never cut.

Options:
  --results FILE       results.json (required)
  --max-chars N        size budget in UTF-8 bytes (default 65535, a check run's limit; 1048576 for a job summary)
  --top-n N            changed requests listed (default 20)
  --artifact-url URL   link to the artifact holding all changed requests
  --output FILE        write the report here instead of stdout
`;
var reportCommand = {
  name: "report",
  summary: "render the Markdown report of a results.json within a size budget",
  help: help6,
  async run(args, { print }) {
    const { values } = parseFlags("report", args, {
      results: { type: "string" },
      "max-chars": { type: "string" },
      "top-n": { type: "string" },
      "artifact-url": { type: "string" },
      output: { type: "string" },
      verbose: { type: "boolean" }
    });
    if (!values.results)
      throw new ConfigError("--results is required.", {
        input: "--results",
        hint: "Pass the results.json written by `waf-gate compare`."
      });
    const results = await readResults(values.results);
    const markdown = renderReport(results.comparison, {
      maxChars: values["max-chars"] ? parseInteger("--max-chars", values["max-chars"], 200, 100 * 1024 * 1024) : 65535,
      ...values["top-n"] ? { topN: parseInteger("--top-n", values["top-n"], 1, 1e3) } : {},
      ...values["artifact-url"] ? { artifactUrl: values["artifact-url"] } : {}
    });
    if (values.output) await writeFile4(values.output, markdown);
    else print(markdown);
    return ExitCode.ok;
  }
};

// src/cli/commands/install.ts
var SECTIONS = [
  [
    "Package",
    [
      "package",
      "package-kind",
      "package-sha256",
      "package-max-mb",
      "package-name",
      "manifest",
      "install-dir",
      "deb-installer",
      "version-probe",
      "version-regex"
    ],
    []
  ],
  ["Host", ["host", "ssh-key", "ssh-passphrase", "known-hosts", "host-fingerprint"], []],
  [
    "Configuration",
    [
      "edits",
      "check",
      "reload",
      "health-url",
      "health-host",
      "health-status",
      "health-timeout",
      "health-interval"
    ],
    []
  ],
  [
    "Quiet machine",
    [
      "pause-cron",
      "pause-cron-users",
      "cron-dir",
      "pause-timers",
      "access-log",
      "access-log-action"
    ],
    []
  ],
  [
    "Run",
    ["mode", "state-file", "run-id", "lock-file", "lock-lease", "command-timeout"],
    [
      ["--config FILE", "YAML/JSON file with any of these options (flags win)"],
      ["--restore", "undo the run recorded in the state file (the same as --mode restore)"],
      ["--json", "print the result as one JSON object"]
    ]
  ],
  [
    "Running build (after reload, checks /proc/<pid>/exe of the master and its workers)",
    ["running-check", "nginx-binary", "nginx-pid-file", "reload-mismatch", "start-command"],
    []
  ]
];
var OPTIONS_HELP = SECTIONS.map(
  ([title, only, extra]) => `${title}:
${formatOptionsHelp(INSTALL_SCHEMA, { only, extra, column: 28 })}`
).join("\n");
var HELP = `Usage: waf-gate install --package FILE|URL [options]
       waf-gate install --restore [--state-file FILE] [--host ssh://\u2026]

Installs exactly the given build (deb, rpm, tarball or folder) on the WAF host, proves the version,
applies configuration edits (backed up, validated before reload), reloads, waits for health, pauses
crontab lines / systemd timers and clears the access log. Every change is recorded in a state file;
--restore puts everything back (also after a killed run). Packages are not rolled back.

${OPTIONS_HELP}

Exit codes: 0 done, 2 bad input, 3 install/validation/health failure (changes restored), 130 interrupted.`;
var installCommand = {
  name: "install",
  summary: "Install an exact WAF build on a host (local or ssh://), quiet it; --restore undoes it",
  help: HELP,
  async run(args, context) {
    const { values } = parseFlags("install", args, {
      ...schemaFlags(INSTALL_SCHEMA),
      config: { type: "string" },
      restore: { type: "boolean" },
      json: { type: "boolean" },
      verbose: { type: "boolean" }
    });
    const flags = {};
    for (const name of INSTALL_INPUTS) {
      const v = values[name];
      if (typeof v === "string") flags[name] = v;
    }
    if (values.restore === true) flags.mode = "restore";
    const file = typeof values.config === "string" ? await loadConfigFile(values.config, INSTALL_INPUTS) : /* @__PURE__ */ new Map();
    const raw = mergeRawInputs(file, rawInputsFrom(flags, "--"));
    const options = await parseInstallOptions(raw);
    const run = await executeInstall(options, context.logger, context.signal);
    if (values.json === true) {
      context.print(JSON.stringify({ mode: run.mode, ...run.result }));
    } else if (run.mode === "install") {
      const r = run.result;
      context.print(
        [
          `${r.packageName} ${r.action}: ${r.previousVersion ?? "none"} \u2192 ${r.version} on ${r.host} (probe: ${r.probedVersion})`,
          r.healthProbeLatencyMs === null ? "health: not probed" : `health: ok in ${r.healthProbeLatencyMs.toFixed(1)} ms`,
          `changed files: ${r.changedFiles.length}, paused crontab lines: ${r.pausedCronLines}, stopped timers: ${r.stoppedTimers.length}`,
          `running build: ${r.runningCheck}`,
          ...r.notes.map((n) => `note: ${n}`),
          `restore with: waf-gate install --restore --state-file ${r.stateFile}`,
          ...r.lockFile === null ? [] : [
            `holding ${r.lockFile} as run ${r.runId}; from elsewhere: waf-gate install --restore --host ${r.host} --run-id ${r.runId}`
          ]
        ].join("\n")
      );
    } else {
      const r = run.result;
      context.print(
        r.found ? `restored ${r.restoredFiles.length} file(s), ${r.restoredCron} crontab(s), ${r.startedTimers.length} timer(s) on ${r.host}${r.releasedLock ? "; lock released" : ""}` : `nothing to restore (${r.stateFile} does not exist)${r.releasedLock ? "; lock released" : ""}`
      );
    }
    return ExitCode.ok;
  }
};

// src/demo/demo.ts
import { mkdtemp, rm as rm3 } from "node:fs/promises";
import { cpus, tmpdir as tmpdir2 } from "node:os";
import { join as join7, resolve as resolve4 } from "node:path";

// src/demo/package-root.ts
import { existsSync as existsSync2, readFileSync } from "node:fs";
import { dirname as dirname5, join as join6 } from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";
function packageRoot(from = fileURLToPath2(import.meta.url)) {
  let dir = dirname5(from);
  for (let i = 0; i < 8; i += 1) {
    const manifest = join6(dir, "package.json");
    if (existsSync2(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, "utf8")).name === "waf-gate")
          return dir;
      } catch {
      }
    }
    const parent = dirname5(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`cannot find waf-gate's package.json above ${from}`);
}
function demoCorpusDir() {
  return join6(packageRoot(), "corpus", "demo");
}

// src/demo/schema.ts
var DEMO_SCHEMA = {
  out: {
    type: "path",
    metavar: "DIR",
    default: "out/demo",
    help: "Results folder: new, empty, or one an earlier demo wrote (only the earlier demo's files are replaced, anything else is refused)."
  },
  candidate: {
    type: "enum",
    values: ["pl2", "baseline"],
    default: "pl2",
    help: "pl2: the candidate is CRS PL2; baseline: the baseline build against itself (A/A)."
  },
  rounds: {
    type: "integer",
    min: 0,
    max: 50,
    default: 5,
    help: "Pressure rounds per build, interleaved (0 skips pressure)."
  },
  "round-duration": {
    type: "duration",
    minMs: 500,
    maxMs: 6e5,
    default: 2e3,
    help: "Length of each round, e.g. 3s."
  },
  connections: {
    type: "integer",
    min: 1,
    max: 1e3,
    default: 16,
    help: "Connections of the pressure rounds."
  },
  workers: { type: "integer", min: 1, max: 64, default: 1, help: "nginx workers per WAF." },
  corpus: {
    type: "string",
    metavar: "SPEC",
    defaultText: "the bundled demo corpus",
    help: "Another corpus (files, folders or globs) instead of the bundled one."
  },
  policy: {
    type: "path",
    metavar: "FILE",
    help: "Gate policy (YAML/JSON) instead of the defaults."
  },
  expect: {
    type: "enum",
    values: ["pass", "fail", "neutral"],
    help: "Exit 1 unless the verdict is this: for CI."
  },
  "no-install": {
    type: "boolean",
    flag: true,
    default: false,
    help: "Never install packages (missing Debian packages are installed when running as root)."
  }
};

// src/demo/demo.ts
var DEMO_OUT_KIND = "demo-output";
function demoOptions(overrides = {}) {
  return {
    outDir: resolve4(overrides.outDir ?? DEMO_SCHEMA.out.default),
    candidate: overrides.candidate ?? DEMO_SCHEMA.candidate.default,
    rounds: overrides.rounds ?? DEMO_SCHEMA.rounds.default,
    roundDurationMs: overrides.roundDurationMs ?? DEMO_SCHEMA["round-duration"].default,
    connections: overrides.connections ?? DEMO_SCHEMA.connections.default,
    workers: overrides.workers ?? DEMO_SCHEMA.workers.default,
    corpus: overrides.corpus ?? [{ pattern: demoCorpusDir() }],
    installPackages: overrides.installPackages ?? !DEMO_SCHEMA["no-install"].default,
    policy: overrides.policy ?? defaultPolicy()
  };
}
function demoBuilds(candidate) {
  const pl1 = { name: "crs-pl1", version: "lab-crs-pl1", paranoiaLevel: 1 };
  const pl2 = { name: "crs-pl2", version: "lab-crs-pl2", paranoiaLevel: 2 };
  return { baseline: pl1, candidate: candidate === "baseline" ? pl1 : pl2 };
}
async function runDemo(options, deps) {
  const { logger, signal } = deps;
  const out = await claimOwnedDir(options.outDir, {
    kind: DEMO_OUT_KIND,
    input: "--out"
  });
  const labDir = await mkdtemp(join7(tmpdir2(), "waf-gate-demo-lab-"));
  let lab;
  try {
    lab = await labUp(
      {
        dir: labDir,
        installPackages: options.installPackages,
        wafs: [{ name: "waf", paranoiaLevel: 1, workers: options.workers }]
      },
      logger
    );
    const waf = lab.wafs[0];
    const builds = demoBuilds(options.candidate);
    const packagesDir = join7(labDir, "packages");
    const baselinePackage = await writeLabBuild(packagesDir, builds.baseline);
    const candidatePackage = await writeLabBuild(packagesDir, builds.candidate);
    const runId = `demo-${Date.now().toString(36)}`;
    const installs = await freshAbInstalls(
      { package: candidatePackage, baselinePackage, leaveOn: "candidate" },
      rawInputsFrom({
        ...labInstallInputs(lab, waf, {
          stateFile: join7(labDir, "install-state.json"),
          lockFile: join7(labDir, "install-lock.json")
        }),
        "run-id": runId
      })
    );
    await runFreshAb(
      {
        address: { host: waf.host, port: waf.port, tls: false },
        accessLog: waf.accessLog,
        errorLog: waf.errorLog,
        logFormat: "waf-gate-lab",
        masterPidFile: waf.pidFile
      },
      {
        outDir: options.outDir,
        runId,
        corpus: options.corpus,
        domains: lab.domains,
        quality: true,
        rounds: options.rounds,
        pressure: {
          domain: lab.domains[0],
          connections: options.connections,
          durationMs: options.roundDurationMs,
          keepAlive: true
        },
        wafHost: `lab:${waf.host}:${waf.port}`,
        environment: {
          lab: "local (nginx + ModSecurity + OWASP CRS from Debian, private prefixes on 127.0.0.1)",
          ...lab.versions,
          node: process.version,
          cpus: String(cpus().length)
        }
      },
      {
        ...installs,
        descriptions: {
          baseline: `${waf.description.replace(/, PL\d$/, "")}, lab build CRS PL${builds.baseline.paranoiaLevel}`,
          candidate: `${waf.description.replace(/, PL\d$/, "")}, lab build CRS PL${builds.candidate.paranoiaLevel}`
        }
      },
      { logger, ...signal ? { signal } : {}, restoreAtEnd: true }
    );
    const comparison = await compareRuns(
      join7(options.outDir, "baseline"),
      join7(options.outDir, "candidate"),
      options.policy,
      { logger }
    );
    const written = await writeComparison(comparison, options.outDir);
    return {
      comparison,
      outDir: options.outDir,
      reportFile: written.reportFile,
      htmlFile: written.htmlFile,
      resultsFile: written.resultsFile
    };
  } finally {
    await recordOwnedEntries(out).catch(
      (error) => logger.warn(`Cannot record the demo's files in ${out.dir}: ${String(error)}`)
    );
    if (lab)
      await labDown(labDir, logger).catch(
        (error) => logger.warn(`Lab down failed: ${String(error)}`)
      );
    await rm3(labDir, { recursive: true, force: true });
  }
}

// src/cli/commands/demo.ts
var help7 = `Usage: waf-gate demo [options]

Runs the whole gate on the built-in local lab: starts real nginx + ModSecurity + OWASP CRS instances
on 127.0.0.1 (baseline CRS PL1, candidate PL2), replays the bundled demo corpus through both (every
request once per domain, joined to the WAF's access log), runs interleaved pressure rounds while
sampling the WAF workers, compares, and writes report.md, report.html (charts) and results.json. The lab is taken down at the
end, on failure and on Ctrl-C. Missing Debian packages are installed when running as root.

Options:
${formatOptionsHelp(DEMO_SCHEMA, { extra: [["--json", "print results.json's verdict, reasons and counts as JSON"]] })}

Exit codes: 0 the demo ran (whatever the verdict, unless --expect), 1 --expect not met,
2 bad input, 3 runtime error, 130 interrupted.
`;
var demoCommand = {
  name: "demo",
  summary: "run the whole gate on the built-in local lab (CRS PL1 baseline vs PL2 candidate)",
  help: help7,
  async run(args, { logger, print, signal }) {
    const { values } = parseFlags("demo", args, {
      ...schemaFlags(DEMO_SCHEMA),
      json: { type: "boolean" },
      verbose: { type: "boolean" }
    });
    const v = parseOptions(DEMO_SCHEMA, schemaValues(DEMO_SCHEMA, values), {
      nameOf: (name) => `--${name}`
    });
    const expect = v.expect;
    const options = demoOptions({
      outDir: v.out,
      candidate: v.candidate,
      rounds: v.rounds,
      roundDurationMs: v["round-duration"],
      connections: v.connections,
      workers: v.workers,
      ...v.corpus !== void 0 ? { corpus: parseCorpusSpec("--corpus", v.corpus) } : {},
      ...v.policy !== void 0 ? { policy: await loadPolicyFile(v.policy) } : {},
      installPackages: !v["no-install"]
    });
    const result = await runDemo(options, { logger, signal });
    const { comparison } = result;
    if (values.json === true) {
      print(
        JSON.stringify(
          {
            verdict: comparison.verdict,
            reasons: comparison.reasons.map((r) => r.message),
            counts: comparison.counts,
            report: result.reportFile,
            html: result.htmlFile,
            results: result.resultsFile
          },
          null,
          2
        )
      );
    } else {
      print(`Verdict: ${comparison.verdict.toUpperCase()}`);
      for (const reason of comparison.reasons.slice(0, 8)) print(`  - ${reason.message}`);
      print(`Report:  ${result.reportFile}`);
      print(`Charts:  ${result.htmlFile}`);
      print(`Results: ${result.resultsFile}`);
    }
    if (expect && comparison.verdict !== expect) {
      logger.error(`Expected the verdict "${expect}" but got "${comparison.verdict}".`);
      return ExitCode.gateFailed;
    }
    return ExitCode.ok;
  }
};

// src/cli/commands/measure.ts
import { hostname } from "node:os";
import { join as join8 } from "node:path";
var help8 = `Usage: waf-gate measure --target URL --version V --access-log FILE --corpus PATH --domains LIST [options]
       waf-gate measure --package CAND --baseline-package BASE --install-config FILE --target URL \u2026 (fresh A/B)

Measures one WAF build the way the gate does: collects the WAF's logs and worker CPU/memory while a
quality pass replays every request once per domain (joined to the access log by request id), then runs
pressure rounds on one domain. Writes a run directory (run.json, quality/, rounds/N/) that
\`waf-gate compare\` reads. With --hold-connections N, a hold phase after the quality pass holds N
WebSocket connections through the WAF (replay's hold mode, collected) and writes hold/ (hold.json and
the WAF's cost per held connection in hold/collect.json).

Fresh A/B (--baseline-package or --baseline-version with --package): installs the baseline, measures it,
installs the candidate, measures it, and interleaves pressure rounds with an install before every switch,
all on the WAF host; writes <out-dir>/baseline and <out-dir>/candidate, leaves --leave-on installed and
restores the rest (configuration edits, paused crons, the host lock). The install settings (reload,
edits, health-url, \u2026) come from --install-config, a waf-gate install config file (YAML).

Options (the root action's inputs of the same names):
${formatOptionsHelp(MEASURE_SCHEMA, {
  extra: [
    [
      "--install-config FILE",
      "fresh A/B: install-waf settings (YAML, the keys of waf-gate install)"
    ],
    ["--json", "print run.json"]
  ]
})}

Exit codes: 0 measured, 2 bad input, 3 runtime error, 130 interrupted.
`;
var measureCommand = {
  name: "measure",
  summary: "measure one WAF build like the gate does (quality pass + pressure rounds, collected)",
  help: help8,
  async run(args, { logger, print, signal }) {
    const { values } = parseFlags("measure", args, {
      ...schemaFlags(MEASURE_SCHEMA),
      json: { type: "boolean" },
      "install-config": { type: "string" },
      verbose: { type: "boolean" }
    });
    const raw = schemaValues(MEASURE_SCHEMA, values);
    const { target, pipeline, freshAb } = parseMeasureInputs(raw);
    const environment = {
      host: hostname(),
      os: `${process.platform} ${process.arch}`,
      node: process.version
    };
    const installConfig = typeof values["install-config"] === "string" ? values["install-config"] : void 0;
    if (installConfig !== void 0 && freshAb === void 0)
      throw new ConfigError("--install-config is read only in a fresh A/B run.", {
        input: "--install-config",
        value: installConfig,
        hint: "Give --package and --baseline-package (or --baseline-version) too, or drop --install-config."
      });
    if (freshAb) {
      const flags = {};
      for (const name of ["host", ...SSH_INPUT_NAMES]) {
        const value = raw[name];
        if (typeof value === "string") flags[name] = value;
      }
      const installs = await freshAbInstalls(
        freshAb,
        await freshAbInstallSettings(installConfig, flags)
      );
      const result = await runFreshAb(target, { ...pipeline, environment }, installs, {
        logger,
        signal,
        restoreAtEnd: true
      });
      if (values.json === true) print(JSON.stringify([result.baseline, result.candidate], null, 2));
      else
        print(
          `Run directories: ${join8(pipeline.outDir, "baseline")} (${result.baseline.build.version}), ${join8(pipeline.outDir, "candidate")} (${result.candidateVersion}); ${result.switches.length} install(s).`
        );
      return ExitCode.ok;
    }
    const [record] = await runPipeline([target], { ...pipeline, environment }, { logger, signal });
    if (values.json === true) print(JSON.stringify(record, null, 2));
    else print(`Run directory: ${join8(pipeline.outDir, target.label)}`);
    return ExitCode.ok;
  }
};

// src/cli/commands/index.ts
var commands = [
  demoCommand,
  labCommand,
  installCommand,
  measureCommand,
  replayCommand,
  mergeCommand,
  collectCommand,
  compareCommand,
  reportCommand
];

// src/cli/main.ts
function usage() {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "Usage: waf-gate <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `waf-gate <command> --help` for a command's options.",
    "",
    "Exit codes: 0 ok / gate passed, 1 gate failed, 2 bad input, 3 runtime error,",
    "            4 neutral with --strict, 130 interrupted.",
    "",
    "Environment: WAF_GATE_DEBUG=1 prints stack traces with errors."
  ].join("\n");
}
async function main(argv) {
  const [name, ...rest] = argv;
  if (name === void 0 || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${usage()}
`);
    return name === void 0 ? ExitCode.usage : ExitCode.ok;
  }
  if (name === "--version" || name === "-V") {
    process.stdout.write(`${process.env.npm_package_version ?? "0.1.0"}
`);
    return ExitCode.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`waf-gate: unknown command "${name}".

${usage()}
`);
    return ExitCode.usage;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${command.help.trimEnd()}
`);
    return ExitCode.ok;
  }
  const debug = process.env.WAF_GATE_DEBUG === "1";
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal) => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write(`
waf-gate: ${signal} received, stopping and cleaning up\u2026
`);
      controller.abort(new Error(`interrupted by ${signal}`));
    } else {
      process.stderr.write("waf-gate: cleanup in progress; interrupt again after it finishes.\n");
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const logger = warnOnce(createConsoleLogger(rest.includes("--verbose") || debug));
  const context = {
    logger,
    print: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}
`),
    signal: controller.signal
  };
  try {
    const code = await command.run(rest, context);
    return controller.signal.aborted ? ExitCode.interrupted : code;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write(`waf-gate ${name}: interrupted; cleanup done.
`);
      return ExitCode.interrupted;
    }
    process.stderr.write(`waf-gate ${name}: ${formatError(error, debug)}
`);
    return isConfigError(error) ? ExitCode.usage : ExitCode.runtime;
  } finally {
    logger.flushRepeats();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
process.exitCode = await main(process.argv.slice(2));
