/**
 * Error taxonomy. `ConfigError` is the user's mistake (bad input, bad file); every other failure is a
 * `WafGateError` with a stable `code`, context (host, command, file:line) and a `cause`.
 * Match on `code`, never on `instanceof`: bundles may hold more than one copy of a class.
 */

/** Context attached to an error: what was being done, where. Values are shown to the user. */
export type ErrorContext = Record<string, string | number | boolean | undefined>;

/** Options accepted by every waf-gate error. */
export interface ErrorOptions {
  context?: ErrorContext;
  cause?: unknown;
  /** What the user should do about it, one sentence. */
  hint?: string;
}

/** Base class of all errors waf-gate raises on purpose. */
export class WafGateError extends Error {
  readonly code: string;
  readonly context: ErrorContext;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WafGateError';
    this.code = code;
    this.context = options.context ?? {};
    this.hint = options.hint;
  }
}

/** Where a bad value came from: an input name, or a file and line. */
export interface ConfigErrorOptions extends ErrorOptions {
  /** Input, flag or key name, e.g. `concurrency` or `--rate`. */
  input?: string;
  /** The offending value as given. */
  value?: unknown;
  file?: string;
  line?: number;
}

/** The user's mistake: bad input, a malformed file, a missing prerequisite they must provide. */
export class ConfigError extends WafGateError {
  readonly input: string | undefined;
  readonly value: unknown;
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, options: ConfigErrorOptions = {}) {
    super('E_CONFIG', message, options);
    this.name = 'ConfigError';
    this.input = options.input;
    this.value = options.value;
    this.file = options.file;
    this.line = options.line;
  }
}

/** True for errors raised by waf-gate (any bundle copy). */
export function isWafGateError(error: unknown): error is WafGateError {
  return (
    error instanceof Error &&
    typeof (error as Partial<WafGateError>).code === 'string' &&
    'context' in error
  );
}

/** True for the user's mistakes. */
export function isConfigError(error: unknown): error is ConfigError {
  return isWafGateError(error) && error.code === 'E_CONFIG';
}

/** Turns anything thrown into a `WafGateError`, keeping the original as `cause`. */
export function wrapError(
  error: unknown,
  code = 'E_INTERNAL',
  context: ErrorContext = {},
): WafGateError {
  if (isWafGateError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new WafGateError(code, message, { cause: error, context });
}

function quote(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * One paragraph for a human: what failed, where (file:line, input and value, context), the cause chain
 * and what to do. Stacks only with `debug`.
 */
export function formatError(error: unknown, debug = false): string {
  const parts: string[] = [];
  const err = isWafGateError(error) ? error : wrapError(error);
  let where = '';
  if (isConfigError(err)) {
    if (err.file !== undefined)
      where = err.line !== undefined ? `${err.file}:${err.line}: ` : `${err.file}: `;
    parts.push(`${where}${err.message}`);
    if (err.input !== undefined)
      parts.push(`(input ${err.input}${err.value !== undefined ? ` = ${quote(err.value)}` : ''})`);
  } else {
    parts.push(`${err.message} [${err.code}]`);
  }
  const context = Object.entries(err.context)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? quote(v) : String(v)}`);
  if (context.length > 0) parts.push(`(${context.join(', ')})`);
  let cause: unknown = err.cause;
  const seen = new Set<unknown>();
  while (cause !== undefined && cause !== null && !seen.has(cause)) {
    seen.add(cause);
    const text = cause instanceof Error ? cause.message : describeValue(cause);
    if (text && !parts.some((p) => p.includes(text))) parts.push(`Cause: ${text}.`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  if (err.hint) parts.push(err.hint);
  let text = parts.join(' ');
  if (debug && err.stack) text += `\n${err.stack}`;
  return text;
}

/** A thrown non-Error (a string, a number, a plain object) as readable text. */
function describeValue(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
