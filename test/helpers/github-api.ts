/**
 * A local GitHub REST API for tests (node:http on 127.0.0.1, port 0) that checks EVERY request against
 * GitHub's published OpenAPI description (test/helpers/github-openapi.ts): the method + path must be a
 * documented operation, path/query parameters and the JSON body must match the documented schemas, and
 * the documented headers must be sent. A bad request gets a 4xx AND a recorded violation (tests assert
 * `violations` is empty). Answers are built from the description's own examples, kept in memory (check
 * runs, comments, workflow runs, artifacts) and themselves validated against the documented responses.
 * Artifact downloads answer 302 to a second local "blob" server that flags any Authorization header.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fakeArtifact, fakeCheckRun, fakeComment, fakeWorkflowRun } from './github-fake-data.js';
import {
  loadGitHubSpec,
  matchOperation,
  successStatus,
  validateRequest,
  validateResponse,
  type MatchedOperation,
} from './github-openapi.js';

/** A request as the server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  operationId: string | undefined;
  authorization: string | undefined;
}

/** A workflow run to seed. */
export interface SeedRun {
  id: number;
  workflow: string;
  branch: string;
  event?: string;
  /** @default "success" */
  conclusion?: string | null;
  /** @default "completed" */
  status?: string;
  /** Head repository id; a different id than the repo's makes it a fork run. */
  headRepoId?: number;
  createdAt: string;
  headSha?: string;
  /** name → zip bytes */
  artifacts?: Record<string, Buffer | { zip: Buffer; expired: boolean }>;
}

/** A one-off failure to inject. */
export interface Fault {
  method: string;
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** @default 1 */
  times?: number;
  /**
   * Handle the request as usual, then answer with this fault instead of the result: GitHub created the
   * object but the answer was lost (a gateway error after the commit).
   */
  afterHandling?: boolean;
}

/** Options of {@link startGitHubApi}. */
export interface GitHubApiOptions {
  owner?: string;
  repo?: string;
  repoId?: number;
  /** The token clients must send. */
  token?: string;
  /** Fork PR simulation: writes answer 403 "Resource not accessible by integration". */
  readOnly?: boolean;
  /**
   * Serve the contents API from this folder (the repository's files) for refs not seeded with
   * `seedContents`, e.g. `process.cwd()` for a workflow run whose base commit is the checkout. '' = none.
   */
  contentsRoot?: string;
}

type Obj = Record<string, unknown>;

/** The running fake. */
export interface GitHubApi {
  url: string;
  blobUrl: string;
  violations: string[];
  requests: RecordedRequest[];
  checkRuns: Map<number, Obj>;
  /** issue number → comments (oldest first) */
  comments: Map<number, Obj[]>;
  faults: Fault[];
  options: Required<GitHubApiOptions>;
  seedRuns(runs: SeedRun[]): void;
  /** Files of the repository at `ref` (a commit SHA or branch), path → content. */
  seedContents(ref: string, files: Record<string, string | Buffer>): void;
  /** Adds comments authored by someone else (for pagination tests). */
  seedComments(issue: number, bodies: string[]): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts the fake API and the blob server. Close it in `after`. */
export async function startGitHubApi(opts: GitHubApiOptions = {}): Promise<GitHubApi> {
  const spec = loadGitHubSpec();
  const options: Required<GitHubApiOptions> = {
    owner: 'octo',
    repo: 'waf',
    repoId: 1000,
    token: 'ghs_testtoken',
    readOnly: false,
    contentsRoot: '',
    ...opts,
  };
  const violations: string[] = [];
  const requests: RecordedRequest[] = [];
  const checkRuns = new Map<number, Obj>();
  const comments = new Map<number, Obj[]>();
  const runs: SeedRun[] = [];
  const blobs = new Map<number, Buffer>();
  const artifacts = new Map<number, Obj[]>();
  const faults: Fault[] = [];
  /** ref → path → bytes */
  const trees = new Map<string, Map<string, Buffer>>();
  /** blob sha → bytes */
  const blobShas = new Map<string, Buffer>();
  let nextId = 100;
  let baseUrl = '';
  let blobUrl = '';

  const repoInfo = () => ({
    owner: options.owner,
    repo: options.repo,
    repoId: options.repoId,
    baseUrl,
  });
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

  const send = (
    res: ServerResponse,
    match: MatchedOperation | undefined,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    if (match)
      for (const e of validateResponse(spec, match, status, body))
        violations.push(`fake response invalid: ${e}`);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-request-id': `FAKE:${nextId}`,
      ...headers,
    });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
  const fail = (
    res: ServerResponse,
    status: number,
    message: string,
    documentationUrl = 'https://docs.github.com/rest',
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(
      JSON.stringify({ message, documentation_url: documentationUrl, status: String(status) }),
    );
  };
  const page = <T>(
    res: ServerResponse,
    match: MatchedOperation,
    url: URL,
    items: T[],
    wrap: (slice: T[]) => unknown,
  ) => {
    const perPage = Number(url.searchParams.get('per_page') ?? 30);
    const pageNo = Number(url.searchParams.get('page') ?? 1);
    if (perPage > 100)
      violations.push(`${url.pathname}: per_page ${perPage} exceeds GitHub's maximum of 100`);
    const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage);
    const headers: Record<string, string> = {};
    if (pageNo * perPage < items.length) {
      const next = new URL(url.pathname + url.search, baseUrl);
      next.searchParams.set('page', String(pageNo + 1));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    send(res, match, 200, wrap(slice), headers);
  };

