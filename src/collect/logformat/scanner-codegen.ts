/**
 * Compiles a log_format into the source of a scanner specialised to it: every literal byte, fixed
 * width and field index is a constant in the code, the fields are unrolled, and nothing is read from
 * format tables per line. Short values are searched four bytes at a time (`DataView#getInt32` and the
 * zero-byte bit trick), long ones with memchr (`Buffer#indexOf`). Measured on the lab format (ns per
 * line, this machine): to the host field ~205 table-driven → ~130 generated → ~102 with the word
 * search; all 14 fields ~315 → ~168 → ~132. The generated text contains only integers and fixed
 * code — never text from the format or the log — so it cannot be steered by input.
 *
 * Semantics (same as the table-driven scanner it replaced): each variable's value runs to the FIRST
 * occurrence of the literal that follows it; a fixed-width variable whose literal starts outside its
 * alphabet takes the literal right after its width when it is there; with escape=json a backslash
 * escapes the next byte; when the last field is scanned the line must end exactly after it.
 */

/** One field as the generator needs it. */
export interface CodegenField {
  /** Bytes of the literal after the value (empty: the value runs to the end of the line). */
  after: Uint8Array;
  /** Fixed value width when known (0: search). */
  width: number;
}

/** Values longer than this are searched with memchr (`Buffer#indexOf`) after a plain loop over them. */
export const SHORT_BYTES = 24;

/**
 * Signature of a generated scanner: fills `starts[k]`/`ends[k]` for fields 0..upTo of `buf[start, end)`,
 * returns false when the line does not match. `native[k]` = 1 makes field k use memchr at once;
 * when `warm` is 1, fields whose value ran past SHORT_BYTES are counted in `longValues`. `dv` is a
 * DataView of exactly `buf`.
 */
export type ScanFunction = (
  buf: Buffer,
  start: number,
  end: number,
  starts: Int32Array,
  ends: Int32Array,
  native: Uint8Array,
  longValues: Int32Array,
  warm: number,
  dv: DataView,
) => boolean;

function byte(value: number | undefined): number {
  if (value === undefined || !Number.isInteger(value) || value < 0 || value > 255)
    throw new Error(`scanner codegen: not a byte: ${String(value)}`);
  return value;
}

/** `buf[at + 0] === b0 && buf[at + 1] === b1 …` for lit[from..]. */
function matchExpr(lit: Uint8Array, at: string, from: number): string {
  const parts: string[] = [];
  for (let q = from; q < lit.length; q += 1)
    parts.push(`buf[${at}${q === 0 ? '' : ` + ${q}`}] === ${byte(lit[q])}`);
  return parts.length === 0 ? 'true' : parts.join(' && ');
}

/** How a field's literal is searched: learn (warm-up), a plain loop first, or memchr at once. */
export const Search = { learn: 0, loop: 1, native: 2 } as const;
/** One of {@link Search}. */
export type Search = (typeof Search)[keyof typeof Search];

function fieldCode(k: number, field: CodegenField, json: boolean, search: Search): string {
  const lit = field.after;
  const n = lit.length;
  if (n === 0) return `starts[${k}] = pos; ends[${k}] = end; pos = end;`;
  const c0 = byte(lit[0]);
  const rest = matchExpr(lit, 'i', 1);
  const lines = [`starts[${k}] = pos; last = end - ${n}; j = -1;`];
  const w = field.width;
  if (w > 0)
    lines.push(
      `if (pos + ${w} <= last && ${matchExpr(lit, `pos + ${w}`, 0)}) j = pos + ${w}; else {`,
    );
  else lines.push('{');
  if (json) {
    lines.push(
      `  for (i = pos; i <= last; i += 1) {`,
      `    c = buf[i];`,
      `    if (c === ${c0}) { if (${rest}) { j = i; break; } } else if (c === 92) i += 1;`,
      `  }`,
    );
  } else {
    const pat = (c0 * 0x01010101) | 0;
    const loop = [
      `    lim = pos + ${SHORT_BYTES - 1}; if (lim > last) lim = last;`,
      `    i = pos;`,
      `    while (i + 3 <= lim) {`,
      `      x = dv.getInt32(i, true) ^ ${pat};`,
      `      x = (x - 0x01010101) & ~x & 0x80808080;`,
      `      if (x === 0) { i += 4; continue; }`,
      `      i += (31 - Math.clz32(x & -x)) >> 3;`,
      `      if (${rest}) { j = i; break; }`,
      `      i += 1;`,
      `    }`,
      `    if (j < 0) for (; i <= lim; i += 1) if (buf[i] === ${c0} && ${rest}) { j = i; break; }`,
      `    if (j < 0 && lim < last) { from = lim + 1;${search === Search.learn ? ` if (warm === 1) longValues[${k}] += 1;` : ''} } else from = -1;`,
    ];
    if (search === Search.learn)
      lines.push(`  from = pos;`, `  if (native[${k}] === 0) {`, ...loop, `  }`);
    else if (search === Search.loop) lines.push(`  from = pos;`, ...loop);
    else lines.push(`  from = pos;`);
    lines.push(
      `  if (j < 0 && from >= 0) {`,
      `    while (from <= last) {`,
      `      i = buf.indexOf(${c0}, from);`,
      `      if (i < 0 || i > last) break;`,
      `      if (${rest}) { j = i; break; }`,
      `      from = i + 1;`,
      `    }`,
      `  }`,
    );
  }
  lines.push('}', `if (j < 0) return false;`, `ends[${k}] = j; pos = j + ${n};`);
  return lines.join('\n');
}

/**
 * Source of the body of a {@link ScanFunction} for fields 0..upTo. `searches[k]` fixes field k's
 * search; without it every field learns (reads `native`, counts `longValues` while `warm`).
 */
export function scannerSource(
  prefix: Uint8Array,
  fields: readonly CodegenField[],
  upTo: number,
  json: boolean,
  searches?: ArrayLike<number>,
): string {
  const out = [
    `let pos = start + ${prefix.length}, last = 0, i = 0, j = 0, lim = 0, from = 0, c = 0, x = 0;`,
    `if (pos > end) return false;`,
  ];
  if (prefix.length > 0) out.push(`if (!(${matchExpr(prefix, 'start', 0)})) return false;`);
  for (let k = 0; k <= upTo; k += 1)
    out.push(
      `// field ${k}`,
      fieldCode(k, fields[k]!, json, (searches?.[k] ?? Search.learn) as Search),
    );
  out.push(upTo === fields.length - 1 ? 'return pos === end;' : 'return true;');
  return out.join('\n');
}

/**
 * Compiled scanners by source: a parser built again for the same format (each collect run, each bench
 * round) reuses a function V8 has already optimised instead of warming a new one up.
 */
const cache = new Map<string, ScanFunction>();
const CACHE_MAX = 64;

/** Compiles {@link scannerSource} into a function (cached by source). */
export function compileScanner(
  prefix: Uint8Array,
  fields: readonly CodegenField[],
  upTo: number,
  json: boolean,
  searches?: ArrayLike<number>,
): ScanFunction {
  const body = scannerSource(prefix, fields, upTo, json, searches);
  const cached = cache.get(body);
  if (cached !== undefined) return cached;
  // Integers and fixed code only (see the top of this file): generating the scanner is the point here.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const fn = new Function(
    'buf',
    'start',
    'end',
    'starts',
    'ends',
    'native',
    'longValues',
    'warm',
    'dv',
    body,
  ) as ScanFunction;
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(body, fn);
  return fn;
}
