/**
 * Inputs of the measuring step (root gate action and `waf-gate measure`), parsed once into a build
 * target and typed pipeline options. Names are the action's `with:` names and the CLI's `--flags`;
 * every option is declared in ./schema.ts.
 */
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { optionNames, parseOptions, type RawOptions } from '../common/option-schema.js';
import { parseGroups } from '../collect/index.js';
import { parseCorpusSpec } from '../corpus/sources.js';
import { formatHostSpec, parseHostSpec } from '../hosts/spec.js';
import { SSH_INPUT_NAMES } from '../hosts/ssh-inputs.js';
import { parseServerNameSamples } from '../install/server-names.js';
import { parseTarget } from '../replay/index.js';
import { holdOptions, holdSettingsFrom } from '../replay/hold/index.js';
import type { FreshAbSpec } from './fresh-ab.js';
import { DEFAULT_ROUND_CRITERIA } from './round-check.js';
import { MEASURE_SCHEMA } from './schema.js';
import { pressureShaping, replayTimeouts } from './shaping.js';
import type {
  BuildTarget,
  CollectSettings,
  DomainsFromConfigSettings,
  HoldLoad,
  PipelineOptions,
} from './types.js';

/** The `domains` keyword that reads the domains from the WAF's nginx configuration. */
export const FROM_CONFIG = 'from-config';

/** The `domains` keyword that sends every request with its own Host, as captured (no rewrite). */
export const AS_CAPTURED = 'as-captured';

/** Every input the measuring step reads. */
export const MEASURE_INPUTS = optionNames(MEASURE_SCHEMA);

/** A validated measuring step. */
export interface MeasureOptions {
  target: BuildTarget;
  pipeline: PipelineOptions;
  /** Fresh A/B (baseline-package or baseline-version given): both builds installed in this run. */
  freshAb?: FreshAbSpec;
}

/** The WAF host's identity for the baseline key: the SSH host name, or `local:<this machine>`. */
export function wafHostIdentity(spec: string | undefined): string {
  const parsed = spec === undefined ? undefined : parseHostSpec('host', spec);
  return parsed === undefined || parsed.kind === 'local' ? `local:${hostname()}` : parsed.host;
}

