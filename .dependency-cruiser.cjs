// dependency-cruiser rules for src/: one direction of dependencies and no cycles, type-only imports
// included. Run with `npm run lint:deps` (scripts/test-all.sh runs it after ESLint, so .ci/run does).
//
// Layers, each importing only itself and the layers below it:
//   5 entries   src/cli, src/actions (neither imports the other)
//   4 flows     src/pipeline, src/demo
//   3 results   src/compare, src/report, src/github (report and github build on compare, not the reverse)
//   2 stages    src/install, src/replay, src/collect
//   1 bases     src/corpus, src/hosts, src/lab
//   0 common    src/common
// A new folder under src/ must be placed in a layer here (rule `src-folder-in-a-layer`).
// test/architecture/deps.test.ts checks that these rules pass on the tree and fail on an injected back-edge.

/** Folders of each layer, lowest first. */
const LAYERS = [
  ['common'],
  ['corpus', 'hosts', 'lab'],
  ['install', 'replay', 'collect'],
  ['compare', 'report', 'github'],
  ['pipeline', 'demo'],
  ['cli', 'actions'],
];

/** `^src/(a|b)/` for a list of folders. */
const folders = (names) => `^src/(${names.join('|')})/`;

const layerNames = ['common', 'bases', 'stages', 'results', 'flows', 'entries'];

/** One rule per layer: nothing in it imports from a layer above it. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `${layerNames[i]}-not-to-higher-layers`,
  comment: `src/{${layer.join(',')}} (layer ${i}: ${layerNames[i]}) must not import from a higher layer (${LAYERS.slice(
    i + 1,
  )
    .flat()
    .join(
      ', ',
    )}). Move the shared piece down (a type into a leaf file of the lower folder, a cross-cutting constant into src/common) or move the caller up.`,
  severity: 'error',
  from: { path: folders(layer) },
  to: { path: folders(LAYERS.slice(i + 1).flat()) },
}));

/**
 * src/collect's sub-folders by concern, lowest first: a sub-folder imports only from lower ones (each
 * through its index.ts) and from src/collect/types.ts (the result contract, a leaf); the lifecycle files
 * at the top (collector, lifecycle, daemon, options, results, …) build on them all.
 */
const COLLECT_LAYERS = [['logformat', 'follow', 'proc', 'output'], ['join'], ['analyze']];

/** One rule per collect sub-folder layer: nothing in it imports from a higher collect sub-folder. */
const collectLayerRules = COLLECT_LAYERS.slice(0, -1).map((layer, i) => ({
  name: `collect-${layer.join('-')}-not-up`,
  comment: `src/collect/{${layer.join(',')}} must not import from a higher collect sub-folder (${COLLECT_LAYERS.slice(
    i + 1,
  )
    .flat()
    .join(', ')}): the sub-folders depend one way (${COLLECT_LAYERS.map((l) => l.join('|')).join(
    ' <- ',
  )}). Move the shared piece down, or name what you need as an interface in the lower folder (as join/ does with LoggedRequests).`,
  severity: 'error',
  from: { path: `^src/collect/(${layer.join('|')})/` },
  to: {
    path: `^src/collect/(${COLLECT_LAYERS.slice(i + 1)
      .flat()
      .join('|')})/`,
  },
}));

/** Rules that keep src/collect's sub-folders behind their index files. */
const collectRules = [
  {
    name: 'collect-only-through-index',
    comment:
      "Outside src/collect, import the collect stage only from src/collect/index.ts (its public surface; export what you need there). The collector's bundle entry src/collect/daemon.ts is a build entry, not an import.",
    severity: 'error',
    from: { path: '^src/', pathNot: '^src/collect/' },
    to: { path: '^src/collect/', pathNot: '^src/collect/index[.]ts$' },
  },
  {
    name: 'collect-lifecycle-to-subfolder-index',
    comment:
      "src/collect's top-level files use a sub-folder through its index.ts (logformat/, follow/, proc/, output/, join/, analyze/), never a file inside it: the index is the sub-folder's public surface.",
    severity: 'error',
    from: { path: '^src/collect/[^/]+$' },
    to: { path: '^src/collect/[^/]+/', pathNot: '^src/collect/[^/]+/index[.]ts$' },
  },
  {
    name: 'collect-subfolder-to-other-index',
    comment:
      'A collect sub-folder uses another sub-folder through its index.ts, never a file inside it (files of the same sub-folder import each other directly).',
    severity: 'error',
    from: { path: '^src/collect/([^/]+)/' },
    to: { path: '^src/collect/[^/]+/', pathNot: '^src/collect/($1/|[^/]+/index[.]ts$)' },
  },
  {
    name: 'collect-subfolder-not-to-lifecycle',
    comment:
      "A collect sub-folder must not import src/collect's top-level lifecycle files (collector, options, results, …); only src/collect/types.ts, the result contract that imports nothing. Pass what it needs in as a parameter or move the piece down.",
    severity: 'error',
    from: { path: '^src/collect/[^/]+/' },
    to: { path: '^src/collect/[^/]+$', pathNot: '^src/collect/types[.]ts$' },
  },
  ...collectLayerRules,
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment:
        'A cycle (type-only imports count: tsPreCompilationDeps). Move the shared types into a leaf file of the folder (e.g. types.ts) that imports none of the files in the cycle.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'compare-not-to-report-or-github',
      comment:
        'report and github build on compare (same layer): compare must not import them. Code that needs both (writing the report after comparing) belongs in report or pipeline.',
      severity: 'error',
      from: { path: folders(['compare']) },
      to: { path: folders(['report', 'github']) },
    },
    {
      name: 'entries-independent',
      comment:
        'src/cli and src/actions are separate entries: share code through the layers below, not through each other.',
      severity: 'error',
      from: { path: folders(['cli', 'actions']) },
      to: { path: folders(['cli', 'actions']), pathNot: '^src/$1/' },
    },
    {
      name: 'stages-only-lab-log-format',
      comment:
        "Stages may take only the lab's log format (src/lab/log-format.ts, the `waf-gate-lab` preset) from the lab; the lab itself (nginx, packages, ports) is for the demo, the CLI and tests.",
      severity: 'error',
      from: { path: folders(['install', 'replay', 'collect']) },
      to: { path: '^src/lab/', pathNot: '^src/lab/log-format[.]ts$' },
    },
    {
      name: 'only-actions-use-actions-toolkit',
      comment:
        'Only the thin entries in src/actions touch @actions/*; everything else takes typed options and a Logger (ESLint checks the same with no-restricted-imports).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/actions/' },
      to: { path: '(^|/)node_modules/@actions/' },
    },
    {
      name: 'src-folder-in-a-layer',
      comment:
        'Every folder under src/ belongs to a layer: add the new folder to LAYERS in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: folders(LAYERS.flat()) },
      to: {},
    },
    ...collectRules,
  ],
  options: {
    // Type-only imports (`import type`, `export type … from`) are dependencies too: a type cycle is a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
