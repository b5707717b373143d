/**
 * The bridge between the local workflow executor and the fake GitHub API (test/helpers/github-api.ts): a
 * finished run is published as a workflow run of its workflow file (event, branch, head SHA,
 * conclusion) whose artifacts are the executor's artifact store, each zipped with the real `zip` tool as
 * the artifact service serves them. A later workflow then finds that run and downloads its artifacts
 * through the REST API, as a PR gate finds the nightly's baseline on GitHub.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitHubApi } from '../helpers/github-api.ts';
import type { WorkflowRun } from './executor.ts';

/** How the published run appears in the API. */
export interface PublishedRun {
  /** The run id (the executor's runId option). */
  id: number;
  /** The workflow file name, e.g. baseline-nightly.yml. */
  workflow: string;
  branch: string;
  event: string;
  headSha: string;
  createdAt: string;
}

/** Zips `dir`'s content (paths relative to it, as upload-artifact@v4 stores them). */
async function zipFolder(dir: string): Promise<Buffer> {
  const temp = await mkdtemp(join(tmpdir(), 'waf-gate-bridge-'));
  try {
    const file = join(temp, 'artifact.zip');
    const result = spawnSync('zip', ['-q', '-r', '-X', file, '.'], { cwd: dir, encoding: 'utf8' });
    if (result.error || result.status !== 0)
      throw new Error(
        `zip of artifact folder ${dir} failed: ${result.error?.message ?? result.stderr}`,
      );
    return await readFile(file);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/**
 * Seeds `api` with `run` as workflow run `published`: conclusion success or failure from the run's
 * result, every artifact of its store downloadable by name. Returns the artifact names published.
 */
export async function publishRun(
  api: GitHubApi,
  run: WorkflowRun,
  published: PublishedRun,
): Promise<string[]> {
  const artifacts: Record<string, Buffer> = {};
  for (const artifact of run.artifacts.list())
    artifacts[artifact.name] = await zipFolder(artifact.dir);
  api.seedRuns([
    {
      ...published,
      conclusion: run.result === 'success' ? 'success' : 'failure',
      status: 'completed',
      artifacts,
    },
  ]);
  return Object.keys(artifacts);
}
