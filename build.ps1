#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages ModelRelease on a host with PowerShell.
.DESCRIPTION
    A thin wrapper: everything is done by dotnet and the test command, so hosts without PowerShell run
    the same steps (dotnet publish src/ModelRelease -c Release; bash tests/run.sh).
      Build    assembles out/ModelRelease/<version>/ (root dll, dependencies/, psd1, format file, en-US/)
      Test     runs the xunit suites and the Pester suite against the assembled module
      Package  makes the module's .nupkg in out/packages through a temporary local repository, and the
               modelrelease .NET tool's package (ModelRelease.Cli) beside it
.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE" }
}

$moduleRoot = Join-Path $root 'out/ModelRelease'

if ($Task -contains 'Build') {
    Invoke-Native -FilePath dotnet -ArgumentList @('publish', (Join-Path $root 'src/ModelRelease'), '-c', $Configuration, '-nologo')
}

if ($Task -contains 'Test') {
    Invoke-Native -FilePath dotnet -ArgumentList @('build', (Join-Path $root 'ModelRelease.slnx'), '-c', 'Debug', '-nologo')
    foreach ($project in Get-ChildItem -Path (Join-Path $root 'tests') -Filter '*.Tests.csproj' -Recurse) {
        Invoke-Native -FilePath dotnet -ArgumentList @('test', $project.FullName, '-c', 'Debug', '--no-build', '-nologo')
    }
    $results = Join-Path $root 'out/test-results'
    $null = New-Item -ItemType Directory -Force -Path $results
    & (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1') -ModulePath $moduleRoot -ResultPath (Join-Path $results 'pester.xml')
    if ($LASTEXITCODE -ne 0) { throw 'The Pester suite failed.' }
}

if ($Task -contains 'Package') {
    $manifest = Get-ChildItem -Path $moduleRoot -Recurse -Filter 'ModelRelease.psd1' | Select-Object -First 1
    if (-not $manifest) { throw 'Build first: out/ModelRelease/<version>/ModelRelease.psd1 is missing.' }
    $packages = Join-Path $root 'out/packages'
    $null = New-Item -ItemType Directory -Force -Path $packages
    $repository = 'ModelReleaseLocal-' + [guid]::NewGuid().ToString('N')
    Register-PSResourceRepository -Name $repository -Uri $packages -Trusted
    try {
        Publish-PSResource -Path $manifest.DirectoryName -Repository $repository
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    Invoke-Native -FilePath dotnet -ArgumentList @('pack', (Join-Path $root 'src/ModelRelease.Cli'), '-c', $Configuration, '-o', $packages, '-nologo')
    Get-ChildItem -Path $packages -Filter '*.nupkg'
}
