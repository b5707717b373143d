/**
 * A small GitHub REST client on undici: token auth, the documented Accept / API-version headers, JSON
 * bodies, Link-header pagination, redirects (the token is only sent to the API's own origin), per-attempt
 * timeouts and bounded retries (see retry.ts). Errors are coded (errors.ts) and never carry the token.
 */
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Transform } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { WafGateError } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import { gitHubHttpError, scrubCause, scrubSecret, type GitHubErrorBody } from './errors.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry.js';
import { DEFAULT_GITHUB_API_URL, flatHeaders, parseLinkHeader, readLimited } from './http-util.js';

export { DEFAULT_GITHUB_API_URL, gitHubApiUrl, parseLinkHeader } from './http-util.js';

/** The REST API version this client was written against. */
export const GITHUB_API_VERSION = '2022-11-28';

/** Options of {@link createGitHubClient}. */
export interface GitHubClientOptions {
  /** Token for `Authorization: Bearer`; calls go out unauthenticated without one. */
  token?: string | undefined;
  /** API base URL (GHES: `https://host/api/v3`). @default GITHUB_API_URL, else https://api.github.com */
  baseUrl?: string | undefined;
  /** @default "waf-gate" */
  userAgent?: string;
  /** Per attempt: time to the response headers, and between body chunks. @default 30000 */
  timeoutMs?: number;
  /** @default DEFAULT_RETRY_POLICY (3 retries, 60 s of waiting at most) */
  retry?: Partial<RetryPolicy>;
  /** Largest JSON response accepted. @default 50 MiB */
  maxJsonBytes?: number;
  logger?: Logger;
  /** Aborts every call of this client. */
  signal?: AbortSignal | undefined;
  /** undici dispatcher. @default the global one */
  dispatcher?: Dispatcher;
}

/** One call's parameters. */
export interface GitHubRequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/** A parsed answer. */
export interface GitHubResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
}

/** The client. Paths are API paths such as `/repos/o/r/check-runs`. */
export interface GitHubClient {
  readonly baseUrl: string;
  /** Calls the API; a status ≥ 400 throws (`E_GITHUB_HTTP` / `E_GITHUB_PERMISSION`). */
  request<T>(
    method: string,
    path: string,
    options?: GitHubRequestOptions,
  ): Promise<GitHubResponse<T>>;
  /** Follows `Link: rel="next"` (same origin only), yielding the items `pick` extracts, up to `maxPages`. */
  paginate<T>(
    path: string,
    query: GitHubRequestOptions['query'],
    pick: (data: unknown) => T[],
    maxPages?: number,
    signal?: AbortSignal,
  ): AsyncGenerator<T>;
  /** GETs a (redirecting) download into `destFile`; the token is not sent to other hosts. */
  download(
    path: string,
    destFile: string,
    maxBytes: number,
    signal?: AbortSignal,
  ): Promise<{ bytes: number }>;
}

const MAX_REDIRECTS = 5;

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Dispatcher.ResponseData['body'];
}

