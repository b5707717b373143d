/**
 * Golden files pin the report's format. Regenerate after an intended change:
 *   UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/report/golden
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compareRuns, defaultPolicy } from '../../src/compare/index.js';
import { renderCheckSummary, renderReport } from '../../src/report/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'compare');
const golden = join(import.meta.dirname, '..', 'golden');

async function check(name: string, text: string): Promise<void> {
  const file = join(golden, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    await writeFile(file, text);
    return;
  }
  let expected: string;
  try {
    expected = await readFile(file, 'utf8');
  } catch {
    assert.fail(`${file} is missing: run with UPDATE_GOLDEN=1 to create it`);
  }
  assert.equal(
    text,
    expected,
    `${name} differs from the golden file (UPDATE_GOLDEN=1 regenerates it)`,
  );
}

describe('golden reports', () => {
  it('fail: CRS PL2 candidate vs PL1 baseline', async () => {
    const cmp = await compareRuns(
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-pl2'),
      defaultPolicy(),
    );
    assert.equal(cmp.verdict, 'fail');
    const md = renderReport(cmp, {
      maxChars: 65_535,
      artifactUrl: 'https://github.com/acme/waf/actions/runs/42/artifacts/7',
    });
    await check('fail.md', md);
    await check('fail-summary.txt', `${renderCheckSummary(cmp)}\n`);
  });

  it('pass: a PL1 rebuild with the same behaviour and performance', async () => {
    const cmp = await compareRuns(
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-pl1-next'),
      defaultPolicy(),
    );
    assert.equal(cmp.verdict, 'pass');
    await check('pass.md', renderReport(cmp, { maxChars: 65_535 }));
  });

  it('neutral: no baseline yet', async () => {
    const cmp = await compareRuns(null, join(fixtures, 'candidate-pl1-next'), defaultPolicy());
    assert.equal(cmp.verdict, 'neutral');
    await check('neutral.md', renderReport(cmp, { maxChars: 65_535 }));
  });
});
