/** `waf-gate merge`: combines the replay.json of the shards of one pressure run into one replay.json. */
import { ConfigError } from '../../common/errors.js';
import { formatStatsBlock } from '../../replay/index.js';
import { formatShardsText } from '../../replay/merge-print.js';
import { mergeExpectations } from '../../replay/merge-expect.js';
import { mergeReplayFiles } from '../../replay/merge-shards.js';
import { parseFlags } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const help = `Usage: waf-gate merge [--out DIR] [--target URL --corpus SPEC] -- <replay.json|folder>...

Combines the replay.json files of the shards of one pressure run (waf-gate replay --shard i/n on
several bench machines) into one <DIR>/replay.json, exactly: status and error counts summed, latency
histograms merged (percentiles read from the merged histogram), 1 s windows aligned on the reference
clock (each shard's times corrected by the clock offset it measured against --clock-reference), the
load shape summed (connections, rate) and the shards listed with their clock offset and start skew.
collect-metrics stop and compare-baseline read the merged file as usual. A folder is searched for
replay.json files (4 levels deep), e.g. the folder download-artifact wrote the shards' artifacts to.

Refused: replays of different corpora, targets, modes, domains or durations; a shard given twice or
missing; quality-mode replays.

Options:
  --out DIR        where the merged replay.json goes (default: waf-gate-out/replay)
  --target URL     refuse shards that replayed another target
  --corpus SPEC    refuse shards that replayed another corpus (its fingerprint, computed here)
  --skip-invalid   the corpus was replayed with --skip-invalid
  --json           print the merged replay.json to stdout instead of the stats block

Exit codes: 0 merged, 2 bad input (the message names the file and what differs).
`;

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'merge the replay.json of the shards of one pressure run (several bench machines)',
  help,
  async run(args, { logger, print }) {
    const { values, positionals } = parseFlags(
      'merge',
      args,
      {
        out: { type: 'string' },
        target: { type: 'string' },
        corpus: { type: 'string' },
        'skip-invalid': { type: 'boolean' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
      true,
    );
    if (positionals.length === 0)
      throw new ConfigError('Give the shards’ replay.json files (or their folder).', {
        hint: 'waf-gate merge --out merged -- shards/',
      });
    const outDir = values.out ?? 'waf-gate-out/replay';
    const expect = await mergeExpectations(
      values.target ?? '',
      values.corpus ?? '',
      values['skip-invalid'] === true ? 'true' : '',
    );
    const { result, path, files } = await mergeReplayFiles(positionals, outDir, 'merge', expect);
    logger.info(`Merged ${files.length} shard(s) into ${path}.`);
    print(
      values.json === true
        ? JSON.stringify(result, null, 2)
        : `${formatStatsBlock(result)}\n${formatShardsText(result)}`,
    );
    return ExitCode.ok;
  },
};
