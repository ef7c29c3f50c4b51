#!/usr/bin/env bash
# Renders a fake run's Allure report in headless Chromium and prints the screenshot's path.
# Needs Java 17+ and Debian's chromium (apt-get install -y chromium openjdk-17-jre-headless).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
exec node scripts/check-allure-render.ts "$@"
