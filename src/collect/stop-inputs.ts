/** The options `stop` and `analyze` read (see COLLECT_STOP_SCHEMA), parsed once into StopOptions. */
import { parseOptions, type RawOptions } from '../common/option-schema.js';
import { COLLECT_STOP_SCHEMA } from './schema.js';
import type { StopOptions } from './stop-options.js';

/** Parsed stop inputs: what `stop` adds, and where `analyze` starts reading. */
export interface StopInputs {
  stop: StopOptions;
  /** Byte offset `analyze` starts at. @default 0 */
  fromOffset: number;
}

/**
 * Parses raw values by option name (`replay`, `outcomes`, `settle`, `from-offset`); `nameOf` gives
 * what the user typed (`--settle`, `replay-results`) for messages.
 */
export function parseStopInputs(
  raw: RawOptions,
  nameOf: (name: string) => string = (name) => name,
): StopInputs {
  const v = parseOptions(COLLECT_STOP_SCHEMA, raw, { nameOf, stage: 'collect stop' });
  return {
    stop: {
      ...(v.replay === undefined ? {} : { replayFile: v.replay }),
      ...(v.outcomes === undefined ? {} : { outcomesFile: v.outcomes }),
      settleMs: v.settle,
    },
    fromOffset: v['from-offset'],
  };
}
