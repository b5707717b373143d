/**
 * Reader for HAR 1.2 (browser exports): `log.entries[].request`. HTTP/2 pseudo-headers are turned into a
 * request line and `Host`; the version becomes HTTP/1.1 unless it is HTTP/1.0; Content-Length is set to
 * the body's real length. The file is parsed whole (HAR has no streaming form).
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../common/errors.js';
import { buildRequest, splitUrl } from './build-request.js';
import type { CorpusEntry, InvalidEntryHandler } from './types.js';
import { scalarText } from '../common/scalar.js';

interface HarRequest {
  method?: unknown;
  url?: unknown;
  httpVersion?: unknown;
  headers?: unknown;
  postData?: unknown;
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** A value for a message: JSON, cut at 60 characters. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/**
 * The body from `postData`. HAR 1.2 says `text` is a string: anything else (a number, an object) is
 * refused rather than dropped or guessed, and so are `params` without `text` (the body would be lost).
 */
function postDataBody(postData: unknown): Buffer | undefined {
  if (postData === undefined || postData === null) return undefined;
  if (typeof postData !== 'object' || Array.isArray(postData))
    throw new Error(`"postData" must be an object, got ${shown(postData)}`);
  const { text, encoding, params } = postData as Record<string, unknown>;
  if (text === undefined || text === null) {
    if (Array.isArray(params) && params.length > 0)
      throw new Error('"postData" has "params" but no "text"; give the body as postData.text');
    return undefined;
  }
  if (typeof text !== 'string') {
    const fix =
      typeof text === 'number' || typeof text === 'boolean' ? `; quote it: "${String(text)}"` : '';
    throw new Error(
      `"postData.text" must be a string (HAR 1.2), got ${typeof text} ${shown(text)}${fix}`,
    );
  }
  if (text.length === 0) return undefined;
  if (encoding === 'base64') {
    if (!BASE64.test(text))
      throw new Error('"postData.text" is not base64 text (encoding: base64)');
    return Buffer.from(text, 'base64');
  }
  return Buffer.from(text, 'utf8');
}

/** Builds request bytes from a HAR request object; throws an Error with a readable message. */
export function harRequestToBytes(request: HarRequest): Buffer {
  if (typeof request.method !== 'string' || request.method === '')
    throw new Error('"method" is missing');
  if (typeof request.url !== 'string' || request.url === '') throw new Error('"url" is missing');
  const { target, authority } = splitUrl(request.url);
  const headers: Array<[string, string]> = [];
  let hostSeen = false;
  let pseudoAuthority: string | null = null;
  for (const h of Array.isArray(request.headers) ? (request.headers as unknown[]) : []) {
    const item = h as { name?: unknown; value?: unknown } | null;
    if (!item || typeof item.name !== 'string') throw new Error('a header has no "name"');
    if (typeof item.value === 'object' && item.value !== null)
      throw new Error(
        `header "${item.name}" has a ${Array.isArray(item.value) ? 'list' : 'map'} as value`,
      );
    // Numbers and booleans are written as JSON shows them (a header value is text on the wire).
    const value = scalarText(item.value ?? '');
    if (item.name.startsWith(':')) {
      if (item.name === ':authority') pseudoAuthority = value;
      continue;
    }
    const lower = item.name.toLowerCase();
    if (lower === 'content-length') continue;
    if (lower === 'host') hostSeen = true;
    headers.push([item.name, value]);
  }
  const host = pseudoAuthority ?? authority;
  if (!hostSeen && host) headers.unshift(['Host', host]);
  const body = postDataBody(request.postData);
  if (body && !headers.some(([n]) => n.toLowerCase() === 'transfer-encoding')) {
    headers.push(['Content-Length', String(body.length)]);
  }
  const version =
    typeof request.httpVersion === 'string' && /^http\/1\.0$/i.test(request.httpVersion)
      ? 'HTTP/1.0'
      : 'HTTP/1.1';
  return buildRequest({
    method: request.method,
    target,
    version,
    headers,
    ...(body ? { body } : {}),
  });
}

function requestLines(text: string): number[] {
  const lines: number[] = [];
  const re = /"request"\s*:/g;
  let line = 1;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (text[m.index - 1] === '\\') continue;
    for (let i = text.indexOf('\n', last); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1))
      line++;
    last = m.index;
    lines.push(line);
  }
  return lines;
}

/** Reads the requests of one HAR file. */
export async function* readHarFile(
  absolutePath: string,
  displayPath: string,
  onInvalid: InvalidEntryHandler,
): AsyncGenerator<CorpusEntry> {
  const text = await readFile(absolutePath, 'utf8');
  let har: { log?: { entries?: unknown } };
  try {
    har = JSON.parse(text) as typeof har;
  } catch (error) {
    throw new ConfigError(`Not valid JSON: ${(error as Error).message}.`, {
      file: displayPath,
      cause: error,
    });
  }
  if (!har.log || !Array.isArray(har.log.entries)) {
    onInvalid('Not a HAR file: no "log.entries" list.', displayPath, 1);
    return;
  }
  const lines = requestLines(text);
  let index = 0;
  for (const [i, entry] of (har.log.entries as Array<{ request?: HarRequest }>).entries()) {
    const line = lines[i] ?? 1;
    let raw: Buffer;
    try {
      if (!entry || typeof entry.request !== 'object' || entry.request === null)
        throw new Error('no "request"');
      raw = harRequestToBytes(entry.request);
    } catch (error) {
      onInvalid(`Malformed HAR entry ${i}: ${(error as Error).message}.`, displayPath, line);
      continue;
    }
    yield { raw, origin: { file: displayPath, index: index++, line } };
  }
}
