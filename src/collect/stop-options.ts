/**
 * Types shared by the collector and the code that finishes a collection (results.ts, run-state.ts).
 * Types only, importing nothing that imports the collector, so those files do not form a cycle.
 */
import type { HoldTimeline } from './analyze/index.js';
import type { FollowPosition } from './follow/index.js';
import type { CollectResult } from './types.js';

/** Where the logs were when collection started (persisted by the daemon to recover after a crash). */
export interface StartPositions {
  access: FollowPosition;
  error?: FollowPosition;
}

/** What `stop` may add. */
export interface StopOptions {
  /** Trim CPU/memory series to this interval (replay's startedAtMs/endedAtMs). */
  loadedInterval?: { startMs: number; endMs: number };
  /** replay's outcomes.jsonl, to join every request to its log line. */
  outcomesFile?: string;
  /** replay.json: sets loadedInterval and outcomesFile (relative to it) unless given. */
  replayFile?: string;
  /**
   * hold.json of the long-lived connection phase: sets loadedInterval unless given, and adds the cost per
   * held connection (`perHeldConnection`) to collect.json.
   */
  holdFile?: string;
  /** The hold's timeline, read from `holdFile` by resolveStop. */
  holdTimeline?: HoldTimeline;
  /** Keep reading the logs this long for lines still buffered by nginx (`access_log … flush=1s`). @default 1500 */
  settleMs?: number;
  /** Recorded as `stoppedBy`; overrides the start-time choice (the daemon's max-duration stop). */
  stoppedBy?: CollectResult['stoppedBy'];
}
