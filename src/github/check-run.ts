/**
 * Check runs on the PR head commit: created `in_progress` when the gate starts, completed with the
 * verdict's conclusion and the report when it ends. Needs `checks: write`.
 * Docs: POST /repos/{owner}/{repo}/check-runs, PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}.
 */
import type { GitHubClient } from './client.js';
import { CHECK_RUN_TEXT_MAX_CHARS, truncateMarkdown, truncationNote } from './truncate.js';

/** The gate outcome, as in `src/compare/types.ts`. */
export type GateVerdict = 'pass' | 'fail' | 'neutral';
/** The check-run conclusions waf-gate uses. */
export type CheckConclusion = 'success' | 'failure' | 'neutral';

/** pass → success, fail → failure, neutral → neutral. */
export function conclusionFor(verdict: GateVerdict): CheckConclusion {
  return verdict === 'pass' ? 'success' : verdict === 'fail' ? 'failure' : 'neutral';
}

/** Where the check run lives. */
export interface CheckRunTarget {
  owner: string;
  repo: string;
}

/** Options of {@link createCheckRun}. */
export interface CreateCheckRunOptions extends CheckRunTarget {
  /** Check name shown on the PR. @default "waf-gate" */
  name?: string;
  /** The commit: the PR head SHA (ActionsContext.headSha), never the PR merge commit. */
  headSha: string;
  /** Link shown as "Details", e.g. the workflow run URL. */
  detailsUrl?: string | undefined;
  /** Shown while running. */
  title?: string;
  signal?: AbortSignal;
}

/** The check output, each field cut to the 65,535-character limit. */
export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string | undefined;
}

/** Fits an output into GitHub's limits (title, summary and text ≤ 65,535 characters each). */
export function fitCheckOutput(output: CheckRunOutput): CheckRunOutput {
  const note = truncationNote('65,535-character check run');
  const title = output.title.length > 1000 ? `${output.title.slice(0, 999)}…` : output.title;
  const summary = truncateMarkdown(output.summary, CHECK_RUN_TEXT_MAX_CHARS, 'chars', note).text;
  if (output.text === undefined || output.text === '') return { title, summary };
  return {
    title,
    summary,
    text: truncateMarkdown(output.text, CHECK_RUN_TEXT_MAX_CHARS, 'chars', note).text,
  };
}

interface CheckRunResponse {
  id: number;
  html_url?: string | null;
}

/** A created check run. */
export interface CheckRunRef {
  id: number;
  htmlUrl: string | undefined;
}

/** Creates an `in_progress` check run on `headSha`. */
export async function createCheckRun(
  client: GitHubClient,
  options: CreateCheckRunOptions,
): Promise<CheckRunRef> {
  const body: Record<string, unknown> = {
    name: options.name ?? 'waf-gate',
    head_sha: options.headSha,
    status: 'in_progress',
    started_at: new Date().toISOString(),
    output: {
      title: options.title ?? 'waf-gate is running',
      summary: 'The gate is comparing the candidate build with the baseline.',
    },
  };
  if (options.detailsUrl) body.details_url = options.detailsUrl;
  const { data } = await client.request<CheckRunResponse>(
    'POST',
    `/repos/${enc(options.owner)}/${enc(options.repo)}/check-runs`,
    {
      body,
      signal: options.signal,
    },
  );
  return { id: data.id, htmlUrl: data.html_url ?? undefined };
}

/** Options of {@link completeCheckRun}. */
export interface CompleteCheckRunOptions extends CheckRunTarget {
  checkRunId: number;
  conclusion: CheckConclusion;
  output: CheckRunOutput;
  detailsUrl?: string | undefined;
  signal?: AbortSignal;
}

/** Completes a check run with a conclusion and its (fitted) output. */
export async function completeCheckRun(
  client: GitHubClient,
  options: CompleteCheckRunOptions,
): Promise<CheckRunRef> {
  const body: Record<string, unknown> = {
    status: 'completed',
    conclusion: options.conclusion,
    completed_at: new Date().toISOString(),
    output: fitCheckOutput(options.output),
  };
  if (options.detailsUrl) body.details_url = options.detailsUrl;
  const { data } = await client.request<CheckRunResponse>(
    'PATCH',
    `/repos/${enc(options.owner)}/${enc(options.repo)}/check-runs/${options.checkRunId}`,
    { body, signal: options.signal },
  );
  return { id: data.id, htmlUrl: data.html_url ?? undefined };
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
