/**
 * Fake GitHub objects for test/helpers/github-api.ts, built from the OpenAPI description's own examples
 * with the fields a test cares about overridden (the server validates them against the documented
 * response schemas before sending).
 */
import { example, type GitHubSpec } from './github-openapi.js';

type Obj = Record<string, unknown>;

/** The repository the fake serves. */
export interface FakeRepo {
  owner: string;
  repo: string;
  repoId: number;
  /** The fake's base URL, for `url` fields. */
  baseUrl: string;
}

/** A workflow run as seeded by a test. */
export interface SeedRunFields {
  id: number;
  workflow: string;
  branch: string;
  event?: string;
  conclusion?: string | null;
  status?: string;
  headRepoId?: number;
  createdAt: string;
  headSha?: string;
}

/** `#/components/schemas/minimal-repository` from the workflow-run example. */
export function minimalRepo(spec: GitHubSpec, id: number, fullName: string): Obj {
  const runs = example<Obj>(spec, 'workflow-run-paginated').workflow_runs as Obj[];
  const base = runs[0]!.repository as Obj;
  const [owner, name] = fullName.split('/');
  return {
    ...base,
    id,
    full_name: fullName,
    name,
    owner: { ...(base.owner as Obj), login: owner },
  };
}

/** A check run created from a `checks/create` body. */
export function fakeCheckRun(
  spec: GitHubSpec,
  repo: FakeRepo,
  id: number,
  body: Obj,
  now: string,
): Obj {
  const full = `${repo.owner}/${repo.repo}`;
  return {
    ...example<Obj>(spec, 'check-run'),
    id,
    name: body.name,
    head_sha: body.head_sha,
    status: body.status ?? 'queued',
    external_id: typeof body.external_id === 'string' ? body.external_id : '',
    conclusion: body.conclusion ?? null,
    started_at: body.started_at ?? now,
    completed_at: null,
    output: {
      title: null,
      summary: null,
      text: null,
      annotations_count: 0,
      annotations_url: '',
      ...(body.output as Obj),
    },
    html_url: `https://github.com/${full}/runs/${id}`,
    url: `${repo.baseUrl}/repos/${full}/check-runs/${id}`,
    pull_requests: [],
  };
}

/** An issue comment. */
export function fakeComment(
  spec: GitHubSpec,
  repo: FakeRepo,
  id: number,
  issue: number,
  body: string,
  now: string,
): Obj {
  return {
    ...example<Obj>(spec, 'issue-comment'),
    id,
    body,
    created_at: now,
    updated_at: now,
    html_url: `https://github.com/${repo.owner}/${repo.repo}/pull/${issue}#issuecomment-${id}`,
    issue_url: `${repo.baseUrl}/repos/${repo.owner}/${repo.repo}/issues/${issue}`,
  };
}

/** A workflow run; a `headRepoId` other than the repository's makes it a fork's run. */
export function fakeWorkflowRun(spec: GitHubSpec, repo: FakeRepo, r: SeedRunFields): Obj {
  const base = (example<Obj>(spec, 'workflow-run-paginated').workflow_runs as Obj[])[0]!;
  const headRepoId = r.headRepoId ?? repo.repoId;
  const full = `${repo.owner}/${repo.repo}`;
  return {
    ...base,
    id: r.id,
    head_branch: r.branch,
    head_sha: r.headSha ?? 'a'.repeat(40),
    event: r.event ?? 'push',
    status: r.status ?? 'completed',
    conclusion: r.conclusion === undefined ? 'success' : r.conclusion,
    path: `.github/workflows/${r.workflow}`,
    created_at: r.createdAt,
    updated_at: r.createdAt,
    html_url: `https://github.com/${full}/actions/runs/${r.id}`,
    repository: minimalRepo(spec, repo.repoId, full),
    head_repository: minimalRepo(
      spec,
      headRepoId,
      headRepoId === repo.repoId ? full : `forker/${repo.repo}`,
    ),
    head_repository_id: headRepoId,
  };
}

/** An artifact of run `runId`. */
export function fakeArtifact(
  spec: GitHubSpec,
  id: number,
  name: string,
  runId: number,
  sizeBytes: number,
  expired: boolean,
  createdAt: string,
): Obj {
  const a = (example<Obj>(spec, 'artifact-paginated').artifacts as Obj[])[0]!;
  return {
    ...a,
    id,
    name,
    size_in_bytes: sizeBytes,
    expired,
    created_at: createdAt,
    workflow_run: { ...(a.workflow_run as Obj), id: runId },
  };
}
