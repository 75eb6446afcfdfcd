#Requires -Version 7.4

<#
.SYNOPSIS
    DESIGN.md workflow 4, the governed lifecycle, end to end: four component models registered in a model store and
    promoted through every gate, a parameter change, a rollback with its traffic plan, and the quarter's audit.
.DESCRIPTION
    A team ships four component models (base, residual, super-resolution, fact-checking). Each version is registered in
    the store (models/{component}/v{X.Y.Z}/ with the weights, config.yaml, metadata.json and performance.json) and moves
    development -> testing (the test results pass) -> staging (performance.json meets the policy's thresholds) ->
    production (two named approvers). base 1.1.0 then replaces 1.0.0 in production, which deprecates 1.0.0; the tuned
    noise lambdas are recorded with who approved them; 1.1.0 shows a critical issue and is rolled back, 1.0.0 taking the
    traffic back in 20% steps; the quarter's audit report is written to docs/audits/. The registry is SQLite beside the
    store by default, or the PostgreSQL database -Registry names. Writes one summary object.
.PARAMETER Checkpoint
    The weights to register (the same file for every component, for the example's sake).
.PARAMETER Root
    The store's root folder (created): models/, config/, docs/.
.PARAMETER Registry
    A PostgreSQL connection string for a shared registry; without it, SQLite in models/registry/model_registry.db.
.EXAMPLE
    ./examples/governed-lifecycle.ps1 -Checkpoint ./checkpoints/model.safetensors -Root ./store

    Runs the whole lifecycle with the registry in SQLite: every component in production, base rolled back to 1.0.0 at
    40% of the traffic, the audit chain valid, and this quarter's report in ./store/docs/audits/.
.EXAMPLE
    ./examples/governed-lifecycle.ps1 -Checkpoint ./checkpoints/model.safetensors -Root ./store -Registry $env:MODEL_REGISTRY

    The same with the registry in the PostgreSQL database that MODEL_REGISTRY names (Host=…;Database=…;Username=…;Password=…),
    as a team's build agents share it.
#>
[CmdletBinding()]
[OutputType([pscustomobject])]
param(
    [Parameter(Mandatory)]
    [string] $Checkpoint,

    [string] $Root = './store',

    [string] $Registry
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease

$null = New-Item -ItemType Directory -Force -Path (Join-Path $Root 'config'), (Join-Path $Root 'eval'), (Join-Path $Root 'results')
$store = @{ Root = $Root }
if ($Registry) { $store.Registry = $Registry }

# The policy: each component's thresholds (with the direction that is better), who may approve, how many must.
Set-Content -LiteralPath (Join-Path $Root 'config/model_policy.json') -Value @'
{
  "schemaVersion": 1,
  "prefix": "pib-vg",
  "approvers": ["alice", "bob", "carol"],
  "requiredApprovals": 2,
  "gracePeriodDays": 30,
  "components": {
    "base": { "metrics": { "fid": { "direction": "lower", "threshold": 12.0 }, "clip_score": { "direction": "higher", "threshold": 0.28 } } },
    "residual": { "metrics": { "fid": { "direction": "lower", "threshold": 14.0 } } },
    "super-resolution": { "metrics": { "psnr": { "direction": "higher", "threshold": 28.0 } } },
    "fact-checking": { "metrics": { "accuracy": { "direction": "higher", "threshold": 0.9 } } }
  }
}
'@

# What the team's evaluation and test jobs write for a version.
function Write-Evaluation([string] $Name, [hashtable] $Metrics) {
    $performance = @{ schemaVersion = 1; dataset = 'eval-2023-06'; metrics = @{} }
    foreach ($metric in $Metrics.Keys) { $performance.metrics[$metric] = @{ value = $Metrics[$metric][0]; direction = $Metrics[$metric][1] } }
    $performance | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath (Join-Path $Root "eval/$Name.json")
    Set-Content -LiteralPath (Join-Path $Root "results/$Name.xml") -Value '<testsuites><testsuite name="model" tests="24" failures="0" errors="0" skipped="0"/></testsuites>'
}

# Register a version and move it through every gate to production.
function Submit-Version([string] $Component, [string] $Architecture, [string] $Version, [hashtable] $Metrics) {
    $name = "$Component-$Version"
    Write-Evaluation $name $Metrics
    $null = New-ModelVersion @store -Component $Component -Version $Version -Architecture $Architecture -CheckpointPath $Checkpoint `
        -Performance (Join-Path $Root "eval/$name.json") -Description "$Component model $Version" -Author 'Ada Example' `
        -Training @{ dataset = 'pib-train-2023'; epochs = 20 } -Dependency @{ torch = '2.1.0' } -Changelog "release $Version" -Actor ci-agent
    $null = Set-ModelStatus @store $Component $Version Testing -TestResults (Join-Path $Root "results/$name.xml") -Reason 'the test suite passes' -Actor ci-agent
    $null = Set-ModelStatus @store $Component $Version Staging -Reason 'meets the thresholds on eval-2023-06' -Actor ci-agent
    Set-ModelStatus @store $Component $Version Production -Approver alice, bob -Reason 'signed off in the release review' -Actor release-manager
}

$null = Submit-Version base diffusion 1.0.0 @{ fid = 11.8, 'lower'; clip_score = 0.29, 'higher' }
$null = Submit-Version residual unet 1.0.0 @{ fid = 13.1, 'lower' }
$null = Submit-Version super-resolution esrgan 1.0.0 @{ psnr = 29.4, 'higher' }
$null = Submit-Version fact-checking t5 1.0.0 @{ accuracy = 0.93, 'higher' }
$replaced = Submit-Version base diffusion 1.1.0 @{ fid = 10.9, 'lower'; clip_score = 0.30, 'higher' }

# The noise lambdas tuned for base 1.1.0, with who approved them and what they measured.
$parameters = Register-ModelParameter @store -Kind noise -ParameterId noise-1.1.0 -Value @{ base_noise_lambda = 0.10; residual_noise_lambda = 0.05 } `
    -EffectiveDate (Get-Date).Date -ApprovedBy alice -Metric @{ fid = 10.9 } -Scenario portraits, landscapes -Notes 'tuned for base 1.1.0' -Actor ml-lead

# base 1.1.0 shows a critical issue: roll back to 1.0.0 and move the traffic in steps.
$comparison = Compare-ModelPerformance @store -Component base -Version 1.1.0
$rollback = Restore-ModelVersion @store -Component base -Reason 'distorted faces since 1.1.0' -Incident 'users report artifacts in portraits' -Actor oncall
$traffic = Set-ModelTraffic @store -Component base -Actor oncall

# The scheduled sweep, then the auditor's view: the chain, and the quarter's report.
$sweep = @(Invoke-ModelLifecycle @store -Actor scheduler)
$audit = Test-ModelAudit @store
$report = Export-ModelAudit @store

[pscustomobject]@{
    Versions   = @(Get-ModelVersion @store)
    Replaced   = @($replaced)
    Parameters = @(Get-ModelParameter @store -Kind noise -AsOf (Get-Date).Date)
    Comparison = $comparison
    Rollback   = $rollback
    Traffic    = $traffic
    Sweep      = $sweep
    Audit      = $audit
    Report     = $report
}
