/**
 * go-ftw parity on the real lab (nginx + ModSecurity + CRS): the ftw test files written from go-ftw's
 * documented format (old and new, test/fixtures/ftw/tests/) are replayed as captured through a PL1
 * build and a PL2 build, measured like `waf-gate measure` does, and compared. PL1 meets every
 * expectation it can be checked on; PL2 newly fails two tests (942480-1 and 942480-4): a gate finding.
 * The HTTP/3.0 test (nginx answers 505 before reading headers, so its id never reaches the log) is
 * replayed on a connection of its own and joined by connection (`$remote_port` in the lab's log
 * format): its 505 line is found and ModSecurity logged nothing for it, so its `no_log_contains`
 * holds and it passes, as under go-ftw. The response_contains test is not checkable. With go-ftw's overrides file, 942480-4 is overridden.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { compareRuns, defaultPolicy, loadFtwOverrides } from '../../src/compare/index.ts';
import { parseMeasureInputs } from '../../src/pipeline/options.ts';
import { runPipeline } from '../../src/pipeline/index.ts';
import { writeComparison } from '../../src/report/write.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

const CORPUS = resolve('test/fixtures/ftw/tests');
const OVERRIDES = resolve('test/fixtures/ftw/overrides.yaml');

describe(
  'go-ftw expectations on the real lab (PL1 baseline, PL2 candidate)',
  { timeout: 300_000 },
  () => {
    let lab: TestLab;
    let out: string;
    before(async () => {
      lab = await startLab({
        wafs: [
          { name: 'baseline', paranoiaLevel: 1, workers: 1 },
          { name: 'candidate', paranoiaLevel: 2, workers: 1 },
        ],
      });
      out = join(lab.dir, '..', 'out');
      for (const waf of lab.wafs) {
        const { target, pipeline } = parseMeasureInputs({
          target: `http://${waf.host}:${waf.port}`,
          label: waf.name,
          version: `lab-${waf.name}`,
          'access-log': waf.accessLog,
          'error-log': waf.errorLog,
          'master-pid-file': waf.pidFile,
          'log-format': 'waf-gate-lab',
          corpus: CORPUS,
          domains: 'as-captured',
          'out-dir': out,
          'run-id': `ftw-${waf.name}`,
        });
        await runPipeline([target], pipeline, { logger: silentLogger });
      }
    });
    after(() => lab?.stop());

    it('PL1 meets the expectations; PL2 newly fails 942480-1 and 942480-4: the gate fails', async () => {
      const c = await compareRuns(join(out, 'baseline'), join(out, 'candidate'), defaultPolicy());
      const ftw = c.ftw!;
      assert.ok(ftw, 'the comparison has a go-ftw part');
      const outcome = (side: 'baseline' | 'candidate'): Record<string, string> =>
        Object.fromEntries(ftw[side]!.tests.map((t) => [t.test, t.outcome]));
      assert.deepEqual(outcome('baseline'), {
        '942480-1': 'passed',
        '942480-2': 'passed',
        '942480-3': 'unchecked',
        '942480-4': 'passed',
        '942480-5': 'passed',
        '942100-1': 'passed',
        '930120-1': 'passed',
        '941100-1': 'passed',
        '920000-1': 'passed',
        '920430-1': 'passed',
      });
      assert.deepEqual(ftw.baseline!.counts, {
        tests: 10,
        passed: 9,
        failed: 0,
        overridden: 0,
        unjoined: 0,
        unchecked: 1,
        incomplete: 0,
      });
      assert.deepEqual(
        ftw.newFailures.map((f) => f.test),
        ['942480-1', '942480-4'],
      );
      assert.deepEqual(ftw.failingOnBoth, []);
      assert.ok(ftw.newFailures[0]!.reasons.some((r) => /status 403, expected 200/.test(r)));
      assert.ok(ftw.newFailures[0]!.reasons.some((r) => /rule 942480, 949110 fired/.test(r)));
      assert.deepEqual(ftw.candidate.unjoinedRequests, {});
      assert.deepEqual(ftw.candidate.joins, { byId: 10, byConnection: 1, notJoined: {} });
      assert.equal(
        ftw.candidate.disabledStages,
        1,
        'the meta.enabled: false file is skipped and counted',
      );
      // In the quality comparison the same request is joined by connection on both builds.
      assert.equal(c.quality!.unjoined, undefined);
      assert.equal(c.quality!.joins!.baseline!.byConnection, 1);
      assert.equal(c.quality!.joins!.candidate!.byConnection, 1);
      assert.deepEqual(c.quality!.joins!.candidate!.notJoined, {});
      assert.equal(c.verdict, 'fail');
      assert.ok(
        c.reasons.some(
          (r) => r.severity === 'fail' && /2 go-ftw tests the baseline passed/.test(r.message),
        ),
      );
      // Joined by connection: the 505 the client saw, and no rule id (ModSecurity never saw the request).
      const byPort = ftw.candidate.tests.find((t) => t.test === '920430-1')!;
      assert.equal(byPort.stages[0]!.status, 505);
      assert.deepEqual(byPort.stages[0]!.ruleIds, []);
      assert.deepEqual(byPort.stages[0]!.reasons, []);
    });

    it("applies go-ftw's overrides file: 942480-4 is overridden (expect_failure), 942480-1 still fails", async () => {
      const ftwOverrides = await loadFtwOverrides(OVERRIDES);
      const c = await compareRuns(join(out, 'baseline'), join(out, 'candidate'), defaultPolicy(), {
        ftwOverrides,
      });
      const t4 = c.ftw!.candidate.tests.find((t) => t.test === '942480-4')!;
      assert.equal(t4.outcome, 'overridden');
      assert.equal(t4.actual, 'failed');
      assert.match(t4.override!.reason, /PL2 blocks SQL keywords/);
      assert.deepEqual(
        c.ftw!.newFailures.map((f) => f.test),
        ['942480-1'],
      );
      const written = await writeComparison(c, join(out, 'report'));
      const json = JSON.parse(await readFile(join(out, 'report', 'ftw-results.json'), 'utf8')) as {
        run: number;
        failed: string[];
        ignored: string[];
        skipped: string[];
        success: string[];
        'triggered-rules': Record<string, number[][]>;
      };
      assert.equal(json.run, 10);
      assert.deepEqual(json.failed, ['942480-1']);
      assert.deepEqual(json.ignored, ['942480-4']);
      assert.deepEqual(json.skipped, ['942480-3']);
      assert.equal(json.success.length, 7);
      assert.deepEqual(json['triggered-rules']['942480-1'], [[942480, 949110]]);
      const text = await readFile(join(out, 'report', 'ftw-results.txt'), 'utf8');
      assert.match(text, /\trunning 942480-1: - failed/);
      assert.match(text, />> skipped 1 test stages \(meta.enabled: false\)/);
      assert.match(text, /- 1 test\(s\) failed to run: \["942480-1"\]/);
      const report = await readFile(written.reportFile, 'utf8');
      assert.match(report, /### go-ftw tests/);
      assert.match(report, /942480-1 \*\*\(new failure\)\*\*/);
      assert.match(
        report,
        /ftw requests joined to their log line — candidate: 10 by request id, 1 by connection \(\$remote_port\), 0 not joined; baseline: 10 by request id, 1 by connection/,
      );
      assert.match(report, /Log join — baseline: \d+ by request id, 1 by connection/);
      assert.doesNotMatch(report, /Not joined to a log line/);
    });

    it('identical builds (PL1 against itself) pass: no go-ftw finding', async () => {
      const c = await compareRuns(join(out, 'baseline'), join(out, 'baseline'), defaultPolicy());
      assert.deepEqual(c.ftw!.newFailures, []);
      assert.equal(c.verdict, 'pass');
    });
  },
);
