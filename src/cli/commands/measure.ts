/** `waf-gate measure`: the gate's measuring step (quality pass + pressure rounds, collected) for one build. */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { formatOptionsHelp } from '../../common/option-help.js';
import { parseMeasureInputs } from '../../pipeline/options.js';
import {
  freshAbInstallSettings,
  freshAbInstalls,
  runFreshAb,
  runPipeline,
} from '../../pipeline/index.js';
import { ConfigError } from '../../common/errors.js';
import { SSH_INPUT_NAMES } from '../../hosts/ssh-inputs.js';
import { MEASURE_SCHEMA } from '../../pipeline/schema.js';
import { parseFlags, schemaFlags, schemaValues } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const help = `Usage: waf-gate measure --target URL --version V --access-log FILE --corpus PATH --domains LIST [options]
       waf-gate measure --package CAND --baseline-package BASE --install-config FILE --target URL … (fresh A/B)

Measures one WAF build the way the gate does: collects the WAF's logs and worker CPU/memory while a
quality pass replays every request once per domain (joined to the access log by request id), then runs
pressure rounds on one domain. Writes a run directory (run.json, quality/, rounds/N/) that
\`waf-gate compare\` reads. With --hold-connections N, a hold phase after the quality pass holds N
WebSocket connections through the WAF (replay's hold mode, collected) and writes hold/ (hold.json and
the WAF's cost per held connection in hold/collect.json).

Fresh A/B (--baseline-package or --baseline-version with --package): installs the baseline, measures it,
installs the candidate, measures it, and interleaves pressure rounds with an install before every switch,
all on the WAF host; writes <out-dir>/baseline and <out-dir>/candidate, leaves --leave-on installed and
restores the rest (configuration edits, paused crons, the host lock). The install settings (reload,
edits, health-url, …) come from --install-config, a waf-gate install config file (YAML).

Options (the root action's inputs of the same names):
${formatOptionsHelp(MEASURE_SCHEMA, {
  extra: [
    [
      '--install-config FILE',
      'fresh A/B: install-waf settings (YAML, the keys of waf-gate install)',
    ],
    ['--json', 'print run.json'],
  ],
})}

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
      'install-config': { type: 'string' },
      verbose: { type: 'boolean' },
    });
    const raw = schemaValues(MEASURE_SCHEMA, values);
    const { target, pipeline, freshAb } = parseMeasureInputs(raw);
    const environment = {
      host: hostname(),
      os: `${process.platform} ${process.arch}`,
      node: process.version,
    };
    const installConfig =
      typeof values['install-config'] === 'string' ? values['install-config'] : undefined;
    if (installConfig !== undefined && freshAb === undefined)
      throw new ConfigError('--install-config is read only in a fresh A/B run.', {
        input: '--install-config',
        value: installConfig,
        hint: 'Give --package and --baseline-package (or --baseline-version) too, or drop --install-config.',
      });
    if (freshAb) {
      // Host and SSH flags of measure apply to the installs too (the config file may set the rest).
      const flags: Record<string, string> = {};
      for (const name of ['host', ...SSH_INPUT_NAMES] as const) {
        const value = raw[name];
        if (typeof value === 'string') flags[name] = value;
      }
      const installs = await freshAbInstalls(
        freshAb,
        await freshAbInstallSettings(installConfig, flags),
      );
      const result = await runFreshAb(target, { ...pipeline, environment }, installs, {
        logger,
        signal,
        restoreAtEnd: true,
      });
      if (values.json === true) print(JSON.stringify([result.baseline, result.candidate], null, 2));
      else
        print(
          `Run directories: ${join(pipeline.outDir, 'baseline')} (${result.baseline.build.version}), ` +
            `${join(pipeline.outDir, 'candidate')} (${result.candidateVersion}); ${result.switches.length} install(s).`,
        );
      return ExitCode.ok;
    }
    const [record] = await runPipeline([target], { ...pipeline, environment }, { logger, signal });
    if (values.json === true) print(JSON.stringify(record, null, 2));
    else print(`Run directory: ${join(pipeline.outDir, target.label)}`);
    return ExitCode.ok;
  },
};
