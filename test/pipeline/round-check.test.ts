/**
 * The round-success decision (issue 13, part 3): a pressure round fails on an error rate above
 * max-error-rate, a WAF crash, an incomplete collection or a failed health probe; anything else counts.
 * Also the measuring step's max-rounds / max-error-rate options.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { CollectResult } from '../../src/collect/index.ts';
import { ConfigError } from '../../src/common/errors.ts';
import { parseMeasureInputs } from '../../src/pipeline/options.ts';
import {
  DEFAULT_ROUND_CRITERIA,
  healthProbe,
  roundFailures,
} from '../../src/pipeline/round-check.ts';

type CollectPart = Pick<CollectResult, 'crashes' | 'stoppedBy' | 'incomplete' | 'missing' | 'join'>;

const okReplay = { totals: { sent: 1000, completed: 1000, errors: 0 } };
const okCollect: CollectPart = {
  crashes: [],
  stoppedBy: 'stop',
  join: { sent: 1000, joined: 1000, missing: 0, unexpected: 0, missingByReason: {} },
};
const crit = DEFAULT_ROUND_CRITERIA;

describe('roundFailures', () => {
  it('a clean round counts', () => {
    assert.deepEqual(roundFailures(okReplay, okCollect, crit), []);
  });

  it('fails above max-error-rate, counts at it', () => {
    const at = { totals: { sent: 1000, completed: 990, errors: 10 } };
    assert.deepEqual(roundFailures(at, okCollect, crit), []);
    const above = { totals: { sent: 1000, completed: 989, errors: 11 } };
    const reasons = roundFailures(above, okCollect, crit);
    assert.equal(reasons.length, 1);
    assert.match(reasons[0]!, /error rate 1\.10 % \(11 of 1000\) above max-error-rate 1\.00 %/);
    assert.deepEqual(roundFailures(above, okCollect, { ...crit, maxErrorRate: 0.05 }), []);
  });

  it('fails a round with no completed request', () => {
    const none = { totals: { sent: 20, completed: 0, errors: 20 } };
    assert.deepEqual(roundFailures(none, okCollect, crit), ['no completed requests']);
  });

  it('fails on a WAF worker crash', () => {
    const crash = {
      pid: 4242,
      group: 'nginx-worker',
      firstSeenMs: 1,
      lastSeenMs: 2,
      goneAtMs: 3,
      signal: 'SIGKILL',
      detail: 'worker exited on signal 9',
    };
    const reasons = roundFailures(okReplay, { ...okCollect, crashes: [crash] }, crit);
    assert.deepEqual(reasons, ['1 WAF process crash(es): pid 4242 (nginx-worker) SIGKILL']);
  });

  it('fails an incomplete collection: stopped early, recovered, no log lines, unjoined requests', () => {
    assert.match(
      roundFailures(okReplay, { ...okCollect, stoppedBy: 'max-duration' }, crit).join(),
      /stopped by max-duration/,
    );
    assert.match(
      roundFailures(okReplay, { ...okCollect, incomplete: 'collector died' }, crit).join(),
      /collection incomplete: collector died/,
    );
    const noLines: CollectPart = {
      ...okCollect,
      missing: [{ metric: 'access-log', code: 'no-lines', reason: 'no access-log line was read' }],
    };
    assert.match(roundFailures(okReplay, noLines, crit).join(), /no access-log line was read/);
    const unjoined: CollectPart = {
      ...okCollect,
      join: { sent: 1000, joined: 980, missing: 20, unexpected: 0, missingByReason: {} },
    };
    assert.match(
      roundFailures(okReplay, unjoined, crit).join(),
      /20 of 1000 requests \(2\.00 %\) have no access-log line/,
    );
  });

  it('does not fail a round for process data a setup lacks (shown as unknown by compare)', () => {
    const noPid: CollectPart = {
      ...okCollect,
      missing: [{ metric: 'processes', code: 'pid-file', group: 'nginx-worker', reason: 'no pid' }],
    };
    assert.deepEqual(roundFailures(okReplay, noPid, crit), []);
  });

  it('lists every reason of a round that fails several ways', () => {
    const bad = { totals: { sent: 100, completed: 50, errors: 50 } };
    const reasons = roundFailures(bad, { ...okCollect, stoppedBy: 'recovered' }, crit);
    assert.equal(reasons.length, 2);
  });
});

describe('healthProbe', () => {
  let server: Server;
  let openPort = 0;
  let closedPort = 0;
  before(async () => {
    const spare = createServer();
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r));
    closedPort = (spare.address() as { port: number }).port;
    await new Promise<void>((r) => spare.close(() => r()));
    server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    openPort = (server.address() as { port: number }).port;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('is null when the WAF accepts a connection', async () => {
    assert.equal(await healthProbe({ host: '127.0.0.1', port: openPort, tls: false }, 2000), null);
  });

  it('names a refused connection', async () => {
    const why = await healthProbe({ host: '127.0.0.1', port: closedPort, tls: false }, 2000);
    assert.match(why ?? '', /^health probe failed: .*connection refused/);
  });
});

describe('max-rounds and max-error-rate', () => {
  const base = {
    target: 'http://127.0.0.1:8080',
    'access-log': '/tmp/access.log',
    corpus: 'corpus/demo',
    domains: 'app.test',
    version: '1.0',
    quality: 'false',
  };

  it('default to rounds (no retry) and 1 %', () => {
    const { pipeline } = parseMeasureInputs({ ...base, rounds: '3' });
    assert.equal(pipeline.maxRounds, 3);
    assert.equal(pipeline.roundCriteria?.maxErrorRate, 0.01);
  });

  it('are read as given', () => {
    const { pipeline } = parseMeasureInputs({
      ...base,
      rounds: '3',
      'max-rounds': '8',
      'max-error-rate': '2.5',
    });
    assert.equal(pipeline.maxRounds, 8);
    assert.equal(pipeline.roundCriteria?.maxErrorRate, 0.025);
  });

  it('refuses max-rounds below rounds, naming both', () => {
    assert.throws(
      () => parseMeasureInputs({ ...base, rounds: '5', 'max-rounds': '3' }),
      (e: unknown) =>
        e instanceof ConfigError && /max-rounds \(3\) is below rounds \(5\)/.test(e.message),
    );
  });

  it('bounds max-rounds at 50', () => {
    assert.throws(
      () => parseMeasureInputs({ ...base, rounds: '5', 'max-rounds': '51' }),
      ConfigError,
    );
  });
});
