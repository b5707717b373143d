/**
 * action.yml input descriptions against the stage schemas: the rule is that every input backed by a
 * schema option has `describeOption(spec)` — the option's help, then `Default: X.` when it has one —
 * in its description, so the action and the CLI help cannot drift apart. An action may add a tag
 * before it (`(start) `) and its own remark after it. Sub-actions also expose every stage option.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { describeOption } from '../../src/common/option-help.ts';
import type { OptionSchema, OptionSpec } from '../../src/common/option-schema.ts';
import { COLLECT_SCHEMA, COLLECT_STOP_SCHEMA } from '../../src/collect/schema.ts';
import { COMPARE_SCHEMA } from '../../src/compare/schema.ts';
import { INSTALL_SCHEMA } from '../../src/install/schema.ts';
import { MEASURE_SCHEMA } from '../../src/pipeline/schema.ts';
import { REPLAY_SCHEMA } from '../../src/replay/schema.ts';

interface ActionInputs {
  inputs?: Record<string, { description: string; required?: boolean }>;
}

interface ActionCheck {
  dir: string;
  /** Looked up in this order: the first schema with an option for an input describes it. */
  schemas: readonly OptionSchema[];
  /** Every option of the (single) schema is an input of the action. */
  complete: boolean;
}

const ACTIONS: readonly ActionCheck[] = [
  { dir: 'replay-traffic', schemas: [REPLAY_SCHEMA], complete: true },
  { dir: 'compare-baseline', schemas: [COMPARE_SCHEMA], complete: true },
  { dir: 'install-waf', schemas: [INSTALL_SCHEMA], complete: true },
  // start and stop inputs side by side; `from-offset` is the CLI's analyze only.
  { dir: 'collect-metrics', schemas: [COLLECT_SCHEMA, COLLECT_STOP_SCHEMA], complete: false },
  // The root action chains install, measure and compare: an input both measure and install read
  // (host, access-log, SSH) is described by measure's schema, the comparing ones by compare's.
  { dir: '.', schemas: [MEASURE_SCHEMA, COMPARE_SCHEMA, INSTALL_SCHEMA], complete: false },
];

const inputName = (name: string, spec: OptionSpec): string => spec.actionInput ?? name;

function specFor(schemas: readonly OptionSchema[], input: string): OptionSpec | undefined {
  for (const schema of schemas)
    for (const [name, spec] of Object.entries(schema))
      if (inputName(name, spec) === input) return spec;
  return undefined;
}

/** The drifted inputs of one action.yml text: `input: expected start` for each. */
function driftOf(yamlText: string, schemas: readonly OptionSchema[]): string[] {
  const action = parse(yamlText) as ActionInputs;
  const drift: string[] = [];
  for (const [input, { description }] of Object.entries(action.inputs ?? {})) {
    const spec = specFor(schemas, input);
    if (spec === undefined) continue;
    const expected = describeOption(spec);
    if (!description.includes(expected))
      drift.push(`${input}: the description must contain ${JSON.stringify(expected)}`);
  }
  return drift;
}

describe('action.yml descriptions follow the stage schemas', () => {
  it('the check finds a changed default and a reworded help', () => {
    const schema = {
      rounds: { type: 'integer', default: 0, help: 'Pressure rounds.' },
      rate: { type: 'number', help: 'Requests per second.' },
      'out-dir': { type: 'path', actionInput: 'results-dir', help: 'Results folder.' },
    } as const satisfies OptionSchema;
    const yaml = (rounds: string, rate: string, out: string): string =>
      `inputs:\n  rounds:\n    description: '${rounds}'\n  rate:\n    description: '${rate}'\n` +
      `  results-dir:\n    description: '${out}'\n  other:\n    description: 'Not a schema option.'\n`;
    assert.deepEqual(
      driftOf(
        yaml('Pressure rounds. Default: 0. Use 5.', 'Requests per second.', 'Results folder.'),
        [schema],
      ),
      [],
    );
    const drift = driftOf(yaml('Pressure rounds. Default: 1.', 'Rate.', 'Output.'), [schema]);
    assert.deepEqual(
      drift.map((d) => d.split(':')[0]),
      ['rounds', 'rate', 'results-dir'],
    );
  });

  for (const { dir, schemas, complete } of ACTIONS) {
    const file = join(dir, 'action.yml');
    it(`${file}: every schema-backed input holds the schema's description`, () => {
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(driftOf(text, schemas), []);
      const inputs = (parse(text) as ActionInputs).inputs ?? {};
      const backed = Object.keys(inputs).filter((input) => specFor(schemas, input) !== undefined);
      assert.ok(backed.length > 0, 'the action has schema-backed inputs');
      if (!complete) return;
      for (const schema of schemas) {
        for (const [name, spec] of Object.entries(schema)) {
          const input = inputs[inputName(name, spec)];
          assert.ok(input, `${file} has the input ${inputName(name, spec)} (option ${name})`);
          assert.equal(
            input.required === true,
            spec.required === true,
            `${inputName(name, spec)}: required matches the schema`,
          );
        }
      }
    });
  }
});

describe('sub-action README input tables repeat action.yml', () => {
  for (const dir of ['replay-traffic', 'compare-baseline', 'install-waf', 'collect-metrics']) {
    it(`${dir}/README.md: each input row has the action.yml description`, () => {
      const inputs =
        (parse(readFileSync(join(dir, 'action.yml'), 'utf8')) as ActionInputs).inputs ?? {};
      const rows = [
        ...readFileSync(join(dir, 'README.md'), 'utf8').matchAll(
          /^\| `([a-z0-9-]+)` \| (?:yes|no) \| (.*) \|$/gm,
        ),
      ];
      assert.ok(rows.length > 0, 'the README has an input table');
      for (const [, name, description] of rows) {
        const input = inputs[name!];
        assert.ok(input, `${name} is an input of ${dir}/action.yml`);
        assert.equal(description, input.description.replace(/\|/g, '\\|'), name);
      }
    });
  }
});
