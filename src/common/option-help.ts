/**
 * Text from option schemas: the CLI help's option rows ({@link formatOptionsHelp}) and the action.yml
 * description of an option ({@link describeOption}, which the drift test holds the action files to).
 */
import { MAX_DURATION_MS } from './options.js';
import type { OptionSchema, OptionSpec, OptionType } from './option-schema.js';

function formatDurationMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms === MAX_DURATION_MS) return `${ms}ms`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** The default as the help states it (`10s`, `true`, `64 MiB`), or undefined when there is none. */
export function defaultText(spec: OptionSpec): string | undefined {
  if (spec.defaultText !== undefined) return spec.defaultText;
  if (spec.default === undefined) return undefined;
  if (spec.type === 'duration') return formatDurationMs(spec.default);
  if (spec.type === 'list') return spec.default.join(',');
  const text = String(spec.default);
  return spec.unit && (spec.type === 'integer' || spec.type === 'number')
    ? `${text} ${spec.unit}`
    : text;
}

/** The accepted range as the help states it (`1–10000`, `0 to 1h`), or undefined. */
export function boundsText(spec: OptionSpec): string | undefined {
  if (spec.type === 'integer' || spec.type === 'number') {
    const min = spec.min ?? (spec.type === 'integer' ? 0 : undefined);
    if (spec.max === undefined) return min !== undefined && min > 0 ? `≥ ${min}` : undefined;
    return `${min ?? '−∞'}–${spec.max}`;
  }
  if (spec.type === 'duration' && (spec.minMs !== undefined || spec.maxMs !== undefined)) {
    const min = formatDurationMs(spec.minMs ?? (spec.allowZero ? 0 : 1));
    return spec.maxMs === undefined ? `≥ ${min}` : `${min} to ${formatDurationMs(spec.maxMs)}`;
  }
  if (spec.type === 'enum') return spec.values.join('|');
  return undefined;
}

/**
 * The action.yml description of an option: its help, then `Default: X.` when it has a default. The
 * drift test requires every action input backed by a schema option to start with this text.
 */
export function describeOption(spec: OptionSpec): string {
  const def = defaultText(spec);
  return def === undefined ? spec.help : `${spec.help} Default: ${def}.`;
}

const METAVARS: Record<OptionType, string> = {
  string: 'TEXT',
  path: 'PATH',
  url: 'URL',
  integer: 'N',
  number: 'N',
  duration: 'D',
  boolean: 'BOOL',
  enum: 'X',
  list: 'LIST',
};

/** One extra help row (a CLI-only flag such as `--json`): flag with placeholder, and its text. */
export type HelpRow = readonly [flag: string, text: string];

/** Options of {@link formatOptionsHelp}. */
export interface OptionsHelpConfig {
  /** Only these options, in this order. @default every option of the schema */
  only?: readonly string[];
  /** Rows appended after the schema's (CLI-only flags). */
  extra?: readonly HelpRow[];
  /** Wrap the text column at this width. @default 100 */
  width?: number;
  /** Where the text column starts (to align several blocks). @default from the longest flag, ≤ 30 */
  column?: number;
}

/** The flag column of an option: `--name METAVAR` (a boolean flag has none). */
export function flagText(name: string, spec: OptionSpec): string {
  if (spec.type === 'boolean' && spec.flag) return `--${name}`;
  const metavar =
    spec.metavar ?? (spec.type === 'enum' ? spec.values.join('|') : METAVARS[spec.type]);
  return `--${name} ${metavar}`;
}

/** The text column of an option: help, then `[bounds, default: X]` or `[required]`. */
export function optionHelpText(spec: OptionSpec): string {
  const bounds = spec.type === 'enum' ? undefined : boundsText(spec);
  // A CLI flag's default is its absence: not worth a note.
  const def = spec.type === 'boolean' && spec.flag ? undefined : defaultText(spec);
  const notes = [
    bounds,
    spec.required ? 'required' : def === undefined ? undefined : `default: ${def}`,
  ].filter((note) => note !== undefined);
  return notes.length === 0 ? spec.help : `${spec.help} [${notes.join(', ')}]`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The CLI help's option rows for `schema` (no heading), one option per row, text wrapped. */
export function formatOptionsHelp(schema: OptionSchema, config: OptionsHelpConfig = {}): string {
  const names = config.only ?? Object.keys(schema);
  const rows: HelpRow[] = names.map((name) => {
    const spec = schema[name];
    if (!spec) throw new Error(`formatOptionsHelp: no option "${name}" in the schema`);
    return [flagText(name, spec), optionHelpText(spec)];
  });
  rows.push(...(config.extra ?? []));
  const column = config.column ?? Math.min(Math.max(...rows.map(([flag]) => flag.length)) + 4, 30);
  const textWidth = Math.max((config.width ?? 100) - column, 30);
  const out: string[] = [];
  for (const [flag, text] of rows) {
    const [first = '', ...rest] = wrap(text, textWidth);
    const head = `  ${flag}`;
    if (head.length + 2 <= column) out.push(`${head.padEnd(column)}${first}`);
    else out.push(head, `${' '.repeat(column)}${first}`);
    for (const line of rest) out.push(`${' '.repeat(column)}${line}`);
  }
  return out.join('\n');
}
