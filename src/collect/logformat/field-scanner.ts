/**
 * The hot path: splits one log line (a byte range of a Buffer) into the fields of a compiled log_format
 * without creating strings, with a scanner generated for the format (scanner-codegen.ts). Each
 * variable's value runs to the first occurrence of the literal that follows it (nginx escapes `"` and
 * `\` in values, so quoted literals cannot occur inside them; with escape=json a backslash escapes the
 * next byte and is skipped).
 */
import type { CompiledFormat } from './log-format.js';
import { compileScanner, Search, type CodegenField, type ScanFunction } from './scanner-codegen.js';

/**
 * Variables whose value always has this many bytes from a known alphabet: when the following literal
 * starts with a byte outside that alphabet, its first occurrence is right after the value.
 */
const FIXED_WIDTH: Record<string, [number, RegExp]> = {
  time_local: [26, /[0-9A-Za-z/: +-]/],
  time_iso8601: [25, /[0-9T:+-]/],
  status: [3, /[0-9]/],
  request_id: [32, /[0-9a-f]/],
  msec: [14, /[0-9.]/],
};

/**
 * Width a scanner may assume for variable `name` followed by the literal `after`: the value's fixed
 * width when the literal starts outside the value's alphabet, else 0 (search for the literal).
 */
export function fixedWidth(name: string, after: Uint8Array): number {
  const spec = FIXED_WIDTH[name];
  if (spec === undefined || after.length === 0) return 0;
  return spec[1].test(String.fromCharCode(after[0]!)) ? 0 : spec[0];
}

/** Lines scanned before each field's search method is fixed. */
const WARMUP_LINES = 512;

/**
 * Splits lines of one format into field offsets (`starts[k]`..`ends[k]` for field k), with a scanner
 * generated for the format (see scanner-codegen.ts). Short values are found with a plain loop, long
 * ones with memchr; which fields are long is learnt over the first WARMUP_LINES lines.
 */
export class FieldScanner {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly fieldCount: number;
  private readonly fields: CodegenField[];
  private readonly prefix: Uint8Array;
  private readonly json: boolean;
  /** Generated scanners by `upTo`. */
  private readonly compiled = new Map<number, ScanFunction>();
  /** 1: search this field's literal with memchr at once. */
  private readonly native: Uint8Array;
  /** Warm-up: lines where this field's value was longer than SHORT_BYTES. */
  private readonly longValues: Int32Array;
  private warmup = WARMUP_LINES;
  /** The last scanner used (a parser uses one or two `upTo`s; no map lookup per line). */
  private lastUpTo = -1;
  private lastFn: ScanFunction | null = null;
  /** A DataView of the buffer being scanned (word-at-a-time search), made once per buffer. */
  private dvBuf: Buffer | null = null;
  private dv: DataView = new DataView(new ArrayBuffer(0));

  constructor(format: CompiledFormat) {
    const n = format.fields.length;
    this.fieldCount = n;
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.prefix = format.prefix;
    this.json = format.escape === 'json';
    this.fields = format.fields.map((f) => ({
      after: f.after,
      width: fixedWidth(f.name, f.after),
    }));
    this.native = new Uint8Array(n);
    this.longValues = new Int32Array(n);
  }

  /**
   * Splits `buf[start, end)` up to and including field `upTo` (all fields when omitted, which also
   * checks the line ends exactly after the format's last literal). Returns false when it does not match.
   */
  scan(buf: Buffer, start: number, end: number, upTo = this.fieldCount - 1): boolean {
    let fn = this.lastFn;
    if (upTo !== this.lastUpTo || fn === null) {
      fn = this.compiled.get(upTo) ?? this.compile(upTo);
      this.lastUpTo = upTo;
      this.lastFn = fn;
    }
    let warm = 0;
    if (this.warmup > 0) {
      warm = 1;
      if (--this.warmup === 0) this.pickSearch();
    }
    if (buf !== this.dvBuf) {
      this.dvBuf = buf;
      this.dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    return fn(buf, start, end, this.starts, this.ends, this.native, this.longValues, warm, this.dv);
  }

  private compile(upTo: number): ScanFunction {
    if (!Number.isInteger(upTo) || upTo < 0 || upTo >= this.fieldCount)
      throw new RangeError(`field index ${upTo} out of 0..${this.fieldCount - 1}`);
    const searches =
      this.warmup > 0
        ? undefined
        : Array.from(this.native, (n) => (n ? Search.native : Search.loop));
    const fn = compileScanner(this.prefix, this.fields, upTo, this.json, searches);
    this.compiled.set(upTo, fn);
    return fn;
  }

  /**
   * After the warm-up: memchr at once for fields whose values were long in over a quarter of the
   * lines, and scanners recompiled with that fixed (no flags read, nothing counted per line).
   */
  private pickSearch(): void {
    for (let k = 0; k < this.fieldCount; k += 1)
      this.native[k] = this.longValues[k]! * 4 > WARMUP_LINES ? 1 : 0;
    const upTos = [...this.compiled.keys()];
    this.compiled.clear();
    this.lastUpTo = -1;
    this.lastFn = null;
    for (const upTo of upTos) this.compile(upTo);
  }
}

/** Parses ASCII decimal digits in `buf[start, end)`; -1 when empty or not all digits. */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 9) return -1;
  let n = 0;
  for (let i = start; i < end; i += 1) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Decodes `\"`, `\\`, `\n`, `\uXXXX`… of an escape=json value. */
export function decodeJsonEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

type Latin1Sliceable = { latin1Slice(start: number, end: number): string };

/** `buf.toString('latin1', start, end)` without its argument checks (hot path; Node's own fast method). */
export function latin1Text(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as Latin1Sliceable).latin1Slice(start, end);
}
