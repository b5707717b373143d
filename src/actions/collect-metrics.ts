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
  summarizeResult,
  type CollectInputs,
  type StopOptions,
} from '../collect/index.js';
import { parseDurationMs } from '../common/options.js';
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
    const raw: CollectInputs = {};
    for (const name of COLLECT_INPUT_NAMES) {
      const value = input(name);
      if (value !== '') raw[name] = value;
    }
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
  const stop: StopOptions = {};
  if (input('replay-results')) stop.replayFile = input('replay-results');
  if (input('outcomes')) stop.outcomesFile = input('outcomes');
  if (input('settle'))
    stop.settleMs = parseDurationMs('settle', input('settle'), { allowZero: true });
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
