#!/usr/bin/env bash
# Builds the images the probe tests need without a registry: the LAN client
# (`cilium-conformance/lan-client:offline`), FROM scratch with Debian's busybox-static.
# Idempotent and fast: the image carries a hash of its inputs (Dockerfile + busybox binary + the
# build recipe below) as a label, and an image whose label matches is left alone.
# The image carries NO harness label (io.cilium-conformance/managed, run-id): docker copies image
# labels onto every container made from it, so a container a user starts by hand would look like
# the harness's and `down --all` would remove it. The harness labels what it starts, at start. Installs busybox-static when it is
# missing and we are root (Debian/Ubuntu). Exit 3 when Docker or busybox cannot be had.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCKER="${CILIUM_CONFORMANCE_DOCKER_BIN:-/usr/bin/docker}"
IMAGE="${CILIUM_CONFORMANCE_OFFLINE_IMAGE:-cilium-conformance/lan-client:offline}"
BUSYBOX="${CILIUM_CONFORMANCE_BUSYBOX:-/bin/busybox}"
DOCKERFILE="scripts/lan-client/Dockerfile"
HASH_LABEL="io.cilium-conformance/content-hash"
# Part of the hash: bump it when the build itself changes (v2: the managed label is gone), so
# images built by an older recipe are rebuilt.
RECIPE="v2 no harness labels on the image"

say() { echo "build-offline-images: $*" >&2; }

if ! "$DOCKER" info >/dev/null 2>&1; then
  say "the Docker engine does not answer ($DOCKER info failed); run scripts/ensure-docker.sh first"
  exit 3
fi

# busybox must be the static build: the image has no libc. (grep without -q reads all of the
# list: an early exit would kill busybox with SIGPIPE and fail the pipeline under pipefail.)
is_static_busybox() {
  [ -x "$BUSYBOX" ] && "$BUSYBOX" --list 2>/dev/null | grep -x arping >/dev/null &&
    ! (ldd "$BUSYBOX" 2>/dev/null | grep -q "=>")
}
if ! is_static_busybox; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && [ "$BUSYBOX" = /bin/busybox ]; then
    say "installing Debian's busybox-static"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq busybox-static >/dev/null
  fi
fi
if ! is_static_busybox; then
  say "$BUSYBOX is not a statically linked BusyBox with arping."
  say "fix: apt-get install busybox-static (as root), or set CILIUM_CONFORMANCE_BUSYBOX to such a binary"
  exit 3
fi

hash="$( (echo "$RECIPE"; cat "$DOCKERFILE" "$BUSYBOX") | sha256sum | cut -d' ' -f1)"
current="$("$DOCKER" image inspect --format "{{ index .Config.Labels \"$HASH_LABEL\" }}" "$IMAGE" 2>/dev/null || true)"
if [ "$current" = "$hash" ]; then
  say "$IMAGE is up to date (${hash:0:12})"
  exit 0
fi

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT
cp "$DOCKERFILE" "$context/Dockerfile"
cp "$BUSYBOX" "$context/busybox"
say "building $IMAGE from $BUSYBOX ($("$BUSYBOX" 2>&1 | head -n1 | cut -d' ' -f1-3))"
if ! DOCKER_BUILDKIT=0 "$DOCKER" build --quiet --label "$HASH_LABEL=$hash" -t "$IMAGE" "$context" >/dev/null; then
  say "docker build of $IMAGE failed"
  exit 3
fi
say "built $IMAGE (${hash:0:12})"
