/**
 * A real OpenSSH server on 127.0.0.1 for tests: its own temporary config, ed25519 host key, client key,
 * authorized_keys and known_hosts, on a free port. Usage:
 *
 *   const reason = sshdSkipReason();
 *   describe('over ssh', { skip: reason }, () => {
 *     let sshd: SshdFixture;
 *     before(async () => { sshd = await startSshd(); });
 *     after(() => sshd?.stop());
 *     … new SshHost(sshd.target, sshd.sshOptions) …
 *   });
 *
 * Needs `/usr/sbin/sshd` (Debian: openssh-server) and `ssh-keygen`. As root it creates `/run/sshd`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { SshOptions, SshTarget } from '../../src/hosts/ssh-options.ts';
import { missingPeer } from './peers.ts';

/** Where sshd is looked for (Debian's path first). */
const SSHD_PATHS = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'];

/** A running sshd and everything needed to reach it. */
export interface SshdFixture {
  host: string;
  port: number;
  user: string;
  /** Private key of a client key listed in authorized_keys (no passphrase). */
  identityFile: string;
  /** known_hosts holding `[127.0.0.1]:port` with the server's key (plain, not hashed). */
  knownHostsFile: string;
  /** The host key's `SHA256:…` fingerprint as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** The host key's public line, `ssh-ed25519 AAAA… comment`. */
  hostPublicKey: string;
  /** Every host key the server has: the ed25519 one first, then `extraHostKeyTypes`. */
  hostKeys: Array<{ type: string; publicKey: string; fingerprint: string }>;
  /** Temp folder holding config, keys and logs (removed by stop). */
  dir: string;
  target: SshTarget;
  /** `ssh://user@127.0.0.1:port`. */
  spec: string;
  /** identityFile + knownHostsFile, agent off (a developer's agent must not change results). */
  sshOptions: SshOptions;
  /** Everything sshd wrote to stderr so far (for failure messages). */
  log(): string;
  /** Kills the per-connection sshd processes, dropping every open SSH connection; the listener stays up. */
  dropConnections(): Promise<number>;
  /** Stops sshd and removes the temp folder. Safe to call twice. */
  stop(): Promise<void>;
}

function findSshd(): string | undefined {
  return SSHD_PATHS.find((p) => existsSync(p));
}

/** Why the SSH tests cannot run here (`undefined` when they can); root without sshd is a failure, not a skip. */
export function sshdSkipReason(): string | undefined {
  if (findSshd() !== undefined) return undefined;
  if (process.getuid?.() === 0) return undefined; // startSshd will fail loudly: CI must install openssh-server
  return missingPeer(
    'sshd not found (install openssh-server, or run as root in CI); SSH tests skipped',
  );
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

/** Makes a key pair at `file` / `file.pub` (ssh-keygen). */
export function makeKeyPair(file: string, comment = 'waf-gate-test', type = 'ed25519'): void {
  run('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', comment, '-f', file]);
}

/** `SHA256:…` of a public key file, from ssh-keygen itself. */
export function keyFingerprint(publicKeyFile: string): string {
  return /SHA256:\S+/.exec(run('ssh-keygen', ['-lf', publicKeyFile]))?.[0] ?? '';
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** Resolves once something on the port speaks SSH; rejects if sshd exits first. Bounded to ~10 s. */
async function waitForBanner(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`sshd exited before accepting connections:\n${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000, () => socket.destroy());
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString('latin1').startsWith('SSH-'));
      });
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not accept connections on port ${port}:\n${log()}`);
}

/** Every process below `pid` (Linux /proc). */
async function descendants(pid: number): Promise<number[]> {
  const parents = new Map<number, number>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[1] !== undefined) parents.set(Number(name), Number(fields[1]));
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** Options of {@link startSshd}. */
export interface StartSshdOptions {
  /** node:test's `after` (or `t.after`): registers the stop. */
  after?: (fn: () => Promise<void>) => void;
  /** More host keys besides ed25519, e.g. `['ecdsa']` (the known_hosts file lists only ed25519). */
  extraHostKeyTypes?: string[];
}

