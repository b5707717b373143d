/** Reading and writing the JSON documents stages exchange, with errors that name the file. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConfigError } from './errors.js';

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

/** Writes JSON atomically (temp file + rename), creating the folder. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}
