/** `waf-gate collect start|stop|analyze`: what the WAF did for every request, and what it cost. */
import {
  analyzeLog,
  COLLECT_INPUT_NAMES,
  COLLECT_SCHEMA,
  COLLECT_STOP_SCHEMA,
  defaultStateDir,
  parseCollectOptions,
  parseRunId,
  parseStopInputs,
  startDetached,
  stopDetached,
  summarizeResult,
} from '../../collect/index.js';
import { ConfigError } from '../../common/errors.js';
import { formatOptionsHelp } from '../../common/option-help.js';
import { HOST_SCHEMA } from '../../hosts/schema.js';
import { parseFlags, schemaFlags, schemaValues } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const HOST_OPTIONS = Object.keys(HOST_SCHEMA);
const START_OPTIONS = COLLECT_INPUT_NAMES.filter((name) => !HOST_OPTIONS.includes(name));
const COLUMN = 30;

const help = `Usage: waf-gate collect <start|stop|analyze> [options]

start    launch a detached collector for a run id and return at once: it follows the access and error
         logs from their current end (never moving them) and samples the WAF's processes from /proc.
stop     stop it, finalise and write <out-dir>/collect.json (+ joined.jsonl, anomalies/, series.csv,
         format-errors.log). Give --replay to join every replayed request to its log line and trim the
         CPU/memory series to the loaded interval.
analyze  the same analysis of a log file after the fact (from byte --from-offset), without sampling.

With --host ssh://user@host:port the collector still runs here (no node needed on the WAF host) and
reads that host's logs over SFTP and its /proc with one command per sample; paths are on that host.

Options (start / analyze):
${formatOptionsHelp(COLLECT_SCHEMA, { only: START_OPTIONS, column: COLUMN })}
Host (start / analyze; stop reuses what start was given):
${formatOptionsHelp(COLLECT_SCHEMA, { only: HOST_OPTIONS, column: COLUMN })}
Options (stop / analyze):
${formatOptionsHelp(COLLECT_STOP_SCHEMA, { column: COLUMN, extra: [['--json', 'print collect.json instead of the summary']] })}

Exit codes: 0 done, 2 bad input (unknown log_format variable, unreadable log, no collector started),
3 runtime error (collector already running, collector died: partial results are still written).
`;

export const collectCommand: Command = {
  name: 'collect',
  summary:
    'collect WAF metrics: log analysis, request join, CPU/memory, crashes (start|stop|analyze)',
  help,
  async run(args, { logger, print }) {
    const { values, positionals } = parseFlags(
      'collect',
      args,
      {
        ...schemaFlags(COLLECT_SCHEMA),
        ...schemaFlags(COLLECT_STOP_SCHEMA),
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
      true,
    );
    const action = positionals[0];
    const inputs = schemaValues(COLLECT_SCHEMA, values);
    const { stop, fromOffset } = parseStopInputs(
      schemaValues(COLLECT_STOP_SCHEMA, values),
      (name) => `--${name}`,
    );
    if (action === 'start') {
      const options = parseCollectOptions(inputs);
      const started = await startDetached(options, logger);
      if (values.json === true)
        print(
          JSON.stringify(
            {
              runId: started.runId,
              pid: started.pid,
              stateDir: started.stateDir,
              outDir: started.outDir,
            },
            null,
            2,
          ),
        );
      else
        print(
          `collector for run ${started.runId} running (pid ${started.pid}); stop with: waf-gate collect stop --run-id ${started.runId}`,
        );
      return ExitCode.ok;
    }
    if (action === 'stop') {
      const runId = parseRunId(inputs['run-id'] as string | undefined, '--run-id');
      const stateDir = (inputs['state-dir'] as string | undefined) ?? defaultStateDir(runId);
      const { result, outDir } = await stopDetached(stateDir, runId, stop, logger);
      print(
        values.json === true ? JSON.stringify(result, null, 2) : summarizeResult(result, outDir),
      );
      return ExitCode.ok;
    }
    if (action === 'analyze') {
      const options = parseCollectOptions({ ...inputs, 'run-id': inputs['run-id'] ?? 'analyze' });
      const result = await analyzeLog(options, logger, stop, fromOffset);
      print(
        values.json ? JSON.stringify(result, null, 2) : summarizeResult(result, options.outDir),
      );
      return ExitCode.ok;
    }
    throw new ConfigError(
      `Unknown collect action ${action === undefined ? '(none)' : `"${action}"`}.`,
      {
        input: 'action',
        hint: 'Use `waf-gate collect start`, `stop` or `analyze` (see --help).',
      },
    );
  },
};
