/**
 * Reads and shape-checks `hold.json` (schema `waf-gate/hold@1`, the contract in
 * src/replay/hold/types.ts) so a damaged file is a ConfigError naming the file and the field, not a
 * TypeError deep inside the comparison. Only what compare and the report read is checked.
 */
import { JsonShape, readJsonFile } from '../common/json-file.js';
import type { HoldResult } from '../replay/hold/types.js';

export type { HoldResult };

/** The drop causes of the contract, in report order. */
export const HOLD_DROP_CAUSES = [
  'client-planned',
  'server-planned',
  'unexpected-close',
  'error',
] as const;

/** The numeric hold settings: checked here, and compared between builds (with `path`). */
export const HOLD_NUMBER_SETTINGS = [
  'connections',
  'hatchRateCps',
  'holdMs',
  'pingIntervalMs',
  'pongTimeoutMs',
  'pushRateMps',
  'pushShare',
  'serverDropShare',
  'clientDropShare',
  'reconnectAttempts',
  'reconnectBackoffMs',
] as const;

/** Checks a parsed `hold.json`. */
export function checkHoldResult(doc: unknown, file: string): HoldResult {
  const s = new JsonShape(file, 'hold results (hold.json)');
  const count = (v: unknown, p: string): number => s.number(v, p, { min: 0 });
  const o = s.object(doc, '(document)');
  s.oneOf(o.schema, 'schema', ['waf-gate/hold@1'] as const);
  s.string(o.startedAt, 'startedAt');
  s.string(o.endedAt, 'endedAt');
  const settings = s.object(o.settings, 'settings');
  s.string(settings.path, 'settings.path');
  for (const key of HOLD_NUMBER_SETTINGS) count(settings[key], `settings.${key}`);
  const counts = s.object(o.counts, 'counts');
  for (const key of ['attempted', 'upgraded', 'heldToEnd', 'reconnected'])
    count(counts[key], `counts.${key}`);
  s.record(counts.refusedByStatus, 'counts.refusedByStatus', count);
  s.record(counts.failedByError, 'counts.failedByError', count);
  const dropped = s.object(counts.droppedByCause, 'counts.droppedByCause');
  for (const cause of HOLD_DROP_CAUSES) count(dropped[cause], `counts.droppedByCause.${cause}`);
  s.list(o.windows, 'windows', (v, p) => {
    const w = s.object(v, p);
    count(w.startMs, `${p}.startMs`);
    count(w.open, `${p}.open`);
    return w;
  });
  const heartbeat = s.object(o.heartbeat, 'heartbeat');
  for (const key of ['sent', 'answered', 'lost']) count(heartbeat[key], `heartbeat.${key}`);
  const rtt = s.object(heartbeat.rtt, 'heartbeat.rtt');
  for (const key of ['count', 'p50Us', 'p99Us']) count(rtt[key], `heartbeat.rtt.${key}`);
  const push = s.object(o.push, 'push');
  for (const key of ['sent', 'received', 'lost', 'duplicated', 'outOfOrder'])
    count(push[key], `push.${key}`);
  return doc as HoldResult;
}

/** Reads and checks a `hold.json`. A missing or unparsable file is a ConfigError naming it. */
export async function readHoldResult(file: string): Promise<HoldResult> {
  return checkHoldResult(await readJsonFile<unknown>(file, 'hold results (hold.json)'), file);
}
