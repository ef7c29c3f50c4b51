#!/usr/bin/env bash
# The fault catalogue, run and judged (issue 12; rehearsal/faults/run-faults.ts):
#   scripts/rehearse-faults.sh [--fault NAME]... [--batch A,B,...]... [--repo DIR] [--ci]
# Every fault by default, one rehearsal each (each takes the rehearsal lock through rehearse.sh);
# prints "N/M faults caught" and exits 0 only when every fault was caught.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
exec node rehearsal/faults/run-faults.ts "$@"
