/**
 * Loads a run directory (`run.json` + the replay/collect results it points at, see `types.ts`) and the
 * per-request records of its quality run (`outcomes.jsonl`, `joined.jsonl`).
 */
import { createReadStream } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CollectResult, JoinedRequest } from '../collect/index.js';
import { ConfigError } from '../common/errors.js';
import { readJsonFile } from '../common/json-file.js';
import type { Logger } from '../common/logger.js';
import type { ReplayResult, RequestOutcome } from '../replay/types.js';
import { checkCollectResult, checkReplayResult, checkRunRecord } from './run-schema.js';
import type { RunRecord } from './types.js';
import { pathExists } from '../common/fs.js';
import { readHoldResult, type HoldResult } from './hold-file.js';

/** One pressure round with its results. */
export interface LoadedRound {
  round: number;
  replay: ReplayResult;
  /** Null when the collect file is missing (collect failed): resources and CPU/request are then unknown. */
  collect: CollectResult | null;
}

/** A run directory in memory. */
export interface LoadedRun {
  dir: string;
  record: RunRecord;
  quality: {
    replay: ReplayResult;
    replayFile: string;
    collect: CollectResult | null;
    collectFile: string;
  } | null;
  rounds: LoadedRound[];
  /** Collect results of failed round attempts (run.json `failedRounds`): their crashes and findings count. */
  failedRounds?: { round: number; attempt: number; collect: CollectResult }[];
  /** The long-lived connection phase; null (or absent in older callers) when the run has no hold.json. */
  hold?: LoadedHold | null;
}

/** The hold phase of a run: hold.json and the WAF's collect.json of that phase. */
export interface LoadedHold {
  result: HoldResult;
  holdFile: string;
  /** Null when the phase was not collected (or its collect.json is gone). */
  collect: CollectResult | null;
}

