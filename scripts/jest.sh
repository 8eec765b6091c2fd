#!/usr/bin/env bash
# `npm test` and `npm run test:unit`: jest on the runtime the actions run on (`runs.using: node24`),
# the Node 24 that BUNDLE_NODE names or scripts/install-node24.sh put in .tools/, else the node
# that runs npm. The in-process tests then run the actions' code on the runner's Node, as
# ci.yml's setup-node does, and the jest workers take 12-20% less CPU than on Node 20 (the unit
# project, in band and with four workers; docs/test-suite.md): on Node 20 each test file's vm
# context stays reachable after the file ends, and a worker's heap grows with every file it runs.
# Arguments go to jest: `npm test -- --json --outputFile=results.json`.
set -euo pipefail
cd "$(dirname "$0")/.."
node=node
if [ -n "${BUNDLE_NODE:-}" ]; then
  node="$BUNDLE_NODE"
elif [ -x .tools/node24/bin/node ]; then
  node=.tools/node24/bin/node
fi
export NODE_NO_WARNINGS=1
export NODE_OPTIONS="--experimental-vm-modules${NODE_OPTIONS:+ $NODE_OPTIONS}"
exec "$node" node_modules/jest/bin/jest.js "$@"
