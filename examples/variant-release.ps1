#Requires -Version 7.4

<#
.SYNOPSIS
    Variant releases (DESIGN.md workflow 1): a model family in sizes small, base and large, one Hub repository per
    variant, released from its manifest with the pre-release checklist checked for every variant before anything
    is published.
.DESCRIPTION
    The manifest (examples/release.yaml is one) names each variant's repository (org/model-{variant}), checkpoint,
    config, metrics, expected parameter count and tolerance, the card's prose, and the files every release must
    contain (LICENSE, CITATION.cff, requirements.txt, config.json, the card). The script first runs every check of
    every variant without writing (-WhatIf): the checkpoint is valid and finite, its parameter count is the one the
    variant promises, its card is finished, every required file is there, the tag is free. When one variant fails,
    it names each failed check and exits 1, and nothing of the family is published. Otherwise it releases the
    variants, each with its card (whose changelog carries the previous release's entries forward), tags each
    v{Version}, downloads each back to compare it, and, with -CodeRepository, adds the release to that git
    repository's CHANGELOG.md and tags it there too. Metrics worse than the previous release's are warnings.

    The token comes from HF_TOKEN (or -Token, a SecureString); the Hub from HF_ENDPOINT. Writes the
    FamilyReleaseReport.
.EXAMPLE
    ./examples/variant-release.ps1 -Manifest ./examples/release.yaml -Version 1.0.0 -CodeRepository .

    Releases org/pico-lm-small, -base and -large as v1.0.0, each with its checkpoint, config, card, LICENSE,
    citation and requirements; the current folder's git repository gets the CHANGELOG.md entry and the tag.
.EXAMPLE
    ./examples/variant-release.ps1 -Manifest ./examples/release.yaml -Version v1.1 -Change 'Evaluated again' -CodeRepository .

    The next release of the family (v1.1 is read as 1.1.0, and a warning says so): each card's changelog lists
    v1.1.0 above v1.0.0, and a metric worse than v1.0.0's is a warning naming the metric.
.EXAMPLE
    ./examples/variant-release.ps1 -Manifest ./examples/release.yaml -Version 2.0.0

    Refuses when a variant fails its checklist (here out/large holds the base checkpoint: CKPT_PARAMETER_COUNT):
    a warning names each failed check, nothing of the family is published, and the exit code is 1.
#>
[CmdletBinding()]
[OutputType('ModelRelease.FamilyReleaseReport')]
param(
    [Parameter(Mandatory)]
    [string] $Manifest,

    [Parameter(Mandatory)]
    [string] $Version,

    # What changed in this release (the changelog entry).
    [string[]] $Change,

    # A git repository (the training code's) that gets the CHANGELOG.md entry and the tag.
    [string] $CodeRepository,

    [System.Security.SecureString] $Token
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease

$release = @{ Manifest = $Manifest; Version = $Version }
if ($Change) { $release.Change = $Change }
if ($CodeRepository) { $release.LocalRepository = $CodeRepository }
if ($Token) { $release.Token = $Token }

# 1. The checklist of every variant, writing nothing.
$plan = Publish-ModelRelease @release -WhatIf -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
if ($plan.Outcome -ne 'Planned') {
    foreach ($variant in $plan.Variants) {
        foreach ($finding in $variant.Findings | Where-Object Severity -EQ 'Error') {
            Write-Warning "$($variant.RepoId): $($finding.Code) $($finding.Message)"
        }
    }
    $plan
    exit 1
}

# 2. The release of every variant, then the code repository.
$report = Publish-ModelRelease @release -Confirm:$false
foreach ($variant in $report.Variants) {
    foreach ($finding in $variant.Findings | Where-Object Severity -EQ 'Warning') {
        Write-Warning "$($variant.RepoId): $($finding.Code) $($finding.Message)"
    }
}
$report
if ($report.Outcome -ne 'Released') { exit 1 }
