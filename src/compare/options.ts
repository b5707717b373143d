/**
 * compare-baseline's options, parsed once from strings (CLI flags or action inputs) into a validated
 * object. `runCompare`, which the CLI command and the action entry share, is in pipeline/compare.ts: it
 * writes the report, and compare must not depend on report.
 */
import { ConfigError } from '../common/errors.js';
import { ExitCode } from '../common/exit-codes.js';
import { parseBoolean, parseInteger } from '../common/options.js';
import { POLICY_INPUT_NAMES, type PolicyInputs } from './policy.js';
import type { Verdict } from './types.js';

/** Validated options of a compare run. */
export interface CompareOptions {
  candidateDir: string;
  /** An explicit baseline run directory; null: look in the store, or neutral. */
  baselineDir: string | null;
  /** A directory baseline store to find the baseline in (and save to). */
  baselineStoreDir: string | null;
  /** With a store: only a baseline of this build version. */
  baselineVersion: string | null;
  policyFile: string | null;
  /** Threshold overrides (win over the file). */
  policyInputs: PolicyInputs;
  /** @default "waf-gate-results" */
  outDir: string;
  /** Neutral is a failure (exit code 4). @default false */
  strict: boolean;
  /** Link to the artifact holding all results, for the report. */
  artifactUrl?: string;
  /** Changed requests listed in the report. @default 20 */
  topN: number;
  /** Save the candidate run into the baseline store after comparing. @default false */
  saveBaseline: boolean;
}

/** Raw option values by canonical name (`candidate`, `baseline`, `baseline-store`, …, policy input names). */
export type RawCompareOptions = Record<string, string | boolean | undefined>;

/**
 * Parses raw values. `nameOf` turns a canonical name into what the user typed (`--baseline` or
 * `baseline-dir`) for messages.
 */
export function parseCompareOptions(
  raw: RawCompareOptions,
  nameOf: (name: string) => string,
): CompareOptions {
  const str = (name: string): string | null => {
    const v = raw[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  };
  const bool = (name: string): boolean => {
    const v = raw[name];
    if (v === undefined || v === '') return false;
    return parseBoolean(nameOf(name), v);
  };
  const candidateDir = str('candidate');
  if (candidateDir === null) {
    throw new ConfigError('The candidate run directory is required.', {
      input: nameOf('candidate'),
      hint: "Pass the folder holding the candidate build's run.json.",
    });
  }
  const baselineDir = str('baseline');
  const baselineStoreDir = str('baseline-store');
  const saveBaseline = bool('save-baseline');
  if (saveBaseline && baselineStoreDir === null) {
    throw new ConfigError(`${nameOf('save-baseline')} needs a baseline store to save into.`, {
      input: nameOf('baseline-store'),
      hint: 'Set the baseline store directory too.',
    });
  }
  const policyInputs: PolicyInputs = {};
  for (const name of POLICY_INPUT_NAMES) {
    const v = str(name);
    if (v !== null) policyInputs[name] = v;
  }
  const artifactUrl = str('artifact-url');
  if (artifactUrl !== null && !/^https?:\/\/\S+$/.test(artifactUrl)) {
    throw new ConfigError('Expected an http(s) URL.', {
      input: nameOf('artifact-url'),
      value: artifactUrl,
    });
  }
  const topN = str('top-n');
  return {
    candidateDir,
    baselineDir,
    baselineStoreDir,
    baselineVersion: str('baseline-version'),
    policyFile: str('policy'),
    policyInputs,
    outDir: str('out') ?? 'waf-gate-results',
    strict: bool('strict'),
    ...(artifactUrl !== null ? { artifactUrl } : {}),
    topN: topN === null ? 20 : parseInteger(nameOf('top-n'), topN, 1, 1000),
    saveBaseline,
  };
}

/** The exit code of a verdict: pass 0, fail 1, neutral 0 (4 with `strict`). */
export function exitCodeFor(verdict: Verdict, strict: boolean): number {
  if (verdict === 'fail') return ExitCode.gateFailed;
  if (verdict === 'neutral' && strict) return ExitCode.neutral;
  return ExitCode.ok;
}
