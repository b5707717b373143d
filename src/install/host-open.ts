/**
 * Opening the install target from its spec (`local` or `ssh://user@host:port`) with the install inputs'
 * SSH settings (`ssh-key` as a file or key text, `ssh-passphrase`, `known-hosts`, `host-fingerprint`).
 */
import type { Logger } from '../common/logger.js';
import { openHost, parseHostSpec } from '../hosts/spec.js';
import { SshHost } from '../hosts/ssh.js';
import { sshOptionsFrom } from '../hosts/ssh-inputs.js';
import type { Host } from '../hosts/types.js';

/** Opens the host named by `spec`; an SSH host is connected now so a wrong host key fails early. */
export async function openInstallHost(
  spec: string,
  ssh: Record<string, string>,
  logger: Logger,
): Promise<Host> {
  const parsed = parseHostSpec('host', spec);
  const host = openHost(parsed, sshOptionsFrom(ssh), logger);
  if (!(host instanceof SshHost)) return host;
  try {
    await host.connect();
  } catch (error) {
    await host.close();
    throw error;
  }
  return host;
}
