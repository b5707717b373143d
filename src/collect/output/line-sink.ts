/**
 * Buffered per-key line files (anomalies/<domain>.log, format-errors.log): lines are copied into one
 * staging buffer per file and written with one synchronous write per ~1 MiB, so the scan loop neither
 * waits on a write nor allocates per line.
 * Each kept line is cut to `keepBytes`. A file that cannot be written (full disk) is given up: its lines
 * are dropped and the failure is kept in {@link LineSink.failures}, so reading the log goes on.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errnoCode } from './write-error.js';

const FLUSH_BYTES = 1 << 20;
const FIRST_BYTES = 16 << 10;

/** Turns a domain into a safe file name (`[A-Za-z0-9._-]`, others as `_`). */
export function safeFileName(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return (cleaned || '_').slice(0, 200);
}

interface Open {
  key: string;
  path: string;
  /** -1 once the file failed. */
  fd: number;
  /** Lines not written yet: data[0, bytes). One staging buffer per file, no allocation per line. */
  data: Buffer;
  bytes: number;
}

/** Writes lines into files named by key under a directory (or one fixed file). */
export class LineSink {
  private readonly files = new Map<string, Open>();
  /** Relative file names written, by key. */
  readonly written = new Map<string, string>();
  /** Files that could not be written: path -> error code (their lines were dropped). */
  readonly failures = new Map<string, string>();

  constructor(
    private readonly pathOf: (key: string) => string,
    /** @default 8192 */
    private readonly keepBytes = 8192,
  ) {}

  /** A sink writing every key into files `<dir>/<safe key>.log`. */
  static perKey(dir: string, keepBytes?: number): LineSink {
    return new LineSink((key) => join(dir, `${safeFileName(key)}.log`), keepBytes);
  }

  /** Appends `buf[start, end)` plus a newline to the key's file. */
  add(key: string, buf: Buffer, start: number, end: number): void {
    let file = this.files.get(key);
    if (!file) {
      const path = this.pathOf(key);
      let fd = -1;
      try {
        mkdirSync(dirname(path), { recursive: true });
        fd = openSync(path, 'w');
      } catch (error) {
        this.failures.set(path, errnoCode(error));
      }
      file = { key, path, fd, data: Buffer.allocUnsafe(fd < 0 ? 0 : FIRST_BYTES), bytes: 0 };
      this.files.set(key, file);
      if (fd >= 0) this.written.set(key, path);
    }
    if (file.fd < 0) return;
    const n = Math.min(end - start, this.keepBytes);
    const need = file.bytes + n + 1;
    if (need > file.data.length) {
      if (file.data.length < FLUSH_BYTES) {
        // Grows (doubling) up to FLUSH_BYTES, so a domain with few lines holds a small buffer.
        const grown = Buffer.allocUnsafe(
          Math.max(need, Math.min(FLUSH_BYTES, file.data.length * 2)),
        );
        file.data.copy(grown, 0, 0, file.bytes);
        file.data = grown;
      } else {
        this.flushFile(file);
        if (n + 1 > file.data.length) file.data = Buffer.allocUnsafe(n + 1);
      }
    }
    buf.copy(file.data, file.bytes, start, start + n);
    file.data[file.bytes + n] = 10;
    file.bytes += n + 1;
  }

  /** Writes everything held. */
  flush(): void {
    for (const file of this.files.values()) this.flushFile(file);
  }

  /** Flushes and closes every file. */
  close(): void {
    this.flush();
    for (const file of this.files.values()) if (file.fd >= 0) closeSync(file.fd);
    this.files.clear();
  }

  private flushFile(file: Open): void {
    if (file.fd < 0) return;
    try {
      let off = 0;
      while (off < file.bytes) off += writeSync(file.fd, file.data, off, file.bytes - off);
    } catch (error) {
      this.failures.set(file.path, errnoCode(error));
      this.written.delete(file.key); // a file that lost lines is not offered as the kept lines
      try {
        closeSync(file.fd);
      } catch {
        // already failing: the failure above is what is reported
      }
      file.fd = -1;
      file.data = Buffer.alloc(0);
    }
    file.bytes = 0;
  }
}
