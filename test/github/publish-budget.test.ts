/**
 * GitHub's size limits still hold once traffic text is escaped (escaping grows text: `@` becomes
 * `@&#8203;`, `|` becomes `\|`): a huge hostile report posted through the fake API stays within 65,535
 * characters in the check run, 65,536 in the sticky comment and 1 MiB in the job summary, and what a
 * reader sees there is still inert, with whole tables.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { publishReport } from '../../src/github/publish.js';
import {
  CHECK_RUN_TEXT_MAX_CHARS,
  COMMENT_BODY_MAX_CHARS,
  STEP_SUMMARY_MAX_BYTES,
  truncateMarkdown,
} from '../../src/github/truncate.js';
import { escapeInline } from '../../src/report/escape.js';
import { JOB_SUMMARY_MAX_BYTES, renderReport } from '../../src/report/index.js';
import { startGitHubApi, type GitHubApi } from '../helpers/github-api.js';
import { assertInert, renderGfm, tableWidths } from '../report/gfm.js';
import { hostileComparison } from '../report/hostile.js';
import { contextFor, tempDir } from './support.js';

const TOKEN = 'ghs_BudgetToken99';

describe('GitHub budgets with escaped traffic', () => {
  let api: GitHubApi;
  let dir: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    api = await startGitHubApi({ token: TOKEN });
    ({ dir, cleanup } = await tempDir());
  });
  after(async () => {
    await api.close();
    await cleanup();
  });
  afterEach(() => assert.deepEqual(api.violations, []));

  const posted = async (result: { checkRunId?: number; commentId?: number }) => {
    const output = api.checkRuns.get(result.checkRunId!)!.output as { summary: string };
    const comment = api.comments.get(7)!.find((c) => c.id === result.commentId)!;
    return { check: output.summary, comment: String(comment.body) };
  };

  it('a report rendered as the compare action does (2,000 hostile changed requests) fits every limit', async () => {
    const comparison = await hostileComparison(100);
    assert.equal(comparison.quality?.changes.length, 2_000);
    // topN far above what fits: renderReport must shrink the lists, measuring the escaped text.
    const markdown = renderReport(comparison, {
      maxChars: CHECK_RUN_TEXT_MAX_CHARS - 1_000,
      topN: 1_000,
    });
    const summary = renderReport(comparison, {
      maxChars: JOB_SUMMARY_MAX_BYTES - 16 * 1024,
      topN: 1_000,
    });
    assert.ok(
      markdown.length > 30_000,
      `the check-run report is near its budget: ${markdown.length}`,
    );
    assert.ok(summary.length > 5 * markdown.length, 'the summary shows more');
    const summaryPath = join(dir, 'rendered.md');
    const result = await publishReport({
      markdown,
      summary,
      verdict: 'fail',
      title: 'fail',
      token: TOKEN,
      context: await contextFor(api),
      options: { summaryPath },
    });
    const { check, comment } = await posted(result);
    const written = await readFile(summaryPath, 'utf8');
    assert.ok(check.length <= CHECK_RUN_TEXT_MAX_CHARS, `check run: ${check.length}`);
    assert.ok(comment.length <= COMMENT_BODY_MAX_CHARS, `comment: ${comment.length}`);
    assert.ok(Buffer.byteLength(written) <= STEP_SUMMARY_MAX_BYTES);
    assert.equal(check, markdown, 'the rendered report fit without a cut');
    assert.equal(written, summary, 'so did the summary');
    // micromark needs seconds per 100 KB of tables: the summary's head and its last table are rendered.
    const lastTable = written.lastIndexOf('\n\n|');
    for (const text of [check, comment, written.slice(0, 60_000), written.slice(lastTable)]) {
      const html = renderGfm(text);
      assertInert(html);
      assert.ok(tableWidths(html).length >= 1);
    }
  });

  it('raw escaped text far over every limit is cut to fit, inert and with whole table rows', async () => {
    const raw = `${'@org/team #1 | <b> '.repeat(40)}http://x`;
    const cell = escapeInline(raw);
    assert.ok(cell.length > 1.8 * raw.length, `escaping grew ${raw.length} to ${cell.length}`);
    const rows = Array.from({ length: 1_500 }, (_, i) => `| ${i} | ${cell} |`);
    const markdown = `| # | request |\n| - | - |\n${rows.join('\n')}\n`;
    assert.ok(Buffer.byteLength(markdown) > 2 * STEP_SUMMARY_MAX_BYTES);
    const summaryPath = join(dir, 'raw.md');
    const result = await publishReport({
      markdown,
      verdict: 'fail',
      title: 'fail',
      token: TOKEN,
      context: await contextFor(api),
      options: { summaryPath },
    });
    const { check, comment } = await posted(result);
    const summary = await readFile(summaryPath, 'utf8');
    assert.ok(check.length <= CHECK_RUN_TEXT_MAX_CHARS, `check run: ${check.length}`);
    assert.ok(comment.length <= COMMENT_BODY_MAX_CHARS, `comment: ${comment.length}`);
    assert.ok(Buffer.byteLength(summary) <= STEP_SUMMARY_MAX_BYTES, 'summary');
    // The 1 MiB summary is rendered from its cut end (header + last rows): micromark needs seconds per MiB.
    const tail = `${summary.split('\n').slice(0, 2).join('\n')}\n${summary.split('\n').slice(-20).join('\n')}`;
    for (const text of [check, comment, tail]) {
      assert.match(text, /truncated to fit the/);
      const html = renderGfm(text);
      assertInert(html);
      assert.deepEqual([...new Set(tableWidths(html))], [2], 'every row keeps its two cells');
    }
  });

  it('a single escaped line cut mid-line leaves no half entity or dangling backslash', () => {
    const line = escapeInline('@a|'.repeat(10_000));
    for (let max = 200; max < 260; max += 1) {
      const { text } = truncateMarkdown(line, max, 'chars', '\n\nNOTE');
      assert.ok(text.length <= max);
      const head = text.slice(0, -'\n\nNOTE'.length);
      assert.doesNotMatch(
        head,
        /&#?[0-9a-z]*$|(^|[^\\])(\\\\)*\\$/i,
        `cut at ${max}: ${head.slice(-12)}`,
      );
      assertInert(renderGfm(text));
    }
  });
});