/** The fresh A/B builds, validated; undefined when neither baseline-package nor baseline-version is given. */
function freshAbSpec(v: ReturnType<typeof parseMeasure>, raw: RawOptions): FreshAbSpec | undefined {
  const baselinePackage = v['baseline-package'];
  const baselineVersion = v['baseline-version'];
  if (baselinePackage === undefined && baselineVersion === undefined) {
    for (const name of ['package', 'package-sha256', 'baseline-package-sha256'] as const) {
      if (v[name] !== undefined)
        throw new ConfigError(`${name} is read by the measuring step only in a fresh A/B run.`, {
          input: name,
          value: raw[name],
          hint: 'Give baseline-package (or baseline-version) to install and measure both builds here, or install the build first (install-waf / waf-gate install) and give version.',
        });
    }
    if (raw['leave-on'] !== undefined && raw['leave-on'] !== '')
      throw new ConfigError('leave-on applies to a fresh A/B run only.', {
        input: 'leave-on',
        value: raw['leave-on'],
        hint: 'Give baseline-package (or baseline-version) too, or remove leave-on.',
      });
    return undefined;
  }
  if (baselinePackage !== undefined && baselineVersion !== undefined)
    throw new ConfigError('Give baseline-package or baseline-version, not both.', {
      input: 'baseline-version',
      value: raw['baseline-version'],
      hint: 'baseline-version names the build installed now; with baseline-package the version comes from the package.',
    });
  if (v.package === undefined)
    throw new ConfigError('A fresh A/B run needs the candidate build in package.', {
      input: 'package',
      hint: 'Give package (the build under test) beside baseline-package / baseline-version.',
    });
  if (v['leave-on'] === 'baseline' && baselinePackage === undefined)
    throw new ConfigError('leave-on baseline needs baseline-package (to install it again).', {
      input: 'leave-on',
      value: raw['leave-on'],
      hint: 'Give baseline-package, or leave the candidate installed (leave-on: candidate).',
    });
  return {
    package: v.package,
    leaveOn: v['leave-on'] === 'baseline' ? 'baseline' : 'candidate',
    ...(v['package-sha256'] !== undefined ? { packageSha256: v['package-sha256'] } : {}),
    ...(baselinePackage !== undefined ? { baselinePackage } : {}),
    ...(v['baseline-package-sha256'] !== undefined
      ? { baselinePackageSha256: v['baseline-package-sha256'] }
      : {}),
    ...(baselineVersion !== undefined ? { baselineVersion } : {}),
  };
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
  if (!v.quality && v.rounds === 0 && v['hold-connections'] === 0) {
    throw new ConfigError(
      'Nothing to measure: quality is off, rounds is 0 and hold-connections is 0.',
      {
        input: 'rounds',
        value: raw.rounds ?? '0',
        hint: 'Turn quality on, set rounds to 1 or more, or hold-connections to 1 or more.',
      },
    );
  }
  if (v.domains.length === 0)
    throw new ConfigError('List at least one domain (Host name) the WAF serves.', {
      input: 'domains',
      value: raw.domains,
    });
  const maxRounds = v['max-rounds'] ?? v.rounds;
  if (maxRounds < v.rounds)
    throw new ConfigError(`max-rounds (${maxRounds}) is below rounds (${v.rounds}).`, {
      input: 'max-rounds',
      value: raw['max-rounds'],
      hint: `max-rounds counts every attempt, the successful ones too: give ${v.rounds} or more (e.g. ${Math.min(50, v.rounds * 2)}), or leave it out for no retry.`,
    });
  const fromConfig = fromConfigSettings(v, raw);
  const asCaptured = v.domains.includes(AS_CAPTURED);
  if (asCaptured && v.domains.length !== 1)
    throw new ConfigError(
      `${AS_CAPTURED} sends requests unchanged; it cannot be combined with domains.`,
      {
        input: 'domains',
        value: raw.domains,
        hint: `Set domains to ${AS_CAPTURED} alone, or list the domains to rewrite Host to.`,
      },
    );
  const freshAb = freshAbSpec(v, raw);
  if (v.version === undefined && freshAb === undefined)
    throw new ConfigError('The version of the build under test is required.', {
      input: 'version',
      hint: 'Give version (install-waf outputs it), or package + baseline-package for a fresh A/B run.',
    });
  const target: BuildTarget = {
    label: v.label,
    version: v.version ?? 'unknown',
    address: parseTarget('target', v.target),
    accessLog: v['access-log'],
    logFormat: v['log-format'],
    ...(v['error-log'] !== undefined ? { errorLog: v['error-log'] } : {}),
    ...(v['master-pid-file'] !== undefined ? { masterPidFile: v['master-pid-file'] } : {}),
    ...(v.groups !== undefined ? { groups: parseGroups(v.groups) } : {}),
  };
  const collect = collectSettings(v);
  const shaping = pressureShaping(v, raw);
  const pipeline: PipelineOptions = {
    ...(collect ? { collect } : {}),
    replay: replayTimeouts(v),
    outDir: resolve(v['out-dir'] ?? join(process.env.RUNNER_TEMP ?? '.', 'waf-gate')),
    runId: v['run-id'] ?? `run-${Date.now().toString(36)}`,
    corpus: parseCorpusSpec('corpus', v.corpus),
    // The replay's "as captured" is the empty domain.
    domains: fromConfig ? [] : asCaptured ? [''] : v.domains,
    wafHost: wafHostIdentity(v.host),
    ...(fromConfig ? { domainsFromConfig: fromConfig } : {}),
    quality: v.quality,
    rounds: v.rounds,
    maxRounds,
    roundCriteria: {
      ...DEFAULT_ROUND_CRITERIA,
      maxErrorRate: v['max-error-rate'] / 100,
    },
    pressure: {
      // from-config: replaced by the first domain found before any replay.
      domain: v['pressure-domain'] ?? (fromConfig || asCaptured ? '' : v.domains[0]!),
      connections: v.connections,
      durationMs: v.duration,
      keepAlive: v['keep-alive'],
      ...(v.rate !== undefined ? { rateRps: v.rate } : {}),
      ...(shaping ? { shaping } : {}),
    },
  };
  const hold = holdLoad(v, target);
  if (hold) pipeline.hold = hold;
  return { target, pipeline, ...(freshAb ? { freshAb } : {}) };
}

