/** Byte-level helpers of the response parser: scanning a Buffer in place, no strings. */

/** The value of an ASCII hex digit, or -1. */
export function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const l = b | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

/**
 * The first index of `byte` in buf[from, to), or -1. A plain loop: `Buffer#indexOf` costs ~100 ns per
 * call (argument checks and a C++ call), more than scanning a header line, and it cannot be bounded.
 */
export function indexOfByte(buf: Buffer, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (buf[i] === byte) return i;
  return -1;
}

/**
 * A Content-Length value in buf[start, end): digits, then only spaces; -2 when invalid (no digits,
 * more than 15, or anything else).
 */
export function lengthValue(buf: Buffer, start: number, end: number): number {
  let n = 0;
  let digits = 0;
  let k = start;
  for (; k < end; k++) {
    const d = buf[k]! - 0x30;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
    if (++digits > 15) return -2;
  }
  for (; k < end; k++) if (buf[k] !== 0x20) return -2;
  return digits === 0 ? -2 : n;
}

/** Compares buf[start, start+lower.length) case-insensitively with an ASCII lower-case name. */
export function nameIs(buf: Buffer, start: number, end: number, lower: Uint8Array): boolean {
  if (end - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if ((buf[start + i]! | 0x20) !== lower[i]) return false;
  return true;
}

/** True when buf[start, end) contains the ASCII lower-case `lower`, ignoring case. */
export function containsIgnoreCase(
  buf: Buffer,
  start: number,
  end: number,
  lower: Uint8Array,
): boolean {
  const last = end - lower.length;
  outer: for (let i = start; i <= last; i++) {
    for (let j = 0; j < lower.length; j++) if ((buf[i + j]! | 0x20) !== lower[j]) continue outer;
    return true;
  }
  return false;
}
