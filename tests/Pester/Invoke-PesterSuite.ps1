#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester suite against the assembled module with NUnit XML results, in an isolated environment.
.DESCRIPTION
    The suite never touches the user's home: XDG_CACHE_HOME, HF_HOME and HF_HUB_CACHE point into a scratch
    folder that is removed at the end, and no token or endpoint from the caller's environment is seen.
.PARAMETER ModulePath
    The folder that holds ModelRelease/<version>/ (out/ModelRelease), as dotnet publish assembles it.
.PARAMETER ResultPath
    Where to write the NUnit XML results.
.PARAMETER PesterPath
    Pester.psd1 of Pester 5.7.1 as restored from NuGet (tests/Pester/ModelRelease.Pester.csproj, property PesterManifest).
.PARAMETER Path
    Test files or folders to run (default: every *.Tests.ps1 beside this script).
.PARAMETER FullNameFilter
    Runs only the tests whose full name matches one of these wildcard patterns.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [Parameter(Mandatory)]
    [string] $ResultPath,

    [Parameter(Mandatory)]
    [string] $PesterPath,

    [string[]] $Path = @($PSScriptRoot),

    [string[]] $FullNameFilter
)
$ErrorActionPreference = 'Stop'
Import-Module -Name $PesterPath -Force

$scratch = Join-Path ([System.IO.Path]::GetTempPath()) ('modelrelease-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
$null = New-Item -ItemType Directory -Path $scratch
$env:MODELRELEASE_TEST_ROOT = $scratch
$env:MODELRELEASE_MODULE_PATH = (Resolve-Path -LiteralPath $ModulePath).Path
# The NuGet packages folder Pester came from (<root>/pester/<version>/tools/Pester.psd1): tests take other
# packages' assemblies from there (an older YamlDotNet for the isolation tests).
$env:MODELRELEASE_NUGET_PACKAGES = (Resolve-Path -LiteralPath (Join-Path (Split-Path -Parent $PesterPath) '../../..')).Path
$env:XDG_CACHE_HOME = Join-Path $scratch 'cache'
$env:HF_HOME = Join-Path $scratch 'hf-home'
$env:HF_HUB_CACHE = Join-Path $scratch 'hf-home/hub'
foreach ($name in 'HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACE_API_KEY', 'HF_ENDPOINT', 'HF_HUB_OFFLINE') {
    Remove-Item -LiteralPath "Env:$name" -ErrorAction SilentlyContinue
}

try {
    $configuration = New-PesterConfiguration
    $configuration.Run.Path = $Path
    $configuration.Run.Exit = $false
    $configuration.Run.PassThru = $true
    if ($FullNameFilter) { $configuration.Filter.FullName = $FullNameFilter }
    $configuration.Output.Verbosity = 'Detailed'
    $configuration.TestResult.Enabled = $true
    $configuration.TestResult.OutputFormat = 'NUnitXml'
    $configuration.TestResult.OutputPath = $ResultPath
    $result = Invoke-Pester -Configuration $configuration
}
finally {
    Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction SilentlyContinue
}
if ($result.FailedCount -gt 0 -or $result.FailedBlocksCount -gt 0 -or $result.FailedContainersCount -gt 0 -or $result.TotalCount -eq 0) {
    exit 1
}
exit 0
