/**
 * Makes text from traffic and logs inert in GitHub Markdown. Everything the report shows that came from
 * outside — request lines, paths, hosts and domains, rule ids, log lines, reasons that quote them — goes
 * through {@link escapeInline} (via `cell`/`text` in markdown.ts) before it reaches a report, so that a
 * captured request cannot mention people, link issues, inject HTML or Markdown, or break a table.
 *
 * Two layers, because GitHub works in two passes:
 * 1. Markdown syntax (CommonMark + GFM) is neutralised by backslash-escaping the ASCII punctuation it
 *    reads: `\ ` * _ [ ] < > | ~ & # $` (`<`/`&` stop raw HTML and entities, `|` keeps table columns,
 *    `$` stops math). Line breaks become spaces, so text never starts a block of its own.
 * 2. GitHub then rewrites the rendered *text*: `@user`/`@org/team` mentions, `#123`/`GH-123`/`o/r#123`
 *    issue references, `http://…`/`www.…`/e-mail autolinks and `:emoji:` codes. Backslashes are gone by
 *    then, so a zero-width space (`&#8203;`, U+200B, the way Dependabot and Renovate do it) is put inside
 *    each trigger: after `@`, after `#`/`GH-` before digits, after the `:` of `://`, after `www`, and
 *    after the first `:` of an emoji code. Readers see the same characters.
 * Control characters and bidirectional overrides (which can reorder what a reader sees) become U+FFFD.
 * Not handled: bare commit SHAs, which GitHub links only when the commit exists in the repository.
 */

/** What {@link escapeInline} puts inside mention/reference/autolink triggers: a zero-width space. */
export const ZERO_WIDTH_BREAK = '&#8203;';

/** ASCII punctuation that Markdown, GFM or GitHub's math would interpret anywhere in a line. */
const MARKDOWN_SPECIALS = /[\\`*_[\]<>|~&#$]/g;
/** C0/C1 controls (tab and line breaks are handled first), DEL, bidi embeddings/overrides/isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Places where GitHub's text pass would act; each match gets a zero-width break after it. */
const GITHUB_TRIGGERS = /@|#(?=\d)|\bGH-(?=\d)|:(?=\/\/)|\bwww(?=\.)|:(?=[a-z+-][a-z0-9_+-]*:)/gi;
/** Marks a trigger between the passes: NUL never survives INVISIBLE_CONTROLS, so it cannot collide. */
const BREAK = '\u0000';

/**
 * Escapes `value` for a GitHub Markdown table cell or for inline text after other text on a line:
 * newlines become spaces, Markdown and HTML specials are backslash-escaped, and mentions, issue
 * references, autolinks and emoji codes get a zero-width break (see the file comment). The result reads
 * the same as `value` on GitHub and in a GFM renderer, and can only grow (up to ~8× for `@@@…`), so
 * measure budgets after escaping.
 */
export function escapeInline(value: string): string {
  return (
    value
      .replace(/\r\n|\r|\n|\t/g, ' ')
      .replace(INVISIBLE_CONTROLS, '\ufffd')
      // Mark the triggers first (on the raw text, where `#1` still reads as `#1`), escape, then
      // replace the marks; NUL cannot be in the text any more (it became U+FFFD above).
      .replace(GITHUB_TRIGGERS, `$&${BREAK}`)
      .replace(MARKDOWN_SPECIALS, '\\$&')
      .replaceAll(BREAK, ZERO_WIDTH_BREAK)
  );
}
