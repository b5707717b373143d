/**
 * Declared configuration edits: parsing the YAML/JSON list (errors name the file and line of the edit)
 * and applying one edit to a file's text. Pure except for reading an edits file.
 *
 * ```yaml
 * - file: /etc/nginx/nginx.conf            # replace a line by pattern (per line, first group is $1)
 *   replace: '^\s*server\s+127\.0\.0\.1.*$'
 *   with: '        server 127.0.0.1:7101 max_fails=0 fail_timeout=30s;'
 * - file: /etc/nginx/nginx.conf            # set an nginx directive's value
 *   set: worker_processes
 *   value: '2'
 * - dropin: ./templates                    # render every file in a folder into a folder on the host
 *   to: /etc/nginx/conf.d
 *   vars: { upstream: '127.0.0.1:7101' }
 * ```
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, posix, resolve } from 'node:path';
import { isSeq, type Node } from 'yaml';
import { ConfigError } from '../common/errors.js';
import {
  lineField,
  parseYamlSource,
  toPlain,
  type RawValue,
  type YamlSource,
} from './config-file.js';
import type { ConfigEdit } from './types.js';
import { scalarText } from '../common/scalar.js';

interface Located {
  value: unknown;
  file: string | undefined;
  line: number | undefined;
}

function fail(message: string, where: Located, index: number, hint?: string): never {
  throw new ConfigError(`edits[${index}]: ${message}`, {
    input: 'edits',
    ...(where.file === undefined ? {} : { file: where.file }),
    ...lineField(where.line),
    ...(hint === undefined ? {} : { hint }),
  });
}

function itemsOf(source: YamlSource, node: Node | null): Located[] {
  if (node === null) return [];
  if (!isSeq(node)) {
    throw new ConfigError('edits must be a list.', {
      input: 'edits',
      ...(source.file === undefined ? {} : { file: source.file }),
      ...lineField(source.lineOf(node)),
    });
  }
  return node.items.map((item) => ({
    value: toPlain(item as Node),
    file: source.file,
    line: source.lineOf(item as Node),
  }));
}

async function locate(raw: RawValue): Promise<{ items: Located[]; baseDir: string }> {
  const v = raw.value;
  if (v && typeof v === 'object' && 'yaml' in v && 'node' in v) {
    const { yaml, node } = v as { yaml: YamlSource; node: Node };
    return { items: itemsOf(yaml, node), baseDir: raw.baseDir };
  }
  if (Array.isArray(v))
    return {
      items: (v as unknown[]).map((value) => ({ value, file: raw.file, line: raw.line })),
      baseDir: raw.baseDir,
    };
  if (typeof v !== 'string')
    throw new ConfigError('edits must be a YAML/JSON list or a file holding one.', {
      input: raw.input,
      value: v,
    });
  const text = v.trim();
  if (text === '') return { items: [], baseDir: raw.baseDir };
  const asPath = isAbsolute(text) ? text : resolve(raw.baseDir, text);
  if (!text.includes('\n') && /\.(ya?ml|json)$/i.test(text) && existsSync(asPath)) {
    const source = parseYamlSource(await readFile(asPath, 'utf8'), asPath, raw.input);
    return { items: itemsOf(source, source.contents), baseDir: dirname(asPath) };
  }
  const source = parseYamlSource(text, raw.file, raw.input);
  return { items: itemsOf(source, source.contents), baseDir: raw.baseDir };
}

const str = (o: Record<string, unknown>, key: string): string | undefined => {
  const v = o[key];
  return v === undefined || v === null
    ? undefined
    : typeof v === 'object'
      ? undefined
      : scalarText(v);
};

/** Parses the `edits` input (YAML/JSON text, an edits file path, or a list from a config file). */
export async function parseEdits(raw: RawValue | undefined): Promise<ConfigEdit[]> {
  if (!raw) return [];
  const { items, baseDir } = await locate(raw);
  return items.map((item, index) => parseEdit(item, index, baseDir));
}

