/**
 * A fresh A/B run (the seed's quality test): baseline and candidate installed in turn on ONE WAF host
 * and measured in the same run with the same corpus, domains and request-id scheme — install baseline →
 * quality pass → install candidate → quality pass → pressure rounds B A, A B, … with an install before
 * every switch (its time outside every measurement, the health wait inside the install). The root
 * action's measuring step, `waf-gate measure --baseline-package` and `waf-gate demo` all run this.
 */
import { join } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { writeJsonFile } from '../common/json-file.js';
import type { Logger } from '../common/logger.js';
import type { FreshAbRecord, RunRecord } from '../compare/types.js';
import { loadConfigFile, type RawInputs, type RawValue } from '../install/config-file.js';
import { openInstallHost } from '../install/host-open.js';
import {
  defaultRunId,
  INSTALL_INPUTS,
  mergeRawInputs,
  parseInstallOptions,
  rawInputsFrom,
} from '../install/options.js';
import { restoreFromStateFile } from '../install/restore.js';
import { newRunId } from '../install/state.js';
import type { InstallOptions } from '../install/types.js';
import { BuildSwitcher, type BuildSwitch } from './build-switch.js';
import { runPipeline, type PipelineEvents } from './pipeline.js';
import type { BuildTarget, PipelineOptions } from './types.js';

/** The builds of a fresh A/B run, as the measure options name them. */
export interface FreshAbSpec {
  /** The candidate build (`package`). */
  package: string;
  packageSha256?: string;
  /** The baseline build (`baseline-package`); absent: the build installed now is the baseline. */
  baselinePackage?: string;
  baselinePackageSha256?: string;
  /** With no baseline package: the version installed now (recorded as the baseline's version). */
  baselineVersion?: string;
  /** The build left installed at the end. */
  leaveOn: 'baseline' | 'candidate';
}

/** install-waf options of both builds (same host, state file, lock and run id). */
export interface FreshAbInstalls {
  candidate: InstallOptions;
  /** Absent: the baseline is the build installed now. */
  baseline?: InstallOptions;
  baselineVersion?: string;
  leaveOn: 'baseline' | 'candidate';
  /** Human descriptions of the builds for the report (e.g. what a lab build sets). */
  descriptions?: Partial<Record<'baseline' | 'candidate', string>>;
}

/**
 * The shared install-waf settings of a fresh A/B run: an install config file (install-waf's keys, as
 * `waf-gate install --config`), overridden by the given inputs (empty values are dropped).
 */
export async function freshAbInstallSettings(
  configFile: string | undefined,
  inputs: Partial<Record<string, string>>,
): Promise<RawInputs> {
  const file =
    configFile === undefined || configFile === ''
      ? new Map<string, RawValue>()
      : await loadConfigFile(configFile, INSTALL_INPUTS);
  return mergeRawInputs(file, rawInputsFrom(inputs));
}

/**
 * Parses install-waf options for both builds from the shared install inputs (`raw`: reload, edits,
 * health, host, SSH, …) and the packages of `spec`. Both share one run id (the host lock's holder).
 */
export async function freshAbInstalls(spec: FreshAbSpec, raw: RawInputs): Promise<FreshAbInstalls> {
  const given = raw.get('run-id')?.value;
  const runId =
    typeof given === 'string' && given.trim() !== '' ? given : (defaultRunId() ?? newRunId());
  const shared = mergeRawInputs(raw, rawInputsFrom({ mode: 'install', 'run-id': runId }));
  const parse = (pkg: string, sha256: string | undefined, input: string) =>
    parseInstallOptions(
      mergeRawInputs(
        shared,
        rawInputsFrom(
          { package: pkg, 'package-sha256': sha256 },
          input === 'package' ? '' : 'baseline-',
        ),
      ),
    );
  const candidate = await parse(spec.package, spec.packageSha256, 'package');
  const baseline =
    spec.baselinePackage === undefined
      ? undefined
      : await parse(spec.baselinePackage, spec.baselinePackageSha256, 'baseline-package');
  return {
    candidate,
    ...(baseline ? { baseline } : {}),
    ...(spec.baselineVersion !== undefined ? { baselineVersion: spec.baselineVersion } : {}),
    leaveOn: spec.leaveOn,
  };
}

