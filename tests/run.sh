#!/usr/bin/env bash
# The test command (README.md): builds everything, assembles the module folder, runs every suite and
# prints the totals counted from the suites' own result files as its last line.
#   xunit (dotnet test, TRX)  ·  node suites (node:test, TAP)  ·  Pester when pwsh is on PATH (NUnit XML)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
results="$root/out/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n=== %s\n' "$*"; }

step "build"
if ! dotnet build ModelRelease.slnx -c Debug -v quiet -nologo; then
  echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

step "assemble the module folder (dotnet publish src/ModelRelease -c Release)"
if ! dotnet publish src/ModelRelease -c Release -v quiet -nologo; then
  echo "module assembly failed"; echo "0 passed, 1 failed"; exit 1
fi

step "xunit"
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Debug --no-build --nologo -v quiet \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results/xunit" || status=1
done

# Node suites: each folder with a run.sh writes TAP to the file given as its first argument.
for suite in tests/pslint tests/conformance; do
  if [ -f "$suite/run.sh" ]; then
    name=$(basename "$suite")
    step "$name"
    bash "$suite/run.sh" "$results/$name.tap" || status=1
  fi
done

step "pester"
if command -v pwsh >/dev/null 2>&1; then
  MODELRELEASE_CLI="$root/src/ModelRelease.Cli/bin/Debug/net10.0/modelrelease.dll" pwsh -NoProfile -NonInteractive -File tests/Pester/Invoke-PesterSuite.ps1 -ModulePath "$root/out/ModelRelease" -ResultPath "$results/pester.xml" || status=1
else
  echo "Pester suite skipped: pwsh is not on PATH (the Pester tests run on hosts that have PowerShell 7.4+; see .github/workflows/ci.yml)"
fi

step "totals"
node tests/summarize.mjs "$results" || status=1
exit $status
