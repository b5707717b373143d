/**
 * Shaping in the gate's measuring step (issue 13, part 2), on the real lab: `waf-gate measure` with
 * delay and slow-body shapes every pressure round of each build (never the quality pass), records the
 * shaping in replay.json and run.json, and compare accepts two builds shaped alike, shows the shaping in
 * the report's load shape, and refuses builds shaped differently. Bad shaping inputs are named.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { measureCommand } from '../../src/cli/commands/measure.ts';
import { silentLogger } from '../../src/common/logger.ts';
import { baselineKeyOf } from '../../src/compare/baseline-store.ts';
import { compareRuns, defaultPolicy } from '../../src/compare/index.ts';
import type { RunRecord } from '../../src/compare/types.ts';
import type { WafInstanceState } from '../../src/lab/types.ts';
import { parseMeasureInputs } from '../../src/pipeline/options.ts';
import { MEASURE_SCHEMA } from '../../src/pipeline/schema.ts';
import type { ReplayResult } from '../../src/replay/types.ts';
import { renderReport } from '../../src/report/index.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

const UA = 'User-Agent: Mozilla/5.0 waf-gate-test\r\nAccept: */*\r\n';
/** Small requests, two with bodies (what slow-body trickles). */
const CORPUS = [
  `GET /index.html HTTP/1.1\r\nHost: captured.example\r\n${UA}\r\n`,
  `POST /login HTTP/1.1\r\nHost: captured.example\r\n${UA}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 19\r\n\r\nuser=a&pass=b%27or1\n`,
  `POST /search HTTP/1.1\r\nHost: captured.example\r\n${UA}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 16\r\n\r\nq=waf+gate+demo\n`,
].join('====****\n');

/** The shaping flags of the test, and what replay.json records for them. */
const SHAPING_FLAGS = ['--delay', '20ms', '--slow-body', '8/20ms'];
const SHAPING = { delayMs: 20, slowBody: { bytes: 8, intervalMs: 20 } };

const SHAPING_INPUTS = [
  'upload-rate',
  'download-rate',
  'delay',
  'slow-header',
  'slow-body',
  'first-byte-timeout',
  'timeout',
] as const;

const readJson = async <T>(file: string): Promise<T> =>
  JSON.parse(await readFile(file, 'utf8')) as T;

describe(
  'shaped pressure rounds in waf-gate measure, on the real lab',
  { timeout: 300_000 },
  () => {
    let lab: TestLab;
    let tmp: string;
    let out: string;
    let corpus: string;
    const printed: string[] = [];

    /** `waf-gate measure` of one lab build, one bounded pressure round. */
    async function measure(label: string, waf: WafInstanceState, extra: string[]): Promise<void> {
      const code = await measureCommand.run(
        [
          ...['--target', `http://${waf.host}:${waf.port}`, '--label', label],
          ...['--version', `lab:${waf.name}`, '--access-log', waf.accessLog],
          ...['--error-log', waf.errorLog, '--master-pid-file', waf.pidFile],
          ...['--corpus', corpus, '--domains', lab.domains[0]!],
          ...['--rounds', '1', '--connections', '2', '--duration', '1500ms'],
          ...['--out-dir', out, '--run-id', `shaping-${label}`],
          ...extra,
        ],
        {
          logger: silentLogger,
          print: (t) => printed.push(t),
          signal: new AbortController().signal,
        },
      );
      assert.equal(code, 0);
    }

    before(async () => {
      tmp = await mkdtemp(join(tmpdir(), 'waf-gate-shaping-measure-'));
      out = join(tmp, 'out');
      corpus = join(tmp, 'bodies.txt');
      await writeFile(corpus, CORPUS);
      lab = await startLab();
      await measure('baseline', lab.baseline, SHAPING_FLAGS);
      await measure('candidate', lab.candidate, SHAPING_FLAGS);
      // The same build measured without shaping: a different load shape.
      await measure('unshaped', lab.candidate, []);
    });
    after(async () => {
      await lab?.stop();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    });

    it('records the shaping of every pressure round of both builds, never of the quality pass', async () => {
      for (const label of ['baseline', 'candidate']) {
        const record = await readJson<RunRecord>(join(out, label, 'run.json'));
        assert.equal(record.rounds.length, 1, `${label}: the shaped round counts`);
        assert.deepEqual(record.pressureShape?.shaping, SHAPING, label);
        const round = await readJson<ReplayResult>(join(out, label, record.rounds[0]!.replayFile));
        assert.deepEqual(round.loadShape.shaping, SHAPING, `${label} round replay.json`);
        assert.ok(round.totals.completed > 0, `${label}: the shaped round completed requests`);
        assert.ok(
          (round.perDomain[lab.domains[0]!]?.sent ?? 0) > 0,
          `${label}: the round went to the pressure domain`,
        );
        assert.ok(record.quality, `${label} has a quality pass`);
        const quality = await readJson<ReplayResult>(join(out, label, record.quality.replayFile));
        assert.equal(quality.loadShape.mode, 'quality');
        assert.equal(
          quality.loadShape.shaping,
          undefined,
          `${label}: the quality pass is not shaped`,
        );
      }
    });

    it('compares two builds shaped alike and shows the shaping in the load shape', async () => {
      const cmp = await compareRuns(join(out, 'baseline'), join(out, 'candidate'), defaultPolicy());
      assert.deepEqual(cmp.baseline?.pressureShape?.shaping, SHAPING);
      assert.deepEqual(cmp.candidate.pressureShape?.shaping, SHAPING);
      const md = renderReport(cmp, { maxChars: 65_535 });
      const row = md.split('\n').find((line) => line.startsWith('| Load shape |'));
      assert.ok(row, 'the report has a load shape row');
      assert.equal(
        row.split('shaped: delay 20 ms, slow body 8 B every 20 ms (per connection)').length,
        3,
        `both builds' load shape names the shaping: ${row}`,
      );
    });

    it('refuses builds shaped differently, and keys their baselines apart', async () => {
      await assert.rejects(
        compareRuns(join(out, 'baseline'), join(out, 'unshaped'), defaultPolicy()),
        (error: Error & { code?: string; hint?: string }) => {
          assert.equal(error.code, 'E_CONFIG');
          assert.match(error.message, /different load shapes/);
          assert.match(error.message, /"slowBody"/);
          assert.match(
            error.hint ?? '',
            /shaping \(upload-rate, .*slow-body\)/,
            'the hint names it',
          );
          return true;
        },
      );
      const shaped = await readJson<RunRecord>(join(out, 'candidate', 'run.json'));
      const unshaped = await readJson<RunRecord>(join(out, 'unshaped', 'run.json'));
      assert.equal(unshaped.pressureShape?.shaping, undefined);
      assert.notEqual(baselineKeyOf(shaped).shapeHash, baselineKeyOf(unshaped).shapeHash);
    });
  },
);

