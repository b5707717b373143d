/**
 * Documented exit codes of every `waf-gate` command. They live in common (not in cli/) because stages
 * map their outcomes to them too (compare's verdict → exit code), and stages must not import the CLI.
 */
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
