/** `waf-gate demo`'s options, declared once: validation, defaults and the CLI help come from here. */
import type { OptionSchema } from '../common/option-schema.js';

/** Every demo option (the CLI's order). */
export const DEMO_SCHEMA = {
  out: {
    type: 'path',
    metavar: 'DIR',
    default: 'out/demo',
    help: "Results folder: new, empty, or one an earlier demo wrote (only the earlier demo's files are replaced, anything else is refused).",
  },
  candidate: {
    type: 'enum',
    values: ['pl2', 'baseline'],
    default: 'pl2',
    help: 'pl2: the candidate is CRS PL2; baseline: the baseline build against itself (A/A).',
  },
  rounds: {
    type: 'integer',
    min: 0,
    max: 50,
    default: 5,
    help: 'Pressure rounds per build, interleaved (0 skips pressure).',
  },
  'round-duration': {
    type: 'duration',
    minMs: 500,
    maxMs: 600_000,
    default: 2000,
    help: 'Length of each round, e.g. 3s.',
  },
  connections: {
    type: 'integer',
    min: 1,
    max: 1000,
    default: 16,
    help: 'Connections of the pressure rounds.',
  },
  workers: { type: 'integer', min: 1, max: 64, default: 1, help: 'nginx workers per WAF.' },
  corpus: {
    type: 'string',
    metavar: 'SPEC',
    defaultText: 'the bundled demo corpus',
    help: 'Another corpus (files, folders or globs) instead of the bundled one.',
  },
  policy: {
    type: 'path',
    metavar: 'FILE',
    help: 'Gate policy (YAML/JSON) instead of the defaults.',
  },
  expect: {
    type: 'enum',
    values: ['pass', 'fail', 'neutral'],
    help: 'Exit 1 unless the verdict is this: for CI.',
  },
  'no-install': {
    type: 'boolean',
    flag: true,
    default: false,
    help: 'Never install packages (missing Debian packages are installed when running as root).',
  },
} as const satisfies OptionSchema;
