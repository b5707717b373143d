import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  parseReplayOptions,
  runReplay
} from "./chunk-NNWFF3LB.js";
import {
  parseCollectOptions,
  startCollection
} from "./chunk-ZIJ7H3E2.js";
import {
  ConfigError,
  parseBoolean,
  parseDurationMs,
  parseInteger,
  parseList,
  parseNumber,
  writeJsonFile
} from "./chunk-Q6J27YZD.js";

// src/pipeline/pipeline.ts
import { mkdir } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/pipeline/measure.ts
import { join, relative } from "node:path";
async function measure(target, runDir, spec, deps) {
  const outDir = join(runDir, spec.subDir);
  const collectInputs = {
    "run-id": spec.runId,
    label: target.label,
    "access-log": target.accessLog,
    "out-dir": outDir,
    "state-dir": join(outDir, ".collect-state"),
    ...target.errorLog ? { "error-log": target.errorLog } : {},
    ...target.logFormat ? { "log-format": target.logFormat } : {},
    ...target.masterPidFile ? { "master-pid-file": target.masterPidFile } : {},
    ...target.groups ? { groups: target.groups } : {},
    ...spec.collectInputs
  };
  const collection = await startCollection(parseCollectOptions(collectInputs), {
    logger: deps.logger,
    ...deps.signal ? { signal: deps.signal } : {}
  });
  let replay;
  try {
    const options = parseReplayOptions({
      ...spec.replayInputs,
      target: target.url,
      "out-dir": outDir,
      "run-id": spec.runId,
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
function pressureInputs(options) {
  const p = options.pressure;
  return {
    corpus: options.corpus,
    domains: p.domain,
    mode: "pressure",
    connections: String(p.connections),
    duration: `${p.durationMs}ms`,
    "keep-alive": String(p.keepAlive),
    ...p.rateRps === void 0 ? {} : { rate: String(p.rateRps) },
    ...options.replayInputs
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
      logger.info(`Quality pass: ${target.label} (${target.url}), every request once per domain\u2026`);
      const runDir = join2(options.outDir, target.label);
      const m = await measure(
        target,
        runDir,
        {
          subDir: "quality",
          runId: `${options.runId}-${target.label}-q`,
          replayInputs: {
            corpus: options.corpus,
            domains: options.domains.join(","),
            mode: "quality",
            ...options.replayInputs
          },
          ...options.collectInputs ? { collectInputs: options.collectInputs } : {}
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
          replayInputs: pressureInputs(options),
          ...options.collectInputs ? { collectInputs: options.collectInputs } : {}
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
var MEASURE_INPUTS = [
  "target",
  "label",
  "version",
  "access-log",
  "error-log",
  "log-format",
  "master-pid-file",
  "groups",
  "corpus",
  "domains",
  "quality",
  "rounds",
  "pressure-domain",
  "connections",
  "duration",
  "keep-alive",
  "rate",
  "out-dir",
  "run-id",
  "host",
  "ssh-key",
  "ssh-passphrase",
  "known-hosts",
  "host-fingerprint"
];
function required(inputs, name, hint) {
  const value = (inputs[name] ?? "").trim();
  if (!value) throw new ConfigError(`Input "${name}" is required.`, { input: name, hint });
  return value;
}
function parseMeasureInputs(inputs) {
  const label = (inputs.label ?? "").trim() || "candidate";
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(label)) {
    throw new ConfigError(
      "A label is lower-case letters, digits and dashes, starting with a letter.",
      { input: "label", value: label }
    );
  }
  const domains = parseList(
    required(inputs, "domains", "List the domains (Host names) the WAF serves, comma-separated.")
  );
  const rounds = inputs.rounds ? parseInteger("rounds", inputs.rounds, 0, 50) : 0;
  const quality = inputs.quality ? parseBoolean("quality", inputs.quality) : true;
  if (!quality && rounds === 0) {
    throw new ConfigError("Nothing to measure: quality is off and rounds is 0.", {
      input: "rounds",
      value: inputs.rounds ?? "0",
      hint: "Turn quality on or set rounds to 1 or more."
    });
  }
  const pressureDomain = (inputs["pressure-domain"] ?? "").trim() || domains[0];
  const outDir = resolve(
    (inputs["out-dir"] ?? "").trim() || join3(process.env.RUNNER_TEMP ?? ".", "waf-gate")
  );
  const runId = (inputs["run-id"] ?? "").trim() || `run-${Date.now().toString(36)}`;
  if (!/^[A-Za-z0-9._-]{1,80}$/.test(runId)) {
    throw new ConfigError('A run id is 1\u201380 letters, digits, ".", "_" or "-".', {
      input: "run-id",
      value: runId
    });
  }
  const target = {
    label,
    version: required(
      inputs,
      "version",
      'Give the exact build version under test (install-waf outputs it as "version").'
    ),
    url: required(
      inputs,
      "target",
      "Give the WAF address to replay to, e.g. http://127.0.0.1:8080."
    ),
    accessLog: required(
      inputs,
      "access-log",
      "Give the WAF access log path, e.g. /var/log/nginx/access.log."
    ),
    ...inputs["error-log"]?.trim() ? { errorLog: inputs["error-log"].trim() } : {},
    ...inputs["log-format"]?.trim() ? { logFormat: inputs["log-format"].trim() } : {},
    ...inputs["master-pid-file"]?.trim() ? { masterPidFile: inputs["master-pid-file"].trim() } : {},
    ...inputs.groups?.trim() ? { groups: inputs.groups.trim() } : {}
  };
  const collectInputs = {};
  for (const name of [
    "host",
    "ssh-key",
    "ssh-passphrase",
    "known-hosts",
    "host-fingerprint"
  ]) {
    const value = inputs[name]?.trim();
    if (value) collectInputs[name] = name === "ssh-key" ? inputs[name] ?? "" : value;
  }
  const pipeline = {
    ...Object.keys(collectInputs).length > 0 ? { collectInputs } : {},
    outDir,
    runId,
    corpus: required(inputs, "corpus", "Give the captured traffic: a file, folder or glob."),
    domains,
    quality,
    rounds,
    pressure: {
      domain: pressureDomain,
      connections: inputs.connections ? parseInteger("connections", inputs.connections, 1, 1e4) : 50,
      durationMs: inputs.duration ? parseDurationMs("duration", inputs.duration) : 1e4,
      keepAlive: inputs["keep-alive"] ? parseBoolean("keep-alive", inputs["keep-alive"]) : true,
      ...inputs.rate?.trim() ? { rateRps: parseNumber("rate", inputs.rate, 1, 1e7) } : {}
    }
  };
  return { target, pipeline };
}

export {
  runPipeline,
  MEASURE_INPUTS,
  parseMeasureInputs
};
