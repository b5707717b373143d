import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  readState,
  serializeError,
  startCollection,
  statePath
} from "./chunks/chunk-ACLLU3GE.js";
import "./chunks/chunk-LBEWWKI7.js";
import "./chunks/chunk-MS5UR7OM.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/collect/daemon.ts
import { writeFileSync, appendFileSync } from "node:fs";
function fileLogger(path) {
  const write = (level, m) => {
    try {
      appendFileSync(path, `${(/* @__PURE__ */ new Date()).toISOString()} ${level} ${m}
`);
    } catch {
    }
  };
  return {
    debug: (m) => write("debug", m),
    info: (m) => write("info", m),
    warn: (m) => write("warn", m),
    error: (m) => write("error", m)
  };
}
function send(message) {
  if (process.send && process.connected) process.send(message);
}
async function main(stateDir2) {
  const logger = fileLogger(statePath(stateDir2, "log"));
  const options = readState(stateDir2, "options");
  if (!options) {
    send({
      type: "error",
      error: { code: "E_COLLECT_STATE", message: `No options.json in ${stateDir2}.` }
    });
    process.exitCode = 1;
    return;
  }
  let handle;
  try {
    handle = await startCollection(options, { logger });
  } catch (error) {
    logger.error(`start failed: ${error.message}`);
    send({ type: "error", error: serializeError(error) });
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const finish = async (stoppedBy) => {
    if (stopping) return;
    stopping = true;
    clearTimeout(maxTimer);
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
    const request = readState(stateDir2, "stop") ?? {};
    const done = { ok: true, stoppedBy, endedAtMs: Date.now() };
    try {
      await handle.stop({ ...request, stoppedBy });
      logger.info(`stopped (${stoppedBy}); results in ${options.outDir}`);
    } catch (error) {
      logger.error(`finalising failed: ${error.message}`);
      done.ok = false;
      done.error = serializeError(error);
    }
    done.endedAtMs = Date.now();
    try {
      writeFileSync(statePath(stateDir2, "done"), `${JSON.stringify(done, null, 2)}
`);
    } catch (error) {
      logger.error(`cannot write done.json: ${error.message}`);
    }
  };
  const onSignal = () => void finish("stop");
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  const maxTimer = setTimeout(() => void finish("max-duration"), options.maxDurationMs);
  const state = {
    schema: "waf-gate/collect-state@1",
    runId: options.runId,
    pid: process.pid,
    startedAtMs: handle.startedAtMs,
    maxDurationMs: options.maxDurationMs,
    outDir: options.outDir,
    positions: handle.positions,
    ...handle.warnings.length > 0 ? { warnings: [...handle.warnings] } : {}
  };
  writeFileSync(statePath(stateDir2, "state"), `${JSON.stringify(state, null, 2)}
`);
  send({ type: "ready", state });
  if (process.connected) process.disconnect();
  logger.info(
    `collecting for run ${options.runId} on ${options.host ?? "local"} (pid ${process.pid})`
  );
}
var stateDir = process.argv[2];
if (stateDir === void 0) {
  process.stderr.write("usage: collector.js <state-dir>\n");
  process.exitCode = 2;
} else {
  await main(stateDir);
}
