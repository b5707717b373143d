/**
 * `domains: from-config`: the host names the WAF serves, read from its own configuration (`nginx -T` on
 * the WAF host, local or over SSH, or a saved dump). The seed replays every request once per domain
 * configured on the WAF; here every exact `server_name` of an http `server { }` block is a domain, and
 * wildcard, regex and other names are skipped unless the user gives a sample host for them.
 */
import { ConfigError } from '../common/errors.js';
import type { Host } from '../hosts/types.js';
import { collectServerBlocks, splitDump, type ListenSpec } from './nginx-dump.js';
import { readDumpFile, runNginxDump, type ReadServerNamesOptions } from './nginx-run.js';
import {
  classifyServerName,
  isHostName,
  normalizeServerName,
  sampleMatches,
  skipReason,
  type ServerNameKind,
} from './server-name-kinds.js';

export type { ListenSpec } from './nginx-dump.js';
export type { ServerNameKind } from './server-name-kinds.js';
export type { ReadServerNamesOptions } from './nginx-run.js';

/** One `server_name` value of a server block. */
export interface ServerName {
  /** Lower-cased (a regex as written), trailing dot dropped. */
  name: string;
  kind: ServerNameKind;
  file: string;
  line: number;
}

/** One http `server { }` block: its names and where it listens. */
export interface ServerBlock {
  file: string;
  line: number;
  names: ServerName[];
  /** Empty: nginx's default `*:80` (`*:8000` when not run as root). */
  listens: ListenSpec[];
  /** Listen addresses this block is the default server of (marked `default_server`, else the first). */
  defaultFor: string[];
}

/** A name that is not replayed, and why. */
export interface SkippedName {
  name: string;
  kind: ServerNameKind;
  file: string;
  line: number;
  reason: string;
}

/** What `from-config` found. */
export interface ServerNames {
  /** Where the configuration came from: `nginx -T on <host>` or the dump file. */
  source: string;
  /** Exact names and sampled hosts, in the order their server_name first appears; no repeats. */
  domains: string[];
  /** Every name not replayed (first occurrence of each). */
  skipped: SkippedName[];
  servers: ServerBlock[];
  /** nginx's warnings (e.g. conflicting server names) and includes missing from the dump. */
  notes: string[];
}

/** `80`, `*:80` and `0.0.0.0:80` are one listen address; a host without a port listens on 80. */
function listenKey(l: ListenSpec): string {
  if (l.port === null) return l.address;
  if (/^\d+$/.test(l.address)) return `*:${l.port}`;
  const host = l.address.replace(/:\d+$/, '');
  return `${host === '0.0.0.0' ? '*' : host}:${l.port}`;
}

/**
 * Marks, per listen address, the block that is its default server (`default_server`, else the first);
 * blocks without `listen` listen on `*:80`.
 */
function markDefaults(servers: ServerBlock[]): void {
  const implicit: ListenSpec = { address: '*:80', port: 80, defaultServer: false, ssl: false };
  const keyed = servers.map((s) => (s.listens.length > 0 ? s.listens : [implicit]));
  const keys = [...new Set(keyed.flat().map(listenKey))];
  for (const key of keys) {
    const listed = servers.filter((_s, i) => keyed[i]!.some((l) => listenKey(l) === key));
    const chosen =
      listed.find((s) => s.listens.some((l) => listenKey(l) === key && l.defaultServer)) ??
      listed[0];
    chosen?.defaultFor.push(key);
  }
}

/**
 * Parses sample hosts given as text: one `server_name=host` per line (split at the last `=`: a regex may
 * hold `=`, a host cannot); blank lines and `#` lines are ignored.
 * @throws ConfigError naming `input` and the line for a line without `=`.
 */
export function parseServerNameSamples(
  text: string,
  input = 'domain-samples',
): Record<string, string> {
  const samples: Record<string, string> = {};
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const at = line.lastIndexOf('=');
    if (at <= 0 || at === line.length - 1) {
      throw new ConfigError(`Line ${index + 1}: a sample is server_name=host`, {
        input,
        value: line,
        hint: 'For example: *.example.com=shop.example.com',
      });
    }
    samples[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  });
  return samples;
}

/**
 * The domains of an `nginx -T` dump (pure: no I/O). `source` names the dump in messages.
 * @throws ConfigError for a syntax error in the dump, a bad sample (not a host name, not matched by its
 *   pattern, or naming no skipped server name), or when no domain is left.
 */
