/** The shape of a CLI command: parsed by `main.ts`, each in its own file under `commands/`. */
import type { Logger } from '../common/logger.js';

/** Documented exit codes of every `waf-gate` command. */
export const ExitCode = {
  /** Success; for `compare`/`demo`: the gate passed (or neutral without `--strict`). */
  ok: 0,
  /** The gate failed: a regression was found. */
  gateFailed: 1,
  /** Bad input: a flag, an input file, a missing prerequisite the user must provide. */
  usage: 2,
  /** Something failed while running (a WAF that does not answer, a command that failed). */
  runtime: 3,
  /** `compare --strict`: no verdict possible (e.g. no baseline). */
  neutral: 4,
  /** Interrupted (Ctrl-C / SIGTERM) after cleaning up. */
  interrupted: 130,
} as const;

/** What a command gets besides its arguments. */
export interface CommandContext {
  logger: Logger;
  /** Writes to stdout (results, JSON). */
  print(text: string): void;
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
