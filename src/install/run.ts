/**
 * The entry shared by `waf-gate install` and the install-waf action: open the host, install or restore,
 * always close the host.
 */
import type { Logger } from '../common/logger.js';
import { openInstallHost } from './host-open.js';
import { runInstall } from './install.js';
import { restoreFromHost, restoreFromStateFile, type RestoreResult } from './restore.js';
import { readState } from './state.js';
import type { InstallOptions, InstallResult } from './types.js';

/** What one invocation did. */
export type InstallRun =
  | { mode: 'install'; result: InstallResult }
  | { mode: 'restore'; result: RestoreResult & { stateFile: string; host: string } };

/**
 * Runs options.mode on the host. Restore reads the runner's state file, or, when there is none for this
 * run id, the state copy on the WAF host (`--host` + `--run-id`: another runner or a later run). For
 * restore, a `local` default host yields to the host the runner's state names.
 */
export async function executeInstall(
  options: InstallOptions,
  logger: Logger,
  signal?: AbortSignal,
): Promise<InstallRun> {
  let spec = options.host;
  let fromHost = false;
  if (options.mode === 'restore') {
    const state = await readState(options.stateFile);
    const ours = state !== null && (options.runId === undefined || state.runId === options.runId);
    if (ours && spec === 'local') spec = state.host;
    fromHost = !ours && options.runId !== undefined && options.lockFile !== null;
  }
  const host = await openInstallHost(spec, options.ssh, logger);
  try {
    if (fromHost) {
      const result = await restoreFromHost(host, options.lockFile!, options.runId!, logger);
      return {
        mode: 'restore',
        result: { ...result, stateFile: result.hostStateFile, host: host.name },
      };
    }
    if (options.mode === 'restore') {
      const result = await restoreFromStateFile(host, options.stateFile, logger);
      return {
        mode: 'restore',
        result: { ...result, stateFile: options.stateFile, host: host.name },
      };
    }
    return { mode: 'install', result: await runInstall(host, options, logger, signal) };
  } finally {
    await host.close();
  }
}
