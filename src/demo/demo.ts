/**
 * `waf-gate demo`: the whole gate on the local lab, through the root action's fresh A/B path. Lab up
 * (one WAF instance), two lab builds written as folder packages (baseline CRS PL1; candidate PL2, or
 * the baseline build again for A/A), then `runFreshAb`: install-waf installs the baseline, quality pass,
 * installs the candidate, quality pass, pressure rounds B A, A B, … with an install before every switch,
 * each collected on the WAF; comparison, report.md + report.html + results.json; restore and lab down —
 * on success, failure and Ctrl-C alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareRuns, defaultPolicy, type Comparison, type GatePolicy } from '../compare/index.js';
import type { Logger } from '../common/logger.js';
import { claimOwnedDir, recordOwnedEntries, type OwnedDir } from '../common/owned-dir.js';
import type { CorpusSourceSpec } from '../corpus/types.js';
import {
  labDown,
  labInstallInputs,
  labUp,
  writeLabBuild,
  type LabBuildSpec,
  type LabState,
} from '../lab/index.js';
import { rawInputsFrom } from '../install/options.js';
import { freshAbInstalls, runFreshAb } from '../pipeline/index.js';
import { writeComparison } from '../report/index.js';
import { demoCorpusDir } from './package-root.js';
import { DEMO_SCHEMA } from './schema.js';

/** The kind of the ownership marker of a demo results folder (see common/owned-dir.ts). */
const DEMO_OUT_KIND = 'demo-output';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /**
   * Results folder: new, empty, or one an earlier demo created (its `.waf-gate-owned` marker lists the
   * files it wrote; only those are replaced). @default out/demo
   */
  outDir: string;
  /** `pl2` (default): the candidate is CRS PL2. `baseline`: the candidate is the baseline build (A/A). */
  candidate: 'pl2' | 'baseline';
  /** Pressure rounds per build (5 lets the rank test reach p < 0.05). @default 5 */
  rounds: number;
  /** Duration of each pressure round. @default 2000 */
  roundDurationMs: number;
  /** Connections of the pressure rounds. @default 16 */
  connections: number;
  /** nginx workers per WAF. @default 1 */
  workers: number;
  /** Corpus sources; the bundled demo corpus by default. */
  corpus: CorpusSourceSpec[];
  /** Install missing lab packages when root. @default true */
  installPackages: boolean;
  policy: GatePolicy;
}

/** {@link DemoOptions} from typed values, the rest from the schema's defaults. */
export function demoOptions(overrides: Partial<DemoOptions> = {}): DemoOptions {
  return {
    outDir: resolve(overrides.outDir ?? DEMO_SCHEMA.out.default),
    candidate: overrides.candidate ?? DEMO_SCHEMA.candidate.default,
    rounds: overrides.rounds ?? DEMO_SCHEMA.rounds.default,
    roundDurationMs: overrides.roundDurationMs ?? DEMO_SCHEMA['round-duration'].default,
    connections: overrides.connections ?? DEMO_SCHEMA.connections.default,
    workers: overrides.workers ?? DEMO_SCHEMA.workers.default,
    corpus: overrides.corpus ?? [{ pattern: demoCorpusDir() }],
    installPackages: overrides.installPackages ?? !DEMO_SCHEMA['no-install'].default,
    policy: overrides.policy ?? defaultPolicy(),
  };
}

/** The lab builds the demo installs: CRS PL1 and PL2 (the same PL1 build twice for A/A). */
function demoBuilds(candidate: DemoOptions['candidate']): {
  baseline: LabBuildSpec;
  candidate: LabBuildSpec;
} {
  const pl1: LabBuildSpec = { name: 'crs-pl1', version: 'lab-crs-pl1', paranoiaLevel: 1 };
  const pl2: LabBuildSpec = { name: 'crs-pl2', version: 'lab-crs-pl2', paranoiaLevel: 2 };
  return { baseline: pl1, candidate: candidate === 'baseline' ? pl1 : pl2 };
}

