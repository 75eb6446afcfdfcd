# Shared helpers of the Pester suite.

function Import-ModelReleaseUnderTest {
    <#
    .SYNOPSIS
        Imports the assembled module (never the source tree) from MODELRELEASE_MODULE_PATH.
    #>
    [CmdletBinding()]
    param()
    $root = $env:MODELRELEASE_MODULE_PATH
    if (-not $root) { throw 'MODELRELEASE_MODULE_PATH is not set: run tests/Pester/Invoke-PesterSuite.ps1.' }
    $manifest = Get-ChildItem -LiteralPath $root -Recurse -Filter ModelRelease.psd1 | Select-Object -First 1
    if (-not $manifest) { throw "No ModelRelease.psd1 under $root: run dotnet publish src/ModelRelease -c Release." }
    Import-Module -Name $manifest.FullName -Force -ErrorAction Stop
}

function Get-FixturePath {
    <#
    .SYNOPSIS
        The path of a shared fixture (../shared/fixtures beside the checkout, or MODELRELEASE_FIXTURES).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Relative)
    $root = if ($env:MODELRELEASE_FIXTURES) { $env:MODELRELEASE_FIXTURES } else { Join-Path $PSScriptRoot '../../../shared/fixtures' }
    (Resolve-Path -LiteralPath (Join-Path $root $Relative)).Path
}

function Get-FixtureManifest {
    [CmdletBinding()]
    param()
    Get-Content -LiteralPath (Get-FixturePath 'MANIFEST.json') -Raw | ConvertFrom-Json -AsHashtable
}

Export-ModuleMember -Function Import-ModelReleaseUnderTest, Get-FixturePath, Get-FixtureManifest
