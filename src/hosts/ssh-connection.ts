/**
 * One SSH connection per host, opened on first use and shared by every operation (and one SFTP session
 * on it). When the server drops it, the next operation reconnects; an operation that failed because the
 * connection was already gone before it started is retried once, transparently.
 */
import ssh2, { type Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { WafGateError, isWafGateError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { silentLogger } from '../common/logger.js';
import { createHostKeyPolicy, loadSshCredentials } from './ssh-auth.js';
import {
  DEFAULT_SSH_CONNECT_TIMEOUT_MS,
  DEFAULT_SSH_KEEPALIVE_INTERVAL_MS,
  formatSshTarget,
  type SshOptions,
  type SshTarget,
} from './ssh-options.js';

const NOT_STARTED = Symbol('waf-gate.ssh.notStarted');
const LOST_MESSAGE =
  /Not connected|No response from server|Connection lost|ECONNRESET|EPIPE|socket hang up|channel.*clos/i;

/** Marks an error as raised before the operation reached the server (so a retry cannot repeat it). */
export function notStarted<T>(error: T): T {
  if (typeof error === 'object' && error !== null)
    (error as Record<symbol, unknown>)[NOT_STARTED] = true;
  return error;
}

/** The live connection an operation runs on. */
export interface Live {
  client: Client;
  dead: boolean;
  sftp?: Promise<SFTPWrapper> | undefined;
}

/** A lazily opened, self-healing SSH connection. */
export class SshConnection {
  readonly name: string;
  private live: Live | undefined;
  private connecting: Promise<Live> | undefined;
  private closed = false;

  constructor(
    readonly target: SshTarget,
    private readonly options: SshOptions = {},
    private readonly logger: Logger = silentLogger,
  ) {
    this.name = formatSshTarget(target);
  }

  /** Context for errors: where, never secrets. */
  get context(): { host: string; port: number; user: string } {
    return { host: this.target.host, port: this.target.port, user: this.target.user };
  }

  /**
   * Runs `operation` on the live connection. If it fails because the connection was lost and either the
   * failure happened before the operation started or `idempotent` is set, reconnects and runs it once more.
   */
  async run<T>(
    operation: (client: Client, live: Live) => Promise<T>,
    idempotent = false,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const live = await this.connect();
      try {
        return await operation(live.client, live);
      } catch (error) {
        const lost =
          live.dead || LOST_MESSAGE.test(error instanceof Error ? error.message : String(error));
        const before = (error as Record<symbol, unknown> | null)?.[NOT_STARTED] === true;
        if (attempt > 1 || this.closed || !lost || !(before || idempotent)) throw error;
        this.logger.debug(`${this.name}: connection lost (${String(error)}); reconnecting`);
        this.drop(live);
      }
    }
  }

  /** The SFTP session of the live connection (opened once per connection). */
  sftp(live: Live): Promise<SFTPWrapper> {
    if (live.sftp) return live.sftp;
    const opening = new Promise<SFTPWrapper>((resolve, reject) => {
      const fail = (error: unknown): void =>
        reject(notStarted(this.channelError('Cannot open an SFTP session', error)));
      try {
        live.client.sftp((error, sftp) => {
          if (error) return fail(error);
          sftp.on('close', () => {
            if (live.sftp === opening) live.sftp = undefined;
          });
          resolve(sftp);
        });
      } catch (error) {
        fail(error);
      }
    });
    live.sftp = opening;
    // A failed open is not cached: the next operation tries again.
    opening.catch(() => {
      if (live.sftp === opening) live.sftp = undefined;
    });
    return opening;
  }

  /** `E_SSH_CHANNEL` with this connection's context. */
  channelError(
    message: string,
    cause: unknown,
    extra: Record<string, string | number> = {},
  ): WafGateError {
    const text = cause instanceof Error ? cause.message : String(cause);
    return new WafGateError('E_SSH_CHANNEL', `${message} on ${this.name}: ${text}`, {
      cause,
      context: { ...this.context, ...extra },
    });
  }

  /** Closes the connection. Safe to call more than once; later operations fail with `E_SSH_CONNECT`. */
  async close(): Promise<void> {
    this.closed = true;
    const pending = this.connecting;
    const live = this.live ?? (pending ? await pending.catch(() => undefined) : undefined);
    if (live) await this.end(live);
    this.live = undefined;
  }

  private drop(live: Live): void {
    live.dead = true;
    if (this.live === live) this.live = undefined;
    live.client.destroy();
  }

  private end(live: Live): Promise<void> {
    if (live.dead) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        live.client.destroy();
        resolve();
      }, 2000);
      live.client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      live.client.end();
    });
  }

  private connect(): Promise<Live> {
    if (this.closed) {
      return Promise.reject(
        new WafGateError('E_SSH_CONNECT', `The connection to ${this.name} was closed`, {
          context: this.context,
        }),
      );
    }
    if (this.live && !this.live.dead) return Promise.resolve(this.live);
    this.connecting ??= this.dial().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async dial(): Promise<Live> {
    const credentials = await loadSshCredentials(this.options);
    const policy = await createHostKeyPolicy(this.target, this.options);
    const keepaliveMs = this.options.keepaliveIntervalMs ?? DEFAULT_SSH_KEEPALIVE_INTERVAL_MS;
    const config: ConnectConfig = {
      host: this.target.host,
      port: this.target.port,
      username: this.target.user,
      readyTimeout: this.options.connectTimeoutMs ?? DEFAULT_SSH_CONNECT_TIMEOUT_MS,
      keepaliveInterval: keepaliveMs,
      keepaliveCountMax: this.options.keepaliveCountMax ?? 3,
      hostVerifier: (key: Buffer) => policy.verify(key),
      ...(credentials.privateKey ? { privateKey: credentials.privateKey } : {}),
      ...(credentials.passphrase !== undefined ? { passphrase: credentials.passphrase } : {}),
      ...(credentials.agent ? { agent: credentials.agent } : {}),
      ...(policy.hostKeyAlgorithms
        ? { algorithms: { serverHostKey: policy.hostKeyAlgorithms } }
        : {}),
    };
    const client = new ssh2.Client();
    const live: Live = { client, dead: false };
    this.logger.debug(`${this.name}: connecting`);
    await new Promise<void>((resolve, reject) => {
      let ready = false;
      client.on('ready', () => {
        ready = true;
        resolve();
      });
      client.on('error', (error: Error & { level?: string }) => {
        if (!ready) reject(this.connectError(error, policy.refusal()));
        else this.logger.debug(`${this.name}: ${error.message}`);
      });
      const onGone = (): void => {
        live.dead = true;
        if (this.live === live) this.live = undefined;
        if (!ready)
          reject(
            new WafGateError(
              'E_SSH_CONNECT',
              `${this.name} closed the connection during the handshake`,
              { context: this.context },
            ),
          );
      };
      client.on('end', onGone);
      client.on('close', onGone);
      try {
        client.connect(config);
      } catch (error) {
        reject(this.connectError(error as Error, undefined));
      }
    }).catch((error: unknown) => {
      client.destroy();
      throw error;
    });
    if (this.closed) {
      await this.end(live);
      throw new WafGateError('E_SSH_CONNECT', `The connection to ${this.name} was closed`, {
        context: this.context,
      });
    }
    this.logger.debug(`${this.name}: connected`);
    this.live = live;
    return live;
  }

  private connectError(
    error: Error & { level?: string; code?: unknown },
    hostKey: WafGateError | undefined,
  ): WafGateError {
    if (hostKey) return hostKey;
    if (isWafGateError(error)) return error;
    if (error.level === 'client-authentication' || error.level === 'agent') {
      return new WafGateError(
        'E_SSH_AUTH',
        `Authentication as ${this.target.user} on ${this.name} failed: ${error.message}`,
        {
          cause: error,
          context: this.context,
          hint: 'Check the user name and that the public key of the identity file (or agent) is in the server’s authorized_keys.',
        },
      );
    }
    return new WafGateError('E_SSH_CONNECT', `Cannot connect to ${this.name}: ${error.message}`, {
      cause: error,
      context: this.context,
      hint: 'Check the host, the port and that sshd is running and reachable from here.',
    });
  }
}
