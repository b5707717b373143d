/**
 * A local workflow executor that runs a workflow file the way GitHub's runner does, as far as waf-gate's
 * workflows need: jobs in `needs` order (one after another) on named self-hosted runners, each job with
 * its own workspace, RUNNER_TEMP, tool cache and a fresh RUNNER_TRACKING_ID; job `if:` against the needed
 * jobs' results; a simple matrix; job outputs; and, at job end, the runner's orphan cleanup that kills
 * every process carrying the job's tracking id. Cancelling (options.signal) stops the running step and
 * runs only the `always()`/`cancelled()` steps and jobs.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { ArtifactStore } from './artifact-store.ts';
import {
  asString,
  evaluateCondition,
  evaluateStringMap,
  evaluateToken,
  type Contexts,
  type RunStatus,
  type Scope,
} from './expressions.ts';
import { expandMatrix } from './matrix.ts';
import { killTrackedProcesses } from './processes.ts';
import { pickRunner, prepareFolders, type Runner } from './runners.ts';
import { runSteps } from './steps.ts';
import type { ExecutorOptions, JobRecord, JobState, StepFrame, StepResult } from './types.ts';
import { child, items, literal, loadWorkflow, pairs, type ParsedFile } from './workflow-file.ts';

/** A finished workflow run. */
export interface WorkflowRun {
  result: StepResult;
  /** Every job record in the order the jobs ran (one per matrix combination). */
  jobs: JobRecord[];
  /** The `needs` view of every job id: result and outputs. */
  needs: Record<string, { result: StepResult; outputs: Record<string, string> }>;
  artifacts: ArtifactStore;
}

/** Job ids in an order where every job comes after the jobs it needs (file order otherwise). */
function jobOrder(workflow: ParsedFile): { id: string; job: TemplateToken; needs: string[] }[] {
  const jobs = pairs(child(workflow.root, 'jobs')).map(([id, job]) => ({
    id,
    job,
    needs: items(child(job, 'needs')).map((n) => literal(n) ?? ''),
  }));
  const done = new Set<string>();
  const ordered: typeof jobs = [];
  while (ordered.length < jobs.length) {
    const next = jobs.find((j) => !done.has(j.id) && j.needs.every((n) => done.has(n)));
    if (!next)
      throw new Error(`${workflow.file}: the jobs' needs form a cycle or name a missing job`);
    done.add(next.id);
    ordered.push(next);
  }
  return ordered;
}

/** The inputs context of a workflow_dispatch run: given values over the workflow's defaults. */
function dispatchInputs(workflow: ParsedFile, options: ExecutorOptions): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const definitions = child(child(child(workflow.root, 'on'), 'workflow_dispatch'), 'inputs');
  for (const [name, definition] of pairs(definitions)) {
    const given = options.inputs?.[name];
    const fallback = evaluateToken(child(definition, 'default'), {
      contexts: {},
      status: () => 'success',
    });
    const value = given ?? fallback ?? '';
    inputs[name] =
      literal(child(definition, 'type')) === 'boolean'
        ? asString(value) === 'true'
        : asString(value);
  }
  for (const [name, value] of Object.entries(options.inputs ?? {}))
    if (!(name in inputs)) inputs[name] = value;
  return inputs;
}

/** The github context and GITHUB_* variables of a job. */
function githubContext(
  workflow: ParsedFile,
  options: ExecutorOptions,
  jobId: string,
  workspace: string,
  eventPath: string,
): { context: Record<string, unknown>; env: Record<string, string> } {
  const ref = options.ref ?? 'refs/heads/main';
  const sha = options.sha ?? '0123456789abcdef0123456789abcdef01234567';
  const runId = String(options.runId ?? 1);
  const attempt = String(options.runAttempt ?? 1);
  const apiUrl = options.apiUrl ?? 'http://127.0.0.1:9/api';
  const name = literal(child(workflow.root, 'name')) ?? workflow.file;
  const context = {
    event_name: options.eventName,
    event: options.event ?? {},
    sha,
    ref,
    ref_name: ref.replace(/^refs\/(heads|tags)\//, ''),
    repository: options.repository,
    repository_owner: options.repository.split('/')[0],
    run_id: runId,
    run_number: runId,
    run_attempt: attempt,
    workflow: name,
    job: jobId,
    actor: 'waf-gate-test',
    server_url: 'https://github.com',
    api_url: apiUrl,
    workspace,
    token: options.secrets?.GITHUB_TOKEN ?? '',
    event_path: eventPath,
  };
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: sha,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: context.ref_name,
    GITHUB_REPOSITORY: options.repository,
    GITHUB_REPOSITORY_OWNER: context.repository_owner ?? '',
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_NUMBER: runId,
    GITHUB_RUN_ATTEMPT: attempt,
    GITHUB_WORKFLOW: name,
    GITHUB_WORKFLOW_REF: `${options.repository}/.github/workflows/${basename(workflow.file)}@${ref}`,
    GITHUB_JOB: jobId,
    GITHUB_ACTOR: context.actor,
    GITHUB_SERVER_URL: context.server_url,
    GITHUB_API_URL: apiUrl,
    GITHUB_WORKSPACE: workspace,
  };
  return { context, env };
}

