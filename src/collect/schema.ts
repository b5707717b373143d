/**
 * collect-metrics' options, declared once: `waf-gate collect --<name>` flags and the action's inputs.
 * {@link COLLECT_SCHEMA} holds what `start` (and `analyze`) read; {@link COLLECT_STOP_SCHEMA} what
 * `stop` and `analyze` add. Validation, defaults, the CLI help and the action.yml descriptions
 * (drift-checked) come from here.
 */
import type { OptionSchema } from '../common/option-schema.js';
import { HOST_SCHEMA } from '../hosts/schema.js';
import { DEFAULT_ANOMALY_STATUSES, DEFAULT_MAX_HOSTS } from './analyze/index.js';

/** The run id: names the state directory on this machine. */
export const RUN_ID_PATTERN = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,100}$/;

/** The options of `start` / `analyze`. */
export const COLLECT_SCHEMA = {
  'run-id': {
    type: 'string',
    metavar: 'ID',
    required: true,
    pattern: RUN_ID_PATTERN,
    patternText: '1–100 characters of letters, digits, ".", "_" or "-"',
    help: 'Identifies the collection; the same value for start and stop (e.g. the workflow run id).',
  },
  label: { type: 'string', help: 'Free label stored in the results, e.g. candidate.' },
  'access-log': {
    type: 'path',
    required: true,
    help: 'The WAF access log; read from its current end, never moved.',
  },
  'error-log': {
    type: 'path',
    help: 'The WAF error log: alerts, worker crashes, sanitizer output and ModSecurity rule ids.',
  },
  'log-format': {
    type: 'string',
    metavar: 'F',
    default: 'waf-gate-lab',
    help: 'A preset (waf-gate-lab, combined, waf-marker, json) or the log_format definition pasted from nginx.conf.',
  },
  'id-variable': {
    type: 'string',
    metavar: 'NAME',
    default: 'http_x_waf_gate_id',
    help: 'Log variable holding the replay id.',
  },
  'json-fields': {
    type: 'string',
    metavar: 'LIST',
    help: 'Field names of the json preset: status=,host=,upstreamStatus=,id=,requestId=.',
  },
  'skip-lines-containing': {
    type: 'list',
    default: ['pepp4_'],
    help: 'waf-marker: lines containing any of these are skipped.',
  },
  'extra-variables': {
    type: 'list',
    help: 'Custom variables (map/set) the log_format may use.',
  },
  'anomaly-statuses': {
    type: 'list',
    default: DEFAULT_ANOMALY_STATUSES.map(String),
    help: 'WAF statuses that count as an anomaly when the upstream status is -.',
  },
  groups: {
    type: 'string',
    metavar: 'SPEC',
    defaultText: 'nginx-worker=nginx: worker process',
    help: 'Process groups, one per line: name=command-line prefix or name=~regex, optionally ;parent=<pid or pid file>.',
  },
  'master-pid-file': {
    type: 'path',
    help: 'nginx master PID file: only its workers are sampled (several instances on one machine).',
  },
  'master-pid': {
    type: 'integer',
    metavar: 'PID',
    min: 1,
    help: 'nginx master PID, instead of the file.',
  },
  interval: { type: 'duration', minMs: 100, default: 1000, help: 'Sampling interval.' },
  'poll-interval': {
    type: 'duration',
    minMs: 50,
    default: 500,
    help: 'How often the logs are read.',
  },
  'max-duration': {
    type: 'duration',
    minMs: 1000,
    default: 2 * 3_600_000,
    help: 'The collector stops itself after this long.',
  },
  'out-dir': {
    type: 'path',
    metavar: 'DIR',
    defaultText: '$RUNNER_TEMP (or the temp dir)/waf-gate/<run-id>/collect',
    help: 'Where collect.json and its files go.',
  },
  'state-dir': {
    type: 'path',
    metavar: 'DIR',
    defaultText: '$RUNNER_TEMP (or the temp dir)/waf-gate/<run-id>/collect-state',
    help: 'Collector state folder.',
  },
  'lock-file': {
    type: 'path',
    metavar: 'PATH',
    help: "install-waf's lock on the WAF host: while it runs, the collector renews the lease of the run that holds it as this run id (give install-waf the same run-id), so a long collection does not lose the host.",
  },
  'rule-ids': {
    type: 'boolean',
    defaultText: 'true with an error log',
    help: 'Attach ModSecurity rule ids from the error log.',
  },
  'keep-line-bytes': {
    type: 'integer',
    min: 64,
    max: 1 << 20,
    default: 8192,
    help: 'Bytes kept of each anomalous or unparsable line.',
  },
  'max-line-bytes': {
    type: 'integer',
    min: 1024,
    max: 256 << 20,
    default: 4 << 20,
    help: 'Longer lines are not parsed (counted as format errors).',
  },
  'max-hosts': {
    type: 'integer',
    min: 1,
    max: 1_000_000,
    default: DEFAULT_MAX_HOSTS,
    help: 'Distinct Host values counted apart (4 KB each); further hosts count as "(other hosts)".',
  },
  ...HOST_SCHEMA,
} as const satisfies OptionSchema;

/** What `stop` (and `analyze`) read besides the run id. */
export const COLLECT_STOP_SCHEMA = {
  replay: {
    type: 'path',
    actionInput: 'replay-results',
    help: 'replay.json of the run: trims series to the loaded interval and joins outcomes.',
  },
  outcomes: { type: 'path', help: 'outcomes.jsonl, when not beside replay.json.' },
  settle: {
    type: 'duration',
    allowZero: true,
    default: 1500,
    help: 'Keep reading this long for log lines still buffered by nginx.',
  },
  'from-offset': {
    type: 'integer',
    min: 0,
    default: 0,
    help: '(analyze) Start reading the access log at this byte.',
  },
} as const satisfies OptionSchema;

/** A collect (start) option name. */
export type CollectInputName = keyof typeof COLLECT_SCHEMA;
