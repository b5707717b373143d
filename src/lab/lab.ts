/**
 * `lab up|down|status`: an origin and WAF instances on loopback, each a private nginx prefix under one
 * lab folder, described by `lab.json`. Nothing outside the folder is touched.
 */
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, WafGateError } from '../common/errors.js';
import { readJsonFile, writeJsonFile } from '../common/json-file.js';
import type { Logger } from '../common/logger.js';
import {
  crsRulesConfig,
  LAB_LOG_FORMAT,
  modsecurityConfig,
  originConfig,
  wafConfig,
} from './config.js';
import {
  isAlive,
  nginxPaths,
  startNginx,
  stopNginx,
  testConfig,
  waitHealthy,
  type NginxPaths,
} from './nginx.js';
import { ensureLabPackages, LAB_FILES, labVersions } from './packages.js';
import { reservePort } from './ports.js';
import type {
  InstanceState,
  LabOptions,
  LabState,
  WafInstanceSpec,
  WafInstanceState,
} from './types.js';

const HOST = '127.0.0.1';
const STATE_FILE = 'lab.json';

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

function validate(options: LabOptions): void {
  const names = new Set<string>();
  for (const waf of options.wafs) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(waf.name)) {
      throw new ConfigError('A lab instance name must be lower-case letters, digits and dashes.', {
        input: 'name',
        value: waf.name,
      });
    }
    if (names.has(waf.name) || waf.name === 'origin' || waf.name === 'modsec') {
      throw new ConfigError('Lab instance names must be unique and not "origin" or "modsec".', {
        input: 'name',
        value: waf.name,
      });
    }
    names.add(waf.name);
    if (!Number.isInteger(waf.paranoiaLevel) || waf.paranoiaLevel < 1 || waf.paranoiaLevel > 4) {
      throw new ConfigError('The CRS paranoia level is 1, 2, 3 or 4.', {
        input: `${waf.name}.paranoiaLevel`,
        value: waf.paranoiaLevel,
      });
    }
    if (!Number.isInteger(waf.workers) || waf.workers < 1 || waf.workers > 64) {
      throw new ConfigError('Workers must be a whole number from 1 to 64.', {
        input: `${waf.name}.workers`,
        value: waf.workers,
      });
    }
  }
  for (const domain of options.domains) {
    if (!/^[A-Za-z0-9.-]+$/.test(domain)) {
      throw new ConfigError('A lab domain may hold letters, digits, dots and dashes only.', {
        input: 'domains',
        value: domain,
      });
    }
  }
  if (options.domains.length === 0)
    throw new ConfigError('The lab needs at least one domain.', { input: 'domains' });
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

async function prepareFolders(paths: NginxPaths): Promise<void> {
  for (const sub of ['conf', 'logs', 'tmp'])
    await mkdir(join(paths.prefix, sub), { recursive: true, mode: 0o755 });
}

/**
 * Starts the lab. Refuses when a lab already runs in the folder; on any failure stops what it
 * started and removes the folder.
 */
export async function labUp(input: Partial<LabOptions>, logger: Logger): Promise<LabState> {
  const options = labOptions(input);
  validate(options);
  const existing = await readLabState(options.dir).catch(() => null);
  if (existing && allInstances(existing).some((i) => isAlive(i.masterPid))) {
    const ports = allInstances(existing)
      .map((i) => `${i.name}=${i.port}`)
      .join(', ');
    throw new ConfigError(`A lab is already running in ${options.dir} (${ports}).`, {
      hint: `Use it as it is, or stop it first with: waf-gate lab down --dir ${options.dir}`,
    });
  }
  if (existing) {
    logger.warn(`Removing the remains of a lab that is no longer running in ${options.dir}.`);
  }
  await ensureLabPackages(options.installPackages ?? true, logger);
  await rm(options.dir, { recursive: true, force: true });
  await mkdir(options.dir, { recursive: true, mode: 0o755 });
  await chmod(options.dir, 0o755); // workers run as nobody when the master is root

  const started: number[] = [];
  try {
    const originPort = await reservePort(HOST, options.originPort, '--origin-port');
    const originPaths = nginxPaths(join(options.dir, 'origin'));
    await prepareFolders(originPaths);
    await writeFile(originPaths.configFile, originConfig(HOST, originPort, options.domains));

    const modsecDir = join(options.dir, 'modsec');
    const modsecTmp = join(modsecDir, 'tmp');
    await mkdir(modsecTmp, { recursive: true });
    await chmod(modsecDir, 0o755);
    await chmod(modsecTmp, 0o1777);
    await copyFile(LAB_FILES.unicodeMapping.path, join(modsecDir, 'unicode.mapping'));
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
      const instanceConf = join(auditDir, 'modsecurity.conf');
      const auditLog = join(auditDir, 'audit.log');
      const unicodeMapping = join(modsecDir, 'unicode.mapping');
      await writeFile(
        instanceConf,
        modsecurityConfig(shipped, { auditLog, tmpDir: modsecTmp, unicodeMapping }),
      );
      const rulesFile = join(auditDir, 'rules.conf');
      await writeFile(rulesFile, crsRulesConfig(instanceConf, spec.paranoiaLevel, spec.extraRules));
      await writeFile(
        paths.configFile,
        wafConfig({
          host: HOST,
          port,
          originPort,
          workers: spec.workers,
          rulesFile,
          domains: options.domains,
        }),
      );
      wafs.push({ spec, paths, port, rulesFile, auditLog });
    }
    const ports = [originPort, ...wafs.map((w) => w.port)];
    if (new Set(ports).size !== ports.length) {
      throw new ConfigError(`Two lab instances were given the same port (${ports.join(', ')}).`, {
        hint: 'Give each instance its own port.',
      });
    }

    await testConfig('origin', originPaths);
    for (const waf of wafs) await testConfig(waf.spec.name, waf.paths);

    const versions = await labVersions();
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
          (waf.spec.extraRules ? ', extra rules' : ''),
      });
    }
    const state: LabState = {
      schema: 'waf-gate/lab@1',
      dir: options.dir,
      startedAtMs: Date.now(),
      domains: options.domains,
      origin,
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
    await rm(options.dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Stops every instance of the lab in `dir` and removes the folder. With `keep`, the folder (logs) stays.
 * @returns false when there was no lab there.
 */
export async function labDown(dir: string, logger: Logger, keep = false): Promise<boolean> {
  const state = await readLabState(dir);
  if (!state) return false;
  const failures: string[] = [];
  for (const instance of allInstances(state)) {
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
  if (keep) await rm(join(dir, STATE_FILE), { force: true });
  else await rm(dir, { recursive: true, force: true });
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
  const instances = allInstances(state).map((i) => ({
    name: i.name,
    address: `${i.host}:${i.port}`,
    masterPid: i.masterPid,
    running: isAlive(i.masterPid),
    ...('paranoiaLevel' in i ? { paranoiaLevel: (i as WafInstanceState).paranoiaLevel } : {}),
  }));
  return { state, instances };
}
