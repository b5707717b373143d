/**
 * The executor's expression layer and file-command parser: GitHub's evaluator with the runner's status
 * functions and `if:` rules, strings with embedded `${{ }}` read back from their YAML value (quotes and
 * block-scalar indentation as the runner sees them), and the GITHUB_OUTPUT heredoc format.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  evaluateCondition,
  evaluateExpression,
  evaluateString,
  substitute,
  type RunStatus,
  type Scope,
} from './expressions.ts';
import { parseKeyValueFile } from './file-commands.ts';
import { child, items, loadWorkflow } from './workflow-file.ts';

const scope = (status: RunStatus, contexts: Record<string, unknown> = {}): Scope => ({
  contexts: { github: { event_name: 'push' }, env: {}, ...contexts },
  status: () => status,
});

describe('workflow expressions', () => {
  it('binds the status functions to the current status', () => {
    for (const status of ['success', 'failure', 'cancelled', 'skipped'] as const)
      assert.deepEqual(
        evaluateExpression(
          "format('{0}{1}{2}{3}', success(), failure(), cancelled(), always())",
          scope(status),
        ),
        `${status === 'success'}${status === 'failure'}${status === 'cancelled'}true`,
      );
  });

  it('adds success() && to if: conditions without a status function, with or without ${{ }}', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-expr-'));
    try {
      const file = join(dir, 'w.yml');
      await writeFile(
        file,
        [
          'on: push',
          'jobs:',
          '  a:',
          '    runs-on: x',
          '    steps:',
          "      - if: github.event_name == 'push'",
          '        run: a',
          "      - if: ${{ github.event_name == 'push' }}",
          '        run: b',
          "      - if: failure() || github.event_name == 'push'",
          '        run: c',
          "      - run: echo 'it''s' \"${{ github.event_name }}\" '}}'",
          '      - run: |',
          "          echo 'one' ${{ github.event_name }}",
          "            echo 'two'",
          '',
        ].join('\n'),
      );
      const steps = items(
        child(child(child((await loadWorkflow(file)).root, 'jobs'), 'a'), 'steps'),
      );
      const conditions = (status: RunStatus): boolean[] =>
        steps.slice(0, 3).map((s) => evaluateCondition(child(s, 'if'), scope(status)));
      assert.deepEqual(conditions('success'), [true, true, true]);
      assert.deepEqual(conditions('failure'), [false, false, true]);
      assert.equal(
        evaluateString(child(steps[3], 'run'), scope('success')),
        `echo 'it''s' "push" '}}'`,
      );
      assert.equal(
        evaluateString(child(steps[4], 'run'), scope('success')),
        "echo 'one' push\n  echo 'two'\n",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('substitutes expressions whose string literals hold }}', () => {
    assert.equal(substitute("a ${{ format('{0}}}', 'x') }} b", scope('success')), 'a x} b');
  });

  it('names the file when an expression cannot be evaluated', () => {
    assert.throws(
      () => evaluateExpression("hashFiles('x')", { ...scope('success'), where: 'w.yml line 3' }),
      /w\.yml line 3: cannot evaluate .*hashFiles\(\) is not supported/,
    );
  });
});

describe('file commands', () => {
  it('reads name=value and name<<DELIMITER values', () => {
    assert.deepEqual(parseKeyValueFile('a=1=2\nb<<EOF\nx\n\ny=z\nEOF\nc=\n', 'GITHUB_OUTPUT'), {
      a: '1=2',
      b: 'x\n\ny=z',
      c: '',
    });
  });

  it('rejects a heredoc without its delimiter and a line without = or <<', () => {
    assert.throws(
      () => parseKeyValueFile('b<<EOF\nx\n', 'GITHUB_OUTPUT'),
      /matching delimiter not found 'EOF'/,
    );
    assert.throws(
      () => parseKeyValueFile('oops\n', 'GITHUB_ENV'),
      /GITHUB_ENV line 1: invalid format 'oops'/,
    );
  });
});
