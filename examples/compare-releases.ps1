#Requires -Version 7.4

<#
.SYNOPSIS
    Says what changed between the checkpoint of the last release and the new one, and which version bump
    that implies (a tensor removed, reshaped or re-typed: major; tensors added, or the same layout with new
    values: minor; the same tensors in another format or with other metadata: patch). The two files may be
    in different formats (a .pt and its safetensors conversion).
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
    'Major' { 'A tensor was removed, reshaped or re-typed: release a new major version.' }
    'Minor' { if ($comparison.Added.Count) { 'New tensors beside the old ones: release a new minor version.' } else { 'Same layout, new values: release a new minor version.' } }
    'Patch' { 'The same tensors in another format or with other metadata: release a patch.' }
    default { 'No change in the weights.' }
}
Write-Host $advice
$comparison
