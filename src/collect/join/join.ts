/**
 * Joins every replayed request (replay's outcomes.jsonl) to its access-log line by the request id:
 * sent = joined + missing (reasons: no-id, no-log-line, duplicate). Log ids no request carried are
 * unexpected. A request whose id cannot reach the log (replay sent it on a connection of its own:
 * `ownConnection`) and found none is joined by connection instead when the log has `$remote_port`
 * (port-lines.ts): joined (`joinedBy: 'port'`), or missing with `no-id-no-port-match`,
 * `ambiguous-port` or `port-lines-dropped`. Writes joined.jsonl (one {@link JoinedRequest} per sent
 * request, in the outcomes' order).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { ConfigError } from '../../common/errors.js';
import type { RequestOutcome } from '../../replay/types.js';
import type { CollectResult, JoinedRequest } from '../types.js';
import type { PortJoinReason, PortLines } from './port-lines.js';

/** Why a sent request has no joined log line. */
export type MissingReason = 'no-id' | 'no-log-line' | 'duplicate' | PortJoinReason;

/** What the join found. */
export interface JoinSummary extends NonNullable<CollectResult['join']> {
  /** Up to `listLimit` unexpected ids. */
  unexpectedIds: string[];
}

/** Options for {@link joinOutcomes}. */
export interface JoinOptions {
  outcomesFile: string;
  joinedFile: string;
  anomalyStatuses: readonly number[];
  /** `$request_id` -> rule ids (from the error log). */
  ruleIds?: ReadonlyMap<string, string[]>;
  /** @default 100 */
  listLimit?: number;
}

/**
 * The access log's per-id records as the join reads them: record k is the k-th distinct request id the
 * log carried. The analyzer (analyze/AccessAnalyzer) provides them; the join names only what it reads, so
 * join/ depends on nothing above it.
 */
export interface LoggedRequests {
  /** Record index of `id`, or -1 when no log line carried it. */
  find(id: string): number;
  statusAt(k: number): number;
  upstreamAt(k: number): string | null;
  /** True when the WAF answered itself (no upstream status on the line). */
  noUpstreamAt(k: number): boolean;
  /** Log lines that carried record k's id (more than 1: duplicate). */
  linesAt(k: number): number;
  /** `$request_id` of record k, when the format logs it. */
  requestIdAt(k: number): string | null;
  /** Every record, for the ids no sent request carried. */
  records(): Iterable<{ id: string }>;
  /** Lines without an id by the client's port (null/absent: the format has no `$remote_port`). */
  readonly portLines?: PortLines | null;
}

/** What a joined row reads of its log line: the per-id records, or the lines joined by connection. */
type LogLines = Pick<LoggedRequests, 'statusAt' | 'upstreamAt' | 'noUpstreamAt' | 'requestIdAt'>;

/** Fills `row` from log line `at` of `lines`: statuses, the blocked verdict and the rules fired. */
function fillFromLine(
  row: JoinedRequest,
  lines: LogLines,
  at: number,
  anomaly: ReadonlySet<number>,
  ruleIds: JoinOptions['ruleIds'],
): void {
  const status = lines.statusAt(at);
  row.wafStatus = status;
  row.upstreamStatus = lines.upstreamAt(at);
  row.blocked = anomaly.has(status) && lines.noUpstreamAt(at);
  const rid = ruleIds && ruleIds.size > 0 ? lines.requestIdAt(at) : null;
  const rules = rid !== null ? ruleIds?.get(rid) : undefined;
  if (rules) row.ruleIds = rules;
}

/** Reads outcomes line by line (the file can be large), joins, and writes joinedFile. */
export async function joinOutcomes(
  analyzer: LoggedRequests,
  options: JoinOptions,
): Promise<JoinSummary> {
  const anomaly = new Set(options.anomalyStatuses);
  const out = createWriteStream(options.joinedFile);
  // A failing write (full disk, a folder that is a file) surfaces here, never as an unhandled event.
  let writeError: Error | undefined;
  out.on('error', (error) => {
    writeError ??= error;
  });
  const sentIds = new Set<string>();
  const missingByReason: Record<string, number> = {};
  let sent = 0;
  let joined = 0;
  let joinedByPort = 0;
  let lineNumber = 0;
  const input = createReadStream(options.outcomesFile);
  const opened = once(input, 'open').catch((error: unknown) => {
    throw new ConfigError('Cannot read the replay outcomes file.', {
      file: options.outcomesFile,
      cause: error,
      hint: 'Pass the outcomes.jsonl written by replay-traffic (or its replay.json).',
    });
  });
  try {
    await opened;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      let outcome: RequestOutcome;
      try {
        outcome = JSON.parse(line) as RequestOutcome;
      } catch (error) {
        throw new ConfigError('A line of the outcomes file is not JSON.', {
          file: options.outcomesFile,
          line: lineNumber,
          cause: error,
        });
      }
      sent += 1;
      const row: JoinedRequest = {
        id: outcome.id ?? '',
        domain: outcome.domain,
        entryKey: outcome.entryKey,
        replayStatus: outcome.status,
        wafStatus: null,
        upstreamStatus: null,
        blocked: false,
      };
      let reason: MissingReason | null = null;
      const k = outcome.id === null ? -1 : analyzer.find(outcome.id);
      if (outcome.id === null) reason = 'no-id';
      else if (sentIds.has(outcome.id) || (k >= 0 && analyzer.linesAt(k) > 1)) reason = 'duplicate';
      else if (k < 0) reason = 'no-log-line';
      if (outcome.id !== null) sentIds.add(outcome.id);
      else row.outcomeLine = sent;
      const ports = analyzer.portLines;
      if (
        (reason === 'no-id' || reason === 'no-log-line') &&
        outcome.ownConnection === true &&
        outcome.localPort !== undefined &&
        ports
      ) {
        const match = ports.match(
          outcome.localPort,
          outcome.localAddress,
          outcome.startedAtMs,
          outcome.startedAtMs + outcome.latencyUs / 1000,
        );
        if ('reason' in match) reason = match.reason;
        else {
          reason = null;
          joinedByPort += 1;
          row.joinedBy = 'port';
          fillFromLine(row, ports, match.line, anomaly, options.ruleIds);
        }
      }
      if (k >= 0) fillFromLine(row, analyzer, k, anomaly, options.ruleIds);
      if (reason === null) joined += 1;
      else {
        missingByReason[reason] = (missingByReason[reason] ?? 0) + 1;
        row.missingReason = reason;
      }
      if (writeError !== undefined) throw writeError;
      if (!out.write(`${JSON.stringify(row)}\n`)) await once(out, 'drain');
    }
  } finally {
    out.end();
    await finished(out).catch((error: unknown) => {
      writeError ??= error instanceof Error ? error : new Error(String(error));
    });
    input.destroy();
  }
  if (writeError !== undefined) throw writeError;
  const limit = options.listLimit ?? 100;
  const unexpectedIds: string[] = [];
  let unexpected = 0;
  for (const record of analyzer.records()) {
    if (sentIds.has(record.id)) continue;
    unexpected += 1;
    if (unexpectedIds.length < limit) unexpectedIds.push(record.id);
  }
  return {
    sent,
    joined,
    ...(analyzer.portLines ? { joinedByPort } : {}),
    missing: sent - joined,
    unexpected,
    missingByReason,
    unexpectedIds,
  };
}
