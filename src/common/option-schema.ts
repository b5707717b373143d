/**
 * Option schemas: every option of a stage declared once — name, type, unit, default, bounds, help —
 * and used for validation ({@link parseOptions}), the CLI's "Options:" block and the action.yml input
 * descriptions (option-help.ts; the descriptions are checked for drift by a test).
 * Values are validated with the parsers of ./options.ts, whose errors name the input, the value and the
 * accepted range. A schema knows nothing of the stage that owns it; stages own their schemas.
 */
import { ConfigError } from './errors.js';
import {
  parseBoolean,
  parseDurationMs,
  parseEnum,
  parseInteger,
  parseList,
  parseNumber,
} from './options.js';

/** What an option's text means once parsed. */
export type OptionType =
  'string' | 'path' | 'url' | 'integer' | 'number' | 'duration' | 'boolean' | 'enum' | 'list';

interface OptionBase {
  /** One sentence or two, ending with a period: the CLI help and the action.yml description. */
  help: string;
  /** Placeholder after the flag in the CLI help (`URL`, `N`, `D`). @default by type */
  metavar?: string;
  /** Unit of the parsed value, shown with the default (e.g. `MiB`, `req/s`). Durations are ms. */
  unit?: string;
  /** Refused when missing or empty. @default false */
  required?: boolean;
  /** How the default reads when it is computed rather than a constant (e.g. `10 quality, 50 pressure`). */
  defaultText?: string;
  /** The action input's name when it differs from the option's (CLI) name, e.g. `baseline-dir`. */
  actionInput?: string;
}

/** Text: as given, trimmed (unless `keepWhitespace`). */
export interface StringOption extends OptionBase {
  type: 'string' | 'path' | 'url';
  default?: string;
  /** The trimmed text must match. */
  pattern?: RegExp;
  /** What `pattern` accepts, for the error message, e.g. "letters, digits, '.', '_' and '-'". */
  patternText?: string;
  /** Keep surrounding whitespace (e.g. a pasted private key). @default false */
  keepWhitespace?: boolean;
}

/** A whole number within `[min, max]`. */
export interface IntegerOption extends OptionBase {
  type: 'integer';
  default?: number;
  /** @default 0 */
  min?: number;
  max?: number;
}

/** A finite number within `[min, max]`. */
export interface NumberOption extends OptionBase {
  type: 'number';
  default?: number;
  min?: number;
  max?: number;
}

/** A duration (`250ms`, `10s`, `2m`, `1h`, bare seconds), parsed into milliseconds. */
export interface DurationOption extends OptionBase {
  type: 'duration';
  /** In ms. */
  default?: number;
  /** Accept 0 (meaning "none"). @default false */
  allowZero?: boolean;
  /** Lower bound in ms. @default 1 (0 with allowZero) */
  minMs?: number;
  /** Upper bound in ms. @default MAX_DURATION_MS */
  maxMs?: number;
}

/** `true/false/yes/no/1/0/on/off`; a CLI boolean flag (`--strict`) gives `true`. */
export interface BooleanOption extends OptionBase {
  type: 'boolean';
  default?: boolean;
  /** On the CLI a flag without value (`--strict`) rather than `--strict BOOL`. @default false */
  flag?: boolean;
}

/** One of `values`. */
export interface EnumOption extends OptionBase {
  type: 'enum';
  values: readonly string[];
  default?: string;
}

/** Items separated by commas and/or newlines; empty items dropped. */
export interface ListOption extends OptionBase {
  type: 'list';
  default?: readonly string[];
  /** Every item must match. */
  itemPattern?: RegExp;
  /** What `itemPattern` accepts, for the error message. */
  itemText?: string;
}

/** One option. */
export type OptionSpec =
  | StringOption
  | IntegerOption
  | NumberOption
  | DurationOption
  | BooleanOption
  | EnumOption
  | ListOption;

/** A stage's options by name (the kebab-case CLI flag and action input name), in help order. */
export type OptionSchema = Readonly<Record<string, OptionSpec>>;

/** Raw values by option name: action inputs ('' when unset) or CLI flags (booleans for flags). */
export type RawOptions = Readonly<Record<string, string | boolean | undefined>>;

type ValueOf<O> = O extends { type: 'integer' | 'number' | 'duration' }
  ? number
  : O extends { type: 'boolean' }
    ? boolean
    : O extends { type: 'enum'; values: readonly (infer T)[] }
      ? T
      : O extends { type: 'list' }
        ? string[]
        : string;

type AlwaysSet<O> = O extends { default: unknown }
  ? true
  : O extends { required: true }
    ? true
    : false;

