/**
 * Missing data on either side makes a metric unknown, never a measurement: a process group nobody
 * sampled has no CPU time (its 0 ms would read as "−100 %"), a log that gave no line has no verdicts.
 * Collect records what it missed (`CollectResult.missing`); older results are judged by their data.
 */
import type { CollectResult, ProcessGroupStats } from '../collect/index.js';
import type { LoadedRun, RequestRecords } from './run-dir.js';

/** Why a group's CPU and memory are missing in one collect result, or null when they are there. */
export function groupMissing(collect: CollectResult, group: ProcessGroupStats): string | null {
  const listed = collect.missing?.find((m) => m.metric === 'processes' && m.group === group.name);
  if (listed) return listed.reason;
  if (group.pids.length === 0) return `no process of group "${group.name}" was sampled`;
  if (group.cpuPct.samples === 0)
    return `no sample of group "${group.name}" in the loaded interval`;
  return null;
}

/** Why the access log of a collect result gave no data, or null. */
export function accessLogMissing(collect: CollectResult | null): string | null {
  if (collect === null) return null;
  const listed = collect.missing?.find((m) => m.metric === 'access-log');
  if (listed) return listed.reason;
  // Older results without `missing`: no request at all found in the log means no log verdicts.
  if (collect.join && collect.join.sent > 0 && collect.join.joined === 0)
    return `none of the ${collect.join.sent} requests sent was found in ${collect.log.path}`;
  return null;
}

/** `side round 1, 2: reason; …` from (side, round, reason) triples, at most `max` groups. */
export function summarizeMissing(
  items: readonly { side: 'baseline' | 'candidate'; round: number; reason: string }[],
  max = 3,
): string {
  const grouped = new Map<string, number[]>();
  for (const item of items) {
    const key = `${item.side}\n${item.reason}`;
    grouped.set(key, [...(grouped.get(key) ?? []), item.round]);
  }
  const parts = [...grouped].map(([key, rounds]) => {
    const [side, reason] = key.split('\n') as [string, string];
    return `${side} round${rounds.length > 1 ? 's' : ''} ${rounds.join(', ')}: ${reason}`;
  });
  return parts.length > max
    ? `${parts.slice(0, max).join('; ')}; and ${parts.length - max} more`
    : parts.join('; ');
}

/**
 * The quality parts' missing access logs, and the records with the log's verdict (`blocked`) removed
 * on such a side: blocks are then judged by status code, what the client saw.
 */
export function withoutMissingLogVerdicts(
  baselineRun: LoadedRun,
  candidateRun: LoadedRun,
  baseline: RequestRecords,
  candidate: RequestRecords,
): { missing: string[]; baseline: RequestRecords; candidate: RequestRecords } {
  const missing: string[] = [];
  const strip = (run: LoadedRun, side: string, records: RequestRecords): RequestRecords => {
    const why = accessLogMissing(run.quality?.collect ?? null);
    if (why === null) return records;
    missing.push(
      `The ${side}'s access log gave no data (${why}): its blocks are judged by status code only.`,
    );
    const stripped = new Map(
      [...records.records].map(([k, r]) => {
        const { blocked: _blocked, ...rest } = r;
        return [k, rest];
      }),
    );
    return { ...records, records: stripped };
  };
  return {
    baseline: strip(baselineRun, 'baseline', baseline),
    candidate: strip(candidateRun, 'candidate', candidate),
    missing,
  };
}
