/**
 * Where a stage acts: `local` or `ssh://user@host:port`. Parsed once from an input or flag, then opened
 * as a {@link Host}.
 */
import { isIP } from 'node:net';
import { userInfo } from 'node:os';
import { ConfigError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { silentLogger } from '../common/logger.js';
import { LocalHost } from './local.js';
import { SshHost } from './ssh.js';
import { formatSshTarget, type SshOptions, type SshTarget } from './ssh-options.js';
import type { Host } from './types.js';

export type { SshOptions, SshTarget } from './ssh-options.js';

/** A parsed host: the local machine, or an SSH target. */
export type HostSpec = { kind: 'local' } | ({ kind: 'ssh' } & SshTarget);

const HOST_FORMS =
  'Use `local` or `ssh://user@host:port` (port optional, default 22; IPv6 as ssh://user@[::1]:2222).';
const SPEC = /^ssh:\/\/(?:([^@/?#]*)@)?(\[[^\]/]*\]|[^:/?#@[\]]*)(?::([^/?#]*))?\/?$/i;
const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*\$?$/;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*\.?$/;

/**
 * Parses a host spec.
 * @param input the input or flag name, for messages (e.g. `host` or `--host`).
 * @param value `local`, or `ssh://[user@]host[:port]`; the user defaults to the current one.
 * @throws ConfigError quoting the input and value.
 */
export function parseHostSpec(input: string, value: string): HostSpec {
  const text = value.trim();
  if (text === 'local') return { kind: 'local' };
  const fail = (problem: string): never => {
    throw new ConfigError(`Invalid host ${JSON.stringify(value)}: ${problem}`, {
      input,
      value,
      hint: HOST_FORMS,
    });
  };
  if (text === '') fail('it is empty');
  const match = SPEC.exec(text);
  if (!match)
    return fail(
      /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^ssh:/i.test(text)
        ? 'only local and ssh:// are supported'
        : 'not a host spec',
    );
  const [, rawUser, rawHost = '', rawPort] = match;
  let user: string;
  try {
    user = rawUser === undefined ? userInfo().username : decodeURIComponent(rawUser);
  } catch {
    return fail(`the user ${JSON.stringify(rawUser)} is not valid`);
  }
  if (!USER.test(user)) fail(`the user ${JSON.stringify(user)} is not a valid login name`);
  let host = rawHost;
  if (host.startsWith('[')) {
    host = host.slice(1, -1);
    if (isIP(host) !== 6) fail(`${JSON.stringify(host)} in brackets is not an IPv6 address`);
  } else if (host === '') {
    fail('the host name is missing');
  } else if (isIP(host) === 0 && !HOSTNAME.test(host)) {
    fail(`${JSON.stringify(host)} is not a valid host name`);
  }
  let port = 22;
  if (rawPort !== undefined) {
    port = /^\d{1,5}$/.test(rawPort) ? Number(rawPort) : NaN;
    if (!(port >= 1 && port <= 65535))
      fail(`the port ${JSON.stringify(rawPort)} is not a number from 1 to 65535`);
  }
  return { kind: 'ssh', user, host: host.toLowerCase(), port };
}

/** `local` or `ssh://user@host:port`, the form {@link parseHostSpec} reads back. */
export function formatHostSpec(spec: HostSpec): string {
  return spec.kind === 'local' ? 'local' : formatSshTarget(spec);
}

/**
 * Opens a host. SSH connects on the first operation (call `SshHost.connect()` to fail early); close the
 * host when done.
 */
export function openHost(
  spec: HostSpec,
  sshOptions: SshOptions = {},
  logger: Logger = silentLogger,
): Host {
  if (spec.kind === 'local') return new LocalHost();
  return new SshHost({ user: spec.user, host: spec.host, port: spec.port }, sshOptions, logger);
}
