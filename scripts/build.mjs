// One esbuild config for every bundle: the CLI, each action entry and the detached workers.
// Code splitting puts shared modules into dist/chunks/ once instead of copying them per entry.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

/** Bundle entry points: dist/<name>.js. */
export const entryPoints = {
  cli: 'src/cli/main.ts',
  'install-waf': 'src/actions/install-waf.ts',
  'replay-traffic': 'src/actions/replay-traffic.ts',
  'collect-metrics': 'src/actions/collect-metrics.ts',
  'compare-baseline': 'src/actions/compare-baseline.ts',
  gate: 'src/actions/gate.ts',
  collector: 'src/collect/daemon.ts',
  'replay-worker': 'src/replay/worker-entry.ts',
  'lab-ws-origin': 'src/lab/ws-origin-entry.ts',
};

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The lowest supported Node (package.json engines: >=20.18.1, set by undici 7; CI tests 20, 22 and 24):
  // syntax newer than Node 20 understands is lowered, and the bundle runs on every supported version,
  // whichever node scripts/find-node.sh picks (the runner's node24, a container's node20, ...).
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  sourcemap: false,
  logLevel: 'warning',
  // ssh2's optional native add-ons: absent is fine, ssh2 falls back to pure JS.
  external: ['cpu-features', '*.node'],
  // CommonJS dependencies read __dirname at load time (ssh2's agent.js); ESM has import.meta instead.
  define: { __dirname: 'import.meta.dirname', __filename: 'import.meta.filename' },
  banner: {
    js: "import { createRequire as __wgCreateRequire } from 'node:module'; const require = __wgCreateRequire(import.meta.url);",
  },
});
