import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);
import {
  loadCorpus,
  parseTarget
} from "./chunk-OX7RDG3B.js";
import {
  parseBoolean
} from "./chunk-QC4E7EMN.js";

// src/replay/merge-expect.ts
async function mergeExpectations(target, corpus, skipInvalid = "") {
  const expect = {};
  if (target.trim() !== "") expect.target = parseTarget("target", target);
  if (corpus.trim() !== "") {
    const skip = skipInvalid.trim() === "" ? false : parseBoolean("skip-invalid", skipInvalid);
    const loaded = await loadCorpus(corpus, { keepEntries: false, skipInvalid: skip });
    expect.corpusFingerprint = loaded.fingerprint;
  }
  return expect;
}

export {
  mergeExpectations
};
