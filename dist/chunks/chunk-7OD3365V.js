import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  missingIn,
  roundValues,
  summarizeMissing,
  withoutMissingLogVerdicts
} from "./chunk-64BEH4VU.js";
import {
  formatShaping,
  needsRuleIds,
  parseFtwOutput
} from "./chunk-MBWXRAFT.js";
import {
  require_dist
} from "./chunk-PDX4C4JJ.js";
import {
  ConfigError,
  JsonShape,
  actionInputOf,
  optionNames,
  parseOptions,
  readJsonFile,
  silentLogger,
  writeJsonFile
} from "./chunk-QC4E7EMN.js";
import {
  createHistogram,
  decodeHistogram
} from "./chunk-D5N3K7F6.js";
import {
  __toESM
} from "./chunk-4PQXDHBF.js";

// src/common/exit-codes.ts
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

// src/compare/schema.ts
var COMPARE_SCHEMA = {
  candidate: {
    type: "path",
    metavar: "DIR",
    required: true,
    actionInput: "candidate-dir",
    help: "Run directory of the candidate build (run.json written by the gate or `waf-gate demo`)."
  },
  baseline: {
    type: "path",
    metavar: "DIR",
    actionInput: "baseline-dir",
    help: "Run directory of the baseline build; without one (nor a store) the verdict is neutral."
  },
  "baseline-store": {
    type: "path",
    metavar: "DIR",
    actionInput: "baseline-store-dir",
    help: "A directory store of baselines keyed by version, corpus fingerprint, mode and load shape."
  },
  "baseline-version": {
    type: "string",
    metavar: "V",
    defaultText: "the newest matching one",
    help: "With a baseline store: only a baseline of this build version."
  },
  "save-baseline": {
    type: "boolean",
    flag: true,
    default: false,
    help: "Save the candidate run into the baseline store after comparing (e.g. on the default branch)."
  },
  policy: {
    type: "path",
    metavar: "FILE",
    actionInput: "policy-file",
    help: "Gate policy (YAML/JSON): thresholds per metric, per-domain overrides, ignore lists with reasons."
  },
  "ftw-overrides": {
    type: "path",
    metavar: "FILE",
    help: "go-ftw overrides file (go-ftw's format: test_overrides with rule_id, test_ids, reason, expect_failure, output) for known engine differences when checking ftw expectations."
  },
  alpha: {
    type: "number",
    metavar: "P",
    min: 1e-4,
    max: 0.5,
    defaultText: "0.05 (or the policy file)",
    help: "Significance level of the rank test."
  },
  "status-increase-pct": {
    type: "number",
    unit: "%",
    min: 0,
    defaultText: "10 (or the policy file)",
    help: "Flag a domain when an anomaly status count grows by more than this percent."
  },
  "min-delta": {
    type: "integer",
    min: 0,
    defaultText: "5 (or the policy file)",
    help: "\u2026and by at least this many requests."
  },
  "max-new-blocks": {
    type: "integer",
    min: 0,
    defaultText: "0 (or the policy file)",
    help: "Allowed requests newly blocked by the candidate."
  },
  "qps-threshold-pct": {
    type: "number",
    min: 0,
    defaultText: "10 (or the policy file)",
    help: "Allowed QPS drop in percent."
  },
  "cpu-threshold-pct": {
    type: "number",
    min: 0,
    defaultText: "10 (or the policy file)",
    help: "Allowed WAF CPU-per-request increase in percent."
  },
  "p99-threshold-pct": {
    type: "number",
    min: 0,
    defaultText: "20 (or the policy file)",
    help: "Allowed p99 latency increase in percent."
  },
  "rss-threshold-pct": {
    type: "number",
    min: 0,
    defaultText: "20 (or the policy file)",
    help: "Allowed RSS increase in percent."
  },
  "hold-drop-increase-pct": {
    type: "number",
    unit: "%",
    min: 0,
    max: 100,
    defaultText: "0.1 (or the policy file)",
    help: "Long-lived connections: unexpected drops the candidate may have beyond the baseline, in percentage points of its connections (beyond: the gate fails)."
  },
  "hold-rtt-fail-pct": {
    type: "number",
    unit: "%",
    min: 0,
    defaultText: "never (warns beyond +50 %, or the policy file)",
    help: "Long-lived connections: a heartbeat RTT p50/p99 increase beyond this percent fails the gate."
  },
  out: {
    type: "path",
    metavar: "DIR",
    actionInput: "out-dir",
    default: "waf-gate-results",
    help: "Where results.json, report.md and changed-requests.jsonl go."
  },
  "artifact-url": {
    type: "url",
    help: "Link to the artifact holding all changed requests, shown in the report."
  },
  "top-n": {
    type: "integer",
    min: 1,
    max: 1e3,
    default: 20,
    help: "Changed requests listed in the report."
  },
  strict: {
    type: "boolean",
    flag: true,
    default: false,
    help: "Fail on a neutral verdict too (e.g. no baseline)."
  }
};
var POLICY_INPUT_NAMES = [
  "alpha",
  "status-increase-pct",
  "min-delta",
  "max-new-blocks",
  "qps-threshold-pct",
  "cpu-threshold-pct",
  "p99-threshold-pct",
  "rss-threshold-pct",
  "hold-drop-increase-pct",
  "hold-rtt-fail-pct"
];
function compareActionInput(name) {
  return actionInputOf(COMPARE_SCHEMA, name);
}

// src/compare/options.ts
var COMPARE_INPUTS = optionNames(COMPARE_SCHEMA);
function parseCompareOptions(raw, nameOf = (name) => name) {
  const v = parseOptions(COMPARE_SCHEMA, raw, { nameOf, stage: "compare" });
  if (v["save-baseline"] && v["baseline-store"] === void 0) {
    throw new ConfigError(`${nameOf("save-baseline")} needs a baseline store to save into.`, {
      input: nameOf("baseline-store"),
      hint: "Set the baseline store directory too."
    });
  }
  const policyInputs = {};
  for (const name of POLICY_INPUT_NAMES) {
    const value = v[name];
    if (value !== void 0) policyInputs[name] = value;
  }
  return {
    candidateDir: v.candidate,
    baselineDir: v.baseline ?? null,
    baselineStoreDir: v["baseline-store"] ?? null,
    baselineVersion: v["baseline-version"] ?? null,
    policyFile: v.policy ?? null,
    ftwOverridesFile: v["ftw-overrides"] ?? null,
    policyInputs,
    outDir: v.out,
    strict: v.strict,
    ...v["artifact-url"] !== void 0 ? { artifactUrl: v["artifact-url"] } : {},
    topN: v["top-n"],
    saveBaseline: v["save-baseline"]
  };
}
function exitCodeFor(verdict, strict) {
  if (verdict === "fail") return ExitCode.gateFailed;
  if (verdict === "neutral" && strict) return ExitCode.neutral;
  return ExitCode.ok;
}

// src/compare/run-dir.ts
import { createReadStream } from "node:fs";
import { realpath } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";

// src/compare/run-schema.ts
var count = (s) => (v, p) => s.number(v, p, { min: 0 });
function checkRunRecord(doc, file) {
  const s = new JsonShape(file, "run record (run.json)");
  const o = s.object(doc, "(document)");
  s.oneOf(o.schema, "schema", ["waf-gate/run@1"]);
  s.string(o.label, "label");
  const build2 = s.object(o.build, "build");
  s.text(build2.version, "build.version");
  if (build2.description !== void 0) s.string(build2.description, "build.description");
  s.string(o.corpusFingerprint, "corpusFingerprint");
  if (o.quality !== void 0) {
    const q = s.object(o.quality, "quality");
    s.text(q.replayFile, "quality.replayFile");
    s.text(q.collectFile, "quality.collectFile");
  }
  if (o.pressureShape !== void 0) checkLoadShape(s, o.pressureShape, "pressureShape");
  o.rounds ??= [];
  s.list(o.rounds, "rounds", (v, p) => {
    const r = s.object(v, p);
    s.number(r.round, `${p}.round`, { integer: true, min: 1 });
    if (r.attempt !== void 0) s.number(r.attempt, `${p}.attempt`, { integer: true, min: 1 });
    s.text(r.replayFile, `${p}.replayFile`);
    s.text(r.collectFile, `${p}.collectFile`);
    return r;
  });
  if (o.failedRounds !== void 0)
    s.list(o.failedRounds, "failedRounds", (v, p) => {
      const r = s.object(v, p);
      s.number(r.round, `${p}.round`, { integer: true, min: 1 });
      s.number(r.attempt, `${p}.attempt`, { integer: true, min: 1 });
      s.list(r.reasons, `${p}.reasons`, (x, xp) => s.string(x, xp));
      if (r.replayFile !== void 0) s.text(r.replayFile, `${p}.replayFile`);
      if (r.collectFile !== void 0) s.text(r.collectFile, `${p}.collectFile`);
      return r;
    });
  if (o.hold !== void 0) {
    const h = s.object(o.hold, "hold");
    s.text(h.holdFile, "hold.holdFile");
    if (h.collectFile !== void 0) s.text(h.collectFile, "hold.collectFile");
  }
  if (o.roundPlan !== void 0) {
    const plan = s.object(o.roundPlan, "roundPlan");
    for (const key of ["wanted", "maxAttempts", "attempts"])
      s.number(plan[key], `roundPlan.${key}`, { integer: true, min: 0 });
  }
  if (o.environment !== void 0) s.record(o.environment, "environment", (v, p) => s.string(v, p));
  if (o.domainsFromConfig !== void 0) {
    const d = s.object(o.domainsFromConfig, "domainsFromConfig");
    s.string(d.source, "domainsFromConfig.source");
    s.list(d.domains, "domainsFromConfig.domains", (v, p) => s.string(v, p));
    s.list(d.skipped, "domainsFromConfig.skipped", (v, p) => {
      const k = s.object(v, p);
      for (const key of ["name", "kind", "file", "reason"]) s.string(k[key], `${p}.${key}`);
      s.number(k.line, `${p}.line`, { integer: true, min: 0 });
      return k;
    });
  }
  if (o.domains !== void 0) s.list(o.domains, "domains", (v, p) => s.string(v, p));
  if (o.wafHost !== void 0) s.string(o.wafHost, "wafHost");
  if (o.freshAb !== void 0) {
    const f = s.object(o.freshAb, "freshAb");
    s.string(f.runId, "freshAb.runId");
    s.string(f.order, "freshAb.order");
    s.string(f.leftOn, "freshAb.leftOn");
    s.list(f.switches, "freshAb.switches", (v, p) => {
      const w = s.object(v, p);
      s.string(w.label, `${p}.label`);
      s.string(w.version, `${p}.version`);
      s.string(w.action, `${p}.action`);
      s.number(w.durationMs, `${p}.durationMs`, { min: 0 });
    });
  }
  s.number(o.createdAtMs, "createdAtMs", { min: 0 });
  return doc;
}
function checkLoadShape(s, value, path) {
  const shape2 = s.object(value, path);
  s.oneOf(shape2.mode, `${path}.mode`, ["quality", "pressure"]);
  s.number(shape2.connections, `${path}.connections`, { integer: true, min: 1 });
  s.boolean(shape2.keepAlive, `${path}.keepAlive`);
}
function checkReplayResult(doc, file) {
  const s = new JsonShape(file, "replay results (replay.json)");
  const o = s.object(doc, "(document)");
  s.oneOf(o.schema, "schema", ["waf-gate/replay@1"]);
  s.string(o.runId, "runId");
  s.list(o.domains, "domains", (v, p) => s.string(v, p));
  checkLoadShape(s, o.loadShape, "loadShape");
  for (const key of ["startedAtMs", "endedAtMs", "durationMs", "rps"])
    s.number(o[key], key, { min: 0 });
  const totals = s.object(o.totals, "totals");
  for (const key of ["sent", "completed", "errors"]) count(s)(totals[key], `totals.${key}`);
  s.record(o.statusCounts, "statusCounts", count(s));
  s.record(o.errorCounts, "errorCounts", count(s));
  s.record(o.perDomain, "perDomain", (v, p) => {
    const d = s.object(v, p);
    for (const key of ["sent", "completed", "errors"]) count(s)(d[key], `${p}.${key}`);
    s.record(d.statusCounts, `${p}.statusCounts`, count(s));
    return d;
  });
  const latency = s.object(o.latency, "latency");
  s.string(latency.histogram, "latency.histogram");
  const summary = s.object(latency.summary, "latency.summary");
  for (const key of ["count", "minUs", "meanUs", "p50Us", "p90Us", "p99Us", "maxUs"])
    count(s)(summary[key], `latency.summary.${key}`);
  s.list(o.windows, "windows", (v, p) => {
    const w = s.object(v, p);
    for (const key of ["startMs", "durationMs", "completed", "errors", "rps"])
      count(s)(w[key], `${p}.${key}`);
    return w;
  });
  if (o.outcomesFile !== void 0) s.text(o.outcomesFile, "outcomesFile");
  return doc;
}
function checkCollectResult(doc, file) {
  const s = new JsonShape(file, "collect results (collect.json)");
  const o = s.object(doc, "(document)");
  s.oneOf(o.schema, "schema", ["waf-gate/collect@1"]);
  s.string(o.runId, "runId");
  s.number(o.startedAtMs, "startedAtMs", { min: 0 });
  s.number(o.endedAtMs, "endedAtMs", { min: 0 });
  const log = s.object(o.log, "log");
  s.string(log.path, "log.path");
  for (const key of ["lines", "parsed", "formatErrors"]) count(s)(log[key], `log.${key}`);
  s.record(o.statusCounts, "statusCounts", (v, p) => s.record(v, p, count(s)));
  const anomalies = s.object(o.anomalies, "anomalies");
  count(s)(anomalies.total, "anomalies.total");
  if (o.join !== void 0) {
    const join7 = s.object(o.join, "join");
    for (const key of ["sent", "joined", "missing", "unexpected"])
      count(s)(join7[key], `join.${key}`);
    if (join7.joinedByPort !== void 0) count(s)(join7.joinedByPort, "join.joinedByPort");
    if (join7.joinedFile !== void 0) s.text(join7.joinedFile, "join.joinedFile");
  }
  const processes = s.object(o.processes, "processes");
  s.list(processes.groups, "processes.groups", (v, p) => {
    const g = s.object(v, p);
    s.string(g.name, `${p}.name`);
    s.list(g.pids, `${p}.pids`, (pid, pp) => s.number(pid, pp, { integer: true }));
    return g;
  });
  s.list(o.crashes, "crashes", (v, p) => {
    const c = s.object(v, p);
    s.number(c.pid, `${p}.pid`, { integer: true });
    s.string(c.group, `${p}.group`);
    s.string(c.detail, `${p}.detail`);
    return c;
  });
  s.list(o.findings, "findings", (v, p) => s.object(v, p));
  return doc;
}
function checkResultsDocument(doc, file) {
  const s = new JsonShape(file, "comparison results (results.json)");
  const o = s.object(doc, "(document)");
  s.oneOf(o.schema, "schema", ["waf-gate/results@1"]);
  const verdicts = ["pass", "fail", "neutral"];
  s.oneOf(o.verdict, "verdict", verdicts);
  s.list(o.reasons, "reasons", (v, p) => s.string(v, p));
  s.record(o.counts, "counts", count(s));
  const c = s.object(o.comparison, "comparison");
  s.oneOf(c.schema, "comparison.schema", ["waf-gate/comparison@1"]);
  s.oneOf(c.verdict, "comparison.verdict", verdicts);
  s.oneOf(c.mode, "comparison.mode", ["ab", "aa"]);
  s.list(c.reasons, "comparison.reasons", (v, p) => {
    const r = s.object(v, p);
    s.oneOf(r.area, `${p}.area`, [
      "baseline",
      "quality",
      "performance",
      "findings",
      "connections"
    ]);
    s.oneOf(r.severity, `${p}.severity`, ["fail", "neutral", "info"]);
    s.string(r.message, `${p}.message`);
    return r;
  });
  const runInfo2 = (v, p) => {
    const r = s.object(v, p);
    s.string(r.label, `${p}.label`);
    s.string(r.version, `${p}.version`);
    s.string(r.corpusFingerprint, `${p}.corpusFingerprint`);
    count(s)(r.rounds, `${p}.rounds`);
    s.list(r.domains, `${p}.domains`, (d, dp) => s.string(d, dp));
    s.number(r.createdAtMs, `${p}.createdAtMs`);
  };
  if (c.baseline !== null) runInfo2(c.baseline, "comparison.baseline");
  runInfo2(c.candidate, "comparison.candidate");
  if (c.quality !== null) {
    const q = s.object(c.quality, "comparison.quality");
    s.list(q.changes, "comparison.quality.changes", (v, p) => s.object(v, p));
  }
  if (c.performance !== null) {
    const perf = s.object(c.performance, "comparison.performance");
    s.list(perf.metrics, "comparison.performance.metrics", (v, p) => s.object(v, p));
    s.list(perf.groups, "comparison.performance.groups", (v, p) => s.object(v, p));
    s.list(perf.notes, "comparison.performance.notes", (v, p) => s.string(v, p));
  }
  if (c.hold !== void 0 && c.hold !== null) {
    const hold = s.object(c.hold, "comparison.hold");
    for (const side3 of ["baseline", "candidate"])
      if (hold[side3] !== null) s.object(hold[side3], `comparison.hold.${side3}`);
    s.list(hold.checks, "comparison.hold.checks", (v, p) => s.object(v, p));
    s.list(hold.missing, "comparison.hold.missing", (v, p) => s.string(v, p));
  }
  const findings2 = s.object(c.findings, "comparison.findings");
  const side2 = (v, p) => {
    const f = s.object(v, p);
    s.list(f.crashes, `${p}.crashes`, (x, xp) => s.object(x, xp));
    s.list(f.findings, `${p}.findings`, (x, xp) => s.object(x, xp));
  };
  if (findings2.baseline !== null) side2(findings2.baseline, "comparison.findings.baseline");
  side2(findings2.candidate, "comparison.findings.candidate");
  s.record(c.counts, "comparison.counts", count(s));
  s.object(c.policy, "comparison.policy");
  s.list(c.notes, "comparison.notes", (v, p) => s.string(v, p));
}

