/**
 * Hold mode's options (`waf-gate replay --mode hold`, replay-traffic `mode: hold`): declared in the
 * replay schema (../schema.ts) with the other replay options, validated here into {@link HoldOptions}.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../common/errors.js';
import { parseOptions, type RawOptions } from '../../common/option-schema.js';
import { parseTarget, type ReplayTarget } from '../options.js';
import { REPLAY_SCHEMA } from '../schema.js';

/** Validated hold options. Durations in ms, rates per second, shares 0..1. */
export interface HoldOptions {
  /** The WAF (http:// only: upgrades are sent as ws://). */
  target: ReplayTarget;
  /** Request path of the upgrade. @default '/ws' */
  path: string;
  /** Host header; undefined sends the target's host. */
  domain: string | undefined;
  /** @default 100 */
  connections: number;
  /** Ramp: connections opened per second. @default 500 */
  hatchRateCps: number;
  /** How long the connections are held after the ramp. @default 30000 */
  holdMs: number;
  /** @default 10000 */
  pingIntervalMs: number;
  /** @default pingIntervalMs */
  pongTimeoutMs: number;
  /** Pushes per second asked per receiving connection (0: none). @default 0 */
  pushRateMps: number;
  /** @default 1 */
  pushShare: number;
  /** @default 0 */
  serverDropShare: number;
  /** @default 0 */
  clientDropShare: number;
  /** @default 3 */
  reconnectAttempts: number;
  /** First reconnect backoff, doubled per attempt. @default 1000 */
  reconnectBackoffMs: number;
  /** TCP connect plus upgrade answer, per attempt. @default 5000 */
  connectTimeoutMs: number;
  /** Where hold.json goes. @default 'waf-gate-out/replay' */
  outDir: string;
  /** @default random */
  runId: string;
  label?: string;
  /** One progress line (open, dropped, reconnected) every this many ms; 0: none. @default 10000 */
  progressIntervalMs: number;
}

/** What {@link holdOptions} needs: the target; everything else has a default. */
export type HoldOptionsInit = Partial<HoldOptions> & Pick<HoldOptions, 'target'>;

/** Default hold-mode ramp when hatch-rate is not given. */
export const DEFAULT_HOLD_HATCH_RATE_CPS = 500;
/** Default connections in hold mode. */
export const DEFAULT_HOLD_CONNECTIONS = 100;

const D = REPLAY_SCHEMA;

function share(input: string, value: number): number {
  if (!(value >= 0 && value <= 1))
    throw new ConfigError('A share is a number from 0 to 1.', { input, value });
  return value;
}

/** Fills the defaults and checks the combinations (ConfigError naming the input). */
export function holdOptions(init: HoldOptionsInit): HoldOptions {
  if (init.target.tls)
    throw new ConfigError('Hold mode speaks ws:// only; wss:// (TLS) is not supported yet.', {
      input: 'target',
      value: `https://${init.target.host}:${init.target.port}`,
      hint: 'Give the WAF plain-HTTP listener (http://host:port).',
    });
  const pingIntervalMs = init.pingIntervalMs ?? D['ping-interval'].default;
  const pongTimeoutMs = init.pongTimeoutMs ?? pingIntervalMs;
  if (pongTimeoutMs > pingIntervalMs)
    throw new ConfigError(
      `pong-timeout (${pongTimeoutMs} ms) is longer than ping-interval (${pingIntervalMs} ms).`,
      {
        input: 'pong-timeout',
        value: pongTimeoutMs,
        hint: 'One ping is outstanding at a time: give a pong-timeout at most the ping interval.',
      },
    );
  const serverDropShare = share('server-drop-share', init.serverDropShare ?? 0);
  const clientDropShare = share('client-drop-share', init.clientDropShare ?? 0);
  if (serverDropShare + clientDropShare > 1)
    throw new ConfigError(
      `server-drop-share + client-drop-share is ${serverDropShare + clientDropShare}, more than every connection.`,
      { input: 'client-drop-share', value: clientDropShare, hint: 'Keep their sum at most 1.' },
    );
  const connections = init.connections ?? DEFAULT_HOLD_CONNECTIONS;
  if (!Number.isInteger(connections) || connections < 1 || connections > 10_000)
    throw new ConfigError('connections is a whole number from 1 to 10000.', {
      input: 'connections',
      value: connections,
    });
  const path = init.path ?? D['ws-path'].default;
  if (!D['ws-path'].pattern.test(path))
    throw new ConfigError(`ws-path must be ${D['ws-path'].patternText}.`, {
      input: 'ws-path',
      value: path,
    });
  const options: HoldOptions = {
    target: init.target,
    path,
    domain: init.domain === '' ? undefined : init.domain,
    connections,
    hatchRateCps: init.hatchRateCps ?? DEFAULT_HOLD_HATCH_RATE_CPS,
    holdMs: init.holdMs ?? D['hold-duration'].default,
    pingIntervalMs,
    pongTimeoutMs,
    pushRateMps: init.pushRateMps ?? D['push-rate'].default,
    pushShare: share('push-share', init.pushShare ?? D['push-share'].default),
    serverDropShare,
    clientDropShare,
    reconnectAttempts: init.reconnectAttempts ?? D['reconnect-attempts'].default,
    reconnectBackoffMs: init.reconnectBackoffMs ?? D['reconnect-backoff'].default,
    connectTimeoutMs: init.connectTimeoutMs ?? D['connect-timeout'].default,
    outDir: init.outDir ?? D['out-dir'].default,
    runId: init.runId ?? randomBytes(6).toString('hex'),
    progressIntervalMs: init.progressIntervalMs ?? D['progress-interval'].default,
  };
  if (!(options.hatchRateCps > 0))
    throw new ConfigError('hatch-rate must be above 0.', {
      input: 'hatch-rate',
      value: options.hatchRateCps,
    });
  if (init.label !== undefined) options.label = init.label;
  return options;
}

