/** The shape of a CLI command: parsed by `main.ts`, each in its own file under `commands/`. */
import type { Logger } from '../common/logger.js';

/** Re-exported so the commands keep importing it from here; defined in common for the stages. */
export { ExitCode } from '../common/exit-codes.js';

/** What a command gets besides its arguments. */
export interface CommandContext {
  logger: Logger;
  /** Writes to stdout (results, JSON). */
  print: (text: string) => void;
  /** Aborted on SIGINT/SIGTERM: long-running commands stop, clean up and return. */
  signal: AbortSignal;
}

/** A `waf-gate <name>` command. */
export interface Command {
  name: string;
  /** One line for `waf-gate --help`. */
  summary: string;
  /** Full help text shown by `waf-gate <name> --help`. */
  help: string;
  /** Runs the command; resolves to an exit code from {@link ExitCode}. */
  run(args: string[], context: CommandContext): Promise<number>;
}
