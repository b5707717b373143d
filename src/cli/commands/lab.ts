/** `waf-gate lab up|down|status`: the local lab of real nginx + ModSecurity + CRS. */
import { ConfigError } from '../../common/errors.js';
import { parseInteger, parseList, parsePort } from '../../common/options.js';
import { defaultLabDir, labDown, labStatus, labUp, DEFAULT_LAB_DOMAINS } from '../../lab/index.js';
import { parseFlags } from '../args.js';
import { ExitCode, type Command } from '../command.js';

const help = `Usage: waf-gate lab <up|down|status> [options]

Starts, stops or shows the local lab: an origin nginx (200 for every path) and two WAFs made of
Debian's nginx + ModSecurity + OWASP CRS, each in a private prefix on free 127.0.0.1 ports:
  baseline   CRS paranoia level 1
  candidate  CRS paranoia level 2
No system service is touched. Missing packages are installed when running as root.

Options:
  --dir DIR               lab folder (default: ${defaultLabDir()}): new, empty, or one a lab created;
                          a folder holding anything else is refused, lab down removes only the lab's files
  --domains LIST          virtual hosts, comma-separated (default: ${DEFAULT_LAB_DOMAINS.join(',')})
  --workers N             nginx workers per WAF (default: 1; the other core is left to the load generator)
  --baseline-pl N         baseline paranoia level (default: 1)
  --candidate-pl N        candidate paranoia level (default: 2)
  --candidate-ws-read-timeout S
                          candidate's /ws proxy_read_timeout in seconds (default: 3600); e.g. 2 makes
                          the candidate drop idle WebSockets (waf-gate replay --mode hold)
  --origin-port PORT      fixed ports instead of free ones
  --baseline-port PORT
  --candidate-port PORT
  --no-install            never install packages, only say which are missing
  --keep                  (down) keep the folder with its logs
  --json                  print the lab state as JSON
`;

export const labCommand: Command = {
  name: 'lab',
  summary: 'start, stop or show the local WAF lab (nginx + ModSecurity + CRS on loopback)',
  help,
  async run(args, { logger, print }) {
    const { values, positionals } = parseFlags(
      'lab',
      args,
      {
        dir: { type: 'string' },
        domains: { type: 'string' },
        workers: { type: 'string' },
        'baseline-pl': { type: 'string' },
        'candidate-pl': { type: 'string' },
        'candidate-ws-read-timeout': { type: 'string' },
        'origin-port': { type: 'string' },
        'baseline-port': { type: 'string' },
        'candidate-port': { type: 'string' },
        'no-install': { type: 'boolean' },
        keep: { type: 'boolean' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
      },
      true,
    );
    const action = positionals[0];
    const dir = values.dir ?? defaultLabDir();
    if (action === 'up') {
      const workers = values.workers ? parseInteger('--workers', values.workers, 1, 64) : 1;
      const port = (
        flag: 'origin-port' | 'baseline-port' | 'candidate-port',
      ): number | undefined => (values[flag] ? parsePort(`--${flag}`, values[flag]) : undefined);
      const baselinePort = port('baseline-port');
      const candidatePort = port('candidate-port');
      const originPort = port('origin-port');
      const state = await labUp(
        {
          dir,
          domains: values.domains ? parseList(values.domains) : DEFAULT_LAB_DOMAINS,
          wafs: [
            {
              name: 'baseline',
              paranoiaLevel: values['baseline-pl']
                ? parseInteger('--baseline-pl', values['baseline-pl'], 1, 4)
                : 1,
              workers,
              ...(baselinePort === undefined ? {} : { port: baselinePort }),
            },
            {
              name: 'candidate',
              paranoiaLevel: values['candidate-pl']
                ? parseInteger('--candidate-pl', values['candidate-pl'], 1, 4)
                : 2,
              workers,
              ...(candidatePort === undefined ? {} : { port: candidatePort }),
              ...(values['candidate-ws-read-timeout']
                ? {
                    wsReadTimeoutS: parseInteger(
                      '--candidate-ws-read-timeout',
                      values['candidate-ws-read-timeout'],
                      1,
                      86_400,
                    ),
                  }
                : {}),
            },
          ],
          ...(originPort === undefined ? {} : { originPort }),
          installPackages: !values['no-install'],
        },
        logger,
      );
      if (values.json) print(JSON.stringify(state, null, 2));
      else {
        print(`origin     http://${state.origin.host}:${state.origin.port}`);
        if (state.wsOrigin)
          print(
            `ws-origin  ws://${state.wsOrigin.host}:${state.wsOrigin.port}/ws (proxied by each WAF on /ws)`,
          );
        for (const waf of state.wafs)
          print(`${waf.name.padEnd(10)} http://${waf.host}:${waf.port}  ${waf.description}`);
        print(`domains    ${state.domains.join(', ')}`);
        print(`logs       ${state.dir}/<instance>/logs/`);
      }
      return ExitCode.ok;
    }
    if (action === 'down') {
      const found = await labDown(dir, logger, values.keep ?? false);
      if (!found) logger.info(`No lab in ${dir}; nothing to stop.`);
      return ExitCode.ok;
    }
    if (action === 'status') {
      const status = await labStatus(dir);
      if (!status) {
        if (values.json) print('null');
        else print(`No lab in ${dir}. Start one with: waf-gate lab up`);
        return ExitCode.ok;
      }
      if (values.json) print(JSON.stringify(status, null, 2));
      else
        for (const i of status.instances)
          print(
            `${i.name.padEnd(10)} ${i.address.padEnd(22)} pid ${i.masterPid} ${i.running ? 'running' : 'NOT RUNNING'}`,
          );
      return ExitCode.ok;
    }
    throw new ConfigError(
      `Unknown lab action ${action === undefined ? '(none)' : `"${action}"`}.`,
      {
        hint: 'Use one of: waf-gate lab up | down | status.',
      },
    );
  },
};
