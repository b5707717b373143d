/**
 * The machine collect-metrics reads: the local one (files and /proc read directly, the fast path) or a
 * WAF host over SSH (logs through SFTP, /proc with one exec per sample). Chosen by the `host` option.
 */
import type { Logger } from '../common/logger.js';
import { LocalHost } from '../hosts/local.js';
import type { Host } from '../hosts/types.js';
import { openHostFromInputs } from '../hosts/ssh-inputs.js';
import {
  HostLogFollower,
  type LineSplitter,
  LogFollower,
  type FollowedLog,
  type FollowOptions,
} from './follow/index.js';
import { HostProcReader, type ProcSampler } from './proc/index.js';
import type { CollectOptions } from './options.js';

/** True for the machine we run on: read its files and /proc directly. */
export function isLocalHost(host: Host): boolean {
  return host instanceof LocalHost;
}

/**
 * Opens the host named by `options.host` (default local) with `options.ssh`; an SSH host is connected
 * now, so a wrong host key or login fails before collection starts.
 */
export async function openCollectHost(
  options: Pick<CollectOptions, 'host' | 'ssh'>,
  logger: Logger,
): Promise<Host> {
  if (options.host === undefined || options.host === 'local') return new LocalHost();
  return openHostFromInputs(options.host, options.ssh ?? {}, logger);
}

/** Follows `path` on `host`: open file handles locally, stat + ranged reads elsewhere. */
export function openFollower(
  host: Host,
  path: string,
  splitter: LineSplitter,
  logger: Logger,
  options: FollowOptions,
): Promise<FollowedLog> {
  return isLocalHost(host)
    ? LogFollower.open(path, splitter, logger, options)
    : HostLogFollower.open(host, path, splitter, logger, options);
}

/**
 * One sample function: the local /proc directly (synchronous reads), a remote one with one exec per call
 * (retried once). The wall-clock time of a remote sample is the middle of its round trip.
 */
export function sampleFunction(
  host: Host,
  sampler: ProcSampler,
  timeoutMs: number,
): () => Promise<void> {
  // A promise executor turns a synchronous throw into a rejection, as an async function would.
  if (isLocalHost(host))
    return () =>
      new Promise<void>((done) => {
        sampler.sample();
        done();
      });
  const reader = new HostProcReader(host, timeoutMs);
  const once = async (): Promise<void> => {
    const before = Date.now();
    const snapshot = await reader.snapshot(sampler.pidFiles);
    sampler.sampleFrom(snapshot, Math.round((before + Date.now()) / 2));
  };
  // Reading /proc is harmless to repeat: one retry covers a connection that dropped under the exec
  // (the host reconnects on the next operation).
  return () => once().catch(once);
}
