/** `waf-gate install`: put an exact WAF build on a host (local or SSH) and quiet it; `--restore` undoes it. */
import type { RawInputs, RawValue } from '../../install/config-file.js';
import { ExitCode, type Command } from '../command.js';
import { parseFlags, schemaFlags } from '../args.js';
import { formatOptionsHelp, type HelpRow } from '../../common/option-help.js';
import { INSTALL_SCHEMA } from '../../install/schema.js';
import { loadConfigFile } from '../../install/config-file.js';
import {
  INSTALL_INPUTS,
  mergeRawInputs,
  parseInstallOptions,
  rawInputsFrom,
  type InstallInputName,
} from '../../install/options.js';
import { executeInstall } from '../../install/run.js';

const SECTIONS: ReadonlyArray<[string, readonly InstallInputName[], ReadonlyArray<HelpRow>]> = [
  [
    'Package',
    [
      'package',
      'package-kind',
      'package-sha256',
      'package-max-mb',
      'package-name',
      'manifest',
      'install-dir',
      'deb-installer',
      'version-probe',
      'version-regex',
    ],
    [],
  ],
  ['Host', ['host', 'ssh-key', 'ssh-passphrase', 'known-hosts', 'host-fingerprint'], []],
  [
    'Configuration',
    [
      'edits',
      'check',
      'reload',
      'health-url',
      'health-host',
      'health-status',
      'health-timeout',
      'health-interval',
    ],
    [],
  ],
  [
    'Quiet machine',
    [
      'pause-cron',
      'pause-cron-users',
      'cron-dir',
      'pause-timers',
      'access-log',
      'access-log-action',
    ],
    [],
  ],
  [
    'Run',
    ['mode', 'state-file', 'run-id', 'lock-file', 'lock-lease', 'command-timeout'],
    [
      ['--config FILE', 'YAML/JSON file with any of these options (flags win)'],
      ['--restore', 'undo the run recorded in the state file (the same as --mode restore)'],
      ['--json', 'print the result as one JSON object'],
    ],
  ],
  [
    'Running build (after reload, checks /proc/<pid>/exe of the master and its workers)',
    ['running-check', 'nginx-binary', 'nginx-pid-file', 'reload-mismatch', 'start-command'],
    [],
  ],
];

const OPTIONS_HELP = SECTIONS.map(
  ([title, only, extra]) =>
    `${title}:\n${formatOptionsHelp(INSTALL_SCHEMA, { only, extra, column: 28 })}`,
).join('\n');

const HELP = `Usage: waf-gate install --package FILE|URL [options]
       waf-gate install --restore [--state-file FILE] [--host ssh://…]

Installs exactly the given build (deb, rpm, tarball or folder) on the WAF host, proves the version,
applies configuration edits (backed up, validated before reload), reloads, waits for health, pauses
crontab lines / systemd timers and clears the access log. Every change is recorded in a state file;
--restore puts everything back (also after a killed run). Packages are not rolled back.

${OPTIONS_HELP}

Exit codes: 0 done, 2 bad input, 3 install/validation/health failure (changes restored), 130 interrupted.`;

/** `waf-gate install`. */
export const installCommand: Command = {
  name: 'install',
  summary: 'Install an exact WAF build on a host (local or ssh://), quiet it; --restore undoes it',
  help: HELP,
  async run(args, context) {
    const { values } = parseFlags('install', args, {
      ...schemaFlags(INSTALL_SCHEMA),
      config: { type: 'string' },
      restore: { type: 'boolean' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const flags: Partial<Record<InstallInputName, string>> = {};
    for (const name of INSTALL_INPUTS) {
      const v = (values as Record<string, unknown>)[name];
      if (typeof v === 'string') flags[name] = v;
    }
    if (values.restore === true) flags.mode = 'restore';
    const file: RawInputs =
      typeof values.config === 'string'
        ? await loadConfigFile(values.config, INSTALL_INPUTS)
        : new Map<string, RawValue>();
    const raw = mergeRawInputs(file, rawInputsFrom(flags, '--'));
    const options = await parseInstallOptions(raw);
    const run = await executeInstall(options, context.logger, context.signal);
    if (values.json === true) {
      context.print(JSON.stringify({ mode: run.mode, ...run.result }));
    } else if (run.mode === 'install') {
      const r = run.result;
      context.print(
        [
          `${r.packageName} ${r.action}: ${r.previousVersion ?? 'none'} → ${r.version} on ${r.host} (probe: ${r.probedVersion})`,
          r.healthProbeLatencyMs === null
            ? 'health: not probed'
            : `health: ok in ${r.healthProbeLatencyMs.toFixed(1)} ms`,
          `changed files: ${r.changedFiles.length}, paused crontab lines: ${r.pausedCronLines}, stopped timers: ${r.stoppedTimers.length}`,
          `running build: ${r.runningCheck}`,
          ...r.notes.map((n) => `note: ${n}`),
          `restore with: waf-gate install --restore --state-file ${r.stateFile}`,
          ...(r.lockFile === null
            ? []
            : [
                `holding ${r.lockFile} as run ${r.runId}; from elsewhere: waf-gate install --restore --host ${r.host} --run-id ${r.runId}`,
              ]),
        ].join('\n'),
      );
    } else {
      const r = run.result;
      context.print(
        r.found
          ? `restored ${r.restoredFiles.length} file(s), ${r.restoredCron} crontab(s), ${r.startedTimers.length} timer(s) on ${r.host}${r.releasedLock ? '; lock released' : ''}`
          : `nothing to restore (${r.stateFile} does not exist)${r.releasedLock ? '; lock released' : ''}`,
      );
    }
    return ExitCode.ok;
  },
};
