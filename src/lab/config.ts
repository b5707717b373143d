/**
 * nginx and ModSecurity configuration of the lab, as text. Pure: paths and ports in, config out.
 * See shared/reference/lab.md for why each line is there (Debian's module path, private prefixes, PL).
 */
import { LAB_FILES } from './packages.js';

/** The lab WAFs' access log format, also known to collect-metrics as the `waf-gate-lab` preset. */
export const LAB_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent ' +
  '"$http_referer" "$http_user_agent" host=$host rt=$request_time ' +
  'us=$upstream_status urt=$upstream_response_time ' +
  'gid=$http_x_waf_gate_id rid=$request_id';

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
}

/** A reverse proxy with ModSecurity + CRS in front of the origin, logging in {@link LAB_LOG_FORMAT}. */
export function wafConfig(p: WafConfigParams): string {
  // info level: ModSecurity logs the rule ids of every match there (only the final deny at error).
  return `${commonHead(p.workers, 'info')}load_module ${LAB_FILES.module.path};
events { worker_connections 8192; }
http {
${TEMP_PATHS}
  log_format waf_gate '${LAB_LOG_FORMAT}';
  access_log logs/access.log waf_gate buffer=64k flush=1s;
  keepalive_requests 1000000;
  upstream origin { server ${p.host}:${p.originPort}; keepalive 64; keepalive_requests 1000000; }
  server {
    listen ${p.host}:${p.port} default_server reuseport backlog=4096;
    server_name _ ${p.domains.join(' ')};
    modsecurity on;
    modsecurity_rules_file ${p.rulesFile};
    modsecurity_transaction_id "$request_id";
    location / {
      proxy_pass http://origin;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
  }
}
`;
}

/** Where one instance's ModSecurity writes and reads its side files. */
export interface ModsecurityPaths {
  auditLog: string;
  tmpDir: string;
  unicodeMapping: string;
}

/** Edits Debian's recommended modsecurity.conf for a private prefix, with the engine On. */
export function modsecurityConfig(shipped: string, paths: ModsecurityPaths): string {
  return shipped
    .replace(/^SecRuleEngine DetectionOnly/m, 'SecRuleEngine On')
    .replace(/^SecAuditLog .*$/m, `SecAuditLog ${paths.auditLog}`)
    .replace(/^SecTmpDir .*$/m, `SecTmpDir ${paths.tmpDir}/`)
    .replace(/^SecDataDir .*$/m, `SecDataDir ${paths.tmpDir}/`)
    .replace(/^SecUnicodeMapFile unicode.mapping/m, `SecUnicodeMapFile ${paths.unicodeMapping}`)
    .replace(/^SecStatusEngine On/m, 'SecStatusEngine Off');
}

/** The rules file of one instance: recommended config, CRS setup, its paranoia level, CRS rules, extras. */
export function crsRulesConfig(
  instanceModsecConf: string,
  paranoiaLevel: number,
  extraRules?: string,
): string {
  // libmodsecurity v3 has no IncludeOptional, so Debian's owasp-crs.load cannot be used: list the files.
  return [
    `# ModSecurity + OWASP CRS (Debian) at paranoia level ${paranoiaLevel}`,
    `Include ${instanceModsecConf}`,
    `Include ${LAB_FILES.crsSetup.path}`,
    `SecAction "id:900000,phase:1,nolog,pass,t:none,setvar:tx.paranoia_level=${paranoiaLevel}"`,
    'Include /etc/modsecurity/crs/REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf',
    `Include ${LAB_FILES.crsRules.path}/*.conf`,
    'Include /etc/modsecurity/crs/RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf',
    ...(extraRules ? ['# extra rules of this instance', extraRules] : []),
    '',
  ].join('\n');
}
