/**
 * Errors raised by the GitHub REST client. Codes are stable; match on `code`:
 * - `E_GITHUB_HTTP`: GitHub answered with an error status (context: method, path, status, GitHub's
 *   message, documentation_url, request id).
 * - `E_GITHUB_PERMISSION`: the token may not write there ("Resource not accessible by integration"),
 *   typically a fork pull request's read-only `GITHUB_TOKEN`. Callers may downgrade this to a note.
 * - `E_GITHUB_NETWORK`: no answer (connection refused, reset, DNS), after the allowed retries.
 * - `E_GITHUB_TIMEOUT`: no answer within the per-attempt timeout, after the allowed retries.
 * - `E_GITHUB_RESPONSE`: an answer that is not what the API documents (not JSON, oversized, bad zip).
 * The token never appears in any message or context: every text taken from elsewhere goes through
 * `scrubSecret`.
 */
import { WafGateError, type ErrorContext } from '../common/errors.js';

/** Replaces every occurrence of `secret` (when non-empty) with `***`. */
export function scrubSecret(text: string, secret: string | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('***');
}

/** An error safe to keep as `cause`: the original unless its message holds the secret. */
export function scrubCause(error: unknown, secret: string | undefined): unknown {
  if (!secret) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (
    !message.includes(secret) &&
    !(error instanceof Error && (error.stack ?? '').includes(secret))
  )
    return error;
  const safe = new Error(scrubSecret(message, secret));
  safe.name = error instanceof Error ? error.name : 'Error';
  safe.stack = `${safe.name}: ${safe.message}`;
  return safe;
}

/** The parts of a GitHub error body we report. */
export interface GitHubErrorBody {
  message?: string;
  documentation_url?: string;
  errors?: unknown;
}

/** What we know about a failed call. */
export interface GitHubHttpFailure {
  method: string;
  /** API path without the base URL or query. */
  path: string;
  status: number;
  body: GitHubErrorBody | undefined;
  requestId: string | undefined;
}

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** True for a 403 (or 404 on a write) saying the token may not do this. */
export function isPermissionFailure(failure: GitHubHttpFailure): boolean {
  const message = failure.body?.message ?? '';
  const notAccessible = /resource not accessible by/i.test(message);
  if (failure.status === 403) return notAccessible || /must have (admin|push|write)/i.test(message);
  return failure.status === 404 && WRITE_METHODS.has(failure.method) && notAccessible;
}

function hintFor(failure: GitHubHttpFailure): string | undefined {
  if (failure.status === 401)
    return 'The token is missing, invalid or expired: pass a valid `github-token`.';
  if (failure.status === 404)
    return 'Check the owner, repository and ids, and that the token can see the repository.';
  if (failure.status === 422)
    return 'GitHub rejected the request body; the message above says which field.';
  if (failure.status === 403 || failure.status === 429)
    return 'Rate limited or forbidden: wait for the limit to reset, or check the token permissions.';
  if (failure.status >= 500) return 'GitHub had a server error; retry the job later.';
  return undefined;
}

/** Builds the coded error for a failed call. `secret` is scrubbed from GitHub's message too. */
export function gitHubHttpError(
  failure: GitHubHttpFailure,
  secret: string | undefined,
): WafGateError {
  const githubMessage = scrubSecret(failure.body?.message ?? '(no message)', secret);
  const context: ErrorContext = {
    method: failure.method,
    path: failure.path,
    status: failure.status,
    githubMessage,
    documentationUrl: failure.body?.documentation_url,
    requestId: failure.requestId,
  };
  const what = `GitHub API ${failure.method} ${failure.path} failed with HTTP ${failure.status}: ${githubMessage}`;
  if (isPermissionFailure(failure)) {
    return new WafGateError('E_GITHUB_PERMISSION', what, {
      context,
      hint:
        'The token lacks permission for this call. Fork pull requests get a read-only GITHUB_TOKEN; ' +
        'otherwise grant `checks: write` and `pull-requests: write` in the workflow `permissions:`.',
    });
  }
  const hint = hintFor(failure);
  return new WafGateError(
    'E_GITHUB_HTTP',
    what,
    hint === undefined ? { context } : { context, hint },
  );
}

/** True for the permission error that fork pull requests produce. */
export function isPermissionError(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'E_GITHUB_PERMISSION';
}
