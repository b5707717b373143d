import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  MEASURE_INPUTS,
  freshAbInstallSettings,
  freshAbInstalls,
  parseMeasureInputs,
  runFreshAb,
  runPipeline
} from "./chunks/chunk-XJ7QORZG.js";
import {
  INSTALL_INPUTS
} from "./chunks/chunk-JTHWYULW.js";
import {
  readFromCopy
} from "./chunks/chunk-OX7RDG3B.js";
import "./chunks/chunk-K3QUUAFE.js";
import "./chunks/chunk-2TBFYHS7.js";
import "./chunks/chunk-I5KMSLST.js";
import {
  createGitHubClient,
  fitCheckOutput,
  isPermissionError,
  readActionsContext,
  readTrustedPaths
} from "./chunks/chunk-RD22NAWE.js";
import "./chunks/chunk-64BEH4VU.js";
import "./chunks/chunk-SQTU2L2M.js";
import "./chunks/chunk-MBWXRAFT.js";
import "./chunks/chunk-PDX4C4JJ.js";
import {
  actionsLogger,
  input,
  maskSecret,
  runAction,
  setOutputs
} from "./chunks/chunk-ZFXLSGKY.js";
import "./chunks/chunk-KSLHAH7M.js";
import "./chunks/chunk-EZWERAWO.js";
import "./chunks/chunk-QEATW52E.js";
import {
  ConfigError,
  formatError,
  isConfigError,
  parseBoolean,
  silentLogger
} from "./chunks/chunk-QC4E7EMN.js";
import "./chunks/chunk-MYUYXPJI.js";
import "./chunks/chunk-D5N3K7F6.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/actions/gate.ts
import { hostname } from "node:os";
import { join } from "node:path";

// src/github/check-run-lifecycle.ts
import { setTimeout as sleep } from "node:timers/promises";
var enc = encodeURIComponent;
function isTransient(error) {
  const e = error;
  if (e.code === "E_GITHUB_NETWORK" || e.code === "E_GITHUB_TIMEOUT") return true;
  return e.code === "E_GITHUB_HTTP" && typeof e.context?.status === "number" ? e.context.status >= 500 : false;
}
var CheckRunLifecycle = class _CheckRunLifecycle {
  constructor(options) {
    this.options = options;
  }
  options;
  /** The check run id; undefined when it could not be created (see {@link skippedReason}). */
  id;
  htmlUrl;
  /** Why there is no check run (permission), for the job summary. */
  skippedReason;
  /** Attaches to a check run an earlier step created (its id from that step's output). */
  static attach(options, id) {
    const lifecycle = new _CheckRunLifecycle(options);
    lifecycle.id = id;
    return lifecycle;
  }
  /**
   * Finds or creates the `in_progress` check run. A permission error (read-only token) is logged and
   * leaves the lifecycle without a run; any other error after the last attempt is thrown.
   */
  static async start(options, output = {
    title: "waf-gate is running",
    summary: "The gate is measuring the candidate build; the verdict follows when it is compared."
  }) {
    const lifecycle = new _CheckRunLifecycle(options);
    const attempts = Math.max(1, options.createAttempts ?? 3);
    let delayMs = options.retryDelayMs ?? 1e3;
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = attempt > 1 ? await lifecycle.findOwn() : void 0;
        const run = existing ?? await lifecycle.create(output);
        lifecycle.id = run.id;
        lifecycle.htmlUrl = run.html_url ?? void 0;
        return lifecycle;
      } catch (error) {
        if (isPermissionError(error)) {
          lifecycle.skippedReason = formatError(error);
          lifecycle.logger.warn(`waf-gate could not create the check run: ${formatError(error)}`);
          return lifecycle;
        }
        if (!isTransient(error) || attempt >= attempts) throw error;
        lifecycle.logger.warn(
          `waf-gate: creating the check run failed (${formatError(error)}); looking for it and retrying in ${delayMs} ms`
        );
        await sleep(delayMs, void 0, options.signal ? { signal: options.signal } : {});
        delayMs *= 2;
      }
    }
  }
  get logger() {
    return this.options.logger ?? silentLogger;
  }
  get path() {
    return `/repos/${enc(this.options.owner)}/${enc(this.options.repo)}`;
  }
  get name() {
    return this.options.name ?? "waf-gate";
  }
  async create(output) {
    const body = {
      name: this.name,
      head_sha: this.options.headSha,
      status: "in_progress",
      external_id: this.options.externalId,
      started_at: (/* @__PURE__ */ new Date()).toISOString(),
      output: fitCheckOutput(output)
    };
    if (this.options.detailsUrl) body.details_url = this.options.detailsUrl;
    const { data } = await this.options.client.request(
      "POST",
      `${this.path}/check-runs`,
      { body, signal: this.options.signal }
    );
    return data;
  }
  /** The check run of this name on the head SHA carrying our external id, if a failed POST made one. */
  async findOwn() {
    const pages = this.options.client.paginate(
      `${this.path}/commits/${enc(this.options.headSha)}/check-runs`,
      { check_name: this.name, filter: "all", per_page: 100 },
      (data) => data.check_runs ?? [],
      5,
      this.options.signal
    );
    for await (const run of pages) if (run.external_id === this.options.externalId) return run;
    return void 0;
  }
  async patch(body) {
    if (this.id === void 0) return;
    if (this.options.detailsUrl) body.details_url = this.options.detailsUrl;
    await this.options.client.request("PATCH", `${this.path}/check-runs/${this.id}`, {
      body,
      signal: this.options.signal
    });
  }
  /** Shows a finished stage while the run stays `in_progress`. */
  async progress(stage, summary) {
    await this.patch({
      status: "in_progress",
      output: fitCheckOutput({ title: `waf-gate: ${stage}`, summary })
    });
  }
  /** Completes the run with a conclusion and output. */
  async complete(conclusion, output) {
    await this.patch({
      status: "completed",
      conclusion,
      completed_at: (/* @__PURE__ */ new Date()).toISOString(),
      output: fitCheckOutput(output)
    });
  }
  /** Completes the run as `failure` with the error that stopped `stage`. */
  async fail(stage, error) {
    const text = formatError(error);
    await this.complete("failure", {
      title: `waf-gate failed while ${stage}`,
      summary: `The gate stopped while ${stage}, so there is no verdict.

\`\`\`
${text}
\`\`\``
    });
  }
  /** True when the run exists and is not completed yet (a later step may still need to close it). */
  async isOpen() {
    if (this.id === void 0) return false;
    const { data } = await this.options.client.request(
      "GET",
      `${this.path}/check-runs/${this.id}`,
      { signal: this.options.signal }
    );
    return data.status !== "completed";
  }
};

