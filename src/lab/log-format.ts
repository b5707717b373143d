/**
 * The lab WAFs' access log format. A leaf file (no imports) so that collect-metrics can offer it as the
 * `waf-gate-lab` preset without pulling the lab's nginx/package code into the collector: collect may
 * import only this file from src/lab (enforced in .dependency-cruiser.cjs).
 */
export const LAB_LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent ' +
  '"$http_referer" "$http_user_agent" host=$host rt=$request_time ' +
  'us=$upstream_status urt=$upstream_response_time ' +
  'gid=$http_x_waf_gate_id rid=$request_id port=$remote_port';
