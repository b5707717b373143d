/**
 * `exec` over SSH: one session channel per command on the shared connection, the command line built by
 * {@link buildRemoteCommand} from quoted arguments, input written then closed, and the same result and
 * errors as LocalHost. A timeout kills the remote process group (TERM, then KILL after 1 s) through a
 * second exec of `kill`, because OpenSSH refuses SSH `signal` requests for root sessions; the shell
 * reports the pid on stderr first (a marker line that is removed from the result). Aborting the
 * caller's AbortSignal stops the remote process group the same way.
 */
import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel } from 'ssh2';
import { WafGateError } from '../common/errors.js';
import { describeCommand, OUTPUT_GRACE_MS } from '../common/exec.js';
import { buildRemoteCommand } from './remote-command.js';
import { notStarted, type SshConnection } from './ssh-connection.js';
import type { HostExecOptions, HostExecResult } from './types.js';

const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;
/** Time between TERM and KILL after a timeout, and again before giving up on the channel. */
const KILL_GRACE_MS = 1000;
/** Kills the process group `$2` with signal `$1` (falls back to the single process). */
const KILL_SCRIPT = 'kill -s "$1" -- "-$2" 2>/dev/null || kill -s "$1" "$2"';

interface ChannelOutcome extends HostExecResult {
  /** Why the program was stopped, when it was. */
  stoppedBy: 'timeout' | 'abort' | undefined;
}

