/**
 * The root action's check run across its steps (each step is its own process): the first step creates it
 * `in_progress` and outputs its id; the measuring step reports progress and completes it with `failure`
 * when measuring fails; compare-baseline completes it with the verdict; a last `if: always()` step
 * completes it when it is still open (an install that failed, a cancelled job).
 */
import { ConfigError, formatError, isConfigError } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { CheckRunLifecycle, type CheckRunLifecycleOptions } from './check-run-lifecycle.js';
import { createGitHubClient } from './client.js';
import { readActionsContext } from './context.js';

type Env = Record<string, string | undefined>;

/** The inputs the gate's check-run steps read. */
export interface GateCheckInputs {
  /** `github-token`; empty: no check run. */
  token: string;
  /** `post`; false: no check run. */
  post: boolean;
  /** `check-name`. @default "waf-gate" */
  checkName: string;
  /** `check-run-id` from the start step; empty: create one. */
  checkRunId: string;
}

/** Options for tests: a shorter retry wait. */
export interface GateCheckOptions {
  logger?: Logger;
  retryDelayMs?: number;
}

/**
 * The check run of this gate: attached by id when an earlier step created it, else created now.
 * Undefined when posting is off, there is no token, or this is not a GitHub Actions run.
 */
export async function openGateCheck(
  env: Env,
  inputs: GateCheckInputs,
  options: GateCheckOptions = {},
): Promise<CheckRunLifecycle | undefined> {
  const logger = options.logger ?? silentLogger;
  if (!inputs.post || !inputs.token || !env.GITHUB_REPOSITORY) return undefined;
  const context = await readActionsContext(env);
  const name = inputs.checkName || 'waf-gate';
  const lifecycleOptions: CheckRunLifecycleOptions = {
    client: createGitHubClient({ baseUrl: context.apiUrl, token: inputs.token, logger }),
    owner: context.owner,
    repo: context.repo,
    headSha: context.headSha,
    name,
    detailsUrl: context.runUrl,
    // One gate per job and check name; the attempt keeps a re-run from adopting the last attempt's run.
    externalId: `waf-gate/${context.runId ?? 0}/${context.runAttempt ?? 1}/${env.GITHUB_JOB ?? ''}/${name}`,
    logger,
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
  };
  if (inputs.checkRunId !== '') {
    const id = Number(inputs.checkRunId);
    if (Number.isSafeInteger(id) && id > 0) return CheckRunLifecycle.attach(lifecycleOptions, id);
    logger.warn(`check-run-id "${inputs.checkRunId}" is not a check run id; creating a new one.`);
  }
  return CheckRunLifecycle.start(lifecycleOptions);
}

/**
 * Runs `measure` under the check run: progress before and after, and on an error the run is completed
 * as `failure` with the error text before the error is rethrown. A result of `undefined` (nothing was
 * measured) completes it as `neutral`: there is nothing to compare.
 */
export async function measureUnderCheck<T>(
  check: CheckRunLifecycle | undefined,
  measure: () => Promise<T | undefined>,
  logger: Logger = silentLogger,
): Promise<T | undefined> {
  const quietly = async (what: string, call: () => Promise<void>) => {
    // The check run reports the gate; a failure to update it must not hide the gate's own outcome.
    await call().catch((error: unknown) =>
      logger.warn(`waf-gate could not ${what}: ${formatError(error)}`),
    );
  };
  await quietly('update the check run', async () =>
    check?.progress('measuring', 'Replaying the corpus and collecting WAF metrics.'),
  );
  let result: T | undefined;
  try {
    result = await measure();
  } catch (error) {
    await quietly('complete the check run', async () => check?.fail('measuring', error));
    throw error;
  }
  if (result === undefined) {
    await quietly('complete the check run', async () =>
      check?.complete('neutral', {
        title: 'waf-gate: nothing was measured',
        summary: 'The measuring step produced no run, so there is nothing to compare.',
      }),
    );
  } else {
    await quietly('update the check run', async () =>
      check?.progress('measured', 'Measured; comparing with the baseline.'),
    );
  }
  return result;
}

/**
 * The last step of the root action (`if: always()`): completes the check run as `failure` when no
 * earlier step did, naming the step outcomes (e.g. `install=failure`). Returns whether it closed it.
 */
export async function closeGateCheck(
  check: CheckRunLifecycle | undefined,
  outcomes: string,
): Promise<boolean> {
  if (!check || !(await check.isOpen())) return false;
  const steps = outcomes.trim() || '(not given)';
  await check.complete('failure', {
    title: 'waf-gate stopped before a verdict',
    summary: `The gate ended without a verdict (a step failed or the job was cancelled).\n\nStep outcomes: \`${steps}\``,
  });
  return true;
}

/** The root action's check-run steps (`check-stage` input of the gate entry). */
export type GateCheckStage = 'start' | 'close';

/**
 * Runs a check-run step: `start` creates the run and returns its id as the `check-run-id` output;
 * `close` completes it when still open. GitHub errors are warnings here: the check run reports the
 * gate, it must not be the reason the gate fails.
 */
export async function runGateCheckStage(
  stage: string,
  env: Env,
  inputs: GateCheckInputs,
  outcomes: string,
  logger: Logger = silentLogger,
): Promise<Record<string, string | undefined>> {
  if (stage !== 'start' && stage !== 'close')
    throw new ConfigError('check-stage must be start or close.', {
      input: 'check-stage',
      value: stage,
    });
  try {
    const check = await openGateCheck(env, inputs, { logger });
    if (stage === 'start') return { 'check-run-id': check?.id?.toString() };
    if (await closeGateCheck(check, outcomes))
      logger.warn('waf-gate completed its check run as failure: the gate ended without a verdict.');
    return {};
  } catch (error) {
    if (isConfigError(error)) throw error;
    logger.warn(`waf-gate could not ${stage} the check run: ${formatError(error)}`);
    return {};
  }
}
