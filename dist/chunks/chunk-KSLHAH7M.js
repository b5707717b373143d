import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  WafGateError
} from "./chunk-QC4E7EMN.js";

// src/install/lock.ts
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import { posix } from "node:path";
var FORMAT = "waf-gate-lock/1";
function hostStatePath(lockPath, runId) {
  return posix.join(posix.dirname(lockPath), "state", `${runId}.json`);
}
function runUrlFromEnv() {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : void 0;
}
function newHolder(runId, leaseMs, startedAt, nowMs) {
  const url = runUrlFromEnv();
  const job = process.env.GITHUB_JOB;
  return {
    format: FORMAT,
    runId,
    ...url === void 0 ? {} : { runUrl: url },
    ...job ? { job } : {},
    runner: hostname(),
    pid: process.pid,
    startedAt,
    renewedAt: new Date(nowMs).toISOString(),
    leaseMs,
    expiresAt: new Date(nowMs + leaseMs).toISOString()
  };
}
async function readLock(host, path) {
  let text;
  try {
    text = (await host.readFile(path)).toString("utf8");
  } catch (error) {
    if (error.code === "ENOENT") return null;
    throw lockError(
      "E_LOCK",
      `Cannot read the lock file ${path} on ${host.name}`,
      host,
      path,
      error
    );
  }
  try {
    const holder = JSON.parse(text);
    if (holder.format === FORMAT && typeof holder.runId === "string") return holder;
  } catch {
  }
  const mtimeMs = (await host.stat(path))?.mtimeMs ?? Date.now();
  return {
    format: FORMAT,
    runId: `unknown (${path} is not a waf-gate lock)`,
    runner: "unknown",
    pid: 0,
    startedAt: new Date(mtimeMs).toISOString(),
    renewedAt: new Date(mtimeMs).toISOString(),
    leaseMs: 0,
    expiresAt: new Date(mtimeMs).toISOString()
  };
}
function lockError(code, message, host, path, cause) {
  return new WafGateError(code, message, {
    ...cause === void 0 ? {} : { cause },
    context: { host: host.name, lockFile: path },
    hint: `The lock's folder must be writable by the user waf-gate logs in as (or set lock-file to another path, or none).`
  });
}
function formatDuration(ms) {
  const s = Math.max(0, Math.round(ms / 1e3));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}
function describeHolder(holder) {
  return [
    `run ${holder.runId}`,
    holder.runUrl,
    holder.job === void 0 ? void 0 : `job ${holder.job}`,
    `on runner ${holder.runner} (pid ${holder.pid})`
  ].filter((p) => p !== void 0).join(", ");
}
async function acquireLock(host, options, runId, logger) {
  const { path, leaseMs } = options;
  try {
    await host.mkdir(posix.dirname(path), { recursive: true, mode: 493 });
  } catch (error) {
    throw lockError("E_LOCK", `Cannot create the lock folder on ${host.name}`, host, path, error);
  }
  let previous;
  for (let attempt = 0; attempt < 5; attempt++) {
    const nowMs = Date.now();
    const holder = newHolder(runId, leaseMs, new Date(nowMs).toISOString(), nowMs);
    try {
      await host.writeFile(path, `${JSON.stringify(holder, null, 2)}
`, {
        exclusive: true,
        mode: 420
      });
      return previous === void 0 ? { holder, how: "new" } : { holder, how: "taken-over", previous };
    } catch (error) {
      if (error.code !== "EEXIST")
        throw lockError(
          "E_LOCK",
          `Cannot create the lock ${path} on ${host.name}`,
          host,
          path,
          error
        );
    }
    const current = await readLock(host, path);
    if (current === null) continue;
    if (current.runId === runId) {
      return { holder: await renewLock(host, options, runId), how: "renewed" };
    }
    const heldMs = nowMs - Date.parse(current.startedAt);
    const expiresMs = Date.parse(current.expiresAt);
    if (!(expiresMs <= nowMs)) {
      throw new WafGateError(
        "E_LOCK_HELD",
        `${host.name} is in use by ${describeHolder(current)}: held for ${formatDuration(heldMs)} (since ${current.startedAt}); its lease expires at ${current.expiresAt} (in ${formatDuration(expiresMs - nowMs)}).`,
        {
          context: { host: host.name, lockFile: path, holder: current.runId },
          hint: `Wait for that run to restore (or use a concurrency group keyed by the WAF host). If it is dead, restore it: waf-gate install --mode restore --host ${host.name} --run-id ${current.runId} (that also releases the lock), or wait for the lease to expire.`
        }
      );
    }
    logger.warn(
      `Taking over the lock on ${host.name}: the lease of ${describeHolder(current)} expired at ${current.expiresAt} (held for ${formatDuration(heldMs)}).`
    );
    const aside = `${path}.expired-${randomBytes(4).toString("hex")}`;
    try {
      await host.rename(path, aside);
    } catch (error) {
      if (error.code === "ENOENT") continue;
      throw lockError("E_LOCK", `Cannot move the expired lock ${path} aside`, host, path, error);
    }
    const moved = await readLock(host, aside);
    if (moved !== null && moved.runId !== current.runId) {
      await host.writeFile(path, await host.readFile(aside), { exclusive: true, mode: 420 }).catch(() => void 0);
    } else previous = current;
    await host.rm(aside, { force: true });
  }
  throw lockError("E_LOCK", `Could not take the lock ${path} after 5 attempts`, host, path);
}
async function renewLock(host, options, runId) {
  const current = await readLock(host, options.path);
  if (current === null || current.runId !== runId) {
    throw new WafGateError(
      "E_LOCK_LOST",
      current === null ? `Run ${runId} no longer holds ${host.name}: the lock ${options.path} is gone` : `Run ${runId} no longer holds ${host.name}: ${describeHolder(current)} took it over`,
      {
        context: { host: host.name, lockFile: options.path },
        hint: "The lease expired before this run renewed it; give lock-lease a longer duration."
      }
    );
  }
  const nowMs = Date.now();
  const holder = { ...newHolder(runId, options.leaseMs, current.startedAt, nowMs) };
  await host.writeFile(options.path, `${JSON.stringify(holder, null, 2)}
`, { mode: 420 });
  return holder;
}
async function releaseLock(host, path, runId, logger) {
  const current = await readLock(host, path);
  if (current === null) {
    logger.info(`No lock at ${path} on ${host.name}: nothing to release.`);
    return false;
  }
  if (current.runId !== runId) {
    logger.info(
      `The lock on ${host.name} is held by ${describeHolder(current)}, not run ${runId}: left alone.`
    );
    return false;
  }
  await host.rm(path, { force: true });
  logger.info(`Released the lock on ${host.name} (${path}).`);
  return true;
}

export {
  hostStatePath,
  readLock,
  describeHolder,
  acquireLock,
  renewLock,
  releaseLock
};
