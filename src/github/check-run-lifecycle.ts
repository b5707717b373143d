/**
 * The gate's check run from start to end: created `in_progress` on the PR head when the gate starts (so a
 * required check never sits at "Expected"), updated as stages finish, and completed on every outcome —
 * the verdict, a failure while measuring (conclusion `failure` with the error), or `neutral` when there
 * was nothing to compare.
 *
 * Creating is a POST, which the client does not retry on a 5xx: GitHub may have created the run before
 * failing to answer. Each create carries an `external_id` unique to this gate run, and a retry first
 * lists the check runs of that name on the head SHA (GET /repos/{o}/{r}/commits/{ref}/check-runs) and
 * adopts the one with that id instead of creating a duplicate.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { formatError } from '../common/errors.js';
import { silentLogger, type Logger } from '../common/logger.js';
import type { GitHubClient } from './client.js';
import { fitCheckOutput, type CheckConclusion, type CheckRunOutput } from './check-run.js';
import { isPermissionError } from './errors.js';

/** Options of {@link CheckRunLifecycle}. */
export interface CheckRunLifecycleOptions {
  client: GitHubClient;
  owner: string;
  repo: string;
  /** The PR head SHA (ActionsContext.headSha), never the merge commit. */
  headSha: string;
  /** @default "waf-gate" */
  name?: string;
  /** "Details" link: the workflow run page. */
  detailsUrl?: string | undefined;
  /** Unique to this gate run (e.g. `waf-gate/<run id>/<attempt>/<check name>`): finds a run created by a failed POST. */
  externalId: string;
  /** Create attempts in all. @default 3 */
  createAttempts?: number;
  /** Wait before the second attempt; doubles after. @default 1000 */
  retryDelayMs?: number;
  logger?: Logger;
  signal?: AbortSignal;
}

interface CheckRunData {
  id: number;
  name?: string;
  status?: string;
  external_id?: string | null;
  html_url?: string | null;
}

const enc = encodeURIComponent;

/** True for failures worth another create attempt: a 5xx, a timeout or no answer. */
function isTransient(error: unknown): boolean {
  const e = error as { code?: unknown; context?: { status?: unknown } };
  if (e.code === 'E_GITHUB_NETWORK' || e.code === 'E_GITHUB_TIMEOUT') return true;
  return e.code === 'E_GITHUB_HTTP' && typeof e.context?.status === 'number'
    ? e.context.status >= 500
    : false;
}

/** One check run's life. Without permission (fork PRs) every call is a logged no-op. */
export class CheckRunLifecycle {
  /** The check run id; undefined when it could not be created (see {@link skippedReason}). */
  id: number | undefined;
  htmlUrl: string | undefined;
  /** Why there is no check run (permission), for the job summary. */
  skippedReason: string | undefined;

  private constructor(private readonly options: CheckRunLifecycleOptions) {}

  /** Attaches to a check run an earlier step created (its id from that step's output). */
  static attach(options: CheckRunLifecycleOptions, id: number): CheckRunLifecycle {
    const lifecycle = new CheckRunLifecycle(options);
    lifecycle.id = id;
    return lifecycle;
  }

  /**
   * Finds or creates the `in_progress` check run. A permission error (read-only token) is logged and
   * leaves the lifecycle without a run; any other error after the last attempt is thrown.
   */
  static async start(
    options: CheckRunLifecycleOptions,
    output: CheckRunOutput = {
      title: 'waf-gate is running',
      summary:
        'The gate is measuring the candidate build; the verdict follows when it is compared.',
    },
  ): Promise<CheckRunLifecycle> {
    const lifecycle = new CheckRunLifecycle(options);
    const attempts = Math.max(1, options.createAttempts ?? 3);
    let delayMs = options.retryDelayMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        const existing = attempt > 1 ? await lifecycle.findOwn() : undefined;
        const run = existing ?? (await lifecycle.create(output));
        lifecycle.id = run.id;
        lifecycle.htmlUrl = run.html_url ?? undefined;
        return lifecycle;
      } catch (error) {
        if (isPermissionError(error)) {
          lifecycle.skippedReason = formatError(error);
          lifecycle.logger.warn(`waf-gate could not create the check run: ${formatError(error)}`);
          return lifecycle;
        }
        if (!isTransient(error) || attempt >= attempts) throw error;
        lifecycle.logger.warn(
          `waf-gate: creating the check run failed (${formatError(error)}); looking for it and retrying in ${delayMs} ms`,
        );
        await sleep(delayMs, undefined, options.signal ? { signal: options.signal } : {});
        delayMs *= 2;
      }
    }
  }

  private get logger(): Logger {
    return this.options.logger ?? silentLogger;
  }

  private get path(): string {
    return `/repos/${enc(this.options.owner)}/${enc(this.options.repo)}`;
  }

  private get name(): string {
    return this.options.name ?? 'waf-gate';
  }

  private async create(output: CheckRunOutput): Promise<CheckRunData> {
    const body: Record<string, unknown> = {
      name: this.name,
      head_sha: this.options.headSha,
      status: 'in_progress',
      external_id: this.options.externalId,
      started_at: new Date().toISOString(),
      output: fitCheckOutput(output),
    };
    if (this.options.detailsUrl) body.details_url = this.options.detailsUrl;
    const { data } = await this.options.client.request<CheckRunData>(
      'POST',
      `${this.path}/check-runs`,
      { body, signal: this.options.signal },
    );
    return data;
  }

  /** The check run of this name on the head SHA carrying our external id, if a failed POST made one. */
  private async findOwn(): Promise<CheckRunData | undefined> {
    const pages = this.options.client.paginate<CheckRunData>(
      `${this.path}/commits/${enc(this.options.headSha)}/check-runs`,
      { check_name: this.name, filter: 'all', per_page: 100 },
      (data) => (data as { check_runs?: CheckRunData[] }).check_runs ?? [],
      5,
      this.options.signal,
    );
    for await (const run of pages) if (run.external_id === this.options.externalId) return run;
    return undefined;
  }

  private async patch(body: Record<string, unknown>): Promise<void> {
    if (this.id === undefined) return;
    if (this.options.detailsUrl) body.details_url = this.options.detailsUrl;
    await this.options.client.request<CheckRunData>('PATCH', `${this.path}/check-runs/${this.id}`, {
      body,
      signal: this.options.signal,
    });
  }

  /** Shows a finished stage while the run stays `in_progress`. */
  async progress(stage: string, summary: string): Promise<void> {
    await this.patch({
      status: 'in_progress',
      output: fitCheckOutput({ title: `waf-gate: ${stage}`, summary }),
    });
  }

  /** Completes the run with a conclusion and output. */
  async complete(conclusion: CheckConclusion, output: CheckRunOutput): Promise<void> {
    await this.patch({
      status: 'completed',
      conclusion,
      completed_at: new Date().toISOString(),
      output: fitCheckOutput(output),
    });
  }

  /** Completes the run as `failure` with the error that stopped `stage`. */
  async fail(stage: string, error: unknown): Promise<void> {
    const text = formatError(error);
    await this.complete('failure', {
      title: `waf-gate failed while ${stage}`,
      summary: `The gate stopped while ${stage}, so there is no verdict.\n\n\`\`\`\n${text}\n\`\`\``,
    });
  }

  /** True when the run exists and is not completed yet (a later step may still need to close it). */
  async isOpen(): Promise<boolean> {
    if (this.id === undefined) return false;
    const { data } = await this.options.client.request<CheckRunData>(
      'GET',
      `${this.path}/check-runs/${this.id}`,
      { signal: this.options.signal },
    );
    return data.status !== 'completed';
  }
}
