import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-PDX4C4JJ.js";
import {
  pathExists
} from "./chunk-UIQJBDZD.js";
import {
  silentLogger
} from "./chunk-XG4PSG74.js";
import {
  ConfigError,
  parseBoolean,
  parseInteger,
  parseNumber,
  readJsonFile,
  writeJsonFile
} from "./chunk-75RA3XRF.js";
import {
  __toESM
} from "./chunk-4PQXDHBF.js";

// src/cli/command.ts
var ExitCode = {
  /** Success; for `compare`/`demo`: the gate passed (or neutral without `--strict`). */
  ok: 0,
  /** The gate failed: a regression was found. */
  gateFailed: 1,
  /** Bad input: a flag, an input file, a missing prerequisite the user must provide. */
  usage: 2,
  /** Something failed while running (a WAF that does not answer, a command that failed). */
  runtime: 3,
  /** `compare --strict`: no verdict possible (e.g. no baseline). */
  neutral: 4,
  /** Interrupted (Ctrl-C / SIGTERM) after cleaning up. */
  interrupted: 130
};

// src/compare/run-dir.ts
import { createReadStream } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
async function isRunDir(dir) {
  return pathExists(join(dir, "run.json"));
}
async function readCollect(path, logger) {
  if (!await pathExists(path)) {
    logger.warn(
      `No collect results at ${path}: resources and WAF CPU per request are unknown for it.`
    );
    return null;
  }
  return readJsonFile(path, "collect results (collect.json)");
}
async function loadRunDir(dir, logger) {
  const runFile = join(dir, "run.json");
  const record = await readJsonFile(runFile, "run record (run.json)");
  if (record.schema !== "waf-gate/run@1") {
    throw new ConfigError(
      `Unsupported run record schema ${JSON.stringify(record.schema)}; expected "waf-gate/run@1".`,
      {
        file: runFile,
        hint: "The run directory was written by an incompatible waf-gate version; re-run it."
      }
    );
  }
  let quality = null;
  if (record.quality) {
    const replayFile = resolve(dir, record.quality.replayFile);
    const collectFile = resolve(dir, record.quality.collectFile);
    quality = {
      replay: await readJsonFile(replayFile, "quality replay results (replay.json)"),
      replayFile,
      collect: await readCollect(collectFile, logger),
      collectFile
    };
  }
  const rounds = [];
  for (const ref of [...record.rounds ?? []].sort((a, b) => a.round - b.round)) {
    rounds.push({
      round: ref.round,
      replay: await readJsonFile(
        resolve(dir, ref.replayFile),
        `round ${ref.round} replay results`
      ),
      collect: await readCollect(resolve(dir, ref.collectFile), logger)
    });
  }
  return { dir, record, quality, rounds };
}
async function* readJsonLines(file) {
  const stream = createReadStream(file, { encoding: "utf8" });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === "") continue;
      try {
        yield JSON.parse(line);
      } catch (error) {
        throw new ConfigError("A line of the JSONL file is not valid JSON.", {
          file,
          line: lineNumber,
          cause: error
        });
      }
    }
  } catch (error) {
    if (error.code === "ENOENT") {
      throw new ConfigError("Cannot read the JSONL file.", {
        file,
        cause: error,
        hint: "It is produced by replay/collect; check the run directory."
      });
    }
    throw error;
  } finally {
    lines.close();
    stream.destroy();
  }
}
function requestKey(entryKey, domain) {
  return `${entryKey}
${domain}`;
}
async function readRequestRecords(run) {
  if (!run.quality) return null;
  const { replay, replayFile, collect, collectFile } = run.quality;
  const joinedFile = collect?.join?.joinedFile ? resolve(dirname(collectFile), collect.join.joinedFile) : null;
  const joinedById = /* @__PURE__ */ new Map();
  if (joinedFile)
    for await (const j of readJsonLines(joinedFile)) joinedById.set(j.id, j);
  const records = /* @__PURE__ */ new Map();
  let duplicates = 0;
  const add = (record) => {
    const key = requestKey(record.entryKey, record.domain);
    if (records.has(key)) duplicates += 1;
    else records.set(key, record);
  };
  if (replay.outcomesFile) {
    for await (const o of readJsonLines(
      resolve(dirname(replayFile), replay.outcomesFile)
    )) {
      const j = o.id === null ? void 0 : joinedById.get(o.id);
      add({
        entryKey: o.entryKey,
        domain: o.domain,
        // What the client saw decides: a 499 in the WAF log for a request the client gave up on is "no answer".
        status: o.status,
        error: o.error,
        ...j ? { blocked: j.blocked } : {},
        ruleIds: j?.ruleIds ?? [],
        origin: o.origin,
        method: o.method,
        target: o.target
      });
    }
  } else if (joinedById.size > 0) {
    for (const j of joinedById.values()) {
      add({
        entryKey: j.entryKey,
        domain: j.domain,
        status: j.replayStatus ?? j.wafStatus,
        error: j.replayStatus === null ? "no-answer" : null,
        blocked: j.blocked,
        ruleIds: j.ruleIds ?? [],
        origin: null,
        method: "",
        target: j.entryKey
      });
    }
  } else {
    return null;
  }
  return { source: joinedById.size > 0 ? "joined" : "outcomes", records, duplicates };
}

// src/compare/baseline-store.ts
import { createHash } from "node:crypto";
import { cp, mkdir, readdir, rename, rm } from "node:fs/promises";
import { join as join2, resolve as resolve2 } from "node:path";
function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== void 0).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
function canonicalShape(shape2) {
  return shape2 === void 0 ? "none" : canonicalJson(shape2);
}
function shapeHash(shape2) {
  return shape2 === void 0 ? "none" : createHash("sha256").update(canonicalShape(shape2)).digest("hex").slice(0, 8);
}
function baselineKeyOf(record) {
  const parts = [
    record.quality ? "quality" : "",
    (record.rounds?.length ?? 0) > 0 ? "pressure" : ""
  ].filter(Boolean);
  return {
    version: record.build.version,
    corpusFingerprint: record.corpusFingerprint,
    mode: parts.join("+") || "empty",
    shapeHash: shapeHash(record.pressureShape)
  };
}
function safe(text2) {
  return text2.replace(/[^A-Za-z0-9._+]/g, "_");
}
function suffixOf(query) {
  return `-${safe(query.corpusFingerprint.replace(/^sha256:/, "").slice(0, 12))}-${query.mode}-${query.shapeHash}`;
}
function baselineDirName(key) {
  return `${safe(key.version)}${suffixOf(key)}`;
}
var DirectoryBaselineStore = class {
  root;
  /** @param root folder holding one sub-folder per baseline (created on save). */
  constructor(root) {
    this.root = resolve2(root);
  }
  async find(query) {
    if (query.version !== void 0) {
      const dir = join2(this.root, baselineDirName({ ...query, version: query.version }));
      return await isRunDir(dir) ? dir : null;
    }
    let names;
    try {
      names = await readdir(this.root);
    } catch {
      return null;
    }
    const suffix = suffixOf(query);
    let best = null;
    for (const name of names.filter((n) => n.endsWith(suffix) && !n.startsWith("."))) {
      const dir = join2(this.root, name);
      if (!await isRunDir(dir)) continue;
      const record = await readJsonFile(join2(dir, "run.json"), "run record (run.json)");
      if (record.corpusFingerprint !== query.corpusFingerprint) continue;
      if (!best || record.createdAtMs > best.createdAtMs)
        best = { dir, createdAtMs: record.createdAtMs };
    }
    return best?.dir ?? null;
  }
  async save(key, runDir) {
    const dest = join2(this.root, baselineDirName(key));
    const temp = join2(this.root, `.tmp-${baselineDirName(key)}-${process.pid}`);
    await mkdir(this.root, { recursive: true });
    try {
      await cp(resolve2(runDir), temp, { recursive: true });
      await rm(dest, { recursive: true, force: true });
      await rename(temp, dest);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    return dest;
  }
};

// src/compare/policy.ts
var METRIC_KINDS = [
  "cpuMsPerRequest",
  "qps",
  "latencyP50Us",
  "latencyP99Us",
  "cpuPct",
  "rssBytes"
];
function defaultPolicy() {
  return {
    source: null,
    alpha: 0.05,
    confidenceLevel: 0.95,
    bootstrapResamples: 2e3,
    seed: 20240601,
    quality: {
      statusIncreasePct: 10,
      minDelta: 5,
      newStatusMinCount: 1,
      maxNewBlocks: 0,
      maxNewPasses: 0,
      maxNewErrors: 0,
      failOnDomainAnomaly: true,
      blockStatuses: [403]
    },
    performance: {
      wafGroups: ["nginx-worker"],
      regressionRule: "confident",
      metrics: {
        cpuMsPerRequest: { thresholdPct: 10 },
        qps: { thresholdPct: 10 },
        latencyP50Us: { thresholdPct: 20 },
        latencyP99Us: { thresholdPct: 20 },
        cpuPct: { thresholdPct: null },
        rssBytes: { thresholdPct: 20 }
      }
    },
    failOnErrorLog: true,
    domains: {},
    ignore: []
  };
}
function qualityPolicyFor(policy, domain) {
  return { ...policy.quality, ...policy.domains[domain]?.quality ?? {} };
}
function metricPolicyFor(policy, kind, domain) {
  const override = domain === null ? void 0 : policy.domains[domain]?.metrics?.[kind];
  return override ?? policy.performance.metrics[kind];
}
function compileIgnoreRules(policy) {
  return policy.ignore.map((rule) => {
    if (rule.path === void 0) return { rule, path: null };
    try {
      return { rule, path: new RegExp(rule.path) };
    } catch (error) {
      throw new ConfigError(`Ignore rule has an invalid path regex: ${error.message}`, {
        input: "ignore[].path",
        value: rule.path,
        ...policy.source !== null ? { file: policy.source } : {},
        ...rule.line !== void 0 ? { line: rule.line } : {},
        hint: "Write a JavaScript regular expression, e.g. ^/static/."
      });
    }
  });
}
var POLICY_INPUT_NAMES = [
  "alpha",
  "status-increase-pct",
  "min-delta",
  "max-new-blocks",
  "qps-threshold-pct",
  "cpu-threshold-pct",
  "p99-threshold-pct",
  "rss-threshold-pct"
];
function applyPolicyInputs(base, inputs) {
  const policy = structuredClone(base);
  const set = (name, apply) => {
    const value = inputs[name];
    if (value !== void 0 && value.trim() !== "") apply(value);
  };
  set("alpha", (v) => policy.alpha = parseNumber("alpha", v, 1e-4, 0.5));
  set(
    "status-increase-pct",
    (v) => policy.quality.statusIncreasePct = parseNumber("status-increase-pct", v, 0)
  );
  set("min-delta", (v) => policy.quality.minDelta = parseInteger("min-delta", v, 0));
  set(
    "max-new-blocks",
    (v) => policy.quality.maxNewBlocks = parseInteger("max-new-blocks", v, 0)
  );
  const metric = (name, kind) => set(name, (v) => {
    policy.performance.metrics[kind] = { thresholdPct: parseNumber(name, v, 0) };
  });
  metric("qps-threshold-pct", "qps");
  metric("cpu-threshold-pct", "cpuMsPerRequest");
  metric("p99-threshold-pct", "latencyP99Us");
  metric("rss-threshold-pct", "rssBytes");
  return policy;
}

// node_modules/markdown-table/index.js
function defaultStringLength(value) {
  return value.length;
}
function markdownTable(table2, options) {
  const settings = options || {};
  const align = (settings.align || []).concat();
  const stringLength = settings.stringLength || defaultStringLength;
  const alignments = [];
  const cellMatrix = [];
  const sizeMatrix = [];
  const longestCellByColumn = [];
  let mostCellsPerRow = 0;
  let rowIndex = -1;
  while (++rowIndex < table2.length) {
    const row2 = [];
    const sizes2 = [];
    let columnIndex2 = -1;
    if (table2[rowIndex].length > mostCellsPerRow) {
      mostCellsPerRow = table2[rowIndex].length;
    }
    while (++columnIndex2 < table2[rowIndex].length) {
      const cell2 = serialize(table2[rowIndex][columnIndex2]);
      if (settings.alignDelimiters !== false) {
        const size2 = stringLength(cell2);
        sizes2[columnIndex2] = size2;
        if (longestCellByColumn[columnIndex2] === void 0 || size2 > longestCellByColumn[columnIndex2]) {
          longestCellByColumn[columnIndex2] = size2;
        }
      }
      row2.push(cell2);
    }
    cellMatrix[rowIndex] = row2;
    sizeMatrix[rowIndex] = sizes2;
  }
  let columnIndex = -1;
  if (typeof align === "object" && "length" in align) {
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = toAlignment(align[columnIndex]);
    }
  } else {
    const code = toAlignment(align);
    while (++columnIndex < mostCellsPerRow) {
      alignments[columnIndex] = code;
    }
  }
  columnIndex = -1;
  const row = [];
  const sizes = [];
  while (++columnIndex < mostCellsPerRow) {
    const code = alignments[columnIndex];
    let before = "";
    let after = "";
    if (code === 99) {
      before = ":";
      after = ":";
    } else if (code === 108) {
      before = ":";
    } else if (code === 114) {
      after = ":";
    }
    let size2 = settings.alignDelimiters === false ? 1 : Math.max(
      1,
      longestCellByColumn[columnIndex] - before.length - after.length
    );
    const cell2 = before + "-".repeat(size2) + after;
    if (settings.alignDelimiters !== false) {
      size2 = before.length + size2 + after.length;
      if (size2 > longestCellByColumn[columnIndex]) {
        longestCellByColumn[columnIndex] = size2;
      }
      sizes[columnIndex] = size2;
    }
    row[columnIndex] = cell2;
  }
  cellMatrix.splice(1, 0, row);
  sizeMatrix.splice(1, 0, sizes);
  rowIndex = -1;
  const lines = [];
  while (++rowIndex < cellMatrix.length) {
    const row2 = cellMatrix[rowIndex];
    const sizes2 = sizeMatrix[rowIndex];
    const cellsInRow = settings.fillRows === false ? Math.max(1, cellMatrix[rowIndex === 1 ? 0 : rowIndex].length) : mostCellsPerRow;
    columnIndex = -1;
    const line = [];
    while (++columnIndex < cellsInRow) {
      const cell2 = row2[columnIndex] || "";
      let before = "";
      let after = "";
      if (settings.alignDelimiters !== false) {
        const size2 = longestCellByColumn[columnIndex] - (sizes2[columnIndex] || 0);
        const code = alignments[columnIndex];
        if (code === 114) {
          before = " ".repeat(size2);
        } else if (code === 99) {
          const half = size2 / 2;
          if (size2 % 2) {
            before = " ".repeat(half + 0.5);
            after = " ".repeat(half - 0.5);
          } else {
            before = " ".repeat(half);
            after = before;
          }
        } else {
          after = " ".repeat(size2);
        }
      }
      if (settings.delimiterStart !== false && !columnIndex) {
        line.push("|");
      }
      if (settings.padding !== false && // Don’t add the opening space if we’re not aligning and the cell is
      // empty: there will be a closing space.
      !(settings.alignDelimiters === false && cell2 === "") && (settings.delimiterStart !== false || columnIndex)) {
        line.push(" ");
      }
      if (settings.alignDelimiters !== false) {
        line.push(before);
      }
      line.push(cell2);
      if (settings.alignDelimiters !== false) {
        line.push(after);
      }
      if (settings.padding !== false) {
        line.push(" ");
      }
      if (settings.delimiterEnd !== false || columnIndex !== cellsInRow - 1) {
        line.push("|");
      }
    }
    lines.push(
      settings.delimiterEnd === false ? line.join("").replace(/ +$/, "") : line.join("")
    );
  }
  return lines.join("\n");
}
function serialize(value) {
  return value === null || value === void 0 ? "" : String(value);
}
function toAlignment(value) {
  const code = typeof value === "string" ? value.codePointAt(0) : 0;
  return code === 67 || code === 99 ? 99 : code === 76 || code === 108 ? 108 : code === 82 || code === 114 ? 114 : 0;
}

