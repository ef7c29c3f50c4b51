#!/usr/bin/env bash
# Runs the harness's own tests N times under CPU pressure and reports every test that failed even
# once: "N runs, F failures" (F = runs with at least one failure), then each failing test with how
# often it failed, the machine's load average over the hunt and the durations.
#   scripts/flake-hunt.sh [N] [--load busy|stress-ng|none] [-- vitest filters...]
# N defaults to 5. Load: `busy` (default) keeps every core spinning with shell loops; `stress-ng`
# uses Debian's stress-ng (`stress-ng --cpu 0`); `none` adds nothing (for a machine already busy).
# Filters go to `vitest run` (e.g. `-- test/probes/` or `-- -t "ARP"`). Exit 0 no failure, 1 a
# test failed or vitest exited non-zero, 2 bad arguments, 3 a run left no report. docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
load=busy
filters=()
while [ $# -gt 0 ]; do
  case "$1" in
    --load)
      [ $# -ge 2 ] || { echo "flake-hunt: --load needs busy, stress-ng or none" >&2; exit 2; }
      load="$2"; shift 2 ;;
    --) shift; filters=("$@"); break ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *)
      [[ "$1" =~ ^[1-9][0-9]*$ ]] || { echo "flake-hunt: unknown argument '$1' (N is a whole number >= 1; see --help)" >&2; exit 2; }
      runs="$1"; shift ;;
  esac
done
case "$load" in
  busy|none) ;;
  stress-ng) command -v stress-ng >/dev/null || { echo "flake-hunt: stress-ng is not installed (apt-get install stress-ng), or use --load busy" >&2; exit 3; } ;;
  *) echo "flake-hunt: --load must be busy, stress-ng or none (got '$load')" >&2; exit 2 ;;
esac
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
export CILIUM_CONFORMANCE_DOCKER_BIN="${CILIUM_CONFORMANCE_DOCKER_BIN:-/usr/bin/docker}"
export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-localhost}"

out="$(mktemp -d -t cc-flake-hunt.XXXXXX)"
helpers=()
stop_helpers() {
  for pid in "${helpers[@]}"; do kill "$pid" 2>/dev/null || true; done
  helpers=()
}
trap stop_helpers EXIT
# Ctrl-C must end the hunt, not only the run in progress.
trap 'stop_helpers; exit 130' INT TERM
case "$load" in
  busy) for _ in $(seq "$(nproc)"); do (while :; do :; done) & helpers+=("$!"); done ;;
  stress-ng) stress-ng --cpu 0 --quiet & helpers+=("$!") ;;
esac
# The 1-minute load average every 10 s: the figure the summary reports as the hunt's load.
(while :; do cut -d' ' -f1 /proc/loadavg >>"$out/load.txt"; sleep 10; done) & helpers+=("$!")

echo "flake-hunt: $runs run(s) of the harness tests${filters:+ (${filters[*]})}, added load: $load on $(nproc) core(s), results in $out"
started=$(date +%s)
for i in $(seq "$runs"); do
  t0=$(date +%s)
  status=0
  NO_COLOR=1 npx vitest run --project harness --reporter=dot --reporter=json \
    --outputFile.json="$out/run-$i.json" "${filters[@]}" >"$out/run-$i.log" 2>&1 || status=$?
  echo "$status" >"$out/run-$i.exit"
  echo "$(( $(date +%s) - t0 ))" >"$out/run-$i.seconds"
  echo "flake-hunt: run $i/$runs done in $(cat "$out/run-$i.seconds")s (vitest exit $status, load average $(cut -d' ' -f1 /proc/loadavg))"
done
stop_helpers
node scripts/flake-hunt-summary.ts "$out" "$runs" "$(( $(date +%s) - started ))" "$load"
