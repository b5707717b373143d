/**
 * collect-metrics options: one validated, typed object parsed once from strings (action inputs or CLI
 * flags, same names). Every bad value is a ConfigError quoting the input and the value.
 */
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { formatHostSpec, parseHostSpec } from '../hosts/spec.js';
import { parseBoolean, parseDurationMs, parseInteger, parseList } from '../common/options.js';
import { DEFAULT_ANOMALY_STATUSES, DEFAULT_MAX_HOSTS } from './analyze/index.js';
import {
  compileLogFormat,
  COMBINED_FORMAT,
  DEFAULT_JSON_FIELDS,
  isPresetName,
  jsonPresetFormat,
  PRESET_NAMES,
  WAF_GATE_LAB_FORMAT,
  type JsonFieldNames,
  FormatRecordParser,
  MarkerRecordParser,
  type LogRecordParser,
} from './logformat/index.js';
import { SSH_INPUT_NAMES } from '../hosts/ssh-inputs.js';
import { parseGroups, type ProcessGroupSpec } from './proc/index.js';

export { NGINX_WORKER_GROUP, parseGroups, type ProcessGroupSpec } from './proc/index.js';

/** Validated collect-metrics options. */
export interface CollectOptions {
  /** Run id: names the state directory; `[A-Za-z0-9._-]`, up to 100 characters. */
  runId: string;
  label?: string;
  /** The WAF's access log (read, never moved). */
  accessLog: string;
  /** The WAF's error log, scanned for alerts, worker crashes, sanitizer output and rule ids. */
  errorLog?: string;
  /** Preset name or `custom`, and the log_format definition used. @default waf-gate-lab */
  logFormat: { name: string; definition: string };
  /** Variable carrying the replay id. @default 'http_x_waf_gate_id' */
  idVariable: string;
  /** Key names of the `json` preset. */
  jsonFields: JsonFieldNames;
  /** `waf-marker`: lines containing any of these are skipped. @default ['pepp4_'] */
  skipSubstrings: string[];
  /** Custom variables accepted in a log_format (`map`/`set` variables). @default [] */
  extraVariables: string[];
  /** @default [400, 403, 408, 499, 500, 502, 503] */
  anomalyStatuses: number[];
  /** @default [nginx-worker] */
  groups: ProcessGroupSpec[];
  /** Process sampling interval. @default 1000 */
  sampleIntervalMs: number;
  /** How often the logs are read while running (rotation is noticed between polls). @default 500 */
  pollIntervalMs: number;
  /** The detached collector stops itself after this long. @default 7_200_000 (2 h) */
  maxDurationMs: number;
  /** Where collect.json and its files go. @default <tmp>/waf-gate/<runId>/collect */
  outDir: string;
  /** Where the detached collector keeps its state. @default <tmp>/waf-gate/<runId>/collect-state */
  stateDir: string;
  /** Attach ModSecurity rule ids (error log at `info`, joined on `$request_id`). @default true with an error log */
  ruleIds: boolean;
  /** Bytes kept of each anomalous / unparsable line. @default 8192 */
  keepLineBytes: number;
  /** Longer lines are not parsed (counted as format errors). @default 4194304 */
  maxLineBytes: number;
  /**
   * Distinct Host values counted apart (4 KB each); further hosts are counted as `(other hosts)` with
   * a warning. @default 1000
   */
  maxHosts: number;
  /**
   * The WAF machine: `local` or `ssh://user@host:port`. Over SSH the collector runs here and reads the
   * logs (SFTP) and /proc (one exec per sample) of that host; its paths must be absolute. @default 'local'
   */
  host?: string;
  /**
   * SSH settings, as install-waf names them: `ssh-key` (key file, absolute, or key text),
   * `ssh-passphrase`, `known-hosts` (absolute), `host-fingerprint`. Secrets: never logged.
   */
  ssh?: Partial<Record<(typeof SSH_INPUT_NAMES)[number], string>>;
}

/** The same names as the action inputs and CLI flags. */
export type CollectInputs = Partial<Record<(typeof COLLECT_INPUT_NAMES)[number], string>>;

