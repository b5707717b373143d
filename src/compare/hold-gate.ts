/**
 * The gate's reasons from the long-lived connection comparison: a check beyond its limits fails (or,
 * for a warn-only rule, is context marked as a warning); a missing side or missing data of a gating
 * check keeps the verdict at most neutral; passed checks are summarised in one line.
 */
import type { GateReason } from './comparison.js';
import type { HoldComparison } from './hold-types.js';

/** The reasons of a hold comparison, failures first. */
export function holdReasons(hold: HoldComparison): GateReason[] {
  const reasons: GateReason[] = [];
  const reason = (severity: GateReason['severity'], message: string): void => {
    reasons.push({ area: 'connections', severity, message });
  };
  for (const why of hold.missing) reason('neutral', why);
  for (const note of hold.notes ?? []) reason('info', `Long-lived connections: ${note}`);
  for (const check of hold.checks.filter((c) => c.result === 'fail'))
    reason('fail', `Long-lived connections: ${check.message}`);
  for (const check of hold.checks.filter((c) => c.result === 'unknown'))
    reason(check.gating ? 'neutral' : 'info', `Long-lived connections: ${check.message}`);
  for (const check of hold.checks.filter((c) => c.result === 'warn'))
    reason('info', `Warning, long-lived connections: ${check.message}`);
  if (hold.comparable && hold.checks.every((c) => c.result !== 'fail')) {
    const c = hold.candidate!;
    reason(
      'info',
      `Long-lived connections: ${c.heldToEnd} of ${c.settings.connections} held to the end, ${c.unexpectedDrops} unexpected drops, ${c.refused + c.failed} upgrades refused or failed, ${c.push.lost} pushes lost; no count beyond the baseline's.`,
    );
  }
  return reasons;
}
