/**
 * compare-baseline's options, declared once: the CLI `waf-gate compare --<name>` flags and the
 * action's inputs (`actionInput` where the action's name differs). The policy thresholds have no
 * default here: unset, the policy file's (or the built-in policy's) value stands.
 */
import { actionInputOf, type OptionSchema } from '../common/option-schema.js';

/** Every compare option (the CLI's order). */
export const COMPARE_SCHEMA = {
  candidate: {
    type: 'path',
    metavar: 'DIR',
    required: true,
    actionInput: 'candidate-dir',
    help: 'Run directory of the candidate build (run.json written by the gate or `waf-gate demo`).',
  },
  baseline: {
    type: 'path',
    metavar: 'DIR',
    actionInput: 'baseline-dir',
    help: 'Run directory of the baseline build; without one (nor a store) the verdict is neutral.',
  },
  'baseline-store': {
    type: 'path',
    metavar: 'DIR',
    actionInput: 'baseline-store-dir',
    help: 'A directory store of baselines keyed by version, corpus fingerprint, mode and load shape.',
  },
  'baseline-version': {
    type: 'string',
    metavar: 'V',
    defaultText: 'the newest matching one',
    help: 'With a baseline store: only a baseline of this build version.',
  },
  'save-baseline': {
    type: 'boolean',
    flag: true,
    default: false,
    help: 'Save the candidate run into the baseline store after comparing (e.g. on the default branch).',
  },
  policy: {
    type: 'path',
    metavar: 'FILE',
    actionInput: 'policy-file',
    help: 'Gate policy (YAML/JSON): thresholds per metric, per-domain overrides, ignore lists with reasons.',
  },
  'ftw-overrides': {
    type: 'path',
    metavar: 'FILE',
    help: "go-ftw overrides file (go-ftw's format: test_overrides with rule_id, test_ids, reason, expect_failure, output) for known engine differences when checking ftw expectations.",
  },
  alpha: {
    type: 'number',
    metavar: 'P',
    min: 0.0001,
    max: 0.5,
    defaultText: '0.05 (or the policy file)',
    help: 'Significance level of the rank test.',
  },
  'status-increase-pct': {
    type: 'number',
    unit: '%',
    min: 0,
    defaultText: '10 (or the policy file)',
    help: 'Flag a domain when an anomaly status count grows by more than this percent.',
  },
  'min-delta': {
    type: 'integer',
    min: 0,
    defaultText: '5 (or the policy file)',
    help: '…and by at least this many requests.',
  },
  'max-new-blocks': {
    type: 'integer',
    min: 0,
    defaultText: '0 (or the policy file)',
    help: 'Allowed requests newly blocked by the candidate.',
  },
  'qps-threshold-pct': {
    type: 'number',
    min: 0,
    defaultText: '10 (or the policy file)',
    help: 'Allowed QPS drop in percent.',
  },
  'cpu-threshold-pct': {
    type: 'number',
    min: 0,
    defaultText: '10 (or the policy file)',
    help: 'Allowed WAF CPU-per-request increase in percent.',
  },
  'p99-threshold-pct': {
    type: 'number',
    min: 0,
    defaultText: '20 (or the policy file)',
    help: 'Allowed p99 latency increase in percent.',
  },
  'rss-threshold-pct': {
    type: 'number',
    min: 0,
    defaultText: '20 (or the policy file)',
    help: 'Allowed RSS increase in percent.',
  },
  'hold-drop-increase-pct': {
    type: 'number',
    unit: '%',
    min: 0,
    max: 100,
    defaultText: '0.1 (or the policy file)',
    help: 'Long-lived connections: unexpected drops the candidate may have beyond the baseline, in percentage points of its connections (beyond: the gate fails).',
  },
  'hold-rtt-fail-pct': {
    type: 'number',
    unit: '%',
    min: 0,
    defaultText: 'never (warns beyond +50 %, or the policy file)',
    help: 'Long-lived connections: a heartbeat RTT p50/p99 increase beyond this percent fails the gate.',
  },
  out: {
    type: 'path',
    metavar: 'DIR',
    actionInput: 'out-dir',
    default: 'waf-gate-results',
    help: 'Where results.json, report.md and changed-requests.jsonl go.',
  },
  'artifact-url': {
    type: 'url',
    help: 'Link to the artifact holding all changed requests, shown in the report.',
  },
  'top-n': {
    type: 'integer',
    min: 1,
    max: 1000,
    default: 20,
    help: 'Changed requests listed in the report.',
  },
  strict: {
    type: 'boolean',
    flag: true,
    default: false,
    help: 'Fail on a neutral verdict too (e.g. no baseline).',
  },
} as const satisfies OptionSchema;

/** A compare option name. */
export type CompareInputName = keyof typeof COMPARE_SCHEMA;

/** The policy threshold options (they override the policy file). */
export const POLICY_INPUT_NAMES = [
  'alpha',
  'status-increase-pct',
  'min-delta',
  'max-new-blocks',
  'qps-threshold-pct',
  'cpu-threshold-pct',
  'p99-threshold-pct',
  'rss-threshold-pct',
  'hold-drop-increase-pct',
  'hold-rtt-fail-pct',
] as const satisfies readonly CompareInputName[];

/** The action input name of a compare option. */
export function compareActionInput(name: CompareInputName): string {
  return actionInputOf(COMPARE_SCHEMA, name);
}
