/**
 * Regenerates the static run directories in test/fixtures/compare/ (used by the golden report tests):
 *   npx tsx test/compare/make-fixtures.ts
 * Deterministic: the same files every time.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { noisyRounds, qualityRequests, writeRun, type FixtureRound } from './fixture-builder.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'compare');
const BASE: FixtureRound = {
  rps: 321,
  cpuMsPerRequest: 3.0,
  p50Us: 58_000,
  p99Us: 140_000,
  rssBytes: 52 * 1024 * 1024,
  cpuPct: 97,
};
const environment = {
  machine: 'lab, 2 cores, Debian bookworm',
  nginx: '1.22.1',
  libmodsecurity: '3.0.9',
  crs: '3.3.4',
  generator: 'waf-gate replay (raw net client)',
};
const T = Date.UTC(2026, 10, 20, 9, 0, 0);

await rm(dir, { recursive: true, force: true });
await writeRun(join(dir, 'baseline-pl1'), {
  label: 'baseline',
  version: 'lab:crs-pl1',
  description: 'nginx + ModSecurity + CRS, paranoia level 1',
  quality: qualityRequests(1),
  rounds: noisyRounds(5, BASE, { qpsPct: 30, cpuPct: 4 }, 101),
  createdAtMs: T,
  environment,
  exactCpu: {},
});
await writeRun(join(dir, 'candidate-pl2'), {
  label: 'candidate',
  version: 'lab:crs-pl2',
  description: 'nginx + ModSecurity + CRS, paranoia level 2',
  quality: qualityRequests(2),
  rounds: noisyRounds(
    5,
    { ...BASE, rps: 246, cpuMsPerRequest: 4.1, p50Us: 76_000, p99Us: 180_000 },
    { qpsPct: 30, cpuPct: 4 },
    102,
  ),
  findings: [
    {
      kind: 'crit',
      line: '2026/11/20 09:04:11 [crit] 4101#4101: *812 SSL_do_handshake() failed | test | <b>',
      lineNumber: 311,
    },
  ],
  createdAtMs: T + 3_600_000,
  environment,
  exactCpu: {},
});
await writeRun(join(dir, 'candidate-pl1-next'), {
  label: 'candidate',
  version: 'lab:crs-pl1-next',
  description: 'PL1 with a rebuilt libmodsecurity',
  quality: qualityRequests(1),
  rounds: noisyRounds(5, BASE, { qpsPct: 30, cpuPct: 4 }, 103),
  createdAtMs: T + 7_200_000,
  environment,
  exactCpu: {},
});
