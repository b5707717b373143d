/**
 * The detached collector's state directory: options.json (what to collect), state.json (pid, start
 * positions; written once the collector runs), stop.json (what `stop` adds), done.json (how it ended),
 * daemon.log (its log). Removed by `stop` once the results are written (kept when they could not be,
 * so that `stop` can be run again).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, isConfigError, isWafGateError, WafGateError } from '../common/errors.js';
import type { StartPositions, StopOptions } from './stop-options.js';

/** state.json */
export interface DaemonState {
  schema: 'waf-gate/collect-state@1';
  runId: string;
  pid: number;
  startedAtMs: number;
  maxDurationMs: number;
  outDir: string;
  positions: StartPositions;
  /** Warnings the collector gave at start (missing data already visible), repeated by `start`. */
  warnings?: string[];
}

/** An error as it crosses the process boundary. */
export interface SerializedError {
  code: string;
  message: string;
  hint?: string;
  input?: string;
  value?: string;
  file?: string;
  line?: number;
}

/** done.json */
export interface DaemonDone {
  ok: boolean;
  stoppedBy: 'stop' | 'max-duration';
  endedAtMs: number;
  error?: SerializedError;
  /** What `stop` repeats as warnings (e.g. the WAF host lock was lost while collecting). */
  warnings?: string[];
}

/** Messages from the daemon to the starting process over IPC. */
export type DaemonMessage =
  { type: 'ready'; state: DaemonState } | { type: 'error'; error: SerializedError };

/** File names inside the state directory. */
export const STATE_FILES = {
  options: 'options.json',
  state: 'state.json',
  stop: 'stop.json',
  done: 'done.json',
  log: 'daemon.log',
} as const;

/** Path of a state file. */
export function statePath(stateDir: string, name: keyof typeof STATE_FILES): string {
  return join(stateDir, STATE_FILES[name]);
}

/** Reads a JSON state file, or undefined when it is missing or unreadable. */
export function readState<T>(stateDir: string, name: keyof typeof STATE_FILES): T | undefined {
  const path = statePath(stateDir, name);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** True when `pid` is alive and is the collector of `stateDir` (guards against pid reuse). */
export function isCollectorAlive(pid: number, stateDir: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline === '') return false; // zombie
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    return cmdline.split('\0').includes(stateDir);
  } catch {
    return false;
  }
}

/** What `stop` passes to the daemon. */
export type StopRequest = Omit<StopOptions, 'stoppedBy'>;

/** Turns an error into something the parent can rebuild. */
export function serializeError(error: unknown): SerializedError {
  if (isWafGateError(error)) {
    const out: SerializedError = { code: error.code, message: error.message };
    if (error.hint) out.hint = error.hint;
    if (isConfigError(error)) {
      if (error.input !== undefined) out.input = error.input;
      // inspect, not String: an object value reads as its content, not `[object Object]`.
      if (error.value !== undefined)
        out.value = typeof error.value === 'string' ? error.value : inspect(error.value);
      if (error.file !== undefined) out.file = error.file;
      if (error.line !== undefined) out.line = error.line;
    }
    return out;
  }
  return { code: 'E_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** Rebuilds an error sent by the daemon ({@link serializeError}'s output). */
export function deserializeError(e: SerializedError): WafGateError {
  if (e.code === 'E_CONFIG') {
    return new ConfigError(e.message, {
      ...(e.input !== undefined ? { input: e.input } : {}),
      ...(e.value !== undefined ? { value: e.value } : {}),
      ...(e.file !== undefined ? { file: e.file } : {}),
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.hint !== undefined ? { hint: e.hint } : {}),
    });
  }
  return new WafGateError(e.code, e.message, e.hint !== undefined ? { hint: e.hint } : {});
}