// src/github/gate-check.ts
async function openGateCheck(env, inputs, options = {}) {
  const logger = options.logger ?? silentLogger;
  if (!inputs.post || !inputs.token || !env.GITHUB_REPOSITORY) return void 0;
  const context = await readActionsContext(env);
  const name = inputs.checkName || "waf-gate";
  const lifecycleOptions = {
    client: createGitHubClient({ baseUrl: context.apiUrl, token: inputs.token, logger }),
    owner: context.owner,
    repo: context.repo,
    headSha: context.headSha,
    name,
    detailsUrl: context.runUrl,
    // One gate per job and check name; the attempt keeps a re-run from adopting the last attempt's run.
    externalId: `waf-gate/${context.runId ?? 0}/${context.runAttempt ?? 1}/${env.GITHUB_JOB ?? ""}/${name}`,
    logger,
    ...options.retryDelayMs !== void 0 ? { retryDelayMs: options.retryDelayMs } : {}
  };
  if (inputs.checkRunId !== "") {
    const id = Number(inputs.checkRunId);
    if (Number.isSafeInteger(id) && id > 0) return CheckRunLifecycle.attach(lifecycleOptions, id);
    logger.warn(`check-run-id "${inputs.checkRunId}" is not a check run id; creating a new one.`);
  }
  return CheckRunLifecycle.start(lifecycleOptions);
}
async function measureUnderCheck(check, measure2, logger = silentLogger) {
  const quietly = async (what, call) => {
    await call().catch(
      (error) => logger.warn(`waf-gate could not ${what}: ${formatError(error)}`)
    );
  };
  await quietly(
    "update the check run",
    async () => check?.progress("measuring", "Replaying the corpus and collecting WAF metrics.")
  );
  let result;
  try {
    result = await measure2();
  } catch (error) {
    await quietly("complete the check run", async () => check?.fail("measuring", error));
    throw error;
  }
  if (result === void 0) {
    await quietly(
      "complete the check run",
      async () => check?.complete("neutral", {
        title: "waf-gate: nothing was measured",
        summary: "The measuring step produced no run, so there is nothing to compare."
      })
    );
  } else {
    await quietly(
      "update the check run",
      async () => check?.progress("measured", "Measured; comparing with the baseline.")
    );
  }
  return result;
}
async function closeGateCheck(check, outcomes) {
  if (!check || !await check.isOpen()) return false;
  const steps = outcomes.trim() || "(not given)";
  await check.complete("failure", {
    title: "waf-gate stopped before a verdict",
    summary: `The gate ended without a verdict (a step failed or the job was cancelled).

Step outcomes: \`${steps}\``
  });
  return true;
}
async function runGateCheckStage(stage, env, inputs, outcomes, logger = silentLogger) {
  if (stage !== "start" && stage !== "close")
    throw new ConfigError("check-stage must be start or close.", {
      input: "check-stage",
      value: stage
    });
  try {
    const check = await openGateCheck(env, inputs, { logger });
    if (stage === "start") return { "check-run-id": check?.id?.toString() };
    if (await closeGateCheck(check, outcomes))
      logger.warn("waf-gate completed its check run as failure: the gate ended without a verdict.");
    return {};
  } catch (error) {
    if (isConfigError(error)) throw error;
    logger.warn(`waf-gate could not ${stage} the check run: ${formatError(error)}`);
    return {};
  }
}