/** Every input collect-metrics reads (action `with:` names = CLI `--flags`). */
export const COLLECT_INPUT_NAMES = [
  'run-id',
  'label',
  'access-log',
  'error-log',
  'log-format',
  'id-variable',
  'json-fields',
  'skip-lines-containing',
  'extra-variables',
  'anomaly-statuses',
  'groups',
  'master-pid-file',
  'master-pid',
  'interval',
  'poll-interval',
  'max-duration',
  'out-dir',
  'state-dir',
  'rule-ids',
  'keep-line-bytes',
  'max-line-bytes',
  'max-hosts',
  'host',
  ...SSH_INPUT_NAMES,
] as const;

function baseDir(): string {
  return process.env.RUNNER_TEMP || tmpdir();
}

/** Default state directory for a run id. */
export function defaultStateDir(runId: string): string {
  return join(baseDir(), 'waf-gate', runId, 'collect-state');
}

/** Validates a run id. */
export function parseRunId(value: string | undefined, input = 'run-id'): string {
  const text = (value ?? '').trim();
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(text) || text === '.' || text === '..') {
    throw new ConfigError('A run id is 1–100 characters of letters, digits, ".", "_" or "-".', {
      input,
      value: value ?? '',
      hint: 'Pass the same run id to start and stop, e.g. the workflow run id.',
    });
  }
  return text;
}

function parseJsonFields(value: string | undefined): JsonFieldNames {
  const fields = { ...DEFAULT_JSON_FIELDS };
  for (const pair of parseList(value)) {
    const [key, name] = pair.split('=').map((s) => s.trim());
    if (!key || !name || !(key in fields) || !/^[A-Za-z0-9_.@-]+$/.test(name)) {
      throw new ConfigError(
        `Expected key=name pairs with keys ${Object.keys(fields).join(', ')}.`,
        {
          input: 'json-fields',
          value: pair,
        },
      );
    }
    fields[key as keyof JsonFieldNames] = name;
  }
  return fields;
}

/** Turns the `log-format` input (a preset name or a pasted log_format) into a name and a definition. */
function resolveFormat(
  value: string | undefined,
  jsonFields: JsonFieldNames,
  idVariable: string,
): CollectOptions['logFormat'] {
  const text = (value ?? '').trim() || 'waf-gate-lab';
  if (!isPresetName(text)) {
    if (/^[a-z][a-z0-9-]*$/.test(text)) {
      throw new ConfigError(`Unknown log format preset "${text}".`, {
        input: 'log-format',
        value: text,
        hint: `Use one of ${PRESET_NAMES.join(', ')} or paste the log_format definition from nginx.conf.`,
      });
    }
    return { name: 'custom', definition: text };
  }
  switch (text) {
    case 'combined':
      return { name: text, definition: COMBINED_FORMAT };
    case 'waf-gate-lab':
      return { name: text, definition: WAF_GATE_LAB_FORMAT };
    case 'json':
      return {
        name: text,
        definition: `log_format json escape=json '${jsonPresetFormat(jsonFields, idVariable)}';`,
      };
    default:
      return { name: text, definition: '' };
  }
}

/** Builds the line parser for validated options (throws ConfigError for a bad log_format). */
export function buildRecordParser(
  options: Pick<CollectOptions, 'logFormat' | 'idVariable' | 'skipSubstrings' | 'extraVariables'>,
): LogRecordParser {
  if (options.logFormat.name === 'waf-marker')
    return new MarkerRecordParser(options.skipSubstrings);
  const compiled = compileLogFormat(options.logFormat.definition, {
    input: 'log-format',
    extraVariables: options.extraVariables,
  });
  return new FormatRecordParser(compiled, options.logFormat.name, {
    idVariable: options.idVariable,
  });
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(path);
}

/** Sets `host` and `ssh` from the inputs; a remote host needs absolute paths (they are on that host). */
function applyHost(options: CollectOptions, inputs: CollectInputs): void {
  const spec = inputs.host?.trim() ? parseHostSpec('host', inputs.host) : undefined;
  if (spec === undefined || spec.kind === 'local') return;
  options.host = formatHostSpec(spec);
  for (const name of ['access-log', 'error-log', 'master-pid-file'] as const) {
    const value = inputs[name]?.trim();
    if (value && !isAbsolute(value))
      throw new ConfigError(`With a remote host, ${name} must be an absolute path on that host.`, {
        input: name,
        value,
        hint: `${options.host} is not this machine: give e.g. /var/log/nginx/access.log.`,
      });
  }
  const ssh: NonNullable<CollectOptions['ssh']> = {};
  for (const name of SSH_INPUT_NAMES) {
    const raw = inputs[name];
    const value = raw?.trim();
    if (raw === undefined || !value) continue;
    // Files are read by the detached collector, whose working directory differs: make them absolute.
    const isFile = name === 'known-hosts' || (name === 'ssh-key' && !value.includes('PRIVATE KEY'));
    // Key text and passphrase exactly as given (a key needs its final newline).
    ssh[name] = isFile ? absolute(value) : name === 'host-fingerprint' ? value : raw;
  }
  options.ssh = ssh;
}

