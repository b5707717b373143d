/**
 * Raw install inputs with their origin (flag, action input, or config file and line), and loading of a
 * YAML/JSON config file whose errors name the file and line.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError } from '../common/errors.js';

/** One raw value and where it came from, so a ConfigError can point at it. */
export interface RawValue {
  value: unknown;
  /** Flag (`--health-url`), input (`health-url`) or config key. */
  input: string;
  file?: string;
  line?: number;
  /** Folder relative paths in the value are resolved against. */
  baseDir: string;
}

/** Raw inputs by canonical (kebab-case) name. */
export type RawInputs = Map<string, RawValue>;

/** A parsed YAML document plus a way to find the line of any node. */
export interface YamlSource {
  contents: Node | null;
  lineOf(node: Node | null | undefined): number | undefined;
  file: string | undefined;
}

/** Parses YAML (JSON is YAML); a syntax error is a ConfigError with the file and line. */
export function parseYamlSource(text: string, file: string | undefined, input: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0].line ?? lineCounter.linePos(first.pos[0]).line;
    throw new ConfigError(`Invalid YAML: ${first.message.split('\n')[0]}`, {
      input,
      ...(file === undefined ? {} : { file }),
      ...(line === undefined ? {} : { line }),
    });
  }
  return {
    contents: doc.contents,
    lineOf: (node) => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined),
    file,
  };
}

/** Turns a YAML node into plain JS (strings stay strings, numbers stay numbers). */
export function toPlain(node: Node | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return node.value;
  if (isSeq(node)) return node.items.map((item) => toPlain(item as Node));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items)
      out[String(toPlain(pair.key as Node))] = toPlain(pair.value as Node);
    return out;
  }
  return null;
}

/**
 * Loads a config file: a YAML/JSON map whose keys are the install input names (kebab-case). Each value
 * keeps its line for error messages; unknown keys are a ConfigError listing the accepted ones.
 */
export async function loadConfigFile(file: string, known: readonly string[]): Promise<RawInputs> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError('Cannot read the config file.', { file, cause: error, input: 'config' });
  }
  const source = parseYamlSource(text, file, 'config');
  const raw: RawInputs = new Map();
  if (source.contents === null) return raw;
  if (!isMap(source.contents)) {
    throw new ConfigError('The config file must be a map of option names to values.', {
      file,
      ...lineField(source.lineOf(source.contents)),
    });
  }
  for (const pair of source.contents.items) {
    const keyNode = pair.key as Node;
    const key = String(toPlain(keyNode));
    const line = source.lineOf(keyNode);
    if (!known.includes(key)) {
      throw new ConfigError(`Unknown option "${key}".`, {
        file,
        ...lineField(line),
        hint: `Accepted keys: ${known.join(', ')}.`,
      });
    }
    const valueNode = pair.value as Node | null;
    raw.set(key, {
      // Edits keep their YAML node so each edit can report its own line.
      value:
        key === 'edits' && valueNode !== null && isSeq(valueNode)
          ? { yaml: source, node: valueNode }
          : toPlain(valueNode),
      input: key,
      file,
      ...lineField(source.lineOf(valueNode ?? keyNode)),
      baseDir: dirname(file),
    });
  }
  return raw;
}

/** `{ line }` when known (exactOptionalPropertyTypes-friendly). */
export function lineField(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}
