/** Composes a raw HTTP/1.x request from structured parts (YAML, HAR and JSON Lines corpora). */

/** A request given as parts. Header order, case and duplicates are kept as given. */
export interface RequestParts {
  method: string;
  /** Request target, written verbatim (origin-form `/p?q` or absolute-form). */
  target: string;
  /** @default 'HTTP/1.1' */
  version?: string;
  headers: Array<[string, string]>;
  body?: Buffer;
  /** Add `Content-Length` when there is a body and neither it nor `Transfer-Encoding` is given. @default true */
  addContentLength?: boolean;
  /** Line ending. @default '\r\n' */
  eol?: string;
  /**
   * How the request line and headers become bytes: `latin1` (one byte per character, for text that
   * carries raw bytes, e.g. HAR) or `utf8` (go-ftw: Go writes strings as UTF-8). @default 'latin1'
   */
  headEncoding?: 'latin1' | 'utf8';
}

/** True when a header with this name (case-insensitive) is present. */
export function hasHeader(
  headers: ReadonlyArray<readonly [string, string]>,
  name: string,
): boolean {
  const lower = name.toLowerCase();
  return headers.some(([n]) => n.toLowerCase() === lower);
}

/** Builds the request bytes: request line, headers, blank line, body. */
export function buildRequest(parts: RequestParts): Buffer {
  const eol = parts.eol ?? '\r\n';
  const headers = [...parts.headers];
  const body = parts.body;
  if (
    body &&
    body.length > 0 &&
    parts.addContentLength !== false &&
    !hasHeader(headers, 'content-length') &&
    !hasHeader(headers, 'transfer-encoding')
  ) {
    headers.push(['Content-Length', String(body.length)]);
  }
  let head = `${parts.method} ${parts.target} ${parts.version ?? 'HTTP/1.1'}${eol}`;
  for (const [name, value] of headers) head += `${name}: ${value}${eol}`;
  head += eol;
  const headBytes = Buffer.from(head, parts.headEncoding ?? 'latin1');
  return body && body.length > 0 ? Buffer.concat([headBytes, body]) : headBytes;
}

/** Splits an absolute URL into the origin-form target and the authority. */
export function splitUrl(url: string): { target: string; authority: string | null } {
  const match = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)([^#]*)/.exec(url);
  if (!match) return { target: url, authority: null };
  const rest = match[2] ?? '';
  return {
    target: rest === '' ? '/' : rest.startsWith('/') ? rest : `/${rest}`,
    authority: match[1] ?? '',
  };
}
