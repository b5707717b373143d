/**
 * replay-traffic action (thin entry): inputs → ReplayOptions (the parser shared with `waf-gate replay`)
 * → runReplay → outputs (results-path, total, rps, error-rate) and the stats block in the job summary.
 */
import { join, resolve } from 'node:path';
import {
  formatStatsMarkdown,
  parseReplayOptions,
  REPLAY_INPUTS,
  REPLAY_RESULT_FILE,
  runReplay,
} from '../replay/index.js';
import { actionsLogger, appendSummary, input, runAction, setOutputs } from './runtime.js';

await runAction(async () => {
  const raw: Record<string, string | undefined> = {};
  for (const name of REPLAY_INPUTS) raw[name] = input(name) || undefined;
  const options = parseReplayOptions(raw);
  const result = await runReplay(options, { logger: actionsLogger });
  const done = result.totals.completed + result.totals.errors;
  setOutputs({
    'results-path': join(resolve(options.outDir), REPLAY_RESULT_FILE),
    'outcomes-path': result.outcomesFile ? join(resolve(options.outDir), result.outcomesFile) : '',
    total: result.totals.sent,
    completed: result.totals.completed,
    errors: result.totals.errors,
    rps: result.rps,
    'error-rate': done > 0 ? Number((result.totals.errors / done).toFixed(6)) : 0,
    'run-id': result.runId,
    'out-dir': resolve(options.outDir),
  });
  await appendSummary(formatStatsMarkdown(result));
});
