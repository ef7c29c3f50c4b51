#!/usr/bin/env bash
# Builds the rehearsal's kind node image (rehearsal/images/) from this host's Debian packages and
# the project's Node, installing the packages first when they are missing and we are root.
# Idempotent: the tag is the content hash, an up-to-date image costs a fraction of a second.
# Prints the image tag. Exit 3 when a package or Docker cannot be had.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/ensure-node.sh
source scripts/ensure-node.sh
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"
missing=()
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v nft >/dev/null 2>&1 || missing+=(nftables)
command -v xtables-legacy-multi >/dev/null 2>&1 || missing+=(iptables)
command -v ldd >/dev/null 2>&1 || missing+=(libc-bin)
{ [ -x /bin/busybox ] && ! (ldd /bin/busybox 2>/dev/null | grep -q "=>"); } || missing+=(busybox-static)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "build-rehearsal-images: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "build-rehearsal-images: missing Debian packages: ${missing[*]}; fix: apt-get install ${missing[*]} (as root)" >&2
    exit 3
  fi
fi
exec node rehearsal/images/main.ts
