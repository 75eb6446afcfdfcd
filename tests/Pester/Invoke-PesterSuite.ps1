#Requires -Version 7.4
<#
.SYNOPSIS
    Runs the Pester suite against the assembled module, in a fresh process, with NUnit XML results.
.PARAMETER ModulePath
    The folder that holds ModelRelease/<version>/ (out/ModelRelease), as dotnet publish assembles it.
.PARAMETER ResultPath
    Where to write the NUnit XML results.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [Parameter(Mandatory)]
    [string] $ResultPath
)
$ErrorActionPreference = 'Stop'

if (-not (Get-Module -ListAvailable -Name Pester | Where-Object Version -GE '5.5.0')) {
    Install-Module -Name Pester -MinimumVersion 5.5.0 -Scope CurrentUser -Force -SkipPublisherCheck
}
Import-Module Pester -MinimumVersion 5.5.0

# The tests import the module by name from this folder only, in the child processes Pester starts here.
$env:MODELRELEASE_MODULE_PATH = (Resolve-Path -LiteralPath $ModulePath).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.Exit = $false
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath

$result = Invoke-Pester -Configuration $configuration
if ($result.FailedCount -gt 0 -or $result.TotalCount -eq 0) {
    exit 1
}
exit 0
