#Requires -Version 7.4

<#
.SYNOPSIS
    Single-repository multi-file publishing (DESIGN.md workflow 5): every quantization of a model in one Hub
    repository, each file named {name}-{size}-{quant}.gguf, with one model card; main is the latest stable release,
    tags mark releases, branches hold experiments.
.DESCRIPTION
    Every .gguf file of -Folder must be named {name}-{size}-{quant}.gguf (ruvltra-672k-q4_k_m.gguf), and the name
    must be true: its quantization is the file's general.file_type and its size label (3b, 135m, 672k) is its
    parameter count within 10%. The release checks that for every file, validates each one (deep: every tensor's
    data), writes the card — YAML front matter (license, language, model-index), a table of the files with their
    sizes and SHA-256, a hardware table, usage for Python and PowerShell, the benchmark results of -Metrics and the
    prose of -Sections — and only when everything passes publishes the folder to main in one commit and tags it
    v{Version}. A name that lies refuses the release: a warning names each failed check and the exit code is 1.
    -Experiment publishes a file to its own new branch (-Branch), leaving main as it is.

    The token comes from HF_TOKEN, HUGGING_FACE_HUB_TOKEN or HUGGINGFACE_API_KEY (or -Token). Writes the
    ReleaseReport, the experiment's PublishResult and the repository's branches.
.EXAMPLE
    ./examples/gguf-family.ps1 -Folder ./gguf-exports -RepoId org/ruvltra -Version 1.0.0 -Experiment ./experiments/ruvltra-513k-f16.gguf -Branch exp-fp16

    Releases ruvltra-672k-q4_k_m.gguf and ruvltra-1k-f32.gguf to main of org/ruvltra as v1.0.0 with their card,
    then publishes the F16 experiment to the new branch exp-fp16; main stays the release.
.EXAMPLE
    ./examples/gguf-family.ps1 -Folder ./gguf-lies -RepoId org/ruvltra -Version 1.0.0

    Refuses: ruvltra-513k-q8_0.gguf holds an F16 model, so its name lies (NAME_QUANT_MISMATCH); nothing is
    published and the exit code is 1.
#>
[CmdletBinding()]
[OutputType('ModelRelease.ReleaseReport', 'ModelRelease.PublishResult', 'ModelRelease.HubBranch')]
param(
    [Parameter(Mandatory)]
    [string] $Folder,

    [Parameter(Mandatory)]
    [string] $RepoId,

    [Parameter(Mandatory)]
    [string] $Version,

    # The card's prose and benchmark results (examples/ruvltra has both).
    [string] $Sections = './examples/ruvltra/card-sections.json',

    [string] $Metrics = './examples/ruvltra/metrics.json',

    [string] $License = 'mit',

    # A file to publish to a new branch, beside the release.
    [string] $Experiment,

    [string] $Branch = 'experiment',

    [System.Security.SecureString] $Token
)
$ErrorActionPreference = 'Stop'
Import-Module ModelRelease
$hub = @{}
if ($Token) { $hub.Token = $Token }

# 1. Every file is named {name}-{size}-{quant}.gguf (a name that does not fit says which part did not match).
$files = @(Get-ChildItem -LiteralPath $Folder -Filter *.gguf -File)
if ($files.Count -eq 0) { throw "No .gguf file in $Folder." }
$names = @($files | ConvertFrom-ModelName -Template file)
Write-Verbose "$($names.Count) file(s): $(($names | ForEach-Object { "$($_.Fields.size) $($_.Fields.quant)" }) -join ', ')"

# 2. The release: every check (names that lie among them) before the first write, then main and the tag.
$sectionText = Get-Content -Raw -LiteralPath $Sections | ConvertFrom-Json -AsHashtable
$report = Publish-ModelRelease -Path $Folder -RepoId $RepoId -Version $Version -License $License -Language en -Metrics $Metrics -Section $sectionText -Confirm:$false -ErrorAction SilentlyContinue @hub
$report
if ($report.Outcome -ne 'Released') {
    foreach ($finding in $report.Findings | Where-Object Severity -EQ 'Error') { Write-Warning "$($finding.Code) $($finding.Message)" }
    foreach ($file in $report.Gate.Files | Where-Object Refused) {
        foreach ($finding in @($file.Findings) + @($file.Validation.Findings) | Where-Object { $_ -and $_.Severity -eq 'Error' }) {
            Write-Warning "$(Split-Path -Leaf $file.Path): $($finding.Code) $($finding.Message)"
        }
    }
    exit 1
}

# 3. An experiment on its own branch: main stays the latest stable.
if ($Experiment) {
    Publish-HfModel -Path $Experiment -RepoId $RepoId -Revision $Branch -CreateBranch -CommitMessage "Experiment: $(Split-Path -Leaf $Experiment)" @hub
    Get-HfBranch -RepoId $RepoId @hub
}
