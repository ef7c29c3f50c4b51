#!/usr/bin/env bash
# The rehearsal as CI is to run it (.ci/run does not call it yet): the real `run` against the cluster double on the seed repo
# — whose only failures must be its real ones: the static error pool-includes-broadcast-address and
# the two repo-contracts cases of its Pi-hole pair, an address announced through two L2 Leases
# (check warns l2-shared-ip-leases) — and on the repos that differ from it as real homelabs do
# (scripts/rehearsal-repos.ts; they take the Pi-hole fix), which must pass (exit 0); then the fault
# catalogue's CI subset (scripts/rehearse-faults.sh --ci). Each run is judged by
# scripts/expect-run-result.ts from its report.json.
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

rehearse --static-errors pool-includes-broadcast-address --live failed \
  --failed-case "Service pihole/pihole-dns-udp (" --failed-case "Service pihole/pihole-dns-tcp (" --
repos="$(mktemp -d)"
trap 'rm -rf "$repos"' EXIT
for repo in $(node scripts/rehearsal-repos.ts "$repos"); do
  rehearse --live passed -- --repo "$repo"
done
scripts/rehearse-faults.sh --ci || failed=1
exit "$failed"
