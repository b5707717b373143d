/**
 * The SSH settings every stage that acts on the WAF machine accepts, by input name (action `with:`
 * names = CLI flags): `ssh-key` (a key file, or the key text itself), `ssh-passphrase`, `known-hosts`,
 * `host-fingerprint`.
 */
import type { SshOptions } from './ssh-options.js';

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
