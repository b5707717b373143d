/**
 * One PR comment per gate, found again by a hidden marker and edited in place: `<!-- waf-gate:report -->`,
 * or `<!-- waf-gate:report:<key> -->` when several gates report on one PR. Needs `pull-requests: write`
 * (or `issues: write`). Docs: GET/POST /repos/{o}/{r}/issues/{n}/comments, PATCH …/issues/comments/{id}.
 */
import { ConfigError } from '../common/errors.js';
import type { GitHubClient } from './client.js';
import { COMMENT_BODY_MAX_CHARS, truncateMarkdown, truncationNote } from './truncate.js';

/** The marker for `key` (none: the default gate). Keys: letters, digits, `.`, `_`, `-`. */
export function stickyMarker(key?: string): string {
  if (key === undefined || key === '') return '<!-- waf-gate:report -->';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(key)) {
    throw new ConfigError(
      'The comment key may only hold letters, digits, ".", "_" and "-" (at most 100).',
      {
        input: 'comment-key',
        value: key,
      },
    );
  }
  return `<!-- waf-gate:report:${key} -->`;
}

/** Options of {@link upsertStickyComment}. */
export interface StickyCommentOptions {
  owner: string;
  repo: string;
  /** The PR number. */
  issueNumber: number;
  /** Markdown; the marker is added in front, and the whole is cut to 65,536 characters. */
  body: string;
  /** Distinguishes several gates on one PR. */
  key?: string | undefined;
  /** Pages of 100 comments searched at most. @default 30 */
  maxPages?: number;
  signal?: AbortSignal;
}

/** What {@link upsertStickyComment} did. */
export interface StickyCommentResult {
  commentId: number;
  action: 'created' | 'updated';
  htmlUrl: string | undefined;
}

interface CommentResponse {
  id: number;
  body?: string | null;
  html_url?: string;
}

/** The full comment body: marker line first, then the report, within the limit. */
export function stickyCommentBody(markdown: string, key?: string): string {
  const head = `${stickyMarker(key)}\n`;
  const note = truncationNote('65,536-character comment');
  return (
    head + truncateMarkdown(markdown, COMMENT_BODY_MAX_CHARS - head.length, 'chars', note).text
  );
}

/** Finds the comment carrying the marker (the first, oldest, one), or undefined. */
export async function findStickyComment(
  client: GitHubClient,
  options: Omit<StickyCommentOptions, 'body'>,
): Promise<CommentResponse | undefined> {
  const marker = stickyMarker(options.key);
  const path = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}/issues/${options.issueNumber}/comments`;
  const comments = client.paginate<CommentResponse>(
    path,
    { per_page: 100 },
    (data) => (Array.isArray(data) ? (data as CommentResponse[]) : []),
    options.maxPages ?? 30,
  );
  for await (const comment of comments) {
    // The marker must open the body: a quote of it in someone's reply must not be taken over.
    if (typeof comment.body === 'string' && comment.body.startsWith(marker)) return comment;
  }
  return undefined;
}

/** Updates the marked comment, or creates it when there is none. Never creates a second one. */
export async function upsertStickyComment(
  client: GitHubClient,
  options: StickyCommentOptions,
): Promise<StickyCommentResult> {
  const body = stickyCommentBody(options.body, options.key);
  const repoPath = `/repos/${encodeURIComponent(options.owner)}/${encodeURIComponent(options.repo)}`;
  const existing = await findStickyComment(client, options);
  if (existing) {
    const { data } = await client.request<CommentResponse>(
      'PATCH',
      `${repoPath}/issues/comments/${existing.id}`,
      { body: { body }, signal: options.signal },
    );
    return { commentId: data.id, action: 'updated', htmlUrl: data.html_url };
  }
  const { data } = await client.request<CommentResponse>(
    'POST',
    `${repoPath}/issues/${options.issueNumber}/comments`,
    { body: { body }, signal: options.signal },
  );
  return { commentId: data.id, action: 'created', htmlUrl: data.html_url };
}
