import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  parseStopInputs,
  startDetached,
  stopDetached,
  summarizeResult
} from "./chunks/chunk-I5KMSLST.js";
import {
  actionsLogger,
  appendSummary,
  input,
  maskSecret,
  requiredInput,
  runAction,
  setOutputs
} from "./chunks/chunk-ZFXLSGKY.js";
import {
  COLLECT_INPUT_NAMES,
  COLLECT_STOP_SCHEMA,
  defaultStateDir,
  parseCollectOptions,
  parseRunId
} from "./chunks/chunk-EZWERAWO.js";
import "./chunks/chunk-QEATW52E.js";
import {
  actionInputOf,
  parseEnum
} from "./chunks/chunk-QC4E7EMN.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/actions/collect-metrics.ts
import { join } from "node:path";
await runAction(async () => {
  const mode = parseEnum("mode", requiredInput("mode"), ["start", "stop"]);
  if (mode === "start") {
    const raw = Object.fromEntries(
      COLLECT_INPUT_NAMES.map((name) => [name, input(name)])
    );
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
  const stopNames = Object.keys(COLLECT_STOP_SCHEMA);
  const { stop } = parseStopInputs(
    Object.fromEntries(
      stopNames.map((name) => [name, input(actionInputOf(COLLECT_STOP_SCHEMA, name))])
    ),
    (name) => actionInputOf(COLLECT_STOP_SCHEMA, name)
  );
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
