#Requires -Version 7.4

<#
.SYNOPSIS
    The weights registry (DESIGN.md workflow 3): weights versioned apart from the code package. Each weights file is
    gated, published, tagged weights-vX.Y and recorded in the registry kept in the package's repository, with the
    package versions that can load it; the registry is verified against the Hub; a package version's weights are
    resolved and downloaded into the cache.
.DESCRIPTION
    -Weights lists the weights files in the order they were made, -PackageVersions the range of package versions
    each one loads (PEP 440 such as >=0.2.0,<1.0.0, or a NuGet interval such as [0.2.0,1.0.0)); they become weights
    1.0, 1.1, … of -Model. A registry file that does not exist yet is created; the registry is written only once the
    publish and the tag succeeded, in one atomic step. Then every entry is checked against the Hub (its tag exists,
    the file at the tag has the registry's SHA-256), the weights -PackageVersion loads are resolved and saved into
    the local cache (a second run finds them there), and, with -OldPackageVersion, a package version too old for
    every registered weights is shown to fail with the version to upgrade to. Exits 1 when an entry does not verify.
    Writes the WeightsPublication of each file, the WeightsVerification of each entry and the SavedWeights.
.EXAMPLE
    ./examples/weights-registry.ps1 -Registry ./weights-registry.json -Model cser-detector -RepoId org/cser-detector -Weights ./v1/model.safetensors, ./v2/model.safetensors -PackageVersions '>=0.1.0,<0.2.0', '>=0.2.0,<1.0.0' -PackageVersion 0.1.5 -OldPackageVersion 0.0.9

    Publishes weights-v1.0 (for the 0.1 packages) and weights-v1.1 (for 0.2 up to 1.0), registers both with 1.1 as
    latest, verifies them, downloads the weights package 0.1.5 loads (1.0) into the cache, and warns that package
    0.0.9 loads none: upgrade it to 0.2.0.
#>
[CmdletBinding()]
[OutputType('ModelRelease.WeightsPublication', 'ModelRelease.WeightsVerification', 'ModelRelease.SavedWeights')]
param(
    [Parameter(Mandatory)]
    [string] $Registry,

    [Parameter(Mandatory)]
    [string] $Model,

    [Parameter(Mandatory)]
    [string] $RepoId,

    [Parameter(Mandatory)]
    [string[]] $Weights,

    [Parameter(Mandatory)]
    [string[]] $PackageVersions,

    # The package version whose weights are downloaded.
    [string] $PackageVersion,

    # A package version to show the compatibility error with.
    [string] $OldPackageVersion
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease
if ($Weights.Count -ne $PackageVersions.Count) { throw 'Give one range of package versions for each weights file.' }

# 1. Publish, tag and register each weights file (the registry is written last, and only when the rest succeeded).
for ($i = 0; $i -lt $Weights.Count; $i++) {
    $register = @{
        Registry        = $Registry
        Model           = $Model
        Path            = $Weights[$i]
        Version         = "1.$i"
        PackageVersions = $PackageVersions[$i]
        RepoId          = $RepoId
        PathInRepo      = "$($Model -replace '-', '_').safetensors"
    }
    Register-ModelWeights @register -Confirm:$false
}

# 2. Every entry against the Hub: the tag is there and names the registered bytes.
$verified = @(Test-ModelWeights -Registry $Registry)
$verified
foreach ($bad in $verified | Where-Object { -not $_.IsValid }) {
    Write-Warning "$($bad.Model) $($bad.Version): $(($bad.Findings | ForEach-Object { "$($_.Code) $($_.Message)" }) -join '; ')"
}
if ($verified | Where-Object { -not $_.IsValid }) { exit 1 }

# 3. What a package version loads, into the cache.
if ($PackageVersion) {
    Get-ModelWeights -Registry $Registry -Model $Model -PackageVersion $PackageVersion | Save-ModelWeights
}
if ($OldPackageVersion) {
    try {
        $null = Get-ModelWeights -Registry $Registry -Model $Model -PackageVersion $OldPackageVersion -ErrorAction Stop
    }
    catch [ModelRelease.WeightsCompatibilityException] {
        Write-Warning "Package $OldPackageVersion loads none of $Model's weights: $($_.Exception.Change.ToString().ToLowerInvariant()) it to $($_.Exception.SuggestedPackageVersion) (weights $($_.Exception.WeightsVersion))."
    }
}
