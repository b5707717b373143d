/**
 * `runCompare`: the compare stage as the CLI command and the compare-baseline action run it — resolve
 * the policy and the baseline, compare, write results.json + report.md, optionally save the baseline.
 * It sits in pipeline (above compare and report) because writing the report makes it depend on both.
 */
import { access } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { ConfigError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import {
  DirectoryBaselineStore,
  applyPolicyInputs,
  baselineKeyOf,
  compareRuns,
  defaultPolicy,
  loadFtwOverrides,
  loadPolicyFile,
  type BaselineQuery,
  type Comparison,
} from '../compare/index.js';
import type { CompareOptions } from '../compare/options.js';
import { loadRunDir } from '../compare/run-dir.js';
import { writeComparison, type WrittenComparison } from '../report/write.js';

/** What {@link runCompare} produced. */
export interface CompareRun {
  comparison: Comparison;
  written: WrittenComparison;
  /** Where the baseline came from (a directory), or null. */
  baselineDir: string | null;
  /** Where the candidate was saved as a baseline, when asked. */
  savedBaselineDir: string | null;
}

/**
 * Resolves the policy and the baseline, compares, writes results, and optionally saves the candidate as
 * a baseline. `foundBaselineDir` lets a caller (the action's artifact lookup) supply the baseline.
 */
export async function runCompare(
  options: CompareOptions,
  logger: Logger,
  foundBaselineDir: string | null = null,
  foundBaselineSource?: string,
): Promise<CompareRun> {
  const policy = applyPolicyInputs(
    options.policyFile ? await loadPolicyFile(options.policyFile) : defaultPolicy(),
    options.policyInputs,
  );
  let baselineDir = options.baselineDir ?? foundBaselineDir;
  if (options.baselineDir !== null) {
    try {
      await access(options.baselineDir);
    } catch (error) {
      throw new ConfigError('The baseline run directory does not exist.', {
        value: options.baselineDir,
        input: 'baseline',
        cause: error,
        hint: 'Check the path, or leave it out to get a neutral verdict.',
      });
    }
  }
  let noBaselineReason: string | undefined;
  let baselineSource = options.baselineDir === null ? foundBaselineSource : undefined;
  if (baselineDir === null && options.baselineStoreDir !== null) {
    const candidate = await loadRunDir(options.candidateDir, logger);
    const key = baselineKeyOf(candidate.record);
    const store = new DirectoryBaselineStore(options.baselineStoreDir);
    const query: BaselineQuery = {
      corpusFingerprint: key.corpusFingerprint,
      mode: key.mode,
      shapeHash: key.shapeHash,
      setupHash: key.setupHash,
      ...(options.baselineVersion !== null ? { version: options.baselineVersion } : {}),
    };
    baselineDir = await store.find(query);
    if (baselineDir === null) {
      noBaselineReason = `No baseline in ${options.baselineStoreDir} for corpus ${key.corpusFingerprint}, mode ${key.mode}, load shape ${key.shapeHash}, setup ${key.setupHash}${options.baselineVersion ? `, version ${options.baselineVersion}` : ''}: nothing to compare against yet.${options.saveBaseline ? ' This run is saved as the baseline for the next one.' : ''}`;
    } else {
      logger.info(`Baseline found in the store: ${baselineDir}`);
      baselineSource = `baseline store ${options.baselineStoreDir}, entry ${basename(baselineDir)} (exact key: corpus, mode, load shape, WAF host and domains${options.baselineVersion ? ', version' : ''})`;
    }
  }
  const ftwOverrides = options.ftwOverridesFile
    ? await loadFtwOverrides(options.ftwOverridesFile)
    : undefined;
  const comparison = await compareRuns(baselineDir, options.candidateDir, policy, {
    logger,
    ...(ftwOverrides ? { ftwOverrides } : {}),
    ...(noBaselineReason ? { noBaselineReason } : {}),
    ...(baselineSource ? { baselineSource } : {}),
  });
  const written = await writeComparison(comparison, resolve(options.outDir), {
    ...(options.artifactUrl ? { artifactUrl: options.artifactUrl } : {}),
  });
  let savedBaselineDir: string | null = null;
  if (options.saveBaseline && options.baselineStoreDir !== null) {
    const candidate = await loadRunDir(options.candidateDir, logger);
    savedBaselineDir = await new DirectoryBaselineStore(options.baselineStoreDir).save(
      baselineKeyOf(candidate.record),
      options.candidateDir,
    );
    logger.info(`Saved the candidate as a baseline: ${savedBaselineDir}`);
  }
  return { comparison, written, baselineDir, savedBaselineDir };
}
