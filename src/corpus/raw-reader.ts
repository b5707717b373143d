/**
 * Reader for the original raw format: raw HTTP request text, requests separated by a line `====****`
 * (LF or CRLF as captured). Bytes are kept exactly; the separator line and its own line ending are not
 * part of any request. Streams the file, so a corpus may be larger than memory allows to read at once.
 */
import { createReadStream } from 'node:fs';
import { ConfigError } from '../common/errors.js';
import type { CorpusEntry, InvalidEntryHandler } from './types.js';

const SEPARATOR = Buffer.from('====****');
const LF = 0x0a;
const CR = 0x0d;

function isBlank(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== CR && b !== LF) return false;
  }
  return true;
}

/** Length of the separator line at `at` (including its line ending), 0 when none, -1 when undecided yet. */
function separatorAt(buf: Buffer, at: number, eof: boolean): number {
  const end = at + SEPARATOR.length;
  if (buf.length < end) {
    if (!eof && SEPARATOR.subarray(0, buf.length - at).equals(buf.subarray(at))) return -1;
    return 0;
  }
  if (buf.compare(SEPARATOR, 0, SEPARATOR.length, at, end) !== 0) return 0;
  if (end === buf.length) return eof ? SEPARATOR.length : -1;
  if (buf[end] === LF) return SEPARATOR.length + 1;
  if (buf[end] === CR) {
    if (end + 1 === buf.length) return eof ? SEPARATOR.length + 1 : -1;
    if (buf[end + 1] === LF) return SEPARATOR.length + 2;
  }
  return 0;
}

function countLf(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let i = buf.indexOf(LF, from);
  while (i !== -1 && i < to) {
    n++;
    i = buf.indexOf(LF, i + 1);
  }
  return n;
}

/** Streams the requests of one raw-format file. */
export async function* readRawFile(
  absolutePath: string,
  displayPath: string,
  onInvalid: InvalidEntryHandler,
  maxEntryBytes = 64 * 1024 * 1024,
): AsyncGenerator<CorpusEntry> {
  let pending: Buffer = Buffer.alloc(0);
  let entryLine = 1; // line where the pending entry starts
  let index = 0;
  let scanFrom = 0; // offset in pending from which a separator line may still start
  const stream = createReadStream(absolutePath, { highWaterMark: 1 << 20 });
  const emit = (raw: Buffer, line: number): CorpusEntry | null => {
    if (raw.length === 0 || isBlank(raw)) return null;
    if (raw.length > maxEntryBytes) {
      onInvalid(
        `Request larger than ${maxEntryBytes} bytes (missing "====****" separator?).`,
        displayPath,
        line,
      );
      return null;
    }
    return { raw, origin: { file: displayPath, index: index++, line } };
  };
  const drain = function* (eof: boolean): Generator<CorpusEntry> {
    // Separator candidates: offset 0 of the entry, or right after an LF.
    let lineStart = scanFrom === 0 ? 0 : -1;
    let pos = scanFrom;
    for (;;) {
      if (lineStart === -1) {
        const lf = pending.indexOf(LF, pos);
        if (lf === -1) {
          scanFrom = pending.length;
          break;
        }
        lineStart = lf + 1;
      }
      const sep = separatorAt(pending, lineStart, eof);
      if (sep === -1) {
        scanFrom = lineStart;
        return;
      }
      if (sep > 0) {
        const raw = Buffer.from(pending.subarray(0, lineStart));
        const nextLine = entryLine + countLf(pending, 0, lineStart + sep);
        const entry = emit(raw, entryLine);
        if (entry) yield entry;
        pending = pending.subarray(lineStart + sep);
        entryLine = nextLine;
        pos = 0;
        lineStart = 0;
        continue;
      }
      pos = lineStart;
      lineStart = -1;
    }
    if (scanFrom > maxEntryBytes + SEPARATOR.length + 2 && !eof) {
      throw new ConfigError(
        `Request larger than ${maxEntryBytes} bytes: is the "====****" separator missing?`,
        {
          file: displayPath,
          line: entryLine,
          hint: 'Separate raw requests with a line containing only ====****.',
        },
      );
    }
  };
  for await (const chunk of stream) {
    const piece = chunk as Buffer;
    pending = pending.length === 0 ? piece : Buffer.concat([pending, piece]);
    scanFrom = Math.max(0, scanFrom - 1);
    yield* drain(false);
  }
  scanFrom = Math.max(0, scanFrom - 1);
  yield* drain(true);
  const last = emit(Buffer.from(pending), entryLine);
  if (last) yield last;
}
