/**
 * The GitHub Actions run context, read from the runner's environment variables and the event payload
 * file — without `@actions/core`: callers pass the environment (and, for tests, a file reader).
 * The commit a check run belongs on is the PR head (`pull_request.head.sha`), not `GITHUB_SHA`, which
 * on `pull_request` events is a temporary merge commit that never shows on the PR.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../common/errors.js';

/** The pull request the run belongs to. */
export interface PullRequestContext {
  number: number;
  /** The PR head commit: where check runs go. */
  headSha: string;
  headRef: string | undefined;
  baseRef: string | undefined;
  /** The base branch's commit the PR was opened against / last synced with (`pull_request.base.sha`). */
  baseSha: string | undefined;
  /** `owner/repo` of the head; differs from the base for fork PRs. */
  headRepoFullName: string | undefined;
  /** True when the head lives in another repository (fork PR: the token is read-only). */
  isFork: boolean;
}

/** Everything the GitHub stage needs to know about the run. */
export interface ActionsContext {
  owner: string;
  repo: string;
  /** `GITHUB_EVENT_NAME`, e.g. `pull_request`, `push`. */
  eventName: string;
  /** `GITHUB_SHA` (a merge commit on PRs). */
  sha: string;
  /** The commit to report on: the PR head SHA on PR events, else `GITHUB_SHA`. */
  headSha: string;
  ref: string | undefined;
  pullRequest: PullRequestContext | undefined;
  /** From the event payload's `repository.default_branch`. */
  defaultBranch: string | undefined;
  /** From the event payload's `repository.id`. */
  repositoryId: number | undefined;
  runId: number | undefined;
  runAttempt: number | undefined;
  /** @default "https://github.com" */
  serverUrl: string;
  /** @default "https://api.github.com" */
  apiUrl: string;
  /** Workflow file name (`ci.yml`) from `GITHUB_WORKFLOW_REF`. */
  workflowFile: string | undefined;
  /** Link to this run's page, when the run id is known. */
  runUrl: string | undefined;
}

type Env = Record<string, string | undefined>;

/** Events whose payload carries `pull_request`. */
const PR_EVENTS = new Set([
  'pull_request',
  'pull_request_target',
  'pull_request_review',
  'pull_request_review_comment',
]);

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

function obj(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

/** The workflow file name from `GITHUB_WORKFLOW_REF` (`o/r/.github/workflows/ci.yml@refs/heads/main`). */
export function workflowFileFromRef(workflowRef: string | undefined): string | undefined {
  const match = /\/\.github\/workflows\/([^@/]+)@/.exec(workflowRef ?? '');
  return match?.[1];
}

/** Reads the PR out of an event payload; undefined when the event is not about a PR. */
export function pullRequestFromPayload(
  eventName: string,
  payload: Record<string, unknown>,
): PullRequestContext | undefined {
  const pr = PR_EVENTS.has(eventName) ? obj(payload.pull_request) : undefined;
  if (eventName === 'workflow_run') {
    // The "workflow_run" recipe for fork PRs: the triggering run's head, PR number when GitHub gives one.
    const run = obj(payload.workflow_run);
    const first = obj((run.pull_requests as unknown[] | undefined)?.[0]);
    const headSha = str(run.head_sha);
    const number = num(first.number);
    if (!headSha || number === undefined) return undefined;
    const headRepo = str(obj(run.head_repository).full_name);
    const baseRepo = str(obj(run.repository).full_name);
    return {
      number,
      headSha,
      headRef: str(run.head_branch),
      baseRef: str(obj(first.base).ref),
      baseSha: str(obj(first.base).sha),
      headRepoFullName: headRepo,
      isFork: headRepo !== undefined && baseRepo !== undefined && headRepo !== baseRepo,
    };
  }
  if (!pr || num(pr.number) === undefined) return undefined;
  const head = obj(pr.head);
  const base = obj(pr.base);
  const headRepo = obj(head.repo);
  const headFull = str(headRepo.full_name);
  const baseFull = str(obj(base.repo).full_name);
  const headSha = str(head.sha);
  if (!headSha) return undefined;
  return {
    number: num(pr.number)!,
    headSha,
    headRef: str(head.ref),
    baseRef: str(base.ref),
    baseSha: str(base.sha),
    headRepoFullName: headFull,
    // A deleted fork has head.repo = null: treat it as a fork (its token is read-only too).
    isFork:
      headRepo.fork === true ||
      headFull === undefined ||
      (baseFull !== undefined && headFull !== baseFull),
  };
}

/**
 * Reads the context from `env` (normally `process.env`) and the payload at `GITHUB_EVENT_PATH`.
 * Throws a ConfigError naming the variable when `GITHUB_REPOSITORY` or `GITHUB_SHA` is missing or the
 * payload file is unreadable.
 */
export async function readActionsContext(
  env: Env,
  read: (path: string) => Promise<string> = (p) => readFile(p, 'utf8'),
): Promise<ActionsContext> {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo, ...rest] = repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    throw new ConfigError('GITHUB_REPOSITORY must be "owner/repo".', {
      input: 'GITHUB_REPOSITORY',
      value: repository,
      hint: 'Run inside GitHub Actions, or set GITHUB_REPOSITORY (and GITHUB_SHA, GITHUB_EVENT_PATH) yourself.',
    });
  }
  const sha = env.GITHUB_SHA ?? '';
  if (!/^[0-9a-f]{40}$/i.test(sha)) {
    throw new ConfigError('GITHUB_SHA must be a 40-character commit id.', {
      input: 'GITHUB_SHA',
      value: sha,
    });
  }
  const eventName = env.GITHUB_EVENT_NAME ?? '';
  let payload: Record<string, unknown> = {};
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    let text: string;
    try {
      text = await read(eventPath);
    } catch (error) {
      throw new ConfigError('Cannot read the event payload file.', {
        input: 'GITHUB_EVENT_PATH',
        file: eventPath,
        cause: error,
      });
    }
    try {
      payload = obj(JSON.parse(text));
    } catch (error) {
      throw new ConfigError('The event payload file is not valid JSON.', {
        input: 'GITHUB_EVENT_PATH',
        file: eventPath,
        cause: error,
      });
    }
  }
  const pullRequest = pullRequestFromPayload(eventName, payload);
  const repoPayload = obj(payload.repository);
  const serverUrl = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  const runId = num(env.GITHUB_RUN_ID);
  return {
    owner,
    repo,
    eventName,
    sha,
    headSha: pullRequest?.headSha ?? sha,
    ref: str(env.GITHUB_REF),
    pullRequest,
    defaultBranch: str(repoPayload.default_branch),
    repositoryId: num(repoPayload.id) ?? num(env.GITHUB_REPOSITORY_ID),
    runId,
    runAttempt: num(env.GITHUB_RUN_ATTEMPT),
    serverUrl,
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    workflowFile: workflowFileFromRef(env.GITHUB_WORKFLOW_REF),
    runUrl: runId === undefined ? undefined : `${serverUrl}/${owner}/${repo}/actions/runs/${runId}`,
  };
}
