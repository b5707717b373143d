/**
 * The control protocol between waf-gate's WebSocket hold client (replay/hold) and the lab's WebSocket
 * origin (lab/ws-origin.ts): one JSON object per text message. Shared here because the lab (a base)
 * and the replay stage may not import each other.
 * - client `{"op":"push","rateMps":N}`: the origin sends `{"seq":k}` (k = 1, 2, …) at N messages/s;
 * - client `{"op":"drop-me","afterMs":N}`: the origin closes the connection after N ms with
 *   {@link SERVER_DROP_CLOSE_CODE};
 * - client `{"op":"stats"}`: the origin stops pushing and answers `{"op":"stats","sent":k}`, k being
 *   the pushes it wrote on this connection before the answer (so a lost tail can be counted).
 */

/** The close code the origin sends when a client asked to be dropped (`drop-me`). */
export const SERVER_DROP_CLOSE_CODE = 4001;

/** The path the lab origin accepts upgrades on; the lab WAFs proxy this prefix to it. */
export const WS_ORIGIN_PATH = '/ws';

/** Highest push rate one connection may ask for, messages/s. */
export const MAX_PUSH_RATE_MPS = 1000;

/** Longest `drop-me` delay, ms. */
export const MAX_DROP_AFTER_MS = 3_600_000;
