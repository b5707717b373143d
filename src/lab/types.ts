/** The local lab: an origin and WAF instances (nginx + ModSecurity + CRS) in private prefixes on loopback. */

/** One WAF instance of the lab. */
export interface WafInstanceSpec {
  /** Instance name, also its folder: `baseline`, `candidate`, … */
  name: string;
  /** OWASP CRS paranoia level 1–4. */
  paranoiaLevel: number;
  /** nginx worker_processes. @default 1 */
  workers: number;
  /** Extra ModSecurity rules appended after CRS (e.g. an expensive rule to slow a build down on purpose). */
  extraRules?: string;
  /** Port; 0 or absent picks a free one. */
  port?: number;
  /**
   * `proxy_read_timeout` of the `/ws` location in seconds (a WebSocket idle timeout). @default 3600
   * A short one (e.g. 2) is the lab's "drops idle WebSockets" variant.
   */
  wsReadTimeoutS?: number;
}

/** Options for `labUp`. */
export interface LabOptions {
  /** Lab folder (state, prefixes, logs). One lab per folder. */
  dir: string;
  /** Virtual hosts the origin and WAFs serve. */
  domains: string[];
  wafs: WafInstanceSpec[];
  /** Origin port; 0 or absent picks a free one. */
  originPort?: number;
  /** Install missing Debian packages when running as root. @default true */
  installPackages?: boolean;
  /** Give up when an instance is not healthy by then. @default 20000 */
  startTimeoutMs?: number;
}

/** A running nginx instance of the lab. */
export interface InstanceState {
  name: string;
  /** nginx prefix (`-p`). */
  prefix: string;
  host: string;
  port: number;
  masterPid: number;
  pidFile: string;
  configFile: string;
  accessLog: string;
  errorLog: string;
}

/** The lab's WebSocket origin process (ws-origin.ts), proxied by every WAF instance on `/ws`. */
export interface WsOriginState {
  name: 'ws-origin';
  host: string;
  port: number;
  pid: number;
  logFile: string;
}

/** A running WAF instance. */
export interface WafInstanceState extends InstanceState {
  paranoiaLevel: number;
  workers: number;
  /** The `log_format` string of its access log (feed it to the log-format compiler). */
  logFormat: string;
  /** ModSecurity audit log path. */
  auditLog: string;
  /** The instance's ModSecurity rules file (recommended config, CRS, extras), given to modsecurity_rules_file. */
  rulesFile: string;
  /** Human description, e.g. `nginx 1.22.1 + ModSecurity 3.0.9 + CRS 3.3.4, PL2`. */
  description: string;
  /** The location proxied to the WebSocket origin (`/ws`); absent in labs started before it existed. */
  wsPath?: string;
  /** That location's `proxy_read_timeout` in seconds. */
  wsReadTimeoutS?: number;
}

/** `lab.json`: what `lab up` started, read by `lab down`/`status` and by tests. */
export interface LabState {
  schema: 'waf-gate/lab@1';
  dir: string;
  startedAtMs: number;
  domains: string[];
  origin: InstanceState;
  /** The WebSocket origin; absent in labs started before it existed. */
  wsOrigin?: WsOriginState;
  wafs: WafInstanceState[];
  /** Versions of nginx, libmodsecurity and CRS as installed. */
  versions: Record<string, string>;
}
