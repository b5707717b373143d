/**
 * Switching one WAF host between the builds of a fresh A/B run (the seed's quality test: install the
 * baseline, measure, install the candidate, measure): every switch undoes the previous install's
 * configuration changes and paused crons (keeping the host lock), then runs install-waf for the next
 * build — install, edits, validation, reload, running-binary check, health wait. The time a switch
 * takes is never inside a measurement: the pipeline measures only after `ensure` settles.
 */
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { runInstall } from '../install/install.js';
import { restoreFromStateFile } from '../install/restore.js';
import { readState } from '../install/state.js';
import type { InstallOptions, InstallResult } from '../install/types.js';

/** One switch, for the run record and the report. */
export interface BuildSwitch {
  label: string;
  version: string;
  /** installed, upgraded, downgraded or unchanged. */
  action: InstallResult['action'];
  /** Wall time of restore + install + health wait (outside every measurement). */
  durationMs: number;
  /** What the running-binary check found. */
  runningCheck: string;
}

/**
 * Installs the build a measurement needs, when another one is installed. A build without install
 * options is the one installed when the run started (`baseline-version`): it can be measured only before
 * the first switch.
 */
export class BuildSwitcher {
  /** Label of the build installed now; undefined while the host still runs what it ran at the start. */
  private installed: string | undefined;
  readonly switches: BuildSwitch[] = [];
  /** Versions installed per label (from install-waf). */
  readonly versions = new Map<string, string>();

  /**
   * @param host the WAF host (opened by the caller, who closes it)
   * @param installs install-waf options per label; all share host, state file, lock file and run id
   */
  constructor(
    private readonly host: Host,
    private readonly installs: ReadonlyMap<string, InstallOptions | undefined>,
    private readonly deps: { logger: Logger; signal?: AbortSignal },
  ) {
    const files = new Set([...installs.values()].map((o) => o?.stateFile).filter(Boolean));
    if (files.size > 1)
      throw new WafGateError('E_INTERNAL', 'every build of a fresh A/B run shares one state file');
  }

  /** Makes `label` the installed build (no-op when it is). */
  async ensure(label: string): Promise<void> {
    if (!this.installs.has(label))
      throw new WafGateError('E_INTERNAL', `no build labelled ${label} in this run`);
    const options = this.installs.get(label);
    if (options === undefined) {
      if (this.installed === undefined) return; // measured as found, before any switch
      throw new WafGateError(
        'E_INTERNAL',
        `${label} has no package: it can only be measured before the first install`,
      );
    }
    if (this.installed === label) return;
    const { logger, signal } = this.deps;
    signal?.throwIfAborted();
    const startedMs = Date.now();
    logger.info(`Installing the ${label} build (${options.package ?? ''})…`);
    // Undo the previous build's configuration and paused crons first, holding on to the host lock.
    if ((await readState(options.stateFile)) !== null)
      await restoreFromStateFile(this.host, options.stateFile, logger, { keepLock: true });
    const result = await runInstall(this.host, options, logger, signal);
    this.installed = label;
    this.versions.set(label, result.version);
    const durationMs = Date.now() - startedMs;
    this.switches.push({
      label,
      version: result.version,
      action: result.action,
      durationMs,
      runningCheck: result.runningCheck,
    });
    logger.info(
      `${label} build ${result.version} ${result.action} in ${(durationMs / 1000).toFixed(1)} s (${result.runningCheck}).`,
    );
  }
}
