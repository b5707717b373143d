#!/usr/bin/env bash
# Prints the path of a Node.js that satisfies package.json's `engines.node` (">=20.18.1") for the
# composite actions' run steps. Self-hosted runners may have no node on PATH, and the runner's own node
# is the one GitHub keeps current, so the search order is:
#   1. WAF_GATE_NODE, when set (an explicit choice wins; skipped with a warning if it does not satisfy)
#   2. the runner's own node: walk up the parent processes to the `Runner.Worker` running this step;
#      its folder is <runner>/bin, and <runner>/externals/node24/bin/node, node20, … sit beside it
#   3. in container jobs (the runner is outside the container's process tree): /__e/node*/bin/node,
#      where the runner mounts its externals
#   4. the tool cache: $RUNNER_TOOL_CACHE/node/<version>/{x64,arm64}/bin/node (actions/setup-node)
#   5. node on PATH
# Within 2, 3 and 4 the highest satisfying version wins. Every candidate's version is checked against
# engines (not just the major: v20.10.0 is refused, v20.18.1 accepted). When none satisfies it prints a
# GitHub `::error::` annotation listing every path searched with the version found and how to fix it,
# and exits 1, so the composite step that calls it fails right there.
#
# WAF_GATE_FIND_NODE_ROOT (tests only): a directory prefixed to /proc and /__e, so the tests in
# test/actions/find-node.test.ts can lay out a fake process tree and container mount.
#
# Pure bash apart from readlink (and timeout when present): it runs before any Node.js is known.
set -u

root="${WAF_GATE_FIND_NODE_ROOT:-}"
proc="$root/proc"
script_dir="${BASH_SOURCE[0]%/*}"
[ "$script_dir" = "${BASH_SOURCE[0]}" ] && script_dir=.
package_json="$script_dir/../package.json"

# Workflow command data: % CR LF escaped (https://docs.github.com/actions/reference/workflow-commands).
escape_data() {
  local s="${1//%/%25}"
  s="${s//$'\r'/%0D}"
  printf '%s' "${s//$'\n'/%0A}"
}

# Property values (title=…) also escape : and ,.
escape_property() {
  local s
  s="$(escape_data "$1")"
  s="${s//:/%3A}"
  printf '%s' "${s//,/%2C}"
}

fail() {
  printf '::error title=%s::%s\n' "$(escape_property 'waf-gate: no usable Node.js')" "$(escape_data "$1")" >&2
  exit 1
}

