/**
 * Turns a corpus specification (`browse.txt:80,search/:20`, a folder, a glob) into the list of files to
 * read, each with its format. Globs support `*`, `**` and `?` (Node 20 has no fs.glob).
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../common/errors.js';
import type { CorpusFile, CorpusFormat, CorpusSourceSpec } from './types.js';

const FORMAT_BY_EXT: Record<string, CorpusFormat> = {
  '.yaml': 'ftw',
  '.yml': 'ftw',
  '.har': 'har',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.txt': 'raw',
  '.raw': 'raw',
  '.http': 'raw',
  '.req': 'raw',
};

/** The format of a file, from its extension (unknown extensions are raw when named explicitly). */
export function formatOf(path: string, explicit: boolean): CorpusFormat | null {
  const format = FORMAT_BY_EXT[extname(path).toLowerCase()];
  return format ?? (explicit ? 'raw' : null);
}

/** Parses `a.txt:80, b/:20` (commas or newlines). Weights are all given or none. */
export function parseCorpusSpec(input: string, value: string): CorpusSourceSpec[] {
  const items = value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) {
    throw new ConfigError('No corpus given: name a file, folder or glob.', {
      input,
      value,
      hint: 'e.g. traffic/browse.txt:80,traffic/search.txt:20',
    });
  }
  const specs = items.map((item): CorpusSourceSpec => {
    const m = /^(.*):(\d+(?:\.\d+)?)$/.exec(item);
    if (!m) return { pattern: item };
    const weight = Number(m[2]);
    if (!(weight > 0))
      throw new ConfigError(`Corpus weight must be above 0 in "${item}".`, { input, value });
    return { pattern: m[1]!, weight };
  });
  const weighted = specs.filter((s) => s.weight !== undefined).length;
  if (weighted > 0 && weighted < specs.length) {
    throw new ConfigError('Give a weight to every corpus item or to none.', {
      input,
      value,
      hint: 'e.g. browse.txt:80,search.txt:20',
    });
  }
  return specs;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

const toSlash = (p: string): string => p.split(sep).join('/');

/** Resolves every spec to files, in a stable (sorted) order; a spec matching nothing is a ConfigError. */
export async function resolveCorpusFiles(
  specs: CorpusSourceSpec[],
  input = 'corpus',
  cwd = process.cwd(),
): Promise<CorpusFile[]> {
  const files: CorpusFile[] = [];
  for (const [sourceIndex, spec] of specs.entries()) {
    const found: CorpusFile[] = [];
    const root = spec.baseDir ?? cwd;
    if (/[*?]/.test(spec.pattern)) {
      const parts = spec.pattern.split('/');
      const firstGlob = parts.findIndex((p) => /[*?]/.test(p));
      const base =
        parts.slice(0, firstGlob).join('/') || (spec.pattern.startsWith('/') ? '/' : '.');
      const matcher = globToRegExp(spec.pattern.replace(/^\.\//, ''));
      let all: string[] = [];
      try {
        all = await walk(resolve(root, base));
      } catch {
        all = [];
      }
      for (const abs of all) {
        const shown = spec.pattern.startsWith('/') ? toSlash(abs) : toSlash(relative(root, abs));
        const format = formatOf(abs, false);
        if (format && matcher.test(shown))
          found.push({ displayPath: shown, absolutePath: abs, format, sourceIndex });
      }
    } else {
      const abs = resolve(root, spec.pattern);
      let info;
      try {
        info = await stat(abs);
      } catch (error) {
        throw new ConfigError(`Corpus path not found: ${spec.pattern}`, {
          input,
          value: spec.pattern,
          cause: error,
        });
      }
      if (info.isDirectory()) {
        for (const file of await walk(abs)) {
          const format = formatOf(file, false);
          const shown = toSlash(join(spec.pattern, relative(abs, file)));
          if (format) found.push({ displayPath: shown, absolutePath: file, format, sourceIndex });
        }
      } else {
        found.push({
          displayPath: spec.pattern,
          absolutePath: abs,
          format: formatOf(abs, true) ?? 'raw',
          sourceIndex,
        });
      }
    }
    if (found.length === 0) {
      throw new ConfigError(`No corpus files match "${spec.pattern}".`, {
        input,
        value: spec.pattern,
        hint: 'Corpus files end in .txt/.raw/.http/.req (raw), .yaml/.yml (ftw), .har or .jsonl.',
      });
    }
    files.push(...found);
  }
  return files;
}

/**
 * Specs whose pattern lies inside `copyDir` (a copy of the repository, e.g. fetched at a trusted ref)
 * rewritten to the repository-relative pattern read from that copy, so display paths and request keys
 * are those of the checkout. Other specs are returned unchanged.
 */
export function readFromCopy(specs: CorpusSourceSpec[], copyDir: string): CorpusSourceSpec[] {
  return specs.map((spec) => {
    if (!isAbsolute(spec.pattern)) return spec;
    const inside = relative(copyDir, spec.pattern);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return spec;
    return { ...spec, pattern: toSlash(inside), baseDir: copyDir };
  });
}
