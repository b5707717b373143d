/**
 * `lab up|down|status`: an origin and WAF instances on loopback, each a private nginx prefix under one
 * lab folder, described by `lab.json`. Nothing outside the folder is touched.
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { ConfigError, WafGateError } from '../common/errors.js';
import { readJsonFile, writeJsonFile } from '../common/json-file.js';
import type { Logger } from '../common/logger.js';
import { readNoFileLimit } from '../common/nofile-limit.js';
import { WS_ORIGIN_PATH } from '../common/ws-control.js';
import { labBuildDir } from './builds.js';
import { claimOwnedDir, planOwnedEntries, releaseOwnedDir } from '../common/owned-dir.js';
import {
  crsRulesConfig,
  LAB_LOG_FORMAT,
  LAB_WS_READ_TIMEOUT_S,
  modsecurityConfig,
  originConfig,
  wafConfig,
} from './config.js';
import {
  isAlive,
  nginxPaths,
  startNginx,
  stopNginx,
  isMasterOf,
  testConfig,
  waitHealthy,
  type NginxPaths,
} from './nginx.js';
import { ensureLabPackages, LAB_FILES, labVersions } from './packages.js';
import { reservePort } from './ports.js';
import { validateLabOptions } from './validate.js';
import { isWsOriginOf, startWsOriginProcess, stopWsOriginProcess } from './ws-process.js';
import type {
  InstanceState,
  LabOptions,
  LabState,
  WafInstanceSpec,
  WafInstanceState,
} from './types.js';

const HOST = '127.0.0.1';
const STATE_FILE = 'lab.json';
/** The kind of the ownership marker of a lab folder (see common/owned-dir.ts). */
const LAB_KIND = 'lab';

/** The default lab folder: one per machine user, under the temp dir. */
export function defaultLabDir(): string {
  return join(tmpdir(), `waf-gate-lab-${process.getuid?.() ?? 'user'}`);
}

/** Domains the lab serves unless told otherwise. */
export const DEFAULT_LAB_DOMAINS = ['app.test', 'shop.test', 'api.test'];

/** Baseline = CRS PL1, candidate = CRS PL2, one worker each. */
export function defaultWafSpecs(workers = 1): WafInstanceSpec[] {
  return [
    { name: 'baseline', paranoiaLevel: 1, workers },
    { name: 'candidate', paranoiaLevel: 2, workers },
  ];
}

/** Options with defaults filled in. */
export function labOptions(overrides: Partial<LabOptions> = {}): LabOptions {
  return {
    dir: resolve(overrides.dir ?? defaultLabDir()),
    domains: overrides.domains ?? DEFAULT_LAB_DOMAINS,
    wafs: overrides.wafs ?? defaultWafSpecs(),
    ...(overrides.originPort === undefined ? {} : { originPort: overrides.originPort }),
    installPackages: overrides.installPackages ?? true,
    startTimeoutMs: overrides.startTimeoutMs ?? 20_000,
  };
}

/** Reads `lab.json` of a lab folder, or null when there is none. */
export async function readLabState(dir: string): Promise<LabState | null> {
  try {
    await readFile(join(dir, STATE_FILE));
  } catch {
    return null;
  }
  return readJsonFile<LabState>(join(dir, STATE_FILE), 'lab state file');
}

function allInstances(state: LabState): InstanceState[] {
  return [...state.wafs, state.origin];
}

/** True when an instance's master PID still is that instance's nginx (not a recycled PID). */
async function instanceRuns(instance: InstanceState): Promise<boolean> {
  return isAlive(instance.masterPid) && (await isMasterOf(instance.masterPid, instance.configFile));
}

async function someInstanceRuns(state: LabState): Promise<boolean> {
  for (const instance of allInstances(state)) if (await instanceRuns(instance)) return true;
  return state.wsOrigin !== undefined && (await isWsOriginOf(state.wsOrigin.pid, state.dir));
}

/**
 * Open files per nginx worker: the hard limit this process may give (nginx's worker_rlimit_nofile
 * cannot go above it without CAP_SYS_RESOURCE), at most 65536, at least nginx's usual 8192 bound.
 */
async function workerNoFileLimit(): Promise<number> {
  const limit = await readNoFileLimit();
  if (!limit) return 8192;
  return Math.max(1024, Math.min(limit.hard, 65_536));
}

async function prepareFolders(paths: NginxPaths): Promise<void> {
  for (const sub of ['conf', 'logs', 'tmp'])
    await mkdir(join(paths.prefix, sub), { recursive: true, mode: 0o755 });
}

/**
 * Starts the lab. Refuses when a lab already runs in the folder, and a non-empty folder waf-gate did not
 * create (no `.waf-gate-owned` marker of a lab); on any failure stops what it started and removes what
 * it created, nothing else.
 */
