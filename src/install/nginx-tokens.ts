/**
 * nginx configuration syntax, as `ngx_conf_read_token` reads it: words separated by blanks, `;` ends a
 * directive, `{ … }` a block, `#` a comment only where a word could start, `"…"` / `'…'` quoted words,
 * a backslash escapes the next character, and `${` inside a word does not open a block. Words are
 * unescaped the way nginx does it: `\"`, `\'`, `\\` lose the backslash, `\t` `\r` `\n` become the control
 * character, any other backslash stays. One file at a time (`include` is resolved by the caller).
 */
import { ConfigError } from '../common/errors.js';

/** One directive: its name, its arguments (unquoted), where it starts, and its block if it has one. */
export interface NginxDirective {
  name: string;
  args: string[];
  /** 1-based line of the directive name. */
  line: number;
  /** The directives inside `{ … }`; undefined for a directive ended by `;`. */
  block?: NginxDirective[];
}

const BLANK = new Set([' ', '\t', '\r', '\n']);

function unescape(raw: string): string {
  return raw.replace(/\\(["'\\tnr])/g, (_all, ch: string) =>
    ch === 't' ? '\t' : ch === 'n' ? '\n' : ch === 'r' ? '\r' : ch,
  );
}

interface Word {
  text: string;
  line: number;
}

type Token = Word | { punct: ';' | '{' | '}'; line: number };

/** Splits one file's text into words and `; { }`, following nginx's reader state machine. */
function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const fail = (message: string, at: number): never => {
    throw new ConfigError(message, { file, line: at });
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (BLANK.has(ch)) {
      if (ch === '\n') line++;
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === ';' || ch === '{' || ch === '}') {
      tokens.push({ punct: ch, line });
      i++;
      continue;
    }
    const start = line;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== ch) {
        if (text[j] === '\\') j++;
        if (text[j] === '\n') line++;
        j++;
      }
      if (j >= text.length) fail(`Unterminated ${ch} quoted string in nginx configuration`, start);
      tokens.push({ text: unescape(text.slice(i + 1, j)), line: start });
      i = j + 1;
      // nginx requires a blank, `;`, `{` or the `)` of an `if (…)` right after a closing quote.
      const next = text[i];
      if (next !== undefined && !BLANK.has(next) && !';{)'.includes(next)) {
        fail(`Unexpected "${next}" after a quoted string in nginx configuration`, line);
      }
      continue;
    }
    let j = i;
    let variable = false;
    while (j < text.length) {
      const c = text[j]!;
      if (c === '\\') {
        if (text[j + 1] === '\n') line++;
        j += 2;
        variable = false;
        continue;
      }
      if (c === '{' && variable) {
        j++;
        continue;
      }
      variable = c === '$';
      if (BLANK.has(c) || c === ';' || c === '{') break;
      j++;
    }
    tokens.push({ text: unescape(text.slice(i, Math.min(j, text.length))), line: start });
    i = j;
  }
  return tokens;
}

/**
 * Parses one configuration file into its directives.
 * @throws ConfigError naming `file` and the line for unbalanced braces, a missing `;` or a bad quote.
 */
export function parseNginxConfig(text: string, file: string): NginxDirective[] {
  const tokens = tokenize(text, file);
  const root: NginxDirective[] = [];
  const stack: { list: NginxDirective[]; line: number }[] = [{ list: root, line: 0 }];
  let words: Word[] = [];
  for (const token of tokens) {
    if ('text' in token) {
      words.push(token);
      continue;
    }
    const current = stack[stack.length - 1]!;
    if (token.punct === '}') {
      if (words.length > 0) {
        throw new ConfigError(`Unexpected "}" after "${words[0]!.text}" (missing ";"?)`, {
          file,
          line: token.line,
        });
      }
      if (stack.length === 1) throw new ConfigError('Unexpected "}"', { file, line: token.line });
      stack.pop();
      continue;
    }
    const [name, ...args] = words;
    if (name === undefined) {
      throw new ConfigError(`Unexpected "${token.punct}"`, { file, line: token.line });
    }
    const directive: NginxDirective = {
      name: name.text,
      args: args.map((w) => w.text),
      line: name.line,
    };
    current.list.push(directive);
    words = [];
    if (token.punct === '{') {
      directive.block = [];
      stack.push({ list: directive.block, line: name.line });
    }
  }
  if (words.length > 0) {
    throw new ConfigError(`Unexpected end of file after "${words[0]!.text}" (missing ";")`, {
      file,
      line: words[words.length - 1]!.line,
    });
  }
  if (stack.length > 1) {
    throw new ConfigError(
      `Unexpected end of file: the block opened on line ${stack[stack.length - 1]!.line} is not closed`,
      { file },
    );
  }
  return root;
}
