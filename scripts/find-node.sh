#!/usr/bin/env bash
# Prints the path of a Node.js >= 20 for the composite actions' run steps. Self-hosted runners may have
# no node on PATH, so it also looks where the runner keeps its own node and in the tool cache.
# Override with WAF_GATE_NODE=/path/to/node.
set -u
ok() { "$1" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; }
candidates=()
[ -n "${WAF_GATE_NODE:-}" ] && candidates+=("$WAF_GATE_NODE")
command -v node >/dev/null 2>&1 && candidates+=("$(command -v node)")
# The runner's own node: <runner root>/externals/node*/bin/node; RUNNER_WORKSPACE is <root>/_work/<repo>.
if [ -n "${RUNNER_WORKSPACE:-}" ]; then
  root="$(dirname "$(dirname "$RUNNER_WORKSPACE")")"
  for n in "$root"/externals/node24/bin/node "$root"/externals/node20/bin/node; do candidates+=("$n"); done
fi
if [ -n "${RUNNER_TOOL_CACHE:-}" ]; then
  for n in "$RUNNER_TOOL_CACHE"/node/*/x64/bin/node "$RUNNER_TOOL_CACHE"/node/*/arm64/bin/node; do candidates+=("$n"); done
fi
for n in "${candidates[@]}"; do
  if [ -x "$n" ] && ok "$n"; then
    printf '%s\n' "$n"
    exit 0
  fi
done
echo "waf-gate: no Node.js >= 20 found (looked at WAF_GATE_NODE, PATH, the runner's externals and the tool cache). Add an 'actions/setup-node' step with node-version: 20 before this action, or set WAF_GATE_NODE." >&2
exit 1
