/**
 * Buffered per-key line files (anomalies/<domain>.log, format-errors.log): lines are copied into one
 * staging buffer per file and written with one synchronous write per ~1 MiB, so the scan loop neither
 * waits on a write nor allocates per line.
 * Each kept line is cut to `keepBytes`.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

const FLUSH_BYTES = 1 << 20;
const FIRST_BYTES = 16 << 10;

/** Turns a domain into a safe file name (`[A-Za-z0-9._-]`, others as `_`). */
export function safeFileName(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return (cleaned || '_').slice(0, 200);
}

interface Open {
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
      mkdirSync(dirname(path), { recursive: true });
      file = { fd: openSync(path, 'w'), data: Buffer.allocUnsafe(FIRST_BYTES), bytes: 0 };
      this.files.set(key, file);
      this.written.set(key, path);
    }
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
    for (const file of this.files.values()) closeSync(file.fd);
    this.files.clear();
  }

  private flushFile(file: Open): void {
    let off = 0;
    while (off < file.bytes) off += writeSync(file.fd, file.data, off, file.bytes - off);
    file.bytes = 0;
  }
}
