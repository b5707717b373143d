/**
 * What a `server_name` value means for replay. Only `exact` names are replayed as they are; every other
 * kind is skipped unless the user gives a sample host for it:
 * - `exact`: a host name or IPv4 address (`app.example.com`), lower-cased, a trailing dot dropped.
 * - `wildcard`: `*.example.com`, `.example.com` (matches example.com too) or `www.example.*`.
 * - `regex`: `~^(?<sub>.+)\.example\.net$`.
 * - `empty`: `""`, which matches requests without a Host header.
 * - `invalid`: not a host name, such as nginx's catch-all convention `_` or a name with a port.
 * - `local`: `localhost`, `localhost.localdomain`, 127.0.0.0/8 and `[::1]`: a stock default site, not a
 *   site behind the WAF.
 * - `variable`: `$hostname`, the WAF machine's own name.
 */

/** The kind of a `server_name` value (see the module comment). */
export type ServerNameKind =
  'exact' | 'wildcard' | 'regex' | 'empty' | 'invalid' | 'local' | 'variable';

const LABEL = '[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?';
const HOST_NAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

/** True for a host name a request can carry in `Host` (letters, digits, `-`, `_`, dots; ≤ 253 chars). */
export function isHostName(name: string): boolean {
  return name.length <= 253 && name !== '_' && HOST_NAME.test(name);
}

function isLocal(name: string): boolean {
  return (
    name === 'localhost' ||
    name === 'localhost.localdomain' ||
    name === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
  );
}

/** The name as nginx stores it: lower case (except a regex) and without a trailing dot. */
export function normalizeServerName(name: string): string {
  if (name.startsWith('~')) return name;
  const lower = name.toLowerCase();
  return lower.length > 1 && lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** Classifies a normalized `server_name` value. */
export function classifyServerName(name: string): ServerNameKind {
  if (name.startsWith('~')) return 'regex';
  if (name === '') return 'empty';
  if (name.startsWith('$')) return 'variable';
  if (name.includes('*') || name.startsWith('.')) return 'wildcard';
  if (isLocal(name)) return 'local';
  if (/^\[[0-9a-f:.]+\]$/.test(name)) return 'exact';
  return isHostName(name) ? 'exact' : 'invalid';
}

/** Why a name of this kind is not replayed without a sample, and how to add one. */
export function skipReason(name: string, kind: ServerNameKind): string {
  const sample = `give a sample host for ${JSON.stringify(name)}`;
  switch (kind) {
    case 'wildcard':
      return `a wildcard matches many hosts: ${sample}`;
    case 'regex':
      return `a regular expression matches many hosts: ${sample}`;
    case 'empty':
      return 'matches requests without a Host header, which replay does not send';
    case 'invalid':
      return `not a host name (nginx's catch-all convention "_" or a typo): ${sample} to replay it`;
    case 'local':
      return `a loopback name (a stock default site): ${sample} to replay it`;
    case 'variable':
      return `the WAF machine's own name: ${sample}`;
    case 'exact':
      return 'replayed';
  }
}

/**
 * True when `host` is matched by the server name `pattern` (normalized) in nginx's terms; null when
 * JavaScript cannot compile the regex (PCRE-only syntax), so the sample cannot be checked.
 */
export function sampleMatches(pattern: string, host: string): boolean | null {
  if (pattern.startsWith('~')) {
    // nginx compiles a server name regex caselessly only when it holds an upper-case letter.
    const source = pattern.slice(1).replace(/\(\?P</g, '(?<');
    try {
      return new RegExp(source, /[A-Z]/.test(source) ? 'i' : '').test(host);
    } catch {
      return null;
    }
  }
  if (pattern.startsWith('.')) return host === pattern.slice(1) || host.endsWith(pattern);
  if (pattern.startsWith('*.'))
    return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  if (pattern.endsWith('.*')) {
    return host.startsWith(pattern.slice(0, -1)) && host.length > pattern.length - 1;
  }
  return host === pattern;
}
