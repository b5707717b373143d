import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  startDetached,
  stopDetached,
  summarizeResult
} from "./chunks/chunk-SOUCFBMR.js";
import {
  actionsLogger,
  appendSummary,
  input,
  maskSecret,
  requiredInput,
  runAction,
  setOutputs
} from "./chunks/chunk-R5CBEENI.js";
import {
  COLLECT_INPUT_NAMES,
  defaultStateDir,
  parseCollectOptions,
  parseRunId
} from "./chunks/chunk-ZIJ7H3E2.js";
import "./chunks/chunk-XH7KTNCQ.js";
import {
  parseDurationMs,
  parseEnum
} from "./chunks/chunk-Q6J27YZD.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/actions/collect-metrics.ts
import { join } from "node:path";
await runAction(async () => {
  const mode = parseEnum("mode", requiredInput("mode"), ["start", "stop"]);
  if (mode === "start") {
    const raw = {};
    for (const name of COLLECT_INPUT_NAMES) {
      const value = input(name);
      if (value !== "") raw[name] = value;
    }
    if (raw["ssh-key"]?.includes("PRIVATE KEY")) maskSecret(raw["ssh-key"]);
    maskSecret(raw["ssh-passphrase"] ?? "");
    const options = parseCollectOptions(raw);
    const started = await startDetached(options, actionsLogger);
    setOutputs({
      "run-id": started.runId,
      pid: started.pid,
      "state-dir": started.stateDir,
      "results-dir": started.outDir
    });
    return;
  }
  const runId = parseRunId(requiredInput("run-id"));
  const stateDir = input("state-dir") || defaultStateDir(runId);
  const stop = {};
  if (input("replay-results")) stop.replayFile = input("replay-results");
  if (input("outcomes")) stop.outcomesFile = input("outcomes");
  if (input("settle"))
    stop.settleMs = parseDurationMs("settle", input("settle"), { allowZero: true });
  const { result, outDir } = await stopDetached(stateDir, runId, stop, actionsLogger);
  setOutputs({
    "results-path": join(outDir, "collect.json"),
    "results-dir": outDir,
    "anomalies-total": result.anomalies.total,
    "format-errors": result.log.formatErrors,
    crashes: result.crashes.length,
    findings: result.findings.length,
    sent: result.join?.sent,
    joined: result.join?.joined,
    missing: result.join?.missing,
    unexpected: result.join?.unexpected
  });
  await appendSummary(
    `### collect-metrics

\`\`\`
${summarizeResult(result, outDir)}
\`\`\`
`
  );
});
