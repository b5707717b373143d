/**
 * go-ftw's platform overrides file (`ftw run --overrides`), for known engine differences:
 *
 * ```yaml
 * version: "v1.0.0"
 * meta: {engine: libmodsecurity3, platform: nginx, annotations: {purpose: lab}}
 * test_overrides:
 *   - rule_id: 920100
 *     test_ids: [4, 6]        # or test_id: 4; absent: every test of the rule
 *     stage_ids: [1]          # 1-based; absent: every stage
 *     reason: nginx answers 400 before ModSecurity sees the request
 *     expect_failure: true    # the test is known to fail here: reported as overridden
 *     output: {status: 400}   # replaces the stages' expectations
 * ```
 * Every mistake is a ConfigError naming the file and the line.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isSeq, parseDocument, type Node, type YAMLMap } from 'yaml';
import { ConfigError } from '../common/errors.js';
import { parseFtwOutput } from '../corpus/ftw-expect.js';
import type { FtwExpectation } from '../corpus/ftw-types.js';

/** One `test_overrides` item. */
export interface FtwOverride {
  ruleId: number;
  /** Test ids it applies to; null: every test of the rule. */
  testIds: number[] | null;
  /** 1-based stage ids it applies to; null: every stage. */
  stageIds: number[] | null;
  reason: string;
  expectFailure: boolean;
  /** The replacement expectations, when the override has an `output`. */
  output: FtwExpectation | null;
  line: number;
}

/** A parsed overrides file. */
export interface FtwOverrides {
  file: string;
  version: string | null;
  engine: string | null;
  platform: string | null;
  overrides: FtwOverride[];
}

const KNOWN_KEYS = new Set([
  'rule_id',
  'test_id',
  'test_ids',
  'stage_ids',
  'reason',
  'expect_failure',
  'retry_once',
  'output',
]);

function idList(value: unknown): number[] | null {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const ids = items.map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));
  return ids.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)
    ? (ids as number[])
    : null;
}

/** Parses overrides text; `file` names it in errors. */
export function parseFtwOverrides(text: string, file: string): FtwOverrides {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: unknown): number =>
    lineCounter.linePos((node as Node | undefined)?.range?.[0] ?? 0).line;
  const fail = (message: string, node: unknown, value?: unknown): never => {
    throw new ConfigError(message, {
      file,
      line: lineOf(node),
      ...(value !== undefined ? { value } : {}),
      input: 'ftw-overrides',
      hint: "Write the file in go-ftw's overrides format: version, meta, test_overrides: [{rule_id, test_ids, reason, expect_failure, output}].",
    });
  };
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new ConfigError(`Not valid YAML: ${first.message.split('\n')[0]}`, {
      file,
      line: lineCounter.linePos(first.pos[0]).line,
      input: 'ftw-overrides',
    });
  }
  const root = doc.contents;
  if (!isMap(root)) return fail('The overrides file must be a map with "test_overrides".', root);
  const list = root.get('test_overrides', true);
  if (!isSeq(list))
    return fail('"test_overrides" is missing or not a list.', list ?? root, undefined);
  const meta = root.get('meta', true);
  const metaValue = (key: string): string | null => {
    const v = isMap(meta) ? meta.get(key) : undefined;
    return typeof v === 'string' ? v : null;
  };
  const version = root.get('version');
  const overrides: FtwOverride[] = [];
  for (const item of list.items) {
    if (!isMap(item)) fail('Each test_overrides item must be a map.', item);
    const map = item as YAMLMap;
    const js = map.toJS(doc) as Record<string, unknown>;
    // The key's node: its line is where the reader looks, also for a map value on the next lines.
    const at = (key: string): unknown =>
      map.items.find((pair) => (pair.key as { value?: unknown } | null)?.value === key)?.key ?? map;
    for (const key of Object.keys(js))
      if (!KNOWN_KEYS.has(key))
        fail(
          `Unknown key "${key}" in a test override (known: ${[...KNOWN_KEYS].join(', ')}).`,
          at(key),
          key,
        );
    const ruleId = idList(js.rule_id);
    if (js.rule_id === undefined || ruleId === null || ruleId.length !== 1)
      fail('"rule_id" must be one rule id (a number).', at('rule_id'), js.rule_id);
    if (js.test_id !== undefined && js.test_ids !== undefined)
      fail('Give "test_id" or "test_ids", not both.', at('test_ids'));
    const rawTests = js.test_ids ?? js.test_id;
    const testIds = rawTests === undefined ? null : idList(rawTests);
    if (rawTests !== undefined && testIds === null)
      fail(
        '"test_ids" must list test ids (numbers).',
        at(js.test_ids !== undefined ? 'test_ids' : 'test_id'),
        rawTests,
      );
    const stageIds = js.stage_ids === undefined ? null : idList(js.stage_ids);
    if (js.stage_ids !== undefined && (stageIds === null || stageIds.some((n) => n < 1)))
      fail('"stage_ids" must list 1-based stage numbers.', at('stage_ids'), js.stage_ids);
    if (typeof js.reason !== 'string' || js.reason.trim() === '')
      fail('"reason" is required: say why the test is overridden.', at('reason'), js.reason);
    if (js.expect_failure !== undefined && typeof js.expect_failure !== 'boolean')
      fail('"expect_failure" must be true or false.', at('expect_failure'), js.expect_failure);
    let output: FtwExpectation | null = null;
    if (js.output !== undefined && js.output !== null) {
      if (typeof js.output !== 'object' || Array.isArray(js.output))
        fail('"output" must be a map (go-ftw test output).', at('output'));
      try {
        output = parseFtwOutput(js.output as Record<string, unknown>);
      } catch (error) {
        fail(`Bad "output": ${(error as Error).message}.`, at('output'));
      }
    }
    overrides.push({
      ruleId: ruleId![0]!,
      testIds,
      stageIds,
      reason: (js.reason as string).trim(),
      expectFailure: js.expect_failure === true,
      output,
      line: lineOf(map),
    });
  }
  return {
    file,
    version: typeof version === 'string' ? version : null,
    engine: metaValue('engine'),
    platform: metaValue('platform'),
    overrides,
  };
}

/** Reads and parses an overrides file (a ConfigError when it cannot be read). */
export async function loadFtwOverrides(file: string): Promise<FtwOverrides> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError('Cannot read the go-ftw overrides file.', {
      file,
      input: 'ftw-overrides',
      cause: error,
      hint: 'Check the path given with --ftw-overrides / ftw-overrides.',
    });
  }
  return parseFtwOverrides(text, file);
}

/** The override for a test stage (the last matching item wins, as later entries refine earlier ones). */
export function overrideFor(
  overrides: FtwOverrides | undefined,
  ruleId: number | null,
  testId: number | null,
  stage: number,
): FtwOverride | undefined {
  if (!overrides || ruleId === null) return undefined;
  let found: FtwOverride | undefined;
  for (const o of overrides.overrides) {
    if (o.ruleId !== ruleId) continue;
    if (o.testIds !== null && (testId === null || !o.testIds.includes(testId))) continue;
    if (o.stageIds !== null && !o.stageIds.includes(stage + 1)) continue;
    found = o;
  }
  return found;
}
