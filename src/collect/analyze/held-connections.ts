/**
 * What held connections cost the WAF (the long-lived connection phase, a hold.json given to stop): per
 * process group, the growth of RSS and open file descriptors from the last sample before the ramp to the
 * sample with the most connections open, divided by those connections, and the group's CPU over the
 * connection-hours held. Pure: samples and the hold's timeline in, figures (or why they are missing) out.
 */
import type { GroupSample } from '../proc/index.js';
import type { HeldConnectionCost, ProcessGroupStats } from '../types.js';

/** What collect needs of hold.json: when the phase ran and how many connections were open per window. */
export interface HoldTimeline {
  startMs: number;
  endMs: number;
  /** 1 s windows (wall clock): start and connections open. */
  windows: readonly { startMs: number; open: number }[];
}

/** Connection-seconds of the timeline (each window lasts until the next one starts; the last 1 s). */
function connectionSeconds(t: HoldTimeline): number {
  return t.windows.reduce((total, w, i) => {
    const next = t.windows[i + 1];
    const widthMs = next === undefined ? 1000 : Math.max(0, next.startMs - w.startMs);
    return total + (w.open * widthMs) / 1000;
  }, 0);
}

/** Connections open at `timeMs`: the window holding it, null outside the timeline. */
function openAt(t: HoldTimeline, timeMs: number): number | null {
  let found: number | null = null;
  for (const w of t.windows) if (w.startMs <= timeMs) found = w.open;
  return timeMs > t.endMs ? null : found;
}

function perConnection(
  idle: number | null,
  peak: number | null,
  open: number,
  what: string,
  missing: string[],
): number | null {
  if (idle === null || peak === null) {
    missing.push(
      `${what} per connection: ${idle === null ? 'not read before the ramp' : 'not read at the peak'}`,
    );
    return null;
  }
  return (peak - idle) / open;
}

/** The cost of one group. `stats`: its summary over the hold (exact or sampled CPU). */
function groupCost(
  name: string,
  samples: readonly GroupSample[],
  stats: ProcessGroupStats | undefined,
  t: HoldTimeline,
): HeldConnectionCost {
  const missing: string[] = [];
  const own = samples.filter((s) => s.group === name && s.members > 0);
  const idle = own.filter((s) => s.timeMs <= t.startMs).at(-1);
  // The fullest moment: samples while the most connections were open, not in the hold's last second
  // (the client closes everything then, so a window's count no longer holds at the sample); of
  // several, the middle one (steady state, away from the ramp and the end).
  const during = own.flatMap((s) => {
    const open = s.timeMs > t.startMs ? openAt(t, s.timeMs) : null;
    return open === null || open === 0 ? [] : [{ s, open, last: s.timeMs > t.endMs - 1000 }];
  });
  const steady = during.some((d) => !d.last) ? during.filter((d) => !d.last) : during;
  const peakOpen = Math.max(0, ...steady.map((d) => d.open));
  const fullest = steady.filter((d) => d.open === peakOpen);
  const peak = fullest[Math.floor((fullest.length - 1) / 2)]?.s;
  const seconds = connectionSeconds(t);
  const cost: HeldConnectionCost = {
    group: name,
    connectionSeconds: seconds,
    peakOpen: Math.max(0, ...t.windows.map((w) => w.open)),
    cpuMsPerConnectionHour: null,
    cpuSource: null,
    rssBytesIdle: idle?.rssBytes ?? null,
    rssBytesPeak: peak?.rssBytes ?? null,
    rssBytesPerConnection: null,
    fdsIdle: idle?.fds ?? null,
    fdsPeak: peak?.fds ?? null,
    fdsPerConnection: null,
    missing,
  };
  if (idle === undefined)
    missing.push(
      `no sample of group "${name}" before the ramp (the collection started with the hold)`,
    );
  if (peak === undefined) missing.push(`no sample of group "${name}" while connections were open`);
  if (idle !== undefined && peak !== undefined) {
    cost.rssBytesPerConnection = perConnection(
      idle.rssBytes,
      peak.rssBytes,
      peakOpen,
      'RSS',
      missing,
    );
    cost.fdsPerConnection = perConnection(
      idle.fds,
      peak.fds,
      peakOpen,
      'file descriptors',
      missing,
    );
  }
  if (seconds === 0) missing.push('CPU per connection-hour: no connection was held');
  else if (stats?.exactCpu !== undefined) {
    cost.cpuMsPerConnectionHour = stats.exactCpu.cpuMs / (seconds / 3600);
    cost.cpuSource = 'exact';
  } else if (stats !== undefined && stats.cpuPct.samples > 0) {
    cost.cpuMsPerConnectionHour = stats.cpuTimeMs / (seconds / 3600);
    cost.cpuSource = 'sampled';
  } else missing.push(`CPU per connection-hour: no CPU reading of group "${name}" inside the hold`);
  return cost;
}

/** The cost per held connection of every group. */
export function heldConnectionCosts(
  groups: readonly ProcessGroupStats[],
  samples: readonly GroupSample[],
  timeline: HoldTimeline,
): HeldConnectionCost[] {
  return groups.map((g) => groupCost(g.name, samples, g, timeline));
}
