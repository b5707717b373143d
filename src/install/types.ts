/**
 * install-waf's contracts: the validated options (shared by the CLI command and the action), the result
 * (`--json` / action outputs) and the state file that lets `restore` undo every change from a new process.
 */

/** How the package file is laid out. `auto` decides by file name (.deb, .rpm, .tar*, .tgz, a folder). */
export type PackageKind = 'deb' | 'rpm' | 'tarball' | 'directory';

/** What install-waf did to the package. */
export type InstallAction = 'installed' | 'upgraded' | 'downgraded' | 'unchanged';

/** One declared configuration edit (see `edits.ts` for the accepted YAML/JSON shape). */
export type ConfigEdit =
  | {
      kind: 'replace';
      file: string;
      /** JavaScript regex applied per line (flag `m`). */
      pattern: string;
      /** Replacement; `$1`… refer to groups. */
      with: string;
      /** Replace every match instead of the first. @default true */
      all: boolean;
      /** A pattern that matches nothing is an error unless `optional`. @default false */
      optional: boolean;
    }
  | {
      kind: 'set';
      file: string;
      /** nginx directive name, e.g. `worker_processes`: `name value;` lines are rewritten. */
      directive: string;
      value: string;
      optional: boolean;
    }
  | {
      kind: 'dropin';
      /** Folder on the runner holding template files. */
      from: string;
      /** Folder on the WAF host the rendered files go to. */
      to: string;
      /** `{{name}}` substitutions. */
      vars: Record<string, string>;
    };

/** How to make the WAF pick up new configuration. */
export type ReloadSpec =
  | { kind: 'none' }
  | { kind: 'systemctl'; unit: string }
  | { kind: 'service'; name: string }
  | { kind: 'pid-file'; path: string; signal: string }
  | { kind: 'command'; argv: string[] };

/** How the installed version is proven after install. */
export type VersionProbe =
  | { kind: 'package-db' }
  /** Runs `argv`, matches `regex` on stdout + stderr (nginx -v prints to stderr); group 1 is the version. */
  | { kind: 'command'; argv: string[]; regex: string };

/** Health wait after reload. */
export interface HealthOptions {
  url: string;
  /** Host header sent with the probe. @default the URL's host */
  hostHeader?: string;
  /** @default 200 */
  expectedStatus: number;
  /** Give up after this long. @default 30000 */
  timeoutMs: number;
  /** Pause between failed attempts. @default 250 */
  intervalMs: number;
}

/** Pausing what would disturb a test. */
export interface QuietOptions {
  /** Regexes; a matching crontab line is commented out until restore. Empty: cron is left alone. */
  cronPatterns: string[];
  /** Users whose crontab (`crontab -l -u`) is searched; empty means the connecting user. */
  cronUsers: string[];
  /** Folder of system crontab files searched too. @default '/etc/cron.d' */
  cronDir: string;
  /** Regexes matched against systemd timer unit names (`x.timer`); matching timers are stopped. */
  timerPatterns: string[];
  /** Access log to clear once the WAF is healthy. */
  accessLog?: string;
  /** @default 'truncate' */
  accessLogAction: 'truncate' | 'rotate' | 'none';
}

