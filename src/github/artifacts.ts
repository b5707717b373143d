/**
 * Baselines kept as GitHub Actions artifacts. Finding one: the successful runs of the baseline workflow
 * on the default branch started by `schedule`, `workflow_dispatch` or `push` (runs from forks skipped),
 * newest first, then the artifact by exact name, downloaded through the REST API (a 302 to blob storage,
 * followed without the token), unpacked, and its run.json checked against the whole key (fingerprint,
 * mode, load shape, and the version when one is asked for). Artifacts live as long as their
 * `retention-days` (90 for baselines in the actions of this repository, capped by the repository's
 * setting); a baseline older than that is simply not found.
 *
 * Saving is NOT done here: uploading needs ACTIONS_RUNTIME_TOKEN, which the runner gives only to node and
 * docker actions, not to composite `run:` steps. `save()` returns the artifact name and folder; the
 * composite action passes them to an `actions/upload-artifact` step.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { silentLogger, type Logger } from '../common/logger.js';
import {
  shapeHash,
  setupHash,
  type BaselineKey,
  type BaselineQuery,
  type BaselineStore,
} from '../compare/baseline-store.js';
import type { LoadShape } from '../replay/types.js';
import type { GitHubClient } from './client.js';
import { extractZipFile, type UnzipLimits } from './unzip.js';

/** A baseline found and unpacked. */
export interface ArtifactBaseline {
  /** Folder holding run.json. */
  runDir: string;
  artifactName: string;
  artifactId: number;
  workflowRunId: number;
  /** The run's page, for the report. */
  workflowRunUrl: string | undefined;
  headSha: string | undefined;
  createdAt: string | undefined;
}

/** Options of {@link GitHubArtifactBaselineStore}. */
export interface ArtifactStoreOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  /** The workflow that uploads baselines: file name (`waf-gate.yml`) or numeric id. */
  workflow: string;
  /** The default branch (ActionsContext.defaultBranch). */
  branch: string;
  /** Where downloads are unpacked (a subfolder per artifact). */
  downloadDir: string;
  /** @default "waf-gate-baseline" */
  artifactPrefix?: string;
  /** Most recent eligible (successful, non-fork) runs searched for the artifact. @default 20 */
  maxRuns?: number;
  /** Events whose runs may hold baselines. @default BASELINE_EVENTS */
  events?: readonly string[];
  /** Largest artifact zip accepted (download size). @default 512 MiB */
  maxZipBytes?: number;
  /** Limits on what the zip unpacks to (entries, total uncompressed bytes). @default DEFAULT_UNZIP_LIMITS */
  unzipLimits?: UnzipLimits;
  logger?: Logger;
}

/** The events of workflows that record baselines: nightly, manual and default-branch pushes. */
export const BASELINE_EVENTS: readonly string[] = ['schedule', 'workflow_dispatch', 'push'];

interface WorkflowRun {
  id: number;
  event?: string;
  head_sha?: string;
  html_url?: string;
  created_at?: string;
  repository?: { id?: number; full_name?: string };
  head_repository?: { id?: number; full_name?: string } | null;
}

interface Artifact {
  id: number;
  name: string;
  expired?: boolean;
  created_at?: string | null;
}

/**
 * The artifact name for a query: `<prefix>-<fingerprint12>-<mode>-<shapeHash>-<setupHash>` (the directory store's
 * suffix). The version is not part of the name — the API filters artifacts by exact name only, and the
 * newest default-branch baseline is wanted whatever its version; a query's version is checked in run.json.
 */
export function baselineArtifactName(query: BaselineQuery, prefix = 'waf-gate-baseline'): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9._+-]+/g, '_');
  return `${clean(prefix)}-${clean(query.corpusFingerprint.replace(/^sha256:/, '').slice(0, 12))}-${clean(query.mode)}-${clean(query.shapeHash)}-${clean(query.setupHash)}`;
}

/**
 * The latest successful runs of `workflow` on `branch` from this repository (not forks) started by one of
 * `events` (default {@link BASELINE_EVENTS}), newest first, at most `maxRuns`. The API filters by one
 * event per call, so each event is listed on its own (bounded pages) and the lists are merged.
 */
