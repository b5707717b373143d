import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  parseReplayOptions,
  runReplay
} from "./chunk-SITUBZIB.js";
import {
  parseCollectOptions,
  startCollection
} from "./chunk-I6OO3UYI.js";
import {
  ConfigError,
  writeJsonFile
} from "./chunk-75RA3XRF.js";

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

export {
  runPipeline
};
