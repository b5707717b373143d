/**
 * One pressure round's metric values for the performance comparison, and why a value is missing
 * (missing data is never a measurement: compare marks such a metric unknown).
 */
import type { ProcessGroupStats } from '../collect/index.js';
import { groupMissing } from './missing.js';
import type { LoadedRound } from './run-dir.js';

/** A round's WAF CPU per request from the exact marks (collect's `exactCpu`), or why there is none. */
export type ExactCpuPerRequest =
  | {
      /** ms of WAF CPU per completed request between the load-start and load-end marks. */
      cpuMsPerRequest: number;
      /** Bound of the reading error (clock ticks), ms per request. */
      errorMsPerRequest: number;
      /** Slowest mark read of the round (over SSH: the round trip), ms. */
      maxReadMs: number;
      method: 'reaped' | 'last-reading';
    }
  | { missing: string };

/** The values of one usable round. */
export interface RoundValues {
  round: number;
  /** `cpuMsPerRequest` here is the sampled figure; performance.ts swaps in {@link exactCpu}. */
  values: Map<string, number>;
  exactCpu: ExactCpuPerRequest;
  groups: Map<string, { cpuPct: number; rssBytes: number; cpuMsPerRequest: number }>;
  /** Metric id -> why its value is missing in this round. */
  missing: Map<string, string>;
  /** Every group named in the round's collect results (also those without data). */
  groupNames: string[];
}

/** The round's values, or why the round is not usable. */
export function roundValues(
  round: LoadedRound,
  wafGroups: readonly string[],
  notes: Set<string>,
): RoundValues | string {
  const completed = round.replay.totals.completed;
  if (!(completed > 0)) return 'no completed requests';
  const values = new Map<string, number>();
  const missing = new Map<string, string>();
  values.set('qps', round.replay.rps);
  if (round.replay.latency.summary.count > 0) {
    values.set('latencyP50Us', round.replay.latency.summary.p50Us);
    values.set('latencyP99Us', round.replay.latency.summary.p99Us);
  } else {
    missing.set('latencyP50Us', 'no latency recorded');
    missing.set('latencyP99Us', 'no latency recorded');
  }
  const groups = new Map<string, { cpuPct: number; rssBytes: number; cpuMsPerRequest: number }>();
  const collect = round.collect;
  const collected = collect?.processes.groups ?? [];
  let exactCpu: ExactCpuPerRequest = { missing: 'no collect results' };
  if (collect === null) missing.set('cpuMsPerRequest', 'no collect results');
  else if (collected.length === 0) missing.set('cpuMsPerRequest', 'no process group collected');
  if (collect !== null && collected.length > 0) {
    let waf = collected.filter((g) => wafGroups.includes(g.name));
    if (waf.length === 0) {
      notes.add(
        `No process group named ${wafGroups.join(', ')}: WAF CPU per request sums every group (${collected.map((g) => g.name).join(', ')}).`,
      );
      waf = collected;
    }
    exactCpu = exactPerRequest(waf, completed);
    // A WAF group without data would make the sum too small: the whole metric is unknown then.
    const wafMissing = waf.map((g) => groupMissing(collect, g)).find((why) => why !== null);
    if (wafMissing) missing.set('cpuMsPerRequest', wafMissing);
    else values.set('cpuMsPerRequest', waf.reduce((s, g) => s + g.cpuTimeMs, 0) / completed);
    for (const g of collected) {
      const why = groupMissing(collect, g);
      if (why !== null) {
        missing.set(`cpuPct:${g.name}`, why);
        missing.set(`rssBytes:${g.name}`, why);
        continue;
      }
      groups.set(g.name, {
        cpuPct: g.cpuPct.mean,
        rssBytes: g.rssBytes.mean,
        cpuMsPerRequest: (g.exactCpu?.cpuMs ?? g.cpuTimeMs) / completed,
      });
      values.set(`cpuPct:${g.name}`, g.cpuPct.mean);
      values.set(`rssBytes:${g.name}`, g.rssBytes.mean);
    }
  }
  return {
    round: round.round,
    values,
    exactCpu,
    groups,
    missing,
    groupNames: collected.map((g) => g.name),
  };
}

/** The WAF groups' exact CPU per request, when every one of them has it. */
function exactPerRequest(waf: readonly ProcessGroupStats[], completed: number): ExactCpuPerRequest {
  const lacking = waf.find((g) => g.exactCpu === undefined);
  if (lacking !== undefined)
    return {
      missing: lacking.exactCpuMissing
        ? `group "${lacking.name}": ${lacking.exactCpuMissing}`
        : 'no load-start/load-end marks in collect.json (collected before exact CPU marks existed, or by collect start/stop)',
    };
  const exact = waf.map((g) => g.exactCpu!);
  return {
    cpuMsPerRequest: exact.reduce((s, e) => s + e.cpuMs, 0) / completed,
    errorMsPerRequest: exact.reduce((s, e) => s + e.errorMs, 0) / completed,
    maxReadMs: Math.max(...exact.flatMap((e) => [e.readMs.start, e.readMs.end])),
    method: exact.every((e) => e.method === 'reaped') ? 'reaped' : 'last-reading',
  };
}

/** The round's missing reason for metric `id`, as a list of 0 or 1 items. */
export function missingIn(
  side: 'baseline' | 'candidate',
  r: RoundValues,
  id: string,
): { side: 'baseline' | 'candidate'; round: number; reason: string }[] {
  const reason = r.missing.get(id);
  return reason === undefined ? [] : [{ side, round: r.round, reason }];
}
