/**
 * Getting the `nginx -T` text: running it on the WAF host through the Host (argument array, validated
 * absolute paths, a time limit, nginx's stderr in the error) or reading a dump saved by the user.
 */
import { readFile, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { ConfigError, WafGateError, isWafGateError } from '../common/errors.js';
import type { Host } from '../hosts/types.js';

/** Options of `readServerNames`. */
export interface ReadServerNamesOptions {
  /** nginx on the WAF host: an absolute path or a bare program name. @default 'nginx' */
  nginxBinary?: string;
  /** `-c`: the main configuration file on the WAF host (absolute). @default nginx's compiled-in one */
  configFile?: string;
  /** `-p`: nginx's prefix on the WAF host (absolute). @default nginx's compiled-in one */
  prefix?: string;
  /** Read this saved `nginx -T` output (on the runner) instead of running nginx. */
  dumpFile?: string;
  /** Sample hosts for skipped names, keyed by the name as written (`*.example.com`: `shop.example.com`). */
  samples?: Record<string, string>;
  /** Time limit of `nginx -T`. @default 30000 */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Largest dump file read. */
const MAX_DUMP_BYTES = 64 * 1024 * 1024;

function checkAbsolute(input: string, value: string): void {
  if (!posix.isAbsolute(value) || value.includes('\0') || value.includes('\n')) {
    throw new ConfigError(`${input} must be an absolute path on the WAF host`, {
      input,
      value,
      hint: 'Give the full path, e.g. /etc/nginx/nginx.conf.',
    });
  }
}

function checkBinary(value: string): void {
  if (value === '' || value.startsWith('-') || value.includes('\0') || value.includes('\n'))
    throw new ConfigError('nginx-binary must be an absolute path or a program name', {
      input: 'nginx-binary',
      value,
    });
  if (value.includes('/')) checkAbsolute('nginx-binary', value);
}

/** The first lines of nginx's stderr, without the "syntax is ok" chatter. */
function stderrLines(stderr: string, max = 5): string[] {
  return (
    stderr
      .split('\n')
      // `2026/01/02 03:04:05 [emerg] 123#123: ` says nothing the user needs.
      .map((l) => l.trim().replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d (\[\w+\]) \d+#\d+: /, '$1 '))
      .filter((l) => l !== '' && !/syntax is ok$|test is successful$/.test(l))
      .slice(0, max)
  );
}

/**
 * Runs `<nginx> -T [-p prefix] [-c config]` on the host; returns its stdout and its warnings.
 * @throws WafGateError `E_NGINX_DUMP` (not found, non-zero exit with the first stderr lines and a hint).
 */
export async function runNginxDump(
  host: Host,
  options: ReadServerNamesOptions,
): Promise<{ text: string; warnings: string[] }> {
  const binary = options.nginxBinary ?? 'nginx';
  checkBinary(binary);
  const args = ['-T'];
  if (options.prefix !== undefined) {
    checkAbsolute('nginx-prefix', options.prefix);
    args.push('-p', options.prefix);
  }
  if (options.configFile !== undefined) {
    checkAbsolute('nginx-config', options.configFile);
    args.push('-c', options.configFile);
  }
  const shown = [binary, ...args].join(' ');
  const context = { host: host.name, command: shown };
  let result;
  try {
    result = await host.exec(binary, args, {
      allowFailure: true,
      timeoutMs: options.timeoutMs ?? 30_000,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (isWafGateError(error) && error.code === 'E_EXEC_NOT_FOUND') {
      throw new WafGateError('E_NGINX_DUMP', `nginx was not found on ${host.name}: ${binary}`, {
        context,
        cause: error,
        hint: 'Set nginx-binary to the nginx the WAF runs (e.g. /usr/sbin/nginx).',
      });
    }
    throw error;
  }
  if (result.exitCode !== 0) {
    const lines = stderrLines(result.stderr);
    const denied = /permission denied|\(13:/i.test(result.stderr);
    throw new WafGateError(
      'E_NGINX_DUMP',
      `${shown} failed on ${host.name} (exit ${result.exitCode ?? result.signal ?? '?'}): ${
        lines.join(' | ') || 'no message'
      }`,
      {
        context,
        hint: denied
          ? 'nginx -T reads every file the configuration names (certificates, logs): run as root on the WAF host, or save the dump there as root (`nginx -T > nginx-dump.txt`) and give it as nginx-dump.'
          : 'Fix the configuration so `nginx -t` passes on the WAF host, or give a saved dump as nginx-dump.',
      },
    );
  }
  const warnings = stderrLines(result.stderr, 50).filter((l) => !/\[(notice|info|debug)\]/.test(l));
  return { text: result.stdout, warnings };
}

/** Reads a saved `nginx -T` dump on the runner (at most 64 MiB). @throws ConfigError when unreadable. */
export async function readDumpFile(path: string): Promise<string> {
  const info = await stat(path).catch((error: unknown) => {
    throw new ConfigError(`Cannot read the nginx dump file: ${(error as Error).message}`, {
      input: 'nginx-dump',
      value: path,
      cause: error,
    });
  });
  if (!info.isFile() || info.size > MAX_DUMP_BYTES) {
    throw new ConfigError(
      `The nginx dump must be a file of at most ${MAX_DUMP_BYTES / 1024 / 1024} MiB`,
      { input: 'nginx-dump', value: path },
    );
  }
  return readFile(path, 'utf8');
}
