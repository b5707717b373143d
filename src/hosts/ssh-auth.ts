/**
 * What an SSH connection needs before it dials: the client credentials (key file, inline key, agent) and a
 * host key policy that refuses unknown or changed server keys with a message saying what to do.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type ServerHostKeyAlgorithm } from 'ssh2';
import { ConfigError, WafGateError } from '../common/errors.js';
import {
  checkKnownHosts,
  hostKeyInfo,
  knownHostsName,
  loadKnownHostEntries,
  parseHostKeyFingerprint,
  preferredHostKeyAlgorithms,
  type HostKeyInfo,
  type HostKeyVerdict,
} from './known-hosts.js';
import { formatSshTarget, type SshOptions, type SshTarget } from './ssh-options.js';

/** Credentials handed to ssh2 (kept out of logs and errors). */
export interface SshCredentials {
  privateKey?: Buffer;
  passphrase?: string;
  /** Agent socket path. */
  agent?: string;
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

async function readKey(file: string, passphrase: string | undefined): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    throw new ConfigError(`Cannot read the SSH identity file ${file}`, {
      input: 'identityFile',
      value: file,
      cause: error,
      hint: 'Give the path of a readable private key file.',
    });
  }
  return checkKey(data, passphrase, file);
}

function checkKey(data: Buffer, passphrase: string | undefined, file: string | undefined): Buffer {
  const parsed = ssh2.utils.parseKey(data, passphrase);
  if (parsed instanceof Error) {
    const encrypted = /passphrase|encrypted|decrypt/i.test(parsed.message);
    throw new ConfigError(
      encrypted
        ? `The SSH private key${file ? ` ${file}` : ''} is encrypted and the passphrase is ${passphrase === undefined ? 'missing' : 'wrong'}`
        : `The SSH private key${file ? ` ${file}` : ''} cannot be parsed: ${parsed.message}`,
      {
        input: encrypted ? 'passphrase' : file ? 'identityFile' : 'privateKey',
        ...(file ? { value: file } : {}),
        hint: encrypted ? 'Give the key passphrase.' : 'Give an OpenSSH or PEM private key.',
      },
    );
  }
  return data;
}

/**
 * Resolves the credentials: inline key, key file, agent; else the default key files.
 * @throws ConfigError when there is nothing to authenticate with or the key is unreadable.
 */
export async function loadSshCredentials(options: SshOptions): Promise<SshCredentials> {
  const credentials: SshCredentials = {};
  if (options.passphrase !== undefined) credentials.passphrase = options.passphrase;
  if (options.privateKey !== undefined) {
    const data = Buffer.isBuffer(options.privateKey)
      ? options.privateKey
      : Buffer.from(options.privateKey);
    credentials.privateKey = checkKey(data, options.passphrase, undefined);
  } else if (options.identityFile !== undefined) {
    credentials.privateKey = await readKey(options.identityFile, options.passphrase);
  }
  const socket = process.env.SSH_AUTH_SOCK;
  if (options.useAgent === true && !socket) {
    throw new ConfigError('SSH agent authentication was requested but SSH_AUTH_SOCK is not set', {
      input: 'useAgent',
      value: true,
      hint: 'Start an agent (ssh-agent, webfactory/ssh-agent) or give an identity file.',
    });
  }
  if (options.useAgent !== false && socket) credentials.agent = socket;
  if (credentials.privateKey === undefined && credentials.agent === undefined) {
    for (const name of DEFAULT_KEYS) {
      const file = join(homedir(), '.ssh', name);
      try {
        await readFile(file);
      } catch {
        continue;
      }
      credentials.privateKey = await readKey(file, options.passphrase);
      break;
    }
  }
  if (credentials.privateKey === undefined && credentials.agent === undefined) {
    throw new ConfigError(
      'No SSH credentials: no identity file, no agent (SSH_AUTH_SOCK) and no ~/.ssh/id_* key',
      {
        input: 'identityFile',
        hint: 'Give an identity file (private key) or run an SSH agent.',
      },
    );
  }
  return credentials;
}

/** Decides on the server's key during the handshake and explains a refusal afterwards. */
export interface HostKeyPolicy {
  /** Called by ssh2 with the offered key blob. Records why it refused. */
  verify(blob: Buffer): boolean;
  /**
   * Host key algorithms to offer, those known for this host first (as OpenSSH orders them), so a server
   * with several keys presents the one known_hosts has; undefined keeps ssh2's defaults.
   */
  hostKeyAlgorithms: ServerHostKeyAlgorithm[] | undefined;
  /** The refusal of the last `verify`, as an `E_SSH_HOST_KEY` error; undefined when accepted. */
  refusal(): WafGateError | undefined;
}

