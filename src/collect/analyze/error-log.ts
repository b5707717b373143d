/**
 * Scans the WAF's error log between start and stop: `[alert]`/`[emerg]`/`[crit]` lines, `worker process
 * N exited on signal S`, sanitizer output (AddressSanitizer, LeakSanitizer, UBSan `runtime error:`), and
 * optionally ModSecurity's rule ids per transaction (`[id "942480"]` … `[unique_id "<rid>"]`, logged at
 * `info`).
 */
import type { ErrorLogFinding } from '../types.js';

const MAX_FINDINGS = 1000;
const LINE_CHARS = 500;

const SIGNAL_NAMES: Record<string, string> = {
  '1': 'SIGHUP',
  '2': 'SIGINT',
  '3': 'SIGQUIT',
  '4': 'SIGILL',
  '6': 'SIGABRT',
  '7': 'SIGBUS',
  '8': 'SIGFPE',
  '9': 'SIGKILL',
  '11': 'SIGSEGV',
  '13': 'SIGPIPE',
  '15': 'SIGTERM',
};

/** `SIGSEGV` for `11`; `signal N` for unknown numbers. */
export function signalName(num: string): string {
  return SIGNAL_NAMES[num] ?? `signal ${num}`;
}

/** A `worker process N exited on signal S` line. */
export interface WorkerSignal {
  pid: number;
  signal: string;
  coreDumped: boolean;
  line: string;
}

const LEVEL_RE = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(\w+)\]/;
const SIGNAL_RE = /worker process (\d+) exited on signal (\d+)( \(core dumped\))?/;
const SANITIZER_RE =
  /AddressSanitizer|LeakSanitizer|ThreadSanitizer|MemorySanitizer|UndefinedBehaviorSanitizer|runtime error:/;
const RULE_ID_RE = /\[id "(\d+)"\]/g;
const UNIQUE_ID_RE = /\[unique_id "([^"]+)"\]/;

/** Collects findings from error-log lines. */
export class ErrorLogScanner {
  lines = 0;
  readonly findings: ErrorLogFinding[] = [];
  /** Findings beyond the kept maximum. */
  droppedFindings = 0;
  readonly workerSignals: WorkerSignal[] = [];
  /** `$request_id` -> rule ids, when `collectRuleIds`. */
  readonly ruleIds = new Map<string, string[]>();

  constructor(private readonly collectRuleIds = false) {}

  /** Bound line handler for a LineSplitter. */
  readonly onLine = (buf: Buffer, start: number, end: number): void => {
    this.lines += 1;
    // Lines are short enough here; the error log is not the hot path (one line per finding or rule hit).
    const line = buf.toString('utf8', start, Math.min(end, start + 64 * 1024));
    const level = LEVEL_RE.exec(line)?.[1];
    if (level === 'alert' || level === 'emerg' || level === 'crit') {
      const sig = level === 'alert' ? SIGNAL_RE.exec(line) : null;
      if (sig) {
        this.workerSignals.push({
          pid: Number(sig[1]),
          signal: signalName(sig[2]!),
          coreDumped: sig[3] !== undefined,
          line: line.slice(0, LINE_CHARS),
        });
        this.add('worker-signal', line);
      } else {
        this.add(level, line);
      }
      return;
    }
    if (level === undefined || level === 'error') {
      if (SANITIZER_RE.test(line)) {
        this.add('sanitizer', line);
        return;
      }
    }
    if (this.collectRuleIds && line.includes('ModSecurity')) this.rules(line);
  };

  /** Bound handler for overlong lines (kept head only). */
  readonly onOverlong = (head: Buffer): void => {
    this.onLine(head, 0, head.length);
  };

  private add(kind: ErrorLogFinding['kind'], line: string): void {
    if (this.findings.length >= MAX_FINDINGS) {
      this.droppedFindings += 1;
      return;
    }
    this.findings.push({ kind, line: line.slice(0, LINE_CHARS), lineNumber: this.lines });
  }

  private rules(line: string): void {
    const rid = UNIQUE_ID_RE.exec(line)?.[1];
    if (rid === undefined) return;
    let ids = this.ruleIds.get(rid);
    for (const m of line.matchAll(RULE_ID_RE)) {
      if (ids === undefined) {
        ids = [];
        this.ruleIds.set(rid, ids);
      }
      if (!ids.includes(m[1]!)) ids.push(m[1]!);
    }
  }
}
