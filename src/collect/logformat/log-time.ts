/**
 * Reads an access-log line's time from its bytes, without allocating: `$time_local`
 * (`02/Dec/2026:11:49:50 +0000`, 1 s resolution), `$time_iso8601` (`2026-12-02T11:49:50+00:00`, 1 s)
 * and `$msec` (`1764676190.123`, 1 ms). nginx writes the time the request finished (its cached clock).
 */

/** Which time variable a format carries. */
export type LogTimeKind = 'time_local' | 'time_iso8601' | 'msec';

/** The first time variable a format logs, in order of precision, or null. */
export function logTimeVariable(has: (name: string) => boolean): LogTimeKind | null {
  if (has('msec')) return 'msec';
  if (has('time_iso8601')) return 'time_iso8601';
  if (has('time_local')) return 'time_local';
  return null;
}

/** Resolution of a time variable in ms: the real time lies in [logged, logged + resolution). */
export function logTimeResolutionMs(kind: LogTimeKind): number {
  return kind === 'msec' ? 1 : 1000;
}

const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

function digits(buf: Uint8Array, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i += 1) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** `+hhmm` / `+hh:mm` at `at` as minutes east of UTC, or NaN. */
function zoneMinutes(buf: Uint8Array, at: number, end: number): number {
  if (end - at === 1 && buf[at] === 90) return 0; // Z
  const sign = buf[at] === 43 ? 1 : buf[at] === 45 ? -1 : 0;
  if (sign === 0) return NaN;
  const colon = end - at === 6 && buf[at + 3] === 58;
  if (!colon && end - at !== 5) return NaN;
  const h = digits(buf, at + 1, 2);
  const m = digits(buf, colon ? at + 4 : at + 3, 2);
  return h < 0 || m < 0 ? NaN : sign * (h * 60 + m);
}

/** Epoch ms of the time in `buf[start, end)` written as `kind`, or NaN when it does not read as one. */
export function parseLogTimeMs(
  buf: Uint8Array,
  start: number,
  end: number,
  kind: LogTimeKind,
): number {
  if (start < 0 || end <= start) return NaN;
  if (kind === 'msec') {
    let ms = 0;
    let frac = -1;
    for (let i = start; i < end; i += 1) {
      const c = buf[i]!;
      if (c === 46 && frac < 0) {
        frac = 0;
        continue;
      }
      const d = c - 48;
      if (d < 0 || d > 9) return NaN;
      if (frac < 0) ms = ms * 10 + d;
      else if (frac < 3) {
        ms = ms * 10 + d;
        frac += 1;
      }
    }
    if (frac < 0) frac = 0;
    for (; frac < 3; frac += 1) ms *= 10;
    return ms;
  }
  let year: number;
  let month: number;
  let day: number;
  let at: number;
  if (kind === 'time_local') {
    // dd/Mon/yyyy:hh:mm:ss +zzzz
    if (end - start !== 26 || buf[start + 2] !== 47 || buf[start + 6] !== 47) return NaN;
    day = digits(buf, start, 2);
    const mon = String.fromCharCode(buf[start + 3]!, buf[start + 4]!, buf[start + 5]!);
    const index = MONTHS.indexOf(mon);
    month = index >= 0 && index % 3 === 0 ? index / 3 : -1;
    year = digits(buf, start + 7, 4);
    at = start + 12; // after `yyyy:`
    if (buf[start + 11] !== 58 || buf[start + 20] !== 32) return NaN;
  } else {
    // yyyy-mm-ddThh:mm:ss+zz:zz
    if (end - start < 20 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return NaN;
    year = digits(buf, start, 4);
    month = digits(buf, start + 5, 2) - 1;
    day = digits(buf, start + 8, 2);
    at = start + 11;
    if (buf[start + 10] !== 84) return NaN;
  }
  const hh = digits(buf, at, 2);
  const mm = digits(buf, at + 3, 2);
  const ss = digits(buf, at + 6, 2);
  if (buf[at + 2] !== 58 || buf[at + 5] !== 58) return NaN;
  if (year < 0 || month < 0 || month > 11 || day < 1 || hh < 0 || mm < 0 || ss < 0) return NaN;
  const zone = zoneMinutes(buf, kind === 'time_local' ? at + 9 : at + 8, end);
  if (Number.isNaN(zone)) return NaN;
  return Date.UTC(year, month, day, hh, mm, ss) - zone * 60_000;
}
