/**
 * Trusted configuration: the gate's policy file and corpus are read from a trusted commit (by default the
 * PR's base SHA), not from the PR's checkout, so a pull request cannot relax its own gate by editing the
 * policy or trimming the corpus. Files are fetched with the contents API
 * (GET /repos/{owner}/{repo}/contents/{path}?ref=…; folders recursively; files over 1 MiB through
 * GET /repos/{owner}/{repo}/git/blobs/{sha}) into a temp folder laid out like the repository.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, relative, sep } from 'node:path';
import { ConfigError, WafGateError } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { GitHubClient } from './client.js';
import type { ActionsContext } from './context.js';

/** What `trusted-ref` resolves to: a commit/branch to fetch from, or the workspace (no fetch). */
export type TrustedRef = { kind: 'ref'; ref: string; why: string } | { kind: 'workspace' };

/**
 * The ref trusted configuration comes from. `input` (the `trusted-ref` input): a SHA, branch or tag
 * pins it; `workspace` reads the checkout (the PR's own files). Empty: the PR's base SHA on pull request
 * events, else the workspace (push, schedule and dispatch runs check out trusted code already).
 */
export function resolveTrustedRef(input: string, context: ActionsContext | null): TrustedRef {
  const value = input.trim();
  if (value === 'workspace') return { kind: 'workspace' };
  if (value !== '') return { kind: 'ref', ref: value, why: 'trusted-ref' };
  const base = context?.pullRequest?.baseSha;
  if (base) return { kind: 'ref', ref: base, why: 'the pull request base commit' };
  if (context?.pullRequest)
    throw new ConfigError(
      'This pull request event carries no base commit to read the policy and corpus from.',
      {
        input: 'trusted-ref',
        value: input,
        hint: 'Set trusted-ref to the default branch (e.g. main) or, knowingly, to "workspace".',
      },
    );
  return { kind: 'workspace' };
}

/** Options of {@link fetchTrustedPath}. */
export interface TrustedFetchOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  ref: string;
  /** The temp folder; files land at `destDir/<repository path>`. */
  destDir: string;
  /** Input name for errors, e.g. `policy-file`. */
  input: string;
  /** Most files fetched for one path. @default 20000 */
  maxFiles?: number;
  logger?: Logger;
  signal?: AbortSignal;
}

interface ContentEntry {
  type: string;
  path: string;
  sha: string;
  size: number;
  content?: string;
  encoding?: string;
}

const GLOB = /[*?[\]{}]/;

/** The repository-relative POSIX path of `path` (relative to the workspace), or a ConfigError. */
export function repositoryPath(path: string, workspace: string, input: string): string {
  const rel = isAbsolute(path) ? relative(workspace, path) : path;
  const posixPath = posix.normalize(rel.split(sep).join('/')).replace(/^\.\/+/, '');
  if (posixPath === '..' || posixPath.startsWith('../') || isAbsolute(posixPath))
    throw new ConfigError(
      `${path} is outside the repository, so it cannot be read from the trusted ref.`,
      {
        input,
        value: path,
        hint: 'Give a path inside the repository, or set trusted-ref: workspace to read it from the runner.',
      },
    );
  return posixPath.replace(/\/+$/, '') || '.';
}

/**
 * The part of a corpus path to fetch: the path itself, or for a glob the folder before its first
 * wildcard (the glob is then applied to the fetched copy).
 */
export function fetchRoot(path: string): string {
  if (!GLOB.test(path)) return path;
  const segments = path.split('/');
  const at = segments.findIndex((s) => GLOB.test(s));
  return segments.slice(0, at).join('/') || '.';
}

/**
 * Fetches `repoPath` (a file or folder) at the ref into `destDir/<repoPath>` and returns that local
 * path. A path missing at the ref is a ConfigError naming the input, path and ref.
 */
export async function fetchTrustedPath(
  options: TrustedFetchOptions,
  repoPath: string,
): Promise<string> {
  const maxFiles = options.maxFiles ?? 20_000;
  let files = 0;
  const visit = async (path: string): Promise<void> => {
    const listing = await getContent(options, path);
    if (Array.isArray(listing)) {
      for (const entry of listing) {
        if (entry.type === 'dir') await visit(entry.path);
        else if (entry.type === 'file') await visit(entry.path);
        else
          (options.logger ?? silentLogger).warn(
            `trusted config: skipping ${entry.type} ${entry.path} at ${options.ref}`,
          );
      }
      return;
    }
    if (listing.type !== 'file')
      throw new ConfigError(`${path} at ${options.ref} is a ${listing.type}, not a file.`, {
        input: options.input,
        value: path,
      });
    if (++files > maxFiles)
      throw new ConfigError(`${repoPath} at ${options.ref} holds more than ${maxFiles} files.`, {
        input: options.input,
        value: repoPath,
      });
    const data = await fileBytes(options, listing);
    const local = localPath(options.destDir, listing.path);
    await mkdir(dirname(local), { recursive: true });
    await writeFile(local, data);
  };
  await visit(repoPath);
  return localPath(options.destDir, repoPath);
}

function localPath(destDir: string, repoPath: string): string {
  const clean = posix.normalize(repoPath);
  if (clean.startsWith('../') || clean === '..' || posix.isAbsolute(clean))
    throw new WafGateError('E_GITHUB_RESPONSE', `GitHub returned the unsafe path ${repoPath}.`, {
      context: { path: repoPath },
    });
  return clean === '.' ? destDir : join(destDir, ...clean.split('/'));
}

