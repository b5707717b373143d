/**
 * go-ftw `output` expectations, old and new format, read from test files written from go-ftw's
 * documented format (test/fixtures/ftw/tests/) into each request's `origin.ftw`.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isConfigError } from '../../src/common/errors.ts';
import {
  ftwTestIdentity,
  parseFtwOutput,
  ruleIdOfLogPattern,
} from '../../src/corpus/ftw-expect.ts';
import { loadCorpus } from '../../src/corpus/index.ts';

const FIX = 'test/fixtures/ftw/tests';

describe('go-ftw expectations', () => {
  it('old format: test_title, status list, log_contains / no_log_contains rule ids', async () => {
    const c = await loadCorpus(`${FIX}/crs-old.yaml`);
    const refs = c.entries.map((e) => e.origin.ftw!);
    assert.deepEqual(
      refs.map((r) => r.test),
      ['942100-1', '930120-1', '941100-1', '920000-1', '920430-1'],
    );
    assert.deepEqual(refs[0], {
      test: '942100-1',
      ruleId: 942100,
      testId: 1,
      stage: 0,
      stages: 1,
      expect: { status: [403], expectIds: ['942100'] },
    });
    assert.deepEqual(refs[1]!.expect, { expectIds: ['930120'] });
    assert.deepEqual(refs[3]!.expect, { status: [200, 404], noExpectIds: ['949110'] });
    assert.deepEqual(refs[4]!.expect, { status: [505], noExpectIds: ['920430'] });
  });

  it('new format: file rule_id + test_id, status number, log.expect_ids / no_expect_ids, stages', async () => {
    const c = await loadCorpus(`${FIX}/crs-new.yaml`);
    const refs = c.entries.map((e) => e.origin.ftw!);
    assert.deepEqual(
      refs.map((r) => `${r.test}#${r.stage}/${r.stages}`),
      [
        '942480-1#0/1',
        '942480-2#0/2',
        '942480-2#1/2',
        '942480-3#0/1',
        '942480-4#0/1',
        '942480-5#0/1',
      ],
    );
    assert.deepEqual(refs[0]!.expect, { status: [200], noExpectIds: ['942480', '949110'] });
    assert.deepEqual(refs[2]!.expect, { status: [403], expectIds: ['930120', '949110'] });
    assert.equal(refs[3]!.expect.unsupported?.length, 1);
    assert.match(refs[3]!.expect.unsupported?.[0] ?? '', /response_contains "lab origin"/);
    assert.deepEqual(refs[5]!.expect, {
      status: [403],
      expectIds: ['932160'],
      noExpectIds: ['942480'],
    });
    assert.equal(refs[5]!.ruleId, 942480);
    assert.equal(refs[5]!.testId, 5);
  });

  it('rule-id log patterns in the forms CRS tests write them; other regexes are unsupported', () => {
    for (const p of [
      'id "942100"',
      'id \\"942100\\"',
      '\\[id "942100"\\]',
      '[id "942100"]',
      "id '942100'",
    ])
      assert.equal(ruleIdOfLogPattern(p), '942100', p);
    for (const p of ['942100.*', 'msg "SQL"', 'id "94210[0-9]"', ''])
      assert.equal(ruleIdOfLogPattern(p), null, p);
    const e = parseFtwOutput({
      log_contains: 'Matched "Operator',
      log: { match_regex: 'id "941100"', no_match_regex: 'x+y' },
      expect_error: true,
      isolated: true,
    });
    assert.deepEqual(e.expectIds, ['941100']);
    assert.equal(e.expectError, true);
    assert.equal(e.isolated, true);
    assert.equal(e.unsupported?.length, 2);
  });

  it('refuses malformed expectations with a readable message', () => {
    assert.throws(() => parseFtwOutput({ status: 'blocked' }), /output.status/);
    assert.throws(() => parseFtwOutput({ status: [403, 99] }), /output.status/);
    assert.throws(() => parseFtwOutput({ log: { expect_ids: ['9421x'] } }), /log.expect_ids/);
    assert.throws(() => parseFtwOutput({ expect_error: 'yes' }), /expect_error/);
    assert.deepEqual(parseFtwOutput({ status: 0 }), {});
  });

  it('a malformed output is a ConfigError naming the file and the stage line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'waf-gate-ftw-expect-'));
    try {
      const file = join(dir, 'bad.yaml');
      await writeFile(
        file,
        'tests:\n  - test_title: x-1\n    stages:\n      - input:\n          uri: /\n        output:\n          status: [forbidden]\n',
      );
      await assert.rejects(loadCorpus(file), (error: unknown) => {
        assert.ok(isConfigError(error));
        assert.equal(error.file, file);
        assert.equal(error.line, 5);
        assert.match(error.message, /Malformed ftw stage output: "output.status"/);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('test ids: test_title wins; else rule_id (file, or a numeric file name) and test_id or position', () => {
    assert.deepEqual(ftwTestIdentity({ test_title: '920100-4' }, 1, 9, 'x'), {
      test: '920100-4',
      ruleId: 920100,
      testId: 4,
    });
    assert.deepEqual(ftwTestIdentity({ test_id: 7 }, 920100, 2, 'x'), {
      test: '920100-7',
      ruleId: 920100,
      testId: 7,
    });
    assert.deepEqual(ftwTestIdentity({}, undefined, 3, '920350'), {
      test: '920350-3',
      ruleId: 920350,
      testId: 3,
    });
    assert.deepEqual(ftwTestIdentity({}, undefined, 2, 'login'), {
      test: 'login-2',
      ruleId: null,
      testId: 2,
    });
  });
});
