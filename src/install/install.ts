/**
 * install-waf end to end on one host: quiet the machine, install the exact build, apply and validate
 * configuration, reload, wait for health, clear the access log. Any failure (or abort) restores every
 * recorded change before the error propagates; on success the changes stay until `restore`.
 */
import { ConfigError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { applyEdits, validateConfig } from './configure.js';
import { waitForHealth } from './health.js';
import { installPackage } from './install-package.js';
import { resolvePackage, type LocalPackage } from './package-source.js';
import { clearAccessLog, quietMachine } from './quiet.js';
import { reloadWaf } from './reload.js';
import { restoreChanges, restoreFromStateFile } from './restore.js';
import { readState, StateStore } from './state.js';
import type { InstallOptions, InstallResult } from './types.js';

/**
 * Runs install-waf on `host` with validated options (mode `install`).
 * @throws ConfigError for bad input; WafGateError `E_VERSION_MISMATCH`, `E_CONFIG_INVALID`, `E_RELOAD`,
 *   `E_HEALTH_TIMEOUT`, `E_EXEC_*`, … after restoring everything it changed.
 */
export async function runInstall(
  host: Host,
  options: InstallOptions,
  logger: Logger,
  signal?: AbortSignal,
): Promise<InstallResult> {
  if (options.package === undefined)
    throw new ConfigError('A package is required to install.', { input: 'package' });
  const previous = await readState(options.stateFile);
  if (previous !== null) {
    if (previous.host !== host.name) {
      throw new ConfigError(
        `The state file holds unrestored changes on ${previous.host}, not ${host.name}.`,
        {
          file: options.stateFile,
          input: 'state-file',
          hint: `Restore them first: waf-gate install --restore --host ${previous.host} --state-file ${options.stateFile}`,
        },
      );
    }
    logger.warn(
      `Found unrestored changes from run ${previous.runId} in ${options.stateFile}; restoring them first.`,
    );
    await restoreFromStateFile(host, options.stateFile, logger);
  }
  const store = await StateStore.create(options.stateFile, host.name, options.reload);
  let pkg: LocalPackage | undefined;
  try {
    pkg = await resolvePackage(options.package, options.packageKind, signal, (path) =>
      store.record({ kind: 'temp', path, on: 'runner' }),
    );
    signal?.throwIfAborted();
    const quiet = await quietMachine(host, options.quiet, store, logger);
    signal?.throwIfAborted();
    const installed = await installPackage(host, pkg, options, store, logger);
    signal?.throwIfAborted();
    const changedFiles = await applyEdits(host, options.edits, store, logger);
    if (changedFiles.length > 0 && options.check !== null)
      await validateConfig(host, options.check);
    const needReload = changedFiles.length > 0 || installed.action !== 'unchanged';
    if (needReload && (await reloadWaf(host, options.reload, options.commandTimeoutMs))) {
      if (changedFiles.length > 0) await store.markReloaded();
      logger.info('Reloaded.');
    }
    let healthProbeLatencyMs: number | null = null;
    let healthAttempts = 0;
    if (options.health) {
      const health = await waitForHealth(options.health, signal);
      healthProbeLatencyMs = health.latencyMs;
      healthAttempts = health.attempts;
      logger.info(
        `Healthy after ${health.waitedMs} ms (${health.attempts} probe(s), last ${health.latencyMs.toFixed(1)} ms).`,
      );
    }
    if (await clearAccessLog(host, options.quiet, store, logger)) {
      // A rotated log is reopened by a reload; without a reload method nginx keeps the renamed file.
      if (!(await reloadWaf(host, options.reload, options.commandTimeoutMs))) {
        quiet.notes.push(
          'access log rotated but reload is none: nginx keeps writing to the renamed file',
        );
      }
    }
    return {
      host: host.name,
      ...installed,
      healthProbeLatencyMs,
      healthAttempts,
      changedFiles,
      pausedCronLines: quiet.pausedCronLines,
      stoppedTimers: quiet.stoppedTimers,
      stateFile: options.stateFile,
      notes: quiet.notes,
    };
  } catch (error) {
    logger.warn('Install failed; restoring everything it changed.');
    try {
      await restoreChanges(host, store, logger);
    } catch (restoreError) {
      logger.error(`Restore after failure was incomplete: ${(restoreError as Error).message}`);
    }
    throw error;
  } finally {
    await pkg?.cleanup();
  }
}
