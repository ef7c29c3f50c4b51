#!/usr/bin/env bash
# Caches the suites' workload images (echo backend, busybox client) between CI runs.
#   image-cache.sh pull IMAGE...      pull the images the host does not have yet
#   image-cache.sh save DIR IMAGE...  docker save them to DIR/images.tar
#   image-cache.sh load DIR           docker load DIR/images.tar (if any)
# `cilium-conformance test` then hands them to the kind nodes (`kind load docker-image`).
# Only tag references are cached: `docker save` keeps no registry manifest digest (RepoDigests are
# lost), so an image a pod or kind names by `@sha256:` (the kind node image, Cilium's chart images)
# cannot be served from a saved copy and is refused here. See docs/ci-guide.md.
set -euo pipefail
usage="usage: image-cache.sh pull IMAGE... | save DIR IMAGE... | load DIR"
action="${1:?$usage}"
shift
DOCKER="${CILIUM_CONFORMANCE_DOCKER_BIN:-docker}"

tagged() {
  local image
  for image in "$@"; do
    if [[ "$image" == *@sha256:* ]]; then
      echo "image-cache: $image is pinned by digest; a saved copy cannot serve it, not cached" >&2
    else
      printf '%s\n' "$image"
    fi
  done
}

case "$action" in
  pull)
    mapfile -t images < <(tagged "$@")
    for image in "${images[@]}"; do
      "$DOCKER" image inspect "$image" > /dev/null 2>&1 || "$DOCKER" pull --quiet "$image"
    done
    ;;
  save)
    dir="${1:?$usage}"
    shift
    archive="$dir/images.tar"
    present=()
    while IFS= read -r image; do
      if "$DOCKER" image inspect "$image" > /dev/null 2>&1; then
        present+=("$image")
      else
        echo "image-cache: $image is not on this host, not saved" >&2
      fi
    done < <(tagged "$@")
    if [ "${#present[@]}" -eq 0 ]; then
      echo "image-cache: no images to save" >&2
      exit 0
    fi
    mkdir -p "$dir"
    "$DOCKER" save -o "$archive.tmp" "${present[@]}"
    mv "$archive.tmp" "$archive"
    echo "image-cache: saved ${present[*]} to $archive"
    ;;
  load)
    archive="${1:?$usage}/images.tar"
    if [ -f "$archive" ]; then
      "$DOCKER" load -i "$archive"
    else
      echo "image-cache: nothing cached at $archive" >&2
    fi
    ;;
  *)
    echo "$usage" >&2
    exit 2
    ;;
esac
