/** Flag parsing for commands: node's parseArgs, with unknown flags turned into a ConfigError. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../common/errors.js';

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
