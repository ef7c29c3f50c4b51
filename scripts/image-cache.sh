#!/usr/bin/env bash
# Caches the suites' workload images (echo backend, busybox client) between CI runs.
#   image-cache.sh pull IMAGE...      pull the images the host does not have yet
#   image-cache.sh save DIR IMAGE...  docker save them to DIR/images.tar
#   image-cache.sh load DIR           docker load DIR/images.tar (if any)
# `cilium-conformance test` then hands them to the kind nodes (`kind load docker-image`).
# Only tag references are cached: `docker save` keeps no registry manifest digest (RepoDigests are
# lost), so an image a pod or kind names by `@sha256:` (the kind node image, Cilium's chart images)
# cannot be served from a saved copy and is refused here. See docs/ci-guide.md.
#
# An optimisation never fails the run: a pull, save or load that fails is a warning and exit 0
# (the suites then pull what they miss). Only usage errors exit 2. Images are pulled and saved for
# one platform (the engine's own, or CC_IMAGE_PLATFORM): under the containerd image store a
# multi-arch image keeps only that platform's content, and a `docker save` of every platform
# fails on the missing ones ("content digest … not found").
set -uo pipefail
usage="usage: image-cache.sh pull IMAGE... | save DIR IMAGE... | load DIR"
action="${1:-}"
[ -n "$action" ] || { echo "$usage" >&2; exit 2; }
shift
DOCKER="${CILIUM_CONFORMANCE_DOCKER_BIN:-docker}"

warn() { echo "image-cache: warning: $*" >&2; }

platform() {
  if [ -n "${CC_IMAGE_PLATFORM:-}" ]; then
    printf '%s\n' "$CC_IMAGE_PLATFORM"
    return
  fi
  local found
  found="$("$DOCKER" version --format '{{.Server.Os}}/{{.Server.Arch}}' 2>/dev/null)" || found=""
  case "$found" in
    */?*) printf '%s\n' "$found" ;;
    *) printf '%s\n' linux/amd64 ;;
  esac
}

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
    PLATFORM="$(platform)"
    mapfile -t images < <(tagged "$@")
    for image in "${images[@]}"; do
      "$DOCKER" image inspect "$image" > /dev/null 2>&1 && continue
      "$DOCKER" pull --quiet --platform "$PLATFORM" "$image" ||
        warn "pulling $image ($PLATFORM) failed; the suites will pull it themselves"
    done
    ;;
  save)
    dir="${1:-}"
    [ -n "$dir" ] || { echo "$usage" >&2; exit 2; }
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
    mkdir -p "$dir" || { warn "cannot create $dir; nothing cached"; exit 0; }
    # `docker save --platform` exists from Docker 28 (API 1.48); older clients save what they hold.
    platform_args=()
    if "$DOCKER" save --help 2>/dev/null | grep -q -- '--platform'; then
      platform_args=(--platform "$(platform)")
    fi
    if "$DOCKER" save "${platform_args[@]}" -o "$archive.tmp" "${present[@]}"; then
      mv "$archive.tmp" "$archive"
      echo "image-cache: saved ${present[*]} to $archive"
    else
      rm -f "$archive.tmp"
      warn "docker save failed; nothing cached this time (the run is not affected)"
    fi
    ;;
  load)
    dir="${1:-}"
    [ -n "$dir" ] || { echo "$usage" >&2; exit 2; }
    archive="$dir/images.tar"
    if [ -f "$archive" ]; then
      "$DOCKER" load -i "$archive" || warn "loading $archive failed; the images will be pulled instead"
    else
      echo "image-cache: nothing cached at $archive" >&2
    fi
    ;;
  *)
    echo "$usage" >&2
    exit 2
    ;;
esac
exit 0
