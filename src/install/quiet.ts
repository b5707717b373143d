/**
 * Quiet machine: comment out crontab lines and stop systemd timers that would disturb a test (log
 * packaging, config reloaders), and clear the access log. Every change is recorded in the state file
 * first; the `restore*` functions undo one recorded change and are idempotent.
 */
import { posix } from 'node:path';
import { ConfigError, WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import type { StateStore } from './state.js';
import type { QuietOptions, StateChange } from './types.js';

/** What pausing did. */
export interface PauseResult {
  pausedCronLines: number;
  stoppedTimers: string[];
  notes: string[];
}

const userArgs = (user: string | null): string[] => (user === null ? [] : ['-u', user]);

/** Comments out matching, not yet commented lines; returns the new text and how many lines changed. */
export function pauseLines(
  text: string,
  patterns: RegExp[],
  marker: string,
): { text: string; count: number } {
  let count = 0;
  const lines = text.split('\n').map((line) => {
    if (line.trimStart().startsWith('#') || line.trim() === '') return line;
    if (!patterns.some((p) => p.test(line))) return line;
    count += 1;
    return `${marker}${line}`;
  });
  return { text: lines.join('\n'), count };
}

/** Removes `marker` from the lines that carry it. */
export function unpauseLines(text: string, marker: string): { text: string; count: number } {
  let count = 0;
  const lines = text.split('\n').map((line) => {
    if (!line.startsWith(marker)) return line;
    count += 1;
    return line.slice(marker.length);
  });
  return { text: lines.join('\n'), count };
}

async function readCrontab(host: Host, user: string | null): Promise<string | null> {
  const result = await host.exec('crontab', [...userArgs(user), '-l'], { allowFailure: true });
  if (result.exitCode === 0) return result.stdout;
  if (/no crontab/i.test(result.stderr)) return null;
  throw new WafGateError(
    'E_CRON',
    `crontab -l failed for ${user ?? 'the current user'}: ${result.stderr.trim()}`,
    {
      context: { host: host.name },
    },
  );
}

async function writeCrontab(host: Host, user: string | null, text: string): Promise<void> {
  await host.exec('crontab', [...userArgs(user), '-'], {
    input: text.endsWith('\n') ? text : `${text}\n`,
  });
}

/**
 * Regular files directly in `dir` (not our own temp files). `find` has no `--`: a path starting with `-`
 * would be read as an expression (`-delete` deletes the working directory's files), so `dir` must be
 * absolute; NUL-separated output keeps names with newlines whole.
 */
export async function listFiles(host: Host, dir: string): Promise<string[]> {
  if (!posix.isAbsolute(dir)) {
    throw new ConfigError('cron-dir must be an absolute path on the host.', {
      input: 'cron-dir',
      value: dir,
      hint: 'Give the full path, e.g. /etc/cron.d.',
    });
  }
  const listing = await host.exec(
    'find',
    [dir, '-mindepth', '1', '-maxdepth', '1', '-type', 'f', '-print0'],
    {},
  );
  return listing.stdout.split('\0').filter((p) => p !== '' && !p.includes('.waf-gate-'));
}

async function pauseCron(
  host: Host,
  options: QuietOptions,
  store: StateStore,
  result: PauseResult,
  logger: Logger,
): Promise<void> {
  const patterns = options.cronPatterns.map((p) => new RegExp(p));
  const marker = store.cronMarker;
  const users = options.cronUsers.length === 0 ? [null] : options.cronUsers;
  for (const user of users) {
    let text: string | null;
    try {
      text = await readCrontab(host, user);
    } catch (error) {
      if ((error as WafGateError).code === 'E_EXEC_NOT_FOUND') {
        result.notes.push('crontab is not installed on the host: user crontabs left alone');
        break;
      }
      throw error;
    }
    if (text === null) continue;
    const paused = pauseLines(text, patterns, marker);
    if (paused.count === 0) continue;
    await store.record({ kind: 'cron-user', user, marker });
    await writeCrontab(host, user, paused.text);
    result.pausedCronLines += paused.count;
    logger.info(`Paused ${paused.count} crontab line(s) of ${user ?? 'the current user'}.`);
  }
  const dir = await host.stat(options.cronDir);
  if (!dir?.isDirectory) return;
  for (const path of await listFiles(host, options.cronDir)) {
    const text = (await host.readFile(path)).toString('utf8');
    const paused = pauseLines(text, patterns, marker);
    if (paused.count === 0) continue;
    const stat = await host.stat(path);
    await store.record({ kind: 'cron-file', path, marker });
    await host.writeFile(path, paused.text, stat ? { mode: stat.mode & 0o7777 } : {});
    result.pausedCronLines += paused.count;
    logger.info(`Paused ${paused.count} line(s) in ${path}.`);
  }
}

/** `systemctl is-system-running` states in which systemd manages the host (timers can be stopped). */
const SYSTEMD_UP_STATES = new Set([
  'initializing',
  'starting',
  'running',
  'degraded',
  'maintenance',
  'stopping',
]);

/**
 * Asks systemd whether it runs the host: `systemctl is-system-running` prints the manager's state and
 * exits non-zero for anything but `running`, so the printed state decides. `offline` (no systemd as PID 1,
 * e.g. a container), `unknown`, "System has not been booted with systemd" and a missing systemctl all
 * mean absent.
 */
export async function systemdIsRunning(host: Host): Promise<boolean> {
  let state: string;
  try {
    const probe = await host.exec('systemctl', ['is-system-running'], {
      allowFailure: true,
      timeoutMs: 15_000,
    });
    state = probe.stdout.trim().split(/\s+/)[0] ?? '';
  } catch (error) {
    if ((error as WafGateError).code === 'E_EXEC_NOT_FOUND') return false;
    throw error;
  }
  return SYSTEMD_UP_STATES.has(state);
}

async function pauseTimers(
  host: Host,
  options: QuietOptions,
  store: StateStore,
  result: PauseResult,
  logger: Logger,
): Promise<void> {
  if (!(await systemdIsRunning(host))) {
    result.notes.push('systemd is not running on the host: timers left alone');
    return;
  }
  const patterns = options.timerPatterns.map((p) => new RegExp(p));
  const list = await host.exec(
    'systemctl',
    ['list-units', '--type=timer', '--state=active', '--no-legend', '--plain'],
    {},
  );
  const units = list.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    // A name reaches `systemctl stop NAME` as an operand: never one that reads as an option.
    .filter((u) => u.endsWith('.timer') && !u.startsWith('-') && patterns.some((p) => p.test(u)));
  for (const unit of units) {
    await store.record({ kind: 'timer', unit });
    await host.exec('systemctl', ['stop', unit], {});
    result.stoppedTimers.push(unit);
    logger.info(`Stopped ${unit}.`);
  }
}

/** Pauses matching crontab lines and timers, recording each change first. */
export async function quietMachine(
  host: Host,
  options: QuietOptions,
  store: StateStore,
  logger: Logger,
): Promise<PauseResult> {
  const result: PauseResult = { pausedCronLines: 0, stoppedTimers: [], notes: [] };
  if (options.cronPatterns.length > 0) await pauseCron(host, options, store, result, logger);
  if (options.timerPatterns.length > 0) await pauseTimers(host, options, store, result, logger);
  return result;
}

/**
 * Truncates (in place, so nginx keeps writing to the same file) or rotates (renames; the caller reloads
 * so nginx reopens it) the access log. Returns true when nginx must reopen its logs.
 */
export async function clearAccessLog(
  host: Host,
  options: QuietOptions,
  store: StateStore,
  logger: Logger,
): Promise<boolean> {
  const path = options.accessLog;
  if (path === undefined || options.accessLogAction === 'none') return false;
  if ((await host.stat(path)) === null) {
    logger.info(`Access log ${path} does not exist yet; nothing to clear.`);
    return false;
  }
  if (options.accessLogAction === 'truncate') {
    await store.record({ kind: 'access-log', path, action: 'truncate' });
    await host.exec('truncate', ['-s', '0', '--', path], {});
    logger.info(`Truncated ${path}.`);
    return false;
  }
  const rotatedTo = `${path}.waf-gate-${store.state.runId}`;
  await store.record({ kind: 'access-log', path, action: 'rotate', rotatedTo });
  await host.rename(path, rotatedTo);
  logger.info(`Rotated ${path} to ${rotatedTo}.`);
  return true;
}

/** Undoes one cron or timer change (idempotent). Returns false for changes of another kind. */
export async function restoreQuietChange(host: Host, change: StateChange): Promise<boolean> {
  switch (change.kind) {
    case 'cron-user': {
      const text = await readCrontab(host, change.user);
      if (text === null) return true;
      const restored = unpauseLines(text, change.marker);
      if (restored.count > 0) await writeCrontab(host, change.user, restored.text);
      return true;
    }
    case 'cron-file': {
      const stat = await host.stat(change.path);
      if (stat === null) return true;
      const restored = unpauseLines(
        (await host.readFile(change.path)).toString('utf8'),
        change.marker,
      );
      if (restored.count > 0)
        await host.writeFile(change.path, restored.text, { mode: stat.mode & 0o7777 });
      return true;
    }
    case 'timer':
      await host.exec('systemctl', ['start', change.unit], {});
      return true;
    default:
      return false;
  }
}
