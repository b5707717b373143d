/**
 * The detached collector (bundled as dist/collector.js): `node collector.js <stateDir>`. Reads
 * options.json, runs {@link startCollection}, reports ready (or the error) over IPC, then waits for
 * SIGTERM/SIGINT from `stop` or its maximum duration, finalises the results and writes done.json.
 */
import { writeFileSync, appendFileSync } from 'node:fs';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { openCollectHost } from './collect-host.js';
import { startCollection, type CollectionHandle } from './collector.js';
import { startLeaseRenewal, type LeaseRenewal } from './lease.js';
import type { CollectOptions } from './options.js';
import {
  readState,
  serializeError,
  statePath,
  type DaemonDone,
  type DaemonMessage,
  type DaemonState,
  type StopRequest,
} from './run-state.js';

function fileLogger(path: string): Logger {
  const write = (level: string, m: string): void => {
    try {
      appendFileSync(path, `${new Date().toISOString()} ${level} ${m}\n`);
    } catch {
      // A full disk loses this log line; it must not stop the collector from finishing.
    }
  };
  return {
    debug: (m) => write('debug', m),
    info: (m) => write('info', m),
    warn: (m) => write('warn', m),
    error: (m) => write('error', m),
  };
}

function send(message: DaemonMessage): void {
  if (process.send && process.connected) process.send(message);
}

async function main(stateDir: string): Promise<void> {
  const logger = fileLogger(statePath(stateDir, 'log'));
  const options = readState<CollectOptions>(stateDir, 'options');
  if (!options) {
    send({
      type: 'error',
      error: { code: 'E_COLLECT_STATE', message: `No options.json in ${stateDir}.` },
    });
    process.exitCode = 1;
    return;
  }
  let handle: CollectionHandle;
  let host: Host | undefined;
  let lease: LeaseRenewal | undefined;
  try {
    // One connection to the WAF host for the collection and the lock renewal; closed after stop.
    host = await openCollectHost(options, logger);
    handle = await startCollection(options, { logger, host });
    if (options.lockFile !== undefined) {
      try {
        lease = await startLeaseRenewal(host, options.lockFile, options.runId, logger);
      } catch (error) {
        await handle.abort();
        throw error;
      }
    }
  } catch (error) {
    logger.error(`start failed: ${(error as Error).message}`);
    send({ type: 'error', error: serializeError(error) });
    await host?.close().catch(() => undefined);
    process.exitCode = 1;
    return;
  }
  let stopping = false;
  const finish = async (stoppedBy: DaemonDone['stoppedBy']): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearTimeout(maxTimer);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    lease?.stop();
    const request = readState<StopRequest>(stateDir, 'stop') ?? {};
    const done: DaemonDone = { ok: true, stoppedBy, endedAtMs: Date.now() };
    if (lease?.lost !== undefined) done.warnings = [lease.lost];
    try {
      await handle.stop({ ...request, stoppedBy });
      logger.info(`stopped (${stoppedBy}); results in ${options.outDir}`);
    } catch (error) {
      logger.error(`finalising failed: ${(error as Error).message}`);
      done.ok = false;
      done.error = serializeError(error);
    }
    await host?.close().catch(() => undefined);
    done.endedAtMs = Date.now();
    try {
      writeFileSync(statePath(stateDir, 'done'), `${JSON.stringify(done, null, 2)}\n`);
    } catch (error) {
      // `stop` then finds no done.json and finalises from the logs itself.
      logger.error(`cannot write done.json: ${(error as Error).message}`);
    }
  };
  const onSignal = (): void => void finish('stop');
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // A cancelled workflow never calls stop: end by ourselves so nothing keeps running.
  const maxTimer = setTimeout(() => void finish('max-duration'), options.maxDurationMs);
  // Ready only once SIGTERM is handled: a stop right after start must finalise, not kill.
  const state: DaemonState = {
    schema: 'waf-gate/collect-state@1',
    runId: options.runId,
    pid: process.pid,
    startedAtMs: handle.startedAtMs,
    maxDurationMs: options.maxDurationMs,
    outDir: options.outDir,
    positions: handle.positions,
    ...(handle.warnings.length > 0 ? { warnings: [...handle.warnings] } : {}),
  };
  writeFileSync(statePath(stateDir, 'state'), `${JSON.stringify(state, null, 2)}\n`);
  send({ type: 'ready', state });
  if (process.connected) process.disconnect();
  logger.info(
    `collecting for run ${options.runId} on ${options.host ?? 'local'} (pid ${process.pid})`,
  );
}

const stateDir = process.argv[2];
if (stateDir === undefined) {
  process.stderr.write('usage: collector.js <state-dir>\n');
  process.exitCode = 2;
} else {
  await main(stateDir);
}