// src/actions/gate.ts
var checkInputs = () => ({
  token: input("github-token"),
  post: input("post") === "" ? true : parseBoolean("post", input("post")),
  checkName: input("check-name"),
  checkRunId: input("check-run-id")
});
await runAction(async () => {
  maskSecret(input("github-token"));
  if (input("check-stage") !== "") {
    const outcomes = input("step-outcomes");
    setOutputs(
      await runGateCheckStage(
        input("check-stage"),
        process.env,
        checkInputs(),
        outcomes,
        actionsLogger
      )
    );
    return;
  }
  const check = await openGateCheck(process.env, checkInputs(), { logger: actionsLogger }).catch(
    (error) => {
      actionsLogger.warn(`waf-gate could not open the check run: ${formatError(error)}`);
      return void 0;
    }
  );
  await measureUnderCheck(check, measure, actionsLogger);
});
async function measure() {
  const raw = Object.fromEntries(
    MEASURE_INPUTS.map((name) => [name, input(name)])
  );
  const trusted = await readTrustedPaths(process.env, {
    trustedRef: input("trusted-ref"),
    token: input("github-token"),
    paths: { corpus: raw.corpus ?? "", "install-config": input("install-config") },
    listInputs: ["corpus"],
    logger: actionsLogger
  });
  raw.corpus = trusted.paths.corpus ?? "";
  if (raw["ssh-key"]?.includes("PRIVATE KEY")) maskSecret(raw["ssh-key"]);
  maskSecret(raw["ssh-passphrase"] ?? "");
  const parsed = parseMeasureInputs(raw);
  const { target } = parsed;
  const pipeline = {
    ...trusted.copyDir ? { ...parsed.pipeline, corpus: readFromCopy(parsed.pipeline.corpus, trusted.copyDir) } : parsed.pipeline,
    environment: {
      runner: process.env.RUNNER_NAME ?? hostname(),
      os: `${process.platform} ${process.arch}`,
      node: process.version
    }
  };
  const controller = new AbortController();
  const onSignal = (signal) => {
    if (!controller.signal.aborted) controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    if (parsed.freshAb) {
      const installInputs = {};
      for (const name of INSTALL_INPUTS)
        if (!["mode", "package", "package-sha256", "run-id"].includes(name))
          installInputs[name] = input(name);
      const installs = await freshAbInstalls(
        parsed.freshAb,
        await freshAbInstallSettings(trusted.paths["install-config"], installInputs)
      );
      const result = await runFreshAb(target, pipeline, installs, {
        logger: actionsLogger,
        signal: controller.signal
      });
      setOutputs({
        "run-dir": join(pipeline.outDir, "candidate"),
        "baseline-run-dir": join(pipeline.outDir, "baseline"),
        version: result.candidateVersion,
        "baseline-version": result.baseline.build.version,
        "corpus-fingerprint": result.candidate.corpusFingerprint,
        rounds: result.candidate.rounds.length
      });
      return result.candidate;
    }
    const [record] = await runPipeline([target], pipeline, {
      logger: actionsLogger,
      signal: controller.signal
    });
    setOutputs({
      "run-dir": join(pipeline.outDir, target.label),
      "corpus-fingerprint": record?.corpusFingerprint,
      rounds: record?.rounds.length
    });
    return record;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
