/**
 * One build's hold phase summarised from its `hold.json` and the WAF's collect.json of that phase
 * (per-held-connection CPU, RSS and file descriptors derived by collect). Pure.
 */
import type { CollectResult } from '../collect/index.js';
import type { HoldResult } from '../replay/hold/types.js';
import type { HoldSide, HoldWafCost } from './hold-types.js';

const sum = (values: Readonly<Record<string, number>>): number =>
  Object.values(values).reduce((a, b) => a + b, 0);

/**
 * The engine's kind for a (re)connect attempt still in flight when the hold ended: cut off by the
 * client, not failed by the WAF, so it is shown but never counted as a failed upgrade.
 */
const CUT_OFF_AT_END = 'hold-ended';

/** Failed upgrade attempts the WAF side is answerable for. */
function failedUpgrades(failedByError: Readonly<Record<string, number>>): number {
  return sum(failedByError) - (failedByError[CUT_OFF_AT_END] ?? 0);
}

/** Connection-hours held: the windows' open counts times their width (1 s unless the windows say). */
export function connectionHours(result: HoldResult): number | null {
  const w = result.windows;
  if (w.length === 0) return null;
  let seconds = 0;
  for (let i = 0; i < w.length; i += 1) {
    const next = w[i + 1];
    const widthMs = next === undefined ? 1000 : Math.max(0, next.startMs - w[i]!.startMs);
    seconds += (w[i]!.open * widthMs) / 1000;
  }
  return seconds / 3600;
}

/** The WAF's cost per held connection from the hold phase's collect.json, or why it is missing. */
function wafCost(
  collect: CollectResult | null,
  wafGroups: readonly string[],
): { waf: HoldWafCost | null; why: string | null } {
  if (collect === null)
    return { waf: null, why: 'the hold phase has no collect.json (not collected)' };
  const all = collect.perHeldConnection;
  if (all === undefined)
    return {
      waf: null,
      why: 'collect.json of the hold phase has no per-connection figures (collected without hold.json)',
    };
  const entry = all.find((g) => wafGroups.includes(g.group)) ?? all[0];
  if (entry === undefined)
    return { waf: null, why: 'no WAF process group was sampled during the hold' };
  return {
    waf: {
      group: entry.group,
      cpuMsPerConnectionHour: entry.cpuMsPerConnectionHour,
      rssBytesPerConnection: entry.rssBytesPerConnection,
      fdsPerConnection: entry.fdsPerConnection,
      fdsPeak: entry.fdsPeak,
      missing: [...entry.missing],
    },
    why: null,
  };
}

/** Summarises one build's hold phase. */
export function holdSide(
  result: HoldResult,
  collect: CollectResult | null,
  wafGroups: readonly string[],
): HoldSide {
  const c = result.counts;
  const unexpectedDrops = c.droppedByCause['unexpected-close'] + c.droppedByCause.error;
  const hours = connectionHours(result);
  const answered = result.heartbeat.answered > 0 && result.heartbeat.rtt.count > 0;
  const { waf, why } = wafCost(collect, wafGroups);
  return {
    settings: { ...result.settings },
    startedAt: result.startedAt,
    endedAt: result.endedAt,
    attempted: c.attempted,
    upgraded: c.upgraded,
    refused: sum(c.refusedByStatus),
    refusedByStatus: { ...c.refusedByStatus },
    failed: failedUpgrades(c.failedByError),
    failedByError: { ...c.failedByError },
    heldToEnd: c.heldToEnd,
    droppedByCause: { ...c.droppedByCause },
    unexpectedDrops,
    connectionHours: hours,
    unexpectedDropsPerConnectionHour:
      hours === null || hours === 0 ? null : unexpectedDrops / hours,
    reconnected: c.reconnected,
    heartbeat: {
      sent: result.heartbeat.sent,
      answered: result.heartbeat.answered,
      lost: result.heartbeat.lost,
      rttP50Us: answered ? result.heartbeat.rtt.p50Us : null,
      rttP99Us: answered ? result.heartbeat.rtt.p99Us : null,
    },
    push: { ...result.push },
    waf,
    wafMissing: why,
    clientRssBytesPerConnection: result.client?.rssBytesPerConnection ?? null,
  };
}