  const blobSha = (data: Buffer) => {
    const sha = createHash('sha1').update(`blob ${data.length}\0`).update(data).digest('hex');
    blobShas.set(sha, data);
    return sha;
  };
  const contentItem = (path: string, ref: string, data: Buffer): Obj => {
    const full = `${options.owner}/${options.repo}`;
    const sha = blobSha(data);
    const self = `${baseUrl}/repos/${full}/contents/${path}?ref=${ref}`;
    const html = `https://github.com/${full}/blob/${ref}/${path}`;
    const git = `${baseUrl}/repos/${full}/git/blobs/${sha}`;
    return {
      type: 'file',
      size: data.length,
      name: path.split('/').pop(),
      path,
      sha,
      url: self,
      git_url: git,
      html_url: html,
      download_url: `https://raw.githubusercontent.com/${full}/${ref}/${path}`,
      _links: { self, git, html },
    };
  };
  // As GitHub: files over 1 MiB come without content (encoding "none"); fetch the blob instead.
  const contentFile = (path: string, ref: string, data: Buffer): Obj =>
    data.length > 1024 * 1024
      ? { ...contentItem(path, ref, data), content: '', encoding: 'none' }
      : { ...contentItem(path, ref, data), content: data.toString('base64'), encoding: 'base64' };

