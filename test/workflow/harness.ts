/**
 * Shortcuts for the workflow executor's tests: runners in a temp folder, record lookups, process probes,
 * and the inputs scenarios share (lab WAF variables, a PR event, a tarball build).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { WorkflowRun } from './executor.ts';
import type { Runner } from './runners.ts';
import type { JobRecord, StepRecord } from './types.ts';

/**
 * The repository whose working tree checkout copies and whose actions run: this checkout, or
 * WAF_GATE_WORKFLOW_REPO (e.g. a copy with a freshly built dist/ to try the actions before committing).
 */
export const repoDir = resolve(process.env.WAF_GATE_WORKFLOW_REPO ?? process.cwd());

/** The fixture workflow `name` (under test/fixtures/workflows). */
export const fixture = (name: string): string => resolve('test/fixtures/workflows', name);

/** A bench and a WAF runner under `dir`. */
export function twoRunners(dir: string): Runner[] {
  return [
    { name: 'bench-runner', labels: ['bench'], workDir: join(dir, 'bench', '_work') },
    { name: 'waf-runner', labels: ['waf'], workDir: join(dir, 'waf', '_work') },
  ];
}

/** The (first) record of job `id`; throws listing the jobs when missing. */
export function job(run: WorkflowRun, id: string): JobRecord {
  const found = run.jobs.find((j) => j.id === id);
  if (!found) throw new Error(`no job ${id}; jobs: ${run.jobs.map((j) => j.id).join(', ')}`);
  return found;
}

/** Step `id` of job `jobId` (job level or nested under `parent`). */
export function step(run: WorkflowRun, jobId: string, id: string, parent = ''): StepRecord {
  const record = job(run, jobId);
  const found = record.steps.find((s) => s.id === id && s.parent === parent);
  if (!found)
    throw new Error(
      `no step ${id} in job ${jobId}; steps: ${record.steps.map((s) => `${s.parent}/${s.id}`).join(', ')}` +
        `; error: ${record.error ?? 'none'}; annotations: ${record.annotations.join(' | ')}`,
    );
  return found;
}

/** True while `pid` exists and is not a zombie (PID 1 here may not reap orphans). */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `probe` until it returns a value; throws after `guardMs` (a hang guard, not an assertion on time). */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  guardMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + guardMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${guardMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Kills `pid` if it still runs (test cleanup of a process a scenario left on purpose). */
export function killIfRunning(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Repository variables of one lab WAF: `<prefix>_TARGET`, `_ACCESS_LOG`, `_ERROR_LOG`, `_PID_FILE`. */
export function wafVars(
  prefix: string,
  waf: { host: string; port: number; accessLog: string; errorLog: string; pidFile: string },
): Record<string, string> {
  return {
    [`${prefix}_TARGET`]: `http://${waf.host}:${waf.port}`,
    [`${prefix}_ACCESS_LOG`]: waf.accessLog,
    [`${prefix}_ERROR_LOG`]: waf.errorLog,
    [`${prefix}_PID_FILE`]: waf.pidFile,
  };
}

/** Job `jobId`'s error, annotations and every step log (nested ones too), for failure messages. */
export function jobLogs(run: WorkflowRun, jobId: string): string {
  const record = job(run, jobId);
  return [
    record.error ?? '',
    ...record.annotations,
    ...record.steps.map((s) => `--- ${s.parent}/${s.id} ${s.outcome}\n${s.log}`),
  ].join('\n');
}

/** The pull_request event payload of PR `number` of acme/waf-gate (a same-repository branch). */
export function pullRequestEvent(
  number: number,
  headSha: string,
  baseSha: string,
): Record<string, unknown> {
  return {
    pull_request: {
      number,
      head: { sha: headSha, ref: 'feature', repo: { full_name: 'acme/waf-gate' } },
      base: { ref: 'main', sha: baseSha, repo: { full_name: 'acme/waf-gate' } },
    },
    repository: { id: 1000, full_name: 'acme/waf-gate', default_branch: 'main' },
  };
}

/** A tarball build under `dir` for install-waf: VERSION (its manifest) = `version`, and one file. */
export async function buildTarball(dir: string, version: string): Promise<string> {
  const root = join(dir, 'build');
  await mkdir(join(root, 'sbin'), { recursive: true });
  await writeFile(join(root, 'VERSION'), `${version}\n`);
  await writeFile(join(root, 'sbin/waf'), 'waf\n');
  const file = join(dir, 'waf-build.tar');
  const r = spawnSync('tar', ['-C', root, '-cf', file, '--', 'VERSION', 'sbin'], {
    encoding: 'utf8',
  });
  if (r.error || r.status !== 0) throw new Error(`tar failed: ${r.error?.message ?? r.stderr}`);
  return file;
}
