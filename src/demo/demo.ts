/**
 * `waf-gate demo`: the whole gate on the local lab. Lab up (baseline CRS PL1, candidate PL2 or the
 * baseline build again for A/A), quality pass and interleaved pressure rounds with collection,
 * comparison, report.md + results.json, lab down — on success, failure and Ctrl-C alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareRuns, defaultPolicy, type Comparison, type GatePolicy } from '../compare/index.js';
import type { Logger } from '../common/logger.js';
import { claimOwnedDir, recordOwnedEntries, type OwnedDir } from '../common/owned-dir.js';
import type { CorpusSourceSpec } from '../corpus/types.js';
import { labDown, labUp, type LabState, type WafInstanceState } from '../lab/index.js';
import { runPipeline, type BuildTarget } from '../pipeline/index.js';
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

function targetOf(waf: WafInstanceState, label: string): BuildTarget {
  return {
    label,
    version: `lab:crs-pl${waf.paranoiaLevel}`,
    description: waf.description,
    address: { host: waf.host, port: waf.port, tls: false },
    accessLog: waf.accessLog,
    errorLog: waf.errorLog,
    logFormat: 'waf-gate-lab',
    masterPidFile: waf.pidFile,
  };
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
  const candidatePl = options.candidate === 'baseline' ? 1 : 2;
  let lab: LabState | undefined;
  try {
    lab = await labUp(
      {
        dir: labDir,
        installPackages: options.installPackages,
        wafs: [
          { name: 'baseline', paranoiaLevel: 1, workers: options.workers },
          { name: 'candidate', paranoiaLevel: candidatePl, workers: options.workers },
        ],
      },
      logger,
    );
    const [baselineWaf, candidateWaf] = lab.wafs as [WafInstanceState, WafInstanceState];
    const runId = `demo-${Date.now().toString(36)}`;
    await runPipeline(
      [targetOf(baselineWaf, 'baseline'), targetOf(candidateWaf, 'candidate')],
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
        environment: {
          lab: 'local (nginx + ModSecurity + OWASP CRS from Debian, private prefixes on 127.0.0.1)',
          ...lab.versions,
          node: process.version,
          cpus: String(cpus().length),
        },
      },
      { logger, ...(signal ? { signal } : {}) },
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
