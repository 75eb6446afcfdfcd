#Requires -Version 7.4

<#
.SYNOPSIS
    A pre-release gate for a build agent: every checkpoint in a folder must be valid, finite, and as big as
    the variant promises. Exits 1 (and says why) when anything fails, so the pipeline stops before publishing.
.EXAMPLE
    ./examples/release-gate.ps1 -Folder ./checkpoints/base -ExpectedParameters 26.8K -Tolerance 1%

    Passes: one row per checkpoint (valid, 26.8K parameters, its SHA-256), exit code 0.
.EXAMPLE
    ./examples/release-gate.ps1 -Folder ./checkpoints/base -ExpectedParameters 90.4K

    Refuses: the folder holds the base checkpoint, not the large one, so the row says Valid False, a warning
    names CKPT_PARAMETER_COUNT and the exit code is 1.
#>
[CmdletBinding()]
[OutputType([pscustomobject])]
param(
    [Parameter(Mandatory)]
    [string] $Folder,

    [Parameter(Mandatory)]
    [string] $ExpectedParameters,

    [string] $Tolerance = '1%'
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease

$checkpoints = @(Get-Checkpoint -Path $Folder)
if ($checkpoints.Count -eq 0) {
    Write-Error "No checkpoint in $Folder."
    exit 1
}

$failed = $false
foreach ($checkpoint in $checkpoints) {
    $validation = $checkpoint | Test-Checkpoint -Deep -Sha256 -ExpectedParameterCount $ExpectedParameters -Tolerance $Tolerance
    $report = $checkpoint | Measure-ModelParameter -Expected $ExpectedParameters -Tolerance $Tolerance
    [pscustomobject]@{
        Name       = $checkpoint.Name
        Format     = $checkpoint.Format
        Parameters = $report.TotalText
        Deviation  = if ($null -ne $report.Deviation) { $report.Deviation.ToString('P2') }
        Valid      = $validation.IsValid
        Sha256     = $validation.Sha256
    }
    if (-not $validation.IsValid) {
        $failed = $true
        foreach ($finding in $validation.Findings | Where-Object Severity -EQ 'Error') {
            Write-Warning "$($checkpoint.Name): $($finding.Code) $($finding.Tensor) $($finding.Message)"
        }
    }
}

if ($failed) { exit 1 }
