/** Named access-log formats: nginx's `combined`, the lab's format, the original scripts' marker format, JSON lines. */
import { LAB_LOG_FORMAT } from '../../lab/log-format.js';

/** nginx's built-in `combined` format. */
export const COMBINED_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

/**
 * The lab's format: the very string the lab writes into its nginx.conf (`log_format waf_gate '…'`), so
 * the preset cannot drift from what the lab's WAFs log.
 */
export const WAF_GATE_LAB_FORMAT: string = LAB_LOG_FORMAT;

/** Field names of the `json` preset (keys of each JSON line). */
export interface JsonFieldNames {
  /** @default 'status' */
  status: string;
  /** @default 'host' */
  host: string;
  /** @default 'upstream_status' */
  upstreamStatus: string;
  /** @default 'gid' */
  id: string;
  /** @default 'rid' */
  requestId: string;
}

/** Defaults of {@link JsonFieldNames}. */
export const DEFAULT_JSON_FIELDS: JsonFieldNames = {
  status: 'status',
  host: 'host',
  upstreamStatus: 'upstream_status',
  id: 'gid',
  requestId: 'rid',
};

/**
 * The `json` preset as an escape=json log_format with the given key names, in this key order:
 * `{"time":…,"remote_addr":…,"request":…,"<status>":…,"<host>":…,"<upstreamStatus>":…,"<id>":…,"<requestId>":…}`.
 * A differently shaped JSON format is compiled from the user's own `log_format … escape=json` instead.
 */
export function jsonPresetFormat(names: JsonFieldNames, idVariable: string): string {
  return (
    `{"time":"$time_iso8601","remote_addr":"$remote_addr","request":"$request",` +
    `"${names.status}":"$status","${names.host}":"$host","${names.upstreamStatus}":"$upstream_status",` +
    `"${names.id}":"$${idVariable}","${names.requestId}":"$request_id"}`
  );
}

/** Preset names accepted by `--log-format` / `log-format`. */
export const PRESET_NAMES = ['combined', 'waf-gate-lab', 'waf-marker', 'json'] as const;
/** A preset name. */
export type PresetName = (typeof PRESET_NAMES)[number];

/** True when `value` names a preset rather than a log_format definition. */
export function isPresetName(value: string): value is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(value);
}
