/**
 * replay-traffic action (thin entry): inputs → ReplayOptions (the parser shared with `waf-gate replay`)
 * → runReplay → outputs (results-path, total, rps, error-rate) and the stats block in the job summary.
 * With `merge`, it merges the shards' replay.json files instead (as `waf-gate merge`) and reports the
 * merged result through the same outputs. With `mode: hold`, it holds WebSocket connections instead
 * (replay/hold) and sets `hold-result` (the replay-only outputs stay empty).
 */
import { join, resolve } from 'node:path';
import { parseList } from '../common/options.js';
import {
  formatStatsMarkdown,
  parseReplayOptions,
  REPLAY_INPUTS,
  REPLAY_RESULT_FILE,
  REPLAY_SCHEMA,
  runReplay,
  type ReplayResult,
} from '../replay/index.js';
import { formatShardsMarkdown } from '../replay/merge-print.js';
import { mergeExpectations } from '../replay/merge-expect.js';
import { mergeReplayFiles } from '../replay/merge-shards.js';
import {
  formatHoldMarkdown,
  HOLD_RESULT_FILE,
  parseHoldOptions,
  runHold,
} from '../replay/hold/index.js';
import { actionsLogger, appendSummary, input, runAction, setOutputs } from './runtime.js';

async function replayOrMerge(): Promise<{ result: ReplayResult; outDir: string }> {
  const merge = parseList(input('merge'));
  if (merge.length > 0) {
    const outDir = resolve(input('out-dir') || REPLAY_SCHEMA['out-dir'].default);
    const { result, path, files } = await mergeReplayFiles(
      merge,
      outDir,
      'merge',
      await mergeExpectations(input('target'), input('corpus'), input('skip-invalid')),
    );
    actionsLogger.info(`Merged ${files.length} shard(s) into ${path}.`);
    return { result, outDir };
  }
  const raw: Record<string, string | undefined> = {};
  for (const name of REPLAY_INPUTS) raw[name] = input(name) || undefined;
  const options = parseReplayOptions(raw);
  return {
    result: await runReplay(options, { logger: actionsLogger }),
    outDir: resolve(options.outDir),
  };
}

/** Hold mode: WebSocket connections held through the WAF; hold.json instead of replay.json. */
async function hold(raw: Record<string, string | undefined>): Promise<void> {
  const options = parseHoldOptions(raw);
  const result = await runHold(options, { logger: actionsLogger });
  const outDir = resolve(options.outDir);
  setOutputs({
    'hold-result': join(outDir, HOLD_RESULT_FILE),
    'run-id': options.runId,
    'out-dir': outDir,
  });
  await appendSummary(formatHoldMarkdown(result));
}

await runAction(async () => {
  if (input('mode').trim() === 'hold' && parseList(input('merge')).length === 0) {
    const raw: Record<string, string | undefined> = {};
    for (const name of REPLAY_INPUTS) raw[name] = input(name) || undefined;
    return hold(raw);
  }
  const { result, outDir } = await replayOrMerge();
  const done = result.totals.completed + result.totals.errors;
  setOutputs({
    'results-path': join(outDir, REPLAY_RESULT_FILE),
    'outcomes-path': result.outcomesFile ? join(outDir, result.outcomesFile) : '',
    total: result.totals.sent,
    completed: result.totals.completed,
    errors: result.totals.errors,
    rps: result.rps,
    'error-rate': done > 0 ? Number((result.totals.errors / done).toFixed(6)) : 0,
    'run-id': result.runId,
    'out-dir': outDir,
  });
  await appendSummary(
    formatStatsMarkdown(result) + (result.shards ? `\n${formatShardsMarkdown(result)}` : ''),
  );
});
