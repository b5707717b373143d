import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  require_undici
} from "./chunk-SQTU2L2M.js";
import {
  CHECK_RUN_TEXT_MAX_CHARS,
  truncateMarkdown,
  truncationNote
} from "./chunk-ZFXLSGKY.js";
import {
  ConfigError,
  WafGateError,
  silentLogger
} from "./chunk-QC4E7EMN.js";
import {
  __toESM
} from "./chunk-4PQXDHBF.js";

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
      const tooBig = (bytes2) => new WafGateError(
        "E_GITHUB_RESPONSE",
        `Download of ${describe(url)} is ${bytes2} bytes, more than the limit of ${maxBytes} bytes.`,
        {
          context: { path: describe(url), maxBytes },
          hint: "Raise the size limit (maxZipBytes) if the artifact is really that large, or check what uploaded it."
        }
      );
      const declared = Number(answer.headers["content-length"]);
      if (Number.isFinite(declared) && declared > maxBytes) {
        await answer.body.dump().catch(() => void 0);
        throw tooBig(String(declared));
      }
      let bytes = 0;
      const limit = new Transform({
        transform(chunk, _enc, done) {
          bytes += chunk.length;
          if (bytes > maxBytes) done(tooBig(`over ${bytes}`));
          else done(null, chunk);
        }
      });
      await pipeline(answer.body, limit, createWriteStream(destFile), signal ? { signal } : {});
      return { bytes };
    }
  };
}

// src/github/context.ts
import { readFile } from "node:fs/promises";
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
      baseSha: str(obj(first.base).sha),
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
    baseSha: str(base.sha),
    headRepoFullName: headFull,
    // A deleted fork has head.repo = null: treat it as a fork (its token is read-only too).
    isFork: headRepo.fork === true || headFull === void 0 || baseFull !== void 0 && headFull !== baseFull
  };
}
async function readActionsContext(env, read = (p) => readFile(p, "utf8")) {
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

// src/github/trusted-inputs.ts
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";

// src/github/trusted-config.ts
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, posix, relative, sep } from "node:path";
function resolveTrustedRef(input, context) {
  const value = input.trim();
  if (value === "workspace") return { kind: "workspace" };
  if (value !== "") return { kind: "ref", ref: value, why: "trusted-ref" };
  const base = context?.pullRequest?.baseSha;
  if (base) return { kind: "ref", ref: base, why: "the pull request base commit" };
  if (context?.pullRequest)
    throw new ConfigError(
      "This pull request event carries no base commit to read the policy and corpus from.",
      {
        input: "trusted-ref",
        value: input,
        hint: 'Set trusted-ref to the default branch (e.g. main) or, knowingly, to "workspace".'
      }
    );
  return { kind: "workspace" };
}
var GLOB = /[*?[\]{}]/;
function repositoryPath(path, workspace, input) {
  const rel = isAbsolute(path) ? relative(workspace, path) : path;
  const posixPath = posix.normalize(rel.split(sep).join("/")).replace(/^\.\/+/, "");
  if (posixPath === ".." || posixPath.startsWith("../") || isAbsolute(posixPath))
    throw new ConfigError(
      `${path} is outside the repository, so it cannot be read from the trusted ref.`,
      {
        input,
        value: path,
        hint: "Give a path inside the repository, or set trusted-ref: workspace to read it from the runner."
      }
    );
  return posixPath.replace(/\/+$/, "") || ".";
}
function fetchRoot(path) {
  if (!GLOB.test(path)) return path;
  const segments = path.split("/");
  const at = segments.findIndex((s) => GLOB.test(s));
  return segments.slice(0, at).join("/") || ".";
}
async function fetchTrustedPath(options, repoPath) {
  const maxFiles = options.maxFiles ?? 2e4;
  let files = 0;
  const visit = async (path) => {
    const listing = await getContent(options, path);
    if (Array.isArray(listing)) {
      for (const entry of listing) {
        if (entry.type === "dir") await visit(entry.path);
        else if (entry.type === "file") await visit(entry.path);
        else
          (options.logger ?? silentLogger).warn(
            `trusted config: skipping ${entry.type} ${entry.path} at ${options.ref}`
          );
      }
      return;
    }
    if (listing.type !== "file")
      throw new ConfigError(`${path} at ${options.ref} is a ${listing.type}, not a file.`, {
        input: options.input,
        value: path
      });
    if (++files > maxFiles)
      throw new ConfigError(`${repoPath} at ${options.ref} holds more than ${maxFiles} files.`, {
        input: options.input,
        value: repoPath
      });
    const data = await fileBytes(options, listing);
    const local = localPath(options.destDir, listing.path);
    await mkdir(dirname(local), { recursive: true });
    await writeFile(local, data);
  };
  await visit(repoPath);
  return localPath(options.destDir, repoPath);
}
function localPath(destDir, repoPath) {
  const clean = posix.normalize(repoPath);
  if (clean.startsWith("../") || clean === ".." || posix.isAbsolute(clean))
    throw new WafGateError("E_GITHUB_RESPONSE", `GitHub returned the unsafe path ${repoPath}.`, {
      context: { path: repoPath }
    });
  return clean === "." ? destDir : join(destDir, ...clean.split("/"));
}
async function getContent(options, path) {
  const apiPath = path === "." ? "" : `/${path.split("/").map(encodeURIComponent).join("/")}`;
  try {
    const { data } = await options.client.request(
      "GET",
      `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}/contents${apiPath}`,
      { query: { ref: options.ref }, signal: options.signal }
    );
    return data;
  } catch (error) {
    if (error.context?.status === 404)
      throw new ConfigError(
        `${path} does not exist at ${options.ref} in ${options.owner}/${options.repo}.`,
        {
          input: options.input,
          value: path,
          cause: error,
          hint: "Commit it to the base branch first (a pull request cannot bring its own gate configuration), pin trusted-ref to a ref that has it, or set trusted-ref: workspace."
        }
      );
    throw error;
  }
}
async function fileBytes(options, entry) {
  let data;
  if (entry.encoding === "base64" && entry.content !== void 0 && (entry.content !== "" || entry.size === 0)) {
    data = Buffer.from(entry.content, "base64");
  } else {
    const { data: blob } = await options.client.request(
      "GET",
      `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}/git/blobs/${encodeURIComponent(entry.sha)}`,
      { signal: options.signal }
    );
    data = Buffer.from(blob.content, blob.encoding === "base64" ? "base64" : "utf8");
  }
  if (data.length !== entry.size)
    throw new WafGateError(
      "E_GITHUB_RESPONSE",
      `GitHub returned ${data.length} bytes for ${entry.path}, which has ${entry.size}.`,
      { context: { path: entry.path, ref: options.ref } }
    );
  return data;
}
async function trustedPaths(context, client, input) {
  const trusted = resolveTrustedRef(input.trustedRef, context);
  const given = Object.entries(input.paths).filter(([, v]) => v.trim() !== "");
  if (trusted.kind === "workspace" || given.length === 0)
    return { paths: input.paths, ref: void 0 };
  if (!context || !client)
    throw new ConfigError(
      `Reading ${given.map(([k]) => k).join(" and ")} from ${trusted.why} (${trusted.ref}) needs github-token.`,
      {
        input: "github-token",
        hint: "Pass github-token (contents: read), or set trusted-ref: workspace to read the checkout."
      }
    );
  const logger = input.logger ?? silentLogger;
  const paths = { ...input.paths };
  const fetchOne = async (name, path) => {
    if (isAbsolute(path) && relative(input.workspace, path).startsWith("..")) {
      logger.info(`${name}: ${path} is outside the checkout; read from the runner as given`);
      return path;
    }
    const repoPath = repositoryPath(path, input.workspace, name);
    await fetchTrustedPath(
      {
        client,
        owner: context.owner,
        repo: context.repo,
        ref: trusted.ref,
        destDir: input.destDir,
        input: name,
        logger,
        ...input.signal ? { signal: input.signal } : {}
      },
      fetchRoot(repoPath)
    );
    logger.info(`${name}: ${path} read from ${trusted.why} (${trusted.ref}), not the checkout`);
    return repoPath === "." ? input.destDir : join(input.destDir, ...repoPath.split("/"));
  };
  for (const [name, value] of given) {
    if (!input.listInputs?.includes(name)) {
      paths[name] = await fetchOne(name, value.trim());
      continue;
    }
    const items = [];
    for (const item of value.split(",").map((i) => i.trim()).filter(Boolean)) {
      const weighted = /^(.*?)(:\d+(?:\.\d+)?)?$/.exec(item);
      items.push(await fetchOne(name, weighted[1]) + (weighted[2] ?? ""));
    }
    paths[name] = items.join(",");
  }
  return { paths, ref: trusted.ref, copyDir: input.destDir };
}

