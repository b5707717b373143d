/** Fitting reports into GitHub's limits: line-boundary truncation with a note, the 1 MiB job summary budget. */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appendJobSummary, fitSummary } from '../../src/github/summary.js';
import { STEP_SUMMARY_MAX_BYTES, truncateMarkdown } from '../../src/github/truncate.js';
import { tempDir } from './support.js';

/** A report of `bytes` UTF-8 bytes: table rows with multi-byte characters. */
function bigReport(bytes: number): string {
  const rows = ['# waf-gate: fail', '', '| # | request | Δ |', '| --- | --- | --- |'];
  let size = rows.join('\n').length;
  for (let i = 0; size < bytes; i++) {
    const row = `| ${i} | GET /search?q=é€😀${i} | +${i % 97} % |`;
    rows.push(row);
    size += Buffer.byteLength(row) + 1;
  }
  return rows.join('\n');
}

describe('truncateMarkdown', () => {
  it('returns short text unchanged', () => {
    assert.deepEqual(truncateMarkdown('a\nb', 10, 'chars', '!'), {
      text: 'a\nb',
      truncated: false,
    });
  });

  it('cuts at a line boundary, appends the note and never exceeds the limit', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    for (const max of [50, 333, 4096]) {
      const out = truncateMarkdown(text, max, 'chars', '\n[truncated]');
      assert.ok(out.truncated);
      assert.ok(out.text.length <= max, `${out.text.length} > ${max}`);
      assert.ok(out.text.endsWith('\n[truncated]'));
      const kept = out.text.slice(0, -'\n[truncated]'.length).split('\n');
      assert.match(kept.at(-1)!, /^line \d+$/, 'the last kept line is whole');
    }
  });

  it('closes a code fence it cuts into, and does not split surrogate pairs', () => {
    const text = `intro\n\`\`\`\n${'😀 raw request line\n'.repeat(500)}\`\`\`\nafter`;
    const out = truncateMarkdown(text, 1000, 'bytes', '\nNOTE');
    assert.ok(Buffer.byteLength(out.text) <= 1000);
    assert.match(out.text, /\n```\nNOTE$/);
    assert.ok(!out.text.includes('\ufffd'));
    const one = truncateMarkdown('😀'.repeat(100), 9, 'chars', '!');
    assert.ok(one.text.length <= 9 && !/[\ud800-\udbff]!$/.test(one.text));
  });
});

describe('job summary', () => {
  it('fits a 3 MiB report into the 1 MiB budget, counting earlier writes of the step', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const file = join(dir, 'step_summary.md');
      await writeFile(file, '## earlier step output\n'.repeat(1000));
      const report = bigReport(3 * 1024 * 1024);
      assert.ok(Buffer.byteLength(report) >= 3 * 1024 * 1024);
      const result = await appendJobSummary(report, { path: file });
      assert.ok(result.written && result.truncated);
      const size = (await readFile(file)).length;
      assert.ok(size <= STEP_SUMMARY_MAX_BYTES, `${size} > 1 MiB`);
      assert.ok(size > STEP_SUMMARY_MAX_BYTES - 1000, 'the budget is used, not wasted');
      const text = await readFile(file, 'utf8');
      assert.match(text, /truncated to fit the 1 MiB job summary limit/);
      assert.ok(!text.includes('\ufffd'));
      // A second write in the same step finds no room and writes nothing rather than exceeding.
      const again = await appendJobSummary(report, { path: file });
      assert.ok((await readFile(file)).length <= STEP_SUMMARY_MAX_BYTES);
      assert.equal(again.bytes + size <= STEP_SUMMARY_MAX_BYTES, true);
    } finally {
      await cleanup();
    }
  });

  it('writes a small report whole, and nothing when GITHUB_STEP_SUMMARY is unset', async () => {
    assert.deepEqual(fitSummary('# ok'), { text: '# ok\n', truncated: false });
    assert.deepEqual(await appendJobSummary('# ok', { path: undefined }), {
      written: false,
      bytes: 0,
      truncated: false,
    });
  });
});
