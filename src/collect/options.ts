/**
 * collect-metrics options: one validated, typed object parsed once from strings (action inputs or CLI
 * flags, same names). Every bad value is a ConfigError quoting the input and the value.
 */
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { formatHostSpec, parseHostSpec } from '../hosts/spec.js';
import { optionNames, parseOptions, type RawOptions } from '../common/option-schema.js';
import { parseInteger, parseList } from '../common/options.js';
import { DEFAULT_ANOMALY_STATUSES } from './analyze/index.js';
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
import {
  bindToMaster,
  NGINX_WORKER_GROUP,
  parseGroups,
  type ProcessGroupSpec,
} from './proc/index.js';
import { COLLECT_SCHEMA, RUN_ID_PATTERN, type CollectInputName } from './schema.js';

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
  /**
   * install-waf's lock file on the WAF host: the detached collector renews the lease of run `runId`
   * while it runs (lease.ts). Unset: no renewal.
   */
  lockFile?: string;
}

/** Raw collect inputs by name (action inputs or CLI flags); empty strings are unset. */
export type CollectInputs = Partial<Record<CollectInputName, string>>;

/** Every input collect-metrics' start reads (action `with:` names = CLI `--flags`), from the schema. */
export const COLLECT_INPUT_NAMES = optionNames(COLLECT_SCHEMA);

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
  if (!RUN_ID_PATTERN.test(text)) {
    throw new ConfigError('A run id is 1–100 characters of letters, digits, ".", "_" or "-".', {
      input,
      value: value ?? '',
      hint: 'Pass the same run id to start and stop, e.g. the workflow run id.',
    });
  }
  return text;
}

