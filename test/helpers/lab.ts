/**
 * Starts the real lab (nginx + ModSecurity + CRS) for a test file and stops it afterwards.
 * Usage: `const lab = await startLab(); after(() => lab.stop());` or `startLab(t)` inside a test.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/common/logger.ts';
import { labDown, labUp } from '../../src/lab/lab.ts';
import type { LabOptions, LabState, WafInstanceState } from '../../src/lab/types.ts';

/** A running lab plus shortcuts. */
export interface TestLab extends LabState {
  baseline: WafInstanceState;
  candidate: WafInstanceState;
  /** Stops every instance and removes the folder. */
  stop(): Promise<void>;
}

/** Starts a lab in a fresh temp folder. `overrides` are passed to labUp (e.g. wafs, domains). */
export async function startLab(overrides: Partial<LabOptions> = {}): Promise<TestLab> {
  const dir = await mkdtemp(join(tmpdir(), 'waf-gate-test-lab-'));
  const state = await labUp({ dir, installPackages: false, ...overrides }, silentLogger);
  const byName = (name: string): WafInstanceState => {
    const waf = state.wafs.find((w) => w.name === name) ?? state.wafs[0];
    if (!waf) throw new Error('lab has no WAF instance');
    return waf;
  };
  return {
    ...state,
    baseline: byName('baseline'),
    candidate: byName('candidate'),
    stop: async () => {
      await labDown(dir, silentLogger);
    },
  };
}
