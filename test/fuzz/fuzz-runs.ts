/**
 * How many cases each property tries: a bounded number in the test suite, more from
 * `WAF_GATE_FUZZ_RUNS` (bench/fuzz-parsers.ts sets it for long runs). `WAF_GATE_FUZZ_SEED` replays a
 * failure fast-check printed.
 */
import type { Parameters } from 'fast-check';

/** fast-check parameters for a property whose default run count is `defaultRuns`. */
export function fuzzParams<T>(defaultRuns: number): Parameters<T> {
  const runs = Number(process.env.WAF_GATE_FUZZ_RUNS);
  const seed = Number(process.env.WAF_GATE_FUZZ_SEED);
  return {
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : defaultRuns,
    ...(Number.isInteger(seed) ? { seed } : {}),
  };
}

/** True for what a parser may throw on bad input: a waf-gate error with a code (any bundle copy). */
export function isCodedError(error: unknown): boolean {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string' &&
    'context' in error
  );
}

/** Suite timeout: generous for long runs (bench/fuzz-parsers.ts), bounded in the test suite. */
export const FUZZ_TIMEOUT_MS = process.env.WAF_GATE_FUZZ_RUNS ? 3_600_000 : 180_000;
