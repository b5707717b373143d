/** Starting, probing and stopping one private-prefix nginx instance by its own master PID. */
import { request } from 'node:http';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WafGateError } from '../common/errors.js';
import { runCommand } from '../common/exec.js';
import { LAB_FILES } from './packages.js';

/** Where an instance lives: nginx `-p` prefix with conf/, logs/, tmp/. */
export interface NginxPaths {
  prefix: string;
  configFile: string;
  pidFile: string;
  accessLog: string;
  errorLog: string;
}

/** Paths of an instance under `prefix`. */
export function nginxPaths(prefix: string): NginxPaths {
  return {
    prefix,
    configFile: join(prefix, 'conf', 'nginx.conf'),
    pidFile: join(prefix, 'logs', 'nginx.pid'),
    accessLog: join(prefix, 'logs', 'access.log'),
    errorLog: join(prefix, 'logs', 'error.log'),
  };
}

function nginxArgs(paths: NginxPaths): string[] {
  return ['-p', paths.prefix, '-c', paths.configFile, '-e', paths.errorLog];
}

/** Last lines of nginx's error log, for error messages. */
async function errorLogTail(paths: NginxPaths, lines = 3): Promise<string> {
  const text = await readFile(paths.errorLog, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((l) => /\[(emerg|alert|crit|error)\]/.test(l))
    .slice(-lines)
    .join(' | ');
}

/** Runs nginx with `extra` arguments on the instance; throws `code` with nginx's own words on failure. */
async function runNginx(
  paths: NginxPaths,
  extra: string[],
  code: string,
  what: string,
): Promise<void> {
  const result = await runCommand(LAB_FILES.nginx.path, [...extra, ...nginxArgs(paths)], {
    // The lab's ModSecurity files name their runtime paths relative to the lab folder (see lab.ts);
    // nginx never changes its working folder, so its master and workers resolve them there.
    cwd: dirname(paths.prefix),
    allowFailure: true,
    timeoutMs: 30_000,
  });
  if (result.exitCode === 0) return;
  const detail = (result.stderr.trim() || (await errorLogTail(paths)))
    .split('\n')
    .slice(0, 3)
    .join(' ');
  throw new WafGateError(code, `${what}: ${detail}`, { context: { prefix: paths.prefix } });
}

/** `nginx -t` on the instance's config; throws with nginx's own message when invalid. */
export function testConfig(name: string, paths: NginxPaths): Promise<void> {
  return runNginx(
    paths,
    ['-t', '-q'],
    'E_LAB_CONFIG',
    `nginx rejected the configuration of lab instance "${name}"`,
  );
}

/** Reads the master PID nginx wrote, or null. */
export async function readPid(pidFile: string): Promise<number | null> {
  const text = await readFile(pidFile, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** True while a process with this PID exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Starts nginx (it daemonizes) and returns the master PID from its pid file. */
export async function startNginx(name: string, paths: NginxPaths): Promise<number> {
  await runNginx(paths, [], 'E_LAB_START', `nginx of lab instance "${name}" did not start`);
  for (let i = 0; i < 50; i += 1) {
    const pid = await readPid(paths.pidFile);
    if (pid !== null && isAlive(pid)) return pid;
    await sleep(100);
  }
  throw new WafGateError(
    'E_LAB_START',
    `nginx of lab instance "${name}" exited right after starting: ${await errorLogTail(paths)}`,
    {
      context: { prefix: paths.prefix },
    },
  );
}

/**
 * True when `pid` is the master of the nginx instance whose config file is `configFile`: nginx sets
 * its master's title to `nginx: master process <argv>`, which holds the `-c` path the lab passed. A PID
 * read from a file (lab.json) is checked with this before it is signalled, so a stale or edited file
 * cannot make `lab down` signal an unrelated process.
 */
export async function isMasterOf(pid: number, configFile: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const title = cmdline.replace(/\0/g, ' ');
  return title.startsWith('nginx: master process') && title.includes(configFile);
}

/**
 * Sends each signal in turn and waits up to its time for process `pid` to be gone (a lab process:
 * nginx, the WebSocket origin); throws `E_LAB_STOP` naming `what` when it outlives every step.
 */
export async function stopLabProcess(
  pid: number,
  steps: ReadonlyArray<readonly [NodeJS.Signals, number]>,
  what: string,
): Promise<void> {
  for (const [signal, waitMs] of steps) {
    if (!isAlive(pid)) return;
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    for (let waited = 0; waited < waitMs && isAlive(pid); waited += 50) await sleep(50);
  }
  if (isAlive(pid))
    throw new WafGateError('E_LAB_STOP', `${what} ${pid} did not stop`, { context: { pid } });
}

/** Sends SIGQUIT (graceful), then SIGTERM, then SIGKILL, until the master is gone (bounded, ~10 s). */
export function stopNginx(pid: number): Promise<void> {
  const steps = [
    ['SIGQUIT', 5000],
    ['SIGTERM', 3000],
    ['SIGKILL', 2000],
  ] as const;
  return stopLabProcess(pid, steps, 'nginx master');
}

/** PIDs of the worker processes whose parent is `masterPid` (from /proc). */
export async function workerPids(masterPid: number): Promise<number[]> {
  const children = await readFile(`/proc/${masterPid}/task/${masterPid}/children`, 'utf8').catch(
    () => '',
  );
  return children
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isInteger(n));
}

/** One HTTP GET with a Host header; resolves to the status (or null on a network error). */
export function probeStatus(
  host: string,
  port: number,
  hostHeader: string,
  path = '/',
  timeoutMs = 2000,
): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(
      {
        host,
        port,
        path,
        method: 'GET',
        timeout: timeoutMs,
        agent: false,
        headers: { Host: hostHeader, 'User-Agent': 'waf-gate-lab-probe', Accept: '*/*' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? null));
        res.on('error', () => resolve(null));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** Polls until GET / with `hostHeader` answers 200, or throws after `timeoutMs`. */
export async function waitHealthy(
  name: string,
  host: string,
  port: number,
  hostHeader: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: number | null = null;
  while (Date.now() < deadline) {
    last = await probeStatus(host, port, hostHeader);
    if (last === 200) return;
    await sleep(100);
  }
  throw new WafGateError(
    'E_LAB_UNHEALTHY',
    `lab instance "${name}" on ${host}:${port} did not answer 200 within ${timeoutMs} ms (last: ${last ?? 'no answer'})`,
    {
      context: { host, port },
    },
  );
}
