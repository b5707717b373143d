/**
 * Streaming extraction of an artifact zip from a file on disk, entry by entry, with `yauzl`: the archive
 * is read through a file descriptor and each entry is piped inflate → CRC-32/size check → file, so memory
 * stays at a few stream buffers whatever the archive's size.
 *
 * Refused, with an error naming the entry (`E_ZIP`): paths that would land outside the target folder
 * (`..`, absolute, drive letters, NUL), symbolic links, encrypted or unsupported entries, duplicates,
 * more entries than `maxEntries`, more uncompressed bytes than `maxTotalBytes` (declared or actual: a zip
 * bomb that lies about its sizes is stopped by yauzl's `validateEntrySizes` and by our own count), and a
 * CRC-32 mismatch (yauzl reads the CRC but does not check it, so we do).
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { WafGateError } from '../common/errors.js';

/** Limits against zip bombs. */
export interface UnzipLimits {
  /** Entries (files and folders) in the archive. @default 10000 */
  maxEntries?: number;
  /** Sum of the uncompressed sizes of all entries, in bytes. @default 1 GiB */
  maxTotalBytes?: number;
}

/** Options of {@link extractZipFile}. */
export interface UnzipOptions extends UnzipLimits {
  /** What errors call the archive, e.g. `artifact 42`. @default the zip file's path */
  displayName?: string;
}

/** Defaults of {@link UnzipLimits}. */
export const DEFAULT_UNZIP_LIMITS: Readonly<Required<UnzipLimits>> = {
  maxEntries: 10_000,
  maxTotalBytes: 1024 ** 3,
};

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function zipError(
  archive: string,
  message: string,
  context: Record<string, string | number> = {},
  cause?: unknown,
): WafGateError {
  return new WafGateError('E_ZIP', `${archive}: ${message}`, {
    context: { archive, ...context },
    ...(cause === undefined ? {} : { cause }),
    hint: 'The artifact is not a baseline waf-gate uploaded; delete it or upload the baseline again.',
  });
}

/**
 * The entry's name as a relative `/`-separated path (`''` for the root folder itself), or an error when it
 * could land outside the target: absolute paths, drive letters, `..` segments, NUL; or has no name.
 * Backslashes count as separators (Windows zippers).
 */
export function safeEntryPath(archive: string, entry: Entry): string {
  const raw = yauzl.getFileNameLowLevel(
    entry.generalPurposeBitFlag,
    entry.fileNameRaw,
    entry.extraFields,
    false, // not strict: backslashes become "/", so "..\\x" is caught as ".."
  );
  const parts = raw.split('/');
  if (raw.startsWith('/') || /^[A-Za-z]:/.test(raw) || raw.includes('\0') || parts.includes('..'))
    throw zipError(
      archive,
      `entry "${raw}" would be written outside the target folder (zip-slip)`,
      {
        entry: raw,
      },
    );
  const kept = parts.filter((p) => p !== '' && p !== '.');
  // "./" (some zippers store the root folder) is the target itself: nothing to create.
  if (kept.length === 0 && (raw.endsWith('/') || raw === '.')) return '';
  if (kept.length === 0)
    throw zipError(archive, `an entry has no file name ("${raw}")`, { entry: raw });
  return kept.join('/') + (raw.endsWith('/') ? '/' : '');
}

/** Counts bytes against the budget and checks the CRC-32 when the entry ends. */
function checkStream(
  archive: string,
  name: string,
  expectedCrc: number,
  budget: { usedBytes: number; maxTotalBytes: number },
): Transform {
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      budget.usedBytes += chunk.length;
      if (budget.usedBytes > budget.maxTotalBytes) {
        done(
          zipError(
            archive,
            `entry "${name}" unpacks past the limit of ${budget.maxTotalBytes} bytes (zip bomb?)`,
            { entry: name, maxTotalBytes: budget.maxTotalBytes },
          ),
        );
        return;
      }
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
    flush(done) {
      if (crc >>> 0 !== expectedCrc >>> 0)
        done(
          zipError(archive, `entry "${name}" is corrupt (CRC-32 mismatch)`, {
            entry: name,
            expectedCrc: expectedCrc >>> 0,
            actualCrc: crc >>> 0,
          }),
        );
      else done();
    },
  });
}