/** Creates a client. Nothing is sent until the first call. */
export function createGitHubClient(options: GitHubClientOptions = {}): GitHubClient {
  const token = options.token || undefined;
  const baseUrl = (options.baseUrl || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  const apiOrigin = new URL(baseUrl).origin;
  const logger = options.logger ?? silentLogger;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const maxJsonBytes = options.maxJsonBytes ?? 50 * 1024 * 1024;

  const urlFor = (path: string, query: GitHubRequestOptions['query']): URL => {
    const url = /^https?:\/\//.test(path)
      ? new URL(path)
      : new URL(baseUrl + (path.startsWith('/') ? path : `/${path}`));
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  };
  // For logs and errors: the API path, or host+path for other hosts (their query may hold a signature).
  const describe = (url: URL): string =>
    url.origin === apiOrigin
      ? url.pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, '').length) || '/'
      : `${url.host}${url.pathname}`;

  const signalFor = (extra: AbortSignal | undefined): AbortSignal | undefined => {
    const signals = [options.signal, extra].filter((s): s is AbortSignal => s !== undefined);
    return signals.length === 0
      ? undefined
      : signals.length === 1
        ? signals[0]
        : AbortSignal.any(signals);
  };

  async function once(
    method: string,
    url: URL,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<RawAnswer> {
    const sameOrigin = url.origin === apiOrigin;
    const headers: Record<string, string> = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': GITHUB_API_VERSION,
      'user-agent': options.userAgent ?? 'waf-gate',
    };
    if (token && sameOrigin) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
    const answer = await request(url, {
      method: method,
      headers,
      body: body ?? null,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      ...(signal ? { signal } : {}),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    return { status: answer.statusCode, headers: flatHeaders(answer.headers), body: answer.body };
  }

  async function readErrorBody(answer: RawAnswer): Promise<GitHubErrorBody | undefined> {
    try {
      const text = await answer.body.text();
      const parsed = JSON.parse(text) as unknown;
      return parsed && typeof parsed === 'object' ? parsed : { message: text.slice(0, 300) };
    } catch {
      return undefined;
    }
  }

  /** One logical call: retries, redirects; returns a 2xx answer with its body unread. */
  async function send(
    method: string,
    startUrl: URL,
    payload: unknown,
    extraSignal: AbortSignal | undefined,
  ): Promise<RawAnswer> {
    const signal = signalFor(extraSignal);
    const body = payload === undefined ? undefined : JSON.stringify(payload);
    let url = startUrl;
    let waitedMs = 0;
    let redirects = 0;
    for (let attempt = 0; ; attempt++) {
      const where = describe(url);
      const started = Date.now();
      let answer: RawAnswer;
      try {
        answer = await once(method, url, body, signal);
      } catch (error) {
        if (signal?.aborted) throw scrubCause(error, token);
        const code = (error as { code?: string }).code ?? '';
        const timedOut = /TIMEOUT/.test(code);
        const delayMs = retryDelayMs(
          {
            method,
            status: undefined,
            headers: {},
            message: undefined,
            attempt,
            nowMs: Date.now(),
          },
          policy,
          waitedMs,
        );
        logger.debug(
          `github: ${method} ${where} → ${code || 'error'}${delayMs !== undefined ? `, retrying in ${delayMs} ms` : ''}`,
        );
        if (delayMs === undefined) {
          throw new WafGateError(
            timedOut ? 'E_GITHUB_TIMEOUT' : 'E_GITHUB_NETWORK',
            `GitHub API ${method} ${where} got no answer${timedOut ? ` within ${timeoutMs} ms` : ''}: ${scrubSecret(error instanceof Error ? error.message : String(error), token)}`,
            {
              context: {
                method,
                path: where,
                attempts: attempt + 1,
                ...(timedOut ? { timeoutMs } : {}),
              },
              cause: scrubCause(error, token),
              hint: 'Check GITHUB_API_URL and the runner network; the call was retried where safe.',
            },
          );
        }
        waitedMs += delayMs;
        await sleep(delayMs, undefined, signal ? { signal } : undefined);
        continue;
      }
      logger.debug(`github: ${method} ${where} → ${answer.status} (${Date.now() - started} ms)`);
      if (answer.status >= 300 && answer.status < 400 && answer.headers.location) {
        await answer.body.dump();
        if (++redirects > MAX_REDIRECTS)
          throw new WafGateError(
            'E_GITHUB_RESPONSE',
            `GitHub API ${method} ${describe(startUrl)} redirected more than ${MAX_REDIRECTS} times.`,
            { context: { method, path: describe(startUrl) } },
          );
        url = new URL(answer.headers.location, url);
        attempt = -1;
        if (answer.status === 303) method = 'GET';
        continue;
      }
      if (answer.status < 400) return answer;
      const errorBody = await readErrorBody(answer);
      const delayMs = retryDelayMs(
        {
          method,
          status: answer.status,
          headers: answer.headers,
          message: errorBody?.message,
          attempt,
          nowMs: Date.now(),
        },
        policy,
        waitedMs,
      );
      if (delayMs === undefined) {
        throw gitHubHttpError(
          {
            method,
            path: where,
            status: answer.status,
            body: errorBody,
            requestId: answer.headers['x-github-request-id'],
          },
          token,
        );
      }
      logger.info(
        `github: ${method} ${where} answered ${answer.status}; retrying in ${Math.ceil(delayMs / 1000)} s (retry ${attempt + 1} of ${policy.maxRetries})`,
      );
      waitedMs += delayMs;
      await sleep(delayMs, undefined, signal ? { signal } : undefined);
    }
  }

  async function call<T>(
    method: string,
    url: URL,
    options: GitHubRequestOptions,
  ): Promise<GitHubResponse<T>> {
    const answer = await send(method.toUpperCase(), url, options.body, options.signal);
    const text = await readLimited(answer.body, maxJsonBytes, `${method} ${describe(url)}`);
    let data: unknown = undefined;
    if (text.length > 0) {
      try {
        data = JSON.parse(text);
      } catch (error) {
        throw new WafGateError(
          'E_GITHUB_RESPONSE',
          `GitHub API ${method} ${describe(url)} answered ${answer.status} with a body that is not JSON.`,
          {
            context: { method, path: describe(url), status: answer.status },
            cause: error,
          },
        );
      }
    }
    return { status: answer.status, data: data as T, headers: answer.headers };
  }

  return {
    baseUrl,
    request: (method, path, opts = {}) => call(method, urlFor(path, opts.query), opts),
    async *paginate<T>(
      path: string,
      query: GitHubRequestOptions['query'],
      pick: (data: unknown) => T[],
      maxPages = 10,
      signal?: AbortSignal,
    ) {
      let url: URL | undefined = urlFor(path, query);
      for (let page = 0; url && page < maxPages; page++) {
        const answer: GitHubResponse<unknown> = await call<unknown>('GET', url, { signal });
        yield* pick(answer.data);
        const next: string | undefined = parseLinkHeader(answer.headers.link).next;
        const nextUrl: URL | undefined = next ? new URL(next, url) : undefined;
        url = nextUrl && nextUrl.origin === apiOrigin ? nextUrl : undefined;
      }
    },
    async download(path, destFile, maxBytes, signal) {
      const url = urlFor(path, undefined);
      const answer = await send('GET', url, undefined, signal);
      const tooBig = (bytes: string) =>
        new WafGateError(
          'E_GITHUB_RESPONSE',
          `Download of ${describe(url)} is ${bytes} bytes, more than the limit of ${maxBytes} bytes.`,
          {
            context: { path: describe(url), maxBytes },
            hint: 'Raise the size limit (maxZipBytes) if the artifact is really that large, or check what uploaded it.',
          },
        );
      const declared = Number(answer.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        // Refused before a byte is written: the length is known up front.
        await answer.body.dump().catch(() => undefined);
        throw tooBig(String(declared));
      }
      let bytes = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _enc, done) {
          bytes += chunk.length;
          if (bytes > maxBytes) done(tooBig(`over ${bytes}`));
          else done(null, chunk);
        },
      });
      await pipeline(answer.body, limit, createWriteStream(destFile), signal ? { signal } : {});
      return { bytes };
    },
  };
}
