import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  MEASURE_INPUTS,
  parseMeasureInputs,
  runPipeline
} from "./chunks/chunk-OZBRVKVD.js";
import "./chunks/chunk-NNWFF3LB.js";
import "./chunks/chunk-SOUCFBMR.js";
import "./chunks/chunk-PDX4C4JJ.js";
import {
  actionsLogger,
  input,
  maskSecret,
  runAction,
  setOutputs
} from "./chunks/chunk-R5CBEENI.js";
import "./chunks/chunk-ZIJ7H3E2.js";
import "./chunks/chunk-XH7KTNCQ.js";
import "./chunks/chunk-Q6J27YZD.js";
import "./chunks/chunk-DIGMANNK.js";
import "./chunks/chunk-D5N3K7F6.js";
import "./chunks/chunk-4PQXDHBF.js";

// src/actions/gate.ts
import { hostname } from "node:os";
import { join } from "node:path";
await runAction(async () => {
  const raw = Object.fromEntries(MEASURE_INPUTS.map((name) => [name, input(name)]));
  if (raw["ssh-key"]?.includes("PRIVATE KEY")) maskSecret(raw["ssh-key"]);
  maskSecret(raw["ssh-passphrase"] ?? "");
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
    "run-dir": join(pipeline.outDir, target.label),
    "corpus-fingerprint": record?.corpusFingerprint,
    rounds: record?.rounds.length
  });
});
