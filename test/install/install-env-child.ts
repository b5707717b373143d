/**
 * Runs install-waf (or its restore) in a child process on a host whose commands get extra environment
 * variables (the stand-in systemctl's PATH and state file, see fake-systemd.ts), for tests that kill the
 * installing process. Usage: node --import tsx install-env-child.ts JSON, where JSON is {@link ChildJob};
 * prints the result as one JSON line.
 */
import { formatError } from '../../src/common/errors.ts';
import { silentLogger } from '../../src/common/logger.ts';
import { openInstallHost } from '../../src/install/host-open.ts';
import { runInstall } from '../../src/install/install.ts';
import { parseInstallOptions, rawInputsFrom } from '../../src/install/options.ts';
import { restoreFromStateFile } from '../../src/install/restore.ts';
import { HostWithEnv } from './fake-systemd.ts';

/** What the child does. */
export interface ChildJob {
  mode: 'install' | 'restore';
  spec: string;
  ssh: Record<string, string>;
  /** install-waf inputs (kebab-case names). */
  inputs: Record<string, string>;
  /** Added to every command run on the host. */
  env: Record<string, string>;
}

const job = JSON.parse(process.argv[2] ?? '{}') as ChildJob;
const host = new HostWithEnv(await openInstallHost(job.spec, job.ssh, silentLogger), job.env);
try {
  const options = await parseInstallOptions(rawInputsFrom(job.inputs));
  const result =
    job.mode === 'restore'
      ? await restoreFromStateFile(host, options.stateFile, silentLogger)
      : await runInstall(host, options, silentLogger);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  process.stderr.write(`install-env-child: ${formatError(error)}\n`);
  process.exitCode = 1;
} finally {
  await host.close();
}
