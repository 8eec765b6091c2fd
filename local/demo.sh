#!/usr/bin/env bash
# Ships the example shop through deploy.yml and rollback.yml on this machine, against local
# stand-ins for AWS. On Debian as root it installs what is missing; elsewhere it says what to
# install (Docker Engine, docker-registry, htpasswd, PostgreSQL, debootstrap, varnish, chromium,
# moto 5.2 for python3).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
bash scripts/start-dockerd.sh
[ -d node_modules ] || npm ci --no-audit --no-fund
NODE_NO_WARNINGS=1 exec npx tsx local/demo.ts
