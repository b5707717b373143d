/**
 * Issue 11 item 9 on the real lab: `domains: from-config` reads the lab WAF's server names (from a saved
 * `nginx -T` of the running instance, and by running `nginx -T -p -c` itself), replays every build on
 * exactly those domains, records them in run.json and lists them, with the skipped `_`, in the report.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { silentLogger } from '../../src/common/logger.ts';
import { compareRuns, defaultPolicy } from '../../src/compare/index.ts';
import type { RunRecord } from '../../src/compare/types.ts';
import type { WafInstanceState } from '../../src/lab/types.ts';
import { runPipeline, type BuildTarget, type PipelineOptions } from '../../src/pipeline/index.ts';
import { JOB_SUMMARY_MAX_BYTES, renderReport } from '../../src/report/index.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

const NGINX = '/usr/sbin/nginx';
const CORPUS = resolve('corpus/demo/benign.txt');

function target(waf: WafInstanceState, version: string): BuildTarget {
  return {
    label: waf.name,
    version,
    address: { host: waf.host, port: waf.port, tls: false },
    accessLog: waf.accessLog,
    errorLog: waf.errorLog,
    logFormat: 'waf-gate-lab',
    masterPidFile: waf.pidFile,
  };
}

const readJson = async <T>(file: string): Promise<T> =>
  JSON.parse(await readFile(file, 'utf8')) as T;

describe('domains: from-config on the real lab', { timeout: 300_000 }, () => {
  let lab: TestLab;
  let out: string;
  const pipeline = (
    dir: string,
    fromConfig: NonNullable<PipelineOptions['domainsFromConfig']>,
  ): PipelineOptions => ({
    outDir: join(out, dir),
    runId: dir,
    corpus: [{ pattern: CORPUS }],
    domains: [],
    quality: true,
    rounds: 0,
    pressure: { domain: '', connections: 4, durationMs: 500, keepAlive: true },
    domainsFromConfig: fromConfig,
  });

  before(async () => {
    out = await mkdtemp(join(tmpdir(), 'waf-gate-from-config-'));
    lab = await startLab({
      wafs: [
        { name: 'baseline', paranoiaLevel: 1, workers: 1 },
        { name: 'candidate', paranoiaLevel: 1, workers: 1 },
      ],
    });
  });
  after(async () => {
    await lab?.stop();
    await rm(out, { recursive: true, force: true });
  });

  it('replays both builds on the server names of a saved nginx -T, and reports them', async () => {
    const waf = lab.baseline;
    const { stdout } = await promisify(execFile)(NGINX, [
      '-T',
      '-p',
      waf.prefix,
      '-c',
      waf.configFile,
    ]);
    const dumpFile = join(out, 'nginx-T.txt');
    await writeFile(dumpFile, stdout);
    const records = await runPipeline(
      [target(lab.baseline, 'lab:pl1'), target(lab.candidate, 'lab:pl1-twin')],
      pipeline('dump', {
        nginxBinary: NGINX,
        dumpFile,
        samples: {},
        pressureOnFirstDomain: true,
      }),
      { logger: silentLogger },
    );
    for (const record of records) {
      const dir = join(out, 'dump', record.label);
      const onDisk = await readJson<RunRecord>(join(dir, 'run.json'));
      assert.equal(onDisk.domainsFromConfig?.source, dumpFile);
      assert.deepEqual(onDisk.domainsFromConfig?.domains, lab.domains);
      // The lab's catch-all `_` is the one name not replayed, at its place in the config.
      assert.deepEqual(
        onDisk.domainsFromConfig?.skipped.map((s) => [s.name, s.file]),
        [['_', waf.configFile]],
      );
      assert.ok((onDisk.domainsFromConfig?.skipped[0]?.line ?? 0) > 0);
      const replay = await readJson<{ domains: string[] }>(join(dir, 'quality', 'replay.json'));
      assert.deepEqual(replay.domains, lab.domains, `${record.label} replayed the WAF's domains`);
    }
    const comparison = await compareRuns(
      join(out, 'dump', 'baseline'),
      join(out, 'dump', 'candidate'),
      defaultPolicy(),
    );
    assert.deepEqual(comparison.candidate.domains, [...lab.domains].sort());
    const md = renderReport(comparison, { maxChars: JOB_SUMMARY_MAX_BYTES });
    assert.match(md, /\*\*Domains from the WAF\*\* \(candidate\)/);
    for (const domain of lab.domains) assert.ok(md.includes(domain), `report lists ${domain}`);
    assert.ok(md.includes(`${waf.configFile}:`), 'report names the file of the skipped name');
    // Both builds read the same list: the paragraph is not repeated for the baseline.
    assert.equal(md.match(/Domains from the WAF/g)?.length, 1);
  });

  it('runs nginx -T -p -c on the WAF host itself and uses the first domain for pressure', async () => {
    const waf = lab.candidate;
    const [record] = await runPipeline(
      [target(waf, 'lab:pl1')],
      {
        ...pipeline('direct', {
          nginxBinary: NGINX,
          configFile: waf.configFile,
          prefix: waf.prefix,
          samples: {},
          pressureOnFirstDomain: true,
        }),
        quality: false,
        rounds: 1,
      },
      { logger: silentLogger },
    );
    assert.match(record!.domainsFromConfig!.source, /^nginx -T on /);
    assert.deepEqual(record!.domainsFromConfig!.domains, lab.domains);
    const replay = await readJson<{ domains: string[] }>(
      join(out, 'direct', 'candidate', 'rounds', '1', 'replay.json'),
    );
    assert.deepEqual(replay.domains, [lab.domains[0]]);
  });
});
