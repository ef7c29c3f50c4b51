#!/usr/bin/env bash
# Runs the harness's own tests N times under CPU pressure and reports every test that failed even
# once: "N runs, F failures", then each failing test with how often it failed.
#   scripts/flake-hunt.sh [N] [--load busy|stress-ng|none] [-- vitest filters...]
# Load: `busy` (default) keeps every core spinning with shell loops; `stress-ng` uses Debian's
# stress-ng (`stress-ng --cpu 0`) when installed; `none` runs on an idle machine. The Docker-backed
# tests run too, so the engine is needed (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
load=busy
filters=()
while [ $# -gt 0 ]; do
  case "$1" in
    --load) load="$2"; shift 2 ;;
    --) shift; filters=("$@"); break ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) [[ "$1" =~ ^[0-9]+$ ]] || { echo "flake-hunt: unknown argument $1 (see --help)" >&2; exit 2; }; runs="$1"; shift ;;
  esac
done
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
export CILIUM_CONFORMANCE_DOCKER_BIN="${CILIUM_CONFORMANCE_DOCKER_BIN:-/usr/bin/docker}"
export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-localhost}"

out="$(mktemp -d -t cc-flake-hunt.XXXXXX)"
load_pids=()
stop_load() { for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_load EXIT INT TERM
case "$load" in
  busy) for _ in $(seq "$(nproc)"); do (while :; do :; done) & load_pids+=("$!"); done ;;
  stress-ng)
    command -v stress-ng >/dev/null || { echo "flake-hunt: stress-ng is not installed (apt-get install stress-ng), or use --load busy" >&2; exit 3; }
    stress-ng --cpu 0 --quiet & load_pids+=("$!") ;;
  none) ;;
  *) echo "flake-hunt: --load must be busy, stress-ng or none" >&2; exit 2 ;;
esac
echo "flake-hunt: $runs run(s) of the harness tests, load: $load on $(nproc) core(s), results in $out"
started=$(date +%s)
for i in $(seq "$runs"); do
  t0=$(date +%s)
  npx vitest run --project harness --reporter=dot --reporter=json --outputFile.json="$out/run-$i.json" "${filters[@]}" >"$out/run-$i.log" 2>&1 || true
  echo "flake-hunt: run $i/$runs done in $(( $(date +%s) - t0 ))s"
done
stop_load
node scripts/flake-hunt-summary.ts "$out" "$runs" "$(( $(date +%s) - started ))" "$load"
