#Requires -Version 7.4

<#
.SYNOPSIS
    Variant release of one model size: gate the folder, publish it in one commit, tag the release on the Hub
    (and in the training code's git repository), and check what landed.
.DESCRIPTION
    The folder holds what the Hub repository should hold: the checkpoint, its config.json and its model card
    (README.md, for example from variant-cards.ps1). The gate refuses the release, and nothing is published,
    when a checkpoint is invalid or not the promised size, when config.json is missing, or when the card is
    not finished (Test-ModelCard).

    The token comes from HF_TOKEN (or -Token with a SecureString, for example from Get-Secret); nothing is
    printed that contains it. The publish is atomic: if anything fails, nothing is committed, and running the
    script again uploads only what is missing. A repository that does not exist yet is created; a new public
    one asks first (-Private makes it private, -Confirm:$false answers yes). Writes the PublishResult and
    the ReleaseTag.
.EXAMPLE
    ./examples/publish-release.ps1 -Folder ./out/base -RepoId org/model-base -Version 1.2.0 -ExpectedParameters 26.8K -CodeRepository .

    Publishes weights, config and card of the base variant in one commit, tags it v1.2.0 on the Hub and in
    the git repository of the current folder, and checks that every file is at the tag.
#>
[CmdletBinding(SupportsShouldProcess)]
[OutputType('ModelRelease.PublishResult', 'ModelRelease.ReleaseTag')]
param(
    [Parameter(Mandatory)]
    [string] $Folder,

    [Parameter(Mandatory)]
    [string] $RepoId,

    [Parameter(Mandatory)]
    [string] $Version,

    [Parameter(Mandatory)]
    [string] $ExpectedParameters,

    # A git repository (the training code's) that gets the same tag.
    [string] $CodeRepository,

    [switch] $Private,

    [System.Security.SecureString] $Token
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease

$hub = @{}
if ($Token) { $hub.Token = $Token }

# 1. The gate: every checkpoint valid, finite and the promised size; the config there; the card finished.
$validations = @(Get-Checkpoint -Path $Folder | Test-Checkpoint -Deep -ExpectedParameterCount $ExpectedParameters -Tolerance 1%)
$problems = [System.Collections.Generic.List[string]]::new()
if ($validations.Count -eq 0) { $problems.Add("no checkpoint in $Folder") }
foreach ($validation in $validations | Where-Object { -not $_.IsValid }) {
    $codes = $validation.Findings | Where-Object Severity -EQ 'Error' | ForEach-Object Code
    $problems.Add("$(Split-Path -Leaf $validation.Path): $($codes -join ', ')")
}
if (-not (Test-Path -LiteralPath (Join-Path $Folder 'config.json'))) { $problems.Add('no config.json') }
$card = Join-Path $Folder 'README.md'
if (-not (Test-Path -LiteralPath $card)) {
    $problems.Add('no model card (README.md)')
}
elseif ($validations.Count -gt 0 -and -not (Test-ModelCard -LiteralPath $card -Checkpoint $validations[0].Checkpoint -Quiet)) {
    $problems.Add('the model card is not finished (see Test-ModelCard)')
}
if ($problems.Count -gt 0) { throw "Nothing was published: $($problems -join '; ')." }

# 2. One atomic commit with everything in the folder.
$publish = @{ RepoId = $RepoId; CommitMessage = "Release v$Version"; Exclude = '*.tmp'; Private = $Private }
$result = Publish-HfModel -Path $Folder @publish @hub
if (-not $result) { return } # -WhatIf: the plan was shown, nothing was written

# 3. Tag that commit on the Hub, and in the training code's repository.
$tagging = @{ Version = $Version; Message = "Release v$Version" }
if ($CodeRepository) { $tagging.LocalRepository = $CodeRepository }
$tag = $result | New-ReleaseTag @tagging @hub

# 4. What landed: every file of the commit is at the tag, with its size.
$landed = @{}
Get-HfRepoFile -RepoId $RepoId -Revision $tag.Name -Recurse @hub | ForEach-Object { $landed[$_.Path] = $_.Size }
$missing = @($result.Files | Where-Object { $landed[$_.PathInRepo] -ne $_.Size } | ForEach-Object PathInRepo)
if ($missing.Count -gt 0) { throw "$RepoId $($tag.Name) does not hold $($missing -join ', ') as published." }

$result
$tag
