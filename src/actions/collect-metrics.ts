/**
 * collect-metrics action (thin entry). `mode: start` launches the detached collector and returns;
 * `mode: stop` stops it, finalises collect.json and sets the outputs. Inputs are parsed once by the
 * stage's parser shared with `waf-gate collect`.
 */
import { join } from 'node:path';
import { parseEnum } from '../common/options.js';
import {
  COLLECT_INPUT_NAMES,
  defaultStateDir,
  parseCollectOptions,
  parseRunId,
  startDetached,
  stopDetached,
  COLLECT_STOP_SCHEMA,
  parseStopInputs,
  summarizeResult,
} from '../collect/index.js';
import { actionInputOf } from '../common/option-schema.js';
import {
  actionsLogger,
  appendSummary,
  input,
  maskSecret,
  requiredInput,
  runAction,
  setOutputs,
} from './runtime.js';

await runAction(async () => {
  const mode = parseEnum('mode', requiredInput('mode'), ['start', 'stop'] as const);
  if (mode === 'start') {
    const raw: Record<string, string> = Object.fromEntries(
      COLLECT_INPUT_NAMES.map((name) => [name, input(name)]),
    );
    if (raw['ssh-key']?.includes('PRIVATE KEY')) maskSecret(raw['ssh-key']);
    maskSecret(raw['ssh-passphrase'] ?? '');
    const options = parseCollectOptions(raw);
    const started = await startDetached(options, actionsLogger);
    setOutputs({
      'run-id': started.runId,
      pid: started.pid,
      'state-dir': started.stateDir,
      'results-dir': started.outDir,
    });
    return;
  }
  const runId = parseRunId(requiredInput('run-id'));
  const stateDir = input('state-dir') || defaultStateDir(runId);
  // The stop inputs by option name (`replay` is the action's `replay-results`).
  const stopNames = Object.keys(COLLECT_STOP_SCHEMA);
  const { stop } = parseStopInputs(
    Object.fromEntries(
      stopNames.map((name) => [name, input(actionInputOf(COLLECT_STOP_SCHEMA, name))]),
    ),
    (name) => actionInputOf(COLLECT_STOP_SCHEMA, name),
  );
  const { result, outDir } = await stopDetached(stateDir, runId, stop, actionsLogger);
  setOutputs({
    'results-path': join(outDir, 'collect.json'),
    'results-dir': outDir,
    'anomalies-total': result.anomalies.total,
    'format-errors': result.log.formatErrors,
    crashes: result.crashes.length,
    findings: result.findings.length,
    sent: result.join?.sent,
    joined: result.join?.joined,
    missing: result.join?.missing,
    unexpected: result.join?.unexpected,
  });
  await appendSummary(
    `### collect-metrics\n\n\`\`\`\n${summarizeResult(result, outDir)}\n\`\`\`\n`,
  );
});
