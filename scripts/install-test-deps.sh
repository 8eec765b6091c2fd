#!/usr/bin/env bash
# Installs the Debian packages the tests use, when a command is missing:
# the Docker Engine, an OCI registry with htpasswd, PostgreSQL, debootstrap (to make base
# images, since none can be pulled), busybox for a tiny image, varnish (the caching edge that
# stands in for CloudFront), Chromium (the browser of the journeys; none can be downloaded) and
# Squid (a company's proxy, for the runs behind HTTPS_PROXY).
# moto must already be there, for python3 or for the Python MOTO_PYTHON names (a virtual
# environment's, on Ubuntu). With --bench, also the tools the benchmarks compare with: awscli
# (`aws s3 sync`) and rclone (CI does not run the benchmarks).
set -euo pipefail
declare -A package_of=(
  [dockerd]=docker.io
  [docker-registry]=docker-registry
  [htpasswd]=apache2-utils
  [debootstrap]=debootstrap
  [busybox]=busybox-static
  [varnishd]=varnish
  [chromium]=chromium
  [squid]=squid
)
if [ "${1:-}" = "--bench" ]; then
  package_of[rclone]=rclone
fi
missing=()
for command in "${!package_of[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${package_of[$command]}")
done
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
# Debian's awscli (2.x), not any `aws` on PATH: a Python environment's awscli 1.x may shadow it.
if [ "${1:-}" = "--bench" ] && [ ! -x /usr/bin/aws ]; then missing+=(awscli); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# The Debian service units are not wanted: the tests start their own servers on loopback.
for unit in docker-registry postgresql varnish varnishncsa squid; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$unit" 2>/dev/null; then systemctl stop "$unit" || true; fi
done
python="${MOTO_PYTHON:-python3}"
"$python" -c 'import moto.server, flask' 2>/dev/null || {
  echo "moto with its server is not installed for $python: pip install 'moto[server]==5.2.1' (in a venv, then MOTO_PYTHON=VENV/bin/python)" >&2
  exit 1
}
echo "test dependencies present; moto $("$python" -c 'import moto; print(moto.__version__)') for $python"
