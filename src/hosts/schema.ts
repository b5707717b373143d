/**
 * The WAF-machine options every stage that acts on it accepts (install-waf, collect-metrics, the
 * gate's measuring step), declared once: `host` and the SSH settings (ssh-inputs.ts's names).
 * Stages spread {@link HOST_SCHEMA} into their own schemas.
 */
import type { OptionSchema } from '../common/option-schema.js';

/** `host` and the SSH settings. */
export const HOST_SCHEMA = {
  host: {
    type: 'string',
    metavar: 'SPEC',
    defaultText: 'local',
    help: 'The WAF machine: local or ssh://user@host:port.',
  },
  'ssh-key': {
    type: 'string',
    metavar: 'KEY',
    keepWhitespace: true,
    help: 'SSH private key: a file path or the key text (masked in logs).',
  },
  'ssh-passphrase': {
    type: 'string',
    metavar: 'TEXT',
    keepWhitespace: true,
    help: 'Passphrase of an encrypted SSH key (masked).',
  },
  'known-hosts': {
    type: 'path',
    metavar: 'FILE',
    defaultText: '~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts',
    help: 'known_hosts file holding the WAF host key.',
  },
  'host-fingerprint': {
    type: 'string',
    metavar: 'FP',
    help: 'Pinned host key fingerprint (SHA256:...), instead of known_hosts.',
  },
} as const satisfies OptionSchema;
