/**
 * Option schemas: one declaration validates (with the parsers of common/options.ts, errors naming the
 * input, value and range), fills defaults, and renders the CLI help and the action.yml description.
 * Also: the typed constructors the pipeline uses give what parsing the same values as text gives.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatError, isConfigError } from '../../src/common/errors.ts';
import { describeOption, formatOptionsHelp } from '../../src/common/option-help.ts';
import { optionNames, parseOptions, type OptionSchema } from '../../src/common/option-schema.ts';
import { resolve } from 'node:path';
import { collectOptions, parseCollectOptions } from '../../src/collect/index.ts';
import { COLLECT_SCHEMA } from '../../src/collect/schema.ts';
import { parseCompareOptions } from '../../src/compare/options.ts';
import { HOST_SCHEMA } from '../../src/hosts/schema.ts';
import { SSH_INPUT_NAMES } from '../../src/hosts/ssh-inputs.ts';
import { INSTALL_SCHEMA } from '../../src/install/schema.ts';
import { MEASURE_SCHEMA } from '../../src/pipeline/schema.ts';
import { parseMeasureInputs } from '../../src/pipeline/options.ts';
import { parseReplayOptions, replayOptions, REPLAY_INPUTS } from '../../src/replay/index.ts';
import { REPLAY_SCHEMA } from '../../src/replay/schema.ts';

const SCHEMA = {
  target: { type: 'url', required: true, help: 'Where to send.' },
  count: { type: 'integer', min: 1, max: 10, default: 3, help: 'How many.' },
  ratio: { type: 'number', min: 0, max: 1, help: 'A share.' },
  wait: { type: 'duration', minMs: 100, maxMs: 60_000, default: 1000, help: 'How long.' },
  pause: { type: 'duration', allowZero: true, default: 0, help: 'Pause.' },
  fast: { type: 'boolean', default: false, help: 'Go fast.' },
  strict: { type: 'boolean', flag: true, default: false, help: 'Be strict.' },
  mode: { type: 'enum', values: ['a', 'b'], default: 'a', help: 'The mode.' },
  names: {
    type: 'list',
    itemPattern: /^[a-z]+$/,
    itemText: 'lower-case words',
    help: 'Some names.',
  },
  id: {
    type: 'string',
    pattern: /^[a-z0-9-]+$/,
    patternText: 'lower-case letters, digits and dashes',
    help: 'An id.',
  },
  key: { type: 'string', keepWhitespace: true, help: 'Key text.' },
} as const satisfies OptionSchema;

function configError(fn: () => unknown): { input: string | undefined; text: string } {
  try {
    fn();
  } catch (error) {
    assert.ok(isConfigError(error), String(error));
    return { input: error.input, text: formatError(error) };
  }
  assert.fail('expected a ConfigError');
}

describe('parseOptions', () => {
  it('fills defaults, treats empty action inputs as unset and keeps the declared order', () => {
    const v = parseOptions(SCHEMA, { target: 'http://127.0.0.1:8080', ratio: '', names: '  ' });
    assert.deepEqual(v, {
      target: 'http://127.0.0.1:8080',
      count: 3,
      ratio: undefined,
      wait: 1000,
      pause: 0,
      fast: false,
      strict: false,
      mode: 'a',
      names: undefined,
      id: undefined,
      key: undefined,
    });
    assert.deepEqual(optionNames(SCHEMA), Object.keys(SCHEMA));
  });

  it('parses every type', () => {
    const v = parseOptions(SCHEMA, {
      target: ' https://[::1]:8443/x ',
      count: '10',
      ratio: '0.25',
      wait: '30s',
      pause: '0',
      fast: 'yes',
      strict: true,
      mode: 'b',
      names: 'ab, cd\nef',
      id: ' run-1 ',
      key: '-----BEGIN KEY-----\nabc\n-----END KEY-----\n',
    });
    assert.equal(v.target, 'https://[::1]:8443/x');
    assert.equal(v.count, 10);
    assert.equal(v.ratio, 0.25);
    assert.equal(v.wait, 30_000);
    assert.equal(v.pause, 0);
    assert.equal(v.fast, true);
    assert.equal(v.strict, true);
    assert.equal(v.mode, 'b');
    assert.deepEqual(v.names, ['ab', 'cd', 'ef']);
    assert.equal(v.id, 'run-1');
    assert.equal(v.key, '-----BEGIN KEY-----\nabc\n-----END KEY-----\n', 'whitespace kept');
  });

  it('refuses bad values naming the input, the value and what is accepted', () => {
    const base = { target: 'http://127.0.0.1:1' };
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{}, 'target', /A value is required: Where to send\./],
      [{ target: 'ftp://x' }, 'target', /http:\/\/ or https:\/\//],
      [{ target: 'not a url' }, 'target', /Not a URL/],
      [{ ...base, count: '11' }, 'count', /whole number from 1 to 10.*"11"/],
      [{ ...base, count: '2.5' }, 'count', /whole number from 1 to 10/],
      [{ ...base, ratio: '1.5' }, 'ratio', /number from 0 to 1.*"1\.5"/],
      [{ ...base, wait: '50ms' }, 'wait', /from 100ms to 1m.*"50ms"/],
      [{ ...base, wait: '2m' }, 'wait', /from 100ms to 1m/],
      [{ ...base, pause: 'soon' }, 'pause', /Not a duration/],
      [{ ...base, fast: 'maybe' }, 'fast', /true or false/],
      [{ ...base, mode: 'c' }, 'mode', /one of: a, b/],
      [{ ...base, names: 'ok,Not-OK' }, 'names', /lower-case words.*"Not-OK"/],
      [{ ...base, id: 'Bad Id' }, 'id', /lower-case letters, digits and dashes/],
      [{ ...base, bogus: '1' }, 'bogus', /Unknown option "bogus"/],
    ];
    for (const [raw, input, message] of cases) {
      const error = configError(() => parseOptions(SCHEMA, raw));
      assert.equal(error.input, input, JSON.stringify(raw));
      assert.match(error.text, message, JSON.stringify(raw));
    }
  });

  it('names options as the user typed them', () => {
    const error = configError(() =>
      parseOptions(SCHEMA, { target: 'http://a', count: '0' }, { nameOf: (n) => `--${n}` }),
    );
    assert.equal(error.input, '--count');
  });
});

describe('formatOptionsHelp and describeOption', () => {
  it('renders one row per option with placeholder, bounds, default or required, wrapped', () => {
    const help = formatOptionsHelp(SCHEMA, { extra: [['--json', 'print JSON']], width: 60 });
    const lines = help.split('\n');
    assert.ok(
      lines.every((line) => line.length <= 60),
      help,
    );
    assert.match(help, /^ {2}--target URL +Where to send\. \[required\]$/m);
    assert.match(help, /^ {2}--count N +How many\. \[1–10, default: 3\]$/m);
    assert.match(help, /^ {2}--wait D +How long\. \[100ms to 1m, default: 1s\]$/m);
    assert.match(help, /^ {2}--mode a\|b +The mode\. \[default: a\]$/m);
    assert.match(
      help,
      /^ {2}--strict +Be strict\.$/m,
      'a flag takes no value and shows no default',
    );
    assert.match(help, /^ {2}--json +print JSON$/m);
    const flags = [...help.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]);
    assert.deepEqual(flags, [...Object.keys(SCHEMA).map((n) => `--${n}`), '--json']);
  });

  it('wraps long help under the text column', () => {
    const help = formatOptionsHelp(
      { long: { type: 'string', help: 'word '.repeat(40).trim() } },
      { width: 50 },
    );
    const lines = help.split('\n');
    assert.ok(lines.length > 2);
    const column = lines[0]!.indexOf('word');
    for (const line of lines.slice(1)) assert.equal(line.search(/\S/), column);
  });

  it('describes an option for action.yml as its help and its default', () => {
    assert.equal(describeOption(SCHEMA.count), 'How many. Default: 3.');
    assert.equal(describeOption(SCHEMA.wait), 'How long. Default: 1s.');
    assert.equal(describeOption(SCHEMA.target), 'Where to send.');
    assert.equal(
      describeOption(REPLAY_SCHEMA['preload-limit-mb']).endsWith('Default: 64 MiB.'),
      true,
    );
  });
});

describe('stage schemas', () => {
  it('REPLAY_INPUTS is the schema, one declaration', () => {
    assert.deepEqual(REPLAY_INPUTS, Object.keys(REPLAY_SCHEMA));
  });

  it('replayOptions (typed, as the pipeline builds them) equals parsing the same values as text', () => {
    const typed = replayOptions({
      target: { host: '127.0.0.1', port: 8080, tls: false },
      corpus: [{ pattern: 'a.txt' }],
      domains: ['a.test'],
      mode: 'pressure',
      connections: 16,
      durationMs: 2000,
      keepAlive: true,
      outDir: 'out',
      runId: 'r1',
      label: 'candidate',
    });
    const parsed = parseReplayOptions({
      target: 'http://127.0.0.1:8080',
      corpus: 'a.txt',
      domains: 'a.test',
      mode: 'pressure',
      connections: '16',
      duration: '2s',
      'keep-alive': 'true',
      'out-dir': 'out',
      'run-id': 'r1',
      label: 'candidate',
    });
    assert.deepEqual(typed, parsed);
    assert.equal(typed.maxDurationMs, 32_000);
    assert.equal(typed.servername, 'a.test');
    const quality = replayOptions({ target: typed.target, corpus: typed.corpus, runId: 'q' });
    assert.equal(quality.repeat, 1);
    assert.equal(quality.connections, 10);
    assert.deepEqual(quality.domains, ['']);
    assert.equal(quality.windowMs, REPLAY_SCHEMA.window.default);
  });

  it('the window keeps its 100ms floor through the schema', () => {
    const error = configError(() =>
      parseReplayOptions({ target: 'http://127.0.0.1:1', corpus: 'a', window: '50ms' }),
    );
    assert.equal(error.input, 'window');
    assert.match(error.text, /from 100ms/);
  });

  it('measure inputs become typed pipeline options (no string inputs passed on)', () => {
    const { target, pipeline } = parseMeasureInputs({
      target: 'http://127.0.0.1:8080',
      version: '1.2.3',
      'access-log': '/var/log/nginx/access.log',
      corpus: 'a.txt:3,b.txt:1',
      domains: 'a.test,b.test',
      rounds: '2',
      duration: '3s',
      rate: '500',
      host: 'ssh://root@127.0.0.1:22',
      'known-hosts': 'known',
    });
    assert.deepEqual(target.address, { host: '127.0.0.1', port: 8080, tls: false });
    assert.equal(target.label, 'candidate');
    assert.equal(target.logFormat, 'waf-gate-lab');
    assert.deepEqual(pipeline.corpus, [
      { pattern: 'a.txt', weight: 3 },
      { pattern: 'b.txt', weight: 1 },
    ]);
    assert.deepEqual(pipeline.pressure, {
      domain: 'a.test',
      connections: 50,
      durationMs: 3000,
      keepAlive: true,
      rateRps: 500,
    });
    assert.equal(pipeline.collect?.host, 'ssh://root@127.0.0.1:22');
    assert.equal(pipeline.collect?.ssh?.['known-hosts'], 'known');
    const noWork = configError(() =>
      parseMeasureInputs({
        target: 'http://127.0.0.1:8080',
        version: '1',
        'access-log': '/a',
        corpus: 'a',
        domains: 'a',
        quality: 'false',
      }),
    );
    assert.equal(noWork.input, 'rounds');
  });

  it('collectOptions (typed) equals parsing the same values; remote hosts get absolute files', () => {
    const typed = collectOptions({
      runId: 'r1',
      accessLog: '/var/log/nginx/access.log',
      masterPidFile: '/run/nginx.pid',
      sampleIntervalMs: 250,
      host: 'ssh://root@127.0.0.1:2222',
      ssh: { 'known-hosts': 'known' },
    });
    const parsed = parseCollectOptions({
      'run-id': 'r1',
      'access-log': '/var/log/nginx/access.log',
      'master-pid-file': '/run/nginx.pid',
      interval: '250ms',
      host: 'ssh://root@127.0.0.1:2222',
      'known-hosts': 'known',
    });
    assert.deepEqual(typed, parsed);
    assert.equal(typed.groups[0]?.parentPidFile, '/run/nginx.pid');
    assert.equal(typed.ssh?.['known-hosts'], resolve('known'));
    assert.equal(typed.maxDurationMs, COLLECT_SCHEMA['max-duration'].default);
    const remote = configError(() =>
      collectOptions({ runId: 'r1', accessLog: 'access.log', host: 'ssh://root@127.0.0.1' }),
    );
    assert.equal(remote.input, 'access-log');
    const interval = configError(() =>
      parseCollectOptions({ 'run-id': 'r1', 'access-log': '/a', interval: '10ms' }),
    );
    assert.equal(interval.input, 'interval');
    assert.match(interval.text, /from 100ms/);
  });

  it('HOST_SCHEMA declares exactly the SSH inputs every stage shares, plus host', () => {
    assert.deepEqual(Object.keys(HOST_SCHEMA), ['host', ...SSH_INPUT_NAMES]);
    for (const schema of [INSTALL_SCHEMA, COLLECT_SCHEMA, MEASURE_SCHEMA])
      for (const name of Object.keys(HOST_SCHEMA))
        assert.equal(
          (schema as OptionSchema)[name],
          (HOST_SCHEMA as OptionSchema)[name],
          `${name} shared`,
        );
  });

  it('compare threshold options are typed numbers; action names appear in messages', () => {
    const options = parseCompareOptions({ candidate: 'c', 'p99-threshold-pct': '25', 'top-n': '' });
    assert.deepEqual(options.policyInputs, { 'p99-threshold-pct': 25 });
    assert.equal(options.topN, 20);
    const error = configError(() =>
      parseCompareOptions({ candidate: 'c', 'save-baseline': 'true' }, (n) =>
        n === 'baseline-store' ? 'baseline-store-dir' : n,
      ),
    );
    assert.equal(error.input, 'baseline-store-dir');
  });
});
