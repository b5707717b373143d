/**
 * The one parser of install-waf options, shared by `waf-gate install` and the install-waf action: raw
 * strings (flags, inputs, config file values) in, a validated {@link InstallOptions} out. Every error is a
 * ConfigError quoting the input (or file and line) and the value.
 */
import { tmpdir } from 'node:os';
import { isAbsolute, join, posix, resolve } from 'node:path';
import { ConfigError } from '../common/errors.js';
import {
  optionNames,
  parseOptionValue,
  optionDefault,
  type OptionValues,
} from '../common/option-schema.js';
import type { RawInputs, RawValue } from './config-file.js';
import { parseEdits } from './edits.js';
import { formatHostSpec, parseHostSpec } from '../hosts/spec.js';
import {
  parseArgv,
  parsePatterns,
  parseProbe,
  parseReload,
  parseUserNames,
  where,
} from './option-values.js';
import { INSTALL_SCHEMA, type InstallInputName } from './schema.js';
import type { InstallOptions, PackageKind } from './types.js';
import { scalarText } from '../common/scalar.js';

type InstallValues = OptionValues<typeof INSTALL_SCHEMA>;

export { parseArgv, parseReload } from './option-values.js';

/** Every install option name (kebab-case), declared once in ./schema.ts: flags, inputs, config keys. */
export const INSTALL_INPUTS = optionNames(INSTALL_SCHEMA);

export type { InstallInputName } from './schema.js';

/** Crontab lines the original paused (log packaging, config reloaders), plus logrotate. */
export const DEFAULT_CRON_PATTERNS = [
  'package_access_log\\.sh',
  'package_log\\.sh',
  'check_conf_to_reload',
  '\\blogrotate\\b',
];
/** Timers that rotate logs mid-test. */
export const DEFAULT_TIMER_PATTERNS = ['^logrotate\\.timer$'];

/** Where the state file goes when none is given. */
export function defaultStateFile(): string {
  return join(process.env.RUNNER_TEMP || tmpdir(), 'waf-gate-install-state.json');
}

/** Where the WAF host lock lives when none is given. */
export const DEFAULT_LOCK_FILE = INSTALL_SCHEMA['lock-file'].default;

/** The run id when none is given: GitHub's run id (shared by every job of the run), if any. */
export function defaultRunId(): string | undefined {
  const id = process.env.GITHUB_RUN_ID;
  return id !== undefined && /^\d+$/.test(id) ? `gh-${id}` : undefined;
}

