/**
 * Reader for JSON Lines corpora, one request per line (see FORMATS.md):
 * `{"method","url","httpVersion"?,"headers":[[name,value]…],"body"?|"bodyBase64"?}` or `{"raw"}` /
 * `{"rawBase64"}` for a request given byte for byte. Blank lines are ignored. Streams the file.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { buildRequest } from './build-request.js';
import type { CorpusEntry, InvalidEntryHandler } from './types.js';

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

function decodeBase64(value: unknown, field: string): Buffer {
  if (typeof value !== 'string' || !BASE64.test(value))
    throw new Error(`"${field}" is not base64 text`);
  return Buffer.from(value, 'base64');
}

/** Turns one parsed JSON line into request bytes; throws an Error with a readable message. */
export function jsonLineToRequest(value: unknown): Buffer {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('not a JSON object');
  const obj = value as Record<string, unknown>;
  if (obj.rawBase64 !== undefined) return decodeBase64(obj.rawBase64, 'rawBase64');
  if (obj.raw !== undefined) {
    if (typeof obj.raw !== 'string') throw new Error('"raw" must be a string');
    return Buffer.from(obj.raw, 'utf8');
  }
  if (typeof obj.method !== 'string' || obj.method === '') throw new Error('"method" is missing');
  if (typeof obj.url !== 'string' || obj.url === '') throw new Error('"url" is missing');
  const headers: Array<[string, string]> = [];
  if (obj.headers !== undefined) {
    if (!Array.isArray(obj.headers))
      throw new Error('"headers" must be an array of [name, value] pairs');
    for (const pair of obj.headers as unknown[]) {
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        typeof pair[0] !== 'string' ||
        typeof pair[1] !== 'string'
      ) {
        throw new Error('"headers" must be an array of [name, value] string pairs');
      }
      headers.push([pair[0], pair[1]]);
    }
  }
  let body: Buffer | undefined;
  if (obj.bodyBase64 !== undefined) body = decodeBase64(obj.bodyBase64, 'bodyBase64');
  else if (obj.body !== undefined) {
    if (typeof obj.body !== 'string')
      throw new Error('"body" must be a string (use "bodyBase64" for binary)');
    body = Buffer.from(obj.body, 'utf8');
  }
  if (obj.httpVersion !== undefined && typeof obj.httpVersion !== 'string')
    throw new Error('"httpVersion" must be a string');
  return buildRequest({
    method: obj.method,
    target: obj.url,
    version: obj.httpVersion ?? 'HTTP/1.1',
    headers,
    ...(body ? { body } : {}),
  });
}

/** Streams the requests of one JSON Lines file. */
export async function* readJsonLinesFile(
  absolutePath: string,
  displayPath: string,
  onInvalid: InvalidEntryHandler,
): AsyncGenerator<CorpusEntry> {
  const lines = createInterface({ input: createReadStream(absolutePath), crlfDelay: Infinity });
  let lineNo = 0;
  let index = 0;
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      let raw: Buffer;
      try {
        raw = jsonLineToRequest(JSON.parse(line));
      } catch (error) {
        onInvalid(
          `Malformed JSON Lines request: ${(error as Error).message}.`,
          displayPath,
          lineNo,
        );
        continue;
      }
      yield { raw, origin: { file: displayPath, index: index++, line: lineNo } };
    }
  } finally {
    lines.close();
  }
}
