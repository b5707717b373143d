/**
 * The long-lived connection scenario end to end on the real lab, through the CLI (`waf-gate measure`
 * with a hold phase per build, then `waf-gate compare`): a candidate whose nginx proxy_read_timeout on
 * /ws (2 s) is shorter than the heartbeat interval (3 s) fails the gate with its dropped connections
 * counted; an identical build passes. The WAF's file descriptors and RSS per held connection come from
 * the real /proc of the lab's nginx workers.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CollectResult } from '../../src/collect/index.ts';
import type { ResultsFile } from '../../src/compare/index.ts';
import type { RunRecord } from '../../src/compare/types.ts';
import type { WafInstanceState } from '../../src/lab/types.ts';
import { startLab, type TestLab } from '../helpers/lab.ts';

const CONNECTIONS = 20;

/** Runs the CLI from the sources; resolves with its exit code and output (bounded by the test timeout). */
function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: resolve(import.meta.dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out }));
  });
}

describe('long-lived connections through the gate (real lab, CLI)', { timeout: 300_000 }, () => {
  let lab: TestLab;
  let out: string;
  const waf = (name: string): WafInstanceState => lab.wafs.find((w) => w.name === name)!;

  const measure = async (name: string, version: string): Promise<void> => {
    const w = waf(name);
    const r = await cli([
      'measure',
      `--target=http://${w.host}:${w.port}`,
      `--label=${name}`,
      `--version=${version}`,
      `--access-log=${w.accessLog}`,
      `--error-log=${w.errorLog}`,
      `--master-pid-file=${w.pidFile}`,
      `--corpus=${resolve('corpus/demo')}`,
      `--domains=${lab.domains.join(',')}`,
      '--quality=false',
      '--rounds=0',
      `--hold-connections=${CONNECTIONS}`,
      '--hold-hatch-rate=40',
      '--hold-duration=5s',
      '--ping-interval=3s',
      '--pong-timeout=1s',
      '--push-rate=0',
      '--reconnect-attempts=0',
      `--out-dir=${out}`,
      `--run-id=hold-${name}`,
    ]);
    assert.equal(r.code, 0, r.out);
  };

  const compare = async (
    candidate: string,
  ): Promise<{ code: number | null; results: ResultsFile }> => {
    const dir = join(out, `results-${candidate}`);
    const r = await cli([
      'compare',
      `--baseline=${join(out, 'baseline')}`,
      `--candidate=${join(out, candidate)}`,
      `--out=${dir}`,
    ]);
    const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as ResultsFile;
    return { code: r.code, results };
  };

  before(async () => {
    lab = await startLab({
      wafs: [
        { name: 'baseline', paranoiaLevel: 1, workers: 1 },
        { name: 'candidate', paranoiaLevel: 1, workers: 1, wsReadTimeoutS: 2 },
        { name: 'twin', paranoiaLevel: 1, workers: 1 },
      ],
    });
    out = join(lab.dir, '..', 'out');
    await measure('baseline', 'lab:crs-pl1');
    await measure('candidate', 'lab:crs-pl1-ws-read-timeout-2s');
    await measure('twin', 'lab:crs-pl1-twin');
  });
  after(() => lab?.stop());

  it('fails the short proxy_read_timeout build with every dropped connection counted', async () => {
    const { code, results } = await compare('candidate');
    assert.equal(code, 1, JSON.stringify(results.comparison.reasons));
    assert.equal(results.verdict, 'fail');
    const hold = results.comparison.hold!;
    assert.equal(hold.baseline!.heldToEnd, CONNECTIONS);
    assert.equal(hold.baseline!.unexpectedDrops, 0);
    assert.equal(hold.candidate!.upgraded, CONNECTIONS);
    assert.equal(hold.candidate!.unexpectedDrops, CONNECTIONS);
    assert.equal(hold.candidate!.heldToEnd, 0);
    const drops = hold.checks.find((c) => c.id === 'unexpectedDrops')!;
    assert.equal(drops.result, 'fail');
    assert.ok(
      results.reasons.some((r) =>
        r.startsWith('Long-lived connections: Unexpected drops: candidate 20 of 20'),
      ),
      JSON.stringify(results.reasons),
    );
    const report = await readFile(join(out, 'results-candidate', 'report.md'), 'utf8');
    assert.match(report, /### Long-lived connections/);
  });

  it('passes the identical build', async () => {
    const { code, results } = await compare('twin');
    assert.equal(results.verdict, 'pass', JSON.stringify(results.comparison.reasons));
    assert.equal(code, 0);
    assert.ok(results.comparison.hold!.checks.every((c) => c.result !== 'fail'));
  });

  it('records the hold phase in run.json and the WAF cost per held connection from /proc', async () => {
    const record = JSON.parse(
      await readFile(join(out, 'baseline', 'run.json'), 'utf8'),
    ) as RunRecord;
    assert.deepEqual(record.hold, { holdFile: 'hold/hold.json', collectFile: 'hold/collect.json' });
    const collect = JSON.parse(
      await readFile(join(out, 'baseline', 'hold', 'collect.json'), 'utf8'),
    ) as CollectResult;
    const worker = collect.processes.groups.find((g) => g.name === 'nginx-worker')!;
    assert.ok(worker.fds !== undefined, worker.fdsMissing);
    const [cost] = collect.perHeldConnection!;
    assert.equal(cost!.group, 'nginx-worker');
    assert.equal(cost!.peakOpen, CONNECTIONS);
    assert.deepEqual(cost!.missing, []);
    // Each held connection holds a client socket and an upstream socket in the worker.
    assert.ok(
      cost!.fdsPerConnection! >= 1.5 && cost!.fdsPerConnection! <= 2.5,
      JSON.stringify(cost),
    );
    assert.ok(cost!.fdsPeak! > cost!.fdsIdle!, JSON.stringify(cost));
    assert.equal(cost!.cpuSource, 'exact');
    assert.ok(cost!.rssBytesPerConnection !== null);
  });
});
