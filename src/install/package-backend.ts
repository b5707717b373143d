/**
 * The package-manager interface every backend implements. A leaf of install/ (types only) so that
 * backends.ts, which picks a backend, and tarball.ts, which is one, both import it without a cycle.
 */
import type { InstallAction, PackageKind } from './types.js';

/** Name and version read from a package file. */
export interface PackageIdentity {
  name: string;
  version: string;
}

/** One package manager on one host. */
export interface PackageBackend {
  readonly kind: PackageKind;
  /** Reads name and version from the package file (a path on the host). */
  inspect(file: string): Promise<PackageIdentity>;
  /** The installed version, or null when not installed. */
  installedVersion(name: string): Promise<string | null>;
  /** -1 when a is older than b, 0 when equal, 1 when newer. */
  compare(a: string, b: string): Promise<-1 | 0 | 1>;
  /** Installs `file` as an install, upgrade or downgrade. */
  install(file: string, action: Exclude<InstallAction, 'unchanged'>): Promise<void>;
  /** Strings a version probe may print for `version` (e.g. without epoch and revision). */
  aliases(version: string): string[];
}
