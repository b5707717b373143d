/**
 * Fresh A/B on one WAF host (the seed's quality test): the measurement plan, the option rules, and the
 * whole flow on the real lab — one nginx + ModSecurity + CRS instance switched between lab builds by
 * install-waf (folder packages setting CRS PL1 / PL2), quality passes and interleaved rounds, the host
 * restored and its lock released at the end.
 */
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { compareRuns, defaultPolicy } from '../../src/compare/index.ts';
import { rawInputsFrom } from '../../src/install/options.ts';
import { labInstallInputs, writeLabBuild } from '../../src/lab/builds.ts';
import { parseMeasureInputs } from '../../src/pipeline/options.ts';
import { measurementPlan } from '../../src/pipeline/pipeline.ts';
import {
  freshAbInstalls,
  runFreshAb,
  type BuildTarget,
  type FreshAbSpec,
  type PipelineOptions,
} from '../../src/pipeline/index.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

const noop = (): Promise<void> => Promise.resolve();
const build = (label: string, prepare = false): BuildTarget => ({
  label,
  version: label,
  address: { host: '127.0.0.1', port: 1, tls: false },
  accessLog: '/dev/null',
  ...(prepare ? { prepare: noop } : {}),
});
const planText = (targets: BuildTarget[], options: Parameters<typeof measurementPlan>[1]) =>
  measurementPlan(targets, options)
    .map((s) => (s.kind === 'round' ? `${s.round}:${s.target.label}` : `q:${s.target.label}`))
    .join(' ');

describe('the measurement plan', () => {
  it('alternates rounds A B, B A for builds on their own addresses', () => {
    assert.equal(
      planText([build('a'), build('b')], { quality: true, rounds: 3 }),
      'q:a q:b 1:a 1:b 2:b 2:a 3:a 3:b',
    );
  });

  it('starts every round with the build installed last when builds switch by install (one switch per round)', () => {
    assert.equal(
      planText([build('a', true), build('b', true)], { quality: true, rounds: 4 }),
      'q:a q:b 1:b 1:a 2:a 2:b 3:b 3:a 4:a 4:b',
    );
    assert.equal(
      planText([build('a', true), build('b', true)], { quality: false, rounds: 2 }),
      '1:a 1:b 2:b 2:a',
    );
  });

  it('measures one build completely before the next when sequential', () => {
    assert.equal(
      planText([build('a', true), build('b', true)], {
        quality: true,
        rounds: 2,
        order: 'sequential',
      }),
      'q:a 1:a 2:a q:b 1:b 2:b',
    );
  });
});

describe('fresh A/B options', () => {
  const base = {
    target: 'http://127.0.0.1:8080',
    'access-log': '/var/log/nginx/access.log',
    corpus: 'corpus/demo',
    domains: 'a.test',
  };
  const parse = (over: Record<string, string>) => parseMeasureInputs({ ...base, ...over });

  it('reads both builds and the build to leave installed', () => {
    const { freshAb, pipeline } = parse({
      package: 'cand.rpm',
      'baseline-package': 'base.rpm',
      'leave-on': 'baseline',
    });
    assert.deepEqual(freshAb, {
      package: 'cand.rpm',
      baselinePackage: 'base.rpm',
      leaveOn: 'baseline',
    });
    assert.match(pipeline.wafHost ?? '', /^local:/);
  });

  it('names the input and says what to do for every impossible combination', () => {
    const cases: [Record<string, string>, RegExp, string][] = [
      [{ 'baseline-package': 'b.rpm' }, /needs the candidate build in package/, 'package'],
      [
        { package: 'c.rpm', 'baseline-package': 'b.rpm', 'baseline-version': '1.0' },
        /baseline-package or baseline-version, not both/,
        'baseline-version',
      ],
      [
        { package: 'c.rpm', 'baseline-version': '1.0', 'leave-on': 'baseline' },
        /leave-on baseline needs baseline-package/,
        'leave-on',
      ],
      [{ package: 'c.rpm', version: '1' }, /only in a fresh A\/B run/, 'package'],
      [{ 'leave-on': 'candidate', version: '1' }, /fresh A\/B run only/, 'leave-on'],
      [{}, /version of the build under test is required/, 'version'],
    ];
    for (const [over, message, input] of cases) {
      assert.throws(
        () => parse(over),
        (error: Error & { input?: string; hint?: string }) => {
          assert.match(error.message, message);
          assert.equal(error.input, input);
          assert.ok(error.hint, `a hint for ${JSON.stringify(over)}`);
          return true;
        },
      );
    }
  });
});

