/**
 * The entries' side of trusted configuration: reads the run context and token, and replaces the given
 * path inputs by copies fetched from the trusted ref (see trusted-config.ts).
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../common/logger.js';
import { createGitHubClient } from './client.js';
import { readActionsContext } from './context.js';
import { trustedPaths } from './trusted-config.js';

type Env = Record<string, string | undefined>;

/**
 * `paths` (input name → value) with each repository path replaced by its copy at the trusted ref
 * (`trusted-ref` input; default the PR base commit on pull request events), and the folder holding
 * those copies (`copyDir`, laid out like the repository) when anything was fetched. Outside GitHub
 * Actions (no `GITHUB_REPOSITORY`) the paths are returned as given.
 */
export async function readTrustedPaths(
  env: Env,
  input: {
    trustedRef: string;
    token: string;
    paths: Record<string, string>;
    /** Comma-separated (optionally weighted) path lists, like the corpus spec. */
    listInputs?: readonly string[];
    logger?: Logger;
  },
): Promise<{ paths: Record<string, string>; copyDir?: string }> {
  if (!env.GITHUB_REPOSITORY) return { paths: input.paths };
  const logger = input.logger ?? silentLogger;
  const context = await readActionsContext(env);
  const client = input.token
    ? createGitHubClient({ baseUrl: context.apiUrl, token: input.token, logger })
    : undefined;
  // Created only when something is fetched; RUNNER_TEMP is emptied by the runner after the job.
  const destDir = join(env.RUNNER_TEMP || tmpdir(), `waf-gate-trusted-${randomUUID()}`);
  const { paths, ref } = await trustedPaths(context, client, {
    trustedRef: input.trustedRef,
    token: input.token,
    paths: input.paths,
    ...(input.listInputs ? { listInputs: input.listInputs } : {}),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    destDir,
    logger,
  });
  return ref === undefined ? { paths } : { paths, copyDir: destDir };
}
