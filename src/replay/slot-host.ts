/**
 * The contract between a connection slot and its engine. A leaf: the slot type is a type parameter
 * (connection.ts's `Slot`) so this file imports nothing and connection.ts ↔ slot-host.ts is no cycle.
 */

/** What a slot (`TSlot`, connection.ts's `Slot`) needs from its engine. */
export interface SlotHost<TSlot> {
  readonly readBuffer: Buffer;
  readonly target: {
    host: string;
    port: number;
    tls: boolean;
    servername?: string;
    insecure: boolean;
  };
  readonly keepAlive: boolean;
  /**
   * Quality mode: each connection's local address and port are read once when it connects (for the
   * outcome records, so collect can join a request by `$remote_port`). False in pressure mode.
   */
  readonly localAddresses?: boolean;
  /**
   * Fills the job: {@link JOB_READY}, {@link JOB_NONE} (no more, or the run is stopping) or
   * {@link JOB_WAIT} (none yet: the host dispatches the slot again later).
   */
  nextJob(slot: TSlot): number;
  onSent(slot: TSlot, now: number): void;
  onResponse(slot: TSlot, now: number, latencyUs: number): void;
  onFailure(slot: TSlot, now: number, kind: number, latencyUs: number): void;
}

/** {@link SlotHost.nextJob}: the job is filled. */
export const JOB_READY = 1;
/** {@link SlotHost.nextJob}: no more jobs for this slot. */
export const JOB_NONE = 0;
/** {@link SlotHost.nextJob}: no job yet (streamed corpus); the host dispatches the slot again. */
export const JOB_WAIT = -1;
