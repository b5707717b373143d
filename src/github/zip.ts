/**
 * A small zip reader for artifact archives: reads the central directory (so entries written with data
 * descriptors, as streaming zippers do, work), supports stored and deflated entries and zip64 sizes,
 * checks CRC-32, and refuses encrypted entries, unsafe paths ("..", absolute) and oversized output.
 * Written here rather than taken from npm: ~150 lines on node:zlib, no dependency to bundle.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { WafGateError } from '../common/errors.js';

/** Limits against zip bombs. */
export interface ZipLimits {
  /** @default 10000 */
  maxEntries?: number;
  /** Sum of uncompressed sizes. @default 1 GiB */
  maxTotalBytes?: number;
}

/** One entry of the archive. */
export interface ZipEntry {
  /** Path inside the archive, `/`-separated, checked to be relative and free of `..`. */
  name: string;
  isDirectory: boolean;
  method: number;
  compressedBytes: number;
  uncompressedBytes: number;
  crc: number;
  /** Offset of the local file header. */
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function bad(message: string, context: Record<string, string | number> = {}): WafGateError {
  return new WafGateError('E_ZIP', `Not a usable zip archive: ${message}`, { context });
}

function safeName(raw: string): string {
  const name = raw.replace(/\\/g, '/');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    parts.includes('..') ||
    name.includes('\0')
  ) {
    throw bad(`entry "${raw}" would be written outside the target folder`, { entry: raw });
  }
  return parts.join('/') + (name.endsWith('/') ? '/' : '');
}

/** Lists the entries from the central directory. */
export function readZipEntries(zip: Buffer, limits: ZipLimits = {}): ZipEntry[] {
  const maxEntries = limits.maxEntries ?? 10_000;
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('no end-of-central-directory record', { bytes: zip.length });
  let count = zip.readUInt16LE(eocd + 10);
  let cdOffset = zip.readUInt32LE(eocd + 16);
  if (
    (count === 0xffff || cdOffset === 0xffffffff) &&
    eocd >= 20 &&
    zip.readUInt32LE(eocd - 20) === ZIP64_LOCATOR
  ) {
    const at = Number(zip.readBigUInt64LE(eocd - 12));
    if (at + 56 > zip.length || zip.readUInt32LE(at) !== ZIP64_EOCD)
      throw bad('broken zip64 end record');
    count = Number(zip.readBigUInt64LE(at + 32));
    cdOffset = Number(zip.readBigUInt64LE(at + 48));
  }
  if (count > maxEntries)
    throw bad(`${count} entries, more than the limit of ${maxEntries}`, { entries: count });
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL)
      throw bad('broken central directory', { offset: p });
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    let compressedBytes = zip.readUInt32LE(p + 20);
    let uncompressedBytes = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    let localOffset = zip.readUInt32LE(p + 42);
    const raw = zip.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    // zip64 extra field: only the values that overflowed are present, in this order.
    let e = p + 46 + nameLen;
    const extraEnd = e + extraLen;
    while (e + 4 <= extraEnd) {
      const id = zip.readUInt16LE(e);
      const size = zip.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressedBytes === 0xffffffff) {
          uncompressedBytes = Number(zip.readBigUInt64LE(q));
          q += 8;
        }
        if (compressedBytes === 0xffffffff) {
          compressedBytes = Number(zip.readBigUInt64LE(q));
          q += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(zip.readBigUInt64LE(q));
      }
      e += 4 + size;
    }
    if (flags & 0x1) throw bad(`entry "${raw}" is encrypted`, { entry: raw });
    if (method !== 0 && method !== 8)
      throw bad(
        `entry "${raw}" uses compression method ${method} (only stored and deflate are read)`,
        { entry: raw },
      );
    const name = safeName(raw);
    entries.push({
      name,
      isDirectory: name.endsWith('/'),
      method,
      compressedBytes,
      uncompressedBytes,
      crc,
      localOffset,
    });
    p = extraEnd + commentLen;
  }
  const total = entries.reduce((s, x) => s + x.uncompressedBytes, 0);
  const maxTotal = limits.maxTotalBytes ?? 1024 ** 3;
  if (total > maxTotal)
    throw bad(`it unpacks to ${total} bytes, more than the limit of ${maxTotal}`, { bytes: total });
  return entries;
}

/** The uncompressed content of one entry, CRC-checked. */
export function readZipEntry(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL)
    throw bad(`no local header for "${entry.name}"`, { entry: entry.name });
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const end = start + entry.compressedBytes;
  if (end > zip.length)
    throw bad(`entry "${entry.name}" runs past the end of the file`, { entry: entry.name });
  const stored = zip.subarray(start, end);
  let data: Buffer;
  try {
    data =
      entry.method === 0
        ? stored
        : inflateRawSync(stored, { maxOutputLength: Math.max(1, entry.uncompressedBytes) });
  } catch (error) {
    throw new WafGateError(
      'E_ZIP',
      `Not a usable zip archive: entry "${entry.name}" does not inflate.`,
      { context: { entry: entry.name }, cause: error },
    );
  }
  if (data.length !== entry.uncompressedBytes || crc32(data) !== entry.crc) {
    throw bad(`entry "${entry.name}" is corrupt (size or CRC-32 mismatch)`, { entry: entry.name });
  }
  return data;
}

/** Unpacks every entry under `destDir`; returns the relative file paths written. */
export async function extractZip(
  zip: Buffer,
  destDir: string,
  limits: ZipLimits = {},
): Promise<string[]> {
  const root = resolve(destDir);
  const written: string[] = [];
  for (const entry of readZipEntries(zip, limits)) {
    const target = resolve(join(root, entry.name));
    if (target !== root && !target.startsWith(root + sep))
      throw bad(`entry "${entry.name}" escapes the target folder`);
    if (entry.isDirectory) {
      await mkdir(target, { recursive: true });
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, readZipEntry(zip, entry));
    written.push(entry.name);
  }
  return written;
}
