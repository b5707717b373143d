/**
 * Where a build comes from: a local path (file or folder), an http(s) URL (downloaded with undici), or a
 * GitHub artifact name (`artifact:<name>`, not supported yet). Resolves to a local file on the runner.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Agent, interceptors, request } from 'undici';
import { ConfigError, WafGateError } from '../common/errors.js';
import { runCommand } from '../common/exec.js';
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

async function download(url: string, dir: string, signal?: AbortSignal): Promise<string> {
  const name = basename(new URL(url).pathname) || 'package';
  const target = join(dir, name);
  const agent = new Agent();
  const dispatcher = agent.compose(interceptors.redirect({ maxRedirections: 5 }));
  try {
    let res;
    try {
      res = await request(url, { method: 'GET', dispatcher, ...(signal ? { signal } : {}) });
    } catch (error) {
      throw new WafGateError('E_DOWNLOAD', `Cannot download ${url}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new WafGateError('E_DOWNLOAD', `Downloading ${url} answered HTTP ${res.statusCode}`, {
        context: { url },
        hint: 'Check the package URL.',
      });
    }
    await pipeline(res.body, createWriteStream(target));
    return target;
  } finally {
    await agent.close();
  }
}

/**
 * Makes the build available as a local file. `onTempDir` is told the temp folder it makes (to record it
 * for a restore after a kill).
 * @throws ConfigError for a missing path, an unknown kind or an artifact name; WafGateError
 *   `E_DOWNLOAD` when a URL cannot be fetched.
 */
export async function resolvePackage(
  spec: string,
  kind: PackageKind | 'auto',
  signal?: AbortSignal,
  onTempDir?: (path: string) => Promise<void>,
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
    await onTempDir?.(temp);
    let file = spec;
    if (/^https?:\/\//i.test(spec)) file = await download(spec, temp, signal);
    const info = await stat(file).catch(() => null);
    if (info === null)
      throw new ConfigError('The package does not exist.', { input: 'package', value: spec });
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
      await runCommand('tar', ['-C', file, '-cf', packed, '.']);
      file = packed;
      resolved = 'tarball';
    }
    return { file, kind: resolved, source: spec, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
