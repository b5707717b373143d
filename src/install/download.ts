/**
 * Downloading a build over http(s) before it is installed as root: retried with exponential backoff on
 * network errors and 5xx answers, capped in size while it streams to disk (the partial file is deleted),
 * and checked against a SHA-256 — the `package-sha256` input, or else a checksum file published next to
 * the URL (`<url>.sha256`, or a `SHA256SUMS` in the same folder).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { Agent, interceptors, request, type Dispatcher } from 'undici';
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { digestFromChecksumFile } from './checksum.js';

/** Options of {@link downloadPackage}. */
export interface DownloadOptions {
  /** Expected SHA-256 (64 hex digits, lower case); when absent, checksum files next to the URL are used. */
  sha256?: string;
  /** Refuse (and delete) a download larger than this. @default 2 GiB */
  maxBytes?: number;
  /** Attempts after the first one, on network errors and 5xx. @default 4 */
  retries?: number;
  /** First pause between attempts, doubled each time. @default 500 */
  retryBaseMs?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

/** Where a verified download went and which digest it was checked against. */
export interface DownloadedPackage {
  file: string;
  sha256: string;
  /** `package-sha256`, the checksum file's URL, or null when no checksum was published. */
  verifiedBy: string | null;
}

/** Checksum files are small; anything bigger is not one. */
const MAX_CHECKSUM_FILE_BYTES = 1024 * 1024;

/** An error worth another attempt: the network, or the server's (5xx), not the request's (4xx). */
class Retryable extends Error {}

/** Counts and hashes bytes on their way to disk; fails once more than `maxBytes` went through. */
class CappedHash extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  constructor(
    private readonly maxBytes: number,
    private readonly onTooLarge: () => Error,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return done(this.onTooLarge());
    this.hash.update(chunk);
    done(null, chunk);
  }
}

function tooLarge(url: string, maxBytes: number, size: number | string): WafGateError {
  return new WafGateError(
    'E_DOWNLOAD_TOO_LARGE',
    `${url} is larger than the ${Math.round(maxBytes / 1048576)} MiB limit (${size} bytes)`,
    { context: { url }, hint: 'Raise package-max-mb if the build really is that large.' },
  );
}

/** Runs `attempt` until it succeeds, a non-retryable error occurs, or the retries are used up. */
async function withRetries<T>(
  url: string,
  options: DownloadOptions,
  attempt: () => Promise<T>,
): Promise<T> {
  const retries = options.retries ?? 4;
  const baseMs = options.retryBaseMs ?? 500;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof Retryable) || options.signal?.aborted) {
        throw error instanceof Retryable ? (error.cause ?? error) : error;
      }
      if (n >= retries) {
        throw new WafGateError(
          'E_DOWNLOAD',
          `Cannot download ${url} after ${n + 1} attempts: ${error.message}`,
          { cause: error.cause ?? error, context: { url }, hint: 'Check the URL and the server.' },
        );
      }
      const pauseMs = baseMs * 2 ** n;
      options.logger?.warn(`${url}: ${error.message}; retrying in ${pauseMs} ms.`);
      await delay(pauseMs, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}

/** One GET; 5xx and network errors are Retryable, other non-200 answers are returned as they are. */
async function get(
  url: string,
  dispatcher: Dispatcher,
  signal: AbortSignal | undefined,
): Promise<Dispatcher.ResponseData> {
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, { method: 'GET', dispatcher, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new Retryable((error as Error).message, { cause: error });
  }
  if (res.statusCode >= 500) {
    await res.body.dump();
    throw new Retryable(`HTTP ${res.statusCode}`);
  }
  return res;
}

/** Streams `url` into `target`, capped at `maxBytes`; returns its SHA-256. Deletes a partial file. */
async function fetchToFile(
  url: string,
  target: string,
  dispatcher: Dispatcher,
  options: DownloadOptions & { maxBytes: number },
): Promise<string> {
  const res = await get(url, dispatcher, options.signal);
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new WafGateError('E_DOWNLOAD', `Downloading ${url} answered HTTP ${res.statusCode}`, {
      context: { url },
      hint: 'Check the package URL.',
    });
  }
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    res.body.destroy();
    throw tooLarge(url, options.maxBytes, declared);
  }
  const counter = new CappedHash(options.maxBytes, () =>
    tooLarge(url, options.maxBytes, `more than ${options.maxBytes}`),
  );
  const file = createWriteStream(target);
  // pipeline() hands one error to every stream, so remember which side failed first.
  let failedFirst: 'network' | 'file' | undefined;
  res.body.on('error', () => (failedFirst ??= 'network'));
  file.on('error', () => (failedFirst ??= 'file'));
  try {
    await pipeline(res.body, counter, file);
  } catch (error) {
    await rm(target, { force: true });
    if ((error as WafGateError).code === 'E_DOWNLOAD_TOO_LARGE' || options.signal?.aborted)
      throw error;
    if (failedFirst === 'file') {
      // A local write error (full disk, permissions): name the file; another attempt would not help.
      throw new WafGateError('E_DOWNLOAD', `Cannot write ${target}: ${(error as Error).message}`, {
        cause: error,
        context: { url, file: target },
      });
    }
    throw new Retryable(`the transfer broke off: ${(error as Error).message}`, { cause: error });
  }
  return counter.hash.digest('hex');
}

