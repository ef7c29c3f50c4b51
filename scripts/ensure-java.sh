#!/usr/bin/env bash
# The Allure CLI (npm package allure-commandline) runs on Java >= 8; the report tests generate HTML.
set -euo pipefail
if command -v java >/dev/null 2>&1; then
  exit 0
fi
echo "ensure-java: installing Debian's openjdk-17-jre-headless for the Allure CLI" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq openjdk-17-jre-headless >/dev/null