/** Runs `file` with `options`; never throws for a failing job (see the job records). */
export async function runWorkflow(file: string, options: ExecutorOptions): Promise<WorkflowRun> {
  const workflow = await loadWorkflow(file);
  const signal = options.signal ?? new AbortController().signal;
  const artifacts = options.artifacts ?? new ArtifactStore(join(options.runDir, 'artifacts'));
  const needs: WorkflowRun['needs'] = {};
  const records: JobRecord[] = [];
  const inputs = dispatchInputs(workflow, options);
  const pool = new RunnerPool();
  const secrets = options.secrets ?? {};
  const staticContexts: Contexts = { inputs, secrets, vars: options.vars ?? {} };
  for (const { id, job, needs: needed } of jobOrder(workflow)) {
    const needsContext = Object.fromEntries(needed.map((n) => [n, needs[n]]));
    const status = (): RunStatus => {
      if (signal.aborted) return 'cancelled';
      const results = needed.map((n) => needs[n]?.result);
      if (results.some((r) => r === 'failure' || r === 'cancelled')) return 'failure';
      return results.some((r) => r === 'skipped') ? 'skipped' : 'success';
    };
    const { context: github } = githubContext(workflow, options, id, '', '');
    const jobScope: Scope = {
      contexts: { ...staticContexts, github, needs: needsContext },
      status,
      where: workflow.file,
    };
    const jobRecords: JobRecord[] = [];
    if (!evaluateCondition(child(job, 'if'), jobScope)) {
      jobRecords.push(emptyRecord(id, id, 'skipped'));
    } else {
      // Matrix combinations run at the same time, each on a free runner carrying the labels (as on
      // GitHub); with fewer such runners than combinations, a combination waits for one to be free.
      const combinations = expandMatrix(
        evaluateToken(child(child(job, 'strategy'), 'matrix'), jobScope),
      ).map((matrix) => {
        const name = matrix ? `${id} (${Object.values(matrix).map(asString).join(', ')})` : id;
        const contexts: Contexts = { ...jobScope.contexts, matrix: matrix ?? {}, strategy: {} };
        return runJob(workflow, options, { id, name, job, contexts, artifacts, signal, pool });
      });
      jobRecords.push(...(await Promise.all(combinations)));
    }
    records.push(...jobRecords);
    const outputs = Object.assign({}, ...jobRecords.map((r) => r.outputs)) as Record<
      string,
      string
    >;
    const results = jobRecords.map((r) => r.result);
    const result: StepResult = results.includes('cancelled')
      ? 'cancelled'
      : results.includes('failure')
        ? 'failure'
        : results.every((r) => r === 'skipped')
          ? 'skipped'
          : 'success';
    needs[id] = { result, outputs };
  }
  const results = records.map((r) => r.result);
  const result: StepResult = signal.aborted
    ? 'cancelled'
    : results.includes('failure')
      ? 'failure'
      : 'success';
  return { result, jobs: records, needs, artifacts };
}

function emptyRecord(id: string, name: string, result: StepResult): JobRecord {
  return {
    id,
    name,
    result,
    outputs: {},
    runner: '',
    trackingId: '',
    folders: undefined,
    steps: [],
    summary: '',
    annotations: [],
    killedAtJobEnd: [],
  };
}

