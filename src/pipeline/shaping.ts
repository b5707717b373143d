/**
 * The measuring step's shaping (slow and distant clients): replay's per-connection shaping applied to
 * every pressure round of every build, and the replay timeouts a slow shape needs raised. The quality
 * pass is never shaped: it compares rule decisions per request, which must not depend on client speed
 * (a shaped quality pass would turn WAF timeouts into "changed decisions" and take far longer), and the
 * baseline key carries the pressure load shape only.
 */
import { ConfigError } from '../common/errors.js';
import type { RawOptions } from '../common/option-schema.js';
import { parseShaping, type ShapingInputs } from '../replay/shaping/parse.js';
import type { ShapingConfig } from '../replay/shaping/types.js';
import type { ReplaySettings } from './types.js';

/** The shaping of the pressure rounds, or undefined when none is set; refused without pressure rounds. */
export function pressureShaping(
  v: ShapingInputs & { rounds: number },
  raw: RawOptions,
): ShapingConfig | undefined {
  // parseShaping's errors name the input (upload-rate, slow-body, …) and quote the value.
  const shaping = parseShaping(v);
  if (shaping === undefined || v.rounds > 0) return shaping;
  const input =
    shaping.uploadRateBps !== undefined
      ? 'upload-rate'
      : shaping.downloadRateBps !== undefined
        ? 'download-rate'
        : shaping.delayMs !== undefined
          ? 'delay'
          : shaping.slowHeader !== undefined
            ? 'slow-header'
            : 'slow-body';
  throw new ConfigError(`${input} shapes the pressure rounds, but rounds is 0.`, {
    input,
    value: raw[input],
    hint: 'Set rounds to 1 or more (5 or more for a performance verdict), or remove the shaping inputs: the quality pass is never shaped.',
  });
}

/** Replay settings of every measurement: the request timeouts (they count from the start of sending). */
export function replayTimeouts(v: {
  'first-byte-timeout': number;
  timeout: number;
}): ReplaySettings {
  return { timeouts: { firstByteMs: v['first-byte-timeout'], totalMs: v.timeout } };
}
