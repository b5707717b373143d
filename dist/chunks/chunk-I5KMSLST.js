import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  COLLECT_STOP_SCHEMA,
  collectWriteError,
  deserializeError,
  isCollectorAlive,
  parseSeriesCsv,
  readState,
  startCollection,
  statePath
} from "./chunk-EZWERAWO.js";
import {
  ConfigError,
  WafGateError,
  parseOptions,
  writeJsonFile
} from "./chunk-QC4E7EMN.js";

// src/collect/stop.ts
import { existsSync, readFileSync } from "node:fs";
import { rm, rmdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
var WRITE_ERRORS = /* @__PURE__ */ new Set(["E_WRITE", "E_COLLECT_WRITE"]);
async function waitUntil(check, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}
async function recover(options, state, stop, logger, stoppedBy, incomplete) {
  const seriesPath = join(options.outDir, "series.csv");
  const recoveredSeries = existsSync(seriesPath) ? parseSeriesCsv(readFileSync(seriesPath, "utf8")) : { samples: [], pids: /* @__PURE__ */ new Map() };
  const previous = stoppedBy === "max-duration" ? readPrevious(options.outDir) : void 0;
  const handle = await startCollection(options, {
    logger,
    resumeFrom: state.positions,
    sample: false,
    stoppedBy,
    recoveredSeries
  });
  const result = await handle.stop({ ...stop, settleMs: 0, stoppedBy });
  if (previous) {
    result.crashes = previous.crashes;
    result.processes.events = previous.processes.events ?? [];
  }
  if (incomplete !== void 0) result.incomplete = incomplete;
  await writeJsonFile(join(options.outDir, "collect.json"), result);
  return result;
}
function readPrevious(outDir) {
  try {
    return JSON.parse(readFileSync(join(outDir, "collect.json"), "utf8"));
  } catch {
    return void 0;
  }
}
function retryHint(stateDir, runId) {
  return `The collector state is kept in ${stateDir}: fix the cause, then run \`waf-gate collect stop --run-id ${runId}\` again.`;
}
function keepingState(error, stateDir, runId) {
  const hint = [error.hint, retryHint(stateDir, runId)].filter(Boolean).join(" ");
  return new WafGateError(error.code, error.message, {
    context: { ...error.context, stateDir },
    cause: error,
    hint
  });
}
async function stopDetached(stateDir, runId, stop, logger) {
  const state = readState(stateDir, "state");
  const options = readState(stateDir, "options");
  if (!state || !options) {
    const running = state !== void 0 && isCollectorAlive(state.pid, stateDir);
    if (existsSync(stateDir) && !running) await rm(stateDir, { recursive: true, force: true });
    throw new ConfigError(`No collector was started for run "${runId}".`, {
      input: "run-id",
      value: runId,
      hint: `Run \`waf-gate collect start --run-id ${runId} \u2026\` first (state is looked up in ${stateDir}).`
    });
  }
  const { waitTimeoutMs = 3e5, ...stopOptions } = stop;
  let keepState = false;
  try {
    const before = readState(stateDir, "done");
    if (before?.stoppedBy === "max-duration" && before.ok) {
      for (const warning of before.warnings ?? []) logger.warn(`collect: ${warning}`);
      logger.warn(
        `collect: the collector had stopped itself after its maximum duration (${state.maxDurationMs} ms); finalising from the logs.`
      );
      return {
        result: await recover(options, state, stopOptions, logger, "max-duration"),
        outDir: options.outDir
      };
    }
    if (before !== void 0 && !before.ok && !isCollectorAlive(state.pid, stateDir)) {
      logger.warn(
        `collect: the collector could not write its results the first time (${before.error?.message ?? "unknown error"}); finalising again from the logs.`
      );
      return {
        result: await recover(
          options,
          state,
          stopOptions,
          logger,
          "recovered",
          `Finalised by a second stop after the first could not write its results (${before.error?.message ?? "unknown error"}): logs were re-read from the start offsets; process events and crashes seen only by the sampler are lost.`
        ),
        outDir: options.outDir
      };
    }
    if (isCollectorAlive(state.pid, stateDir)) {
      const stopFile = statePath(stateDir, "stop");
      try {
        await writeFile(stopFile, `${JSON.stringify(stopOptions)}
`);
      } catch (error) {
        await rm(stopFile, { force: true }).catch(() => void 0);
        throw collectWriteError(stopFile, error);
      }
      process.kill(state.pid, "SIGTERM");
      let exited = await waitUntil(() => !isCollectorAlive(state.pid, stateDir), waitTimeoutMs);
      if (!exited) {
        process.kill(state.pid, "SIGKILL");
        exited = await waitUntil(() => !isCollectorAlive(state.pid, stateDir), 5e3);
      }
      if (!exited)
        throw new WafGateError(
          "E_COLLECT_STOP",
          `The collector for run "${runId}" (pid ${state.pid}) did not exit after SIGTERM and SIGKILL.`,
          { context: { pid: state.pid } }
        );
      const done = readState(stateDir, "done");
      for (const warning of done?.warnings ?? []) logger.warn(`collect: ${warning}`);
      if (done?.ok) {
        const result = readPrevious(options.outDir);
        if (result) return { result, outDir: options.outDir };
      } else if (done?.error) {
        throw deserializeError(done.error);
      }
    }
    const log = existsSync(statePath(stateDir, "log")) ? readFileSync(statePath(stateDir, "log"), "utf8").trim().slice(-400) : "";
    let recovered;
    try {
      recovered = await recover(
        options,
        state,
        stopOptions,
        logger,
        "recovered",
        "The collector died before stop: logs were re-read from the start offsets; process events and crashes seen only by the sampler are lost."
      );
    } catch (error) {
      if (WRITE_ERRORS.has(error.code)) throw error;
      logger.warn(`collect: could not recover results: ${error.message}`);
    }
    throw new WafGateError(
      "E_COLLECTOR_DIED",
      `The collector for run "${runId}" (pid ${state.pid}) died before stop.`,
      {
        context: { log },
        hint: recovered ? `Partial results were written to ${options.outDir}/collect.json (logs re-read from the start offsets).` : "No results could be recovered; start a new collection."
      }
    );
  } catch (error) {
    const code = error.code;
    if (typeof code === "string" && (WRITE_ERRORS.has(code) || code === "E_COLLECT_STOP")) {
      keepState = true;
      throw keepingState(error, stateDir, runId);
    }
    throw error;
  } finally {
    if (!keepState) {
      await rm(stateDir, { recursive: true, force: true });
      await rmdir(dirname(stateDir)).catch(() => void 0);
    }
  }
}

// src/collect/lifecycle.ts
import { spawn } from "node:child_process";
import { existsSync as existsSync2, openSync, closeSync, readFileSync as readFileSync2 } from "node:fs";
import { mkdir, rm as rm2, writeFile as writeFile2 } from "node:fs/promises";
import { dirname as dirname2, join as join2, resolve } from "node:path";
import { fileURLToPath } from "node:url";
function collectorCommand(stateDir) {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname2(here);
  if (here.endsWith(".ts")) {
    const root = resolve(dir, "..", "..");
    return {
      command: process.execPath,
      args: ["--import", "tsx", join2(dir, "daemon.ts"), stateDir],
      cwd: root
    };
  }
  const bundled = [join2(dir, "collector.js"), join2(dir, "..", "collector.js")].find(
    (p) => existsSync2(p)
  );
  if (!bundled) {
    throw new WafGateError("E_COLLECT_BUNDLE", `dist/collector.js not found next to ${here}.`, {
      hint: "Rebuild with `node scripts/build.mjs`."
    });
  }
  return { command: process.execPath, args: [bundled, stateDir], cwd: dirname2(bundled) };
}
async function claimStateDir(options) {
  const { stateDir, runId } = options;
  await mkdir(dirname2(stateDir), { recursive: true });
  try {
    await mkdir(stateDir, { mode: 448 });
    return;
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
  }
  const state = readState(stateDir, "state");
  if (state && isCollectorAlive(state.pid, stateDir)) {
    throw new WafGateError(
      "E_COLLECT_RUNNING",
      `A collector for run "${runId}" is already running (pid ${state.pid}).`,
      {
        context: { stateDir },
        hint: `Stop it first: waf-gate collect stop --run-id ${runId}, or use another run id.`
      }
    );
  }
  if (state) {
    throw new WafGateError(
      "E_COLLECT_STALE",
      `A previous collector for run "${runId}" ended without being stopped.`,
      {
        context: { stateDir, pid: state.pid },
        hint: `Run \`waf-gate collect stop --run-id ${runId}\` to finalise and clean it up, then start again.`
      }
    );
  }
  await rm2(stateDir, { recursive: true, force: true });
  await mkdir(stateDir, { mode: 448 });
}
function collectorEnv(env) {
  const { RUNNER_TRACKING_ID: _tracked, ...rest } = env;
  return rest;
}
async function startDetached(options, logger, readyTimeoutMs = 3e4) {
  await claimStateDir(options);
  const { stateDir } = options;
  try {
    await writeFile2(statePath(stateDir, "options"), `${JSON.stringify(options, null, 2)}
`, {
      mode: 384
    });
    const { command, args, cwd } = collectorCommand(stateDir);
    const logFd = openSync(statePath(stateDir, "log"), "a");
    const child = spawn(command, args, {
      cwd,
      detached: true,
      env: collectorEnv(process.env),
      stdio: ["ignore", logFd, logFd, "ipc"]
    });
    closeSync(logFd);
    const state = await new Promise((resolveReady, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(
          new WafGateError(
            "E_COLLECT_START",
            `The collector did not report ready within ${readyTimeoutMs} ms.`,
            { context: { stateDir } }
          )
        );
      }, readyTimeoutMs);
      child.on("message", (message) => {
        clearTimeout(timer);
        if (message.type === "ready") resolveReady(message.state);
        else reject(deserializeError(message.error));
      });
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(
          new WafGateError("E_COLLECT_START", `Cannot launch the collector: ${error.message}`, {
            cause: error
          })
        );
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        const log = existsSync2(statePath(stateDir, "log")) ? readFileSync2(statePath(stateDir, "log"), "utf8").trim().slice(-600) : "";
        reject(
          new WafGateError(
            "E_COLLECT_START",
            `The collector exited before it was ready (${signal ?? `code ${code}`}).`,
            { context: { log } }
          )
        );
      });
    });
    child.removeAllListeners();
    if (child.connected) child.disconnect();
    child.unref();
    for (const warning of state.warnings ?? []) logger.warn(warning);
    logger.info(
      `collect: collector for run ${options.runId} running here (pid ${state.pid}), reading ${options.host ?? "local"}; results will go to ${options.outDir}`
    );
    return { runId: options.runId, pid: state.pid, stateDir, outDir: options.outDir, state };
  } catch (error) {
    await rm2(stateDir, { recursive: true, force: true });
    throw error;
  }
}

