import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  CHECK_RUN_TEXT_MAX_CHARS,
  JOB_SUMMARY_MAX_BYTES,
  POLICY_INPUT_NAMES,
  baselineKeyOf,
  exitCodeFor,
  loadRunDir,
  parseCompareOptions,
  renderCheckSummary,
  renderReport,
  runCompare
} from "./chunks/chunk-ZABSJD5O.js";
import {
  require_undici
} from "./chunks/chunk-SQTU2L2M.js";
import "./chunks/chunk-PDX4C4JJ.js";
import {
  CHECK_RUN_TEXT_MAX_CHARS as CHECK_RUN_TEXT_MAX_CHARS2,
  COMMENT_BODY_MAX_CHARS,
  actionsLogger,
  appendJobSummary,
  input,
  maskSecret,
  requiredInput,
  runAction,
  setFailed,
  setOutputs,
  truncateMarkdown,
  truncationNote
} from "./chunks/chunk-EVDI4SXN.js";
import "./chunks/chunk-UIQJBDZD.js";
import {
  silentLogger
} from "./chunks/chunk-XG4PSG74.js";
import {
  ConfigError,
  WafGateError,
  parseBoolean,
  parseEnum
} from "./chunks/chunk-75RA3XRF.js";
import {
  __toESM
} from "./chunks/chunk-4PQXDHBF.js";

// src/actions/compare-baseline.ts
import { mkdir as mkdir3 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname as dirname2, join as join3 } from "node:path";

// src/github/artifacts.ts
import { mkdir as mkdir2, mkdtemp, readFile, readdir, rm, stat } from "node:fs/promises";
import { join as join2 } from "node:path";

// src/github/zip.ts
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { crc32, inflateRawSync } from "node:zlib";
var EOCD = 101010256;
var ZIP64_LOCATOR = 117853008;
var ZIP64_EOCD = 101075792;
var CENTRAL = 33639248;
var LOCAL = 67324752;
function bad(message, context = {}) {
  return new WafGateError("E_ZIP", `Not a usable zip archive: ${message}`, { context });
}
function safeName(raw) {
  const name = raw.replace(/\\/g, "/");
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name) || parts.includes("..") || name.includes("\0")) {
    throw bad(`entry "${raw}" would be written outside the target folder`, { entry: raw });
  }
  return parts.join("/") + (name.endsWith("/") ? "/" : "");
}
function readZipEntries(zip, limits = {}) {
  const maxEntries = limits.maxEntries ?? 1e4;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad("no end-of-central-directory record", { bytes: zip.length });
  let count = zip.readUInt16LE(eocd + 10);
  let cdOffset = zip.readUInt32LE(eocd + 16);
  if ((count === 65535 || cdOffset === 4294967295) && eocd >= 20 && zip.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const at = Number(zip.readBigUInt64LE(eocd - 12));
    if (at + 56 > zip.length || zip.readUInt32LE(at) !== ZIP64_EOCD)
      throw bad("broken zip64 end record");
    count = Number(zip.readBigUInt64LE(at + 32));
    cdOffset = Number(zip.readBigUInt64LE(at + 48));
  }
  if (count > maxEntries)
    throw bad(`${count} entries, more than the limit of ${maxEntries}`, { entries: count });
  const entries = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL)
      throw bad("broken central directory", { offset: p });
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    let compressedBytes = zip.readUInt32LE(p + 20);
    let uncompressedBytes = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    let localOffset = zip.readUInt32LE(p + 42);
    const raw = zip.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = zip.readUInt16LE(e);
      const size = zip.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (uncompressedBytes === 4294967295) {
          uncompressedBytes = Number(zip.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedBytes === 4294967295) {
          compressedBytes = Number(zip.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 4294967295) localOffset = Number(zip.readBigUInt64LE(q));
      }
      e += 4 + size;
    }
    if (flags & 1) throw bad(`entry "${raw}" is encrypted`, { entry: raw });
    if (method !== 0 && method !== 8)
      throw bad(
        `entry "${raw}" uses compression method ${method} (only stored and deflate are read)`,
        { entry: raw }
      );
    const name = safeName(raw);
    entries.push({
      name,
      isDirectory: name.endsWith("/"),
      method,
      compressedBytes,
      uncompressedBytes,
      crc,
      localOffset
    });
    p = extraEnd + commentLen;
  }
  const total = entries.reduce((s, x) => s + x.uncompressedBytes, 0);
  const maxTotal = limits.maxTotalBytes ?? 1024 ** 3;
  if (total > maxTotal)
    throw bad(`it unpacks to ${total} bytes, more than the limit of ${maxTotal}`, { bytes: total });
  return entries;
}
function readZipEntry(zip, entry) {
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL)
    throw bad(`no local header for "${entry.name}"`, { entry: entry.name });
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const end = start + entry.compressedBytes;
  if (end > zip.length)
    throw bad(`entry "${entry.name}" runs past the end of the file`, { entry: entry.name });
  const stored = zip.subarray(start, end);
  let data;
  try {
    data = entry.method === 0 ? stored : inflateRawSync(stored, { maxOutputLength: Math.max(1, entry.uncompressedBytes) });
  } catch (error) {
    throw new WafGateError(
      "E_ZIP",
      `Not a usable zip archive: entry "${entry.name}" does not inflate.`,
      { context: { entry: entry.name }, cause: error }
    );
  }
  if (data.length !== entry.uncompressedBytes || crc32(data) !== entry.crc) {
    throw bad(`entry "${entry.name}" is corrupt (size or CRC-32 mismatch)`, { entry: entry.name });
  }
  return data;
}
async function extractZip(zip, destDir, limits = {}) {
  const root = resolve(destDir);
  const written = [];
  for (const entry of readZipEntries(zip, limits)) {
    const target = resolve(join(root, entry.name));
    if (target !== root && !target.startsWith(root + sep))
      throw bad(`entry "${entry.name}" escapes the target folder`);
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, readZipEntry(zip, entry));
    written.push(entry.name);
  }
  return written;
}