/** Reads a small text resource; null on 404/410 (not published). */
async function fetchText(
  url: string,
  dispatcher: Dispatcher,
  signal: AbortSignal | undefined,
): Promise<string | null> {
  const res = await get(url, dispatcher, signal);
  if (res.statusCode === 404 || res.statusCode === 410) {
    await res.body.dump();
    return null;
  }
  if (res.statusCode !== 200) {
    await res.body.dump();
    throw new WafGateError(
      'E_DOWNLOAD',
      `Fetching the checksum ${url} answered HTTP ${res.statusCode}`,
      {
        context: { url },
      },
    );
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_CHECKSUM_FILE_BYTES) {
      res.body.destroy();
      throw new WafGateError('E_CHECKSUM', `${url} is too large to be a checksum file`, {
        context: { url },
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The file name a URL's path ends in, decoded (`waf%201.deb` → `waf 1.deb`) and then cut to its last
 * segment, so an encoded `..%2F` cannot lead out of the download folder.
 */
export function fileNameOf(url: string): string {
  const last = basename(new URL(url).pathname);
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    /* malformed escapes: keep the name as written */
  }
  const name = basename(decoded);
  return name === '' || name === '.' || name === '..' ? 'package' : name;
}

/** The published digest for `url`: `<url>.sha256` first, then `SHA256SUMS` in the same folder. */
async function publishedDigest(
  url: string,
  dispatcher: Dispatcher,
  options: DownloadOptions,
): Promise<{ digest: string; from: string } | null> {
  const name = fileNameOf(url);
  const side = new URL(url);
  side.pathname = `${side.pathname}.sha256`;
  side.search = '';
  const candidates = [side.href, new URL('SHA256SUMS', url).href];
  for (const candidate of candidates) {
    const text = await withRetries(candidate, options, () =>
      fetchText(candidate, dispatcher, options.signal),
    );
    if (text === null) continue;
    const digest = digestFromChecksumFile(text, name);
    if (digest !== null) return { digest, from: candidate };
    if (candidate === side.href) {
      throw new WafGateError('E_CHECKSUM', `${candidate} holds no SHA-256 for ${name}`, {
        context: { url: candidate },
        hint: 'Publish "HEX  name" (sha256sum output) there, or give package-sha256.',
      });
    }
  }
  return null;
}

/**
 * Downloads `url` into `dir` and verifies it.
 * @throws WafGateError `E_DOWNLOAD` (HTTP error, retries exhausted, write error), `E_DOWNLOAD_TOO_LARGE`,
 *   `E_CHECKSUM` (mismatch: names the URL, the expected and the actual digest). Nothing is left in `dir`.
 */
export async function downloadPackage(
  url: string,
  dir: string,
  options: DownloadOptions = {},
): Promise<DownloadedPackage> {
  const target = join(dir, fileNameOf(url));
  const maxBytes = options.maxBytes ?? 2048 * 1024 * 1024;
  const agent = new Agent();
  const dispatcher = agent.compose(interceptors.redirect({ maxRedirections: 5 }));
  try {
    const expected =
      options.sha256 !== undefined
        ? { digest: options.sha256.toLowerCase(), from: 'package-sha256' }
        : await publishedDigest(url, dispatcher, options);
    const actual = await withRetries(url, options, () =>
      fetchToFile(url, target, dispatcher, { ...options, maxBytes }),
    );
    if (expected === null) {
      options.logger?.warn(
        `${url}: no package-sha256 given and no checksum file published next to it; not verified.`,
      );
    } else if (expected.digest !== actual) {
      await rm(target, { force: true });
      throw new WafGateError(
        'E_CHECKSUM',
        `Checksum mismatch for ${url}: expected SHA-256 ${expected.digest} (from ${expected.from}), got ${actual}`,
        {
          context: { url },
          hint: 'The download is corrupt or not the build you meant; nothing was installed.',
        },
      );
    }
    return { file: target, sha256: actual, verifiedBy: expected?.from ?? null };
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  } finally {
    await agent.close();
  }
}
