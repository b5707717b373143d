/**
 * The environment of a step: the contexts its expressions see, the masking of secrets in its output,
 * its file-command files and the variables of its process.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scope } from './expressions.ts';
import { frameStatus, type JobState, type StepFrame } from './types.ts';

/** The contexts of an expression in a step of `frame`, with `env` as given. */
export function stepScope(job: JobState, frame: StepFrame, env: Record<string, string>): Scope {
  const github = { ...(job.contexts.github as Record<string, unknown>) };
  if (frame.actionPath !== undefined) github.action_path = frame.actionPath;
  return {
    contexts: {
      ...job.contexts,
      github,
      env,
      job: { status: frameStatus(job, frame) },
      steps: frame.steps,
      ...(frame.inputs ? { inputs: frame.inputs } : {}),
    },
    status: () => frameStatus(job, frame),
    // The runner's cancelled() reads the job's status, inside a composite action too.
    cancelled: () => job.signal.aborted,
    where: frame.file,
  };
}

/** Replaces every masked value with ***. */
export function mask(job: JobState, text: string): string {
  let masked = text;
  for (const secret of job.masks) if (secret !== '') masked = masked.split(secret).join('***');
  return masked;
}

/** The files of one step's file commands. */
export interface StepFiles {
  output: string;
  env: string;
  path: string;
  summary: string;
  state: string;
}

/** Creates the empty file-command files of step number `stepNumber`. */
export async function createStepFiles(job: JobState, stepNumber: number): Promise<StepFiles> {
  const dir = join(job.folders.temp, '_runner_file_commands');
  await mkdir(dir, { recursive: true });
  const files: StepFiles = {
    output: join(dir, `set_output_${stepNumber}`),
    env: join(dir, `set_env_${stepNumber}`),
    path: join(dir, `add_path_${stepNumber}`),
    summary: join(dir, `step_summary_${stepNumber}`),
    state: join(dir, `save_state_${stepNumber}`),
  };
  await Promise.all(Object.values(files).map((f: string) => writeFile(f, '')));
  return files;
}

/** The environment of a step process. */
export function processEnv(
  job: JobState,
  env: Record<string, string>,
  files: StepFiles,
  extra: Record<string, string>,
): Record<string, string> {
  const host = job.options.hostEnv ?? {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/root',
  };
  const merged: Record<string, string> = {
    ...host,
    ...job.runnerEnv,
    ...env,
    ...extra,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_PATH: files.path,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
  };
  if (job.path.length > 0) merged.PATH = [...job.path, merged.PATH ?? ''].join(':');
  return merged;
}
