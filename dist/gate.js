import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  runPipeline
} from "./chunks/chunk-R3JGVVBO.js";
import "./chunks/chunk-SITUBZIB.js";
import "./chunks/chunk-3K76SEIB.js";
import "./chunks/chunk-PDX4C4JJ.js";
import {
  actionsLogger,
  input,
  runAction,
  setOutputs
} from "./chunks/chunk-EVDI4SXN.js";
import "./chunks/chunk-I6OO3UYI.js";
import "./chunks/chunk-OVK7LJ6M.js";
import "./chunks/chunk-XG4PSG74.js";
import {
  ConfigError,
  parseBoolean,
  parseDurationMs,
  parseInteger,
  parseList,
  parseNumber
} from "./chunks/chunk-75RA3XRF.js";
import "./chunks/chunk-IQNG3BBW.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/actions/gate.ts
import { hostname } from "node:os";
import { join as join2 } from "node:path";

// src/pipeline/options.ts
import { join, resolve } from "node:path";
var MEASURE_INPUTS = [
  "target",
  "label",
  "version",
  "access-log",
  "error-log",
  "log-format",
  "master-pid-file",
  "groups",
  "corpus",
  "domains",
  "quality",
  "rounds",
  "pressure-domain",
  "connections",
  "duration",
  "keep-alive",
  "rate",
  "out-dir",
  "run-id"
];
function required(inputs, name, hint) {
  const value = (inputs[name] ?? "").trim();
  if (!value) throw new ConfigError(`Input "${name}" is required.`, { input: name, hint });
  return value;
}
function parseMeasureInputs(inputs) {
  const label = (inputs.label ?? "").trim() || "candidate";
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(label)) {
    throw new ConfigError(
      "A label is lower-case letters, digits and dashes, starting with a letter.",
      { input: "label", value: label }
    );
  }
  const domains = parseList(
    required(inputs, "domains", "List the domains (Host names) the WAF serves, comma-separated.")
  );
  const rounds = inputs.rounds ? parseInteger("rounds", inputs.rounds, 0, 50) : 0;
  const quality = inputs.quality ? parseBoolean("quality", inputs.quality) : true;
  if (!quality && rounds === 0) {
    throw new ConfigError("Nothing to measure: quality is off and rounds is 0.", {
      input: "rounds",
      value: inputs.rounds ?? "0",
      hint: "Turn quality on or set rounds to 1 or more."
    });
  }
  const pressureDomain = (inputs["pressure-domain"] ?? "").trim() || domains[0];
  const outDir = resolve(
    (inputs["out-dir"] ?? "").trim() || join(process.env.RUNNER_TEMP ?? ".", "waf-gate")
  );
  const runId = (inputs["run-id"] ?? "").trim() || `run-${Date.now().toString(36)}`;
  if (!/^[A-Za-z0-9._-]{1,80}$/.test(runId)) {
    throw new ConfigError('A run id is 1\u201380 letters, digits, ".", "_" or "-".', {
      input: "run-id",
      value: runId
    });
  }
  const target = {
    label,
    version: required(
      inputs,
      "version",
      'Give the exact build version under test (install-waf outputs it as "version").'
    ),
    url: required(
      inputs,
      "target",
      "Give the WAF address to replay to, e.g. http://127.0.0.1:8080."
    ),
    accessLog: required(
      inputs,
      "access-log",
      "Give the WAF access log path, e.g. /var/log/nginx/access.log."
    ),
    ...inputs["error-log"]?.trim() ? { errorLog: inputs["error-log"].trim() } : {},
    ...inputs["log-format"]?.trim() ? { logFormat: inputs["log-format"].trim() } : {},
    ...inputs["master-pid-file"]?.trim() ? { masterPidFile: inputs["master-pid-file"].trim() } : {},
    ...inputs.groups?.trim() ? { groups: inputs.groups.trim() } : {}
  };
  const pipeline = {
    outDir,
    runId,
    corpus: required(inputs, "corpus", "Give the captured traffic: a file, folder or glob."),
    domains,
    quality,
    rounds,
    pressure: {
      domain: pressureDomain,
      connections: inputs.connections ? parseInteger("connections", inputs.connections, 1, 1e4) : 50,
      durationMs: inputs.duration ? parseDurationMs("duration", inputs.duration) : 1e4,
      keepAlive: inputs["keep-alive"] ? parseBoolean("keep-alive", inputs["keep-alive"]) : true,
      ...inputs.rate?.trim() ? { rateRps: parseNumber("rate", inputs.rate, 1, 1e7) } : {}
    }
  };
  return { target, pipeline };
}

// src/actions/gate.ts
await runAction(async () => {
  const raw = Object.fromEntries(MEASURE_INPUTS.map((name) => [name, input(name)]));
  const { target, pipeline } = parseMeasureInputs(raw);
  const [record] = await runPipeline(
    [target],
    {
      ...pipeline,
      environment: {
        runner: process.env.RUNNER_NAME ?? hostname(),
        os: `${process.platform} ${process.arch}`,
        node: process.version
      }
    },
    { logger: actionsLogger }
  );
  setOutputs({
    "run-dir": join2(pipeline.outDir, target.label),
    "corpus-fingerprint": record?.corpusFingerprint,
    rounds: record?.rounds.length
  });
});
