/** `waf-gate measure`: the gate's measuring step (quality pass + pressure rounds, collected) for one build. */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { formatOptionsHelp } from '../../common/option-help.js';
import { parseMeasureInputs } from '../../pipeline/options.js';
import { runPipeline } from '../../pipeline/index.js';
import { MEASURE_SCHEMA } from '../../pipeline/schema.js';
import { parseFlags, schemaFlags, schemaValues } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const help = `Usage: waf-gate measure --target URL --version V --access-log FILE --corpus PATH --domains LIST [options]

Measures one WAF build the way the gate does: collects the WAF's logs and worker CPU/memory while a
quality pass replays every request once per domain (joined to the access log by request id), then runs
pressure rounds on one domain. Writes a run directory (run.json, quality/, rounds/N/) that
\`waf-gate compare\` reads.

Options (the root action's inputs of the same names):
${formatOptionsHelp(MEASURE_SCHEMA, { extra: [['--json', 'print run.json']] })}

Exit codes: 0 measured, 2 bad input, 3 runtime error, 130 interrupted.
`;

export const measureCommand: Command = {
  name: 'measure',
  summary: 'measure one WAF build like the gate does (quality pass + pressure rounds, collected)',
  help,
  async run(args, { logger, print, signal }) {
    const { values } = parseFlags('measure', args, {
      ...schemaFlags(MEASURE_SCHEMA),
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const raw = schemaValues(MEASURE_SCHEMA, values);
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
    if (values.json === true) print(JSON.stringify(record, null, 2));
    else print(`Run directory: ${join(pipeline.outDir, target.label)}`);
    return ExitCode.ok;
  },
};
