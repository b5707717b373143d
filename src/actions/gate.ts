/**
 * Root gate action, measuring step: quality pass and pressure rounds against one WAF build, collected
 * on this machine, written as a run directory for compare-baseline. The same entry runs the check-run
 * steps (input `check-stage`: `start` before install, `close` at the end with if: always()); the
 * measuring step keeps that check run up to date and completes it as failure when measuring fails.
 * The corpus is read from the trusted ref (`trusted-ref`, default the PR base commit) on PR events.
 */
import { readFromCopy } from '../corpus/index.js';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { MEASURE_INPUTS, parseMeasureInputs } from '../pipeline/options.js';
import {
  freshAbInstallSettings,
  freshAbInstalls,
  runFreshAb,
  runPipeline,
} from '../pipeline/index.js';
import { INSTALL_INPUTS } from '../install/options.js';
import { formatError } from '../common/errors.js';
import { parseBoolean } from '../common/options.js';
import { measureUnderCheck, openGateCheck, runGateCheckStage } from '../github/gate-check.js';
import { readTrustedPaths } from '../github/trusted-inputs.js';
import { actionsLogger, input, maskSecret, runAction, setOutputs } from './runtime.js';

const checkInputs = () => ({
  token: input('github-token'),
  post: input('post') === '' ? true : parseBoolean('post', input('post')),
  checkName: input('check-name'),
  checkRunId: input('check-run-id'),
});

await runAction(async () => {
  maskSecret(input('github-token'));
  if (input('check-stage') !== '') {
    const outcomes = input('step-outcomes');
    setOutputs(
      await runGateCheckStage(
        input('check-stage'),
        process.env,
        checkInputs(),
        outcomes,
        actionsLogger,
      ),
    );
    return;
  }
  const check = await openGateCheck(process.env, checkInputs(), { logger: actionsLogger }).catch(
    (error: unknown) => {
      actionsLogger.warn(`waf-gate could not open the check run: ${formatError(error)}`);
      return undefined;
    },
  );
  await measureUnderCheck(check, measure, actionsLogger);
});

async function measure() {
  const raw: Record<string, string> = Object.fromEntries(
    MEASURE_INPUTS.map((name) => [name, input(name)]),
  );
  // A pull request must not choose the traffic its own gate replays.
  const trusted = await readTrustedPaths(process.env, {
    trustedRef: input('trusted-ref'),
    token: input('github-token'),
    paths: { corpus: raw.corpus ?? '', 'install-config': input('install-config') },
    listInputs: ['corpus'],
    logger: actionsLogger,
  });
  raw.corpus = trusted.paths.corpus ?? '';
  if (raw['ssh-key']?.includes('PRIVATE KEY')) maskSecret(raw['ssh-key']);
  maskSecret(raw['ssh-passphrase'] ?? '');
  const parsed = parseMeasureInputs(raw);
  const { target } = parsed;
  // Read the fetched copy under the repository's own paths: request keys (display path # index)
  // then match baselines measured from a checkout.
  const pipeline = {
    ...(trusted.copyDir
      ? { ...parsed.pipeline, corpus: readFromCopy(parsed.pipeline.corpus, trusted.copyDir) }
      : parsed.pipeline),
    environment: {
      runner: process.env.RUNNER_NAME ?? hostname(),
      os: `${process.platform} ${process.arch}`,
      node: process.version,
    },
  };
  // The runner cancels a step with SIGINT, then SIGTERM: stop the replay, the collector and a running
  // install at once; the restore step (if: always()) undoes the install.
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    if (parsed.freshAb) {
      // install-waf settings: the install-config file (read from the trusted ref), then the inputs.
      // run-id is the measurement's; the installs keep install-waf's own (gh-<run id>), which the
      // restore step uses to find this run's state.
      const installInputs: Record<string, string> = {};
      for (const name of INSTALL_INPUTS)
        if (!['mode', 'package', 'package-sha256', 'run-id'].includes(name))
          installInputs[name] = input(name);
      const installs = await freshAbInstalls(
        parsed.freshAb,
        await freshAbInstallSettings(trusted.paths['install-config'], installInputs),
      );
      const result = await runFreshAb(target, pipeline, installs, {
        logger: actionsLogger,
        signal: controller.signal,
      });
      setOutputs({
        'run-dir': join(pipeline.outDir, 'candidate'),
        'baseline-run-dir': join(pipeline.outDir, 'baseline'),
        version: result.candidateVersion,
        'baseline-version': result.baseline.build.version,
        'corpus-fingerprint': result.candidate.corpusFingerprint,
        rounds: result.candidate.rounds.length,
      });
      return result.candidate;
    }
    const [record] = await runPipeline([target], pipeline, {
      logger: actionsLogger,
      signal: controller.signal,
    });
    setOutputs({
      'run-dir': join(pipeline.outDir, target.label),
      'corpus-fingerprint': record?.corpusFingerprint,
      rounds: record?.rounds.length,
    });
    return record;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
