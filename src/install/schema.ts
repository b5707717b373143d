/**
 * install-waf's options, declared once: `waf-gate install --<name>` flags, the action's inputs and the
 * config file's keys. Validation of the typed ones, the defaults, the CLI help and the action.yml
 * descriptions (drift-checked) come from here; structured values (edits, reload, probes, commands) have
 * their own parsers in option-values.ts and edits.ts.
 */
import type { OptionSchema } from '../common/option-schema.js';
import { HOST_SCHEMA } from '../hosts/schema.js';

/** Every install option, in the CLI help's order. */
export const INSTALL_SCHEMA = {
  mode: {
    type: 'enum',
    values: ['install', 'restore'],
    default: 'install',
    help: 'install, or restore: put back every file, crontab line and timer the install step changed (run it with if: always()).',
  },
  package: {
    type: 'string',
    metavar: 'FILE|URL',
    help: 'The build to install: a .deb, .rpm, .tar(.gz|.xz) or a folder; a local path or an http(s) URL.',
  },
  'package-kind': {
    type: 'enum',
    metavar: 'KIND',
    values: ['auto', 'deb', 'rpm', 'tarball', 'directory'],
    default: 'auto',
    help: 'deb, rpm, tarball or directory; auto: by the file name.',
  },
  'package-sha256': {
    type: 'string',
    metavar: 'HEX',
    help: 'Expected SHA-256 of the package file (64 hex digits), verified before anything is installed. Without it a URL is checked against <url>.sha256 or SHA256SUMS next to it when published.',
  },
  'package-max-mb': {
    type: 'integer',
    unit: 'MiB',
    min: 1,
    max: 1024 * 1024,
    default: 2048,
    help: 'Largest package download accepted (a bigger one is stopped and deleted).',
  },
  'package-name': {
    type: 'string',
    metavar: 'NAME',
    defaultText: "install-dir's name",
    help: 'Name of a tarball/folder build.',
  },
  manifest: {
    type: 'string',
    metavar: 'FILE',
    default: 'VERSION',
    help: 'Tarball/folder builds: the file inside holding the version.',
  },
  'install-dir': {
    type: 'path',
    metavar: 'DIR',
    help: 'Tarball/folder builds: where the build is unpacked (an absolute path on the host).',
  },
  'deb-installer': {
    type: 'enum',
    values: ['dpkg', 'apt'],
    default: 'dpkg',
    help: 'dpkg -i, or apt-get install ./file.deb.',
  },
  ...HOST_SCHEMA,
  'version-probe': {
    type: 'string',
    metavar: 'CMD',
    default: 'package-db',
    help: 'How the installed version is proven: package-db, or a command, e.g. "nginx -v" or a JSON array.',
  },
  'version-regex': {
    type: 'string',
    metavar: 'RE',
    defaultText: 'the first version-like token',
    help: 'Regex whose group 1 is the version in the probe output, e.g. wswaf/(\\S+).',
  },
  edits: {
    type: 'string',
    metavar: 'YAML|FILE',
    help: 'Configuration edits (YAML/JSON list or a file): {file, replace, with}, {file, set, value}, {dropin, to, vars}.',
  },
  check: {
    type: 'string',
    metavar: 'CMD',
    default: 'nginx -t',
    help: 'Validation before reload: a command (words or a JSON array), or none.',
  },
  reload: {
    type: 'string',
    metavar: 'METHOD',
    default: 'none',
    help: 'Reload method: none, systemctl:UNIT, service:NAME, nginx, pid-file:PATH[:SIGNAL] or command:ARGS.',
  },
  'health-url': { type: 'url', help: 'URL probed after reload until it answers health-status.' },
  'health-host': { type: 'string', metavar: 'NAME', help: 'Host header of the health probe.' },
  'health-status': {
    type: 'integer',
    metavar: 'CODE',
    min: 100,
    max: 599,
    default: 200,
    help: 'Expected status of the health probe.',
  },
  'health-timeout': {
    type: 'duration',
    default: 30_000,
    help: 'Give up waiting for health after this long.',
  },
  'health-interval': {
    type: 'duration',
    default: 250,
    help: 'Pause between failed health probes.',
  },
  'pause-cron': {
    type: 'string',
    metavar: 'RE,RE',
    defaultText: 'log packaging, config reloaders, logrotate',
    help: 'Regexes (one per line or comma-separated) of crontab lines to pause during the test; none disables.',
  },
  'pause-cron-users': {
    type: 'list',
    metavar: 'U,U',
    defaultText: 'the connecting user',
    help: 'Users whose crontabs are searched.',
  },
  'cron-dir': {
    type: 'path',
    metavar: 'DIR',
    default: '/etc/cron.d',
    help: 'Cron drop-in folder searched too (an absolute path on the host).',
  },
  'pause-timers': {
    type: 'string',
    metavar: 'RE,RE',
    defaultText: '^logrotate\\.timer$',
    help: 'Regexes of systemd timers to stop during the test; none disables.',
  },
  'access-log': {
    type: 'path',
    metavar: 'FILE',
    help: 'The WAF access log, cleared (see access-log-action) once the build is healthy.',
  },
  'access-log-action': {
    type: 'enum',
    metavar: 'ACTION',
    values: ['truncate', 'rotate', 'none'],
    default: 'truncate',
    help: 'How the access log is cleared.',
  },
  'state-file': {
    type: 'path',
    metavar: 'FILE',
    defaultText: '$RUNNER_TEMP (or the temp dir)/waf-gate-install-state.json',
    help: 'Where the record of every change is kept for restore.',
  },
  'command-timeout': {
    type: 'duration',
    default: 600_000,
    help: 'Limit per package or service command.',
  },
  'run-id': {
    type: 'string',
    metavar: 'ID',
    pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/,
    patternText: '1-100 letters, digits, ".", "_" or "-" (not starting with one of the last three)',
    defaultText: 'gh-<GITHUB_RUN_ID>, else random',
    help: 'Names this run on the WAF host (lock holder, state copy); restore from elsewhere with mode restore, host and run-id.',
  },
  'lock-file': {
    type: 'path',
    metavar: 'PATH',
    default: '/var/lib/waf-gate/lock.json',
    help: 'Lock on the WAF host held from install to restore (one run per host); state copies go to state/ next to it; none disables both.',
  },
  'lock-lease': {
    type: 'duration',
    default: 2 * 3_600_000,
    help: 'The lock expires (and may be taken over) unless renewed within this.',
  },
  'running-check': {
    type: 'enum',
    values: ['auto', 'none'],
    default: 'auto',
    help: 'auto: after reload, check that the nginx master and every worker run the installed binary (/proc/<pid>/exe) when the pid file exists and reload is not none; none skips it.',
  },
  'nginx-binary': {
    type: 'path',
    metavar: 'PATH',
    default: '/usr/sbin/nginx',
    help: 'The installed nginx binary on the WAF host.',
  },
  'nginx-pid-file': {
    type: 'path',
    metavar: 'PATH',
    defaultText: 'the reload pid file, else /run/nginx.pid',
    help: 'The nginx master pid file.',
  },
  'reload-mismatch': {
    type: 'enum',
    metavar: 'M',
    values: ['restart', 'binary-upgrade', 'fail'],
    default: 'restart',
    help: 'When a process runs another (deleted) binary: restart, binary-upgrade (USR2, WINCH, QUIT) or fail.',
  },
  'start-command': {
    type: 'string',
    metavar: 'CMD',
    help: 'How to start nginx after stopping it, for restart with a pid-file or command reload.',
  },
} as const satisfies OptionSchema;

/** One install option name. */
export type InstallInputName = keyof typeof INSTALL_SCHEMA;
