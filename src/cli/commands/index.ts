/** Every `waf-gate` command, in the order `--help` lists them. */
import type { Command } from '../command.js';
import { labCommand } from './lab.js';
import { replayCommand } from './replay.js';
import { mergeCommand } from './merge.js';
import { collectCommand } from './collect.js';
import { compareCommand } from './compare.js';
import { reportCommand } from './report.js';
import { installCommand } from './install.js';
import { demoCommand } from './demo.js';
import { measureCommand } from './measure.js';

export const commands: Command[] = [
  demoCommand,
  labCommand,
  installCommand,
  measureCommand,
  replayCommand,
  mergeCommand,
  collectCommand,
  compareCommand,
  reportCommand,
];
