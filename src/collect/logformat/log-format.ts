/**
 * Compiles an nginx `log_format` definition (as pasted from nginx.conf) into a token list the line
 * parser walks: literal, variable, literal, … Unknown variables are a ConfigError naming the variable and
 * its position in the format.
 */
import { ConfigError } from '../../common/errors.js';

/** How nginx escaped variable values in this format (`log_format … escape=…`). */
export type LogEscape = 'default' | 'json' | 'none';

/** One variable of the format, with the literal that follows it (empty for the last one). */
export interface FormatField {
  /** Variable name without `$`, e.g. `status`, `http_x_waf_gate_id`. */
  name: string;
  /** Bytes that follow the value in every line (empty: the value runs to the end of the line). */
  after: Buffer;
}

/** A compiled log_format. */
export interface CompiledFormat {
  /** The format string after quote-joining (what nginx writes). */
  format: string;
  escape: LogEscape;
  /** Bytes every line starts with before the first variable. */
  prefix: Buffer;
  fields: FormatField[];
  /** name -> index in `fields` (first occurrence). */
  index: Map<string, number>;
}

const KNOWN_VARIABLES = new Set(
  [
    'remote_addr remote_user remote_port binary_remote_addr realip_remote_addr realip_remote_port',
    'time_local time_iso8601 msec request status body_bytes_sent bytes_sent request_length',
    'request_time host hostname server_name server_addr server_port server_protocol scheme https',
    'request_method request_uri uri document_uri args query_string is_args request_id request_body',
    'connection connection_requests connection_time pipe pid nginx_version',
    'upstream_addr upstream_status upstream_response_time upstream_connect_time upstream_header_time',
    'upstream_response_length upstream_bytes_received upstream_bytes_sent upstream_cache_status',
    'upstream_queue_time gzip_ratio ssl_protocol ssl_cipher ssl_server_name ssl_session_reused',
    'ssl_client_verify ssl_early_data http2 http3 content_type content_length document_root realpath_root',
    'proxy_add_x_forwarded_for proxy_host proxy_port proxy_protocol_addr proxy_protocol_port',
    'tcpinfo_rtt tcpinfo_rttvar tcpinfo_snd_cwnd tcpinfo_rcv_space request_completion',
    'limit_req_status limit_conn_status sent_trailer_name geoip_country_code',
  ]
    .join(' ')
    .split(' '),
);
const KNOWN_PREFIXES = [
  'http_',
  'cookie_',
  'arg_',
  'sent_http_',
  'sent_trailer_',
  'upstream_http_',
  'upstream_cookie_',
  'upstream_trailer_',
  'jwt_claim_',
];

/** Options for {@link compileLogFormat}. */
export interface CompileOptions {
  /** Input name for error messages. @default 'log-format' */
  input?: string;
  /** Extra variable names to accept (custom `map`/`set` variables). */
  extraVariables?: readonly string[];
  /** Overrides `escape=` found in the definition. */
  escape?: LogEscape;
}

/** True for variables nginx knows (or the caller declared). */
export function isKnownVariable(name: string, extra: readonly string[] = []): boolean {
  if (KNOWN_VARIABLES.has(name) || extra.includes(name)) return true;
  if (/^\d+$/.test(name)) return true; // regex captures $1..$9
  return KNOWN_PREFIXES.some((p) => name.startsWith(p) && name.length > p.length);
}

/**
 * Undoes nginx.conf quoting: `log_format name [escape=x] 'part' "part" …;` or just the quoted parts or
 * the bare format string. Returns the joined format and any `escape=` found.
 */