// src/github/trusted-inputs.ts
async function readTrustedPaths(env, input) {
  if (!env.GITHUB_REPOSITORY) return { paths: input.paths };
  const logger = input.logger ?? silentLogger;
  const context = await readActionsContext(env);
  const client = input.token ? createGitHubClient({ baseUrl: context.apiUrl, token: input.token, logger }) : void 0;
  const destDir = join2(env.RUNNER_TEMP || tmpdir(), `waf-gate-trusted-${randomUUID()}`);
  const { paths, ref } = await trustedPaths(context, client, {
    trustedRef: input.trustedRef,
    token: input.token,
    paths: input.paths,
    ...input.listInputs ? { listInputs: input.listInputs } : {},
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    destDir,
    logger
  });
  return ref === void 0 ? { paths } : { paths, copyDir: destDir };
}

// src/github/check-run.ts
function conclusionFor(verdict) {
  return verdict === "pass" ? "success" : verdict === "fail" ? "failure" : "neutral";
}
function fitCheckOutput(output) {
  const note = truncationNote("65,535-character check run");
  const title = output.title.length > 1e3 ? `${output.title.slice(0, 999)}\u2026` : output.title;
  const summary = truncateMarkdown(output.summary, CHECK_RUN_TEXT_MAX_CHARS, "chars", note).text;
  if (output.text === void 0 || output.text === "") return { title, summary };
  return {
    title,
    summary,
    text: truncateMarkdown(output.text, CHECK_RUN_TEXT_MAX_CHARS, "chars", note).text
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

export {
  isPermissionError,
  createGitHubClient,
  readActionsContext,
  readTrustedPaths,
  conclusionFor,
  fitCheckOutput,
  createCheckRun,
  completeCheckRun
};
