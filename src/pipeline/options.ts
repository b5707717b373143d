/**
 * Inputs of the measuring step (root gate action and `waf-gate measure`), parsed once into a build
 * target and typed pipeline options. Names are the action's `with:` names and the CLI's `--flags`;
 * every option is declared in ./schema.ts.
 */
import { join, resolve } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { optionNames, parseOptions, type RawOptions } from '../common/option-schema.js';
import { parseGroups } from '../collect/index.js';
import { parseCorpusSpec } from '../corpus/sources.js';
import { formatHostSpec, parseHostSpec } from '../hosts/spec.js';
import { SSH_INPUT_NAMES } from '../hosts/ssh-inputs.js';
import { parseTarget } from '../replay/index.js';
import { MEASURE_SCHEMA } from './schema.js';
import type { BuildTarget, CollectSettings, PipelineOptions } from './types.js';

/** Every input the measuring step reads. */
export const MEASURE_INPUTS = optionNames(MEASURE_SCHEMA);

/** A validated measuring step. */
export interface MeasureOptions {
  target: BuildTarget;
  pipeline: PipelineOptions;
}

/**
 * The WAF machine the collector reads (logs, /proc): local, or over SSH with these settings
 * (validated, and files made absolute, by collect's `collectOptions`).
 */
function collectSettings(v: ReturnType<typeof parseMeasure>): CollectSettings | undefined {
  const spec = v.host === undefined ? undefined : parseHostSpec('host', v.host);
  if (spec === undefined || spec.kind === 'local') return undefined;
  const ssh: NonNullable<CollectSettings['ssh']> = {};
  for (const name of SSH_INPUT_NAMES) {
    const value = v[name];
    if (value !== undefined) ssh[name] = value;
  }
  return { host: formatHostSpec(spec), ...(Object.keys(ssh).length > 0 ? { ssh } : {}) };
}

function parseMeasure(raw: RawOptions) {
  return parseOptions(MEASURE_SCHEMA, raw, { stage: 'measure' });
}

/** Parses and validates the measuring step's inputs. */
export function parseMeasureInputs(raw: RawOptions): MeasureOptions {
  const v = parseMeasure(raw);
  if (!v.quality && v.rounds === 0) {
    throw new ConfigError('Nothing to measure: quality is off and rounds is 0.', {
      input: 'rounds',
      value: raw.rounds ?? '0',
      hint: 'Turn quality on or set rounds to 1 or more.',
    });
  }
  if (v.domains.length === 0)
    throw new ConfigError('List at least one domain (Host name) the WAF serves.', {
      input: 'domains',
      value: raw.domains,
    });
  const target: BuildTarget = {
    label: v.label,
    version: v.version,
    address: parseTarget('target', v.target),
    accessLog: v['access-log'],
    logFormat: v['log-format'],
    ...(v['error-log'] !== undefined ? { errorLog: v['error-log'] } : {}),
    ...(v['master-pid-file'] !== undefined ? { masterPidFile: v['master-pid-file'] } : {}),
    ...(v.groups !== undefined ? { groups: parseGroups(v.groups) } : {}),
  };
  const collect = collectSettings(v);
  const pipeline: PipelineOptions = {
    ...(collect ? { collect } : {}),
    outDir: resolve(v['out-dir'] ?? join(process.env.RUNNER_TEMP ?? '.', 'waf-gate')),
    runId: v['run-id'] ?? `run-${Date.now().toString(36)}`,
    corpus: parseCorpusSpec('corpus', v.corpus),
    domains: v.domains,
    quality: v.quality,
    rounds: v.rounds,
    pressure: {
      domain: v['pressure-domain'] ?? v.domains[0]!,
      connections: v.connections,
      durationMs: v.duration,
      keepAlive: v['keep-alive'],
      ...(v.rate !== undefined ? { rateRps: v.rate } : {}),
    },
  };
  return { target, pipeline };
}
