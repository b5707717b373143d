/**
 * What a reader sees of a Markdown report: rendered with micromark + GFM (tables, autolink literals,
 * strikethrough) with raw HTML let through, as GitHub lets a subset through, so anything that would become
 * markup shows up as markup. Then the checks GitHub's own text pass would act on: mentions, issue
 * references, autolinks, emoji codes.
 */
import assert from 'node:assert/strict';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

/** Renders GitHub-flavoured Markdown to HTML. */
export function renderGfm(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

/** The text of the HTML as a reader sees it (tags and comments removed, entities decoded). */
export function textOf(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) =>
      name.startsWith('#x') || name.startsWith('#X')
        ? String.fromCodePoint(parseInt(name.slice(2), 16))
        : name.startsWith('#')
          ? String.fromCodePoint(Number(name.slice(1)))
          : (ENTITIES[name] ?? all),
    );
}

/** The tags that may appear in a report (its own structure); anything else came from traffic. */
const ALLOWED_TAGS = new Set([
  'h2',
  'h3',
  'h4',
  'p',
  'ul',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'strong',
  'em',
  'a',
  'blockquote',
  'pre',
  'code',
]);

/**
 * Asserts that nothing from traffic became markup or a GitHub reference in `html`:
 * only the report's own tags, links only to `allowedHrefs`, no code/strong/del made from traffic, no
 * mention, issue reference, autolink or emoji code in the text GitHub would scan.
 */
export function assertInert(html: string, allowedHrefs: string[] = []): void {
  for (const tag of html.matchAll(/<([a-z][a-z0-9]*)([^>]*)>/gi)) {
    const name = tag[1]!.toLowerCase();
    assert.ok(ALLOWED_TAGS.has(name), `tag <${name}${tag[2]}> came from traffic`);
    const attrs = tag[2]!.trim();
    if (name === 'a')
      assert.ok(
        allowedHrefs.some((href) => attrs === `href="${href}"`),
        `link ${attrs} came from traffic`,
      );
    else if (name === 'code') assert.equal(attrs, 'class="language-mermaid"', 'code from traffic');
    else if (name === 'th' || name === 'td')
      assert.match(attrs, /^(align="(left|right|center)")?$/, `<${name} ${attrs}>`);
    else assert.equal(attrs, '', `<${name} ${attrs}> has attributes`);
  }
  absent(html, /<strong>bold<\/strong>|<del>/, 'emphasis or strikethrough made from traffic');
  const seen = textOf(html);
  // GitHub's text pass: what it would turn into mentions, references, links and emoji.
  absent(seen, /@[a-z0-9]/i, 'a mention GitHub would notify, or an e-mail autolink');
  absent(seen, /#\d|\bGH-\d/i, 'an issue reference GitHub would link');
  absent(seen, /[a-z]:\/\/|\bwww\./i, 'a URL GitHub would autolink');
  absent(seen, /:(white_check_mark|x|\+1):/, 'an emoji code');
  absent(seen, /[\u202a-\u202e\u2066-\u2069]/, 'a bidi override');
}

/** Fails with the match in its context (not the whole document) when `pattern` occurs. */
function absent(text: string, pattern: RegExp, what: string): void {
  const match = pattern.exec(text);
  if (match)
    assert.fail(
      `${what}: …${text.slice(Math.max(0, match.index - 60), match.index + 60).replace(/\u200b/g, '<ZWSP>')}…`,
    );
}

/** Every table's rows have as many cells as its header; returns the column counts. */
export function tableWidths(html: string): number[] {
  const widths: number[] = [];
  for (const table of html.matchAll(/<table>([\s\S]*?)<\/table>/g)) {
    const rows = [...table[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(
      (r) => [...r[1]!.matchAll(/<t[hd][ >]/g)].length,
    );
    const width = rows[0] ?? 0;
    rows.forEach((cells, i) =>
      assert.equal(cells, width, `table ${widths.length + 1}, row ${i + 1}: ${cells} cells`),
    );
    widths.push(width);
  }
  return widths;
}

/** The visible text with zero-width spaces removed: what a reader would copy. */
export function readable(html: string): string {
  return textOf(html).replace(/\u200b/g, '');
}
