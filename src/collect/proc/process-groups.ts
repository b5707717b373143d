/** Process groups the sampler watches: `name=cmdline-prefix` or `name=~regex`, optionally `;parent=…`. */
import { resolve } from 'node:path';
import { ConfigError } from '../../common/errors.js';

/** A process group: members are matched on their command line (NULs read as spaces). */
export interface ProcessGroupSpec {
  name: string;
  /** `prefix`: the command line starts with `pattern`; `regex`: `pattern` matches it. */
  match: { kind: 'prefix' | 'regex'; pattern: string };
  /** Only children of this pid (e.g. one nginx master among several). */
  parentPid?: number;
  /** Only children of the pid in this file (re-read every sample). */
  parentPidFile?: string;
}

/** The default group: nginx workers. */
export const NGINX_WORKER_GROUP: ProcessGroupSpec = {
  name: 'nginx-worker',
  match: { kind: 'prefix', pattern: 'nginx: worker process' },
};

/** Parses `name=prefix` / `name=~regex`, each optionally `;parent=<pid or pid file>`. */
export function parseGroups(
  value: string | undefined,
  masterPidFile?: string,
  masterPid?: number,
): ProcessGroupSpec[] {
  const items = value
    ? value
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
  const groups: ProcessGroupSpec[] = [];
  for (const item of items) {
    const [spec, ...attrs] = item.split(';');
    const eq = spec!.indexOf('=');
    const name = eq > 0 ? spec!.slice(0, eq).trim() : '';
    const matcher = eq > 0 ? spec!.slice(eq + 1) : '';
    if (!/^[A-Za-z0-9._-]+$/.test(name) || matcher.trim() === '') {
      throw new ConfigError(
        'A process group is "name=command-line prefix" or "name=~regex" (one per line).',
        {
          input: 'groups',
          value: item,
          hint: 'E.g. "squid=~^\\(squid-\\d+\\)" or "shark=/usr/local/shark/bin/shark".',
        },
      );
    }
    const group: ProcessGroupSpec = matcher.startsWith('~')
      ? { name, match: { kind: 'regex', pattern: matcher.slice(1) } }
      : { name, match: { kind: 'prefix', pattern: matcher } };
    if (group.match.kind === 'regex') {
      try {
        new RegExp(group.match.pattern);
      } catch (error) {
        throw new ConfigError('Invalid regular expression in a process group.', {
          input: 'groups',
          value: item,
          cause: error,
        });
      }
    }
    for (const attr of attrs) {
      const m = /^\s*parent=(.+)$/.exec(attr);
      if (!m)
        throw new ConfigError(
          'Unknown process group attribute; only ";parent=<pid or pid file>".',
          { input: 'groups', value: item },
        );
      const parent = m[1]!.trim();
      if (/^\d+$/.test(parent)) group.parentPid = Number(parent);
      else group.parentPidFile = resolve(parent);
    }
    groups.push(group);
  }
  if (groups.length === 0)
    groups.push({ ...NGINX_WORKER_GROUP, match: { ...NGINX_WORKER_GROUP.match } });
  bindToMaster(groups, masterPidFile, masterPid);
  const names = new Set<string>();
  for (const g of groups) {
    if (names.has(g.name))
      throw new ConfigError(`Process group "${g.name}" is defined twice.`, {
        input: 'groups',
        value,
      });
    names.add(g.name);
  }
  return groups;
}

/**
 * Restricts the `nginx-worker` group (when it names no parent itself) to the workers of one master:
 * its pid file (re-read every sample) and/or its pid. Changes and returns `groups`.
 */
export function bindToMaster(
  groups: ProcessGroupSpec[],
  masterPidFile?: string,
  masterPid?: number,
): ProcessGroupSpec[] {
  for (const g of groups) {
    if (g.name !== 'nginx-worker' || g.parentPid !== undefined || g.parentPidFile !== undefined)
      continue;
    if (masterPidFile) g.parentPidFile = resolve(masterPidFile);
    if (masterPid !== undefined) g.parentPid = masterPid;
  }
  return groups;
}
