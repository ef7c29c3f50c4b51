#!/usr/bin/env bash
# Saves or loads the container images a run uses (kind node image, Cilium images) so CI can cache
# them between runs: `image-cache.sh save DIR` / `image-cache.sh load DIR`.
set -euo pipefail
action="${1:?usage: image-cache.sh save|load DIR}"
dir="${2:?usage: image-cache.sh save|load DIR}"
DOCKER="${CILIUM_CONFORMANCE_DOCKER_BIN:-docker}"
archive="$dir/images.tar"
case "$action" in
  save)
    mkdir -p "$dir"
    mapfile -t images < <("$DOCKER" images --format '{{.Repository}}:{{.Tag}}' |
      grep -E '^(kindest/node|quay\.io/cilium/|registry\.k8s\.io/gateway-api/)' | grep -v ':<none>$' || true)
    if [ "${#images[@]}" -eq 0 ]; then
      echo "image-cache: no kind or Cilium images to save" >&2
      exit 0
    fi
    "$DOCKER" save -o "$archive.tmp" "${images[@]}"
    mv "$archive.tmp" "$archive"
    echo "image-cache: saved ${#images[@]} images to $archive"
    ;;
  load)
    if [ -f "$archive" ]; then
      "$DOCKER" load -i "$archive"
    else
      echo "image-cache: nothing cached at $archive" >&2
    fi
    ;;
  *)
    echo "usage: image-cache.sh save|load DIR" >&2
    exit 2
    ;;
esac
