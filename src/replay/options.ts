/**
 * Replay options: the validated, typed form of the CLI flags and action inputs (same names, kebab-case),
 * parsed once by {@link parseReplayOptions}.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../common/errors.js';
import {
  parseBoolean,
  MAX_DURATION_MS,
  parseDurationMs,
  parseEnum,
  parseInteger,
  parseList,
  parseNumber,
} from '../common/options.js';
import { parseCorpusSpec } from '../corpus/sources.js';
import type { CorpusSourceSpec } from '../corpus/types.js';
import type { ReplayMode } from './types.js';

/** Where requests go. */
export interface ReplayTarget {
  host: string;
  port: number;
  tls: boolean;
}

/** Per-request time limits. */
export interface ReplayTimeouts {
  /** @default 5000 */
  connectMs: number;
  /** From sending to the first response byte. @default 30000 */
  firstByteMs: number;
  /** From sending to the last response byte. @default 60000 */
  totalMs: number;
}

/** Validated replay options. */
export interface ReplayOptions {
  target: ReplayTarget;
  /** Corpus files/folders/globs with optional weights. */
  corpus: CorpusSourceSpec[];
  /** Domains to rewrite `Host` and absolute URLs to; `['']` sends requests as captured. */
  domains: string[];
  /** @default 'quality' */
  mode: ReplayMode;
  /** Connections (closed model: users). @default 10 in quality mode, 50 in pressure mode */
  connections: number;
  /** Reuse connections. @default true */
  keepAlive: boolean;
  /** Stop sending after this long. Pressure mode default 10000 when no other stop is given. */
  durationMs?: number;
  /** Stop after this many requests. */
  requests?: number;
  /** Replay the corpus (× domains) this many times. Quality mode @default 1 */
  repeat?: number;
  /** Open model: target requests per second over all connections. */
  rateRps?: number;
  /** Ramp-up: connections started per second. */
  hatchRatePerSec?: number;
  /** Pause per connection between a response and the next request. @default 0 */
  thinkTimeMs: number;
  timeouts: ReplayTimeouts;
  /** Hard bound on the run whatever else is set. @default durationMs + 30000, else 3600000 */
  maxDurationMs: number;
  /** Id header in quality mode. @default 'X-Waf-Gate-Id' */
  idHeader: string;
  /** Headers added after the request line of every request that can take one. */
  extraHeaders: Array<[string, string]>;
  /** Do not verify the TLS certificate. @default false */
  insecure: boolean;
  /** TLS SNI name. @default the first domain (when not an IP) */
  servername?: string;
  /** Worker threads. @default 1 */
  workers: number;
  /** Folder for replay.json and outcomes.jsonl. @default 'waf-gate-out/replay' */
  outDir: string;
  /** @default a random id */
  runId: string;
  label?: string;
  /** Skip malformed corpus entries (counted) instead of failing. @default false */
  skipInvalid: boolean;
  /**
   * Quality mode with one worker and no rate: a corpus whose files total more than this many bytes is
   * streamed (read again while replaying, a bounded window ahead) instead of loaded. @default 67108864 (64 MiB)
   */
  preloadLimitBytes: number;
  /** Statistics window. @default 1000 */
  windowMs: number;
  /** Non-TTY progress: one line every this many ms (0: none). @default 10000 */
  progressIntervalMs: number;
}

/** The raw input names accepted by {@link parseReplayOptions} (CLI `--<name>`, action input `<name>`). */
export const REPLAY_INPUTS = [
  'target',
  'corpus',
  'domains',
  'mode',
  'connections',
  'keep-alive',
  'duration',
  'requests',
  'repeat',
  'rate',
  'hatch-rate',
  'think-time',
  'connect-timeout',
  'first-byte-timeout',
  'timeout',
  'max-duration',
  'id-header',
  'extra-headers',
  'insecure',
  'servername',
  'workers',
  'out-dir',
  'run-id',
  'label',
  'skip-invalid',
  'preload-limit-mb',
  'window',
  'progress-interval',
] as const;

/** Parses a target URL: `http://10.0.0.5:8080`, `https://waf.example.net`, `https://[::1]:8443`. */
export function parseTarget(input: string, value: string): ReplayTarget {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch (error) {
    throw new ConfigError('Not a URL: use http://host:port or https://host:port.', {
      input,
      value,
      cause: error,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('The target must be http:// or https://.', { input, value });
  }
  const tls = url.protocol === 'https:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? (tls ? 443 : 80) : Number(url.port);
  // URL accepts port 0 (65535 at most); nothing can be reached there.
  if (port < 1)
    throw new ConfigError('The target port is a number from 1 to 65535.', { input, value });
  return { host, port, tls };
}

function parseHeaderList(input: string, value: string): Array<[string, string]> {
  return value
    .split(/\r?\n|,(?=\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*:)/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item): [string, string] => {
      const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*)$/.exec(item);
      if (!m || /[\r\n]/.test(m[2]!))
        throw new ConfigError('Expected "Name: value" headers, one per line.', {
          input,
          value: item,
        });
      return [m[1]!, m[2]!];
    });
}

