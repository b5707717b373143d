/**
 * Fitting Markdown into GitHub's limits: cut at a line boundary, close an open code fence, append a note,
 * never exceed the limit. Characters are counted as UTF-16 code units (JavaScript `length`), which is
 * never fewer than the code points GitHub counts, so the result is safe either way.
 */

/** Check run `output.title`/`summary`/`text`: at most 65,535 characters each. */
export const CHECK_RUN_TEXT_MAX_CHARS = 65_535;
/** Issue / PR comment body: at most 65,536 characters. */
export const COMMENT_BODY_MAX_CHARS = 65_536;
/** Job summary: at most 1 MiB per step. */
export const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

/** Default note appended when text is cut. */
export function truncationNote(where: string): string {
  return `\n\n> **Note:** this report was truncated to fit the ${where} limit; the full report is in the run's job summary and artifacts.\n`;
}

/** How to measure a string: characters (UTF-16 units) or UTF-8 bytes. */
export type SizeUnit = 'chars' | 'bytes';

/** Size of `text` in `unit`. */
export function sizeOf(text: string, unit: SizeUnit): number {
  return unit === 'chars' ? text.length : Buffer.byteLength(text, 'utf8');
}

/** Longest prefix of `text` whose size is ≤ `max`, never splitting a surrogate pair. */
function prefixWithin(text: string, max: number, unit: SizeUnit): string {
  if (max <= 0) return '';
  if (sizeOf(text, unit) <= max) return text;
  let end: number;
  if (unit === 'chars') end = max;
  else {
    // Binary search the longest prefix within `max` bytes.
    let lo = 0;
    let hi = Math.min(text.length, max);
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (Buffer.byteLength(text.slice(0, mid), 'utf8') <= max) lo = mid;
      else hi = mid - 1;
    }
    end = lo;
  }
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}

/**
 * A line cut in the middle may end inside an escape of src/report/escape.ts: half an entity (`&#82`)
 * or a lone backslash that would escape the newline after it. Drop that tail so the cut reads cleanly.
 */
function withoutBrokenEscape(head: string): string {
  let out = head.replace(/&#?[A-Za-z0-9]{0,8}$/, '');
  const backslashes = /\\+$/.exec(out)?.[0].length ?? 0;
  if (backslashes % 2 === 1) out = out.slice(0, -1);
  return out;
}

/** Result of {@link truncateMarkdown}. */
export interface Truncated {
  text: string;
  truncated: boolean;
}

/**
 * Returns `text` unchanged when it fits `max` (in `unit`); otherwise the longest run of whole lines that
 * fits together with `note` (and a closing ``` when the cut falls inside a code fence), then the note.
 * When even one line does not fit, the first line is cut mid-line. The result never exceeds `max`.
 */
export function truncateMarkdown(
  text: string,
  max: number,
  unit: SizeUnit,
  note: string,
): Truncated {
  if (sizeOf(text, unit) <= max) return { text, truncated: false };
  const fenceClose = '\n```';
  const room = max - sizeOf(note, unit) - sizeOf(fenceClose, unit);
  if (room <= 0) return { text: prefixWithin(note, max, unit), truncated: true };
  let head = prefixWithin(text, room, unit);
  const lastNewline = head.lastIndexOf('\n');
  if (lastNewline > 0) head = head.slice(0, lastNewline);
  else head = withoutBrokenEscape(head);
  const fences = head.match(/^\s{0,3}(```|~~~)/gm)?.length ?? 0;
  const body = fences % 2 === 1 ? head + fenceClose : head;
  return { text: body + note, truncated: true };
}
