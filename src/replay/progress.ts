/**
 * Live progress: a bar redrawn on a TTY, or one line every N seconds in CI logs, plus an optional
 * callback. Reads counters through a function; never touches the hot path.
 */
import type { Logger } from '../common/logger.js';
import { formatProgressBar, formatProgressLine, type ReplayProgress } from './printers.js';

/** Options of {@link startProgress}. */
export interface ProgressOptions {
  read: () => { sent: number; completed: number; errors: number };
  logger: Logger;
  /** Stream for the TTY bar; the bar is used only when it is a TTY. @default process.stderr */
  stream?: NodeJS.WriteStream;
  /** Non-TTY: one line every this many ms (0: never). */
  lineIntervalMs: number;
  expectedTotal?: number;
  durationMs?: number;
  onProgress?: (p: ReplayProgress) => void;
}

/** Starts reporting; returns a stop function that clears the bar. */
export function startProgress(options: ProgressOptions): () => void {
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  const startedAt = Date.now();
  let last = { at: startedAt, completed: 0 };
  let lastLineAt = startedAt;
  let rps = 0;
  let plannedWorkDoneAt: number | undefined;
  const reading = (): ReplayProgress => {
    const now = Date.now();
    const c = options.read();
    const dt = now - last.at;
    if (dt >= 200) {
      rps = ((c.completed - last.completed) * 1000) / dt;
      last = { at: now, completed: c.completed };
    }
    const p: ReplayProgress = { elapsedMs: now - startedAt, ...c, rps };
    let fraction: number | undefined;
    if (options.expectedTotal !== undefined && options.expectedTotal > 0)
      fraction = (c.completed + c.errors) / options.expectedTotal;
    if (options.durationMs !== undefined && options.durationMs > 0)
      fraction = Math.max(fraction ?? 0, p.elapsedMs / options.durationMs);
    if (fraction !== undefined) {
      p.fraction = Math.min(1, fraction);
      if (fraction > 0.001) p.etaMs = Math.max(0, (p.elapsedMs / fraction) * (1 - p.fraction));
    }
    const outstanding = c.sent - c.completed - c.errors;
    const allSent = options.expectedTotal !== undefined && c.sent >= options.expectedTotal;
    const timeUp = options.durationMs !== undefined && p.elapsedMs >= options.durationMs;
    if ((allSent || timeUp) && outstanding > 0) {
      plannedWorkDoneAt ??= now;
      p.waiting = { responses: outstanding, sinceMs: now - plannedWorkDoneAt };
    } else {
      plannedWorkDoneAt = undefined;
    }
    if (options.expectedTotal !== undefined) p.expectedTotal = options.expectedTotal;
    if (options.durationMs !== undefined) p.durationMs = options.durationMs;
    return p;
  };
  const timer = setInterval(
    () => {
      const p = reading();
      options.onProgress?.(p);
      if (tty) stream.write(`\r${formatProgressBar(p)}\x1b[K`);
      else if (options.lineIntervalMs > 0 && Date.now() - lastLineAt >= options.lineIntervalMs) {
        lastLineAt = Date.now();
        options.logger.info(formatProgressLine(p));
      }
    },
    tty ? 250 : 1000,
  );
  timer.unref();
  return () => {
    clearInterval(timer);
    if (tty) stream.write('\r\x1b[K');
  };
}
