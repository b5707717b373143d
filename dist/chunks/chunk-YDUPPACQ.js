import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  REPLAY_SCHEMA,
  parseCorpusSpec,
  parseTarget,
  replayOptions,
  runReplay,
  targetUrl
} from "./chunk-NGQJW2HZ.js";
import {
  collectOptions,
  parseGroups,
  startCollection
} from "./chunk-ACLLU3GE.js";
import {
  HOST_SCHEMA,
  SSH_INPUT_NAMES,
  formatHostSpec,
  parseHostSpec
} from "./chunk-LBEWWKI7.js";
import {
  ConfigError,
  optionNames,
  parseOptions,
  writeJsonFile
} from "./chunk-MS5UR7OM.js";

// src/pipeline/pipeline.ts
import { mkdir } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/pipeline/measure.ts
import { join, relative } from "node:path";
async function measure(target, runDir, spec, deps) {
  const outDir = join(runDir, spec.subDir);
  const collectInit = {
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
    replay = await runReplay(options, {
      logger: deps.logger,
      ...deps.signal ? { signal: deps.signal } : {}
    });
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

// src/pipeline/pipeline.ts
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
    ...p.rateRps === void 0 ? {} : { rateRps: p.rateRps }
  };
}
async function runPipeline(targets, options, deps) {
  const labels = new Set(targets.map((t) => t.label));
  if (labels.size !== targets.length) {
    throw new ConfigError("Every build needs its own label.", {
      value: targets.map((t) => t.label).join(", ")
    });
  }
  const { logger, signal } = deps;
  const records = /* @__PURE__ */ new Map();
  let corpusFingerprint = "";
  for (const target of targets) {
    await mkdir(join2(options.outDir, target.label), { recursive: true });
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
      createdAtMs: Date.now()
    });
  }
  if (options.quality) {
    for (const target of targets) {
      signal?.throwIfAborted();
      logger.info(
        `Quality pass: ${target.label} (${targetUrl(target.address)}), every request once per domain\u2026`
      );
      const runDir = join2(options.outDir, target.label);
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
    }
  }
  for (let round = 1; round <= options.rounds; round += 1) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      signal?.throwIfAborted();
      const runDir = join2(options.outDir, target.label);
      const m = await measure(
        target,
        runDir,
        {
          subDir: join2("rounds", String(round)),
          runId: `${options.runId}-${target.label}-r${round}`,
          replay: pressureReplay(options),
          ...options.collect ? { collect: options.collect } : {}
        },
        { logger, ...signal ? { signal } : {} }
      );
      const record = records.get(target.label);
      const ref = { round, replayFile: m.replayFile, collectFile: m.collectFile };
      record.rounds.push(ref);
      record.pressureShape = m.replay.loadShape;
      record.corpusFingerprint ||= m.replay.corpus.fingerprint;
      corpusFingerprint ||= m.replay.corpus.fingerprint;
      logger.info(
        `Round ${round}/${options.rounds} ${target.label}: ${m.replay.rps.toFixed(0)} req/s, p99 ${(m.replay.latency.summary.p99Us / 1e3).toFixed(1)} ms, ${m.replay.totals.errors} errors`
      );
      deps.events?.onStep?.({
        label: target.label,
        kind: "round",
        round,
        rps: m.replay.rps,
        errors: m.replay.totals.errors
      });
    }
  }
  const result = [];
  for (const target of targets) {
    const record = records.get(target.label);
    record.corpusFingerprint ||= corpusFingerprint;
    await writeJsonFile(join2(options.outDir, target.label, "run.json"), record);
    result.push(record);
  }
  return result;
}

// src/pipeline/options.ts
import { join as join3, resolve } from "node:path";

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
    required: true,
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
  corpus: { ...REPLAY_SCHEMA.corpus },
  domains: {
    type: "list",
    required: true,
    itemPattern: REPLAY_SCHEMA.domains.itemPattern,
    itemText: REPLAY_SCHEMA.domains.itemText,
    help: "Domains the WAF serves, comma-separated; the quality pass replays every request once per domain."
  },
  quality: { type: "boolean", default: true, help: "Run the quality pass." },
  rounds: {
    type: "integer",
    min: 0,
    max: 50,
    default: 0,
    help: "Pressure rounds (0 = none); use 5 or more for a performance verdict."
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
  ...HOST_SCHEMA
};

// src/pipeline/options.ts
var MEASURE_INPUTS = optionNames(MEASURE_SCHEMA);
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
  if (!v.quality && v.rounds === 0) {
    throw new ConfigError("Nothing to measure: quality is off and rounds is 0.", {
      input: "rounds",
      value: raw.rounds ?? "0",
      hint: "Turn quality on or set rounds to 1 or more."
    });
  }
  if (v.domains.length === 0)
    throw new ConfigError("List at least one domain (Host name) the WAF serves.", {
      input: "domains",
      value: raw.domains
    });
  const target = {
    label: v.label,
    version: v.version,
    address: parseTarget("target", v.target),
    accessLog: v["access-log"],
    logFormat: v["log-format"],
    ...v["error-log"] !== void 0 ? { errorLog: v["error-log"] } : {},
    ...v["master-pid-file"] !== void 0 ? { masterPidFile: v["master-pid-file"] } : {},
    ...v.groups !== void 0 ? { groups: parseGroups(v.groups) } : {}
  };
  const collect = collectSettings(v);
  const pipeline = {
    ...collect ? { collect } : {},
    outDir: resolve(v["out-dir"] ?? join3(process.env.RUNNER_TEMP ?? ".", "waf-gate")),
    runId: v["run-id"] ?? `run-${Date.now().toString(36)}`,
    corpus: parseCorpusSpec("corpus", v.corpus),
    domains: v.domains,
    quality: v.quality,
    rounds: v.rounds,
    pressure: {
      domain: v["pressure-domain"] ?? v.domains[0],
      connections: v.connections,
      durationMs: v.duration,
      keepAlive: v["keep-alive"],
      ...v.rate !== void 0 ? { rateRps: v.rate } : {}
    }
  };
  return { target, pipeline };
}

export {
  runPipeline,
  MEASURE_SCHEMA,
  MEASURE_INPUTS,
  parseMeasureInputs
};