function parseEdit(item: Located, index: number, baseDir: string): ConfigEdit {
  const o = item.value;
  if (!o || typeof o !== 'object' || Array.isArray(o))
    fail('each edit must be a map.', item, index);
  const e = o as Record<string, unknown>;
  const optional = e.optional === true || e.optional === 'true';
  if (e.dropin !== undefined) {
    const from = str(e, 'dropin');
    const to = str(e, 'to');
    if (!from || !to)
      fail(
        'a dropin edit needs `dropin: <template folder>` and `to: <folder on the host>`.',
        item,
        index,
      );
    const vars: Record<string, string> = {};
    if (e.vars !== undefined) {
      if (!e.vars || typeof e.vars !== 'object' || Array.isArray(e.vars))
        fail('`vars` must be a map.', item, index);
      for (const [k, val] of Object.entries(e.vars as Record<string, unknown>))
        vars[k] = String(val);
    }
    if (!posix.isAbsolute(to))
      fail(`\`to\` must be an absolute path on the host, not ${JSON.stringify(to)}.`, item, index);
    return { kind: 'dropin', from: isAbsolute(from) ? from : resolve(baseDir, from), to, vars };
  }
  const file = str(e, 'file');
  if (!file)
    fail(
      'needs `file:` (or `dropin:`).',
      item,
      index,
      'Kinds: {file, replace, with}, {file, set, value}, {dropin, to, vars}.',
    );
  if (!posix.isAbsolute(file))
    fail(
      `\`file\` must be an absolute path on the host, not ${JSON.stringify(file)}.`,
      item,
      index,
    );
  if (e.replace !== undefined) {
    const pattern = str(e, 'replace') ?? '';
    try {
      new RegExp(pattern, 'm');
    } catch (error) {
      fail(
        `\`replace\` is not a valid regular expression: ${(error as Error).message}`,
        item,
        index,
      );
    }
    if (e.with === undefined) fail('a replace edit needs `with:`.', item, index);
    return {
      kind: 'replace',
      file,
      pattern,
      with: str(e, 'with') ?? '',
      all: e.all !== false && e.all !== 'false',
      optional,
    };
  }
  if (e.set !== undefined) {
    const directive = str(e, 'set') ?? '';
    if (!/^[A-Za-z_][\w]*$/.test(directive))
      fail('`set` must be a directive name like worker_processes.', item, index);
    if (e.value === undefined) fail('a set edit needs `value:`.', item, index);
    return { kind: 'set', file, directive, value: str(e, 'value') ?? '', optional };
  }
  return fail('needs `replace:` + `with:` or `set:` + `value:`.', item, index);
}

/** Applies a replace/set edit to a file's text; returns the new text and how many places changed. */
export function applyTextEdit(
  text: string,
  edit: Exclude<ConfigEdit, { kind: 'dropin' }>,
): { text: string; matches: number } {
  let matches = 0;
  if (edit.kind === 'replace') {
    const re = new RegExp(edit.pattern, edit.all ? 'gm' : 'm');
    const out = text.replace(re, (...args: unknown[]) => {
      matches += 1;
      const groups = args.slice(1, -2) as (string | undefined)[];
      return edit.with.replace(/\$(\d)/g, (_m, d: string) => groups[Number(d) - 1] ?? '');
    });
    return { text: out, matches };
  }
  const re = new RegExp(`^(\\s*)${edit.directive}(\\s+)[^;{]*;`, 'gm');
  const out = text.replace(re, (_m, indent: string, space: string) => {
    matches += 1;
    return `${indent}${edit.directive}${space}${edit.value};`;
  });
  return { text: out, matches };
}

/**
 * Renders `{{name}}` placeholders. An unknown name is a ConfigError naming the template file and line
 * (a typo must not silently produce a broken config).
 */
export function renderTemplate(text: string, vars: Record<string, string>, file: string): string {
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (match, name: string, offset: number) => {
    const value = vars[name];
    if (value === undefined) {
      const line = text.slice(0, offset).split('\n').length;
      throw new ConfigError(`Template variable {{${name}}} is not defined.`, {
        file,
        line,
        input: 'edits',
        value: match,
        hint: `Define it under \`vars:\` of the dropin edit (known: ${Object.keys(vars).join(', ') || 'none'}).`,
      });
    }
    return value;
  });
}
