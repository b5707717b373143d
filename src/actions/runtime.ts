/**
 * The only place that touches `@actions/core` besides the thin entries: reads inputs, sets outputs,
 * turns any error into one failure message. Stage modules take typed options and a Logger.
 */
import * as core from '@actions/core';
import { ConfigError, formatError, isConfigError } from '../common/errors.js';
import { warnOnce, type OnceLogger } from '../common/logger.js';
import { appendJobSummary } from '../github/summary.js';

/**
 * A Logger that writes through the Actions toolkit (so warnings become annotations), each distinct
 * warning once per step; {@link runAction} reports the repeat counts at the end.
 */
export const actionsLogger: OnceLogger = warnOnce({
  debug: (m) => core.debug(m),
  info: (m) => core.info(m),
  warn: (m) => core.warning(m),
  error: (m) => core.error(m),
});

/** Reads an input as the runner (or a composite step's `env:` mapping) passes it; '' when unset. */
export function input(name: string): string {
  return core.getInput(name);
}

/** Reads an input that must be set. The message names the input. */
export function requiredInput(name: string): string {
  const value = core.getInput(name);
  if (value === '') {
    throw new ConfigError(`Input "${name}" is required but was empty.`, {
      input: name,
      hint: `Set "${name}" in the step's "with:" block.`,
    });
  }
  return value;
}

/** Sets outputs; values that are objects are written as JSON. */
export function setOutputs(outputs: Record<string, string | number | boolean | undefined>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) core.setOutput(name, String(value));
  }
}

/** Appends Markdown to the job summary, within GitHub's 1 MiB per step (counting what is there). */
export async function appendSummary(markdown: string): Promise<void> {
  const path = process.env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  await appendJobSummary(markdown.endsWith('\n') ? markdown : `${markdown}\n`, { path });
}

/**
 * Registers a secret so the runner masks it in every log line. A multi-line secret (a private key) is
 * also registered line by line, because log output shows it a line at a time.
 */
export function maskSecret(value: string): void {
  if (!value) return;
  core.setSecret(value);
  if (value.includes('\n')) {
    for (const line of value.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed.length >= 8 && !/^-----(BEGIN|END) /.test(trimmed)) core.setSecret(trimmed);
    }
  }
}

/**
 * Runs an action's body once, with one top-level catch: a ConfigError or operational error becomes a
 * single `core.setFailed` paragraph (no stack unless ACTIONS_STEP_DEBUG / RUNNER_DEBUG).
 */
export async function runAction(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const debug = process.env.RUNNER_DEBUG === '1' || core.isDebug();
    const prefix = isConfigError(error) ? 'Configuration error: ' : '';
    core.setFailed(prefix + formatError(error, debug));
  } finally {
    actionsLogger.flushRepeats();
  }
}
