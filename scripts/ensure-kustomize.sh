#!/usr/bin/env bash
# The loader builds each Flux Kustomization with the real kustomize when one is on PATH
# (`kustomize`, or `kubectl kustomize`; docs/repo-config.md). This machine kind ships kubectl (with
# kustomize built in) and GitHub's runners ship kustomize, so nothing is downloaded: this only
# checks, and says clearly when neither is there. test/repo/flux-render.test.ts then fails (it
# does not skip). Debian's `kubernetes-client` package carries a kubectl too old for the flags the
# loader passes (kustomize v2: no --load-restrictor, no buildMetadata), so it is not installed here.
set -euo pipefail
if command -v kustomize >/dev/null 2>&1; then
  echo "ensure-kustomize: $(kustomize version 2>/dev/null | head -n1) on PATH" >&2
elif command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1; then
  echo "ensure-kustomize: kubectl kustomize ($(kubectl version --client 2>/dev/null | grep -i kustomize | head -n1))" >&2
else
  echo "ensure-kustomize: neither kustomize nor kubectl is on PATH: the Flux rendering tests will fail." >&2
  echo "ensure-kustomize: fix: put kustomize (v5) or kubectl (>= 1.27) on PATH" >&2
fi