/** Parses `key=name` pairs over the json preset's default field names. */
export function parseJsonFields(value: string | undefined): JsonFieldNames {
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
  value: string,
  jsonFields: JsonFieldNames,
  idVariable: string,
): CollectOptions['logFormat'] {
  const text = value.trim();
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

/** What {@link collectOptions} needs: the run id and the access log; everything else has a default. */
export interface CollectOptionsInit extends Partial<
  Omit<CollectOptions, 'runId' | 'accessLog' | 'logFormat' | 'jsonFields' | 'groups' | 'host'>
> {
  runId: string;
  accessLog: string;
  /** A preset name or a pasted nginx log_format. @default waf-gate-lab */
  logFormat?: string;
  jsonFields?: Partial<JsonFieldNames>;
  /** @default [nginx-worker], bound to the master below */
  groups?: ProcessGroupSpec[];
  /** The nginx-worker group samples only this master's workers. */
  masterPidFile?: string;
  masterPid?: number;
  /** `local` or `ssh://user@host:port`. @default local */
  host?: string;
}

const S = COLLECT_SCHEMA;

/**
 * Builds {@link CollectOptions} from typed values (the pipeline does), filling the schema's defaults;
 * {@link parseCollectOptions} ends here too. Throws a ConfigError for a bad log_format or a relative
 * path with a remote host.
 */
export function collectOptions(init: CollectOptionsInit): CollectOptions {
  const runId = parseRunId(init.runId);
  const idVariable = (init.idVariable ?? S['id-variable'].default).replace(/^\$/, '');
  const jsonFields = { ...DEFAULT_JSON_FIELDS, ...init.jsonFields };
  const errorLog = init.errorLog === undefined ? undefined : absolute(init.errorLog);
  const options: CollectOptions = {
    runId,
    accessLog: absolute(init.accessLog),
    logFormat: resolveFormat(init.logFormat ?? S['log-format'].default, jsonFields, idVariable),
    idVariable,
    jsonFields,
    skipSubstrings: init.skipSubstrings ?? [...S['skip-lines-containing'].default],
    extraVariables: (init.extraVariables ?? []).map((v) => v.replace(/^\$/, '')),
    anomalyStatuses: init.anomalyStatuses ?? [...DEFAULT_ANOMALY_STATUSES],
    groups: bindToMaster(
      (init.groups ?? [NGINX_WORKER_GROUP]).map((g) => ({ ...g, match: { ...g.match } })),
      init.masterPidFile,
      init.masterPid,
    ),
    sampleIntervalMs: init.sampleIntervalMs ?? S.interval.default,
    pollIntervalMs: init.pollIntervalMs ?? S['poll-interval'].default,
    maxDurationMs: init.maxDurationMs ?? S['max-duration'].default,
    outDir: absolute(init.outDir ?? join(baseDir(), 'waf-gate', runId, 'collect')),
    stateDir: absolute(init.stateDir ?? defaultStateDir(runId)),
    ruleIds: init.ruleIds ?? errorLog !== undefined,
    keepLineBytes: init.keepLineBytes ?? S['keep-line-bytes'].default,
    maxLineBytes: init.maxLineBytes ?? S['max-line-bytes'].default,
    maxHosts: init.maxHosts ?? S['max-hosts'].default,
  };
  if (init.label !== undefined) options.label = init.label;
  if (errorLog !== undefined) options.errorLog = errorLog;
  if (init.lockFile !== undefined) options.lockFile = absolute(init.lockFile);
  applyHost(options, init);
  buildRecordParser(options); // a bad log_format fails here, before anything starts
  return options;
}

/** Sets `host` and `ssh`; a remote host needs absolute paths (they are on that host). */
function applyHost(options: CollectOptions, init: CollectOptionsInit): void {
  const spec = init.host === undefined ? undefined : parseHostSpec('host', init.host);
  if (spec === undefined || spec.kind === 'local') return;
  options.host = formatHostSpec(spec);
  const paths = {
    'access-log': init.accessLog,
    'error-log': init.errorLog,
    'master-pid-file': init.masterPidFile,
    'lock-file': init.lockFile,
  };
  for (const [name, value] of Object.entries(paths)) {
    if (value !== undefined && !isAbsolute(value))
      throw new ConfigError(`With a remote host, ${name} must be an absolute path on that host.`, {
        input: name,
        value,
        hint: `${options.host} is not this machine: give e.g. /var/log/nginx/access.log.`,
      });
  }
  const ssh: NonNullable<CollectOptions['ssh']> = {};
  for (const name of SSH_INPUT_NAMES) {
    const value = init.ssh?.[name];
    if (value === undefined || value.trim() === '') continue;
    // Files are read by the detached collector, whose working directory differs: make them absolute.
    const isFile = name === 'known-hosts' || (name === 'ssh-key' && !value.includes('PRIVATE KEY'));
    // Key text and passphrase exactly as given (a key needs its final newline).
    ssh[name] = isFile
      ? absolute(value.trim())
      : name === 'host-fingerprint'
        ? value.trim()
        : value;
  }
  options.ssh = ssh;
}

/** Parses and validates collect-metrics inputs (CLI flags or action inputs, by name). */
export function parseCollectOptions(raw: RawOptions): CollectOptions {
  const v = parseOptions(COLLECT_SCHEMA, raw, { stage: 'collect' });
  const ssh: NonNullable<CollectOptions['ssh']> = {};
  for (const name of SSH_INPUT_NAMES) {
    const value = v[name];
    if (value !== undefined) ssh[name] = value;
  }
  const defined = <T>(key: string, value: T | undefined): Record<string, T> =>
    value === undefined ? {} : { [key]: value };
  return collectOptions({
    runId: v['run-id'],
    accessLog: v['access-log'],
    logFormat: v['log-format'],
    idVariable: v['id-variable'],
    jsonFields: parseJsonFields(v['json-fields']),
    skipSubstrings: v['skip-lines-containing'],
    extraVariables: v['extra-variables'] ?? [],
    anomalyStatuses: v['anomaly-statuses'].map((s) =>
      parseInteger('anomaly-statuses', s, 100, 999),
    ),
    ...(v.groups === undefined ? {} : { groups: parseGroups(v.groups) }),
    sampleIntervalMs: v.interval,
    pollIntervalMs: v['poll-interval'],
    maxDurationMs: v['max-duration'],
    keepLineBytes: v['keep-line-bytes'],
    maxLineBytes: v['max-line-bytes'],
    maxHosts: v['max-hosts'],
    ...defined('label', v.label),
    ...defined('errorLog', v['error-log']),
    ...defined('masterPidFile', v['master-pid-file']),
    ...defined('masterPid', v['master-pid']),
    ...defined('outDir', v['out-dir']),
    ...defined('stateDir', v['state-dir']),
    ...defined('ruleIds', v['rule-ids']),
    ...defined('host', v.host),
    ...defined('lockFile', v['lock-file']),
    ...(Object.keys(ssh).length > 0 ? { ssh } : {}),
  });
}
