import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  executeInstall
} from "./chunks/chunk-4U6EVUWZ.js";
import {
  INSTALL_INPUTS,
  loadConfigFile,
  mergeRawInputs,
  parseInstallOptions,
  rawInputsFrom
} from "./chunks/chunk-JTHWYULW.js";
import "./chunks/chunk-2TBFYHS7.js";
import "./chunks/chunk-SQTU2L2M.js";
import "./chunks/chunk-PDX4C4JJ.js";
import {
  actionsLogger,
  appendSummary,
  input,
  maskSecret,
  runAction,
  setOutputs
} from "./chunks/chunk-ZFXLSGKY.js";
import "./chunks/chunk-KSLHAH7M.js";
import "./chunks/chunk-QEATW52E.js";
import "./chunks/chunk-QC4E7EMN.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/actions/install-waf.ts
await runAction(async () => {
  const values = {};
  for (const name of INSTALL_INPUTS) values[name] = input(name);
  maskSecret(values["ssh-key"]?.includes("PRIVATE KEY") ? values["ssh-key"] : "");
  maskSecret(values["ssh-passphrase"] ?? "");
  const configFile = input("config");
  const file = configFile === "" ? /* @__PURE__ */ new Map() : await loadConfigFile(configFile, INSTALL_INPUTS);
  const options = await parseInstallOptions(mergeRawInputs(file, rawInputsFrom(values)));
  const controller = new AbortController();
  const onSignal = (signal) => {
    if (!controller.signal.aborted) controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const run = await executeInstall(options, actionsLogger, controller.signal).finally(() => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  });
  if (run.mode === "restore") {
    setOutputs({
      "state-file": run.result.stateFile,
      "restored-files": run.result.restoredFiles.length,
      "restored-crontabs": run.result.restoredCron,
      "started-timers": run.result.startedTimers.join(","),
      "released-lock": run.result.releasedLock
    });
    return;
  }
  const r = run.result;
  setOutputs({
    version: r.version,
    "previous-version": r.previousVersion ?? "",
    action: r.action,
    "probed-version": r.probedVersion,
    "package-name": r.packageName,
    "health-probe-latency-ms": r.healthProbeLatencyMs ?? "",
    "changed-files": r.changedFiles.join("\n"),
    "paused-cron-lines": r.pausedCronLines,
    "stopped-timers": r.stoppedTimers.join(","),
    "state-file": r.stateFile,
    "run-id": r.runId,
    "running-check": r.runningCheck
  });
  await appendSummary(
    [
      `### install-waf on ${r.host}`,
      "",
      "| package | action | previous | now | probe | health latency |",
      "| --- | --- | --- | --- | --- | --- |",
      `| ${r.packageName} | ${r.action} | ${r.previousVersion ?? "\u2014"} | ${r.version} | ${r.probedVersion} | ${r.healthProbeLatencyMs === null ? "\u2014" : `${r.healthProbeLatencyMs.toFixed(1)} ms`} |`,
      "",
      `- running build: ${r.runningCheck}`,
      ...r.lockFile === null ? [] : [`- holding the WAF host lock ${r.lockFile} as run ${r.runId}`],
      ...r.notes.map((n) => `- ${n}`),
      ""
    ].join("\n")
  );
});