// src/common/fs.ts
import { access } from "node:fs/promises";
async function pathExists(path) {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

// src/compare/hold-file.ts
var HOLD_DROP_CAUSES = [
  "client-planned",
  "server-planned",
  "unexpected-close",
  "error"
];
var HOLD_NUMBER_SETTINGS = [
  "connections",
  "hatchRateCps",
  "holdMs",
  "pingIntervalMs",
  "pongTimeoutMs",
  "pushRateMps",
  "pushShare",
  "serverDropShare",
  "clientDropShare",
  "reconnectAttempts",
  "reconnectBackoffMs"
];
function checkHoldResult(doc, file) {
  const s = new JsonShape(file, "hold results (hold.json)");
  const count2 = (v, p) => s.number(v, p, { min: 0 });
  const o = s.object(doc, "(document)");
  s.oneOf(o.schema, "schema", ["waf-gate/hold@1"]);
  s.string(o.startedAt, "startedAt");
  s.string(o.endedAt, "endedAt");
  const settings = s.object(o.settings, "settings");
  s.string(settings.path, "settings.path");
  for (const key of HOLD_NUMBER_SETTINGS) count2(settings[key], `settings.${key}`);
  const counts = s.object(o.counts, "counts");
  for (const key of ["attempted", "upgraded", "heldToEnd", "reconnected"])
    count2(counts[key], `counts.${key}`);
  s.record(counts.refusedByStatus, "counts.refusedByStatus", count2);
  s.record(counts.failedByError, "counts.failedByError", count2);
  const dropped = s.object(counts.droppedByCause, "counts.droppedByCause");
  for (const cause of HOLD_DROP_CAUSES) count2(dropped[cause], `counts.droppedByCause.${cause}`);
  s.list(o.windows, "windows", (v, p) => {
    const w = s.object(v, p);
    count2(w.startMs, `${p}.startMs`);
    count2(w.open, `${p}.open`);
    return w;
  });
  const heartbeat = s.object(o.heartbeat, "heartbeat");
  for (const key of ["sent", "answered", "lost"]) count2(heartbeat[key], `heartbeat.${key}`);
  const rtt = s.object(heartbeat.rtt, "heartbeat.rtt");
  for (const key of ["count", "p50Us", "p99Us"]) count2(rtt[key], `heartbeat.rtt.${key}`);
  const push = s.object(o.push, "push");
  for (const key of ["sent", "received", "lost", "duplicated", "outOfOrder"])
    count2(push[key], `push.${key}`);
  return doc;
}
async function readHoldResult(file) {
  return checkHoldResult(await readJsonFile(file, "hold results (hold.json)"), file);
}

// src/compare/run-dir.ts
async function isRunDir(dir) {
  return pathExists(join(dir, "run.json"));
}
function isInside(root, path) {
  const rel = relative(root, path);
  return rel === "" || !rel.startsWith("..") && !isAbsolute(rel);
}
async function confinedPath(runDir, base, value, where) {
  const root = resolve(runDir);
  const path = resolve(base, value);
  const refuse = () => {
    throw new ConfigError(
      `${where.field} points outside the run folder ${root}: ${JSON.stringify(value)}.`,
      {
        file: where.file,
        input: where.field,
        value,
        hint: "Paths in a run folder are relative to it and stay inside it; correct the field."
      }
    );
  };
  if (!isInside(root, path)) refuse();
  const realRoot = await realpath(root).catch(() => root);
  const realTarget = await realpath(path).catch(() => null);
  if (realTarget !== null && !isInside(realRoot, realTarget)) refuse();
  return path;
}
async function readCollect(path, logger) {
  if (!await pathExists(path)) {
    logger.warn(
      `No collect results at ${path}: resources and WAF CPU per request are unknown for it.`
    );
    return null;
  }
  return checkCollectResult(
    await readJsonFile(path, "collect results (collect.json)"),
    path
  );
}
async function readReplay(path, what) {
  return checkReplayResult(await readJsonFile(path, what), path);
}
async function readRunRecord(dir) {
  const runFile = join(dir, "run.json");
  const doc = await readJsonFile(runFile, "run record (run.json)");
  const schema = doc?.schema;
  if (typeof schema === "string" && schema !== "waf-gate/run@1") {
    throw new ConfigError(
      `Unsupported run record schema ${JSON.stringify(schema)}; expected "waf-gate/run@1".`,
      {
        file: runFile,
        hint: "The run directory was written by an incompatible waf-gate version; re-run it."
      }
    );
  }
  return checkRunRecord(doc, runFile);
}
async function loadRunDir(dir, logger) {
  const runFile = join(dir, "run.json");
  const record = await readRunRecord(dir);
  const inRun = (value, field) => confinedPath(dir, dir, value, { file: runFile, field });
  let quality = null;
  if (record.quality) {
    const replayFile = await inRun(record.quality.replayFile, "quality.replayFile");
    const collectFile = await inRun(record.quality.collectFile, "quality.collectFile");
    quality = {
      replay: await readReplay(replayFile, "quality replay results (replay.json)"),
      replayFile,
      collect: await readCollect(collectFile, logger),
      collectFile
    };
  }
  const rounds = [];
  const refs = [...record.rounds.entries()].sort(([, a], [, b]) => a.round - b.round);
  for (const [index, ref] of refs) {
    rounds.push({
      round: ref.round,
      replay: await readReplay(
        await inRun(ref.replayFile, `rounds[${index}].replayFile`),
        `round ${ref.round} replay results`
      ),
      collect: await readCollect(
        await inRun(ref.collectFile, `rounds[${index}].collectFile`),
        logger
      )
    });
  }
  const failedRounds = [];
  for (const [index, ref] of (record.failedRounds ?? []).entries()) {
    if (ref.collectFile === void 0) continue;
    const file = await inRun(ref.collectFile, `failedRounds[${index}].collectFile`);
    const collect = await readCollect(file, logger);
    if (collect) failedRounds.push({ round: ref.round, attempt: ref.attempt, collect });
  }
  return { dir, record, quality, rounds, failedRounds, hold: await loadHold(dir, record, logger) };
}
async function loadHold(dir, record, logger) {
  const runFile = join(dir, "run.json");
  let holdFile;
  let collectFile;
  if (record.hold !== void 0) {
    holdFile = await confinedPath(dir, dir, record.hold.holdFile, {
      file: runFile,
      field: "hold.holdFile"
    });
    collectFile = record.hold.collectFile === void 0 ? null : await confinedPath(dir, dir, record.hold.collectFile, {
      file: runFile,
      field: "hold.collectFile"
    });
  } else {
    holdFile = join(dir, "hold", "hold.json");
    if (!await pathExists(holdFile)) return null;
    collectFile = join(dir, "hold", "collect.json");
  }
  const result3 = await readHoldResult(holdFile);
  const collect = collectFile === null ? null : await readCollect(collectFile, logger);
  return { result: result3, holdFile, collect };
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
  const joinedFile = collect?.join?.joinedFile ? await confinedPath(run.dir, dirname(collectFile), collect.join.joinedFile, {
    file: collectFile,
    field: "join.joinedFile"
  }) : null;
  const joinedById = /* @__PURE__ */ new Map();
  if (joinedFile)
    for await (const j of readJsonLines(joinedFile))
      joinedById.set(j.outcomeLine !== void 0 ? `
${j.outcomeLine}` : j.id, j);
  const records = /* @__PURE__ */ new Map();
  let duplicates = 0;
  const add = (record) => {
    const key = requestKey(record.entryKey, record.domain);
    if (records.has(key)) duplicates += 1;
    else records.set(key, record);
  };
  if (replay.outcomesFile) {
    const outcomesFile = await confinedPath(run.dir, dirname(replayFile), replay.outcomesFile, {
      file: replayFile,
      field: "outcomesFile"
    });
    let line = 0;
    for await (const o of readJsonLines(outcomesFile)) {
      line += 1;
      const j = joinedById.get(o.id === null ? `
${line}` : o.id);
      const unjoined = !joinedFile ? void 0 : j?.missingReason ?? (j ? void 0 : o.id === null ? "no-id" : "no-log-line");
      add({
        entryKey: o.entryKey,
        domain: o.domain,
        // What the client saw decides: a 499 in the WAF log for a request the client gave up on is "no answer".
        status: o.status,
        error: o.error,
        ...j ? { blocked: j.blocked } : {},
        ...unjoined !== void 0 ? { unjoined } : {},
        ...j?.joinedBy === "port" ? { joinedBy: "port" } : {},
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
function setupHash(record) {
  if (record.wafHost === void 0 && record.domains === void 0) return "none";
  const setup = { wafHost: record.wafHost, domains: [...record.domains ?? []].sort() };
  return createHash("sha256").update(canonicalJson(setup)).digest("hex").slice(0, 8);
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
    shapeHash: shapeHash(record.pressureShape),
    setupHash: setupHash(record)
  };
}
function safe(text2) {
  return text2.replace(/[^A-Za-z0-9._+]/g, "_");
}
function suffixOf(query) {
  return `-${safe(query.corpusFingerprint.replace(/^sha256:/, "").slice(0, 12))}-${query.mode}-${query.shapeHash}-${query.setupHash}`;
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
      const record = await readRunRecord(dir);
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

// src/report/escape.ts
var ZERO_WIDTH_BREAK = "&#8203;";
var MARKDOWN_SPECIALS = /[\\`*_[\]<>|~&#$]/g;
var INVISIBLE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
var GITHUB_TRIGGERS = /@|#(?=\d)|\bGH-(?=\d)|:(?=\/\/)|\bwww(?=\.)|:(?=[a-z+-][a-z0-9_+-]*:)/gi;
var BREAK = "\0";
function escapeInline(value) {
  return value.replace(/\r\n|\r|\n|\t/g, " ").replace(INVISIBLE_CONTROLS, "\uFFFD").replace(GITHUB_TRIGGERS, `$&${BREAK}`).replace(MARKDOWN_SPECIALS, "\\$&").replaceAll(BREAK, ZERO_WIDTH_BREAK);
}

// src/report/markdown.ts
function text(value) {
  return escapeInline(value);
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

// src/report/domains-section.ts
var MAX_SKIPPED = 20;
function paragraph(run) {
  const d = run.domainsFromConfig;
  if (d === void 0) return [];
  const lines = [
    `**Domains from the WAF** (${text(run.label)}): read from ${text(d.source)}: ${d.domains.map((x) => text(x)).join(", ")}.`
  ];
  if (d.skipped.length > 0) {
    const shown = d.skipped.slice(0, MAX_SKIPPED).map(
      (s) => `- ${text(s.name === "" ? '""' : s.name)} (${text(s.kind)}, ${text(`${s.file}:${s.line}`)}): ${text(s.reason)}`
    );
    const more = d.skipped.length - shown.length;
    lines.push(
      `Skipped server names (${d.skipped.length}):`,
      shown.join("\n") + (more > 0 ? `
- \u2026 and ${more} more` : "")
    );
  }
  return lines;
}
function domainsFromConfigSection(baseline, candidate) {
  const same = baseline?.domainsFromConfig !== void 0 && JSON.stringify(baseline.domainsFromConfig) === JSON.stringify(candidate.domainsFromConfig);
  return [...baseline && !same ? paragraph(baseline) : [], ...paragraph(candidate)];
}

// src/report/other-sections.ts
function resourcesSection(comparison, limits) {
  const groups = comparison.performance?.groups ?? [];
  if (!limits.resources || groups.length === 0) return [];
  const pct2 = (v) => v === void 0 ? "\u2013" : `${v.toFixed(1)} %`;
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
        pct2(g.baseline?.cpuPct),
        pct2(g.candidate?.cpuPct),
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
        ({ build: build2, item }) => "pid" in item ? [
          build2,
          cell(item.source),
          "**crash**",
          cell(
            `${item.group} pid ${item.pid}${item.signal ? ` ${item.signal}` : ""}: ${item.detail}`
          )
        ] : [
          build2,
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
    s.thinkTimeMs !== void 0 ? `think ${s.thinkTimeMs} ms` : "",
    s.shaping !== void 0 ? `shaped: ${formatShaping(s.shaping)}` : ""
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
    ...domainsFromConfigSection(b ?? void 0, c),
    `Policy${p.source ? ` (${cell(p.source)})` : " (defaults)"}: alpha ${p.alpha}, ${Math.round(p.confidenceLevel * 100)} % bootstrap CI (${p.bootstrapResamples} resamples, seed ${p.seed}); thresholds: CPU/request ${thr(m.cpuMsPerRequest.thresholdPct, "+")}, QPS ${thr(m.qps.thresholdPct, "\u2212")}, p50 ${thr(m.latencyP50Us.thresholdPct, "+")}, p99 ${thr(m.latencyP99Us.thresholdPct, "+")}, RSS ${thr(m.rssBytes.thresholdPct, "+")}; domain status counts: > ${p.quality.statusIncreasePct} % and \u2265 ${p.quality.minDelta}; allowed new blocks ${p.quality.maxNewBlocks}, new passes ${p.quality.maxNewPasses}, new errors ${p.quality.maxNewErrors}; ${Object.keys(p.domains).length} domain override(s), ${p.ignore.length} ignore rule(s). Shape key: ${cell(c.key.shapeHash)} (${cell(canonicalShape(c.pressureShape))}).`
  ];
}

// src/compare/hold-gate.ts
function holdReasons(hold) {
  const reasons = [];
  const reason = (severity, message) => {
    reasons.push({ area: "connections", severity, message });
  };
  for (const why2 of hold.missing) reason("neutral", why2);
  for (const note of hold.notes ?? []) reason("info", `Long-lived connections: ${note}`);
  for (const check of hold.checks.filter((c) => c.result === "fail"))
    reason("fail", `Long-lived connections: ${check.message}`);
  for (const check of hold.checks.filter((c) => c.result === "unknown"))
    reason(check.gating ? "neutral" : "info", `Long-lived connections: ${check.message}`);
  for (const check of hold.checks.filter((c) => c.result === "warn"))
    reason("info", `Warning, long-lived connections: ${check.message}`);
  if (hold.comparable && hold.checks.every((c) => c.result !== "fail")) {
    const c = hold.candidate;
    reason(
      "info",
      `Long-lived connections: ${c.heldToEnd} of ${c.settings.connections} held to the end, ${c.unexpectedDrops} unexpected drops, ${c.refused + c.failed} upgrades refused or failed, ${c.push.lost} pushes lost; no count beyond the baseline's.`
    );
  }
  return reasons;
}

// src/compare/ftw-overrides.ts
var import_yaml = __toESM(require_dist(), 1);
import { readFile } from "node:fs/promises";
var KNOWN_KEYS = /* @__PURE__ */ new Set([
  "rule_id",
  "test_id",
  "test_ids",
  "stage_ids",
  "reason",
  "expect_failure",
  "retry_once",
  "output"
]);
function idList(value) {
  const items = Array.isArray(value) ? value : [value];
  const ids = items.map((v) => typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v);
  return ids.every((n) => typeof n === "number" && Number.isInteger(n) && n >= 0) ? ids : null;
}
function parseFtwOverrides(text2, file) {
  const lineCounter = new import_yaml.LineCounter();
  const doc = (0, import_yaml.parseDocument)(text2, { lineCounter, prettyErrors: false });
  const lineOf = (node) => lineCounter.linePos(node?.range?.[0] ?? 0).line;
  const fail = (message, node, value) => {
    throw new ConfigError(message, {
      file,
      line: lineOf(node),
      ...value !== void 0 ? { value } : {},
      input: "ftw-overrides",
      hint: "Write the file in go-ftw's overrides format: version, meta, test_overrides: [{rule_id, test_ids, reason, expect_failure, output}]."
    });
  };
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new ConfigError(`Not valid YAML: ${first.message.split("\n")[0]}`, {
      file,
      line: lineCounter.linePos(first.pos[0]).line,
      input: "ftw-overrides"
    });
  }
  const root = doc.contents;
  if (!(0, import_yaml.isMap)(root)) return fail('The overrides file must be a map with "test_overrides".', root);
  const list = root.get("test_overrides", true);
  if (!(0, import_yaml.isSeq)(list))
    return fail('"test_overrides" is missing or not a list.', list ?? root, void 0);
  const meta = root.get("meta", true);
  const metaValue = (key) => {
    const v = (0, import_yaml.isMap)(meta) ? meta.get(key) : void 0;
    return typeof v === "string" ? v : null;
  };
  const version = root.get("version");
  const overrides = [];
  for (const item of list.items) {
    if (!(0, import_yaml.isMap)(item)) fail("Each test_overrides item must be a map.", item);
    const map = item;
    const js = map.toJS(doc);
    const at = (key) => map.items.find((pair) => pair.key?.value === key)?.key ?? map;
    for (const key of Object.keys(js))
      if (!KNOWN_KEYS.has(key))
        fail(
          `Unknown key "${key}" in a test override (known: ${[...KNOWN_KEYS].join(", ")}).`,
          at(key),
          key
        );
    const ruleId = idList(js.rule_id);
    if (js.rule_id === void 0 || ruleId === null || ruleId.length !== 1)
      fail('"rule_id" must be one rule id (a number).', at("rule_id"), js.rule_id);
    if (js.test_id !== void 0 && js.test_ids !== void 0)
      fail('Give "test_id" or "test_ids", not both.', at("test_ids"));
    const rawTests = js.test_ids ?? js.test_id;
    const testIds = rawTests === void 0 ? null : idList(rawTests);
    if (rawTests !== void 0 && testIds === null)
      fail(
        '"test_ids" must list test ids (numbers).',
        at(js.test_ids !== void 0 ? "test_ids" : "test_id"),
        rawTests
      );
    const stageIds = js.stage_ids === void 0 ? null : idList(js.stage_ids);
    if (js.stage_ids !== void 0 && (stageIds === null || stageIds.some((n) => n < 1)))
      fail('"stage_ids" must list 1-based stage numbers.', at("stage_ids"), js.stage_ids);
    if (typeof js.reason !== "string" || js.reason.trim() === "")
      fail('"reason" is required: say why the test is overridden.', at("reason"), js.reason);
    if (js.expect_failure !== void 0 && typeof js.expect_failure !== "boolean")
      fail('"expect_failure" must be true or false.', at("expect_failure"), js.expect_failure);
    let output = null;
    if (js.output !== void 0 && js.output !== null) {
      if (typeof js.output !== "object" || Array.isArray(js.output))
        fail('"output" must be a map (go-ftw test output).', at("output"));
      try {
        output = parseFtwOutput(js.output);
      } catch (error) {
        fail(`Bad "output": ${error.message}.`, at("output"));
      }
    }
    overrides.push({
      ruleId: ruleId[0],
      testIds,
      stageIds,
      reason: js.reason.trim(),
      expectFailure: js.expect_failure === true,
      output,
      line: lineOf(map)
    });
  }
  return {
    file,
    version: typeof version === "string" ? version : null,
    engine: metaValue("engine"),
    platform: metaValue("platform"),
    overrides
  };
}
async function loadFtwOverrides(file) {
  let text2;
  try {
    text2 = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError("Cannot read the go-ftw overrides file.", {
      file,
      input: "ftw-overrides",
      cause: error,
      hint: "Check the path given with --ftw-overrides / ftw-overrides."
    });
  }
  return parseFtwOverrides(text2, file);
}
function overrideFor(overrides, ruleId, testId, stage) {
  if (!overrides || ruleId === null) return void 0;
  let found;
  for (const o of overrides.overrides) {
    if (o.ruleId !== ruleId) continue;
    if (o.testIds !== null && (testId === null || !o.testIds.includes(testId))) continue;
    if (o.stageIds !== null && !o.stageIds.includes(stage + 1)) continue;
    found = o;
  }
  return found;
}

// src/compare/join-counts.ts
function countJoins(records) {
  const counts = { byId: 0, byConnection: 0, notJoined: {} };
  for (const r of records) {
    if (r.unjoined !== void 0)
      counts.notJoined[r.unjoined] = (counts.notJoined[r.unjoined] ?? 0) + 1;
    else if (r.joinedBy === "port") counts.byConnection += 1;
    else counts.byId += 1;
  }
  return counts;
}
function notJoinedTotal(counts) {
  return Object.values(counts.notJoined).reduce((a, b) => a + b, 0);
}

// src/compare/ftw-expectations.ts
var UNJOINED_WHY = {
  "no-id": "sent without a request id (its raw form cannot carry a header, e.g. HTTP/0.9), and the log has no $remote_port to join it by connection",
  "no-log-line": "no access-log line carried its id (nginx answered it before reading its headers: a bad request line, 400/505), and the log has no $remote_port to join it by connection",
  "no-id-no-port-match": "no request id in the log, and no log line with its connection's port ($remote_port) in its time window",
  "ambiguous-port": "no request id in the log, and several log lines with its connection's port ($remote_port) in its time window",
  "port-lines-dropped": "no request id in the log, and the log had too many lines without an id to keep them all",
  duplicate: "its id is on several log lines",
  "no-join": "the run has no log join (collect-metrics did not join this run)"
};
function unjoinedWhy(code) {
  return UNJOINED_WHY[code] ?? code;
}
function checkStage(record, expect, ruleIdsCollected2, stage) {
  const result3 = {
    stage,
    outcome: "passed",
    reasons: [],
    status: record.status,
    error: record.error,
    ruleIds: record.ruleIds,
    expect,
    entryKey: record.entryKey,
    line: record.origin?.line ?? 0
  };
  const failed = (why2) => {
    result3.outcome = "failed";
    result3.reasons.push(why2);
    return result3;
  };
  const noResponse = record.status === null;
  if (expect.expectError === true) {
    return noResponse ? result3 : failed(`expected an error (no HTTP response), got status ${record.status}`);
  }
  if (noResponse) return failed(`no HTTP response (${record.error ?? "error"})`);
  if (expect.status && !expect.status.includes(record.status))
    failed(`status ${record.status}, expected ${expect.status.join(" or ")}`);
  if (needsRuleIds(expect)) {
    if (!ruleIdsCollected2) {
      if (result3.outcome === "passed") result3.outcome = "unchecked";
      result3.reasons.push("rule ids not collected (collect-metrics ran without the error log)");
    } else if (record.unjoined !== void 0) {
      if (result3.outcome === "passed") result3.outcome = "unjoined";
      result3.reasons.push(`not joined: ${unjoinedWhy(record.unjoined)}`);
    } else {
      const fired = new Set(record.ruleIds);
      const missing = (expect.expectIds ?? []).filter((id) => !fired.has(id));
      const unwanted = (expect.noExpectIds ?? []).filter((id) => fired.has(id));
      if (missing.length > 0) failed(`rule ${missing.join(", ")} did not fire`);
      if (unwanted.length > 0) failed(`rule ${unwanted.join(", ")} fired`);
      if (expect.isolated === true && fired.size !== 1)
        failed(`isolated: ${fired.size} rules fired (${[...fired].join(", ") || "none"})`);
    }
  }
  if (expect.unsupported && expect.unsupported.length > 0) {
    if (result3.outcome === "passed") result3.outcome = "unchecked";
    result3.reasons.push(...expect.unsupported.map((u) => `cannot check ${u}`));
  }
  return result3;
}
var ORDER = ["failed", "unjoined", "unchecked", "incomplete"];
function evaluateFtw(records, ruleIdsCollected2, overrides, disabledStages = 0) {
  const byTest = /* @__PURE__ */ new Map();
  const unjoinedRequests = {};
  const ftwRecords = [];
  for (const seen of records.records.values()) {
    const ref = seen.origin?.ftw;
    if (!ref) continue;
    const record = records.source === "outcomes" ? { ...seen, unjoined: "no-join" } : seen;
    const key = `${record.origin.file}
${ref.test}
${record.domain}`;
    let group = byTest.get(key);
    if (!group) byTest.set(key, group = { ref, records: [] });
    group.records.push(record);
    ftwRecords.push(record);
    if (record.unjoined !== void 0)
      unjoinedRequests[record.unjoined] = (unjoinedRequests[record.unjoined] ?? 0) + 1;
  }
  if (byTest.size === 0) return null;
  const tests = [];
  for (const { ref, records: stageRecords } of byTest.values()) {
    stageRecords.sort((a, b) => a.origin.ftw.stage - b.origin.ftw.stage);
    const first = stageRecords[0];
    let applied;
    const stages = stageRecords.map((r) => {
      const stageRef = r.origin.ftw;
      const o = overrideFor(overrides, stageRef.ruleId, stageRef.testId, stageRef.stage);
      if (o && overrides)
        applied = {
          reason: o.reason,
          expectFailure: o.expectFailure,
          replacedOutput: o.output !== null,
          file: overrides.file,
          line: o.line
        };
      return checkStage(r, o?.output ?? stageRef.expect, ruleIdsCollected2, stageRef.stage);
    });
    let actual = "passed";
    for (const outcome of ORDER) {
      const hit = outcome === "incomplete" ? stages.length < ref.stages : stages.some((s) => s.outcome === outcome);
      if (hit) {
        actual = outcome;
        break;
      }
    }
    const result3 = {
      test: ref.test,
      domain: first.domain,
      file: first.origin.file,
      line: first.origin.line,
      outcome: applied?.expectFailure ? "overridden" : actual,
      ...applied?.expectFailure ? { actual } : {},
      ...applied ? { override: applied } : {},
      stages
    };
    tests.push(result3);
  }
  tests.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.domain.localeCompare(b.domain)
  );
  const counts = {
    tests: tests.length,
    passed: 0,
    failed: 0,
    overridden: 0,
    unjoined: 0,
    unchecked: 0,
    incomplete: 0
  };
  for (const t of tests) counts[t.outcome] += 1;
  return {
    counts,
    ruleIdsCollected: ruleIdsCollected2,
    disabledStages,
    unjoinedRequests,
    ...records.source === "joined" ? { joins: countJoins(ftwRecords) } : {},
    tests
  };
}
function compareFtw(baseline, candidate, overridesFile) {
  const key = (t) => `${t.file}
${t.test}
${t.domain}`;
  const before = new Map((baseline?.tests ?? []).map((t) => [key(t), t]));
  const newFailures = [];
  const failingOnBoth = [];
  for (const t of candidate.tests) {
    if (t.outcome !== "failed") continue;
    const b = before.get(key(t));
    if (b?.outcome === "passed")
      newFailures.push({
        test: t.test,
        domain: t.domain,
        file: t.file,
        line: t.line,
        reasons: t.stages.filter((s) => s.outcome === "failed").flatMap((s) => s.reasons)
      });
    else if (b?.outcome === "failed") failingOnBoth.push({ test: t.test, domain: t.domain });
  }
  return {
    ...overridesFile !== void 0 ? { overridesFile } : {},
    baseline,
    candidate,
    newFailures,
    failingOnBoth
  };
}
function ftwReasons(ftw) {
  const reasons = [];
  const n = ftw.newFailures.length;
  if (n > 0) {
    const first = ftw.newFailures.slice(0, 5).map((f) => f.test);
    reasons.push({
      area: "quality",
      severity: "fail",
      message: `${n} go-ftw test${n === 1 ? "" : "s"} the baseline passed fail${n === 1 ? "s" : ""} on the candidate (${first.join(", ")}${n > first.length ? ", \u2026" : ""}).`
    });
  }
  const c = ftw.candidate.counts;
  const undecided = c.unjoined + c.unchecked + c.incomplete;
  reasons.push({
    area: "quality",
    severity: "info",
    message: `go-ftw tests on the candidate: ${c.passed} passed, ${c.failed} failed (${ftw.failingOnBoth.length} on both builds), ${c.overridden} overridden, ${undecided} not decided (${c.unjoined} unjoined, ${c.unchecked} unchecked, ${c.incomplete} incomplete).`
  });
  return reasons;
}
function ruleIdsCollected(run) {
  return run.quality?.collect?.errorLog !== void 0;
}
async function ftwOfRuns(baseline, candidate, overrides) {
  const c = candidate.records ?? await readRequestRecords(candidate.run);
  const disabled = (run) => run.quality?.replay.corpus.disabled ?? 0;
  const cand = c ? evaluateFtw(c, ruleIdsCollected(candidate.run), overrides, disabled(candidate.run)) : null;
  if (!cand) return null;
  const b = baseline ? baseline.records ?? await readRequestRecords(baseline.run) : null;
  const base = b && baseline ? evaluateFtw(b, ruleIdsCollected(baseline.run), overrides, disabled(baseline.run)) : null;
  return compareFtw(base, cand, overrides?.file);
}

// src/compare/hold-policy.ts
var HOLD_COUNT_RULES = [
  "upgradeFailures",
  "unexpectedDrops",
  "pushLost",
  "pushDisorder",
  "heartbeatsLost"
];
var HOLD_CHANGE_RULES = [
  "rttP50Us",
  "rttP99Us",
  "cpuPerConnection",
  "rssPerConnection",
  "fdsPerConnection"
];
function defaultHoldPolicy() {
  return {
    upgradeFailures: { maxNew: 0, maxIncreasePct: 0.1, fail: true },
    unexpectedDrops: { maxNew: 0, maxIncreasePct: 0.1, fail: true },
    pushLost: { maxNew: 0, maxIncreasePct: 0, fail: true },
    pushDisorder: { maxNew: 0, maxIncreasePct: 0, fail: true },
    heartbeatsLost: { maxNew: 0, maxIncreasePct: 1, fail: false },
    rttP50Us: { warnPct: 50, failPct: null, minDelta: 5e3 },
    rttP99Us: { warnPct: 50, failPct: null, minDelta: 1e4 },
    cpuPerConnection: { warnPct: 25, failPct: null, minDelta: 0 },
    rssPerConnection: { warnPct: 25, failPct: null, minDelta: 1024 },
    fdsPerConnection: { warnPct: 25, failPct: null, minDelta: 0.5 }
  };
}

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
    hold: defaultHoldPolicy(),
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
function applyPolicyInputs(base, inputs) {
  const policy = structuredClone(base);
  if (inputs.alpha !== void 0) policy.alpha = inputs.alpha;
  if (inputs["status-increase-pct"] !== void 0)
    policy.quality.statusIncreasePct = inputs["status-increase-pct"];
  if (inputs["min-delta"] !== void 0) policy.quality.minDelta = inputs["min-delta"];
  if (inputs["max-new-blocks"] !== void 0)
    policy.quality.maxNewBlocks = inputs["max-new-blocks"];
  const metric = (name, kind) => {
    const value = inputs[name];
    if (value !== void 0) policy.performance.metrics[kind] = { thresholdPct: value };
  };
  metric("qps-threshold-pct", "qps");
  metric("cpu-threshold-pct", "cpuMsPerRequest");
  metric("p99-threshold-pct", "latencyP99Us");
  metric("rss-threshold-pct", "rssBytes");
  policy.hold ??= defaultHoldPolicy();
  if (inputs["hold-drop-increase-pct"] !== void 0)
    policy.hold.unexpectedDrops.maxIncreasePct = inputs["hold-drop-increase-pct"];
  if (inputs["hold-rtt-fail-pct"] !== void 0) {
    policy.hold.rttP50Us.failPct = inputs["hold-rtt-fail-pct"];
    policy.hold.rttP99Us.failPct = inputs["hold-rtt-fail-pct"];
  }
  return policy;
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
  for (const [count2, domains, what] of checks) {
    if (domains.length > 0) {
      reasons.push({
        area: "quality",
        severity: "fail",
        message: `${plural(count2, "request")} ${what}, on ${domains.join(", ")}.`
      });
    } else if (count2 > 0) {
      reasons.push({
        area: "quality",
        severity: "info",
        message: `${plural(count2, "request")} ${what}: within the allowed limits.`
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
  for (const why2 of quality.missing ?? [])
    reasons.push({ area: "quality", severity: "neutral", message: why2 });
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
  for (const m of perf.metrics.filter((x) => x.unknown !== void 0))
    reasons.push({
      area: "performance",
      severity: m.thresholdPct === null ? "info" : "neutral",
      message: `Unknown: ${m.label} (${m.unknown}). Missing data is not compared; fix the collection and run again.`
    });
  return reasons;
}
function findingReasons(findings2, policy) {
  const reasons = [];
  const { crashes, findings: lines } = findings2.candidate;
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
  if (parts.ftw) reasons.push(...ftwReasons(parts.ftw));
  if (parts.performance) reasons.push(...performanceReasons(parts.performance));
  if (parts.hold) reasons.push(...holdReasons(parts.hold));
  if (parts.noBaseline === null && !parts.quality && !parts.performance && !parts.hold) {
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
      parts.performance ? "no significant performance regression" : "",
      parts.hold ? "no long-lived connection lost, refused or dropped beyond the baseline" : ""
    ].filter(Boolean);
    reasons.unshift({
      area: parts.quality ? "quality" : parts.performance ? "performance" : "connections",
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
  if (m.unknown !== void 0) return `\u2754 unknown (${cell(m.unknown)})`;
  if (m.regression) return "\u274C regression";
  if (m.improvement) return "\u2705 improvement";
  if (indicative) return "indicative";
  if (m.thresholdPct === null) return "info";
  if (m.significant) return "significant, not beyond threshold";
  if (m.ci) {
    const bound = Math.max(Math.abs(m.ci.lowPct), Math.abs(m.ci.highPct));
    return `no change larger than ${formatNumber(bound, 1)} % (given the noise)`;
  }
  return "no significant change";
}
function label(m) {
  if (m.source === "exact") return `${cell(m.label)} (exact)`;
  if (m.source === "sampled") return `${cell(m.label)} (sampled)`;
  return cell(m.label);
}
function downsample(timeline, max) {
  const points = timeline.points;
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
    `${p.rounds.baseline} baseline and ${p.rounds.candidate} candidate rounds${p.domain ? ` on ${cell(p.domain)}` : ""}. A metric regresses only when the Mann-Whitney U test gives p < ${p.alpha} **and** ${comparison.policy.performance.regressionRule === "median" ? "the change of medians is" : "the whole confidence interval lies"} beyond its threshold. The interval is a seeded bootstrap of the relative difference of medians. MDC is the minimum detectable change this run achieved (half the interval's width): smaller changes cannot be told from the noise between rounds${comparison.policy.performance.regressionRule === "median" ? "" : ", and a regression is flagged only when the change exceeds its threshold by about this much"}.`
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
        "MDC",
        "Threshold",
        "Result"
      ],
      p.metrics.map((m) => [
        label(m),
        m.baseline.length === 0 ? "\u2013" : formatMetric(m.baselineMedian, m.unit),
        m.candidate.length === 0 ? "\u2013" : formatMetric(m.candidateMedian, m.unit),
        formatPct(m.deltaPct),
        m.ci ? `${formatPct(m.ci.lowPct)} \u2026 ${formatPct(m.ci.highPct)}` : "n/a",
        formatP(m.pValue),
        m.pValue === null ? "n/a" : m.significant ? "yes" : "no",
        m.mdcPct === void 0 || m.mdcPct === null ? "n/a" : `\xB1${formatNumber(m.mdcPct, 1)} %`,
        m.thresholdPct === null ? "\u2013" : `${m.betterWhen === "lower" ? "+" : "\u2212"}${m.thresholdPct} %`,
        result(m, p.indicativeOnly)
      ]),
      ["l", "r", "r", "r", "c", "r", "c", "r", "r", "l"]
    )
  );
  for (const note of p.notes) out.push(`_${cell(note)}_`);
  const failed = p.excludedRounds.filter((r) => r.attempt !== void 0);
  const unusable = p.excludedRounds.filter((r) => r.attempt === void 0);
  if (unusable.length > 0) {
    out.push(
      `_Rounds left out: ${unusable.map((r) => `${r.side} round ${r.round} (${cell(r.reason)})`).join(", ")}._`
    );
  }
  if (failed.length > 0) {
    out.push(
      "#### Failed rounds",
      "Retried and kept out of the statistics (their files stay in the run folder, `rounds/<attempt>`).",
      table(
        ["Round", "Attempt", "Build", "Why"],
        failed.map((r) => [String(r.round), String(r.attempt), r.side, cell(r.reason)]),
        ["r", "r", "l", "l"]
      )
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
var UNJOINED_WHY2 = {
  "no-id": "sent without an id (HTTP/0.9 and other forms that cannot carry a header), and the log has no $remote_port to join it by connection",
  "no-log-line": "no log line carried the id (nginx answered before reading headers: 400/505), and the log has no $remote_port to join it by connection",
  "no-id-no-port-match": "no id, and no log line with its connection's port in its time window",
  "ambiguous-port": "no id, and several log lines with its connection's port in its time window",
  "port-lines-dropped": "no id, and the log had too many lines without an id to keep them all",
  duplicate: "id on several log lines",
  "no-join": "the run has no log join"
};
function joinCountsText(counts) {
  if (!counts) return null;
  const notJoined = notJoinedTotal(counts);
  if (counts.byConnection === 0 && notJoined === 0) return null;
  const why2 = Object.entries(counts.notJoined).map(([code, n]) => `${formatNumber(n)} ${code}`).join(", ");
  return `${formatNumber(counts.byId)} by request id, ${formatNumber(counts.byConnection)} by connection ($remote_port), ${formatNumber(notJoined)} not joined${why2 ? ` (${why2})` : ""}`;
}
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
  if (q.unjoined) {
    const sum2 = (r) => Object.values(r).reduce((a, b) => a + b, 0);
    const why2 = Object.entries(q.unjoined.candidate).map(([code, n]) => `${formatNumber(n)} ${UNJOINED_WHY2[code] ?? code}`).join("; ");
    out.push(
      `_Not joined to a log line (the WAF's verdict is unknown; never counted as passed): ${formatNumber(sum2(q.unjoined.baseline))} requests of the baseline, ${formatNumber(sum2(q.unjoined.candidate))} of the candidate${why2 ? ` (${cell(why2)})` : ""}._`
    );
  }
  const joinB = joinCountsText(q.joins?.baseline);
  const joinC = joinCountsText(q.joins?.candidate);
  if (joinB !== null || joinC !== null)
    out.push(
      `_Log join \u2014 baseline: ${joinB ?? "every request by request id"}; candidate: ${joinC ?? "every request by request id"}._`
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
      "_Rules: for a new block, the rules the candidate fired and the baseline did not; for a new pass, the other way round._",
      table(
        ["Change", "Domain", "Path", "Rules", "Requests", "Example (corpus origin)"],
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
    const changes2 = q.changes.slice(0, limits.changes);
    out.push(
      `#### Changed requests (first ${formatNumber(changes2.length)})`,
      table(
        ["Change", "Domain", "Request", "Baseline", "Candidate", "Rules", "Origin"],
        changes2.map((ch) => [
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
    if (changes2.length < q.changes.length)
      out.push(
        truncationNote(
          changes2.length,
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

// src/report/ftw-section.ts
function title(t, manyDomains2) {
  return manyDomains2 && t.domain !== "*" ? `${t.test}@${t.domain}` : t.test;
}
function manyDomains(results) {
  return new Set(results.tests.map((t) => t.domain)).size > 1;
}
function goFtwJson(results) {
  const many = manyDomains(results);
  const list = (pick) => results.tests.filter(pick).map((t) => title(t, many));
  const triggered = {};
  for (const t of results.tests)
    triggered[title(t, many)] = t.stages.map((s) => s.ruleIds.map(Number));
  return {
    run: results.tests.length,
    success: list((t) => t.outcome === "passed"),
    failed: list((t) => t.outcome === "failed"),
    // Tests waf-gate could not decide are not run results: go-ftw's nearest list is "skipped".
    skipped: list((t) => ["unjoined", "unchecked", "incomplete"].includes(t.outcome)),
    ignored: list((t) => t.outcome === "overridden"),
    "forced-pass": [],
    "forced-fail": [],
    "triggered-rules": triggered,
    "waf-gate": {
      unjoined: list((t) => t.outcome === "unjoined"),
      unchecked: list((t) => t.outcome === "unchecked"),
      incomplete: list((t) => t.outcome === "incomplete"),
      overridden: results.tests.filter((t) => t.outcome === "overridden").map((t) => ({ test: title(t, many), actual: t.actual, reason: t.override?.reason })),
      disabledStages: results.disabledStages,
      unjoinedRequests: results.unjoinedRequests,
      ruleIdsCollected: results.ruleIdsCollected,
      note: "runtime is not measured per test; undecided tests are listed under skipped and here"
    }
  };
}
var MARK = {
  passed: "+ passed",
  failed: "- failed",
  overridden: "= overridden (expect_failure)",
  unjoined: "? not joined",
  unchecked: "? not checkable",
  incomplete: "? incomplete"
};
function goFtwText(results) {
  const many = manyDomains(results);
  const lines = ["** Running go-ftw!"];
  let file = "";
  for (const t of results.tests) {
    if (t.file !== file) lines.push(`=> executing tests in file ${file = t.file}`);
    const why2 = t.stages.flatMap((s) => s.reasons);
    lines.push(
      `	running ${title(t, many)}: ${MARK[t.outcome]}${why2.length ? ` (${why2.join("; ")})` : ""}`
    );
  }
  const c = results.counts;
  lines.push(`+ run ${c.tests} total tests`);
  lines.push(`>> skipped ${c.unjoined + c.unchecked + c.incomplete} tests`);
  if (results.disabledStages > 0)
    lines.push(`>> skipped ${results.disabledStages} test stages (meta.enabled: false)`);
  if (c.overridden > 0) lines.push(`^ ignored ${c.overridden} tests`);
  const failed = results.tests.filter((t) => t.outcome === "failed").map((t) => title(t, many));
  lines.push(
    failed.length === 0 ? "\\o/ All tests successful!" : `- ${failed.length} test(s) failed to run: ${JSON.stringify(failed)}`
  );
  return `${lines.join("\n")}
`;
}
function countsLine(label2, r) {
  const c = r.counts;
  return `${label2}: ${formatNumber(c.tests)} tests \u2014 **${formatNumber(c.passed)} passed**, **${formatNumber(c.failed)} failed**, ${formatNumber(c.overridden)} overridden, ${formatNumber(c.unjoined)} unjoined, ${formatNumber(c.unchecked)} not checkable, ${formatNumber(c.incomplete)} incomplete.`;
}
function outcomeText(t) {
  return t.outcome === "overridden" ? `overridden (${t.actual ?? "unknown"})` : t.outcome;
}
function why(t) {
  if (!t) return "";
  const reasons = t.stages.flatMap((s) => s.reasons);
  const o = t.override ? `override: ${t.override.reason}` : "";
  return [...reasons, o].filter(Boolean).join("; ");
}
function ftwSection(comparison, limits, artifactUrl) {
  const ftw = comparison.ftw;
  if (!ftw) return [];
  const out = ["### go-ftw tests"];
  const lines = [countsLine("Candidate", ftw.candidate)];
  if (ftw.baseline) lines.push(countsLine("Baseline", ftw.baseline));
  out.push(
    `${lines.join("  \n")}  
Each stage is checked like go-ftw: \`expect_error\`, then the status the client saw, then the rule ids ModSecurity logged for the request (joined by request id). **${formatNumber(ftw.newFailures.length)}** tests newly fail on the candidate (gate findings); ${formatNumber(ftw.failingOnBoth.length)} fail on both builds (listed, not findings).` + (ftw.overridesFile ? ` Overrides: ${cell(ftw.overridesFile)}.` : "") + " go-ftw JSON and text output: `ftw-results.json`, `ftw-results.txt` next to this report."
  );
  const unjoined = Object.entries(ftw.candidate.unjoinedRequests);
  if (unjoined.length > 0) {
    const total = unjoined.reduce((n, [, k]) => n + k, 0);
    out.push(
      `_${formatNumber(total)} ftw request(s) of the candidate were not joined to a log line: ${unjoined.map(([code, n]) => `${formatNumber(n)} ${cell(UNJOINED_WHY2[code] ?? code)}`).join("; ")}. Their rule-id expectations are reported as unjoined, never as passed._`
    );
  }
  const joinB = joinCountsText(ftw.baseline?.joins);
  const joinC = joinCountsText(ftw.candidate.joins);
  if (joinB !== null || joinC !== null)
    out.push(
      `_ftw requests joined to their log line \u2014 candidate: ${joinC ?? "every request by request id"}${ftw.baseline ? `; baseline: ${joinB ?? "every request by request id"}` : ""}. A request joined by connection is one whose id could not reach the log (nginx answered its request line itself: 400/505; HTTP/0.9 has no headers): its status and rule ids are checked like any other._`
    );
  if (ftw.candidate.disabledStages > 0)
    out.push(
      `_${formatNumber(ftw.candidate.disabledStages)} test stage(s) skipped: their file says \`meta.enabled: false\`._`
    );
  if (!ftw.candidate.ruleIdsCollected)
    out.push(
      "_No rule ids were collected for the candidate (collect-metrics ran without the error log): rule-id expectations are not checkable._"
    );
  const base = new Map(
    (ftw.baseline?.tests ?? []).map((t) => [`${t.file}
${t.test}
${t.domain}`, t])
  );
  const notPassed = ftw.candidate.tests.filter((t) => t.outcome !== "passed");
  const newly = new Set(ftw.newFailures.map((f) => `${f.file}
${f.test}
${f.domain}`));
  notPassed.sort(
    (a, b) => Number(newly.has(`${b.file}
${b.test}
${b.domain}`)) - Number(newly.has(`${a.file}
${a.test}
${a.domain}`))
  );
  if (notPassed.length > 0) {
    const rows = notPassed.slice(0, limits.changes);
    out.push(
      `#### go-ftw tests not passed by the candidate (${formatNumber(notPassed.length)})`,
      table(
        ["Test", "Domain", "Candidate", "Baseline", "Why", "Origin"],
        rows.map((t) => {
          const key = `${t.file}
${t.test}
${t.domain}`;
          const b = base.get(key);
          return [
            cell(t.test) + (newly.has(key) ? " **(new failure)**" : ""),
            cell(t.domain),
            cell(outcomeText(t)),
            cell(b ? outcomeText(b) : "\u2013"),
            cell(why(t)),
            cell(`${t.file}:${t.line}`)
          ];
        }),
        ["l", "l", "l", "l", "l", "l"]
      )
    );
    if (rows.length < notPassed.length)
      out.push(
        truncationNote(rows.length, notPassed.length, "tests", artifactUrl, "ftw-results.json")
      );
  }
  return out;
}

// src/compare/hold-side.ts
var sum = (values) => Object.values(values).reduce((a, b) => a + b, 0);
var CUT_OFF_AT_END = "hold-ended";
function failedUpgrades(failedByError) {
  return sum(failedByError) - (failedByError[CUT_OFF_AT_END] ?? 0);
}
function connectionHours(result3) {
  const w = result3.windows;
  if (w.length === 0) return null;
  let seconds = 0;
  for (let i = 0; i < w.length; i += 1) {
    const next = w[i + 1];
    const widthMs = next === void 0 ? 1e3 : Math.max(0, next.startMs - w[i].startMs);
    seconds += w[i].open * widthMs / 1e3;
  }
  return seconds / 3600;
}
function wafCost(collect, wafGroups) {
  if (collect === null)
    return { waf: null, why: "the hold phase has no collect.json (not collected)" };
  const all = collect.perHeldConnection;
  if (all === void 0)
    return {
      waf: null,
      why: "collect.json of the hold phase has no per-connection figures (collected without hold.json)"
    };
  const entry = all.find((g) => wafGroups.includes(g.group)) ?? all[0];
  if (entry === void 0)
    return { waf: null, why: "no WAF process group was sampled during the hold" };
  return {
    waf: {
      group: entry.group,
      cpuMsPerConnectionHour: entry.cpuMsPerConnectionHour,
      rssBytesPerConnection: entry.rssBytesPerConnection,
      fdsPerConnection: entry.fdsPerConnection,
      fdsPeak: entry.fdsPeak,
      missing: [...entry.missing]
    },
    why: null
  };
}
function holdSide(result3, collect, wafGroups) {
  const c = result3.counts;
  const unexpectedDrops = c.droppedByCause["unexpected-close"] + c.droppedByCause.error;
  const hours = connectionHours(result3);
  const answered = result3.heartbeat.answered > 0 && result3.heartbeat.rtt.count > 0;
  const { waf, why: why2 } = wafCost(collect, wafGroups);
  return {
    settings: { ...result3.settings },
    startedAt: result3.startedAt,
    endedAt: result3.endedAt,
    attempted: c.attempted,
    upgraded: c.upgraded,
    refused: sum(c.refusedByStatus),
    refusedByStatus: { ...c.refusedByStatus },
    failed: failedUpgrades(c.failedByError),
    failedByError: { ...c.failedByError },
    heldToEnd: c.heldToEnd,
    droppedByCause: { ...c.droppedByCause },
    unexpectedDrops,
    connectionHours: hours,
    unexpectedDropsPerConnectionHour: hours === null || hours === 0 ? null : unexpectedDrops / hours,
    reconnected: c.reconnected,
    heartbeat: {
      sent: result3.heartbeat.sent,
      answered: result3.heartbeat.answered,
      lost: result3.heartbeat.lost,
      rttP50Us: answered ? result3.heartbeat.rtt.p50Us : null,
      rttP99Us: answered ? result3.heartbeat.rtt.p99Us : null
    },
    push: { ...result3.push },
    waf,
    wafMissing: why2,
    clientRssBytesPerConnection: result3.client?.rssBytesPerConnection ?? null
  };
}

// src/compare/hold.ts
var SAME_SETTINGS = ["path", ...HOLD_NUMBER_SETTINGS];
function sharePct(part, of) {
  if (of === 0) return "n/a";
  const value = part / of * 100;
  return `${value.toFixed(value === 0 || value === 100 ? 0 : value < 1 ? 2 : 1)} %`;
}
function countText(x) {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
var pct = sharePct;
var COUNT_CHECKS = [
  {
    id: "upgradeFailures",
    label: "Upgrades refused or failed",
    of: "upgrade attempts",
    pick: (s) => ({ count: s.refused + s.failed, of: s.attempted })
  },
  {
    id: "unexpectedDrops",
    label: "Unexpected drops",
    of: "connections",
    pick: (s) => ({ count: s.unexpectedDrops, of: s.upgraded })
  },
  {
    id: "pushLost",
    label: "Push messages lost",
    of: "messages sent",
    pick: (s) => ({ count: s.push.lost, of: s.push.sent })
  },
  {
    id: "pushDisorder",
    label: "Push messages duplicated or out of order",
    of: "messages received",
    pick: (s) => ({ count: s.push.duplicated + s.push.outOfOrder, of: s.push.received })
  },
  {
    id: "heartbeatsLost",
    label: "Heartbeats lost",
    of: "heartbeats sent",
    pick: (s) => ({ count: s.heartbeat.lost, of: s.heartbeat.sent })
  }
];
function differentHours(b, c) {
  const [bh, ch] = [b.connectionHours, c.connectionHours];
  if (bh === null || ch === null || bh === 0) return null;
  return Math.abs(ch / bh - 1) > 0.2 ? `the builds held different connection-hours (${bh.toFixed(3)} vs ${ch.toFixed(3)}), which changes the share of the upgrades in it` : null;
}
var wafWhy = (what) => (s) => s.wafMissing ?? s.waf?.missing.find((m) => m.includes(what)) ?? s.waf?.missing[0] ?? "unknown";
var CHANGE_CHECKS = [
  {
    id: "rttP50Us",
    label: "Heartbeat RTT p50",
    unit: "\xB5s",
    pick: (s) => s.heartbeat.rttP50Us,
    why: () => "no heartbeat was answered"
  },
  {
    id: "rttP99Us",
    label: "Heartbeat RTT p99",
    unit: "\xB5s",
    pick: (s) => s.heartbeat.rttP99Us,
    why: () => "no heartbeat was answered"
  },
  {
    id: "cpuPerConnection",
    label: "WAF CPU per connection-hour",
    unit: "ms",
    pick: (s) => s.waf?.cpuMsPerConnectionHour ?? null,
    why: wafWhy("CPU"),
    notComparable: differentHours
  },
  {
    id: "rssPerConnection",
    label: "WAF RSS per held connection",
    unit: "bytes",
    pick: (s) => s.waf?.rssBytesPerConnection ?? null,
    why: wafWhy("RSS")
  },
  {
    id: "fdsPerConnection",
    label: "WAF worker fds per held connection",
    unit: "fds",
    pick: (s) => s.waf?.fdsPerConnection ?? null,
    why: wafWhy("descriptor")
  }
];
function countCheck(spec, rule, b, c) {
  const bv = spec.pick(b);
  const cv = spec.pick(c);
  const expected = bv.of === 0 ? 0 : bv.count / bv.of * cv.of;
  const excess = Math.max(0, cv.count - expected);
  const allowed = Math.max(rule.maxNew, rule.maxIncreasePct / 100 * cv.of);
  const beyond = excess > allowed;
  const result3 = beyond ? rule.fail ? "fail" : "warn" : "ok";
  const sides = `candidate ${cv.count} of ${cv.of} ${spec.of} (${pct(cv.count, cv.of)}), baseline ${bv.count} of ${bv.of} (${pct(bv.count, bv.of)})`;
  const round = countText;
  const message = beyond ? `${spec.label}: ${sides}; ${round(excess)} beyond the baseline's rate, allowed ${round(allowed)} (max of ${rule.maxNew} and ${rule.maxIncreasePct} % of ${cv.of}).` : `${spec.label}: ${sides}; within the allowance.`;
  return {
    id: spec.id,
    label: spec.label,
    kind: "count",
    unit: "events",
    baseline: bv.count,
    candidate: cv.count,
    baselineOf: bv.of,
    candidateOf: cv.of,
    excess,
    allowed,
    result: result3,
    gating: rule.fail,
    message
  };
}
function formatValue(value, unit) {
  if (unit === "\xB5s") return value >= 1e4 ? `${(value / 1e3).toFixed(1)} ms` : `${value} \xB5s`;
  if (unit === "bytes")
    return value >= 1024 ? `${(value / 1024).toFixed(1)} KiB` : `${Math.round(value)} B`;
  if (unit === "fds") return `${value.toFixed(2)} fds`;
  return `${value < 10 ? value.toFixed(2) : Math.round(value)} ${unit}`;
}
function changeCheck(spec, rule, b, c) {
  const bv = spec.pick(b);
  const cv = spec.pick(c);
  const gating = rule.failPct !== null;
  const base = { id: spec.id, label: spec.label, kind: "change", unit: spec.unit };
  const unknown = (message2) => ({
    ...base,
    baseline: bv,
    candidate: cv,
    deltaPct: null,
    result: "unknown",
    gating,
    message: message2
  });
  if (bv === null || cv === null) {
    const why2 = [
      bv === null ? `baseline: ${spec.why(b)}` : "",
      cv === null ? `candidate: ${spec.why(c)}` : ""
    ].filter(Boolean).join("; ");
    return unknown(`${spec.label} unknown (${why2}). Missing data is not compared.`);
  }
  const apart = spec.notComparable?.(b, c) ?? null;
  if (apart !== null) return unknown(`${spec.label} not compared: ${apart}.`);
  const delta = cv - bv;
  const deltaPct = bv === 0 ? null : delta / bv * 100;
  const over = (limit2) => limit2 !== null && delta >= rule.minDelta && delta > 0 && (deltaPct === null || deltaPct > limit2);
  const result3 = over(rule.failPct) ? "fail" : over(rule.warnPct) ? "warn" : "ok";
  const limit = result3 === "fail" ? rule.failPct : rule.warnPct;
  const change = `${formatValue(bv, spec.unit)} \u2192 ${formatValue(cv, spec.unit)} (${formatPct(deltaPct)})`;
  const message = result3 === "ok" ? `${spec.label}: ${change}; within the limits.` : `${spec.label}: ${change}; beyond +${limit} % and by at least ${formatValue(rule.minDelta, spec.unit)}.`;
  return { ...base, baseline: bv, candidate: cv, deltaPct, result: result3, gating, message };
}
function settingsDiff(b, c) {
  return SAME_SETTINGS.filter((k) => b.settings[k] !== c.settings[k]).map(
    (k) => `${k} ${String(b.settings[k])} \u2192 ${String(c.settings[k])}`
  );
}
function compareHold(baseline, candidate, policy, wafGroups) {
  if (baseline === null && candidate === null) return null;
  const b = baseline && holdSide(baseline.result, baseline.collect, wafGroups);
  const c = candidate && holdSide(candidate.result, candidate.collect, wafGroups);
  const missing = [];
  for (const [side2, s] of [
    ["baseline", b],
    ["candidate", c]
  ]) {
    if (s === null)
      missing.push(
        `The ${side2} has no hold.json (no long-lived connection phase): long-lived connections were not compared. Run both builds with the same hold settings.`
      );
  }
  const notes = [];
  if (b === null || c === null)
    return { baseline: b, candidate: c, comparable: false, missing, notes, checks: [] };
  for (const [side2, s] of [
    ["baseline", b],
    ["candidate", c]
  ]) {
    const unreported = s.push.unreportedConnections ?? 0;
    if (unreported > 0)
      notes.push(
        `The ${side2}'s origin never reported its push count for ${unreported} connection(s) held to the end: their pushes are in no count (the push checks cover the other connections).`
      );
  }
  const differ = settingsDiff(b, c);
  if (differ.length > 0) {
    missing.push(
      `The hold phases used different settings (${differ.join(", ")}): long-lived connections were not compared. Run both builds with the same hold settings.`
    );
    return { baseline: b, candidate: c, comparable: false, missing, notes, checks: [] };
  }
  const checks = [
    ...COUNT_CHECKS.map((spec) => countCheck(spec, policy[spec.id], b, c)),
    ...CHANGE_CHECKS.map((spec) => changeCheck(spec, policy[spec.id], b, c))
  ];
  return { baseline: b, candidate: c, comparable: true, missing, notes, checks };
}

// src/report/hold-section.ts
var MISSING = "\u2013 (missing)";
var RESULT = {
  fail: "\u274C fail",
  warn: "\u26A0\uFE0F warning",
  ok: "\u2705 ok",
  unknown: "\u2754 unknown"
};
function share(part, of) {
  return of === 0 ? formatNumber(part) : `${formatNumber(part)} (${sharePct(part, of)})`;
}
function cpuMs(value) {
  return `${formatNumber(value, value < 10 ? 2 : 0)} ms`;
}
function byKey(counts) {
  const parts = Object.entries(counts).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => k === "hold-ended" ? `cut off at the end, not counted: ${n}` : `${k}: ${n}`);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
}
function us(value) {
  return value === null ? "n/a (no answer)" : formatMetric(value, "\xB5s");
}
function orMissing(value, format) {
  return value === null || value === void 0 ? MISSING : format(value);
}
var ROWS = [
  ["Upgrade attempts", (s) => formatNumber(s.attempted)],
  ["Upgraded (101)", (s) => share(s.upgraded, s.attempted)],
  ["Refused by status", (s) => `${formatNumber(s.refused)}${cell(byKey(s.refusedByStatus))}`],
  ["Failed (no answer)", (s) => `${formatNumber(s.failed)}${cell(byKey(s.failedByError))}`],
  ["Held to the end", (s) => share(s.heldToEnd, s.settings.connections)],
  ["Dropped unexpectedly", (s) => share(s.unexpectedDrops, s.upgraded)],
  [
    "\u2026by close / by error",
    (s) => `${formatNumber(s.droppedByCause["unexpected-close"])} / ${formatNumber(s.droppedByCause.error)}`
  ],
  [
    "Unexpected drops per connection-hour",
    (s) => s.unexpectedDropsPerConnectionHour === null ? "n/a" : formatNumber(s.unexpectedDropsPerConnectionHour, 1)
  ],
  [
    "Dropped as planned (client / server)",
    (s) => `${formatNumber(s.droppedByCause["client-planned"])} / ${formatNumber(s.droppedByCause["server-planned"])}`
  ],
  ["Reconnected", (s) => formatNumber(s.reconnected)],
  [
    "Heartbeats sent / lost",
    (s) => `${formatNumber(s.heartbeat.sent)} / ${formatNumber(s.heartbeat.lost)}`
  ],
  ["Heartbeat RTT p50 / p99", (s) => `${us(s.heartbeat.rttP50Us)} / ${us(s.heartbeat.rttP99Us)}`],
  [
    "Pushes sent / received",
    (s) => `${formatNumber(s.push.sent)} / ${formatNumber(s.push.received)}`
  ],
  [
    "Pushes lost / duplicated / out of order",
    (s) => `${formatNumber(s.push.lost)} / ${formatNumber(s.push.duplicated)} / ${formatNumber(s.push.outOfOrder)}`
  ],
  ["WAF CPU per connection-hour", (s) => orMissing(s.waf?.cpuMsPerConnectionHour, cpuMs)],
  ["WAF RSS per held connection", (s) => orMissing(s.waf?.rssBytesPerConnection, formatBytes)],
  [
    "WAF worker fds at the peak / per connection",
    (s) => `${orMissing(s.waf?.fdsPeak, (v) => formatNumber(v))} / ${orMissing(s.waf?.fdsPerConnection, (v) => formatNumber(v, 2))}`
  ],
  ["Client RSS per held connection", (s) => orMissing(s.clientRssBytesPerConnection, formatBytes)]
];
function checkValue(c, side2) {
  const v = c[side2];
  if (v === null) return MISSING;
  if (c.kind === "count")
    return share(v, (side2 === "baseline" ? c.baselineOf : c.candidateOf) ?? 0);
  if (c.unit === "bytes") return formatBytes(v);
  if (c.unit === "fds") return formatNumber(v, 2);
  if (c.unit === "ms") return cpuMs(v);
  return formatMetric(v, c.unit);
}
function checkLimit(c) {
  if (c.kind === "count") {
    const allowed = c.allowed ?? 0;
    const excess = c.excess ?? 0;
    return `${countText(excess)} beyond the baseline's rate, ${countText(allowed)} allowed`;
  }
  return c.deltaPct === void 0 ? "" : formatPct(c.deltaPct);
}
function holdSection(comparison) {
  const hold = comparison.hold;
  if (!hold) return [];
  const s = (hold.candidate ?? hold.baseline).settings;
  const out = [
    "### Long-lived connections",
    `WebSocket connections held through the WAF (${cell(s.path)}): ${formatNumber(s.connections)} connections opened at ${formatNumber(s.hatchRateCps)}/s, held ${formatNumber(s.holdMs / 1e3, s.holdMs % 1e3 === 0 ? 0 : 1)} s, a heartbeat every ${formatNumber(s.pingIntervalMs)} ms (lost after ${formatNumber(s.pongTimeoutMs)} ms), pushes ${formatNumber(s.pushRateMps)}/s to ${formatNumber(s.pushShare * 100)} % of them. Counts are exact: the candidate fails when it refuses upgrades, drops connections or loses pushes beyond the baseline's rate plus the allowance; heartbeat RTT and the WAF's cost per connection are measured (noisy) and warn unless the policy makes them gating.`,
    table(
      ["", "Baseline", "Candidate"],
      ROWS.map(([label2, value]) => [
        label2,
        hold.baseline ? value(hold.baseline) : MISSING,
        hold.candidate ? value(hold.candidate) : MISSING
      ]),
      ["l", "r", "r"]
    )
  ];
  for (const why2 of [...hold.missing, ...hold.notes ?? []]) out.push(`_${cell(why2)}_`);
  if (hold.checks.length > 0)
    out.push(
      table(
        ["Check", "Baseline", "Candidate", "Change", "Gates", "Result"],
        hold.checks.map((c) => [
          cell(c.label),
          checkValue(c, "baseline"),
          checkValue(c, "candidate"),
          cell(checkLimit(c)),
          c.gating ? "yes" : "warns",
          RESULT[c.result]
        ]),
        ["l", "r", "r", "r", "c", "l"]
      )
    );
  const waf = [hold.baseline, hold.candidate].flatMap(
    (side2, i) => side2 === null ? [] : [...side2.wafMissing ? [side2.wafMissing] : [], ...side2.waf?.missing ?? []].map(
      (m) => `${i === 0 ? "baseline" : "candidate"}: ${m}`
    )
  );
  if (waf.length > 0) out.push(`_WAF figures missing: ${cell(waf.join("; "))}._`);
  return out;
}
function holdSummary(comparison) {
  const hold = comparison.hold;
  if (!hold) return "";
  const c = hold.candidate;
  if (!hold.comparable || c === null) return " Long-lived connections: not compared.";
  const failed = hold.checks.filter((x) => x.result === "fail").length;
  return ` Long-lived connections: ${formatNumber(c.heldToEnd)} of ${formatNumber(c.settings.connections)} held, ${formatNumber(c.unexpectedDrops)} unexpected drops, ${formatNumber(c.refused + c.failed)} upgrades refused/failed, ${formatNumber(c.push.lost)} pushes lost; failed checks: ${failed}.`;
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
    ...ftwSection(c, limits, artifactUrl),
    ...performanceSection(c, limits),
    ...holdSection(c),
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
  const minimal = `${[REPORT_MARKER, verdictLine(comparison), text(renderCheckSummary(comparison)), "_The full report did not fit this space; see results.json._"].join("\n\n")}
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
  let text2 = `${c.verdict.toUpperCase()}: ${deciding.slice(0, 3).map((r) => r.message).join(" ")}${counts}${perf}${holdSummary(c)}`;
  if (text2.length > 1e3) text2 = `${text2.slice(0, 999)}\u2026`;
  return text2;
}

// src/pipeline/compare.ts
import { access as access2 } from "node:fs/promises";
import { basename as basename2, resolve as resolve5 } from "node:path";

// src/compare/index.ts
import { basename, join as join3, resolve as resolve3 } from "node:path";

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

// src/compare/timeline.ts
var DEFAULT_WINDOW_MS = 1e3;
var MAX_TIMELINE_POINTS = 600;
function nominalWindowMs(windows) {
  const full = windows.slice(0, -1).map((w) => w.durationMs);
  if (full.length === 0) return DEFAULT_WINDOW_MS;
  const rounded = Math.round(median(full) / 100) * 100;
  return rounded > 0 ? rounded : DEFAULT_WINDOW_MS;
}
function alignedWindowRates(windows, windowMs) {
  if (windows.length === 0 || !(windowMs > 0)) return [];
  const originMs = Math.min(...windows.map((w) => w.startMs));
  const coveredUntilMs = Math.max(...windows.map((w) => w.startMs + Math.max(0, w.durationMs)));
  const bins = Math.floor((coveredUntilMs - originMs) / windowMs + 1e-9);
  if (bins <= 0) return [];
  const counts = new Array(bins).fill(0);
  for (const w of windows) {
    const from = w.startMs - originMs;
    const to = from + Math.max(0, w.durationMs);
    if (to <= from) {
      const k = Math.floor(from / windowMs);
      if (k < bins) counts[k] += w.completed;
      continue;
    }
    for (let k = Math.floor(from / windowMs); k < bins && k * windowMs < to; k++) {
      const overlap = Math.min(to, (k + 1) * windowMs) - Math.max(from, k * windowMs);
      if (overlap > 0) counts[k] += w.completed * overlap / (to - from);
    }
  }
  return counts.map((c) => Math.round(c * 1e3 * 100 / windowMs) / 100);
}
function qpsTimeline(baseline, candidate) {
  const first = [...baseline, ...candidate].find((r) => r.replay.windows.length > 0);
  if (!first) return null;
  const windowMs = nominalWindowMs(first.replay.windows);
  const series = (rounds) => {
    const rates = rounds.map((r) => alignedWindowRates(r.replay.windows, windowMs));
    const length2 = Math.max(0, ...rates.map((r) => r.length));
    return Array.from(
      { length: length2 },
      (_, i) => median(rates.flatMap((r) => r[i] === void 0 ? [] : [r[i]]))
    );
  };
  const b = series(baseline);
  const c = series(candidate);
  const length = Math.min(MAX_TIMELINE_POINTS, Math.max(b.length, c.length));
  if (length === 0) return null;
  const points = Array.from({ length }, (_, i) => ({
    tSec: (i + 1) * windowMs / 1e3,
    baseline: b[i] ?? null,
    candidate: c[i] ?? null
  }));
  return { windowMs, points };
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
function unknownMetric(def, baseline, candidate, policy, domain, why2) {
  return {
    id: def.id,
    kind: def.kind,
    label: def.label,
    unit: def.unit,
    betterWhen: def.betterWhen,
    baseline,
    candidate,
    baselineMedian: median(baseline),
    candidateMedian: median(candidate),
    deltaPct: null,
    ci: null,
    pValue: null,
    test: null,
    significant: false,
    thresholdPct: metricPolicyFor(policy, def.kind, domain).thresholdPct,
    regression: false,
    improvement: false,
    unknown: why2
  };
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
    improvement: !indicativeOnly && significant && good && (!confident || ciGood),
    mdcPct: boot ? (boot.high - boot.low) / 2 * 100 : null
  };
}
function chooseCpuSource(b, c) {
  const rounds = [
    ...b.map((r) => ["baseline", r]),
    ...c.map((r) => ["candidate", r])
  ];
  const lacking = rounds.flatMap(
    ([side2, r]) => "missing" in r.exactCpu ? [{ side: side2, round: r.round, reason: r.exactCpu.missing }] : []
  );
  if (rounds.length === 0) return { source: "sampled" };
  if (lacking.length > 0) {
    const reasons = new Set(lacking.map((l) => l.reason));
    const why2 = reasons.size === 1 && lacking.length === rounds.length ? `every round: ${[...reasons][0]}` : summarizeMissing(lacking);
    return {
      source: "sampled",
      note: `WAF CPU per request is integrated from the process samples inside each round's loaded interval (off by up to one sample interval at each end), not read exactly: ${why2}.`
    };
  }
  const errors = [];
  let maxReadMs = 0;
  for (const [, r] of rounds) {
    if ("missing" in r.exactCpu) continue;
    r.values.set("cpuMsPerRequest", r.exactCpu.cpuMsPerRequest);
    r.missing.delete("cpuMsPerRequest");
    if (r.exactCpu.cpuMsPerRequest > 0)
      errors.push(r.exactCpu.errorMsPerRequest / r.exactCpu.cpuMsPerRequest * 100);
    maxReadMs = Math.max(maxReadMs, r.exactCpu.maxReadMs);
  }
  const errorPct = errors.length > 0 ? median(errors) : void 0;
  const read = maxReadMs < 10 ? maxReadMs.toFixed(1) : String(Math.round(maxReadMs));
  const error = errorPct === void 0 ? "?" : errorPct < 0.1 ? errorPct.toFixed(2) : errorPct.toFixed(1);
  const note = `WAF CPU per request is exact: the workers' CPU counters read from /proc just before and just after each round's load (reads took \u2264 ${read} ms); measurement error \xB1${error} % of the value (clock ticks).`;
  return errorPct === void 0 ? { source: "exact", note } : { source: "exact", errorPct, note };
}
function failedRoundsOf(records, excluded, notes) {
  for (const side2 of ["baseline", "candidate"]) {
    const record = records[side2];
    for (const f of record.failedRounds ?? [])
      excluded.push({ side: side2, round: f.round, attempt: f.attempt, reason: f.reasons.join("; ") });
    const plan = record.roundPlan;
    if (plan !== void 0 && record.rounds.length < plan.wanted)
      notes.add(
        `The ${side2} reached only ${record.rounds.length} of ${plan.wanted} successful rounds in ${plan.attempts} attempts (max-rounds ${plan.maxAttempts}); the statistics use those ${record.rounds.length}.`
      );
  }
}
function comparePerformance(baselineRounds, candidateRounds, policy, aa, records) {
  const notes = /* @__PURE__ */ new Set();
  const excludedRounds = [];
  if (records) failedRoundsOf(records, excludedRounds, notes);
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
  const cpu = chooseCpuSource(b, c);
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
  const groupNames = [...new Set([...b, ...c].flatMap((r) => r.groupNames))];
  const defs = [...CORE_METRICS, ...groupDefs(groupNames, policy.performance.wafGroups)];
  const metrics2 = [];
  for (const def of defs) {
    const bv = b.flatMap((r) => r.values.has(def.id) ? [r.values.get(def.id)] : []);
    const cv = c.flatMap((r) => r.values.has(def.id) ? [r.values.get(def.id)] : []);
    const missing = [
      ...b.flatMap((r) => missingIn("baseline", r, def.id)),
      ...c.flatMap((r) => missingIn("candidate", r, def.id))
    ];
    if (missing.length === 0 && bv.length === 0 && cv.length === 0) continue;
    if (missing.length === 0 && (bv.length === 0 || cv.length === 0)) {
      const [has, lacks] = bv.length > 0 ? ["baseline", "candidate"] : ["candidate", "baseline"];
      metrics2.push(
        unknownMetric(def, bv, cv, policy, domain, `only the ${has} has it; the ${lacks} does not`)
      );
    } else if (missing.length > 0) {
      metrics2.push(unknownMetric(def, bv, cv, policy, domain, summarizeMissing(missing)));
    } else {
      metrics2.push(compareMetric(def, bv, cv, policy, domain, indicativeOnly));
    }
    const added = metrics2[metrics2.length - 1];
    if (def.id === "cpuMsPerRequest" && added?.id === def.id && added.unknown === void 0) {
      added.source = cpu.source;
      if (cpu.errorPct !== void 0) added.measurementErrorPct = cpu.errorPct;
      if (cpu.note !== void 0) notes.add(cpu.note);
    }
  }
  if (!metrics2.some((m) => m.id === "cpuMsPerRequest")) {
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
  const noiseFloor = aa ? metrics2.filter((m) => m.thresholdPct !== null && m.unknown === void 0).map((m) => ({
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
    metrics: metrics2,
    groups,
    timeline: qpsTimeline(baselineRounds, candidateRounds),
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
  if (record.unjoined !== void 0 && record.unjoined !== "duplicate") return "unjoined";
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
function compareQuality(baselineRun, candidateRun, baselineRecords, candidateRecords, policy) {
  const { baseline, candidate, missing } = withoutMissingLogVerdicts(
    baselineRun,
    candidateRun,
    baselineRecords,
    candidateRecords
  );
  const ignoreRules = compileIgnoreRules(policy);
  const keys = /* @__PURE__ */ new Set([...baseline.records.keys(), ...candidate.records.keys()]);
  const changes2 = [];
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
    changes2.push(change);
    bump(recordCounts.candidate, any.domain, change.ignored ? b.status : c.status);
    if (!change.ignored) {
      if (change.kind === "new-block") d.newBlocks += 1;
      if (change.kind === "new-pass") d.newPasses += 1;
      if (change.kind === "new-error") d.newErrors += 1;
    }
  }
  changes2.sort(
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
  for (const ch of changes2) {
    if (ch.ignored) counts.ignored += 1;
    else if (ch.kind === "new-block") counts.newBlocks += 1;
    else if (ch.kind === "new-pass") counts.newPasses += 1;
    else if (ch.kind === "new-error") counts.newErrors += 1;
    else if (ch.kind === "resolved-error") counts.resolvedErrors += 1;
    else counts.statusChanges += 1;
    const ruleId = differingRules(ch);
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
  if (compared === 0 && onlyBaseline + onlyCandidate > 0) {
    missing.push(
      `No request could be compared: ${onlyBaseline} only in the baseline, ${onlyCandidate} only in the candidate. Both runs must replay the same corpus (same paths), domains and id header; the quality verdict is unknown.`
    );
  }
  const unjoined = unjoinedCounts(baseline.records, candidate.records);
  const joins = {
    ...baseline.source === "joined" ? { baseline: countJoins(baseline.records.values()) } : {},
    ...candidate.source === "joined" ? { candidate: countJoins(candidate.records.values()) } : {}
  };
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
    changes: changes2,
    groups: sortedGroups,
    candidateErrors,
    baselineErrorCount,
    ...unjoined ? { unjoined } : {},
    ...joins.baseline || joins.candidate ? { joins } : {},
    ...missing.length > 0 ? { missing } : {}
  };
}
function differingRules(ch) {
  const [mine, theirs] = ch.kind === "new-pass" ? [ch.baseline.ruleIds, ch.candidate.ruleIds] : [ch.candidate.ruleIds, ch.baseline.ruleIds];
  const others = new Set(theirs);
  const only = [...new Set(mine)].filter((id) => !others.has(id));
  if (ch.kind !== "new-block" && ch.kind !== "new-pass")
    return mine.length > 0 ? [...new Set(mine)].join(" ") : null;
  if (only.length > 0) return only.join(" ");
  return mine.length > 0 ? `${[...new Set(mine)].join(" ")} (also fired in the other build)` : null;
}
function unjoinedCounts(baseline, candidate) {
  const count2 = (records) => {
    const out = {};
    for (const r of records.values())
      if (r.unjoined !== void 0 && r.unjoined !== "duplicate" && r.status !== null)
        out[r.unjoined] = (out[r.unjoined] ?? 0) + 1;
    return out;
  };
  const b = count2(baseline);
  const c = count2(candidate);
  return Object.keys(b).length + Object.keys(c).length > 0 ? { baseline: b, candidate: c } : null;
}

// src/compare/policy-file.ts
var import_yaml3 = __toESM(require_dist(), 1);
import { readFile as readFile2 } from "node:fs/promises";

// src/compare/hold-policy-file.ts
function countRule(r, node, key, base) {
  const rule = { ...base };
  for (const [name, value] of r.entries(node, key, ["maxNew", "maxIncreasePct", "fail"])) {
    const path = `${key}.${name}`;
    if (name === "fail") rule.fail = r.boolean(value, path);
    else if (name === "maxNew") rule.maxNew = r.number(value, path);
    else rule.maxIncreasePct = r.number(value, path, 0, 100);
  }
  return rule;
}
function changeRule(r, node, key, base) {
  const rule = { ...base };
  for (const [name, value] of r.entries(node, key, ["warnPct", "failPct", "minDelta"])) {
    const path = `${key}.${name}`;
    if (name === "minDelta") rule.minDelta = r.number(value, path);
    else rule[name] = r.numberOrNull(value, path);
  }
  return rule;
}
function readHoldPolicy(r, node, base) {
  const policy = structuredClone(base);
  const keys = [...HOLD_COUNT_RULES, ...HOLD_CHANGE_RULES];
  for (const [name, value] of r.entries(node, "hold", keys)) {
    const key = `hold.${name}`;
    if (HOLD_COUNT_RULES.includes(name)) {
      const k = name;
      policy[k] = countRule(r, value, key, policy[k]);
    } else {
      const k = name;
      policy[k] = changeRule(r, value, key, policy[k]);
    }
  }
  return policy;
}

// src/compare/policy-reader.ts
var import_yaml2 = __toESM(require_dist(), 1);
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
    if (!(0, import_yaml2.isMap)(node)) this.fail(node, key, `"${key}" must be a mapping of keys to values.`);
    return node;
  }
  /** Iterates a mapping's entries, refusing keys not in `allowed` (when given). */
  entries(node, key, allowed) {
    const map = this.map(node, key);
    return map.items.map((pair) => {
      const keyNode = pair.key;
      const name = (0, import_yaml2.isScalar)(keyNode) ? String(keyNode.value) : String(keyNode);
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
    if (!(0, import_yaml2.isScalar)(node)) this.fail(node, key, `"${key}" must be a single value.`);
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
    if (!(0, import_yaml2.isSeq)(node)) this.fail(node, key, `"${key}" must be a list.`);
    return node.items;
  }
};

// src/compare/policy-file.ts
var QUALITY_NUMBER_KEYS = [
  "statusIncreasePct",
  "minDelta",
  "newStatusMinCount",
  "maxNewBlocks",
  "maxNewPasses",
  "maxNewErrors"
];
var QUALITY_KEYS = [...QUALITY_NUMBER_KEYS, "failOnDomainAnomaly", "blockStatuses"];
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
  if ((0, import_yaml3.isMap)(node)) {
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
  const lines = new import_yaml3.LineCounter();
  const doc = (0, import_yaml3.parseDocument)(text2, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
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
    "hold",
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
      case "hold":
        policy.hold = readHoldPolicy(r, value, policy.hold);
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
    text2 = await readFile2(file, "utf8");
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
    ...r.domainsFromConfig !== void 0 ? { domainsFromConfig: r.domainsFromConfig } : {},
    createdAtMs: r.createdAtMs,
    key: baselineKeyOf(r)
  };
}
function findingsOf(run) {
  const parts = [
    ...run.quality?.collect ? [{ source: "quality", collect: run.quality.collect }] : [],
    ...run.rounds.flatMap(
      (r) => r.collect ? [{ source: `round ${r.round}`, collect: r.collect }] : []
    ),
    // A retried round's crash is still the build's crash.
    ...(run.failedRounds ?? []).map((r) => ({
      source: `round ${r.round} (failed attempt ${r.attempt})`,
      collect: r.collect
    }))
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
        hint: "Run both builds with the same connections, rate, duration, keep-alive and shaping (upload-rate, download-rate, delay, slow-header, slow-body), or record a new baseline."
      }
    );
  }
}
function baselineSourceOf(baseline, candidate, dir, options) {
  const fresh = baseline.freshAb;
  if (fresh !== void 0 && fresh.runId === candidate.freshAb?.runId)
    return `measured in this run (fresh A/B on the same WAF host: ${fresh.switches.length} install(s), rounds ${fresh.order})`;
  const recorded = new Date(baseline.createdAtMs).toISOString();
  return `${options.baselineSource ?? `run directory ${basename(dir)}`}, build ${baseline.build.version}, recorded ${recorded}`;
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
    const findings3 = { baseline: null, candidate: candidateFindings };
    const ftw2 = candidate.quality ? await ftwOfRuns(null, { run: candidate, records: null }, options.ftwOverrides) : null;
    const decided2 = decide(
      { quality: null, performance: null, findings: findings3, noBaseline, notes, ftw: ftw2 },
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
      findings: findings3,
      ...ftw2 ? { ftw: ftw2 } : {},
      policy,
      notes
    };
  }
  const baseline = await loadRunDir(baselineDir, logger);
  refuseMismatch(baseline, candidate);
  notes.push(
    `Baseline: ${baselineSourceOf(baseline.record, candidate.record, baselineDir, options)}.`
  );
  const aa = resolve3(baseline.dir) === resolve3(candidate.dir) || baseline.record.build.version === candidate.record.build.version;
  if (aa)
    notes.push(
      "A/A: the candidate is the baseline build; differences below are the noise floor of this setup."
    );
  let quality = null;
  let ftw = null;
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
    ftw = await ftwOfRuns(
      { run: baseline, records: b },
      { run: candidate, records: c },
      options.ftwOverrides
    );
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
    performance = comparePerformance(baseline.rounds, candidate.rounds, policy, aa, {
      baseline: baseline.record,
      candidate: candidate.record
    });
    logger.info(
      `Performance: ${performance.rounds.baseline} vs ${performance.rounds.candidate} rounds, ${performance.metrics.filter((m) => m.regression).length} regression(s).`
    );
  } else if (baseline.rounds.length > 0 || candidate.rounds.length > 0) {
    notes.push(
      `Only the ${baseline.rounds.length > 0 ? "baseline" : "candidate"} has pressure rounds: performance was not compared.`
    );
  }
  const hold = compareHold(
    baseline.hold ?? null,
    candidate.hold ?? null,
    policy.hold,
    policy.performance.wafGroups
  );
  if (hold?.comparable)
    logger.info(
      `Long-lived connections: ${hold.checks.filter((c) => c.result === "fail").length} check(s) failed, ${hold.checks.filter((c) => c.result === "warn").length} warning(s).`
    );
  const findings2 = {
    baseline: findingsOf(baseline),
    candidate: candidateFindings
  };
  const decided = decide(
    { quality, performance, hold, findings: findings2, noBaseline: null, notes, ftw },
    policy
  );
  return {
    schema: "waf-gate/comparison@1",
    ...decided,
    mode: aa ? "aa" : "ab",
    baseline: runInfo(baseline),
    candidate: runInfo(candidate),
    quality,
    performance,
    ...hold === null ? {} : { hold },
    findings: findings2,
    ...ftw ? { ftw } : {},
    policy,
    notes
  };
}
async function readResults(file) {
  const results = await readJsonFile(file, "comparison results (results.json)");
  if (results?.schema !== "waf-gate/results@1") {
    throw new ConfigError("Not a waf-gate results file (schema waf-gate/results@1).", {
      file,
      hint: "Pass the results.json written by `waf-gate compare`."
    });
  }
  checkResultsDocument(results, file);
  return results;
}

// src/report/write.ts
import { createWriteStream } from "node:fs";
import { mkdir as mkdir2, writeFile as writeFile2 } from "node:fs/promises";
import { join as join6 } from "node:path";
import { finished } from "node:stream/promises";

// src/report/html/write.ts
import { writeFile } from "node:fs/promises";
import { join as join5 } from "node:path";

// src/report/html/data-perf.ts
var MAX_PERCENTILE_X = 1e5;
var POINTS_PER_DECADE = 20;
function sidesOf(inputs) {
  const out = [];
  if (inputs.baseline) out.push(["baseline", inputs.baseline]);
  if (inputs.candidate) out.push(["candidate", inputs.candidate]);
  return out;
}
function qpsChart(inputs, missing) {
  const sides = sidesOf(inputs);
  const first = sides.flatMap(([, r]) => r.rounds).find((r) => r.replay.windows.length > 0);
  if (!first) {
    missing.push(
      "QPS over time: no pressure round has time windows (run pressure rounds to get this chart)."
    );
    return null;
  }
  const windowMs = nominalWindowMs(first.replay.windows);
  const lines = [];
  for (const [side2, run] of sides) {
    const rates = run.rounds.map((r) => ({
      round: r.round,
      values: alignedWindowRates(r.replay.windows, windowMs)
    }));
    for (const r of rates)
      lines.push({ side: side2, name: `round ${r.round}`, emphasis: false, values: r.values });
    const length2 = Math.max(0, ...rates.map((r) => r.values.length));
    if (rates.length > 1)
      lines.push({
        side: side2,
        name: "median",
        emphasis: true,
        values: Array.from({ length: length2 }, (_, i) => {
          const at = rates.flatMap((r) => r.values[i] === void 0 ? [] : [r.values[i]]);
          return at.length === 0 ? null : median(at);
        })
      });
  }
  const length = Math.max(0, ...lines.map((l) => l.values.length));
  if (length === 0) {
    missing.push("QPS over time: no round lasted one full window.");
    return null;
  }
  return {
    id: "qps",
    title: "Throughput over time, every pressure round",
    xLabel: "time since the round started (s)",
    yLabel: "completed requests per second (req/s)",
    xKind: "seconds",
    yFormat: "number",
    x: Array.from({ length }, (_, i) => (i + 1) * windowMs / 1e3),
    lines: lines.map((l) => ({
      ...l,
      values: Array.from({ length }, (_, i) => l.values[i] ?? null)
    })),
    caption: `Completed responses per second in aligned ${windowMs / 1e3} s windows counted from each round's first request; only full windows are drawn (the partial window at a round's end is left out). Thin lines: single rounds; thick lines: the median over a build's rounds.`
  };
}
function mergedHistogram(run) {
  const encoded = run.rounds.map((r) => r.replay.latency.histogram).filter((h) => h !== "");
  if (encoded.length > 0) {
    const total = createHistogram();
    for (const e of encoded) total.add(decodeHistogram(e));
    return { histogram: total, source: `${encoded.length} pressure round(s)` };
  }
  if (run.quality && run.quality.latency.histogram !== "")
    return { histogram: decodeHistogram(run.quality.latency.histogram), source: "the quality run" };
  return null;
}
function latencyChart(inputs, missing) {
  const merged = [];
  for (const [side2, run] of sidesOf(inputs)) {
    const m = mergedHistogram(run);
    if (!m || m.histogram.totalCount === 0) {
      missing.push(`Latency percentiles: the ${side2} has no latency histogram with values.`);
      continue;
    }
    const h = m.histogram;
    merged.push({
      side: side2,
      count: h.totalCount,
      at: (p) => h.getValueAtPercentile(p),
      source: m.source
    });
  }
  if (merged.length === 0) return null;
  const maxX = Math.min(MAX_PERCENTILE_X, Math.max(...merged.map((m) => m.count)));
  const x = [];
  for (let k = 0; 10 ** (k / POINTS_PER_DECADE) <= maxX * (1 + 1e-9); k++)
    x.push(10 ** (k / POINTS_PER_DECADE));
  return {
    id: "latency",
    title: "Latency by percentile",
    xLabel: "percentile (log scale of 1/(1\u2212p))",
    yLabel: "latency (ms)",
    xKind: "percentile",
    yFormat: "ms",
    x,
    lines: merged.map((m) => ({
      side: m.side,
      name: `${m.source}, ${m.count.toLocaleString("en-US")} responses`,
      emphasis: true,
      // A percentile needs about 1/(1-p) samples to exist; beyond that the curve stops.
      values: x.map((v) => v <= m.count ? Math.round(m.at(100 * (1 - 1 / v))) / 1e3 : null)
    })),
    caption: "Each build\u2019s latency histograms (HDR, microsecond resolution) merged over its pressure rounds; the x axis spreads the tail so p99 and p99.9 get as much room as the median."
  };
}
function seriesChart(id, title2, yLabel, yFormat, rows, caption) {
  const x = [...new Set(rows.flatMap((r) => r.points.map(([t]) => t)))].sort((a, b) => a - b);
  const index = new Map(x.map((t, i) => [t, i]));
  return {
    id,
    title: title2,
    xLabel: "time since the round started (s)",
    yLabel,
    xKind: "seconds",
    yFormat,
    x,
    lines: rows.map((r) => {
      const values = new Array(x.length).fill(null);
      for (const [t, v] of r.points) values[index.get(t)] = v;
      return { side: r.side, name: `round ${r.round}`, emphasis: false, values };
    }),
    caption
  };
}
function resourceCharts(inputs, missing) {
  const rows = [];
  for (const [side2, run] of sidesOf(inputs))
    for (const r of run.rounds)
      if (r.samples && r.samples.length > 0)
        rows.push({ side: side2, round: r.round, startMs: r.replay.startedAtMs, samples: r.samples });
  if (rows.length === 0) {
    if (sidesOf(inputs).some(([, r]) => r.rounds.length > 0))
      missing.push("CPU and memory over time: no round has process samples (series.csv).");
    return [];
  }
  const peak = /* @__PURE__ */ new Map();
  for (const s of rows.flatMap((r) => r.samples))
    peak.set(s.group, Math.max(peak.get(s.group) ?? 0, s.cpuPct));
  const groups = [...peak.keys()].sort((a, b) => peak.get(b) - peak.get(a) || a.localeCompare(b));
  const seconds = (timeMs, startMs) => Math.round((timeMs - startMs) / 100) / 10;
  return groups.flatMap((group) => {
    const of = (pick) => rows.map((r) => ({
      side: r.side,
      round: r.round,
      points: r.samples.filter((s) => s.group === group).map((s) => [seconds(s.timeMs, r.startMs), pick(s)])
    }));
    return [
      seriesChart(
        `cpu:${group}`,
        `CPU of ${group}`,
        "CPU (% of one core)",
        "pct",
        of((s) => Math.round(s.cpuPct * 10) / 10),
        `CPU time of the ${group} process group per sample interval, summed over its processes, for every round; samples before 0 s and after the round's end show the idle WAF.`
      ),
      seriesChart(
        `rss:${group}`,
        `Memory (RSS) of ${group}`,
        "resident memory (MiB)",
        "mib",
        of((s) => Math.round(s.rssBytes / 1024 / 1024 * 100) / 100),
        `Resident memory of the ${group} process group, summed over its processes, for every round.`
      )
    ];
  });
}

// src/report/html/hold-data.ts
var FIGURES = [
  ["Upgrade attempts", (s) => s.attempted],
  ["Upgraded (101)", (s) => s.upgraded],
  ["Refused by status", (s) => s.refused],
  ["Failed (no answer)", (s) => s.failed],
  ["Held to the end", (s) => s.heldToEnd],
  ["Dropped unexpectedly", (s) => s.unexpectedDrops],
  ["Unexpected drops per connection-hour", (s) => s.unexpectedDropsPerConnectionHour],
  ["Dropped as planned (client)", (s) => s.droppedByCause["client-planned"]],
  ["Dropped as planned (server)", (s) => s.droppedByCause["server-planned"]],
  ["Reconnected", (s) => s.reconnected],
  ["Heartbeats sent", (s) => s.heartbeat.sent],
  ["Heartbeats lost", (s) => s.heartbeat.lost],
  ["Heartbeat RTT p50 (\xB5s)", (s) => s.heartbeat.rttP50Us],
  ["Heartbeat RTT p99 (\xB5s)", (s) => s.heartbeat.rttP99Us],
  ["Pushes sent", (s) => s.push.sent],
  ["Pushes lost", (s) => s.push.lost],
  ["Pushes duplicated", (s) => s.push.duplicated],
  ["Pushes out of order", (s) => s.push.outOfOrder],
  ["WAF CPU per connection-hour (ms)", (s) => s.waf?.cpuMsPerConnectionHour ?? null],
  ["WAF RSS per held connection (bytes)", (s) => s.waf?.rssBytesPerConnection ?? null],
  ["WAF worker fds at the peak", (s) => s.waf?.fdsPeak ?? null],
  ["WAF worker fds per connection", (s) => s.waf?.fdsPerConnection ?? null]
];
function openChart(inputs) {
  const lines = [];
  for (const side2 of ["baseline", "candidate"]) {
    const windows = inputs[side2]?.holdWindows;
    if (!windows || windows.length === 0) continue;
    lines.push({ side: side2, name: "open", emphasis: true, values: windows.map((w) => w.open) });
  }
  const length = Math.max(0, ...lines.map((l) => l.values.length));
  if (length === 0) return null;
  return {
    id: "hold-open",
    title: "Connections open during the hold",
    xLabel: "time since the ramp started (s)",
    yLabel: "connections open",
    xKind: "seconds",
    yFormat: "number",
    x: Array.from({ length }, (_, i) => i),
    lines,
    caption: "Connections open in each 1 s window of hold.json (wall-clock windows from the first upgrade): a build that drops idle connections falls away from its baseline."
  };
}
function holdHtmlSections(comparison, inputs = { baseline: null, candidate: null, missing: [] }) {
  const hold = comparison.hold;
  if (!hold) return [];
  const rows = FIGURES.map(([label2, pick]) => [
    label2,
    hold.baseline ? pick(hold.baseline) : null,
    hold.candidate ? pick(hold.candidate) : null
  ]);
  const checks = hold.checks.map((c) => `${c.result.toUpperCase()}: ${c.message}`);
  return [
    {
      id: "hold",
      title: "Long-lived connections",
      paragraphs: [
        "WebSocket connections held through the WAF. Empty cells are missing data (a build without hold.json, or a figure the collection could not read), never zero.",
        ...hold.missing,
        ...hold.notes ?? [],
        ...checks
      ],
      table: { columns: ["", "Baseline", "Candidate"], rows },
      chart: openChart(inputs)
    }
  ];
}

// src/report/html/data.ts
var MAX_CHANGE_ROWS = 5e3;
var MAX_STATUS_BARS = 60;
var MAX_ANOMALY_BARS = 60;
function build(side2, info) {
  return {
    side: side2,
    version: info.version,
    description: info.description ?? null,
    rounds: info.rounds
  };
}
function result2(m, indicative) {
  if (m.regression) return "regression";
  if (m.improvement) return "improvement";
  if (indicative) return "indicative";
  if (m.thresholdPct === null) return "info";
  if (m.significant) return "significant, within threshold";
  if (m.ci)
    return `no change larger than ${Math.max(Math.abs(m.ci.lowPct), Math.abs(m.ci.highPct)).toFixed(1)} % (given the noise; MDC \xB1${(m.mdcPct ?? (m.ci.highPct - m.ci.lowPct) / 2).toFixed(1)} %)`;
  return "no significant change";
}
function metrics(c) {
  const p = c.performance;
  if (!p) return [];
  return p.metrics.map((m) => ({
    label: m.source === void 0 ? m.label : `${m.label} (${m.source})`,
    unit: m.unit,
    baselineMedian: m.baselineMedian,
    candidateMedian: m.candidateMedian,
    deltaPct: m.deltaPct,
    ci: m.ci,
    pValue: m.pValue,
    thresholdPct: m.thresholdPct,
    betterWhen: m.betterWhen,
    result: result2(m, p.indicativeOnly)
  }));
}
function anomalyBars(q, missing) {
  const rows = q.domains.flatMap((d) => [
    { label: `${d.domain} \xB7 blocked`, b: d.blocked.baseline, c: d.blocked.candidate },
    ...d.errors.baseline + d.errors.candidate > 0 ? [{ label: `${d.domain} \xB7 5xx / no answer`, b: d.errors.baseline, c: d.errors.candidate }] : []
  ]);
  if (rows.length === 0) return null;
  const shown = [...rows].sort((x, y) => Math.abs(y.c - y.b) - Math.abs(x.c - x.b)).slice(0, MAX_ANOMALY_BARS);
  const kept = rows.filter((r) => shown.includes(r));
  if (kept.length < rows.length)
    missing.push(
      `Anomalies per domain: ${rows.length - kept.length} of ${rows.length} bars with the smallest change are left out (all are in results.json).`
    );
  return {
    id: "anomalies",
    title: "Blocked and failed requests per domain",
    valueLabel: "requests (quality run)",
    categories: kept.map((r) => r.label),
    baseline: kept.map((r) => r.b),
    candidate: kept.map((r) => r.c),
    caption: "Requests of the quality run the WAF blocked (answered itself with an anomaly status) and requests answered with 5xx or not at all, per domain."
  };
}
function statusBars(q, missing) {
  const rows = q.domains.flatMap(
    (d) => d.statuses.map((s) => ({ label: `${d.domain} \xB7 ${s.status}`, s, flagged: s.flag !== null }))
  );
  if (rows.length === 0) return null;
  const ranked = [...rows].sort(
    (x, y) => Number(y.flagged) - Number(x.flagged) || Math.abs(y.s.delta) - Math.abs(x.s.delta)
  );
  const shown = new Set(ranked.slice(0, MAX_STATUS_BARS));
  const kept = rows.filter((r) => shown.has(r));
  if (kept.length < rows.length)
    missing.push(
      `Statuses per domain: ${rows.length - kept.length} of ${rows.length} bars with the smallest change are left out (all are in results.json).`
    );
  return {
    id: "statuses",
    title: "Responses by status and domain",
    valueLabel: "responses (quality run)",
    categories: kept.map((r) => `${r.label}${r.flagged ? " \u2691" : ""}`),
    baseline: kept.map((r) => r.s.baseline),
    candidate: kept.map((r) => r.s.candidate),
    caption: "Status codes of the quality run per domain. \u2691 marks a status that flags its domain (a new status, or an increase beyond the domain\u2019s threshold)."
  };
}
function changes(q) {
  if (!q) return { total: 0, rows: [] };
  const rows = q.changes.slice(0, MAX_CHANGE_ROWS).map((c) => ({
    kind: c.kind,
    domain: c.domain,
    requestLine: c.requestLine,
    where: c.origin ? `${c.origin.file}:${c.origin.line}` : c.entryKey,
    baseline: { ...c.baseline },
    candidate: { ...c.candidate },
    ignored: c.ignored ? `${c.ignored.reason} (${c.ignored.rule})` : null
  }));
  return { total: q.changes.length, rows };
}
function findings(c) {
  const out = [];
  for (const side2 of ["baseline", "candidate"]) {
    const f = c.findings[side2];
    if (!f) continue;
    for (const x of f.crashes)
      out.push({
        side: side2,
        source: x.source,
        kind: "crash",
        text: `${x.group} pid ${x.pid}${x.signal ? ` (${x.signal})` : ""}: ${x.detail}`
      });
    for (const x of f.findings)
      out.push({ side: side2, source: `${x.source}, line ${x.lineNumber}`, kind: x.kind, text: x.line });
  }
  return out;
}
function environment(c) {
  const b = c.baseline;
  const k = c.candidate;
  const rows = [
    { key: "version", baseline: b?.version ?? null, candidate: k.version },
    { key: "description", baseline: b?.description ?? null, candidate: k.description ?? null },
    { key: "pressure rounds", baseline: b ? String(b.rounds) : null, candidate: String(k.rounds) },
    {
      key: "load shape",
      baseline: b?.pressureShape ? canonicalShape(b.pressureShape) : null,
      candidate: k.pressureShape ? canonicalShape(k.pressureShape) : null
    },
    { key: "domains", baseline: b ? b.domains.join(", ") : null, candidate: k.domains.join(", ") },
    {
      key: "recorded",
      baseline: b ? new Date(b.createdAtMs).toISOString() : null,
      candidate: new Date(k.createdAtMs).toISOString()
    },
    { key: "corpus", baseline: b?.corpusFingerprint ?? null, candidate: k.corpusFingerprint }
  ];
  const keys = [
    .../* @__PURE__ */ new Set([...Object.keys(b?.environment ?? {}), ...Object.keys(k.environment ?? {})])
  ].sort();
  for (const key of keys)
    rows.push({
      key,
      baseline: b?.environment?.[key] ?? null,
      candidate: k.environment?.[key] ?? null
    });
  return rows;
}
function htmlReportData(comparison, inputs, options = {}) {
  const c = comparison;
  const missing = [...inputs.missing];
  const q = c.quality;
  if (!q) missing.push("Quality was not compared: no per-domain charts and no changed requests.");
  const changed = changes(q);
  if (changed.rows.length < changed.total)
    missing.push(
      `Changed requests: the first ${changed.rows.length} of ${changed.total} are in the table; every one is in changed-requests.jsonl.`
    );
  return {
    schema: "waf-gate/html-report@1",
    verdict: c.verdict,
    mode: c.mode,
    baseline: c.baseline ? build("baseline", c.baseline) : null,
    candidate: build("candidate", c.candidate),
    reasons: c.reasons,
    counts: c.counts,
    notes: [...c.notes, ...c.performance?.notes ?? []],
    metrics: metrics(c),
    qps: qpsChart(inputs, missing),
    latency: latencyChart(inputs, missing),
    resources: resourceCharts(inputs, missing),
    anomalies: q ? anomalyBars(q, missing) : null,
    statuses: q ? statusBars(q, missing) : null,
    domains: (q?.domains ?? []).map((d) => ({
      domain: d.domain,
      flagged: d.flagged,
      requests: d.requests,
      blocked: d.blocked,
      errors: d.errors,
      newBlocks: d.newBlocks,
      newPasses: d.newPasses,
      newErrors: d.newErrors,
      statuses: d.statuses.map((s) => ({
        status: s.status,
        baseline: s.baseline,
        candidate: s.candidate,
        flag: s.flag
      }))
    })),
    changes: changed,
    findings: findings(c),
    environment: environment(c),
    optionalSections: [...holdHtmlSections(c, inputs), ...options.optionalSections ?? []],
    missing
  };
}

// src/report/html/load.ts
import { readFile as readFile3 } from "node:fs/promises";
import { dirname as dirname2, join as join4, resolve as resolve4 } from "node:path";
var COLUMNS = ["timeMs", "group", "pid", "cpuPct", "rssBytes"];
function parseSeriesCsv(text2) {
  const lines = text2.split("\n");
  const header2 = (lines[0] ?? "").trim().split(",");
  const at = COLUMNS.map((c) => header2.indexOf(c));
  if (at.some((i) => i < 0)) return null;
  const [t, g, p, cpu, rss] = at;
  const out = [];
  for (const line of lines.slice(1)) {
    const f = line.trim().split(",");
    if (f.length < header2.length || f[p] !== "all") continue;
    const sample = {
      timeMs: Number(f[t]),
      group: f[g],
      cpuPct: Number(f[cpu]),
      rssBytes: Number(f[rss])
    };
    if ([sample.timeMs, sample.cpuPct, sample.rssBytes].every(Number.isFinite)) out.push(sample);
  }
  return out;
}
async function readSamples(run, round, side2, missing) {
  const ref = run.record.rounds.find((r) => r.round === round);
  const collect = run.rounds.find((r) => r.round === round)?.collect;
  if (!ref || !collect) return null;
  const name = collect.processes.seriesFile;
  if (!name) {
    missing.push(`${side2} round ${round}: collect wrote no process series (series.csv).`);
    return null;
  }
  const file = resolve4(dirname2(resolve4(run.dir, ref.collectFile)), name);
  try {
    const samples = parseSeriesCsv(await readFile3(file, "utf8"));
    if (samples === null) missing.push(`${file}: not a series.csv (unexpected header).`);
    return samples;
  } catch (error) {
    missing.push(`${file}: ${error.code ?? String(error)}.`);
    return null;
  }
}
async function loadSide(dir, side2, logger, missing) {
  let run;
  try {
    run = await loadRunDir(dir, logger);
  } catch (error) {
    missing.push(
      `The ${side2} run directory ${join4(dir, "run.json")} could not be read (${error instanceof Error ? error.message : String(error)}): its charts are left out.`
    );
    return null;
  }
  const rounds = [];
  for (const r of run.rounds) {
    rounds.push({
      round: r.round,
      replay: r.replay,
      samples: await readSamples(run, r.round, side2, missing)
    });
  }
  const holdWindows = run.hold?.result.windows.map((w) => ({ startMs: w.startMs, open: w.open }));
  return {
    quality: run.quality?.replay ?? null,
    rounds,
    ...holdWindows === void 0 ? {} : { holdWindows }
  };
}
async function loadHtmlInputs(comparison, logger) {
  const missing = [];
  const baseline = comparison.baseline ? await loadSide(comparison.baseline.dir, "baseline", logger, missing) : null;
  const candidate = await loadSide(comparison.candidate.dir, "candidate", logger, missing);
  return { baseline, candidate, missing };
}

// src/report/html/client-charts.ts
var CLIENT_CHARTS_JS = String.raw`
var COLOR = { baseline: '#1d5fbf', candidate: '#d4530b' };
var ROUND_COLOR = { baseline: 'rgba(29,95,191,0.55)', candidate: 'rgba(212,83,11,0.55)' };
var AXIS = { stroke: '#333', font: '12px system-ui, sans-serif', labelFont: 'bold 12px system-ui, sans-serif' };
// Counts are whole numbers: ticks at 1, 2, 5, 10, 20, … only.
var COUNT_INCRS = [];
for (var e = 0; e < 10; e++) [1, 2, 5].forEach(function (m) { COUNT_INCRS.push(m * Math.pow(10, e)); });
var GRID = { stroke: '#e3e3e3', width: 1 };

function fmtNumber(v) {
  if (v === null || v === undefined || !isFinite(v)) return '–';
  var a = Math.abs(v);
  var digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function formatter(kind) {
  if (kind === 'ms') return function (v) { return v == null ? '–' : fmtNumber(v) + ' ms'; };
  if (kind === 'pct') return function (v) { return v == null ? '–' : fmtNumber(v) + ' %'; };
  if (kind === 'mib') return function (v) { return v == null ? '–' : fmtNumber(v) + ' MiB'; };
  return function (v) { return v == null ? '–' : fmtNumber(v); };
}

/** 1/(1-p) → a percentile label: 1 → 0, 10 → 90, 1000 → 99.9. */
function percentileLabel(x) {
  var p = 100 * (1 - 1 / x);
  if (p <= 0) return 'p0';
  var digits = Math.max(0, Math.round(Math.log10(x)) - 2);
  return 'p' + p.toFixed(digits);
}

function chartWidth(el) {
  return Math.max(320, Math.floor(el.getBoundingClientRect().width));
}

var charts = [];

function track(el, u, height) {
  charts.push({ el: el, u: u, height: height });
}

window.addEventListener('resize', function () {
  charts.forEach(function (c) { c.u.setSize({ width: chartWidth(c.el), height: c.height }); });
});

function lineChart(el, chart) {
  var yFmt = formatter(chart.yFormat);
  var percentile = chart.xKind === 'percentile';
  var series = [{ label: percentile ? 'percentile' : 'time', value: function (u, v) {
    return v == null ? '–' : percentile ? percentileLabel(v) : fmtNumber(v) + ' s';
  } }];
  chart.lines.forEach(function (l) {
    series.push({
      label: l.side + ' · ' + l.name,
      stroke: l.emphasis ? COLOR[l.side] : ROUND_COLOR[l.side],
      width: l.emphasis ? 3 : 1.25,
      dash: l.side === 'candidate' && !l.emphasis ? [6, 3] : undefined,
      spanGaps: true,
      points: { show: false },
      value: function (u, v) { return yFmt(v); },
    });
  });
  var xAxis = { label: chart.xLabel, stroke: AXIS.stroke, font: AXIS.font, labelFont: AXIS.labelFont, grid: GRID };
  if (percentile) {
    xAxis.splits = function (u, i, min, max) {
      var out = [];
      for (var v = 1; v <= max * 1.0001; v *= 10) if (v >= min * 0.9999) out.push(v);
      return out;
    };
    xAxis.values = function (u, splits) { return splits.map(percentileLabel); };
  } else {
    // Whole and half seconds only: windows are 1 s wide.
    xAxis.incrs = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
    xAxis.values = function (u, splits) { return splits.map(function (v) { return fmtNumber(v) + ' s'; }); };
  }
  var yMax = 0;
  chart.lines.forEach(function (l) {
    l.values.forEach(function (v) { if (v !== null && v > yMax) yMax = v; });
  });
  var height = 340;
  var opts = {
    width: chartWidth(el),
    height: height,
    scales: {
      x: percentile
        ? { time: false, distr: 3, log: 10, range: function (u, min, max) { return [1, Math.max(10, max)]; } }
        : { time: false },
      // From the data itself: uPlot's own min/max can miss a series that ends early (nulls after it).
      y: { range: function () { return [0, yMax > 0 ? yMax * 1.08 : 1]; } },
    },
    axes: [
      xAxis,
      { label: chart.yLabel, stroke: AXIS.stroke, font: AXIS.font, labelFont: AXIS.labelFont, grid: GRID, size: 80,
        values: function (u, splits) { return splits.map(yFmt); } },
    ],
    // Values under the cursor only when the legend stays short; many rounds make it a wall of dashes.
    legend: { live: chart.lines.length <= 4 },
    cursor: { drag: { x: true, y: false } },
    series: series,
  };
  var u = new uPlot(opts, [chart.x].concat(chart.lines.map(function (l) { return l.values; })), el);
  track(el, u, height);
  return u;
}

function shorten(text, max) {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

function barChart(el, chart) {
  var n = chart.categories.length;
  var labels = chart.categories.map(function (c) { return shorten(c, 44); });
  var longest = labels.reduce(function (m, l) { return Math.max(m, l.length); }, 0);
  var height = Math.max(180, n * 34 + 100);
  var bars = uPlot.paths.bars;
  var idx = labels.map(function (_, i) { return i; });
  var fmt = formatter('number');
  var opts = {
    width: chartWidth(el),
    height: height,
    scales: {
      x: { time: false, ori: 1, dir: -1, range: function () { return [-0.5, n - 0.5]; } },
      y: { ori: 0, range: function (u, min, max) { return [0, max > 0 ? max * 1.1 : 1]; } },
    },
    axes: [
      { scale: 'x', side: 3, size: Math.min(340, 24 + longest * 7), stroke: AXIS.stroke, font: AXIS.font,
        grid: { show: false }, ticks: { show: false },
        splits: function () { return idx; },
        values: function (u, splits) { return splits.map(function (i) { return labels[i] === undefined ? '' : labels[i]; }); } },
      { scale: 'y', side: 2, label: chart.valueLabel, incrs: COUNT_INCRS, stroke: AXIS.stroke, font: AXIS.font, labelFont: AXIS.labelFont, grid: GRID,
        values: function (u, splits) { return splits.map(fmt); } },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    series: [
      { label: 'category', value: function (u, v) { return v == null || labels[v] === undefined ? '–' : labels[v]; } },
      { label: 'baseline', stroke: COLOR.baseline, fill: COLOR.baseline, width: 0,
        paths: bars({ size: [0.4, 26], align: -1 }), points: { show: false }, value: function (u, v) { return fmt(v); } },
      { label: 'candidate', stroke: COLOR.candidate, fill: COLOR.candidate, width: 0,
        paths: bars({ size: [0.4, 26], align: 1 }), points: { show: false }, value: function (u, v) { return fmt(v); } },
    ],
  };
  var u = new uPlot(opts, [idx, chart.baseline, chart.candidate], el);
  track(el, u, height);
  return u;
}
`;

// src/report/html/client-page.ts
var CLIENT_PAGE_JS = String.raw`
var data = JSON.parse(document.getElementById('wg-data').textContent);
var main = document.getElementById('wg-main');
var nav = document.getElementById('wg-nav');

function h(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function section(id, title) {
  var s = h('section', 'wg-section');
  s.id = id;
  s.appendChild(h('h2', null, title));
  main.appendChild(s);
  var a = h('a', null, title);
  a.href = '#' + id;
  nav.appendChild(a);
  return s;
}

function table(columns, rows, cls) {
  var t = h('table', cls || null);
  var head = t.createTHead().insertRow();
  columns.forEach(function (c) { head.appendChild(h('th', null, c)); });
  var body = t.createTBody();
  rows.forEach(function (r) {
    var tr = body.insertRow();
    r.forEach(function (v) { tr.appendChild(h('td', null, v === null || v === undefined ? '–' : v)); });
  });
  return t;
}

function figure(parent, chart, draw, wide) {
  var f = h('figure', wide ? 'wg-figure wg-wide' : 'wg-figure');
  f.appendChild(h('h3', null, chart.title));
  var holder = h('div', 'wg-chart');
  holder.setAttribute('data-chart', chart.id);
  f.appendChild(holder);
  f.appendChild(h('figcaption', null, chart.caption));
  parent.appendChild(f);
  draw(holder, chart);
}

function unitValue(v, unit) {
  if (v === null || v === undefined) return '–';
  if (unit === 'bytes') return fmtNumber(v / 1024 / 1024) + ' MiB';
  if (unit === 'µs') return fmtNumber(v / 1000) + ' ms';
  return fmtNumber(v) + ' ' + unit;
}

function pct(v) {
  return v === null || v === undefined ? '–' : (v > 0 ? '+' : '') + v.toFixed(1) + ' %';
}

function sideText(s) {
  var parts = [s.status === null ? 'no answer' : String(s.status), s.class];
  if (s.error) parts.push(s.error);
  if (s.ruleIds.length) parts.push('rules ' + s.ruleIds.join(', '));
  return parts.join(' · ');
}

// Header: verdict, builds, reasons, counts.
(function header() {
  var c = data.candidate;
  var b = data.baseline;
  document.title = 'waf-gate ' + data.verdict.toUpperCase() + ' — ' + c.version;
  var verdict = document.getElementById('wg-verdict');
  verdict.textContent = data.verdict.toUpperCase();
  verdict.className = 'wg-verdict wg-' + data.verdict;
  document.getElementById('wg-builds').textContent =
    'candidate ' + c.version + (b ? ' against baseline ' + b.version : ' (no baseline)') + (data.mode === 'aa' ? ' (A/A)' : '');
  var s = section('wg-summary', 'Verdict');
  var ul = h('ul', 'wg-reasons');
  data.reasons.forEach(function (r) {
    var li = h('li', 'wg-' + r.severity, r.message);
    ul.appendChild(li);
  });
  s.appendChild(ul);
  var k = data.counts;
  var grid = h('div', 'wg-counts');
  [['new blocks', k.newBlocks], ['new passes', k.newPasses], ['new 5xx / no answer', k.newErrors],
   ['flagged domains', k.flaggedDomains], ['performance regressions', k.regressions],
   ['crashes', k.crashes], ['error-log findings', k.findings], ['ignored changes', k.ignored]]
    .forEach(function (x) {
      var d = h('div', x[1] > 0 ? 'wg-count wg-nonzero' : 'wg-count');
      d.appendChild(h('span', 'wg-count-n', fmtNumber(x[1])));
      d.appendChild(h('span', 'wg-count-l', x[0]));
      grid.appendChild(d);
    });
  s.appendChild(grid);
  data.notes.forEach(function (n) { s.appendChild(h('p', 'wg-note', n)); });
})();

if (data.metrics.length || data.qps || data.latency) {
  var perf = section('wg-performance', 'Performance');
  if (data.metrics.length) {
    perf.appendChild(table(['Metric', 'Baseline median', 'Candidate median', 'Δ', 'CI of Δ', 'p', 'Threshold', 'Result'],
      data.metrics.map(function (m) {
        return [m.label, unitValue(m.baselineMedian, m.unit), unitValue(m.candidateMedian, m.unit), pct(m.deltaPct),
          m.ci ? pct(m.ci.lowPct) + ' … ' + pct(m.ci.highPct) : '–',
          m.pValue === null ? '–' : m.pValue < 0.001 ? '< 0.001' : m.pValue.toFixed(3),
          m.thresholdPct === null ? '–' : (m.betterWhen === 'lower' ? '+' : '−') + m.thresholdPct + ' %', m.result];
      }), 'wg-metrics'));
  }
  var row = h('div', 'wg-grid');
  perf.appendChild(row);
  if (data.qps) figure(row, data.qps, lineChart, true);
  if (data.latency) figure(row, data.latency, lineChart, true);
}

if (data.resources.length) {
  var res = section('wg-resources', 'CPU and memory over time');
  var grid = h('div', 'wg-grid');
  res.appendChild(grid);
  data.resources.forEach(function (c) { figure(grid, c, lineChart, false); });
}

if (data.domains.length) {
  var dom = section('wg-domains', 'Domains');
  var bars = h('div', 'wg-grid');
  dom.appendChild(bars);
  if (data.anomalies) figure(bars, data.anomalies, barChart, false);
  if (data.statuses) figure(bars, data.statuses, barChart, false);
  dom.appendChild(table(['Domain', 'Requests', 'Blocked (B → C)', '5xx / no answer (B → C)', 'New blocks', 'New passes', 'New errors', 'Flagged'],
    data.domains.map(function (d) {
      return [d.domain, fmtNumber(d.requests.candidate), d.blocked.baseline + ' → ' + d.blocked.candidate,
        d.errors.baseline + ' → ' + d.errors.candidate, d.newBlocks, d.newPasses, d.newErrors, d.flagged ? 'yes' : 'no'];
    }), 'wg-domain-table'));
}

if (data.changes.total > 0) {
  var ch = section('wg-changes', 'Changed requests');
  var tools = h('div', 'wg-tools');
  var filter = h('input');
  filter.type = 'search';
  filter.id = 'wg-filter';
  filter.placeholder = 'Filter: any text of a row (domain, request, rule id, status)…';
  filter.setAttribute('aria-label', 'Filter changed requests');
  var kind = h('select');
  kind.id = 'wg-kind';
  kind.setAttribute('aria-label', 'Kind of change');
  var kinds = [''].concat(data.changes.rows.map(function (r) { return r.kind; }).filter(function (k, i, a) { return a.indexOf(k) === i; }));
  kinds.forEach(function (k) { var o = h('option', null, k === '' ? 'every kind' : k); o.value = k; kind.appendChild(o); });
  var shown = h('span', 'wg-shown');
  shown.id = 'wg-shown';
  tools.appendChild(filter);
  tools.appendChild(kind);
  tools.appendChild(shown);
  ch.appendChild(tools);
  var t = table(['Kind', 'Domain', 'Request', 'Corpus entry', 'Baseline', 'Candidate', 'Ignored'],
    data.changes.rows.map(function (r) {
      return [r.kind, r.domain, r.requestLine, r.where, sideText(r.baseline), sideText(r.candidate), r.ignored || ''];
    }), 'wg-changes-table');
  t.id = 'wg-changes-table';
  var rows = Array.prototype.slice.call(t.tBodies[0].rows);
  var texts = rows.map(function (tr) { return tr.textContent.toLowerCase(); });
  ch.appendChild(t);
  var apply = function () {
    var q = filter.value.trim().toLowerCase();
    var k = kind.value;
    var n = 0;
    rows.forEach(function (tr, i) {
      var ok = (q === '' || texts[i].indexOf(q) >= 0) && (k === '' || data.changes.rows[i].kind === k);
      tr.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + data.changes.rows.length + ' shown' +
      (data.changes.total > data.changes.rows.length ? ' (' + data.changes.total + ' changed in all)' : '');
  };
  filter.addEventListener('input', apply);
  kind.addEventListener('change', apply);
  apply();
}

if (data.findings.length) {
  var fi = section('wg-findings', 'Crashes and error-log findings');
  fi.appendChild(table(['Build', 'Where', 'Kind', 'Line'], data.findings.map(function (f) {
    return [f.side, f.source, f.kind, f.text];
  }), 'wg-findings-table'));
}

data.optionalSections.forEach(function (o) {
  var s = section('wg-opt-' + o.id, o.title);
  o.paragraphs.forEach(function (p) { s.appendChild(h('p', null, p)); });
  if (o.table) s.appendChild(table(o.table.columns, o.table.rows));
  if (o.chart) figure(s, o.chart, lineChart, true);
});

var params = section('wg-parameters', 'Run parameters');
params.appendChild(table(['', 'Baseline', 'Candidate'], data.environment.map(function (e) {
  return [e.key, e.baseline, e.candidate];
}), 'wg-env'));

if (data.missing.length) {
  var mi = section('wg-missing', 'Not shown');
  var ml = h('ul');
  data.missing.forEach(function (m) { ml.appendChild(h('li', null, m)); });
  mi.appendChild(ml);
}

document.documentElement.setAttribute('data-rendered', String(charts.length));
`;

// src/report/html/vendor-uplot.ts
var UPLOT_VERSION = "1.6.32";
var UPLOT_JS = '/*! https://github.com/leeoniya/uPlot (v1.6.32) */\nvar uPlot=function(){"use strict";const l="u-off",e="u-label",t="width",n="height",i="top",o="bottom",s="left",r="right",u="#000",a=u+"0",f="mousemove",c="mousedown",h="mouseup",d="mouseenter",p="mouseleave",m="dblclick",g="change",x="dppxchange",w="--",_="undefined"!=typeof window,b=_?document:null,v=_?window:null,k=_?navigator:null;let y,M;function S(l,e){if(null!=e){let t=l.classList;!t.contains(e)&&t.add(e)}}function T(l,e){let t=l.classList;t.contains(e)&&t.remove(e)}function E(l,e,t){l.style[e]=t+"px"}function z(l,e,t,n){let i=b.createElement(l);return null!=e&&S(i,e),null!=t&&t.insertBefore(i,n),i}function D(l,e){return z("div",l,e)}const P=new WeakMap;function A(e,t,n,i,o){let s="translate("+t+"px,"+n+"px)";s!=P.get(e)&&(e.style.transform=s,P.set(e,s),0>t||0>n||t>i||n>o?S(e,l):T(e,l))}const W=new WeakMap;function Y(l,e,t){let n=e+t;n!=W.get(l)&&(W.set(l,n),l.style.background=e,l.style.borderColor=t)}const C=new WeakMap;function H(l,e,t,n){let i=e+""+t;i!=C.get(l)&&(C.set(l,i),l.style.height=t+"px",l.style.width=e+"px",l.style.marginLeft=n?-e/2+"px":0,l.style.marginTop=n?-t/2+"px":0)}const F={passive:!0},R={...F,capture:!0};function G(l,e,t,n){e.addEventListener(l,t,n?R:F)}function I(l,e,t){e.removeEventListener(l,t,F)}function L(l,e,t,n){let i;t=t||0;let o=2147483647>=(n=n||e.length-1);for(;n-t>1;)i=o?t+n>>1:sl((t+n)/2),l>e[i]?t=i:n=i;return l-e[t]>e[n]-l?n:t}function O(l){return(e,t,n)=>{let i=-1,o=-1;for(let o=t;n>=o;o++)if(l(e[o])){i=o;break}for(let i=n;i>=t;i--)if(l(e[i])){o=i;break}return[i,o]}}_&&function l(){let e=devicePixelRatio;y!=e&&(y=e,M&&I(g,M,l),M=matchMedia(`(min-resolution: ${y-.001}dppx) and (max-resolution: ${y+.001}dppx)`),G(g,M,l),v.dispatchEvent(new CustomEvent(x)))}();const N=l=>null!=l,j=l=>null!=l&&l>0,U=O(N),V=O(j);function B(l,e,t,n){let i=hl(l),o=hl(e);l==e&&(-1==i?(l*=t,e/=t):(l/=t,e*=t));let s=10==t?dl:pl,r=1==o?ul:sl,u=(1==i?sl:ul)(s(ol(l))),a=r(s(ol(e))),f=cl(t,u),c=cl(t,a);return 10==t&&(0>u&&(f=Al(f,-u)),0>a&&(c=Al(c,-a))),n||2==t?(l=f*i,e=c*o):(l=Pl(l,f),e=Dl(e,c)),[l,e]}function $(l,e,t,n){let i=B(l,e,t,n);return 0==l&&(i[0]=0),0==e&&(i[1]=0),i}const J=.1,q={mode:3,pad:J},K={pad:0,soft:null,mode:0},X={min:K,max:K};function Z(l,e,t,n){return Ol(t)?ll(l,e,t):(K.pad=t,K.soft=n?0:null,K.mode=n?3:0,ll(l,e,X))}function Q(l,e){return null==l?e:l}function ll(l,e,t){let n=t.min,i=t.max,o=Q(n.pad,0),s=Q(i.pad,0),r=Q(n.hard,-gl),u=Q(i.hard,gl),a=Q(n.soft,gl),f=Q(i.soft,-gl),c=Q(n.mode,0),h=Q(i.mode,0),d=e-l,p=dl(d),m=fl(ol(l),ol(e)),g=dl(m),x=ol(g-p);(1e-24>d||x>10)&&(d=0,0!=l&&0!=e||(d=1e-24,2==c&&a!=gl&&(o=0),2==h&&f!=-gl&&(s=0)));let w=d||m||1e3,_=dl(w),b=cl(10,sl(_)),v=Al(Pl(l-w*(0==d?0==l?.1:1:o),b/10),24),k=a>l||1!=c&&(3!=c||v>a)&&(2!=c||a>v)?gl:a,y=fl(r,k>v&&l>=k?k:al(k,v)),M=Al(Dl(e+w*(0==d?0==e?.1:1:s),b/10),24),S=e>f||1!=h&&(3!=h||f>M)&&(2!=h||M>f)?-gl:f,T=al(u,M>S&&S>=e?S:fl(S,M));return y==T&&0==y&&(T=100),[y,T]}const el=new Intl.NumberFormat(_?k.language:"en-US"),tl=l=>el.format(l),nl=Math,il=nl.PI,ol=nl.abs,sl=nl.floor,rl=nl.round,ul=nl.ceil,al=nl.min,fl=nl.max,cl=nl.pow,hl=nl.sign,dl=nl.log10,pl=nl.log2,ml=(l,e=1)=>nl.asinh(l/e),gl=1/0;function xl(l){return 1+(0|dl((l^l>>31)-(l>>31)))}function wl(l,e,t){return al(fl(l,e),t)}function _l(l){return"function"==typeof l}function bl(l){return _l(l)?l:()=>l}const vl=l=>l,kl=(l,e)=>e,yl=()=>null,Ml=()=>!0,Sl=(l,e)=>l==e,Tl=/\\.\\d*?(?=9{6,}|0{6,})/gm,El=l=>{if(Il(l)||Wl.has(l))return l;const e=""+l,t=e.match(Tl);if(null==t)return l;let n=t[0].length-1;if(-1!=e.indexOf("e-")){let[l,t]=e.split("e");return+`${El(l)}e${t}`}return Al(l,n)};function zl(l,e){return El(Al(El(l/e))*e)}function Dl(l,e){return El(ul(El(l/e))*e)}function Pl(l,e){return El(sl(El(l/e))*e)}function Al(l,e=0){if(Il(l))return l;let t=10**e;return rl(l*t*(1+Number.EPSILON))/t}const Wl=new Map;function Yl(l){return((""+l).split(".")[1]||"").length}function Cl(l,e,t,n){let i=[],o=n.map(Yl);for(let s=e;t>s;s++){let e=ol(s),t=Al(cl(l,s),e);for(let r=0;n.length>r;r++){let u=10==l?+`${n[r]}e${s}`:n[r]*t,a=(0>s?e:0)+(o[r]>s?o[r]:0),f=10==l?u:Al(u,a);i.push(f),Wl.set(f,a)}}return i}const Hl={},Fl=[],Rl=[null,null],Gl=Array.isArray,Il=Number.isInteger;function Ll(l){return"string"==typeof l}function Ol(l){let e=!1;if(null!=l){let t=l.constructor;e=null==t||t==Object}return e}function Nl(l){return null!=l&&"object"==typeof l}const jl=Object.getPrototypeOf(Uint8Array),Ul="__proto__";function Vl(l,e=Ol){let t;if(Gl(l)){let n=l.find((l=>null!=l));if(Gl(n)||e(n)){t=Array(l.length);for(let n=0;l.length>n;n++)t[n]=Vl(l[n],e)}else t=l.slice()}else if(l instanceof jl)t=l.slice();else if(e(l)){t={};for(let n in l)n!=Ul&&(t[n]=Vl(l[n],e))}else t=l;return t}function Bl(l){let e=arguments;for(let t=1;e.length>t;t++){let n=e[t];for(let e in n)e!=Ul&&(Ol(l[e])?Bl(l[e],Vl(n[e])):l[e]=Vl(n[e]))}return l}function $l(l,e,t){for(let n,i=0,o=-1;e.length>i;i++){let s=e[i];if(s>o){for(n=s-1;n>=0&&null==l[n];)l[n--]=null;for(n=s+1;t>n&&null==l[n];)l[o=n++]=null}}}const Jl="undefined"==typeof queueMicrotask?l=>Promise.resolve().then(l):queueMicrotask,ql=["January","February","March","April","May","June","July","August","September","October","November","December"],Kl=["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"];function Xl(l){return l.slice(0,3)}const Zl=Kl.map(Xl),Ql=ql.map(Xl),le={MMMM:ql,MMM:Ql,WWWW:Kl,WWW:Zl};function ee(l){return(10>l?"0":"")+l}const te={YYYY:l=>l.getFullYear(),YY:l=>(l.getFullYear()+"").slice(2),MMMM:(l,e)=>e.MMMM[l.getMonth()],MMM:(l,e)=>e.MMM[l.getMonth()],MM:l=>ee(l.getMonth()+1),M:l=>l.getMonth()+1,DD:l=>ee(l.getDate()),D:l=>l.getDate(),WWWW:(l,e)=>e.WWWW[l.getDay()],WWW:(l,e)=>e.WWW[l.getDay()],HH:l=>ee(l.getHours()),H:l=>l.getHours(),h:l=>{let e=l.getHours();return 0==e?12:e>12?e-12:e},AA:l=>12>l.getHours()?"AM":"PM",aa:l=>12>l.getHours()?"am":"pm",a:l=>12>l.getHours()?"a":"p",mm:l=>ee(l.getMinutes()),m:l=>l.getMinutes(),ss:l=>ee(l.getSeconds()),s:l=>l.getSeconds(),fff:l=>function(l){return(10>l?"00":100>l?"0":"")+l}(l.getMilliseconds())};function ne(l,e){e=e||le;let t,n=[],i=/\\{([a-z]+)\\}|[^{]+/gi;for(;t=i.exec(l);)n.push("{"==t[0][0]?te[t[1]]:t[0]);return l=>{let t="";for(let i=0;n.length>i;i++)t+="string"==typeof n[i]?n[i]:n[i](l,e);return t}}const ie=(new Intl.DateTimeFormat).resolvedOptions().timeZone,oe=l=>l%1==0,se=[1,2,2.5,5],re=Cl(10,-32,0,se),ue=Cl(10,0,32,se),ae=ue.filter(oe),fe=re.concat(ue),ce="{YYYY}",he="\\n"+ce,de="{M}/{D}",pe="\\n"+de,me=pe+"/{YY}",ge="{aa}",xe="{h}:{mm}"+ge,we="\\n"+xe,_e=":{ss}",be=null;function ve(l){let e=1e3*l,t=60*e,n=60*t,i=24*n,o=30*i,s=365*i;return[(1==l?Cl(10,0,3,se).filter(oe):Cl(10,-3,0,se)).concat([e,5*e,10*e,15*e,30*e,t,5*t,10*t,15*t,30*t,n,2*n,3*n,4*n,6*n,8*n,12*n,i,2*i,3*i,4*i,5*i,6*i,7*i,8*i,9*i,10*i,15*i,o,2*o,3*o,4*o,6*o,s,2*s,5*s,10*s,25*s,50*s,100*s]),[[s,ce,be,be,be,be,be,be,1],[28*i,"{MMM}",he,be,be,be,be,be,1],[i,de,he,be,be,be,be,be,1],[n,"{h}"+ge,me,be,pe,be,be,be,1],[t,xe,me,be,pe,be,be,be,1],[e,_e,me+" "+xe,be,pe+" "+xe,be,we,be,1],[l,_e+".{fff}",me+" "+xe,be,pe+" "+xe,be,we,be,1]],function(e){return(r,u,a,f,c,h)=>{let d=[],p=c>=s,m=c>=o&&s>c,g=e(a),x=Al(g*l,3),w=Pe(g.getFullYear(),p?0:g.getMonth(),m||p?1:g.getDate()),_=Al(w*l,3);if(m||p){let t=m?c/o:0,n=p?c/s:0,i=x==_?x:Al(Pe(w.getFullYear()+n,w.getMonth()+t,1)*l,3),r=new Date(rl(i/l)),u=r.getFullYear(),a=r.getMonth();for(let o=0;f>=i;o++){let s=Pe(u+n*o,a+t*o,1),r=s-e(Al(s*l,3));i=Al((+s+r)*l,3),i>f||d.push(i)}}else{let o=i>c?c:i,s=_+(sl(a)-sl(x))+Dl(x-_,o);d.push(s);let p=e(s),m=p.getHours()+p.getMinutes()/t+p.getSeconds()/n,g=c/n,w=h/r.axes[u]._space;for(;s=Al(s+c,1==l?0:3),f>=s;)if(g>1){let l=sl(Al(m+g,6))%24,t=e(s).getHours()-l;t>1&&(t=-1),s-=t*n,m=(m+g)%24,.7>Al((s-d[d.length-1])/c,3)*w||d.push(s)}else d.push(s)}return d}}]}const[ke,ye,Me]=ve(1),[Se,Te,Ee]=ve(.001);function ze(l,e){return l.map((l=>l.map(((t,n)=>0==n||8==n||null==t?t:e(1==n||0==l[8]?t:l[1]+t)))))}function De(l,e){return(t,n,i,o,s)=>{let r,u,a,f,c,h,d=e.find((l=>s>=l[0]))||e[e.length-1];return n.map((e=>{let t=l(e),n=t.getFullYear(),i=t.getMonth(),o=t.getDate(),s=t.getHours(),p=t.getMinutes(),m=t.getSeconds(),g=n!=r&&d[2]||i!=u&&d[3]||o!=a&&d[4]||s!=f&&d[5]||p!=c&&d[6]||m!=h&&d[7]||d[1];return r=n,u=i,a=o,f=s,c=p,h=m,g(t)}))}}function Pe(l,e,t){return new Date(l,e,t)}function Ae(l,e){return e(l)}function We(l,e){return(t,n,i,o)=>null==o?w:e(l(n))}Cl(2,-53,53,[1]);const Ye={show:!0,live:!0,isolate:!1,mount:()=>{},markers:{show:!0,width:2,stroke:function(l,e){let t=l.series[e];return t.width?t.stroke(l,e):t.points.width?t.points.stroke(l,e):null},fill:function(l,e){return l.series[e].fill(l,e)},dash:"solid"},idx:null,idxs:null,values:[]},Ce=[0,0];function He(l,e,t,n=!0){return l=>{0==l.button&&(!n||l.target==e)&&t(l)}}function Fe(l,e,t,n=!0){return l=>{(!n||l.target==e)&&t(l)}}const Re={show:!0,x:!0,y:!0,lock:!1,move:function(l,e,t){return Ce[0]=e,Ce[1]=t,Ce},points:{one:!1,show:function(l,e){let i=l.cursor.points,o=D(),s=i.size(l,e);E(o,t,s),E(o,n,s);let r=s/-2;E(o,"marginLeft",r),E(o,"marginTop",r);let u=i.width(l,e,s);return u&&E(o,"borderWidth",u),o},size:function(l,e){return l.series[e].points.size},width:0,stroke:function(l,e){let t=l.series[e].points;return t._stroke||t._fill},fill:function(l,e){let t=l.series[e].points;return t._fill||t._stroke}},bind:{mousedown:He,mouseup:He,click:He,dblclick:He,mousemove:Fe,mouseleave:Fe,mouseenter:Fe},drag:{setScale:!0,x:!0,y:!1,dist:0,uni:null,click:(l,e)=>{e.stopPropagation(),e.stopImmediatePropagation()},_x:!1,_y:!1},focus:{dist:(l,e,t,n,i)=>n-i,prox:-1,bias:0},hover:{skip:[void 0],prox:null,bias:0},left:-10,top:-10,idx:null,dataIdx:null,idxs:null,event:null},Ge={show:!0,stroke:"rgba(0,0,0,0.07)",width:2},Ie=Bl({},Ge,{filter:kl}),Le=Bl({},Ie,{size:10}),Oe=Bl({},Ge,{show:!1}),Ne=\'12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"\',je="bold "+Ne,Ue={show:!0,scale:"x",stroke:u,space:50,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:je,side:2,grid:Ie,ticks:Le,border:Oe,font:Ne,lineGap:1.5,rotate:0},Ve={show:!0,scale:"x",auto:!1,sorted:1,min:gl,max:-gl,idxs:[]};function Be(l,e){return e.map((l=>null==l?"":tl(l)))}function $e(l,e,t,n,i,o,s){let r=[],u=Wl.get(i)||0;for(let l=t=s?t:Al(Dl(t,i),u);n>=l;l=Al(l+i,u))r.push(Object.is(l,-0)?0:l);return r}function Je(l,e,t,n,i){const o=[],s=l.scales[l.axes[e].scale].log,r=sl((10==s?dl:pl)(t));i=cl(s,r),10==s&&(i=fe[L(i,fe)]);let u=t,a=i*s;10==s&&(a=fe[L(a,fe)]);do{o.push(u),u+=i,10!=s||Wl.has(u)||(u=Al(u,Wl.get(i))),a>u||(a=(i=u)*s,10==s&&(a=fe[L(a,fe)]))}while(n>=u);return o}function qe(l,e,t,n,i){let o=l.scales[l.axes[e].scale].asinh,s=n>o?Je(l,e,fl(o,t),n,i):[o],r=0>n||t>0?[]:[0];return(-o>t?Je(l,e,fl(o,-n),-t,i):[o]).reverse().map((l=>-l)).concat(r,s)}const Ke=/./,Xe=/[12357]/,Ze=/[125]/,Qe=/1/,lt=(l,e,t,n)=>l.map(((l,i)=>4==e&&0==l||i%n==0&&t.test(l.toExponential()[0>l?1:0])?l:null));function et(l,e,t){let n=l.axes[t],i=n.scale,o=l.scales[i],s=l.valToPos,r=n._space,u=s(10,i),a=s(9,i)-u<r?s(7,i)-u<r?s(5,i)-u<r?Qe:Ze:Xe:Ke;if(a==Qe){let l=ol(s(1,i)-u);if(r>l)return lt(e.slice().reverse(),o.distr,a,ul(r/l)).reverse()}return lt(e,o.distr,a,1)}function tt(l,e,t){let n=l.axes[t],i=n.scale,o=n._space,s=l.valToPos,r=ol(s(1,i)-s(2,i));return o>r?lt(e.slice().reverse(),3,Ke,ul(o/r)).reverse():e}function nt(l,e,t,n){return null==n?w:null==e?"":tl(e)}const it={show:!0,scale:"y",stroke:u,space:30,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:je,side:3,grid:Ie,ticks:Le,border:Oe,font:Ne,lineGap:1.5,rotate:0},ot={scale:null,auto:!0,sorted:0,min:gl,max:-gl},st=(l,e,t,n,i)=>i,rt={show:!0,auto:!0,sorted:0,gaps:st,alpha:1,facets:[Bl({},ot,{scale:"x"}),Bl({},ot,{scale:"y"})]},ut={scale:"y",auto:!0,sorted:0,show:!0,spanGaps:!1,gaps:st,alpha:1,points:{show:function(l,e){let{scale:t,idxs:n}=l.series[0],i=l._data[0],o=l.valToPos(i[n[0]],t,!0),s=l.valToPos(i[n[1]],t,!0);return ol(s-o)/(l.series[e].points.space*y)>=n[1]-n[0]},filter:null},values:null,min:gl,max:-gl,idxs:[],path:null,clip:null};function at(l,e,t){return t/10}const ft={time:!0,auto:!0,distr:1,log:10,asinh:1,min:null,max:null,dir:1,ori:0},ct=Bl({},ft,{time:!1,ori:1}),ht={};function dt(l){let e=ht[l];return e||(e={key:l,plots:[],sub(l){e.plots.push(l)},unsub(l){e.plots=e.plots.filter((e=>e!=l))},pub(l,t,n,i,o,s,r){for(let u=0;e.plots.length>u;u++)e.plots[u]!=t&&e.plots[u].pub(l,t,n,i,o,s,r)}},null!=l&&(ht[l]=e)),e}function pt(l,e,t){const n=l.mode,i=l.series[e],o=2==n?l._data[e]:l._data,s=l.scales,r=l.bbox;let u=o[0],a=2==n?o[1]:o[e],f=2==n?s[i.facets[0].scale]:s[l.series[0].scale],c=2==n?s[i.facets[1].scale]:s[i.scale],h=r.left,d=r.top,p=r.width,m=r.height,g=l.valToPosH,x=l.valToPosV;return 0==f.ori?t(i,u,a,f,c,g,x,h,d,p,m,kt,Mt,Tt,zt,Pt):t(i,u,a,f,c,x,g,d,h,m,p,yt,St,Et,Dt,At)}function mt(l,e){let t=0,n=0,i=Q(l.bands,Fl);for(let l=0;i.length>l;l++){let o=i[l];o.series[0]==e?t=o.dir:o.series[1]==e&&(n|=1==o.dir?1:2)}return[t,1==n?-1:2==n?1:3==n?2:0]}function gt(l,e,t,n,i){let o=l.series[e],s=l.scales[2==l.mode?o.facets[1].scale:o.scale];return-1==i?s.min:1==i?s.max:3==s.distr?1==s.dir?s.min:s.max:0}function xt(l,e,t,n,i,o){return pt(l,e,((l,e,s,r,u,a,f,c,h,d,p)=>{let m=l.pxRound;const g=0==r.ori?Mt:St;let x,w;1==r.dir*(0==r.ori?1:-1)?(x=t,w=n):(x=n,w=t);let _=m(a(e[x],r,d,c)),b=m(f(s[x],u,p,h)),v=m(a(e[w],r,d,c)),k=m(f(1==o?u.max:u.min,u,p,h)),y=new Path2D(i);return g(y,v,k),g(y,_,k),g(y,_,b),y}))}function wt(l,e,t,n,i,o){let s=null;if(l.length>0){s=new Path2D;const r=0==e?Tt:Et;let u=t;for(let e=0;l.length>e;e++){let t=l[e];if(t[1]>t[0]){let l=t[0]-u;l>0&&r(s,u,n,l,n+o),u=t[1]}}let a=t+i-u,f=10;a>0&&r(s,u,n-f/2,a,n+o+f)}return s}function _t(l,e,t,n,i,o,s){let r=[],u=l.length;for(let a=1==i?t:n;a>=t&&n>=a;a+=i)if(null===e[a]){let f=a,c=a;if(1==i)for(;++a<=n&&null===e[a];)c=a;else for(;--a>=t&&null===e[a];)c=a;let h=o(l[f]),d=c==f?h:o(l[c]),p=f-i;h=s>0||0>p||p>=u?h:o(l[p]);let m=c+i;d=0>s||0>m||m>=u?d:o(l[m]),h>d||r.push([h,d])}return r}function bt(l){return 0==l?vl:1==l?rl:e=>zl(e,l)}function vt(l){let e=0==l?kt:yt,t=0==l?(l,e,t,n,i,o)=>{l.arcTo(e,t,n,i,o)}:(l,e,t,n,i,o)=>{l.arcTo(t,e,i,n,o)},n=0==l?(l,e,t,n,i)=>{l.rect(e,t,n,i)}:(l,e,t,n,i)=>{l.rect(t,e,i,n)};return(l,i,o,s,r,u=0,a=0)=>{0==u&&0==a?n(l,i,o,s,r):(u=al(u,s/2,r/2),a=al(a,s/2,r/2),e(l,i+u,o),t(l,i+s,o,i+s,o+r,u),t(l,i+s,o+r,i,o+r,a),t(l,i,o+r,i,o,a),t(l,i,o,i+s,o,u),l.closePath())}}const kt=(l,e,t)=>{l.moveTo(e,t)},yt=(l,e,t)=>{l.moveTo(t,e)},Mt=(l,e,t)=>{l.lineTo(e,t)},St=(l,e,t)=>{l.lineTo(t,e)},Tt=vt(0),Et=vt(1),zt=(l,e,t,n,i,o)=>{l.arc(e,t,n,i,o)},Dt=(l,e,t,n,i,o)=>{l.arc(t,e,n,i,o)},Pt=(l,e,t,n,i,o,s)=>{l.bezierCurveTo(e,t,n,i,o,s)},At=(l,e,t,n,i,o,s)=>{l.bezierCurveTo(t,e,i,n,s,o)};function Wt(){return(l,e,t,n,i)=>pt(l,e,((e,o,s,r,u,a,f,c,h,d,p)=>{let m,g,{pxRound:x,points:w}=e;0==r.ori?(m=kt,g=zt):(m=yt,g=Dt);const _=Al(w.width*y,3);let b=(w.size-w.width)/2*y,v=Al(2*b,3),k=new Path2D,M=new Path2D,{left:S,top:T,width:E,height:z}=l.bbox;Tt(M,S-v,T-v,E+2*v,z+2*v);const D=l=>{if(null!=s[l]){let e=x(a(o[l],r,d,c)),t=x(f(s[l],u,p,h));m(k,e+b,t),g(k,e,t,b,0,2*il)}};if(i)i.forEach(D);else for(let l=t;n>=l;l++)D(l);return{stroke:_>0?k:null,fill:k,clip:M,flags:3}}))}function Yt(l){return(e,t,n,i,o,s)=>{n!=i&&(o!=n&&s!=n&&l(e,t,n),o!=i&&s!=i&&l(e,t,i),l(e,t,s))}}const Ct=Yt(Mt),Ht=Yt(St);function Ft(l){const e=Q(l?.alignGaps,0);return(l,t,n,i)=>pt(l,t,((o,s,r,u,a,f,c,h,d,p,m)=>{[n,i]=U(r,n,i);let g,x,w=o.pxRound,_=l=>w(f(l,u,p,h)),b=l=>w(c(l,a,m,d));0==u.ori?(g=Mt,x=Ct):(g=St,x=Ht);const v=u.dir*(0==u.ori?1:-1),k={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:1},y=k.stroke;let M=!1;if(i-n<4*p)for(let l=1==v?n:i;l>=n&&i>=l;l+=v){let e=r[l];null===e?M=!0:null!=e&&g(y,_(s[l]),b(e))}else{let e,t,o,a=e=>l.posToVal(e,u.key,!0),f=null,c=null,h=_(s[1==v?n:i]),d=_(s[n]),p=_(s[i]),m=a(1==v?d+1:p-1);for(let l=1==v?n:i;l>=n&&i>=l;l+=v){let n=s[l],i=(1==v?m>n:n>m)?h:_(n),o=r[l];i==h?null!=o?(t=o,null==f?(g(y,i,b(t)),e=f=c=t):f>t?f=t:t>c&&(c=t)):null===o&&(M=!0):(null!=f&&x(y,h,b(f),b(c),b(e),b(t)),null!=o?(t=o,g(y,i,b(t)),f=c=e=t):(f=c=null,null===o&&(M=!0)),h=i,m=a(h+v))}null!=f&&f!=c&&o!=h&&x(y,h,b(f),b(c),b(e),b(t))}let[S,T]=mt(l,t);if(null!=o.fill||0!=S){let e=k.fill=new Path2D(y),r=b(o.fillTo(l,t,o.min,o.max,S)),u=_(s[n]),a=_(s[i]);-1==v&&([a,u]=[u,a]),g(e,a,r),g(e,u,r)}if(!o.spanGaps){let a=[];M&&a.push(..._t(s,r,n,i,v,_,e)),k.gaps=a=o.gaps(l,t,n,i,a),k.clip=wt(a,u.ori,h,d,p,m)}return 0!=T&&(k.band=2==T?[xt(l,t,n,i,y,-1),xt(l,t,n,i,y,1)]:xt(l,t,n,i,y,T)),k}))}function Rt(l,e,t,n,i,o,s=gl){if(l.length>1){let r=null;for(let u=0,a=1/0;l.length>u;u++)if(void 0!==e[u]){if(null!=r){let e=ol(l[u]-l[r]);a>e&&(a=e,s=ol(t(l[u],n,i,o)-t(l[r],n,i,o)))}r=u}}return s}function Gt(l,e,t,n,i){const o=l.length;if(2>o)return null;const s=new Path2D;if(t(s,l[0],e[0]),2==o)n(s,l[1],e[1]);else{let t=Array(o),n=Array(o-1),r=Array(o-1),u=Array(o-1);for(let t=0;o-1>t;t++)r[t]=e[t+1]-e[t],u[t]=l[t+1]-l[t],n[t]=r[t]/u[t];t[0]=n[0];for(let l=1;o-1>l;l++)0===n[l]||0===n[l-1]||n[l-1]>0!=n[l]>0?t[l]=0:(t[l]=3*(u[l-1]+u[l])/((2*u[l]+u[l-1])/n[l-1]+(u[l]+2*u[l-1])/n[l]),isFinite(t[l])||(t[l]=0));t[o-1]=n[o-2];for(let n=0;o-1>n;n++)i(s,l[n]+u[n]/3,e[n]+t[n]*u[n]/3,l[n+1]-u[n]/3,e[n+1]-t[n+1]*u[n]/3,l[n+1],e[n+1])}return s}const It=new Set;function Lt(){for(let l of It)l.syncRect(!0)}_&&(G("resize",v,Lt),G("scroll",v,Lt,!0),G(x,v,(()=>{en.pxRatio=y})));const Ot=Ft(),Nt=Wt();function jt(l,e,t,n){return(n?[l[0],l[1]].concat(l.slice(2)):[l[0]].concat(l.slice(1))).map(((l,n)=>Ut(l,n,e,t)))}function Ut(l,e,t,n){return Bl({},0==e?t:n,l)}function Vt(l,e,t){return null==e?Rl:[e,t]}const Bt=Vt;function $t(l,e,t){return null==e?Rl:Z(e,t,J,!0)}function Jt(l,e,t,n){return null==e?Rl:B(e,t,l.scales[n].log,!1)}const qt=Jt;function Kt(l,e,t,n){return null==e?Rl:$(e,t,l.scales[n].log,!1)}const Xt=Kt;function Zt(l,e,t,n,i){let o=fl(xl(l),xl(e)),s=e-l,r=L(i/n*s,t);do{let l=t[r],e=n*l/s;if(e>=i&&17>=o+(5>l?Wl.get(l):0))return[l,e]}while(++r<t.length);return[0,0]}function Qt(l){let e,t;return[l=l.replace(/(\\d+)px/,((l,n)=>(e=rl((t=+n)*y))+"px")),e,t]}function ln(l){l.show&&[l.font,l.labelFont].forEach((l=>{let e=Al(l[2]*y,1);l[0]=l[0].replace(/[0-9.]+px/,e+"px"),l[1]=e}))}function en(u,g,_){const k={mode:Q(u.mode,1)},M=k.mode;function P(l,e,t,n){let i=e.valToPct(l);return n+t*(-1==e.dir?1-i:i)}function W(l,e,t,n){let i=e.valToPct(l);return n+t*(-1==e.dir?i:1-i)}function C(l,e,t,n){return 0==e.ori?P(l,e,t,n):W(l,e,t,n)}k.valToPosH=P,k.valToPosV=W;let F=!1;k.status=0;const R=k.root=D("uplot");null!=u.id&&(R.id=u.id),S(R,u.class),u.title&&(D("u-title",R).textContent=u.title);const O=z("canvas"),K=k.ctx=O.getContext("2d"),X=D("u-wrap",R);G("click",X,(l=>{l.target===el&&(Nn!=Gn||jn!=In)&&Zn.click(k,l)}),!0);const ll=k.under=D("u-under",X);X.appendChild(O);const el=k.over=D("u-over",X),tl=+Q((u=Vl(u)).pxAlign,1),sl=bt(tl);(u.plugins||[]).forEach((l=>{l.opts&&(u=l.opts(k,u)||u)}));const hl=u.ms||.001,pl=k.series=1==M?jt(u.series||[],Ve,ut,!1):function(l,e){return l.map(((l,t)=>0==t?{}:Bl({},e,l)))}(u.series||[null],rt),xl=k.axes=jt(u.axes||[],Ue,it,!0),vl=k.scales={},Tl=k.bands=u.bands||[];Tl.forEach((l=>{l.fill=bl(l.fill||null),l.dir=Q(l.dir,-1)}));const El=2==M?pl[1].facets[0].scale:pl[0].scale,Dl={axes:function(){for(let l=0;xl.length>l;l++){let e=xl[l];if(!e.show||!e._show)continue;let t,n,u=e.side,a=u%2,f=e.stroke(k,l),c=0==u||3==u?-1:1,[h,d]=e._found;if(null!=e.label){let s=rl((e._lpos+e.labelGap*c)*y);_n(e.labelFont[0],f,"center",2==u?i:o),K.save(),1==a?(t=n=0,K.translate(s,rl(lt+st/2)),K.rotate((3==u?-il:il)/2)):(t=rl(Qe+ot/2),n=s);let r=_l(e.label)?e.label(k,l,h,d):e.label;K.fillText(r,t,n),K.restore()}if(0==d)continue;let p=vl[e.scale],m=0==a?ot:st,g=0==a?Qe:lt,x=e._splits,w=2==p.distr?x.map((l=>pn[l])):x,_=2==p.distr?pn[x[1]]-pn[x[0]]:h,b=e.ticks,v=e.border,M=b.show?b.size:0,S=rl(M*y),T=rl((2==e.alignTo?e._size-M-e.gap:e.gap)*y),E=e._rotate*-il/180,z=sl(e._pos*y),D=z+(S+T)*c;n=0==a?D:0,t=1==a?D:0,_n(e.font[0],f,1==e.align?s:2==e.align?r:E>0?s:0>E?r:0==a?"center":3==u?r:s,E||1==a?"middle":2==u?i:o);let P=e.font[1]*e.lineGap,A=x.map((l=>sl(C(l,p,m,g)))),W=e._values;for(let l=0;W.length>l;l++){let e=W[l];if(null!=e){0==a?t=A[l]:n=A[l],e=""+e;let i=-1==e.indexOf("\\n")?[e]:e.split(/\\n/gm);for(let l=0;i.length>l;l++){let e=i[l];E?(K.save(),K.translate(t,n+l*P),K.rotate(E),K.fillText(e,0,0),K.restore()):K.fillText(e,t,n+l*P)}}}b.show&&zn(A,b.filter(k,w,l,d,_),a,u,z,S,Al(b.width*y,3),b.stroke(k,l),b.dash,b.cap);let Y=e.grid;Y.show&&zn(A,Y.filter(k,w,l,d,_),a,0==a?2:1,0==a?lt:Qe,0==a?st:ot,Al(Y.width*y,3),Y.stroke(k,l),Y.dash,Y.cap),v.show&&zn([z],[1],0==a?1:0,0==a?1:2,1==a?lt:Qe,1==a?st:ot,Al(v.width*y,3),v.stroke(k,l),v.dash,v.cap)}Ci("drawAxes")},series:function(){if(Gt>0){let l=pl.some((l=>l._focus))&&dn!=Tt.alpha;l&&(K.globalAlpha=dn=Tt.alpha),pl.forEach(((l,e)=>{if(e>0&&l.show&&(kn(e,!1),kn(e,!0),null==l._paths)){let t=dn;dn!=l.alpha&&(K.globalAlpha=dn=l.alpha);let n=2==M?[0,g[e][0].length-1]:function(l){let e=wl(Lt-1,0,Gt-1),t=wl(en+1,0,Gt-1);for(;null==l[e]&&e>0;)e--;for(;null==l[t]&&Gt-1>t;)t++;return[e,t]}(g[e]);l._paths=l.paths(k,e,n[0],n[1]),dn!=t&&(K.globalAlpha=dn=t)}})),pl.forEach(((l,e)=>{if(e>0&&l.show){let t=dn;dn!=l.alpha&&(K.globalAlpha=dn=l.alpha),null!=l._paths&&yn(e,!1);{let t=null!=l._paths?l._paths.gaps:null,n=l.points.show(k,e,Lt,en,t),i=l.points.filter(k,e,n,t);(n||i)&&(l.points._paths=l.points.paths(k,e,Lt,en,i),yn(e,!0))}dn!=t&&(K.globalAlpha=dn=t),Ci("drawSeries",e)}})),l&&(K.globalAlpha=dn=1)}}},Pl=(u.drawOrder||["axes","series"]).map((l=>Dl[l]));function Cl(l){const e=3==l.distr?e=>dl(e>0?e:l.clamp(k,e,l.min,l.max,l.key)):4==l.distr?e=>ml(e,l.asinh):100==l.distr?e=>l.fwd(e):l=>l;return t=>{let n=e(t),{_min:i,_max:o}=l;return(n-i)/(o-i)}}function Il(l){let e=vl[l];if(null==e){let t=(u.scales||Hl)[l]||Hl;if(null!=t.from){Il(t.from);let e=Bl({},vl[t.from],t,{key:l});e.valToPct=Cl(e),vl[l]=e}else{e=vl[l]=Bl({},l==El?ft:ct,t),e.key=l;let n=e.time,i=e.range,o=Gl(i);if((l!=El||2==M&&!n)&&(!o||null!=i[0]&&null!=i[1]||(i={min:null==i[0]?q:{mode:1,hard:i[0],soft:i[0]},max:null==i[1]?q:{mode:1,hard:i[1],soft:i[1]}},o=!1),!o&&Ol(i))){let l=i;i=(e,t,n)=>null==t?Rl:Z(t,n,l)}e.range=bl(i||(n?Bt:l==El?3==e.distr?qt:4==e.distr?Xt:Vt:3==e.distr?Jt:4==e.distr?Kt:$t)),e.auto=bl(!o&&e.auto),e.clamp=bl(e.clamp||at),e._min=e._max=null,e.valToPct=Cl(e)}}}Il("x"),Il("y"),1==M&&pl.forEach((l=>{Il(l.scale)})),xl.forEach((l=>{Il(l.scale)}));for(let l in u.scales)Il(l);const jl=vl[El],Ul=jl.distr;let $l,ql;0==jl.ori?(S(R,"u-hz"),$l=P,ql=W):(S(R,"u-vt"),$l=W,ql=P);const Kl={};for(let l in vl){let e=vl[l];null==e.min&&null==e.max||(Kl[l]={min:e.min,max:e.max},e.min=e.max=null)}const Xl=u.tzDate||(l=>new Date(rl(l/hl))),Zl=u.fmtDate||ne,Ql=1==hl?Me(Xl):Ee(Xl),le=De(Xl,ze(1==hl?ye:Te,Zl)),ee=We(Xl,Ae("{YYYY}-{MM}-{DD} {h}:{mm}{aa}",Zl)),te=[],ie=k.legend=Bl({},Ye,u.legend),oe=k.cursor=Bl({},Re,{drag:{y:2==M}},u.cursor),se=ie.show,re=oe.show,ue=ie.markers;let ce,he,de;ie.idxs=te,ue.width=bl(ue.width),ue.dash=bl(ue.dash),ue.stroke=bl(ue.stroke),ue.fill=bl(ue.fill);let pe,me=[],ge=[],xe=!1,we={};if(ie.live){const l=pl[1]?pl[1].values:null;xe=null!=l,pe=xe?l(k,1,0):{_:0};for(let l in pe)we[l]=w}if(se)if(ce=z("table","u-legend",R),de=z("tbody",null,ce),ie.mount(k,ce),xe){he=z("thead",null,ce,de);let l=z("tr",null,he);for(var _e in z("th",null,l),pe)z("th",e,l).textContent=_e}else S(ce,"u-inline"),ie.live&&S(ce,"u-live");const be={show:!0},ve={show:!1},Pe=new Map;function Ce(l,e,t,n=!0){const i=Pe.get(e)||{},o=oe.bind[l](k,e,t,n);o&&(G(l,e,i[l]=o),Pe.set(e,i))}function He(l,e){const t=Pe.get(e)||{};for(let n in t)null!=l&&n!=l||(I(n,e,t[n]),delete t[n]);null==l&&Pe.delete(e)}let Fe=0,Ge=0,Ie=0,Le=0,Oe=0,Ne=0,je=Oe,Ke=Ne,Xe=Ie,Ze=Le,Qe=0,lt=0,ot=0,st=0;k.bbox={};let ht=!1,pt=!1,mt=!1,xt=!1,wt=!1,_t=!1;function vt(l,e,t){(t||l!=k.width||e!=k.height)&&kt(l,e),An(!1),mt=!0,pt=!0,Jn()}function kt(l,e){k.width=Fe=Ie=l,k.height=Ge=Le=e,Oe=Ne=0,function(){let l=!1,e=!1,t=!1,n=!1;xl.forEach((i=>{if(i.show&&i._show){let{side:o,_size:s}=i,r=s+(null!=i.label?i.labelSize:0);r>0&&(o%2?(Ie-=r,3==o?(Oe+=r,n=!0):t=!0):(Le-=r,0==o?(Ne+=r,l=!0):e=!0))}})),Ct[0]=l,Ct[1]=t,Ct[2]=e,Ct[3]=n,Ie-=Rt[1]+Rt[3],Oe+=Rt[3],Le-=Rt[2]+Rt[0],Ne+=Rt[0]}(),function(){let l=Oe+Ie,e=Ne+Le,t=Oe,n=Ne;function i(i,o){switch(i){case 1:return l+=o,l-o;case 2:return e+=o,e-o;case 3:return t-=o,t+o;case 0:return n-=o,n+o}}xl.forEach((l=>{if(l.show&&l._show){let e=l.side;l._pos=i(e,l._size),null!=l.label&&(l._lpos=i(e,l.labelSize))}}))}();let t=k.bbox;Qe=t.left=zl(Oe*y,.5),lt=t.top=zl(Ne*y,.5),ot=t.width=zl(Ie*y,.5),st=t.height=zl(Le*y,.5)}const yt=3;if(k.setSize=function({width:l,height:e}){vt(l,e)},null==oe.dataIdx){let l=oe.hover,e=l.skip=new Set(l.skip??[]);e.add(void 0);let t=l.prox=bl(l.prox),n=l.bias??=0;oe.dataIdx=(l,i,o,s)=>{if(0==i)return o;let r=o,u=t(l,i,o,s)??gl,a=u>=0&&gl>u,f=0==jl.ori?Ie:Le,c=oe.left,h=g[0],d=g[i];if(e.has(d[o])){r=null;let l,t=null,i=null;if(0==n||-1==n)for(l=o;null==t&&l-- >0;)e.has(d[l])||(t=l);if(0==n||1==n)for(l=o;null==i&&l++<d.length;)e.has(d[l])||(i=l);if(null!=t||null!=i)if(a){let l=c-(null==t?-1/0:$l(h[t],jl,f,0)),e=(null==i?1/0:$l(h[i],jl,f,0))-c;l>e?e>u||(r=i):l>u||(r=t)}else r=null==i?t:null==t||o-t>i-o?i:t}else a&&ol(c-$l(h[o],jl,f,0))>u&&(r=null);return r}}const Mt=l=>{oe.event=l};oe.idxs=te,oe._lock=!1;let St=oe.points;St.show=bl(St.show),St.size=bl(St.size),St.stroke=bl(St.stroke),St.width=bl(St.width),St.fill=bl(St.fill);const Tt=k.focus=Bl({},u.focus||{alpha:.3},oe.focus),Et=Tt.prox>=0,zt=Et&&St.one;let Dt=[],Pt=[],At=[];function Wt(l,e){let t=St.show(k,e);if(t instanceof HTMLElement)return S(t,"u-cursor-pt"),S(t,l.class),A(t,-10,-10,Ie,Le),el.insertBefore(t,Dt[e]),t}function Yt(t,n){if(1==M||n>0){let l=1==M&&vl[t.scale].time,e=t.value;t.value=l?Ll(e)?We(Xl,Ae(e,Zl)):e||ee:e||nt,t.label=t.label||(l?"Time":"Value")}if(zt||n>0){t.width=null==t.width?1:t.width,t.paths=t.paths||Ot||yl,t.fillTo=bl(t.fillTo||gt),t.pxAlign=+Q(t.pxAlign,tl),t.pxRound=bt(t.pxAlign),t.stroke=bl(t.stroke||null),t.fill=bl(t.fill||null),t._stroke=t._fill=t._paths=t._focus=null;let l=function(l){return Al(1*(3+2*(l||1)),3)}(fl(1,t.width)),e=t.points=Bl({},{size:l,width:fl(1,.2*l),stroke:t.stroke,space:2*l,paths:Nt,_stroke:null,_fill:null},t.points);e.show=bl(e.show),e.filter=bl(e.filter),e.fill=bl(e.fill),e.stroke=bl(e.stroke),e.paths=bl(e.paths),e.pxAlign=t.pxAlign}if(se){let i=function(t,n){if(0==n&&(xe||!ie.live||2==M))return Rl;let i=[],o=z("tr","u-series",de,de.childNodes[n]);S(o,t.class),t.show||S(o,l);let s=z("th",null,o);if(ue.show){let l=D("u-marker",s);if(n>0){let e=ue.width(k,n);e&&(l.style.border=e+"px "+ue.dash(k,n)+" "+ue.stroke(k,n)),l.style.background=ue.fill(k,n)}}let r=D(e,s);for(var u in t.label instanceof HTMLElement?r.appendChild(t.label):r.textContent=t.label,n>0&&(ue.show||(r.style.color=t.width>0?ue.stroke(k,n):ue.fill(k,n)),Ce("click",s,(l=>{if(oe._lock)return;Mt(l);let e=pl.indexOf(t);if((l.ctrlKey||l.metaKey)!=ie.isolate){let l=pl.some(((l,t)=>t>0&&t!=e&&l.show));pl.forEach(((t,n)=>{n>0&&oi(n,l?n==e?be:ve:be,!0,Fi.setSeries)}))}else oi(e,{show:!t.show},!0,Fi.setSeries)}),!1),Et&&Ce(d,s,(l=>{oe._lock||(Mt(l),oi(pl.indexOf(t),ai,!0,Fi.setSeries))}),!1)),pe){let l=z("td","u-value",o);l.textContent="--",i.push(l)}return[o,i]}(t,n);me.splice(n,0,i[0]),ge.splice(n,0,i[1]),ie.values.push(null)}if(re){te.splice(n,0,null);let l=null;zt?0==n&&(l=Wt(t,n)):n>0&&(l=Wt(t,n)),Dt.splice(n,0,l),Pt.splice(n,0,0),At.splice(n,0,0)}Ci("addSeries",n)}k.addSeries=function(l,e){e=null==e?pl.length:e,l=1==M?Ut(l,e,Ve,ut):Ut(l,e,{},rt),pl.splice(e,0,l),Yt(pl[e],e)},k.delSeries=function(l){if(pl.splice(l,1),se){ie.values.splice(l,1),ge.splice(l,1);let e=me.splice(l,1)[0];He(null,e.firstChild),e.remove()}re&&(te.splice(l,1),Dt.splice(l,1)[0].remove(),Pt.splice(l,1),At.splice(l,1)),Ci("delSeries",l)};const Ct=[!1,!1,!1,!1];function Ht(l,e,t){let[n,i,o,s]=t,r=e%2,u=0;return 0==r&&(s||i)&&(u=0==e&&!n||2==e&&!o?rl(Ue.size/3):0),1==r&&(n||o)&&(u=1==e&&!i||3==e&&!s?rl(it.size/2):0),u}const Ft=k.padding=(u.padding||[Ht,Ht,Ht,Ht]).map((l=>bl(Q(l,Ht)))),Rt=k._padding=Ft.map(((l,e)=>l(k,e,Ct,0)));let Gt,Lt=null,en=null;const tn=1==M?pl[0].idxs:null;let nn,on,sn,rn,un,an,fn,cn,hn,dn,pn=null,mn=!1;function gn(l,e){if(k.data=k._data=g=null==l?[]:l,2==M){Gt=0;for(let l=1;pl.length>l;l++)Gt+=g[l][0].length}else{0==g.length&&(k.data=k._data=g=[[]]),pn=g[0],Gt=pn.length;let l=g;if(2==Ul){l=g.slice();let e=l[0]=Array(Gt);for(let l=0;Gt>l;l++)e[l]=l}k._data=g=l}if(An(!0),Ci("setData"),2==Ul&&(mt=!0),!1!==e){let l=jl;l.auto(k,mn)?xn():ii(El,l.min,l.max),xt=xt||oe.left>=0,_t=!0,Jn()}}function xn(){let l,e;mn=!0,1==M&&(Gt>0?(Lt=tn[0]=0,en=tn[1]=Gt-1,l=g[0][Lt],e=g[0][en],2==Ul?(l=Lt,e=en):l==e&&(3==Ul?[l,e]=B(l,l,jl.log,!1):4==Ul?[l,e]=$(l,l,jl.log,!1):jl.time?e=l+rl(86400/hl):[l,e]=Z(l,e,J,!0))):(Lt=tn[0]=l=null,en=tn[1]=e=null)),ii(El,l,e)}function wn(l,e,t,n,i,o){l??=a,t??=Fl,n??="butt",i??=a,o??="round",l!=nn&&(K.strokeStyle=nn=l),i!=on&&(K.fillStyle=on=i),e!=sn&&(K.lineWidth=sn=e),o!=un&&(K.lineJoin=un=o),n!=an&&(K.lineCap=an=n),t!=rn&&K.setLineDash(rn=t)}function _n(l,e,t,n){e!=on&&(K.fillStyle=on=e),l!=fn&&(K.font=fn=l),t!=cn&&(K.textAlign=cn=t),n!=hn&&(K.textBaseline=hn=n)}function bn(l,e,t,n,i=0){if(n.length>0&&l.auto(k,mn)&&(null==e||null==e.min)){let e=Q(Lt,0),o=Q(en,n.length-1),s=null==t.min?function(l,e,t,n=0,i=!1){let o=i?V:U,s=i?j:N;[e,t]=o(l,e,t);let r=l[e],u=l[e];if(e>-1)if(1==n)r=l[e],u=l[t];else if(-1==n)r=l[t],u=l[e];else for(let n=e;t>=n;n++){let e=l[n];s(e)&&(r>e?r=e:e>u&&(u=e))}return[r??gl,u??-gl]}(n,e,o,i,3==l.distr):[t.min,t.max];l.min=al(l.min,t.min=s[0]),l.max=fl(l.max,t.max=s[1])}}k.setData=gn;const vn={min:null,max:null};function kn(l,e){let t=e?pl[l].points:pl[l];t._stroke=t.stroke(k,l),t._fill=t.fill(k,l)}function yn(l,e){let t=e?pl[l].points:pl[l],{stroke:n,fill:i,clip:o,flags:s,_stroke:r=t._stroke,_fill:u=t._fill,_width:a=t.width}=t._paths;a=Al(a*y,3);let f=null,c=a%2/2;e&&null==u&&(u=a>0?"#fff":r);let h=1==t.pxAlign&&c>0;if(h&&K.translate(c,c),!e){let l=Qe-a/2,e=lt-a/2,t=ot+a,n=st+a;f=new Path2D,f.rect(l,e,t,n)}e?Sn(r,a,t.dash,t.cap,u,n,i,s,o):function(l,e,t,n,i,o,s,r,u,a,f){let c=!1;0!=u&&Tl.forEach(((h,d)=>{if(h.series[0]==l){let l,p=pl[h.series[1]],m=g[h.series[1]],x=(p._paths||Hl).band;Gl(x)&&(x=1==h.dir?x[0]:x[1]);let w=null;p.show&&x&&function(l,e,t){for(e=Q(e,0),t=Q(t,l.length-1);t>=e;){if(null!=l[e])return!0;e++}return!1}(m,Lt,en)?(w=h.fill(k,d)||o,l=p._paths.clip):x=null,Sn(e,t,n,i,w,s,r,u,a,f,l,x),c=!0}})),c||Sn(e,t,n,i,o,s,r,u,a,f)}(l,r,a,t.dash,t.cap,u,n,i,s,f,o),h&&K.translate(-c,-c)}const Mn=3;function Sn(l,e,t,n,i,o,s,r,u,a,f,c){wn(l,e,t,n,i),(u||a||c)&&(K.save(),u&&K.clip(u),a&&K.clip(a)),c?(r&Mn)==Mn?(K.clip(c),f&&K.clip(f),En(i,s),Tn(l,o,e)):2&r?(En(i,s),K.clip(c),Tn(l,o,e)):1&r&&(K.save(),K.clip(c),f&&K.clip(f),En(i,s),K.restore(),Tn(l,o,e)):(En(i,s),Tn(l,o,e)),(u||a||c)&&K.restore()}function Tn(l,e,t){t>0&&(e instanceof Map?e.forEach(((l,e)=>{K.strokeStyle=nn=e,K.stroke(l)})):null!=e&&l&&K.stroke(e))}function En(l,e){e instanceof Map?e.forEach(((l,e)=>{K.fillStyle=on=e,K.fill(l)})):null!=e&&l&&K.fill(e)}function zn(l,e,t,n,i,o,s,r,u,a){let f=s%2/2;1==tl&&K.translate(f,f),wn(r,s,u,a,r),K.beginPath();let c,h,d,p,m=i+(0==n||3==n?-o:o);0==t?(h=i,p=m):(c=i,d=m);for(let n=0;l.length>n;n++)null!=e[n]&&(0==t?c=d=l[n]:h=p=l[n],K.moveTo(c,h),K.lineTo(d,p));K.stroke(),1==tl&&K.translate(-f,-f)}function Dn(l){let e=!0;return xl.forEach(((t,n)=>{if(!t.show)return;let i=vl[t.scale];if(null==i.min)return void(t._show&&(e=!1,t._show=!1,An(!1)));t._show||(e=!1,t._show=!0,An(!1));let o=t.side,s=o%2,{min:r,max:u}=i,[a,f]=function(l,e,t,n){let i,o=xl[l];if(n>0){let s=o._space=o.space(k,l,e,t,n);i=Zt(e,t,o._incrs=o.incrs(k,l,e,t,n,s),n,s)}else i=[0,0];return o._found=i}(n,r,u,0==s?Ie:Le);if(0==f)return;let c=t._splits=t.splits(k,n,r,u,a,f,2==i.distr),h=2==i.distr?c.map((l=>pn[l])):c,d=2==i.distr?pn[c[1]]-pn[c[0]]:a,p=t._values=t.values(k,t.filter(k,h,n,f,d),n,f,d);t._rotate=2==o?t.rotate(k,p,n,f):0;let m=t._size;t._size=ul(t.size(k,p,n,l)),null!=m&&t._size!=m&&(e=!1)})),e}function Pn(l){let e=!0;return Ft.forEach(((t,n)=>{let i=t(k,n,Ct,l);i!=Rt[n]&&(e=!1),Rt[n]=i})),e}function An(l){pl.forEach(((e,t)=>{t>0&&(e._paths=null,l&&(1==M?(e.min=null,e.max=null):e.facets.forEach((l=>{l.min=null,l.max=null}))))}))}let Wn,Yn,Cn,Hn,Fn,Rn,Gn,In,Ln,On,Nn,jn,Un=!1,Vn=!1,Bn=[];function $n(){Vn=!1;for(let l=0;Bn.length>l;l++)Ci(...Bn[l]);Bn.length=0}function Jn(){Un||(Jl(qn),Un=!0)}function qn(){if(ht&&(function(){for(let l in vl){let e=vl[l];null==Kl[l]&&(null==e.min||null!=Kl[El]&&e.auto(k,mn))&&(Kl[l]=vn)}for(let l in vl){let e=vl[l];null==Kl[l]&&null!=e.from&&null!=Kl[e.from]&&(Kl[l]=vn)}null!=Kl[El]&&An(!0);let l={};for(let e in Kl){let t=Kl[e];if(null!=t){let n=l[e]=Vl(vl[e],Nl);if(null!=t.min)Bl(n,t);else if(e!=El||2==M)if(0==Gt&&null==n.from){let l=n.range(k,null,null,e);n.min=l[0],n.max=l[1]}else n.min=gl,n.max=-gl}}if(Gt>0){pl.forEach(((e,t)=>{if(1==M){let n=e.scale,i=Kl[n];if(null==i)return;let o=l[n];if(0==t){let l=o.range(k,o.min,o.max,n);o.min=l[0],o.max=l[1],Lt=L(o.min,g[0]),en=L(o.max,g[0]),en-Lt>1&&(o.min>g[0][Lt]&&Lt++,g[0][en]>o.max&&en--),e.min=pn[Lt],e.max=pn[en]}else e.show&&e.auto&&bn(o,i,e,g[t],e.sorted);e.idxs[0]=Lt,e.idxs[1]=en}else if(t>0&&e.show&&e.auto){let[n,i]=e.facets,o=n.scale,s=i.scale,[r,u]=g[t],a=l[o],f=l[s];null!=a&&bn(a,Kl[o],n,r,n.sorted),null!=f&&bn(f,Kl[s],i,u,i.sorted),e.min=i.min,e.max=i.max}}));for(let e in l){let t=l[e],n=Kl[e];if(null==t.from&&(null==n||null==n.min)){let l=t.range(k,t.min==gl?null:t.min,t.max==-gl?null:t.max,e);t.min=l[0],t.max=l[1]}}}for(let e in l){let t=l[e];if(null!=t.from){let n=l[t.from];if(null==n.min)t.min=t.max=null;else{let l=t.range(k,n.min,n.max,e);t.min=l[0],t.max=l[1]}}}let e={},t=!1;for(let n in l){let i=l[n],o=vl[n];if(o.min!=i.min||o.max!=i.max){o.min=i.min,o.max=i.max;let l=o.distr;o._min=3==l?dl(o.min):4==l?ml(o.min,o.asinh):100==l?o.fwd(o.min):o.min,o._max=3==l?dl(o.max):4==l?ml(o.max,o.asinh):100==l?o.fwd(o.max):o.max,e[n]=t=!0}}if(t){pl.forEach(((l,t)=>{2==M?t>0&&e.y&&(l._paths=null):e[l.scale]&&(l._paths=null)}));for(let l in e)mt=!0,Ci("setScale",l);re&&oe.left>=0&&(xt=_t=!0)}for(let l in Kl)Kl[l]=null}(),ht=!1),mt&&(function(){let l=!1,e=0;for(;!l;){e++;let t=Dn(e),n=Pn(e);l=e==yt||t&&n,l||(kt(k.width,k.height),pt=!0)}}(),mt=!1),pt){if(E(ll,s,Oe),E(ll,i,Ne),E(ll,t,Ie),E(ll,n,Le),E(el,s,Oe),E(el,i,Ne),E(el,t,Ie),E(el,n,Le),E(X,t,Fe),E(X,n,Ge),O.width=rl(Fe*y),O.height=rl(Ge*y),xl.forEach((({_el:e,_show:t,_size:n,_pos:i,side:o})=>{if(null!=e)if(t){let t=o%2==1;E(e,t?"left":"top",i-(3===o||0===o?n:0)),E(e,t?"width":"height",n),E(e,t?"top":"left",t?Ne:Oe),E(e,t?"height":"width",t?Le:Ie),T(e,l)}else S(e,l)})),nn=on=sn=un=an=fn=cn=hn=rn=null,dn=1,_i(!0),Oe!=je||Ne!=Ke||Ie!=Xe||Le!=Ze){An(!1);let l=Ie/Xe,e=Le/Ze;if(re&&!xt&&oe.left>=0){oe.left*=l,oe.top*=e,Cn&&A(Cn,rl(oe.left),0,Ie,Le),Hn&&A(Hn,0,rl(oe.top),Ie,Le);for(let t=0;Dt.length>t;t++){let n=Dt[t];null!=n&&(Pt[t]*=l,At[t]*=e,A(n,ul(Pt[t]),ul(At[t]),Ie,Le))}}if(ei.show&&!wt&&ei.left>=0&&ei.width>0){ei.left*=l,ei.width*=l,ei.top*=e,ei.height*=e;for(let l in ki)E(ti,l,ei[l])}je=Oe,Ke=Ne,Xe=Ie,Ze=Le}Ci("setSize"),pt=!1}Fe>0&&Ge>0&&(K.clearRect(0,0,O.width,O.height),Ci("drawClear"),Pl.forEach((l=>l())),Ci("draw")),ei.show&&wt&&(ni(ei),wt=!1),re&&xt&&(xi(null,!0,!1),xt=!1),ie.show&&ie.live&&_t&&(mi(),_t=!1),F||(F=!0,k.status=1,Ci("ready")),mn=!1,Un=!1}function Kn(l,e){let t=vl[l];if(null==t.from){if(0==Gt){let n=t.range(k,e.min,e.max,l);e.min=n[0],e.max=n[1]}if(e.min>e.max){let l=e.min;e.min=e.max,e.max=l}if(Gt>1&&null!=e.min&&null!=e.max&&1e-16>e.max-e.min)return;l==El&&2==t.distr&&Gt>0&&(e.min=L(e.min,g[0]),e.max=L(e.max,g[0]),e.min==e.max&&e.max++),Kl[l]=e,ht=!0,Jn()}}k.batch=function(l,e=!1){Un=!0,Vn=e,l(k),qn(),e&&Bn.length>0&&queueMicrotask($n)},k.redraw=(l,e)=>{mt=e||!1,!1!==l?ii(El,jl.min,jl.max):Jn()},k.setScale=Kn;let Xn=!1;const Zn=oe.drag;let Qn=Zn.x,li=Zn.y;re&&(oe.x&&(Wn=D("u-cursor-x",el)),oe.y&&(Yn=D("u-cursor-y",el)),0==jl.ori?(Cn=Wn,Hn=Yn):(Cn=Yn,Hn=Wn),Nn=oe.left,jn=oe.top);const ei=k.select=Bl({show:!0,over:!0,left:0,width:0,top:0,height:0},u.select),ti=ei.show?D("u-select",ei.over?el:ll):null;function ni(l,e){if(ei.show){for(let e in l)ei[e]=l[e],e in ki&&E(ti,e,l[e]);!1!==e&&Ci("setSelect")}}function ii(l,e,t){Kn(l,{min:e,max:t})}function oi(e,t,n,i){null!=t.focus&&function(l){if(l!=ui){let e=null==l,t=1!=Tt.alpha;pl.forEach(((n,i)=>{if(1==M||i>0){let o=e||0==i||i==l;n._focus=e?null:o,t&&function(l,e){pl[l].alpha=e,re&&null!=Dt[l]&&(Dt[l].style.opacity=e),se&&me[l]&&(me[l].style.opacity=e)}(i,o?1:Tt.alpha)}})),ui=l,t&&Jn()}}(e),null!=t.show&&pl.forEach(((n,i)=>{0>=i||e!=i&&null!=e||(n.show=t.show,function(e){if(pl[e].show)se&&T(me[e],l);else if(se&&S(me[e],l),re){let l=zt?Dt[0]:Dt[e];null!=l&&A(l,-10,-10,Ie,Le)}}(i),2==M?(ii(n.facets[0].scale,null,null),ii(n.facets[1].scale,null,null)):ii(n.scale,null,null),Jn())})),!1!==n&&Ci("setSeries",e,t),i&&Ii("setSeries",k,e,t)}let si,ri,ui;k.setSelect=ni,k.setSeries=oi,k.addBand=function(l,e){l.fill=bl(l.fill||null),l.dir=Q(l.dir,-1),Tl.splice(e=null==e?Tl.length:e,0,l)},k.setBand=function(l,e){Bl(Tl[l],e)},k.delBand=function(l){null==l?Tl.length=0:Tl.splice(l,1)};const ai={focus:!0};function fi(l,e,t){let n=vl[e];t&&(l=l/y-(1==n.ori?Ne:Oe));let i=Ie;1==n.ori&&(i=Le,l=i-l),-1==n.dir&&(l=i-l);let o=n._min,s=o+l/i*(n._max-o),r=n.distr;return 3==r?cl(10,s):4==r?((l,e=1)=>nl.sinh(l)*e)(s,n.asinh):100==r?n.bwd(s):s}function ci(l,e){E(ti,s,ei.left=l),E(ti,t,ei.width=e)}function hi(l,e){E(ti,i,ei.top=l),E(ti,n,ei.height=e)}se&&Et&&Ce(p,ce,(l=>{oe._lock||(Mt(l),null!=ui&&oi(null,ai,!0,Fi.setSeries))})),k.valToIdx=l=>L(l,g[0]),k.posToIdx=function(l,e){return L(fi(l,El,e),g[0],Lt,en)},k.posToVal=fi,k.valToPos=(l,e,t)=>0==vl[e].ori?P(l,vl[e],t?ot:Ie,t?Qe:0):W(l,vl[e],t?st:Le,t?lt:0),k.setCursor=(l,e,t)=>{Nn=l.left,jn=l.top,xi(null,e,t)};let di=0==jl.ori?ci:hi,pi=1==jl.ori?ci:hi;function mi(l,e){if(null!=l&&(l.idxs?l.idxs.forEach(((l,e)=>{te[e]=l})):(l=>void 0===l)(l.idx)||te.fill(l.idx),ie.idx=te[0]),se&&ie.live){for(let l=0;pl.length>l;l++)(l>0||1==M&&!xe)&&gi(l,te[l]);!function(){if(se&&ie.live)for(let l=2==M?1:0;pl.length>l;l++){if(0==l&&xe)continue;let e=ie.values[l],t=0;for(let n in e)ge[l][t++].firstChild.nodeValue=e[n]}}()}_t=!1,!1!==e&&Ci("setLegend")}function gi(l,e){let t,n=pl[l],i=0==l&&2==Ul?pn:g[l];xe?t=n.values(k,l,e)??we:(t=n.value(k,null==e?null:i[e],l,e),t=null==t?we:{_:t}),ie.values[l]=t}function xi(l,e,t){let n;Ln=Nn,On=jn,[Nn,jn]=oe.move(k,Nn,jn),oe.left=Nn,oe.top=jn,re&&(Cn&&A(Cn,rl(Nn),0,Ie,Le),Hn&&A(Hn,0,rl(jn),Ie,Le)),si=gl,ri=null;let i=0==jl.ori?Ie:Le,o=1==jl.ori?Ie:Le;if(0>Nn||0==Gt||Lt>en){n=oe.idx=null;for(let l=0;pl.length>l;l++){let e=Dt[l];null!=e&&A(e,-10,-10,Ie,Le)}Et&&oi(null,ai,!0,null==l&&Fi.setSeries),ie.live&&(te.fill(n),_t=!0)}else{let l,e,t;1==M&&(l=0==jl.ori?Nn:jn,e=fi(l,El),n=oe.idx=L(e,g[0],Lt,en),t=$l(g[0][n],jl,i,0));let s=-10,r=-10,u=0,a=0,f=!0,c="",h="";for(let l=2==M?1:0;pl.length>l;l++){let d=pl[l],p=te[l],m=null==p?null:1==M?g[l][p]:g[l][1][p],x=oe.dataIdx(k,l,n,e),w=null==x?null:1==M?g[l][x]:g[l][1][x];if(_t=_t||w!=m||x!=p,te[l]=x,l>0&&d.show){let e=null==x?-10:x==n?t:$l(1==M?g[0][x]:g[l][0][x],jl,i,0),p=null==w?-10:ql(w,1==M?vl[d.scale]:vl[d.facets[1].scale],o,0);if(Et&&null!=w){let e=1==jl.ori?Nn:jn,t=ol(Tt.dist(k,l,x,p,e));if(si>t){let n=Tt.bias;if(0!=n){let i=fi(e,d.scale),o=0>i?-1:1;o!=(0>w?-1:1)||(1==o?1==n?i>w:w>i:1==n?w>i:i>w)||(si=t,ri=l)}else si=t,ri=l}}if(_t||zt){let t,n;0==jl.ori?(t=e,n=p):(t=p,n=e);let i,o,d,m,g,x,w=!0,_=St.bbox;if(null!=_){w=!1;let e=_(k,l);d=e.left,m=e.top,i=e.width,o=e.height}else d=t,m=n,i=o=St.size(k,l);if(x=St.fill(k,l),g=St.stroke(k,l),zt)l!=ri||si>Tt.prox||(s=d,r=m,u=i,a=o,f=w,c=x,h=g);else{let e=Dt[l];null!=e&&(Pt[l]=d,At[l]=m,H(e,i,o,w),Y(e,x,g),A(e,ul(d),ul(m),Ie,Le))}}}}if(zt){let l=Tt.prox;if(_t||(null==ui?l>=si:si>l||ri!=ui)){let l=Dt[0];null!=l&&(Pt[0]=s,At[0]=r,H(l,u,a,f),Y(l,c,h),A(l,ul(s),ul(r),Ie,Le))}}}if(ei.show&&Xn)if(null!=l){let[e,t]=Fi.scales,[n,s]=Fi.match,[r,u]=l.cursor.sync.scales,a=l.cursor.drag;if(Qn=a._x,li=a._y,Qn||li){let a,f,c,h,d,{left:p,top:m,width:g,height:x}=l.select,w=l.scales[r].ori,_=l.posToVal,b=null!=e&&n(e,r),v=null!=t&&s(t,u);b&&Qn?(0==w?(a=p,f=g):(a=m,f=x),c=vl[e],h=$l(_(a,r),c,i,0),d=$l(_(a+f,r),c,i,0),di(al(h,d),ol(d-h))):di(0,i),v&&li?(1==w?(a=p,f=g):(a=m,f=x),c=vl[t],h=ql(_(a,u),c,o,0),d=ql(_(a+f,u),c,o,0),pi(al(h,d),ol(d-h))):pi(0,o)}else yi()}else{let l=ol(Ln-Fn),e=ol(On-Rn);if(1==jl.ori){let t=l;l=e,e=t}Qn=Zn.x&&l>=Zn.dist,li=Zn.y&&e>=Zn.dist;let t,n,s=Zn.uni;null!=s?Qn&&li&&(Qn=l>=s,li=e>=s,Qn||li||(e>l?li=!0:Qn=!0)):Zn.x&&Zn.y&&(Qn||li)&&(Qn=li=!0),Qn&&(0==jl.ori?(t=Gn,n=Nn):(t=In,n=jn),di(al(t,n),ol(n-t)),li||pi(0,o)),li&&(1==jl.ori?(t=Gn,n=Nn):(t=In,n=jn),pi(al(t,n),ol(n-t)),Qn||di(0,i)),Qn||li||(di(0,0),pi(0,0))}if(Zn._x=Qn,Zn._y=li,null==l){if(t){if(null!=Ri){let[l,e]=Fi.scales;Fi.values[0]=null!=l?fi(0==jl.ori?Nn:jn,l):null,Fi.values[1]=null!=e?fi(1==jl.ori?Nn:jn,e):null}Ii(f,k,Nn,jn,Ie,Le,n)}if(Et){let l=t&&Fi.setSeries,e=Tt.prox;null==ui?si>e||oi(ri,ai,!0,l):si>e?oi(null,ai,!0,l):ri!=ui&&oi(ri,ai,!0,l)}}_t&&(ie.idx=n,mi()),!1!==e&&Ci("setCursor")}k.setLegend=mi;let wi=null;function _i(l=!1){l?wi=null:(wi=el.getBoundingClientRect(),Ci("syncRect",wi))}function bi(l,e,t,n,i,o){oe._lock||Xn&&null!=l&&0==l.movementX&&0==l.movementY||(vi(l,e,t,n,i,o,0,!1,null!=l),null!=l?xi(null,!0,!0):xi(e,!0,!1))}function vi(l,e,t,n,i,o,s,r,u){if(null==wi&&_i(!1),Mt(l),null!=l)t=l.clientX-wi.left,n=l.clientY-wi.top;else{if(0>t||0>n)return Nn=-10,void(jn=-10);let[l,s]=Fi.scales,r=e.cursor.sync,[u,a]=r.values,[f,c]=r.scales,[h,d]=Fi.match,p=e.axes[0].side%2==1,m=0==jl.ori?Ie:Le,g=1==jl.ori?Ie:Le,x=p?o:i,w=p?i:o,_=p?n:t,b=p?t:n;if(t=null!=f?h(l,f)?C(u,vl[l],m,0):-10:m*(_/x),n=null!=c?d(s,c)?C(a,vl[s],g,0):-10:g*(b/w),1==jl.ori){let l=t;t=n,n=l}}!u||null!=e&&e.cursor.event.type!=f||(t>1&&Ie-1>t||(t=zl(t,Ie)),n>1&&Le-1>n||(n=zl(n,Le))),r?(Fn=t,Rn=n,[Gn,In]=oe.move(k,t,n)):(Nn=t,jn=n)}Object.defineProperty(k,"rect",{get:()=>(null==wi&&_i(!1),wi)});const ki={width:0,height:0,left:0,top:0};function yi(){ni(ki,!1)}let Mi,Si,Ti,Ei;function zi(l,e,t,n,i,o){Xn=!0,Qn=li=Zn._x=Zn._y=!1,vi(l,e,t,n,i,o,0,!0,!1),null!=l&&(Ce(h,b,Di,!1),Ii(c,k,Gn,In,Ie,Le,null));let{left:s,top:r,width:u,height:a}=ei;Mi=s,Si=r,Ti=u,Ei=a}function Di(l,e,t,n,i,o){Xn=Zn._x=Zn._y=!1,vi(l,e,t,n,i,o,0,!1,!0);let{left:s,top:r,width:u,height:a}=ei,f=u>0||a>0,c=Mi!=s||Si!=r||Ti!=u||Ei!=a;if(f&&c&&ni(ei),Zn.setScale&&f&&c){let l=s,e=u,t=r,n=a;if(1==jl.ori&&(l=r,e=a,t=s,n=u),Qn&&ii(El,fi(l,El),fi(l+e,El)),li)for(let l in vl){let e=vl[l];l!=El&&null==e.from&&e.min!=gl&&ii(l,fi(t+n,l),fi(t,l))}yi()}else oe.lock&&(oe._lock=!oe._lock,xi(e,!0,null!=l));null!=l&&(He(h,b),Ii(h,k,Nn,jn,Ie,Le,null))}function Pi(l){oe._lock||(Mt(l),xn(),yi(),null!=l&&Ii(m,k,Nn,jn,Ie,Le,null))}function Ai(){xl.forEach(ln),vt(k.width,k.height,!0)}G(x,v,Ai);const Wi={};Wi.mousedown=zi,Wi.mousemove=bi,Wi.mouseup=Di,Wi.dblclick=Pi,Wi.setSeries=(l,e,t,n)=>{-1!=(t=(0,Fi.match[2])(k,e,t))&&oi(t,n,!0,!1)},re&&(Ce(c,el,zi),Ce(f,el,bi),Ce(d,el,(l=>{Mt(l),_i(!1)})),Ce(p,el,(function(l){if(oe._lock)return;Mt(l);let e=Xn;if(Xn){let l,e,t=!0,n=!0,i=10;0==jl.ori?(l=Qn,e=li):(l=li,e=Qn),l&&e&&(t=i>=Nn||Nn>=Ie-i,n=i>=jn||jn>=Le-i),l&&t&&(Nn=Gn>Nn?0:Ie),e&&n&&(jn=In>jn?0:Le),xi(null,!0,!0),Xn=!1}Nn=-10,jn=-10,te.fill(null),xi(null,!0,!0),e&&(Xn=e)})),Ce(m,el,Pi),It.add(k),k.syncRect=_i);const Yi=k.hooks=u.hooks||{};function Ci(l,e,t){Vn?Bn.push([l,e,t]):l in Yi&&Yi[l].forEach((l=>{l.call(null,k,e,t)}))}(u.plugins||[]).forEach((l=>{for(let e in l.hooks)Yi[e]=(Yi[e]||[]).concat(l.hooks[e])}));const Hi=(l,e,t)=>t,Fi=Bl({key:null,setSeries:!1,filters:{pub:Ml,sub:Ml},scales:[El,pl[1]?pl[1].scale:null],match:[Sl,Sl,Hi],values:[null,null]},oe.sync);2==Fi.match.length&&Fi.match.push(Hi),oe.sync=Fi;const Ri=Fi.key,Gi=dt(Ri);function Ii(l,e,t,n,i,o,s){Fi.filters.pub(l,e,t,n,i,o,s)&&Gi.pub(l,e,t,n,i,o,s)}function Li(){Ci("init",u,g),gn(g||u.data,!1),Kl[El]?Kn(El,Kl[El]):xn(),wt=ei.show&&(ei.width>0||ei.height>0),xt=_t=!0,vt(u.width,u.height)}return Gi.sub(k),k.pub=function(l,e,t,n,i,o,s){Fi.filters.sub(l,e,t,n,i,o,s)&&Wi[l](null,e,t,n,i,o,s)},k.destroy=function(){Gi.unsub(k),It.delete(k),Pe.clear(),I(x,v,Ai),R.remove(),ce?.remove(),Ci("destroy")},pl.forEach(Yt),xl.forEach((function(l,e){if(l._show=l.show,l.show){let t=vl[l.scale];null==t&&(l.scale=l.side%2?pl[1].scale:El,t=vl[l.scale]);let n=t.time;l.size=bl(l.size),l.space=bl(l.space),l.rotate=bl(l.rotate),Gl(l.incrs)&&l.incrs.forEach((l=>{!Wl.has(l)&&Wl.set(l,Yl(l))})),l.incrs=bl(l.incrs||(2==t.distr?ae:n?1==hl?ke:Se:fe)),l.splits=bl(l.splits||(n&&1==t.distr?Ql:3==t.distr?Je:4==t.distr?qe:$e)),l.stroke=bl(l.stroke),l.grid.stroke=bl(l.grid.stroke),l.ticks.stroke=bl(l.ticks.stroke),l.border.stroke=bl(l.border.stroke);let i=l.values;l.values=Gl(i)&&!Gl(i[0])?bl(i):n?Gl(i)?De(Xl,ze(i,Zl)):Ll(i)?function(l,e){let t=ne(e);return(e,n)=>n.map((e=>t(l(e))))}(Xl,i):i||le:i||Be,l.filter=bl(l.filter||(3>t.distr||10!=t.log?3==t.distr&&2==t.log?tt:kl:et)),l.font=Qt(l.font),l.labelFont=Qt(l.labelFont),l._size=l.size(k,null,e,0),l._space=l._rotate=l._incrs=l._found=l._splits=l._values=null,l._size>0&&(Ct[e]=!0,l._el=D("u-axis",X))}})),_?_ instanceof HTMLElement?(_.appendChild(R),Li()):_(k,Li):Li(),k}en.assign=Bl,en.fmtNum=tl,en.rangeNum=Z,en.rangeLog=B,en.rangeAsinh=$,en.orient=pt,en.pxRatio=y,en.join=function(l,e){if(function(l){let e=l[0][0],t=e.length;for(let n=1;l.length>n;n++){let i=l[n][0];if(i.length!=t)return!1;if(i!=e)for(let l=0;t>l;l++)if(i[l]!=e[l])return!1}return!0}(l)){let e=l[0].slice();for(let t=1;l.length>t;t++)e.push(...l[t].slice(1));return function(l,e=100){const t=l.length;if(1>=t)return!0;let n=0,i=t-1;for(;i>=n&&null==l[n];)n++;for(;i>=n&&null==l[i];)i--;if(n>=i)return!0;const o=fl(1,sl((i-n+1)/e));for(let e=l[n],t=n+o;i>=t;t+=o){const n=l[t];if(null!=n){if(e>=n)return!1;e=n}}return!0}(e[0])||(e=function(l){let e=l[0],t=e.length,n=Array(t);for(let l=0;n.length>l;l++)n[l]=l;n.sort(((l,t)=>e[l]-e[t]));let i=[];for(let e=0;l.length>e;e++){let o=l[e],s=Array(t);for(let l=0;t>l;l++)s[l]=o[n[l]];i.push(s)}return i}(e)),e}let t=new Set;for(let e=0;l.length>e;e++){let n=l[e][0],i=n.length;for(let l=0;i>l;l++)t.add(n[l])}let n=[Array.from(t).sort(((l,e)=>l-e))],i=n[0].length,o=new Map;for(let l=0;i>l;l++)o.set(n[0][l],l);for(let t=0;l.length>t;t++){let s=l[t],r=s[0];for(let l=1;s.length>l;l++){let u=s[l],a=Array(i).fill(void 0),f=e?e[t][l]:1,c=[];for(let l=0;u.length>l;l++){let e=u[l],t=o.get(r[l]);null===e?0!=f&&(a[t]=e,2==f&&c.push(t)):a[t]=e}$l(a,c,i),n.push(a)}}return n},en.fmtDate=ne,en.tzDate=function(l,e){let t;return"UTC"==e||"Etc/UTC"==e?t=new Date(+l+6e4*l.getTimezoneOffset()):e==ie?t=l:(t=new Date(l.toLocaleString("en-US",{timeZone:e})),t.setMilliseconds(l.getMilliseconds())),t},en.sync=dt;{en.addGap=function(l,e,t){let n=l[l.length-1];n&&n[0]==e?n[1]=t:l.push([e,t])},en.clipGaps=wt;let l=en.paths={points:Wt};l.linear=Ft,l.stepped=function(l){const e=Q(l.align,1),t=Q(l.ascDesc,!1),n=Q(l.alignGaps,0),i=Q(l.extend,!1);return(l,o,s,r)=>pt(l,o,((u,a,f,c,h,d,p,m,g,x,w)=>{[s,r]=U(f,s,r);let _=u.pxRound,{left:b,width:v}=l.bbox,k=l=>_(d(l,c,x,m)),M=l=>_(p(l,h,w,g)),S=0==c.ori?Mt:St;const T={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:1},E=T.stroke,z=c.dir*(0==c.ori?1:-1);let D=M(f[1==z?s:r]),P=k(a[1==z?s:r]),A=P,W=P;i&&-1==e&&(W=b,S(E,W,D)),S(E,P,D);for(let l=1==z?s:r;l>=s&&r>=l;l+=z){let t=f[l];if(null==t)continue;let n=k(a[l]),i=M(t);1==e?S(E,n,D):S(E,A,i),S(E,n,i),D=i,A=n}let Y=A;i&&1==e&&(Y=b+v,S(E,Y,D));let[C,H]=mt(l,o);if(null!=u.fill||0!=C){let e=T.fill=new Path2D(E),t=M(u.fillTo(l,o,u.min,u.max,C));S(e,Y,t),S(e,W,t)}if(!u.spanGaps){let i=[];i.push(..._t(a,f,s,r,z,k,n));let h=u.width*y/2,d=t||1==e?h:-h,p=t||-1==e?-h:h;i.forEach((l=>{l[0]+=d,l[1]+=p})),T.gaps=i=u.gaps(l,o,s,r,i),T.clip=wt(i,c.ori,m,g,x,w)}return 0!=H&&(T.band=2==H?[xt(l,o,s,r,E,-1),xt(l,o,s,r,E,1)]:xt(l,o,s,r,E,H)),T}))},l.bars=function(l){const e=Q((l=l||Hl).size,[.6,gl,1]),t=l.align||0,n=l.gap||0;let i=l.radius;i=null==i?[0,0]:"number"==typeof i?[i,0]:i;const o=bl(i),s=1-e[0],r=Q(e[1],gl),u=Q(e[2],1),a=Q(l.disp,Hl),f=Q(l.each,(()=>{})),{fill:c,stroke:h}=a;return(l,e,i,d)=>pt(l,e,((p,m,g,x,w,_,b,v,k,M,S)=>{let T,E,z=p.pxRound,D=t,P=n*y,A=r*y,W=u*y;0==x.ori?[T,E]=o(l,e):[E,T]=o(l,e);const Y=x.dir*(0==x.ori?1:-1);let C,H,F,R=0==x.ori?Tt:Et,G=0==x.ori?f:(l,e,t,n,i,o,s)=>{f(l,e,t,i,n,s,o)},I=Q(l.bands,Fl).find((l=>l.series[0]==e)),L=p.fillTo(l,e,p.min,p.max,null!=I?I.dir:0),O=z(b(L,w,S,k)),N=M,j=z(p.width*y),U=!1,V=null,B=null,$=null,J=null;null==c||0!=j&&null==h||(U=!0,V=c.values(l,e,i,d),B=new Map,new Set(V).forEach((l=>{null!=l&&B.set(l,new Path2D)})),j>0&&($=h.values(l,e,i,d),J=new Map,new Set($).forEach((l=>{null!=l&&J.set(l,new Path2D)}))));let{x0:q,size:K}=a;if(null!=q&&null!=K){D=1,m=q.values(l,e,i,d),2==q.unit&&(m=m.map((e=>l.posToVal(v+e*M,x.key,!0))));let t=K.values(l,e,i,d);H=2==K.unit?t[0]*M:_(t[0],x,M,v)-_(0,x,M,v),N=Rt(m,g,_,x,M,v,N),F=N-H+P}else N=Rt(m,g,_,x,M,v,N),F=N*s+P,H=N-F;1>F&&(F=0),H/2>j||(j=0),5>F&&(z=vl);let X=F>0;H=z(wl(N-F-(X?j:0),W,A)),C=(0==D?H/2:D==Y?0:H)-D*Y*((0==D?P/2:0)+(X?j/2:0));const Z={stroke:null,fill:null,clip:null,band:null,gaps:null,flags:0},ll=U?null:new Path2D;let el=null;if(null!=I)el=l.data[I.series[1]];else{let{y0:t,y1:n}=a;null!=t&&null!=n&&(g=n.values(l,e,i,d),el=t.values(l,e,i,d))}let tl=T*H,nl=E*H;for(let t=1==Y?i:d;t>=i&&d>=t;t+=Y){let n=g[t];if(null==n)continue;if(null!=el){let l=el[t]??0;if(n-l==0)continue;O=b(l,w,S,k)}let i=_(2!=x.distr||null!=a?m[t]:t,x,M,v),o=b(Q(n,L),w,S,k),s=z(i-C),r=z(fl(o,O)),u=z(al(o,O)),f=r-u;if(null!=n){let i=0>n?nl:tl,o=0>n?tl:nl;U?(j>0&&null!=$[t]&&R(J.get($[t]),s,u+sl(j/2),H,fl(0,f-j),i,o),null!=V[t]&&R(B.get(V[t]),s,u+sl(j/2),H,fl(0,f-j),i,o)):R(ll,s,u+sl(j/2),H,fl(0,f-j),i,o),G(l,e,t,s-j/2,u,H+j,f)}}return j>0?Z.stroke=U?J:ll:U||(Z._fill=0==p.width?p._fill:p._stroke??p._fill,Z.width=0),Z.fill=U?B:ll,Z}))},l.spline=function(l){return function(l,e){const t=Q(e?.alignGaps,0);return(e,n,i,o)=>pt(e,n,((s,r,u,a,f,c,h,d,p,m,g)=>{[i,o]=U(u,i,o);let x,w,_,b=s.pxRound,v=l=>b(c(l,a,m,d)),k=l=>b(h(l,f,g,p));0==a.ori?(x=kt,_=Mt,w=Pt):(x=yt,_=St,w=At);const y=a.dir*(0==a.ori?1:-1);let M=v(r[1==y?i:o]),S=M,T=[],E=[];for(let l=1==y?i:o;l>=i&&o>=l;l+=y)if(null!=u[l]){let e=v(r[l]);T.push(S=e),E.push(k(u[l]))}const z={stroke:l(T,E,x,_,w,b),fill:null,clip:null,band:null,gaps:null,flags:1},D=z.stroke;let[P,A]=mt(e,n);if(null!=s.fill||0!=P){let l=z.fill=new Path2D(D),t=k(s.fillTo(e,n,s.min,s.max,P));_(l,S,t),_(l,M,t)}if(!s.spanGaps){let l=[];l.push(..._t(r,u,i,o,y,v,t)),z.gaps=l=s.gaps(e,n,i,o,l),z.clip=wt(l,a.ori,d,p,m,g)}return 0!=A&&(z.band=2==A?[xt(e,n,i,o,D,-1),xt(e,n,i,o,D,1)]:xt(e,n,i,o,D,A)),z}))}(Gt,l)}}return en}();\n';
var UPLOT_CSS = '.uplot, .uplot *, .uplot *::before, .uplot *::after {box-sizing: border-box;}.uplot {font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji";line-height: 1.5;width: min-content;}.u-title {text-align: center;font-size: 18px;font-weight: bold;}.u-wrap {position: relative;user-select: none;}.u-over, .u-under {position: absolute;}.u-under {overflow: hidden;}.uplot canvas {display: block;position: relative;width: 100%;height: 100%;}.u-axis {position: absolute;}.u-legend {font-size: 14px;margin: auto;text-align: center;}.u-inline {display: block;}.u-inline * {display: inline-block;}.u-inline tr {margin-right: 16px;}.u-legend th {font-weight: 600;}.u-legend th > * {vertical-align: middle;display: inline-block;}.u-legend .u-marker {width: 1em;height: 1em;margin-right: 4px;background-clip: padding-box !important;}.u-inline.u-live th::after {content: ":";vertical-align: middle;}.u-inline:not(.u-live) .u-value {display: none;}.u-series > * {padding: 4px;}.u-series th {cursor: pointer;}.u-legend .u-off > * {opacity: 0.3;}.u-select {background: rgba(0,0,0,0.07);position: absolute;pointer-events: none;}.u-cursor-x, .u-cursor-y {position: absolute;left: 0;top: 0;pointer-events: none;will-change: transform;}.u-hz .u-cursor-x, .u-vt .u-cursor-y {height: 100%;border-right: 1px dashed #607D8B;}.u-hz .u-cursor-y, .u-vt .u-cursor-x {width: 100%;border-bottom: 1px dashed #607D8B;}.u-cursor-pt {position: absolute;top: 0;left: 0;border-radius: 50%;border: 0 solid;pointer-events: none;will-change: transform;/*this has to be !important since we set inline "background" shorthand */background-clip: padding-box !important;}.u-axis.u-off, .u-select.u-off, .u-cursor-x.u-off, .u-cursor-y.u-off, .u-cursor-pt.u-off {display: none;}';

// src/report/html/render.ts
var CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
var PAGE_CSS = `
:root { color-scheme: light; --b: #1d5fbf; --c: #d4530b; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #f6f8fa; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 16px 24px; }
header h1 { font-size: 18px; margin: 0 12px 0 0; display: inline-block; vertical-align: middle; }
.wg-verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 700; color: #fff; background: #6e7781; vertical-align: middle; }
.wg-verdict.wg-pass { background: #1a7f37; } .wg-verdict.wg-fail { background: #cf222e; } .wg-verdict.wg-neutral { background: #6e7781; }
#wg-builds { margin-left: 12px; color: var(--muted); vertical-align: middle; }
.wg-key { float: right; color: var(--muted); }
.wg-key span { display: inline-block; margin-left: 14px; }
.wg-key i { display: inline-block; width: 22px; height: 4px; vertical-align: middle; margin-right: 6px; }
.wg-key .wg-b { background: var(--b); } .wg-key .wg-c { background: var(--c); }
nav { margin-top: 8px; } nav a { margin-right: 14px; color: var(--b); text-decoration: none; }
main { max-width: 1240px; margin: 0 auto; padding: 8px 24px 48px; }
.wg-section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 20px 16px; margin: 16px 0; }
h2 { font-size: 17px; margin: 4px 0 12px; } h3 { font-size: 14px; margin: 0 0 6px; }
.wg-reasons { padding-left: 20px; } .wg-reasons li.wg-fail { color: #a40e26; } .wg-reasons li.wg-neutral { color: var(--muted); }
.wg-counts { display: grid; grid-template-columns: repeat(auto-fill, minmax(118px, 1fr)); gap: 8px; margin: 8px 0; }
.wg-count { border: 1px solid var(--line); border-radius: 6px; padding: 6px 10px; }
.wg-count-n { display: block; font-size: 20px; font-weight: 700; } .wg-count-l { color: var(--muted); font-size: 12px; }
.wg-nonzero .wg-count-n { color: #a40e26; }
.wg-note { color: var(--muted); font-style: italic; margin: 4px 0; }
.wg-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.wg-figure { margin: 12px 0 0; min-width: 0; } .wg-wide { grid-column: 1 / -1; }
.wg-chart { width: 100%; min-height: 120px; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid #eaeef2; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td { overflow-wrap: anywhere; }
.wg-metrics td:nth-child(n+2):nth-child(-n+7) { text-align: right; white-space: nowrap; }
.wg-tools { display: flex; gap: 10px; align-items: center; margin: 4px 0 8px; }
#wg-filter { flex: 1; padding: 6px 8px; font: inherit; border: 1px solid var(--line); border-radius: 6px; }
#wg-kind { padding: 6px; font: inherit; }
.wg-shown { color: var(--muted); white-space: nowrap; }
.wg-changes-table td:nth-child(-n+2) { white-space: nowrap; }
.wg-changes-table td:nth-child(3) { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.wg-findings-table td:nth-child(4) { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; }
.wg-env td:first-child { white-space: nowrap; width: 170px; font-weight: 600; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 12px; }
.uplot .u-legend { font-size: 12px; } .uplot .u-legend .u-series > * { padding: 1px 4px; }
@media (max-width: 900px) { .wg-grid { grid-template-columns: 1fr; } .wg-key { float: none; display: block; } }
`;
function embedJson(value) {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
function assertInlineSafe(name, text2) {
  if (/<\/(script|style)|<!--/i.test(text2))
    throw new Error(`${name} cannot be inlined: it contains </script, </style or <!--`);
}
function renderHtmlReport(data) {
  const script = `(function () {
'use strict';
${CLIENT_CHARTS_JS}
${CLIENT_PAGE_JS}
})();`;
  for (const [name, text2] of [
    ["uPlot JS", UPLOT_JS],
    ["uPlot CSS", UPLOT_CSS],
    ["page script", script],
    ["page CSS", PAGE_CSS]
  ])
    assertInlineSafe(name, text2);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="waf-gate">
<title>waf-gate report</title>
<style>${UPLOT_CSS}</style>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
<h1>waf-gate</h1><span id="wg-verdict" class="wg-verdict"></span><span id="wg-builds"></span>
<span class="wg-key"><span><i class="wg-b"></i>baseline</span><span><i class="wg-c"></i>candidate (dashed when thin)</span></span>
<nav id="wg-nav"></nav>
</header>
<main id="wg-main"><noscript>This report draws its content with JavaScript; results.json holds the same data.</noscript></main>
<footer>Self-contained: nothing is loaded from the network. Charts: uPlot ${UPLOT_VERSION} (MIT).</footer>
<script type="application/json" id="wg-data">${embedJson(data)}</script>
<script>${UPLOT_JS}</script>
<script>${script}</script>
</body>
</html>
`;
}

// src/report/html/write.ts
var HTML_REPORT_FILE = "report.html";
async function writeHtmlReport(comparison, outDir, options = {}) {
  const logger = options.logger ?? silentLogger;
  const inputs = await loadHtmlInputs(comparison, silentLogger);
  for (const m of inputs.missing) logger.debug(`report.html: ${m}`);
  const file = join5(outDir, HTML_REPORT_FILE);
  await writeFile(file, renderHtmlReport(htmlReportData(comparison, inputs, options)));
  return file;
}

// src/report/write.ts
async function writeComparison(comparison, outDir, options = {}) {
  await mkdir2(outDir, { recursive: true });
  const resultsFile = join6(outDir, "results.json");
  const reportFile = join6(outDir, "report.md");
  const changesFile = join6(outDir, "changed-requests.jsonl");
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
  await writeFile2(reportFile, report);
  if (comparison.ftw) {
    await writeJsonFile(join6(outDir, "ftw-results.json"), goFtwJson(comparison.ftw.candidate));
    await writeFile2(join6(outDir, "ftw-results.txt"), goFtwText(comparison.ftw.candidate));
  }
  const htmlFile = await writeHtmlReport(comparison, outDir);
  return { resultsFile, reportFile, changesFile, htmlFile };
}

// src/pipeline/compare.ts
async function runCompare(options, logger, foundBaselineDir = null, foundBaselineSource) {
  const policy = applyPolicyInputs(
    options.policyFile ? await loadPolicyFile(options.policyFile) : defaultPolicy(),
    options.policyInputs
  );
  let baselineDir = options.baselineDir ?? foundBaselineDir;
  if (options.baselineDir !== null) {
    try {
      await access2(options.baselineDir);
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
  let baselineSource = options.baselineDir === null ? foundBaselineSource : void 0;
  if (baselineDir === null && options.baselineStoreDir !== null) {
    const candidate = await loadRunDir(options.candidateDir, logger);
    const key = baselineKeyOf(candidate.record);
    const store = new DirectoryBaselineStore(options.baselineStoreDir);
    const query = {
      corpusFingerprint: key.corpusFingerprint,
      mode: key.mode,
      shapeHash: key.shapeHash,
      setupHash: key.setupHash,
      ...options.baselineVersion !== null ? { version: options.baselineVersion } : {}
    };
    baselineDir = await store.find(query);
    if (baselineDir === null) {
      noBaselineReason = `No baseline in ${options.baselineStoreDir} for corpus ${key.corpusFingerprint}, mode ${key.mode}, load shape ${key.shapeHash}, setup ${key.setupHash}${options.baselineVersion ? `, version ${options.baselineVersion}` : ""}: nothing to compare against yet.${options.saveBaseline ? " This run is saved as the baseline for the next one." : ""}`;
    } else {
      logger.info(`Baseline found in the store: ${baselineDir}`);
      baselineSource = `baseline store ${options.baselineStoreDir}, entry ${basename2(baselineDir)} (exact key: corpus, mode, load shape, WAF host and domains${options.baselineVersion ? ", version" : ""})`;
    }
  }
  const ftwOverrides = options.ftwOverridesFile ? await loadFtwOverrides(options.ftwOverridesFile) : void 0;
  const comparison = await compareRuns(baselineDir, options.candidateDir, policy, {
    logger,
    ...ftwOverrides ? { ftwOverrides } : {},
    ...noBaselineReason ? { noBaselineReason } : {},
    ...baselineSource ? { baselineSource } : {}
  });
  const written = await writeComparison(comparison, resolve5(options.outDir), {
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

// src/report/html/note.ts
function htmlReportNote(artifactUrl) {
  const url = safeUrl(artifactUrl);
  const where = url ? `[the uploaded results](${url})` : "the uploaded results";
  return `
_Charts \u2014 QPS over time per round, latency percentiles, CPU and memory over time \u2014 and a filterable table of every changed request: \`${HTML_REPORT_FILE}\` in ${where} (one self-contained file; open it in a browser)._
`;
}

// src/report/index.ts
var CHECK_RUN_TEXT_MAX_CHARS = 65535;
var JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

export {
  ExitCode,
  pathExists,
  COMPARE_SCHEMA,
  compareActionInput,
  COMPARE_INPUTS,
  parseCompareOptions,
  exitCodeFor,
  loadRunDir,
  shapeHash,
  setupHash,
  baselineKeyOf,
  defaultPolicy,
  loadPolicyFile,
  compareRuns,
  readResults,
  renderReport,
  renderCheckSummary,
  writeComparison,
  runCompare,
  htmlReportNote,
  CHECK_RUN_TEXT_MAX_CHARS,
  JOB_SUMMARY_MAX_BYTES
};
