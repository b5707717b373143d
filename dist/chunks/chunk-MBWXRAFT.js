import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  ConfigError,
  parseDurationMs
} from "./chunk-QC4E7EMN.js";

// src/replay/shaping/parse.ts
var RATE_UNITS = {
  b: 1,
  kb: 1e3,
  kib: 1024,
  mb: 1e3 ** 2,
  mib: 1024 ** 2,
  gb: 1e3 ** 3,
  gib: 1024 ** 3
};
var MAX_RATE_BPS = 10 * 1024 ** 3;
function parseByteRate(input, value) {
  const text = value.trim();
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)\s*(?:\/\s*s)?$/i.exec(text);
  const unit = match?.[2]?.toLowerCase() ?? "";
  const factor = unit === "" ? 1 : RATE_UNITS[unit];
  if (!match || factor === void 0)
    throw new ConfigError(
      "Not a byte rate: use bytes per second with an optional unit B, kB, KiB, MB, MiB, GB or GiB, e.g. 64KiB/s or 65536.",
      { input, value }
    );
  const rateBps = Math.round(Number(match[1]) * factor);
  if (!(rateBps >= 1 && rateBps <= MAX_RATE_BPS))
    throw new ConfigError(
      `The rate is out of range: use 1 B/s to 10 GiB/s (this is ${rateBps} B/s).`,
      { input, value }
    );
  return rateBps;
}
function parseSlowSend(input, value) {
  const match = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(value);
  const bytes = match ? Number(match[1]) : NaN;
  if (!match || !(bytes >= 1 && bytes <= 1024 * 1024))
    throw new ConfigError(
      "Expected <bytes>/<interval>: 1 to 1048576 bytes per chunk and a duration between chunks, e.g. 1/1s or 64/100ms.",
      { input, value }
    );
  let intervalMs;
  try {
    intervalMs = parseDurationMs(input, match[2], { minMs: 1, maxMs: 36e5 });
  } catch (error) {
    throw new ConfigError(`The interval: ${error.message}`, {
      input,
      value,
      cause: error
    });
  }
  return { bytes, intervalMs };
}
function parseShaping(v) {
  const shaping = {};
  if (v["upload-rate"] !== void 0)
    shaping.uploadRateBps = parseByteRate("upload-rate", v["upload-rate"]);
  if (v["download-rate"] !== void 0)
    shaping.downloadRateBps = parseByteRate("download-rate", v["download-rate"]);
  if (v.delay !== void 0 && v.delay > 0) shaping.delayMs = v.delay;
  if (v["slow-header"] !== void 0)
    shaping.slowHeader = parseSlowSend("slow-header", v["slow-header"]);
  if (v["slow-body"] !== void 0) shaping.slowBody = parseSlowSend("slow-body", v["slow-body"]);
  return Object.keys(shaping).length > 0 ? shaping : void 0;
}
function formatBytes(bytes) {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}
var formatMs = (ms) => ms >= 1e3 && ms % 1e3 === 0 ? `${ms / 1e3} s` : `${ms} ms`;
function formatShaping(shaping) {
  const parts = [];
  if (shaping.uploadRateBps !== void 0)
    parts.push(`upload ${formatBytes(shaping.uploadRateBps)}/s`);
  if (shaping.downloadRateBps !== void 0)
    parts.push(`download ${formatBytes(shaping.downloadRateBps)}/s`);
  if (shaping.delayMs !== void 0) parts.push(`delay ${formatMs(shaping.delayMs)}`);
  if (shaping.slowHeader)
    parts.push(
      `slow header ${formatBytes(shaping.slowHeader.bytes)} every ${formatMs(shaping.slowHeader.intervalMs)}`
    );
  if (shaping.slowBody)
    parts.push(
      `slow body ${formatBytes(shaping.slowBody.bytes)} every ${formatMs(shaping.slowBody.intervalMs)}`
    );
  return parts.length > 0 ? `${parts.join(", ")} (per connection)` : "none";
}

