/**
 * The compare-baseline action: thin entry. Reads inputs once into CompareOptions (the parser shared
 * with `waf-gate compare`), optionally finds the baseline among GitHub artifacts, compares, writes
 * results, posts the report (job summary, check run, sticky comment) and sets outputs.
 */
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as core from '@actions/core';
import { baselineKeyOf } from '../compare/baseline-store.js';
import { COMPARE_INPUTS, exitCodeFor, parseCompareOptions } from '../compare/options.js';
import { COMPARE_SCHEMA, compareActionInput, type CompareInputName } from '../compare/schema.js';
import { loadRunDir } from '../compare/run-dir.js';
import { parseBoolean, parseEnum } from '../common/options.js';
import { GitHubArtifactBaselineStore, baselineArtifactName } from '../github/artifacts.js';
import { createGitHubClient } from '../github/client.js';
import { readActionsContext } from '../github/context.js';
import { readTrustedPaths } from '../github/trusted-inputs.js';
import { publishReport, type CommentMode } from '../github/publish.js';
import { appendJobSummary } from '../github/summary.js';
import { runCompare } from '../pipeline/compare.js';
import {
  CHECK_RUN_TEXT_MAX_CHARS,
  JOB_SUMMARY_MAX_BYTES,
  htmlReportNote,
  renderCheckSummary,
  renderReport,
} from '../report/index.js';
import {
  actionsLogger,
  input,
  maskSecret,
  requiredInput,
  runAction,
  setOutputs,
} from './runtime.js';

const bool = (name: string, fallback: boolean): boolean =>
  input(name) === '' ? fallback : parseBoolean(name, input(name));

