/** SHA-256 digests of package files and the checksum files published next to downloads. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';

const HEX64 = /^[0-9a-f]{64}$/i;

/**
 * The digest a checksum file gives for `name`: `HEX` alone, or `HEX  name` / `HEX *name` lines
 * (sha256sum's format). Null when the file lists other files only.
 */
export function digestFromChecksumFile(text: string, name: string): string | null {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  for (const line of lines) {
    const [digest = '', ...rest] = line.split(/\s+/);
    if (!HEX64.test(digest)) continue;
    const listed = rest.join(' ').replace(/^\*/, '');
    if (listed === '' ? lines.length === 1 : basename(listed) === name) return digest.toLowerCase();
  }
  return null;
}

/** SHA-256 of a local file, hex. */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
