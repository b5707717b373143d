/**
 * Every command's --help lists its stage's options from the schema (in-process: the committed bundle
 * that test/cli/cli.test.ts runs is rebuilt separately), and its flags parse exactly the schema's names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from '../../src/cli/command.ts';
import { collectCommand } from '../../src/cli/commands/collect.ts';
import { compareCommand } from '../../src/cli/commands/compare.ts';
import { demoCommand } from '../../src/cli/commands/demo.ts';
import { installCommand } from '../../src/cli/commands/install.ts';
import { measureCommand } from '../../src/cli/commands/measure.ts';
import { replayCommand } from '../../src/cli/commands/replay.ts';
import { COLLECT_SCHEMA, COLLECT_STOP_SCHEMA } from '../../src/collect/schema.ts';
import { flagText, optionHelpText } from '../../src/common/option-help.ts';
import type { OptionSchema } from '../../src/common/option-schema.ts';
import { COMPARE_SCHEMA } from '../../src/compare/schema.ts';
import { DEMO_SCHEMA } from '../../src/demo/schema.ts';
import { INSTALL_SCHEMA } from '../../src/install/schema.ts';
import { MEASURE_SCHEMA } from '../../src/pipeline/schema.ts';
import { REPLAY_SCHEMA } from '../../src/replay/schema.ts';

const COMMANDS: Array<[Command, OptionSchema[]]> = [
  [replayCommand, [REPLAY_SCHEMA]],
  [compareCommand, [COMPARE_SCHEMA]],
  [measureCommand, [MEASURE_SCHEMA]],
  [demoCommand, [DEMO_SCHEMA]],
  [installCommand, [INSTALL_SCHEMA]],
  [collectCommand, [COLLECT_SCHEMA, COLLECT_STOP_SCHEMA]],
];

describe('command help from the schemas', () => {
  for (const [command, schemas] of COMMANDS) {
    it(`waf-gate ${command.name} --help lists every option once, with its schema text`, () => {
      const help = command.help.replace(/\s+/g, ' ');
      for (const schema of schemas) {
        for (const [name, spec] of Object.entries(schema)) {
          const rows = command.help.match(new RegExp(`^ {2}--${name}(?: |$)`, 'gm')) ?? [];
          assert.equal(rows.length, 1, `--${name} appears once`);
          assert.ok(help.includes(flagText(name, spec)), `flag ${flagText(name, spec)}`);
          assert.ok(help.includes(optionHelpText(spec)), `text of --${name}`);
        }
      }
    });
  }
});