// src/github/artifacts.ts
function baselineArtifactName(query, prefix = "waf-gate-baseline") {
  const clean = (s) => s.replace(/[^A-Za-z0-9._+-]+/g, "_");
  return `${clean(prefix)}-${clean(query.corpusFingerprint.replace(/^sha256:/, "").slice(0, 12))}-${clean(query.mode)}-${clean(query.shapeHash)}`;
}
async function listBaselineRuns(options, signal) {
  const maxRuns = options.maxRuns ?? 20;
  const perPage = Math.min(100, maxRuns);
  const path = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}/actions/workflows/${encodeURIComponent(options.workflow)}/runs`;
  const runs = [];
  const pages = options.client.paginate(
    path,
    {
      branch: options.branch,
      event: "push",
      status: "success",
      per_page: perPage,
      exclude_pull_requests: true
    },
    (data) => data.workflow_runs ?? [],
    // Two spare pages for runs skipped as fork runs; bounded either way.
    Math.ceil(maxRuns / perPage) + 2,
    signal
  );
  for await (const run of pages) {
    if (runs.length >= maxRuns) break;
    const repoId = run.repository?.id;
    const headId = run.head_repository?.id;
    if (repoId === void 0 || headId !== repoId) {
      (options.logger ?? silentLogger).debug(
        `baseline: skipping run ${run.id} (head repository ${run.head_repository?.full_name ?? "unknown"} is not this repository)`
      );
      continue;
    }
    runs.push(run);
  }
  runs.sort(
    (a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? "") || b.id - a.id
  );
  return runs;
}
async function findRunArtifact(client, owner, repo, runId, name, signal) {
  const { data } = await client.request(
    "GET",
    `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/runs/${runId}/artifacts`,
    {
      query: { name, per_page: 10 },
      signal
    }
  );
  return (data.artifacts ?? []).find((a) => a.name === name && a.expired !== true);
}
async function downloadArtifact(client, owner, repo, artifactId, destDir, maxZipBytes = 512 * 1024 ** 2, signal) {
  await rm(destDir, { recursive: true, force: true });
  await mkdir2(destDir, { recursive: true });
  const temp = await mkdtemp(`${destDir}.zip-`);
  try {
    const zipFile = join2(temp, "artifact.zip");
    await client.download(
      `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/artifacts/${artifactId}/zip`,
      zipFile,
      maxZipBytes,
      signal
    );
    return await extractZip(await readFile(zipFile), destDir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
async function locateRunDir(dir) {
  const has = async (d) => (await stat(join2(d, "run.json")).catch(() => void 0))?.isFile() === true;
  if (await has(dir)) return dir;
  const children = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory());
  if (children.length === 1 && await has(join2(dir, children[0].name)))
    return join2(dir, children[0].name);
  return void 0;
}
var GitHubArtifactBaselineStore = class {
  constructor(options) {
    this.options = options;
  }
  options;
  /** The last baseline `find` returned, with its run (for the report's parameters section). */
  lastFound = null;
  /** The run directory of the newest matching baseline, downloaded and unpacked; null when none. */
  async find(query, opts = {}) {
    this.lastFound = await this.findArtifact(query, opts.signal);
    return this.lastFound?.runDir ?? null;
  }
  /** Like {@link find}, with the artifact and workflow run it came from. */
  async findArtifact(query, signal) {
    const o = this.options;
    const logger = o.logger ?? silentLogger;
    const name = baselineArtifactName(query, o.artifactPrefix);
    const runs = await listBaselineRuns(o, signal);
    logger.info(
      `baseline: looking for artifact "${name}" in ${runs.length} successful run(s) of ${o.workflow} on ${o.branch}`
    );
    for (const run of runs) {
      const artifact = await findRunArtifact(o.client, o.owner, o.repo, run.id, name, signal);
      if (!artifact) continue;
      const dest = join2(o.downloadDir, `${name}-run${run.id}`);
      await downloadArtifact(o.client, o.owner, o.repo, artifact.id, dest, o.maxZipBytes, signal);
      const runDir = await locateRunDir(dest);
      if (!runDir) {
        logger.warn(
          `baseline: artifact "${name}" of run ${run.id} holds no run.json; trying older runs`
        );
        continue;
      }
      const record = JSON.parse(await readFile(join2(runDir, "run.json"), "utf8"));
      if (record.corpusFingerprint !== void 0 && record.corpusFingerprint !== query.corpusFingerprint)
        continue;
      if (query.version !== void 0 && record.build?.version !== query.version) continue;
      logger.info(
        `baseline: using artifact ${artifact.id} of run ${run.id} (${run.head_sha ?? "unknown commit"})`
      );
      return {
        runDir,
        artifactName: name,
        artifactId: artifact.id,
        workflowRunId: run.id,
        workflowRunUrl: run.html_url,
        headSha: run.head_sha,
        createdAt: artifact.created_at ?? run.created_at
      };
    }
    return null;
  }
  /**
   * Does not upload (see the file comment): resolves to the artifact name under which the composite
   * action's `actions/upload-artifact` step must upload `runDir` (outputs `baseline-artifact-name`, and
   * `baseline-artifact-path` = runDir).
   */
  save(key, _runDir) {
    return Promise.resolve(baselineArtifactName(key, this.options.artifactPrefix));
  }
};

// src/github/client.ts
var import_undici = __toESM(require_undici(), 1);
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { Transform } from "node:stream";

// src/github/errors.ts
function scrubSecret(text, secret) {
  if (!secret) return text;
  return text.split(secret).join("***");
}
function scrubCause(error, secret) {
  if (!secret) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (!message.includes(secret) && !(error instanceof Error && (error.stack ?? "").includes(secret)))
    return error;
  const safe = new Error(scrubSecret(message, secret));
  safe.name = error instanceof Error ? error.name : "Error";
  safe.stack = `${safe.name}: ${safe.message}`;
  return safe;
}
var WRITE_METHODS = /* @__PURE__ */ new Set(["POST", "PATCH", "PUT", "DELETE"]);
function isPermissionFailure(failure) {
  const message = failure.body?.message ?? "";
  const notAccessible = /resource not accessible by/i.test(message);
  if (failure.status === 403) return notAccessible || /must have (admin|push|write)/i.test(message);
  return failure.status === 404 && WRITE_METHODS.has(failure.method) && notAccessible;
}
function hintFor(failure) {
  if (failure.status === 401)
    return "The token is missing, invalid or expired: pass a valid `github-token`.";
  if (failure.status === 404)
    return "Check the owner, repository and ids, and that the token can see the repository.";
  if (failure.status === 422)
    return "GitHub rejected the request body; the message above says which field.";
  if (failure.status === 403 || failure.status === 429)
    return "Rate limited or forbidden: wait for the limit to reset, or check the token permissions.";
  if (failure.status >= 500) return "GitHub had a server error; retry the job later.";
  return void 0;
}
function gitHubHttpError(failure, secret) {
  const githubMessage = scrubSecret(failure.body?.message ?? "(no message)", secret);
  const context = {
    method: failure.method,
    path: failure.path,
    status: failure.status,
    githubMessage,
    documentationUrl: failure.body?.documentation_url,
    requestId: failure.requestId
  };
  const what = `GitHub API ${failure.method} ${failure.path} failed with HTTP ${failure.status}: ${githubMessage}`;
  if (isPermissionFailure(failure)) {
    return new WafGateError("E_GITHUB_PERMISSION", what, {
      context,
      hint: "The token lacks permission for this call. Fork pull requests get a read-only GITHUB_TOKEN; otherwise grant `checks: write` and `pull-requests: write` in the workflow `permissions:`."
    });
  }
  const hint = hintFor(failure);
  return new WafGateError(
    "E_GITHUB_HTTP",
    what,
    hint === void 0 ? { context } : { context, hint }
  );
}
function isPermissionError(error) {
  return error instanceof Error && error.code === "E_GITHUB_PERMISSION";
}

// src/github/retry.ts
var DEFAULT_RETRY_POLICY = {
  maxRetries: 3,
  maxTotalWaitMs: 6e4,
  baseDelayMs: 1e3
};
var IDEMPOTENT = /* @__PURE__ */ new Set(["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"]);
function isRateLimited(outcome) {
  if (outcome.status === 429) return true;
  if (outcome.status !== 403) return false;
  return outcome.headers["retry-after"] !== void 0 || outcome.headers["x-ratelimit-remaining"] === "0" || /rate limit|abuse detection/i.test(outcome.message ?? "");
}
function retryDelayMs(outcome, policy, waitedMs) {
  if (outcome.attempt >= policy.maxRetries) return void 0;
  const limited = outcome.status !== void 0 && isRateLimited(outcome);
  const serverError = outcome.status !== void 0 && outcome.status >= 500;
  const noAnswer = outcome.status === void 0;
  if (!limited && !((serverError || noAnswer) && IDEMPOTENT.has(outcome.method))) return void 0;
  let delayMs = policy.baseDelayMs * 2 ** outcome.attempt;
  const retryAfter = outcome.headers["retry-after"];
  if (retryAfter !== void 0) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) delayMs = Math.max(0, seconds * 1e3);
    else {
      const at = Date.parse(retryAfter);
      if (Number.isFinite(at)) delayMs = Math.max(0, at - outcome.nowMs);
    }
  } else if (limited && outcome.headers["x-ratelimit-remaining"] === "0") {
    const resetS = Number(outcome.headers["x-ratelimit-reset"]);
    if (Number.isFinite(resetS)) delayMs = Math.max(0, resetS * 1e3 - outcome.nowMs);
  } else if (limited) {
    delayMs = 6e4;
  }
  if (waitedMs + delayMs > policy.maxTotalWaitMs) return void 0;
  return delayMs;
}

// src/github/http-util.ts
var DEFAULT_GITHUB_API_URL = "https://api.github.com";
function parseLinkHeader(value) {
  const links = {};
  for (const part of (value ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part);
    if (match) links[match[2]] = match[1];
  }
  return links;
}
function flatHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== void 0) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}
async function readLimited(body, maxBytes, what) {
  const chunks = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > maxBytes) {
      await body.dump().catch(() => void 0);
      throw new WafGateError(
        "E_GITHUB_RESPONSE",
        `GitHub API ${what} answered more than ${maxBytes} bytes.`,
        {
          context: { maxBytes }
        }
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// src/github/client.ts
var GITHUB_API_VERSION = "2022-11-28";
var MAX_REDIRECTS = 5;
function createGitHubClient(options = {}) {
  const token = options.token || void 0;
  const baseUrl = (options.baseUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, "");
  const apiOrigin = new URL(baseUrl).origin;
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 3e4;
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const maxJsonBytes = options.maxJsonBytes ?? 50 * 1024 * 1024;
  const urlFor = (path, query) => {
    const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(baseUrl + (path.startsWith("/") ? path : `/${path}`));
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== void 0) url.searchParams.set(k, String(v));
    return url;
  };
  const describe = (url) => url.origin === apiOrigin ? url.pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, "").length) || "/" : `${url.host}${url.pathname}`;
  const signalFor = (extra) => {
    const signals = [options.signal, extra].filter((s) => s !== void 0);
    return signals.length === 0 ? void 0 : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  };
  async function once(method, url, body, signal) {
    const sameOrigin = url.origin === apiOrigin;
    const headers = {
      accept: "application/vnd.github+json",
      "x-github-api-version": GITHUB_API_VERSION,
      "user-agent": options.userAgent ?? "waf-gate"
    };
    if (token && sameOrigin) headers.authorization = `Bearer ${token}`;
    if (body !== void 0) headers["content-type"] = "application/json; charset=utf-8";
    const answer = await (0, import_undici.request)(url, {
      method,
      headers,
      body: body ?? null,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...signal ? { signal } : {},
      ...options.dispatcher ? { dispatcher: options.dispatcher } : {}
    });
    return { status: answer.statusCode, headers: flatHeaders(answer.headers), body: answer.body };
  }
  async function readErrorBody(answer) {
    try {
      const text = await answer.body.text();
      const parsed = JSON.parse(text);
      return parsed && typeof parsed === "object" ? parsed : { message: text.slice(0, 300) };
    } catch {
      return void 0;
    }
  }
  async function send(method, startUrl, payload, extraSignal) {
    const signal = signalFor(extraSignal);
    const body = payload === void 0 ? void 0 : JSON.stringify(payload);
    let url = startUrl;
    let waitedMs = 0;
    let redirects = 0;
    for (let attempt = 0; ; attempt++) {
      const where = describe(url);
      const started = Date.now();
      let answer;
      try {
        answer = await once(method, url, body, signal);
      } catch (error) {
        if (signal?.aborted) throw scrubCause(error, token);
        const code = error.code ?? "";
        const timedOut = /TIMEOUT/.test(code);
        const delayMs2 = retryDelayMs(
          {
            method,
            status: void 0,
            headers: {},
            message: void 0,
            attempt,
            nowMs: Date.now()
          },
          policy,
          waitedMs
        );
        logger.debug(
          `github: ${method} ${where} \u2192 ${code || "error"}${delayMs2 !== void 0 ? `, retrying in ${delayMs2} ms` : ""}`
        );
        if (delayMs2 === void 0) {
          throw new WafGateError(
            timedOut ? "E_GITHUB_TIMEOUT" : "E_GITHUB_NETWORK",
            `GitHub API ${method} ${where} got no answer${timedOut ? ` within ${timeoutMs} ms` : ""}: ${scrubSecret(error instanceof Error ? error.message : String(error), token)}`,
            {
              context: {
                method,
                path: where,
                attempts: attempt + 1,
                ...timedOut ? { timeoutMs } : {}
              },
              cause: scrubCause(error, token),
              hint: "Check GITHUB_API_URL and the runner network; the call was retried where safe."
            }
          );
        }
        waitedMs += delayMs2;
        await sleep(delayMs2, void 0, signal ? { signal } : void 0);
        continue;
      }
      logger.debug(`github: ${method} ${where} \u2192 ${answer.status} (${Date.now() - started} ms)`);
      if (answer.status >= 300 && answer.status < 400 && answer.headers.location) {
        await answer.body.dump();
        if (++redirects > MAX_REDIRECTS)
          throw new WafGateError(
            "E_GITHUB_RESPONSE",
            `GitHub API ${method} ${describe(startUrl)} redirected more than ${MAX_REDIRECTS} times.`,
            { context: { method, path: describe(startUrl) } }
          );
        url = new URL(answer.headers.location, url);
        attempt = -1;
        if (answer.status === 303) method = "GET";
        continue;
      }
      if (answer.status < 400) return answer;
      const errorBody = await readErrorBody(answer);
      const delayMs = retryDelayMs(
        {
          method,
          status: answer.status,
          headers: answer.headers,
          message: errorBody?.message,
          attempt,
          nowMs: Date.now()
        },
        policy,
        waitedMs
      );
      if (delayMs === void 0) {
        throw gitHubHttpError(
          {
            method,
            path: where,
            status: answer.status,
            body: errorBody,
            requestId: answer.headers["x-github-request-id"]
          },
          token
        );
      }
      logger.info(
        `github: ${method} ${where} answered ${answer.status}; retrying in ${Math.ceil(delayMs / 1e3)} s (retry ${attempt + 1} of ${policy.maxRetries})`
      );
      waitedMs += delayMs;
      await sleep(delayMs, void 0, signal ? { signal } : void 0);
    }
  }
  async function call(method, url, options2) {
    const answer = await send(method.toUpperCase(), url, options2.body, options2.signal);
    const text = await readLimited(answer.body, maxJsonBytes, `${method} ${describe(url)}`);
    let data = void 0;
    if (text.length > 0) {
      try {
        data = JSON.parse(text);
      } catch (error) {
        throw new WafGateError(
          "E_GITHUB_RESPONSE",
          `GitHub API ${method} ${describe(url)} answered ${answer.status} with a body that is not JSON.`,
          {
            context: { method, path: describe(url), status: answer.status },
            cause: error
          }
        );
      }
    }
    return { status: answer.status, data, headers: answer.headers };
  }
  return {
    baseUrl,
    request: (method, path, opts = {}) => call(method, urlFor(path, opts.query), opts),
    async *paginate(path, query, pick, maxPages = 10, signal) {
      let url = urlFor(path, query);
      for (let page = 0; url && page < maxPages; page++) {
        const answer = await call("GET", url, { signal });
        yield* pick(answer.data);
        const next = parseLinkHeader(answer.headers.link).next;
        const nextUrl = next ? new URL(next, url) : void 0;
        url = nextUrl && nextUrl.origin === apiOrigin ? nextUrl : void 0;
      }
    },
    async download(path, destFile, maxBytes, signal) {
      const url = urlFor(path, void 0);
      const answer = await send("GET", url, void 0, signal);
      let bytes = 0;
      const limit = new Transform({
        transform(chunk, _enc, done) {
          bytes += chunk.length;
          if (bytes > maxBytes)
            done(
              new WafGateError(
                "E_GITHUB_RESPONSE",
                `Download of ${describe(url)} exceeds ${maxBytes} bytes.`,
                { context: { path: describe(url), maxBytes } }
              )
            );
          else done(null, chunk);
        }
      });
      await pipeline(answer.body, limit, createWriteStream(destFile), signal ? { signal } : {});
      return { bytes };
    }
  };
}

// src/github/context.ts
import { readFile as readFile2 } from "node:fs/promises";
var PR_EVENTS = /* @__PURE__ */ new Set([
  "pull_request",
  "pull_request_target",
  "pull_request_review",
  "pull_request_review_comment"
]);
function str(value) {
  return typeof value === "string" && value !== "" ? value : void 0;
}
function num(value) {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n > 0 ? n : void 0;
}
function obj(value) {
  return value !== null && typeof value === "object" ? value : {};
}
function workflowFileFromRef(workflowRef) {
  const match = /\/\.github\/workflows\/([^@/]+)@/.exec(workflowRef ?? "");
  return match?.[1];
}
function pullRequestFromPayload(eventName, payload) {
  const pr = PR_EVENTS.has(eventName) ? obj(payload.pull_request) : void 0;
  if (eventName === "workflow_run") {
    const run = obj(payload.workflow_run);
    const first = obj(run.pull_requests?.[0]);
    const headSha2 = str(run.head_sha);
    const number = num(first.number);
    if (!headSha2 || number === void 0) return void 0;
    const headRepo2 = str(obj(run.head_repository).full_name);
    const baseRepo = str(obj(run.repository).full_name);
    return {
      number,
      headSha: headSha2,
      headRef: str(run.head_branch),
      baseRef: str(obj(first.base).ref),
      headRepoFullName: headRepo2,
      isFork: headRepo2 !== void 0 && baseRepo !== void 0 && headRepo2 !== baseRepo
    };
  }
  if (!pr || num(pr.number) === void 0) return void 0;
  const head = obj(pr.head);
  const base = obj(pr.base);
  const headRepo = obj(head.repo);
  const headFull = str(headRepo.full_name);
  const baseFull = str(obj(base.repo).full_name);
  const headSha = str(head.sha);
  if (!headSha) return void 0;
  return {
    number: num(pr.number),
    headSha,
    headRef: str(head.ref),
    baseRef: str(base.ref),
    headRepoFullName: headFull,
    // A deleted fork has head.repo = null: treat it as a fork (its token is read-only too).
    isFork: headRepo.fork === true || headFull === void 0 || baseFull !== void 0 && headFull !== baseFull
  };
}
async function readActionsContext(env, read = (p) => readFile2(p, "utf8")) {
  const repository = env.GITHUB_REPOSITORY ?? "";
  const [owner, repo, ...rest] = repository.split("/");
  if (!owner || !repo || rest.length > 0) {
    throw new ConfigError('GITHUB_REPOSITORY must be "owner/repo".', {
      input: "GITHUB_REPOSITORY",
      value: repository,
      hint: "Run inside GitHub Actions, or set GITHUB_REPOSITORY (and GITHUB_SHA, GITHUB_EVENT_PATH) yourself."
    });
  }
  const sha = env.GITHUB_SHA ?? "";
  if (!/^[0-9a-f]{40}$/i.test(sha)) {
    throw new ConfigError("GITHUB_SHA must be a 40-character commit id.", {
      input: "GITHUB_SHA",
      value: sha
    });
  }
  const eventName = env.GITHUB_EVENT_NAME ?? "";
  let payload = {};
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    let text;
    try {
      text = await read(eventPath);
    } catch (error) {
      throw new ConfigError("Cannot read the event payload file.", {
        input: "GITHUB_EVENT_PATH",
        file: eventPath,
        cause: error
      });
    }
    try {
      payload = obj(JSON.parse(text));
    } catch (error) {
      throw new ConfigError("The event payload file is not valid JSON.", {
        input: "GITHUB_EVENT_PATH",
        file: eventPath,
        cause: error
      });
    }
  }
  const pullRequest = pullRequestFromPayload(eventName, payload);
  const repoPayload = obj(payload.repository);
  const serverUrl = (env.GITHUB_SERVER_URL || "https://github.com").replace(/\/+$/, "");
  const runId = num(env.GITHUB_RUN_ID);
  return {
    owner,
    repo,
    eventName,
    sha,
    headSha: pullRequest?.headSha ?? sha,
    ref: str(env.GITHUB_REF),
    pullRequest,
    defaultBranch: str(repoPayload.default_branch),
    repositoryId: num(repoPayload.id) ?? num(env.GITHUB_REPOSITORY_ID),
    runId,
    runAttempt: num(env.GITHUB_RUN_ATTEMPT),
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, ""),
    workflowFile: workflowFileFromRef(env.GITHUB_WORKFLOW_REF),
    runUrl: runId === void 0 ? void 0 : `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`
  };
}

// src/github/check-run.ts
function conclusionFor(verdict) {
  return verdict === "pass" ? "success" : verdict === "fail" ? "failure" : "neutral";
}
function fitCheckOutput(output) {
  const note = truncationNote("65,535-character check run");
  const title = output.title.length > 1e3 ? `${output.title.slice(0, 999)}\u2026` : output.title;
  const summary = truncateMarkdown(output.summary, CHECK_RUN_TEXT_MAX_CHARS2, "chars", note).text;
  if (output.text === void 0 || output.text === "") return { title, summary };
  return {
    title,
    summary,
    text: truncateMarkdown(output.text, CHECK_RUN_TEXT_MAX_CHARS2, "chars", note).text
  };
}
async function createCheckRun(client, options) {
  const body = {
    name: options.name ?? "waf-gate",
    head_sha: options.headSha,
    status: "in_progress",
    started_at: (/* @__PURE__ */ new Date()).toISOString(),
    output: {
      title: options.title ?? "waf-gate is running",
      summary: "The gate is comparing the candidate build with the baseline."
    }
  };
  if (options.detailsUrl) body.details_url = options.detailsUrl;
  const { data } = await client.request(
    "POST",
    `/repos/${enc(options.owner)}/${enc(options.repo)}/check-runs`,
    {
      body,
      signal: options.signal
    }
  );
  return { id: data.id, htmlUrl: data.html_url ?? void 0 };
}
async function completeCheckRun(client, options) {
  const body = {
    status: "completed",
    conclusion: options.conclusion,
    completed_at: (/* @__PURE__ */ new Date()).toISOString(),
    output: fitCheckOutput(options.output)
  };
  if (options.detailsUrl) body.details_url = options.detailsUrl;
  const { data } = await client.request(
    "PATCH",
    `/repos/${enc(options.owner)}/${enc(options.repo)}/check-runs/${options.checkRunId}`,
    { body, signal: options.signal }
  );
  return { id: data.id, htmlUrl: data.html_url ?? void 0 };
}
function enc(segment) {
  return encodeURIComponent(segment);
}

// src/github/sticky-comment.ts
function stickyMarker(key) {
  if (key === void 0 || key === "") return "<!-- waf-gate:report -->";
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(key)) {
    throw new ConfigError(
      'The comment key may only hold letters, digits, ".", "_" and "-" (at most 100).',
      {
        input: "comment-key",
        value: key
      }
    );
  }
  return `<!-- waf-gate:report:${key} -->`;
}
function stickyCommentBody(markdown, key) {
  const head = `${stickyMarker(key)}
