import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  MEASURE_INPUTS,
  parseMeasureInputs,
  runPipeline
} from "./chunks/chunk-A3YLN3AN.js";
import "./chunks/chunk-DKWAW2DH.js";
import "./chunks/chunk-CI2INNPR.js";
import "./chunks/chunk-PDX4C4JJ.js";
import {
  actionsLogger,
  input,
  maskSecret,
  runAction,
  setOutputs
} from "./chunks/chunk-EVDI4SXN.js";
import "./chunks/chunk-BWDXOYEH.js";
import "./chunks/chunk-BXAKTM7B.js";
import "./chunks/chunk-UIQJBDZD.js";
import "./chunks/chunk-XG4PSG74.js";
import "./chunks/chunk-75RA3XRF.js";
import "./chunks/chunk-EHJ5ICP6.js";
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
