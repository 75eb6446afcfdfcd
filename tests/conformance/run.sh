#!/usr/bin/env bash
# Conformance of the hub emulator with the official @huggingface/hub client. Usage: run.sh <tap-output-file>
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
tap=${1:-$root/out/test-results/conformance.tap}
mkdir -p "$(dirname "$tap")"
if [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
cli="$root/src/ModelRelease.Cli/bin/Debug/net10.0/modelrelease.dll"
[ -f "$cli" ] || dotnet build "$root/src/ModelRelease.Cli" -c Debug -v quiet -nologo
cd "$here"
MODELRELEASE_CLI="$cli" node --test --test-concurrency=1 \
  --test-reporter=tap --test-reporter-destination="$tap" \
  --test-reporter=spec --test-reporter-destination=stdout \
  conformance.test.mjs