export async function labUp(input: Partial<LabOptions>, logger: Logger): Promise<LabState> {
  const options = labOptions(input);
  validateLabOptions(options);
  const existing = await readLabState(options.dir).catch(() => null);
  if (existing && (await someInstanceRuns(existing))) {
    const ports = allInstances(existing)
      .map((i) => `${i.name}=${i.port}`)
      .join(', ');
    throw new ConfigError(`A lab is already running in ${options.dir} (${ports}).`, {
      hint: `Use it as it is, or stop it first with: waf-gate lab down --dir ${options.dir}`,
    });
  }
  // Refuses a folder waf-gate did not create before anything else happens; reusing our own folder
  // removes only what the previous lab created there.
  const owned = await claimOwnedDir(options.dir, { kind: LAB_KIND, input: '--dir' });
  if (existing) {
    logger.warn(`Removed the remains of a lab that is no longer running in ${options.dir}.`);
  }
  const started: number[] = [];
  let wsOriginPid: number | undefined;
  try {
    await planOwnedEntries(owned, [
      STATE_FILE,
      'origin',
      'ws-origin',
      'modsec',
      ...options.wafs.map((w) => w.name),
    ]);
    await ensureLabPackages(options.installPackages ?? true, logger);
    await chmod(options.dir, 0o755); // workers run as nobody when the master is root
    const originPort = await reservePort(HOST, options.originPort, '--origin-port');
    const wsOriginPort = await reservePort(HOST, undefined, 'ws-origin port');
    const noFileLimit = await workerNoFileLimit();
    const originPaths = nginxPaths(join(options.dir, 'origin'));
    await prepareFolders(originPaths);
    await writeFile(originPaths.configFile, originConfig(HOST, originPort, options.domains));

    const modsecDir = join(options.dir, 'modsec');
    const modsecTmp = join(modsecDir, 'tmp');
    await mkdir(modsecTmp, { recursive: true });
    await chmod(modsecDir, 0o755);
    await chmod(modsecTmp, 0o1777);
    const shipped = await readFile(LAB_FILES.modsecurityConf.path, 'utf8');

    const wafs: Array<{
      spec: WafInstanceSpec;
      paths: NginxPaths;
      port: number;
      rulesFile: string;
      auditLog: string;
    }> = [];
    for (const spec of options.wafs) {
      const port = await reservePort(HOST, spec.port, `--${spec.name}-port`);
      const paths = nginxPaths(join(options.dir, spec.name));
      await prepareFolders(paths);
      const auditDir = join(modsecDir, spec.name);
      await mkdir(auditDir, { recursive: true });
      await chmod(auditDir, 0o1777);
      const auditLog = join(auditDir, 'audit.log');
      // Runtime paths relative to the lab folder, nginx's working folder (see ModsecurityPaths).
      const instanceModsec = modsecurityConfig(shipped, {
        auditLog: relative(options.dir, auditLog),
        tmpDir: relative(options.dir, modsecTmp),
      });
      const rulesFile = join(auditDir, 'rules.conf');
      await writeFile(
        rulesFile,
        crsRulesConfig(instanceModsec, spec.paranoiaLevel, spec.extraRules),
      );
      await writeFile(
        paths.configFile,
        wafConfig({
          host: HOST,
          port,
          originPort,
          workers: spec.workers,
          rulesFile,
          domains: options.domains,
          wsOriginPort,
          wsReadTimeoutS: spec.wsReadTimeoutS ?? LAB_WS_READ_TIMEOUT_S,
          buildDir: labBuildDir(options.dir, spec.name),
          noFileLimit,
        }),
      );
      wafs.push({ spec, paths, port, rulesFile, auditLog });
    }
    const ports = [originPort, wsOriginPort, ...wafs.map((w) => w.port)];
    if (new Set(ports).size !== ports.length) {
      throw new ConfigError(`Two lab instances were given the same port (${ports.join(', ')}).`, {
        hint: 'Give each instance its own port.',
      });
    }

    await testConfig('origin', originPaths);
    for (const waf of wafs) await testConfig(waf.spec.name, waf.paths);

    const versions = await labVersions();
    const wsOrigin = await startWsOriginProcess(
      options.dir,
      join(options.dir, 'ws-origin'),
      HOST,
      wsOriginPort,
      options.startTimeoutMs ?? 20_000,
    );
    wsOriginPid = wsOrigin.pid;
    const originPid = await startNginx('origin', originPaths);
    started.push(originPid);
    const origin: InstanceState = {
      name: 'origin',
      host: HOST,
      port: originPort,
      masterPid: originPid,
      ...originPaths,
    };
    const wafStates: WafInstanceState[] = [];
    for (const waf of wafs) {
      const pid = await startNginx(waf.spec.name, waf.paths);
      started.push(pid);
      wafStates.push({
        name: waf.spec.name,
        host: HOST,
        port: waf.port,
        masterPid: pid,
        ...waf.paths,
        paranoiaLevel: waf.spec.paranoiaLevel,
        workers: waf.spec.workers,
        logFormat: LAB_LOG_FORMAT,
        auditLog: waf.auditLog,
        rulesFile: waf.rulesFile,
        description:
          `nginx ${versions.nginx ?? '?'} + ModSecurity ${versions.libmodsecurity3 ?? '?'} + CRS ${versions['modsecurity-crs'] ?? '?'}, ` +
          `PL${waf.spec.paranoiaLevel}, ${waf.spec.workers} worker${waf.spec.workers === 1 ? '' : 's'}` +
          (waf.spec.extraRules ? ', extra rules' : '') +
          (waf.spec.wsReadTimeoutS !== undefined &&
          waf.spec.wsReadTimeoutS !== LAB_WS_READ_TIMEOUT_S
            ? `, /ws read timeout ${waf.spec.wsReadTimeoutS}s`
            : ''),
        wsPath: WS_ORIGIN_PATH,
        wsReadTimeoutS: waf.spec.wsReadTimeoutS ?? LAB_WS_READ_TIMEOUT_S,
      });
    }
    const state: LabState = {
      schema: 'waf-gate/lab@1',
      dir: options.dir,
      startedAtMs: Date.now(),
      domains: options.domains,
      origin,
      wsOrigin,
      wafs: wafStates,
      versions,
    };
    await writeJsonFile(join(options.dir, STATE_FILE), state);
    const timeoutMs = options.startTimeoutMs ?? 20_000;
    const firstDomain = options.domains[0]!;
    await waitHealthy('origin', HOST, originPort, firstDomain, timeoutMs);
    for (const waf of wafStates)
      await waitHealthy(waf.name, HOST, waf.port, firstDomain, timeoutMs);
    logger.info(
      `Lab up in ${options.dir}: origin ${HOST}:${originPort}; ` +
        wafStates.map((w) => `${w.name} ${HOST}:${w.port} (PL${w.paranoiaLevel})`).join('; '),
    );
    return state;
  } catch (error) {
    for (const pid of started) await stopNginx(pid).catch(() => undefined);
    if (wsOriginPid !== undefined) await stopWsOriginProcess(wsOriginPid).catch(() => undefined);
    await releaseOwnedDir(options.dir, LAB_KIND);
    throw error;
  }
}

