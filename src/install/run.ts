/**
 * The entry shared by `waf-gate install` and the install-waf action: open the host, install or restore,
 * always close the host.
 */
import type { Logger } from '../common/logger.js';
import { openInstallHost } from './host-open.js';
import { runInstall } from './install.js';
import { restoreFromStateFile, type RestoreResult } from './restore.js';
import { readState } from './state.js';
import type { InstallOptions, InstallResult } from './types.js';

/** What one invocation did. */
export type InstallRun =
  | { mode: 'install'; result: InstallResult }
  | { mode: 'restore'; result: RestoreResult & { stateFile: string; host: string } };

/** Runs options.mode on the host. For restore, a `local` default host yields to the host the state names. */
export async function executeInstall(
  options: InstallOptions,
  logger: Logger,
  signal?: AbortSignal,
): Promise<InstallRun> {
  let spec = options.host;
  if (options.mode === 'restore' && spec === 'local') {
    const state = await readState(options.stateFile);
    if (state !== null) spec = state.host;
  }
  const host = await openInstallHost(spec, options.ssh, logger);
  try {
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
