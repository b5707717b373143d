/**
 * RFC 6455 framing for the hold client: a streaming frame parser (frames split across reads, several
 * frames per read, fragmented messages with interleaved control frames, masked or unmasked payloads,
 * close codes) and the encoder of masked client frames. No extensions (RSV bits must be 0).
 */
import { randomFillSync } from 'node:crypto';

/** Frame opcodes. */
export const OPCODE = {
  continuation: 0x0,
  text: 0x1,
  binary: 0x2,
  close: 0x8,
  ping: 0x9,
  pong: 0xa,
} as const;

/** What the parser reports; a connection implements it. */
export interface FrameHandler {
  onText(text: string): void;
  onBinary(data: Buffer): void;
  onPing(payload: Buffer): void;
  onPong(payload: Buffer): void;
  /** `code` null: a close frame without a status (1005). */
  onClose(code: number | null, reason: string): void;
  /** The peer broke the protocol; parsing stops (the connection should fail with close code 1002). */
  onProtocolError(message: string): void;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Largest message (after reassembly) the parser accepts. */
export const MAX_MESSAGE_BYTES = 1 << 20;

/**
 * One connection's parser state. {@link FrameParser.push} takes each chunk read from the socket and
 * calls the handler once per complete control frame or message.
 */
export class FrameParser {
  private pending: Buffer | null = null;
  private fragments: Buffer[] | null = null;
  private fragmentOpcode = 0;
  private fragmentBytes = 0;
  private failed = false;

  constructor(private readonly handler: FrameHandler) {}

  /** Parses as many whole frames as `chunk` (plus what was left before) holds; keeps the rest. */
  push(chunk: Buffer): void {
    if (this.failed) return;
    let buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = null;
    let offset = 0;
    while (!this.failed) {
      const consumed = this.frameAt(buf, offset);
      if (consumed === 0) break;
      offset += consumed;
    }
    if (this.failed) return;
    if (offset < buf.length) {
      // Copy: the socket's chunk must not be pinned by a small remainder.
      buf = buf.subarray(offset);
      this.pending = Buffer.from(buf);
    }
  }

  private fail(message: string): number {
    this.failed = true;
    this.pending = null;
    this.fragments = null;
    this.handler.onProtocolError(message);
    return 0;
  }

  /** Parses the frame starting at `offset`; returns its length, or 0 when incomplete (or failed). */
  private frameAt(buf: Buffer, offset: number): number {
    const available = buf.length - offset;
    if (available < 2) return 0;
    const b0 = buf[offset]!;
    const b1 = buf[offset + 1]!;
    const fin = (b0 & 0x80) !== 0;
    const opcode = b0 & 0x0f;
    if ((b0 & 0x70) !== 0) return this.fail('RSV bits set without a negotiated extension');
    const masked = (b1 & 0x80) !== 0;
    let length = b1 & 0x7f;
    let header = 2;
    if (length === 126) {
      if (available < 4) return 0;
      length = buf.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (available < 10) return 0;
      const high = buf.readUInt32BE(offset + 2);
      if (high !== 0) return this.fail('frame longer than 4 GiB');
      length = buf.readUInt32BE(offset + 6);
      header = 10;
    }
    if (length > MAX_MESSAGE_BYTES)
      return this.fail(`frame of ${length} bytes exceeds ${MAX_MESSAGE_BYTES}`);
    const maskAt = offset + header;
    if (masked) header += 4;
    if (available < header + length) return 0;
    const start = offset + header;
    let payload = buf.subarray(start, start + length);
    if (masked) {
      const copy = Buffer.allocUnsafe(length);
      for (let i = 0; i < length; i++) copy[i] = payload[i]! ^ buf[maskAt + (i & 3)]!;
      payload = copy;
    }
    this.frame(fin, opcode, payload);
    return this.failed ? 0 : header + length;
  }

  private frame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode >= 0x8) {
      if (!fin) return void this.fail('fragmented control frame');
      if (payload.length > 125) return void this.fail('control frame longer than 125 bytes');
      if (opcode === OPCODE.ping) this.handler.onPing(payload);
      else if (opcode === OPCODE.pong) this.handler.onPong(payload);
      else if (opcode === OPCODE.close) this.close(payload);
      else this.fail(`unknown control opcode 0x${opcode.toString(16)}`);
      return;
    }
    if (opcode === OPCODE.continuation) {
      if (!this.fragments) return void this.fail('continuation frame without a message');
      this.fragmentBytes += payload.length;
      if (this.fragmentBytes > MAX_MESSAGE_BYTES)
        return void this.fail(`message exceeds ${MAX_MESSAGE_BYTES} bytes`);
      this.fragments.push(Buffer.from(payload));
      if (fin) {
        const whole = Buffer.concat(this.fragments);
        const kind = this.fragmentOpcode;
        this.fragments = null;
        this.fragmentBytes = 0;
        this.message(kind, whole);
      }
      return;
    }
    if (opcode !== OPCODE.text && opcode !== OPCODE.binary)
      return void this.fail(`unknown data opcode 0x${opcode.toString(16)}`);
    if (this.fragments) return void this.fail('new message before the fragmented one ended');
    if (fin) return void this.message(opcode, payload);
    this.fragments = [Buffer.from(payload)];
    this.fragmentOpcode = opcode;
    this.fragmentBytes = payload.length;
  }

  private message(opcode: number, payload: Buffer): void {
    if (opcode === OPCODE.binary) return void this.handler.onBinary(payload);
    let text: string;
    try {
      text = UTF8.decode(payload);
    } catch {
      return void this.fail('text message is not valid UTF-8');
    }
    this.handler.onText(text);
  }

  private close(payload: Buffer): void {
    if (payload.length === 0) return this.handler.onClose(null, '');
    if (payload.length === 1) return void this.fail('close frame with a 1-byte payload');
    const code = payload.readUInt16BE(0);
    const valid =
      (code >= 1000 && code <= 1014 && ![1004, 1005, 1006].includes(code)) ||
      (code >= 3000 && code <= 4999);
    if (!valid) return void this.fail(`invalid close code ${code}`);
    this.handler.onClose(code, payload.subarray(2).toString('utf8'));
  }
}

/** Random bytes for masking keys, refilled in blocks (one syscall per 1024 frames). */
const maskPool = Buffer.allocUnsafe(4096);
let maskOffset = maskPool.length;

function nextMaskKey(target: Buffer, at: number): void {
  if (maskOffset + 4 > maskPool.length) {
    randomFillSync(maskPool);
    maskOffset = 0;
  }
  maskPool.copy(target, at, maskOffset, maskOffset + 4);
  maskOffset += 4;
}

/** One masked client frame (FIN set unless `fin` is false). */
export function encodeClientFrame(opcode: number, payload: Buffer, fin = true): Buffer {
  const length = payload.length;
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + 4 + length);
  frame[0] = (fin ? 0x80 : 0) | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(length, 6);
  }
  nextMaskKey(frame, header);
  for (let i = 0; i < length; i++) frame[header + 4 + i] = payload[i]! ^ frame[header + (i & 3)]!;
  return frame;
}

/** The payload of a close frame: the status code and a UTF-8 reason (≤ 123 bytes). */
export function closePayload(code: number, reason = ''): Buffer {
  const text = Buffer.from(reason, 'utf8').subarray(0, 123);
  const payload = Buffer.allocUnsafe(2 + text.length);
  payload.writeUInt16BE(code, 0);
  text.copy(payload, 2);
  return payload;
}
