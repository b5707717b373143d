import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  REPLAY_INPUTS,
  REPLAY_RESULT_FILE,
  formatStatsMarkdown,
  parseReplayOptions,
  runReplay
} from "./chunks/chunk-FQDDLTM5.js";
import "./chunks/chunk-2TBFYHS7.js";
import "./chunks/chunk-7DRS5AY5.js";
import {
  actionsLogger,
  appendSummary,
  input,
  runAction,
  setOutputs
} from "./chunks/chunk-JUEIBHCN.js";
import "./chunks/chunk-MS5UR7OM.js";
import "./chunks/chunk-XCPAOPA3.js";
import "./chunks/chunk-KFF5SWFH.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/actions/replay-traffic.ts
import { join, resolve } from "node:path";
await runAction(async () => {
  const raw = {};
  for (const name of REPLAY_INPUTS) raw[name] = input(name) || void 0;
  const options = parseReplayOptions(raw);
  const result = await runReplay(options, { logger: actionsLogger });
  const done = result.totals.completed + result.totals.errors;
  setOutputs({
    "results-path": join(resolve(options.outDir), REPLAY_RESULT_FILE),
    "outcomes-path": result.outcomesFile ? join(resolve(options.outDir), result.outcomesFile) : "",
    total: result.totals.sent,
    completed: result.totals.completed,
    errors: result.totals.errors,
    rps: result.rps,
    "error-rate": done > 0 ? Number((result.totals.errors / done).toFixed(6)) : 0,
    "run-id": result.runId,
    "out-dir": resolve(options.outDir)
  });
  await appendSummary(formatStatsMarkdown(result));
});
