/** A minimal logger that stage modules take instead of touching `@actions/core` or the console. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Logs to stderr (stdout is kept for results and JSON). `debug` lines only when `verbose`. */
export function createConsoleLogger(verbose = false): Logger {
  return {
    debug: (m) => {
      if (verbose) process.stderr.write(`debug: ${m}\n`);
    },
    info: (m) => process.stderr.write(`${m}\n`),
    warn: (m) => process.stderr.write(`warning: ${m}\n`),
    error: (m) => process.stderr.write(`error: ${m}\n`),
  };
}

/** A Logger that prints each distinct warning once and can say how often each one came back. */
export interface OnceLogger extends Logger {
  /**
   * Logs (as info) one line per warning that was repeated, with its count, and forgets the counts.
   * Call it once at the end of a run.
   */
  flushRepeats(): void;
}

/**
 * Wraps a logger so that a warning with the same text is printed once per run; repeats are counted and
 * reported by {@link OnceLogger.flushRepeats} ("warning repeated 19 more times: …"). A pipeline that
 * reads the same corpus for 20 rounds then warns about it once instead of 20 times.
 */
export function warnOnce(inner: Logger): OnceLogger {
  const repeats = new Map<string, number>();
  return {
    debug: (m) => inner.debug(m),
    info: (m) => inner.info(m),
    error: (m) => inner.error(m),
    warn: (m) => {
      const seen = repeats.get(m);
      if (seen === undefined) {
        repeats.set(m, 0);
        inner.warn(m);
      } else {
        repeats.set(m, seen + 1);
      }
    },
    flushRepeats: () => {
      for (const [message, count] of repeats) {
        if (count > 0) {
          const times = count === 1 ? 'time' : 'times';
          inner.info(`(the warning "${shorten(message)}" was repeated ${count} more ${times})`);
        }
      }
      repeats.clear();
    },
  };
}

function shorten(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? '';
  return firstLine.length > 120 ? `${firstLine.slice(0, 117)}...` : firstLine;
}

/** Discards everything; for tests and library use. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
