#Requires -Version 7.4
<#
.SYNOPSIS
    Says what changed between the checkpoint of the last release and the new one, and which version bump
    that implies (layout change: major; same layout, new values: minor).
.EXAMPLE
    ./examples/compare-releases.ps1 -Previous ./releases/v1.2.0/model.safetensors -Current ./checkpoints/model.safetensors
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $Previous,

    [Parameter(Mandatory)]
    [string] $Current
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease

$comparison = Compare-Checkpoint -Reference $Previous -Difference $Current -Content
$comparison | Format-List
switch ($comparison.ImpliedBump) {
    'Major' { Write-Output 'The layout changed: release a new major version.' }
    'Minor' { Write-Output 'Same layout, new values: release a new minor version.' }
    default { Write-Output 'No change in the weights.' }
}
