import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);

// src/common/errors.ts
var WafGateError = class extends Error {
  code;
  context;
  hint;
  constructor(code, message, options = {}) {
    super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
    this.name = "WafGateError";
    this.code = code;
    this.context = options.context ?? {};
    this.hint = options.hint;
  }
};
var ConfigError = class extends WafGateError {
  input;
  value;
  file;
  line;
  constructor(message, options = {}) {
    super("E_CONFIG", message, options);
    this.name = "ConfigError";
    this.input = options.input;
    this.value = options.value;
    this.file = options.file;
    this.line = options.line;
  }
};
function isWafGateError(error) {
  return error instanceof Error && typeof error.code === "string" && "context" in error;
}
function isConfigError(error) {
  return isWafGateError(error) && error.code === "E_CONFIG";
}
function wrapError(error, code = "E_INTERNAL", context = {}) {
  if (isWafGateError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WafGateError(code, message, { cause: error, context });
}
function quote(value) {
  if (typeof value === "string")
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}\u2026` : value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
function formatError(error, debug = false) {
  const parts = [];
  const err = isWafGateError(error) ? error : wrapError(error);
  let where = "";
  if (isConfigError(err)) {
    if (err.file !== void 0)
      where = err.line !== void 0 ? `${err.file}:${err.line}: ` : `${err.file}: `;
    parts.push(`${where}${err.message}`);
    if (err.input !== void 0)
      parts.push(`(input ${err.input}${err.value !== void 0 ? ` = ${quote(err.value)}` : ""})`);
  } else {
    parts.push(`${err.message} [${err.code}]`);
  }
  const context = Object.entries(err.context).filter(([, v]) => v !== void 0).map(([k, v]) => `${k}=${typeof v === "string" ? quote(v) : String(v)}`);
  if (context.length > 0) parts.push(`(${context.join(", ")})`);
  let cause = err.cause;
  const seen = /* @__PURE__ */ new Set();
  while (cause !== void 0 && cause !== null && !seen.has(cause)) {
    seen.add(cause);
    const text2 = cause instanceof Error ? cause.message : String(cause);
    if (text2 && !parts.some((p) => p.includes(text2))) parts.push(`Cause: ${text2}.`);
    cause = cause instanceof Error ? cause.cause : void 0;
  }
  if (err.hint) parts.push(err.hint);
  let text = parts.join(" ");
  if (debug && err.stack) text += `
${err.stack}`;
  return text;
}

// src/common/options.ts
var DURATION_UNITS_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5 };
function parseDurationMs(input, value) {
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value * 1e3;
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text);
  if (!match) {
    throw new ConfigError(`Not a duration: use a number with ms, s, m or h, e.g. 30s or 500ms.`, {
      input,
      value
    });
  }
  return Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] ?? "s"]);
}
function parseInteger(input, value, min = 0, max = Number.MAX_SAFE_INTEGER) {
  const n = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < min || n > max || String(value).trim() === "") {
    throw new ConfigError(`Expected a whole number from ${min} to ${max}.`, { input, value });
  }
  return n;
}
function parseNumber(input, value, min = -Infinity, max = Infinity) {
  const n = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n < min || n > max || String(value).trim() === "") {
    throw new ConfigError(`Expected a number from ${min} to ${max}.`, { input, value });
  }
  return n;
}
function parseBoolean(input, value) {
  if (typeof value === "boolean") return value;
  const text = value.trim().toLowerCase();
  if (["true", "yes", "1", "on"].includes(text)) return true;
  if (["false", "no", "0", "off"].includes(text)) return false;
  throw new ConfigError("Expected true or false.", { input, value });
}
function parseList(value) {
  if (!value) return [];
  return value.split(/[\n,]/).map((s) => s.trim()).filter((s) => s.length > 0);
}
function parseEnum(input, value, allowed) {
  const text = value.trim();
  if (allowed.includes(text)) return text;
  throw new ConfigError(`Expected one of: ${allowed.join(", ")}.`, { input, value });
}

// src/common/json-file.ts
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
async function readJsonFile(path, what = "JSON file") {
  let text;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read the ${what}.`, {
      file: path,
      cause: error,
      hint: "Check the path; it is produced by an earlier waf-gate step."
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The ${what} is not valid JSON.`, { file: path, cause: error });
  }
}
async function writeJsonFile(path, value) {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}
`);
  await rename(temp, path);
}

export {
  WafGateError,
  ConfigError,
  isWafGateError,
  isConfigError,
  formatError,
  parseDurationMs,
  parseInteger,
  parseNumber,
  parseBoolean,
  parseList,
  parseEnum,
  readJsonFile,
  writeJsonFile
};
