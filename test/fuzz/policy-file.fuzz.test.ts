/**
 * Fuzzing policy files (issue 9): arbitrary text, and arbitrary YAML values under the known keys (with
 * anchors and aliases), parse into a policy or fail with a coded error naming the file — never a crash.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parsePolicy } from '../../src/compare/policy-file.ts';
import { FUZZ_TIMEOUT_MS, fuzzParams, isCodedError } from './fuzz-runs.ts';

const KEYS = {
  top: [
    'alpha',
    'confidenceLevel',
    'bootstrapResamples',
    'seed',
    'quality',
    'performance',
    'failOnErrorLog',
    'domains',
    'ignore',
  ],
  nested: [
    'wafGroups',
    'metrics',
    'regressionRule',
    'thresholdPct',
    'minDelta',
    'maxNewBlocks',
    'maxNewPasses',
    'maxNewErrors',
    'blockStatuses',
    'statusIncreasePct',
    'newStatusMinCount',
    'failOnDomainAnomaly',
    'entryKey',
    'ruleId',
    'path',
    'domain',
    'reason',
  ],
};

const accepts = (text: string): void => {
  try {
    parsePolicy(text, 'fuzz-policy.yml');
  } catch (error) {
    assert.ok(
      isCodedError(error),
      `${JSON.stringify(text)}: ${(error as Error)?.stack ?? String(error)}`,
    );
    assert.match((error as Error).message + JSON.stringify(error), /fuzz-policy\.yml/);
  }
};

describe('fuzz: policy files', { timeout: FUZZ_TIMEOUT_MS }, () => {
  it('arbitrary text: a policy or a coded error naming the file', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom(
            'a',
            ':',
            ' ',
            '\n',
            '-',
            '&x',
            '*x',
            '[',
            ']',
            '{',
            '}',
            '"',
            '1',
            '.5',
            'alpha',
            'quality',
            'ignore',
            '<<',
          ),
          maxLength: 40,
        }),
        accepts,
      ),
      fuzzParams(500),
    );
  });

  it('arbitrary values under the known keys, also through aliases: a policy or a coded error', () => {
    const leaf = fc.oneof(
      fc.jsonValue({ maxDepth: 1 }),
      fc.double(),
      fc.constantFrom('confident', 'median', 'p95', 'cpuMsPerRequest'),
    );
    const nested = fc.dictionary(fc.constantFrom(...KEYS.nested), leaf, { maxKeys: 4 });
    const value = fc.oneof(
      leaf,
      nested,
      fc.array(nested, { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 4 }), nested, { maxKeys: 2 }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...KEYS.top), value, { maxKeys: 5 }),
        fc.boolean(),
        (doc, alias) => {
          const shared = Object.values(doc).find((v) => typeof v === 'object' && v !== null);
          // The same object twice is written as an anchor and an alias.
          const withAlias = alias && shared ? { ...doc, ignore: [shared, shared] } : doc;
          accepts(stringify(withAlias, { aliasDuplicateObjects: true }));
        },
      ),
      fuzzParams(500),
    );
  });
});
