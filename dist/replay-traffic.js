import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  REPLAY_INPUTS,
  REPLAY_RESULT_FILE,
  formatStatsMarkdown,
  parseReplayOptions,
  runReplay
} from "./chunks/chunk-7LCJWHBN.js";
import "./chunks/chunk-2TBFYHS7.js";
import "./chunks/chunk-PDX4C4JJ.js";
import {
  actionsLogger,
  appendSummary,
  input,
  runAction,
  setOutputs
} from "./chunks/chunk-MRQG2COE.js";
import "./chunks/chunk-MS5UR7OM.js";
import "./chunks/chunk-4A2ICVYS.js";
import "./chunks/chunk-D5N3K7F6.js";
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