/** What a fresh A/B run produced. */
export interface FreshAbResult {
  baseline: RunRecord;
  candidate: RunRecord;
  switches: BuildSwitch[];
  /** The candidate's installed version. */
  candidateVersion: string;
}

/**
 * Measures both builds on the host of `installs` through `target` (its address, logs and process
 * groups; the label and version are set here). Run directories: `<outDir>/baseline` and
 * `<outDir>/candidate`. With `restoreAtEnd`, the install's configuration changes and paused crons are
 * undone before this settles, on success and failure (the action leaves that to its restore step).
 */
export async function runFreshAb(
  target: Omit<BuildTarget, 'label' | 'version' | 'prepare'>,
  pipeline: PipelineOptions,
  installs: FreshAbInstalls,
  deps: { logger: Logger; signal?: AbortSignal; events?: PipelineEvents; restoreAtEnd?: boolean },
): Promise<FreshAbResult> {
  const { logger, signal } = deps;
  if (installs.leaveOn === 'baseline' && installs.baseline === undefined)
    throw new ConfigError('leave-on baseline needs baseline-package (to install it again).', {
      input: 'leave-on',
      value: 'baseline',
      hint: 'Give baseline-package, or leave the candidate installed (leave-on: candidate).',
    });
  const host = await openInstallHost(installs.candidate.host, installs.candidate.ssh, logger);
  try {
    const switcher = new BuildSwitcher(
      host,
      new Map([
        ['baseline', installs.baseline],
        ['candidate', installs.candidate],
      ]),
      { logger, ...(signal ? { signal } : {}) },
    );
    const build = (label: 'baseline' | 'candidate'): BuildTarget => ({
      ...target,
      label,
      ...(installs.descriptions?.[label] !== undefined
        ? { description: installs.descriptions[label] }
        : {}),
      // Read when run.json is written: the version install-waf installed.
      get version(): string {
        return (
          switcher.versions.get(label) ??
          (label === 'baseline' ? installs.baselineVersion : undefined) ??
          'unknown'
        );
      },
      prepare: () => switcher.ensure(label),
    });
    const order = installs.baseline === undefined ? 'sequential' : 'interleaved';
    if (order === 'sequential' && pipeline.rounds > 0)
      logger.warn(
        'The baseline has no package to reinstall: its pressure rounds all run before the candidate is installed (not interleaved).',
      );
    const environment = {
      ...pipeline.environment,
      'baseline source': `fresh A/B: installed and measured in this run on ${host.name} (${order})`,
    };
    const [baseline, candidate] = (await runPipeline(
      [build('baseline'), build('candidate')],
      { ...pipeline, order, environment },
      deps,
    )) as [RunRecord, RunRecord];
    await switcher.ensure(installs.leaveOn);
    const freshAb: FreshAbRecord = {
      runId: pipeline.runId,
      order,
      switches: switcher.switches.map((s) => ({
        label: s.label,
        version: s.version,
        action: s.action,
        durationMs: s.durationMs,
      })),
      leftOn: installs.leaveOn,
    };
    for (const record of [baseline, candidate]) {
      record.freshAb = freshAb;
      await writeJsonFile(join(pipeline.outDir, record.label, 'run.json'), record);
    }
    return {
      baseline,
      candidate,
      switches: switcher.switches,
      candidateVersion: candidate.build.version,
    };
  } finally {
    if (deps.restoreAtEnd === true)
      await restoreFromStateFile(host, installs.candidate.stateFile, logger).catch(
        (error: unknown) => logger.warn(`Restore after the A/B run failed: ${String(error)}`),
      );
    await host.close();
  }
}