export function serverNamesFromDump(
  text: string,
  source: string,
  samples: Record<string, string> = {},
): ServerNames {
  const { servers: raw, notes } = collectServerBlocks(splitDump(text, source));
  const servers: ServerBlock[] = raw.map((s) => ({
    file: s.file,
    line: s.line,
    listens: s.listens,
    defaultFor: [],
    names: s.names.map((n) => {
      const name = normalizeServerName(n.name);
      return { name, kind: classifyServerName(name), file: n.file, line: n.line };
    }),
  }));
  markDefaults(servers);
  const sampleFor = new Map(
    Object.entries(samples).map(([k, v]) => [
      normalizeServerName(k.trim()),
      v.trim().toLowerCase(),
    ]),
  );
  const used = new Set<string>();
  const domains: string[] = [];
  const skipped: SkippedName[] = [];
  const seen = new Set<string>();
  for (const n of servers.flatMap((s) => s.names)) {
    if (seen.has(n.name)) continue;
    seen.add(n.name);
    if (n.kind === 'exact') {
      if (!domains.includes(n.name)) domains.push(n.name);
      continue;
    }
    const sample = sampleFor.get(n.name);
    if (sample === undefined) {
      skipped.push({ ...n, reason: skipReason(n.name, n.kind) });
      continue;
    }
    used.add(n.name);
    if (!isHostName(sample)) {
      throw new ConfigError(`The sample for server name ${n.name} is not a host name`, {
        input: 'samples',
        value: sample,
      });
    }
    // Only patterns can be checked: `_`, `$hostname` or a loopback name stand for whatever the user says.
    const checkable = n.kind === 'wildcard' || n.kind === 'regex';
    if (checkable && sampleMatches(n.name, sample) === false) {
      throw new ConfigError(
        `The sample ${sample} does not match server name ${n.name} (${n.file}:${n.line})`,
        { input: 'samples', value: sample, hint: 'Give a host this server name matches.' },
      );
    }
    if (!domains.includes(sample)) domains.push(sample);
  }
  const unused = [...sampleFor.keys()].filter((k) => !used.has(k));
  if (unused.length > 0) {
    throw new ConfigError(
      `A sample names no wildcard, regex or other skipped server name of the WAF: ${unused.join(', ')}`,
      {
        input: 'samples',
        value: unused.join(', '),
        hint: `Key samples by the server_name as written; skipped names: ${
          skipped.map((s) => s.name || '""').join(', ') || 'none'
        }.`,
      },
    );
  }
  if (domains.length === 0) {
    throw new ConfigError(`The WAF configuration (${source}) names no host to replay`, {
      input: 'domains',
      value: 'from-config',
      hint: `Give samples for the skipped names (${
        skipped.map((s) => s.name || '""').join(', ') || 'none found'
      }) or list the domains.`,
    });
  }
  return { source, domains, skipped, servers, notes };
}

/**
 * Reads the domains the WAF serves: runs `<nginxBinary> -T [-p prefix] [-c configFile]` on `host` (or
 * reads `dumpFile` on the runner) and classifies every http `server_name`.
 * @throws WafGateError `E_NGINX_DUMP` when nginx -T fails (its first stderr lines and a hint), ConfigError
 *   for bad options, a bad dump or no domain (see {@link serverNamesFromDump}).
 */
export async function readServerNames(
  host: Host,
  options: ReadServerNamesOptions = {},
): Promise<ServerNames> {
  if (options.dumpFile !== undefined) {
    const text = await readDumpFile(options.dumpFile);
    return serverNamesFromDump(text, options.dumpFile, options.samples);
  }
  const { text, warnings } = await runNginxDump(host, options);
  const result = serverNamesFromDump(text, `nginx -T on ${host.name}`, options.samples);
  result.notes.unshift(...warnings);
  return result;
}

/** Plain lines for the log and the report: the domains, then each skipped name with its reason. */
export function describeServerNames(found: ServerNames): string[] {
  const lines = [`Domains from ${found.source}: ${found.domains.join(', ')}`];
  for (const s of found.skipped) {
    lines.push(
      `Skipped ${s.name === '' ? '""' : s.name} (${s.kind}, ${s.file}:${s.line}): ${s.reason}`,
    );
  }
  for (const server of found.servers) {
    const listens = server.listens.map((l) => l.address).join(', ') || '*:80 (implicit)';
    const defaults =
      server.defaultFor.length > 0 ? ` (default server of ${server.defaultFor.join(', ')})` : '';
    const names = server.names.map((n) => n.name || '""').join(' ') || '(no server_name)';
    lines.push(`server ${server.file}:${server.line} listen ${listens}${defaults}: ${names}`);
  }
  return [...lines, ...found.notes.map((n) => `note: ${n}`)];
}