/**
 * Stops every instance of the lab in `dir` and removes what `lab up` created there (the folder too when
 * `lab up` created it and nothing else is left). With `keep`, the files (logs) stay.
 * @returns false when there was no lab there.
 */
export async function labDown(dir: string, logger: Logger, keep = false): Promise<boolean> {
  const state = await readLabState(dir);
  if (!state) return false;
  const failures: string[] = [];
  // The WebSocket origin first: its held connections end, so nginx's graceful stop does not wait.
  const ws = state.wsOrigin;
  if (ws && (await isWsOriginOf(ws.pid, state.dir))) {
    try {
      await stopWsOriginProcess(ws.pid);
    } catch (error) {
      failures.push(`${ws.name}: ${(error as Error).message}`);
    }
  } else if (ws && isAlive(ws.pid)) {
    logger.warn(
      `PID ${ws.pid} (the lab's WebSocket origin in ${join(dir, STATE_FILE)}) is not that lab's origin; it was not signalled.`,
    );
  }
  for (const instance of allInstances(state)) {
    if (
      isAlive(instance.masterPid) &&
      !(await isMasterOf(instance.masterPid, instance.configFile))
    ) {
      logger.warn(
        `PID ${instance.masterPid} (lab instance "${instance.name}" in ${join(dir, STATE_FILE)}) is not that instance's nginx master; it was not signalled.`,
      );
      continue;
    }
    try {
      await stopNginx(instance.masterPid);
    } catch (error) {
      failures.push(`${instance.name}: ${(error as Error).message}`);
    }
  }

  if (failures.length > 0) {
    throw new WafGateError(
      'E_LAB_STOP',
      `Some lab instances did not stop: ${failures.join('; ')}`,
      { context: { dir } },
    );
  }
  if (keep) {
    await rm(join(dir, STATE_FILE), { force: true });
  } else if (!(await releaseOwnedDir(dir, LAB_KIND))) {
    // No marker: nothing proves waf-gate created these files, so none is removed.
    logger.warn(`Lab stopped; ${dir} has no waf-gate marker, so its files were left in place.`);
    return true;
  }
  logger.info(`Lab down${keep ? ` (files kept in ${dir})` : ''}.`);
  return true;
}

/** One line per instance: name, address, PID and whether it runs. */
export interface LabInstanceStatus {
  name: string;
  address: string;
  masterPid: number;
  running: boolean;
  paranoiaLevel?: number;
}

/** What runs in the lab folder, or null when there is no lab. */
export async function labStatus(
  dir: string,
): Promise<{ state: LabState; instances: LabInstanceStatus[] } | null> {
  const state = await readLabState(dir);
  if (!state) return null;
  const instances: LabInstanceStatus[] = allInstances(state).map((i) => ({
    name: i.name,
    address: `${i.host}:${i.port}`,
    masterPid: i.masterPid,
    running: isAlive(i.masterPid),
    ...('paranoiaLevel' in i ? { paranoiaLevel: (i as WafInstanceState).paranoiaLevel } : {}),
  }));
  if (state.wsOrigin)
    instances.push({
      name: state.wsOrigin.name,
      address: `${state.wsOrigin.host}:${state.wsOrigin.port}`,
      masterPid: state.wsOrigin.pid,
      running: isAlive(state.wsOrigin.pid),
    });
  return { state, instances };
}
