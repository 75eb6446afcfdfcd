#Requires -Version 7.4
<#
.SYNOPSIS
    Cards for a model family: one README.md per variant (small, base, large) from its checkpoint, config and
    metrics, each gated by Test-ModelCard before anything is published.
.DESCRIPTION
    Expects out/<variant>/ with the checkpoint, configs/<variant>.yaml, eval/<variant>.json and prose in
    card-sections.psd1 (model_description, direct_use, …). Exits 0 when every card passes, 1 when one fails,
    2 when the cards could not be made.
.EXAMPLE
    ./examples/variant-cards.ps1 -Organization org -Name model -Version 1.2.0
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
    $sections = Import-PowerShellDataFile -Path ./card-sections.psd1
    $cards = New-ModelCard -Variant $Variant -CheckpointPath './out/{variant}' -Config './configs/{variant}.yaml' `
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
