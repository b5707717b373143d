/** `waf-gate install`: put an exact WAF build on a host (local or SSH) and quiet it; `--restore` undoes it. */
import type { RawInputs, RawValue } from '../../install/config-file.js';
import { ExitCode, type Command } from '../command.js';
import { parseFlags } from '../args.js';
import { loadConfigFile } from '../../install/config-file.js';
import {
  INSTALL_INPUTS,
  mergeRawInputs,
  parseInstallOptions,
  rawInputsFrom,
  type InstallInputName,
} from '../../install/options.js';
import { executeInstall } from '../../install/run.js';

const HELP = `Usage: waf-gate install --package FILE|URL [options]
       waf-gate install --restore [--state-file FILE] [--host ssh://…]

Installs exactly the given build (deb, rpm, tarball or folder) on the WAF host, proves the version,
applies configuration edits (backed up, validated before reload), reloads, waits for health, pauses
crontab lines / systemd timers and clears the access log. Every change is recorded in a state file;
--restore puts everything back (also after a killed run). Packages are not rolled back.

Package:
  --package FILE|URL         .deb, .rpm, .tar(.gz|.xz), a folder, an http(s) URL (artifact:NAME: not yet)
  --package-kind KIND        auto|deb|rpm|tarball|directory (default auto, by file name)
  --package-sha256 HEX       expected SHA-256, checked before install (a URL without it: <url>.sha256
                             or SHA256SUMS next to it when published); downloads retry on 5xx/network
  --package-max-mb N         largest download accepted (default 2048)
  --package-name NAME        name of a tarball/folder build (default: install-dir's name)
  --manifest FILE            version file inside a tarball/folder (default VERSION)
  --install-dir DIR          where a tarball/folder build is unpacked on the host
  --deb-installer dpkg|apt   dpkg -i (default) or apt-get install ./file.deb
  --version-probe CMD        package-db (default) or a command, e.g. "nginx -v" or a JSON array
  --version-regex RE         group 1 is the version (default: first version-like token), e.g. 'wswaf/(\\S+)'
Host:
  --host SPEC                local (default) or ssh://user@host:port
  --ssh-key FILE             private key file (or key text); --ssh-passphrase for an encrypted key
  --known-hosts FILE         known_hosts the server key must be in; or --host-fingerprint SHA256:…
Configuration:
  --edits YAML|FILE          list of edits: {file, replace, with} / {file, set, value} / {dropin, to, vars}
  --check CMD                validation before reload (default "nginx -t"; none to skip)
  --reload METHOD            none (default), systemctl:UNIT, service:NAME, nginx, pid-file:PATH[:SIG], command:ARGS
  --health-url URL           probe until it answers --health-status (default 200) within --health-timeout (30s)
  --health-host NAME         Host header of the probe; --health-interval (250ms) between failed probes
Quiet machine:
  --pause-cron RE,RE         crontab patterns to pause (default: the original's log packagers and reloaders; none)
  --pause-cron-users U,U     whose crontabs (default: the connecting user); --cron-dir DIR (default /etc/cron.d)
  --pause-timers RE,RE       systemd timers to stop (default ^logrotate\\.timer$; none)
  --access-log FILE          cleared once healthy; --access-log-action truncate|rotate|none (default truncate)
Run:
  --state-file FILE          (default $RUNNER_TEMP or the temp dir /waf-gate-install-state.json)
  --run-id ID                names this run on the WAF host (default gh-$GITHUB_RUN_ID, else random);
                             --restore --host H --run-id ID restores from the copy on the host
  --lock-file PATH           lock on the WAF host, held from install to restore (default
                             /var/lib/waf-gate/lock.json; state copies in state/ next to it; none)
  --lock-lease DUR           the lock expires unless renewed within this (default 2h)
Running build (after reload, checks /proc/<pid>/exe of the master and its workers):
  --running-check auto|none  auto (default): check when the pid file exists and reload is not none
  --nginx-binary PATH        the installed binary (default /usr/sbin/nginx)
  --nginx-pid-file PATH      the master's pid file (default: the reload pid file, else /run/nginx.pid)
  --reload-mismatch M        restart (default), binary-upgrade (USR2, WINCH, QUIT) or fail
  --start-command CMD        starts nginx after a stop, for restart with pid-file/command reloads
  --config FILE              YAML/JSON file with any of these options (flags win)
  --command-timeout DUR      limit per package command (default 10m)
  --restore                  undo the run recorded in the state file
  --json                     print the result as one JSON object

Exit codes: 0 done, 2 bad input, 3 install/validation/health failure (changes restored), 130 interrupted.`;

const flagOptions = Object.fromEntries(
  INSTALL_INPUTS.map((name) => [name, { type: 'string' as const }]),
);

/** `waf-gate install`. */
export const installCommand: Command = {
  name: 'install',
  summary: 'Install an exact WAF build on a host (local or ssh://), quiet it; --restore undoes it',
  help: HELP,
  async run(args, context) {
    const { values } = parseFlags('install', args, {
      ...flagOptions,
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
