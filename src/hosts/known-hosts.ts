/**
 * Host key checks the way OpenSSH does them: known_hosts files (plain, wildcard, negated, `[host]:port`
 * and hashed `|1|salt|hash` host fields, `@revoked` markers) or a pinned `SHA256:` fingerprint.
 * A key is never accepted just because nothing is known about the host.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../common/errors.js';

/** The server's offered key, as shown to the user. */
export interface HostKeyInfo {
  /** e.g. `ssh-ed25519`. */
  type: string;
  /** `SHA256:` + unpadded base64, as `ssh-keygen -lf` prints. */
  fingerprint: string;
}

/** One known_hosts line that concerns the host being checked. */
export interface KnownHostEntry {
  file: string;
  line: number;
  type: string;
  key: Buffer;
  revoked: boolean;
}

/** Outcome of {@link checkKnownHosts}. */
export type HostKeyVerdict =
  | { ok: true; entry: KnownHostEntry }
  | {
      ok: false;
      reason: 'unknown' | 'mismatch' | 'revoked';
      entries: KnownHostEntry[];
      missingFiles: string[];
    };

/** Reads the key type from an SSH wire-format public key blob. */
export function hostKeyInfo(blob: Buffer): HostKeyInfo {
  let type = 'unknown';
  if (blob.length >= 4) {
    const length = blob.readUInt32BE(0);
    if (length > 0 && length < 64 && blob.length >= 4 + length)
      type = blob.toString('latin1', 4, 4 + length);
  }
  return { type, fingerprint: fingerprintSha256(blob) };
}

/** `SHA256:<base64 without padding>` of a public key blob. */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Validates a pinned fingerprint (`SHA256:` + 43 base64 characters, padding optional).
 * @returns the normalised form (no padding).
 * @throws ConfigError quoting the input and value.
 */
export function parseHostKeyFingerprint(input: string, value: string): string {
  const trimmed = value.trim();
  const match = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(trimmed);
  if (!match) {
    throw new ConfigError(`Invalid host key fingerprint ${JSON.stringify(value)}`, {
      input,
      value,
      hint: 'Give the SHA256 form printed by `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the server, e.g. SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8.',
    });
  }
  return `SHA256:${match[1]}`;
}

/** The name known_hosts stores for a host and port: `host`, or `[host]:port` off port 22. */
export function knownHostsName(host: string, port: number): string {
  const lower = host.toLowerCase();
  return port === 22 ? lower : `[${lower}]:${port}`;
}

/** OpenSSH `match_pattern`: `*` and `?` wildcards, whole string. */
function matchWildcard(name: string, pattern: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(name);
}

/** Does a known_hosts host field (comma-separated patterns, or one hashed entry) name `name`? */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , saltText, hashText] = field.split('|');
    if (saltText === undefined || hashText === undefined) return false;
    const expected = Buffer.from(hashText, 'base64');
    const actual = createHmac('sha1', Buffer.from(saltText, 'base64')).update(name).digest();
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
  let positive = false;
  for (const raw of field.toLowerCase().split(',')) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (pattern === '' || !matchWildcard(name, pattern)) continue;
    if (negated) return false;
    positive = true;
  }
  return positive;
}

/** Parses known_hosts text and keeps the lines that name `name` (ignores `@cert-authority` and bad lines). */
export function findKnownHostEntries(text: string, file: string, name: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, rawLine] of lines.entries()) {
    const fields = rawLine.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === '' || fields[0].startsWith('#')) continue;
    let revoked = false;
    if (fields[0].startsWith('@')) {
      if (fields[0] !== '@revoked') continue; // @cert-authority: certificates are not supported
      revoked = true;
      fields.shift();
    }
    const [hosts, type, keyText] = fields;
    if (hosts === undefined || type === undefined || keyText === undefined) continue;
    if (!hostFieldMatches(hosts, name)) continue;
    const key = Buffer.from(keyText, 'base64');
    if (key.length === 0 || hostKeyInfo(key).type !== type) continue;
    entries.push({ file, line: index + 1, type, key, revoked });
  }
  return entries;
}

/** Reads known_hosts files; a missing file counts as empty and is reported. */
export async function loadKnownHostEntries(
  files: readonly string[],
  name: string,
): Promise<{ entries: KnownHostEntry[]; missingFiles: string[] }> {
  const entries: KnownHostEntry[] = [];
  const missingFiles: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missingFiles.push(file);
      continue;
    }
    entries.push(...findKnownHostEntries(text, file, name));
  }
  return { entries, missingFiles };
}

/**
 * Judges an offered key against the entries for its host: revoked beats everything; an equal key is
 * accepted; entries that exist but differ mean a changed (or spoofed) key; no entries mean unknown.
 */
export function checkKnownHosts(
  offered: Buffer,
  entries: readonly KnownHostEntry[],
  missingFiles: readonly string[] = [],
): HostKeyVerdict {
  const same = entries.filter((e) => e.key.equals(offered));
  if (same.some((e) => e.revoked))
    return { ok: false, reason: 'revoked', entries: same, missingFiles: [...missingFiles] };
  const trusted = same.find((e) => !e.revoked);
  if (trusted) return { ok: true, entry: trusted };
  const known = entries.filter((e) => !e.revoked);
  return {
    ok: false,
    reason: known.length > 0 ? 'mismatch' : 'unknown',
    entries: known,
    missingFiles: [...missingFiles],
  };
}

/** Key types named by entries, to ask the server for those first (as OpenSSH does). */
export function preferredHostKeyAlgorithms(entries: readonly KnownHostEntry[]): string[] {
  const algorithms: string[] = [];
  for (const entry of entries) {
    if (entry.revoked) continue;
    const names =
      entry.type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [entry.type];
    for (const name of names) if (!algorithms.includes(name)) algorithms.push(name);
  }
  return algorithms;
}
