import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  mergeExpectations
} from "./chunks/chunk-QD3SLWXW.js";
import {
  HOLD_RESULT_FILE,
  REPLAY_INPUTS,
  REPLAY_RESULT_FILE,
  REPLAY_SCHEMA,
  formatHoldMarkdown,
  formatShardsMarkdown,
  formatStatsMarkdown,
  mergeReplayFiles,
  parseHoldOptions,
  parseReplayOptions,
  runHold,
  runReplay
} from "./chunks/chunk-OX7RDG3B.js";
import "./chunks/chunk-K3QUUAFE.js";
import "./chunks/chunk-2TBFYHS7.js";
import "./chunks/chunk-MBWXRAFT.js";
import "./chunks/chunk-PDX4C4JJ.js";
import {
  actionsLogger,
  appendSummary,
  input,
  runAction,
  setOutputs
} from "./chunks/chunk-ZFXLSGKY.js";
import {
  parseList
} from "./chunks/chunk-QC4E7EMN.js";
import "./chunks/chunk-MYUYXPJI.js";
import "./chunks/chunk-D5N3K7F6.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/actions/replay-traffic.ts
import { join, resolve } from "node:path";
async function replayOrMerge() {
  const merge = parseList(input("merge"));
  if (merge.length > 0) {
    const outDir = resolve(input("out-dir") || REPLAY_SCHEMA["out-dir"].default);
    const { result, path, files } = await mergeReplayFiles(
      merge,
      outDir,
      "merge",
      await mergeExpectations(input("target"), input("corpus"), input("skip-invalid"))
    );
    actionsLogger.info(`Merged ${files.length} shard(s) into ${path}.`);
    return { result, outDir };
  }
  const raw = {};
  for (const name of REPLAY_INPUTS) raw[name] = input(name) || void 0;
  const options = parseReplayOptions(raw);
  return {
    result: await runReplay(options, { logger: actionsLogger }),
    outDir: resolve(options.outDir)
  };
}
async function hold(raw) {
  const options = parseHoldOptions(raw);
  const result = await runHold(options, { logger: actionsLogger });
  const outDir = resolve(options.outDir);
  setOutputs({
    "hold-result": join(outDir, HOLD_RESULT_FILE),
    "run-id": options.runId,
    "out-dir": outDir
  });
  await appendSummary(formatHoldMarkdown(result));
}
await runAction(async () => {
  if (input("mode").trim() === "hold" && parseList(input("merge")).length === 0) {
    const raw = {};
    for (const name of REPLAY_INPUTS) raw[name] = input(name) || void 0;
    return hold(raw);
  }
  const { result, outDir } = await replayOrMerge();
  const done = result.totals.completed + result.totals.errors;
  setOutputs({
    "results-path": join(outDir, REPLAY_RESULT_FILE),
    "outcomes-path": result.outcomesFile ? join(outDir, result.outcomesFile) : "",
    total: result.totals.sent,
    completed: result.totals.completed,
    errors: result.totals.errors,
    rps: result.rps,
    "error-rate": done > 0 ? Number((result.totals.errors / done).toFixed(6)) : 0,
    "run-id": result.runId,
    "out-dir": outDir
  });
  await appendSummary(
    formatStatsMarkdown(result) + (result.shards ? `
${formatShardsMarkdown(result)}` : "")
  );
});
