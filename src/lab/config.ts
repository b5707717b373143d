/**
 * nginx and ModSecurity configuration of the lab, as text. Pure: paths and ports in, config out.
 * See shared/reference/lab.md for why each line is there (Debian's module path, private prefixes, PL).
 */
import { LAB_LOG_FORMAT } from './log-format.js';
import { LAB_FILES } from './packages.js';

/** The lab WAFs' access log format, also known to collect-metrics as the `waf-gate-lab` preset. */
export { LAB_LOG_FORMAT };

/**
 * One nginx config string, double-quoted: nginx reads `\"` as `"` and `\\` as `\` inside double
 * quotes, so a path with spaces, quotes or `;` stays one argument.
 */
export function nginxQuote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Lines every private-prefix nginx needs so nothing defaults to /run or /var/lib/nginx. */
function commonHead(workers: number, errorLevel: string): string {
  return [
    `worker_processes ${workers};`,
    'pid logs/nginx.pid;',
    `error_log logs/error.log ${errorLevel};`,
    '',
  ].join('\n');
}

const TEMP_PATHS = [
  '  client_body_temp_path tmp/body;',
  '  proxy_temp_path tmp/proxy;',
  '  fastcgi_temp_path tmp/fastcgi;',
  '  uwsgi_temp_path tmp/uwsgi;',
  '  scgi_temp_path tmp/scgi;',
].join('\n');

/** The origin: 200 with a small body for every path of every domain. */
export function originConfig(host: string, port: number, domains: readonly string[]): string {
  const servers = domains.map(
    (domain) => `  server {
    listen ${host}:${port};
    server_name ${domain};
    location / { return 200 "hello from ${domain}\\n"; }
  }`,
  );
  return `${commonHead(1, 'warn')}events { worker_connections 8192; }
http {
${TEMP_PATHS}
  default_type text/plain;
  access_log off;
  keepalive_requests 1000000;
  server {
    listen ${host}:${port} default_server reuseport backlog=4096;
    server_name _;
    location / { return 200 "hello from origin\\n"; }
  }
${servers.join('\n')}
}
`;
}

/** Parameters of one WAF instance's nginx.conf. */
export interface WafConfigParams {
  host: string;
  port: number;
  originPort: number;
  workers: number;
  rulesFile: string;
  domains: readonly string[];
  /** The WebSocket origin's port: `/ws` is proxied there (absent: no `/ws` location). */
  wsOriginPort?: number;
  /** `proxy_read_timeout`/`proxy_send_timeout` of `/ws`, seconds. @default 3600 */
  wsReadTimeoutS?: number;
  /**
   * Folder a lab build is installed into (builds.ts): its `nginx-ws*.conf` files, when there are any,
   * are included in the `/ws` location, so a build can change that location's timeouts.
   */
  buildDir?: string;
  /** Open files per worker (worker_rlimit_nofile; each proxied connection takes two). @default 8192 */
  noFileLimit?: number;
}

/** Default `proxy_read_timeout` of the lab's `/ws` location: held WebSockets stay open an hour. */
export const LAB_WS_READ_TIMEOUT_S = 3600;

/** The build file the `/ws` location includes from a lab build's folder (a glob: absent is fine). */
export const LAB_BUILD_WS_CONF_GLOB = 'nginx-ws*.conf';

/** The `/ws` location: WebSocket upgrade through to the WebSocket origin, long timeouts. */
function wsLocation(p: WafConfigParams): string {
  if (p.wsOriginPort === undefined) return '';
  // glob(3) characters in the folder would make nginx read the include as a pattern of its own.
  const include =
    p.buildDir !== undefined && !/[*?[\\\]]/.test(p.buildDir)
      ? `      include ${nginxQuote(`${p.buildDir}/${LAB_BUILD_WS_CONF_GLOB}`)};\n`
      : '';
  return `    location /ws {
      proxy_pass http://ws_origin;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_buffering off;
${include}    }
`;
}

