/**
 * Reader for go-ftw / OWASP CRS regression-test YAML, both generations:
 * old ftw (CRS 3.3.x): `tests[].stages[].stage.input` with `raw_request`, `data` string or list;
 * go-ftw: `tests[].stages[].input` with `encoded_request`, `ordered_headers`, `encoded_data`.
 * `autocomplete_headers` (default true; old ftw: `stop_magic: true` turns it off) adds
 * `Connection: close`, `Content-Length` and a form `Content-Type` when a body has none, as go-ftw does.
 * The request line and headers are sent as UTF-8, as go-ftw sends them (U+FF1C is EF BC 9C, not 1C).
 * A file whose `meta.enabled` is false is not sent; its stages are counted (`onDisabled`).
 * Each request's origin carries its go-ftw test id, stage and `output` expectations (`origin.ftw`,
 * see ftw-expect.ts), which compare checks against the joined per-request records.
 * Templates in `data` are sent unrendered.
 * A YAML file is parsed whole (test files are small); line numbers point at each stage's `input`.
 * Anchors and aliases (`headers: *common`) are resolved, at most {@link MAX_ALIAS_COUNT} expansions
 * per stage, so an alias bomb ("billion laughs") is refused instead of exhausting memory.
 */
import { readFile } from 'node:fs/promises';
import {
  LineCounter,
  isAlias,
  isMap,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type YAMLMap,
} from 'yaml';
import { ConfigError } from '../common/errors.js';
import { basename, extname } from 'node:path';
import { buildRequest, hasHeader } from './build-request.js';
import { ftwTestIdentity, parseFtwOutput } from './ftw-expect.js';
import type { FtwStageRef } from './ftw-types.js';
import type { CorpusEntry, InvalidEntryHandler } from './types.js';
import { scalarText as asText } from '../common/scalar.js';

type Plain = Record<string, unknown>;

/**
 * Alias expansions allowed per stage input (the `yaml` library's count, which weighs nested aliases);
 * real ftw files use a handful, an alias bomb needs thousands.
 */
export const MAX_ALIAS_COUNT = 1000;

/** A scalar YAML value as text; maps and lists are refused (they would be sent as "[object Object]"). */
function scalarText(value: unknown, field: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') throw new Error(`"${field}" must be text, not a map or list`);
  return asText(value);
}

function toBase64Buffer(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(value)) {
    throw new Error(`"${field}" is not base64 text`);
  }
  return Buffer.from(value, 'base64');
}

function headerList(input: Plain): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  if (Array.isArray(input.ordered_headers)) {
    for (const h of input.ordered_headers as unknown[]) {
      const item = h as Plain | null;
      if (!item || typeof item.name !== 'string')
        throw new Error('"ordered_headers" items need a "name"');
      headers.push([item.name, scalarText(item.value, `ordered_headers.${item.name}`)]);
    }
  } else if (input.headers !== undefined && input.headers !== null) {
    if (typeof input.headers !== 'object' || Array.isArray(input.headers))
      throw new Error('"headers" must be a map');
    for (const [name, value] of Object.entries(input.headers as Plain)) {
      headers.push([name, scalarText(value, `headers.${name}`)]);
    }
  }
  return headers;
}

