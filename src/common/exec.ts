/**
 * Runs a program with an argument array (never a shell string), with a timeout, and collects its output.
 */
import { spawn } from 'node:child_process';
import { WafGateError } from './errors.js';

/** Options for {@link runCommand}. */
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the program (SIGTERM, then SIGKILL after 2 s) when it runs longer. @default 60000 */
  timeoutMs?: number;
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
 * Runs `command` with `args` and resolves when it exits.
 * @throws WafGateError `E_EXEC_NOT_FOUND` when the program does not exist, `E_EXEC_TIMEOUT`, or
 * `E_EXEC_FAILED` on a non-zero exit unless `allowFailure`.
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
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (outBytes < maxOutputBytes) out.push(chunk);
      outBytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (errBytes < maxOutputBytes) err.push(chunk);
      errBytes += chunk.length;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    }, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
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
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      const result: RunResult = {
        exitCode,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        durationMs: Date.now() - started,
      };
      if (timedOut) {
        reject(
          new WafGateError('E_EXEC_TIMEOUT', `${shown} did not finish within ${timeoutMs} ms`, {
            context: { stderr: tail(result.stderr) },
          }),
        );
      } else if (exitCode !== 0 && !options.allowFailure) {
        reject(
          new WafGateError(
            'E_EXEC_FAILED',
            `${shown} failed with ${signal ? `signal ${signal}` : `exit code ${exitCode}`}`,
            {
              context: { stderr: tail(result.stderr || result.stdout) },
            },
          ),
        );
      } else {
        resolve(result);
      }
    });
  });
}
