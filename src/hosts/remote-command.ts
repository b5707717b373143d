/**
 * Builds the one command string an SSH `exec` request needs, from an argument array. This is the ONLY
 * place waf-gate writes a shell string: every piece is quoted for a POSIX shell (`'…'`, with `'` written
 * as `'\''`), so program names, arguments, environment values and the working directory reach the remote
 * program literally. The remote login shell must be POSIX-compatible (sh, dash, bash, ksh, zsh).
 */
import { ConfigError } from '../common/errors.js';

/** Environment variable names a POSIX shell and `env` accept. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes one word for a POSIX shell: the result always expands to exactly `value`. */
export function quoteShellArg(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/**
 * Checks environment variable names (both hosts call it, so they refuse the same names).
 * @throws ConfigError naming the bad variable.
 */
export function validateEnvNames(env: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(env)) {
    if (!ENV_NAME.test(name)) {
      throw new ConfigError(`Invalid environment variable name ${JSON.stringify(name)}`, {
        input: 'env',
        value: name,
        hint: 'Use letters, digits and underscores, not starting with a digit.',
      });
    }
    if (typeof value !== 'string' || value.includes('\0')) {
      throw new ConfigError(`Environment variable ${name} must be a string without NUL bytes`, {
        input: `env.${name}`,
        value,
      });
    }
  }
}

/** What {@link buildRemoteCommand} needs besides the argument array. */
export interface RemoteCommandOptions {
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  /**
   * When set, the shell first writes `<pidMarker><pid>\n` to stderr. `exec` keeps that pid for the program,
   * and sshd makes it a process group leader, so a timeout can kill the group with `kill -- -pid`.
   */
  pidMarker?: string;
}

/**
 * `printf … "$$" >&2; cd -- 'dir' && exec env 'A=1' 'prog' 'arg'…` (parts present only when needed).
 * `exec` replaces the login shell, so the reported pid is the program's.
 * @throws ConfigError for NUL bytes (no shell can carry them), bad env names, an empty program name or one
 *   starting with `-`, or one containing `=` together with env (env would take it for an assignment).
 */
export function buildRemoteCommand(
  command: string,
  args: readonly string[],
  options: RemoteCommandOptions = {},
): string {
  if (command === '' || command.startsWith('-')) {
    // `exec -x` / `env -x` would read the program name as an option (dash's exec has no `--`).
    throw new ConfigError(`Invalid program name ${JSON.stringify(command)}`, {
      input: 'command',
      value: command,
      hint: 'Give a program name or path that does not start with "-" (e.g. ./-x).',
    });
  }
  for (const [index, value] of [command, ...args, options.cwd ?? ''].entries()) {
    if (value.includes('\0')) {
      throw new ConfigError('Command arguments cannot contain NUL bytes', {
        input: index === 0 ? 'command' : 'args',
        value,
      });
    }
  }
  const parts: string[] = [];
  if (options.pidMarker !== undefined) {
    parts.push(
      'printf',
      quoteShellArg('%s%s\n'),
      quoteShellArg(options.pidMarker),
      '"$$"',
      '>&2',
      ';',
    );
  }
  if (options.cwd !== undefined) parts.push('cd', '--', quoteShellArg(options.cwd), '&&');
  parts.push('exec');
  const env = options.env ?? {};
  const names = Object.keys(env);
  if (names.length > 0) {
    validateEnvNames(env);
    if (command.includes('=')) {
      throw new ConfigError(
        `Program name ${JSON.stringify(command)} contains "=" and cannot be run with env`,
        {
          input: 'command',
          value: command,
          hint: 'Rename or link the program to a path without "=".',
        },
      );
    }
    parts.push('env', ...names.map((name) => quoteShellArg(`${name}=${env[name] ?? ''}`)));
  }
  parts.push(quoteShellArg(command), ...args.map(quoteShellArg));
  return parts.join(' ');
}
