#!/usr/bin/env bash
# The test command (README.md): builds everything, assembles the module folder, runs every suite and
# prints the totals counted from the suites' own result files as its last line.
#   xunit (dotnet test, TRX)  ·  conformance (node:test, TAP)  ·  Pester in pwsh 7.6.10 (NUnit XML)
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

# The native CLI: modelrelease published with Native AOT (no trimming or AOT warnings: the projects are IsAotCompatible,
# and warnings are errors). Its suite runs below against the binary as a child process (MODELRELEASE_CLI_BINARY).
step "native CLI (dotnet publish src/ModelRelease.Cli -c Release -r linux-x64 -p:PublishAot=true)"
native_cli="$root/out/cli-aot/modelrelease"
rm -f "$native_cli"
dotnet publish src/ModelRelease.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$root/out/cli-aot" -v quiet -nologo || { echo "the native CLI did not build"; status=1; }

# The registry suites run against SQLite and PostgreSQL: a server of its own for this run, stopped at the end whatever happens.
step "postgresql"
# shellcheck source=tests/postgres.sh
. "$root/tests/postgres.sh"
trap stop_postgres EXIT
start_postgres || status=1

step "xunit"
for project in tests/*.Tests/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Debug --no-build --nologo -v quiet \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results/xunit" || status=1
done

# The CLI suite again, every command run by the native binary (tests/ModelRelease.Cli.Tests/Cli.cs); a missing binary fails it.
step "xunit: the CLI suite against the native binary"
MODELRELEASE_CLI_BINARY="$native_cli" dotnet test tests/ModelRelease.Cli.Tests/ModelRelease.Cli.Tests.csproj -c Debug --no-build --nologo -v quiet \
  --logger "trx;LogFileName=ModelRelease.Cli.Tests.native.trx" --logger "console;verbosity=minimal" --results-directory "$results/xunit" || status=1

# The node suite: the official @huggingface/hub client against the emulator, TAP into the file given.
step "conformance"
bash tests/conformance/run.sh "$results/conformance.tap" || status=1

step "pester"
# pwsh 7.6.10 is a local .NET tool (.config/dotnet-tools.json); Pester 5.7.1 comes from NuGet through
# tests/Pester/ModelRelease.Pester.csproj (restored by the build above). No PSGallery, no global install.
if dotnet tool restore >/dev/null; then
  pester=$(dotnet msbuild tests/Pester/ModelRelease.Pester.csproj -getProperty:PesterManifest)
  MODELRELEASE_CLI="$root/src/ModelRelease.Cli/bin/Debug/net10.0/modelrelease.dll" \
    dotnet pwsh -NoProfile -NonInteractive -File tests/Pester/Invoke-PesterSuite.ps1 \
      -ModulePath "$root/out/ModelRelease" -ResultPath "$results/pester.xml" -PesterPath "$pester" || status=1
  [ -f "$results/pester.xml" ] || { echo "the Pester suite wrote no results"; echo '<test-results total="1" failures="1" errors="0" not-run="0" />' > "$results/pester.xml"; }
else
  echo "dotnet tool restore failed: pwsh is missing, so the Pester suite counts as failed"
  echo '<test-results total="1" failures="1" errors="0" not-run="0" />' > "$results/pester.xml"
  status=1
fi

step "totals"
node tests/summarize.mjs "$results" || status=1
exit $status
