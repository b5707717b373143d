/**
 * Runs a list of steps the way the runner does: `if:` (default success()) against the frame's status,
 * `env:` layered on the job's, `run:` through the step's shell in its own process group with the
 * GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STEP_SUMMARY files, `uses:` through runUses,
 * `continue-on-error`, `timeout-minutes`, and the workflow commands ::add-mask:: and ::error::.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { runUses } from './actions.ts';
import {
  asString,
  evaluateCondition,
  evaluateString,
  evaluateStringMap,
  evaluateToken,
  truthy,
  type Scope,
} from './expressions.ts';
import { parseKeyValueFile, parsePathFile } from './file-commands.ts';
import { runProcess } from './processes.ts';
import { createStepFiles, mask, processEnv, stepScope, type StepFiles } from './step-env.ts';
import type { JobState, StepFrame, StepRecord, StepResult } from './types.ts';
import { child, literal } from './workflow-file.ts';

/** Step timeout when none is set: the runner's job default of 360 minutes. */
const DEFAULT_TIMEOUT_MINUTES = 360;

/** Handles workflow commands in a step's output: masks and annotations. */
function readWorkflowCommands(job: JobState, output: string): void {
  for (const line of output.split('\n')) {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line.trim());
    if (!command) continue;
    const [, name, value] = command;
    // The runner unescapes command data (%25, %0D, %0A), so a multi-line value is masked whole.
    if (name === 'add-mask')
      job.masks.push(value!.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'));
    else if (name === 'error' || name === 'warning' || name === 'notice')
      job.record.annotations.push(mask(job, line.trim()));
  }
}

/** The runner's argv for a `shell:` value and a script file. */
function shellArgv(shell: string | undefined, script: string): string[] {
  switch (shell) {
    case undefined:
      return ['bash', '-e', script];
    case 'bash':
      return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', script];
    case 'sh':
      return ['sh', '-e', script];
    default: {
      if (!shell.includes('{0}'))
        throw new Error(`shell '${shell}' is not supported (bash, sh or a command with {0})`);
      return shell.split(/\s+/).map((part) => (part === '{0}' ? script : part));
    }
  }
}

/** Applies a finished step's file commands to the job; returns its outputs. */
async function applyFileCommands(job: JobState, files: StepFiles): Promise<Record<string, string>> {
  const read = (file: string): Promise<string> => readFile(file, 'utf8');
  Object.assign(job.env, parseKeyValueFile(await read(files.env), 'GITHUB_ENV'));
  job.path.unshift(...parsePathFile(await read(files.path)).reverse());
  const summary = await read(files.summary);
  if (summary !== '') job.record.summary += mask(job, summary);
  return parseKeyValueFile(await read(files.output), 'GITHUB_OUTPUT');
}

/** Runs one `run:` step; returns its result and exit code. */
async function runScript(
  job: JobState,
  frame: StepFrame,
  step: TemplateToken,
  scope: Scope,
  env: Record<string, string>,
  files: StepFiles,
  timeoutMs: number,
  record: StepRecord,
): Promise<StepResult> {
  const script = evaluateString(child(step, 'run'), scope);
  const shell =
    literal(child(step, 'shell')) ?? (frame.actionPath ? undefined : job.defaults.shell);
  if (frame.actionPath !== undefined && shell === undefined)
    throw new Error(`${frame.file}: a composite action's run step needs shell:`);
  const workingDirectory =
    evaluateString(child(step, 'working-directory'), scope) ||
    (frame.actionPath ? '' : (job.defaults.workingDirectory ?? ''));
  const cwd = isAbsolute(workingDirectory)
    ? workingDirectory
    : resolve(job.folders.workspace, workingDirectory);
  const scriptFile = join(
    job.folders.temp,
    `${record.id.replace(/[^\w-]/g, '_')}-${job.stepCounter}.sh`,
  );
  await writeFile(scriptFile, script);
  const extra: Record<string, string> = {};
  if (frame.actionPath !== undefined) extra.GITHUB_ACTION_PATH = frame.actionPath;
  const result = await runProcess(shellArgv(shell, scriptFile), {
    cwd,
    env: processEnv(job, env, files, extra),
    timeoutMs,
    signal: job.stepSignal,
  });
  record.exitCode = result.exitCode;
  // Commands first: a value the step itself masks (::add-mask::) is hidden in its own log too.
  readWorkflowCommands(job, result.output);
  record.log = mask(job, result.output);
  if (result.cancelled) return 'cancelled';
  if (result.timedOut) {
    record.log += `\nThe action has timed out.`;
    return 'failure';
  }
  return result.exitCode === 0 ? 'success' : 'failure';
}