// src/corpus/ftw-expect.ts
function ruleIdOfLogPattern(pattern) {
  const m = /^\s*(?:\\?\[)?id\s*(?:\\?["'])?(\d{1,10})(?:\\?["'])?(?:\\?\])?\s*$/.exec(pattern);
  return m ? m[1] : null;
}
function statusList(value) {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const n = typeof item === "string" && /^\d{3}$/.test(item.trim()) ? Number(item) : item;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 100 || n > 999)
      throw new Error(
        `"output.status" must be an HTTP status or a list of them, got ${JSON.stringify(item)}`
      );
    return n;
  });
}
function idList(value, field) {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const text = typeof item === "number" ? String(item) : typeof item === "string" ? item.trim() : "";
    if (!/^\d{1,10}$/.test(text))
      throw new Error(`"${field}" must list rule ids (numbers), got ${JSON.stringify(item)}`);
    return text;
  });
}
function boolField(value, field) {
  if (typeof value !== "boolean")
    throw new Error(`"${field}" must be true or false, got ${JSON.stringify(value)}`);
  return value;
}
function logPattern(value, field, ids, unsupported) {
  if (value === void 0 || value === null || value === "") return;
  if (typeof value !== "string")
    throw new Error(`"${field}" must be text, got ${JSON.stringify(value)}`);
  const id = ruleIdOfLogPattern(value);
  if (id !== null) ids.push(id);
  else
    unsupported.push(
      `${field} ${JSON.stringify(value)} (waf-gate checks the rule ids ModSecurity logged, not free log text)`
    );
}
function parseFtwOutput(output) {
  const expect = {};
  if (!output) return expect;
  const expectIds = [];
  const noExpectIds = [];
  const unsupported = [];
  if (output.status !== void 0 && output.status !== null && output.status !== 0)
    expect.status = statusList(output.status);
  logPattern(output.log_contains, "log_contains", expectIds, unsupported);
  logPattern(output.no_log_contains, "no_log_contains", noExpectIds, unsupported);
  const log = output.log;
  if (log !== void 0 && log !== null) {
    if (typeof log !== "object" || Array.isArray(log))
      throw new Error('"output.log" must be a map');
    const l = log;
    if (l.expect_ids !== void 0 && l.expect_ids !== null)
      expectIds.push(...idList(l.expect_ids, "log.expect_ids"));
    if (l.no_expect_ids !== void 0 && l.no_expect_ids !== null)
      noExpectIds.push(...idList(l.no_expect_ids, "log.no_expect_ids"));
    logPattern(l.match_regex, "log.match_regex", expectIds, unsupported);
    logPattern(l.no_match_regex, "log.no_match_regex", noExpectIds, unsupported);
  }
  if (output.expect_error !== void 0 && output.expect_error !== null)
    expect.expectError = boolField(output.expect_error, "expect_error");
  if (output.isolated !== void 0 && output.isolated !== null)
    expect.isolated = boolField(output.isolated, "isolated");
  if (typeof output.response_contains === "string" && output.response_contains !== "")
    unsupported.push(
      `response_contains ${JSON.stringify(output.response_contains)} (waf-gate does not keep response bodies)`
    );
  if (expectIds.length > 0) expect.expectIds = [...new Set(expectIds)];
  if (noExpectIds.length > 0) expect.noExpectIds = [...new Set(noExpectIds)];
  if (unsupported.length > 0) expect.unsupported = unsupported;
  return expect;
}
function needsRuleIds(expect) {
  return (expect.expectIds?.length ?? 0) > 0 || (expect.noExpectIds?.length ?? 0) > 0 || expect.isolated === true;
}
function ftwTestIdentity(test, fileRuleId, position, fileStem) {
  const num = (v) => {
    const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v;
    return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : null;
  };
  if (typeof test.test_title === "string" && test.test_title.trim() !== "") {
    const title = test.test_title.trim();
    const m = /^(\d+)-(\d+)$/.exec(title);
    return {
      test: title,
      ruleId: m ? Number(m[1]) : num(fileRuleId),
      testId: m ? Number(m[2]) : null
    };
  }
  const ruleId = num(fileRuleId) ?? num(/^\d+$/.test(fileStem) ? fileStem : void 0);
  const testId = num(test.test_id) ?? position;
  return { test: `${ruleId ?? fileStem}-${testId}`, ruleId, testId };
}

export {
  parseShaping,
  formatShaping,
  parseFtwOutput,
  needsRuleIds,
  ftwTestIdentity
};