// src/report/markdown.ts
function text(value) {
  return value.replace(/\r\n|\r|\n/g, " ").replace(/[\\`*_[\]<>|~&#]/g, "\\$&");
}
function cell(value) {
  if (value === null || value === void 0) return "";
  return text(String(value));
}
function table(header2, rows, align) {
  return markdownTable([header2, ...rows], { alignDelimiters: false, ...align ? { align } : {} });
}
function formatNumber(value, digits = 0) {
  if (!Number.isFinite(value)) return "n/a";
  return value.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits
  });
}
function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return "n/a";
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${Math.round(bytes)} B`;
}
function formatMetric(value, unit) {
  if (!Number.isFinite(value)) return "n/a";
  switch (unit) {
    case "bytes":
      return formatBytes(value);
    case "ms":
      return `${value.toPrecision(3)} ms`;
    case "%":
      return `${value.toFixed(1)} %`;
    case "\xB5s":
      return value >= 1e4 ? `${(value / 1e3).toFixed(1)} ms` : `${formatNumber(value)} \xB5s`;
    default:
      return `${formatNumber(value, value < 100 ? 1 : 0)} ${unit}`;
  }
}
function truncationNote(shown, total, what, artifactUrl, file) {
  const where = artifactUrl ? ` All ${formatNumber(total)} are in [the results artifact](${artifactUrl})${file ? ` (${file})` : ""}.` : file ? ` All ${formatNumber(total)} are in ${file} of the results.` : "";
  return `_Showing ${formatNumber(shown)} of ${formatNumber(total)} ${what}.${where}_`;
}
function safeUrl(url) {
  if (url === void 0 || !/^https?:\/\/[^\s()<>]+$/.test(url)) return void 0;
  return url;
}

// src/report/other-sections.ts
function resourcesSection(comparison, limits) {
  const groups = comparison.performance?.groups ?? [];
  if (!limits.resources || groups.length === 0) return [];
  const pct = (v) => v === void 0 ? "\u2013" : `${v.toFixed(1)} %`;
  const ms = (v) => v === void 0 ? "\u2013" : `${(v * 1e3).toFixed(0)} \xB5s`;
  return [
    "### Resources per process group",
    "Medians over rounds. CPU % is of one core, summed over the group; RSS is the group total.",
    table(
      [
        "Group",
        "CPU % baseline",
        "CPU % candidate",
        "RSS baseline",
        "RSS candidate",
        "CPU/request baseline",
        "CPU/request candidate"
      ],
      groups.map((g) => [
        cell(g.name),
        pct(g.baseline?.cpuPct),
        pct(g.candidate?.cpuPct),
        g.baseline ? formatBytes(g.baseline.rssBytes) : "\u2013",
        g.candidate ? formatBytes(g.candidate.rssBytes) : "\u2013",
        ms(g.baseline?.cpuMsPerRequest),
        ms(g.candidate?.cpuMsPerRequest)
      ]),
      ["l", "r", "r", "r", "r", "r", "r"]
    )
  ];
}
function findingsSection(comparison, limits, artifactUrl) {
  const rows = [
    ...comparison.findings.candidate.crashes.map((item) => ({ build: "candidate", item })),
    ...comparison.findings.candidate.findings.map((item) => ({ build: "candidate", item })),
    ...(comparison.findings.baseline?.crashes ?? []).map((item) => ({ build: "baseline", item })),
    ...(comparison.findings.baseline?.findings ?? []).map((item) => ({ build: "baseline", item }))
  ];
  const out = ["### Findings"];
  if (rows.length === 0)
    return [
      ...out,
      "No crashes and no alert/emerg/crit, worker-signal or sanitizer lines in the error logs of either build."
    ];
  const shown = rows.slice(0, limits.findings);
  out.push(
    table(
      ["Build", "Part", "Kind", "Detail"],
      shown.map(
        ({ build, item }) => "pid" in item ? [
          build,
          cell(item.source),
          "**crash**",
          cell(
            `${item.group} pid ${item.pid}${item.signal ? ` ${item.signal}` : ""}: ${item.detail}`
          )
        ] : [
          build,
          cell(item.source),
          cell(item.kind),
          cell(`line ${item.lineNumber}: ${item.line.slice(0, 300)}`)
        ]
      )
    )
  );
  if (shown.length < rows.length)
    out.push(truncationNote(shown.length, rows.length, "findings", artifactUrl, "results.json"));
  return out;
}
function shape(info) {
  if (!info?.pressureShape) return "\u2013";
  const s = info.pressureShape;
  const parts = [
    `${s.connections} connections`,
    s.keepAlive ? "keep-alive" : "new connection per request",
    s.rateRps !== void 0 ? `${s.rateRps} req/s` : "closed loop",
    s.durationMs !== void 0 ? `${s.durationMs / 1e3} s` : "",
    s.requests !== void 0 ? `${s.requests} requests` : "",
    s.repeat !== void 0 ? `repeat ${s.repeat}` : "",
    s.hatchRatePerSec !== void 0 ? `hatch ${s.hatchRatePerSec}/s` : "",
    s.thinkTimeMs !== void 0 ? `think ${s.thinkTimeMs} ms` : ""
  ];
  return parts.filter(Boolean).join(", ");
}
function parametersSection(comparison, limits) {
  const b = comparison.baseline;
  const c = comparison.candidate;
  const rows = [
    ["Version", cell(b?.version ?? "\u2013"), cell(c.version)],
    ["Description", cell(b?.description ?? "\u2013"), cell(c.description ?? "\u2013")],
    ["Label", cell(b?.label ?? "\u2013"), cell(c.label)],
    ["Corpus fingerprint", cell(b?.corpusFingerprint ?? "\u2013"), cell(c.corpusFingerprint)],
    ["Load shape", cell(shape(b)), cell(shape(c))],
    ["Pressure rounds", String(b?.rounds ?? "\u2013"), String(c.rounds)],
    ["Domains", cell(b?.domains.join(", ") || "\u2013"), cell(c.domains.join(", ") || "\u2013")],
    [
      "Recorded",
      b ? new Date(b.createdAtMs).toISOString() : "\u2013",
      new Date(c.createdAtMs).toISOString()
    ]
  ];
  if (limits.parameters) {
    const keys = [
      .../* @__PURE__ */ new Set([...Object.keys(b?.environment ?? {}), ...Object.keys(c.environment ?? {})])
    ].sort();
    for (const key of keys)
      rows.push([cell(key), cell(b?.environment?.[key] ?? "\u2013"), cell(c.environment?.[key] ?? "\u2013")]);
  }
  const p = comparison.policy;
  const m = p.performance.metrics;
  const thr = (v, sign) => v === null ? "info only" : `${sign}${v} %`;
  return [
    "### Run parameters",
    table(["", "Baseline", "Candidate"], rows),
    `Policy${p.source ? ` (${cell(p.source)})` : " (defaults)"}: alpha ${p.alpha}, ${Math.round(p.confidenceLevel * 100)} % bootstrap CI (${p.bootstrapResamples} resamples, seed ${p.seed}); thresholds: CPU/request ${thr(m.cpuMsPerRequest.thresholdPct, "+")}, QPS ${thr(m.qps.thresholdPct, "\u2212")}, p50 ${thr(m.latencyP50Us.thresholdPct, "+")}, p99 ${thr(m.latencyP99Us.thresholdPct, "+")}, RSS ${thr(m.rssBytes.thresholdPct, "+")}; domain status counts: > ${p.quality.statusIncreasePct} % and \u2265 ${p.quality.minDelta}; allowed new blocks ${p.quality.maxNewBlocks}, new passes ${p.quality.maxNewPasses}, new errors ${p.quality.maxNewErrors}; ${Object.keys(p.domains).length} domain override(s), ${p.ignore.length} ignore rule(s). Shape key: ${cell(c.key.shapeHash)} (${cell(canonicalShape(c.pressureShape))}).`
  ];
}

// src/compare/gate.ts
function formatPct(value, digits = 1) {
  if (value === null || !Number.isFinite(value)) return "n/a";
  const text2 = Math.abs(value).toFixed(digits);
  if (Number(text2) === 0) return `0${digits > 0 ? `.${"0".repeat(digits)}` : ""} %`;
  return `${value > 0 ? "+" : "\u2212"}${text2} %`;
}
function formatP(p) {
  if (p === null) return "n/a";
  return p < 1e-3 ? "< 0.001" : p.toFixed(3);
}
function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
function metricReason(m) {
  const ci = m.ci ? `, ${Math.round(m.ci.level * 100)} % CI ${formatPct(m.ci.lowPct)} \u2026 ${formatPct(m.ci.highPct)}` : "";
  const limit = m.betterWhen === "lower" ? `+${m.thresholdPct} %` : `\u2212${m.thresholdPct} %`;
  return `${m.label} ${formatPct(m.deltaPct)} (median ${m.baseline.length} vs ${m.candidate.length} rounds, p = ${formatP(m.pValue)}${ci}; threshold ${limit}).`;
}
function qualityReasons(quality, policy) {
  const reasons = [];
  const over = (pick, limit) => quality.domains.filter((d) => pick(d) > limit(d.domain)).map((d) => d.domain);
  const checks = [
    [
      quality.counts.newBlocks,
      over(
        (d) => d.newBlocks,
        (x) => qualityPolicyFor(policy, x).maxNewBlocks
      ),
      "newly blocked by the candidate but passed by the baseline (likely false positives)"
    ],
    [
      quality.counts.newPasses,
      over(
        (d) => d.newPasses,
        (x) => qualityPolicyFor(policy, x).maxNewPasses
      ),
      "passed by the candidate but blocked by the baseline (possible bypasses)"
    ],
    [
      quality.counts.newErrors,
      over(
        (d) => d.newErrors,
        (x) => qualityPolicyFor(policy, x).maxNewErrors
      ),
      "answered with 5xx or not at all by the candidate only"
    ]
  ];
  for (const [count, domains, what] of checks) {
    if (domains.length > 0) {
      reasons.push({
        area: "quality",
        severity: "fail",
        message: `${plural(count, "request")} ${what}, on ${domains.join(", ")}.`
      });
    } else if (count > 0) {
      reasons.push({
        area: "quality",
        severity: "info",
        message: `${plural(count, "request")} ${what}: within the allowed limits.`
      });
    }
  }
  for (const d of quality.domains.filter((x) => x.flagged)) {
    const rows = d.statuses.filter((r) => r.flag !== null).map(
      (r) => r.flag === "new-status" ? `new status ${r.status} (${r.candidate}\xD7)` : `status ${r.status} ${r.baseline} \u2192 ${r.candidate} (${formatPct(r.deltaPct)})`
    );
    const fail = qualityPolicyFor(policy, d.domain).failOnDomainAnomaly;
    reasons.push({
      area: "quality",
      severity: fail ? "fail" : "info",
      message: `Domain ${d.domain}: ${rows.join(", ")}.`
    });
  }
  if (quality.counts.ignored > 0) {
    reasons.push({
      area: "quality",
      severity: "info",
      message: `${plural(quality.counts.ignored, "changed request")} matched ignore rules (shown, not gating).`
    });
  }
  return reasons;
}
function performanceReasons(perf) {
  const reasons = perf.metrics.filter((m) => m.regression).map((m) => ({
    area: "performance",
    severity: "fail",
    message: `Regression: ${metricReason(m)}`
  }));
  if (perf.indicativeOnly) {
    reasons.push({
      area: "performance",
      severity: "info",
      message: "Performance is indicative only (fewer than 2 rounds on a side); it cannot fail the gate."
    });
  }
  for (const m of perf.metrics.filter((x) => x.improvement))
    reasons.push({
      area: "performance",
      severity: "info",
      message: `Improvement: ${metricReason(m)}`
    });
  return reasons;
}
function findingReasons(findings, policy) {
  const reasons = [];
  const { crashes, findings: lines } = findings.candidate;
  if (crashes.length > 0) {
    const first = crashes[0];
    reasons.push({
      area: "findings",
      severity: "fail",
      message: `${plural(crashes.length, "WAF process crash", "WAF process crashes")} in the candidate (first: ${first.group} pid ${first.pid}${first.signal ? ` ${first.signal}` : ""}, ${first.source}).`
    });
  }
  if (lines.length > 0) {
    reasons.push({
      area: "findings",
      severity: policy.failOnErrorLog ? "fail" : "info",
      message: `${plural(lines.length, "error-log finding")} in the candidate (${[...new Set(lines.map((l) => l.kind))].join(", ")}).`
    });
  }
  return reasons;
}
function decide(parts, policy) {
  const reasons = [];
  if (parts.noBaseline !== null)
    reasons.push({ area: "baseline", severity: "neutral", message: parts.noBaseline });
  reasons.push(...findingReasons(parts.findings, policy));
  if (parts.quality) reasons.push(...qualityReasons(parts.quality, policy));
  if (parts.performance) reasons.push(...performanceReasons(parts.performance));
  if (parts.noBaseline === null && !parts.quality && !parts.performance) {
    reasons.push({
      area: "baseline",
      severity: "neutral",
      message: "Nothing to compare: the runs share neither a quality run nor pressure rounds."
    });
  }
  const verdict = reasons.some((r) => r.severity === "fail") ? "fail" : reasons.some((r) => r.severity === "neutral") ? "neutral" : "pass";
  if (verdict === "pass") {
    const what = [
      parts.quality ? "no quality difference beyond the limits" : "",
      parts.performance ? "no significant performance regression" : ""
    ].filter(Boolean);
    reasons.unshift({
      area: parts.quality ? "quality" : "performance",
      severity: "info",
      message: `Passed: ${what.join("; ")}.`
    });
  }
  const q = parts.quality;
  return {
    verdict,
    reasons,
    counts: {
      newBlocks: q?.counts.newBlocks ?? 0,
      newPasses: q?.counts.newPasses ?? 0,
      newErrors: q?.counts.newErrors ?? 0,
      flaggedDomains: q?.domains.filter((d) => d.flagged).length ?? 0,
      crashes: parts.findings.candidate.crashes.length,
      findings: parts.findings.candidate.findings.length,
      regressions: parts.performance?.metrics.filter((m) => m.regression).length ?? 0,
      ignored: q?.counts.ignored ?? 0
    }
  };
}

// src/report/performance-section.ts
function result(m, indicative) {
  if (m.regression) return "\u274C regression";
  if (m.improvement) return "\u2705 improvement";
  if (indicative) return "indicative";
  if (m.thresholdPct === null) return "info";
  if (m.significant) return "significant, not beyond threshold";
  return "no significant change";
}
function downsample(timeline2, max) {
  const points = timeline2.points;
  if (points.length <= max || max <= 0) return max <= 0 ? [] : points;
  const size2 = Math.ceil(points.length / max);
  const out = [];
  for (let i = 0; i < points.length; i += size2) {
    const chunk = points.slice(i, i + size2);
    const avg = (pick) => {
      const values = chunk.map(pick).filter((v) => v !== null && Number.isFinite(v));
      return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
    };
    out.push({
      tSec: chunk[chunk.length - 1].tSec,
      baseline: avg((p) => p.baseline),
      candidate: avg((p) => p.candidate)
    });
  }
  return out;
}
function chart(points, windowMs) {
  const values = points.flatMap((p) => [p.baseline ?? 0, p.candidate ?? 0]);
  const top = Math.max(1, ...values);
  const yMax = 10 ** Math.floor(Math.log10(top)) * Math.ceil(top / 10 ** Math.floor(Math.log10(top)));
  const fmt = (v) => String(Math.round(v ?? 0));
  return [
    "```mermaid",
    "xychart-beta",
    `    title "QPS per ${windowMs / 1e3} s window, median over rounds (line 1 baseline, line 2 candidate)"`,
    `    x-axis "seconds" [${points.map((p) => fmt(p.tSec)).join(", ")}]`,
    `    y-axis "req/s" 0 --> ${yMax}`,
    `    line [${points.map((p) => fmt(p.baseline)).join(", ")}]`,
    `    line [${points.map((p) => fmt(p.candidate)).join(", ")}]`,
    "```"
  ];
}
function performanceSection(comparison, limits) {
  const p = comparison.performance;
  if (!p) return [];
  const out = ["### Performance"];
  out.push(
    `${p.rounds.baseline} baseline and ${p.rounds.candidate} candidate rounds${p.domain ? ` on ${cell(p.domain)}` : ""}. A metric regresses only when the Mann-Whitney U test gives p < ${p.alpha} **and** ${comparison.policy.performance.regressionRule === "median" ? "the change of medians is" : "the whole confidence interval lies"} beyond its threshold. The interval is a seeded bootstrap of the relative difference of medians.`
  );
  if (p.indicativeOnly)
    out.push(
      `> **Indicative only:** ${p.rounds.baseline} baseline / ${p.rounds.candidate} candidate round(s) give no measure of noise, so these numbers cannot fail the gate.`
    );
  out.push(
    table(
      [
        "Metric",
        "Baseline median",
        "Candidate median",
        "\u0394 %",
        `${Math.round((p.metrics[0]?.ci?.level ?? comparison.policy.confidenceLevel) * 100)} % CI`,
        "p",
        "Significant",
        "Threshold",
        "Result"
      ],
      p.metrics.map((m) => [
        cell(m.label),
        formatMetric(m.baselineMedian, m.unit),
        formatMetric(m.candidateMedian, m.unit),
        formatPct(m.deltaPct),
        m.ci ? `${formatPct(m.ci.lowPct)} \u2026 ${formatPct(m.ci.highPct)}` : "n/a",
        formatP(m.pValue),
        m.pValue === null ? "n/a" : m.significant ? "yes" : "no",
        m.thresholdPct === null ? "\u2013" : `${m.betterWhen === "lower" ? "+" : "\u2212"}${m.thresholdPct} %`,
        result(m, p.indicativeOnly)
      ]),
      ["l", "r", "r", "r", "c", "r", "c", "r", "l"]
    )
  );
  for (const note of p.notes) out.push(`_${cell(note)}_`);
  if (p.excludedRounds.length > 0) {
    out.push(
      `_Rounds left out: ${p.excludedRounds.map((r) => `${r.side} round ${r.round} (${cell(r.reason)})`).join(", ")}._`
    );
  }
  if (p.noiseFloor) {
    out.push(
      "#### Noise floor (A/A)",
      "Both sides run the same build: the spread between rounds and the width of the interval are what this setup can resolve. Changes smaller than this are noise.",
      table(
        ["Metric", "Baseline CV", "Candidate CV", "CI half-width"],
        p.noiseFloor.map((n) => [
          cell(n.label),
          `${n.baselineCvPct.toFixed(1)} %`,
          `${n.candidateCvPct.toFixed(1)} %`,
          n.ciHalfWidthPct === null ? "n/a" : `\xB1${n.ciHalfWidthPct.toFixed(1)} %`
        ]),
        ["l", "r", "r", "r"]
      )
    );
  }
  if (p.timeline && limits.chart && limits.timeline > 0) {
    const points = downsample(p.timeline, limits.timeline);
    out.push("#### QPS over time", ...[chart(points, p.timeline.windowMs).join("\n")]);
    out.push(
      table(
        ["t (s)", "Baseline req/s", "Candidate req/s"],
        points.map((pt) => [
          formatNumber(pt.tSec, pt.tSec % 1 === 0 ? 0 : 1),
          pt.baseline === null ? "\u2013" : formatNumber(pt.baseline),
          pt.candidate === null ? "\u2013" : formatNumber(pt.candidate)
        ]),
        ["r", "r", "r"]
      )
    );
  }
  return out;
}

// src/report/quality-section.ts
var KIND_LABEL = {
  "new-block": "new block",
  "new-pass": "new pass",
  "new-error": "new 5xx/no answer",
  "resolved-error": "error resolved",
  "status-change": "status change"
};
function status(side2) {
  if (side2.status === null) return side2.error ? `no answer (${side2.error})` : "no answer";
  return `${side2.status} ${side2.class}`;
}
function origin(o) {
  return o ? `${o.file}:${o.line}` : "";
}
function qualitySection(comparison, limits, artifactUrl) {
  const q = comparison.quality;
  if (!q) return [];
  const out = ["### Quality"];
  const c = q.counts;
  out.push(
    `${formatNumber(q.compared)} requests compared by (corpus entry, domain) \u2014 verdicts from ${q.source.baseline === "joined" ? "the WAF log join" : "replay statuses"} (baseline) and ${q.source.candidate === "joined" ? "the WAF log join" : "replay statuses"} (candidate). **${formatNumber(c.newBlocks)}** new blocks (likely false positives), **${formatNumber(c.newPasses)}** new passes (possible bypasses), **${formatNumber(c.newErrors)}** new 5xx/no answer, ${formatNumber(c.resolvedErrors)} errors resolved, ${formatNumber(c.statusChanges)} other status changes, ${formatNumber(c.ignored)} ignored by policy.` + (q.onlyBaseline + q.onlyCandidate > 0 ? ` ${formatNumber(q.onlyBaseline)} only in the baseline, ${formatNumber(q.onlyCandidate)} only in the candidate.` : "")
  );
  const domains = q.domains.slice(0, limits.domains);
  out.push(
    table(
      [
        "Domain",
        "Requests",
        "Blocked (baseline \u2192 candidate)",
        "New blocks",
        "New passes",
        "New 5xx/no answer",
        "Flagged"
      ],
      domains.map((d) => [
        cell(d.domain),
        formatNumber(d.requests.candidate),
        `${formatNumber(d.blocked.baseline)} \u2192 ${formatNumber(d.blocked.candidate)}`,
        formatNumber(d.newBlocks),
        formatNumber(d.newPasses),
        formatNumber(d.newErrors),
        d.flagged ? "**yes**" : "no"
      ]),
      ["l", "r", "r", "r", "r", "r", "c"]
    )
  );
  if (domains.length < q.domains.length)
    out.push(
      truncationNote(domains.length, q.domains.length, "domains", artifactUrl, "results.json")
    );
  const flaggedRows = q.domains.flatMap(
    (d) => d.statuses.filter((r) => r.flag !== null).map((r) => ({ d, r }))
  );
  if (flaggedRows.length > 0) {
    const rows = flaggedRows.slice(0, limits.statuses);
    out.push(
      "#### Status counts that flag a domain",
      `A domain is flagged when the candidate has a status the baseline lacks, or a status count grows by more than the threshold and by at least the minimum count.`,
      table(
        ["Domain", "Status", "Baseline", "Candidate", "\u0394", "\u0394 %", "Rule"],
        rows.map(({ d, r }) => [
          cell(d.domain),
          cell(r.status),
          formatNumber(r.baseline),
          formatNumber(r.candidate),
          `${r.delta > 0 ? "+" : ""}${formatNumber(r.delta)}`,
          r.deltaPct === null ? "new" : formatPct(r.deltaPct),
          r.flag === "new-status" ? "new status" : `> ${d.thresholds.statusIncreasePct} % and \u2265 ${d.thresholds.minDelta}`
        ]),
        ["l", "l", "r", "r", "r", "r", "l"]
      )
    );
    if (rows.length < flaggedRows.length)
      out.push(
        truncationNote(
          rows.length,
          flaggedRows.length,
          "flagged status counts",
          artifactUrl,
          "results.json"
        )
      );
  }
  if (q.changes.length > 0) {
    const groups = q.groups.slice(0, limits.groups);
    out.push(
      "#### Changed requests by domain, path and rule",
      table(
        ["Change", "Domain", "Path", "Rule", "Requests", "Example (corpus origin)"],
        groups.map((g) => [
          KIND_LABEL[g.kind],
          cell(g.domain),
          cell(g.path),
          cell(g.ruleId ?? "\u2013"),
          formatNumber(g.count) + (g.ignored > 0 ? ` (${formatNumber(g.ignored)} ignored)` : ""),
          cell(
            `${g.example.requestLine}${g.example.origin ? ` (${g.example.origin.file}:${g.example.origin.line})` : ""}`
          )
        ]),
        ["l", "l", "l", "l", "r", "l"]
      )
    );
    if (groups.length < q.groups.length)
      out.push(
        truncationNote(groups.length, q.groups.length, "groups", artifactUrl, "results.json")
      );
    const changes = q.changes.slice(0, limits.changes);
    out.push(
      `#### Changed requests (first ${formatNumber(changes.length)})`,
      table(
        ["Change", "Domain", "Request", "Baseline", "Candidate", "Rules", "Origin"],
        changes.map((ch) => [
          KIND_LABEL[ch.kind] + (ch.ignored ? ` (ignored: ${cell(ch.ignored.reason)})` : ""),
          cell(ch.domain),
          cell(ch.requestLine),
          cell(status(ch.baseline)),
          cell(status(ch.candidate)),
          cell([.../* @__PURE__ */ new Set([...ch.candidate.ruleIds, ...ch.baseline.ruleIds])].join(" ") || "\u2013"),
          cell(origin(ch.origin))
        ]),
        ["l", "l", "l", "l", "l", "l", "l"]
      )
    );
    if (changes.length < q.changes.length)
      out.push(
        truncationNote(
          changes.length,
          q.changes.length,
          "changed requests",
          artifactUrl,
          "changed-requests.jsonl"
        )
      );
  }
  if (q.candidateErrors.length > 0) {
    const errors = q.candidateErrors.slice(0, limits.errors);
    out.push(
      `#### 5xx or no answer from the candidate (${formatNumber(q.candidateErrors.length)}; baseline: ${formatNumber(q.baselineErrorCount)})`,
      table(
        ["Domain", "Request", "Candidate", "Baseline", "Origin"],
        errors.map((e) => [
          cell(e.domain),
          cell(e.requestLine),
          cell(status(e.candidate)),
          cell(e.baselineStatus ?? e.baselineClass),
          cell(origin(e.origin))
        ])
      )
    );
    if (errors.length < q.candidateErrors.length)
      out.push(
        truncationNote(
          errors.length,
          q.candidateErrors.length,
          "requests with 5xx or no answer",
          artifactUrl,
          "results.json"
        )
      );
  }
  return out;
}

// src/report/render.ts
var REPORT_MARKER = "<!-- waf-gate:report -->";
var ICON = { pass: "\u2705", fail: "\u274C", neutral: "\u26AA" };
var REASON_ICON = {
  fail: "\u274C",
  neutral: "\u26AA",
  info: "\u2139\uFE0F"
};
function verdictLine(c) {
  const against = c.baseline ? ` against baseline ${cell(c.baseline.version)}` : " (no baseline)";
  return `## ${ICON[c.verdict]} waf-gate: ${c.verdict.toUpperCase()} \u2014 candidate ${cell(c.candidate.version)}${against}${c.mode === "aa" ? " (A/A)" : ""}`;
}
function header(c, limits) {
  const reasons = c.reasons.slice(0, limits.reasons);
  const out = [
    REPORT_MARKER,
    verdictLine(c),
    reasons.map((r) => `- ${REASON_ICON[r.severity]} ${cell(r.message)}`).join("\n")
  ];
  if (reasons.length < c.reasons.length)
    out.push(`_${formatNumber(c.reasons.length - reasons.length)} more reasons in results.json._`);
  const k = c.counts;
  out.push(
    `**Counts:** new blocks ${formatNumber(k.newBlocks)} \xB7 new passes ${formatNumber(k.newPasses)} \xB7 new 5xx/no answer ${formatNumber(k.newErrors)} \xB7 flagged domains ${formatNumber(k.flaggedDomains)} \xB7 performance regressions ${formatNumber(k.regressions)} \xB7 crashes ${formatNumber(k.crashes)} \xB7 error-log findings ${formatNumber(k.findings)}`
  );
  for (const note of c.notes) out.push(`_${cell(note)}_`);
  return out;
}
function render(c, limits, artifactUrl) {
  const blocks = [
    ...header(c, limits),
    ...qualitySection(c, limits, artifactUrl),
    ...performanceSection(c, limits),
    ...resourcesSection(c, limits),
    ...findingsSection(c, limits, artifactUrl),
    ...parametersSection(c, limits)
  ];
  return `${blocks.join("\n\n")}
`;
}
function size(text2) {
  return Buffer.byteLength(text2, "utf8");
}
function* shrink(start) {
  let l = { ...start };
  yield l;
  const lists = [
    "reasons",
    "domains",
    "statuses",
    "groups",
    "changes",
    "errors",
    "findings",
    "timeline"
  ];
  while (lists.some((k) => l[k] > 0)) {
    l = { ...l };
    for (const k of lists) l[k] = Math.floor(l[k] / 2);
    yield l;
  }
  yield l = { ...l, chart: false };
  yield l = { ...l, resources: false };
  yield { ...l, parameters: false };
}
function renderReport(comparison, options) {
  const topN = options.topN ?? 20;
  const artifactUrl = safeUrl(options.artifactUrl);
  const start = {
    reasons: 30,
    domains: 100,
    statuses: 50,
    groups: Math.max(topN, 20),
    changes: topN,
    errors: topN,
    findings: 30,
    timeline: 40,
    chart: true,
    resources: true,
    parameters: true
  };
  for (const limits of shrink(start)) {
    const text2 = render(comparison, limits, artifactUrl);
    if (size(text2) <= options.maxChars) return text2;
  }
  const minimal = `${[REPORT_MARKER, verdictLine(comparison), renderCheckSummary(comparison), "_The full report did not fit this space; see results.json._"].join("\n\n")}
`;
  if (size(minimal) <= options.maxChars) return minimal;
  const line = `${verdictLine(comparison)}
`;
  return size(line) <= options.maxChars ? line : `waf-gate: ${comparison.verdict}
`.slice(0, Math.max(0, options.maxChars));
}
function renderCheckSummary(comparison) {
  const c = comparison;
  const deciding = c.reasons.filter(
    (r) => r.severity === c.verdict || c.verdict === "pass" && r.severity === "info"
  );
  const k = c.counts;
  const counts = c.quality ? ` Quality: ${formatNumber(k.newBlocks)} new blocks, ${formatNumber(k.newPasses)} new passes, ${formatNumber(k.newErrors)} new 5xx/no answer, ${formatNumber(k.flaggedDomains)} flagged domains.` : "";
  const perf = c.performance ? ` Performance: ${c.performance.rounds.baseline} vs ${c.performance.rounds.candidate} rounds${c.performance.indicativeOnly ? " (indicative only)" : ""}, regressions: ${formatNumber(k.regressions)}.` : "";
  let text2 = `${c.verdict.toUpperCase()}: ${deciding.slice(0, 3).map((r) => r.message).join(" ")}${counts}${perf}`;
  if (text2.length > 1e3) text2 = `${text2.slice(0, 999)}\u2026`;
  return text2;
}

// src/report/index.ts
var CHECK_RUN_TEXT_MAX_CHARS = 65535;
var JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

// src/compare/options.ts
import { access } from "node:fs/promises";
import { resolve as resolve4 } from "node:path";

// src/compare/index.ts
import { createWriteStream } from "node:fs";
import { mkdir as mkdir2, writeFile } from "node:fs/promises";
import { join as join3, resolve as resolve3 } from "node:path";
import { finished } from "node:stream/promises";

// src/compare/stats.ts
function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
function quantile(sortedValues, q) {
  if (sortedValues.length === 0) return Number.NaN;
  const pos = (sortedValues.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sortedValues[lo];
  const b = sortedValues[hi];
  return a + (b - a) * (pos - lo);
}
function coefficientOfVariation(values) {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (mean === 0) return 0;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / Math.abs(mean);
}
function relativeDifference(baseline, candidate) {
  if (baseline === 0 || !Number.isFinite(baseline) || !Number.isFinite(candidate)) return null;
  return (candidate - baseline) / Math.abs(baseline);
}
function createRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = state + 1831565813 >>> 0;
    let t = state;
    t = Math.imul(t ^ t >>> 15, t | 1);
    t ^= t + Math.imul(t ^ t >>> 7, t | 61);
    return ((t ^ t >>> 14) >>> 0) / 4294967296;
  };
}
function resampleMedian(values, random, scratch) {
  for (let i = 0; i < values.length; i += 1)
    scratch[i] = values[Math.floor(random() * values.length)];
  return median(scratch);
}
function bootstrapRelativeDifference(baseline, candidate, options = {}) {
  const resamples = options.resamples ?? 2e3;
  const level = options.level ?? 0.95;
  if (baseline.length === 0 || candidate.length === 0) return null;
  const random = createRandom(options.seed ?? 20240601);
  const b = new Array(baseline.length);
  const c = new Array(candidate.length);
  const diffs = [];
  for (let i = 0; i < resamples; i += 1) {
    const mb = resampleMedian(baseline, random, b);
    const mc = resampleMedian(candidate, random, c);
    const d = relativeDifference(mb, mc);
    if (d !== null) diffs.push(d);
  }
  if (diffs.length === 0) return null;
  diffs.sort((x, y) => x - y);
  const tail = (1 - level) / 2;
  return {
    low: quantile(diffs, tail),
    high: quantile(diffs, 1 - tail),
    level,
    resamples: diffs.length
  };
}
function ranks(values) {
  const order = values.map((v, i) => [v, i]).sort((a, b) => a[0] - b[0]);
  const out = new Array(values.length);
  let tieTerm = 0;
  let hasTies = false;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j += 1;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) out[order[k][1]] = rank;
    const t = j - i + 1;
    if (t > 1) {
      hasTies = true;
      tieTerm += t ** 3 - t;
    }
    i = j + 1;
  }
  return { ranks: out, tieTerm, hasTies };
}
function exactUDistribution(n1, n2) {
  let prev = [];
  for (let i = 0; i <= n1; i += 1) {
    const row = [];
    for (let j = 0; j <= n2; j += 1) {
      const dist = new Array(i * j + 1).fill(0);
      if (i === 0 || j === 0) dist[0] = 1;
      else {
        const a = prev[j];
        const b = row[j - 1];
        for (let u = 0; u < dist.length; u += 1)
          dist[u] = (u - j >= 0 ? a[u - j] ?? 0 : 0) + (b[u] ?? 0);
      }
      row.push(dist);
    }
    prev = row;
  }
  return prev[n2];
}
function normalSf(z) {
  return 0.5 * erfc(z / Math.SQRT2);
}
function erfc(x) {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(
    -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  );
  return x >= 0 ? r : 2 - r;
}
var EXACT_LIMIT = 400;
function mannWhitneyU(x, y) {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError("mannWhitneyU needs two non-empty samples");
  const { ranks: r, tieTerm, hasTies } = ranks([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i += 1) r1 += r[i];
  const u1 = r1 - n1 * (n1 + 1) / 2;
  const total = n1 * n2;
  const mean = total / 2;
  const dist = total <= EXACT_LIMIT ? exactUDistribution(n1, n2) : null;
  let minAttainablePValue;
  if (dist) {
    const all = dist.reduce((s, v) => s + v, 0);
    minAttainablePValue = Math.min(1, 2 * dist[0] / all);
  } else {
    minAttainablePValue = 0;
  }
  if (dist && !hasTies) {
    const all = dist.reduce((s, v) => s + v, 0);
    const uMax2 = Math.max(u1, total - u1);
    let upper = 0;
    for (let u = Math.ceil(uMax2); u <= total; u += 1) upper += dist[u];
    return { u: u1, pValue: Math.min(1, 2 * upper / all), method: "exact", minAttainablePValue };
  }
  const n = n1 + n2;
  const variance = total / 12 * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { u: u1, pValue: 1, method: "asymptotic", minAttainablePValue };
  const uMax = Math.max(u1, total - u1);
  const z = (uMax - mean - 0.5) / Math.sqrt(variance);
  return { u: u1, pValue: Math.min(1, 2 * normalSf(z)), method: "asymptotic", minAttainablePValue };
}

// src/compare/performance.ts
var CORE_METRICS = [
  {
    id: "cpuMsPerRequest",
    kind: "cpuMsPerRequest",
    label: "WAF CPU per request",
    unit: "ms",
    betterWhen: "lower"
  },
  { id: "qps", kind: "qps", label: "Throughput", unit: "req/s", betterWhen: "higher" },
  {
    id: "latencyP50Us",
    kind: "latencyP50Us",
    label: "Latency p50",
    unit: "\xB5s",
    betterWhen: "lower"
  },
  {
    id: "latencyP99Us",
    kind: "latencyP99Us",
    label: "Latency p99",
    unit: "\xB5s",
    betterWhen: "lower"
  }
];
var MAX_TIMELINE_POINTS = 600;
function roundValues(round, wafGroups, notes) {
  const completed = round.replay.totals.completed;
  if (!(completed > 0)) return "no completed requests";
  const values = /* @__PURE__ */ new Map();
  values.set("qps", round.replay.rps);
  if (round.replay.latency.summary.count > 0) {
    values.set("latencyP50Us", round.replay.latency.summary.p50Us);
    values.set("latencyP99Us", round.replay.latency.summary.p99Us);
  }
  const groups = /* @__PURE__ */ new Map();
  const collected = round.collect?.processes.groups ?? [];
  if (collected.length > 0) {
    let waf = collected.filter((g) => wafGroups.includes(g.name));
    if (waf.length === 0) {
      notes.add(
        `No process group named ${wafGroups.join(", ")}: WAF CPU per request sums every group (${collected.map((g) => g.name).join(", ")}).`
      );
      waf = collected;
    }
    values.set("cpuMsPerRequest", waf.reduce((s, g) => s + g.cpuTimeMs, 0) / completed);
    for (const g of collected) {
      groups.set(g.name, {
        cpuPct: g.cpuPct.mean,
        rssBytes: g.rssBytes.mean,
        cpuMsPerRequest: g.cpuTimeMs / completed
      });
      values.set(`cpuPct:${g.name}`, g.cpuPct.mean);
      values.set(`rssBytes:${g.name}`, g.rssBytes.mean);
    }
  }
  return { round: round.round, values, groups };
}
function groupDefs(names, wafGroups) {
  const sorted = [...names].sort(
    (a, b) => Number(wafGroups.includes(b)) - Number(wafGroups.includes(a)) || a.localeCompare(b)
  );
  return sorted.flatMap((name) => [
    { id: `cpuPct:${name}`, kind: "cpuPct", label: `CPU ${name}`, unit: "%", betterWhen: "lower" },
    {
      id: `rssBytes:${name}`,
      kind: "rssBytes",
      label: `RSS ${name}`,
      unit: "bytes",
      betterWhen: "lower"
    }
  ]);
}
function compareMetric(def, baseline, candidate, policy, domain, indicativeOnly) {
  const baselineMedian = median(baseline);
  const candidateMedian = median(candidate);
  const rel = relativeDifference(baselineMedian, candidateMedian);
  const deltaPct = rel === null ? null : rel * 100;
  const enough = baseline.length >= 2 && candidate.length >= 2;
  const boot = enough ? bootstrapRelativeDifference(baseline, candidate, {
    resamples: policy.bootstrapResamples,
    level: policy.confidenceLevel,
    seed: policy.seed
  }) : null;
  const test = enough ? mannWhitneyU(baseline, candidate) : null;
  const significant = test !== null && test.pValue < policy.alpha;
  const thresholdPct = metricPolicyFor(policy, def.kind, domain).thresholdPct;
  const bad = deltaPct !== null && thresholdPct !== null && (def.betterWhen === "lower" ? deltaPct > thresholdPct : deltaPct < -thresholdPct);
  const good = deltaPct !== null && thresholdPct !== null && (def.betterWhen === "lower" ? deltaPct < -thresholdPct : deltaPct > thresholdPct);
  const lower = def.betterWhen === "lower";
  const ciLow = boot ? boot.low * 100 : null;
  const ciHigh = boot ? boot.high * 100 : null;
  const confident = policy.performance.regressionRule !== "median";
  const ciBad = thresholdPct !== null && ciLow !== null && ciHigh !== null && (lower ? ciLow > thresholdPct : ciHigh < -thresholdPct);
  const ciGood = thresholdPct !== null && ciLow !== null && ciHigh !== null && (lower ? ciHigh < -thresholdPct : ciLow > thresholdPct);
  return {
    id: def.id,
    kind: def.kind,
    label: def.label,
    unit: def.unit,
    betterWhen: def.betterWhen,
    baseline,
    candidate,
    baselineMedian,
    candidateMedian,
    deltaPct,
    ci: boot ? { lowPct: boot.low * 100, highPct: boot.high * 100, level: boot.level } : null,
    pValue: test?.pValue ?? null,
    test: test?.method ?? null,
    significant,
    thresholdPct,
    regression: !indicativeOnly && significant && bad && (!confident || ciBad),
    improvement: !indicativeOnly && significant && good && (!confident || ciGood)
  };
}
function timeline(baseline, candidate) {
  const first = [...baseline, ...candidate].find((r) => r.replay.windows.length > 0);
  if (!first) return null;
  const windowMs = first.replay.windows[0].durationMs || 1e3;
  const series = (rounds) => {
    const length2 = Math.max(0, ...rounds.map((r) => r.replay.windows.length));
    return Array.from(
      { length: length2 },
      (_, i) => median(rounds.flatMap((r) => r.replay.windows[i] ? [r.replay.windows[i].rps] : []))
    );
  };
  const b = series(baseline);
  const c = series(candidate);
  const length = Math.min(MAX_TIMELINE_POINTS, Math.max(b.length, c.length));
  const points = Array.from({ length }, (_, i) => ({
    tSec: (i + 1) * windowMs / 1e3,
    baseline: b[i] ?? null,
    candidate: c[i] ?? null
  }));
  return { windowMs, points };
}
function comparePerformance(baselineRounds, candidateRounds, policy, aa) {
  const notes = /* @__PURE__ */ new Set();
  const excludedRounds = [];
  const usable = (side2, rounds) => rounds.flatMap((r) => {
    const v = roundValues(r, policy.performance.wafGroups, notes);
    if (typeof v === "string") {
      excludedRounds.push({ side: side2, round: r.round, reason: v });
      return [];
    }
    return [v];
  });
  const b = usable("baseline", baselineRounds);
  const c = usable("candidate", candidateRounds);
  const indicativeOnly = b.length < 2 || c.length < 2;
  if (indicativeOnly) {
    notes.add(
      `Indicative only: ${b.length} baseline and ${c.length} candidate round(s). With a single round there is no measure of noise, so performance alone never fails the gate; run 5 or more interleaved rounds per build.`
    );
  }
  const probe = b.length >= 2 && c.length >= 2 ? mannWhitneyU(
    b.map((_, i) => i),
    c.map((_, i) => i + b.length)
  ) : null;
  const minAttainablePValue = probe && probe.method === "exact" ? probe.minAttainablePValue : null;
  if (!indicativeOnly && minAttainablePValue !== null && minAttainablePValue >= policy.alpha) {
    notes.add(
      `With ${b.length} and ${c.length} rounds the rank test cannot reach p < ${policy.alpha} (smallest possible p = ${minAttainablePValue.toFixed(3)}): no metric can be flagged. Use at least 4 rounds per build (5 recommended).`
    );
  }
  const domain = [...baselineRounds, ...candidateRounds][0]?.replay.domains[0] ?? null;
  const groupNames = [...new Set([...b, ...c].flatMap((r) => [...r.groups.keys()]))];
  const defs = [...CORE_METRICS, ...groupDefs(groupNames, policy.performance.wafGroups)];
  const metrics = [];
  for (const def of defs) {
    const bv = b.flatMap((r) => r.values.has(def.id) ? [r.values.get(def.id)] : []);
    const cv = c.flatMap((r) => r.values.has(def.id) ? [r.values.get(def.id)] : []);
    if (bv.length === 0 || cv.length === 0) continue;
    metrics.push(compareMetric(def, bv, cv, policy, domain, indicativeOnly));
  }
  if (!metrics.some((m) => m.id === "cpuMsPerRequest")) {
    notes.add(
      "WAF CPU per request is unknown (no collect results with process groups on one side): the steadiest metric is missing."
    );
  }
  const groups = groupNames.sort().map((name) => {
    const pick = (rounds) => {
      const g = rounds.flatMap((r) => r.groups.has(name) ? [r.groups.get(name)] : []);
      if (g.length === 0) return null;
      return {
        cpuPct: median(g.map((x) => x.cpuPct)),
        rssBytes: median(g.map((x) => x.rssBytes)),
        cpuMsPerRequest: median(g.map((x) => x.cpuMsPerRequest))
      };
    };
    return { name, baseline: pick(b), candidate: pick(c) };
  });
  const noiseFloor = aa ? metrics.filter((m) => m.thresholdPct !== null).map((m) => ({
    id: m.id,
    label: m.label,
    baselineCvPct: coefficientOfVariation(m.baseline) * 100,
    candidateCvPct: coefficientOfVariation(m.candidate) * 100,
    ciHalfWidthPct: m.ci ? (m.ci.highPct - m.ci.lowPct) / 2 : null
  })) : null;
  return {
    rounds: { baseline: b.length, candidate: c.length },
    excludedRounds,
    indicativeOnly,
    alpha: policy.alpha,
    minAttainablePValue,
    domain,
    metrics,
    groups,
    timeline: timeline(baselineRounds, candidateRounds),
    noiseFloor,
    notes: [...notes]
  };
}

// src/compare/quality.ts
var REQUEST_LINE_CHARS = 120;
function classify(record, blockStatuses) {
  if (!record) return "missing";
  if (record.status === null) return "no-answer";
  if (record.status >= 500) return "error";
  const blocked = record.blocked ?? blockStatuses.includes(record.status);
  return blocked ? "blocked" : "passed";
}
function shortRequestLine(method, target) {
  const visible = `${method} ${target}`.trim().replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/g,
    (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`
  );
  return visible.length > REQUEST_LINE_CHARS ? `${visible.slice(0, REQUEST_LINE_CHARS - 1)}\u2026` : visible;
}
function targetPath(target) {
  let path = target;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
  if (scheme) path = path.slice(scheme[0].length) || "/";
  const cut = path.search(/[?#]/);
  return cut === -1 ? path : path.slice(0, cut);
}
function changeKind(base, cand) {
  const failed = (c) => c === "error" || c === "no-answer";
  if (base === cand) return null;
  if (failed(cand) && !failed(base)) return "new-error";
  if (failed(base) && !failed(cand)) return "resolved-error";
  if (base === "passed" && cand === "blocked") return "new-block";
  if (base === "blocked" && cand === "passed") return "new-pass";
  return "status-change";
}
var KIND_ORDER = {
  "new-block": 0,
  "new-pass": 1,
  "new-error": 2,
  "resolved-error": 3,
  "status-change": 4
};
function side(record, cls) {
  return {
    status: record?.status ?? null,
    class: cls,
    error: record?.error ?? null,
    ruleIds: record?.ruleIds ?? []
  };
}
function statusCounts(run) {
  const q = run.quality;
  if (!q) return {};
  if (q.collect && Object.keys(q.collect.statusCounts).length > 0) return q.collect.statusCounts;
  return Object.fromEntries(
    Object.entries(q.replay.perDomain).map(([d, s]) => [d, s.statusCounts])
  );
}
function domainStatusRows(baseline, candidate, thresholds) {
  const statuses = [.../* @__PURE__ */ new Set([...Object.keys(baseline), ...Object.keys(candidate)])].sort();
  return statuses.map((status2) => {
    const b = baseline[status2] ?? 0;
    const c = candidate[status2] ?? 0;
    const delta = c - b;
    const deltaPct = b === 0 ? null : delta / b * 100;
    let flag = null;
    if (b === 0 && c >= thresholds.newStatusMinCount && c > 0) flag = "new-status";
    else if (deltaPct !== null && deltaPct > thresholds.statusIncreasePct && delta >= thresholds.minDelta)
      flag = "increase";
    return { status: status2, baseline: b, candidate: c, delta, deltaPct, flag };
  });
}
function compareQuality(baselineRun, candidateRun, baseline, candidate, policy) {
  const ignoreRules = compileIgnoreRules(policy);
  const keys = /* @__PURE__ */ new Set([...baseline.records.keys(), ...candidate.records.keys()]);
  const changes = [];
  const candidateErrors = [];
  let compared = 0;
  let onlyBaseline = 0;
  let onlyCandidate = 0;
  let baselineErrorCount = 0;
  const perDomain = /* @__PURE__ */ new Map();
  const recordCounts = {
    baseline: {},
    candidate: {}
  };
  const bump = (side2, domain, status2) => {
    const perStatus = side2[domain] ??= {};
    const key = status2 === null ? "none" : String(status2);
    perStatus[key] = (perStatus[key] ?? 0) + 1;
  };
  const domainOf = (domain) => {
    let d = perDomain.get(domain);
    if (!d) {
      const q = qualityPolicyFor(policy, domain);
      d = {
        domain,
        requests: { baseline: 0, candidate: 0 },
        blocked: { baseline: 0, candidate: 0 },
        errors: { baseline: 0, candidate: 0 },
        newBlocks: 0,
        newPasses: 0,
        newErrors: 0,
        statuses: [],
        flagged: false,
        thresholds: { statusIncreasePct: q.statusIncreasePct, minDelta: q.minDelta }
      };
      perDomain.set(domain, d);
    }
    return d;
  };
  for (const key of keys) {
    const b = baseline.records.get(key);
    const c = candidate.records.get(key);
    const any = c ?? b;
    const blockStatuses = qualityPolicyFor(policy, any.domain).blockStatuses;
    const bc = classify(b, blockStatuses);
    const cc = classify(c, blockStatuses);
    const d = domainOf(any.domain);
    if (b) d.requests.baseline += 1;
    if (c) d.requests.candidate += 1;
    if (bc === "blocked") d.blocked.baseline += 1;
    if (cc === "blocked") d.blocked.candidate += 1;
    if (bc === "error" || bc === "no-answer") {
      d.errors.baseline += 1;
      baselineErrorCount += 1;
    }
    const requestLine = shortRequestLine(any.method, any.target);
    const origin2 = c?.origin ?? b?.origin ?? null;
    if (cc === "error" || cc === "no-answer") {
      d.errors.candidate += 1;
      candidateErrors.push({
        entryKey: any.entryKey,
        domain: any.domain,
        requestLine,
        origin: origin2,
        candidate: side(c, cc),
        baselineStatus: b?.status ?? null,
        baselineClass: bc
      });
    }
    if (!b) onlyCandidate += 1;
    else if (!c) onlyBaseline += 1;
    else compared += 1;
    if (b) bump(recordCounts.baseline, any.domain, b.status);
    if (!b || !c) {
      if (c) bump(recordCounts.candidate, any.domain, c.status);
      continue;
    }
    const kind = changeKind(bc, cc);
    if (kind === null && b.status === c.status) {
      bump(recordCounts.candidate, any.domain, c.status);
      continue;
    }
    const change = {
      kind: kind ?? "status-change",
      entryKey: any.entryKey,
      domain: any.domain,
      origin: origin2,
      requestLine,
      path: targetPath(any.target),
      baseline: side(b, bc),
      candidate: side(c, cc)
    };
    const ruleIds = [...change.candidate.ruleIds, ...change.baseline.ruleIds];
    for (const { rule, path } of ignoreRules) {
      if (rule.domain !== void 0 && rule.domain !== change.domain) continue;
      const hit = rule.entryKey !== void 0 && rule.entryKey === change.entryKey || path !== null && path.test(change.path) || rule.ruleId !== void 0 && ruleIds.includes(rule.ruleId);
      if (hit) {
        const what = rule.entryKey !== void 0 ? `entryKey ${rule.entryKey}` : rule.path !== void 0 ? `path /${rule.path}/` : `rule ${rule.ruleId}`;
        change.ignored = { reason: rule.reason, rule: what };
        break;
      }
    }
    changes.push(change);
    bump(recordCounts.candidate, any.domain, change.ignored ? b.status : c.status);
    if (!change.ignored) {
      if (change.kind === "new-block") d.newBlocks += 1;
      if (change.kind === "new-pass") d.newPasses += 1;
      if (change.kind === "new-error") d.newErrors += 1;
    }
  }
  changes.sort(
    (x, y) => KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || x.domain.localeCompare(y.domain) || x.path.localeCompare(y.path) || x.entryKey.localeCompare(y.entryKey, "en", { numeric: true })
  );
  const counts = {
    newBlocks: 0,
    newPasses: 0,
    newErrors: 0,
    resolvedErrors: 0,
    statusChanges: 0,
    ignored: 0
  };
  const groups = /* @__PURE__ */ new Map();
  for (const ch of changes) {
    if (ch.ignored) counts.ignored += 1;
    else if (ch.kind === "new-block") counts.newBlocks += 1;
    else if (ch.kind === "new-pass") counts.newPasses += 1;
    else if (ch.kind === "new-error") counts.newErrors += 1;
    else if (ch.kind === "resolved-error") counts.resolvedErrors += 1;
    else counts.statusChanges += 1;
    const ruleId = (ch.kind === "new-pass" ? ch.baseline.ruleIds[0] : ch.candidate.ruleIds[0]) ?? null;
    const gk = `${ch.kind}
${ch.domain}
${ch.path}
${ruleId ?? ""}`;
    const g = groups.get(gk);
    if (g) {
      g.count += 1;
      if (ch.ignored) g.ignored += 1;
    } else {
      groups.set(gk, {
        kind: ch.kind,
        domain: ch.domain,
        path: ch.path,
        ruleId,
        count: 1,
        ignored: ch.ignored ? 1 : 0,
        example: { entryKey: ch.entryKey, requestLine: ch.requestLine, origin: ch.origin }
      });
    }
  }
  const fromRecords = baseline.records.size > 0 && candidate.records.size > 0;
  const baseCounts = fromRecords ? recordCounts.baseline : statusCounts(baselineRun);
  const candCounts = fromRecords ? recordCounts.candidate : statusCounts(candidateRun);
  for (const domain of /* @__PURE__ */ new Set([...Object.keys(baseCounts), ...Object.keys(candCounts)]))
    domainOf(domain);
  for (const d of perDomain.values()) {
    const q = qualityPolicyFor(policy, d.domain);
    d.statuses = domainStatusRows(baseCounts[d.domain] ?? {}, candCounts[d.domain] ?? {}, q);
    d.flagged = d.statuses.some((row) => row.flag !== null);
  }
  const domains = [...perDomain.values()].sort((a, b) => a.domain.localeCompare(b.domain));
  const sortedGroups = [...groups.values()].sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.count - a.count || a.domain.localeCompare(b.domain) || a.path.localeCompare(b.path)
  );
  return {
    source: { baseline: baseline.source, candidate: candidate.source },
    compared,
    onlyBaseline,
    onlyCandidate,
    counts,
    domains,
    changes,
    groups: sortedGroups,
    candidateErrors,
    baselineErrorCount
  };
}

// src/compare/policy-file.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile } from "node:fs/promises";
var QUALITY_NUMBER_KEYS = [
  "statusIncreasePct",
  "minDelta",
  "newStatusMinCount",
  "maxNewBlocks",
  "maxNewPasses",
  "maxNewErrors"
];
var QUALITY_KEYS = [...QUALITY_NUMBER_KEYS, "failOnDomainAnomaly", "blockStatuses"];
var Reader = class {
  constructor(file, lines) {
    this.file = file;
    this.lines = lines;
  }
  file;
  lines;
  line(node) {
    const offset = node?.range?.[0];
    return offset === void 0 ? void 0 : this.lines.linePos(offset).line;
  }
  fail(node, key, message, value, hint) {
    const line = this.line(node);
    throw new ConfigError(message, {
      file: this.file,
      input: key,
      ...line !== void 0 ? { line } : {},
      ...value !== void 0 ? { value } : {},
      hint: hint ?? "See the compare-baseline README for the policy file format."
    });
  }
  map(node, key) {
    if (!(0, import_yaml.isMap)(node)) this.fail(node, key, `"${key}" must be a mapping of keys to values.`);
    return node;
  }
  /** Iterates a mapping's entries, refusing keys not in `allowed` (when given). */
  entries(node, key, allowed) {
    const map = this.map(node, key);
    return map.items.map((pair) => {
      const keyNode = pair.key;
      const name = (0, import_yaml.isScalar)(keyNode) ? String(keyNode.value) : String(keyNode);
      if (allowed && !allowed.includes(name)) {
        this.fail(
          keyNode,
          `${key}.${name}`,
          `Unknown key "${name}" in "${key}".`,
          void 0,
          `Accepted keys: ${allowed.join(", ")}.`
        );
      }
      return [name, pair.value ?? null, keyNode];
    });
  }
  scalar(node, key) {
    if (node === null) return null;
    if (!(0, import_yaml.isScalar)(node)) this.fail(node, key, `"${key}" must be a single value.`);
    return node.value;
  }
  number(node, key, min = 0, max = Number.MAX_SAFE_INTEGER) {
    const value = this.scalar(node, key);
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
      this.fail(node, key, `"${key}" must be a number from ${min} to ${max}.`, value);
    }
    return value;
  }
  numberOrNull(node, key) {
    return this.scalar(node, key) === null ? null : this.number(node, key);
  }
  boolean(node, key) {
    const value = this.scalar(node, key);
    if (typeof value !== "boolean") this.fail(node, key, `"${key}" must be true or false.`, value);
    return value;
  }
  string(node, key) {
    const value = this.scalar(node, key);
    if (typeof value === "number") return String(value);
    if (typeof value !== "string" || value.trim() === "")
      this.fail(node, key, `"${key}" must be a non-empty string.`, value);
    return value;
  }
  list(node, key) {
    if (!(0, import_yaml.isSeq)(node)) this.fail(node, key, `"${key}" must be a list.`);
    return node.items;
  }
};
function readQuality(r, node, key) {
  const out = {};
  for (const [name, value] of r.entries(node, key, QUALITY_KEYS)) {
    const path = `${key}.${name}`;
    if (name === "failOnDomainAnomaly") out.failOnDomainAnomaly = r.boolean(value, path);
    else if (name === "blockStatuses")
      out.blockStatuses = r.list(value, path).map((n) => r.number(n, path, 100, 599));
    else out[name] = r.number(value, path);
  }
  return out;
}
function readMetric(r, node, key) {
  if ((0, import_yaml.isMap)(node)) {
    let thresholdPct = null;
    for (const [name, value] of r.entries(node, key, ["thresholdPct"]))
      thresholdPct = r.numberOrNull(value, `${key}.${name}`);
    return { thresholdPct };
  }
  return { thresholdPct: r.numberOrNull(node, key) };
}
function readMetrics(r, node, key) {
  const out = {};
  for (const [name, value] of r.entries(node, key, METRIC_KINDS))
    out[name] = readMetric(r, value, `${key}.${name}`);
  return out;
}
function readIgnore(r, node, index) {
  const key = `ignore[${index}]`;
  const rule = {};
  for (const [name, value] of r.entries(node, key, [
    "entryKey",
    "path",
    "ruleId",
    "domain",
    "reason"
  ])) {
    rule[name] = r.string(
      value,
      `${key}.${name}`
    );
  }
  const line = r.line(node);
  const matchers = ["entryKey", "path", "ruleId"].filter((k) => k in rule);
  if (matchers.length !== 1) {
    r.fail(
      node,
      key,
      `Each ignore rule needs exactly one of entryKey, path or ruleId (found ${matchers.length}).`
    );
  }
  if (rule.reason === void 0) {
    r.fail(
      node,
      `${key}.reason`,
      'Each ignore rule needs a "reason" saying why it is safe to ignore.',
      void 0,
      'Add reason: "<ticket or explanation>".'
    );
  }
  if (rule.path !== void 0) {
    try {
      new RegExp(rule.path);
    } catch (error) {
      r.fail(
        node,
        `${key}.path`,
        `Invalid regular expression: ${error.message}`,
        rule.path
      );
    }
  }
  return { ...rule, ...line !== void 0 ? { line } : {} };
}
function parsePolicy(text2, file) {
  const lines = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text2, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line;
    throw new ConfigError(`The policy file does not parse: ${first.message.split("\n")[0]}`, {
      file,
      ...line !== void 0 ? { line } : {},
      cause: first
    });
  }
  const r = new Reader(file, lines);
  const policy = defaultPolicy();
  policy.source = file;
  if (doc.contents === null) return policy;
  const top = [
    "alpha",
    "confidenceLevel",
    "bootstrapResamples",
    "seed",
    "quality",
    "performance",
    "failOnErrorLog",
    "domains",
    "ignore"
  ];
  for (const [name, value] of r.entries(doc.contents, "(top level)", top)) {
    switch (name) {
      case "alpha":
        policy.alpha = r.number(value, name, 1e-4, 0.5);
        break;
      case "confidenceLevel":
        policy.confidenceLevel = r.number(value, name, 0.5, 0.999);
        break;
      case "bootstrapResamples":
        policy.bootstrapResamples = r.number(value, name, 100, 1e5);
        break;
      case "seed":
        policy.seed = r.number(value, name, 0, 2 ** 32 - 1);
        break;
      case "failOnErrorLog":
        policy.failOnErrorLog = r.boolean(value, name);
        break;
      case "quality":
        policy.quality = { ...policy.quality, ...readQuality(r, value, name) };
        break;
      case "performance":
        for (const [sub, subValue] of r.entries(value, name, [
          "wafGroups",
          "metrics",
          "regressionRule"
        ])) {
          if (sub === "regressionRule") {
            const rule = r.string(subValue, "performance.regressionRule");
            if (rule !== "confident" && rule !== "median")
              r.fail(
                subValue,
                "performance.regressionRule",
                'Expected "confident" or "median".',
                rule
              );
            policy.performance.regressionRule = rule;
          } else if (sub === "wafGroups")
            policy.performance.wafGroups = r.list(subValue, "performance.wafGroups").map((n) => r.string(n, "performance.wafGroups"));
          else
            policy.performance.metrics = {
              ...policy.performance.metrics,
              ...readMetrics(r, subValue, "performance.metrics")
            };
        }
        break;
      case "domains":
        for (const [domain, domainValue] of r.entries(value, name)) {
          const override = {};
          for (const [sub, subValue] of r.entries(domainValue, `domains.${domain}`, [
            "quality",
            "metrics"
          ])) {
            if (sub === "quality")
              override.quality = readQuality(r, subValue, `domains.${domain}.quality`);
            else override.metrics = readMetrics(r, subValue, `domains.${domain}.metrics`);
          }
          policy.domains[domain] = override;
        }
        break;
      case "ignore":
        policy.ignore = r.list(value, name).map((n, i) => readIgnore(r, n, i));
        break;
    }
  }
  return policy;
}
async function loadPolicyFile(file) {
  let text2;
  try {
    text2 = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError("Cannot read the policy file.", {
      file,
      cause: error,
      hint: "Check the path given with --policy / policy-file."
    });
  }
  return parsePolicy(text2, file);
}

// src/compare/index.ts
function runInfo(run) {
  const r = run.record;
  const domains = [
    .../* @__PURE__ */ new Set([
      ...run.quality?.replay.domains ?? [],
      ...run.rounds.flatMap((x) => x.replay.domains)
    ])
  ].sort();
  return {
    dir: run.dir,
    label: r.label,
    version: r.build.version,
    ...r.build.description !== void 0 ? { description: r.build.description } : {},
    corpusFingerprint: r.corpusFingerprint,
    ...r.pressureShape !== void 0 ? { pressureShape: r.pressureShape } : {},
    rounds: run.rounds.length,
    domains,
    ...r.environment !== void 0 ? { environment: r.environment } : {},
    createdAtMs: r.createdAtMs,
    key: baselineKeyOf(r)
  };
}
function findingsOf(run) {
  const parts = [
    ...run.quality?.collect ? [{ source: "quality", collect: run.quality.collect }] : [],
    ...run.rounds.flatMap(
      (r) => r.collect ? [{ source: `round ${r.round}`, collect: r.collect }] : []
    )
  ];
  return {
    crashes: parts.flatMap((p) => p.collect.crashes.map((c) => ({ ...c, source: p.source }))),
    findings: parts.flatMap((p) => p.collect.findings.map((f) => ({ ...f, source: p.source })))
  };
}
function refuseMismatch(baseline, candidate) {
  const b = baseline.record;
  const c = candidate.record;
  const where = `baseline ${join3(baseline.dir, "run.json")}, candidate ${join3(candidate.dir, "run.json")}`;
  if (b.corpusFingerprint !== c.corpusFingerprint) {
    throw new ConfigError(
      `Refusing to compare runs of different corpora: baseline corpus fingerprint ${b.corpusFingerprint}, candidate corpus fingerprint ${c.corpusFingerprint} (${where}).`,
      {
        input: "corpusFingerprint",
        hint: "Replay the same corpus on both builds, or record a new baseline for this corpus."
      }
    );
  }
  if ((b.rounds ?? []).length > 0 && (c.rounds ?? []).length > 0 && canonicalShape(b.pressureShape) !== canonicalShape(c.pressureShape)) {
    throw new ConfigError(
      `Refusing to compare pressure rounds with different load shapes: baseline ${canonicalShape(b.pressureShape)}, candidate ${canonicalShape(c.pressureShape)} (${where}).`,
      {
        input: "pressureShape",
        hint: "Run both builds with the same connections, rate, duration and keep-alive, or record a new baseline."
      }
    );
  }
}
async function compareRuns(baselineDir, candidateDir, policy, options = {}) {
  const logger = options.logger ?? silentLogger;
  const candidate = await loadRunDir(candidateDir, logger);
  const candidateFindings = findingsOf(candidate);
  let noBaseline = null;
  if (baselineDir === null) {
    noBaseline = options.noBaselineReason ?? "No baseline: there is no stored run of the baseline build for this corpus and load shape yet, so there is nothing to compare against. Record one (run the gate on the default branch) and later runs will be compared.";
  } else if (!await isRunDir(baselineDir)) {
    noBaseline = `No baseline: ${baselineDir} holds no run.json (the baseline was not found or not downloaded). Nothing was compared.`;
  }
  const notes = [];
  if (noBaseline !== null) {
    logger.warn(noBaseline);
    const findings2 = { baseline: null, candidate: candidateFindings };
    const decided2 = decide(
      { quality: null, performance: null, findings: findings2, noBaseline, notes },
      policy
    );
    return {
      schema: "waf-gate/comparison@1",
      ...decided2,
      mode: "ab",
      baseline: null,
      candidate: runInfo(candidate),
      quality: null,
      performance: null,
      findings: findings2,
      policy,
      notes
    };
  }
  const baseline = await loadRunDir(baselineDir, logger);
  refuseMismatch(baseline, candidate);
  const aa = resolve3(baseline.dir) === resolve3(candidate.dir) || baseline.record.build.version === candidate.record.build.version;
  if (aa)
    notes.push(
      "A/A: the candidate is the baseline build; differences below are the noise floor of this setup."
    );
  let quality = null;
  if (baseline.quality && candidate.quality) {
    const b = await readRequestRecords(baseline);
    const c = await readRequestRecords(candidate);
    const empty = { source: "outcomes", records: /* @__PURE__ */ new Map(), duplicates: 0 };
    if (!b || !c)
      notes.push(
        "Per-request records (outcomes.jsonl / joined.jsonl) are missing on one side: quality compares per-domain status counts only."
      );
    for (const [side2, r] of [
      ["baseline", b],
      ["candidate", c]
    ]) {
      if (r && r.duplicates > 0)
        notes.push(
          `The ${side2} has ${r.duplicates} repeated (entry, domain) records; the first of each was compared.`
        );
    }
    quality = compareQuality(baseline, candidate, b ?? empty, c ?? empty, policy);
    logger.info(
      `Quality: ${quality.compared} requests compared, ${quality.counts.newBlocks} new blocks, ${quality.counts.newPasses} new passes, ${quality.counts.newErrors} new errors.`
    );
  } else if (baseline.quality || candidate.quality) {
    notes.push(
      `Only the ${baseline.quality ? "baseline" : "candidate"} has a quality run: quality was not compared.`
    );
  }
  let performance = null;
  if (baseline.rounds.length > 0 && candidate.rounds.length > 0) {
    performance = comparePerformance(baseline.rounds, candidate.rounds, policy, aa);
    logger.info(
      `Performance: ${performance.rounds.baseline} vs ${performance.rounds.candidate} rounds, ${performance.metrics.filter((m) => m.regression).length} regression(s).`
    );
  } else if (baseline.rounds.length > 0 || candidate.rounds.length > 0) {
    notes.push(
      `Only the ${baseline.rounds.length > 0 ? "baseline" : "candidate"} has pressure rounds: performance was not compared.`
    );
  }
  const findings = {
    baseline: findingsOf(baseline),
    candidate: candidateFindings
  };
  const decided = decide({ quality, performance, findings, noBaseline: null, notes }, policy);
  return {
    schema: "waf-gate/comparison@1",
    ...decided,
    mode: aa ? "aa" : "ab",
    baseline: runInfo(baseline),
    candidate: runInfo(candidate),
    quality,
    performance,
    findings,
    policy,
    notes
  };
}
async function writeComparison(comparison, outDir, options = {}) {
  await mkdir2(outDir, { recursive: true });
  const resultsFile = join3(outDir, "results.json");
  const reportFile = join3(outDir, "report.md");
  const changesFile = join3(outDir, "changed-requests.jsonl");
  const results = {
    schema: "waf-gate/results@1",
    verdict: comparison.verdict,
    reasons: comparison.reasons.map((r) => r.message),
    counts: comparison.counts,
    comparison
  };
  await writeJsonFile(resultsFile, results);
  const out = createWriteStream(changesFile);
  for (const change of comparison.quality?.changes ?? []) {
    if (!out.write(`${JSON.stringify(change)}
`))
      await new Promise((r) => out.once("drain", () => r()));
  }
  out.end();
  await finished(out);
  const report = renderReport(comparison, {
    maxChars: options.maxChars ?? 1024 * 1024,
    ...options.artifactUrl !== void 0 ? { artifactUrl: options.artifactUrl } : {}
  });
  await writeFile(reportFile, report);
  return { resultsFile, reportFile, changesFile };
}
async function readResults(file) {
  const results = await readJsonFile(file, "comparison results (results.json)");
  if (results.schema !== "waf-gate/results@1" || !results.comparison) {
    throw new ConfigError("Not a waf-gate results file (schema waf-gate/results@1).", {
      file,
      hint: "Pass the results.json written by `waf-gate compare`."
    });
  }
  return results;
}

// src/compare/options.ts
function parseCompareOptions(raw, nameOf) {
  const str = (name) => {
    const v = raw[name];
    return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
  };
  const bool = (name) => {
    const v = raw[name];
    if (v === void 0 || v === "") return false;
    return parseBoolean(nameOf(name), v);
  };
  const candidateDir = str("candidate");
  if (candidateDir === null) {
    throw new ConfigError("The candidate run directory is required.", {
      input: nameOf("candidate"),
      hint: "Pass the folder holding the candidate build's run.json."
    });
  }
  const baselineDir = str("baseline");
  const baselineStoreDir = str("baseline-store");
  const saveBaseline = bool("save-baseline");
  if (saveBaseline && baselineStoreDir === null) {
    throw new ConfigError(`${nameOf("save-baseline")} needs a baseline store to save into.`, {
      input: nameOf("baseline-store"),
      hint: "Set the baseline store directory too."
    });
  }
  const policyInputs = {};
  for (const name of POLICY_INPUT_NAMES) {
    const v = str(name);
    if (v !== null) policyInputs[name] = v;
  }
  const artifactUrl = str("artifact-url");
  if (artifactUrl !== null && !/^https?:\/\/\S+$/.test(artifactUrl)) {
    throw new ConfigError("Expected an http(s) URL.", {
      input: nameOf("artifact-url"),
      value: artifactUrl
    });
  }
  const topN = str("top-n");
  return {
    candidateDir,
    baselineDir,
    baselineStoreDir,
    baselineVersion: str("baseline-version"),
    policyFile: str("policy"),
    policyInputs,
    outDir: str("out") ?? "waf-gate-results",
    strict: bool("strict"),
    ...artifactUrl !== null ? { artifactUrl } : {},
    topN: topN === null ? 20 : parseInteger(nameOf("top-n"), topN, 1, 1e3),
    saveBaseline
  };
}
async function runCompare(options, logger, foundBaselineDir = null) {
  const policy = applyPolicyInputs(
    options.policyFile ? await loadPolicyFile(options.policyFile) : defaultPolicy(),
    options.policyInputs
  );
  let baselineDir = options.baselineDir ?? foundBaselineDir;
  if (options.baselineDir !== null) {
    try {
      await access(options.baselineDir);
    } catch (error) {
      throw new ConfigError("The baseline run directory does not exist.", {
        value: options.baselineDir,
        input: "baseline",
        cause: error,
        hint: "Check the path, or leave it out to get a neutral verdict."
      });
    }
  }
  let noBaselineReason;
  if (baselineDir === null && options.baselineStoreDir !== null) {
    const candidate = await loadRunDir(options.candidateDir, logger);
    const key = baselineKeyOf(candidate.record);
    const store = new DirectoryBaselineStore(options.baselineStoreDir);
    const query = {
      corpusFingerprint: key.corpusFingerprint,
      mode: key.mode,
      shapeHash: key.shapeHash,
      ...options.baselineVersion !== null ? { version: options.baselineVersion } : {}
    };
    baselineDir = await store.find(query);
    if (baselineDir === null) {
      noBaselineReason = `No baseline in ${options.baselineStoreDir} for corpus ${key.corpusFingerprint}, mode ${key.mode}, load shape ${key.shapeHash}${options.baselineVersion ? `, version ${options.baselineVersion}` : ""}: nothing to compare against yet.${options.saveBaseline ? " This run is saved as the baseline for the next one." : ""}`;
    } else logger.info(`Baseline found in the store: ${baselineDir}`);
  }
  const comparison = await compareRuns(baselineDir, options.candidateDir, policy, {
    logger,
    ...noBaselineReason ? { noBaselineReason } : {}
  });
  const written = await writeComparison(comparison, resolve4(options.outDir), {
    ...options.artifactUrl ? { artifactUrl: options.artifactUrl } : {}
  });
  let savedBaselineDir = null;
  if (options.saveBaseline && options.baselineStoreDir !== null) {
    const candidate = await loadRunDir(options.candidateDir, logger);
    savedBaselineDir = await new DirectoryBaselineStore(options.baselineStoreDir).save(
      baselineKeyOf(candidate.record),
      options.candidateDir
    );
    logger.info(`Saved the candidate as a baseline: ${savedBaselineDir}`);
  }
  return { comparison, written, baselineDir, savedBaselineDir };
}
function exitCodeFor(verdict, strict) {
  if (verdict === "fail") return ExitCode.gateFailed;
  if (verdict === "neutral" && strict) return ExitCode.neutral;
  return ExitCode.ok;
}

export {
  ExitCode,
  loadRunDir,
  baselineKeyOf,
  defaultPolicy,
  POLICY_INPUT_NAMES,
  renderReport,
  renderCheckSummary,
  CHECK_RUN_TEXT_MAX_CHARS,
  JOB_SUMMARY_MAX_BYTES,
  loadPolicyFile,
  compareRuns,
  writeComparison,
  readResults,
  parseCompareOptions,
  runCompare,
  exitCodeFor
};