/** One command on one channel. */
interface ChannelJob {
  line: string;
  marker: string;
  shown: string;
  input: string | Buffer | undefined;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

function tail(text: string, max = 600): string {
  const trimmed = text.trim();
  return trimmed.length > max ? `…${trimmed.slice(-max)}` : trimmed;
}

/** Output of one stream, capped; `text()` decodes what was kept. */
class Collected {
  private readonly chunks: Buffer[] = [];
  bytes = 0;
  add(chunk: Buffer): void {
    if (this.bytes < MAX_OUTPUT_BYTES) this.chunks.push(chunk);
    this.bytes += chunk.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function runChannel(
  connection: SshConnection,
  client: Client,
  job: ChannelJob,
): Promise<ChannelOutcome> {
  const { line, marker, shown, input, timeoutMs, signal } = job;
  const markerLine = new RegExp(`${marker}(\\d+)\\n`);
  return new Promise((resolve, reject) => {
    const onOpen = (error: Error | undefined, channel: ClientChannel): void => {
      if (error) {
        reject(
          notStarted(connection.channelError('Cannot start a command', error, { command: shown })),
        );
        return;
      }
      const started = Date.now();
      const stdout = new Collected();
      const stderr = new Collected();
      let pid: string | undefined;
      let exitCode: number | null = null;
      let exitSignal: string | null = null;
      let exited = false;
      let stoppedBy: 'timeout' | 'abort' | undefined;
      let done = false;
      let lastDataAt = 0;
      const timers: NodeJS.Timeout[] = [];
      const kill = (name: string): void => {
        if (pid === undefined) return;
        void connection
          .run((killer) =>
            runChannel(connection, killer, {
              line: buildRemoteCommand('sh', ['-c', KILL_SCRIPT, 'sh', name, pid ?? '']),
              marker,
              shown: 'kill',
              input: undefined,
              timeoutMs: 10_000,
              signal: undefined,
            }),
          )
          .catch(() => undefined); // best effort: the channel is closed and waited for below anyway
      };
      const finish = (): void => {
        if (done) return;
        done = true;
        timers.forEach(clearTimeout);
        signal?.removeEventListener('abort', onAbort);
        const errText = stderr.text().replace(markerLine, '');
        const result = {
          exitCode,
          signal: exitSignal,
          stdout: stdout.text(),
          stderr: errText,
          durationMs: Date.now() - started,
          stoppedBy,
        };
        if (exited || stoppedBy !== undefined) resolve(result);
        else
          reject(
            connection.channelError(
              `The connection dropped while running ${shown}`,
              new Error('channel closed without an exit status'),
              { command: shown },
            ),
          );
      };
      channel.on('data', (chunk: Buffer) => {
        lastDataAt = Date.now();
        stdout.add(chunk);
      });
      channel.stderr.on('data', (chunk: Buffer) => {
        lastDataAt = Date.now();
        stderr.add(chunk);
        // The marker is the shell's first stderr line (after anything a login script prints).
        if (pid === undefined && stderr.bytes < 65_536) {
          pid = markerLine.exec(stderr.text())?.[1];
          // Stopped before the pid was known: stop it now.
          if (pid !== undefined && stoppedBy !== undefined) kill('TERM');
        }
      });
      channel.on('exit', (code: number | null, signalName?: string) => {
        exited = true;
        exitCode = typeof code === 'number' ? code : null;
        exitSignal = signalName
          ? signalName.startsWith('SIG')
            ? signalName
            : `SIG${signalName}`
          : null;
        // Output normally ends right after (sshd may still be draining it: wait while it flows); a
        // grandchild holding the channel's stdout (a daemon an init script started) must not keep us
        // waiting once it is quiet: take what arrived and close the channel.
        const whenQuiet = (): void => {
          const quietMs = Date.now() - lastDataAt;
          if (quietMs < OUTPUT_GRACE_MS) {
            timers.push(setTimeout(whenQuiet, OUTPUT_GRACE_MS - quietMs));
            return;
          }
          channel.close();
          finish();
        };
        lastDataAt = Math.max(lastDataAt, Date.now());
        timers.push(setTimeout(whenQuiet, OUTPUT_GRACE_MS));
      });
      channel.on('close', finish);
      channel.on('error', () => {
        /* e.g. writing input after the program exited; close follows */
      });
      const stop = (why: 'timeout' | 'abort'): void => {
        if (stoppedBy !== undefined || exited || done) return;
        stoppedBy = why;
        kill('TERM');
        timers.push(
          setTimeout(() => {
            kill('KILL');
            channel.close();
            // If the program survives (no pid seen, kill failed), stop waiting for it.
            timers.push(setTimeout(finish, KILL_GRACE_MS));
          }, KILL_GRACE_MS),
        );
      };
      function onAbort(): void {
        stop('abort');
      }
      timers.push(setTimeout(() => stop('timeout'), timeoutMs));
      if (signal?.aborted) stop('abort');
      else signal?.addEventListener('abort', onAbort, { once: true });
      channel.end(input ?? '');
    };
    try {
      client.exec(line, onOpen);
    } catch (error) {
      reject(
        notStarted(connection.channelError('Cannot start a command', error, { command: shown })),
      );
    }
  });
}

/**
 * Runs `command args…` on the remote host. Timeouts count from the moment the channel is open.
 * @throws WafGateError `E_EXEC_TIMEOUT`, `E_EXEC_NOT_FOUND` (exit 127 with the shell's "not found"),
 *   `E_EXEC_FAILED` (non-zero exit unless allowFailure), `E_SSH_*` for transport failures; ConfigError for
 *   arguments no shell can carry.
 */
export async function execOverSsh(
  connection: SshConnection,
  command: string,
  args: readonly string[],
  options: HostExecOptions = {},
): Promise<HostExecResult> {
  const marker = `waf-gate-pid-${randomBytes(6).toString('hex')}:`;
  const line = buildRemoteCommand(command, args, {
    pidMarker: marker,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const shown = describeCommand(command, args);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { signal } = options;
  const aborted = (): WafGateError =>
    new WafGateError(
      'E_ABORTED',
      `${shown} was stopped on ${connection.name}: ${signal?.reason instanceof Error ? signal.reason.message : String(signal?.reason ?? 'aborted')}`,
      { cause: signal?.reason, context: { ...connection.context, command: shown } },
    );
  if (signal?.aborted) throw aborted();
  const outcome = await connection.run((client) =>
    runChannel(connection, client, {
      line,
      marker,
      shown,
      input: options.input,
      timeoutMs,
      signal,
    }),
  );
  const { stoppedBy, ...result } = outcome;
  const context = { ...connection.context, command: shown };
  if (stoppedBy === 'abort') throw aborted();
  if (stoppedBy === 'timeout') {
    throw new WafGateError(
      'E_EXEC_TIMEOUT',
      `${shown} did not finish within ${timeoutMs} ms on ${connection.name}`,
      {
        context: { ...context, stderr: tail(result.stderr) },
      },
    );
  }
  if (
    result.exitCode === 127 &&
    result.stderr.includes(command) &&
    /not found|No such file or directory/.test(result.stderr)
  ) {
    throw new WafGateError(
      'E_EXEC_NOT_FOUND',
      `Program not found on ${connection.name}: ${command}`,
      {
        context: { ...context, stderr: tail(result.stderr) },
        hint: `Install ${command} on ${connection.target.host} or give its full path.`,
      },
    );
  }
  if (result.exitCode !== 0 && !options.allowFailure) {
    const how = result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`;
    throw new WafGateError('E_EXEC_FAILED', `${shown} failed with ${how} on ${connection.name}`, {
      context: { ...context, stderr: tail(result.stderr || result.stdout) },
    });
  }
  return result;
}
