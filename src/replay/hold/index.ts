/** Hold mode: long-lived WebSocket connections held through the WAF (`waf-gate replay --mode hold`). */
export type * from './types.js';
export {
  holdOptions,
  holdSettingsFrom,
  parseHoldOptions,
  DEFAULT_HOLD_CONNECTIONS,
  DEFAULT_HOLD_HATCH_RATE_CPS,
  type HoldOptions,
  type HoldOptionsInit,
  type HoldSettingValues,
} from './options.js';
export {
  runHold,
  writeHoldResult,
  HOLD_RESULT_FILE,
  HOLD_DROP_CAUSES,
  NOFILE_MARGIN,
  type HoldDeps,
} from './run.js';
export { formatHoldBlock, formatHoldMarkdown } from './print.js';