await runAction(async () => {
  const logger = actionsLogger;
  requiredInput(compareActionInput('candidate'));
  const raw = Object.fromEntries(
    COMPARE_INPUTS.map((name) => [name, input(compareActionInput(name))]),
  );
  // The gate's policy comes from the trusted ref (default: the PR base commit), not the PR's checkout.
  const trusted = await readTrustedPaths(process.env, {
    trustedRef: input('trusted-ref'),
    token: input('github-token'),
    paths: { 'policy-file': raw.policy ?? '', 'ftw-overrides': raw['ftw-overrides'] ?? '' },
    logger: actionsLogger,
  });
  raw.policy = trusted.paths['policy-file'] ?? '';
  // Overrides excuse failing ftw tests: like the policy, a pull request must not write its own.
  raw['ftw-overrides'] = trusted.paths['ftw-overrides'] ?? '';
  const options = parseCompareOptions(raw, (name) =>
    Object.hasOwn(COMPARE_SCHEMA, name) ? compareActionInput(name as CompareInputName) : name,
  );
  const token = input('github-token');
  maskSecret(token);
  const fromArtifacts = bool('baseline-from-artifacts', false);
  const post = bool('post', true);
  const failOnFail = bool('fail-on-regression', true);
  const comment = parseEnum<CommentMode>('comment', input('comment') || 'on-change', [
    'always',
    'on-change',
    'never',
  ]);
  // Read only when needed: a local run with post=false needs no GitHub environment.
  const context = post || fromArtifacts ? await readActionsContext(process.env) : null;

  let foundBaselineDir: string | null = null;
  let baselineRunUrl: string | undefined;
  let baselineSource: string | undefined;
  if (context && fromArtifacts && options.baselineDir === null) {
    const workflow = input('baseline-workflow') || context.workflowFile;
    const branch = context.defaultBranch;
    if (!token || !workflow || !branch) {
      logger.warn(
        'baseline-from-artifacts needs github-token, the workflow file and the default branch; no baseline looked up.',
      );
    } else {
      const client = createGitHubClient({ baseUrl: context.apiUrl, token, logger });
      const downloadDir = join(process.env.RUNNER_TEMP || tmpdir(), 'waf-gate-baseline');
      await mkdir(downloadDir, { recursive: true });
      const candidate = await loadRunDir(options.candidateDir, logger);
      const key = baselineKeyOf(candidate.record);
      const store = new GitHubArtifactBaselineStore({
        client,
        owner: context.owner,
        repo: context.repo,
        workflow,
        branch,
        downloadDir,
        ...(input('baseline-artifact-prefix')
          ? { artifactPrefix: input('baseline-artifact-prefix') }
          : {}),
        logger,
      });
      // The baseline is another build: match corpus, mode and load shape, not the candidate's version.
      const found = await store.findArtifact({
        corpusFingerprint: key.corpusFingerprint,
        mode: key.mode,
        shapeHash: key.shapeHash,
        setupHash: key.setupHash,
        ...(options.baselineVersion !== null ? { version: options.baselineVersion } : {}),
      });
      foundBaselineDir = found?.runDir ?? null;
      baselineRunUrl = found?.workflowRunUrl;
      if (found)
        baselineSource = `artifact ${found.artifactName} of ${found.workflowRunUrl ?? `workflow ${workflow}`} (exact key: corpus, mode, load shape, WAF host and domains)`;
    }
  }

  const { comparison, written, savedBaselineDir } = await runCompare(
    options,
    logger,
    foundBaselineDir,
    baselineSource,
  );
  const summaryLine = renderCheckSummary(comparison);
  logger.info(summaryLine);
  const candidateKey = comparison.candidate.key;
  setOutputs({
    verdict: comparison.verdict,
    'out-dir': dirname(written.resultsFile),
    'report-path': written.reportFile,
    'results-path': written.resultsFile,
    'changes-path': written.changesFile,
    'new-blocks': comparison.counts.newBlocks,
    'new-passes': comparison.counts.newPasses,
    'new-errors': comparison.counts.newErrors,
    'flagged-domains': comparison.counts.flaggedDomains,
    regressions: comparison.counts.regressions,
    crashes: comparison.counts.crashes,
    findings: comparison.counts.findings,
    'baseline-found': comparison.baseline !== null,
    'baseline-run-url': baselineRunUrl,
    'baseline-artifact-name': baselineArtifactName(
      candidateKey,
      input('baseline-artifact-prefix') || undefined,
    ),
    'baseline-artifact-path': options.candidateDir,
    'saved-baseline-dir': savedBaselineDir ?? undefined,
    summary: summaryLine,
  });

  const artifactUrl = options.artifactUrl;
  const render = (maxChars: number): string =>
    renderReport(comparison, {
      maxChars,
      topN: options.topN,
      ...(artifactUrl ? { artifactUrl } : {}),
    });
  if (!post) {
    // post: false posts nothing to GitHub, but the run's own page still shows the report.
    await appendJobSummary(
      render(JOB_SUMMARY_MAX_BYTES - 16 * 1024) + htmlReportNote(artifactUrl),
      {
        path: process.env.GITHUB_STEP_SUMMARY,
      },
    );
  } else if (context) {
    const published = await publishReport({
      markdown: render(CHECK_RUN_TEXT_MAX_CHARS - 1_000) + htmlReportNote(artifactUrl),
      summary: render(JOB_SUMMARY_MAX_BYTES - 16 * 1024) + htmlReportNote(artifactUrl),
      verdict: comparison.verdict,
      title: summaryLine.slice(0, 200),
      token: token || undefined,
      context,
      options: {
        checkName: input('check-name') || 'waf-gate',
        // The in_progress run the root action's first step created (empty: create one now).
        checkRunId: Number(input('check-run-id')) || undefined,
        comment,
        summaryPath: process.env.GITHUB_STEP_SUMMARY,
        logger,
      },
    });
    setOutputs({ 'check-run-id': published.checkRunId, 'comment-id': published.commentId });
  }

  const code = exitCodeFor(comparison.verdict, options.strict);
  if (code !== 0 && (comparison.verdict !== 'fail' || failOnFail)) {
    core.setFailed(`waf-gate: ${summaryLine}`);
  }
});
