/**
 * `uses:` for the local workflow executor. This repository's actions (`./path` from the workspace, or
 * `<owner>/<repo>[/<sub>]@<ref>` from a copy laid out like the runner's action download, without
 * node_modules) run for real: composite actions with their own `inputs`, `steps` and
 * `github.action_path`; node actions as `node <main>` with INPUT_* variables. actions/checkout,
 * actions/upload-artifact and actions/download-artifact (any ref, SHA pins included) are served by local
 * stand-ins with v4 semantics. Anything else fails the step, naming the action.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import { asString, evaluateString, evaluateToken, truthy } from './expressions.ts';
import { runProcess } from './processes.ts';
import { checkoutInto, downloadRepositoryActions } from './runners.ts';
import { mask, processEnv, stepScope, type StepFiles } from './step-env.ts';
import type { JobState, StepFrame, StepRecord, StepResult } from './types.ts';
import { child, items, literal, loadAction, pairs } from './workflow-file.ts';

/** One `uses:` step to run. */
export interface UsesStep {
  uses: string;
  id: string;
  withInputs: Record<string, string>;
  env: Record<string, string>;
  files: StepFiles;
  timeoutMs: number;
  record: StepRecord;
}

/** Runs a list of steps in a frame (passed in to keep steps.ts and this file free of an import cycle). */
export type StepsRunner = (
  job: JobState,
  frame: StepFrame,
  steps: TemplateToken[],
) => Promise<void>;

const BUILTIN = /^actions\/(checkout|upload-artifact|download-artifact)@(.+)$/;

/** Runs a `uses:` step; returns its outcome and fills `step.record.outputs`. */
export async function runUses(
  job: JobState,
  frame: StepFrame,
  step: UsesStep,
  runSteps: StepsRunner,
): Promise<StepResult> {
  const builtin = BUILTIN.exec(step.uses);
  if (builtin) return runBuiltin(job, builtin[1]!, step);
  const actionDir = await resolveActionDir(job, frame, step.uses);
  return runAction(job, frame, actionDir, step, runSteps);
}