/** The parsed values of a schema: options with a default or required are always set. */
export type OptionValues<S extends OptionSchema> = {
  -readonly [K in keyof S]: AlwaysSet<S[K]> extends true
    ? ValueOf<S[K]>
    : ValueOf<S[K]> | undefined;
};

/** Options of {@link parseOptions}. */
export interface ParseOptionsConfig {
  /** What the user typed for an option name, for messages (`--top-n`, `candidate-dir`). @default name */
  nameOf?: (name: string) => string;
  /** The stage, for the unknown-option message (`replay`). */
  stage?: string;
}

/** The action input name of an option: its `actionInput`, else its name. */
export function actionInputOf(schema: OptionSchema, name: string): string {
  return schema[name]?.actionInput ?? name;
}

/** Option names of a schema, in declaration order. */
export function optionNames<S extends OptionSchema>(schema: S): Array<keyof S & string> {
  return Object.keys(schema);
}

/** True when a raw value counts as given ('' and whitespace from an unset action input do not). */
export function isGiven(value: string | boolean | undefined): value is string | boolean {
  return typeof value === 'boolean' || (value !== undefined && value.trim() !== '');
}

/** The parsed default of an option (a copy for lists), or undefined. */
export function optionDefault(spec: OptionSpec): unknown {
  if (spec.default === undefined) return undefined;
  return Array.isArray(spec.default) ? [...(spec.default as readonly string[])] : spec.default;
}

/** Parses one given value of `spec`; `input` names it in errors. */
export function parseOptionValue(
  spec: OptionSpec,
  input: string,
  value: string | boolean,
): unknown {
  if (spec.type === 'boolean') return parseBoolean(input, value);
  const text = String(value);
  switch (spec.type) {
    case 'integer':
      return parseInteger(input, text, spec.min ?? 0, spec.max ?? Number.MAX_SAFE_INTEGER);
    case 'number':
      return parseNumber(input, text, spec.min ?? -Infinity, spec.max ?? Infinity);
    case 'duration':
      return parseDurationMs(input, text, {
        ...(spec.allowZero ? { allowZero: true } : {}),
        ...(spec.minMs !== undefined ? { minMs: spec.minMs } : {}),
        ...(spec.maxMs !== undefined ? { maxMs: spec.maxMs } : {}),
      });
    case 'enum':
      return parseEnum(input, text, spec.values);
    case 'list': {
      const items = parseList(text);
      if (spec.itemPattern) {
        for (const item of items) {
          if (!spec.itemPattern.test(item))
            throw new ConfigError(
              `Expected ${spec.itemText ?? `items matching ${String(spec.itemPattern)}`}.`,
              {
                input,
                value: item,
              },
            );
        }
      }
      return items;
    }
    case 'url': {
      const trimmed = text.trim();
      let url: URL | undefined;
      try {
        url = new URL(trimmed);
      } catch (error) {
        throw new ConfigError('Not a URL: use http://host:port/… or https://host:port/….', {
          input,
          value,
          cause: error,
        });
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new ConfigError('Expected an http:// or https:// URL.', { input, value });
      return trimmed;
    }
    default: {
      const result = spec.keepWhitespace ? text : text.trim();
      if (spec.pattern && !spec.pattern.test(result.trim()))
        throw new ConfigError(
          `Expected ${spec.patternText ?? `text matching ${String(spec.pattern)}`}.`,
          { input, value },
        );
      return result;
    }
  }
}

/**
 * Validates raw values against `schema`: unknown names, missing required options and bad values are
 * `ConfigError`s naming the input; unset options get their default (or stay undefined).
 */
export function parseOptions<S extends OptionSchema>(
  schema: S,
  raw: RawOptions,
  config: ParseOptionsConfig = {},
): OptionValues<S> {
  const nameOf = config.nameOf ?? ((name: string) => name);
  for (const key of Object.keys(raw)) {
    if (!Object.hasOwn(schema, key) && raw[key] !== undefined)
      throw new ConfigError(`Unknown ${config.stage ? `${config.stage} ` : ''}option "${key}".`, {
        input: key,
        hint: `Known: ${Object.keys(schema).map(nameOf).join(', ')}.`,
      });
  }
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const value = raw[name];
    if (isGiven(value)) {
      values[name] = parseOptionValue(spec, nameOf(name), value);
    } else if (spec.required) {
      throw new ConfigError(`A value is required: ${spec.help}`, { input: nameOf(name) });
    } else {
      values[name] = optionDefault(spec);
    }
  }
  return values as OptionValues<S>;
}
