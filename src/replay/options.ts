/**
 * Replay options: the validated, typed form of the CLI flags and action inputs (same names, kebab-case),
 * parsed once by {@link parseReplayOptions}.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../common/errors.js';
import { optionNames, parseOptions, type RawOptions } from '../common/option-schema.js';
import { MAX_DURATION_MS } from '../common/options.js';
import { parseCorpusSpec } from '../corpus/sources.js';
import type { CorpusSourceSpec } from '../corpus/types.js';
import { REPLAY_SCHEMA } from './schema.js';
import { parseShard, parseStartAt, splitLoad, type ShardSpec } from './shard.js';
import { parseShaping } from './shaping/parse.js';
import type { ShapingConfig } from './shaping/types.js';
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
  /** This replay is one shard of a pressure run: connections, rate and requests are its share. */
  shard?: ShardSpec;
  /** Epoch ms (reference clock) to send the first request at. */
  startAtMs?: number;
  /** URL whose Date header is the sharded run's clock. */
  clockReference?: string;
  /** Per-connection shaping (upload/download caps, delay, slow head/body); absent: none. */
  shaping?: ShapingConfig;
}

/** The raw input names accepted by {@link parseReplayOptions} (CLI `--<name>`, action input `<name>`). */
export const REPLAY_INPUTS = optionNames(REPLAY_SCHEMA);

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

/** What {@link replayOptions} needs: the target and corpus; everything else has a default. */
export type ReplayOptionsInit = Partial<Omit<ReplayOptions, 'timeouts'>> &
  Pick<ReplayOptions, 'target' | 'corpus'> & { timeouts?: Partial<ReplayTimeouts> };

const D = REPLAY_SCHEMA;

/**
 * Builds {@link ReplayOptions} from typed values, filling the schema's defaults and the ones that depend
 * on the mode (connections, the stop condition, the run's hard bound, the SNI name). The pipeline builds
 * its replays with this; {@link parseReplayOptions} ends here too.
 */
export function replayOptions(init: ReplayOptionsInit): ReplayOptions {
  const mode = init.mode ?? D.mode.default;
  const domains = init.domains && init.domains.length > 0 ? [...init.domains] : [''];
  const noStop =
    init.durationMs === undefined && init.requests === undefined && init.repeat === undefined;
  const repeat = mode === 'quality' && noStop ? 1 : init.repeat;
  const durationMs = init.durationMs ?? (mode === 'pressure' && noStop ? 10_000 : undefined);
  const first = domains[0]!;
  if (init.shard && mode === 'quality')
    throw new ConfigError(
      'shard splits a pressure run; quality mode sends every request once and is not sharded.',
      {
        input: 'shard',
        value: `${init.shard.index}/${init.shard.count}`,
        hint: 'Use mode: pressure, or drop shard.',
      },
    );
  // A shard's connections, rate and request budget are its share of the whole run's (given in init).
  const split = init.shard
    ? splitLoad(
        {
          connections: init.connections ?? 50,
          ...(init.rateRps !== undefined ? { rateRps: init.rateRps } : {}),
          ...(init.requests !== undefined ? { requests: init.requests } : {}),
        },
        init.shard,
      )
    : undefined;
  const servername =
    init.servername ?? (first !== '' && !/^[\d.:[\]]+$/.test(first) ? first : undefined);
  const options: ReplayOptions = {
    target: init.target,
    corpus: init.corpus,
    domains,
    mode,
    connections: split?.connections ?? init.connections ?? (mode === 'quality' ? 10 : 50),
    keepAlive: init.keepAlive ?? D['keep-alive'].default,
    thinkTimeMs: init.thinkTimeMs ?? D['think-time'].default,
    timeouts: {
      connectMs: init.timeouts?.connectMs ?? D['connect-timeout'].default,
      firstByteMs: init.timeouts?.firstByteMs ?? D['first-byte-timeout'].default,
      totalMs: init.timeouts?.totalMs ?? D.timeout.default,
    },
    maxDurationMs:
      init.maxDurationMs ??
      (durationMs !== undefined ? Math.min(durationMs + 30_000, MAX_DURATION_MS) : 3_600_000),
    idHeader: init.idHeader ?? D['id-header'].default,
    extraHeaders: init.extraHeaders ? [...init.extraHeaders] : [],
    insecure: init.insecure ?? D.insecure.default,
    workers: init.workers ?? D.workers.default,
    outDir: init.outDir ?? D['out-dir'].default,
    runId: init.runId ?? randomBytes(6).toString('hex'),
    skipInvalid: init.skipInvalid ?? D['skip-invalid'].default,
    preloadLimitBytes: init.preloadLimitBytes ?? D['preload-limit-mb'].default * 1024 * 1024,
    windowMs: init.windowMs ?? D.window.default,
    progressIntervalMs: init.progressIntervalMs ?? D['progress-interval'].default,
  };
  if (durationMs !== undefined) options.durationMs = durationMs;
  const requests = split?.requests ?? init.requests;
  if (requests !== undefined) options.requests = requests;
  if (repeat !== undefined) options.repeat = repeat;
  const rateRps = split?.rateRps ?? init.rateRps;
  if (rateRps !== undefined) options.rateRps = rateRps;
  if (init.shard !== undefined) options.shard = { ...init.shard };
  if (init.startAtMs !== undefined) options.startAtMs = init.startAtMs;
  if (init.clockReference !== undefined) options.clockReference = init.clockReference;
  if (init.shaping !== undefined) options.shaping = structuredClone(init.shaping);
  if (init.hatchRatePerSec !== undefined) options.hatchRatePerSec = init.hatchRatePerSec;
  if (servername !== undefined) options.servername = servername;
  if (init.label !== undefined) options.label = init.label;
  return options;
}

