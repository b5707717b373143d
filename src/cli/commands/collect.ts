/** `waf-gate collect start|stop|analyze`: what the WAF did for every request, and what it cost. */
import { ConfigError } from '../../common/errors.js';
import { parseDurationMs } from '../../common/options.js';
import {
  analyzeLog,
  COLLECT_INPUT_NAMES,
  defaultStateDir,
  parseCollectOptions,
  parseRunId,
  startDetached,
  stopDetached,
  summarizeResult,
  type CollectInputs,
  type StopOptions,
} from '../../collect/index.js';
import { parseFlags } from '../args.js';
import { ExitCode, type Command } from '../command.js';

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
  --run-id ID                 names the run (required for start and stop)
  --access-log PATH           the WAF's access log (required)
  --error-log PATH            the WAF's error log: alerts, worker crashes, sanitizer output, rule ids
  --log-format F              preset (combined, waf-gate-lab, waf-marker, json) or the log_format pasted
                              from nginx.conf, e.g. "'$remote_addr [$time_local] \\"$request\\" $status'"
                              (default: waf-gate-lab)
  --id-variable NAME          variable with the replay id (default: http_x_waf_gate_id)
  --json-fields LIST          json preset keys: status=,host=,upstreamStatus=,id=,requestId=
  --extra-variables LIST      custom variables the log_format may use
  --skip-lines-containing L   waf-marker: skip lines containing these (default: pepp4_)
  --anomaly-statuses LIST     WAF statuses that count with upstream "-" (default: 400,403,408,499,500,502,503)
  --groups SPEC               process groups, one per line: name=cmdline-prefix or name=~regex,
                              optionally ;parent=<pid|pid file> (default: nginx-worker=nginx: worker process)
  --master-pid-file PATH      only workers of this nginx master (several instances on one machine)
  --master-pid PID            the same with a pid
  --interval D                sampling interval (default: 1s)
  --poll-interval D           log polling interval (default: 500ms)
  --max-duration D            the collector stops itself after this (default: 2h)
  --out-dir DIR               results folder (default: $RUNNER_TEMP or /tmp /waf-gate/<run-id>/collect)
  --state-dir DIR             collector state (default: .../waf-gate/<run-id>/collect-state)
  --rule-ids BOOL             attach ModSecurity rule ids from the error log (default: with --error-log)
  --keep-line-bytes N         bytes kept per anomalous / bad line (default: 8192)
  --max-line-bytes N          longer lines are not parsed (default: 4194304)
  --max-hosts N               distinct Host values counted apart; more count as "(other hosts)" (default: 1000)
Host (start / analyze; stop reuses what start was given):
  --host SPEC                 local (default) or ssh://user@host:port: the WAF machine
  --ssh-key FILE              private key file (or key text); --ssh-passphrase for an encrypted key
  --known-hosts FILE          known_hosts the server key must be in; or --host-fingerprint SHA256:…
Options (stop / analyze):
  --replay PATH               replay.json (loaded interval + outcomes.jsonl)
  --outcomes PATH             outcomes.jsonl, if not taken from --replay
  --settle D                  (stop) keep reading this long for buffered log lines (default: 1500ms)
  --from-offset N             (analyze) start byte (default: 0)
  --json                      print collect.json instead of the summary

Exit codes: 0 done, 2 bad input (unknown log_format variable, unreadable log, no collector started),
3 runtime error (collector already running, collector died: partial results are still written).
`;

const flagOptions = Object.fromEntries([
  ...COLLECT_INPUT_NAMES.map((name) => [name, { type: 'string' as const }]),
  ['replay', { type: 'string' as const }],
  ['outcomes', { type: 'string' as const }],
  ['settle', { type: 'string' as const }],
  ['from-offset', { type: 'string' as const }],
  ['json', { type: 'boolean' as const }],
  ['verbose', { type: 'boolean' as const }],
]) as Record<
  (typeof COLLECT_INPUT_NAMES)[number] | 'replay' | 'outcomes' | 'settle' | 'from-offset',
  { type: 'string' }
> & {
  json: { type: 'boolean' };
  verbose: { type: 'boolean' };
};

function stopOptionsFrom(values: {
  replay?: string;
  outcomes?: string;
  settle?: string;
}): StopOptions {
  const stop: StopOptions = {};
  if (values.replay) stop.replayFile = values.replay;
  if (values.outcomes) stop.outcomesFile = values.outcomes;
  if (values.settle)
    stop.settleMs = parseDurationMs('--settle', values.settle, { allowZero: true });
  return stop;
}

export const collectCommand: Command = {
  name: 'collect',
  summary:
    'collect WAF metrics: log analysis, request join, CPU/memory, crashes (start|stop|analyze)',
  help,
  async run(args, { logger, print }) {
    const { values, positionals } = parseFlags('collect', args, flagOptions, true);
    const action = positionals[0];
    const inputs: CollectInputs = {};
    for (const name of COLLECT_INPUT_NAMES) {
      const v = values[name];
      if (v !== undefined) inputs[name] = v;
    }
    if (action === 'start') {
      const options = parseCollectOptions(inputs);
      const started = await startDetached(options, logger);
      if (values.json)
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
      const runId = parseRunId(values['run-id'], '--run-id');
      const stateDir = values['state-dir'] ?? defaultStateDir(runId);
      const { result, outDir } = await stopDetached(
        stateDir,
        runId,
        stopOptionsFrom(values),
        logger,
      );
      print(values.json ? JSON.stringify(result, null, 2) : summarizeResult(result, outDir));
      return ExitCode.ok;
    }
    if (action === 'analyze') {
      if (!inputs['run-id']) inputs['run-id'] = 'analyze';
      const options = parseCollectOptions(inputs);
      const from = values['from-offset'] ? Number(values['from-offset']) : 0;
      if (!Number.isInteger(from) || from < 0)
        throw new ConfigError('Expected a byte offset (whole number ≥ 0).', {
          input: '--from-offset',
          value: values['from-offset'],
        });
      const result = await analyzeLog(options, logger, stopOptionsFrom(values), from);
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
