/**
 * Posts a rendered report: the job summary always; a check run on the PR head and a sticky PR comment
 * when there is a token. A token without permission (fork PRs get a read-only GITHUB_TOKEN) is not a
 * failure: the summary says what was skipped and why. Any other error is thrown after the summary is
 * written.
 */
import { silentLogger, type Logger } from '../common/logger.js';
import type { ActionsContext } from './context.js';
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from './client.js';
import { completeCheckRun, conclusionFor, createCheckRun, type GateVerdict } from './check-run.js';
import { isPermissionError } from './errors.js';
import { findStickyComment, upsertStickyComment } from './sticky-comment.js';
import { appendJobSummary } from './summary.js';

/** When to post the PR comment. */
export type CommentMode = 'always' | 'on-change' | 'never';

/** Options of {@link publishReport}. */
export interface PublishOptions {
  /** Check run name. @default "waf-gate" */
  checkName?: string;
  /** Create/update a check run. @default true */
  checkRun?: boolean;
  /** An existing check run (created at the start of the job) to complete instead of creating one. */
  checkRunId?: number | undefined;
  /**
   * Sticky PR comment: `always`, `on-change` (only when the verdict is not pass, or a comment already
   * exists to be updated), `never`. @default "always"
   */
  comment?: CommentMode;
  /** Marker key for several gates on one PR. */
  commentKey?: string | undefined;
  /** The job summary file. @default env GITHUB_STEP_SUMMARY of the caller — pass it explicitly */
  summaryPath?: string | undefined;
  /** Budget for this step's summary. @default 1 MiB */
  summaryBudgetBytes?: number;
  /** Client options (base URL, timeouts, retries); the token comes from `token`. */
  client?: Omit<GitHubClientOptions, 'token' | 'logger' | 'signal'>;
  logger?: Logger;
  signal?: AbortSignal;
}

/** Input of {@link publishReport}. */
export interface PublishInput {
  /** The report for the check run and the comment (render with maxChars ≈ 60,000). */
  markdown: string;
  /** The report for the job summary (may be longer; ≤ 1 MiB is enforced). @default markdown */
  summary?: string | undefined;
  verdict: GateVerdict;
  /** One line: the check run's title, e.g. "fail: 12 requests newly blocked". */
  title: string;
  /** GitHub token; without one only the job summary is written. */
  token?: string | undefined;
  context: ActionsContext;
  options?: PublishOptions;
}

/** What was posted. */
export interface PublishResult {
  checkRunId?: number;
  checkRunUrl?: string;
  commentId?: number;
  commentUrl?: string;
  /** Human-readable reasons for each part not posted (also written into the summary). */
  skipped: string[];
  summaryWritten: boolean;
  summaryTruncated: boolean;
}

const FORK_NOTE =
  'the token is read-only (pull requests from forks get a read-only GITHUB_TOKEN). The verdict above still ' +
  'decides the job. To post on fork PRs, run the report from a `workflow_run` workflow, or grant ' +
  '`checks: write` and `pull-requests: write` where the repository allows it.';

/** Posts the report. Throws only for errors other than missing permission. */
export async function publishReport(input: PublishInput): Promise<PublishResult> {
  const options = input.options ?? {};
  const logger = options.logger ?? silentLogger;
  const { context } = input;
  const result: PublishResult = { skipped: [], summaryWritten: false, summaryTruncated: false };
  let failure: Error | undefined;
  const client: GitHubClient | undefined = input.token
    ? createGitHubClient({
        baseUrl: context.apiUrl,
        ...options.client,
        token: input.token,
        logger,
        signal: options.signal,
      })
    : undefined;

  const attempt = async (what: string, body: (c: GitHubClient) => Promise<void>): Promise<void> => {
    if (!client) {
      result.skipped.push(`${what}: no token was given, so only the job summary was written.`);
      return;
    }
    if (failure !== undefined) {
      result.skipped.push(`${what}: not attempted after an earlier GitHub error.`);
      return;
    }
    try {
      await body(client);
    } catch (error) {
      if (!isPermissionError(error)) {
        failure = error instanceof Error ? error : new Error(`${what} failed`, { cause: error });
        result.skipped.push(`${what}: failed (${failure.message}).`);
        return;
      }
      logger.warn(
        `waf-gate could not post the ${what}: ${error instanceof Error ? error.message : String(error)}`,
      );
      result.skipped.push(`${what}: not posted because ${FORK_NOTE}`);
    }
  };

  if (options.checkRun !== false) {
    await attempt('check run', async (c) => {
      const target = { owner: context.owner, repo: context.repo };
      const id =
        options.checkRunId ??
        (
          await createCheckRun(c, {
            ...target,
            name: options.checkName ?? 'waf-gate',
            headSha: context.headSha,
            detailsUrl: context.runUrl,
            ...(options.signal ? { signal: options.signal } : {}),
          })
        ).id;
      const done = await completeCheckRun(c, {
        ...target,
        checkRunId: id,
        conclusion: conclusionFor(input.verdict),
        output: { title: input.title, summary: input.markdown },
        detailsUrl: context.runUrl,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      result.checkRunId = done.id;
      if (done.htmlUrl) result.checkRunUrl = done.htmlUrl;
    });
  } else result.skipped.push('check run: disabled by the options.');

  const mode = options.comment ?? 'always';
  if (mode === 'never') result.skipped.push('PR comment: disabled by the options.');
  else if (!context.pullRequest)
    result.skipped.push('PR comment: this run is not for a pull request.');
  else {
    const pr = context.pullRequest;
    await attempt('PR comment', async (c) => {
      if (mode === 'on-change' && input.verdict === 'pass') {
        // Only refresh an existing comment; a passing gate does not start a new thread.
        const existing = await findStickyComment(c, {
          owner: context.owner,
          repo: context.repo,
          issueNumber: pr.number,
          key: options.commentKey,
        });
        if (!existing) {
          result.skipped.push(
            'PR comment: the gate passed and no earlier comment exists (comment: on-change).',
          );
          return;
        }
      }
      const posted = await upsertStickyComment(c, {
        owner: context.owner,
        repo: context.repo,
        issueNumber: pr.number,
        body: input.markdown,
        key: options.commentKey,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      result.commentId = posted.commentId;
      if (posted.htmlUrl) result.commentUrl = posted.htmlUrl;
    });
  }

  // Notes go first so that truncating a huge report cannot drop them.
  const notes = result.skipped.filter(
    (s) => !s.endsWith('disabled by the options.') && !s.startsWith('PR comment: this run is not'),
  );
  const noteBlock =
    notes.length === 0 ? '' : `> [!NOTE]\n${notes.map((n) => `> waf-gate ${n}`).join('\n>\n')}\n\n`;
  const written = await appendJobSummary(noteBlock + (input.summary ?? input.markdown), {
    path: options.summaryPath,
    ...(options.summaryBudgetBytes !== undefined
      ? { budgetBytes: options.summaryBudgetBytes }
      : {}),
  });
  result.summaryWritten = written.written;
  result.summaryTruncated = written.truncated;
  if (failure !== undefined) throw failure;
  return result;
}
