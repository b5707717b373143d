/**
 * install-waf action (thin entry): inputs → InstallOptions (the parser shared with `waf-gate install`) →
 * install or restore → outputs. Run it again with `mode: restore` in an `if: always()` step to undo.
 */
import {
  INSTALL_INPUTS,
  parseInstallOptions,
  rawInputsFrom,
  type InstallInputName,
} from '../install/options.js';
import { loadConfigFile } from '../install/config-file.js';
import type { RawInputs, RawValue } from '../install/config-file.js';
import { mergeRawInputs } from '../install/options.js';
import { executeInstall } from '../install/run.js';
import {
  actionsLogger,
  appendSummary,
  input,
  maskSecret,
  runAction,
  setOutputs,
} from './runtime.js';

await runAction(async () => {
  const values: Partial<Record<InstallInputName, string>> = {};
  for (const name of INSTALL_INPUTS) values[name] = input(name);
  maskSecret(values['ssh-key']?.includes('PRIVATE KEY') ? values['ssh-key'] : '');
  maskSecret(values['ssh-passphrase'] ?? '');
  const configFile = input('config');
  const file: RawInputs =
    configFile === ''
      ? new Map<string, RawValue>()
      : await loadConfigFile(configFile, INSTALL_INPUTS);
  const options = await parseInstallOptions(mergeRawInputs(file, rawInputsFrom(values)));
  // The runner cancels a step with SIGINT, then SIGTERM: stop the running command and restore; a
  // repeated signal must not end the process in the middle of that restore.
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const run = await executeInstall(options, actionsLogger, controller.signal).finally(() => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
  if (run.mode === 'restore') {
    setOutputs({
      'state-file': run.result.stateFile,
      'restored-files': run.result.restoredFiles.length,
      'restored-crontabs': run.result.restoredCron,
      'started-timers': run.result.startedTimers.join(','),
      'released-lock': run.result.releasedLock,
    });
    return;
  }
  const r = run.result;
  setOutputs({
    version: r.version,
    'previous-version': r.previousVersion ?? '',
    action: r.action,
    'probed-version': r.probedVersion,
    'package-name': r.packageName,
    'health-probe-latency-ms': r.healthProbeLatencyMs ?? '',
    'changed-files': r.changedFiles.join('\n'),
    'paused-cron-lines': r.pausedCronLines,
    'stopped-timers': r.stoppedTimers.join(','),
    'state-file': r.stateFile,
    'run-id': r.runId,
    'running-check': r.runningCheck,
  });
  await appendSummary(
    [
      `### install-waf on ${r.host}`,
      '',
      '| package | action | previous | now | probe | health latency |',
      '| --- | --- | --- | --- | --- | --- |',
      `| ${r.packageName} | ${r.action} | ${r.previousVersion ?? '—'} | ${r.version} | ${r.probedVersion} | ${r.healthProbeLatencyMs === null ? '—' : `${r.healthProbeLatencyMs.toFixed(1)} ms`} |`,
      '',
      `- running build: ${r.runningCheck}`,
      ...(r.lockFile === null
        ? []
        : [`- holding the WAF host lock ${r.lockFile} as run ${r.runId}`]),
      ...r.notes.map((n) => `- ${n}`),
      '',
    ].join('\n'),
  );
});
