#!/usr/bin/env bash
# Placeholder replaced by the probes work: builds the images the tests need without a registry.
set -euo pipefail
exit 0
