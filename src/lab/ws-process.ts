/**
 * The lab's WebSocket origin as a process: started detached like nginx (its own process group, a log
 * file in its private folder), tracked by PID in lab.json and stopped by `lab down`. A PID read from
 * lab.json is signalled only when /proc says it still is that lab's origin.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { WafGateError } from '../common/errors.js';
import { stopLabProcess } from './nginx.js';
import type { WsOriginState } from './types.js';

/** Entry script names: the bundle and the TypeScript source. */
const BUNDLE = 'lab-ws-origin.js';
const SOURCE = 'ws-origin-entry.ts';

/** How to run the origin: dist/lab-ws-origin.js when bundled, the source under tsx otherwise. */
export function wsOriginCommand(): { args: string[]; cwd: string } {
  const here = fileURLToPath(import.meta.url);
  const dir = dirname(here);
  if (here.endsWith('.ts'))
    return { args: ['--import', 'tsx', join(dir, SOURCE)], cwd: resolve(dir, '..', '..') };
  const bundled = [join(dir, BUNDLE), join(dir, '..', BUNDLE)].find((p) => existsSync(p));
  if (!bundled)
    throw new WafGateError('E_LAB_WS_BUNDLE', `dist/${BUNDLE} not found next to ${here}.`, {
      hint: 'Rebuild with `node scripts/build.mjs`.',
    });
  return { args: [bundled], cwd: dirname(bundled) };
}

/** True when `pid` runs the WebSocket origin of the lab in `labDir` (its command line names both). */
export async function isWsOriginOf(pid: number, labDir: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const args = cmdline.split('\0');
  return args.some((a) => a.endsWith(BUNDLE) || a.endsWith(SOURCE)) && args.includes(labDir);
}

/** Starts the origin on `host:port` with its log in `folder`; resolves once it listens. */
export async function startWsOriginProcess(
  labDir: string,
  folder: string,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<WsOriginState> {
  await mkdir(folder, { recursive: true });
  const logFile = join(folder, 'ws-origin.log');
  const log = await open(logFile, 'w');
  const { args, cwd } = wsOriginCommand();
  const child = spawn(process.execPath, [...args, host, String(port), labDir], {
    cwd,
    detached: true,
    stdio: ['ignore', log.fd, log.fd],
  });
  await log.close();
  const pid = child.pid;
  if (pid === undefined)
    throw new WafGateError('E_LAB_START', 'The lab WebSocket origin did not start.', {
      context: { logFile },
    });
  const exit: { how: string | null } = { how: null };
  child.once('exit', (code, signal) => (exit.how = signal ?? `code ${String(code)}`));
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await readFile(logFile, 'utf8').catch(() => '');
    const ready = /^ready (\d+)$/m.exec(text);
    if (ready) return { name: 'ws-origin', host, port: Number(ready[1]), pid, logFile };
    if (exit.how !== null)
      throw new WafGateError(
        'E_LAB_START',
        `The lab WebSocket origin exited (${exit.how}): ${text.trim().slice(-400)}`,
        { context: { logFile } },
      );
    await sleep(50);
  }
  await stopWsOriginProcess(pid);
  throw new WafGateError(
    'E_LAB_START',
    `The lab WebSocket origin did not listen within ${timeoutMs} ms.`,
    { context: { logFile } },
  );
}

/** SIGTERM, then SIGKILL, until the process is gone (bounded, ~5 s). */
export function stopWsOriginProcess(pid: number): Promise<void> {
  const steps = [
    ['SIGTERM', 3000],
    ['SIGKILL', 2000],
  ] as const;
  return stopLabProcess(pid, steps, 'The lab WebSocket origin');
}
