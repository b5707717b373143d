/** Bounds of option values: durations Node's timers can hold, zero only where it means "none", real ports. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCollectOptions } from '../../src/collect/index.ts';
import { formatError, isConfigError } from '../../src/common/errors.ts';
import { MAX_DURATION_MS, parseDurationMs, parsePort } from '../../src/common/options.ts';
import { parseReplayOptions } from '../../src/replay/options.ts';

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(isConfigError(error), String(error));
    return formatError(error);
  }
  assert.fail('expected a ConfigError');
}

describe('parseDurationMs', () => {
  it('parses units and bare seconds', () => {
    assert.equal(parseDurationMs('d', '250ms'), 250);
    assert.equal(parseDurationMs('d', '1.5s'), 1500);
    assert.equal(parseDurationMs('d', '2m'), 120_000);
    assert.equal(parseDurationMs('d', '596h'), 596 * 3_600_000);
    assert.equal(parseDurationMs('d', 3), 3000);
  });

  it('refuses 0 unless allowed, naming the input, the value and the range', () => {
    for (const zero of ['0', '0s', '0ms', 0]) {
      const text = configError(() => parseDurationMs('--duration', zero));
      assert.match(text, /A duration of 0 is not allowed here/);
      assert.match(text, /input --duration = /);
      assert.match(text, /from 1ms to/);
    }
    assert.equal(parseDurationMs('settle', '0', { allowZero: true }), 0);
  });

  it('refuses durations beyond what a Node timer holds (2^31−1 ms) instead of firing after 1 ms', () => {
    assert.equal(parseDurationMs('d', `${MAX_DURATION_MS}ms`), MAX_DURATION_MS);
    for (const value of ['600h', `${MAX_DURATION_MS + 1}ms`, '99999999h', 1e12]) {
      const text = configError(() => parseDurationMs('--max-duration', value));
      assert.match(text, /out of range/);
      assert.match(text, /input --max-duration = /);
      assert.match(text, /2\^31−1 ms/);
    }
    assert.match(
      configError(() => parseDurationMs('--x', '2h', { maxMs: 3_600_000 })),
      /to 1h\b/,
    );
  });

  it('still refuses text that is no duration', () => {
    for (const value of ['soon', '-1s', '1d', '', 'NaN']) {
      assert.match(
        configError(() => parseDurationMs('d', value)),
        /Not a duration/,
      );
    }
  });
});

describe('parsePort', () => {
  it('accepts 1–65535 only', () => {
    assert.equal(parsePort('--port', '1'), 1);
    assert.equal(parsePort('--port', '65535'), 65535);
    for (const value of ['0', '65536', '-1', '80.5', '', 'http']) {
      assert.match(
        configError(() => parsePort('--port', value)),
        /from 1 to 65535/,
      );
    }
  });
});

describe('bounds at the call sites', () => {
  const replay = { target: 'http://127.0.0.1:8080', corpus: 'a' };

  it('replay: duration 0 and 600h, and target port 0, are refused', () => {
    for (const [raw, input] of [
      [{ ...replay, duration: '0' }, 'duration'],
      [{ ...replay, duration: '600h' }, 'duration'],
      [{ ...replay, 'max-duration': '600h' }, 'max-duration'],
      [{ ...replay, target: 'http://127.0.0.1:0' }, 'target'],
    ] as const) {
      assert.throws(
        () => parseReplayOptions(raw),
        (e: unknown) => isConfigError(e) && e.input === input,
        `${input}=${JSON.stringify(raw)}`,
      );
    }
  });

  it('replay: 0 stays valid where it means "none" (think time, progress lines)', () => {
    const options = parseReplayOptions({ ...replay, 'think-time': '0', 'progress-interval': '0' });
    assert.equal(options.thinkTimeMs, 0);
    assert.equal(options.progressIntervalMs, 0);
  });

  it('collect: max-duration 600h is refused instead of stopping after 1.5 s', () => {
    assert.throws(
      () =>
        parseCollectOptions({
          'run-id': 'r1',
          'access-log': '/var/log/nginx/access.log',
          'max-duration': '600h',
        }),
      (e: unknown) => isConfigError(e) && e.input === 'max-duration',
    );
  });
});
