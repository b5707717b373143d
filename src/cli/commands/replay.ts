/** `waf-gate replay`: byte-exact traffic replay against a WAF, in quality or pressure mode. */
import { formatOptionsHelp } from '../../common/option-help.js';
import {
  formatStatsBlock,
  parseReplayOptions,
  REPLAY_SCHEMA,
  runReplay,
} from '../../replay/index.js';
import { formatHoldBlock, parseHoldOptions, runHold } from '../../replay/hold/index.js';
import { parseFlags, schemaFlags, schemaValues } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const help = `Usage: waf-gate replay --target URL --corpus SPEC [options]
       waf-gate replay --mode hold --target URL [hold options]

Replays captured requests byte for byte over raw sockets. Quality mode sends every request once per
domain with an id header (X-Waf-Gate-Id) and writes outcomes.jsonl; pressure mode loads one target
as fast as asked. Writes <out-dir>/replay.json.

Corpus: files, folders or globs, comma-separated, optionally weighted (browse.txt:80,search.txt:20).
  .txt/.raw/.http/.req  raw requests separated by a line ====****
  .yaml/.yml            go-ftw / OWASP CRS test files (old and new format)
  .har                  HAR 1.2 browser export
  .jsonl/.ndjson        one request per line (see src/corpus/FORMATS.md)

Hold mode (--mode hold) sends no corpus: it opens --connections WebSocket connections to --ws-path
through the WAF (ramp --hatch-rate, Host from the first of --domains), holds them --hold-duration with
a ping every --ping-interval, optionally asks the origin for sequenced pushes and planned drops (the
lab's WebSocket origin speaks that protocol), reconnects after unplanned drops, and writes
<out-dir>/hold.json. duration, rate, requests, repeat and shard do not apply there. The open-files
limit must exceed the connections: raise it with ulimit -n before starting.

Options:
${formatOptionsHelp(REPLAY_SCHEMA, { extra: [['--json', 'print replay.json to stdout instead of the stats block']] })}

Exit codes: 0 done (even with request errors: they are results), 2 bad input, 3 target unreachable,
TLS handshake failing (e.g. https:// to a plain-HTTP port), every request failing while connecting
(results written first) or another runtime failure, 130 interrupted (partial results written).
`;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay captured traffic byte for byte (quality or pressure mode)',
  help,
  async run(args, { logger, print, signal }) {
    const { values } = parseFlags('replay', args, {
      ...schemaFlags(REPLAY_SCHEMA),
      json: { type: 'boolean' },
      verbose: { type: 'boolean' },
    });
    const raw = schemaValues(REPLAY_SCHEMA, values);
    if (typeof raw.mode === 'string' && raw.mode.trim() === 'hold') {
      const hold = await runHold(parseHoldOptions(raw), { logger, signal });
      print(values.json === true ? JSON.stringify(hold, null, 2) : formatHoldBlock(hold));
      return signal.aborted ? ExitCode.interrupted : ExitCode.ok;
    }
    const options = parseReplayOptions(raw);
    const result = await runReplay(options, { logger, signal });
    print(values.json === true ? JSON.stringify(result, null, 2) : formatStatsBlock(result));
    return signal.aborted ? ExitCode.interrupted : ExitCode.ok;
  },
};
