/**
 * Lab WAF builds: what the demo and the lab scenarios install with install-waf, as a user installs an
 * rpm or deb. A build is a folder package (`VERSION` + `rules.conf`) whose rules set the CRS paranoia
 * level (and may add rules, e.g. expensive ones for a slowed build). Installing it unpacks it into the
 * lab and includes its rules into one WAF instance's ModSecurity configuration by a declared edit, right
 * after the instance's own paranoia level line (so the build's setting wins), validates with nginx -t,
 * reloads by pid file and waits for health — the install-waf code path of a real WAF host.
 * A build may also set the WebSocket (`/ws`) location's timeouts: it then ships `nginx-ws.conf`, which
 * the lab WAF's `/ws` location includes from the installed build's folder (config.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { LabState, WafInstanceState } from './types.js';

/** One lab build. */
export interface LabBuildSpec {
  /** Folder name and package name suffix, e.g. `crs-pl2`. */
  name: string;
  /** The exact version install-waf reads from the build's VERSION file. */
  version: string;
  /** CRS paranoia level 1–4 the build sets. */
  paranoiaLevel: number;
  /** Extra ModSecurity rules the build ships. */
  extraRules?: string;
  /**
   * `proxy_read_timeout` (and send timeout) of the `/ws` location in seconds; absent: the lab's
   * (3600 s). A timeout shorter than the hold's ping interval drops held WebSockets.
   */
  wsReadTimeoutS?: number;
}

/**
 * The lab's "drops idle WebSockets" build: CRS PL1 like the baseline, but the `/ws` location times out
 * after 2 s without traffic from the origin — shorter than a heartbeat interval of a few seconds, so
 * `replay --mode hold` through it counts `unexpected-close` drops.
 */
export const LAB_WS_SHORT_TIMEOUT_BUILD: LabBuildSpec = {
  name: 'ws-short-timeout',
  version: 'lab-ws-short-timeout',
  paranoiaLevel: 1,
  wsReadTimeoutS: 2,
};

/** Folder a lab build is installed into for the WAF instance `wafName` (install-waf's install-dir). */
export function labBuildDir(labDir: string, wafName: string): string {
  return join(labDir, 'builds', wafName);
}

/** The build's `nginx-ws.conf`: the `/ws` location's timeouts, or null when the build sets none. */
export function labBuildWsConfig(spec: LabBuildSpec): string | null {
  const s = spec.wsReadTimeoutS;
  if (s === undefined) return null;
  if (!Number.isInteger(s) || s < 1 || s > 86_400)
    throw new Error(`internal: /ws read timeout ${s} is not 1–86400 s`);
  return [
    `# waf-gate lab build ${spec.version}: /ws timeouts`,
    `proxy_read_timeout ${s}s;`,
    `proxy_send_timeout ${s}s;`,
    '',
  ].join('\n');
}

/** The package name every lab build installs as (one build installed at a time). */
export const LAB_BUILD_PACKAGE = 'waf-gate-lab-rules';

/** The ModSecurity rules of a build: its paranoia level (after the instance's own), then its extras. */
export function labBuildRules(spec: LabBuildSpec): string {
  if (!Number.isInteger(spec.paranoiaLevel) || spec.paranoiaLevel < 1 || spec.paranoiaLevel > 4)
    throw new Error(`internal: paranoia level ${spec.paranoiaLevel} is not 1–4`);
  return [
    `# waf-gate lab build ${spec.version}: OWASP CRS paranoia level ${spec.paranoiaLevel}`,
    `SecAction "id:900990,phase:1,nolog,pass,t:none,setvar:tx.paranoia_level=${spec.paranoiaLevel}"`,
    ...(spec.extraRules ? [spec.extraRules] : []),
    '',
  ].join('\n');
}

/** Writes the build as a folder package under `dir/<name>`; resolves to its path. */
export async function writeLabBuild(dir: string, spec: LabBuildSpec): Promise<string> {
  const folder = join(dir, spec.name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'VERSION'), `${spec.version}\n`);
  await writeFile(join(folder, 'rules.conf'), labBuildRules(spec));
  const ws = labBuildWsConfig(spec);
  if (ws !== null) await writeFile(join(folder, 'nginx-ws.conf'), ws);
  return folder;
}

/**
 * install-waf inputs (names as in `waf-gate install` / the install-waf action) that install a lab build
 * into `waf`: unpacked to `<lab>/builds/<waf>`, included after the instance's paranoia level line,
 * validated, reloaded by pid file, probed on the first domain. The package itself is given separately.
 * The include is relative to the rules file's folder: libmodsecurity passes Include paths through
 * wordexp(3), so an absolute lab path with a space would break (see config.ts).
 */
export function labInstallInputs(
  lab: LabState,
  waf: WafInstanceState,
  files: { stateFile: string; lockFile: string },
): Record<string, string> {
  const installDir = labBuildDir(lab.dir, waf.name);
  const include = relative(dirname(waf.rulesFile), join(installDir, 'rules.conf'));
  if (!/^[\w./-]+$/.test(include))
    throw new Error(`internal: include path ${JSON.stringify(include)} needs quoting`);
  return {
    'package-name': LAB_BUILD_PACKAGE,
    'install-dir': installDir,
    'version-probe': 'package-db',
    edits: JSON.stringify([
      {
        file: waf.rulesFile,
        replace: '^(SecAction "id:900000,[^\\n]*)$',
        with: `$1\nInclude ${include}`,
      },
    ]),
    check: JSON.stringify([
      'nginx',
      '-t',
      '-q',
      '-p',
      waf.prefix,
      '-c',
      waf.configFile,
      '-e',
      waf.errorLog,
    ]),
    reload: `pid-file:${waf.pidFile}`,
    'nginx-binary': '/usr/sbin/nginx',
    'health-url': `http://${waf.host}:${waf.port}/`,
    'health-host': lab.domains[0] ?? 'localhost',
    'health-timeout': '20s',
    'pause-cron': 'none',
    'pause-timers': 'none',
    'state-file': files.stateFile,
    'lock-file': files.lockFile,
  };
}
