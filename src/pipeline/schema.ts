/**
 * The measuring step's options, declared once: `waf-gate measure --<name>` and the root gate action's
 * inputs of the same names (the root action's other inputs belong to install-waf and compare-baseline).
 */
import type { OptionSchema } from '../common/option-schema.js';
import { HOST_SCHEMA } from '../hosts/schema.js';
import { INSTALL_SCHEMA } from '../install/schema.js';
import { REPLAY_SCHEMA } from '../replay/schema.js';

/** Every measure option (the CLI's order). */
export const MEASURE_SCHEMA = {
  target: {
    type: 'url',
    required: true,
    help: 'WAF address traffic is replayed to, e.g. http://127.0.0.1:8080.',
  },
  label: {
    type: 'string',
    metavar: 'NAME',
    default: 'candidate',
    pattern: /^[a-z][a-z0-9-]{0,31}$/,
    patternText: 'lower-case letters, digits and dashes, starting with a letter (up to 32)',
    help: 'Name of the run directory, e.g. baseline or candidate.',
  },
  version: {
    type: 'string',
    metavar: 'V',
    help: 'Exact version of the build under test (install-waf outputs it as "version").',
  },
  'access-log': {
    type: 'path',
    metavar: 'FILE',
    required: true,
    help: 'The WAF access log (read from its current end, never moved).',
  },
  'error-log': {
    type: 'path',
    metavar: 'FILE',
    help: 'The WAF error log (findings, crashes, ModSecurity rule ids).',
  },
  'log-format': {
    type: 'string',
    metavar: 'F',
    default: 'waf-gate-lab',
    help: 'Access log format: waf-gate-lab, combined, waf-marker, json, or the pasted nginx log_format.',
  },
  'master-pid-file': {
    type: 'path',
    metavar: 'FILE',
    help: 'nginx master PID file; its workers are the sampled process group.',
  },
  groups: {
    type: 'string',
    metavar: 'LIST',
    help: 'Extra process groups to sample, one name=prefix or name=~regex per line.',
  },
  // Required here: the gate always replays its corpus (replay's hold mode alone needs none).
  corpus: {
    ...REPLAY_SCHEMA.corpus,
    required: true,
    help: 'Captured traffic: files, folders or globs, comma-separated, optionally weighted as "browse.txt:80,search.txt:20"; raw (====**** separated), go-ftw/CRS YAML, HAR 1.2 or JSON Lines.',
  },
  domains: {
    type: 'list',
    required: true,
    itemPattern: REPLAY_SCHEMA.domains.itemPattern,
    itemText: REPLAY_SCHEMA.domains.itemText,
    help: 'Domains the WAF serves, comma-separated; the quality pass replays every request once per domain. from-config reads them from nginx -T on the WAF host (or nginx-dump): every exact server_name, wildcard and regex names only with a domain-samples host. as-captured sends every request with its own Host (e.g. go-ftw tests whose Host is the point of the test).',
  },
  'domain-samples': {
    type: 'string',
    metavar: 'LIST',
    help: 'With domains: from-config, a sample host for a wildcard or regex server name, one server_name=host per line.',
  },
  'nginx-dump': {
    type: 'path',
    metavar: 'FILE',
    help: 'With domains: from-config, a saved nginx -T output on this machine, read instead of running nginx -T.',
  },
  'nginx-config': {
    type: 'string',
    metavar: 'FILE',
    defaultText: "nginx's compiled-in one",
    help: 'With domains: from-config, the main nginx configuration file on the WAF host (absolute, nginx -c).',
  },
  'nginx-prefix': {
    type: 'string',
    metavar: 'DIR',
    defaultText: "nginx's compiled-in one",
    help: 'With domains: from-config, the nginx prefix on the WAF host (absolute, nginx -p).',
  },
  'nginx-binary': {
    type: 'path',
    metavar: 'PATH',
    default: '/usr/sbin/nginx',
    help: 'The installed nginx binary on the WAF host.',
  },
  quality: { type: 'boolean', default: true, help: 'Run the quality pass.' },
  rounds: {
    type: 'integer',
    min: 0,
    max: 50,
    default: 0,
    help: 'Pressure rounds (0 = none); use 5 or more for a performance verdict.',
  },
  'max-rounds': {
    type: 'integer',
    min: 0,
    max: 50,
    defaultText: 'rounds (no retry)',
    help: 'Attempts per build for its pressure rounds: a failed round (error rate, WAF crash, incomplete collection, failed health probe) is retried until rounds succeed or this many attempts are made.',
  },
  'max-error-rate': {
    type: 'number',
    unit: '%',
    min: 0,
    max: 100,
    default: 1,
    help: 'A pressure round whose transport errors exceed this percent of the requests sent fails (retried, left out of the statistics).',
  },
  'pressure-domain': {
    type: 'string',
    metavar: 'DOMAIN',
    defaultText: 'the first domain',
    help: 'Domain of the pressure rounds.',
  },
  connections: {
    type: 'integer',
    min: 1,
    max: 10_000,
    default: 50,
    help: 'Connections of the pressure rounds.',
  },
  duration: { type: 'duration', default: 10_000, help: 'Length of each pressure round.' },
  'keep-alive': { type: 'boolean', default: true, help: 'Keep-alive in pressure rounds.' },
  rate: {
    type: 'number',
    metavar: 'RPS',
    unit: 'req/s',
    min: 1,
    max: 10_000_000,
    defaultText: 'closed model',
    help: 'Open-model rate of the pressure rounds in requests per second.',
  },
  // Per-connection shaping (slow and distant clients): replay's options, applied to every pressure
  // round of every build and recorded in the pressure load shape. The quality pass is never shaped: it
  // compares rule decisions per request, which must not depend on client speed.
  'upload-rate': {
    ...REPLAY_SCHEMA['upload-rate'],
    help: 'Shaping of the pressure rounds (slow clients; the quality pass is never shaped): upload cap per connection in bytes per second, e.g. 64KiB/s (units B, kB, KiB, MB, MiB, GB, GiB; "/s" optional).',
  },
  'download-rate': {
    ...REPLAY_SCHEMA['download-rate'],
    help: 'Shaping of the pressure rounds: download cap per connection in bytes per second, e.g. 64KiB/s; reading pauses while over the cap, so the WAF sees a slow reader.',
  },
  delay: {
    ...REPLAY_SCHEMA.delay,
    help: "Shaping of the pressure rounds (distant clients): one-way delay added before each request's first byte is sent, e.g. 100ms (the TCP handshake is not delayed).",
  },
  'slow-header': {
    ...REPLAY_SCHEMA['slow-header'],
    help: 'Shaping of the pressure rounds: send each request head (request line and headers) in chunks of BYTES every INTERVAL, e.g. 1/1s; stresses client_header_timeout. Raise first-byte-timeout and timeout to match.',
  },
  'slow-body': {
    ...REPLAY_SCHEMA['slow-body'],
    help: 'Shaping of the pressure rounds: send each request body in chunks of BYTES every INTERVAL, e.g. 100/500ms; stresses client_body_timeout and request buffering.',
  },
  // Timeouts count from the start of sending, so a slow shape needs them raised (every replay of the run).
  'first-byte-timeout': {
    ...REPLAY_SCHEMA['first-byte-timeout'],
    help: 'Time from the start of sending a request to its first response byte (every replay of the run; raise it for slow shapes).',
  },
  timeout: {
    ...REPLAY_SCHEMA.timeout,
    help: 'Total time per request (every replay of the run; raise it for slow shapes).',
  },
  // The long-lived connection phase (replay's hold mode) after each build's quality pass; the names
  // that do not clash with the pressure rounds' are replay's own.
  'hold-connections': {
    type: 'integer',
    min: 0,
    max: 10_000,
    default: 0,
    help: 'Long-lived connections: WebSocket connections held through the WAF on each build after the quality pass, with the WAF collected (0 = no hold phase); compare fails a build that refuses upgrades, drops connections or loses pushes.',
  },
  'hold-hatch-rate': {
    ...REPLAY_SCHEMA['hatch-rate'],
    defaultText: '500',
    help: 'Hold phase: connections opened per second (the ramp).',
  },
  'hold-duration': { ...REPLAY_SCHEMA['hold-duration'] },
  'ping-interval': { ...REPLAY_SCHEMA['ping-interval'] },
  'pong-timeout': { ...REPLAY_SCHEMA['pong-timeout'] },
  'push-rate': { ...REPLAY_SCHEMA['push-rate'] },
  'push-share': { ...REPLAY_SCHEMA['push-share'] },
  'server-drop-share': { ...REPLAY_SCHEMA['server-drop-share'] },
  'client-drop-share': { ...REPLAY_SCHEMA['client-drop-share'] },
  'reconnect-attempts': { ...REPLAY_SCHEMA['reconnect-attempts'] },
  'reconnect-backoff': { ...REPLAY_SCHEMA['reconnect-backoff'] },
  'ws-path': { ...REPLAY_SCHEMA['ws-path'] },
  'out-dir': {
    type: 'path',
    metavar: 'DIR',
    defaultText: '$RUNNER_TEMP/waf-gate (./waf-gate outside Actions)',
    help: 'Results folder; the run directory is <out-dir>/<label>.',
  },
  'run-id': {
    type: 'string',
    metavar: 'ID',
    pattern: /^[A-Za-z0-9._-]{1,80}$/,
    patternText: '1–80 letters, digits, ".", "_" or "-"',
    defaultText: 'generated',
    help: 'Id of this run; request ids and collector run ids derive from it.',
  },
  ...HOST_SCHEMA,
  // Fresh A/B: both builds installed and measured in this run on one WAF host.
  package: { ...INSTALL_SCHEMA.package },
  'package-sha256': { ...INSTALL_SCHEMA['package-sha256'] },
  'baseline-package': {
    type: 'string',
    metavar: 'FILE|URL',
    help: 'Fresh A/B: the baseline build (like package). The gate installs it, runs the quality pass, installs the candidate (package), runs it again, and interleaves pressure rounds with an install before every switch.',
  },
  'baseline-package-sha256': {
    type: 'string',
    metavar: 'HEX',
    help: 'Expected SHA-256 of baseline-package (64 hex digits).',
  },
  'baseline-version': {
    type: 'string',
    metavar: 'V',
    help: 'Fresh A/B without a baseline package: the version installed now is the baseline, measured before the candidate (package) is installed; pressure rounds then run all baseline rounds first (not interleaved).',
  },
  'leave-on': {
    type: 'enum',
    metavar: 'BUILD',
    values: ['candidate', 'baseline'],
    default: 'candidate',
    help: 'Fresh A/B: the build left installed at the end (the rest of the install is restored by the restore step).',
  },
} as const satisfies OptionSchema;

/** A measure option name. */
export type MeasureInputName = keyof typeof MEASURE_SCHEMA;
