/**
 * Baselines are run directories stored and found by (WAF build version, corpus fingerprint, mode, load
 * shape, measuring setup: WAF host and domains). `DirectoryBaselineStore` keeps them in a folder (as the original kept
 * `baseline/<ver>-<data>-<type>/` on the WAF machine); the GitHub-artifacts store implements the same
 * {@link BaselineStore} interface in `src/github/`.
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LoadShape } from '../replay/types.js';
import type { BaselineKey } from './comparison.js';
import { isRunDir, readRunRecord } from './run-dir.js';
import type { RunRecord } from './types.js';

export type { BaselineKey } from './comparison.js';

/** A lookup: like a key, but without a version it finds the newest baseline of any version. */
export type BaselineQuery = Omit<BaselineKey, 'version'> & { version?: string };

/** Where baselines live. `find` resolves to a local run directory (downloaded if needed) or null. */
export interface BaselineStore {
  /** The newest stored run directory matching the query, or null when there is none. */
  find(query: BaselineQuery, options?: { signal?: AbortSignal }): Promise<string | null>;
  /** Stores a run directory under `key`, replacing an older one; resolves to where it went (path or artifact name). */
  save(key: BaselineKey, runDir: string, options?: { signal?: AbortSignal }): Promise<string>;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Canonical JSON of a load shape (sorted keys, undefined dropped): equal shapes give equal text. */
export function canonicalShape(shape: LoadShape | undefined): string {
  return shape === undefined ? 'none' : canonicalJson(shape);
}

/** 8 hex digits of the canonical load shape, or `none`. */
export function shapeHash(shape: LoadShape | undefined): string {
  return shape === undefined
    ? 'none'
    : createHash('sha256').update(canonicalShape(shape)).digest('hex').slice(0, 8);
}

/** 8 hex digits of a record's measuring setup (WAF host, sorted domains), or `none` without either. */
export function setupHash(record: Pick<RunRecord, 'wafHost' | 'domains'>): string {
  if (record.wafHost === undefined && record.domains === undefined) return 'none';
  const setup = { wafHost: record.wafHost, domains: [...(record.domains ?? [])].sort() };
  return createHash('sha256').update(canonicalJson(setup)).digest('hex').slice(0, 8);
}

/** The baseline key of a run record. */
export function baselineKeyOf(record: RunRecord): BaselineKey {
  const parts = [
    record.quality ? 'quality' : '',
    (record.rounds?.length ?? 0) > 0 ? 'pressure' : '',
  ].filter(Boolean);
  return {
    version: record.build.version,
    corpusFingerprint: record.corpusFingerprint,
    mode: parts.join('+') || 'empty',
    shapeHash: shapeHash(record.pressureShape),
    setupHash: setupHash(record),
  };
}

function safe(text: string): string {
  return text.replace(/[^A-Za-z0-9._+]/g, '_');
}

function suffixOf(query: BaselineQuery): string {
  return `-${safe(query.corpusFingerprint.replace(/^sha256:/, '').slice(0, 12))}-${query.mode}-${query.shapeHash}-${query.setupHash}`;
}

/** The folder name of a key: `<version>-<fingerprint12>-<mode>-<shapeHash>-<setupHash>`. */
export function baselineDirName(key: BaselineKey): string {
  return `${safe(key.version)}${suffixOf(key)}`;
}

/** Baselines in a local folder, one run directory per key. */
export class DirectoryBaselineStore implements BaselineStore {
  readonly root: string;

  /** @param root folder holding one sub-folder per baseline (created on save). */
  constructor(root: string) {
    this.root = resolve(root);
  }

  async find(query: BaselineQuery): Promise<string | null> {
    if (query.version !== undefined) {
      const dir = join(this.root, baselineDirName({ ...query, version: query.version }));
      return (await isRunDir(dir)) ? dir : null;
    }
    let names: string[];
    try {
      names = await readdir(this.root);
    } catch {
      return null;
    }
    const suffix = suffixOf(query);
    let best: { dir: string; createdAtMs: number } | null = null;
    for (const name of names.filter((n) => n.endsWith(suffix) && !n.startsWith('.'))) {
      const dir = join(this.root, name);
      if (!(await isRunDir(dir))) continue;
      const record = await readRunRecord(dir);
      if (record.corpusFingerprint !== query.corpusFingerprint) continue;
      if (!best || record.createdAtMs > best.createdAtMs)
        best = { dir, createdAtMs: record.createdAtMs };
    }
    return best?.dir ?? null;
  }

  async save(key: BaselineKey, runDir: string): Promise<string> {
    const dest = join(this.root, baselineDirName(key));
    const temp = join(this.root, `.tmp-${baselineDirName(key)}-${process.pid}`);
    await mkdir(this.root, { recursive: true });
    try {
      await cp(resolve(runDir), temp, { recursive: true });
      await rm(dest, { recursive: true, force: true });
      await rename(temp, dest);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    return dest;
  }
}