  // The files under `path` in contentsRoot, as a seeded tree would hold them.
  const diskTree = (path: string): Map<string, Buffer> | undefined => {
    if (!options.contentsRoot || path.split('/').includes('..')) return undefined;
    const tree = new Map<string, Buffer>();
    const walk = (rel: string) => {
      const abs = join(options.contentsRoot, rel);
      const st = statSync(abs, { throwIfNoEntry: false });
      if (st?.isFile()) tree.set(rel, readFileSync(abs));
      else if (st?.isDirectory()) for (const name of readdirSync(abs)) walk(`${rel}/${name}`);
    };
    walk(path);
    return tree;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const text = await readBody(req);
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        violations.push(`${method} ${url.pathname}: body is not JSON`);
        return fail(res, 400, 'Problems parsing JSON');
      }
    }
    const match = matchOperation(spec, method, url.pathname);
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      operationId: match?.operationId,
      authorization: req.headers.authorization,
    });
    if (!match) {
      violations.push(
        `${method} ${url.pathname}: no such operation in GitHub's OpenAPI description`,
      );
      return fail(res, 404, 'Not Found');
    }
    const errors = validateRequest(
      spec,
      match,
      url.searchParams,
      body,
      req.headers['content-type'],
    );
    if (req.headers.accept !== 'application/vnd.github+json')
      errors.push(`${method} ${url.pathname}: Accept is ${req.headers.accept ?? '(none)'}`);
    if (req.headers['x-github-api-version'] !== '2022-11-28')
      errors.push(
        `${method} ${url.pathname}: X-GitHub-Api-Version is ${String(req.headers['x-github-api-version'])}`,
      );
    if (!req.headers['user-agent']) errors.push(`${method} ${url.pathname}: no User-Agent`);
    if (errors.length > 0) {
      violations.push(...errors);
      return fail(res, 422, `Invalid request.\n\n${errors.join('\n')}`);
    }
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return fail(res, 401, 'Bad credentials');
    const p = match.pathParams;
    if (p.owner !== options.owner || p.repo !== options.repo) return fail(res, 404, 'Not Found');
    const faultAt = faults.findIndex((f) => f.method === method && f.path.test(url.pathname));
    if (faultAt >= 0) {
      const f = faults[faultAt]!;
      if ((f.times = (f.times ?? 1) - 1) <= 0) faults.splice(faultAt, 1);
      const answerFault = (target: ServerResponse) => {
        target.writeHead(f.status, { 'content-type': 'application/json', ...f.headers });
        target.end(JSON.stringify(f.body ?? { message: 'Server Error' }));
      };
      if (!f.afterHandling) return answerFault(res);
      // Run the operation against a sink, then send the fault: the effect happened, the answer is lost.
      const sink = {
        writeHead: () => sink,
        end: () => answerFault(res),
      } as unknown as ServerResponse;
      return operate(sink, match, url, method, body);
    }
    if (options.readOnly && method !== 'GET') {
      return fail(
        res,
        403,
        'Resource not accessible by integration',
        'https://docs.github.com/rest/checks/runs#create-a-check-run',
      );
    }
    return operate(res, match, url, method, body);
  };

  const operate = (
    res: ServerResponse,
    match: MatchedOperation,
    url: URL,
    method: string,
    body: unknown,
  ): unknown => {
    const p = match.pathParams;
    const nowText = now();
    const b = (body ?? {}) as Obj;
    switch (match.operationId) {
      case 'checks/create': {
        const id = nextId++;
        const run = fakeCheckRun(spec, repoInfo(), id, b, nowText);
        checkRuns.set(id, run);
        return send(res, match, successStatus(match), run);
      }
      case 'checks/update': {
        const run = checkRuns.get(Number(p.check_run_id));
        if (!run) return fail(res, 404, 'Not Found');
        Object.assign(run, { ...b, output: { ...(run.output as Obj), ...(b.output as Obj) } });
        if (b.conclusion) run.status = 'completed';
        return send(res, match, 200, run);
      }
      case 'checks/list-for-ref': {
        const q = url.searchParams;
        const list = [...checkRuns.values()]
          .filter((r) => r.head_sha === p.ref)
          .filter((r) => !q.get('check_name') || r.name === q.get('check_name'))
          .filter((r) => !q.get('status') || r.status === q.get('status'))
          .reverse();
        return page(res, match, url, list, (s) => ({ total_count: list.length, check_runs: s }));
      }
      case 'checks/get': {
        const run = checkRuns.get(Number(p.check_run_id));
        return run ? send(res, match, 200, run) : fail(res, 404, 'Not Found');
      }
      case 'issues/list-comments':
        return page(res, match, url, comments.get(Number(p.issue_number)) ?? [], (s) => s);
      case 'issues/create-comment': {
        const issue = Number(p.issue_number);
        const list = comments.get(issue) ?? [];
        const c = fakeComment(spec, repoInfo(), nextId++, issue, String(b.body), nowText);
        list.push(c);
        comments.set(issue, list);
        return send(res, match, 201, c);
      }
      case 'issues/update-comment': {
        const c = [...comments.values()].flat().find((x) => x.id === Number(p.comment_id));
        if (!c) return fail(res, 404, 'Not Found');
        Object.assign(c, { body: b.body, updated_at: nowText });
        return send(res, match, 200, c);
      }
      case 'repos/get-content': {
        const ref = url.searchParams.get('ref') ?? 'main';
        const path = String(p.path).replace(/\/+$/, '');
        const tree = trees.get(ref) ?? diskTree(path);
        if (!tree) return fail(res, 404, `No commit found for the ref ${ref}`);
        const file = tree.get(path);
        if (file) return send(res, match, 200, contentFile(path, ref, file));
        const children = new Map<string, Obj>();
        for (const [name, data] of tree) {
          if (!name.startsWith(`${path}/`)) continue;
          const rest = name.slice(path.length + 1);
          const child = rest.split('/')[0]!;
          const isDir = rest.includes('/');
          children.set(child, {
            ...contentItem(`${path}/${child}`, ref, isDir ? Buffer.alloc(0) : data),
            type: isDir ? 'dir' : 'file',
            ...(isDir ? { size: 0, download_url: null } : {}),
          });
        }
        if (children.size === 0) return fail(res, 404, 'Not Found');
        return send(res, match, 200, [...children.values()]);
      }
      case 'git/get-blob': {
        const data = blobShas.get(String(p.file_sha));
        if (!data) return fail(res, 404, 'Not Found');
        return send(res, match, 200, {
          sha: p.file_sha,
          node_id: `B_${String(p.file_sha)}`,
          size: data.length,
          url: `${baseUrl}/repos/${options.owner}/${options.repo}/git/blobs/${String(p.file_sha)}`,
          content: data.toString('base64'),
          encoding: 'base64',
        });
      }
      case 'actions/list-workflow-runs': {
        const q = url.searchParams;
        const list = runs
          .filter((r) => r.workflow === p.workflow_id || String(r.id) === p.workflow_id)
          .filter((r) => !q.get('branch') || r.branch === q.get('branch'))
          .filter((r) => !q.get('event') || (r.event ?? 'push') === q.get('event'))
          .filter(
            (r) =>
              !q.get('status') ||
              (r.conclusion === undefined ? 'success' : r.conclusion) === q.get('status') ||
              (r.status ?? 'completed') === q.get('status'),
          )
          .sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt))
          .map((r) => fakeWorkflowRun(spec, repoInfo(), r));
        return page(res, match, url, list, (s) => ({ total_count: list.length, workflow_runs: s }));
      }
      case 'actions/list-workflow-run-artifacts': {
        const name = url.searchParams.get('name');
        const list = (artifacts.get(Number(p.run_id)) ?? []).filter(
          (a) => !name || a.name === name,
        );
        return page(res, match, url, list, (s) => ({ total_count: list.length, artifacts: s }));
      }
      case 'actions/download-artifact': {
        const id = Number(p.artifact_id);
        if (p.archive_format !== 'zip' || !blobs.has(id)) return fail(res, 404, 'Not Found');
        res.writeHead(302, { location: `${blobUrl}/blob/${id}?sig=SECRET-SAS` });
        return res.end();
      }
      default:
        violations.push(`${match.operationId}: documented, but this fake does not implement it`);
        return fail(res, 501, 'Not implemented by the fake');
    }
  };

  const api = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`fake server crashed: ${String(error)}`);
      if (!res.headersSent) fail(res, 500, 'fake server error');
    });
  });
  const blob = createServer((req, res) => {
    if (req.headers.authorization)
      violations.push(`blob host received an Authorization header (${req.url ?? ''})`);
    const id = Number(/^\/blob\/(\d+)/.exec(req.url ?? '')?.[1]);
    const data = blobs.get(id);
    if (req.headers.authorization) return void (res.writeHead(400), res.end('no auth here'));
    if (!data) return void (res.writeHead(404), res.end());
    res.writeHead(200, { 'content-type': 'application/zip', 'content-length': data.length });
    res.end(data);
  });
  baseUrl = await listen(api);
  blobUrl = await listen(blob);

  return {
    url: baseUrl,
    blobUrl,
    violations,
    requests,
    checkRuns,
    comments,
    faults,
    options,
    seedRuns(seed) {
      for (const r of seed) {
        runs.push(r);
        const list: Obj[] = [];
        for (const [name, value] of Object.entries(r.artifacts ?? {})) {
          const id = nextId++;
          const zip = Buffer.isBuffer(value) ? value : value.zip;
          blobs.set(id, zip);
          list.push(
            fakeArtifact(
              spec,
              id,
              name,
              r.id,
              zip.length,
              !Buffer.isBuffer(value) && value.expired,
              r.createdAt,
            ),
          );
        }
        artifacts.set(r.id, list);
      }
    },
    seedContents(ref, files) {
      const tree = trees.get(ref) ?? new Map<string, Buffer>();
      for (const [path, data] of Object.entries(files))
        tree.set(path, Buffer.isBuffer(data) ? data : Buffer.from(data));
      trees.set(ref, tree);
    },
    seedComments(issue, bodies) {
      const list = comments.get(issue) ?? [];
      for (const body of bodies)
        list.push(fakeComment(spec, repoInfo(), nextId++, issue, body, now()));
      comments.set(issue, list);
    },
    async close() {
      for (const s of [api, blob]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
