/**
 * WAF CPU per request from the exact marks (issue 12, item 3): compare uses collect's `exactCpu` when
 * every round of both builds has it, says so with its measurement error, and falls back to the
 * integrated samples — labelled, for every round alike — when a side lacks it (older results). Each
 * metric states the minimum detectable change it achieved (item 5).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CollectResult } from '../../src/collect/index.js';
import { compareRuns, defaultPolicy } from '../../src/compare/index.js';
import { renderReport } from '../../src/report/index.js';
import { noisyRounds, writeRun, type FixtureRound } from './fixture-builder.js';

const BASE: FixtureRound = {
  rps: 321,
  cpuMsPerRequest: 3.0,
  p50Us: 58_000,
  p99Us: 140_000,
  rssBytes: 52 * 1024 * 1024,
  cpuPct: 97,
};

let root: string;
let n = 0;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'waf-gate-compare-exact-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(
  label: 'baseline' | 'candidate',
  seed: number,
  exactCpu?: { sampledCpuFactor?: number },
): Promise<string> {
  n += 1;
  return writeRun(join(root, `${label}-${n}`), {
    label,
    version: label === 'baseline' ? 'lab:crs-pl1' : 'lab:crs-pl1-next',
    rounds: noisyRounds(5, BASE, { qpsPct: 5, cpuPct: 2 }, seed),
    ...(exactCpu ? { exactCpu } : {}),
  });
}

describe('WAF CPU per request: exact or sampled', () => {
  it('uses the exact figure when every round has it, though the samples disagree', async () => {
    // The candidate's samples read 60 % high (a sampling artefact); its exact CPU is unchanged.
    const b = await run('baseline', 41, {});
    const c = await run('candidate', 42, { sampledCpuFactor: 1.6 });
    const cmp = await compareRuns(b, c, defaultPolicy());
    const cpu = cmp.performance!.metrics.find((m) => m.id === 'cpuMsPerRequest')!;
    assert.equal(cpu.source, 'exact');
    assert.ok(Math.abs(cpu.deltaPct!) < 5, JSON.stringify(cpu));
    assert.equal(cpu.regression, false);
    // Ticks of 10 ms: 4 counters per round bound the error at 40 ms of ~9,600 ms.
    assert.ok(
      cpu.measurementErrorPct! > 0.3 && cpu.measurementErrorPct! < 0.5,
      String(cpu.measurementErrorPct),
    );
    assert.ok(cmp.performance!.notes.some((t) => /WAF CPU per request is exact/.test(t)));
    const md = renderReport(cmp, { maxChars: 65_535 });
    assert.match(md, /\| WAF CPU per request \(exact\) \|/);
    assert.match(md, /measurement error ±0\.4 % of the value/);
  });

  it('falls back to the samples on both sides, labelled, when one side has no marks', async () => {
    // Baseline samples read 1.5× its exact CPU; the candidate has samples only (older collect.json).
    // Mixing would compare exact against sampled (≈ 0 %); both sampled it is −33 %.
    const b = await run('baseline', 43, { sampledCpuFactor: 1.5 });
    const c = await run('candidate', 44);
    const cmp = await compareRuns(b, c, defaultPolicy());
    const cpu = cmp.performance!.metrics.find((m) => m.id === 'cpuMsPerRequest')!;
    assert.equal(cpu.source, 'sampled');
    assert.equal(cpu.measurementErrorPct, undefined);
    assert.ok(cpu.deltaPct! < -30 && cpu.deltaPct! > -36, String(cpu.deltaPct));
    const note = cmp.performance!.notes.find((t) => /integrated from the process samples/.test(t));
    assert.ok(note, JSON.stringify(cmp.performance!.notes));
    assert.match(note, /candidate rounds 1, 2, 3, 4, 5: no load-start\/load-end marks/);
    assert.match(renderReport(cmp, { maxChars: 65_535 }), /\| WAF CPU per request \(sampled\) \|/);
  });

  it('a mark that failed is reported with its reason, not read as 0', async () => {
    const b = await run('baseline', 45, {});
    const c = await run('candidate', 46, {});
    // Round 3 of the candidate: no worker at load-end (as collect writes it).
    const file = join(c, 'rounds', '3', 'collect.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as CollectResult;
    const worker = doc.processes.groups[0]!;
    delete worker.exactCpu;
    worker.exactCpuMissing = 'no process of the group at mark "load-end"';
    await writeFile(file, JSON.stringify(doc));
    const cmp = await compareRuns(b, c, defaultPolicy());
    const cpu = cmp.performance!.metrics.find((m) => m.id === 'cpuMsPerRequest')!;
    assert.equal(cpu.source, 'sampled');
    assert.ok(
      cmp.performance!.notes.some((t) =>
        t.includes(
          'candidate round 3: group "nginx-worker": no process of the group at mark "load-end"',
        ),
      ),
      JSON.stringify(cmp.performance!.notes),
    );
  });
});

describe('minimum detectable change', () => {
  it('is half the CI width per metric, and a non-significant result states the bound', async () => {
    const b = await run('baseline', 47, {});
    const c = await run('candidate', 48, {});
    const cmp = await compareRuns(b, c, defaultPolicy());
    for (const m of cmp.performance!.metrics) {
      assert.ok(m.ci, m.id);
      assert.ok(Math.abs(m.mdcPct! - (m.ci.highPct - m.ci.lowPct) / 2) < 1e-9, m.id);
    }
    const cpu = cmp.performance!.metrics.find((m) => m.id === 'cpuMsPerRequest')!;
    assert.equal(cpu.significant, false);
    const bound = Math.max(Math.abs(cpu.ci!.lowPct), Math.abs(cpu.ci!.highPct)).toFixed(1);
    const md = renderReport(cmp, { maxChars: 65_535 });
    assert.ok(
      md.includes(`no change larger than ${bound} % (given the noise)`),
      md.split('\n').find((l) => l.includes('WAF CPU per request')),
    );
    assert.match(md, /\| MDC \|/);
  });
});
