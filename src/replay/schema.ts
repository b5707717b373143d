/**
 * replay-traffic's options, declared once: the CLI `waf-gate replay --<name>` flags and the action's
 * inputs of the same names. Validation ({@link parseReplayOptions}), the CLI help and the action.yml
 * descriptions (drift-checked) all come from here.
 */
import type { OptionSchema } from '../common/option-schema.js';

/** A header name token (RFC 9110). */
export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Every replay option. */
export const REPLAY_SCHEMA = {
  target: {
    type: 'url',
    required: true,
    help: 'WAF address to replay to: http://host:port or https://host:port ([::1] for IPv6).',
  },
  corpus: {
    type: 'string',
    metavar: 'SPEC',
    help: 'Captured traffic: files, folders or globs, comma-separated, optionally weighted as "browse.txt:80,search.txt:20"; raw (====**** separated), go-ftw/CRS YAML, HAR 1.2 or JSON Lines. Required in quality and pressure modes; hold mode sends none.',
  },
  domains: {
    type: 'list',
    itemPattern: /^[A-Za-z0-9._:[\]-]+$/,
    itemText: 'domain names (letters, digits, ".", "-", ":" and [] for IPv6)',
    help: 'Target domains, comma-separated: Host and absolute URLs are rewritten per domain. Empty: requests are sent as captured.',
  },
  mode: {
    type: 'enum',
    values: ['quality', 'pressure', 'hold'],
    default: 'quality',
    help: 'quality (every request once per domain, tagged with an id), pressure (load on one domain) or hold (long-lived WebSocket connections held through the WAF with heartbeats; writes hold.json).',
  },
  connections: {
    type: 'integer',
    min: 1,
    max: 10_000,
    defaultText: '10 (quality), 50 (pressure), 100 (hold)',
    help: 'Concurrent connections (closed model: users).',
  },
  'keep-alive': {
    type: 'boolean',
    default: true,
    help: 'Reuse connections (true) or one connection per request (false).',
  },
  duration: {
    type: 'duration',
    defaultText: '10s in pressure mode when no other stop is given',
    help: 'Stop sending after this long, e.g. 30s.',
  },
  requests: { type: 'integer', min: 1, help: 'Stop after this many requests.' },
  repeat: {
    type: 'integer',
    min: 1,
    defaultText: '1 in quality mode when no other stop is given',
    help: 'Replay the corpus (x domains) this many times.',
  },
  rate: {
    type: 'number',
    metavar: 'RPS',
    unit: 'req/s',
    min: 0.001,
    max: 10_000_000,
    help: 'Open model: target requests per second over all connections.',
  },
  'hatch-rate': {
    type: 'number',
    unit: 'connections/s',
    min: 0.001,
    max: 1_000_000,
    defaultText: 'no ramp (pressure), 500 (hold)',
    help: 'Ramp-up: connections added per second.',
  },
  'think-time': {
    type: 'duration',
    allowZero: true,
    default: 0,
    help: 'Pause between a response and the next request on a connection, e.g. 100ms.',
  },
  'upload-rate': {
    type: 'string',
    metavar: 'RATE',
    help: 'Shaping (slow clients): upload cap per connection in bytes per second, e.g. 64KiB/s (units B, kB, KiB, MB, MiB, GB, GiB; "/s" optional); request bytes are paced by a token bucket.',
  },
  'download-rate': {
    type: 'string',
    metavar: 'RATE',
    help: 'Shaping: download cap per connection in bytes per second, e.g. 64KiB/s; reading pauses while over the cap, so the WAF sees a slow reader.',
  },
  delay: {
    type: 'duration',
    allowZero: true,
    default: 0,
    help: "Shaping (distant clients): one-way delay added before each request's first byte is sent, e.g. 100ms (the TCP handshake is not delayed).",
  },
  'slow-header': {
    type: 'string',
    metavar: 'BYTES/INTERVAL',
    help: 'Shaping: send each request head (request line and headers) in chunks of BYTES every INTERVAL, e.g. 1/1s; stresses client_header_timeout. Raise first-byte-timeout and timeout to match.',
  },
  'slow-body': {
    type: 'string',
    metavar: 'BYTES/INTERVAL',
    help: 'Shaping: send each request body in chunks of BYTES every INTERVAL, e.g. 100/500ms; stresses client_body_timeout and request buffering.',
  },
  'connect-timeout': { type: 'duration', default: 5000, help: 'Connect timeout.' },
  'first-byte-timeout': {
    type: 'duration',
    default: 30_000,
    help: 'Time from sending to the first response byte.',
  },
  timeout: { type: 'duration', default: 60_000, help: 'Total time per request.' },
  'max-duration': {
    type: 'duration',
    defaultText: 'duration + 30s, else 1h',
    help: 'Hard stop for the whole run.',
  },
  'id-header': {
    type: 'string',
    metavar: 'NAME',
    default: 'X-Waf-Gate-Id',
    pattern: HEADER_NAME,
    patternText: 'a header name',
    help: 'Request id header of quality mode.',
  },
  'extra-headers': {
    type: 'string',
    metavar: 'LIST',
    help: 'Extra headers, one "Name: value" per line (or comma-separated), added to every request.',
  },
  insecure: {
    type: 'boolean',
    default: false,
    help: 'Do not verify TLS certificates (test WAFs).',
  },
  servername: {
    type: 'string',
    metavar: 'NAME',
    defaultText: 'the first domain (unless an IP address)',
    help: 'TLS SNI name.',
  },
  workers: {
    type: 'integer',
    min: 1,
    max: 64,
    default: 1,
    help: 'Worker threads sending traffic.',
  },
  'out-dir': {
    type: 'path',
    metavar: 'DIR',
    default: 'waf-gate-out/replay',
    help: 'Where replay.json and outcomes.jsonl go.',
  },
  'run-id': {
    type: 'string',
    metavar: 'ID',
    pattern: /^[A-Za-z0-9._-]+$/,
    patternText: 'letters, digits, ".", "_" and "-"',
    defaultText: 'random',
    help: 'Run id encoded in request ids.',
  },
  label: { type: 'string', help: 'Free label stored in the results, e.g. candidate.' },
  'skip-invalid': {
    type: 'boolean',
    default: false,
    help: 'Skip malformed corpus entries (counted) instead of failing.',
  },
  'preload-limit-mb': {
    type: 'integer',
    unit: 'MiB',
    min: 0,
    max: 1_000_000,
    default: 64,
    help: 'Quality mode: corpora larger than this are streamed instead of loaded into memory.',
  },
  window: {
    type: 'duration',
    minMs: 100,
    default: 1000,
    help: 'Width of the QPS/latency time windows.',
  },
  shard: {
    type: 'string',
    metavar: 'I/N',
    pattern: /^\s*\d{1,4}\s*\/\s*\d{1,4}\s*$/,
    patternText: 'i/n, e.g. 2/3',
    help: 'Pressure mode on several bench machines: this replay is shard i of n and sends its share of connections, rate and requests (given for the whole run; remainders go to the first shards). Merge the shards with waf-gate merge.',
  },
  'start-at': {
    type: 'string',
    metavar: 'TIME',
    help: 'Wall-clock time to send the first request at (ISO 8601 with a zone, or epoch ms), on the clock-reference when one is given; at most 10 min ahead, at most 5 s passed.',
  },
  'clock-reference': {
    type: 'url',
    help: "HTTP server whose Date header is the sharded run's clock: the offset to it is measured, recorded in replay.json and used to wait for start-at and to align merged windows.",
  },
  'hold-duration': {
    type: 'duration',
    default: 30_000,
    help: 'Hold mode: how long every connection is held once the ramp has opened them all, e.g. 5m.',
  },
  'ping-interval': {
    type: 'duration',
    minMs: 10,
    default: 10_000,
    help: 'Hold mode: interval between WebSocket pings on each connection (the heartbeat).',
  },
  'pong-timeout': {
    type: 'duration',
    minMs: 10,
    defaultText: 'the ping interval',
    help: 'Hold mode: a ping without a pong within this long is lost and ends the connection (at most the ping interval).',
  },
  'push-rate': {
    type: 'number',
    unit: 'messages/s',
    min: 0,
    max: 1000,
    default: 0,
    help: "Hold mode: messages per second the origin pushes to each receiving connection, sequence-checked (0: none; needs an origin speaking waf-gate's control protocol, like the lab's).",
  },
  'push-share': {
    type: 'number',
    min: 0,
    max: 1,
    default: 1,
    help: 'Hold mode: share of connections (0 to 1) that ask for pushes.',
  },
  'server-drop-share': {
    type: 'number',
    min: 0,
    max: 1,
    default: 0,
    help: 'Hold mode: share of connections (0 to 1) the origin is asked to close during the hold, spread over it.',
  },
  'client-drop-share': {
    type: 'number',
    min: 0,
    max: 1,
    default: 0,
    help: 'Hold mode: share of connections (0 to 1) the client closes during the hold, spread over it.',
  },
  'reconnect-attempts': {
    type: 'integer',
    min: 0,
    max: 100,
    default: 3,
    help: 'Hold mode: reconnects per connection after a drop nobody planned (0: never).',
  },
  'reconnect-backoff': {
    type: 'duration',
    default: 1000,
    help: 'Hold mode: wait before the first reconnect, doubled for each further attempt.',
  },
  'ws-path': {
    type: 'string',
    metavar: 'PATH',
    default: '/ws',
    pattern: /^\/[!-~]*$/,
    patternText: 'a request path starting with "/" (printable ASCII, no spaces)',
    help: 'Hold mode: request path of the WebSocket upgrade.',
  },
  'progress-interval': {
    type: 'duration',
    allowZero: true,
    default: 10_000,
    help: 'How often a progress line is logged when not on a terminal (0: never).',
  },
} as const satisfies OptionSchema;

/** A replay option name. */
export type ReplayInputName = keyof typeof REPLAY_SCHEMA;
