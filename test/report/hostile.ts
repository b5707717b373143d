/**
 * A comparison built from the fixture runs (test/fixtures/compare) whose traffic and logs are hostile:
 * mentions, HTML, Markdown, issue references, autolinks, emoji codes, pipes, line breaks and bidi
 * overrides in request targets, domains, rule ids, corpus file names, error-log lines, crash details and
 * notes. Used to check that every renderer keeps such text inert.
 */
import { join } from 'node:path';
import type { Comparison } from '../../src/compare/comparison.js';
import { decide } from '../../src/compare/gate.js';
import { compareRuns, defaultPolicy } from '../../src/compare/index.js';
import { compareQuality } from '../../src/compare/quality.js';
import {
  loadRunDir,
  requestKey,
  type RequestRecord,
  type RequestRecords,
} from '../../src/compare/run-dir.js';
import { silentLogger } from '../../src/common/logger.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'compare');

/** Request targets as a capture could hold them. */
export const HOSTILE_TARGETS = [
  '/notify?cc=@org/team&to=@octocat',
  '/<img src=x onerror=alert(1)>',
  '/a|b|c',
  '/`code`',
  '/**bold**',
  '/[link](http://x)',
  '/fixes #1 and GH-2 and octo/waf#3',
  '/www.example.com/ :white_check_mark: $x$ ~~del~~ &amp; <!-- hidden -->',
  '/multi\nline\n# heading\n> quote',
  '/\u202eevil',
];
/** Domains as a log or corpus could name them. */
export const HOSTILE_DOMAINS = ['www.evil.test', 'a@b.test'];
/** An error-log line. */
export const HOSTILE_LOG_LINE =
  '2026/11/20 09:04:11 [crit] 1#1: *7 @org/team <img src=x onerror=alert(1)> see http://evil.test/ | x';
/** Things a reader must still be able to read, literally (zero-width spaces aside). */
export const READABLE = [
  '@org/team',
  '<img src=x onerror=alert(1)>',
  'a|b|c',
  '`code`',
  '**bold**',
  '[link](http://x)',
  '#1 and GH-2 and octo/waf#3',
  'www.example.com',
  ':white_check_mark:',
  '$x$',
  '~~del~~',
  '&amp;',
  '<!-- hidden -->',
  'http://evil.test/',
];

/** The fixture comparison with hostile traffic; `repeat` copies of every request (for size tests). */
export async function hostileComparison(repeat = 1): Promise<Comparison> {
  const baselineRun = await loadRunDir(join(fixtures, 'baseline-pl1'), silentLogger);
  const candidateRun = await loadRunDir(join(fixtures, 'candidate-pl2'), silentLogger);
  const base: RequestRecords = { source: 'joined', records: new Map(), duplicates: 0 };
  const cand: RequestRecords = { source: 'joined', records: new Map(), duplicates: 0 };
  let n = 0;
  for (let copy = 0; copy < repeat; copy += 1)
    for (const target of HOSTILE_TARGETS)
      for (const domain of HOSTILE_DOMAINS) {
        n += 1;
        const record: RequestRecord = {
          entryKey: `corpus/@org/team#1.txt#${n}`,
          domain,
          status: 200,
          error: null,
          blocked: false,
          ruleIds: [],
          origin: { file: 'corpus/@org/team#1.txt', index: n, line: n * 4 + 1 },
          method: 'GET',
          target: repeat > 1 ? `${target}/${copy}` : target,
        };
        base.records.set(requestKey(record.entryKey, domain), record);
        cand.records.set(requestKey(record.entryKey, domain), {
          ...record,
          status: n % 5 === 0 ? 502 : 403,
          blocked: n % 5 !== 0,
          error: n % 5 === 0 ? 'reset by @org/team' : null,
          ruleIds: n % 5 === 0 ? [] : ['942100', '@org/team', '<b>x</b>'],
        });
      }
  const policy = defaultPolicy();
  const quality = compareQuality(baselineRun, candidateRun, base, cand, policy);
  const small = await compareRuns(
    join(fixtures, 'baseline-pl1'),
    join(fixtures, 'candidate-pl2'),
    policy,
  );
  const findings = {
    ...small.findings,
    candidate: {
      crashes: [
        {
          pid: 4101,
          group: 'nginx-worker',
          lastSeenMs: 0,
          goneAtMs: 1,
          signal: 'SIGSEGV',
          detail: 'exited on signal 11 @org/team <img src=x onerror=alert(1)>',
          source: 'quality',
        },
      ],
      findings: [
        { kind: 'crit' as const, line: HOSTILE_LOG_LINE, lineNumber: 3, source: 'quality' },
      ],
    },
  };
  const notes = ['Note from a log: @org/team #1 http://evil.test/ <img src=x onerror=alert(1)>'];
  const decided = decide(
    { quality, performance: small.performance, findings, noBaseline: null, notes },
    policy,
  );
  return { ...small, ...decided, quality, findings, notes };
}
