/**
 * Runs `waf-gate install` (the real command object) in a child process, without the CLI's command
 * registry, so these tests do not depend on the other commands. Usage: node --import tsx install-cli.ts ARGS
 */
import { formatError, isConfigError } from '../../src/common/errors.ts';
import { createConsoleLogger } from '../../src/common/logger.ts';
import { installCommand } from '../../src/cli/commands/install.ts';

const controller = new AbortController();
process.on('SIGTERM', () => controller.abort(new Error('interrupted by SIGTERM')));
try {
  process.exitCode = await installCommand.run(process.argv.slice(2), {
    logger: createConsoleLogger(false),
    print: (text) => process.stdout.write(`${text}\n`),
    signal: controller.signal,
  });
} catch (error) {
  process.stderr.write(`waf-gate install: ${formatError(error)}\n`);
  process.exitCode = isConfigError(error) ? 2 : 3;
}
