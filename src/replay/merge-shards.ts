/**
 * `waf-gate merge` / replay-traffic `merge`: the replay.json files of the shards of one pressure run
 * (several bench machines) combined exactly into one replay.json — counts summed, histograms merged,
 * windows aligned on the reference clock (each shard's times corrected by its measured offset), the
 * load shape summed and the shards listed. collect-metrics stop and compare-baseline read it as usual.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigError } from '../common/errors.js';
import { readJsonFile, writeJsonFile } from '../common/json-file.js';
import { clockCorrectionMs } from './clock.js';
import { mergeReplayResults } from './result.js';
import type { MergedShard, ReplayResult } from './types.js';
import { formatShaping } from './shaping/parse.js';

const RESULT_FILE = 'replay.json';
/** Folders are searched this deep for replay.json (download-artifact puts one folder per artifact). */
const MAX_DEPTH = 4;

/** One shard's result and the file it came from. */
export interface ShardResult {
  file: string;
  result: ReplayResult;
}

async function findIn(dir: string, depth: number, found: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isFile() && entry.name === RESULT_FILE) found.push(path);
    else if (entry.isDirectory() && depth < MAX_DEPTH) await findIn(path, depth + 1, found);
  }
}

/** The replay.json files named by `paths`: files as given, folders searched (sorted, deduplicated). */
export async function findReplayFiles(input: string, paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info)
      throw new ConfigError('No such file or folder.', {
        input,
        value: path,
        hint: 'Give the shards’ replay.json files, or the folder their artifacts were downloaded to.',
      });
    if (info.isDirectory()) {
      const before = found.length;
      await findIn(path, 1, found);
      if (found.length === before)
        throw new ConfigError(
          `No ${RESULT_FILE} in the folder (searched ${MAX_DEPTH} levels deep).`,
          {
            input,
            value: path,
          },
        );
    } else found.push(path);
  }
  return [...new Set(found.map((f) => resolve(f)))];
}

/** Reads a shard's replay.json, refusing what is not one. */
export async function readShardResult(file: string): Promise<ShardResult> {
  const result = await readJsonFile<ReplayResult>(file, 'replay result');
  if (
    typeof result !== 'object' ||
    result === null ||
    result.schema !== 'waf-gate/replay@1' ||
    typeof result.latency?.histogram !== 'string' ||
    !Array.isArray(result.windows)
  )
    throw new ConfigError('Not a replay.json of waf-gate (schema waf-gate/replay@1).', {
      file,
      hint: 'Give the replay.json each shard’s replay wrote.',
    });
  return { file, result };
}

const targetText = (r: ReplayResult): string =>
  `${r.target.tls ? 'https' : 'http'}://${r.target.host}:${r.target.port}`;

/** Fields the shards of one run share: name, how it reads, and its value. */
const SAME: ReadonlyArray<[string, (r: ReplayResult) => string]> = [
  ['mode', (r) => r.loadShape.mode],
  ['corpus', (r) => `fingerprint ${r.corpus.fingerprint.slice(0, 12)}`],
  ['target', targetText],
  ['domains', (r) => r.domains.join(', ')],
  ['keep-alive', (r) => String(r.loadShape.keepAlive)],
  [
    'duration',
    (r) => (r.loadShape.durationMs === undefined ? 'none' : `${r.loadShape.durationMs} ms`),
  ],
  // The merged result records one shaping: the shards must have run the same.
  ['shaping', (r) => (r.loadShape.shaping ? formatShaping(r.loadShape.shaping) : 'none')],
];

