/**
 * log_format compilation and scanning: an nginx `log_format` (or a named preset) compiled into a
 * per-format field scanner generated as code, the record parsers built on it, and the byte-keyed hash
 * table the scan loop counts and indexes with. The lowest collect sub-folder: imports nothing of collect.
 */
export { ByteKeyTable } from './byte-key-table.js';
export {
  FieldScanner,
  decodeJsonEscapes,
  fixedWidth,
  latin1Text,
  parseDecimal,
} from './field-scanner.js';
export {
  compileLogFormat,
  isKnownVariable,
  unquoteDefinition,
  type CompileOptions,
  type CompiledFormat,
  type FormatField,
  type LogEscape,
} from './log-format.js';
export {
  COMBINED_FORMAT,
  DEFAULT_JSON_FIELDS,
  PRESET_NAMES,
  WAF_GATE_LAB_FORMAT,
  isPresetName,
  jsonPresetFormat,
  type JsonFieldNames,
  type PresetName,
} from './presets.js';
export {
  logTimeResolutionMs,
  logTimeVariable,
  parseLogTimeMs,
  type LogTimeKind,
} from './log-time.js';
export {
  FormatRecordParser,
  MarkerRecordParser,
  ParseOutcome,
  decodeValue,
  isEmptyValue,
  type FormatRoles,
  type LogRecordParser,
} from './record-parser.js';