/** Extracts one file entry into `target` (which must not exist yet: `wx`, so no link is followed). */
async function extractEntry(
  zip: ZipFile,
  archive: string,
  entry: Entry,
  name: string,
  target: string,
  budget: { usedBytes: number; maxTotalBytes: number },
): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const input = await zip.openReadStreamPromise(entry);
  try {
    await pipeline(
      input,
      checkStream(archive, name, entry.crc32, budget),
      createWriteStream(target, { flags: 'wx' }),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw zipError(archive, `entry "${name}" appears twice`, { entry: name }, error);
    if ((error as { code?: unknown }).code === 'E_ZIP') throw error;
    throw zipError(
      archive,
      `entry "${name}" cannot be unpacked: ${error instanceof Error ? error.message : String(error)}`,
      { entry: name },
      error,
    );
  }
}

/**
 * Unpacks every entry of the zip file `zipPath` under `destDir` (created when missing; entries must not
 * exist there yet). Returns the relative paths of the files written, in archive order. On error the
 * files written so far stay: the caller owns `destDir` and removes it.
 */
export async function extractZipFile(
  zipPath: string,
  destDir: string,
  options: UnzipOptions = {},
): Promise<string[]> {
  const maxEntries = options.maxEntries ?? DEFAULT_UNZIP_LIMITS.maxEntries;
  const maxTotalBytes = options.maxTotalBytes ?? DEFAULT_UNZIP_LIMITS.maxTotalBytes;
  const archive = options.displayName ?? zipPath;
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, {
      lazyEntries: true,
      autoClose: false,
      decodeStrings: false, // names are decoded and checked by safeEntryPath, with our own message
      validateEntrySizes: true,
    });
  } catch (error) {
    throw zipError(
      archive,
      `not a readable zip archive (${error instanceof Error ? error.message : String(error)})`,
      {},
      error,
    );
  }
  try {
    if (zip.entryCount > maxEntries)
      throw zipError(archive, `${zip.entryCount} entries, more than the limit of ${maxEntries}`, {
        entries: zip.entryCount,
        maxEntries,
      });
    const root = resolve(destDir);
    await mkdir(root, { recursive: true });
    const budget = { usedBytes: 0, maxTotalBytes };
    let declaredBytes = 0;
    const written: string[] = [];
    for await (const entry of zip.eachEntry()) {
      const name = safeEntryPath(archive, entry);
      if (name === '') continue;
      const target = resolve(root, name);
      if (target !== root && !target.startsWith(root + sep))
        throw zipError(archive, `entry "${name}" escapes the target folder`, { entry: name });
      if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK)
        throw zipError(archive, `entry "${name}" is a symbolic link; links are not unpacked`, {
          entry: name,
        });
      if (name.endsWith('/')) {
        await mkdir(target, { recursive: true });
        continue;
      }
      if (!entry.canDecodeFileData())
        throw zipError(
          archive,
          `entry "${name}" is ${entry.isEncrypted() ? 'encrypted' : `compressed with method ${entry.compressionMethod}`}; only stored and deflated entries are read`,
          { entry: name },
        );
      declaredBytes += entry.uncompressedSize;
      if (declaredBytes > maxTotalBytes)
        throw zipError(
          archive,
          `entry "${name}" brings the archive to ${declaredBytes} uncompressed bytes, more than the limit of ${maxTotalBytes} (zip bomb?)`,
          { entry: name, declaredBytes, maxTotalBytes },
        );
      await extractEntry(zip, archive, entry, name, target, budget);
      written.push(name);
    }
    return written;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'E_ZIP') throw error;
    throw zipError(
      archive,
      `not a usable zip archive (${error instanceof Error ? error.message : String(error)})`,
      {},
      error,
    );
  } finally {
    zip.close();
  }
}
