/**
 * Parsers for option values given as strings (action inputs, CLI flags, config keys). Each throws a
 * `ConfigError` that quotes the input name, the value and what is accepted.
 */
import { ConfigError } from './errors.js';

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `250ms`, `10s`, `2m`, `1h` or a bare number of seconds into milliseconds. */
export function parseDurationMs(input: string, value: string | number): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value * 1000;
  const text = String(value).trim();
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text);
  if (!match) {
    throw new ConfigError(`Not a duration: use a number with ms, s, m or h, e.g. 30s or 500ms.`, {
      input,
      value,
    });
  }
  return Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] ?? 's']!);
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
