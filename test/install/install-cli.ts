/**
 * Runs `waf-gate install` (the real command object) in a child process, without the CLI's command
 * registry, so these tests do not depend on the other commands. SIGINT/SIGTERM abort the run the way
 * src/cli/main.ts does (exit 130 once cleanup is done). Usage: node --import tsx install-cli.ts ARGS
 */
import { formatError, isConfigError } from '../../src/common/errors.ts';
import { createConsoleLogger } from '../../src/common/logger.ts';
import { installCommand } from '../../src/cli/commands/install.ts';

const controller = new AbortController();
const onSignal = (signal: NodeJS.Signals): void => {
  if (!controller.signal.aborted) {
    process.stderr.write(`install-cli: ${signal} received, stopping and cleaning up\n`);
    controller.abort(new Error(`interrupted by ${signal}`));
  }
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
try {
  const code = await installCommand.run(process.argv.slice(2), {
    logger: createConsoleLogger(false),
    print: (text) => process.stdout.write(`${text}\n`),
    signal: controller.signal,
  });
  process.exitCode = controller.signal.aborted ? 130 : code;
} catch (error) {
  process.stderr.write(`waf-gate install: ${formatError(error)}\n`);
  process.exitCode = controller.signal.aborted ? 130 : isConfigError(error) ? 2 : 3;
} finally {
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
