/** `waf-gate replay`: byte-exact traffic replay against a WAF, in quality or pressure mode. */
import {
  formatStatsBlock,
  parseReplayOptions,
  REPLAY_INPUTS,
  runReplay,
} from '../../replay/index.js';
import { parseFlags } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const help = `Usage: waf-gate replay --target URL --corpus SPEC [options]

Replays captured requests byte for byte over raw sockets. Quality mode sends every request once per
domain with an id header (X-Waf-Gate-Id) and writes outcomes.jsonl; pressure mode loads one target
as fast as asked. Writes <out-dir>/replay.json.

Corpus: files, folders or globs, comma-separated, optionally weighted (browse.txt:80,search.txt:20).
  .txt/.raw/.http/.req  raw requests separated by a line ====****
  .yaml/.yml            go-ftw / OWASP CRS test files (old and new format)
  .har                  HAR 1.2 browser export
  .jsonl/.ndjson        one request per line (see src/corpus/FORMATS.md)

Options:
  --target URL              http://127.0.0.1:8080 or https://[::1]:8443 (required)
  --corpus SPEC             corpus files/folders/globs[:weight] (required)
  --domains LIST            rewrite Host and absolute URLs to each domain (fan-out); default: as captured
  --mode quality|pressure   (default: quality)
  --connections N           connections / users (default: 10 quality, 50 pressure)
  --keep-alive BOOL         reuse connections (default: true)
  --duration D              stop after D (e.g. 30s); pressure default 10s
  --requests N              stop after N requests
  --repeat N                replay the corpus × domains N times (quality default 1)
  --rate RPS                open model: target requests per second
  --hatch-rate N            ramp-up: connections started per second
  --think-time D            pause between a response and the next request (default 0)
  --connect-timeout D       (default 5s)
  --first-byte-timeout D    (default 30s)
  --timeout D               total per request (default 60s)
  --max-duration D          hard bound of the run (default duration + 30s, else 1h)
  --id-header NAME          (default X-Waf-Gate-Id)
  --extra-headers LIST      "Name: value" lines (or comma-separated) added after the request line
  --insecure BOOL           do not verify the TLS certificate (default false)
  --servername NAME         TLS SNI (default: first domain)
  --workers N               worker threads (default 1)
  --out-dir DIR             (default waf-gate-out/replay)
  --run-id ID               (default random)
  --label TEXT              e.g. baseline / candidate
  --skip-invalid BOOL       skip malformed corpus entries with a count instead of failing
  --preload-limit-mb N      quality mode streams corpora larger than this (default: 64)
  --window D                statistics window (default 1s)
  --progress-interval D     non-TTY progress line interval (default 10s, 0 = none)
  --json                    print replay.json to stdout instead of the stats block

Exit codes: 0 done (even with request errors: they are results), 2 bad input, 3 target unreachable,
TLS handshake failing (e.g. https:// to a plain-HTTP port), every request failing while connecting
(results written first) or another runtime failure, 130 interrupted (partial results written).
`;

const flagOptions = Object.fromEntries([
  ...REPLAY_INPUTS.map((name) => [name, { type: 'string' as const }]),
  ['json', { type: 'boolean' as const }],
  ['verbose', { type: 'boolean' as const }],
]) as Record<(typeof REPLAY_INPUTS)[number], { type: 'string' }> & {
  json: { type: 'boolean' };
  verbose: { type: 'boolean' };
};

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay captured traffic byte for byte (quality or pressure mode)',
  help,
  async run(args, { logger, print, signal }) {
    const { values } = parseFlags('replay', args, flagOptions);
    const raw: Record<string, string | undefined> = {};
    for (const name of REPLAY_INPUTS) raw[name] = values[name];
    const options = parseReplayOptions(raw);
    const result = await runReplay(options, { logger, signal });
    print(values.json ? JSON.stringify(result, null, 2) : formatStatsBlock(result));
    return signal.aborted ? ExitCode.interrupted : ExitCode.ok;
  },
};
