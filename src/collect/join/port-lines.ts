/**
 * The join by connection: access-log lines that carry no request id (nginx answered the request line
 * before it read the id header: 400/505, HTTP/0.9), kept by the client's port (`$remote_port`), client
 * address and log time, so a request replay sent on a connection of its own can be matched to its line:
 * same local port (and address, when logged), a log time inside the request's send..response window.
 * Only numbers are kept per line (the analyzer decodes its codes); at most {@link PORT_LINES_MAX}
 * lines (beyond: counted in `dropped`, and requests that find no match say so).
 */

/** Lines without an id kept at most (~50 bytes each). */
export const PORT_LINES_MAX = 1_000_000;

/**
 * Slack around a request's window, on top of the log time's resolution: nginx's cached clock and the
 * replay client's clock (same machine on the lab; NTP-close elsewhere) may differ by this much.
 */
export const PORT_JOIN_SLACK_MS = 1000;

/** Why a request without an id match was not joined by connection either. */
export type PortJoinReason = 'no-id-no-port-match' | 'ambiguous-port' | 'port-lines-dropped';

/** The outcome of {@link PortLines.match}: a line number, or why there is none. */
export type PortMatch = { line: number } | { reason: PortJoinReason };

/** Decodes the analyzer's per-line codes. */
export interface PortLineCodes {
  upstreamText(code: number): string | null;
  noUpstream(code: number): boolean;
  requestIdText(code: number): string | null;
  addressText(code: number): string | null;
}

/** See the module comment. */
export class PortLines {
  /** Lines kept. */
  size = 0;
  /** Lines not kept (over {@link PORT_LINES_MAX}). */
  dropped = 0;
  private readonly port: number[] = [];
  private readonly addr: number[] = [];
  private readonly timeMs: number[] = [];
  private readonly status: number[] = [];
  private readonly upstream: number[] = [];
  private readonly rid: number[] = [];
  /** Lines a request already took. */
  private readonly taken = new Set<number>();
  private byPort: Map<number, number[]> | null = null;

  /**
   * @param timeResolutionMs the log time's resolution (1000 for `$time_local`); null: the format has no
   *   time, so a port matches only when exactly one kept line has it.
   */
  constructor(
    readonly timeResolutionMs: number | null,
    private readonly codes: PortLineCodes,
    private readonly max = PORT_LINES_MAX,
  ) {}

  /** Keeps one line (codes as the analyzer interned them; address -1: not logged; time NaN: unknown). */
  add(
    port: number,
    address: number,
    timeMs: number,
    status: number,
    upstream: number,
    rid: number,
  ): void {
    if (this.size >= this.max) {
      this.dropped += 1;
      return;
    }
    this.port.push(port);
    this.addr.push(address);
    this.timeMs.push(timeMs);
    this.status.push(status);
    this.upstream.push(upstream);
    this.rid.push(rid);
    this.size += 1;
    this.byPort = null;
  }

  /**
   * The line of a request sent from `port` (and `address`) between `startMs` and `endMs` (epoch ms):
   * the only kept line with that port and address whose logged time fits the window (widened by the
   * time's resolution and {@link PORT_JOIN_SLACK_MS}). A line another request took already does not
   * count twice: that request's match was ambiguous in hindsight, so this one is `ambiguous-port`.
   */
  match(port: number, address: string | undefined, startMs: number, endMs: number): PortMatch {
    this.byPort ??= this.index();
    const lines = this.byPort.get(port) ?? [];
    let found = -1;
    let count = 0;
    const resolution = this.timeResolutionMs;
    for (const i of lines) {
      if (address !== undefined && this.addr[i]! >= 0) {
        const logged = this.codes.addressText(this.addr[i]!);
        if (logged !== null && !sameAddress(logged, address)) continue;
      }
      if (resolution !== null) {
        const t = this.timeMs[i]!;
        if (Number.isNaN(t)) continue;
        if (t + resolution + PORT_JOIN_SLACK_MS <= startMs || t - PORT_JOIN_SLACK_MS > endMs)
          continue;
      }
      count += 1;
      found = i;
    }
    if (count > 1 || (count === 1 && this.taken.has(found))) return { reason: 'ambiguous-port' };
    if (count === 0)
      return { reason: this.dropped > 0 ? 'port-lines-dropped' : 'no-id-no-port-match' };
    this.taken.add(found);
    return { line: found };
  }

  /** WAF status of line `i`. */
  statusAt(i: number): number {
    return this.status[i]!;
  }

  /** Upstream status text of line `i` (`-`: the WAF answered itself; null: not in the format). */
  upstreamAt(i: number): string | null {
    return this.codes.upstreamText(this.upstream[i]!);
  }

  /** True when line `i`'s upstream status is `-`. */
  noUpstreamAt(i: number): boolean {
    return this.codes.noUpstream(this.upstream[i]!);
  }

  /** `$request_id` of line `i`, when kept. */
  requestIdAt(i: number): string | null {
    return this.rid[i]! < 0 ? null : this.codes.requestIdText(this.rid[i]!);
  }

  private index(): Map<number, number[]> {
    const map = new Map<number, number[]>();
    for (let i = 0; i < this.size; i += 1) {
      const list = map.get(this.port[i]!);
      if (list) list.push(i);
      else map.set(this.port[i]!, [i]);
    }
    return map;
  }
}

/** Same client address, allowing for nginx's IPv4-mapped form (`::ffff:127.0.0.1`). */
function sameAddress(logged: string, local: string): boolean {
  const strip = (a: string): string => (a.startsWith('::ffff:') ? a.slice(7) : a);
  return strip(logged) === strip(local);
}
