/** `waf-gate demo`: the whole gate on the built-in local lab. */
import { formatOptionsHelp } from '../../common/option-help.js';
import { parseOptions } from '../../common/option-schema.js';
import { loadPolicyFile } from '../../compare/index.js';
import { parseCorpusSpec } from '../../corpus/sources.js';
import { demoOptions, runDemo } from '../../demo/demo.js';
import { DEMO_SCHEMA } from '../../demo/schema.js';
import { parseFlags, schemaFlags, schemaValues } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const help = `Usage: waf-gate demo [options]

Runs the whole gate on the built-in local lab: starts real nginx + ModSecurity + OWASP CRS instances
on 127.0.0.1 (baseline CRS PL1, candidate PL2), replays the bundled demo corpus through both (every
request once per domain, joined to the WAF's access log), runs interleaved pressure rounds while
sampling the WAF workers, compares, and writes report.md, report.html (charts) and results.json. The lab is taken down at the
end, on failure and on Ctrl-C. Missing Debian packages are installed when running as root.

Options:
${formatOptionsHelp(DEMO_SCHEMA, { extra: [['--json', "print results.json's verdict, reasons and counts as JSON"]] })}

Exit codes: 0 the demo ran (whatever the verdict, unless --expect), 1 --expect not met,
2 bad input, 3 runtime error, 130 interrupted.
`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the whole gate on the built-in local lab (CRS PL1 baseline vs PL2 candidate)',
  help,
  async run(args, { logger, print, signal }) {
    const { values } = parseFlags('demo', args, {
      ...schemaFlags(DEMO_SCHEMA),
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const v = parseOptions(DEMO_SCHEMA, schemaValues(DEMO_SCHEMA, values), {
      nameOf: (name) => `--${name}`,
    });
    const expect = v.expect;
    const options = demoOptions({
      outDir: v.out,
      candidate: v.candidate,
      rounds: v.rounds,
      roundDurationMs: v['round-duration'],
      connections: v.connections,
      workers: v.workers,
      ...(v.corpus !== undefined ? { corpus: parseCorpusSpec('--corpus', v.corpus) } : {}),
      ...(v.policy !== undefined ? { policy: await loadPolicyFile(v.policy) } : {}),
      installPackages: !v['no-install'],
    });
    const result = await runDemo(options, { logger, signal });
    const { comparison } = result;
    if (values.json === true) {
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