/** Validated options of one install-waf run (see `options.ts`). */
export interface InstallOptions {
  mode: 'install' | 'restore';
  /** Host spec: `local` or `ssh://user@host:port`. @default 'local' */
  host: string;
  /** SSH settings passed through to `openHost` (key, known_hosts, fingerprint); empty for local. */
  ssh: Record<string, string>;
  /** Path, http(s) URL, or `artifact:<name>`. Required for mode `install`. */
  package?: string;
  /** @default 'auto' */
  packageKind: PackageKind | 'auto';
  /** Expected SHA-256 of the package file (64 hex digits, lower case), verified before install. */
  packageSha256?: string;
  /** Download size cap in bytes (`package-max-mb`). @default 2 GiB */
  packageMaxBytes: number;
  /** Package name for tarballs/folders (debs and rpms carry their own). */
  packageName?: string;
  /** Version file inside a tarball/folder. @default 'VERSION' */
  manifest: string;
  /** Where a tarball/folder build is unpacked on the host. */
  installDir?: string;
  /** `dpkg` (`dpkg -i`) or `apt` (`apt-get install ./file.deb`, resolves dependencies). @default 'dpkg' */
  debInstaller: 'dpkg' | 'apt';
  versionProbe: VersionProbe;
  edits: ConfigEdit[];
  /** Validation before reload, as an argument array; null skips it. @default ['nginx', '-t'] */
  check: string[] | null;
  reload: ReloadSpec;
  health?: HealthOptions;
  quiet: QuietOptions;
  /** State file on the runner. @default `$RUNNER_TEMP/waf-gate-install-state.json` */
  stateFile: string;
  /** Time limit of each package manager command. @default 600000 */
  commandTimeoutMs: number;
  /**
   * Names this run on the WAF host (lock holder, `state/<run-id>.json`). Letters, digits, `.`, `_`, `-`.
   * @default `gh-$GITHUB_RUN_ID` under GitHub Actions, else a new random id
   */
  runId?: string;
  /** Lock file on the WAF host; null disables the lock and the state copy. @default '/var/lib/waf-gate/lock.json' */
  lockFile: string | null;
  /** How long the lock lasts without renewal. @default 7200000 (2 h) */
  lockLeaseMs: number;
  /** The running-build check after install + reload. */
  running: RunningCheckOptions;
}

/** How to prove the nginx that runs is the nginx that was installed (see `running-binary.ts`). */
export interface RunningCheckOptions {
  /** `none` skips the check; `auto` checks when the master's pid file exists. @default 'auto' */
  check: 'auto' | 'none';
  /** The installed nginx binary on the host. @default '/usr/sbin/nginx' */
  binary: string;
  /** The master's pid file. @default the reload pid file, else '/run/nginx.pid' */
  pidFile: string;
  /** What to do when a process runs another binary. @default 'restart' */
  onMismatch: 'restart' | 'binary-upgrade' | 'fail';
  /** How to start nginx after stopping it, for reload methods without a restart (pid-file, command, none). */
  startCommand?: string[];
}

/** What a run did (`--json` prints it; the action maps it to outputs). */
export interface InstallResult {
  host: string;
  action: InstallAction;
  packageName: string;
  packageKind: PackageKind;
  /** Version now installed. */
  version: string;
  /** Version before the run; null when not installed. */
  previousVersion: string | null;
  /** What the version probe read after install. */
  probedVersion: string;
  /** Latency of the successful health probe; null without a health URL. */
  healthProbeLatencyMs: number | null;
  healthAttempts: number;
  /** Files changed (backed up in the state file). */
  changedFiles: string[];
  pausedCronLines: number;
  stoppedTimers: string[];
  stateFile: string;
  /** This run's id on the WAF host (restore with `--run-id`). */
  runId: string;
  /** The lock held on the WAF host; null when lock-file is none. */
  lockFile: string | null;
  /** The state copy on the WAF host; null when lock-file is none. */
  hostStateFile: string | null;
  /** What the running-build check found: `ok`, `fixed by restart`, `skipped: …`. */
  runningCheck: string;
  /** Things skipped, with the reason (e.g. "systemd not running: timers left alone"). */
  notes: string[];
}

/** One change recorded in the state file BEFORE it is made, so restore can undo it from any point. */
export type StateChange =
  | { kind: 'file'; path: string; existed: boolean; contentBase64?: string; mode?: number }
  | { kind: 'cron-user'; user: string | null; marker: string }
  | { kind: 'cron-file'; path: string; marker: string }
  | { kind: 'timer'; unit: string }
  | { kind: 'access-log'; path: string; action: 'truncate' | 'rotate'; rotatedTo?: string }
  | { kind: 'package'; name: string; previousVersion: string | null; version: string }
  /** A temp folder this run made (the package download on the runner, its copy on the host). */
  | { kind: 'temp'; path: string; on: 'runner' | 'host' };

/** The state file (JSON). */
export interface InstallState {
  format: 'waf-gate-install-state/1';
  runId: string;
  host: string;
  createdAt: string;
  pid: number;
  /** The reload used, so restore can reload after putting config back. */
  reload: ReloadSpec;
  /** The nginx master's pid file: restore waits for the old workers to exit after its reload. */
  masterPidFile?: string;
  /** The WAF host lock this run holds and its state copy there; restore releases the lock. */
  lock?: { path: string; statePath: string };
  /** True once a reload with changed configuration was done. */
  reloaded: boolean;
  changes: StateChange[];
}
