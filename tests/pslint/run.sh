#!/usr/bin/env bash
# PowerShell script checks: syntax of every .ps1/.psm1/.psd1 (tree-sitter-powershell) and every use of a
# ModelRelease cmdlet against the compiled module's metadata. Usage: run.sh <tap-output-file>
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
tap=${1:-$root/out/test-results/pslint.tap}
mkdir -p "$(dirname "$tap")" "$root/out/pslint"

if [ ! -d "$here/node_modules" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

cmdlets="$root/src/ModelRelease/bin/Debug/net8.0/ModelRelease.dll"
tool="$root/tests/ModelRelease.ModuleMetadata/bin/Debug/net10.0/ModelRelease.ModuleMetadata.dll"
[ -f "$cmdlets" ] || dotnet build "$root/src/ModelRelease" -c Debug -v quiet -nologo
[ -f "$tool" ] || dotnet build "$root/tests/ModelRelease.ModuleMetadata" -c Debug -v quiet -nologo
packages=$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')
sma="$packages/powershellstandard.library/5.1.0-preview-06/lib/netstandard2.0/System.Management.Automation.dll"
dotnet "$tool" "$cmdlets" "$sma" > "$root/out/pslint/module-metadata.json"

cd "$here"
MODELRELEASE_MODULE_METADATA="$root/out/pslint/module-metadata.json" node --test \
  --test-reporter=tap --test-reporter-destination="$tap" \
  --test-reporter=spec --test-reporter-destination=stdout \
  pslint.test.mjs
