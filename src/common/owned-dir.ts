/**
 * Folders waf-gate may clean: a marker file (`.waf-gate-owned`) proves that waf-gate created the folder's
 * contents and lists the entries it created. A folder that is not empty and has no marker belongs to the
 * user and is refused — which, by construction, also refuses `/`, the home folder or a project folder.
 * Cleaning removes only the entries the marker lists, never the rest.
 */
import { lstat, mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ConfigError, WafGateError } from './errors.js';

/** Name of the marker file inside an owned folder. */
export const OWNED_MARKER = '.waf-gate-owned';

/** The marker's JSON body. */
export interface OwnedMarker {
  tool: 'waf-gate';
  /** What the folder is for, e.g. `lab` or `demo-output`; a folder is reused only for the same kind. */
  kind: string;
  createdAt: string;
  createdAtMs: number;
  /** PID of the process that claimed the folder. */
  pid: number;
  /** Topmost folder the claim created (`mkdir -p`), or null when the folder already existed (empty). */
  createdRoot: string | null;
  /** Top-level entries waf-gate created in the folder (names, not paths). */
  entries: string[];
}

/** A folder claimed by {@link claimOwnedDir}. */
export interface OwnedDir {
  dir: string;
  marker: OwnedMarker;
  /** Entries that were there when claimed and that waf-gate did not create: never touched. */
  foreign: ReadonlySet<string>;
}

/** Where the folder came from, for messages: the flag or input naming it. */
export interface ClaimOptions {
  kind: string;
  /** The flag or input that named the folder, e.g. `--dir`. */
  input: string;
}

function isMarker(value: unknown, kind: string): value is OwnedMarker {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Partial<OwnedMarker>;
  return (
    m.tool === 'waf-gate' &&
    m.kind === kind &&
    Array.isArray(m.entries) &&
    m.entries.every(
      (e) =>
        typeof e === 'string' && !['', '.', '..', OWNED_MARKER].includes(e) && !e.includes('/'),
    )
  );
}

/** Reads the marker of `dir` when it is a waf-gate marker of `kind`; null when absent or different. */
export async function readOwnedMarker(dir: string, kind: string): Promise<OwnedMarker | null> {
  let text: string;
  try {
    text = await readFile(join(dir, OWNED_MARKER), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isMarker(parsed, kind) ? parsed : null;
  } catch {
    return null;
  }
}

async function writeMarker(dir: string, marker: OwnedMarker): Promise<void> {
  await writeFile(join(dir, OWNED_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

function refuse(dir: string, options: ClaimOptions, why: string): ConfigError {
  return new ConfigError(`${why} waf-gate uses and cleans only folders it created.`, {
    input: options.input,
    value: dir,
    hint: `Pick an empty or new folder with ${options.input}, or empty ${dir} yourself.`,
  });
}

/**
 * Claims `dir` for `kind`: creates it when missing, accepts an empty folder, or reuses a folder whose
 * marker is of the same kind — after removing the entries the previous run created. Refuses (ConfigError)
 * anything else: a non-empty folder without marker, a marker of another kind, a file.
 */
export async function claimOwnedDir(path: string, options: ClaimOptions): Promise<OwnedDir> {
  const dir = resolve(path);
  const info = await lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new ConfigError(`Cannot inspect the folder ${dir}.`, {
      input: options.input,
      value: dir,
      cause: error,
    });
  });
  let createdRoot: string | null = null;
  let names: string[] = [];
  if (info === null) {
    createdRoot = (await mkdir(dir, { recursive: true })) ?? dir;
  } else if (!info.isDirectory()) {
    throw refuse(dir, options, `${dir} is not a folder (a file or a symbolic link is there).`);
  } else {
    names = await readdir(dir);
  }
  const previous = names.includes(OWNED_MARKER) ? await readOwnedMarker(dir, options.kind) : null;
  if (names.length > 0 && previous === null) {
    throw refuse(
      dir,
      options,
      names.includes(OWNED_MARKER)
        ? `The folder ${dir} was created by waf-gate for something else (its ${OWNED_MARKER} is not a "${options.kind}" marker).`
        : `The folder ${dir} is not empty and was not created by waf-gate.`,
    );
  }
  if (previous) {
    for (const entry of previous.entries)
      await rm(join(dir, entry), { recursive: true, force: true });
  }
  const foreign = new Set(
    names.filter((n) => n !== OWNED_MARKER && !(previous?.entries.includes(n) ?? false)),
  );
  const now = Date.now();
  const marker: OwnedMarker = {
    tool: 'waf-gate',
    kind: options.kind,
    createdAt: new Date(now).toISOString(),
    createdAtMs: now,
    pid: process.pid,
    createdRoot: previous ? previous.createdRoot : createdRoot,
    entries: [],
  };
  await writeMarker(dir, marker);
  return { dir, marker, foreign };
}

/**
 * Records entries about to be created, before creating them, so an interrupted run can still be
 * cleaned. Refuses a name that the folder already held from someone else.
 */
export async function planOwnedEntries(owned: OwnedDir, names: readonly string[]): Promise<void> {
  const clash = names.filter((n) => owned.foreign.has(n));
  if (clash.length > 0) {
    throw new ConfigError(
      `The folder ${owned.dir} already holds ${clash.join(', ')}, which waf-gate did not create.`,
      { hint: `Pick an empty or new folder, or move ${clash.join(', ')} away yourself.` },
    );
  }
  owned.marker.entries = [...new Set([...owned.marker.entries, ...names])];
  await writeMarker(owned.dir, owned.marker);
}

/** Records every entry now in the folder that was not there before the claim as created by waf-gate. */
export async function recordOwnedEntries(owned: OwnedDir): Promise<void> {
  const names = await readdir(owned.dir);
  owned.marker.entries = names.filter((n) => n !== OWNED_MARKER && !owned.foreign.has(n));
  await writeMarker(owned.dir, owned.marker);
}

/**
 * Removes what waf-gate created in `dir` (the marker's entries, the marker) and the folders the claim
 * created, when they are empty then. Anything else stays.
 * @returns false when `dir` has no marker of `kind` (nothing was removed).
 */
export async function releaseOwnedDir(path: string, kind: string): Promise<boolean> {
  const dir = resolve(path);
  const marker = await readOwnedMarker(dir, kind);
  if (!marker) return false;
  for (const entry of marker.entries) await rm(join(dir, entry), { recursive: true, force: true });
  await rm(join(dir, OWNED_MARKER), { force: true });
  if (marker.createdRoot === null) return true;
  const root = resolve(marker.createdRoot);
  // Only folders between dir and the created root, and only while empty (rmdir refuses otherwise).
  if (relative(root, dir).startsWith('..')) return true;
  for (let current = dir; ; current = dirname(current)) {
    try {
      await rmdir(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') return true;
      throw new WafGateError('E_CLEANUP', `Cannot remove the folder ${current}.`, {
        context: { dir: current },
        cause: error,
      });
    }
    if (current === root || current === dirname(current)) return true;
  }
}
