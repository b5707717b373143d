/** `waf-gate measure`: the gate's measuring step (quality pass + pressure rounds, collected) for one build. */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { MEASURE_INPUTS, parseMeasureInputs, type MeasureInputs } from '../../pipeline/options.js';
import { runPipeline } from '../../pipeline/index.js';
import { parseFlags } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const help = `Usage: waf-gate measure --target URL --version V --access-log FILE --corpus PATH --domains LIST [options]

Measures one WAF build the way the gate does: collects the WAF's logs and worker CPU/memory while a
quality pass replays every request once per domain (joined to the access log by request id), then runs
pressure rounds on one domain. Writes a run directory (run.json, quality/, rounds/N/) that
\`waf-gate compare\` reads.

Options (the root action's inputs of the same names):
  --target URL             WAF address, e.g. http://127.0.0.1:8080
  --label NAME             run directory name (default: candidate)
  --version V              exact version of the build under test
  --access-log FILE        WAF access log (read from its current end, never moved)
  --error-log FILE         WAF error log (findings, crashes, ModSecurity rule ids)
  --log-format F           waf-gate-lab (default), combined, waf-marker, json or a pasted log_format
  --master-pid-file FILE   nginx master PID file: its workers are sampled
  --groups LIST            extra process groups, name=prefix or name=~regex, one per line
  --corpus PATH            captured traffic: file, folder or glob
  --domains LIST           domains, comma-separated
  --quality BOOL           run the quality pass (default: true)
  --rounds N               pressure rounds (default: 0)
  --pressure-domain D      domain of the pressure rounds (default: the first domain)
  --connections N          pressure connections (default: 50)
  --duration D             length of each round (default: 10s)
  --keep-alive BOOL        keep-alive in pressure rounds (default: true)
  --rate RPS               open-model rate (default: closed model)
  --out-dir DIR            results (default: $RUNNER_TEMP/waf-gate or ./waf-gate)
  --run-id ID              run id (default: generated)
  --host SPEC              WAF machine for collection: local or ssh://user@host:port
  --ssh-key, --ssh-passphrase, --known-hosts, --host-fingerprint   SSH settings
  --json                   print run.json

Exit codes: 0 measured, 2 bad input, 3 runtime error, 130 interrupted.
`;

export const measureCommand: Command = {
  name: 'measure',
  summary: 'measure one WAF build like the gate does (quality pass + pressure rounds, collected)',
  help,
  async run(args, { logger, print, signal }) {
    const flags = Object.fromEntries(
      MEASURE_INPUTS.map((name) => [name, { type: 'string' as const }]),
    );
    const { values } = parseFlags('measure', args, {
      ...flags,
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const given = values as Record<string, string | boolean | undefined>;
    const raw: MeasureInputs = Object.fromEntries(
      MEASURE_INPUTS.map((name) => [
        name,
        typeof given[name] === 'string' ? given[name] : undefined,
      ]),
    );
    const { target, pipeline } = parseMeasureInputs(raw);
    const [record] = await runPipeline(
      [target],
      {
        ...pipeline,
        environment: {
          host: hostname(),
          os: `${process.platform} ${process.arch}`,
          node: process.version,
        },
      },
      { logger, signal },
    );
    if (values.json) print(JSON.stringify(record, null, 2));
    else print(`Run directory: ${join(pipeline.outDir, target.label)}`);
    return ExitCode.ok;
  },
};