/** `ssh-ed25519` → `ed25519` (the server's key file name part). */
function keyFileKind(type: string): string {
  if (type.startsWith('ecdsa-')) return 'ecdsa';
  return type.replace(/^ssh-/, '');
}

/** ssh2's default host key algorithms, in its order. */
const DEFAULT_HOST_KEY_ALGORITHMS: ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

function orderHostKeyAlgorithms(
  preferred: readonly string[],
): ServerHostKeyAlgorithm[] | undefined {
  const known = DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => preferred.includes(a));
  if (known.length === 0) return undefined;
  known.sort((a, b) => preferred.indexOf(a) - preferred.indexOf(b));
  return [...known, ...DEFAULT_HOST_KEY_ALGORITHMS.filter((a) => !known.includes(a))];
}

/**
 * Builds the policy: the pinned fingerprint if given, else the known_hosts files.
 * @throws ConfigError for a malformed fingerprint or an unreadable known_hosts file.
 */
export async function createHostKeyPolicy(
  target: SshTarget,
  options: SshOptions,
): Promise<HostKeyPolicy> {
  const where = formatSshTarget(target);
  const context = { host: target.host, port: target.port, user: target.user };
  const name = knownHostsName(target.host, target.port);
  let refusal: WafGateError | undefined;
  const refuse = (offered: HostKeyInfo, problem: string, hint: string): boolean => {
    refusal = new WafGateError(
      'E_SSH_HOST_KEY',
      `Host key verification failed for ${where}: the server offered the ${offered.type} key ${offered.fingerprint}, ${problem}`,
      { context: { ...context, keyType: offered.type, fingerprint: offered.fingerprint }, hint },
    );
    return false;
  };
  const addHint = (offered: HostKeyInfo): string =>
    `If you trust this key (compare with \`ssh-keygen -lf /etc/ssh/ssh_host_${keyFileKind(offered.type)}_key.pub\` on the server), ` +
    `add it to known_hosts (e.g. \`ssh-keyscan -p ${target.port} ${target.host} >> ~/.ssh/known_hosts\`) or pin it with hostKeyFingerprint ${offered.fingerprint}.`;

  if (options.hostKeyFingerprint !== undefined) {
    const pinned = parseHostKeyFingerprint('hostKeyFingerprint', options.hostKeyFingerprint);
    return {
      hostKeyAlgorithms: undefined,
      refusal: () => refusal,
      verify(blob) {
        const offered = hostKeyInfo(blob);
        refusal = undefined;
        if (offered.fingerprint === pinned) return true;
        return refuse(
          offered,
          `which is not the pinned ${pinned}`,
          `If the server's key legitimately changed, pin the new one after checking it on the server: ${offered.fingerprint}.`,
        );
      },
    };
  }
  const files =
    options.knownHostsFile !== undefined
      ? [options.knownHostsFile]
      : [join(homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
  let loaded: Awaited<ReturnType<typeof loadKnownHostEntries>>;
  try {
    loaded = await loadKnownHostEntries(files, name);
  } catch (error) {
    throw new ConfigError(`Cannot read the known_hosts file ${files.join(' or ')}`, {
      input: 'knownHostsFile',
      value: options.knownHostsFile,
      cause: error,
    });
  }
  return {
    hostKeyAlgorithms: orderHostKeyAlgorithms(preferredHostKeyAlgorithms(loaded.entries)),
    refusal: () => refusal,
    verify(blob) {
      refusal = undefined;
      const verdict: HostKeyVerdict = checkKnownHosts(blob, loaded.entries, loaded.missingFiles);
      if (verdict.ok) return true;
      const offered = hostKeyInfo(blob);
      const lines = verdict.entries.map((e) => `${e.file}:${e.line} (${e.type})`).join(', ');
      if (verdict.reason === 'revoked')
        return refuse(
          offered,
          `which is marked @revoked in ${lines}`,
          'Ask the server administrator for the current host key.',
        );
      if (verdict.reason === 'mismatch') {
        return refuse(
          offered,
          `which differs from the key known for ${name} in ${lines}. Someone may be intercepting the connection, or the host key was changed`,
          `Check the key on the server; if the change is legitimate, remove the old entry (\`ssh-keygen -R '${name}'\`) and add the new one, or pin it with hostKeyFingerprint ${offered.fingerprint}.`,
        );
      }
      const searched = files
        .map((f) => (verdict.missingFiles.includes(f) ? `${f} (missing)` : f))
        .join(', ');
      return refuse(offered, `and ${name} is not listed in ${searched}`, addHint(offered));
    },
  };
}
