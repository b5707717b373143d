/** Small HTTP helpers of the GitHub client: the API URL, Link headers, header flattening, bounded body reads. */
import type { Readable } from 'node:stream';
import { WafGateError } from '../common/errors.js';

/** The public API when `GITHUB_API_URL` is unset. */
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/** The API URL from the environment (`GITHUB_API_URL`), else the public API. */
export function gitHubApiUrl(env: Record<string, string | undefined>): string {
  return env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL;
}

/** Parses a `Link` header into rel → URL. */
export function parseLinkHeader(value: string | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  for (const part of (value ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part);
    if (match) links[match[2]!] = match[1]!;
  }
  return links;
}

/** Lower-cased header names, repeated values joined with ", ". */
export function flatHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

/** Reads a body as UTF-8, refusing more than `maxBytes` (E_GITHUB_RESPONSE). */
export async function readLimited(
  body: Readable & { dump(): Promise<void> },
  maxBytes: number,
  what: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      await body.dump().catch(() => undefined);
      throw new WafGateError(
        'E_GITHUB_RESPONSE',
        `GitHub API ${what} answered more than ${maxBytes} bytes.`,
        {
          context: { maxBytes },
        },
      );
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
