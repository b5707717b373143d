/**
 * The SSH settings every stage that acts on the WAF machine accepts, by input name (action `with:`
 * names = CLI flags): `ssh-key` (a key file, or the key text itself), `ssh-passphrase`, `known-hosts`,
 * `host-fingerprint`.
 */
import type { Logger } from '../common/logger.js';
import { openHost, parseHostSpec } from './spec.js';
import { SshHost } from './ssh.js';
import type { SshOptions } from './ssh-options.js';
import type { Host } from './types.js';

/** The input names of the SSH settings. */
export const SSH_INPUT_NAMES = [
  'ssh-key',
  'ssh-passphrase',
  'known-hosts',
  'host-fingerprint',
] as const;

/** Maps the SSH inputs to {@link SshOptions}; key text (a PEM block) is used as is, anything else is a file. */
export function sshOptionsFrom(ssh: Record<string, string>): SshOptions {
  const key = ssh['ssh-key'];
  return {
    ...(key === undefined
      ? {}
      : key.includes('PRIVATE KEY')
        ? { privateKey: key }
        : { identityFile: key }),
    ...(ssh['ssh-passphrase'] === undefined ? {} : { passphrase: ssh['ssh-passphrase'] }),
    ...(ssh['known-hosts'] === undefined ? {} : { knownHostsFile: ssh['known-hosts'] }),
    ...(ssh['host-fingerprint'] === undefined
      ? {}
      : { hostKeyFingerprint: ssh['host-fingerprint'] }),
  };
}

/**
 * Opens the host named by a `host` input (`local` or `ssh://user@host:port`) with the SSH inputs. An SSH
 * host is connected at once, so a wrong host key or login fails before anything is changed or started.
 */
export async function openHostFromInputs(
  spec: string,
  ssh: Partial<Record<(typeof SSH_INPUT_NAMES)[number], string>>,
  logger: Logger,
): Promise<Host> {
  const host = openHost(parseHostSpec('host', spec), sshOptionsFrom(ssh), logger);
  if (!(host instanceof SshHost)) return host;
  try {
    await host.connect();
  } catch (error) {
    await host.close();
    throw error;
  }
  return host;
}
