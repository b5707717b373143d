/**
 * Opening the install target from its spec (`local` or `ssh://user@host:port`) with the install inputs'
 * SSH settings (`ssh-key` as a file or key text, `ssh-passphrase`, `known-hosts`, `host-fingerprint`).
 */
import type { Logger } from '../common/logger.js';
import { openHostFromInputs } from '../hosts/ssh-inputs.js';
import type { Host } from '../hosts/types.js';

/** Opens the host named by `spec`; an SSH host is connected now so a wrong host key fails early. */
export function openInstallHost(
  spec: string,
  ssh: Record<string, string>,
  logger: Logger,
): Promise<Host> {
  return openHostFromInputs(spec, ssh, logger);
}
