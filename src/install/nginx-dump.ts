/**
 * `nginx -T` output: every configuration file nginx opened, each as a `# configuration file <path>:` line
 * followed by the file's text, the main file first. `include` lines stay in the text, so the server blocks
 * are found by walking the main file and splicing each included file where it is included (relative
 * include paths are relative to the main file's folder, globs are expanded in byte order, as nginx does).
 * Only `server { }` blocks directly inside `http { }` count: `stream` and `mail` servers are not HTTP sites.
 */
import { posix } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { parseNginxConfig, type NginxDirective } from './nginx-tokens.js';

/** One file of the dump. */
export interface DumpedFile {
  path: string;
  text: string;
  /** Line of the dump where the file's text starts (for messages about the dump itself). */
  dumpLine: number;
}

/** One `listen` of a server block. */
export interface ListenSpec {
  /** As written, e.g. `127.0.0.1:8080` or `[::]:443`. */
  address: string;
  /** Port number; null for `unix:` sockets. */
  port: number | null;
  defaultServer: boolean;
  ssl: boolean;
}

/** One `server_name` argument where it is written. */
export interface NameSite {
  name: string;
  file: string;
  line: number;
}

/** One `server { }` block of the http context. */
export interface RawServerBlock {
  file: string;
  line: number;
  names: NameSite[];
  /** Empty when the block has no `listen` (nginx then listens on *:80, or *:8000 when not root). */
  listens: ListenSpec[];
}

const HEADER = /^# configuration file (.+):$/;

/**
 * Splits `nginx -T` output into files. Lines before the first header (nginx's "syntax is ok" when stderr
 * was merged) are ignored. A file whose own text holds a line exactly like a header cannot be told apart.
 * @throws ConfigError when there is no header at all (not an `nginx -T` dump).
 */
export function splitDump(text: string, source: string): DumpedFile[] {
  const lines = text.split('\n');
  const files: DumpedFile[] = [];
  let current: { path: string; start: number; body: string[] } | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    // nginx writes one extra line feed after each file.
    if (current.body.length > 0 && current.body[current.body.length - 1] === '') current.body.pop();
    files.push({ path: current.path, text: current.body.join('\n'), dumpLine: current.start });
  };
  lines.forEach((line, index) => {
    const header = HEADER.exec(line.replace(/\r$/, ''));
    if (header) {
      flush();
      current = { path: header[1]!, start: index + 2, body: [] };
    } else current?.body.push(line);
  });
  flush();
  if (files.length === 0) {
    throw new ConfigError(
      'This is not `nginx -T` output: no "# configuration file <path>:" line was found',
      { file: source, hint: 'Save the dump with `nginx -T > nginx-dump.txt` (as root).' },
    );
  }
  return files;
}

/** `*`, `?` and `[…]` of glob(3) as a regex over one path (a wildcard never crosses `/`). */
function globRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') out += '[^/]*';
    else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        const body = pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else out += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

const byteOrder = (a: string, b: string): number => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
};

function parseListen(args: string[]): ListenSpec {
  const address = args[0] ?? '';
  let port: number | null = null;
  if (!address.startsWith('unix:')) {
    const portText = /^\d+$/.test(address) ? address : (/:(\d+)$/.exec(address)?.[1] ?? '80');
    port = Number(portText);
  }
  const flags = args.slice(1);
  return {
    address,
    port,
    defaultServer: flags.includes('default_server') || flags.includes('default'),
    ssl: flags.includes('ssl') || flags.includes('quic'),
  };
}

/** What the walk collects and the notes it leaves (includes that match no dumped file). */
export interface WalkResult {
  servers: RawServerBlock[];
  notes: string[];
}

/**
 * Finds the http server blocks of a dump: parses every file, walks the main one (the first) and splices
 * includes in place.
 * @throws ConfigError for a syntax error (file and line) or an include loop.
 */
export function collectServerBlocks(files: DumpedFile[]): WalkResult {
  const main = files[0];
  if (main === undefined) return { servers: [], notes: [] };
  const parsed = new Map<string, NginxDirective[]>();
  const parse = (file: DumpedFile): NginxDirective[] => {
    let tree = parsed.get(file.path);
    if (tree === undefined) {
      tree = parseNginxConfig(file.text, file.path);
      parsed.set(file.path, tree);
    }
    return tree;
  };
  const byPath = new Map(files.map((f) => [f.path, f]));
  const confDir = posix.dirname(main.path);
  const servers: RawServerBlock[] = [];
  const notes: string[] = [];
  const including: string[] = [];

  const resolveInclude = (pattern: string): DumpedFile[] => {
    const full = posix.isAbsolute(pattern) ? pattern : posix.join(confDir, pattern);
    if (!/[*?[]/.test(full)) {
      const file = byPath.get(full);
      return file === undefined ? [] : [file];
    }
    const regex = globRegex(full);
    return files.filter((f) => regex.test(f.path)).sort((a, b) => byteOrder(a.path, b.path));
  };

  type Context = 'main' | 'http' | 'server' | 'other';
  const walk = (
    list: NginxDirective[],
    file: string,
    context: Context,
    server?: RawServerBlock,
  ) => {
    for (const d of list) {
      if (d.name === 'include' && d.args.length === 1) {
        const pattern = d.args[0]!;
        const targets = resolveInclude(pattern);
        if (targets.length === 0 && !/[*?[]/.test(pattern)) {
          notes.push(`${file}:${d.line}: include ${pattern} is not in the dump (left out)`);
        }
        for (const target of targets) {
          if (including.includes(target.path)) {
            throw new ConfigError(`include ${pattern} includes itself (${target.path})`, {
              file,
              line: d.line,
            });
          }
          including.push(target.path);
          walk(parse(target), target.path, context, server);
          including.pop();
        }
        continue;
      }
      if (context === 'main' && d.name === 'http' && d.block) {
        walk(d.block, file, 'http');
      } else if (context === 'http' && d.name === 'server' && d.block && d.args.length === 0) {
        const block: RawServerBlock = { file, line: d.line, names: [], listens: [] };
        servers.push(block);
        walk(d.block, file, 'server', block);
      } else if (context === 'server' && server !== undefined) {
        if (d.name === 'server_name') {
          for (const name of d.args) server.names.push({ name, file, line: d.line });
        } else if (d.name === 'listen' && d.args.length > 0) {
          server.listens.push(parseListen(d.args));
        }
      }
    }
  };
  including.push(main.path);
  walk(parse(main), main.path, 'main');
  return { servers, notes };
}
