#!/usr/bin/env bash
# Regenerates en-US/ModelRelease.dll-Help.xml from the cmdlets' XML doc comments (HelpTests checks it is current).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
dotnet build src/ModelRelease -v q -nologo >/dev/null
dotnet build tests/ModelRelease.ModuleMetadata -v q -nologo >/dev/null
sma="$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')powershellstandard.library/5.1.1/lib/netstandard2.0/System.Management.Automation.dll"
dotnet tests/ModelRelease.ModuleMetadata/bin/Debug/net10.0/ModelRelease.ModuleMetadata.dll --maml \
  src/ModelRelease/bin/Debug/net8.0/ModelRelease.dll "$sma" src/ModelRelease/bin/Debug/net8.0/ModelRelease.xml en-US/ModelRelease.dll-Help.xml
