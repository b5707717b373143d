/**
 * Self-hosted runner records for the local workflow executor: a runner has labels and a root folder laid
 * out like the runner's `_work` (workspace `_work/<repo>/<repo>`, `_work/_temp`, `_work/_tool`,
 * `_work/_actions/<owner>/<repo>/<ref>` for downloaded actions). `runs-on` picks the first runner that
 * carries every requested label.
 */
import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A runner the executor can place jobs on. */
export interface Runner {
  name: string;
  labels: string[];
  /** The runner's `_work` folder. */
  workDir: string;
}

/** The folders of one job on a runner. */
export interface RunnerFolders {
  workspace: string;
  temp: string;
  toolCache: string;
  actions: string;
}

/** Labels every self-hosted runner carries implicitly. */
const IMPLICIT_LABELS = ['self-hosted', 'linux', 'x64'];

/** The runner for a job's `runs-on` labels; throws naming the labels and the runners there are. */
export function pickRunner(runners: Runner[], labels: string[], job: string): Runner {
  const wanted = labels.map((l) => l.toLowerCase());
  const runner = runners.find((r) => {
    const has = new Set([...IMPLICIT_LABELS, ...r.labels.map((l) => l.toLowerCase())]);
    return wanted.every((l) => has.has(l));
  });
  if (!runner)
    throw new Error(
      `job ${job}: no runner carries runs-on labels [${labels.join(', ')}]; runners: ` +
        runners.map((r) => `${r.name} [${r.labels.join(', ')}]`).join('; '),
    );
  return runner;
}

/** Prepares a runner's folders for a job; RUNNER_TEMP starts empty for every job, as on the runner. */
export async function prepareFolders(runner: Runner, repoName: string): Promise<RunnerFolders> {
  const folders: RunnerFolders = {
    workspace: join(runner.workDir, repoName, repoName),
    temp: join(runner.workDir, '_temp'),
    toolCache: join(runner.workDir, '_tool'),
    actions: join(runner.workDir, '_actions'),
  };
  await rm(folders.temp, { recursive: true, force: true });
  await Promise.all(Object.values(folders).map((d: string) => mkdir(d, { recursive: true })));
  return folders;
}

/** What the runner's download of this repository's actions contains (the published tree, no node_modules). */
const ACTION_DOWNLOAD_ENTRIES = ['action.yml', 'package.json', 'dist', 'scripts'];

/**
 * Lays out `repoDir` as the runner's download of `owner/repo@ref` would be: the root action.yml, every
 * sub-action folder's action.yml, dist/, scripts/ and package.json — never node_modules or .git.
 */
export async function downloadRepositoryActions(repoDir: string, target: string): Promise<void> {
  if (await stat(join(target, 'action.yml')).catch(() => undefined)) return;
  await mkdir(target, { recursive: true });
  for (const entry of ACTION_DOWNLOAD_ENTRIES)
    if (await stat(join(repoDir, entry)).catch(() => undefined))
      await cp(join(repoDir, entry), join(target, entry), { recursive: true });
  for (const entry of await readdir(repoDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.'))
      continue;
    const actionFile = join(repoDir, entry.name, 'action.yml');
    if (await stat(actionFile).catch(() => undefined)) {
      await mkdir(join(target, entry.name), { recursive: true });
      await cp(actionFile, join(target, entry.name, 'action.yml'));
    }
  }
}

/**
 * `actions/checkout`: copies the repository's working tree into the workspace, without node_modules
 * and .git (a checkout has no installed dependencies). Clears the workspace first, as checkout does.
 */
export async function checkoutInto(repoDir: string, workspace: string): Promise<void> {
  await rm(workspace, { recursive: true, force: true });
  await mkdir(workspace, { recursive: true });
  for (const entry of await readdir(repoDir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    await cp(join(repoDir, entry.name), join(workspace, entry.name), {
      recursive: true,
      filter: (source) => !source.split('/').includes('node_modules'),
    });
  }
}
