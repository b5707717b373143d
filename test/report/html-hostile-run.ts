/**
 * A baseline/candidate pair whose traffic text tries to break out of report.html: a request line with
 * `<script>alert(1)</script>`, a rule id and a build version carrying markup, an error-log line closing
 * the script block. Written with the compare fixture builder, so the real loaders read it.
 */
import { join } from 'node:path';
import {
  qualityRequests,
  writeRun,
  type FixtureRequest,
  type FixtureRound,
} from '../compare/fixture-builder.js';

/** The request line the page must show literally. */
export const HOSTILE_REQUEST_LINE = 'GET /?q=<script>alert(1)</script>';
/** The candidate's version, markup included. */
export const HOSTILE_VERSION = 'lab:<img src=x onerror=alert(3)>';
/** An error-log line that would end the JSON block if it were not escaped. */
export const HOSTILE_LOG_LINE = '[crit] </script><script>alert(4)</script><!--';

const ROUND: FixtureRound = {
  rps: 300,
  cpuMsPerRequest: 3,
  p50Us: 50_000,
  p99Us: 120_000,
  rssBytes: 50 * 1024 * 1024,
  cpuPct: 90,
  durationMs: 4000,
};

function hostile(blocked: boolean): FixtureRequest {
  return {
    entryKey: 'corpus/hostile.txt#0',
    domain: 'app.test',
    method: 'GET',
    target: '/?q=<script>alert(1)</script>',
    status: blocked ? 403 : 200,
    blocked,
    ...(blocked ? { ruleIds: ['941100"><img src=x onerror=alert(2)>', '949110'] } : {}),
  };
}

/** Writes `<dir>/baseline` and `<dir>/candidate`; returns both paths. */
export async function writeHostileRuns(
  dir: string,
): Promise<{ baselineDir: string; candidateDir: string }> {
  const baselineDir = await writeRun(join(dir, 'baseline'), {
    label: 'baseline',
    version: 'lab:crs-pl1',
    quality: [...qualityRequests(1, ['app.test']), hostile(false)],
    rounds: [ROUND, { ...ROUND, rps: 310 }],
  });
  const candidateDir = await writeRun(join(dir, 'candidate'), {
    label: 'candidate',
    version: HOSTILE_VERSION,
    description: '<b>bold</b> & "quoted"',
    quality: [...qualityRequests(1, ['app.test']), hostile(true)],
    rounds: [
      { ...ROUND, rps: 280 },
      { ...ROUND, rps: 290 },
    ],
    findings: [{ kind: 'crit', line: HOSTILE_LOG_LINE, lineNumber: 7 }],
  });
  return { baselineDir, candidateDir };
}