const has = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** Turns raw string inputs (CLI flags or action inputs, by kebab-case name) into {@link ReplayOptions}. */
export function parseReplayOptions(raw: Record<string, string | undefined>): ReplayOptions {
  const known = new Set<string>(REPLAY_INPUTS);
  for (const key of Object.keys(raw)) {
    if (!known.has(key) && raw[key] !== undefined)
      throw new ConfigError(`Unknown replay option "${key}".`, {
        input: key,
        hint: `Known: ${REPLAY_INPUTS.join(', ')}.`,
      });
  }
  if (!has(raw.target))
    throw new ConfigError('The target is required, e.g. http://127.0.0.1:8080.', {
      input: 'target',
    });
  if (!has(raw.corpus))
    throw new ConfigError('The corpus is required: a file, folder or glob.', { input: 'corpus' });
  const target = parseTarget('target', raw.target);
  const mode = has(raw.mode)
    ? parseEnum('mode', raw.mode, ['quality', 'pressure'] as const)
    : 'quality';
  const domains = parseList(raw.domains);
  for (const d of domains)
    if (!/^[A-Za-z0-9._:[\]-]+$/.test(d))
      throw new ConfigError('Not a domain name.', { input: 'domains', value: d });
  const opt = <T>(name: string, parse: (v: string) => T): T | undefined =>
    has(raw[name]) ? parse(raw[name]!) : undefined;
  const durationMs = opt('duration', (v) => parseDurationMs('duration', v));
  const requests = opt('requests', (v) => parseInteger('requests', v, 1));
  let repeat = opt('repeat', (v) => parseInteger('repeat', v, 1));
  const noStop = durationMs === undefined && requests === undefined && repeat === undefined;
  if (mode === 'quality' && noStop) repeat = 1;
  const timeouts: ReplayTimeouts = {
    connectMs: opt('connect-timeout', (v) => parseDurationMs('connect-timeout', v)) ?? 5000,
    firstByteMs:
      opt('first-byte-timeout', (v) => parseDurationMs('first-byte-timeout', v)) ?? 30_000,
    totalMs: opt('timeout', (v) => parseDurationMs('timeout', v)) ?? 60_000,
  };
  const effectiveDuration = durationMs ?? (mode === 'pressure' && noStop ? 10_000 : undefined);
  const maxDurationMs =
    opt('max-duration', (v) => parseDurationMs('max-duration', v)) ??
    (effectiveDuration !== undefined
      ? Math.min(effectiveDuration + 30_000, MAX_DURATION_MS)
      : 3_600_000);
  const idHeader = raw['id-header']?.trim() || 'X-Waf-Gate-Id';
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(idHeader))
    throw new ConfigError('Not a header name.', { input: 'id-header', value: idHeader });
  const servername =
    raw.servername?.trim() ||
    (domains[0] && !/^[\d.:[\]]+$/.test(domains[0]) ? domains[0] : undefined);
  const options: ReplayOptions = {
    target,
    corpus: parseCorpusSpec('corpus', raw.corpus),
    domains: domains.length > 0 ? domains : [''],
    mode,
    connections:
      opt('connections', (v) => parseInteger('connections', v, 1, 10_000)) ??
      (mode === 'quality' ? 10 : 50),
    keepAlive: opt('keep-alive', (v) => parseBoolean('keep-alive', v)) ?? true,
    thinkTimeMs:
      opt('think-time', (v) => parseDurationMs('think-time', v, { allowZero: true })) ?? 0,
    timeouts,
    maxDurationMs,
    idHeader,
    extraHeaders: opt('extra-headers', (v) => parseHeaderList('extra-headers', v)) ?? [],
    insecure: opt('insecure', (v) => parseBoolean('insecure', v)) ?? false,
    workers: opt('workers', (v) => parseInteger('workers', v, 1, 64)) ?? 1,
    outDir: raw['out-dir']?.trim() || 'waf-gate-out/replay',
    runId: raw['run-id']?.trim() || randomBytes(6).toString('hex'),
    skipInvalid: opt('skip-invalid', (v) => parseBoolean('skip-invalid', v)) ?? false,
    preloadLimitBytes:
      (opt('preload-limit-mb', (v) => parseInteger('preload-limit-mb', v, 0, 1_000_000)) ?? 64) *
      1024 *
      1024,
    windowMs: opt('window', (v) => parseDurationMs('window', v)) ?? 1000,
    progressIntervalMs:
      opt('progress-interval', (v) =>
        parseDurationMs('progress-interval', v, { allowZero: true }),
      ) ?? 10_000,
  };
  if (!/^[A-Za-z0-9._-]+$/.test(options.runId))
    throw new ConfigError('The run id may hold letters, digits, ".", "_" and "-".', {
      input: 'run-id',
      value: options.runId,
    });
  if (options.windowMs < 100)
    throw new ConfigError('The window must be at least 100ms.', {
      input: 'window',
      value: raw.window,
    });
  if (effectiveDuration !== undefined) options.durationMs = effectiveDuration;
  if (requests !== undefined) options.requests = requests;
  if (repeat !== undefined) options.repeat = repeat;
  const rate = opt('rate', (v) => parseNumber('rate', v, 0.001, 10_000_000));
  if (rate !== undefined) options.rateRps = rate;
  const hatch = opt('hatch-rate', (v) => parseNumber('hatch-rate', v, 0.001, 1_000_000));
  if (hatch !== undefined) options.hatchRatePerSec = hatch;
  if (servername !== undefined) options.servername = servername;
  if (has(raw.label)) options.label = raw.label.trim();
  return options;
}
