#!/usr/bin/env bash
# Installs the pinned kind and cilium CLI (and, with --with-hubble, the hubble CLI) into the
# project-local tools folder (.tools/bin, which the harness searches before PATH), from the
# projects' official release downloads, each verified against its published sha256sum.
# Idempotent: a tool that already reports the pinned version is left alone.
# A download or checksum failure exits non-zero and installs nothing for that tool.
#
# Overrides (tests point the URL bases at local fake releases):
#   CC_TOOLS_DIR             install folder (default: <repo>/.tools/bin)
#   CC_KIND_VERSION          default v0.31.0
#   CC_CILIUM_CLI_VERSION    default v0.19.7
#   CC_HUBBLE_VERSION        required with --with-hubble (no default pin)
#   CC_KIND_URL_BASE         default https://github.com/kubernetes-sigs/kind/releases/download
#   CC_CILIUM_CLI_URL_BASE   default https://github.com/cilium/cilium-cli/releases/download
#   CC_HUBBLE_URL_BASE       default https://github.com/cilium/hubble/releases/download
#   CC_ARCH                  amd64 or arm64 (default: from uname -m)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS_DIR="${CC_TOOLS_DIR:-$ROOT/.tools/bin}"
KIND_VERSION="${CC_KIND_VERSION:-v0.31.0}"
CILIUM_CLI_VERSION="${CC_CILIUM_CLI_VERSION:-v0.19.7}"
HUBBLE_VERSION="${CC_HUBBLE_VERSION:-}"
KIND_URL_BASE="${CC_KIND_URL_BASE:-https://github.com/kubernetes-sigs/kind/releases/download}"
CILIUM_CLI_URL_BASE="${CC_CILIUM_CLI_URL_BASE:-https://github.com/cilium/cilium-cli/releases/download}"
HUBBLE_URL_BASE="${CC_HUBBLE_URL_BASE:-https://github.com/cilium/hubble/releases/download}"

WITH_HUBBLE=0
for arg in "$@"; do
  case "$arg" in
    --with-hubble) WITH_HUBBLE=1 ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
      exit 0
      ;;
    *)
      echo "install-tools: unknown argument '$arg' (use --with-hubble or --help)" >&2
      exit 2
      ;;
  esac
done

say() { echo "install-tools: $*" >&2; }
die() {
  say "error: $*"
  exit "${2:-3}"
}

case "$(uname -s)" in
  Linux) ;;
  *) die "only Linux hosts are supported (found $(uname -s)): kind's LoadBalancer IPs are unreachable from Docker Desktop" ;;
esac
if [ -n "${CC_ARCH:-}" ]; then
  ARCH="$CC_ARCH"
else
  case "$(uname -m)" in
    x86_64 | amd64) ARCH=amd64 ;;
    aarch64 | arm64) ARCH=arm64 ;;
    *) die "unsupported CPU architecture $(uname -m) (kind and cilium publish amd64 and arm64)" ;;
  esac
fi

for needed in curl sha256sum tar; do
  command -v "$needed" >/dev/null 2>&1 || die "'$needed' is required (Debian/Ubuntu: sudo apt-get install $needed)"
done

mkdir -p "$TOOLS_DIR"
# Work next to the target so the final mv is an atomic rename on the same filesystem.
WORK="$(mktemp -d "$TOOLS_DIR/.install.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# download <url> <file>
download() {
  curl --fail --silent --show-error --location --retry 3 --retry-delay 2 --output "$2" "$1" 2>"$WORK/curl.err" ||
    die "download of $1 failed: $(tail -n 1 "$WORK/curl.err")"
}

# verify <file> <sha256sum file> <url of the checksum>
verify() {
  local expected actual
  expected="$(awk 'NR==1 {print $1}' "$2")"
  [[ "$expected" =~ ^[0-9a-f]{64}$ ]] || die "the checksum file $3 holds no sha256 hash (first line: $(head -n 1 "$2"))"
  actual="$(sha256sum "$1" | awk '{print $1}')"
  [ "$expected" = "$actual" ] ||
    die "checksum mismatch for $(basename "$1"): published $expected, downloaded $actual; nothing was installed"
}

# installed_version <binary> <version args...>: prints the first vX.Y.Z the tool reports
installed_version() {
  local bin="$1"
  shift
  [ -x "$bin" ] || return 0
  "$bin" "$@" 2>/dev/null | grep -oE 'v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?' | head -n 1 || true
}

# place <staged binary> <name> <version> <version args...>: checks it runs and reports the version, then installs
place() {
  local staged="$1" name="$2" version="$3"
  shift 3
  chmod 0755 "$staged"
  local reported
  reported="$(installed_version "$staged" "$@")"
  [ "$reported" = "$version" ] ||
    die "the downloaded $name reports '${reported:-nothing}', expected $version; nothing was installed"
  mv -f "$staged" "$TOOLS_DIR/$name"
  say "installed $name $version into $TOOLS_DIR"
}

install_kind() {
  local current
  current="$(installed_version "$TOOLS_DIR/kind" version)"
  if [ "$current" = "$KIND_VERSION" ]; then
    say "kind $KIND_VERSION already installed"
    return
  fi
  local asset="kind-linux-$ARCH"
  local url="$KIND_URL_BASE/$KIND_VERSION/$asset"
  mkdir -p "$WORK/kind"
  download "$url" "$WORK/kind/$asset"
  download "$url.sha256sum" "$WORK/kind/$asset.sha256sum"
  verify "$WORK/kind/$asset" "$WORK/kind/$asset.sha256sum" "$url.sha256sum"
  place "$WORK/kind/$asset" kind "$KIND_VERSION" version
}

# install_tarball <name> <version> <url base> <version args...>: a release tarball holding one binary named <name>
install_tarball() {
  local name="$1" version="$2" base="$3"
  shift 3
  local current
  current="$(installed_version "$TOOLS_DIR/$name" "$@")"
  if [ "$current" = "$version" ]; then
    say "$name $version already installed"
    return
  fi
  local asset="$name-linux-$ARCH.tar.gz"
  local url="$base/$version/$asset"
  mkdir -p "$WORK/$name/extract"
  download "$url" "$WORK/$name/$asset"
  download "$url.sha256sum" "$WORK/$name/$asset.sha256sum"
  verify "$WORK/$name/$asset" "$WORK/$name/$asset.sha256sum" "$url.sha256sum"
  tar -xzf "$WORK/$name/$asset" -C "$WORK/$name/extract" "$name" 2>"$WORK/tar.err" ||
    die "$asset does not contain '$name': $(tail -n 1 "$WORK/tar.err")"
  place "$WORK/$name/extract/$name" "$name" "$version" "$@"
}

install_kind
install_tarball cilium "$CILIUM_CLI_VERSION" "$CILIUM_CLI_URL_BASE" version --client
if [ "$WITH_HUBBLE" = 1 ]; then
  [ -n "$HUBBLE_VERSION" ] || die "--with-hubble needs CC_HUBBLE_VERSION (e.g. CC_HUBBLE_VERSION=v1.18.0), matching your Cilium minor" 2
  install_tarball hubble "$HUBBLE_VERSION" "$HUBBLE_URL_BASE" version
fi
say "done; the harness finds the tools in $TOOLS_DIR (before PATH)"
