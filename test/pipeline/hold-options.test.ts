/**
 * The hold phase's measure inputs (`hold-connections` and replay's hold names): parsed into the
 * pipeline's hold settings, validated by replay's own rules before the WAF is touched, and planned after
 * each build's quality pass.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigError } from '../../src/common/errors.ts';
import { parseMeasureInputs } from '../../src/pipeline/options.ts';
import { measurementPlan } from '../../src/pipeline/pipeline.ts';
import type { BuildTarget } from '../../src/pipeline/types.ts';

const BASE = {
  target: 'http://127.0.0.1:8080',
  version: '1.0',
  'access-log': '/var/log/nginx/access.log',
  corpus: 'corpus/demo',
  domains: 'app.test,api.test',
  'out-dir': '/tmp/waf-gate-hold-options-test',
  'run-id': 'hold-options-test',
};

function configError(raw: Record<string, string>): ConfigError {
  try {
    parseMeasureInputs(raw);
  } catch (error) {
    assert.equal((error as ConfigError).code, 'E_CONFIG', String(error));
    return error as ConfigError;
  }
  assert.fail('expected a ConfigError');
}

describe('measure inputs: the hold phase', () => {
  it('is off by default', () => {
    assert.equal(parseMeasureInputs(BASE).pipeline.hold, undefined);
  });

  it('parses hold-connections and the hold settings with replay names and units', () => {
    const { pipeline } = parseMeasureInputs({
      ...BASE,
      'hold-connections': '200',
      'hold-hatch-rate': '50',
      'hold-duration': '2m',
      'ping-interval': '20s',
      'pong-timeout': '5s',
      'push-rate': '2',
      'push-share': '0.25',
      'server-drop-share': '0.1',
      'client-drop-share': '0.05',
      'reconnect-attempts': '0',
      'reconnect-backoff': '250ms',
      'ws-path': '/socket',
    });
    assert.deepEqual(pipeline.hold, {
      connections: 200,
      hatchRateCps: 50,
      holdMs: 120_000,
      pingIntervalMs: 20_000,
      pongTimeoutMs: 5000,
      pushRateMps: 2,
      pushShare: 0.25,
      serverDropShare: 0.1,
      clientDropShare: 0.05,
      reconnectAttempts: 0,
      reconnectBackoffMs: 250,
      path: '/socket',
    });
  });

  it('measures a hold phase alone (quality off, no rounds)', () => {
    const { pipeline } = parseMeasureInputs({ ...BASE, quality: 'false', 'hold-connections': '5' });
    assert.equal(pipeline.hold?.connections, 5);
    const e = configError({ ...BASE, quality: 'false' });
    assert.match(e.message, /hold-connections is 0/);
  });

  it('refuses settings replay refuses, naming the input', () => {
    let e = configError({
      ...BASE,
      'hold-connections': '5',
      'ping-interval': '1s',
      'pong-timeout': '2s',
    });
    assert.equal(e.input, 'pong-timeout');
    e = configError({ ...BASE, 'hold-connections': '5', 'push-share': '2' });
    assert.equal(e.input, 'push-share');
    e = configError({ ...BASE, 'hold-connections': '20000' });
    assert.equal(e.input, 'hold-connections');
    e = configError({
      ...BASE,
      'hold-connections': '5',
      'server-drop-share': '0.6',
      'client-drop-share': '0.6',
    });
    assert.equal(e.input, 'client-drop-share');
  });

  it('plans the hold phase right after each build’s quality pass', () => {
    const build = (label: string, prepare = false): BuildTarget => ({
      label,
      version: label,
      address: { host: '127.0.0.1', port: 1, tls: false },
      accessLog: '/dev/null',
      ...(prepare ? { prepare: async () => undefined } : {}),
    });
    const text = (targets: BuildTarget[], order?: 'sequential') =>
      measurementPlan(targets, {
        quality: true,
        rounds: 2,
        hold: { connections: 10 },
        ...(order ? { order } : {}),
      })
        .map((s) =>
          s.kind === 'round' ? `${s.round}:${s.target.label}` : `${s.kind[0]}:${s.target.label}`,
        )
        .join(' ');
    assert.equal(text([build('a'), build('b')]), 'q:a h:a q:b h:b 1:a 1:b 2:b 2:a');
    // Builds switched by install: no extra install for the hold phase.
    assert.equal(text([build('a', true), build('b', true)]), 'q:a h:a q:b h:b 1:b 1:a 2:a 2:b');
    assert.equal(text([build('a'), build('b')], 'sequential'), 'q:a h:a 1:a 2:a q:b h:b 1:b 2:b');
  });
});
