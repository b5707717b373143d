/** Reading and writing the JSON documents stages exchange, with errors that name the file. */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError, WafGateError } from './errors.js';

/** Reads and parses a JSON file; a missing or malformed file is a `ConfigError` naming it. */
export async function readJsonFile<T>(path: string, what = 'JSON file'): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the ${what}.`, {
      file: path,
      cause: error,
      hint: 'Check the path; it is produced by an earlier waf-gate step.',
    });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ConfigError(`The ${what} is not valid JSON.`, { file: path, cause: error });
  }
}

/**
 * Writes JSON atomically (temp file + rename), creating the folder. A failure (full disk, read-only or
 * missing folder) removes the temp file and throws `E_WRITE` naming the file.
 */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new WafGateError('E_WRITE', `Cannot write ${path}: ${code}.`, {
      context: { file: path },
      cause: error,
      hint:
        code === 'ENOSPC'
          ? 'The disk is full: free space (or choose another output folder) and run the step again.'
          : 'Check that the folder exists, is a folder and is writable, then run the step again.',
    });
  }
}

function describeJson(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}

/**
 * Checks the shape of a parsed JSON document field by field. Each method returns the value with its
 * type, or throws a `ConfigError` naming the file, the field's JSON path (`rounds[2].replayFile`), what
 * was expected and what was found. Unknown fields are left alone (newer writers may add some).
 */
export class JsonShape {
  constructor(
    /** The file the document came from. */
    readonly file: string,
    /** What it is, e.g. `run record (run.json)`. */
    readonly what: string,
  ) {}

  /** Throws the ConfigError for `path`. */
  fail(path: string, expected: string, found: unknown): never {
    throw new ConfigError(
      `The ${this.what} is malformed: ${path} should be ${expected}, but is ${describeJson(found)}.`,
      {
        file: this.file,
        hint: 'It is written by waf-gate: re-run the step that wrote it, or correct that field.',
      },
    );
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      this.fail(path, 'an object', value);
    return value as Record<string, unknown>;
  }

  array(value: unknown, path: string): unknown[] {
    if (!Array.isArray(value)) this.fail(path, 'a list', value);
    return value;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== 'string') this.fail(path, 'a string', value);
    return value;
  }

  /** A non-empty string. */
  text(value: unknown, path: string): string {
    if (typeof value !== 'string' || value === '') this.fail(path, 'a non-empty string', value);
    return value;
  }

  number(value: unknown, path: string, options: { integer?: boolean; min?: number } = {}): number {
    const { integer = false, min } = options;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!integer || Number.isInteger(value)) &&
      (min === undefined || value >= min);
    if (!ok)
      this.fail(
        path,
        `${integer ? 'a whole number' : 'a number'}${min === undefined ? '' : ` ≥ ${min}`}`,
        value,
      );
    return value;
  }

  boolean(value: unknown, path: string): boolean {
    if (typeof value !== 'boolean') this.fail(path, 'true or false', value);
    return value;
  }

  /** One of `allowed` (compared with ===). */
  oneOf<T extends string | number>(value: unknown, path: string, allowed: readonly T[]): T {
    if (!(allowed as readonly unknown[]).includes(value))
      this.fail(path, allowed.map((a) => JSON.stringify(a)).join(' or '), value);
    return value as T;
  }

  /** An object whose every value passes `check`. */
  record<T>(
    value: unknown,
    path: string,
    check: (v: unknown, path: string) => T,
  ): Record<string, T> {
    const obj = this.object(value, path);
    for (const [key, v] of Object.entries(obj)) check(v, `${path}.${key}`);
    return obj as Record<string, T>;
  }

  /** A list whose every item passes `check`. */
  list<T>(value: unknown, path: string, check: (v: unknown, path: string) => T): T[] {
    return this.array(value, path).map((item, i) => check(item, `${path}[${i}]`));
  }
}
