/**
 * Runs a program with an argument array (never a shell string), with a timeout, and collects its output.
 * The program gets a process group of its own, so a timeout or an abort stops it together with whatever
 * it started (init scripts, maintainer scripts), and the result never waits on a grandchild that keeps
 * the output pipes open.
 */
import { spawn } from 'node:child_process';
import { WafGateError } from './errors.js';
import { killProcessGroup } from './process-group.js';

/** Between SIGTERM and SIGKILL to the process group after a timeout or an abort. */
export const KILL_GRACE_MS = 1000;
/**
 * How long output may still arrive after the program exited (or after SIGKILL) before the result is
 * settled without it: a grandchild that inherited stdout (a daemon an init script started) can hold the
 * pipe open for ever.
 */
export const OUTPUT_GRACE_MS = 500;

/** Options for {@link runCommand}. */
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the program's process group (SIGTERM, then SIGKILL after 1 s) when it runs longer. @default 60000 */
  timeoutMs?: number;
  /** Aborting kills the program's process group like a timeout; the promise rejects with `E_ABORTED`. */
  signal?: AbortSignal;
  /** Written to the program's standard input, then closed. */
  input?: string | Buffer;
  /** Return a non-zero exit instead of throwing. @default false */
  allowFailure?: boolean;
  /** Stop collecting output beyond this many bytes per stream. @default 8 MiB */
  maxOutputBytes?: number;
}

/** What a finished program left behind. */
export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

function tail(text: string, max = 600): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed;
}

/** Shows a command as the user could type it (for messages only; never executed). */
export function describeCommand(command: string, args: readonly string[]): string {
  return [command, ...args]
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`))
    .join(' ');
}

/**
 * Runs `command` with `args` in a process group of its own and resolves when it exits.
 * @throws WafGateError `E_EXEC_NOT_FOUND` when the program does not exist, `E_EXEC_TIMEOUT`, `E_ABORTED`
 *   (options.signal aborted), or `E_EXEC_FAILED` on a non-zero exit unless `allowFailure`.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const maxOutputBytes = options.maxOutputBytes ?? 8 * 1024 * 1024;
  const shown = describeCommand(command, args);
  const started = Date.now();
  const { signal } = options;
  const aborted = (): WafGateError =>
    new WafGateError('E_ABORTED', `${shown} was stopped: ${abortReason(signal)}`, {
      cause: signal?.reason,
      context: { command: shown },
    });
  if (signal?.aborted) return Promise.reject(aborted());
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // its own process group: killed as a whole, and Ctrl-C reaches only us
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let stoppedBy: 'timeout' | 'abort' | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      if (outBytes < maxOutputBytes) out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < maxOutputBytes) err.push(chunk);
      errBytes += chunk.length;
    });
    const cleanup = (): void => {
      timers.forEach(clearTimeout);
      signal?.removeEventListener('abort', onAbort);
      // Stop reading pipes a surviving grandchild may still hold, so nothing keeps the event loop busy.
      child.stdout.destroy();
      child.stderr.destroy();
      child.stdin.destroy();
    };
    const settle = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      const result: RunResult = {
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: Date.now() - started,
      };
      if (stoppedBy === 'abort') {
        reject(aborted());
      } else if (stoppedBy === 'timeout') {
        reject(
          new WafGateError('E_EXEC_TIMEOUT', `${shown} did not finish within ${timeoutMs} ms`, {
            context: { command: shown, stderr: tail(result.stderr) },
          }),
        );
      } else if (result.exitCode !== 0 && !options.allowFailure) {
        const how = result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`;
        reject(
          new WafGateError('E_EXEC_FAILED', `${shown} failed with ${how}`, {
            context: { command: shown, stderr: tail(result.stderr || result.stdout) },
          }),
        );
      } else {
        resolve(result);
      }
    };
    const stop = (why: 'timeout' | 'abort'): void => {
      // A program that already exited is not stopped: what it started (a daemon) is not ours to kill.
      if (stoppedBy !== undefined || settled || exit !== undefined) return;
      stoppedBy = why;
      killProcessGroup(child.pid, 'SIGTERM');
      timers.push(
        setTimeout(() => {
          killProcessGroup(child.pid, 'SIGKILL');
          // Settle even if the program cannot be reaped (e.g. stuck in the kernel) or output stays open.
          timers.push(setTimeout(settle, OUTPUT_GRACE_MS));
        }, KILL_GRACE_MS),
      );
    };
    function onAbort(): void {
      stop('abort');
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    timers.push(setTimeout(() => stop('timeout'), timeoutMs));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      cleanup();
      if (error.code === 'ENOENT') {
        reject(
          new WafGateError('E_EXEC_NOT_FOUND', `Program not found: ${command}`, {
            cause: error,
            context: { command: shown },
            hint: `Install ${command} or put it on PATH.`,
          }),
        );
      } else {
        reject(new WafGateError('E_EXEC_FAILED', `Could not run ${shown}`, { cause: error }));
      }
    });
    child.stdin.on('error', () => {
      /* the program may exit without reading its input */
    });
    child.stdin.end(options.input ?? '');
    child.on('exit', (code, exitSignal) => {
      exit = { code, signal: exitSignal };
      // Output normally ends with 'close' right away; a grandchild holding the pipes must not hang us.
      timers.push(setTimeout(settle, OUTPUT_GRACE_MS));
    });
    child.on('close', (code, exitSignal) => {
      exit ??= { code, signal: exitSignal };
      settle();
    });
  });
}

function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' && reason !== '' ? reason : 'aborted';
}
