import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Comparison } from '../../src/compare/comparison.js';
import { decide } from '../../src/compare/gate.js';
import { compareRuns, defaultPolicy } from '../../src/compare/index.js';
import { compareQuality } from '../../src/compare/quality.js';
import {
  loadRunDir,
  requestKey,
  type RequestRecord,
  type RequestRecords,
} from '../../src/compare/run-dir.js';
import { silentLogger } from '../../src/common/logger.js';
import { text } from '../../src/report/markdown.js';
import {
  CHECK_RUN_TEXT_MAX_CHARS,
  JOB_SUMMARY_MAX_BYTES,
  renderCheckSummary,
  renderReport,
} from '../../src/report/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'compare');
const CHANGED = 100_000;

/** Every Markdown table in `md`: each row must have as many unescaped pipes as the header. */
function assertWholeTables(md: string): number {
  const lines = md.split('\n');
  let tables = 0;
  for (let i = 0; i < lines.length; i += 1) {
    if (!lines[i]!.startsWith('|')) continue;
    tables += 1;
    const pipes = (line: string): number => line.replace(/\\\|/g, '').split('|').length;
    const width = pipes(lines[i]!);
    assert.match(lines[i + 1] ?? '', /^\|( [:-]+ \|)+$/, `table ${tables} has its delimiter row`);
    let j = i;
    while (j < lines.length && lines[j]!.startsWith('|')) {
      assert.equal(
        pipes(lines[j]!),
        width,
        `table ${tables}, line ${j + 1} has a whole row: ${lines[j]}`,
      );
      j += 1;
    }
    assert.equal(lines[j] ?? '', '', 'a table ends with a blank line, never mid-row');
    i = j;
  }
  return tables;
}

describe('report size budget with 100,000 changed requests', () => {
  let comparison: Comparison;
  before(async () => {
    const baselineRun = await loadRunDir(join(fixtures, 'baseline-pl1'), silentLogger);
    const candidateRun = await loadRunDir(join(fixtures, 'candidate-pl2'), silentLogger);
    const base: RequestRecords = { source: 'joined', records: new Map(), duplicates: 0 };
    const cand: RequestRecords = { source: 'joined', records: new Map(), duplicates: 0 };
    for (let i = 0; i < CHANGED; i += 1) {
      const domain = `d${i % 250}.test`;
      const record: RequestRecord = {
        entryKey: `corpus/big.txt#${i}`,
        domain,
        status: 200,
        error: null,
        blocked: false,
        ruleIds: [],
        origin: { file: 'corpus/big.txt', index: i, line: i * 4 + 1 },
        method: 'GET',
        target: `/p${i % 997}/item|${i}?q=${'x'.repeat(i % 300)}\n<script>`,
      };
      base.records.set(requestKey(record.entryKey, domain), record);
      const blocked = i % 3 !== 0;
      cand.records.set(requestKey(record.entryKey, domain), {
        ...record,
        status: blocked ? 403 : 502,
        blocked,
        ruleIds: blocked ? [`9424${i % 50}`, '949110'] : [],
      });
    }
    const policy = defaultPolicy();
    const quality = compareQuality(baselineRun, candidateRun, base, cand, policy);
    const small = await compareRuns(
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-pl2'),
      policy,
    );
    const decided = decide(
      {
        quality,
        performance: small.performance,
        findings: small.findings,
        noBaseline: null,
        notes: [],
      },
      policy,
    );
    comparison = { ...small, ...decided, quality };
    assert.equal(quality.changes.length, CHANGED);
  });

  it('fits the check-run limit (65,535) and keeps whole tables and a truncation note', () => {
    const md = renderReport(comparison, {
      maxChars: CHECK_RUN_TEXT_MAX_CHARS,
      artifactUrl: 'https://github.com/o/r/actions/runs/1/artifacts/2',
    });
    assert.ok(
      md.length <= CHECK_RUN_TEXT_MAX_CHARS && Buffer.byteLength(md) <= CHECK_RUN_TEXT_MAX_CHARS,
      `${Buffer.byteLength(md)} bytes`,
    );
    assert.ok(md.startsWith('<!-- waf-gate:report -->\n\n## ❌ waf-gate: FAIL'));
    assert.match(
      md,
      /_Showing \d+ of 100,000 changed requests\. All 100,000 are in \[the results artifact\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1\/artifacts\/2\) \(changed-requests\.jsonl\)\._/,
    );
    assert.ok(assertWholeTables(md) >= 5);
    assert.ok(!md.includes('<script>'), 'request text is escaped');
  });

  it('fits the 1 MiB job summary and shows more there', () => {
    const md = renderReport(comparison, { maxChars: JOB_SUMMARY_MAX_BYTES, topN: 500 });
    assert.ok(Buffer.byteLength(md) <= JOB_SUMMARY_MAX_BYTES);
    const small = renderReport(comparison, { maxChars: CHECK_RUN_TEXT_MAX_CHARS, topN: 500 });
    assert.ok(md.length > small.length);
    assertWholeTables(md);
  });

  it('degrades to the verdict and counts under a tiny budget, never over it', () => {
    for (const budget of [20_000, 3_000, 800, 120]) {
      const md = renderReport(comparison, { maxChars: budget });
      assert.ok(Buffer.byteLength(md) <= budget, `${budget}: ${Buffer.byteLength(md)}`);
      assertWholeTables(md);
    }
  });

  it('keeps the check summary to one short paragraph', () => {
    const s = renderCheckSummary(comparison);
    assert.ok(s.length <= 1000);
    assert.ok(!s.includes('\n'));
    assert.match(s, /^FAIL: /);
  });
});

describe('escaping', () => {
  it('escapes pipes, newlines, HTML and Markdown in cells', () => {
    assert.equal(text('a|b\nc'), 'a\\|b c');
    assert.equal(text('<img src=x>'), '\\<img src=x\\>');
    assert.equal(text('*x* _y_ [l](u) `c`'), '\\*x\\* \\_y\\_ \\[l\\](u) \\`c\\`');
  });
  it('drops an artifact link that is not a plain http(s) URL', async () => {
    const cmp = await compareRuns(
      join(fixtures, 'baseline-pl1'),
      join(fixtures, 'candidate-pl2'),
      defaultPolicy(),
    );
    const md = renderReport(cmp, { maxChars: 65_535, artifactUrl: 'javascript:alert(1)' });
    assert.ok(!md.includes('javascript:'));
  });
});
