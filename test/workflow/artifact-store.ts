/**
 * A local stand-in for the artifact service behind actions/upload-artifact@v4 and
 * actions/download-artifact@v4: artifacts are immutable and named once per workflow run (a second
 * upload of the same name fails with a 409 Conflict unless `overwrite: true` deletes the old one first),
 * and are downloaded by name or all at once.
 */
import { cp, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** One stored artifact. */
export interface StoredArtifact {
  id: number;
  name: string;
  /** Where its files live in the store. */
  dir: string;
  /** Relative paths of its files. */
  files: string[];
}

/** Thrown on a duplicate name, as the artifact service answers 409. */
export class ArtifactConflictError extends Error {
  readonly status = 409;
  constructor(name: string) {
    super(
      `Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run (name: ${name}); set overwrite: true or use another name`,
    );
  }
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(path, base)));
    else found.push(relative(base, path));
  }
  return found;
}

function commonRoot(paths: string[]): string {
  let root = paths[0]!;
  for (const path of paths.slice(1))
    while (root !== dirname(root) && relative(root, path).startsWith('..')) root = dirname(root);
  return root;
}

/** The artifacts of one workflow run (stored under `dir`). */
export class ArtifactStore {
  private readonly artifacts = new Map<string, StoredArtifact>();
  private nextId = 1;
  constructor(private readonly dir: string) {}

  /** All artifacts, in upload order. */
  list(): StoredArtifact[] {
    return [...this.artifacts.values()].sort((a, b) => a.id - b.id);
  }

  /**
   * Uploads `paths` (files or folders, relative to `workspace`); a single folder uploads its content,
   * several paths keep their layout under their common root (as upload-artifact@v4 does).
   * Returns undefined when there was nothing to upload.
   */
  async upload(
    name: string,
    paths: string[],
    options: { workspace: string; overwrite: boolean },
  ): Promise<StoredArtifact | undefined> {
    if (name === '' || /[":<>|*?\\/\r\n]/.test(name))
      throw new Error(
        `artifact name '${name}' is empty or holds a character upload-artifact rejects`,
      );
    const existing = this.artifacts.get(name);
    if (existing && !options.overwrite) throw new ArtifactConflictError(name);
    const absolute: string[] = [];
    for (const path of paths) {
      const full = isAbsolute(path) ? path : resolve(options.workspace, path);
      if (await stat(full).catch(() => undefined)) absolute.push(full);
    }
    if (absolute.length === 0) return undefined;
    if (existing) {
      await rm(existing.dir, { recursive: true, force: true });
      this.artifacts.delete(name);
    }
    await mkdir(this.dir, { recursive: true });
    const target = await mkdtemp(join(this.dir, 'artifact-'));
    const only = absolute.length === 1 ? absolute[0]! : undefined;
    if (only && (await stat(only)).isDirectory()) {
      await cp(only, target, { recursive: true });
    } else {
      const root = only ? dirname(only) : commonRoot(absolute.map((p) => dirname(p)));
      for (const path of absolute)
        await cp(path, join(target, relative(root, path)), { recursive: true });
    }
    const files = await listFiles(target);
    if (files.length === 0) {
      await rm(target, { recursive: true, force: true });
      return undefined;
    }
    const artifact: StoredArtifact = { id: this.nextId++, name, dir: target, files };
    this.artifacts.set(name, artifact);
    return artifact;
  }

  /**
   * Downloads one artifact into `path`, or every artifact into `path/<name>` (or all into `path` with
   * `mergeMultiple`). Throws when the named artifact does not exist.
   */
  async download(
    name: string | undefined,
    path: string,
    options: { mergeMultiple: boolean },
  ): Promise<StoredArtifact[]> {
    if (name !== undefined) {
      const artifact = this.artifacts.get(name);
      if (!artifact)
        throw new Error(`Unable to download artifact(s): Artifact not found for name: ${name}`);
      await mkdir(path, { recursive: true });
      await cp(artifact.dir, path, { recursive: true });
      return [artifact];
    }
    const all = this.list();
    for (const artifact of all) {
      const target = options.mergeMultiple ? path : join(path, artifact.name);
      await mkdir(target, { recursive: true });
      await cp(artifact.dir, target, { recursive: true });
    }
    return all;
  }
}
