import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  describeHolder,
  readLock,
  renewLock
} from "./chunks/chunk-KSLHAH7M.js";
import {
  openCollectHost,
  readState,
  serializeError,
  startCollection,
  statePath
} from "./chunks/chunk-EZWERAWO.js";
import "./chunks/chunk-QEATW52E.js";
import {
  WafGateError
} from "./chunks/chunk-QC4E7EMN.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/collect/daemon.ts
import { writeFileSync, appendFileSync } from "node:fs";

// src/collect/lease.ts
var MIN_RENEW_INTERVAL_MS = 1e3;
async function startLeaseRenewal(host, lockFile, runId, logger) {
  const holder = await readLock(host, lockFile);
  if (holder === null || holder.runId !== runId) {
    throw new WafGateError(
      "E_LOCK_NOT_HELD",
      holder === null ? `Run ${runId} does not hold the WAF host lock ${lockFile} on ${host.name}: there is no lock.` : `Run ${runId} does not hold the WAF host lock ${lockFile} on ${host.name}: ${describeHolder(holder)} does.`,
      {
        context: { host: host.name, lockFile },
        hint: "Give collect-metrics the run-id install-waf took the lock with (install-waf output run-id), or leave lock-file empty."
      }
    );
  }
  const options = { path: lockFile, leaseMs: holder.leaseMs };
  await renewLock(host, options, runId);
  const intervalMs = Math.max(MIN_RENEW_INTERVAL_MS, Math.floor(holder.leaseMs / 3));
  let lost;
  let renewing = false;
  const renew = async () => {
    try {
      const renewed = await renewLock(host, options, runId);
      logger.debug(`renewed the lock ${lockFile} until ${renewed.expiresAt}`);
    } catch (error) {
      if (error.code === "E_LOCK_LOST") {
        lost = `${error.message}: another run may have changed the WAF host during this collection.`;
        logger.warn(lost);
        clearInterval(timer);
        return;
      }
      logger.warn(`renewing the lock ${lockFile} failed (retried): ${error.message}`);
    }
  };
  const timer = setInterval(() => {
    if (renewing) return;
    renewing = true;
    void renew().finally(() => {
      renewing = false;
    });
  }, intervalMs);
  logger.info(`renewing the lock ${lockFile} every ${intervalMs} ms as run ${runId}`);
  return {
    intervalMs,
    get lost() {
      return lost;
    },
    stop: () => clearInterval(timer)
  };
}

// src/collect/daemon.ts
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
  let host;
  let lease;
  try {
    host = await openCollectHost(options, logger);
    handle = await startCollection(options, { logger, host });
    if (options.lockFile !== void 0) {
      try {
        lease = await startLeaseRenewal(host, options.lockFile, options.runId, logger);
      } catch (error) {
        await handle.abort();
        throw error;
      }
    }
  } catch (error) {
    logger.error(`start failed: ${error.message}`);
    send({ type: "error", error: serializeError(error) });
    await host?.close().catch(() => void 0);
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
    lease?.stop();
    const request = readState(stateDir2, "stop") ?? {};
    const done = { ok: true, stoppedBy, endedAtMs: Date.now() };
    if (lease?.lost !== void 0) done.warnings = [lease.lost];
    try {
      await handle.stop({ ...request, stoppedBy });
      logger.info(`stopped (${stoppedBy}); results in ${options.outDir}`);
    } catch (error) {
      logger.error(`finalising failed: ${error.message}`);
      done.ok = false;
      done.error = serializeError(error);
    }
    await host?.close().catch(() => void 0);
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