/**
 * Starts sshd. `after`, when given (node:test's `after` or `t.after`), registers the stop.
 * @throws when sshd is missing or does not come up (with its log).
 */
export async function startSshd(options: StartSshdOptions = {}): Promise<SshdFixture> {
  const sshd = findSshd();
  if (sshd === undefined)
    throw new Error('sshd not found: install openssh-server (apt-get install openssh-server)');
  const root = process.getuid?.() === 0;
  if (root) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const user = userInfo().username;
  const dir = await mkdtemp(join(tmpdir(), 'waf-gate-sshd-'));
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  const identityFile = join(dir, 'client_key');
  makeKeyPair(hostKey, 'waf-gate-test-host');
  makeKeyPair(identityFile, 'waf-gate-test-client');
  const hostKeyFiles = [hostKey];
  for (const type of options.extraHostKeyTypes ?? []) {
    hostKeyFiles.push(join(dir, `ssh_host_${type}_key`));
    makeKeyPair(join(dir, `ssh_host_${type}_key`), 'waf-gate-test-host', type);
  }
  const hostKeys = await Promise.all(
    hostKeyFiles.map(async (file) => {
      const publicKey = (await readFile(`${file}.pub`, 'utf8')).trim();
      return {
        type: publicKey.split(' ')[0] ?? '',
        publicKey,
        fingerprint: keyFingerprint(`${file}.pub`),
      };
    }),
  );
  await writeFile(join(dir, 'authorized_keys'), await readFile(`${identityFile}.pub`));
  const hostPublicKey = (await readFile(`${hostKey}.pub`, 'utf8')).trim();
  const fingerprint = keyFingerprint(`${hostKey}.pub`);

  let stderr = '';
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 1; attempt <= 3 && child === undefined; attempt++) {
    port = await freePort();
    const config = [
      `ListenAddress 127.0.0.1`,
      `Port ${port}`,
      ...hostKeyFiles.map((file) => `HostKey ${file}`),
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'StrictModes no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      `PermitRootLogin ${root ? 'yes' : 'no'}`,
      `AllowUsers ${user}`,
      'MaxSessions 32',
      'Subsystem sftp internal-sftp',
      process.env.WAF_GATE_SSHD_LOGLEVEL
        ? `LogLevel ${process.env.WAF_GATE_SSHD_LOGLEVEL}`
        : 'LogLevel VERBOSE',
    ].join('\n');
    await writeFile(join(dir, 'sshd_config'), `${config}\n`);
    stderr = '';
    const started = spawn(sshd, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    started.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-64 * 1024);
    });
    try {
      await waitForBanner(port, started, () => stderr);
      child = started;
    } catch (error) {
      started.kill('SIGKILL');
      if (attempt === 3 || !/Address already in use/.test(stderr)) {
        await rm(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  if (child === undefined || child.pid === undefined) throw new Error('sshd did not start');
  const sshdProcess = child;
  const pid = child.pid;
  const knownHostsFile = join(dir, 'known_hosts');
  await writeFile(knownHostsFile, `[127.0.0.1]:${port} ${hostPublicKey}\n`);

  const onExit = (): void => {
    // Last resort if a test file crashes before `after`: synchronous cleanup only.
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  let stopped = false;
  const fixture: SshdFixture = {
    host: '127.0.0.1',
    port,
    user,
    identityFile,
    knownHostsFile,
    fingerprint,
    hostPublicKey,
    hostKeys,
    dir,
    target: { host: '127.0.0.1', port, user },
    spec: `ssh://${user}@127.0.0.1:${port}`,
    sshOptions: { identityFile, knownHostsFile, useAgent: false },
    log: () => stderr,
    async dropConnections() {
      const pids = await descendants(pid);
      killAll(pids);
      return pids.length;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', onExit);
      const children = await descendants(pid);
      const exited = new Promise<void>((resolve) => {
        if (sshdProcess.exitCode !== null || sshdProcess.signalCode !== null) resolve();
        else sshdProcess.once('exit', () => resolve());
      });
      sshdProcess.kill('SIGTERM');
      killAll(children);
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
  options.after?.(() => fixture.stop());
  return fixture;
}
