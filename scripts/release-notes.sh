#!/usr/bin/env bash
# Prints CHANGELOG.md's section for one version (the lines under `## [X.Y.Z]` up to the next
# `## `), the notes of its GitHub release; fails when there is no such section or it is empty.
set -euo pipefail
version="${1:?usage: release-notes.sh X.Y.Z}"
changelog="${2:-$(dirname "$0")/../CHANGELOG.md}"
notes=$(awk -v heading="## [$version]" '
  /^## / { if (inside) exit; inside = (index($0, heading) == 1); next }
  inside' "$changelog")
if [ -z "$(printf '%s' "$notes" | tr -d '[:space:]')" ]; then
  echo "::error::CHANGELOG.md has no notes under '## [$version]': write them before tagging v$version" >&2
  exit 1
fi
printf '%s\n' "$notes"