/** Turns raw string inputs (CLI flags or action inputs, by kebab-case name) into {@link ReplayOptions}. */
export function parseReplayOptions(raw: RawOptions): ReplayOptions {
  const v = parseOptions(REPLAY_SCHEMA, raw, { stage: 'replay' });
  // Hold mode has its own options and runner (hold/options.ts); its callers dispatch before this.
  if (v.mode === 'hold')
    throw new ConfigError('Hold mode options are parsed by parseHoldOptions.', {
      input: 'mode',
      value: v.mode,
      hint: 'Use waf-gate replay --mode hold (the CLI and the action dispatch on the mode).',
    });
  if (v.corpus === undefined)
    throw new ConfigError(`A value is required in ${v.mode} mode: ${REPLAY_SCHEMA.corpus.help}`, {
      input: 'corpus',
      hint: 'Give the captured traffic to replay, e.g. --corpus traffic/, or use --mode hold.',
    });
  return replayOptions({
    target: parseTarget('target', v.target),
    corpus: parseCorpusSpec('corpus', v.corpus),
    domains: v.domains ?? [],
    mode: v.mode,
    keepAlive: v['keep-alive'],
    thinkTimeMs: v['think-time'],
    timeouts: {
      connectMs: v['connect-timeout'],
      firstByteMs: v['first-byte-timeout'],
      totalMs: v.timeout,
    },
    idHeader: v['id-header'],
    extraHeaders: v['extra-headers'] ? parseHeaderList('extra-headers', v['extra-headers']) : [],
    insecure: v.insecure,
    workers: v.workers,
    outDir: v['out-dir'],
    skipInvalid: v['skip-invalid'],
    preloadLimitBytes: v['preload-limit-mb'] * 1024 * 1024,
    windowMs: v.window,
    progressIntervalMs: v['progress-interval'],
    ...defined({
      connections: v.connections,
      durationMs: v.duration,
      requests: v.requests,
      repeat: v.repeat,
      rateRps: v.rate,
      hatchRatePerSec: v['hatch-rate'],
      maxDurationMs: v['max-duration'],
      servername: v.servername,
      runId: v['run-id'],
      label: v.label,
      shard: v.shard !== undefined ? parseShard('shard', v.shard) : undefined,
      startAtMs:
        v['start-at'] !== undefined
          ? parseStartAt('start-at', v['start-at'], Date.now())
          : undefined,
      clockReference:
        v['clock-reference'] !== undefined
          ? parseClockReference('clock-reference', v['clock-reference'])
          : undefined,
      shaping: parseShaping(v),
    }),
  });
}

/** The clock reference: an http(s) URL (normalised). */
function parseClockReference(input: string, value: string): string {
  parseTarget(input, value);
  return new URL(value.trim()).href;
}

/** Drops undefined properties (exactOptionalPropertyTypes: absent, not undefined). */
function defined<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