/** Runs one job (one matrix combination) on its runner, with the job-end cleanup. */
async function runJob(
  workflow: ParsedFile,
  options: ExecutorOptions,
  job: {
    id: string;
    name: string;
    job: TemplateToken;
    contexts: Contexts;
    artifacts: ArtifactStore;
    signal: AbortSignal;
    pool: RunnerPool;
  },
): Promise<JobRecord> {
  const record = emptyRecord(job.id, job.name, 'success');
  // A job that starts after the cancel (if: always()) runs to its end, as on the runner.
  const signal = job.signal.aborted ? new AbortController().signal : job.signal;
  const trackingId = `github_${randomUUID()}`;
  record.trackingId = trackingId;
  let leased: Runner | undefined;
  try {
    for (const unsupported of ['container', 'services', 'uses'])
      if (child(job.job, unsupported) !== undefined)
        throw new Error(
          `${workflow.file}: job ${job.id}: '${unsupported}:' is not supported by the local executor`,
        );
    const labelsScope: Scope = {
      contexts: job.contexts,
      status: () => 'success',
      where: workflow.file,
    };
    const runsOn = evaluateToken(child(job.job, 'runs-on'), labelsScope);
    const labels = (Array.isArray(runsOn) ? runsOn : [runsOn]).map(asString);
    const runner = await job.pool.acquire(options.runners, labels, job.id);
    leased = runner;
    record.runner = runner.name;
    const repoName = options.repository.split('/')[1] ?? options.repository;
    const folders = await prepareFolders(runner, repoName);
    record.folders = folders;
    const eventPath = join(folders.temp, '_github_workflow', 'event.json');
    await mkdir(join(folders.temp, '_github_workflow'), { recursive: true });
    await writeFile(eventPath, JSON.stringify(options.event ?? {}));
    const github = githubContext(workflow, options, job.id, folders.workspace, eventPath);
    const runnerContext = {
      os: 'Linux',
      arch: 'X64',
      name: runner.name,
      temp: folders.temp,
      tool_cache: folders.toolCache,
      workspace: join(runner.workDir, repoName),
    };
    const contexts: Contexts = {
      ...job.contexts,
      github: github.context,
      runner: runnerContext,
      job: { status: 'success' },
    };
    const scope: Scope = { contexts, status: () => 'success', where: workflow.file };
    const workflowEnv = evaluateStringMap(child(workflow.root, 'env'), {
      ...scope,
      contexts: { ...contexts, env: {} },
    });
    const env = {
      ...workflowEnv,
      ...evaluateStringMap(child(job.job, 'env'), {
        ...scope,
        contexts: { ...contexts, env: workflowEnv },
      }),
    };
    const defaults = {
      ...runDefaults(child(workflow.root, 'defaults')),
      ...runDefaults(child(job.job, 'defaults')),
    };
    const state: JobState = {
      options,
      record,
      folders,
      runner,
      env,
      runnerEnv: {
        ...github.env,
        RUNNER_OS: 'Linux',
        RUNNER_ARCH: 'X64',
        RUNNER_NAME: runner.name,
        RUNNER_TEMP: folders.temp,
        RUNNER_TOOL_CACHE: folders.toolCache,
        RUNNER_WORKSPACE: runnerContext.workspace,
        RUNNER_TRACKING_ID: trackingId,
      },
      path: [],
      contexts,
      masks: Object.values(options.secrets ?? {}).filter((s) => s !== ''),
      artifacts: job.artifacts,
      signal,
      stepSignal: signal,
      defaults,
      stepCounter: 0,
    };
    const frame: StepFrame = { file: workflow.file, steps: {}, failed: false, parent: '' };
    await runSteps(state, frame, items(child(job.job, 'steps')));
    record.result = signal.aborted ? 'cancelled' : frame.failed ? 'failure' : 'success';
    const outputScope: Scope = {
      contexts: { ...contexts, env: state.env, steps: frame.steps },
      status: () => (frame.failed ? 'failure' : 'success'),
      where: workflow.file,
    };
    record.outputs = evaluateStringMap(child(job.job, 'outputs'), outputScope);
  } catch (error) {
    record.result = signal.aborted ? 'cancelled' : 'failure';
    record.error = (error as Error).message;
  } finally {
    // The runner's orphan-process cleanup: whatever still carries this job's tracking id dies now.
    record.killedAtJobEnd = await killTrackedProcesses(trackingId);
    if (leased) job.pool.release(leased);
  }
  return record;
}

/** Runners in use: a runner runs one job at a time. */
class RunnerPool {
  private readonly busy = new Set<Runner>();
  private waiting: Array<() => void> = [];

  /** A free runner carrying `labels`; waits while all of them are busy (throws when none carries them). */
  async acquire(runners: Runner[], labels: string[], job: string): Promise<Runner> {
    pickRunner(runners, labels, job);
    for (;;) {
      const free = runners.filter((r) => !this.busy.has(r));
      const runner = free.length > 0 ? tryPick(free, labels, job) : undefined;
      if (runner) {
        this.busy.add(runner);
        return runner;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  release(runner: Runner): void {
    this.busy.delete(runner);
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }
}

function tryPick(runners: Runner[], labels: string[], job: string): Runner | undefined {
  try {
    return pickRunner(runners, labels, job);
  } catch {
    return undefined;
  }
}

function runDefaults(token: TemplateToken | undefined): {
  shell?: string;
  workingDirectory?: string;
} {
  const run = child(token, 'run');
  const shell = literal(child(run, 'shell'));
  const workingDirectory = literal(child(run, 'working-directory'));
  return {
    ...(shell === undefined ? {} : { shell }),
    ...(workingDirectory === undefined ? {} : { workingDirectory }),
  };
}
