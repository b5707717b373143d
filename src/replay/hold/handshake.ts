/** The HTTP/1.1 upgrade of the hold client (RFC 6455 §4): the request and the check of the answer. */
import { createHash, randomBytes } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Largest upgrade answer head read before giving up. */
export const MAX_ANSWER_HEAD_BYTES = 16_384;

/** A fresh Sec-WebSocket-Key (16 random bytes, base64). */
export function newWebSocketKey(): string {
  return randomBytes(16).toString('base64');
}

/** The Sec-WebSocket-Accept a server must answer to `key`. */
export function acceptFor(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64');
}

/** The upgrade request bytes. */
export function upgradeRequest(path: string, host: string, key: string): Buffer {
  return Buffer.from(
    `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nUser-Agent: waf-gate-hold\r\n\r\n`,
    'latin1',
  );
}

/** The answer to an upgrade, once its head is complete. */
export type UpgradeAnswer =
  /** 101 with the right headers; `rest`: bytes after the head (the first frames). */
  | { kind: 'upgraded'; rest: Buffer }
  /** Another status: the WAF or the origin refused the upgrade. */
  | { kind: 'refused'; status: number }
  /** Not an HTTP answer, or a 101 without a valid Upgrade/Connection/Accept. */
  | { kind: 'bad'; reason: string };

/** Parses the answer head in `head`; null while it is incomplete (and not too long). */
export function parseUpgradeAnswer(head: Buffer, key: string): UpgradeAnswer | null {
  const end = head.indexOf('\r\n\r\n');
  if (end < 0)
    return head.length > MAX_ANSWER_HEAD_BYTES
      ? { kind: 'bad', reason: 'answer head too long' }
      : null;
  const lines = head.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (!status) return { kind: 'bad', reason: 'not an HTTP answer' };
  const code = Number(status[1]);
  if (code !== 101) return { kind: 'refused', status: code };
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  if ((headers.get('upgrade') ?? '').toLowerCase() !== 'websocket')
    return { kind: 'bad', reason: '101 without Upgrade: websocket' };
  if (!/(^|,)\s*upgrade\s*(,|$)/i.test(headers.get('connection') ?? ''))
    return { kind: 'bad', reason: '101 without Connection: upgrade' };
  if (headers.get('sec-websocket-accept') !== acceptFor(key))
    return { kind: 'bad', reason: 'wrong Sec-WebSocket-Accept' };
  return { kind: 'upgraded', rest: head.subarray(end + 4) };
}
