/** `waf-gate demo`: the whole gate on the built-in local lab. */
import { ConfigError } from '../../common/errors.js';
import { parseDurationMs, parseEnum, parseInteger } from '../../common/options.js';
import { loadPolicyFile } from '../../compare/index.js';
import { demoOptions, runDemo } from '../../demo/demo.js';
import { parseFlags } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const help = `Usage: waf-gate demo [options]

Runs the whole gate on the built-in local lab: starts real nginx + ModSecurity + OWASP CRS instances
on 127.0.0.1 (baseline CRS PL1, candidate PL2), replays the bundled demo corpus through both (every
request once per domain, joined to the WAF's access log), runs interleaved pressure rounds while
sampling the WAF workers, compares, and writes report.md, report.html (charts) and results.json. The lab is taken down at the
end, on failure and on Ctrl-C. Missing Debian packages are installed when running as root.

Options:
  --out DIR              results folder (default: out/demo): new, empty, or one an earlier demo wrote;
                         only the earlier demo's files are replaced, anything else is refused
  --candidate KIND       pl2 (default) or baseline (A/A: the baseline build against itself)
  --rounds N             pressure rounds per build, interleaved (default: 5; 0 skips pressure)
  --round-duration D     length of each round, e.g. 3s (default: 2s)
  --connections N        connections of the pressure rounds (default: 16)
  --workers N            nginx workers per WAF (default: 1)
  --corpus PATH          another corpus (file, folder or glob) instead of the bundled one
  --policy FILE          gate policy (YAML/JSON) instead of the defaults
  --expect VERDICT       exit 1 unless the verdict is this (pass, fail, neutral): for CI
  --no-install           never install packages
  --json                 print results.json's verdict, reasons and counts as JSON

Exit codes: 0 the demo ran (whatever the verdict, unless --expect), 1 --expect not met,
2 bad input, 3 runtime error, 130 interrupted.
`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the whole gate on the built-in local lab (CRS PL1 baseline vs PL2 candidate)',
  help,
  async run(args, { logger, print, signal }) {
    const { values } = parseFlags('demo', args, {
      out: { type: 'string' },
      candidate: { type: 'string' },
      rounds: { type: 'string' },
      'round-duration': { type: 'string' },
      connections: { type: 'string' },
      workers: { type: 'string' },
      corpus: { type: 'string' },
      policy: { type: 'string' },
      expect: { type: 'string' },
      'no-install': { type: 'boolean' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const expect = values.expect
      ? parseEnum('--expect', values.expect, ['pass', 'fail', 'neutral'] as const)
      : undefined;
    const options = demoOptions({
      ...(values.out ? { outDir: values.out } : {}),
      ...(values.candidate
        ? { candidate: parseEnum('--candidate', values.candidate, ['pl2', 'baseline'] as const) }
        : {}),
      ...(values.rounds ? { rounds: parseInteger('--rounds', values.rounds, 0, 50) } : {}),
      ...(values['round-duration']
        ? { roundDurationMs: parseDurationMs('--round-duration', values['round-duration']) }
        : {}),
      ...(values.connections
        ? { connections: parseInteger('--connections', values.connections, 1, 1000) }
        : {}),
      ...(values.workers ? { workers: parseInteger('--workers', values.workers, 1, 64) } : {}),
      ...(values.corpus ? { corpus: values.corpus } : {}),
      ...(values.policy ? { policy: await loadPolicyFile(values.policy) } : {}),
      installPackages: !values['no-install'],
    });
    if (options.roundDurationMs < 500 || options.roundDurationMs > 600_000) {
      throw new ConfigError('A round lasts from 500ms to 10m.', {
        input: '--round-duration',
        value: values['round-duration'],
      });
    }
    const result = await runDemo(options, { logger, signal });
    const { comparison } = result;
    if (values.json) {
      print(
        JSON.stringify(
          {
            verdict: comparison.verdict,
            reasons: comparison.reasons.map((r) => r.message),
            counts: comparison.counts,
            report: result.reportFile,
            html: result.htmlFile,
            results: result.resultsFile,
          },
          null,
          2,
        ),
      );
    } else {
      print(`Verdict: ${comparison.verdict.toUpperCase()}`);
      for (const reason of comparison.reasons.slice(0, 8)) print(`  - ${reason.message}`);
      print(`Report:  ${result.reportFile}`);
      print(`Charts:  ${result.htmlFile}`);
      print(`Results: ${result.resultsFile}`);
    }
    if (expect && comparison.verdict !== expect) {
      logger.error(`Expected the verdict "${expect}" but got "${comparison.verdict}".`);
      return ExitCode.gateFailed;
    }
    return ExitCode.ok;
  },
};
