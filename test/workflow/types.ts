/** Shared shapes of the local workflow executor. */
import type { ArtifactStore } from './artifact-store.ts';
import type { Contexts, RunStatus } from './expressions.ts';
import type { Runner, RunnerFolders } from './runners.ts';

/** A step's result as the `steps` context holds it. */
export interface StepContext {
  outputs: Record<string, string>;
  outcome: StepResult;
  conclusion: StepResult;
}

/** A step's or job's result. */
export type StepResult = 'success' | 'failure' | 'cancelled' | 'skipped';

/** What one executed step left (in the job's record, including composite inner steps). */
export interface StepRecord extends StepContext {
  /** `id`, or the generated `__run_<n>` / `__<action>` id. */
  id: string;
  name: string;
  /** Nesting: the composite action's step id path (empty at job level). */
  parent: string;
  exitCode: number | null;
  log: string;
}

/** A job as it ran (one record per matrix combination). */
export interface JobRecord {
  id: string;
  /** Display name: the id plus the matrix values. */
  name: string;
  result: StepResult;
  outputs: Record<string, string>;
  runner: string;
  trackingId: string;
  folders: RunnerFolders | undefined;
  steps: StepRecord[];
  /** The job summary (every step's GITHUB_STEP_SUMMARY, in order). */
  summary: string;
  /** `::error::`/`::warning::`/`::notice::` lines, secrets masked. */
  annotations: string[];
  /** PIDs the job-end cleanup killed by tracking id. */
  killedAtJobEnd: number[];
  /** Why the job failed before its steps ran (runner missing, bad expression). */
  error?: string;
}

/** What the executor is given for one workflow run. */
export interface ExecutorOptions {
  /** The repository whose working tree actions/checkout copies and whose actions `uses:` runs. */
  repoDir: string;
  /** owner/name of that repository (e.g. acme/waf-gate). */
  repository: string;
  runners: Runner[];
  /** Folder for the artifact store and event files of the run. */
  runDir: string;
  eventName: string;
  /** The event payload (github.event). */
  event?: Record<string, unknown>;
  /** workflow_dispatch inputs (defaults from the workflow are filled in). */
  inputs?: Record<string, string | boolean | number>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  sha?: string;
  ref?: string;
  runId?: number;
  runAttempt?: number;
  /** GITHUB_API_URL (the fake GitHub API server of a scenario). */
  apiUrl?: string;
  /** Cancels the run (like the Cancel button). */
  signal?: AbortSignal;
  /** Base environment of every step (the runner service's own environment). Default PATH and HOME. */
  hostEnv?: Record<string, string>;
  /** Reuse an artifact store (a re-run keeps the run's artifacts). */
  artifacts?: ArtifactStore;
}

/** The state of one job while it runs, shared by its steps and composite actions. */
export interface JobState {
  options: ExecutorOptions;
  record: JobRecord;
  folders: RunnerFolders;
  runner: Runner;
  /** Environment of later steps: workflow env, job env, GITHUB_ENV additions. */
  env: Record<string, string>;
  /** GITHUB_*, RUNNER_* and CI variables of every step of the job. */
  runnerEnv: Record<string, string>;
  /** GITHUB_PATH additions, newest first. */
  path: string[];
  /** Context values that do not change during the job (github, needs, inputs, matrix, ...). */
  contexts: Contexts;
  /** Values masked in logs and annotations. */
  masks: string[];
  artifacts: ArtifactStore;
  /** The run's cancel signal. */
  signal: AbortSignal;
  /**
   * The signal of the running step: the run's, or one that never fires for a step that started after
   * the cancel (always() steps then run to their end, as on the runner).
   */
  stepSignal: AbortSignal;
  defaults: { shell?: string; workingDirectory?: string };
  stepCounter: number;
}

/** A list of steps running together: the job's, or a composite action's. */
export interface StepFrame {
  file: string;
  steps: Record<string, StepContext>;
  failed: boolean;
  /** The composite action's inputs and folder (undefined at job level). */
  inputs?: Record<string, string>;
  actionPath?: string;
  /** Environment the enclosing `uses:` step gave a composite action's steps. */
  env?: Record<string, string>;
  parent: string;
  /** A composite action's frame: one of its steps was cancelled (the action's own status is cancelled). */
  cancelled?: boolean;
  /** A composite action's frame: the signal of the `uses:` step that runs it. */
  signal?: AbortSignal;
}

/**
 * The status success() and failure() of a frame see. As on the runner, a composite action's own steps
 * see the action's result so far (`github.action_status`), not the job's: an action run by an
 * `if: always()` step after a cancel runs its default `success()` steps (e.g. a restore), while an
 * action that was running when the cancel came skips them. cancelled() reads the job (see stepScope).
 */
export function frameStatus(job: JobState, frame: StepFrame): RunStatus {
  if (frame.actionPath !== undefined) {
    if (frame.failed) return 'failure';
    return frame.cancelled === true || frame.signal?.aborted === true ? 'cancelled' : 'success';
  }
  if (job.signal.aborted) return 'cancelled';
  return frame.failed ? 'failure' : 'success';
}