describe('measure shaping inputs', () => {
  const BASE = {
    target: 'http://127.0.0.1:8080',
    version: '1',
    'access-log': '/var/log/nginx/access.log',
    corpus: 'corpus/demo',
    domains: 'a.example',
    rounds: '2',
  };

  const configError = (input: string, pattern: RegExp) => (error: unknown) => {
    const e = error as { code?: string; input?: string; value?: unknown; message: string };
    assert.equal(e.code, 'E_CONFIG');
    assert.equal(e.input, input);
    assert.match(e.message, pattern);
    return true;
  };

  it('parses every shaping input into the pressure load only', () => {
    const { pipeline } = parseMeasureInputs({
      ...BASE,
      'upload-rate': '64KiB/s',
      'download-rate': '1 MB/s',
      delay: '50ms',
      'slow-header': '1/1s',
      'slow-body': '100/500ms',
      'first-byte-timeout': '2m',
      timeout: '3m',
    });
    assert.deepEqual(pipeline.pressure.shaping, {
      uploadRateBps: 65_536,
      downloadRateBps: 1_000_000,
      delayMs: 50,
      slowHeader: { bytes: 1, intervalMs: 1000 },
      slowBody: { bytes: 100, intervalMs: 500 },
    });
    assert.deepEqual(pipeline.replay, { timeouts: { firstByteMs: 120_000, totalMs: 180_000 } });
    const plain = parseMeasureInputs({ ...BASE, delay: '0' }).pipeline;
    assert.equal(plain.pressure.shaping, undefined, 'delay 0 shapes nothing');
    assert.deepEqual(plain.replay, { timeouts: { firstByteMs: 30_000, totalMs: 60_000 } });
  });

  it('names the input of a bad value', () => {
    assert.throws(
      () => parseMeasureInputs({ ...BASE, 'upload-rate': '10 Mbit/s' }),
      configError('upload-rate', /Not a byte rate/),
    );
    assert.throws(
      () => parseMeasureInputs({ ...BASE, 'download-rate': '0' }),
      configError('download-rate', /out of range/),
    );
    assert.throws(
      () => parseMeasureInputs({ ...BASE, 'slow-body': 'slowly' }),
      configError('slow-body', /<bytes>\/<interval>/),
    );
    assert.throws(
      () => parseMeasureInputs({ ...BASE, 'slow-header': '1/0s' }),
      configError('slow-header', /interval/),
    );
    assert.throws(() => parseMeasureInputs({ ...BASE, delay: 'soon' }), configError('delay', /./));
  });

  it('refuses shaping without pressure rounds (the quality pass is never shaped)', () => {
    assert.throws(
      () => parseMeasureInputs({ ...BASE, rounds: '0', 'slow-body': '8/20ms' }),
      configError('slow-body', /slow-body shapes the pressure rounds, but rounds is 0/),
    );
    assert.throws(
      () => parseMeasureInputs({ ...BASE, rounds: '0', delay: '20ms', 'slow-body': '8/20ms' }),
      configError('delay', /rounds is 0/),
    );
  });

  it('are inputs of the root action, passed to its measuring step', async () => {
    const action = parse(await readFile('action.yml', 'utf8')) as {
      inputs: Record<string, unknown>;
      runs: { steps: Array<{ id?: string; env?: Record<string, string> }> };
    };
    const env = action.runs.steps.find((s) => s.id === 'measure')?.env ?? {};
    for (const name of SHAPING_INPUTS) {
      assert.ok(name in MEASURE_SCHEMA, `${name} is a measure option`);
      assert.ok(name in action.inputs, `${name} is a root action input`);
      assert.match(
        env[`INPUT_${name.toUpperCase()}`] ?? '',
        new RegExp(`inputs(\\.${name}|\\['${name}'\\])`),
      );
    }
  });
});