/** Refuses shards that are not parts of one run (see {@link SAME}), duplicates and missing shards. */
export function checkShards(shards: readonly ShardResult[]): void {
  const first = shards[0];
  if (!first || shards.length < 2)
    throw new ConfigError(
      `merge needs the replay.json of at least 2 shards; got ${shards.length}.`,
      {
        input: 'merge',
        value: shards.map((s) => s.file).join(', '),
      },
    );
  for (const shard of shards) {
    if (shard.result.loadShape.mode !== 'pressure')
      throw new ConfigError(
        'Only pressure-mode replays are merged: a quality replay sends every request once, on one machine.',
        { file: shard.file, value: shard.result.loadShape.mode },
      );
    for (const [name, read] of SAME)
      if (read(shard.result) !== read(first.result))
        throw new ConfigError(
          `Not a shard of the same run as ${first.file}: ${name} ${read(shard.result)} differs from ${read(first.result)}.`,
          {
            file: shard.file,
            hint: 'Merge only the shards of one sharded replay (same corpus, target, mode, domains, duration and shaping).',
          },
        );
    if ((shard.result.shard === undefined) !== (first.result.shard === undefined))
      throw new ConfigError(
        `${shard.result.shard ? 'A' : 'Not a'} shard (replay shard: i/n), unlike ${first.file}.`,
        { file: shard.file },
      );
  }
  if (first.result.shard === undefined) return;
  const count = first.result.shard.count;
  const seen = new Map<number, string>();
  for (const { file, result } of shards) {
    const shard = result.shard!;
    if (shard.count !== count)
      throw new ConfigError(
        `Shard ${shard.index}/${shard.count} is of a run of ${shard.count} shards, ${first.file} of ${count}.`,
        { file },
      );
    const other = seen.get(shard.index);
    if (other !== undefined)
      throw new ConfigError(`Shard ${shard.index}/${count} is given twice (also ${other}).`, {
        file,
      });
    seen.set(shard.index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new ConfigError(
      `Shard(s) ${missing.map((i) => `${i}/${count}`).join(', ')} missing: the merged run would lack their load.`,
      {
        input: 'merge',
        value: shards.map((s) => s.file).join(', '),
        hint: 'Download every shard’s artifact (a failed shard fails the sharded run: re-run it).',
      },
    );
}

/** A copy of `result` with its times moved onto the reference clock (see {@link clockCorrectionMs}). */
function onReferenceClock(result: ReplayResult): ReplayResult {
  const offsetMs = clockCorrectionMs(result.shard?.clock);
  const copy = structuredClone(result);
  copy.startedAtMs += offsetMs;
  copy.endedAtMs += offsetMs;
  for (const w of copy.windows) w.startMs += offsetMs;
  return copy;
}

function shardEntry({ file, result }: ShardResult, corrected: ReplayResult): MergedShard {
  const entry: MergedShard = {
    ...(result.shard ?? { index: 1, count: 1 }),
    runId: result.runId,
    source: file,
    connections: result.loadShape.connections,
    correctionMs: corrected.startedAtMs - result.startedAtMs,
    startedAtMs: corrected.startedAtMs,
    endedAtMs: corrected.endedAtMs,
    sent: result.totals.sent,
    completed: result.totals.completed,
    errors: result.totals.errors,
  };
  if (result.label !== undefined) entry.label = result.label;
  if (result.loadShape.rateRps !== undefined) entry.rateRps = result.loadShape.rateRps;
  if (result.shard?.startAtMs !== undefined)
    entry.startSkewMs = corrected.startedAtMs - result.shard.startAtMs;
  return entry;
}

/** Merges checked shards (see the module comment); pure. */
export function mergeShards(shards: readonly ShardResult[]): ReplayResult {
  checkShards(shards);
  const ordered = [...shards].sort(
    (a, b) => (a.result.shard?.index ?? 0) - (b.result.shard?.index ?? 0),
  );
  const corrected = ordered.map((s) => onReferenceClock(s.result));
  const merged = mergeReplayResults(corrected);
  delete merged.shard;
  delete merged.outcomesFile;
  merged.shards = ordered.map((s, i) => shardEntry(s, corrected[i]!));
  return merged;
}

/** What the merging step knows the shards must have replayed (the action's target and corpus inputs). */
export interface MergeExpectations {
  target?: { host: string; port: number; tls: boolean };
  /** Fingerprint of the corpus as loaded here. */
  corpusFingerprint?: string;
}

/** Refuses shards that replayed another target or corpus than the merging step was given. */
export function checkExpectations(shards: readonly ShardResult[], expect: MergeExpectations): void {
  for (const { file, result } of shards) {
    const t = expect.target;
    if (
      t &&
      (t.host !== result.target.host ||
        t.port !== result.target.port ||
        t.tls !== result.target.tls)
    )
      throw new ConfigError(
        `The shard replayed ${targetText(result)}, not the target given here (${t.tls ? 'https' : 'http'}://${t.host}:${t.port}).`,
        { file, input: 'target', hint: 'Give merge the target and corpus the shards replayed.' },
      );
    const f = expect.corpusFingerprint;
    if (f !== undefined && f !== result.corpus.fingerprint)
      throw new ConfigError(
        `The shard replayed corpus fingerprint ${result.corpus.fingerprint.slice(0, 12)}, not the corpus given here (${f.slice(0, 12)}).`,
        { file, input: 'corpus', hint: 'Give merge the target and corpus the shards replayed.' },
      );
  }
}

/** Reads, checks and merges the shards named by `paths`; writes `<outDir>/replay.json`. */
export async function mergeReplayFiles(
  paths: readonly string[],
  outDir: string,
  input = 'merge',
  expect: MergeExpectations = {},
): Promise<{ result: ReplayResult; path: string; files: string[] }> {
  const files = await findReplayFiles(input, paths);
  const path = join(resolve(outDir), RESULT_FILE);
  if (files.includes(path))
    throw new ConfigError('The merged replay.json would overwrite a shard’s.', {
      input: 'out-dir',
      value: outDir,
      hint: 'Give an out-dir other than the shards’ folders.',
    });
  const shards: ShardResult[] = [];
  for (const file of files) shards.push(await readShardResult(file));
  const result = mergeShards(shards);
  checkExpectations(shards, expect);
  await writeJsonFile(path, result);
  return { result, path, files };
}
