#!/usr/bin/env bash
# The rehearsal as CI runs it (.ci/run, after scripts/test.sh):
#   scripts/ci-rehearsal.sh [--variants]
# The real `run` against the cluster double on the seed repo — whose only failures must be its real
# ones: its two static errors, pool-includes-broadcast-address and l2-shared-ip-leases (its Pi-hole
# pair, an address announced through two L2 Leases), and the two repo-contracts cases of that pair,
# which confirm the second one live (scripts/seed-run-expectation.ts, expect-run-result --seed) — then
# the fault catalogue's CI subset (scripts/rehearse-faults.sh --ci; its big batch runs on the
# routes-by-path variant, whose every other case must be green). --variants also rehearses the
# repos that differ from the seed as real homelabs do (scripts/rehearsal-repos.ts; they take the
# Pi-hole fix), each of which must pass (exit 0): about 10 more minutes, which would take .ci/run
# past half an hour, so it is run by hand on every change to the double, the suites or the
# pipeline. Each run is judged by scripts/expect-run-result.ts from its report.json.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
failed=0
variants=0
case "${1:-}" in
  --variants) variants=1 ;;
  "") ;;
  *)
    echo "usage: scripts/ci-rehearsal.sh [--variants]" >&2
    exit 2
    ;;
esac

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

rehearse --seed --
scripts/rehearse-faults.sh --ci || failed=1
if [ "$variants" = 1 ]; then
  repos="$(mktemp -d)"
  trap 'rm -rf "$repos"' EXIT
  for repo in $(node scripts/rehearsal-repos.ts "$repos"); do
    rehearse --live passed -- --repo "$repo"
  done
fi
exit "$failed"
