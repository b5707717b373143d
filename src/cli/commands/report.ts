/** `waf-gate report`: re-renders the Markdown report from a results.json within a size budget. */
import { writeFile } from 'node:fs/promises';
import { parseInteger } from '../../common/options.js';
import { ConfigError } from '../../common/errors.js';
import { readResults } from '../../compare/index.js';
import { renderReport } from '../../report/index.js';
import { parseFlags } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const help = `Usage: waf-gate report --results FILE [options]

Renders the Markdown report of a comparison (results.json written by \`waf-gate compare\`) to stdout
or a file, fitted into a size budget: lists are shortened with a note, tables are never cut.

Options:
  --results FILE       results.json (required)
  --max-chars N        size budget in UTF-8 bytes (default 65535, a check run's limit; 1048576 for a job summary)
  --top-n N            changed requests listed (default 20)
  --artifact-url URL   link to the artifact holding all changed requests
  --output FILE        write the report here instead of stdout
`;

/** The `report` command. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'render the Markdown report of a results.json within a size budget',
  help,
  async run(args, { print }) {
    const { values } = parseFlags('report', args, {
      results: { type: 'string' },
      'max-chars': { type: 'string' },
      'top-n': { type: 'string' },
      'artifact-url': { type: 'string' },
      output: { type: 'string' },
      verbose: { type: 'boolean' },
    });
    if (!values.results)
      throw new ConfigError('--results is required.', {
        input: '--results',
        hint: 'Pass the results.json written by `waf-gate compare`.',
      });
    const results = await readResults(values.results);
    const markdown = renderReport(results.comparison, {
      maxChars: values['max-chars']
        ? parseInteger('--max-chars', values['max-chars'], 200, 100 * 1024 * 1024)
        : 65_535,
      ...(values['top-n'] ? { topN: parseInteger('--top-n', values['top-n'], 1, 1000) } : {}),
      ...(values['artifact-url'] ? { artifactUrl: values['artifact-url'] } : {}),
    });
    if (values.output) await writeFile(values.output, markdown);
    else print(markdown);
    return ExitCode.ok;
  },
};
