/**
 * The hot path: splits one log line (a byte range of a Buffer) into the fields of a compiled log_format
 * without creating strings. Each variable's value runs to the first occurrence of the literal that
 * follows it (nginx escapes `"` and `\` in values, so quoted literals cannot occur inside them; with
 * escape=json a backslash escapes the next byte and is skipped).
 */
import type { CompiledFormat } from './log-format.js';

const LOOP_BYTES = 4;

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

function fixedWidth(name: string, after: Uint8Array): number {
  const spec = FIXED_WIDTH[name];
  if (spec === undefined || after.length === 0) return 0;
  return spec[1].test(String.fromCharCode(after[0]!)) ? 0 : spec[0];
}

/** Splits lines of one format into field offsets (`starts[k]`..`ends[k]` for field k). */
export class FieldScanner {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  private readonly prefix: Uint8Array;
  private readonly afters: Uint8Array[];
  private readonly json: boolean;
  private readonly widths: Int32Array;
  readonly fieldCount: number;

  constructor(format: CompiledFormat) {
    this.fieldCount = format.fields.length;
    this.starts = new Int32Array(this.fieldCount);
    this.ends = new Int32Array(this.fieldCount);
    this.prefix = format.prefix;
    this.afters = format.fields.map((f) => f.after);
    this.json = format.escape === 'json';
    this.widths = Int32Array.from(format.fields, (f) => fixedWidth(f.name, f.after));
  }

  /**
   * Splits `buf[start, end)` up to and including field `upTo` (all fields when omitted, which also
   * checks the line ends exactly after the format's last literal). Returns false when it does not match.
   */
  scan(buf: Uint8Array, start: number, end: number, upTo = this.fieldCount - 1): boolean {
    const prefix = this.prefix;
    const plen = prefix.length;
    if (end - start < plen) return false;
    for (let p = 0; p < plen; p += 1) if (buf[start + p] !== prefix[p]) return false;
    let pos = start + plen;
    const json = this.json;
    for (let k = 0; k <= upTo; k += 1) {
      const after = this.afters[k]!;
      const alen = after.length;
      this.starts[k] = pos;
      if (alen === 0) {
        this.ends[k] = end;
        pos = end;
        continue;
      }
      const b0 = after[0]!;
      const last = end - alen;
      let found = -1;
      let i = pos;
      const w = this.widths[k]!;
      if (w > 0 && pos + w <= last) {
        let q = 0;
        while (q < alen && buf[pos + w + q] === after[q]) q += 1;
        if (q === alen) {
          this.ends[k] = pos + w;
          pos = pos + w + alen;
          continue;
        }
      }
      // Short values: a plain loop. After LOOP_BYTES without a hit, switch to native memchr.
      let budget = json ? 0x7fffffff : LOOP_BYTES;
      while (i <= last) {
        const c = buf[i]!;
        if (c === b0) {
          let q = 1;
          while (q < alen && buf[i + q] === after[q]) q += 1;
          if (q === alen) {
            found = i;
            break;
          }
        } else if (json && c === 92) {
          i += 1;
        }
        i += 1;
        if (--budget === 0) {
          while (i <= last) {
            const j = buf.indexOf(b0, i);
            if (j < 0 || j > last) break;
            let q = 1;
            while (q < alen && buf[j + q] === after[q]) q += 1;
            if (q === alen) {
              found = j;
              break;
            }
            i = j + 1;
          }
          break;
        }
      }
      if (found < 0) return false;
      this.ends[k] = found;
      pos = found + alen;
    }
    if (upTo === this.fieldCount - 1 && pos !== end) return false;
    return true;
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
