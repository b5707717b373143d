/** `waf-gate compare`: a candidate run directory against a baseline → verdict, results.json, report.md. */
import { formatOptionsHelp } from '../../common/option-help.js';
import { exitCodeFor, parseCompareOptions } from '../../compare/options.js';
import { COMPARE_SCHEMA } from '../../compare/schema.js';
import { runCompare } from '../../pipeline/compare.js';
import { renderCheckSummary } from '../../report/index.js';
import { parseFlags, schemaFlags, schemaValues } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: waf-gate compare --candidate DIR [--baseline DIR | --baseline-store DIR] [options]

Compares a candidate build's run directory (run.json + quality run + pressure rounds) with a
baseline's: per-request verdicts (new blocks, new passes, new 5xx), per-domain status counts, crashes
and error-log findings, and per-metric performance over rounds (medians, bootstrap CI, Mann-Whitney U).
Writes results.json (top-level "verdict": pass | fail | neutral), report.md and changed-requests.jsonl.

Options:
${formatOptionsHelp(COMPARE_SCHEMA, { extra: [['--json', "print results.json's verdict, reasons, counts and paths as JSON"]] })}

Without a baseline the verdict is neutral. Runs of different corpora or load shapes are refused.
Exit codes: 0 pass (or neutral), 1 fail, 2 bad input, 3 runtime error, 4 neutral with --strict.
`;

/** The `compare` command. */
export const compareCommand: Command = {
  name: 'compare',
  summary: 'compare a candidate run with a baseline run and decide pass / fail / neutral',
  help,
  async run(args, { logger, print }) {
    const { values } = parseFlags('compare', args, {
      ...schemaFlags(COMPARE_SCHEMA),
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const options = parseCompareOptions(
      schemaValues(COMPARE_SCHEMA, values),
      (name) => `--${name}`,
    );
    const { comparison, written, savedBaselineDir } = await runCompare(options, logger);
    if (values.json === true) {
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
