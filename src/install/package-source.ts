/**
 * Where a build comes from: a local path (file or folder), an http(s) URL (downloaded and verified, see
 * `download.ts`), or a GitHub artifact name (`artifact:<name>`, not supported yet). Resolves to a local
 * file on the runner.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ConfigError, WafGateError } from '../common/errors.js';
import { runCommand } from '../common/exec.js';
import type { Logger } from '../common/logger.js';
import { sha256OfFile } from './checksum.js';
import { downloadPackage } from './download.js';
import type { PackageKind } from './types.js';

/** A build available as a local file; `cleanup` removes what resolving created. */
export interface LocalPackage {
  /** Local file (a folder build is packed into a tarball). */
  file: string;
  kind: PackageKind;
  /** What the user gave, for messages. */
  source: string;
  cleanup(): Promise<void>;
}

/** Decides the package kind from a file name. */
export function kindFromName(name: string): PackageKind | null {
  if (/\.deb$/i.test(name)) return 'deb';
  if (/\.rpm$/i.test(name)) return 'rpm';
  if (/\.(tar|tar\.gz|tgz|tar\.xz|txz|tar\.bz2|tar\.zst)$/i.test(name)) return 'tarball';
  return null;
}

/** Options of {@link resolvePackage}. */
export interface ResolveOptions {
  signal?: AbortSignal;
  /** Told the temp folder resolving makes (to record it for a restore after a kill). */
  onTempDir?: (path: string) => Promise<void>;
  /** Expected SHA-256 of the package file (hex), checked before anything is installed. */
  sha256?: string;
  /** Download size cap. @default 2 GiB */
  maxBytes?: number;
  /** Attempts after the first on network errors and 5xx. @default 4 */
  retries?: number;
  /** First pause between download attempts, doubled each time. @default 500 */
  retryBaseMs?: number;
  logger?: Logger;
}

/**
 * Makes the build available as a local file: a URL is downloaded (retried, size-capped, verified against
 * `sha256` or a published checksum file), a local file is verified against `sha256` when given.
 * @throws ConfigError for a missing path, an unknown kind, an artifact name or a checksum for a folder;
 *   WafGateError `E_DOWNLOAD`, `E_DOWNLOAD_TOO_LARGE`, `E_CHECKSUM`.
 */
export async function resolvePackage(
  spec: string,
  kind: PackageKind | 'auto',
  options: ResolveOptions = {},
): Promise<LocalPackage> {
  if (spec.startsWith('artifact:')) {
    throw new ConfigError('GitHub artifact packages are not supported here yet.', {
      input: 'package',
      value: spec,
      hint: 'Download the artifact with actions/download-artifact in an earlier step and pass its file path.',
    });
  }
  const temp = await mkdtemp(join(tmpdir(), 'waf-gate-pkg-'));
  const cleanup = (): Promise<void> => rm(temp, { recursive: true, force: true });
  try {
    await options.onTempDir?.(temp);
    let file = spec;
    let verified = false;
    if (/^https?:\/\//i.test(spec)) {
      const downloaded = await downloadPackage(spec, temp, {
        ...(options.sha256 === undefined ? {} : { sha256: options.sha256 }),
        ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
        ...(options.retries === undefined ? {} : { retries: options.retries }),
        ...(options.retryBaseMs === undefined ? {} : { retryBaseMs: options.retryBaseMs }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      });
      file = downloaded.file;
      verified = true;
    }
    const info = await stat(file).catch(() => null);
    if (info === null)
      throw new ConfigError('The package does not exist.', { input: 'package', value: spec });
    if (options.sha256 !== undefined && !verified) {
      if (!info.isFile()) {
        throw new ConfigError('package-sha256 needs a package file, not a folder.', {
          input: 'package-sha256',
          value: options.sha256,
          hint: 'Pack the build into a tarball, or leave package-sha256 empty.',
        });
      }
      const actual = await sha256OfFile(file);
      if (actual !== options.sha256.toLowerCase()) {
        throw new WafGateError(
          'E_CHECKSUM',
          `Checksum mismatch for ${spec}: expected SHA-256 ${options.sha256.toLowerCase()} (from package-sha256), got ${actual}`,
          {
            context: { file: spec },
            hint: 'This is not the build you meant; nothing was installed.',
          },
        );
      }
    }
    let resolved: PackageKind | null =
      kind === 'auto' ? (info.isDirectory() ? 'directory' : kindFromName(file)) : kind;
    if (resolved === null) {
      throw new ConfigError('Cannot tell the package kind from its name.', {
        input: 'package',
        value: spec,
        hint: 'Name it .deb, .rpm or .tar.gz, or set package-kind.',
      });
    }
    if (resolved === 'directory') {
      // A folder build travels as a tarball, so local and remote hosts install it the same way.
      const packed = join(temp, `${basename(file)}.tar`);
      await runCommand('tar', ['--force-local', '-C', file, '-c', `--file=${packed}`, '--', '.'], {
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      file = packed;
      resolved = 'tarball';
    }
    return { file, kind: resolved, source: spec, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
