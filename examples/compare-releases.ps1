#Requires -Version 7.4

<#
.SYNOPSIS
    Says what changed between the checkpoint of the last release and the new one, and which version bump
    that implies (layout change: major; same layout, new values: minor).
.DESCRIPTION
    Writes the comparison (ModelRelease.CheckpointComparison: Added, Removed, Reshaped, Retyped,
    ContentChanged, ImpliedBump) and says the bump in words on the host.
.EXAMPLE
    ./examples/compare-releases.ps1 -Previous ./releases/v1.2.0/model.safetensors -Current ./checkpoints/model.safetensors

    Retrained weights in the same layout: every tensor's content changed, nothing was added, removed,
    reshaped or retyped, so the next release is a minor version.
#>
[CmdletBinding()]
[OutputType('ModelRelease.CheckpointComparison')]
param(
    [Parameter(Mandatory)]
    [string] $Previous,

    [Parameter(Mandatory)]
    [string] $Current
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease

$comparison = Compare-Checkpoint -Reference $Previous -Difference $Current -Content
$advice = switch ($comparison.ImpliedBump) {
    'Major' { 'The layout changed: release a new major version.' }
    'Minor' { 'Same layout, new values: release a new minor version.' }
    default { 'No change in the weights.' }
}
Write-Host $advice
$comparison
