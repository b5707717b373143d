/** Flag parsing for commands: node's parseArgs, with unknown flags turned into a ConfigError. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../common/errors.js';
import type { OptionSchema } from '../common/option-schema.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses `args` with `options`; unknown or malformed flags become a ConfigError naming the flag. */
export function parseFlags<T extends Options>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.split('\n')[0]}`, {
      cause: error,
      hint: `Run \`waf-gate ${command} --help\` for the accepted options.`,
    });
  }
}

/** parseArgs options for every option of `schema`: `--name VALUE`, or a bare `--name` for flag booleans. */
export function schemaFlags(
  schema: OptionSchema,
): Record<string, { type: 'string' } | { type: 'boolean' }> {
  return Object.fromEntries(
    Object.entries(schema).map(([name, spec]) => [
      name,
      spec.type === 'boolean' && spec.flag
        ? { type: 'boolean' as const }
        : { type: 'string' as const },
    ]),
  );
}

/** The schema's options out of parseArgs values (CLI-only flags such as `--json` left out). */
export function schemaValues(
  schema: OptionSchema,
  values: Record<string, string | boolean | undefined>,
): Record<string, string | boolean | undefined> {
  return Object.fromEntries(Object.keys(schema).map((name) => [name, values[name]]));
}
