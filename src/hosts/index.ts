/** Hosts: the machine a stage acts on, local or over SSH, behind one {@link Host} interface. */
export type { Host, HostExecOptions, HostExecResult, HostFileStat } from './types.js';
export { LocalHost } from './local.js';
export { AbortableHost, withAbortSignal } from './abortable.js';
export { SshHost } from './ssh.js';
export {
  DEFAULT_SSH_CONNECT_TIMEOUT_MS,
  DEFAULT_SSH_KEEPALIVE_INTERVAL_MS,
  formatSshTarget,
  type SshOptions,
  type SshTarget,
} from './ssh-options.js';
export { formatHostSpec, openHost, parseHostSpec, type HostSpec } from './spec.js';
export {
  fingerprintSha256,
  hostKeyInfo,
  knownHostsName,
  parseHostKeyFingerprint,
  type HostKeyInfo,
} from './known-hosts.js';
export { buildRemoteCommand, quoteShellArg, validateEnvNames } from './remote-command.js';
export { sshOptionsFrom, openHostFromInputs, SSH_INPUT_NAMES } from './ssh-inputs.js';
