/** Parsing and describing the shaping options (`upload-rate`, `download-rate`, `delay`, `slow-header`, `slow-body`). */
import { ConfigError } from '../../common/errors.js';
import { parseDurationMs } from '../../common/options.js';
import type { ShapingConfig, SlowSend } from './types.js';

const RATE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** Highest rate cap accepted, bytes per second (10 GiB/s: beyond loopback, meaning no cap). */
export const MAX_RATE_BPS = 10 * 1024 ** 3;

/**
 * A rate in bytes per second: a number with an optional unit (B, kB, KiB, MB, MiB, GB, GiB; any case)
 * and an optional `/s`, e.g. `65536`, `64KiB/s`, `1.5 MB/s`. Bits are refused (say it in bytes).
 */
export function parseByteRate(input: string, value: string): number {
  const text = value.trim();
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)\s*(?:\/\s*s)?$/i.exec(text);
  const unit = match?.[2]?.toLowerCase() ?? '';
  const factor = unit === '' ? 1 : RATE_UNITS[unit];
  if (!match || factor === undefined)
    throw new ConfigError(
      'Not a byte rate: use bytes per second with an optional unit B, kB, KiB, MB, MiB, GB or GiB, e.g. 64KiB/s or 65536.',
      { input, value },
    );
  const rateBps = Math.round(Number(match[1]) * factor);
  if (!(rateBps >= 1 && rateBps <= MAX_RATE_BPS))
    throw new ConfigError(
      `The rate is out of range: use 1 B/s to 10 GiB/s (this is ${rateBps} B/s).`,
      { input, value },
    );
  return rateBps;
}

/** `<bytes>/<interval>`: chunks of `bytes` (1 to 1 MiB), one every `interval` (e.g. `1/1s`, `64/100ms`). */
export function parseSlowSend(input: string, value: string): SlowSend {
  const match = /^\s*(\d+)\s*\/\s*(\S+)\s*$/.exec(value);
  const bytes = match ? Number(match[1]) : NaN;
  if (!match || !(bytes >= 1 && bytes <= 1024 * 1024))
    throw new ConfigError(
      'Expected <bytes>/<interval>: 1 to 1048576 bytes per chunk and a duration between chunks, e.g. 1/1s or 64/100ms.',
      { input, value },
    );
  let intervalMs: number;
  try {
    intervalMs = parseDurationMs(input, match[2]!, { minMs: 1, maxMs: 3_600_000 });
  } catch (error) {
    // The duration's own words, with the whole value.
    throw new ConfigError(`The interval: ${(error as Error).message}`, {
      input,
      value,
      cause: error,
    });
  }
  return { bytes, intervalMs };
}

/** The raw shaping inputs, as given (undefined: not set). */
export interface ShapingInputs {
  'upload-rate'?: string | undefined;
  'download-rate'?: string | undefined;
  delay?: number | undefined;
  'slow-header'?: string | undefined;
  'slow-body'?: string | undefined;
}

/** The shaping of the inputs, or undefined when none is set. */
export function parseShaping(v: ShapingInputs): ShapingConfig | undefined {
  const shaping: ShapingConfig = {};
  if (v['upload-rate'] !== undefined)
    shaping.uploadRateBps = parseByteRate('upload-rate', v['upload-rate']);
  if (v['download-rate'] !== undefined)
    shaping.downloadRateBps = parseByteRate('download-rate', v['download-rate']);
  if (v.delay !== undefined && v.delay > 0) shaping.delayMs = v.delay;
  if (v['slow-header'] !== undefined)
    shaping.slowHeader = parseSlowSend('slow-header', v['slow-header']);
  if (v['slow-body'] !== undefined) shaping.slowBody = parseSlowSend('slow-body', v['slow-body']);
  return Object.keys(shaping).length > 0 ? shaping : undefined;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} B`;
}

const formatMs = (ms: number): string =>
  ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;

/** One line for logs and the stats block, e.g. `upload 64 KiB/s, delay 100 ms, slow header 1 B every 1 s`. */
export function formatShaping(shaping: ShapingConfig): string {
  const parts: string[] = [];
  if (shaping.uploadRateBps !== undefined)
    parts.push(`upload ${formatBytes(shaping.uploadRateBps)}/s`);
  if (shaping.downloadRateBps !== undefined)
    parts.push(`download ${formatBytes(shaping.downloadRateBps)}/s`);
  if (shaping.delayMs !== undefined) parts.push(`delay ${formatMs(shaping.delayMs)}`);
  if (shaping.slowHeader)
    parts.push(
      `slow header ${formatBytes(shaping.slowHeader.bytes)} every ${formatMs(shaping.slowHeader.intervalMs)}`,
    );
  if (shaping.slowBody)
    parts.push(
      `slow body ${formatBytes(shaping.slowBody.bytes)} every ${formatMs(shaping.slowBody.intervalMs)}`,
    );
  return parts.length > 0 ? `${parts.join(', ')} (per connection)` : 'none';
}
