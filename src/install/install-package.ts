/**
 * Putting the exact build on the host: copy it there (remote hosts), read its identity, compare with the
 * installed version by the package manager's ordering, install / upgrade / downgrade or leave it, then
 * prove the result with the version probe.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { WafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import type { Host } from '../hosts/types.js';
import { backendFor, type PackageBackend } from './backends.js';
import type { LocalPackage } from './package-source.js';
import type { StateStore } from './state.js';
import type { InstallAction, InstallOptions, PackageKind, VersionProbe } from './types.js';

const STEP: Record<InstallAction, string> = {
  installed: 'installing',
  upgraded: 'upgrading',
  downgraded: 'downgrading',
  unchanged: 'already exact, leaving it',
};

/** The package step's result. */
export interface PackageStepResult {
  action: InstallAction;
  packageName: string;
  packageKind: PackageKind;
  version: string;
  previousVersion: string | null;
  probedVersion: string;
}

/** Reads the version with the probe: the package database, or a command's output and a regex. */
export async function probeVersion(
  host: Host,
  backend: PackageBackend,
  name: string,
  probe: VersionProbe,
): Promise<string | null> {
  if (probe.kind === 'package-db') return backend.installedVersion(name);
  const [command, ...args] = probe.argv;
  const out = await host.exec(command!, args, { allowFailure: true });
  // nginx -v prints to stderr; read both.
  const match = new RegExp(probe.regex).exec(`${out.stdout}\n${out.stderr}`);
  return match?.[1] ?? null;
}

async function placeOnHost(
  host: Host,
  pkg: LocalPackage,
  store: StateStore,
): Promise<{ path: string; remove(): Promise<void> }> {
  if (host.name === 'local') return { path: pkg.file, remove: () => Promise.resolve() };
  const dir = `/tmp/waf-gate-${randomBytes(6).toString('hex')}`;
  await store.record({ kind: 'temp', path: dir, on: 'host' });
  await host.mkdir(dir, { recursive: true, mode: 0o700 });
  const path = `${dir}/${basename(pkg.file)}`;
  await host.writeFile(path, await readFile(pkg.file), { mode: 0o600 });
  return { path, remove: () => host.rm(dir, { recursive: true, force: true }) };
}

/**
 * Installs `pkg` on `host` so exactly its version is installed, and proves it.
 * @throws WafGateError `E_VERSION_MISMATCH` naming both versions when the probe disagrees afterwards.
 */
export async function installPackage(
  host: Host,
  pkg: LocalPackage,
  options: InstallOptions,
  store: StateStore,
  logger: Logger,
): Promise<PackageStepResult> {
  const placed = await placeOnHost(host, pkg, store);
  try {
    const backend = backendFor(pkg.kind, host, options);
    const identity = await backend.inspect(placed.path);
    const previousVersion = await backend.installedVersion(identity.name);
    let action: InstallAction;
    if (previousVersion === null) action = 'installed';
    else {
      const order = await backend.compare(previousVersion, identity.version);
      action = order === 0 ? 'unchanged' : order < 0 ? 'upgraded' : 'downgraded';
    }
    logger.info(
      `${identity.name}: installed version ${previousVersion ?? 'none'}, package ${identity.version}: ${STEP[action]}.`,
    );
    if (action !== 'unchanged') {
      await store.record({
        kind: 'package',
        name: identity.name,
        previousVersion,
        version: identity.version,
      });
      await backend.install(placed.path, action);
    }
    const probed = await probeVersion(host, backend, identity.name, options.versionProbe);
    const accepted = backend.aliases(identity.version);
    if (probed === null || !accepted.includes(probed)) {
      throw new WafGateError(
        'E_VERSION_MISMATCH',
        `${identity.name} should now be ${identity.version}, but the version probe found ${probed ?? 'nothing'}`,
        {
          context: {
            host: host.name,
            probe:
              options.versionProbe.kind === 'command'
                ? options.versionProbe.argv.join(' ')
                : 'package database',
          },
          hint: 'Check the package really contains that build, and the version-probe command and regex.',
        },
      );
    }
    return {
      action,
      packageName: identity.name,
      packageKind: pkg.kind,
      version: identity.version,
      previousVersion,
      probedVersion: probed,
    };
  } finally {
    await placed.remove();
  }
}
