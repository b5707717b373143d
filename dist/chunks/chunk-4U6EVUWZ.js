import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  openInstallHost,
  readState,
  restoreFromHost,
  restoreFromStateFile,
  runInstall
} from "./chunk-JTHWYULW.js";

// src/install/run.ts
async function executeInstall(options, logger, signal) {
  let spec = options.host;
  let fromHost = false;
  if (options.mode === "restore") {
    const state = await readState(options.stateFile);
    const ours = state !== null && (options.runId === void 0 || state.runId === options.runId);
    if (ours && spec === "local") spec = state.host;
    fromHost = !ours && options.runId !== void 0 && options.lockFile !== null;
  }
  const host = await openInstallHost(spec, options.ssh, logger);
  try {
    if (fromHost) {
      const result = await restoreFromHost(host, options.lockFile, options.runId, logger);
      return {
        mode: "restore",
        result: { ...result, stateFile: result.hostStateFile, host: host.name }
      };
    }
    if (options.mode === "restore") {
      const result = await restoreFromStateFile(host, options.stateFile, logger);
      return {
        mode: "restore",
        result: { ...result, stateFile: options.stateFile, host: host.name }
      };
    }
    return { mode: "install", result: await runInstall(host, options, logger, signal) };
  } finally {
    await host.close();
  }
}

export {
  executeInstall
};
