/**
 * Parsers for the structured install option values (commands, reload methods, version probes, pattern
 * lists). Each throws a ConfigError naming the input (or file and line) and the value.
 */
import { ConfigError } from '../common/errors.js';
import { parseList } from '../common/options.js';
import { lineField, type RawValue } from './config-file.js';
import type { ReloadSpec, VersionProbe } from './types.js';

/** Where a raw value came from, as ConfigError options. */
export function where(raw: RawValue): {
  input: string;
  value: unknown;
  file?: string;
  line?: number;
} {
  return {
    input: raw.input,
    value: raw.value,
    ...(raw.file === undefined ? {} : { file: raw.file }),
    ...lineField(raw.line),
  };
}

/** Splits a command given as a JSON array (`["nginx","-t"]`) or as words separated by spaces. */
export function parseArgv(raw: RawValue): string[] {
  const v = raw.value;
  let argv: unknown = v;
  if (typeof v === 'string') {
    const text = v.trim();
    if (text.startsWith('[')) {
      try {
        argv = JSON.parse(text);
      } catch {
        throw new ConfigError('Not a valid JSON array of arguments.', where(raw));
      }
    } else {
      argv = text.split(/\s+/).filter((s) => s !== '');
    }
  }
  if (
    !Array.isArray(argv) ||
    argv.length === 0 ||
    argv.some((a) => typeof a !== 'string' && typeof a !== 'number')
  ) {
    throw new ConfigError(
      'Expected a command: words separated by spaces or a JSON array of strings.',
      where(raw),
    );
  }
  return argv.map(String);
}

/** Parses `none`, `systemctl:UNIT`, `service:NAME`, `nginx` (nginx -s reload), `pid-file:PATH[:SIGNAL]`, `command:ARGV`. */
export function parseReload(raw: RawValue | undefined): ReloadSpec {
  if (!raw) return { kind: 'none' };
  const text = String(raw.value).trim();
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const arg = colon < 0 ? '' : text.slice(colon + 1).trim();
  // A unit or service name reaches systemctl/service as an operand: no option look-alikes.
  const name = (value: string): string => {
    if (!/^[\w@:.\\][\w@:.\\-]*$/.test(value))
      throw new ConfigError(
        `reload "${kind}" needs a unit or service name (letters, digits, @ : . _ \\ -, not starting with -).`,
        where(raw),
      );
    return value;
  };
  const need = (what: string): string => {
    if (arg === '')
      throw new ConfigError(
        `reload "${kind}" needs ${what} after a colon, e.g. ${kind}:${what}.`,
        where(raw),
      );
    return arg;
  };
  switch (kind) {
    case 'none':
    case '':
      return { kind: 'none' };
    case 'systemctl':
      return { kind: 'systemctl', unit: name(need('nginx')) };
    case 'service':
      return { kind: 'service', name: name(need('nginx')) };
    case 'nginx':
      return { kind: 'command', argv: ['nginx', '-s', 'reload'] };
    case 'pid-file': {
      const m = /^(.*?)(?::(SIG)?([A-Z0-9]+))?$/.exec(need('/run/nginx.pid'))!;
      if (!m[1]!.startsWith('/'))
        throw new ConfigError('reload pid-file needs an absolute path on the host.', where(raw));
      return { kind: 'pid-file', path: m[1]!, signal: m[3] ?? 'HUP' };
    }
    case 'command':
      return { kind: 'command', argv: parseArgv({ ...raw, value: need('nginx -s reload') }) };
    default:
      throw new ConfigError(
        'Unknown reload method: use none, systemctl:UNIT, service:NAME, nginx, pid-file:PATH[:SIGNAL] or command:ARGS.',
        where(raw),
      );
  }
}

/** Parses version-probe (`package-db` or a command) and version-regex. */
export function parseProbe(probe: RawValue | undefined, regex: RawValue | undefined): VersionProbe {
  const text = probe === undefined ? 'package-db' : String(probe.value).trim();
  if (text === '' || text === 'package-db') {
    if (regex) throw new ConfigError('version-regex needs a version-probe command.', where(regex));
    return { kind: 'package-db' };
  }
  const pattern = regex === undefined ? '(\\d[\\w.:~+^-]*)' : String(regex.value);
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern);
  } catch (error) {
    throw new ConfigError(
      `Not a valid regular expression: ${(error as Error).message}`,
      where(regex!),
    );
  }
  if (!/\((?!\?)/.test(compiled.source)) {
    throw new ConfigError(
      'version-regex needs a capture group holding the version, e.g. wswaf/(\\S+).',
      where(regex!),
    );
  }
  return { kind: 'command', argv: parseArgv(probe!), regex: pattern };
}

/** Parses a list of regexes (comma/newline separated or a YAML list); `none` is the empty list. */
export function parsePatterns(raw: RawValue | undefined, defaults: string[]): string[] {
  if (!raw) return defaults;
  const list = Array.isArray(raw.value) ? raw.value.map(String) : parseList(String(raw.value));
  if (list.length === 1 && list[0] === 'none') return [];
  for (const p of list) {
    try {
      new RegExp(p);
    } catch (error) {
      throw new ConfigError(
        `Not a valid regular expression "${p}": ${(error as Error).message}`,
        where(raw),
      );
    }
  }
  return list;
}

/** Crontab owners (`pause-cron-users`): user names only, so `crontab -u NAME` never reads an option. */
export function parseUserNames(raw: RawValue | undefined): string[] {
  if (!raw) return [];
  const list = Array.isArray(raw.value) ? raw.value.map(String) : parseList(String(raw.value));
  if (list.length === 1 && list[0] === 'none') return [];
  for (const user of list) {
    if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*\$?$/.test(user)) {
      throw new ConfigError(`Not a user name: ${JSON.stringify(user)}.`, {
        ...where(raw),
        hint: 'List user names (letters, digits, _ . -, not starting with -), separated by commas.',
      });
    }
  }
  return list;
}