// src/collect/stop-inputs.ts
function parseStopInputs(raw, nameOf = (name) => name) {
  const v = parseOptions(COLLECT_STOP_SCHEMA, raw, { nameOf, stage: "collect stop" });
  return {
    stop: {
      ...v.replay === void 0 ? {} : { replayFile: v.replay },
      ...v.outcomes === void 0 ? {} : { outcomesFile: v.outcomes },
      settleMs: v.settle
    },
    fromOffset: v["from-offset"]
  };
}

// src/collect/index.ts
async function analyzeLog(options, logger, stop = {}, fromOffset = 0) {
  const handle = await startCollection(options, {
    logger,
    sample: false,
    stoppedBy: "analyze",
    resumeFrom: {
      access: { path: options.accessLog, ino: -1, offset: fromOffset },
      ...options.errorLog ? { error: { path: options.errorLog, ino: -1, offset: 0 } } : {}
    }
  });
  return handle.stop({ ...stop, settleMs: 0 });
}
function summarizeResult(result, outDir) {
  const lines = [
    `run ${result.runId}: ${result.log.lines} lines (${result.log.parsed} parsed, ${result.log.formatErrors} format errors) from ${result.log.path}`,
    `anomalies: ${result.anomalies.total}${Object.keys(result.anomalies.perDomain).length ? ` (${Object.entries(result.anomalies.perDomain).map(([d, s]) => `${d}: ${Object.values(s).reduce((a, b) => a + b, 0)}`).join(", ")})` : ""}`
  ];
  if (result.join) {
    const reasons = Object.entries(result.join.missingByReason).map(([r, n]) => `${r} ${n}`).join(", ");
    lines.push(
      `join: sent ${result.join.sent} = joined ${result.join.joined}${result.join.joinedByPort !== void 0 ? ` (${result.join.joinedByPort} by connection)` : ""} + missing ${result.join.missing}${reasons ? ` (${reasons})` : ""}; unexpected log lines ${result.join.unexpected}`
    );
  }
  for (const g of result.processes.groups) {
    lines.push(
      `${g.name}: ${g.pids.length} pids, CPU mean ${g.cpuPct.mean}% p95 ${g.cpuPct.p95}% max ${g.cpuPct.max}%, RSS max ${Math.round(g.rssBytes.max / 1048576)} MiB, CPU time ${g.cpuTimeMs} ms`
    );
  }
  lines.push(`crashes: ${result.crashes.length}; error-log findings: ${result.findings.length}`);
  for (const c of result.crashes.slice(0, 5))
    lines.push(`  crash pid ${c.pid} (${c.group})${c.signal ? ` ${c.signal}` : ""}: ${c.detail}`);
  for (const m of result.missing ?? [])
    lines.push(`missing ${m.metric}${m.group ? ` (${m.group})` : ""}: ${m.reason}`);
  if (result.hostsOverflow)
    lines.push(
      `hosts: more than ${result.hostsOverflow.maxHosts}; ${result.hostsOverflow.lines} lines counted as "(other hosts)"`
    );
  lines.push(`results: ${outDir}/collect.json`);
  return lines.join("\n");
}

export {
  stopDetached,
  startDetached,
  parseStopInputs,
  analyzeLog,
  summarizeResult
};
