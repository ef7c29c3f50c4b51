#!/usr/bin/env bash
# The rehearsal as CI runs it (.ci/run): the real `run` against the cluster double on the seed repo
# — whose only failure must be its real static error (pool-includes-broadcast-address) — and on the
# repos that differ from it as real homelabs do (scripts/rehearsal-repos.ts), which must pass (exit
# 0). Each result is judged by scripts/expect-run-result.ts from the run's report.json.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
failed=0

rehearse() { # <expect-args...> -- <rehearse-args...>
  local expect=() args=()
  while [ "$1" != "--" ]; do expect+=("$1"); shift; done
  shift
  args=("$@")
  local log
  log="$(mktemp)"
  local started=$SECONDS
  scripts/rehearse.sh "${args[@]}" | tee "$log"
  local code=${PIPESTATUS[0]}
  local report
  report="$(tail -n 1 "$log")/report.json"
  rm -f "$log"
  echo "ci-rehearsal: ${args[*]:-fixtures/homelab}: exit $code after $((SECONDS - started)) s"
  if ! node scripts/expect-run-result.ts --report "$report" --exit-code "$code" "${expect[@]}"; then
    failed=1
  fi
}

rehearse --static-errors pool-includes-broadcast-address --live passed --
repos="$(mktemp -d)"
trap 'rm -rf "$repos"' EXIT
for repo in $(node scripts/rehearsal-repos.ts "$repos"); do
  rehearse --live passed -- --repo "$repo"
done
exit "$failed"