`;
  const note = truncationNote("65,536-character comment");
  return head + truncateMarkdown(markdown, COMMENT_BODY_MAX_CHARS - head.length, "chars", note).text;
}
async function findStickyComment(client, options) {
  const marker = stickyMarker(options.key);
  const path = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}/issues/${options.issueNumber}/comments`;
  const comments = client.paginate(
    path,
    { per_page: 100 },
    (data) => Array.isArray(data) ? data : [],
    options.maxPages ?? 30
  );
  for await (const comment of comments) {
    if (typeof comment.body === "string" && comment.body.startsWith(marker)) return comment;
  }
  return void 0;
}
async function upsertStickyComment(client, options) {
  const body = stickyCommentBody(options.body, options.key);
  const repoPath = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}`;
  const existing = await findStickyComment(client, options);
  if (existing) {
    const { data: data2 } = await client.request(
      "PATCH",
      `${repoPath}/issues/comments/${existing.id}`,
      { body: { body }, signal: options.signal }
    );
    return { commentId: data2.id, action: "updated", htmlUrl: data2.html_url };
  }
  const { data } = await client.request(
    "POST",
    `${repoPath}/issues/${options.issueNumber}/comments`,
    { body: { body }, signal: options.signal }
  );
  return { commentId: data.id, action: "created", htmlUrl: data.html_url };
}

// src/github/publish.ts
var FORK_NOTE = "the token is read-only (pull requests from forks get a read-only GITHUB_TOKEN). The verdict above still decides the job. To post on fork PRs, run the report from a `workflow_run` workflow, or grant `checks: write` and `pull-requests: write` where the repository allows it.";
async function publishReport(input2) {
  const options = input2.options ?? {};
  const logger = options.logger ?? silentLogger;
  const { context } = input2;
  const result = { skipped: [], summaryWritten: false, summaryTruncated: false };
  let failure;
  const client = input2.token ? createGitHubClient({
    baseUrl: context.apiUrl,
    ...options.client,
    token: input2.token,
    logger,
    signal: options.signal
  }) : void 0;
  const attempt = async (what, body) => {
    if (!client) {
      result.skipped.push(`${what}: no token was given, so only the job summary was written.`);
      return;
    }
    if (failure !== void 0) {
      result.skipped.push(`${what}: not attempted after an earlier GitHub error.`);
      return;
    }
    try {
      await body(client);
    } catch (error) {
      if (!isPermissionError(error)) {
        failure = error;
        result.skipped.push(
          `${what}: failed (${error instanceof Error ? error.message : String(error)}).`
        );
        return;
      }
      logger.warn(
        `waf-gate could not post the ${what}: ${error instanceof Error ? error.message : String(error)}`
      );
      result.skipped.push(`${what}: not posted because ${FORK_NOTE}`);
    }
  };
  if (options.checkRun !== false) {
    await attempt("check run", async (c) => {
      const target = { owner: context.owner, repo: context.repo };
      const id = options.checkRunId ?? (await createCheckRun(c, {
        ...target,
        name: options.checkName ?? "waf-gate",
        headSha: context.headSha,
        detailsUrl: context.runUrl,
        ...options.signal ? { signal: options.signal } : {}
      })).id;
      const done = await completeCheckRun(c, {
        ...target,
        checkRunId: id,
        conclusion: conclusionFor(input2.verdict),
        output: { title: input2.title, summary: input2.markdown },
        detailsUrl: context.runUrl,
        ...options.signal ? { signal: options.signal } : {}
      });
      result.checkRunId = done.id;
      if (done.htmlUrl) result.checkRunUrl = done.htmlUrl;
    });
  } else result.skipped.push("check run: disabled by the options.");
  const mode = options.comment ?? "always";
  if (mode === "never") result.skipped.push("PR comment: disabled by the options.");
  else if (!context.pullRequest)
    result.skipped.push("PR comment: this run is not for a pull request.");
  else {
    const pr = context.pullRequest;
    await attempt("PR comment", async (c) => {
      if (mode === "on-change" && input2.verdict === "pass") {
        const existing = await findStickyComment(c, {
          owner: context.owner,
          repo: context.repo,
          issueNumber: pr.number,
          key: options.commentKey
        });
        if (!existing) {
          result.skipped.push(
            "PR comment: the gate passed and no earlier comment exists (comment: on-change)."
          );
          return;
        }
      }
      const posted = await upsertStickyComment(c, {
        owner: context.owner,
        repo: context.repo,
        issueNumber: pr.number,
        body: input2.markdown,
        key: options.commentKey,
        ...options.signal ? { signal: options.signal } : {}
      });
      result.commentId = posted.commentId;
      if (posted.htmlUrl) result.commentUrl = posted.htmlUrl;
    });
  }
  const notes = result.skipped.filter(
    (s) => !s.endsWith("disabled by the options.") && !s.startsWith("PR comment: this run is not")
  );
  const noteBlock = notes.length === 0 ? "" : `> [!NOTE]