/** Parses and validates raw inputs into {@link InstallOptions}. */
export async function parseInstallOptions(raw: RawInputs): Promise<InstallOptions> {
  const s = (name: InstallInputName): string | undefined => {
    const v = raw.get(name);
    if (v === undefined || v.value === null || v.value === undefined) return undefined;
    const text = scalarText(v.value).trim();
    return text === '' ? undefined : text;
  };
  const r = (name: InstallInputName): RawValue | undefined => {
    const v = raw.get(name);
    if (!v || v.value === null || v.value === undefined) return undefined;
    return typeof v.value === 'string' && v.value.trim() === '' ? undefined : v;
  };
  const path = (name: InstallInputName): string | undefined => {
    const v = s(name);
    return v === undefined
      ? undefined
      : isAbsolute(v) || v.includes('://') || v.startsWith('artifact:')
        ? v
        : resolve(raw.get(name)!.baseDir, v);
  };
  /** A path on the WAF host: absolute, because it reaches commands (find, tar) and the remote side. */
  const hostPath = (name: InstallInputName): string | undefined => {
    const v = s(name);
    if (v !== undefined && !posix.isAbsolute(v)) {
      throw new ConfigError(`${name} must be an absolute path on the host.`, {
        ...where(raw.get(name)!),
        hint: `Give the full path, e.g. /${v.replace(/^[./-]+/, '')}.`,
      });
    }
    return v;
  };
  /** A typed option through the schema (its default when unset); errors point at file and line. */
  const at = <N extends InstallInputName>(name: N): InstallValues[N] => {
    const v = r(name);
    if (v === undefined) return optionDefault(INSTALL_SCHEMA[name]) as InstallValues[N];
    try {
      const value = typeof v.value === 'boolean' ? v.value : String(v.value);
      return parseOptionValue(INSTALL_SCHEMA[name], v.input, value) as InstallValues[N];
    } catch (error) {
      throw new ConfigError((error as Error).message, where(v));
    }
  };

  const mode = at('mode');
  const pkg = path('package');
  if (mode === 'install' && pkg === undefined) {
    throw new ConfigError('A package is required to install.', {
      input: 'package',
      hint: 'Give a .deb, .rpm, tarball or folder path, an http(s) URL, or artifact:<name>; or use mode restore.',
    });
  }
  const packageKind: PackageKind | 'auto' = at('package-kind');
  const sha256Raw = s('package-sha256');
  const sha256 = sha256Raw?.replace(/^sha256:/i, '').toLowerCase();
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/.test(sha256)) {
    throw new ConfigError('package-sha256 must be 64 hexadecimal digits (optionally "sha256:…").', {
      ...where(raw.get('package-sha256')!),
      hint: 'Use the output of sha256sum for the package file.',
    });
  }
  const maxMb = at('package-max-mb');
  const health = at('health-url');
  if (s('health-url') === undefined && (s('health-host') ?? s('health-status')) !== undefined) {
    throw new ConfigError(
      'health-host/health-status need health-url.',
      where((raw.get('health-host') ?? raw.get('health-status'))!),
    );
  }
  const expectedStatus = at('health-status');
  const accessLog = path('access-log');
  const ssh: Record<string, string> = {};
  for (const key of ['ssh-key', 'ssh-passphrase', 'known-hosts', 'host-fingerprint'] as const) {
    const v = s(key);
    if (v !== undefined) ssh[key] = v;
  }
  const check = s('check');
  const runId = at('run-id') ?? defaultRunId();
  const lockFileRaw = s('lock-file');
  const reload = parseReload(r('reload'));
  const edits = await parseEdits(r('edits'));
  const options: InstallOptions = {
    mode,
    host:
      s('host') === undefined
        ? 'local'
        : formatHostSpec(parseHostSpec(raw.get('host')!.input, s('host')!)),
    ssh,
    ...(pkg === undefined ? {} : { package: pkg }),
    packageKind,
    ...(sha256 === undefined ? {} : { packageSha256: sha256 }),
    packageMaxBytes: maxMb * 1024 * 1024,
    ...(s('package-name') === undefined ? {} : { packageName: s('package-name')! }),
    manifest: at('manifest'),
    ...(hostPath('install-dir') === undefined ? {} : { installDir: hostPath('install-dir')! }),
    debInstaller: at('deb-installer'),
    versionProbe: parseProbe(r('version-probe'), r('version-regex')),
    edits,
    check:
      check === 'none'
        ? null
        : check === undefined
          ? ['nginx', '-t']
          : parseArgv(raw.get('check')!),
    reload,
    ...(health === undefined
      ? {}
      : {
          health: {
            url: health,
            ...(s('health-host') === undefined ? {} : { hostHeader: s('health-host')! }),
            expectedStatus,
            timeoutMs: at('health-timeout'),
            intervalMs: at('health-interval'),
          },
        }),
    quiet: {
      cronPatterns: parsePatterns(r('pause-cron'), DEFAULT_CRON_PATTERNS),
      cronUsers: parseUserNames(r('pause-cron-users')),
      cronDir: hostPath('cron-dir') ?? at('cron-dir'),
      timerPatterns: parsePatterns(r('pause-timers'), DEFAULT_TIMER_PATTERNS),
      ...(accessLog === undefined ? {} : { accessLog }),
      accessLogAction: at('access-log-action'),
    },
    stateFile: path('state-file') ?? defaultStateFile(),
    commandTimeoutMs: at('command-timeout'),
    ...(runId === undefined ? {} : { runId }),
    lockFile: lockFileRaw === 'none' ? null : (hostPath('lock-file') ?? DEFAULT_LOCK_FILE),
    lockLeaseMs: at('lock-lease'),
    running: {
      check: at('running-check'),
      binary: hostPath('nginx-binary') ?? at('nginx-binary'),
      pidFile:
        hostPath('nginx-pid-file') ?? (reload.kind === 'pid-file' ? reload.path : '/run/nginx.pid'),
      onMismatch: at('reload-mismatch'),
      ...(s('start-command') === undefined
        ? {}
        : { startCommand: parseArgv(raw.get('start-command')!) }),
    },
  };
  if (
    (options.packageKind === 'tarball' || options.packageKind === 'directory') &&
    options.installDir === undefined
  ) {
    throw new ConfigError(
      'A tarball or folder build needs install-dir (where it is unpacked on the host).',
      {
        input: 'install-dir',
      },
    );
  }
  return options;
}

/** Builds RawInputs from plain name → string pairs (flags or action inputs); empty strings are dropped. */
export function rawInputsFrom(
  values: Partial<Record<InstallInputName, string | undefined>>,
  inputPrefix = '',
  baseDir = process.cwd(),
): RawInputs {
  const raw: RawInputs = new Map();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== '')
      raw.set(name, { value, input: `${inputPrefix}${name}`, baseDir });
  }
  return raw;
}

/** Layers raw inputs: later maps override earlier ones (config file < flags/inputs). */
export function mergeRawInputs(...layers: RawInputs[]): RawInputs {
  const out: RawInputs = new Map();
  for (const layer of layers) for (const [k, v] of layer) out.set(k, v);
  return out;
}