/** Parses and validates collect-metrics inputs; `needsLog`: the access log is required. */
export function parseCollectOptions(inputs: CollectInputs): CollectOptions {
  const runId = parseRunId(inputs['run-id']);
  const accessLog = (inputs['access-log'] ?? '').trim();
  if (accessLog === '') {
    throw new ConfigError('The access log path is required.', {
      input: 'access-log',
      hint: 'Give the path of the WAF access log, e.g. /var/log/nginx/access.log.',
    });
  }
  const idVariable =
    (inputs['id-variable'] ?? '').trim().replace(/^\$/, '') || 'http_x_waf_gate_id';
  const jsonFields = parseJsonFields(inputs['json-fields']);
  const logFormat = resolveFormat(inputs['log-format'], jsonFields, idVariable);
  const statuses = parseList(inputs['anomaly-statuses']).map((s) =>
    parseInteger('anomaly-statuses', s, 100, 999),
  );
  const masterPid = inputs['master-pid']?.trim()
    ? parseInteger('master-pid', inputs['master-pid'], 1)
    : undefined;
  const errorLog = inputs['error-log']?.trim() ? absolute(inputs['error-log'].trim()) : undefined;
  const options: CollectOptions = {
    runId,
    accessLog: absolute(accessLog),
    logFormat,
    idVariable,
    jsonFields,
    skipSubstrings:
      inputs['skip-lines-containing'] === undefined
        ? ['pepp4_']
        : parseList(inputs['skip-lines-containing']),
    extraVariables: parseList(inputs['extra-variables']).map((v) => v.replace(/^\$/, '')),
    anomalyStatuses: statuses.length > 0 ? statuses : [...DEFAULT_ANOMALY_STATUSES],
    groups: parseGroups(inputs.groups, inputs['master-pid-file']?.trim() || undefined, masterPid),
    sampleIntervalMs: inputs.interval?.trim() ? parseDurationMs('interval', inputs.interval) : 1000,
    pollIntervalMs: inputs['poll-interval']?.trim()
      ? parseDurationMs('poll-interval', inputs['poll-interval'])
      : 500,
    maxDurationMs: inputs['max-duration']?.trim()
      ? parseDurationMs('max-duration', inputs['max-duration'])
      : 7_200_000,
    outDir: absolute(inputs['out-dir']?.trim() || join(baseDir(), 'waf-gate', runId, 'collect')),
    stateDir: absolute(inputs['state-dir']?.trim() || defaultStateDir(runId)),
    ruleIds: inputs['rule-ids']?.trim()
      ? parseBoolean('rule-ids', inputs['rule-ids'])
      : errorLog !== undefined,
    keepLineBytes: inputs['keep-line-bytes']?.trim()
      ? parseInteger('keep-line-bytes', inputs['keep-line-bytes'], 64, 1 << 20)
      : 8192,
    maxLineBytes: inputs['max-line-bytes']?.trim()
      ? parseInteger('max-line-bytes', inputs['max-line-bytes'], 1024, 256 << 20)
      : 4 << 20,
    maxHosts: inputs['max-hosts']?.trim()
      ? parseInteger('max-hosts', inputs['max-hosts'], 1, 1_000_000)
      : DEFAULT_MAX_HOSTS,
  };
  if (options.sampleIntervalMs < 100)
    throw new ConfigError('The sampling interval must be at least 100ms.', {
      input: 'interval',
      value: inputs.interval,
    });
  if (options.pollIntervalMs < 50)
    throw new ConfigError('The poll interval must be at least 50ms.', {
      input: 'poll-interval',
      value: inputs['poll-interval'],
    });
  if (options.maxDurationMs < 1000)
    throw new ConfigError('The maximum duration must be at least 1s.', {
      input: 'max-duration',
      value: inputs['max-duration'],
    });
  if (inputs.label?.trim()) options.label = inputs.label.trim();
  applyHost(options, inputs);
  if (errorLog !== undefined) options.errorLog = errorLog;
  buildRecordParser(options); // a bad log_format fails here, before anything starts
  return options;
}