/** Replay options that have no meaning in hold mode, with what to use instead. */
const NOT_IN_HOLD: ReadonlyArray<[string, string]> = [
  ['duration', 'hold-duration'],
  ['rate', 'push-rate (pushes) or hatch-rate (ramp)'],
  ['requests', 'connections'],
  ['repeat', 'connections'],
  ['shard', 'one hold process (it holds up to 10000 connections)'],
];

/** Shaping options: they shape HTTP requests of the quality and pressure modes, not WebSocket frames. */
const SHAPING_OPTIONS = ['upload-rate', 'download-rate', 'delay', 'slow-header', 'slow-body'];

/** Turns raw inputs (CLI flags or action inputs) with `mode: hold` into {@link HoldOptions}. */
export function parseHoldOptions(raw: RawOptions): HoldOptions {
  const v = parseOptions(REPLAY_SCHEMA, raw, { stage: 'replay' });
  for (const [name, instead] of NOT_IN_HOLD) {
    const value = raw[name];
    if (value !== undefined && value !== '')
      throw new ConfigError(`${name} is not used in hold mode.`, {
        input: name,
        value,
        hint: `Use ${instead}.`,
      });
  }
  for (const name of SHAPING_OPTIONS) {
    const value = raw[name];
    if (value !== undefined && value !== '')
      throw new ConfigError(`${name} is not used in hold mode.`, {
        input: name,
        value,
        hint: 'Shaping applies to the quality and pressure modes; leave it out for mode hold.',
      });
  }
  const init: HoldOptionsInit = {
    target: parseTarget('target', v.target),
    domain: v.domains?.[0],
    ...holdSettingsFrom(v),
    connectTimeoutMs: v['connect-timeout'],
    outDir: v['out-dir'],
    progressIntervalMs: v['progress-interval'],
  };
  if (v.connections !== undefined) init.connections = v.connections;
  if (v['hatch-rate'] !== undefined) init.hatchRateCps = v['hatch-rate'];
  if (v['run-id'] !== undefined) init.runId = v['run-id'];
  if (v.label !== undefined) init.label = v.label;
  return holdOptions(init);
}

/** The hold options named alike in replay-traffic and the gate (`waf-gate measure`), parsed. */
export interface HoldSettingValues {
  'ws-path': string;
  'hold-duration': number;
  'ping-interval': number;
  'pong-timeout'?: number | undefined;
  'push-rate': number;
  'push-share': number;
  'server-drop-share': number;
  'client-drop-share': number;
  'reconnect-attempts': number;
  'reconnect-backoff': number;
}

/** The hold settings of option values named as in {@link HoldSettingValues}. */
export function holdSettingsFrom(
  v: HoldSettingValues,
): Pick<
  HoldOptionsInit,
  | 'path'
  | 'holdMs'
  | 'pingIntervalMs'
  | 'pongTimeoutMs'
  | 'pushRateMps'
  | 'pushShare'
  | 'serverDropShare'
  | 'clientDropShare'
  | 'reconnectAttempts'
  | 'reconnectBackoffMs'
> {
  return {
    path: v['ws-path'],
    holdMs: v['hold-duration'],
    pingIntervalMs: v['ping-interval'],
    pushRateMps: v['push-rate'],
    pushShare: v['push-share'],
    serverDropShare: v['server-drop-share'],
    clientDropShare: v['client-drop-share'],
    reconnectAttempts: v['reconnect-attempts'],
    reconnectBackoffMs: v['reconnect-backoff'],
    ...(v['pong-timeout'] !== undefined ? { pongTimeoutMs: v['pong-timeout'] } : {}),
  };
}
