import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  Engine,
  LineBatcher,
  OutcomeFormatter,
  disableRawTcp,
  revivePrepared
} from "./chunks/chunk-MYUYXPJI.js";
import "./chunks/chunk-D5N3K7F6.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/replay/worker-entry.ts
import { parentPort, workerData } from "node:worker_threads";
async function main() {
  const port = parentPort;
  if (!port) return;
  const input = workerData;
  if (!input.rawTcp) disableRawTcp();
  const prepared = revivePrepared(input.prepared);
  const batcher = new LineBatcher(
    (chunk) => port.postMessage({ type: "outcomes", chunk })
  );
  const formatter = input.fragments ? new OutcomeFormatter(prepared.domains, input.fragments) : null;
  const engine = new Engine(
    input.config,
    prepared,
    formatter ? (job, status, error, lat, bytes, reused, at, local) => batcher.push(formatter.line(job, status, error, lat, bytes, reused, at, local)) : null
  );
  const controller = new AbortController();
  port.on("message", (m) => {
    if (m.type === "stop") controller.abort();
    else if (m.type === "pause") engine.pause();
    else if (m.type === "resume") engine.resume();
  });
  const progress = setInterval(
    () => port.postMessage({ type: "progress", ...engine.stats.live() }),
    250
  );
  try {
    const snapshot = await engine.run(controller.signal);
    batcher.flush();
    port.postMessage({ type: "done", snapshot });
  } catch (error) {
    port.postMessage({ type: "error", message: error.message });
  } finally {
    clearInterval(progress);
    port.close();
  }
}
await main();
