#Requires -Version 7.4

<#
.SYNOPSIS
    Descriptive names and tag-driven versions (DESIGN.md workflow 2): an export named for what it is gets its
    version from the repository's tags and is published under its versioned artifact name.
.DESCRIPTION
    The export's file is named {base}-{dataset}-r{rank}-a{alpha}-e{epochs}-{trainedAt}-{format}-{exportedAt}.tar.gz
    (phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110.tar.gz). The script reads the name
    back into its fields, lists the tag family's tags newest version first (v1.2.3, model-v1.2.3 and export-v1.2.3
    are families of their own; a tag such as latest-stable names no version), bumps the family's latest version,
    names the artifact {runtime}-{quant}-{name}-v{version}.tar.gz, publishes it in one commit and tags the commit
    in the family. Writes one object: the name's fields, the tags it read, the versions and the artifact.
.EXAMPLE
    ./examples/tag-driven-version.ps1 -RepoId org/phi3-exports -Export ./exports/phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110.tar.gz -Runtime ollama

    The repository has the tags v1.0.0, model-v1.1.0, export-v2.0.0 and latest-stable: the export-v family's
    latest is 2.0.0, so the export is published as
    ollama-q4_k_m-phi3mini4k-minimal-r32-a64-e20-20250914-132416-v2.1.0.tar.gz and tagged export-v2.1.0.
#>
[CmdletBinding(SupportsShouldProcess)]
[OutputType([pscustomobject])]
param(
    [Parameter(Mandatory)]
    [string] $RepoId,

    # The export bundle, named with the descriptive template.
    [Parameter(Mandatory)]
    [string] $Export,

    # The runtime the bundle is for (vllm, ollama, …).
    [string] $Runtime = 'vllm',

    [string] $Family = 'export-v',

    [ValidateSet('Major', 'Minor', 'Patch', 'Prerelease')]
    [string] $Increment = 'Minor'
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease

# 1. What the name says: base model, dataset, LoRA rank/alpha/epochs, when it was trained and exported, the format.
$file = Get-Item -LiteralPath $Export
$stem = $file.Name -replace '\.tar\.gz$', ''
$name = ConvertFrom-ModelName $stem -Template descriptive
$fields = $name.Fields

# 2. The family's tags, newest version first, and the next version.
$tags = @(Get-ReleaseTag -RepoId $RepoId -Family $Family)
$next = Step-ModelVersion -RepoId $RepoId -Family $Family -Increment $Increment

# 3. The artifact's name: the runtime, the quantization the format names, what was trained, the version.
$trained = New-ModelName descriptive @{
    base = $fields.base; dataset = $fields.dataset; rank = $fields.rank; alpha = $fields.alpha; epochs = $fields.epochs; trainedAt = $fields.trainedAt
}
$artifact = @{ runtime = $Runtime; name = $trained.Name; version = $next.Next }
if ($fields.format -match '^(?<quant>q\d\w*?|f16|f32|bf16)-gguf$') { $artifact.quant = $Matches.quant }
$artifactName = (New-ModelName artifact $artifact).Name

# 4. Publish it under that name, and tag the commit in the family.
$staging = Join-Path ([System.IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $staging
try {
    Copy-Item -LiteralPath $file.FullName -Destination (Join-Path $staging $artifactName)
    $published = Publish-HfModel -Path (Join-Path $staging $artifactName) -RepoId $RepoId -PathInRepo exports -CommitMessage "Export $($next.NextTag): $stem"
    if (-not $published) { return } # -WhatIf
    $tag = $published | New-ReleaseTag -Name $next.NextTag -Message "$Runtime export of $stem"
}
finally {
    Remove-Item -LiteralPath $staging -Recurse -Force
}

[pscustomobject]@{
    Name     = $name.Name
    Base     = $fields.base
    Dataset  = $fields.dataset
    Rank     = $fields.rank
    Alpha    = $fields.alpha
    Epochs   = $fields.epochs
    Trained  = $fields.trainedAt
    Exported = $fields.exportedAt
    Format   = $fields.format
    Tags     = $tags.Name
    Previous = $next.Previous
    Version  = $next.Next
    Tag      = $tag.Name
    Artifact = "exports/$artifactName"
    Commit   = $published.CommitOid
}
