#!/usr/bin/env bash
# One command to install everything the tests need on a fresh Debian/Ubuntu machine:
# Node >= 22.22, the npm dependencies, a running Docker engine, Java for the Allure CLI, headless
# Chromium for the report rendering test, and the locally built images (the LAN client, and the
# rehearsal's kind node).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
echo "setup: node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund --loglevel=error
scripts/ensure-docker.sh
scripts/ensure-java.sh
scripts/ensure-kustomize.sh
scripts/ensure-chromium.sh
scripts/build-offline-images.sh
scripts/build-rehearsal-images.sh >/dev/null
echo "setup: done"
