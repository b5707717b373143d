/** Options for reaching a WAF host over SSH (shared by {@link SshHost} and `openHost`). */

/** Where to connect: parsed from `ssh://user@host:port`. */
export interface SshTarget {
  /** Login name. */
  user: string;
  /** Host name or IP address (IPv6 without brackets). */
  host: string;
  /** TCP port. @default 22 */
  port: number;
}

/**
 * How to authenticate and how to trust the server. Secrets (key, passphrase) are never logged or put into
 * error messages.
 */
export interface SshOptions {
  /**
   * Private key file (OpenSSH or PEM format). When neither this, `privateKey` nor the agent is available,
   * the first of `~/.ssh/id_ed25519`, `~/.ssh/id_ecdsa`, `~/.ssh/id_rsa` that exists is used.
   */
  identityFile?: string;
  /** Private key content instead of a file (e.g. from a CI secret). Takes precedence over identityFile. */
  privateKey?: string | Buffer;
  /** Passphrase of an encrypted private key. */
  passphrase?: string;
  /**
   * Authenticate with the SSH agent at `SSH_AUTH_SOCK` (tried after the key, if both are given).
   * @default true when `SSH_AUTH_SOCK` is set
   */
  useAgent?: boolean;
  /**
   * known_hosts file the server's key must be listed in (OpenSSH format, hashed entries allowed).
   * Ignored when `hostKeyFingerprint` is set.
   * @default `~/.ssh/known_hosts` and `/etc/ssh/ssh_known_hosts`
   */
  knownHostsFile?: string;
  /** Pinned server key, `SHA256:…` as `ssh-keygen -lf` prints it; replaces the known_hosts check. */
  hostKeyFingerprint?: string;
  /** Time allowed for TCP connect, handshake and authentication. @default 20000 */
  connectTimeoutMs?: number;
  /** Interval of SSH keepalive probes; 0 disables them. @default 15000 */
  keepaliveIntervalMs?: number;
  /** Unanswered keepalives after which the connection counts as dropped. @default 3 */
  keepaliveCountMax?: number;
}

/** Default {@link SshOptions.connectTimeoutMs}. */
export const DEFAULT_SSH_CONNECT_TIMEOUT_MS = 20_000;
/** Default {@link SshOptions.keepaliveIntervalMs}. */
export const DEFAULT_SSH_KEEPALIVE_INTERVAL_MS = 15_000;

/** `ssh://user@host:port` (IPv6 in brackets), for messages and {@link Host.name}. */
export function formatSshTarget(target: SshTarget): string {
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `ssh://${target.user}@${host}:${target.port}`;
}