/** True when `dir` holds a `run.json`. */
export async function isRunDir(dir: string): Promise<boolean> {
  return pathExists(join(dir, 'run.json'));
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Resolves a path named inside a run folder's documents (`field` of `file`) against `base`, and refuses
 * one that leaves the run folder `runDir` — by `..`, an absolute path or a symbolic link.
 */
export async function confinedPath(
  runDir: string,
  base: string,
  value: string,
  where: { file: string; field: string },
): Promise<string> {
  const root = resolve(runDir);
  const path = resolve(base, value);
  const refuse = (): never => {
    throw new ConfigError(
      `${where.field} points outside the run folder ${root}: ${JSON.stringify(value)}.`,
      {
        file: where.file,
        input: where.field,
        value,
        hint: 'Paths in a run folder are relative to it and stay inside it; correct the field.',
      },
    );
  };
  if (!isInside(root, path)) refuse();
  // A symbolic link inside the folder may still lead out: compare the real paths when the file exists.
  const realRoot = await realpath(root).catch(() => root);
  const realTarget = await realpath(path).catch(() => null);
  if (realTarget !== null && !isInside(realRoot, realTarget)) refuse();
  return path;
}

async function readCollect(path: string, logger: Logger): Promise<CollectResult | null> {
  if (!(await pathExists(path))) {
    logger.warn(
      `No collect results at ${path}: resources and WAF CPU per request are unknown for it.`,
    );
    return null;
  }
  return checkCollectResult(
    await readJsonFile<unknown>(path, 'collect results (collect.json)'),
    path,
  );
}

async function readReplay(path: string, what: string): Promise<ReplayResult> {
  return checkReplayResult(await readJsonFile<unknown>(path, what), path);
}

/** Reads and checks `run.json` of a run folder. */
export async function readRunRecord(dir: string): Promise<RunRecord> {
  const runFile = join(dir, 'run.json');
  const doc = await readJsonFile<unknown>(runFile, 'run record (run.json)');
  const schema = (doc as { schema?: unknown } | null)?.schema;
  if (typeof schema === 'string' && schema !== 'waf-gate/run@1') {
    throw new ConfigError(
      `Unsupported run record schema ${JSON.stringify(schema)}; expected "waf-gate/run@1".`,
      {
        file: runFile,
        hint: 'The run directory was written by an incompatible waf-gate version; re-run it.',
      },
    );
  }
  return checkRunRecord(doc, runFile);
}

/** Reads `run.json` and every replay/collect result it names (all inside the run folder). */
export async function loadRunDir(dir: string, logger: Logger): Promise<LoadedRun> {
  const runFile = join(dir, 'run.json');
  const record = await readRunRecord(dir);
  const inRun = (value: string, field: string): Promise<string> =>
    confinedPath(dir, dir, value, { file: runFile, field });
  let quality: LoadedRun['quality'] = null;
  if (record.quality) {
    const replayFile = await inRun(record.quality.replayFile, 'quality.replayFile');
    const collectFile = await inRun(record.quality.collectFile, 'quality.collectFile');
    quality = {
      replay: await readReplay(replayFile, 'quality replay results (replay.json)'),
      replayFile,
      collect: await readCollect(collectFile, logger),
      collectFile,
    };
  }
  const rounds: LoadedRound[] = [];
  const refs = [...record.rounds.entries()].sort(([, a], [, b]) => a.round - b.round);
  for (const [index, ref] of refs) {
    rounds.push({
      round: ref.round,
      replay: await readReplay(
        await inRun(ref.replayFile, `rounds[${index}].replayFile`),
        `round ${ref.round} replay results`,
      ),
      collect: await readCollect(
        await inRun(ref.collectFile, `rounds[${index}].collectFile`),
        logger,
      ),
    });
  }
  const failedRounds: NonNullable<LoadedRun['failedRounds']> = [];
  for (const [index, ref] of (record.failedRounds ?? []).entries()) {
    if (ref.collectFile === undefined) continue;
    const file = await inRun(ref.collectFile, `failedRounds[${index}].collectFile`);
    const collect = await readCollect(file, logger);
    if (collect) failedRounds.push({ round: ref.round, attempt: ref.attempt, collect });
  }
  return { dir, record, quality, rounds, failedRounds, hold: await loadHold(dir, record, logger) };
}

/**
 * The hold phase named by run.json `hold`, or — for a run folder written by hand (`waf-gate replay --mode
 * hold --out-dir <run>/hold`) — `hold/hold.json` when it exists. Null when the run has none.
 */
async function loadHold(
  dir: string,
  record: RunRecord,
  logger: Logger,
): Promise<LoadedHold | null> {
  const runFile = join(dir, 'run.json');
  let holdFile: string;
  let collectFile: string | null;
  if (record.hold !== undefined) {
    holdFile = await confinedPath(dir, dir, record.hold.holdFile, {
      file: runFile,
      field: 'hold.holdFile',
    });
    collectFile =
      record.hold.collectFile === undefined
        ? null
        : await confinedPath(dir, dir, record.hold.collectFile, {
            file: runFile,
            field: 'hold.collectFile',
          });
  } else {
    holdFile = join(dir, 'hold', 'hold.json');
    if (!(await pathExists(holdFile))) return null;
    collectFile = join(dir, 'hold', 'collect.json');
  }
  const result = await readHoldResult(holdFile);
  const collect = collectFile === null ? null : await readCollect(collectFile, logger);
  return { result, holdFile, collect };
}

/** Reads a JSONL file line by line; a malformed line is a ConfigError naming file and line. */
export async function* readJsonLines<T>(file: string): AsyncGenerator<T> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      try {
        yield JSON.parse(line) as T;
      } catch (error) {
        throw new ConfigError('A line of the JSONL file is not valid JSON.', {
          file,
          line: lineNumber,
          cause: error,
        });
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError('Cannot read the JSONL file.', {
        file,
        cause: error,
        hint: 'It is produced by replay/collect; check the run directory.',
      });
    }
    throw error;
  } finally {
    lines.close();
    stream.destroy();
  }
}