/**
 * The hold phase's settings (hold-connections > 0), checked now by replay's own validation so a mistake
 * (pong-timeout above ping-interval, drop shares above 1, a TLS target) fails before the WAF is touched.
 */
function holdLoad(v: ReturnType<typeof parseMeasure>, target: BuildTarget): HoldLoad | undefined {
  if (v['hold-connections'] === 0) return undefined;
  const hold: HoldLoad = {
    connections: v['hold-connections'],
    ...holdSettingsFrom(v),
    ...(v['hold-hatch-rate'] !== undefined ? { hatchRateCps: v['hold-hatch-rate'] } : {}),
  };
  holdOptions({ ...hold, target: target.address, outDir: '.', runId: 'check' });
  return hold;
}

/**
 * `domains: from-config` settings, validated now (samples, absolute config path) so a mistake fails
 * before the WAF is touched; undefined for an explicit domain list.
 */
function fromConfigSettings(
  v: ReturnType<typeof parseMeasure>,
  raw: RawOptions,
): DomainsFromConfigSettings | undefined {
  const keyword = v.domains.includes(FROM_CONFIG);
  if (!keyword) {
    for (const name of ['domain-samples', 'nginx-dump', 'nginx-config', 'nginx-prefix'] as const) {
      if (v[name] !== undefined)
        throw new ConfigError(`${name} is only read with domains: ${FROM_CONFIG}.`, {
          input: name,
          value: raw[name],
          hint: `Set domains to ${FROM_CONFIG}, or remove ${name}.`,
        });
    }
    return undefined;
  }
  if (v.domains.length !== 1)
    throw new ConfigError(
      `${FROM_CONFIG} replaces the domain list; it cannot be combined with domains.`,
      {
        input: 'domains',
        value: raw.domains,
        hint: `Set domains to ${FROM_CONFIG} alone (give hosts for wildcard names in domain-samples), or list the domains.`,
      },
    );
  const configFile = v['nginx-config'];
  const prefix = v['nginx-prefix'];
  for (const [name, value, example] of [
    ['nginx-config', configFile, '/etc/nginx/nginx.conf'],
    ['nginx-prefix', prefix, '/etc/nginx/'],
  ] as const) {
    if (value === undefined) continue;
    if (!value.startsWith('/'))
      throw new ConfigError(`${name} must be an absolute path on the WAF host.`, {
        input: name,
        value,
        hint: `For example: ${example}`,
      });
    if (v['nginx-dump'] !== undefined)
      throw new ConfigError(`Give nginx-dump or ${name}, not both.`, {
        input: 'nginx-dump',
        value: raw['nginx-dump'],
        hint: `nginx-dump is read instead of running nginx -T; ${name} is an option of nginx -T.`,
      });
  }
  return {
    nginxBinary: v['nginx-binary'],
    samples: parseServerNameSamples(v['domain-samples'] ?? '', 'domain-samples'),
    pressureOnFirstDomain: v['pressure-domain'] === undefined,
    ...(configFile !== undefined ? { configFile } : {}),
    ...(prefix !== undefined ? { prefix } : {}),
    ...(v['nginx-dump'] !== undefined ? { dumpFile: v['nginx-dump'] } : {}),
  };
}