export function unquoteDefinition(
  definition: string,
  input: string,
): { format: string; escape?: LogEscape } {
  let text = definition.trim();
  let escape: LogEscape | undefined;
  const head = /^log_format\s+\S+\s*/.exec(text);
  if (head) text = text.slice(head[0].length);
  const esc = /^escape=(\S+)\s*/.exec(text);
  if (esc) {
    const value = esc[1]!;
    if (value !== 'default' && value !== 'json' && value !== 'none') {
      throw new ConfigError(`Unknown escape mode "${value}" in the log_format.`, {
        input,
        value: definition,
        hint: 'nginx accepts escape=default, escape=json or escape=none.',
      });
    }
    escape = value;
    text = text.slice(esc[0].length);
  }
  if (text.endsWith(';')) text = text.slice(0, -1).trimEnd();
  if (!text.startsWith("'") && !text.startsWith('"'))
    return escape ? { format: text, escape } : { format: text };
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch !== "'" && ch !== '"') {
      throw new ConfigError(
        `Unexpected ${JSON.stringify(ch)} at character ${i + 1} between the quoted parts of the log_format.`,
        {
          input,
          value: definition,
          hint: "Paste the quoted strings of the log_format, e.g. '$remote_addr - …'.",
        },
      );
    }
    let j = i + 1;
    for (; j < text.length && text[j] !== ch; j += 1) {
      if (text[j] === '\\' && j + 1 < text.length) {
        const next = text[j + 1]!;
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
        j += 1;
      } else {
        out += text[j];
      }
    }
    if (j >= text.length) {
      throw new ConfigError(
        `Unterminated quote starting at character ${i + 1} of the log_format.`,
        {
          input,
          value: definition,
        },
      );
    }
    i = j + 1;
  }
  return escape ? { format: out, escape } : { format: out };
}

/** Compiles a log_format definition into {@link CompiledFormat}. */
export function compileLogFormat(definition: string, options: CompileOptions = {}): CompiledFormat {
  const input = options.input ?? 'log-format';
  const { format, escape: found } = unquoteDefinition(definition, input);
  const escape = options.escape ?? found ?? 'default';
  const literals: string[] = [];
  const names: string[] = [];
  let literal = '';
  let i = 0;
  while (i < format.length) {
    const ch = format[i]!;
    if (ch !== '$') {
      literal += ch;
      i += 1;
      continue;
    }
    let name: string;
    let end: number;
    if (format[i + 1] === '{') {
      const close = format.indexOf('}', i + 2);
      if (close < 0) {
        throw new ConfigError(`Unclosed "\${" at character ${i + 1} of the log_format.`, {
          input,
          value: format,
        });
      }
      name = format.slice(i + 2, close);
      end = close + 1;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(format.slice(i + 1));
      name = m ? m[0] : '';
      end = i + 1 + name.length;
    }
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      throw new ConfigError(
        `Invalid variable name after "$" at character ${i + 1} of the log_format.`,
        {
          input,
          value: format,
        },
      );
    }
    if (!isKnownVariable(name, options.extraVariables)) {
      throw new ConfigError(
        `Unknown variable "$${name}" at character ${i + 1} of the log_format.`,
        {
          input,
          value: format,
          hint: 'Use nginx variables ($status, $host, $http_<header>, …) or declare custom ones (--extra-variables).',
        },
      );
    }
    if (names.length > 0 && literal === '') {
      throw new ConfigError(
        `Variables "$${names[names.length - 1]}" and "$${name}" follow each other with nothing between them (character ${i + 1}): the line cannot be split.`,
        { input, value: format, hint: 'Put a separator (space, quote, key=) between variables.' },
      );
    }
    literals.push(literal);
    literal = '';
    names.push(name);
    i = end;
  }
  literals.push(literal);
  if (names.length === 0) {
    throw new ConfigError('The log_format has no variables.', { input, value: format });
  }
  const fields: FormatField[] = names.map((name, k) => ({
    name,
    after: Buffer.from(literals[k + 1]!, 'utf8'),
  }));
  const index = new Map<string, number>();
  fields.forEach((f, k) => {
    if (!index.has(f.name)) index.set(f.name, k);
  });
  return { format, escape, prefix: Buffer.from(literals[0]!, 'utf8'), fields, index };
}