${notes.map((n) => `> waf-gate ${n}`).join("\n>\n")}

`;
  const written = await appendJobSummary(noteBlock + (input2.summary ?? input2.markdown), {
    path: options.summaryPath,
    ...options.summaryBudgetBytes !== void 0 ? { budgetBytes: options.summaryBudgetBytes } : {}
  });
  result.summaryWritten = written.written;
  result.summaryTruncated = written.truncated;
  if (failure !== void 0) throw failure;
  return result;
}

// src/actions/compare-baseline.ts
var INPUTS = {
  candidate: "candidate-dir",
  baseline: "baseline-dir",
  "baseline-store": "baseline-store-dir",
  "baseline-version": "baseline-version",
  "save-baseline": "save-baseline",
  policy: "policy-file",
  out: "out-dir",
  strict: "strict",
  "artifact-url": "artifact-url",
  "top-n": "top-n",
  ...Object.fromEntries(POLICY_INPUT_NAMES.map((n) => [n, n]))
};
var bool = (name, fallback) => input(name) === "" ? fallback : parseBoolean(name, input(name));
await runAction(async () => {
  const logger = actionsLogger;
  requiredInput("candidate-dir");
  const raw = Object.fromEntries(
    Object.entries(INPUTS).map(([key, name]) => [key, input(name)])
  );
  const options = parseCompareOptions(raw, (name) => INPUTS[name] ?? name);
  const token = input("github-token");
  maskSecret(token);
  const fromArtifacts = bool("baseline-from-artifacts", false);
  const post = bool("post", true);
  const failOnFail = bool("fail-on-regression", true);
  const comment = parseEnum("comment", input("comment") || "on-change", [
    "always",
    "on-change",
    "never"
  ]);
  const context = post || fromArtifacts ? await readActionsContext(process.env) : null;
  let foundBaselineDir = null;
  let baselineRunUrl;
  if (context && fromArtifacts && options.baselineDir === null) {
    const workflow = input("baseline-workflow") || context.workflowFile;
    const branch = context.defaultBranch;
    if (!token || !workflow || !branch) {
      logger.warn(
        "baseline-from-artifacts needs github-token, the workflow file and the default branch; no baseline looked up."
      );
    } else {
      const client = createGitHubClient({ baseUrl: context.apiUrl, token, logger });
      const downloadDir = join3(process.env.RUNNER_TEMP || tmpdir(), "waf-gate-baseline");
      await mkdir3(downloadDir, { recursive: true });
      const candidate = await loadRunDir(options.candidateDir, logger);
      const key = baselineKeyOf(candidate.record);
      const store = new GitHubArtifactBaselineStore({
        client,
        owner: context.owner,
        repo: context.repo,
        workflow,
        branch,
        downloadDir,
        ...input("baseline-artifact-prefix") ? { artifactPrefix: input("baseline-artifact-prefix") } : {},
        logger
      });
      const found = await store.findArtifact({
        corpusFingerprint: key.corpusFingerprint,
        mode: key.mode,
        shapeHash: key.shapeHash,
        ...options.baselineVersion !== null ? { version: options.baselineVersion } : {}
      });
      foundBaselineDir = found?.runDir ?? null;
      baselineRunUrl = found?.workflowRunUrl;
    }
  }
  const { comparison, written, savedBaselineDir } = await runCompare(
    options,
    logger,
    foundBaselineDir
  );
  const summaryLine = renderCheckSummary(comparison);
  logger.info(summaryLine);
  const candidateKey = comparison.candidate.key;
  setOutputs({
    verdict: comparison.verdict,
    "out-dir": dirname2(written.resultsFile),
    "report-path": written.reportFile,
    "results-path": written.resultsFile,
    "changes-path": written.changesFile,
    "new-blocks": comparison.counts.newBlocks,
    "new-passes": comparison.counts.newPasses,
    "new-errors": comparison.counts.newErrors,
    "flagged-domains": comparison.counts.flaggedDomains,
    regressions: comparison.counts.regressions,
    crashes: comparison.counts.crashes,
    findings: comparison.counts.findings,
    "baseline-found": comparison.baseline !== null,
    "baseline-run-url": baselineRunUrl,
    "baseline-artifact-name": baselineArtifactName(
      candidateKey,
      input("baseline-artifact-prefix") || void 0
    ),
    "baseline-artifact-path": options.candidateDir,
    "saved-baseline-dir": savedBaselineDir ?? void 0,
    summary: summaryLine
  });
  if (context) {
    const artifactUrl = options.artifactUrl;
    const render = (maxChars) => renderReport(comparison, {
      maxChars,
      topN: options.topN,
      ...artifactUrl ? { artifactUrl } : {}
    });
    const published = await publishReport({
      markdown: render(CHECK_RUN_TEXT_MAX_CHARS - 1e3),
      summary: render(JOB_SUMMARY_MAX_BYTES - 16 * 1024),
      verdict: comparison.verdict,
      title: summaryLine.slice(0, 200),
      token: token || void 0,
      context,
      options: {
        checkName: input("check-name") || "waf-gate",
        comment,
        summaryPath: process.env.GITHUB_STEP_SUMMARY,
        logger
      }
    });
    setOutputs({ "check-run-id": published.checkRunId, "comment-id": published.commentId });
  }
  const code = exitCodeFor(comparison.verdict, options.strict);
  if (code !== 0 && (comparison.verdict !== "fail" || failOnFail)) {
    setFailed(`waf-gate: ${summaryLine}`);
  }
});
