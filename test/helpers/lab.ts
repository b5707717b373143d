/**
 * Starts the real lab (nginx + ModSecurity + CRS) for a test file and stops it afterwards.
 * Usage: `const lab = await startLab(); after(() => lab.stop());` or `startLab(t)` inside a test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../src/common/logger.ts';
import { labDown, labUp } from '../../src/lab/lab.ts';
import type { LabOptions, LabState, WafInstanceState } from '../../src/lab/types.ts';

/** A running lab plus shortcuts. */
export interface TestLab extends LabState {
  baseline: WafInstanceState;
  candidate: WafInstanceState;
  /** Stops every instance and removes the test's temp folder (with whatever a test added). */
  stop(): Promise<void>;
}

/**
 * Starts a lab in a folder `lab up` creates inside a fresh temp folder, so `lab down` may remove it.
 * `overrides` are passed to labUp (e.g. wafs, domains).
 */
export async function startLab(overrides: Partial<LabOptions> = {}): Promise<TestLab> {
  const parent = await mkdtemp(join(tmpdir(), 'waf-gate-test-lab-'));
  const dir = join(parent, 'lab');
  const state = await labUp({ dir, installPackages: false, ...overrides }, silentLogger).catch(
    async (error: unknown) => {
      await rm(parent, { recursive: true, force: true });
      throw error;
    },
  );
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
      try {
        await labDown(dir, silentLogger);
      } finally {
        await rm(parent, { recursive: true, force: true });
      }
    },
  };
}