/** A reverse proxy with ModSecurity + CRS in front of the origin, logging in {@link LAB_LOG_FORMAT}. */
export function wafConfig(p: WafConfigParams): string {
  // info level: ModSecurity logs the rule ids of every match there (only the final deny at error).
  const noFile = p.noFileLimit ?? 8192;
  // A held WebSocket takes two connections of a worker (client and origin side).
  const connections = Math.max(1024, noFile - 128);
  const ws = p.wsOriginPort !== undefined;
  const wsTimeout = p.wsReadTimeoutS ?? LAB_WS_READ_TIMEOUT_S;
  // The /ws timeouts are set at server level so a build's nginx-ws*.conf can override them in the
  // location; / keeps nginx's default of 60s explicitly.
  return `${commonHead(p.workers, 'info')}load_module ${nginxQuote(LAB_FILES.module.path)};
worker_rlimit_nofile ${noFile};
events { worker_connections ${connections}; }
http {
${TEMP_PATHS}
  log_format waf_gate '${LAB_LOG_FORMAT}';
  access_log logs/access.log waf_gate buffer=64k flush=1s;
  keepalive_requests 1000000;
  upstream origin { server ${p.host}:${p.originPort}; keepalive 64; keepalive_requests 1000000; }
${
  ws
    ? `  upstream ws_origin { server ${p.host}:${p.wsOriginPort}; }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
`
    : ''
}  server {
    listen ${p.host}:${p.port} default_server reuseport backlog=4096;
    server_name _ ${p.domains.join(' ')};
    modsecurity on;
    modsecurity_rules_file ${nginxQuote(p.rulesFile)};
    modsecurity_transaction_id "$request_id";
${ws ? `    proxy_read_timeout ${wsTimeout}s;\n    proxy_send_timeout ${wsTimeout}s;\n` : ''}    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
${ws ? '      proxy_read_timeout 60s;\n      proxy_send_timeout 60s;\n' : ''}    }
${wsLocation(p)}  }
}
`;
}

/**
 * Where one instance's ModSecurity writes its runtime files, relative to nginx's working folder (the
 * lab folder). libmodsecurity v3 takes these directives unquoted and passes Include paths through
 * wordexp(3), so a path with a space or a quote would be split or dropped silently: the lab names
 * nothing inside its folder by absolute path in ModSecurity's config.
 */
export interface ModsecurityPaths {
  auditLog: string;
  tmpDir: string;
}

/** Throws when a path would not survive ModSecurity's unquoted directive syntax. */
function modsecPath(path: string): string {
  if (!/^[\w./-]+$/.test(path))
    throw new Error(`internal: ModSecurity path ${JSON.stringify(path)} needs quoting`);
  return path;
}

/** Edits Debian's recommended modsecurity.conf for a private prefix, with the engine On. */
export function modsecurityConfig(shipped: string, paths: ModsecurityPaths): string {
  return shipped
    .replace(/^SecRuleEngine DetectionOnly/m, 'SecRuleEngine On')
    .replace(/^SecAuditLog .*$/m, `SecAuditLog ${modsecPath(paths.auditLog)}`)
    .replace(/^SecTmpDir .*$/m, `SecTmpDir ${modsecPath(paths.tmpDir)}/`)
    .replace(/^SecDataDir .*$/m, `SecDataDir ${modsecPath(paths.tmpDir)}/`)
    .replace(
      /^SecUnicodeMapFile unicode.mapping/m,
      `SecUnicodeMapFile ${modsecPath(LAB_FILES.unicodeMapping.path)}`,
    )
    .replace(/^SecStatusEngine On/m, 'SecStatusEngine Off');
}

/**
 * The rules file of one instance: its recommended config (inlined, see {@link ModsecurityPaths}), CRS
 * setup, its paranoia level, CRS rules, extras.
 */
export function crsRulesConfig(
  instanceModsecConfig: string,
  paranoiaLevel: number,
  extraRules?: string,
): string {
  // libmodsecurity v3 has no IncludeOptional, so Debian's owasp-crs.load cannot be used: list the files.
  return [
    `# ModSecurity + OWASP CRS (Debian) at paranoia level ${paranoiaLevel}`,
    '# --- recommended configuration (modsecurity.conf) ---',
    instanceModsecConfig,
    '# --- OWASP CRS ---',
    `Include ${LAB_FILES.crsSetup.path}`,
    `SecAction "id:900000,phase:1,nolog,pass,t:none,setvar:tx.paranoia_level=${paranoiaLevel}"`,
    'Include /etc/modsecurity/crs/REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf',
    `Include ${LAB_FILES.crsRules.path}/*.conf`,
    'Include /etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf',
    ...(extraRules ? ['# extra rules of this instance', extraRules] : []),
    '',
  ].join('\n');
}
