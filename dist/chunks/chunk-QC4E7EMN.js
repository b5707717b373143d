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
    const text2 = cause instanceof Error ? cause.message : describeValue(cause);
    if (text2 && !parts.some((p) => p.includes(text2))) parts.push(`Cause: ${text2}.`);
    cause = cause instanceof Error ? cause.cause : void 0;
  }
  if (err.hint) parts.push(err.hint);
  let text = parts.join(" ");
  if (debug && err.stack) text += `
${err.stack}`;
  return text;
}
function describeValue(value) {
  if (typeof value === "object" && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}

// src/common/logger.ts
function createConsoleLogger(verbose = false) {
  return {
    debug: (m) => {
      if (verbose) process.stderr.write(`debug: ${m}
`);
    },
    info: (m) => process.stderr.write(`${m}
`),
    warn: (m) => process.stderr.write(`warning: ${m}
`),
    error: (m) => process.stderr.write(`error: ${m}
`)
  };
}
function warnOnce(inner) {
  const repeats = /* @__PURE__ */ new Map();
  return {
    debug: (m) => inner.debug(m),
    info: (m) => inner.info(m),
    error: (m) => inner.error(m),
    warn: (m) => {
      const seen = repeats.get(m);
      if (seen === void 0) {
        repeats.set(m, 0);
        inner.warn(m);
      } else {
        repeats.set(m, seen + 1);
      }
    },
    flushRepeats: () => {
      for (const [message, count] of repeats) {
        if (count > 0) {
          const times = count === 1 ? "time" : "times";
          inner.info(`(the warning "${shorten(message)}" was repeated ${count} more ${times})`);
        }
      }
      repeats.clear();
    }
  };
}
function shorten(message) {
  const firstLine = message.split("\n", 1)[0] ?? "";
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}...` : firstLine;
}
var silentLogger = { debug() {
}, info() {
}, warn() {
}, error() {
} };

// src/common/options.ts
var DURATION_UNITS_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5 };
var MAX_DURATION_MS = 2 ** 31 - 1;
function describeMs(ms) {
  if (ms % 36e5 === 0 && ms >= 36e5) return `${ms / 36e5}h`;
  if (ms % 6e4 === 0 && ms >= 6e4) return `${ms / 6e4}m`;
  if (ms % 1e3 === 0) return `${ms / 1e3}s`;
  return `${ms}ms`;
}
function parseDurationMs(input, value, bounds = {}) {
  let ms;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) {
    ms = Math.round(value * 1e3);
  } else {
    const text = String(value).trim();
    const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text);
    if (!match) {
      throw new ConfigError(`Not a duration: use a number with ms, s, m or h, e.g. 30s or 500ms.`, {
        input,
        value
      });
    }
    ms = Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] ?? "s"]);
  }
  const maxMs = Math.min(bounds.maxMs ?? MAX_DURATION_MS, MAX_DURATION_MS);
  const minMs = bounds.minMs ?? (bounds.allowZero ? 0 : 1);
  if (!(ms >= minMs && ms <= maxMs)) {
    const from = minMs === 0 ? "from 0" : `from ${describeMs(minMs)}`;
    const range = `${from} to ${describeMs(maxMs)}${maxMs === MAX_DURATION_MS ? " (2^31\u22121 ms, about 596h)" : ""}`;
    throw new ConfigError(
      ms === 0 && !bounds.allowZero ? `A duration of 0 is not allowed here; use a duration ${range}.` : `The duration is out of range: use a duration ${range}.`,
      { input, value }
    );
  }
  return ms;
}
function parsePort(input, value) {
  const n = typeof value === "number" ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < 1 || n > 65535 || String(value).trim() === "") {
    throw new ConfigError("A port is a whole number from 1 to 65535.", { input, value });
  }
  return n;
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

// src/common/option-schema.ts
function actionInputOf(schema, name) {
  return schema[name]?.actionInput ?? name;
}
function optionNames(schema) {
  return Object.keys(schema);
}
function isGiven(value) {
  return typeof value === "boolean" || value !== void 0 && value.trim() !== "";
}
function optionDefault(spec) {
  if (spec.default === void 0) return void 0;
  return Array.isArray(spec.default) ? [...spec.default] : spec.default;
}
function parseOptionValue(spec, input, value) {
  if (spec.type === "boolean") return parseBoolean(input, value);
  const text = String(value);
  switch (spec.type) {
    case "integer":
      return parseInteger(input, text, spec.min ?? 0, spec.max ?? Number.MAX_SAFE_INTEGER);
    case "number":
      return parseNumber(input, text, spec.min ?? -Infinity, spec.max ?? Infinity);
    case "duration":
      return parseDurationMs(input, text, {
        ...spec.allowZero ? { allowZero: true } : {},
        ...spec.minMs !== void 0 ? { minMs: spec.minMs } : {},
        ...spec.maxMs !== void 0 ? { maxMs: spec.maxMs } : {}
      });
    case "enum":
      return parseEnum(input, text, spec.values);
    case "list": {
      const items = parseList(text);
      if (spec.itemPattern) {
        for (const item of items) {
          if (!spec.itemPattern.test(item))
            throw new ConfigError(
              `Expected ${spec.itemText ?? `items matching ${String(spec.itemPattern)}`}.`,
              {
                input,
                value: item
              }
            );
        }
      }
      return items;
    }
    case "url": {
      const trimmed = text.trim();
      let url;
      try {
        url = new URL(trimmed);
      } catch (error) {
        throw new ConfigError("Not a URL: use http://host:port/\u2026 or https://host:port/\u2026.", {
          input,
          value,
          cause: error
        });
      }
      if (url.protocol !== "http:" && url.protocol !== "https:")
        throw new ConfigError("Expected an http:// or https:// URL.", { input, value });
      return trimmed;
    }
    default: {
      const result = spec.keepWhitespace ? text : text.trim();
      if (spec.pattern && !spec.pattern.test(result.trim()))
        throw new ConfigError(
          `Expected ${spec.patternText ?? `text matching ${String(spec.pattern)}`}.`,
          { input, value }
        );
      return result;
    }
  }
}
function parseOptions(schema, raw, config = {}) {
  const nameOf = config.nameOf ?? ((name) => name);
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(schema, key) && raw[key] !== void 0)
      throw new ConfigError(`Unknown ${config.stage ? `${config.stage} ` : ""}option "${key}".`, {
        input: key,
        hint: `Known: ${Object.keys(schema).map(nameOf).join(", ")}.`
      });
  }
  const values = {};
  for (const [name, spec] of Object.entries(schema)) {
    const value = raw[name];
    if (isGiven(value)) {
      values[name] = parseOptionValue(spec, nameOf(name), value);
    } else if (spec.required) {
      throw new ConfigError(`A value is required: ${spec.help}`, { input: nameOf(name) });
    } else {
      values[name] = optionDefault(spec);
    }
  }
  return values;
}

// src/common/json-file.ts
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
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
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, `${JSON.stringify(value, null, 2)}
`);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => void 0);
    const code = error.code ?? "error";
    throw new WafGateError("E_WRITE", `Cannot write ${path}: ${code}.`, {
      context: { file: path },
      cause: error,
      hint: code === "ENOSPC" ? "The disk is full: free space (or choose another output folder) and run the step again." : "Check that the folder exists, is a folder and is writable, then run the step again."
    });
  }
}
function describeJson(value) {
  if (value === void 0) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 60)}\u2026` : text}`;
}
var JsonShape = class {
  constructor(file, what) {
    this.file = file;
    this.what = what;
  }
  file;
  what;
  /** Throws the ConfigError for `path`. */
  fail(path, expected, found) {
    throw new ConfigError(
      `The ${this.what} is malformed: ${path} should be ${expected}, but is ${describeJson(found)}.`,
      {
        file: this.file,
        hint: "It is written by waf-gate: re-run the step that wrote it, or correct that field."
      }
    );
  }
  object(value, path) {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      this.fail(path, "an object", value);
    return value;
  }
  array(value, path) {
    if (!Array.isArray(value)) this.fail(path, "a list", value);
    return value;
  }
  string(value, path) {
    if (typeof value !== "string") this.fail(path, "a string", value);
    return value;
  }
  /** A non-empty string. */
  text(value, path) {
    if (typeof value !== "string" || value === "") this.fail(path, "a non-empty string", value);
    return value;
  }
  number(value, path, options = {}) {
    const { integer = false, min } = options;
    const ok = typeof value === "number" && Number.isFinite(value) && (!integer || Number.isInteger(value)) && (min === void 0 || value >= min);
    if (!ok)
      this.fail(
        path,
        `${integer ? "a whole number" : "a number"}${min === void 0 ? "" : ` \u2265 ${min}`}`,
        value
      );
    return value;
  }
  boolean(value, path) {
    if (typeof value !== "boolean") this.fail(path, "true or false", value);
    return value;
  }
  /** One of `allowed` (compared with ===). */
  oneOf(value, path, allowed) {
    if (!allowed.includes(value))
      this.fail(path, allowed.map((a) => JSON.stringify(a)).join(" or "), value);
    return value;
  }
  /** An object whose every value passes `check`. */
  record(value, path, check) {
    const obj = this.object(value, path);
    for (const [key, v] of Object.entries(obj)) check(v, `${path}.${key}`);
    return obj;
  }
  /** A list whose every item passes `check`. */
  list(value, path, check) {
    return this.array(value, path).map((item, i) => check(item, `${path}[${i}]`));
  }
};

export {
  WafGateError,
  ConfigError,
  isWafGateError,
  isConfigError,
  formatError,
  createConsoleLogger,
  warnOnce,
  silentLogger,
  MAX_DURATION_MS,
  parseDurationMs,
  parsePort,
  parseInteger,
  parseBoolean,
  parseList,
  parseEnum,
  readJsonFile,
  writeJsonFile,
  JsonShape,
  actionInputOf,
  optionNames,
  optionDefault,
  parseOptionValue,
  parseOptions
};
