/** Reads a parsed policy file's YAML nodes, failing with ConfigErrors that name the file, the line and the key. */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type YAMLMap } from 'yaml';
import { ConfigError } from '../common/errors.js';

/** Reads YAML nodes with ConfigErrors naming the file, line and key. */
export class Reader {
  constructor(
    readonly file: string,
    readonly lines: LineCounter,
  ) {}

  line(node: Node | null | undefined): number | undefined {
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }

  fail(
    node: Node | null | undefined,
    key: string,
    message: string,
    value?: unknown,
    hint?: string,
  ): never {
    const line = this.line(node);
    throw new ConfigError(message, {
      file: this.file,
      input: key,
      ...(line !== undefined ? { line } : {}),
      ...(value !== undefined ? { value } : {}),
      hint: hint ?? 'See the compare-baseline README for the policy file format.',
    });
  }

  map(node: unknown, key: string): YAMLMap<unknown, unknown> {
    if (!isMap(node)) this.fail(node as Node, key, `"${key}" must be a mapping of keys to values.`);
    return node;
  }

  /** Iterates a mapping's entries, refusing keys not in `allowed` (when given). */
  entries(node: unknown, key: string, allowed?: readonly string[]): [string, Node | null, Node][] {
    const map = this.map(node, key);
    return map.items.map((pair) => {
      const keyNode = pair.key as Node;
      const name = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      if (allowed && !allowed.includes(name)) {
        this.fail(
          keyNode,
          `${key}.${name}`,
          `Unknown key "${name}" in "${key}".`,
          undefined,
          `Accepted keys: ${allowed.join(', ')}.`,
        );
      }
      return [name, (pair.value as Node | null) ?? null, keyNode];
    });
  }

  scalar(node: Node | null, key: string): unknown {
    if (node === null) return null;
    if (!isScalar(node)) this.fail(node, key, `"${key}" must be a single value.`);
    return node.value;
  }

  number(node: Node | null, key: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.scalar(node, key);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.fail(node, key, `"${key}" must be a number from ${min} to ${max}.`, value);
    }
    return value;
  }

  numberOrNull(node: Node | null, key: string): number | null {
    return this.scalar(node, key) === null ? null : this.number(node, key);
  }

  boolean(node: Node | null, key: string): boolean {
    const value = this.scalar(node, key);
    if (typeof value !== 'boolean') this.fail(node, key, `"${key}" must be true or false.`, value);
    return value;
  }

  string(node: Node | null, key: string): string {
    const value = this.scalar(node, key);
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value.trim() === '')
      this.fail(node, key, `"${key}" must be a non-empty string.`, value);
    return value;
  }

  list(node: Node | null, key: string): Node[] {
    if (!isSeq(node)) this.fail(node, key, `"${key}" must be a list.`);
    return node.items as Node[];
  }
}
