#!/usr/bin/env bash
# Starts a Docker Engine when none answers: no bridge and no iptables, so every container uses
# no network or the host's loopback (--network host), and all test traffic stays on 127.0.0.1.
set -euo pipefail
if docker info >/dev/null 2>&1; then echo "Docker Engine already running"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then echo "dockerd is not running; start it as root" >&2; exit 1; fi
nohup dockerd --bridge=none --iptables=false >"${TMPDIR:-/tmp}/dockerd.log" 2>&1 &
for _ in $(seq 1 120); do
  if docker info >/dev/null 2>&1; then echo "Docker Engine $(docker version --format '{{.Server.Version}}') started"; exit 0; fi
  sleep 0.5
done
echo "dockerd did not start; its log:" >&2
tail -20 "${TMPDIR:-/tmp}/dockerd.log" >&2
exit 1
