/**
 * `waf-gate`: the CLI over the same engine as the actions. Parses the command name, wires Ctrl-C to an
 * AbortSignal, prints one-paragraph errors and sets the exit code (never process.exit).
 */
import { formatError, isConfigError } from '../common/errors.js';
import { createConsoleLogger, warnOnce } from '../common/logger.js';
import { ExitCode, type Command, type CommandContext } from './command.js';
import { commands } from './commands/index.js';

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: waf-gate <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `waf-gate <command> --help` for a command's options.",
    '',
    'Exit codes: 0 ok / gate passed, 1 gate failed, 2 bad input, 3 runtime error,',
    '            4 neutral with --strict, 130 interrupted.',
    '',
    'Environment: WAF_GATE_DEBUG=1 prints stack traces with errors.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${process.env.npm_package_version ?? '0.1.0'}\n`);
    return ExitCode.ok;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`waf-gate: unknown command "${name}".\n\n${usage()}\n`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help.trimEnd()}\n`);
    return ExitCode.ok;
  }
  const debug = process.env.WAF_GATE_DEBUG === '1';
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write(`\nwaf-gate: ${signal} received, stopping and cleaning up…\n`);
      controller.abort(new Error(`interrupted by ${signal}`));
    } else {
      process.stderr.write('waf-gate: cleanup in progress; interrupt again after it finishes.\n');
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const logger = warnOnce(createConsoleLogger(rest.includes('--verbose') || debug));
  const context: CommandContext = {
    logger,
    print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    signal: controller.signal,
  };
  try {
    const code = await command.run(rest, context);
    return controller.signal.aborted ? ExitCode.interrupted : code;
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write(`waf-gate ${name}: interrupted; cleanup done.\n`);
      return ExitCode.interrupted;
    }
    process.stderr.write(`waf-gate ${name}: ${formatError(error, debug)}\n`);
    return isConfigError(error) ? ExitCode.usage : ExitCode.runtime;
  } finally {
    logger.flushRepeats();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

process.exitCode = await main(process.argv.slice(2));
