#!/usr/bin/env bash
# Makes sure a Docker engine answers. Installs Debian's docker.io and starts dockerd when
# neither is there (CI machines start with no engine running). Needs root for the install.
set -euo pipefail
DOCKER="${CILIUM_CONFORMANCE_DOCKER_BIN:-/usr/bin/docker}"
if [ -x "$DOCKER" ] && "$DOCKER" info >/dev/null 2>&1; then
  exit 0
fi
if ! [ -x /usr/sbin/dockerd ]; then
  echo "ensure-docker: installing Debian's docker.io" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq docker.io >/dev/null
fi
if ! "$DOCKER" info >/dev/null 2>&1; then
  echo "ensure-docker: starting dockerd" >&2
  # dockerd runs iptables and friends from the sbin folders, which a minimal PATH lacks.
  PATH="/usr/local/sbin:/usr/sbin:/sbin:$PATH" nohup /usr/sbin/dockerd >/tmp/cilium-conformance-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    "$DOCKER" info >/dev/null 2>&1 && break
    sleep 1
  done
fi
"$DOCKER" info >/dev/null 2>&1 || {
  echo "ensure-docker: the Docker engine did not answer within 60s; see /tmp/cilium-conformance-dockerd.log" >&2
  exit 3
}
