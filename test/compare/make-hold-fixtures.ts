/**
 * Regenerates the static run directories in test/fixtures/hold/ (golden report and compare tests of the
 * long-lived connection phase): npx tsx test/compare/make-hold-fixtures.ts
 * Deterministic: the same files every time.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HOLD_BUILDS, writeHoldRun } from './hold-fixture-builder.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'hold');
await rm(dir, { recursive: true, force: true });
await writeHoldRun(join(dir, 'baseline-pl1'), HOLD_BUILDS.baseline);
await writeHoldRun(join(dir, 'candidate-short-timeout'), HOLD_BUILDS.shortTimeout);
await writeHoldRun(join(dir, 'candidate-twin'), HOLD_BUILDS.twin);