# The required minimum from package.json: "engines": { "node": ">=X.Y.Z" }.
[ -r "$package_json" ] || fail "Cannot read $package_json to learn which Node.js version waf-gate needs (engines.node). The action's files are incomplete: check out or download the whole action."
text="$(<"$package_json")"
text="${text//$'\n'/ }"
if [[ "$text" =~ \"engines\"[[:space:]]*:[[:space:]]*\{[^}]*\"node\"[[:space:]]*:[[:space:]]*\"\>=[[:space:]]*([0-9]+)\.([0-9]+)\.([0-9]+)\" ]]; then
  req_major="${BASH_REMATCH[1]}" req_minor="${BASH_REMATCH[2]}" req_patch="${BASH_REMATCH[3]}"
else
  fail "$package_json has no engines.node of the form \">=MAJOR.MINOR.PATCH\", the only form scripts/find-node.sh understands."
fi
required="$req_major.$req_minor.$req_patch"

searched=()
found_version=""

# Sets found_version to the X.Y.Z that `$1 --version` prints; returns 1 (with a note in searched)
# when the file is missing, not executable, or prints no version.
probe() {
  local path="$1" label="$2" out
  found_version=""
  if [ ! -e "$path" ]; then
    searched+=("$label $path: not found")
    return 1
  fi
  if [ ! -x "$path" ]; then
    searched+=("$label $path: not executable")
    return 1
  fi
  if command -v timeout >/dev/null 2>&1; then
    out="$(timeout 10 "$path" --version 2>/dev/null)"
  else
    out="$("$path" --version 2>/dev/null)"
  fi
  if [[ "$out" =~ ^v?([0-9]+)\.([0-9]+)\.([0-9]+) ]]; then
    found_version="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.${BASH_REMATCH[3]}"
    return 0
  fi
  searched+=("$label $path: did not run or printed no version (${out:0:60})")
  return 1
}

# 0 when version $1 >= $2 (both X.Y.Z).
version_ge() {
  local IFS=.
  local -a a=($1) b=($2)
  local i
  for i in 0 1 2; do
    ((10#${a[i]} > 10#${b[i]})) && return 0
    ((10#${a[i]} < 10#${b[i]})) && return 1
  done
  return 0
}

# Probes every path in the arguments (after the label) and sets best_path/best_version to the highest
# version satisfying engines; returns 1 when none does. Every probe is recorded in `searched`.
best_path="" best_version=""
pick_best() {
  local label="$1" path
  shift
  best_path="" best_version=""
  for path in "$@"; do
    probe "$path" "$label" || continue
    if ! version_ge "$found_version" "$required"; then
      searched+=("$label $path: v$found_version (older than $required)")
      continue
    fi
    searched+=("$label $path: v$found_version")
    if [ -z "$best_version" ] || ! version_ge "$best_version" "$found_version"; then
      best_path="$path" best_version="$found_version"
    fi
  done
  [ -n "$best_path" ]
}

use() {
  printf 'waf-gate: Node.js v%s from %s: %s\n' "$2" "$3" "$1" >&2
  printf '%s\n' "$1"
  exit 0
}

# 1. WAF_GATE_NODE
if [ -n "${WAF_GATE_NODE:-}" ]; then
  if pick_best "WAF_GATE_NODE" "$WAF_GATE_NODE"; then use "$best_path" "$best_version" "WAF_GATE_NODE"; fi
  printf '::warning title=%s::%s\n' "$(escape_property 'waf-gate: WAF_GATE_NODE skipped')" "$(escape_data "${searched[${#searched[@]} - 1]}; looking elsewhere.")" >&2
fi

# 2. The runner's own node, found from the Runner.Worker among this script's ancestors.
runner_bin=""
pid="$PPID"
ppid_re=$'(^|\n)PPid:[[:space:]]*([0-9]+)'
for ((depth = 0; depth < 64; depth++)); do
  [ -n "$pid" ] && [ "$pid" -gt 1 ] 2>/dev/null || break
  [ -r "$proc/$pid/status" ] || break
  exe="$(readlink -- "$proc/$pid/exe" 2>/dev/null)"
  if [ -z "$exe" ] && [ -r "$proc/$pid/cmdline" ]; then
    IFS= read -r -d '' exe <"$proc/$pid/cmdline"
  fi
  exe="${exe% (deleted)}"
  if [ "${exe##*/}" = "Runner.Worker" ] && [ "${exe:0:1}" = "/" ]; then
    runner_bin="${exe%/*}"
    break
  fi
  status="$(<"$proc/$pid/status")"
  if [[ "$status" =~ $ppid_re ]]; then pid="${BASH_REMATCH[2]}"; else break; fi
done
if [ -n "$runner_bin" ]; then
  externals=()
  runner_root="${runner_bin%/*}"
  for dir in "$runner_root"/externals/node*; do
    [[ "${dir##*/}" =~ ^node[0-9]+$ ]] && externals+=("$dir/bin/node")
  done
  [ ${#externals[@]} -gt 0 ] || searched+=("runner $runner_root/externals/node*/bin/node: none")
  if pick_best "runner" "${externals[@]}"; then use "$best_path" "$best_version" "the runner ($runner_bin/Runner.Worker)"; fi
else
  searched+=("runner: no Runner.Worker among this step's parent processes (read from $proc)")
fi

# 3. Container jobs: the runner's externals mounted at /__e.
container=()
for dir in "$root"/__e/node*; do
  [[ "${dir##*/}" =~ ^node[0-9]+$ ]] && container+=("$dir/bin/node")
done
if [ ${#container[@]} -gt 0 ]; then
  if pick_best "container" "${container[@]}"; then use "$best_path" "$best_version" "the runner's externals in this container ($root/__e)"; fi
else
  searched+=("container $root/__e/node*/bin/node: none")
fi

# 4. The tool cache (actions/setup-node, or a runner image's preinstalled versions).
if [ -n "${RUNNER_TOOL_CACHE:-}" ]; then
  cached=()
  for n in "$RUNNER_TOOL_CACHE"/node/*/x64/bin/node "$RUNNER_TOOL_CACHE"/node/*/arm64/bin/node; do
    [ -e "$n" ] && cached+=("$n")
  done
  [ ${#cached[@]} -gt 0 ] || searched+=("tool cache $RUNNER_TOOL_CACHE/node/*/{x64,arm64}/bin/node: none")
  if pick_best "tool cache" "${cached[@]}"; then use "$best_path" "$best_version" "the tool cache"; fi
else
  searched+=("tool cache: RUNNER_TOOL_CACHE is not set")
fi

# 5. PATH.
if on_path="$(command -v node 2>/dev/null)" && [ -n "$on_path" ]; then
  if pick_best "PATH" "$on_path"; then use "$best_path" "$best_version" "PATH"; fi
else
  searched+=("PATH: no node")
fi

list=""
for line in "${searched[@]}"; do list+=$'\n'"  - $line"; done
fail "waf-gate needs Node.js >= $required (package.json engines.node) and found none. Searched:$list
Fix: install Node.js $required or newer on the runner (e.g. an actions/setup-node step with node-version: 24 before this action), or set WAF_GATE_NODE to the path of such a node binary."