/** What the demo produced. */
export interface DemoResult {
  comparison: Comparison;
  outDir: string;
  reportFile: string;
  /** report.html: the same comparison with charts. */
  htmlFile: string;
  resultsFile: string;
}

/** Runs the demo; the lab is always taken down before this settles. */
export async function runDemo(
  options: DemoOptions,
  deps: { logger: Logger; signal?: AbortSignal },
): Promise<DemoResult> {
  const { logger, signal } = deps;
  // Before anything starts: refuse a results folder the demo did not create; in one it did, only the
  // previous demo's files are removed.
  const out: OwnedDir = await claimOwnedDir(options.outDir, {
    kind: DEMO_OUT_KIND,
    input: '--out',
  });
  const labDir = await mkdtemp(join(tmpdir(), 'waf-gate-demo-lab-'));
  let lab: LabState | undefined;
  try {
    lab = await labUp(
      {
        dir: labDir,
        installPackages: options.installPackages,
        wafs: [{ name: 'waf', paranoiaLevel: 1, workers: options.workers }],
      },
      logger,
    );
    const waf = lab.wafs[0]!;
    const builds = demoBuilds(options.candidate);
    const packagesDir = join(labDir, 'packages');
    const baselinePackage = await writeLabBuild(packagesDir, builds.baseline);
    const candidatePackage = await writeLabBuild(packagesDir, builds.candidate);
    const runId = `demo-${Date.now().toString(36)}`;
    // The install settings a user gives install-waf for their WAF host, here for the lab's instance.
    const installs = await freshAbInstalls(
      { package: candidatePackage, baselinePackage, leaveOn: 'candidate' },
      rawInputsFrom({
        ...labInstallInputs(lab, waf, {
          stateFile: join(labDir, 'install-state.json'),
          lockFile: join(labDir, 'install-lock.json'),
        }),
        'run-id': runId,
      }),
    );
    await runFreshAb(
      {
        address: { host: waf.host, port: waf.port, tls: false },
        accessLog: waf.accessLog,
        errorLog: waf.errorLog,
        logFormat: 'waf-gate-lab',
        masterPidFile: waf.pidFile,
      },
      {
        outDir: options.outDir,
        runId,
        corpus: options.corpus,
        domains: lab.domains,
        quality: true,
        rounds: options.rounds,
        pressure: {
          domain: lab.domains[0]!,
          connections: options.connections,
          durationMs: options.roundDurationMs,
          keepAlive: true,
        },
        wafHost: `lab:${waf.host}:${waf.port}`,
        environment: {
          lab: 'local (nginx + ModSecurity + OWASP CRS from Debian, private prefixes on 127.0.0.1)',
          ...lab.versions,
          node: process.version,
          cpus: String(cpus().length),
        },
      },
      {
        ...installs,
        descriptions: {
          baseline: `${waf.description.replace(/, PL\d$/, '')}, lab build CRS PL${builds.baseline.paranoiaLevel}`,
          candidate: `${waf.description.replace(/, PL\d$/, '')}, lab build CRS PL${builds.candidate.paranoiaLevel}`,
        },
      },
      { logger, ...(signal ? { signal } : {}), restoreAtEnd: true },
    );
    const comparison = await compareRuns(
      join(options.outDir, 'baseline'),
      join(options.outDir, 'candidate'),
      options.policy,
      { logger },
    );
    const written = await writeComparison(comparison, options.outDir);
    return {
      comparison,
      outDir: options.outDir,
      reportFile: written.reportFile,
      htmlFile: written.htmlFile,
      resultsFile: written.resultsFile,
    };
  } finally {
    await recordOwnedEntries(out).catch((error: unknown) =>
      logger.warn(`Cannot record the demo's files in ${out.dir}: ${String(error)}`),
    );
    if (lab)
      await labDown(labDir, logger).catch((error: unknown) =>
        logger.warn(`Lab down failed: ${String(error)}`),
      );
    await rm(labDir, { recursive: true, force: true });
  }
}