describe('fresh A/B on one lab WAF (real nginx + ModSecurity + CRS)', { timeout: 600_000 }, () => {
  let lab: TestLab;
  let packages: { pl1: string; pl2: string };
  let rulesBefore: string;

  before(async () => {
    lab = await startLab({ wafs: [{ name: 'waf', paranoiaLevel: 1, workers: 1 }] });
    const dir = join(lab.dir, '..', 'packages');
    packages = {
      pl1: await writeLabBuild(dir, { name: 'pl1', version: 'lab-pl1', paranoiaLevel: 1 }),
      pl2: await writeLabBuild(dir, { name: 'pl2', version: 'lab-pl2', paranoiaLevel: 2 }),
    };
    rulesBefore = await readFile(lab.wafs[0]!.rulesFile, 'utf8');
  });
  after(() => lab?.stop());

  async function run(name: string, spec: FreshAbSpec, rounds: number) {
    const waf = lab.wafs[0]!;
    const files = {
      stateFile: join(lab.dir, '..', `${name}-state.json`),
      lockFile: join(lab.dir, '..', `${name}-lock.json`),
    };
    const installs = await freshAbInstalls(spec, rawInputsFrom(labInstallInputs(lab, waf, files)));
    const outDir = join(lab.dir, '..', name);
    const pipeline: PipelineOptions = {
      outDir,
      runId: `t-${name}`,
      corpus: [{ pattern: resolve('corpus/demo') }],
      domains: lab.domains,
      quality: true,
      rounds,
      pressure: { domain: lab.domains[0]!, connections: 4, durationMs: 800, keepAlive: true },
    };
    const target = {
      address: { host: waf.host, port: waf.port, tls: false },
      accessLog: waf.accessLog,
      errorLog: waf.errorLog,
      logFormat: 'waf-gate-lab',
      masterPidFile: waf.pidFile,
    };
    const result = await runFreshAb(target, pipeline, installs, {
      logger: silentLogger,
      restoreAtEnd: true,
    });
    const comparison = await compareRuns(
      join(outDir, 'baseline'),
      join(outDir, 'candidate'),
      defaultPolicy(),
      { logger: silentLogger },
    );
    return { result, comparison, files };
  }

  it('PL2 against PL1: installs in turn, fails with the PL2-only blocks, restores the host', async () => {
    const { result, comparison, files } = await run(
      'pl2',
      { package: packages.pl2, baselinePackage: packages.pl1, leaveOn: 'candidate' },
      2,
    );
    assert.equal(result.baseline.build.version, 'lab-pl1');
    assert.equal(result.candidate.build.version, 'lab-pl2');
    // quality A, quality B, round 1 B A, round 2 A B, then leave on the candidate.
    assert.deepEqual(
      result.switches.map((s) => s.label),
      ['baseline', 'candidate', 'baseline', 'candidate'],
    );
    assert.equal(result.candidate.freshAb?.order, 'interleaved');
    assert.equal(result.candidate.freshAb?.leftOn, 'candidate');
    assert.equal(result.baseline.rounds.length, 2);
    assert.equal(comparison.verdict, 'fail');
    assert.ok(
      comparison.notes.some((n) => /^Baseline: measured in this run \(fresh A\/B/.test(n)),
      comparison.notes.join('\n'),
    );
    assert.equal(comparison.counts.newBlocks, 12);
    assert.equal(comparison.counts.newErrors, 0, 'no request lost to a switch');
    assert.equal(comparison.counts.crashes, 0, 'old workers exiting after a reload are no crash');
    // Restored: the rules file is the lab's again, no state file, the lock released.
    assert.equal(await readFile(lab.wafs[0]!.rulesFile, 'utf8'), rulesBefore);
    assert.equal(await stat(files.stateFile).catch(() => null), null);
    assert.equal(await stat(files.lockFile).catch(() => null), null, 'the host lock is released');
  });

  it('PL1 against PL1 (A/A): no quality difference, pass', async () => {
    const { comparison } = await run(
      'aa',
      { package: packages.pl1, baselinePackage: packages.pl1, leaveOn: 'candidate' },
      0,
    );
    assert.equal(comparison.counts.newBlocks, 0);
    assert.equal(comparison.counts.newPasses, 0);
    assert.equal(comparison.verdict, 'pass');
  });

  it('baseline-version: the build installed now is measured first, then the candidate (sequential)', async () => {
    const { result, comparison } = await run(
      'installed',
      { package: packages.pl2, baselineVersion: 'lab-as-started', leaveOn: 'candidate' },
      1,
    );
    assert.equal(result.baseline.build.version, 'lab-as-started');
    assert.equal(result.candidate.freshAb?.order, 'sequential');
    assert.deepEqual(
      result.switches.map((s) => s.label),
      ['candidate'],
    );
    assert.equal(comparison.counts.newBlocks, 12);
  });
});
