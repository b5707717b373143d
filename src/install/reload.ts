/** Making the WAF pick up new configuration: systemctl, service, nginx -s reload, a command, or a signal to a pid file. */
import { WafGateError } from '../common/errors.js';
import type { Host } from '../hosts/types.js';
import type { ReloadSpec } from './types.js';

/** Shows a reload method for messages. */
export function describeReload(spec: ReloadSpec): string {
  switch (spec.kind) {
    case 'none':
      return 'none';
    case 'systemctl':
      return `systemctl reload ${spec.unit}`;
    case 'service':
      return `service ${spec.name} reload`;
    case 'pid-file':
      return `kill -s ${spec.signal} $(cat ${spec.path})`;
    case 'command':
      return spec.argv.join(' ');
  }
}

/** Sends `signal` to the process whose pid is in `pidFile` (read as a file, never through a shell). */
export async function signalPidFile(host: Host, pidFile: string, signal: string): Promise<number> {
  let text: string;
  try {
    text = (await host.readFile(pidFile)).toString('utf8').trim();
  } catch (error) {
    throw new WafGateError('E_RELOAD', `Cannot read the pid file ${pidFile}`, {
      cause: error,
      context: { host: host.name },
    });
  }
  if (!/^\d+$/.test(text)) {
    throw new WafGateError('E_RELOAD', `The pid file ${pidFile} does not hold a process id`, {
      context: { content: text.slice(0, 40) },
    });
  }
  await host.exec('kill', ['-s', signal, text], {});
  return Number(text);
}

/**
 * Reloads the WAF. Returns false for `none`.
 * @throws WafGateError `E_RELOAD` naming the method and the command's error output.
 */
export async function reloadWaf(
  host: Host,
  spec: ReloadSpec,
  timeoutMs = 60_000,
): Promise<boolean> {
  try {
    switch (spec.kind) {
      case 'none':
        return false;
      case 'systemctl':
        await host.exec('systemctl', ['reload', spec.unit], { timeoutMs });
        return true;
      case 'service':
        await host.exec('service', [spec.name, 'reload'], { timeoutMs });
        return true;
      case 'pid-file':
        await signalPidFile(host, spec.path, spec.signal);
        return true;
      case 'command': {
        const [command, ...args] = spec.argv;
        await host.exec(command!, args, { timeoutMs });
        return true;
      }
    }
  } catch (error) {
    if ((error as WafGateError).code === 'E_RELOAD') throw error;
    const stderr = (error as WafGateError).context?.stderr;
    throw new WafGateError(
      'E_RELOAD',
      `Reload failed (${describeReload(spec)})${stderr ? `: ${String(stderr)}` : ''}`,
      {
        cause: error,
        context: { host: host.name },
        hint: 'Check the reload input: none, systemctl:UNIT, service:NAME, nginx, pid-file:PATH or command:ARGS.',
      },
    );
  }
}
