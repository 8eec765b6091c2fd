#!/usr/bin/env bash
# Puts the docker buildx plugin in .tools/docker/cli-plugins/ for the BuildKit tests (secrets,
# ssh, the docker driver's cache limits), where the Docker CLI has none: Debian 12 does not
# package buildx, Debian 13 does (docker-buildx). The .deb is fetched with apt-get through a
# private package list, so the machine's own apt sources stay as they are, and only the plugin
# binary is kept. Nothing is done when a buildx plugin already answers (GitHub's runners).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.tools/docker/cli-plugins
if docker buildx version >/dev/null 2>&1; then echo "docker buildx: $(docker buildx version)"; exit 0; fi
if [ -x "$dest/docker-buildx" ]; then echo "docker buildx: $("$dest/docker-buildx" version)"; exit 0; fi
suite="${BUILDX_DEBIAN_SUITE:-trixie}"
# The mirror the machine's apt sources use (their active lines, one-line or deb822 form).
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
  grep -E '^(deb |URIs:)' | grep -oE 'https?://[^ ]+/debian/?( |$)' | grep -v security | head -1 | tr -d ' ' || true)
mirror="${mirror:-http://deb.debian.org/debian}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb $mirror $suite main" >"$work/sources.list"
apt_private=(-o "Dir::Etc::sourcelist=$work/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache" -o APT::Sandbox::User=root)
apt-get "${apt_private[@]}" update -q >/dev/null
(cd "$work" && apt-get "${apt_private[@]}" download -q docker-buildx >/dev/null)
dpkg-deb -x "$work"/docker-buildx_*.deb "$work/root"
mkdir -p "$dest"
install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-buildx" "$dest/docker-buildx"
echo "docker buildx: $("$dest/docker-buildx" version) in $PWD/$dest"
