#!/usr/bin/env bash
# The rehearsal: the real `cilium-conformance run` against the cluster double (rehearsal/README.md).
#   scripts/rehearse.sh [--repo DIR] [--fault NAME]... [--keep]
#   scripts/rehearse.sh --list-faults [--format json]
# Only one rehearsal at a time may use the mirrored LAN: the run holds an exclusive lock
# (CC_REHEARSAL_LOCK, default /work/rehearsal.lock where /work exists, else in the temp folder).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
export CILIUM_CONFORMANCE_DOCKER_BIN="${CILIUM_CONFORMANCE_DOCKER_BIN:-/usr/bin/docker}"
export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-localhost}"
for arg in "$@"; do
  case "$arg" in --list-faults | --help | -h) exec node rehearsal/rehearse.ts "$@" ;; esac
done
if [ -z "${CC_REHEARSAL_LOCKED:-}" ]; then
  default_lock="/work/rehearsal.lock"
  [ -d /work ] && [ -w /work ] || default_lock="${TMPDIR:-/tmp}/cilium-conformance-rehearsal.lock"
  lock="${CC_REHEARSAL_LOCK:-$default_lock}"
  export CC_REHEARSAL_LOCKED=1
  exec flock "$lock" "$0" "$@"
fi
exec node rehearsal/rehearse.ts "$@"