/** What the quality comparison needs about one request on one build. */
export interface RequestRecord {
  entryKey: string;
  domain: string;
  status: number | null;
  error: string | null;
  /** From collect's join; undefined when there is no join. */
  blocked?: boolean;
  /**
   * Why this request has no joined log line although the run has a join (`no-id`: sent without an id,
   * e.g. HTTP/0.9; `no-log-line`, `duplicate`, and after a failed join by connection
   * `no-id-no-port-match`, `ambiguous-port`, `port-lines-dropped`: see collect's join). Undefined
   * when joined or no join.
   */
  unjoined?: string;
  /** `port`: collect joined it by connection (`$remote_port`), not by its id. */
  joinedBy?: 'port';
  ruleIds: string[];
  origin: RequestOutcome['origin'] | null;
  method: string;
  target: string;
}

/** Per-request records of a run's quality part, keyed by `entryKey \n domain`. */
export interface RequestRecords {
  source: 'joined' | 'outcomes';
  records: Map<string, RequestRecord>;
  /** Records for an already-seen (entryKey, domain): the first one is kept. */
  duplicates: number;
}

/** The key of a request across builds. */
export function requestKey(entryKey: string, domain: string): string {
  return `${entryKey}\n${domain}`;
}

/** Reads outcomes.jsonl and (when collect joined) joined.jsonl of a loaded run's quality part. */
export async function readRequestRecords(run: LoadedRun): Promise<RequestRecords | null> {
  if (!run.quality) return null;
  const { replay, replayFile, collect, collectFile } = run.quality;
  const joinedFile = collect?.join?.joinedFile
    ? await confinedPath(run.dir, dirname(collectFile), collect.join.joinedFile, {
        file: collectFile,
        field: 'join.joinedFile',
      })
    : null;
  const joinedById = new Map<string, JoinedRequest>();
  // Rows of requests sent without an id are keyed by their outcome line (a newline cannot be in an id).
  if (joinedFile)
    for await (const j of readJsonLines<JoinedRequest>(joinedFile))
      joinedById.set(j.outcomeLine !== undefined ? `\n${j.outcomeLine}` : j.id, j);
  const records = new Map<string, RequestRecord>();
  let duplicates = 0;
  const add = (record: RequestRecord): void => {
    const key = requestKey(record.entryKey, record.domain);
    if (records.has(key)) duplicates += 1;
    else records.set(key, record);
  };
  if (replay.outcomesFile) {
    const outcomesFile = await confinedPath(run.dir, dirname(replayFile), replay.outcomesFile, {
      file: replayFile,
      field: 'outcomesFile',
    });
    let line = 0;
    for await (const o of readJsonLines<RequestOutcome>(outcomesFile)) {
      line += 1;
      const j = joinedById.get(o.id === null ? `\n${line}` : o.id);
      const unjoined = !joinedFile
        ? undefined
        : (j?.missingReason ?? (j ? undefined : o.id === null ? 'no-id' : 'no-log-line'));
      add({
        entryKey: o.entryKey,
        domain: o.domain,
        // What the client saw decides: a 499 in the WAF log for a request the client gave up on is "no answer".
        status: o.status,
        error: o.error,
        ...(j ? { blocked: j.blocked } : {}),
        ...(unjoined !== undefined ? { unjoined } : {}),
        ...(j?.joinedBy === 'port' ? { joinedBy: 'port' as const } : {}),
        ruleIds: j?.ruleIds ?? [],
        origin: o.origin,
        method: o.method,
        target: o.target,
      });
    }
  } else if (joinedById.size > 0) {
    for (const j of joinedById.values()) {
      add({
        entryKey: j.entryKey,
        domain: j.domain,
        status: j.replayStatus ?? j.wafStatus,
        error: j.replayStatus === null ? 'no-answer' : null,
        blocked: j.blocked,
        ruleIds: j.ruleIds ?? [],
        origin: null,
        method: '',
        target: j.entryKey,
      });
    }
  } else {
    return null;
  }
  return { source: joinedById.size > 0 ? 'joined' : 'outcomes', records, duplicates };
}
