/**
 * collect-metrics: the stage's public surface for the CLI, the action and the demo.
 * - {@link startCollection} / `handle.stop()`: in process (the demo).
 * - {@link startDetached} / {@link stopDetached}: a detached collector between two workflow steps.
 * - {@link analyzeLog}: a log file after the fact (no process sampling).
 * Each reads the WAF machine named by `options.host`: `local` (default) or `ssh://user@host:port`
 * (logs over SFTP, /proc with one exec per sample; the collector itself always runs here).
 *
 * Layout (checked by .dependency-cruiser.cjs): the lifecycle at the top (collector, lifecycle, daemon,
 * stop, options, results, …) builds on sub-folders by concern, each used only through its index.ts:
 * logformat/ (log_format compilation and scanning), follow/ (log following, local and SSH), proc/
 * (/proc sampling), output/ (line files, write errors), join/ (the request join, on logformat/) and
 * analyze/ (access and error log analysis, statistics, missing data; on all of those). Outside
 * src/collect, import only this file.
 */
import type { Logger } from '../common/logger.js';
import { startCollection, type StopOptions } from './collector.js';
import type { CollectOptions } from './options.js';
import type { CollectResult } from './types.js';

export { startCollection, procConstants } from './collector.js';
export type { CollectionHandle, StartDeps, StopOptions, StartPositions } from './collector.js';
export { startDetached, stopDetached, collectorCommand } from './lifecycle.js';
export type { StartedCollector, StopDetachedOptions, StoppedCollection } from './lifecycle.js';
export {
  parseCollectOptions,
  collectOptions,
  buildRecordParser,
  defaultStateDir,
  parseGroups,
  parseRunId,
  COLLECT_INPUT_NAMES,
} from './options.js';
export { COLLECT_SCHEMA, COLLECT_STOP_SCHEMA } from './schema.js';
export { parseStopInputs, type StopInputs } from './stop-inputs.js';
export { openCollectHost, openFollower } from './collect-host.js';
export { deserializeError, isCollectorAlive, readState, serializeError } from './run-state.js';
export type { DaemonDone, DaemonState } from './run-state.js';
export type {
  CollectOptions,
  CollectOptionsInit,
  CollectInputs,
  ProcessGroupSpec,
} from './options.js';
export { compileLogFormat } from './logformat/index.js';
export type * from './types.js';

/** Analyzes `options.accessLog` from byte `fromOffset` (default 0) to its end; no process sampling. */
export async function analyzeLog(
  options: CollectOptions,
  logger: Logger,
  stop: StopOptions = {},
  fromOffset = 0,
): Promise<CollectResult> {
  const handle = await startCollection(options, {
    logger,
    sample: false,
    stoppedBy: 'analyze',
    resumeFrom: {
      access: { path: options.accessLog, ino: -1, offset: fromOffset },
      ...(options.errorLog ? { error: { path: options.errorLog, ino: -1, offset: 0 } } : {}),
    },
  });
  return handle.stop({ ...stop, settleMs: 0 });
}

/** A few lines for humans: counts, anomalies, join, CPU, crashes, findings. */
export function summarizeResult(result: CollectResult, outDir: string): string {
  const lines = [
    `run ${result.runId}: ${result.log.lines} lines (${result.log.parsed} parsed, ${result.log.formatErrors} format errors) from ${result.log.path}`,
    `anomalies: ${result.anomalies.total}${
      Object.keys(result.anomalies.perDomain).length
        ? ` (${Object.entries(result.anomalies.perDomain)
            .map(([d, s]) => `${d}: ${Object.values(s).reduce((a, b) => a + b, 0)}`)
            .join(', ')})`
        : ''
    }`,
  ];
  if (result.join) {
    const reasons = Object.entries(result.join.missingByReason)
      .map(([r, n]) => `${r} ${n}`)
      .join(', ');
    lines.push(
      `join: sent ${result.join.sent} = joined ${result.join.joined}${result.join.joinedByPort !== undefined ? ` (${result.join.joinedByPort} by connection)` : ''} + missing ${result.join.missing}${reasons ? ` (${reasons})` : ''}; unexpected log lines ${result.join.unexpected}`,
    );
  }
  for (const g of result.processes.groups) {
    lines.push(
      `${g.name}: ${g.pids.length} pids, CPU mean ${g.cpuPct.mean}% p95 ${g.cpuPct.p95}% max ${g.cpuPct.max}%, RSS max ${Math.round(g.rssBytes.max / 1048576)} MiB, CPU time ${g.cpuTimeMs} ms`,
    );
  }
  lines.push(`crashes: ${result.crashes.length}; error-log findings: ${result.findings.length}`);
  for (const c of result.crashes.slice(0, 5))
    lines.push(`  crash pid ${c.pid} (${c.group})${c.signal ? ` ${c.signal}` : ''}: ${c.detail}`);
  for (const m of result.missing ?? [])
    lines.push(`missing ${m.metric}${m.group ? ` (${m.group})` : ''}: ${m.reason}`);
  if (result.hostsOverflow)
    lines.push(
      `hosts: more than ${result.hostsOverflow.maxHosts}; ${result.hostsOverflow.lines} lines counted as "(other hosts)"`,
    );
  lines.push(`results: ${outDir}/collect.json`);
  return lines.join('\n');
}
