#Requires -Version 7.4

<#
.SYNOPSIS
    Cards for a model family: one README.md per variant (small, base, large) from its checkpoint, config and
    metrics, each gated by Test-ModelCard before anything is published.
.DESCRIPTION
    Expects out/<variant>/ with the checkpoint, configs/<variant>.yaml (the training config), eval/<variant>.json
    (the metrics) and the prose of the sections in card-sections.json (model_summary, model_description,
    direct_use, …; examples/pico-lm/card-sections.json is one). Writes out/<variant>/README.md. Exits 0 when
    every card passes, 1 when one fails, 2 when the cards could not be made.
.EXAMPLE
    ./examples/variant-cards.ps1 -Organization org -Name model -Version 1.2.0

    Writes out/small/README.md, out/base/README.md and out/large/README.md for org/model-small, -base and
    -large, each with its own parameter count, config and metrics and a table of the family, and exits 0
    because all three pass Test-ModelCard.
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $Organization,

    [Parameter(Mandatory)]
    [string] $Name,

    [Parameter(Mandatory)]
    [string] $Version,

    [string[]] $Variant = @('small', 'base', 'large'),

    [string] $Policy
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease

try {
    $sections = Get-Content -Raw -LiteralPath ./card-sections.json | ConvertFrom-Json -AsHashtable
    $cards = New-ModelCard -Variant $Variant -CheckpointPath './out/{variant}' -Config './configs/{variant}.yaml' -Metrics './eval/{variant}.json' `
        -RepoId "$Organization/$Name-{variant}" -Version $Version -License apache-2.0 -Language en `
        -Tag text-generation -LibraryName transformers -Section $sections -Path './out/{variant}/README.md' -Force -PassThru
}
catch {
    Write-Error -ErrorRecord $_ -ErrorAction Continue
    exit 2
}

$testArguments = @{}
if ($Policy) { $testArguments.Policy = $Policy }
$failed = 0
foreach ($card in $cards) {
    $checkpoint = Get-Checkpoint -Path (Split-Path $card.Path)
    $verdict = Test-ModelCard -Card $card -Checkpoint $checkpoint[0] @testArguments
    if (-not $verdict.IsValid) {
        $failed++
        $verdict.Findings | Format-Table Code, Line, Message -AutoSize | Out-String | Write-Warning
    }
}
if ($failed -gt 0) { exit 1 }
exit 0
