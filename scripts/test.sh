#!/usr/bin/env bash
# The test command: lint, type check and the harness's own tests (needs `scripts/setup.sh` first).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
export CILIUM_CONFORMANCE_DOCKER_BIN="${CILIUM_CONFORMANCE_DOCKER_BIN:-/usr/bin/docker}"
# Ryuk (testcontainers' reaper) needs a registry to pull from; our containers are labelled and
# removed by the tests themselves. The host override makes mapped ports reachable inside containers.
export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-localhost}"
exec npm test "$@"
