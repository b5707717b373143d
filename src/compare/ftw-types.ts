/**
 * go-ftw expectation results: per build, every go-ftw test of the corpus checked against the joined
 * per-request records; between builds, the tests the candidate newly fails. A leaf (type imports of the
 * corpus layer only) so comparison.ts and ftw-expectations.ts can both use it without a cycle.
 */
import type { FtwExpectation } from '../corpus/ftw-types.js';
import type { JoinCounts } from './join-counts.js';

/**
 * How one stage fared: `passed`, `failed` (an expectation proven unmet), `unjoined` (a rule-id
 * expectation, but the request has no joined log line), `unchecked` (an expectation waf-gate cannot
 * check: response_contains, a free-text log regex, no rule ids collected).
 */
export type FtwStageOutcome = 'passed' | 'failed' | 'unjoined' | 'unchecked';

/**
 * How one test fared (all its stages): `failed` when a stage failed; else `unjoined` / `unchecked`
 * when a stage could not be decided; `incomplete` when a stage was not sent (skipped as malformed);
 * `overridden` when an override with `expect_failure: true` applies (the evaluation is kept in
 * `actual`); else `passed`.
 */
export type FtwTestOutcome =
  'passed' | 'failed' | 'unjoined' | 'unchecked' | 'incomplete' | 'overridden';

/** One stage's result. */
export interface FtwStageResult {
  /** 0-based stage index. */
  stage: number;
  outcome: FtwStageOutcome;
  /** Why it failed or could not be decided (empty when passed). */
  reasons: string[];
  /** Status the client saw; null: no response. */
  status: number | null;
  /** Replay's error kind when there was no response. */
  error: string | null;
  /** Rule ids ModSecurity logged for the request (joined). */
  ruleIds: string[];
  /** The expectations checked (after an override replaced them). */
  expect: FtwExpectation;
  entryKey: string;
  line: number;
}

/** An override from the overrides file that applied to a test. */
export interface FtwAppliedOverride {
  reason: string;
  expectFailure: boolean;
  /** The override's `output` replaced the test's expectations. */
  replacedOutput: boolean;
  /** Where the override is written. */
  file: string;
  line: number;
}

/** One go-ftw test on one domain. */
export interface FtwTestResult {
  /** go-ftw's test id (`942100-1`). */
  test: string;
  domain: string;
  file: string;
  /** Line of the test's first stage. */
  line: number;
  outcome: FtwTestOutcome;
  /** With `overridden`: what the evaluation itself found. */
  actual?: Exclude<FtwTestOutcome, 'overridden'>;
  override?: FtwAppliedOverride;
  stages: FtwStageResult[];
}

/** Counts of one build's go-ftw tests. */
export interface FtwCounts {
  tests: number;
  passed: number;
  failed: number;
  overridden: number;
  unjoined: number;
  unchecked: number;
  incomplete: number;
}

/** One build's go-ftw results. */
export interface FtwRunResults {
  counts: FtwCounts;
  /** Whether rule ids were collected (collect read an error log); without them id expectations are unchecked. */
  ruleIdsCollected: boolean;
  /** Test stages not sent because their file says `meta.enabled: false` (go-ftw skips them too). */
  disabledStages: number;
  /** ftw requests with no joined log line, by reason (`no-id`, `no-log-line`, `duplicate`, `no-join`). */
  unjoinedRequests: Record<string, number>;
  /** How the ftw requests met their log lines (by id, by connection, not joined); absent without a join. */
  joins?: JoinCounts;
  tests: FtwTestResult[];
}

/** A test the baseline passed and the candidate fails. */
export interface FtwNewFailure {
  test: string;
  domain: string;
  file: string;
  line: number;
  /** The candidate's failing stages' reasons. */
  reasons: string[];
}

/** The go-ftw part of a comparison. */
export interface FtwComparison {
  /** The overrides file applied, when one was given. */
  overridesFile?: string;
  baseline: FtwRunResults | null;
  candidate: FtwRunResults;
  /** Passed on the baseline, failed on the candidate: gate findings. */
  newFailures: FtwNewFailure[];
  /** Failed on both builds: listed, not a finding. */
  failingOnBoth: { test: string; domain: string }[];
}