/** Builds the request bytes of one ftw stage input; throws an Error with a readable message. */
export function ftwInputToRequest(input: Plain): Buffer {
  if (input.encoded_request !== undefined)
    return toBase64Buffer(input.encoded_request, 'encoded_request');
  if (input.raw_request !== undefined) {
    if (typeof input.raw_request !== 'string') throw new Error('"raw_request" must be a string');
    return Buffer.from(input.raw_request, 'utf8');
  }
  const headers = headerList(input);
  let body: Buffer | undefined;
  if (input.encoded_data !== undefined) body = toBase64Buffer(input.encoded_data, 'encoded_data');
  else if (input.data !== undefined && input.data !== null) {
    const text = Array.isArray(input.data)
      ? (input.data as unknown[]).map((line, i) => scalarText(line, `data[${i}]`)).join('\r\n')
      : scalarText(input.data, 'data');
    const contentType = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
    body = Buffer.from(
      /multipart\/form-data/i.test(contentType) ? text.replace(/\r?\n/g, '\r\n') : text,
      'utf8',
    );
  }
  const autocomplete = input.autocomplete_headers !== false && input.stop_magic !== true;
  if (autocomplete) {
    if (body && body.length > 0 && !hasHeader(headers, 'content-type')) {
      headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
    if (!hasHeader(headers, 'connection')) headers.push(['Connection', 'close']);
  }
  const str = (v: unknown, d: string, field: string): string =>
    v === undefined || v === null ? d : scalarText(v, field);
  return buildRequest({
    method: str(input.method, 'GET', 'method'),
    target: str(input.uri, '/', 'uri'),
    version: str(input.version, 'HTTP/1.1', 'version'),
    headers,
    ...(body ? { body } : {}),
    addContentLength: autocomplete,
    headEncoding: 'utf8',
  });
}

/** The node an alias points at (the node itself otherwise). */
function deref(node: unknown, doc: Document): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** A stage input: its node (for the line number) and the input with every alias resolved. */
interface StageInput {
  node: Node;
  input: Plain | null;
  /** The stage's `output` (aliases resolved), or null. */
  output: Plain | null;
  /** The go-ftw test this stage belongs to (expectations filled in by the reader). */
  test: Omit<FtwStageRef, 'expect'>;
  /** Why the input could not be read (an alias bomb), else undefined. */
  problem?: string;
}

function stageInputs(doc: Document, root: YAMLMap, fileStem = ''): StageInput[] {
  const found: StageInput[] = [];
  const tests = deref(root.get('tests', true), doc);
  if (!isSeq(tests)) return found;
  const fileRuleId = deref(root.get('rule_id'), doc);
  let position = 0;
  for (const testItem of tests.items) {
    const test = deref(testItem, doc);
    if (!isMap(test)) continue;
    position += 1;
    const stages = deref(test.get('stages', true), doc);
    if (!isSeq(stages)) continue;
    const identity = ftwTestIdentity(
      { test_title: deref(test.get('test_title'), doc), test_id: deref(test.get('test_id'), doc) },
      fileRuleId,
      position,
      fileStem,
    );
    let stageIndex = 0;
    for (const stageItem of stages.items) {
      const stage = deref(stageItem, doc);
      if (!isMap(stage)) continue;
      const inner = deref(stage.get('stage', true), doc);
      const holder = (isMap(inner) ? inner : stage) as Node;
      // The line is where `input` is written, also when it is an alias.
      const written =
        holder === stage ? stage.get('input', true) : (inner as YAMLMap).get('input', true);
      const inputNode = deref(written, doc);
      const outputNode = deref((holder as YAMLMap).get('output', true), doc);
      const entry: StageInput = {
        node: (written as Node | undefined) ?? holder,
        input: null,
        output: null,
        test: { ...identity, stage: stageIndex++, stages: stages.items.length },
      };
      try {
        if (isMap(inputNode))
          entry.input = inputNode.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }) as Plain;
        if (isMap(outputNode))
          entry.output = outputNode.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }) as Plain;
      } catch (error) {
        entry.problem = `aliases expand too much (${(error as Error).message}; at most ${MAX_ALIAS_COUNT} expansions per stage)`;
      }
      found.push(entry);
    }
  }
  return found;
}

/** Reads the requests of one ftw YAML file (every stage input, in order). */
export async function* readFtwFile(
  absolutePath: string,
  displayPath: string,
  onInvalid: InvalidEntryHandler,
  onDisabled?: (file: string, line: number, stages: number) => void,
): AsyncGenerator<CorpusEntry> {
  const text = await readFile(absolutePath, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    throw new ConfigError(`Not valid YAML: ${first.message.split('\n')[0]}`, {
      file: displayPath,
      line: lineCounter.linePos(first.pos[0]).line,
    });
  }
  if (!isMap(doc.contents) || !isSeq(deref(doc.contents.get('tests', true), doc))) {
    onInvalid('Not an ftw test file: no "tests" list.', displayPath, 1);
    return;
  }
  // The file's author switched it off (ftw `meta.enabled: false`): nothing is sent, the stages are counted.
  const meta = deref(doc.contents.get('meta', true), doc);
  if (isMap(meta) && meta.get('enabled') === false) {
    const stages = stageInputs(doc, doc.contents).length;
    onDisabled?.(displayPath, lineCounter.linePos(meta.range?.[0] ?? 0).line, stages);
    return;
  }
  let index = 0;
  const stem = basename(displayPath, extname(displayPath));
  for (const { node, input, output, test, problem } of stageInputs(doc, doc.contents, stem)) {
    const line = lineCounter.linePos(node.range?.[0] ?? 0).line;
    let raw: Buffer;
    let ftw: FtwStageRef;
    try {
      if (problem !== undefined) throw new Error(problem);
      if (!input) throw new Error('the stage has no "input" map');
      raw = ftwInputToRequest(input);
    } catch (error) {
      onInvalid(`Malformed ftw stage input: ${(error as Error).message}.`, displayPath, line);
      continue;
    }
    try {
      ftw = { ...test, expect: parseFtwOutput(output) };
    } catch (error) {
      onInvalid(`Malformed ftw stage output: ${(error as Error).message}.`, displayPath, line);
      continue;
    }
    yield { raw, origin: { file: displayPath, index: index++, line, ftw } };
  }
}
