#!/usr/bin/env bash
# Headless Chromium: the report test opens the single-file Allure report from file:// and checks it
# renders; scripts/check-allure-render.sh takes screenshots with it.
set -euo pipefail
if command -v "${CHROMIUM_BIN:-chromium}" >/dev/null 2>&1; then
  exit 0
fi
echo "ensure-chromium: installing Debian's chromium for the report rendering test" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium >/dev/null
