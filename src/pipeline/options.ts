/**
 * Inputs of the measuring step (root gate action and `waf-gate measure`), parsed once into a build
 * target and pipeline options. Names are the action's `with:` names and the CLI's `--flags`.
 */
import { join, resolve } from 'node:path';
import { ConfigError } from '../common/errors.js';
import {
  parseBoolean,
  parseDurationMs,
  parseInteger,
  parseList,
  parseNumber,
} from '../common/options.js';
import type { BuildTarget, PipelineOptions } from './types.js';

/** Every input the measuring step reads. */
export const MEASURE_INPUTS = [
  'target',
  'label',
  'version',
  'access-log',
  'error-log',
  'log-format',
  'master-pid-file',
  'groups',
  'corpus',
  'domains',
  'quality',
  'rounds',
  'pressure-domain',
  'connections',
  'duration',
  'keep-alive',
  'rate',
  'out-dir',
  'run-id',
  'host',
  'ssh-key',
  'ssh-passphrase',
  'known-hosts',
  'host-fingerprint',
] as const;

/** Raw inputs by name ('' or undefined when unset). */
export type MeasureInputs = Partial<Record<(typeof MEASURE_INPUTS)[number], string>>;

/** A validated measuring step. */
export interface MeasureOptions {
  target: BuildTarget;
  pipeline: PipelineOptions;
}

function required(
  inputs: MeasureInputs,
  name: (typeof MEASURE_INPUTS)[number],
  hint: string,
): string {
  const value = (inputs[name] ?? '').trim();
  if (!value) throw new ConfigError(`Input "${name}" is required.`, { input: name, hint });
  return value;
}

/** Parses and validates the measuring step's inputs. */
export function parseMeasureInputs(inputs: MeasureInputs): MeasureOptions {
  const label = (inputs.label ?? '').trim() || 'candidate';
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(label)) {
    throw new ConfigError(
      'A label is lower-case letters, digits and dashes, starting with a letter.',
      { input: 'label', value: label },
    );
  }
  const domains = parseList(
    required(inputs, 'domains', 'List the domains (Host names) the WAF serves, comma-separated.'),
  );
  const rounds = inputs.rounds ? parseInteger('rounds', inputs.rounds, 0, 50) : 0;
  const quality = inputs.quality ? parseBoolean('quality', inputs.quality) : true;
  if (!quality && rounds === 0) {
    throw new ConfigError('Nothing to measure: quality is off and rounds is 0.', {
      input: 'rounds',
      value: inputs.rounds ?? '0',
      hint: 'Turn quality on or set rounds to 1 or more.',
    });
  }
  const pressureDomain = (inputs['pressure-domain'] ?? '').trim() || domains[0]!;
  const outDir = resolve(
    (inputs['out-dir'] ?? '').trim() || join(process.env.RUNNER_TEMP ?? '.', 'waf-gate'),
  );
  const runId = (inputs['run-id'] ?? '').trim() || `run-${Date.now().toString(36)}`;
  if (!/^[A-Za-z0-9._-]{1,80}$/.test(runId)) {
    throw new ConfigError('A run id is 1–80 letters, digits, ".", "_" or "-".', {
      input: 'run-id',
      value: runId,
    });
  }
  const target: BuildTarget = {
    label,
    version: required(
      inputs,
      'version',
      'Give the exact build version under test (install-waf outputs it as "version").',
    ),
    url: required(
      inputs,
      'target',
      'Give the WAF address to replay to, e.g. http://127.0.0.1:8080.',
    ),
    accessLog: required(
      inputs,
      'access-log',
      'Give the WAF access log path, e.g. /var/log/nginx/access.log.',
    ),
    ...(inputs['error-log']?.trim() ? { errorLog: inputs['error-log'].trim() } : {}),
    ...(inputs['log-format']?.trim() ? { logFormat: inputs['log-format'].trim() } : {}),
    ...(inputs['master-pid-file']?.trim()
      ? { masterPidFile: inputs['master-pid-file'].trim() }
      : {}),
    ...(inputs.groups?.trim() ? { groups: inputs.groups.trim() } : {}),
  };
  // The WAF machine the collector reads (logs, /proc): local, or over SSH with these settings.
  const collectInputs: Record<string, string> = {};
  for (const name of [
    'host',
    'ssh-key',
    'ssh-passphrase',
    'known-hosts',
    'host-fingerprint',
  ] as const) {
    const value = inputs[name]?.trim();
    if (value) collectInputs[name] = name === 'ssh-key' ? (inputs[name] ?? '') : value;
  }
  const pipeline: PipelineOptions = {
    ...(Object.keys(collectInputs).length > 0 ? { collectInputs } : {}),
    outDir,
    runId,
    corpus: required(inputs, 'corpus', 'Give the captured traffic: a file, folder or glob.'),
    domains,
    quality,
    rounds,
    pressure: {
      domain: pressureDomain,
      connections: inputs.connections
        ? parseInteger('connections', inputs.connections, 1, 10_000)
        : 50,
      durationMs: inputs.duration ? parseDurationMs('duration', inputs.duration) : 10_000,
      keepAlive: inputs['keep-alive'] ? parseBoolean('keep-alive', inputs['keep-alive']) : true,
      ...(inputs.rate?.trim() ? { rateRps: parseNumber('rate', inputs.rate, 1, 10_000_000) } : {}),
    },
  };
  return { target, pipeline };
}
