/**
 * Sharding a pressure run across bench machines: the `shard: i/n` share of connections, rate and
 * request count (divided exactly, remainders to the first shards) and the `start-at` wall-clock time
 * every shard waits for, bounded so a typo cannot park a runner for hours or start a stale shard.
 */
import { ConfigError } from '../common/errors.js';

/** Which part of a sharded run this replay is: shard `index` (1-based) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Most shards one run may have (a matrix of bench runners, not a botnet). */
export const MAX_SHARDS = 256;
/** A start-at further ahead than this is refused: the shards would hold their runners idle. */
export const MAX_START_AHEAD_MS = 10 * 60_000;
/** A start-at passed by more than this is refused: the shard would not start with the others. */
export const MAX_START_LATE_MS = 5_000;

/** Parses `i/n` (1 ≤ i ≤ n ≤ {@link MAX_SHARDS}). */
export function parseShard(input: string, value: string): ShardSpec {
  const m = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || count < 1 || index > count || count > MAX_SHARDS)
    throw new ConfigError(
      `Expected "i/n": this shard's number i from 1 to n, n shards in all (at most ${MAX_SHARDS}), e.g. 2/3.`,
      { input, value, hint: 'In a matrix: shard: ${{ matrix.shard }}/3 with shard: [1, 2, 3].' },
    );
  return { index, count };
}

/** Shard `index`'s part of `total` whole units: ⌊total/n⌋, plus one for the first `total mod n` shards. */
export function shareOf(total: number, shard: ShardSpec): number {
  const base = Math.floor(total / shard.count);
  return base + (shard.index <= total % shard.count ? 1 : 0);
}

/** The shard's rate: split in units of 0.001 req/s (the smallest rate accepted) so the shares sum exactly. */
export function rateShareOf(totalRps: number, shard: ShardSpec): number {
  return shareOf(Math.round(totalRps * 1000), shard) / 1000;
}

/** The whole run's load and this shard's part of it. */
export interface LoadSplit {
  connections: number;
  rateRps?: number;
  requests?: number;
}

/**
 * This shard's connections, rate and request budget. Refuses a split that leaves a shard with nothing
 * to do: every shard must open a connection (and send at some rate), else its result is not a shard's.
 */
export function splitLoad(total: LoadSplit, shard: ShardSpec): LoadSplit {
  if (total.connections < shard.count)
    throw new ConfigError(
      `${total.connections} connection(s) cannot be split over ${shard.count} shards: every shard needs one.`,
      {
        input: 'connections',
        value: String(total.connections),
        hint: `Give connections (the whole run's) of at least ${shard.count}, or fewer shards.`,
      },
    );
  const split: LoadSplit = { connections: shareOf(total.connections, shard) };
  if (total.rateRps !== undefined) {
    const rate = rateShareOf(total.rateRps, shard);
    if (rate <= 0)
      throw new ConfigError(
        `A rate of ${total.rateRps} req/s is too small for ${shard.count} shards.`,
        {
          input: 'rate',
          value: String(total.rateRps),
          hint: `Give at least ${shard.count / 1000} req/s (the whole run's rate).`,
        },
      );
    split.rateRps = rate;
  }
  if (total.requests !== undefined) {
    if (total.requests < shard.count)
      throw new ConfigError(
        `${total.requests} request(s) cannot be split over ${shard.count} shards.`,
        {
          input: 'requests',
          value: String(total.requests),
        },
      );
    split.requests = shareOf(total.requests, shard);
  }
  return split;
}

/**
 * Parses `start-at`: an ISO 8601 time with a zone (`2026-12-02T08:30:00Z`, `…+01:00`) or Unix epoch ms.
 * Refuses a time more than {@link MAX_START_AHEAD_MS} ahead of `nowMs` or passed by more than
 * {@link MAX_START_LATE_MS}.
 */
export function parseStartAt(input: string, value: string, nowMs: number): number {
  const text = value.trim();
  let atMs: number;
  if (/^\d{12,16}$/.test(text)) atMs = Number(text);
  else if (/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d)$/i.test(text))
    atMs = Date.parse(text);
  else atMs = NaN;
  if (!Number.isFinite(atMs))
    throw new ConfigError(
      'Expected a wall-clock time: ISO 8601 with a zone (2026-12-02T08:30:00Z) or Unix epoch milliseconds.',
      { input, value, hint: 'The first job computes it, e.g. $(date -u -d "+90 seconds" +%s%3N).' },
    );
  const ahead = atMs - nowMs;
  if (ahead > MAX_START_AHEAD_MS)
    throw new ConfigError(
      `start-at is ${Math.round(ahead / 1000)} s ahead; at most ${MAX_START_AHEAD_MS / 60_000} min is accepted.`,
      {
        input,
        value,
        hint: 'Compute start-at a little after the shards can be ready (e.g. now + 2 min), in the first job.',
      },
    );
  if (-ahead > MAX_START_LATE_MS)
    throw new ConfigError(
      `start-at passed ${Math.round(-ahead / 1000)} s ago; a shard starting now would not run with the others.`,
      {
        input,
        value,
        hint: 'Give the shards more lead time (their runners were slow to pick the jobs up), then re-run.',
      },
    );
  return atMs;
}
