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
  const file = configFile === '' ? new Map() : await loadConfigFile(configFile, INSTALL_INPUTS);
  const options = await parseInstallOptions(mergeRawInputs(file, rawInputsFrom(values)));
  const run = await executeInstall(options, actionsLogger);
  if (run.mode === 'restore') {
    setOutputs({
      'state-file': run.result.stateFile,
      'restored-files': run.result.restoredFiles.length,
      'restored-crontabs': run.result.restoredCron,
      'started-timers': run.result.startedTimers.join(','),
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
  });
  await appendSummary(
    [
      `### install-waf on ${r.host}`,
      '',
      '| package | action | previous | now | probe | health latency |',
      '| --- | --- | --- | --- | --- | --- |',
      `| ${r.packageName} | ${r.action} | ${r.previousVersion ?? '—'} | ${r.version} | ${r.probedVersion} | ${r.healthProbeLatencyMs === null ? '—' : `${r.healthProbeLatencyMs.toFixed(1)} ms`} |`,
      '',
      ...r.notes.map((n) => `- ${n}`),
      '',
    ].join('\n'),
  );
});
