/** Shared setup for the GitHub tests: an Actions environment pointing at the fake API, temp dirs, a recording logger. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../../src/common/logger.js';
import { readActionsContext, type ActionsContext } from '../../src/github/context.js';
import type { GitHubApi } from '../helpers/github-api.js';

/** The merge commit GitHub puts in GITHUB_SHA on PR events (must never receive the check run). */
export const MERGE_SHA = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';

/** test/fixtures/github/<name> */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/github/${name}`, import.meta.url));
}

/** The runner's environment for `event` (a fixture file name without `.json`). */
export function actionsEnv(
  api: GitHubApi,
  event: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  const eventName = event.replace(/^event-/, '').replace(/-fork$/, '');
  return {
    GITHUB_REPOSITORY: `${api.options.owner}/${api.options.repo}`,
    GITHUB_SHA: MERGE_SHA,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: fixture(`${event}.json`),
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: api.url,
    GITHUB_WORKFLOW_REF: `${api.options.owner}/${api.options.repo}/.github/workflows/waf-gate.yml@refs/heads/main`,
    ...extra,
  };
}

/** The context for `event` against the fake API. */
export function contextFor(api: GitHubApi, event = 'event-pull_request'): Promise<ActionsContext> {
  return readActionsContext(actionsEnv(api, event));
}

/** A temp dir removed by the returned function. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'waf-gate-github-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A logger that keeps every line (to check the token never appears). */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}
