/**
 * rpm's version ordering in TypeScript, so rpm builds can be ordered on any runner (no rpm tools needed):
 * `rpmvercmp` (librpm `rpmio/rpmvercmp.c`, rpm ≥ 4.15 with `~` and `^`) and epoch:version-release
 * comparison as `rpmdev-vercmp` does it.
 */

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean =>
  c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
const isAlnum = (c: string | undefined): boolean => isDigit(c) || isAlpha(c);

/**
 * Compares two version (or release) strings segment by segment like librpm's `rpmvercmp`:
 * separators are any non-alphanumeric character except `~` (sorts before everything, even the end) and
 * `^` (sorts after the end but before anything else); numeric segments compare as numbers and beat
 * alphabetic ones.
 * @returns -1 when `a` is older, 0 when equal, 1 when newer.
 */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    // Tilde sorts before everything else, including the end of the string.
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // Caret is like tilde, except that the end of the string sorts before it.
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (!(i < a.length && j < b.length)) break;
    let ei = i;
    let ej = j;
    const numeric = isDigit(a[i]);
    if (numeric) {
      while (ei < a.length && isDigit(a[ei])) ei++;
      while (ej < b.length && isDigit(b[ej])) ej++;
    } else {
      while (ei < a.length && isAlpha(a[ei])) ei++;
      while (ej < b.length && isAlpha(b[ej])) ej++;
    }
    // Segments of different types: numeric is newer than alphabetic.
    if (ej === j) return numeric ? 1 : -1;
    let segA = a.slice(i, ei);
    let segB = b.slice(j, ej);
    if (numeric) {
      segA = segA.replace(/^0+/, '');
      segB = segB.replace(/^0+/, '');
      if (segA.length !== segB.length) return segA.length > segB.length ? 1 : -1;
    }
    if (segA !== segB) return segA < segB ? -1 : 1;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** An rpm version split into epoch, version and release. */
export interface RpmEvr {
  /** 0 when the package has none. */
  epoch: number;
  version: string;
  /** '' when absent. */
  release: string;
}

/** Parses `[epoch:]version[-release]` (an epoch of `(none)` counts as 0). */
export function parseEvr(text: string): RpmEvr {
  let rest = text.trim();
  let epoch = 0;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const e = rest.slice(0, colon);
    epoch = /^\d+$/.test(e) ? Number(e) : 0;
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf('-');
  return dash >= 0
    ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) }
    : { epoch, version: rest, release: '' };
}

/**
 * Orders two `[epoch:]version[-release]` strings like `rpmdev-vercmp`: epoch, then version, then release
 * (releases only when both have one).
 * @returns -1 when `a` is older, 0 when equal, 1 when newer.
 */
export function compareRpmVersions(a: string, b: string): -1 | 0 | 1 {
  const x = parseEvr(a);
  const y = parseEvr(b);
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  const v = rpmvercmp(x.version, y.version);
  if (v !== 0) return v;
  if (x.release === '' || y.release === '') return 0;
  return rpmvercmp(x.release, y.release);
}
