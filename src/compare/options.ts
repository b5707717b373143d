/**
 * compare-baseline's options, parsed once from strings (CLI flags or action inputs) into a validated
 * object. `runCompare`, which the CLI command and the action entry share, is in pipeline/compare.ts: it
 * writes the report, and compare must not depend on report.
 */
import { ConfigError } from '../common/errors.js';
import { ExitCode } from '../common/exit-codes.js';
import { optionNames, parseOptions, type RawOptions } from '../common/option-schema.js';
import type { PolicyInputs } from './policy.js';
import { COMPARE_SCHEMA, POLICY_INPUT_NAMES } from './schema.js';
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
  /** go-ftw overrides file applied when checking ftw expectations. */
  ftwOverridesFile: string | null;
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

/** The compare option names (CLI flags; {@link compareActionInput} gives the action's). */
export const COMPARE_INPUTS = optionNames(COMPARE_SCHEMA);

/**
 * Parses raw values by option name (CLI flags or action inputs mapped to option names). `nameOf` turns
 * an option name into what the user typed (`--baseline` or `baseline-dir`) for messages.
 */
export function parseCompareOptions(
  raw: RawOptions,
  nameOf: (name: string) => string = (name) => name,
): CompareOptions {
  const v = parseOptions(COMPARE_SCHEMA, raw, { nameOf, stage: 'compare' });
  if (v['save-baseline'] && v['baseline-store'] === undefined) {
    throw new ConfigError(`${nameOf('save-baseline')} needs a baseline store to save into.`, {
      input: nameOf('baseline-store'),
      hint: 'Set the baseline store directory too.',
    });
  }
  const policyInputs: PolicyInputs = {};
  for (const name of POLICY_INPUT_NAMES) {
    const value = v[name];
    if (value !== undefined) policyInputs[name] = value;
  }
  return {
    candidateDir: v.candidate,
    baselineDir: v.baseline ?? null,
    baselineStoreDir: v['baseline-store'] ?? null,
    baselineVersion: v['baseline-version'] ?? null,
    policyFile: v.policy ?? null,
    ftwOverridesFile: v['ftw-overrides'] ?? null,
    policyInputs,
    outDir: v.out,
    strict: v.strict,
    ...(v['artifact-url'] !== undefined ? { artifactUrl: v['artifact-url'] } : {}),
    topN: v['top-n'],
    saveBaseline: v['save-baseline'],
  };
}

/** The exit code of a verdict: pass 0, fail 1, neutral 0 (4 with `strict`). */
export function exitCodeFor(verdict: Verdict, strict: boolean): number {
  if (verdict === 'fail') return ExitCode.gateFailed;
  if (verdict === 'neutral' && strict) return ExitCode.neutral;
  return ExitCode.ok;
}