/** The runner's id for a step without `id:`: `__run`, `__owner_repo`, made unique with `_2`, `_3`... */
function generatedId(frame: StepFrame, uses: string | undefined): string {
  const base = uses ? `__${uses.replace(/@.*$/, '').replace(/[^\w-]/g, '_')}` : '__run';
  let id = base;
  for (let n = 2; id in frame.steps; n += 1) id = `${base}_${n}`;
  return id;
}

/** Runs `steps` in `frame` one after the other. */
export async function runSteps(
  job: JobState,
  frame: StepFrame,
  steps: TemplateToken[],
): Promise<void> {
  for (const step of steps) {
    job.stepCounter += 1;
    const uses = literal(child(step, 'uses'));
    const id = literal(child(step, 'id')) ?? generatedId(frame, uses);
    const record: StepRecord = {
      id,
      name: literal(child(step, 'name')) ?? uses ?? 'run',
      parent: frame.parent,
      outputs: {},
      outcome: 'skipped',
      conclusion: 'skipped',
      exitCode: null,
      log: '',
    };
    job.record.steps.push(record);
    const baseEnv = { ...job.env, ...frame.env };
    const conditionScope = stepScope(job, frame, baseEnv);
    if (!evaluateCondition(child(step, 'if'), conditionScope)) {
      frame.steps[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      continue;
    }
    let outcome: StepResult;
    let continueOnError = false;
    const stepSignal = job.signal.aborted ? new AbortController().signal : job.signal;
    job.stepSignal = stepSignal;
    try {
      const env = { ...baseEnv, ...evaluateStringMap(child(step, 'env'), conditionScope) };
      const scope = stepScope(job, frame, env);
      continueOnError = truthy(evaluateToken(child(step, 'continue-on-error'), scope));
      const minutes = Number(
        asString(evaluateToken(child(step, 'timeout-minutes'), scope)) || DEFAULT_TIMEOUT_MINUTES,
      );
      const files = await createStepFiles(job, job.stepCounter);
      if (uses !== undefined) {
        const withInputs = evaluateStringMap(child(step, 'with'), scope);
        outcome = await runUses(
          job,
          frame,
          { uses, id, withInputs, env, files, timeoutMs: minutes * 60_000, record },
          runSteps,
        );
      } else {
        outcome = await runScript(job, frame, step, scope, env, files, minutes * 60_000, record);
      }
      record.outputs = await applyFileCommands(job, files).then((o) => ({
        ...o,
        ...record.outputs,
      }));
    } catch (error) {
      record.log += `\n##[error]${mask(job, (error as Error).message)}`;
      job.record.annotations.push(`::error::${mask(job, (error as Error).message)}`);
      outcome = stepSignal.aborted ? 'cancelled' : 'failure';
    }
    record.outcome = outcome;
    record.conclusion = outcome === 'failure' && continueOnError ? 'success' : outcome;
    if (record.conclusion === 'failure') frame.failed = true;
    if (record.outcome === 'cancelled') frame.cancelled = true;
    frame.steps[id] = {
      outputs: record.outputs,
      outcome: record.outcome,
      conclusion: record.conclusion,
    };
  }
}
