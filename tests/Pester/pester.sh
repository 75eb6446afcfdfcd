#!/usr/bin/env bash
# Runs the Pester suite alone (after `dotnet build ModelRelease.slnx` and `dotnet publish src/ModelRelease -c Release`).
#   tests/Pester/pester.sh                      every test file
#   tests/Pester/pester.sh tests/Pester/Card.Tests.ps1 '*variant*'   one file, tests whose full name matches
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
dotnet tool restore >/dev/null
pester=$(dotnet msbuild tests/Pester/ModelRelease.Pester.csproj -getProperty:PesterManifest)
args=(-ModulePath "$root/out/ModelRelease" -ResultPath "$root/out/test-results/pester.xml" -PesterPath "$pester")
[ $# -ge 1 ] && args+=(-Path "$(realpath "$1")")
[ $# -ge 2 ] && args+=(-FullNameFilter "$2")
mkdir -p "$root/out/test-results"
MODELRELEASE_CLI="${MODELRELEASE_CLI:-$root/src/ModelRelease.Cli/bin/Debug/net10.0/modelrelease.dll}" \
  exec dotnet pwsh -NoProfile -NonInteractive -File tests/Pester/Invoke-PesterSuite.ps1 "${args[@]}"
