import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  WafGateError
} from "./chunk-75RA3XRF.js";

// src/common/exec.ts
import { spawn } from "node:child_process";
function tail(text, max = 600) {
  const trimmed = text.trim();
  return trimmed.length > max ? `\u2026${trimmed.slice(-max)}` : trimmed;
}
function describeCommand(command, args) {
  return [command, ...args].map((a) => /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`).join(" ");
}
function runCommand(command, args, options = {}) {
  const timeoutMs = options.timeoutMs ?? 6e4;
  const maxOutputBytes = options.maxOutputBytes ?? 8 * 1024 * 1024;
  const shown = describeCommand(command, args);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"]
    });
    const out = [];
    const err = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    child.stdout.on("data", (chunk) => {
      if (outBytes < maxOutputBytes) out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr.on("data", (chunk) => {
      if (errBytes < maxOutputBytes) err.push(chunk);
      errBytes += chunk.length;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 2e3).unref();
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      if (error.code === "ENOENT") {
        reject(
          new WafGateError("E_EXEC_NOT_FOUND", `Program not found: ${command}`, {
            cause: error,
            context: { command: shown },
            hint: `Install ${command} or put it on PATH.`
          })
        );
      } else {
        reject(new WafGateError("E_EXEC_FAILED", `Could not run ${shown}`, { cause: error }));
      }
    });
    child.stdin.on("error", () => {
    });
    child.stdin.end(options.input ?? "");
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      const result = {
        exitCode,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        durationMs: Date.now() - started
      };
      if (timedOut) {
        reject(
          new WafGateError("E_EXEC_TIMEOUT", `${shown} did not finish within ${timeoutMs} ms`, {
            context: { stderr: tail(result.stderr) }
          })
        );
      } else if (exitCode !== 0 && !options.allowFailure) {
        reject(
          new WafGateError(
            "E_EXEC_FAILED",
            `${shown} failed with ${signal ? `signal ${signal}` : `exit code ${exitCode}`}`,
            {
              context: { stderr: tail(result.stderr || result.stdout) }
            }
          )
        );
      } else {
        resolve(result);
      }
    });
  });
}

export {
  describeCommand,
  runCommand
};