async function resolveActionDir(job: JobState, frame: StepFrame, uses: string): Promise<string> {
  if (uses.startsWith('./')) return resolve(job.folders.workspace, uses);
  const [owner, name] = job.options.repository.split('/');
  const remote = /^([^/@]+)\/([^/@]+)((?:\/[^@]+)?)@(.+)$/.exec(uses);
  if (!remote || remote[1] !== owner || remote[2] !== name)
    throw new Error(
      `${frame.file}: uses: ${uses} is not supported by the local executor (only ./path, ` +
        `${job.options.repository}[/sub]@ref, actions/checkout, actions/upload-artifact, actions/download-artifact)`,
    );
  const root = join(job.folders.actions, owner!, name!, remote[4]!);
  await downloadRepositoryActions(job.options.repoDir, root);
  return join(root, remote[3]!.replace(/^\//, ''));
}

/** Runs the action in `actionDir` (composite or node). */
async function runAction(
  job: JobState,
  frame: StepFrame,
  actionDir: string,
  step: UsesStep,
  runSteps: StepsRunner,
): Promise<StepResult> {
  const file = join(actionDir, 'action.yml');
  if (!(await stat(file).catch(() => undefined)))
    throw new Error(`${frame.file}: uses: ${step.uses}: no action.yml in ${actionDir}`);
  const action = await loadAction(file);
  const scope = stepScope(job, frame, step.env);
  const inputs: Record<string, string> = {};
  for (const [name, definition] of pairs(child(action.root, 'inputs'))) {
    const given = step.withInputs[name];
    inputs[name] = given ?? evaluateString(child(definition, 'default'), { ...scope, where: file });
    if (
      given === undefined &&
      truthy(evaluateToken(child(definition, 'required'), scope)) &&
      inputs[name] === ''
    )
      job.record.annotations.push(`::warning::Input required and not supplied: ${name}`);
  }
  for (const name of Object.keys(step.withInputs))
    if (!(name in inputs)) job.record.annotations.push(`::warning::Unexpected input(s) '${name}'`);
  const runs = child(action.root, 'runs');
  const using = literal(child(runs, 'using'));
  if (using === 'composite') {
    const signal = job.stepSignal;
    const inner: StepFrame = {
      file,
      steps: {},
      failed: false,
      inputs,
      actionPath: actionDir,
      env: step.env,
      parent: frame.parent === '' ? step.id : `${frame.parent}/${step.id}`,
      signal,
    };
    await runSteps(job, inner, items(child(runs, 'steps')));
    const outputScope = stepScope(job, inner, step.env);
    for (const [name, definition] of pairs(child(action.root, 'outputs')))
      step.record.outputs[name] = evaluateString(child(definition, 'value'), {
        ...outputScope,
        where: file,
      });
    if (signal.aborted) return 'cancelled';
    return inner.failed ? 'failure' : 'success';
  }
  if (using === 'node20' || using === 'node24') {
    const main = literal(child(runs, 'main'));
    for (const hook of ['pre', 'post'])
      if (child(runs, hook) !== undefined)
        throw new Error(`${file}: runs.${hook} is not supported by the local executor`);
    if (!main) throw new Error(`${file}: runs.main is missing`);
    const env: Record<string, string> = { GITHUB_ACTION_PATH: actionDir };
    for (const [name, value] of Object.entries(inputs))
      env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    const result = await runProcess([process.execPath, join(actionDir, main)], {
      cwd: job.folders.workspace,
      env: processEnv(job, step.env, step.files, env),
      timeoutMs: step.timeoutMs,
      signal: job.stepSignal,
    });
    step.record.exitCode = result.exitCode;
    step.record.log = mask(job, result.output);
    if (result.cancelled) return 'cancelled';
    return result.exitCode === 0 && !result.timedOut ? 'success' : 'failure';
  }
  throw new Error(`${file}: runs.using '${using ?? ''}' is not supported by the local executor`);
}

/** actions/checkout, upload-artifact and download-artifact stand-ins. */
async function runBuiltin(job: JobState, kind: string, step: UsesStep): Promise<StepResult> {
  const input = (name: string, fallback = ''): string => step.withInputs[name] ?? fallback;
  const workspace = job.folders.workspace;
  if (kind === 'checkout') {
    const path = input('path');
    await checkoutInto(job.options.repoDir, path === '' ? workspace : resolve(workspace, path));
    step.record.outputs.ref = asString(job.options.ref ?? 'refs/heads/main');
    step.record.outputs.commit = asString(job.options.sha ?? '');
    return 'success';
  }
  if (kind === 'upload-artifact') {
    const name = input('name', 'artifact');
    const paths = input('path')
      .split('\n')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    if (paths.some((p) => /[*?[]/.test(p) || p.startsWith('!')))
      throw new Error(
        `upload-artifact: glob patterns are not supported by the local stand-in: ${paths.join(', ')}`,
      );
    const artifact = await job.artifacts.upload(name, paths, {
      workspace,
      overwrite: input('overwrite', 'false') === 'true',
    });
    if (!artifact) {
      const policy = input('if-no-files-found', 'warn');
      const message = `No files were found with the provided path: ${paths.join(', ')}. No artifacts will be uploaded.`;
      if (policy === 'error') throw new Error(message);
      if (policy === 'warn') job.record.annotations.push(`::warning::${message}`);
      return 'success';
    }
    step.record.outputs['artifact-id'] = String(artifact.id);
    return 'success';
  }
  const name = input('name');
  const path = resolve(workspace, input('path', '.'));
  await job.artifacts.download(name === '' ? undefined : name, path, {
    mergeMultiple: input('merge-multiple', 'false') === 'true',
  });
  step.record.outputs['download-path'] = path;
  return 'success';
}
