/** `waf-gate compare`: a candidate run directory against a baseline → verdict, results.json, report.md. */
import { exitCodeFor, parseCompareOptions } from '../../compare/options.js';
import { runCompare } from '../../pipeline/compare.js';
import { POLICY_INPUT_NAMES } from '../../compare/policy.js';
import { renderCheckSummary } from '../../report/index.js';
import { parseFlags } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: waf-gate compare --candidate DIR [--baseline DIR | --baseline-store DIR] [options]

Compares a candidate build's run directory (run.json + quality run + pressure rounds) with a
baseline's: per-request verdicts (new blocks, new passes, new 5xx), per-domain status counts, crashes
and error-log findings, and per-metric performance over rounds (medians, bootstrap CI, Mann-Whitney U).
Writes results.json (top-level "verdict": pass | fail | neutral), report.md and changed-requests.jsonl.

Options:
  --candidate DIR          candidate run directory (required)
  --baseline DIR           baseline run directory
  --baseline-store DIR     find the baseline here by (version, corpus fingerprint, mode, load shape)
  --baseline-version V     with --baseline-store: only this baseline build version (default: newest)
  --save-baseline          with --baseline-store: store the candidate as a baseline afterwards
  --policy FILE            gate policy (YAML or JSON): thresholds, per-domain overrides, ignore lists
  --alpha P                significance level (default 0.05)
  --status-increase-pct N  domain status count growth that flags a domain (default 10)
  --min-delta N            …and the minimum absolute growth (default 5)
  --max-new-blocks N       newly blocked requests allowed (default 0)
  --qps-threshold-pct N    QPS drop that counts (default 10)
  --cpu-threshold-pct N    WAF CPU/request rise that counts (default 10)
  --p99-threshold-pct N    p99 latency rise that counts (default 20)
  --rss-threshold-pct N    RSS rise that counts (default 20)
  --out DIR                output folder (default: waf-gate-results)
  --artifact-url URL       link to the uploaded results, shown in the report
  --top-n N                changed requests listed in the report (default 20)
  --strict                 neutral (e.g. no baseline) exits with 4 instead of 0
  --json                   print results.json's verdict, reasons, counts and paths as JSON

Without a baseline the verdict is neutral. Runs of different corpora or load shapes are refused.
Exit codes: 0 pass (or neutral), 1 fail, 2 bad input, 3 runtime error, 4 neutral with --strict.
`;

const FLAGS = [
  'candidate',
  'baseline',
  'baseline-store',
  'baseline-version',
  'policy',
  'out',
  'artifact-url',
  'top-n',
] as const;

/** The `compare` command. */
export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare a candidate run with a baseline run and decide pass / fail / neutral',
  help,
  async run(args, { logger, print }) {
    const stringFlags = Object.fromEntries(
      [...FLAGS, ...POLICY_INPUT_NAMES].map((f) => [f, { type: 'string' as const }]),
    );
    const { values } = parseFlags('compare', args, {
      ...stringFlags,
      'save-baseline': { type: 'boolean' },
      strict: { type: 'boolean' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const raw = values as Record<string, string | boolean | undefined>;
    const options = parseCompareOptions(
      {
        ...raw,
        strict: raw.strict === true ? 'true' : undefined,
        'save-baseline': raw['save-baseline'] === true ? 'true' : undefined,
      },
      (name) => `--${name}`,
    );
    const { comparison, written, savedBaselineDir } = await runCompare(options, logger);
    if (raw.json === true) {
      print(
        JSON.stringify(
          {
            verdict: comparison.verdict,
            reasons: comparison.reasons.map((r) => r.message),
            counts: comparison.counts,
            resultsFile: written.resultsFile,
            reportFile: written.reportFile,
            htmlFile: written.htmlFile,
            changesFile: written.changesFile,
            ...(savedBaselineDir ? { savedBaselineDir } : {}),
          },
          null,
          2,
        ),
      );
    } else {
      print(renderCheckSummary(comparison));
      print(
        `Report: ${written.reportFile}\nCharts: ${written.htmlFile}\nResults: ${written.resultsFile}`,
      );
    }
    return exitCodeFor(comparison.verdict, options.strict);
  },
};