async function getContent(
  options: TrustedFetchOptions,
  path: string,
): Promise<ContentEntry | ContentEntry[]> {
  const apiPath = path === '.' ? '' : `/${path.split('/').map(encodeURIComponent).join('/')}`;
  try {
    const { data } = await options.client.request<ContentEntry | ContentEntry[]>(
      'GET',
      `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}/contents${apiPath}`,
      { query: { ref: options.ref }, signal: options.signal },
    );
    return data;
  } catch (error) {
    if ((error as { context?: { status?: unknown } }).context?.status === 404)
      throw new ConfigError(
        `${path} does not exist at ${options.ref} in ${options.owner}/${options.repo}.`,
        {
          input: options.input,
          value: path,
          cause: error,
          hint: 'Commit it to the base branch first (a pull request cannot bring its own gate configuration), pin trusted-ref to a ref that has it, or set trusted-ref: workspace.',
        },
      );
    throw error;
  }
}

async function fileBytes(options: TrustedFetchOptions, entry: ContentEntry): Promise<Buffer> {
  let data: Buffer;
  if (
    entry.encoding === 'base64' &&
    entry.content !== undefined &&
    (entry.content !== '' || entry.size === 0)
  ) {
    data = Buffer.from(entry.content, 'base64');
  } else {
    // Files over 1 MiB come without content: read the blob (up to 100 MB).
    const { data: blob } = await options.client.request<{ content: string; encoding: string }>(
      'GET',
      `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}/git/blobs/${encodeURIComponent(entry.sha)}`,
      { signal: options.signal },
    );
    data = Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8');
  }
  if (data.length !== entry.size)
    throw new WafGateError(
      'E_GITHUB_RESPONSE',
      `GitHub returned ${data.length} bytes for ${entry.path}, which has ${entry.size}.`,
      { context: { path: entry.path, ref: options.ref } },
    );
  return data;
}

/** Input of {@link trustedPaths}. */
export interface TrustedPathsInput {
  /** The `trusted-ref` input. */
  trustedRef: string;
  token: string;
  /** Input name → path as given (empty values are left alone). */
  paths: Record<string, string>;
  /**
   * Inputs whose value is a comma-separated list of paths, each optionally weighted (`path:80`), like
   * the corpus spec: every item is fetched and the list rebuilt with the copies.
   */
  listInputs?: readonly string[];
  /** The checkout: `GITHUB_WORKSPACE`. */
  workspace: string;
  /** Where fetched files go (a fresh temp folder). */
  destDir: string;
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * The paths to use: unchanged when the trusted ref is the workspace, else each fetched at the ref and
 * replaced by the local copy (a glob keeps its pattern, applied to the copy). Needs a token with
 * `contents: read`; without one it is a ConfigError (reading the PR's own files would be silent trust).
 */
export async function trustedPaths(
  context: ActionsContext | null,
  client: GitHubClient | undefined,
  input: TrustedPathsInput,
): Promise<{ paths: Record<string, string>; ref: string | undefined; copyDir?: string }> {
  const trusted = resolveTrustedRef(input.trustedRef, context);
  const given = Object.entries(input.paths).filter(([, v]) => v.trim() !== '');
  if (trusted.kind === 'workspace' || given.length === 0)
    return { paths: input.paths, ref: undefined };
  if (!context || !client)
    throw new ConfigError(
      `Reading ${given.map(([k]) => k).join(' and ')} from ${trusted.why} (${trusted.ref}) needs github-token.`,
      {
        input: 'github-token',
        hint: 'Pass github-token (contents: read), or set trusted-ref: workspace to read the checkout.',
      },
    );
  const logger = input.logger ?? silentLogger;
  const paths = { ...input.paths };
  const fetchOne = async (name: string, path: string): Promise<string> => {
    if (isAbsolute(path) && relative(input.workspace, path).startsWith('..')) {
      // Not a repository file (e.g. a corpus kept on the runner): no pull request can change it.
      logger.info(`${name}: ${path} is outside the checkout; read from the runner as given`);
      return path;
    }
    const repoPath = repositoryPath(path, input.workspace, name);
    await fetchTrustedPath(
      {
        client,
        owner: context.owner,
        repo: context.repo,
        ref: trusted.ref,
        destDir: input.destDir,
        input: name,
        logger,
        ...(input.signal ? { signal: input.signal } : {}),
      },
      fetchRoot(repoPath),
    );
    logger.info(`${name}: ${path} read from ${trusted.why} (${trusted.ref}), not the checkout`);
    return repoPath === '.' ? input.destDir : join(input.destDir, ...repoPath.split('/'));
  };
  for (const [name, value] of given) {
    if (!input.listInputs?.includes(name)) {
      paths[name] = await fetchOne(name, value.trim());
      continue;
    }
    const items: string[] = [];
    for (const item of value
      .split(',')
      .map((i) => i.trim())
      .filter(Boolean)) {
      const weighted = /^(.*?)(:\d+(?:\.\d+)?)?$/.exec(item)!;
      items.push((await fetchOne(name, weighted[1]!)) + (weighted[2] ?? ''));
    }
    paths[name] = items.join(',');
  }
  return { paths, ref: trusted.ref, copyDir: input.destDir };
}