export async function listBaselineRuns(
  options: ArtifactStoreOptions,
  signal?: AbortSignal,
): Promise<WorkflowRun[]> {
  const maxRuns = options.maxRuns ?? 20;
  const events = options.events ?? BASELINE_EVENTS;
  const runs = new Map<number, WorkflowRun>();
  for (const event of events) {
    for (const run of await listRunsOfEvent(options, event, maxRuns, signal)) runs.set(run.id, run);
  }
  return [...runs.values()]
    .sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? '') || b.id - a.id)
    .slice(0, maxRuns);
}

async function listRunsOfEvent(
  options: ArtifactStoreOptions,
  event: string,
  maxRuns: number,
  signal: AbortSignal | undefined,
): Promise<WorkflowRun[]> {
  const perPage = Math.min(100, maxRuns);
  const path = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}/actions/workflows/${encodeURIComponent(options.workflow)}/runs`;
  const runs: WorkflowRun[] = [];
  const pages = options.client.paginate<WorkflowRun>(
    path,
    {
      branch: options.branch,
      event,
      status: 'success',
      per_page: perPage,
      exclude_pull_requests: true,
    },
    (data) => (data as { workflow_runs?: WorkflowRun[] }).workflow_runs ?? [],
    // Two spare pages for runs skipped as fork runs; bounded either way.
    Math.ceil(maxRuns / perPage) + 2,
    signal,
  );
  for await (const run of pages) {
    if (runs.length >= maxRuns) break;
    const repoId = run.repository?.id;
    const headId = run.head_repository?.id;
    if (repoId === undefined || headId !== repoId) {
      (options.logger ?? silentLogger).debug(
        `baseline: skipping run ${run.id} (head repository ${run.head_repository?.full_name ?? 'unknown'} is not this repository)`,
      );
      continue;
    }
    // The API filtered already; a run of another event (a server ignoring the filter) is not trusted.
    if (run.event !== undefined && run.event !== event) continue;
    runs.push(run);
  }
  return runs;
}

/** The first unexpired artifact called `name` in a run. */
export async function findRunArtifact(
  client: GitHubClient,
  owner: string,
  repo: string,
  runId: number,
  name: string,
  signal?: AbortSignal,
): Promise<Artifact | undefined> {
  const { data } = await client.request<{ artifacts?: Artifact[] }>(
    'GET',
    `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/runs/${runId}/artifacts`,
    {
      query: { name, per_page: 10 },
      signal,
    },
  );
  return (data.artifacts ?? []).find((a) => a.name === name && a.expired !== true);
}

/**
 * Downloads an artifact's zip into a temporary file next to `destDir` (streamed, at most `maxZipBytes`)
 * and unpacks it entry by entry into `destDir` (emptied first). The temporary file is removed whether
 * this succeeds or not, and so is `destDir` when unpacking fails. Returns the files written.
 */
export async function downloadArtifact(
  client: GitHubClient,
  owner: string,
  repo: string,
  artifactId: number,
  destDir: string,
  maxZipBytes = 512 * 1024 ** 2,
  signal?: AbortSignal,
  unzipLimits: UnzipLimits = {},
): Promise<string[]> {
  await rm(destDir, { recursive: true, force: true });
  await mkdir(dirname(destDir), { recursive: true });
  const temp = await mkdtemp(`${destDir}.zip-`);
  try {
    const zipFile = join(temp, 'artifact.zip');
    await client.download(
      `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/actions/artifacts/${artifactId}/zip`,
      zipFile,
      maxZipBytes,
      signal,
    );
    try {
      return await extractZipFile(zipFile, destDir, {
        ...unzipLimits,
        displayName: `Artifact ${artifactId} (zip)`,
      });
    } catch (error) {
      await rm(destDir, { recursive: true, force: true });
      throw error;
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** The folder holding run.json: the root, or its only subfolder. */
async function locateRunDir(dir: string): Promise<string | undefined> {
  const has = async (d: string) =>
    (await stat(join(d, 'run.json')).catch(() => undefined))?.isFile() === true;
  if (await has(dir)) return dir;
  const children = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory());
  if (children.length === 1 && (await has(join(dir, children[0]!.name))))
    return join(dir, children[0]!.name);
  return undefined;
}

/**
 * Why a run.json does not hold the baseline `query` asks for (undefined: it matches exactly). The
 * artifact name carries only 12 fingerprint digits and the mode and shape hash, so the record itself is
 * checked: the full corpus fingerprint, the mode, the load shape and the version when one is asked for.
 */
export function keyMismatch(runJson: string, query: BaselineQuery): string | undefined {
  let record: {
    corpusFingerprint?: unknown;
    build?: { version?: unknown };
    quality?: unknown;
    rounds?: unknown;
    pressureShape?: LoadShape;
    wafHost?: string;
    domains?: string[];
  };
  try {
    record = JSON.parse(runJson) as typeof record;
  } catch {
    return 'run.json is not valid JSON';
  }
  if (record.corpusFingerprint !== query.corpusFingerprint)
    return `corpus fingerprint ${String(record.corpusFingerprint)} ≠ ${query.corpusFingerprint}`;
  const mode =
    [
      record.quality ? 'quality' : '',
      Array.isArray(record.rounds) && record.rounds.length > 0 ? 'pressure' : '',
    ]
      .filter(Boolean)
      .join('+') || 'empty';
  if (mode !== query.mode) return `mode ${mode} ≠ ${query.mode}`;
  const shape = shapeHash(record.pressureShape);
  if (shape !== query.shapeHash) return `load shape ${shape} ≠ ${query.shapeHash}`;
  const setup = setupHash(record);
  if (setup !== query.setupHash)
    return `measuring setup (WAF host ${String(record.wafHost ?? '?')}, domains) ${setup} ≠ ${query.setupHash}`;
  const version = record.build?.version;
  if (query.version !== undefined && version !== query.version)
    return `baseline version ${String(version)} ≠ ${query.version}`;
  return undefined;
}

/** A baseline store over GitHub artifacts: the `BaselineStore` of src/compare/baseline-store.ts. */
export class GitHubArtifactBaselineStore implements BaselineStore {
  /** The last baseline `find` returned, with its run (for the report's parameters section). */
  lastFound: ArtifactBaseline | null = null;

  constructor(private readonly options: ArtifactStoreOptions) {}

  /** The run directory of the newest matching baseline, downloaded and unpacked; null when none. */
  async find(query: BaselineQuery, opts: { signal?: AbortSignal } = {}): Promise<string | null> {
    this.lastFound = await this.findArtifact(query, opts.signal);
    return this.lastFound?.runDir ?? null;
  }

  /** Like {@link find}, with the artifact and workflow run it came from. */
  async findArtifact(query: BaselineQuery, signal?: AbortSignal): Promise<ArtifactBaseline | null> {
    const o = this.options;
    const logger = o.logger ?? silentLogger;
    const name = baselineArtifactName(query, o.artifactPrefix);
    const runs = await listBaselineRuns(o, signal);
    logger.info(
      `baseline: looking for artifact "${name}" in ${runs.length} successful run(s) of ${o.workflow} on ${o.branch}`,
    );
    for (const run of runs) {
      const artifact = await findRunArtifact(o.client, o.owner, o.repo, run.id, name, signal);
      if (!artifact) continue;
      const dest = join(o.downloadDir, `${name}-run${run.id}`);
      await downloadArtifact(
        o.client,
        o.owner,
        o.repo,
        artifact.id,
        dest,
        o.maxZipBytes,
        signal,
        o.unzipLimits,
      );
      const runDir = await locateRunDir(dest);
      if (!runDir) {
        logger.warn(
          `baseline: artifact "${name}" of run ${run.id} holds no run.json; trying older runs`,
        );
        continue;
      }
      const mismatch = keyMismatch(await readFile(join(runDir, 'run.json'), 'utf8'), query);
      if (mismatch !== undefined) {
        logger.info(`baseline: artifact "${name}" of run ${run.id} skipped: ${mismatch}`);
        continue;
      }
      logger.info(
        `baseline: using artifact ${artifact.id} of run ${run.id} (${run.head_sha ?? 'unknown commit'})`,
      );
      return {
        runDir,
        artifactName: name,
        artifactId: artifact.id,
        workflowRunId: run.id,
        workflowRunUrl: run.html_url,
        headSha: run.head_sha,
        createdAt: artifact.created_at ?? run.created_at,
      };
    }
    return null;
  }

  /**
   * Does not upload (see the file comment): resolves to the artifact name under which the composite
   * action's `actions/upload-artifact` step must upload `runDir` (outputs `baseline-artifact-name`, and
   * `baseline-artifact-path` = runDir).
   */
  save(key: BaselineKey, _runDir: string): Promise<string> {
    return Promise.resolve(baselineArtifactName(key, this.options.artifactPrefix));
  }
}
