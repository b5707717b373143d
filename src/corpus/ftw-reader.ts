/**
 * Reader for go-ftw / OWASP CRS regression-test YAML, both generations:
 * old ftw (CRS 3.3.x): `tests[].stages[].stage.input` with `raw_request`, `data` string or list;
 * go-ftw: `tests[].stages[].input` with `encoded_request`, `ordered_headers`, `encoded_data`.
 * `autocomplete_headers` (default true) adds `Connection: close`, `Content-Length` and a form
 * `Content-Type` when a body has none, as go-ftw does. Templates in `data` are sent unrendered.
 * A YAML file is parsed whole (test files are small); line numbers point at each stage's `input`.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { ConfigError } from '../common/errors.js';
import { buildRequest, hasHeader } from './build-request.js';
import type { CorpusEntry, InvalidEntryHandler } from './types.js';

type Plain = Record<string, unknown>;

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
      headers.push([
        item.name,
        item.value === undefined || item.value === null ? '' : String(item.value),
      ]);
    }
  } else if (input.headers !== undefined && input.headers !== null) {
    if (typeof input.headers !== 'object' || Array.isArray(input.headers))
      throw new Error('"headers" must be a map');
    for (const [name, value] of Object.entries(input.headers as Plain)) {
      headers.push([name, value === null || value === undefined ? '' : String(value)]);
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
      ? (input.data as unknown[]).map(String).join('\r\n')
      : String(input.data);
    const contentType = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
    body = Buffer.from(
      /multipart\/form-data/i.test(contentType) ? text.replace(/\r?\n/g, '\r\n') : text,
      'utf8',
    );
  }
  const autocomplete = input.autocomplete_headers !== false;
  if (autocomplete) {
    if (body && body.length > 0 && !hasHeader(headers, 'content-type')) {
      headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
    if (!hasHeader(headers, 'connection')) headers.push(['Connection', 'close']);
  }
  const str = (v: unknown, d: string): string => (v === undefined || v === null ? d : String(v));
  return buildRequest({
    method: str(input.method, 'GET'),
    target: str(input.uri, '/'),
    version: str(input.version, 'HTTP/1.1'),
    headers,
    ...(body ? { body } : {}),
    addContentLength: autocomplete,
  });
}

function stageInputs(doc: YAMLMap): Array<{ node: Node; input: Plain }> {
  const found: Array<{ node: Node; input: Plain }> = [];
  const tests = doc.get('tests', true);
  if (!isSeq(tests)) return found;
  for (const test of tests.items) {
    if (!isMap(test)) continue;
    const stages = test.get('stages', true);
    if (!isSeq(stages)) continue;
    for (const stage of stages.items) {
      if (!isMap(stage)) continue;
      const inner = stage.get('stage', true);
      const inputNode = (isMap(inner) ? inner.get('input', true) : stage.get('input', true)) as
        Node | undefined;
      const holder = (isMap(inner) ? inner : stage) as Node;
      found.push({
        node: inputNode ?? holder,
        input: (inputNode && isMap(inputNode) ? inputNode.toJSON() : null) as Plain,
      });
    }
  }
  return found;
}

/** Reads the requests of one ftw YAML file (every stage input, in order). */
export async function* readFtwFile(
  absolutePath: string,
  displayPath: string,
  onInvalid: InvalidEntryHandler,
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
  if (!isMap(doc.contents) || !isSeq(doc.contents.get('tests', true))) {
    onInvalid('Not an ftw test file: no "tests" list.', displayPath, 1);
    return;
  }
  let index = 0;
  for (const { node, input } of stageInputs(doc.contents)) {
    const line = lineCounter.linePos(node.range?.[0] ?? 0).line;
    let raw: Buffer;
    try {
      if (!input) throw new Error('the stage has no "input" map');
      raw = ftwInputToRequest(input);
    } catch (error) {
      onInvalid(`Malformed ftw stage input: ${(error as Error).message}.`, displayPath, line);
      continue;
    }
    yield { raw, origin: { file: displayPath, index: index++, line } };
  }
}
