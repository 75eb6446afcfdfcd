#Requires -Version 7.4
<#
.SYNOPSIS
    Variant release of one model size: gate the checkpoint, publish the folder in one commit, tag the
    release on the Hub and in the code repository, and check what landed.
.DESCRIPTION
    The token comes from HF_TOKEN (or -Token with a SecureString, for example from Get-Secret); nothing is
    printed that contains it. The publish is atomic: if anything fails, nothing is committed, and running the
    script again uploads only what is missing.
.EXAMPLE
    ./examples/publish-release.ps1 -Folder ./release/base -RepoId org/model-base -Version 1.2.0 -ExpectedParameters 15.8M
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $Folder,

    [Parameter(Mandatory)]
    [string] $RepoId,

    [Parameter(Mandatory)]
    [string] $Version,

    [Parameter(Mandatory)]
    [string] $ExpectedParameters,

    [System.Security.SecureString] $Token
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease

$hub = @{}
if ($Token) { $hub.Token = $Token }

# 1. The gate: every checkpoint valid, finite and the promised size. A failed validation stops the publish.
$validations = Get-Checkpoint -Path $Folder | Test-Checkpoint -Deep -ExpectedParameterCount $ExpectedParameters -Tolerance 1%

# 2. One atomic commit with everything in the folder (config, card, license) next to the validated weights.
$result = $validations | Publish-HfModel -RepoId $RepoId -CommitMessage "Release v$Version" @hub
Publish-HfModel -Path $Folder -RepoId $RepoId -CommitMessage "Release v$Version (files)" -Exclude '*.tmp' @hub | Out-Null

# 3. Tag the release on the Hub and in the training code's repository.
if ($PSCmdlet.ShouldProcess("$RepoId v$Version", 'Tag')) {
    $tag = New-ReleaseTag -RepoId $RepoId -Revision main -Version $Version -Message "Release v$Version" -LocalRepository . @hub
    $tag
}

# 4. What landed.
Get-HfRepoFile -RepoId $RepoId -Revision "v$Version" -Recurse @hub | Format-Table Path, Size, LfsOid
$result
