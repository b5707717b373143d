/**
 * Parsers for option values given as strings (action inputs, CLI flags, config keys). Each throws a
 * `ConfigError` that quotes the input name, the value and what is accepted.
 */
import { ConfigError } from './errors.js';

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * The longest duration waf-gate accepts: Node's timers hold at most 2^31−1 ms (about 24.8 days);
 * a longer one fires after 1 ms instead.
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** Options of {@link parseDurationMs}. */
export interface DurationBounds {
  /** Accept 0 (e.g. "no settle time", "no progress lines"). @default false */
  allowZero?: boolean;
  /** Upper bound in ms. @default MAX_DURATION_MS */
  maxMs?: number;
  /** Lower bound in ms (above 0), e.g. a statistics window of at least 100 ms. @default 1 */
  minMs?: number;
}

function describeMs(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/**
 * Parses `250ms`, `10s`, `2m`, `1h` or a bare number of seconds into milliseconds, within
 * (0, 2^31−1 ms] — or [0, …] with `allowZero`.
 */
export function parseDurationMs(
  input: string,
  value: string | number,
  bounds: DurationBounds = {},
): number {
  let ms: number;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
    ms = Math.round(value * 1000);
  } else {
    const text = String(value).trim();
    const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text);
    if (!match) {
      throw new ConfigError(`Not a duration: use a number with ms, s, m or h, e.g. 30s or 500ms.`, {
        input,
        value,
      });
    }
    ms = Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] ?? 's']!);
  }
  const maxMs = Math.min(bounds.maxMs ?? MAX_DURATION_MS, MAX_DURATION_MS);
  const minMs = bounds.minMs ?? (bounds.allowZero ? 0 : 1);
  if (!(ms >= minMs && ms <= maxMs)) {
    const from = minMs === 0 ? 'from 0' : `from ${describeMs(minMs)}`;
    const range = `${from} to ${describeMs(maxMs)}${maxMs === MAX_DURATION_MS ? ' (2^31−1 ms, about 596h)' : ''}`;
    throw new ConfigError(
      ms === 0 && !bounds.allowZero
        ? `A duration of 0 is not allowed here; use a duration ${range}.`
        : `The duration is out of range: use a duration ${range}.`,
      { input, value },
    );
  }
  return ms;
}

/** Parses a TCP port: a whole number from 1 to 65535. */
export function parsePort(input: string, value: string | number): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < 1 || n > 65535 || String(value).trim() === '') {
    throw new ConfigError('A port is a whole number from 1 to 65535.', { input, value });
  }
  return n;
}

/** Parses an integer within `[min, max]`. */
export function parseInteger(
  input: string,
  value: string | number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < min || n > max || String(value).trim() === '') {
    throw new ConfigError(`Expected a whole number from ${min} to ${max}.`, { input, value });
  }
  return n;
}

/** Parses a finite number within `[min, max]`. */
export function parseNumber(
  input: string,
  value: string | number,
  min = -Infinity,
  max = Infinity,
): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n < min || n > max || String(value).trim() === '') {
    throw new ConfigError(`Expected a number from ${min} to ${max}.`, { input, value });
  }
  return n;
}

/** Parses `true/false/yes/no/1/0/on/off` (case-insensitive). */
export function parseBoolean(input: string, value: string | boolean): boolean {
  if (typeof value === 'boolean') return value;
  const text = value.trim().toLowerCase();
  if (['true', 'yes', '1', 'on'].includes(text)) return true;
  if (['false', 'no', '0', 'off'].includes(text)) return false;
  throw new ConfigError('Expected true or false.', { input, value });
}

/** Splits a list given as commas and/or newlines; drops empty items. */
export function parseList(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Accepts one of `allowed`. */
export function parseEnum<T extends string>(
  input: string,
  value: string,
  allowed: readonly T[],
): T {
  const text = value.trim();
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new ConfigError(`Expected one of: ${allowed.join(', ')}.`, { input, value });
}
