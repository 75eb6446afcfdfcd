#Requires -Version 7.4

<#
    Every documented example runs, and its result is checked: the ```powershell blocks of README.md, the PS> lines
    of about_ModelRelease, the cmdlet help examples (Get-Help <cmdlet> -Examples, from the MAML), the .EXAMPLE
    invocations of examples/*.ps1 and the usage lines of examples/*.sh (Get-DocumentedExample lists them).

    Each example runs as a user would run it: in a fresh runspace (a child process for the install example, bash
    for the shell one) whose location is a workspace laid out as the examples expect (./release, ./checkpoints,
    ./out/<variant>, ./configs, ./eval, …, made from the example model examples/pico-lm and the fixtures), with
    HF_ENDPOINT and HF_TOKEN pointing at a hub emulator of its own, and the assembled module found through
    $env:PSModulePath as README.md says. $Checks holds, for each example text, what to prepare (Setup) and what its
    result must be (Check); a contract test fails when an example has no check or a check no example.
#>

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $examples = @(Get-DocumentedExample | ForEach-Object {
            $first = ($_.Text -split "`n")[0]
            @{
                Source   = $_.Source
                Language = $_.Language
                Text     = $_.Text
                Title    = if ($first.Length -gt 110) { $first.Substring(0, 107) + '...' } else { $first }
            }
        })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    if (-not ('ModelRelease.Tests.RecordingHost' -as [type])) { Add-Type -Path (Join-Path $PSScriptRoot 'Support/RecordingHost.cs') }

    $script:Root = Get-RepositoryRoot
    $script:Pico = Join-Path $Root 'examples/pico-lm'
    $script:ModuleFolder = Split-Path -Parent $env:MODELRELEASE_MODULE_PATH # out, which holds ModelRelease/<version>/
    $script:PicoSha256 = (Get-FileHash -Algorithm SHA256 -LiteralPath (Join-Path $Pico 'model/model.safetensors')).Hash.ToLowerInvariant()

    function Copy-Tree([string] $From, [string] $To) {
        $null = New-Item -ItemType Directory -Path $To -Force
        foreach ($item in Get-ChildItem -LiteralPath $From -Force) {
            $target = Join-Path $To $item.Name
            if ($item.PSIsContainer) { Copy-Tree $item.FullName $target }
            else { [System.IO.File]::Copy($item.FullName, $target, $true) }
        }
    }

    function Copy-File([string] $From, [string] $To) {
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $To) -Force
        [System.IO.File]::Copy($From, $To, $true)
    }

    function Get-Sha256([string] $Path) { (Get-FileHash -Algorithm SHA256 -LiteralPath $Path).Hash.ToLowerInvariant() }

    # Names in ordinal order (as the Hub lists them), whatever the culture.
    function Get-Sorted($Names) {
        [string[]] $sorted = @($Names | ForEach-Object { [string] $_ })
        [System.Array]::Sort($sorted, [System.StringComparer]::Ordinal)
        , $sorted
    }

    # The workspace every example starts from (copied afresh for each one).
    $script:Template = New-TestFolder -Name 'examples-template'
    $model = Join-Path $Pico 'model'
    Copy-Tree $model (Join-Path $Template 'release')
    Copy-Tree $model (Join-Path $Template 'checkpoints/base')
    Copy-Tree $model (Join-Path $Template 'out/base')
    Copy-File (Join-Path $model 'model.safetensors') (Join-Path $Template 'checkpoints/model.safetensors')
    Copy-File (Join-Path $model 'model.safetensors') (Join-Path $Template 'v1/model.safetensors')
    Copy-File (Join-Path $model 'model.safetensors') (Join-Path $Template 'model[v2].safetensors')
    $generator = Join-Path $Pico 'New-PicoLmCheckpoint.ps1'
    $null = & $generator -Size small -Destination (Join-Path $Template 'out/small')
    $null = & $generator -Size large -Destination (Join-Path $Template 'out/large')
    $retrained = New-TestFolder -Name 'pico-retrained'
    $null = & $generator -Size base -Seed 20250915 -Destination $retrained # the same layout, other values
    Copy-File (Join-Path $retrained 'model.safetensors') (Join-Path $Template 'v2/model.safetensors')
    Copy-File (Join-Path $retrained 'model.safetensors') (Join-Path $Template 'releases/v1.2.0/model.safetensors')

    $training = Get-Content -Raw -LiteralPath (Join-Path $Pico 'training.yaml')
    $sizes = @{
        small = @{ hidden_size = 16; intermediate_size = 32; num_attention_heads = 2; num_key_value_heads = 1 }
        base  = @{ hidden_size = 32; intermediate_size = 64; num_attention_heads = 4; num_key_value_heads = 2 }
        large = @{ hidden_size = 64; intermediate_size = 128; num_attention_heads = 4; num_key_value_heads = 2 }
    }
    $null = New-Item -ItemType Directory -Path (Join-Path $Template 'configs'), (Join-Path $Template 'eval')
    $metrics = Get-Content -Raw -LiteralPath (Join-Path $Pico 'metrics.json') | ConvertFrom-Json -AsHashtable
    $bitsPerByte = @{ small = 7.998; base = 7.994; large = 7.991 }
    foreach ($variant in $sizes.Keys) {
        $config = $training
        foreach ($key in $sizes[$variant].Keys) { $config = $config -replace "(?m)^(  $key): \d+$", "`$1: $($sizes[$variant][$key])" }
        Set-Content -LiteralPath (Join-Path $Template "configs/$variant.yaml") -Value $config -NoNewline
        $metrics.metrics[0].value = $bitsPerByte[$variant]
        $metrics.metrics[1].value = [math]::Round([math]::Pow(2, $bitsPerByte[$variant]), 2)
        Set-Content -LiteralPath (Join-Path $Template "eval/$variant.json") -Value ($metrics | ConvertTo-Json -Depth 5)
    }
    Copy-File (Join-Path $Pico 'metrics.json') (Join-Path $Template 'eval/metrics.json')
    Copy-File (Join-Path $Pico 'card-sections.json') (Join-Path $Template 'card-sections.json')
    Copy-File (Join-Path $Root 'examples/card-template.md') (Join-Path $Template 'card-template.md')
    Copy-File (Join-Path $Root 'examples/card-policy.yaml') (Join-Path $Template 'card-policy.yaml')
    Copy-File (Get-FixturePath 'gguf/tiny-llama-q4km-mix.gguf') (Join-Path $Template 'gguf/model-q4_k_m.gguf')
    Copy-File (Get-FixturePath 'gguf/ollama_llama-2-tiny-random.gguf') (Join-Path $Template 'old.gguf')
    Copy-File (Get-FixturePath 'gguf/tiny-llama-q4km-mix.gguf') (Join-Path $Template 'new.gguf')
    Copy-File (Get-FixturePath 'pytorch/pytorch_model.bin') (Join-Path $Template 'pytorch_model.bin')
    # examples/ as the repository has it: the scripts, and the folders the manifest and the scripts name (pico-lm, ruvltra).
    Copy-Tree (Join-Path $Root 'examples') (Join-Path $Template 'examples')
    if (-not $IsWindows) { foreach ($sh in Get-ChildItem -LiteralPath (Join-Path $Template 'examples') -Filter *.sh -File) { [System.IO.File]::SetUnixFileMode($sh.FullName, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute') } }

    # `modelrelease` on PATH for the shell examples, as README.md says to install it.
    $script:CliBin = New-TestFolder -Name 'cli-bin'
    if (-not $IsWindows) {
        $launcher = Join-Path $CliBin 'modelrelease'
        Set-Content -LiteralPath $launcher -Value "#!/usr/bin/env bash`nexec dotnet '$env:MODELRELEASE_CLI' `"`$@`"`n" -NoNewline
        [System.IO.File]::SetUnixFileMode($launcher, [System.IO.UnixFileMode]'UserRead, UserWrite, UserExecute')
    }

    # ----- Hub helpers: they run in the test's session, where HF_ENDPOINT and HF_TOKEN name the example's hub.

    function New-TestRepo([string] $RepoId) {
        $namespace, $name = $RepoId -split '/', 2
        $body = @{ type = 'model'; name = $name; organization = $namespace } | ConvertTo-Json
        $null = Invoke-RestMethod -Method Post -Uri "$env:HF_ENDPOINT/api/repos/create" -Headers @{ Authorization = "Bearer $env:HF_TOKEN" } -ContentType 'application/json' -Body $body
    }

    function Test-TestRepo([string] $RepoId) {
        $response = Invoke-WebRequest -Uri "$env:HF_ENDPOINT/api/models/$RepoId" -Headers @{ Authorization = "Bearer $env:HF_TOKEN" } -SkipHttpErrorCheck
        $response.StatusCode -eq 200
    }

    function Get-TestCommitTitle([string] $RepoId, [string] $Revision = 'main') {
        (Invoke-RestMethod -Uri "$env:HF_ENDPOINT/api/models/$RepoId/commits/$Revision" -Headers @{ Authorization = "Bearer $env:HF_TOKEN" })[0].title
    }

    function Publish-TestRelease([string] $Path, [string] $RepoId, [string] $Version, [string] $PathInRepo) {
        $extra = @{}
        if ($PathInRepo) { $extra.PathInRepo = $PathInRepo }
        $result = Publish-HfModel -Path $Path -RepoId $RepoId -CommitMessage "Release v$Version" -Confirm:$false @extra
        if ($Version) { $null = $result | New-ReleaseTag -Version $Version }
        $result
    }

    # A hashtable of path in repo to (Size, LfsOid, BlobId) of a revision.
    function Get-TestRepoFiles([string] $RepoId, [string] $Revision = 'main') {
        $files = @{}
        foreach ($file in Get-HfRepoFile -RepoId $RepoId -Revision $Revision -Recurse) { $files[$file.Path] = $file }
        $files
    }

    # The finished card of the example model, written where a release keeps it.
    function New-FinishedCard([string] $Folder, [string] $RepoId, [string] $License = 'apache-2.0', [string] $Version = '1.2.0') {
        $sections = Get-Content -Raw -LiteralPath ./card-sections.json | ConvertFrom-Json -AsHashtable
        Get-Checkpoint -LiteralPath (Join-Path $Folder 'model.safetensors') |
            New-ModelCard -RepoId $RepoId -Version $Version -License $License -Language en -Tag text-generation -Config ./configs/base.yaml -Metrics ./eval/metrics.json -Section $sections -Path (Join-Path $Folder 'README.md') -Force
    }

    function Initialize-GitRepository([string] $Path) {
        $null = git -C $Path init -q 2>&1
        $null = git -C $Path config user.name 'Release Bot'
        $null = git -C $Path config user.email 'release-bot@example.com'
        $null = git -C $Path config commit.gpgsign false
        $null = git -C $Path config tag.gpgsign false
        $null = git -C $Path add -A
        $null = git -C $Path commit -q -m 'Training code and checkpoints' 2>&1
    }

    # ----- Output helpers.

    # The outputs of a run, which must be exactly -Count objects of -Type.
    function Get-RunOutput($Run, [type] $Type, [int] $Count = 1) {
        $objects = @($Run.Output | ForEach-Object { if ($_ -is [psobject]) { $_.psobject.BaseObject } else { $_ } })
        $objects.Count | Should -Be $Count -Because 'the example writes that many objects'
        foreach ($object in $objects) { $object | Should -BeOfType $Type }
        , $objects
    }

    function Get-WhatIfLine($Run) { @($Run.Lines | Where-Object { $_ -like 'What if:*' }) }

    # ----- Running an example.

    # PowerShell: in a new runspace with a recording host (prompts are recorded and must not happen), the
    # workspace as the location, the example saved as a script outside the workspace so that exit ends only it.
    function Invoke-PowerShellExample([string] $Text, [string] $Workspace) {
        $file = Join-Path (New-TestFolder -Name 'example-script') 'example.ps1'
        Set-Content -LiteralPath $file -Value $Text
        $recording = [ModelRelease.Tests.RecordingHost]::new([string[]]@())
        $runspace = [runspacefactory]::CreateRunspace($recording, [initialsessionstate]::CreateDefault2())
        $runspace.Open()
        $ps = [powershell]::Create()
        $ps.Runspace = $runspace
        try {
            $null = $runspace.SessionStateProxy.Path.SetLocation($Workspace)
            $null = $ps.AddScript("& '$($file -replace "'", "''")'")
            $exception = $null
            $output = $null
            try { $output = $ps.Invoke() } catch { $exception = $_.Exception }
            [pscustomobject]@{
                Output      = @($output)
                ExitCode    = $runspace.SessionStateProxy.GetVariable('LASTEXITCODE')
                Exception   = $exception
                Errors      = @($ps.Streams.Error)
                Warnings    = @($ps.Streams.Warning)
                Information = @($ps.Streams.Information)
                Prompts     = @($recording.Recorder.Prompts)
                Lines       = @($recording.Recorder.Lines)
            }
        }
        finally {
            $ps.Dispose()
            $runspace.Dispose()
        }
    }

    # PowerShell in a new pwsh process (for the install example, which must find the module on its own).
    # A home of its own for a child pwsh: HOME and the XDG folders (they must exist, or .NET answers an empty
    # LocalApplicationData and PSResourceGet keeps its settings in the working directory), so PSResourceGet's
    # repository list and the CurrentUser module folder are the child's, never the user's.
    function Set-TemporaryHome([System.Diagnostics.ProcessStartInfo] $Start, [string] $Folder) {
        $null = New-Item -ItemType Directory -Force -Path $Folder
        $Start.Environment['HOME'] = $Folder
        $Start.Environment['USERPROFILE'] = $Folder
        foreach ($pair in @(@('XDG_DATA_HOME', '.local/share'), @('XDG_CONFIG_HOME', '.config'), @('XDG_CACHE_HOME', '.cache'))) {
            $Start.Environment[$pair[0]] = (New-Item -ItemType Directory -Force -Path (Join-Path $Folder $pair[1])).FullName
        }
    }

    # The module's package in ./out/packages of the workspace, as build.ps1 -Task Package leaves it: published
    # with PSResourceGet from a child pwsh with a home of its own.
    function New-ModulePackage([string] $Workspace) {
        $packages = New-Item -ItemType Directory -Force -Path (Join-Path $Workspace 'out/packages')
        $module = Split-Path -Parent (Get-ModelReleaseManifestPath)
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        foreach ($argument in (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-Command',
            "`$ErrorActionPreference = 'Stop'; Register-PSResourceRepository -Name Packages -Uri '$($packages.FullName)' -Trusted; Publish-PSResource -Path '$module' -Repository Packages") { $start.ArgumentList.Add($argument) }
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        Set-TemporaryHome $start (New-TestFolder -Name 'package-home')
        $start.Environment['PSModulePath'] = $null
        $process = [System.Diagnostics.Process]::Start($start)
        $errors = $process.StandardError.ReadToEndAsync()
        $null = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "packaging the module failed: $($errors.Result)" }
    }

    function Invoke-ProcessExample([string] $Text, [string] $Workspace, [string] $TemporaryHome) {
        $folder = New-TestFolder -Name 'example-process'
        $example = Join-Path $folder 'example.ps1'
        $report = Join-Path $folder 'report.json'
        Set-Content -LiteralPath $example -Value $Text
        Set-Content -LiteralPath (Join-Path $folder 'run.ps1') -Value @"
`$ErrorActionPreference = 'Stop'
. '$example'
@{
    Modules      = @(Get-Module ModelRelease | ForEach-Object { @{ Name = `$_.Name; Version = "`$(`$_.Version)"; Path = `$_.Path } })
    Commands     = @(Get-Command -Module ModelRelease | ForEach-Object Name)
    PSModulePath = `$env:PSModulePath
} | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath '$report'
"@
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        foreach ($argument in (Join-Path $PSHOME 'pwsh.dll'), '-NoProfile', '-NonInteractive', '-File', (Join-Path $folder 'run.ps1')) { $start.ArgumentList.Add($argument) }
        $start.WorkingDirectory = $Workspace
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.Environment['PSModulePath'] = $script:CallerModulePath # the module is not on the path until the example puts it there
        if ($TemporaryHome) {
            Set-TemporaryHome $start $TemporaryHome
            $start.Environment['PSModulePath'] = $null # the child makes its own: its CurrentUser folder and $PSHOME/Modules
        }
        $process = [System.Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $process.WaitForExit()
        [pscustomobject]@{
            Output   = @(if (Test-Path -LiteralPath $report) { Get-Content -Raw -LiteralPath $report | ConvertFrom-Json })
            ExitCode = $process.ExitCode
            Lines    = @($stdout.Result -split "`n")
            Errors   = @($stderr.Result | Where-Object { $_ })
            Prompts  = @()
        }
    }

    # Bash: the usage line as a shell runs it, in the workspace, with modelrelease on PATH.
    function Invoke-BashExample([string] $Text, [string] $Workspace) {
        $start = [System.Diagnostics.ProcessStartInfo]::new('bash')
        $start.ArgumentList.Add('-c')
        $start.ArgumentList.Add($Text)
        $start.WorkingDirectory = $Workspace
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.Environment['PATH'] = $CliBin + [System.IO.Path]::PathSeparator + $env:PATH
        $process = [System.Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $process.WaitForExit()
        [pscustomobject]@{
            Output   = @()
            ExitCode = $process.ExitCode
            Lines    = @($stdout.Result -split "`n")
            Errors   = @($stderr.Result | Where-Object { $_ })
            Prompts  = @()
        }
    }

    # ----- The checks, keyed by the example's text. Setup prepares the workspace and the hub (location: the
    # workspace); Check asserts the result. Fails marks an example whose point is a refusal (its check says which).

    $script:Checks = [System.Collections.Generic.Dictionary[string, hashtable]]::new([System.StringComparer]::Ordinal)

    $Checks['Get-Checkpoint ./checkpoints/*.safetensors | Test-Checkpoint -Deep | Measure-ModelParameter -Expected 26.8K -Tolerance 1%'] = @{
        Check = {
            param($Run, $Context)
            $report = (Get-RunOutput $Run ([ModelRelease.ParameterReport]))[0]
            $report.Path | Should -Be (Join-Path $Context.Workspace 'checkpoints/model.safetensors')
            $report.Total | Should -Be 26784
            $report.Expected | Should -Be 26800
            $report.WithinTolerance | Should -BeTrue
        }
    }

    $Checks[@'
$validation = Get-Checkpoint ./release/model.safetensors | Test-Checkpoint -Deep -Sha256
$sections = Get-Content ./card-sections.json -Raw | ConvertFrom-Json -AsHashtable
$validation | New-ModelCard -RepoId org/model-base -Version 1.2.0 -License apache-2.0 -Language en -Tag text-generation -Config ./configs/base.yaml -Metrics ./eval/metrics.json -Section $sections -Path ./release/README.md
if (-not (Test-ModelCard ./release/README.md -Checkpoint ./release/model.safetensors -Quiet)) { throw 'the card is not finished' }
Publish-HfModel -Path ./release -RepoId org/model-base -CommitMessage 'Release v1.2.0' | New-ReleaseTag -Version 1.2.0
'@ -replace "`r`n", "`n"] = @{
        Setup = { New-TestRepo 'org/model-base' } # the model's repository exists: this is its release v1.2.0
        Check = {
            param($Run, $Context)
            $tag = (Get-RunOutput $Run ([ModelRelease.ReleaseTag]))[0]
            ($tag.RepoId, $tag.Name, $tag.Created) | Should -Be @('org/model-base', 'v1.2.0', $true)
            $card = Join-Path $Context.Workspace 'release/README.md'
            (Test-ModelCard -LiteralPath $card -Checkpoint (Get-Checkpoint ./release/model.safetensors)).IsValid | Should -BeTrue
            $files = Get-TestRepoFiles 'org/model-base' 'v1.2.0'
            (Get-Sorted $files.Keys) | Should -Be @('.gitattributes', 'README.md', 'config.json', 'model.safetensors')
            $files['model.safetensors'].LfsOid | Should -Be $PicoSha256
            (Get-ModelCard -RepoId org/model-base -Revision v1.2.0).Text | Should -BeExactly (Get-Content -Raw -LiteralPath $card)
            Get-TestCommitTitle 'org/model-base' 'v1.2.0' | Should -Be 'Release v1.2.0'
        }
    }

    $Checks[@'
Register-PSResourceRepository -Name ModelReleaseLocal -Uri ./out/packages -Trusted
Install-PSResource ModelRelease -Repository ModelReleaseLocal
Import-Module ModelRelease
'@ -replace "`r`n", "`n"] = @{
        Runner        = 'Process'
        TemporaryHome = $true # PSResourceGet's settings and the CurrentUser modules of a home of the example's own
        Setup         = { New-ModulePackage $PWD }
        Check         = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 0 -Because ($Run.Errors -join "`n")
            $version = (Import-PowerShellDataFile (Get-ModelReleaseManifestPath)).ModuleVersion
            $module = @($Run.Output[0].Modules)
            $module.Count | Should -Be 1
            $module[0].Path | Should -BeLike (Join-Path $Context.Workspace ".home/*/Modules/ModelRelease/$version/ModelRelease.dll") -Because 'installed into the CurrentUser scope of the home'
            $module[0].Version | Should -Be $version
            $Run.Output[0].Commands | Should -Contain 'Get-Checkpoint'
            Test-Path -LiteralPath (Join-Path $Context.Workspace '.home/.local/share/PSResourceGet/PSResourceRepository.xml') | Should -BeTrue -Because 'the repository was registered in the home of the example, not the user'
        }
    }

    $Checks[@'
$env:PSModulePath = (Resolve-Path ./out).ProviderPath + [System.IO.Path]::PathSeparator + $env:PSModulePath
Import-Module ModelRelease
'@ -replace "`r`n", "`n"] = @{
        Runner = 'Process'
        Setup  = { $null = New-Item -ItemType SymbolicLink -Path ./out/ModelRelease -Target $env:MODELRELEASE_MODULE_PATH } # out/ModelRelease/<version>/ as dotnet publish leaves it
        Check  = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 0 -Because ($Run.Errors -join "`n")
            $report = $Run.Output[0]
            $module = @($report.Modules)
            $module.Count | Should -Be 1
            $module[0].Path | Should -BeLike (Join-Path $Context.Workspace 'out/ModelRelease/*/ModelRelease.dll')
            $module[0].Version | Should -Be (Import-PowerShellDataFile (Get-ModelReleaseManifestPath)).ModuleVersion
            $report.Commands | Should -Contain 'Get-Checkpoint'
            $report.Commands | Should -Contain 'Publish-HfModel'
            ($report.PSModulePath -split [System.IO.Path]::PathSeparator)[0] | Should -Be (Join-Path $Context.Workspace 'out')
        }
    }

    $Checks['Get-Checkpoint ./checkpoints'] = @{
        Check = {
            param($Run, $Context)
            $checkpoint = (Get-RunOutput $Run ([ModelRelease.Checkpoint]))[0] # the folder's own checkpoint file; base/ is another folder
            ($checkpoint.Name, "$($checkpoint.Format)", $checkpoint.TensorCount, $checkpoint.ParameterCount) | Should -Be @('model.safetensors', 'Safetensors', 20, 26784)
        }
    }

    $Checks['Get-Checkpoint ./release/*.safetensors | Test-Checkpoint -Deep -ErrorAction Stop | Where-Object { -not $_.IsValid }'] = @{
        Fails = $true
        Setup = {
            # Beside the good checkpoint, one whose first weight is NaN: the gate must let exactly that one through.
            $bytes = [System.IO.File]::ReadAllBytes((Join-Path $PWD 'release/model.safetensors'))
            $data = 8 + [System.BitConverter]::ToInt64($bytes, 0)
            $bytes[$data] = 0xC0; $bytes[$data + 1] = 0x7F # BF16 NaN
            [System.IO.File]::WriteAllBytes((Join-Path $PWD 'release/model-nan.safetensors'), $bytes)
        }
        Check = {
            param($Run, $Context)
            $Run.Exception | Should -BeNullOrEmpty
            $Run.Errors | Should -BeNullOrEmpty
            $invalid = (Get-RunOutput $Run ([ModelRelease.CheckpointValidation]))[0]
            $invalid.Path | Should -Be (Join-Path $Context.Workspace 'release/model-nan.safetensors')
            $invalid.IsValid | Should -BeFalse
            $finding = @($invalid.Findings | Where-Object Severity -EQ 'Error')
            $finding.Count | Should -Be 1
            ($finding[0].Code, $finding[0].Tensor) | Should -Be @('TENSOR_NAN', 'model.embed_tokens.weight')
        }
    }

    $Checks['Measure-ModelParameter ./release/model.safetensors -Expected 26.8K -Tolerance 1%'] = @{
        Check = {
            param($Run, $Context)
            $report = (Get-RunOutput $Run ([ModelRelease.ParameterReport]))[0]
            ($report.Total, $report.Expected, $report.WithinTolerance) | Should -Be @(26784, 26800, $true)
            [math]::Abs($report.Deviation) | Should -BeLessThan 0.01
        }
    }

    $Checks['Compare-Checkpoint ./v1/model.safetensors ./v2/model.safetensors -Content'] = @{
        Check = {
            param($Run, $Context)
            $comparison = (Get-RunOutput $Run ([ModelRelease.CheckpointComparison]))[0]
            "$($comparison.ImpliedBump)" | Should -Be 'Minor'
            @($comparison.Added) + @($comparison.Removed) + @($comparison.Reshaped) + @($comparison.Retyped) | Should -BeNullOrEmpty
            # Retrained with another seed: every projection changed; the RMSNorm weights (all 1) did not.
            $tensors = (Get-Checkpoint ./v1/model.safetensors).Tensors.Name
            @($comparison.ContentChanged.Name | Sort-Object) | Should -Be @($tensors | Where-Object { $_ -notlike '*norm*' } | Sort-Object)
            $comparison.UnchangedCount | Should -Be @($tensors | Where-Object { $_ -like '*norm*' }).Count
        }
    }

    $Checks["Get-Checkpoint ./release/*.safetensors | Test-Checkpoint -Deep | Publish-HfModel -RepoId org/model-base -CommitMessage 'Release v1.2.0' | New-ReleaseTag -Version 1.2.0"] = @{
        Setup = { New-TestRepo 'org/model-base' }
        Check = {
            param($Run, $Context)
            $tag = (Get-RunOutput $Run ([ModelRelease.ReleaseTag]))[0]
            ($tag.RepoId, $tag.Name) | Should -Be @('org/model-base', 'v1.2.0')
            # Validations publish the checkpoints they validated, and nothing else of the folder.
            $files = Get-TestRepoFiles 'org/model-base' 'v1.2.0'
            (Get-Sorted $files.Keys) | Should -Be @('.gitattributes', 'model.safetensors')
            $files['model.safetensors'].LfsOid | Should -Be $PicoSha256
            Get-TestCommitTitle 'org/model-base' 'v1.2.0' | Should -Be 'Release v1.2.0'
        }
    }

    $Checks['Publish-HfModel -Path ./release -RepoId org/model-base -WhatIf'] = @{
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            Test-TestRepo 'org/model-base' | Should -BeFalse -Because '-WhatIf writes nothing, not even the repository'
            $whatIf = Get-WhatIfLine $Run
            $whatIf | Where-Object { $_ -like '*org/model-base@main: model.safetensors*LFS*' } | Should -HaveCount 1
            $whatIf | Where-Object { $_ -like '*org/model-base@main: config.json*' } | Should -HaveCount 1
            $whatIf | Where-Object { $_ -like '*"Create public repository"*org/model-base*' } | Should -HaveCount 1
        }
    }

    $Checks['Publish-ModelRelease -Path ./release -RepoId org/model-base -Version 1.2.0 -License apache-2.0 -Language en -Config ./configs/base.yaml -Metrics ./eval/metrics.json -Section (Get-Content ./card-sections.json -Raw | ConvertFrom-Json -AsHashtable) -Confirm:$false'] = @{
        Check = {
            param($Run, $Context)
            $report = (Get-RunOutput $Run ([ModelRelease.ReleaseReport]))[0]
            ("$($report.Outcome)", $report.TagName, $report.ErrorCount) | Should -Be @('Released', 'v1.2.0', 0)
            $report.Verification.Identical | Should -BeTrue
            "$($report.Card.Origin)" | Should -Be 'Written'
            $report.Card.Validation.IsValid | Should -BeTrue
            $files = Get-TestRepoFiles 'org/model-base' 'v1.2.0'
            (Get-Sorted $files.Keys) | Should -Be @('.gitattributes', 'README.md', 'config.json', 'model.safetensors')
            $files['model.safetensors'].LfsOid | Should -Be $PicoSha256
            (Get-ModelCard -RepoId org/model-base -Revision v1.2.0).Text | Should -BeExactly (Get-Content -Raw -LiteralPath $report.Card.Path)
            Get-TestCommitTitle 'org/model-base' 'v1.2.0' | Should -Be 'Release v1.2.0'
        }
    }

    $Checks['Publish-ModelRelease -Path ./release -RepoId org/model-base -Version 1.2.0 -NoCard -WhatIf'] = @{
        Check = {
            param($Run, $Context)
            $report = (Get-RunOutput $Run ([ModelRelease.ReleaseReport]))[0]
            "$($report.Outcome)" | Should -Be 'Planned'
            (Get-Sorted $report.Plan.Files.PathInRepo) | Should -Be @('config.json', 'model.safetensors')
            Test-TestRepo 'org/model-base' | Should -BeFalse -Because '-WhatIf writes nothing, not even the repository'
            $whatIf = Get-WhatIfLine $Run
            $whatIf | Where-Object { $_ -like '*"Create public repository"*org/model-base*' } | Should -HaveCount 1
            $whatIf | Where-Object { $_ -like '*"Create tag v1.2.0"*' } | Should -HaveCount 1
        }
    }

    $Checks['$report = Publish-ModelRelease -Path ./release -RepoId org/model-base -Version 1.2.0 -NoCard -Confirm:$false -ErrorAction SilentlyContinue; $report.Findings | Where-Object Severity -EQ Error'] = @{
        Setup = { $null = Publish-TestRelease -Path ./v2 -RepoId org/model-base -Version 1.2.0 } # v1.2.0 is already out, with the retrained weights
        Check = {
            param($Run, $Context)
            $finding = (Get-RunOutput $Run ([ModelRelease.Finding]))[0]
            $finding.Code | Should -Be 'RELEASE_TAG_EXISTS'
            # Nothing was written: main still holds only the first release's file, and the tag did not move.
            (Get-Sorted (Get-TestRepoFiles 'org/model-base').Keys) | Should -Be @('.gitattributes', 'model.safetensors')
            $head = (Invoke-RestMethod -Uri "$env:HF_ENDPOINT/api/models/org/model-base/commits/main" -Headers @{ Authorization = "Bearer $env:HF_TOKEN" })[0].id
            (Get-ReleaseTag -RepoId org/model-base).CommitOid | Should -Be $head
        }
    }

    $Checks['Save-HfModel -RepoId org/model-base -Revision v1.2.0 -Destination ./model'] = @{
        Setup = { $null = Publish-TestRelease -Path ./release -RepoId org/model-base -Version 1.2.0 }
        Check = {
            param($Run, $Context)
            $saved = Get-RunOutput $Run ([ModelRelease.SavedFile]) -Count 3
            (Get-Sorted $saved.PathInRepo) | Should -Be @('.gitattributes', 'config.json', 'model.safetensors')
            ($saved | Where-Object PathInRepo -EQ 'model.safetensors').VerifiedHash | Should -Be $PicoSha256
            Get-Sha256 (Join-Path $Context.Workspace 'model/model.safetensors') | Should -Be $PicoSha256
            Get-Sha256 (Join-Path $Context.Workspace 'model/config.json') | Should -Be (Get-Sha256 (Join-Path $Context.Workspace 'release/config.json'))
        }
    }

    $Checks[@'
Get-Checkpoint ./release/model.safetensors | New-ModelCard -RepoId org/model-base -Version 1.2.0 -License apache-2.0 -Language en -Tag text-generation -Config ./configs/base.yaml -Metrics ./eval/metrics.json -Section (Get-Content ./card-sections.json -Raw | ConvertFrom-Json -AsHashtable) -Path ./release/README.md
if (Test-ModelCard ./release/README.md -Checkpoint ./release/model.safetensors -Quiet) { Publish-HfModel -Path ./release -RepoId org/model-base -CommitMessage 'Release v1.2.0' }
'@ -replace "`r`n", "`n"] = @{
        Setup = { New-TestRepo 'org/model-base' }
        Check = {
            param($Run, $Context)
            $result = (Get-RunOutput $Run ([ModelRelease.PublishResult]))[0]
            ($result.RepoId, $result.Committed) | Should -Be @('org/model-base', $true)
            $files = Get-TestRepoFiles 'org/model-base'
            (Get-Sorted $files.Keys) | Should -Be @('.gitattributes', 'README.md', 'config.json', 'model.safetensors')
            $files['model.safetensors'].LfsOid | Should -Be $PicoSha256
            $card = Join-Path $Context.Workspace 'release/README.md'
            (Test-ModelCard -LiteralPath $card -Checkpoint (Get-Checkpoint ./release/model.safetensors)).IsValid | Should -BeTrue
            (Get-ModelCard -RepoId org/model-base).Text | Should -BeExactly (Get-Content -Raw -LiteralPath $card)
        }
    }

    $Checks['Get-ModelCard -RepoId org/model-base | Set-ModelCard -License mit | Publish-HfModel -RepoId org/model-base'] = @{
        Setup = {
            New-FinishedCard -Folder ./release -RepoId org/model-base -License apache-2.0
            $null = Publish-TestRelease -Path ./release -RepoId org/model-base -Version 1.2.0
        }
        Check = {
            param($Run, $Context)
            $result = (Get-RunOutput $Run ([ModelRelease.PublishResult]))[0]
            $result.Committed | Should -BeTrue
            $before = Get-ModelCard -LiteralPath (Join-Path $Context.Workspace 'release/README.md')
            $after = Get-ModelCard -RepoId org/model-base
            $after.Metadata.license | Should -Be 'mit'
            $after.Body | Should -BeExactly $before.Body
            @($after.Metadata.Keys) | Should -Be @($before.Metadata.Keys)
            ($after.Metadata.'model-index' | ConvertTo-Json -Depth 10) | Should -Be ($before.Metadata.'model-index' | ConvertTo-Json -Depth 10)
            (Get-TestRepoFiles 'org/model-base').ContainsKey('model.safetensors') | Should -BeTrue
        }
    }

    $Checks['Compare-Checkpoint ./pytorch_model.bin ./model.safetensors -Content | Select-Object ImpliedBump, IsIdentical, FormatChanged'] = @{
        Setup = { $null = New-SafetensorsCopy -Path ./pytorch_model.bin -Destination ./model.safetensors } # every tensor, as its own elements
        Check = {
            param($Run, $Context)
            $Run.Output | Should -HaveCount 1
            @($Run.Output[0].psobject.Properties.Name) | Should -Be @('ImpliedBump', 'IsIdentical', 'FormatChanged')
            "$($Run.Output[0].ImpliedBump)" | Should -Be 'Patch'
            $Run.Output[0].IsIdentical | Should -BeTrue
            $Run.Output[0].FormatChanged | Should -BeTrue
        }
    }

    $Checks['Get-Checkpoint ./new.gguf | Compare-Checkpoint -Reference ./old.gguf | Select-Object ImpliedBump'] = @{
        Check = {
            param($Run, $Context)
            $Run.Output | Should -HaveCount 1
            @($Run.Output[0].psobject.Properties.Name) | Should -Be @('ImpliedBump')
            "$($Run.Output[0].ImpliedBump)" | Should -Be 'Major' # another architecture's shapes and quantization
        }
    }

    $Checks['Get-Checkpoint ./checkpoints/*.safetensors'] = @{
        Check = {
            param($Run, $Context)
            $checkpoint = (Get-RunOutput $Run ([ModelRelease.Checkpoint]))[0]
            $checkpoint.Path | Should -Be (Join-Path $Context.Workspace 'checkpoints/model.safetensors')
            ($checkpoint.ParameterCount, $checkpoint.Length) | Should -Be @(26784, (Get-Item ./checkpoints/model.safetensors).Length)
        }
    }

    $Checks['Get-ChildItem ./gguf -Recurse -Filter *.gguf | Get-Checkpoint | Select-Object Name, FileType, ParameterCount'] = @{
        Check = {
            param($Run, $Context)
            $Run.Output | Should -HaveCount 1
            $row = $Run.Output[0]
            @($row.psobject.Properties.Name) | Should -Be @('Name', 'FileType', 'ParameterCount')
            $truth = (Get-FixtureManifest).files | Where-Object file -EQ 'gguf/tiny-llama-q4km-mix.gguf'
            ($row.Name, $row.FileType, $row.ParameterCount) | Should -Be @('model-q4_k_m.gguf', 'MOSTLY_Q4_K_M', $truth.ground_truth.total_elements)
        }
    }

    $Checks["(Get-Checkpoint -LiteralPath './model[v2].safetensors').Tensors | Format-Table"] = @{
        Check = {
            param($Run, $Context)
            # The output is a rendered table: every tensor of the file is a row of it.
            $text = $Run.Output | Out-String -Width 250
            foreach ($tensor in (Get-Checkpoint -LiteralPath './model[v2].safetensors').Tensors) {
                $text | Should -Match ('(?m)^' + [regex]::Escape($tensor.Name) + '\s+BF16\s')
            }
        }
    }

    $Checks['Get-HfRepoFile -RepoId org/model -Revision v1.2.0 -Recurse | Where-Object IsLfs'] = @{
        Setup = { $null = Publish-TestRelease -Path ./release -RepoId org/model -Version 1.2.0 }
        Check = {
            param($Run, $Context)
            $file = (Get-RunOutput $Run ([ModelRelease.HubRepoFile]))[0] # config.json and .gitattributes are regular files
            ($file.Path, $file.IsLfs, $file.LfsOid, $file.Revision) | Should -Be @('model.safetensors', $true, $PicoSha256, 'v1.2.0')
        }
    }

    $Checks['(Get-ModelCard ./release/README.md).Metadata.license'] = @{
        Setup = { New-FinishedCard -Folder ./release -RepoId org/model-base -License apache-2.0 }
        Check = {
            param($Run, $Context)
            (Get-RunOutput $Run ([string]))[0] | Should -BeExactly 'apache-2.0'
        }
    }

    $Checks['Get-ModelCard -RepoId org/model-base -Revision v1.2.0 | Test-ModelCard'] = @{
        Setup = {
            New-FinishedCard -Folder ./release -RepoId org/model-base
            $null = Publish-TestRelease -Path ./release -RepoId org/model-base -Version 1.2.0
        }
        Check = {
            param($Run, $Context)
            $verdict = (Get-RunOutput $Run ([ModelRelease.ModelCardValidation]))[0]
            ($verdict.IsValid, $verdict.RepoId) | Should -Be @($true, 'org/model-base')
            $verdict.Findings | Should -BeNullOrEmpty
        }
    }

    $Checks['Get-ReleaseTag -RepoId org/model | Select-Object -First 1'] = @{
        Setup = {
            $result = Publish-TestRelease -Path ./release -RepoId org/model -Version 1.2.0
            foreach ($version in '1.10.0', '1.9.1') { $null = $result | New-ReleaseTag -Version $version }
        }
        Check = {
            param($Run, $Context)
            $tag = (Get-RunOutput $Run ([ModelRelease.ReleaseTag]))[0]
            ($tag.Name, "$($tag.Version)") | Should -Be @('v1.10.0', '1.10.0') # newest by version, not by name
        }
    }

    $Checks['Get-Checkpoint ./pytorch_model.bin | Measure-ModelParameter | Select-Object -ExpandProperty ByGroup'] = @{
        Check = {
            param($Run, $Context)
            $Run.Output | Should -HaveCount 1 # the dictionary of group to element count
            $groups = $Run.Output[0].psobject.BaseObject
            $truth = ((Get-FixtureManifest).files | Where-Object file -EQ 'pytorch/pytorch_model.bin').ground_truth.elements_by_group
            @($groups.Keys | Sort-Object) | Should -Be @($truth.Keys | Sort-Object)
            foreach ($group in $truth.Keys) { $groups[$group] | Should -Be $truth[$group] -Because $group }
        }
    }

    $Checks['Get-Checkpoint ./release/model.safetensors | New-ModelCard -RepoId org/model-base -Version 1.2.0 -License apache-2.0 -Language en -Tag text-generation -Config ./configs/base.yaml -Metrics ./eval/metrics.json -Section (Get-Content ./card-sections.json -Raw | ConvertFrom-Json -AsHashtable) -Path ./release/README.md'] = @{
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty # -Path writes the card
            $Run.Warnings | Should -BeNullOrEmpty -Because 'every section is filled'
            $card = Get-ModelCard -LiteralPath (Join-Path $Context.Workspace 'release/README.md')
            ($card.Metadata.license, $card.Metadata.language[0]) | Should -Be @('apache-2.0', 'en')
            $card.Metadata.'model-index'[0].results[0].metrics.type | Should -Be @('bits_per_byte', 'perplexity')
            $verdict = Test-ModelCard -Card $card -Checkpoint (Get-Checkpoint ./release/model.safetensors)
            $verdict.IsValid | Should -BeTrue
            $verdict.Findings | Should -BeNullOrEmpty
        }
    }

    $Checks["New-ModelCard -Variant small,base,large -CheckpointPath './out/{variant}' -Config './configs/{variant}.yaml' -Metrics './eval/{variant}.json' -RepoId 'org/model-{variant}' -License mit -Path './out/{variant}/README.md'"] = @{
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            foreach ($variant in 'small', 'base', 'large') {
                $card = Get-ModelCard -LiteralPath (Join-Path $Context.Workspace "out/$variant/README.md")
                $card.Metadata.license | Should -Be 'mit'
                $index = $card.Metadata.'model-index'[0]
                $index.name | Should -Be "org/model-$variant"
                $expected = (Get-Content -Raw "./eval/$variant.json" | ConvertFrom-Json).metrics.value
                $index.results[0].metrics.value | Should -Be $expected
                $parameters = (Get-Checkpoint "./out/$variant/model.safetensors").ParameterCount
                $card.Body | Should -Match ([regex]::Escape("**Parameters:** $([ModelRelease.ParameterCountText]::Format($parameters))"))
                $hidden = [regex]::Match((Get-Content -Raw "./configs/$variant.yaml"), '(?m)^  hidden_size: (\d+)$').Groups[1].Value
                $card.Body | Should -Match "(?m)^\| model\.hidden_size \| $hidden \|$" # its own config
            }
            # A draft: prose sections are still open, and each card says so once.
            @($Run.Warnings | ForEach-Object Message) | Should -HaveCount 3
        }
    }

    $Checks["Get-Checkpoint ./gguf/model-q4_k_m.gguf | New-ModelCard -RepoId org/model-gguf -License mit -Template ./card-template.md -Section @{ model_summary = 'A 4-bit quantization.' } | Publish-HfModel -RepoId org/model-gguf"] = @{
        Setup = { New-TestRepo 'org/model-gguf' }
        Check = {
            param($Run, $Context)
            $result = (Get-RunOutput $Run ([ModelRelease.PublishResult]))[0]
            $result.Committed | Should -BeTrue
            (Get-Sorted (Get-TestRepoFiles 'org/model-gguf').Keys) | Should -Be @('.gitattributes', 'README.md') # the card, not the weights
            $card = Get-ModelCard -RepoId org/model-gguf
            ($card.Metadata.license, $card.Metadata.library_name) | Should -Be @('mit', 'llama.cpp')
            $card.Metadata.tags | Should -Contain 'gguf'
            $card.Body | Should -Match '(?m)^A 4-bit quantization\.$'
            $card.Body | Should -Not -Match '\{\{|\[More Information Needed\]'
            (Test-ModelCard -Card $card -Policy (Join-Path $Context.Workspace 'card-policy.yaml')).Findings.Code | Should -Not -Contain 'CARD_UNFINISHED'
        }
    }

    $Checks["Publish-HfModel -Path ./release -RepoId org/model | New-ReleaseTag -Version 1.2.0 -Message 'Better tokenizer'"] = @{
        Setup = { New-TestRepo 'org/model' }
        Check = {
            param($Run, $Context)
            $tag = (Get-RunOutput $Run ([ModelRelease.ReleaseTag]))[0]
            ($tag.RepoId, $tag.Name, $tag.Message) | Should -Be @('org/model', 'v1.2.0', 'Better tokenizer')
            $onHub = Get-ReleaseTag -RepoId org/model
            ($onHub.Name, $onHub.CommitOid) | Should -Be @('v1.2.0', $tag.CommitOid)
            (Get-Sorted (Get-TestRepoFiles 'org/model' 'v1.2.0').Keys) | Should -Be @('.gitattributes', 'config.json', 'model.safetensors')
        }
    }

    $Checks['New-ReleaseTag -RepoId org/model -Revision main -Version 1.1.0 -Format Weights -LocalRepository .'] = @{
        Setup = {
            $script:Published = Publish-TestRelease -Path ./release -RepoId org/model
            Initialize-GitRepository $PWD
        }
        Check = {
            param($Run, $Context)
            $tag = (Get-RunOutput $Run ([ModelRelease.ReleaseTag]))[0]
            ($tag.Name, $tag.CommitOid) | Should -Be @('weights-v1.1', $script:Published.CommitOid)
            (Get-ReleaseTag -RepoId org/model).Name | Should -Be 'weights-v1.1'
            $workspace = $Context.Workspace
            git -C $workspace rev-parse 'weights-v1.1^{commit}' | Should -Be (git -C $workspace rev-parse HEAD)
            git -C $workspace cat-file -t 'weights-v1.1' | Should -Be 'tag' # annotated
            $message = '--format=%(contents)'
            (git -C $workspace tag -l $message 'weights-v1.1') -join "`n" | Should -Match $script:Published.CommitOid # the Hub commit, recorded
        }
    }

    $Checks['Import-Csv ./releases.csv | New-ReleaseTag -Format Model'] = @{
        Setup = {
            $script:Published = Publish-TestRelease -Path ./release -RepoId org/model
            $script:PublishedGguf = Publish-TestRelease -Path ./gguf -RepoId org/model-gguf
            @(
                [pscustomobject]@{ RepoId = 'org/model'; CommitOid = $script:Published.CommitOid; Version = '1.2.0' }
                [pscustomobject]@{ RepoId = 'org/model-gguf'; CommitOid = $script:PublishedGguf.CommitOid; Version = '0.9.1' }
            ) | Export-Csv -LiteralPath ./releases.csv
        }
        Check = {
            param($Run, $Context)
            $tags = Get-RunOutput $Run ([ModelRelease.ReleaseTag]) -Count 2
            ($tags | ForEach-Object { "$($_.RepoId) $($_.Name) $($_.CommitOid)" }) | Should -Be @(
                "org/model model-v1.2.0 $($script:Published.CommitOid)"
                "org/model-gguf model-v0.9.1 $($script:PublishedGguf.CommitOid)")
            (Get-ReleaseTag -RepoId org/model).Name | Should -Be 'model-v1.2.0'
            (Get-ReleaseTag -RepoId org/model-gguf).Name | Should -Be 'model-v0.9.1'
        }
    }

    $Checks["`$fixed = Publish-HfModel -Path ./release -RepoId org/model -CommitMessage 'Fix the config' -Confirm:`$false; New-ReleaseTag -RepoId org/model -CommitOid `$fixed.CommitOid -Version 1.2.0 -Force -Confirm:`$false"] = @{
        Setup = {
            $script:Released = Publish-TestRelease -Path ./release -RepoId org/model -Version 1.2.0
            Set-Content -LiteralPath ./release/config.json -Value '{"fixed": true}'
        }
        Check = {
            param($Run, $Context)
            $Run.Prompts | Should -BeNullOrEmpty
            $tag = (Get-RunOutput $Run ([ModelRelease.ReleaseTag]))[0]
            $head = (Invoke-RestMethod -Uri "$env:HF_ENDPOINT/api/models/org/model" -Headers @{ Authorization = "Bearer $env:HF_TOKEN" }).sha
            $head | Should -Not -Be $script:Released.CommitOid -Because 'the fix is a new commit'
            ($tag.Name, $tag.CommitOid, $tag.Moved) | Should -Be @('v1.2.0', $head, $true)
            (Get-ReleaseTag -RepoId org/model | Where-Object Name -EQ 'v1.2.0').CommitOid | Should -Be $head
            Get-TestCommitTitle 'org/model' | Should -Be 'Fix the config'
        }
    }

    $Checks['Publish-HfModel -Path ./release -RepoId org/new-model -Confirm:$false'] = @{
        Check = {
            param($Run, $Context)
            $Run.Prompts | Should -BeNullOrEmpty -Because '-Confirm:$false creates the public repository without asking'
            $result = (Get-RunOutput $Run ([ModelRelease.PublishResult]))[0]
            ($result.RepoCreated, $result.Committed) | Should -Be @($true, $true)
            (Get-Sorted (Get-TestRepoFiles 'org/new-model').Keys) | Should -Be @('.gitattributes', 'config.json', 'model.safetensors')
            (Invoke-RestMethod -Uri "$env:HF_ENDPOINT/api/models/org/new-model" -Headers @{ Authorization = "Bearer $env:HF_TOKEN" }).private | Should -BeFalse
        }
    }

    $Checks['Get-HfRepoFile -RepoId org/model -Revision v1.2.0 -Recurse | Where-Object IsLfs | Save-HfModel -Destination ./weights'] = @{
        Setup = { $null = Publish-TestRelease -Path ./release -RepoId org/model -Version 1.2.0 }
        Check = {
            param($Run, $Context)
            $saved = Get-RunOutput $Run ([ModelRelease.SavedFile])
            ($saved[0].PathInRepo, $saved[0].VerifiedHash) | Should -Be @('model.safetensors', $PicoSha256)
            Get-Sha256 (Join-Path $Context.Workspace 'weights/model.safetensors') | Should -Be $PicoSha256
            Test-Path -LiteralPath (Join-Path $Context.Workspace 'weights/config.json') | Should -BeFalse -Because 'only the LFS files were asked for'
        }
    }

    $Checks["Get-Checkpoint ./checkpoints/*.safetensors | Test-Checkpoint -Deep | Publish-HfModel -RepoId org/model-base -CommitMessage 'Release v1.2.0'"] = @{
        Setup = { New-TestRepo 'org/model-base' }
        Check = {
            param($Run, $Context)
            $result = (Get-RunOutput $Run ([ModelRelease.PublishResult]))[0]
            $result.Committed | Should -BeTrue
            $file = @($result.Files)
            $file.Count | Should -Be 1
            ($file[0].PathInRepo, $file[0].IsLfs, $file[0].Sha256) | Should -Be @('model.safetensors', $true, $PicoSha256)
            (Get-Sorted (Get-TestRepoFiles 'org/model-base').Keys) | Should -Be @('.gitattributes', 'model.safetensors')
            Get-TestCommitTitle 'org/model-base' | Should -Be 'Release v1.2.0'
        }
    }

    $Checks["Publish-HfModel -Path ./release -RepoId org/model-base -Exclude '*.tmp' -WhatIf"] = @{
        Setup = {
            New-TestRepo 'org/model-base'
            Set-Content -LiteralPath ./release/upload.tmp -Value 'a partial download'
        }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            @((Get-TestRepoFiles 'org/model-base').Keys) | Should -Be @('.gitattributes') -Because '-WhatIf commits nothing'
            $whatIf = Get-WhatIfLine $Run
            $whatIf | Where-Object { $_ -like '*org/model-base@main: model.safetensors*' } | Should -HaveCount 1
            $whatIf | Where-Object { $_ -like '*org/model-base@main: config.json*' } | Should -HaveCount 1
            $whatIf | Where-Object { $_ -like '*upload.tmp*' } | Should -BeNullOrEmpty
        }
    }

    $Checks["Publish-HfModel -Path ./gguf -RepoId org/model-gguf -PathInRepo quantized -Include '*.gguf' | New-ReleaseTag -Version 1.2.0"] = @{
        Setup = {
            New-TestRepo 'org/model-gguf'
            Set-Content -LiteralPath ./gguf/notes.txt -Value 'quantized with llama.cpp'
        }
        Check = {
            param($Run, $Context)
            $tag = (Get-RunOutput $Run ([ModelRelease.ReleaseTag]))[0]
            ($tag.RepoId, $tag.Name) | Should -Be @('org/model-gguf', 'v1.2.0')
            $files = Get-TestRepoFiles 'org/model-gguf' 'v1.2.0'
            (Get-Sorted $files.Keys) | Should -Be @('.gitattributes', 'quantized', 'quantized/model-q4_k_m.gguf')
            $files['quantized/model-q4_k_m.gguf'].LfsOid | Should -Be (Get-Sha256 ./gguf/model-q4_k_m.gguf)
        }
    }

    $Checks['Save-HfModel -RepoId org/model -Revision v1.2.0 -Destination ./model-v1.2.0'] = @{
        Setup = {
            $script:Release = Publish-TestRelease -Path ./release -RepoId org/model -Version 1.2.0
            # main moves on after the release: the download must still be v1.2.0's.
            $next = New-TestFolder -Name 'next'
            Set-Content -LiteralPath (Join-Path $next 'config.json') -Value '{ "model_type": "llama", "note": "after v1.2.0" }'
            $null = Publish-HfModel -Path $next -RepoId org/model -CommitMessage 'Work after v1.2.0' -Confirm:$false
        }
        Check = {
            param($Run, $Context)
            $saved = Get-RunOutput $Run ([ModelRelease.SavedFile]) -Count 3
            @($saved.CommitOid | Select-Object -Unique) | Should -Be @($script:Release.CommitOid)
            Get-Sha256 ./model-v1.2.0/config.json | Should -Be (Get-Sha256 ./release/config.json)
            Get-Sha256 ./model-v1.2.0/model.safetensors | Should -Be $PicoSha256
        }
    }

    $Checks['Save-HfModel -RepoId org/model-gguf -File quantized/model-q4_k_m.gguf -Destination ./models'] = @{
        Setup = {
            Copy-Item -LiteralPath ./release/config.json -Destination ./gguf/config.json
            $null = Publish-TestRelease -Path ./gguf -RepoId org/model-gguf -PathInRepo quantized
        }
        Check = {
            param($Run, $Context)
            $saved = (Get-RunOutput $Run ([ModelRelease.SavedFile]))[0]
            $saved.PathInRepo | Should -Be 'quantized/model-q4_k_m.gguf'
            Get-Sha256 ./models/quantized/model-q4_k_m.gguf | Should -Be (Get-Sha256 ./gguf/model-q4_k_m.gguf)
            @(Get-ChildItem -LiteralPath ./models -Recurse -File -Force).Count | Should -Be 1 -Because 'only the file asked for is downloaded'
        }
    }

    $Checks['Get-ModelCard ./README.md | Set-ModelCard -License apache-2.0 -Tag text-generation,safetensors'] = @{
        Setup = {
            New-FinishedCard -Folder ./release -RepoId org/model-base -License mit
            Copy-Item -LiteralPath ./release/README.md -Destination ./README.md
        }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty # written back in place
            $before = Get-ModelCard -LiteralPath ./release/README.md
            $after = Get-ModelCard -LiteralPath ./README.md
            $after.Metadata.license | Should -Be 'apache-2.0'
            @($after.Metadata.tags) | Should -Be @('text-generation', 'safetensors')
            $after.Body | Should -BeExactly $before.Body
            @($after.Metadata.Keys) | Should -Be @($before.Metadata.Keys)
        }
    }

    $Checks["Get-ModelCard -RepoId org/model-base | Set-ModelCard -Metadata @{ base_model = 'org/model-pre'; deprecated = `$null } | Publish-HfModel -RepoId org/model-base"] = @{
        Setup = {
            New-FinishedCard -Folder ./release -RepoId org/model-base
            Get-ModelCard ./release/README.md | Set-ModelCard -Metadata @{ deprecated = $true }
            $null = Publish-TestRelease -Path ./release -RepoId org/model-base -Version 1.2.0
        }
        Check = {
            param($Run, $Context)
            (Get-RunOutput $Run ([ModelRelease.PublishResult]))[0].Committed | Should -BeTrue
            $before = Get-ModelCard -LiteralPath ./release/README.md
            $after = Get-ModelCard -RepoId org/model-base
            $after.Metadata.base_model | Should -Be 'org/model-pre'
            $after.Metadata.Keys | Should -Not -Contain 'deprecated'
            $after.Body | Should -BeExactly $before.Body
        }
    }

    $Checks['Get-Checkpoint ./checkpoints/*.safetensors | Test-Checkpoint -Deep'] = @{
        Check = {
            param($Run, $Context)
            $validation = (Get-RunOutput $Run ([ModelRelease.CheckpointValidation]))[0]
            $validation.Path | Should -Be (Join-Path $Context.Workspace 'checkpoints/model.safetensors')
            $validation.IsValid | Should -BeTrue
            $validation.Findings | Where-Object Severity -EQ 'Error' | Should -BeNullOrEmpty
        }
    }

    $Checks['if (-not (Test-Checkpoint ./release/model.safetensors -ExpectedParameterCount 26.8K -Tolerance 1% -Quiet)) { exit 1 }'] = @{
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            $Run.ExitCode | Should -Not -Be 1 -Because 'the checkpoint is the promised size, so the gate lets the build go on'
        }
    }

    $Checks['Test-Checkpoint ./release/model.safetensors -ExpectedSha256 e59aefbc10cc2327c7371e3b2c7ee14d7e1b623b4312299e11bfc78b7b3efb0f'] = @{
        Check = {
            param($Run, $Context)
            $validation = (Get-RunOutput $Run ([ModelRelease.CheckpointValidation]))[0]
            ($validation.IsValid, $validation.Sha256) | Should -Be @($true, 'e59aefbc10cc2327c7371e3b2c7ee14d7e1b623b4312299e11bfc78b7b3efb0f')
            $PicoSha256 | Should -Be $validation.Sha256 -Because 'the documented hash is the example model''s'
        }
    }

    $Checks['if (-not (Test-ModelCard ./release/README.md -Checkpoint ./release/model.safetensors -Quiet)) { exit 1 }'] = @{
        Setup = { New-FinishedCard -Folder ./release -RepoId org/model-base }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            $Run.ExitCode | Should -Not -Be 1 -Because 'the card is finished, so the gate lets the release go on'
        }
    }

    $Checks['New-ModelCard -RepoId org/model -License mit | Test-ModelCard -Policy ./card-policy.yaml | Select-Object -ExpandProperty Findings'] = @{
        Fails = $true
        Check = {
            param($Run, $Context)
            # A bare card against the team's policy: refused for its open lines and its missing metadata, nothing else.
            $findings = Get-RunOutput $Run ([ModelRelease.Finding]) -Count @($Run.Output).Count
            @($findings.Code | Sort-Object -Unique) | Should -Be @('CARD_METADATA_MISSING', 'CARD_UNFINISHED')
            $draft = New-ModelCard -RepoId org/model -License mit 3>$null
            $open = @($draft.Text -split "`n" | Where-Object { $_.Contains('[More Information Needed]') }).Count
            @($findings | Where-Object Code -EQ 'CARD_UNFINISHED').Count | Should -Be $open
            $missing = @($findings | Where-Object Code -EQ 'CARD_METADATA_MISSING' | ForEach-Object { [regex]::Match($_.Message, "'([^']+)'").Groups[1].Value })
            @($missing | Sort-Object) | Should -Be @('language', 'pipeline_tag', 'tags') # license is given; pipeline_tag is the policy's own
        }
    }

    $Checks['./examples/compare-releases.ps1 -Previous ./releases/v1.2.0/model.safetensors -Current ./checkpoints/model.safetensors'] = @{
        Check = {
            param($Run, $Context)
            $comparison = (Get-RunOutput $Run ([ModelRelease.CheckpointComparison]))[0]
            "$($comparison.ImpliedBump)" | Should -Be 'Minor'
            $comparison.DifferencePath | Should -Be (Join-Path $Context.Workspace 'checkpoints/model.safetensors')
            @($Run.Information | ForEach-Object { "$($_.MessageData)" }) | Should -Be @('Same layout, new values: release a new minor version.')
        }
    }

    $Checks['./examples/publish-release.ps1 -Folder ./out/base -RepoId org/model-base -Version 1.2.0 -ExpectedParameters 26.8K -CodeRepository .'] = @{
        Setup = {
            New-TestRepo 'org/model-base'
            New-FinishedCard -Folder ./out/base -RepoId org/model-base
            Initialize-GitRepository $PWD
        }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -HaveCount 2
            $result = $Run.Output[0].psobject.BaseObject
            $tag = $Run.Output[1].psobject.BaseObject
            $result | Should -BeOfType ([ModelRelease.PublishResult])
            $tag | Should -BeOfType ([ModelRelease.ReleaseTag])
            ($tag.Name, $tag.CommitOid) | Should -Be @('v1.2.0', $result.CommitOid)
            $files = Get-TestRepoFiles 'org/model-base' 'v1.2.0'
            (Get-Sorted $files.Keys) | Should -Be @('.gitattributes', 'README.md', 'config.json', 'model.safetensors')
            Get-TestCommitTitle 'org/model-base' 'v1.2.0' | Should -Be 'Release v1.2.0'
            git -C $Context.Workspace rev-parse 'v1.2.0^{commit}' | Should -Be (git -C $Context.Workspace rev-parse HEAD)
        }
    }

    $Checks['./examples/release-gate.ps1 -Folder ./checkpoints/base -ExpectedParameters 26.8K -Tolerance 1%'] = @{
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Not -Be 1
            $Run.Output | Should -HaveCount 1
            $row = $Run.Output[0]
            ($row.Name, $row.Valid, $row.Parameters, $row.Sha256) | Should -Be @('model.safetensors', $true, '26.8K', $PicoSha256)
            $Run.Warnings | Should -BeNullOrEmpty
        }
    }

    $Checks['./examples/release-gate.ps1 -Folder ./checkpoints/base -ExpectedParameters 90.4K'] = @{
        Fails = $true
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 1
            $Run.Output | Should -HaveCount 1
            ($Run.Output[0].Name, $Run.Output[0].Valid) | Should -Be @('model.safetensors', $false)
            @($Run.Warnings).Count | Should -Be 1
            $Run.Warnings[0].Message | Should -Match '^model\.safetensors: CKPT_PARAMETER_COUNT '
            $Run.Errors | Should -BeNullOrEmpty
        }
    }

    $Checks['./examples/variant-cards.ps1 -Organization org -Name model -Version 1.2.0'] = @{
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 0
            foreach ($variant in 'small', 'base', 'large') {
                $path = Join-Path $Context.Workspace "out/$variant/README.md"
                $verdict = Test-ModelCard -LiteralPath $path -Checkpoint (Get-Checkpoint "./out/$variant/model.safetensors")
                $verdict.IsValid | Should -BeTrue -Because "$variant's card is finished"
                $card = Get-ModelCard -LiteralPath $path
                $card.Metadata.'model-index'[0].name | Should -Be "org/model-$variant"
                $card.Metadata.'model-index'[0].results[0].metrics.value | Should -Be (Get-Content -Raw "./eval/$variant.json" | ConvertFrom-Json).metrics.value
                ($card.Metadata.license, $card.Metadata.library_name) | Should -Be @('apache-2.0', 'transformers')
            }
        }
    }

    $Checks['examples/release-gate.sh ./checkpoints/base 26.8K 1%'] = @{
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 0 -Because ($Run.Errors -join "`n")
        }
    }

    $Checks['examples/release-gate.sh ./checkpoints/base 90.4K'] = @{
        Fails = $true
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 1 -Because 'a failed check exits 1, and set -e stops the script there'
            # The CLI's finding table names the code: the rendered text is what a bash agent reads.
            ($Run.Lines -join "`n") | Should -Match 'model\.safetensors\s+Error\s+CKPT_PARAMETER_COUNT'
        }
    }

    # ----- Names and the weights registry (New-ModelName, ConvertFrom-ModelName, Get-ModelWeights).

    $script:WeightsRegistryText = @'
{
  "schemaVersion": 1,
  "models": {
    "cser-detector": {
      "repoId": "org/cser-detector",
      "file": "cser_detector.safetensors",
      "latest": "1.1",
      "versions": {
        "1.0": { "tag": "weights-v1.0", "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "size": 1024, "publishedAt": "2025-06-01T10:00:00Z", "packageVersions": ">=0.1.0,<0.2.0" },
        "1.1": { "tag": "weights-v1.1", "sha256": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "size": 2048, "publishedAt": "2025-09-15T12:40:51Z", "packageVersions": ">=0.2.0,<1.0.0" }
      }
    }
  }
}
'@

    $Checks["New-ModelName descriptive @{ base = 'phi3mini4k'; dataset = 'minimal'; rank = 32; alpha = 64; epochs = 20; trainedAt = [datetime]'2025-09-14 13:24:16'; format = 'q4_k_m-gguf' }"] = @{
        Check = {
            param($Run, $Context)
            $name = (Get-RunOutput $Run ([ModelRelease.ModelName]))[0]
            $name.Name | Should -BeExactly 'phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf'
            ($name.Template, $name.Fields.rank, $name.Fields.format, $name.Fields.exportedAt) | Should -Be @('descriptive', 32, 'q4_k_m-gguf', $null)
            $Run.Warnings | Should -BeNullOrEmpty
        }
    }

    $Checks['Import-Csv ./runs.csv | New-ModelName descriptive | Select-Object -ExpandProperty Name'] = @{
        Setup = {
            Set-Content -LiteralPath ./runs.csv -Value @(
                'base,dataset,rank,alpha,epochs,trainedAt,notes'
                'phi3mini4k,minimal,32,64,20,20250914-132416,first run'
                'phi3mini4k,full,16,32,3,20250916-080000,'
            )
        }
        Check = {
            param($Run, $Context)
            $names = Get-RunOutput $Run ([string]) -Count 2
            $names | Should -Be @('phi3mini4k-minimal-r32-a64-e20-20250914-132416', 'phi3mini4k-full-r16-a32-e3-20250916-080000')
        }
    }

    $Checks["'small', 'base', 'large' | ForEach-Object { New-ModelName variant @{ org = 'org'; model = 'stick-gen'; variant = `$_ } }"] = @{
        Check = {
            param($Run, $Context)
            $names = Get-RunOutput $Run ([ModelRelease.ModelName]) -Count 3
            $names.Name | Should -Be @('org/stick-gen-small', 'org/stick-gen-base', 'org/stick-gen-large')
            $names | ForEach-Object { $_.Fields.model } | Should -Be @('stick-gen', 'stick-gen', 'stick-gen')
        }
    }

    $Checks['(ConvertFrom-ModelName phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110).Fields'] = @{
        Check = {
            param($Run, $Context)
            $Run.Output.Count | Should -Be 1
            $fields = $Run.Output[0]
            @($fields.Keys) | Should -Be @('base', 'dataset', 'rank', 'alpha', 'epochs', 'trainedAt', 'format', 'exportedAt')
            ($fields['base'], $fields['dataset'], $fields['rank'], $fields['alpha'], $fields['epochs'], $fields['format']) | Should -Be @('phi3mini4k', 'minimal', 32, 64, 20, 'q4_k_m-gguf')
            $fields['trainedAt'] | Should -Be ([datetime]'2025-09-14 13:24:16')
            $fields['exportedAt'] | Should -Be ([datetime]'2025-09-15 12:51:10')
        }
    }

    $Checks['Get-ChildItem ./exports -Filter *.gguf | ConvertFrom-ModelName -Template file'] = @{
        Setup = {
            $null = New-Item -ItemType Directory -Path ./exports
            foreach ($file in 'ruvltra-3b-q4_k_m.gguf', 'ruvltra-3b-q8_0.gguf') { $null = New-Item -ItemType File -Path (Join-Path ./exports $file) }
        }
        Check = {
            param($Run, $Context)
            $names = Get-RunOutput $Run ([ModelRelease.ModelName]) -Count 2
            ($names | Sort-Object Name | ForEach-Object { "$($_.Fields.name)|$($_.Fields.size)|$($_.Fields.quant)" }) | Should -Be @('ruvltra|3b|q4_k_m', 'ruvltra|3b|q8_0')
            $names.Kind | Should -Be @([ModelRelease.NameKind]::File, [ModelRelease.NameKind]::File)
        }
    }

    $Checks["'weights-v1.1', 'model-v2.1.0', 'GesturaAI/stick-gen-base' | ConvertFrom-ModelName"] = @{
        Check = {
            param($Run, $Context)
            $names = Get-RunOutput $Run ([ModelRelease.ModelName]) -Count 3
            $names.Template | Should -Be @('weights-v', 'model-v', 'variant')
            ($names[0].Fields.major, $names[0].Fields.minor, $names[1].Fields.version, $names[2].Fields.variant) | Should -Be @(1, 1, '2.1.0', 'base')
        }
    }

    $Checks['Get-ModelWeights -Registry ./weights-registry.json -Model cser-detector -PackageVersion 0.2.0'] = @{
        Setup = { Set-Content -LiteralPath ./weights-registry.json -Value $WeightsRegistryText -NoNewline }
        Check = {
            param($Run, $Context)
            $entry = (Get-RunOutput $Run ([ModelRelease.WeightsEntry]))[0]
            ($entry.Model, $entry.Version, $entry.Tag, $entry.RepoId, $entry.PackageVersion, $entry.IsLatest) | Should -Be @('cser-detector', '1.1', 'weights-v1.1', 'org/cser-detector', '0.2.0', $true)
            $entry.Registry | Should -Be (Join-Path $Context.Workspace 'weights-registry.json')
        }
    }

    $Checks['try { Get-ModelWeights -Registry ./weights-registry.json -Model cser-detector -PackageVersion 0.0.9 -ErrorAction Stop } catch { $_.Exception.SuggestedPackageVersion }'] = @{
        Setup = { Set-Content -LiteralPath ./weights-registry.json -Value $WeightsRegistryText -NoNewline }
        Check = {
            param($Run, $Context)
            (Get-RunOutput $Run ([string]))[0] | Should -BeExactly '0.2.0'
        }
    }
    # ----- Versions, tags, branches, variant families and the weights registry (issue 11's workflows:
    # Step-ModelVersion, the branch cmdlets, Register/Save/Test-ModelWeights, Publish-ModelRelease -Manifest and
    # examples/gguf-family.*, tag-driven-version.*, variant-release.*, weights-registry.*).

    # The files of DESIGN.md workflow 5, named {name}-{size}-{quant}.gguf: two honest ones, one that lies (an F16
    # model of 513K parameters named as Q8_0), and the F16 experiment.
    function Initialize-GgufWorkspace {
        Copy-File (Get-FixturePath 'gguf/tiny-llama-q4km-mix.gguf') (Join-Path $PWD 'gguf-exports/ruvltra-672k-q4_k_m.gguf')
        Copy-File (Get-FixturePath 'gguf/basic-types.gguf') (Join-Path $PWD 'gguf-exports/ruvltra-1k-f32.gguf')
        Copy-File (Get-FixturePath 'gguf/ollama_llama-2-tiny-random.gguf') (Join-Path $PWD 'gguf-lies/ruvltra-513k-q8_0.gguf')
        Copy-File (Get-FixturePath 'gguf/ollama_llama-2-tiny-random.gguf') (Join-Path $PWD 'experiments/ruvltra-513k-f16.gguf')
    }

    # A repository with one commit on main holding -File, and -Tag names on that commit.
    function Initialize-TaggedRepo([string] $RepoId, [string[]] $Tag = @(), [string] $File = './checkpoints/model.safetensors', [string] $PathInRepo) {
        $extra = @{}
        if ($PathInRepo) { $extra.PathInRepo = $PathInRepo }
        $published = Publish-HfModel -Path $File -RepoId $RepoId -CommitMessage 'Release' -Confirm:$false @extra
        foreach ($name in $Tag) { $null = $published | New-ReleaseTag -Name $name }
        $published
    }

    # The state after examples/weights-registry: weights-v1.0 (the example model) and weights-v1.1 (retrained) registered.
    function Initialize-WeightsRegistry([switch] $Second) {
        $null = Register-ModelWeights -Registry ./weights-registry.json -Model cser-detector -Path ./checkpoints/model.safetensors -Version 1.0 -PackageVersions '>=0.1.0,<0.2.0' -RepoId org/cser-detector -PathInRepo cser_detector.safetensors -Confirm:$false
        if ($Second) { $null = Register-ModelWeights -Registry ./weights-registry.json -Model cser-detector -Path ./v2/model.safetensors -Version 1.1 -PackageVersions '>=0.2.0,<1.0.0' -Confirm:$false }
    }

    function Get-TestTagNames([string] $RepoId) { @(Get-ReleaseTag -RepoId $RepoId | ForEach-Object Name) }

    $script:V2Sha256 = Get-Sha256 (Join-Path $Template 'v2/model.safetensors')

    $Checks['Step-ModelVersion -RepoId org/model-base -Increment Minor'] = @{
        Setup = { $null = Initialize-TaggedRepo 'org/model-base' -Tag v1.0.0, v1.2.0, model-v5.0.0, latest-stable }
        Check = {
            param($Run, $Context)
            $bump = (Get-RunOutput $Run ([ModelRelease.VersionBumpResult]))[0]
            ($bump.RepoId, $bump.Family, $bump.PreviousTag, $bump.Previous, $bump.Next, $bump.NextTag, "$($bump.Increment)", $bump.Suggested) |
                Should -Be @('org/model-base', 'v', 'v1.2.0', '1.2.0', '1.3.0', 'v1.3.0', 'Minor', $false)
            Get-TestTagNames 'org/model-base' | Should -Not -Contain 'v1.3.0' -Because 'Step-ModelVersion computes the version and tags nothing'
        }
    }

    $Checks['Step-ModelVersion -RepoId org/model-base -Checkpoint ./checkpoints/model.safetensors -PreviousFile model.safetensors'] = @{
        # The last release holds the retrained checkpoint: the same layout with other values.
        Setup = { $null = Initialize-TaggedRepo 'org/model-base' -Tag v1.2.0 -File ./v2/model.safetensors }
        Check = {
            param($Run, $Context)
            $bump = (Get-RunOutput $Run ([ModelRelease.VersionBumpResult]))[0]
            ($bump.PreviousTag, $bump.Next, "$($bump.Increment)", $bump.Suggested) | Should -Be @('v1.2.0', '1.3.0', 'Minor', $true)
            "$($bump.Comparison.ImpliedBump)" | Should -Be 'Minor'
            @($bump.Comparison.Added) + @($bump.Comparison.Removed) + @($bump.Comparison.Reshaped) | Should -BeNullOrEmpty
            @($bump.Comparison.ContentChanged).Count | Should -BeGreaterThan 0
        }
    }

    $Checks['Step-ModelVersion -Version v2.0 -Increment Prerelease -Family export-v'] = @{
        Check = {
            param($Run, $Context)
            $bump = (Get-RunOutput $Run ([ModelRelease.VersionBumpResult]))[0]
            ($bump.RepoId, $bump.Previous, $bump.Next, $bump.NextTag, "$($bump.Increment)") | Should -Be @($null, '2.0.0', '2.0.1-rc.1', 'export-v2.0.1-rc.1', 'Prerelease')
            $bump.Notes | Should -HaveCount 1 -Because 'how v2.0 was read is said'
            @($Run.Warnings).Count | Should -Be 1
            $Run.Warnings[0].Message | Should -BeExactly $bump.Notes[0]
        }
    }

    $Checks['Get-ReleaseTag -RepoId org/phi3-exports -Family export-v | Select-Object Name, Version, Date'] = @{
        Setup = {
            $first = Initialize-TaggedRepo 'org/phi3-exports' -Tag v1.0.0, model-v1.1.0, export-v1.0.0, latest-stable
            $script:ExportCommit = (Initialize-TaggedRepo 'org/phi3-exports' -Tag export-v2.0.0 -File ./v2/model.safetensors).CommitOid
        }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -HaveCount 2
            ($Run.Output | ForEach-Object { "$($_.Name) $($_.Version)" }) | Should -Be @('export-v2.0.0 2.0.0', 'export-v1.0.0 1.0.0')
            $Run.Output.Date | ForEach-Object { $_ | Should -BeOfType [System.DateTimeOffset] }
            $dates = @(Get-ReleaseTag -RepoId org/phi3-exports | Where-Object Name -EQ 'export-v2.0.0')
            $Run.Output[0].Date | Should -Be $dates[0].Date
        }
    }

    $Checks['New-HfBranch -RepoId org/ruvltra -Name exp-fp16 -StartingPoint v1.0.0'] = @{
        Setup = {
            $script:TaggedCommit = (Initialize-TaggedRepo 'org/ruvltra' -Tag v1.0.0).CommitOid
            $null = Initialize-TaggedRepo 'org/ruvltra' -File ./v2/model.safetensors # main moves on past the release
        }
        Check = {
            param($Run, $Context)
            $branch = (Get-RunOutput $Run ([ModelRelease.HubBranch]))[0]
            ($branch.RepoId, $branch.Name, $branch.CommitOid, $branch.Created) | Should -Be @('org/ruvltra', 'exp-fp16', $TaggedCommit, $true)
            $onHub = @(Get-HfBranch -RepoId org/ruvltra -Name exp-fp16)
            $onHub.CommitOid | Should -Be $TaggedCommit
            (Get-TestRepoFiles 'org/ruvltra' 'exp-fp16')['model.safetensors'].LfsOid | Should -Be $PicoSha256 -Because 'the branch starts at the release, not at main'
        }
    }

    $Checks["Get-HfBranch -RepoId org/ruvltra -Name 'exp-*'"] = @{
        Setup = {
            $null = Initialize-TaggedRepo 'org/ruvltra' -Tag v1.0.0
            foreach ($name in 'exp-fp16', 'exp-int8', 'release-candidate') { $null = New-HfBranch -RepoId org/ruvltra -Name $name -StartingPoint v1.0.0 }
        }
        Check = {
            param($Run, $Context)
            $branches = Get-RunOutput $Run ([ModelRelease.HubBranch]) -Count 2
            (Get-Sorted $branches.Name) | Should -Be @('exp-fp16', 'exp-int8')
            $branches.RepoId | Select-Object -Unique | Should -Be 'org/ruvltra'
            $branches | ForEach-Object { $_.Date | Should -Not -BeNullOrEmpty }
        }
    }

    $Checks["Get-HfBranch -RepoId org/ruvltra -Name 'exp-*' | Remove-HfBranch -Confirm:`$false"] = @{
        Setup = {
            $null = Initialize-TaggedRepo 'org/ruvltra' -Tag v1.0.0
            foreach ($name in 'exp-fp16', 'exp-int8', 'release-candidate') { $null = New-HfBranch -RepoId org/ruvltra -Name $name -StartingPoint v1.0.0 }
        }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty -Because 'Remove-HfBranch writes nothing without -PassThru'
            (Get-Sorted (Get-HfBranch -RepoId org/ruvltra).Name) | Should -Be @('main', 'release-candidate')
            Get-TestTagNames 'org/ruvltra' | Should -Be @('v1.0.0') -Because 'tags are not branches'
        }
    }

    $Checks["Publish-HfModel -Path ./experiments/ruvltra-513k-f16.gguf -RepoId org/ruvltra -Revision exp-fp16 -CreateBranch -CommitMessage 'Experiment: F16 export'"] = @{
        Setup = { Initialize-GgufWorkspace; $script:MainCommit = (Initialize-TaggedRepo 'org/ruvltra' -Tag v1.0.0).CommitOid }
        Check = {
            param($Run, $Context)
            $result = (Get-RunOutput $Run ([ModelRelease.PublishResult]))[0]
            ($result.RepoId, $result.Revision, $result.BranchCreated, $result.Committed) | Should -Be @('org/ruvltra', 'exp-fp16', $true, $true)
            $experiment = Get-TestRepoFiles 'org/ruvltra' 'exp-fp16'
            $experiment['ruvltra-513k-f16.gguf'].LfsOid | Should -Be (Get-Sha256 (Join-Path $Context.Workspace 'experiments/ruvltra-513k-f16.gguf'))
            $experiment['model.safetensors'] | Should -Not -BeNullOrEmpty -Because 'the branch starts at main'
            Get-TestCommitTitle 'org/ruvltra' 'exp-fp16' | Should -Be 'Experiment: F16 export'
            (Get-TestRepoFiles 'org/ruvltra' 'main').Keys | Should -Not -Contain 'ruvltra-513k-f16.gguf'
            (Get-HfBranch -RepoId org/ruvltra -Name main).CommitOid | Should -Be $MainCommit
        }
    }

    # A family release: org/pico-lm-{small,base,large} from examples/release.yaml.
    function Assert-FamilyReleased([string] $Version, [string] $Change) {
        foreach ($variant in 'small', 'base', 'large') {
            $files = Get-TestRepoFiles "org/pico-lm-$variant" "v$Version"
            (Get-Sorted $files.Keys) | Should -Be (Get-Sorted @('.gitattributes', 'CITATION.cff', 'LICENSE', 'README.md', 'config.json', 'model.safetensors', 'requirements.txt', "$variant.yaml")) -Because "org/pico-lm-$variant v${Version}: the checkpoint folder, the family's files and the variant's config"
            $files['model.safetensors'].LfsOid | Should -Be (Get-Sha256 (Join-Path $PWD "out/$variant/model.safetensors"))
            $card = Get-ModelCard -RepoId "org/pico-lm-$variant" -Revision "v$Version"
            $card.Metadata['license'] | Should -Be 'mit'
            if ($Change) { $card.Text | Should -Match ([regex]::Escape($Change)) -Because "the card's changelog carries the release's entry" }
        }
    }

    $Checks["Publish-ModelRelease -Manifest ./examples/release.yaml -Version 1.0.0 -Change 'First release of the family' -Confirm:`$false"] = @{
        Check = {
            param($Run, $Context)
            $report = (Get-RunOutput $Run ([ModelRelease.FamilyReleaseReport]))[0]
            ("$($report.Outcome)", $report.Family, $report.Version, $report.TagName) | Should -Be @('Released', 'pico-lm', '1.0.0', 'v1.0.0')
            ($report.Variants | ForEach-Object { "$($_.RepoId) $($_.Outcome)" }) | Should -Be @('org/pico-lm-small Released', 'org/pico-lm-base Released', 'org/pico-lm-large Released')
            Assert-FamilyReleased '1.0.0' 'First release of the family'
        }
    }

    $Checks['./examples/variant-release.ps1 -Manifest ./examples/release.yaml -Version 1.0.0 -CodeRepository .'] = @{
        Setup = { Initialize-GitRepository $PWD }
        Check = {
            param($Run, $Context)
            $report = (Get-RunOutput $Run ([ModelRelease.FamilyReleaseReport]))[0]
            ("$($report.Outcome)", $report.TagName, $report.LocalRepository) | Should -Be @('Released', 'v1.0.0', $Context.Workspace)
            Assert-FamilyReleased '1.0.0'
            git -C $Context.Workspace tag --list | Should -Be 'v1.0.0'
            git -C $Context.Workspace rev-parse 'v1.0.0^{commit}' | Should -Be $report.LocalCommit
            git -C $Context.Workspace status --porcelain | Should -BeNullOrEmpty -Because 'the CHANGELOG.md entry is committed'
            Get-Content -Raw -LiteralPath (Join-Path $Context.Workspace 'CHANGELOG.md') | Should -Match '1\.0\.0'
        }
    }

    $Checks["./examples/variant-release.ps1 -Manifest ./examples/release.yaml -Version v1.1 -Change 'Evaluated again' -CodeRepository ."] = @{
        Setup = {
            Initialize-GitRepository $PWD
            $first = Publish-ModelRelease -Manifest ./examples/release.yaml -Version 1.0.0 -LocalRepository . -Confirm:$false
            if ("$($first.Outcome)" -ne 'Released') { throw 'the first release of the family did not happen' }
        }
        Check = {
            param($Run, $Context)
            $report = (Get-RunOutput $Run ([ModelRelease.FamilyReleaseReport]))[0]
            ("$($report.Outcome)", $report.Version, $report.TagName) | Should -Be @('Released', '1.1.0', 'v1.1.0')
            Assert-FamilyReleased '1.1.0' 'Evaluated again'
            foreach ($variant in 'small', 'base', 'large') {
                $text = (Get-ModelCard -RepoId "org/pico-lm-$variant" -Revision v1.1.0).Text
                $text.IndexOf('1.1.0') | Should -BeLessThan $text.IndexOf('1.0.0') -Because 'the changelog lists the new release above the last one'
                $text.IndexOf('1.0.0') | Should -BeGreaterThan -1
            }
            (Get-Sorted (git -C $Context.Workspace tag --list)) | Should -Be @('v1.0.0', 'v1.1.0')
        }
    }

    $Checks['./examples/variant-release.ps1 -Manifest ./examples/release.yaml -Version 2.0.0'] = @{
        Fails = $true
        Setup = { Copy-File (Join-Path $PWD 'out/base/model.safetensors') (Join-Path $PWD 'out/large/model.safetensors') }
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 1
            $plan = (Get-RunOutput $Run ([ModelRelease.FamilyReleaseReport]))[0]
            "$($plan.Outcome)" | Should -Not -Be 'Planned'
            $large = @($plan.Variants | Where-Object RepoId -EQ 'org/pico-lm-large')
            @($large[0].Findings | Where-Object Severity -EQ 'Error' | ForEach-Object Code) | Should -Contain 'RELEASE_CHECKPOINT_REFUSED'
            $gate = @($large[0].Gate.Files | ForEach-Object { @($_.Findings) + @($_.Validation.Findings) } | Where-Object { $_ -and $_.Severity -eq 'Error' } | ForEach-Object Code)
            $gate | Should -Contain 'CKPT_PARAMETER_COUNT' -Because 'out/large holds 26.8K parameters where 90.4K are expected'
            foreach ($variant in 'small', 'base', 'large') { Test-TestRepo "org/pico-lm-$variant" | Should -BeFalse -Because 'nothing of the family is published' }
        }
    }

    $Checks['examples/variant-release.sh ./examples/release.yaml 1.0.0'] = @{
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 0 -Because ($Run.Errors -join "`n")
            Assert-FamilyReleased '1.0.0'
        }
    }

    $Checks['examples/variant-release.sh ./examples/release.yaml 2.0.0'] = @{
        Setup = { Copy-File (Join-Path $PWD 'out/base/model.safetensors') (Join-Path $PWD 'out/large/model.safetensors') }
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 1 -Because 'a variant that fails its checklist stops the family, and set -e stops the script there'
            foreach ($variant in 'small', 'base', 'large') { Test-TestRepo "org/pico-lm-$variant" | Should -BeFalse -Because 'nothing of the family is published' }
        }
    }

    # DESIGN.md workflow 5: one repository, every quantization, the card, then an experiment on a branch.
    $script:CheckGgufFamily = {
        param([string] $Workspace)
        $main = Get-TestRepoFiles 'org/ruvltra' 'v1.0.0'
        (Get-Sorted $main.Keys) | Should -Be @('.gitattributes', 'README.md', 'ruvltra-1k-f32.gguf', 'ruvltra-672k-q4_k_m.gguf')
        $main['ruvltra-672k-q4_k_m.gguf'].LfsOid | Should -Be (Get-Sha256 (Join-Path $Workspace 'gguf-exports/ruvltra-672k-q4_k_m.gguf'))
        (Get-HfBranch -RepoId org/ruvltra -Name main).CommitOid | Should -Be (Get-ReleaseTag -RepoId org/ruvltra | Where-Object Name -EQ 'v1.0.0').CommitOid -Because 'main stays the release'
        $experiment = Get-TestRepoFiles 'org/ruvltra' 'exp-fp16'
        $experiment['ruvltra-513k-f16.gguf'].LfsOid | Should -Be (Get-Sha256 (Join-Path $Workspace 'experiments/ruvltra-513k-f16.gguf'))
        (Get-Sorted (Get-HfBranch -RepoId org/ruvltra).Name) | Should -Be @('exp-fp16', 'main')
    }

    $Checks['./examples/gguf-family.ps1 -Folder ./gguf-exports -RepoId org/ruvltra -Version 1.0.0 -Experiment ./experiments/ruvltra-513k-f16.gguf -Branch exp-fp16'] = @{
        Setup = { Initialize-GgufWorkspace }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -HaveCount 4
            $report = $Run.Output[0]
            $report | Should -BeOfType ([ModelRelease.ReleaseReport])
            ("$($report.Outcome)", $report.TagName, $report.ErrorCount) | Should -Be @('Released', 'v1.0.0', 0)
            $published = $Run.Output[1]
            $published | Should -BeOfType ([ModelRelease.PublishResult])
            ($published.Revision, $published.BranchCreated) | Should -Be @('exp-fp16', $true)
            (Get-Sorted ($Run.Output[2, 3] | ForEach-Object Name)) | Should -Be @('exp-fp16', 'main')
            & $CheckGgufFamily $Context.Workspace
        }
    }

    $Checks['./examples/gguf-family.ps1 -Folder ./gguf-lies -RepoId org/ruvltra -Version 1.0.0'] = @{
        Fails = $true
        Setup = { Initialize-GgufWorkspace }
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 1
            $report = (Get-RunOutput $Run ([ModelRelease.ReleaseReport]))[0]
            "$($report.Outcome)" | Should -Not -Be 'Released'
            $lie = @($report.Gate.Files | Where-Object { (Split-Path -Leaf $_.Path) -eq 'ruvltra-513k-q8_0.gguf' })
            $lie[0].Refused | Should -BeTrue
            @(@($lie[0].Findings) + @($lie[0].Validation.Findings) | Where-Object { $_ } | ForEach-Object Code) | Should -Contain 'NAME_QUANT_MISMATCH'
            Test-TestRepo 'org/ruvltra' | Should -BeFalse -Because 'nothing is published'
        }
    }

    $Checks['examples/gguf-family.sh ./gguf-exports org/ruvltra 1.0.0 ./experiments/ruvltra-513k-f16.gguf exp-fp16'] = @{
        Setup = { Initialize-GgufWorkspace }
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 0 -Because ($Run.Errors -join "`n")
            & $CheckGgufFamily $Context.Workspace
        }
    }

    $Checks['examples/gguf-family.sh ./gguf-lies org/ruvltra 1.0.0'] = @{
        Setup = { Initialize-GgufWorkspace }
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 1 -Because 'a name that lies refuses the release'
            Test-TestRepo 'org/ruvltra' | Should -BeFalse -Because 'nothing is published'
        }
    }

    # DESIGN.md workflow 2: the export's version from the export-v tags, published under its versioned artifact name.
    $script:ExportName = 'phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110.tar.gz'
    $script:ArtifactName = 'ollama-q4_k_m-phi3mini4k-minimal-r32-a64-e20-20250914-132416-v2.1.0.tar.gz'
    function Initialize-Phi3Exports {
        $null = Initialize-TaggedRepo 'org/phi3-exports' -Tag v1.0.0, model-v1.1.0, export-v2.0.0, latest-stable
        Copy-File (Join-Path $PWD 'v2/model.safetensors') (Join-Path $PWD "exports/$ExportName") # any bytes: the bundle is published as it is
    }
    $script:CheckPhi3Export = {
        param([string] $Workspace)
        $tag = @(Get-ReleaseTag -RepoId org/phi3-exports -Family export-v)[0]
        ($tag.Name, $tag.Version) | Should -Be @('export-v2.1.0', '2.1.0')
        $files = Get-TestRepoFiles 'org/phi3-exports' 'export-v2.1.0'
        $files["exports/$ArtifactName"].LfsOid | Should -Be (Get-Sha256 (Join-Path $Workspace "exports/$ExportName"))
        Get-TestCommitTitle 'org/phi3-exports' 'export-v2.1.0' | Should -Be "Export export-v2.1.0: $($ExportName -replace '\.tar\.gz$')"
    }

    $Checks['./examples/tag-driven-version.ps1 -RepoId org/phi3-exports -Export ./exports/phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110.tar.gz -Runtime ollama'] = @{
        Setup = { Initialize-Phi3Exports }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -HaveCount 1
            $summary = $Run.Output[0] # a PSCustomObject: its properties are on the wrapper, so not through Get-RunOutput
            ($summary.Base, $summary.Dataset, $summary.Rank, $summary.Alpha, $summary.Epochs, $summary.Format) | Should -Be @('phi3mini4k', 'minimal', 32, 64, 20, 'q4_k_m-gguf')
            $summary.Trained | Should -Be ([datetime]'2025-09-14 13:24:16')
            $summary.Exported | Should -Be ([datetime]'2025-09-15 12:51:10')
            @($summary.Tags) | Should -Be @('export-v2.0.0')
            ($summary.Previous, $summary.Version, $summary.Tag, $summary.Artifact) | Should -Be @('2.0.0', '2.1.0', 'export-v2.1.0', "exports/$ArtifactName")
            (Get-ReleaseTag -RepoId org/phi3-exports | Where-Object Name -EQ 'export-v2.1.0').CommitOid | Should -Be $summary.Commit
            & $CheckPhi3Export $Context.Workspace
        }
    }

    $Checks['examples/tag-driven-version.sh org/phi3-exports ./exports/phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110.tar.gz ollama'] = @{
        Setup = { Initialize-Phi3Exports }
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 0 -Because ($Run.Errors -join "`n")
            & $CheckPhi3Export $Context.Workspace
        }
    }

    # DESIGN.md workflow 3: the weights registry. Each example gets a cache of its own (the weights would otherwise be found in another's).
    function Read-WeightsRegistry([string] $Path = (Join-Path $PWD 'weights-registry.json')) { Get-Content -Raw -LiteralPath $Path | ConvertFrom-Json -AsHashtable }

    $Checks["Register-ModelWeights -Registry ./weights-registry.json -Model cser-detector -Path ./checkpoints/model.safetensors -Version 1.0 -PackageVersions '>=0.1.0,<0.2.0' -RepoId org/cser-detector -PathInRepo cser_detector.safetensors -Confirm:`$false"] = @{
        Check = {
            param($Run, $Context)
            $publication = (Get-RunOutput $Run ([ModelRelease.WeightsPublication]))[0]
            ("$($publication.Outcome)", $publication.Tag, $publication.RepoId, $publication.File, $publication.Sha256, $publication.Registered) |
                Should -Be @('Released', 'weights-v1.0', 'org/cser-detector', 'cser_detector.safetensors', $PicoSha256, $true)
            $registry = Read-WeightsRegistry
            $model = $registry.models['cser-detector']
            ($model.repoId, $model.file, $model.latest) | Should -Be @('org/cser-detector', 'cser_detector.safetensors', '1.0')
            ($model.versions['1.0'].tag, $model.versions['1.0'].sha256, $model.versions['1.0'].packageVersions) | Should -Be @('weights-v1.0', $PicoSha256, '>=0.1.0,<0.2.0')
            (Get-TestRepoFiles 'org/cser-detector' 'weights-v1.0')['cser_detector.safetensors'].LfsOid | Should -Be $PicoSha256
        }
    }

    $Checks["Register-ModelWeights -Registry ./weights-registry.json -Model cser-detector -Path ./v2/model.safetensors -Version v1.1 -PackageVersions '>=0.2.0,<1.0.0' -WhatIf"] = @{
        Setup = { Initialize-WeightsRegistry; $script:RegistryBefore = Get-Sha256 (Join-Path $PWD 'weights-registry.json') }
        Check = {
            param($Run, $Context)
            $plan = (Get-RunOutput $Run ([ModelRelease.WeightsPublication]))[0]
            ("$($plan.Outcome)", $plan.Version, $plan.Tag, $plan.Registered) | Should -Be @('Planned', '1.1', 'weights-v1.1', $false)
            $pointers = @($plan.Patch.Operations | ForEach-Object { "$($_.Op) $($_.Pointer)" })
            $pointers | Should -Contain 'add /models/cser-detector/versions/1.1'
            $pointers | Should -Contain 'replace /models/cser-detector/latest'
            ($plan.Patch.Operations | Where-Object Pointer -EQ '/models/cser-detector/latest').Value | Should -Match '1\.1'
            $Run.Warnings | Should -HaveCount 1 -Because 'how v1.1 was read is said'
            $whatIf = Get-WhatIfLine $Run
            $whatIf | Where-Object { $_ -like '*Create tag weights-v1.1*' } | Should -HaveCount 1
            $whatIf | Where-Object { $_ -like '*cser_detector.safetensors*' } | Should -Not -BeNullOrEmpty
            Get-Sha256 (Join-Path $Context.Workspace 'weights-registry.json') | Should -Be $RegistryBefore -Because '-WhatIf writes nothing'
            Get-TestTagNames 'org/cser-detector' | Should -Be @('weights-v1.0')
        }
    }

    $Checks['Save-ModelWeights -Registry ./weights-registry.json -Model cser-detector -PackageVersion 0.1.5'] = @{
        Setup = { Initialize-WeightsRegistry -Second; $env:XDG_CACHE_HOME = New-TestFolder -Name 'weights-cache' }
        Check = {
            param($Run, $Context)
            $saved = (Get-RunOutput $Run ([ModelRelease.SavedWeights]))[0]
            ($saved.Model, $saved.Version, $saved.Tag, $saved.Sha256, $saved.FromCache) | Should -Be @('cser-detector', '1.0', 'weights-v1.0', $PicoSha256, $false)
            $saved.BytesDownloaded | Should -Be (Get-Item -LiteralPath $saved.Path).Length
            $saved.Path | Should -Be (Join-Path $env:XDG_CACHE_HOME "modelrelease/weights/$PicoSha256/cser_detector.safetensors")
            Get-Sha256 $saved.Path | Should -Be $PicoSha256
            $again = Save-ModelWeights -Registry ./weights-registry.json -Model cser-detector -PackageVersion 0.1.5
            ($again.FromCache, $again.BytesDownloaded, $again.Path) | Should -Be @($true, 0, $saved.Path) -Because 'a second call finds them in the cache'
        }
    }

    $Checks['Get-ModelWeights -Registry ./weights-registry.json -Model cser-detector | Save-ModelWeights | Get-Checkpoint'] = @{
        Setup = { Initialize-WeightsRegistry -Second; $env:XDG_CACHE_HOME = New-TestFolder -Name 'weights-cache' }
        Check = {
            param($Run, $Context)
            $checkpoint = (Get-RunOutput $Run ([ModelRelease.Checkpoint]))[0]
            ($checkpoint.Name, $checkpoint.ParameterCount) | Should -Be @('cser_detector.safetensors', 26784)
            $checkpoint.Path | Should -Be (Join-Path $env:XDG_CACHE_HOME "modelrelease/weights/$V2Sha256/cser_detector.safetensors") -Because 'latest is 1.1, the retrained weights'
            Get-Sha256 $checkpoint.Path | Should -Be $V2Sha256
        }
    }

    $Checks['Test-ModelWeights -Registry ./weights-registry.json | Where-Object { -not $_.IsValid }'] = @{
        Setup = {
            Initialize-WeightsRegistry -Second
            # Someone moves weights-v1.0 to other bytes: the registry's SHA-256 no longer matches the file at the tag.
            Copy-File (Join-Path $PWD 'out/small/model.safetensors') (Join-Path $PWD 'moved/cser_detector.safetensors')
            $moved = Publish-HfModel -Path ./moved/cser_detector.safetensors -RepoId org/cser-detector -CommitMessage 'Replace the weights'
            $null = $moved | New-ReleaseTag -Name weights-v1.0 -Force -Confirm:$false
        }
        Check = {
            param($Run, $Context)
            $bad = (Get-RunOutput $Run ([ModelRelease.WeightsVerification]))[0]
            ($bad.Model, $bad.Version, $bad.Tag, $bad.Sha256, $bad.IsValid) | Should -Be @('cser-detector', '1.0', 'weights-v1.0', $PicoSha256, $false)
            $bad.HubSha256 | Should -Be (Get-Sha256 (Join-Path $Context.Workspace 'out/small/model.safetensors'))
            @($bad.Findings | Where-Object Severity -EQ 'Error').Count | Should -BeGreaterThan 0
            @(Test-ModelWeights -Registry ./weights-registry.json | Where-Object IsValid | ForEach-Object Version) | Should -Be @('1.1')
        }
    }

    $script:CheckWeightsRegistry = {
        param([string] $Workspace)
        $model = (Read-WeightsRegistry (Join-Path $Workspace 'weights-registry.json')).models['cser-detector']
        ($model.repoId, $model.file, $model.latest) | Should -Be @('org/cser-detector', 'cser_detector.safetensors', '1.1')
        (Get-Sorted $model.versions.Keys) | Should -Be @('1.0', '1.1')
        ($model.versions['1.0'].sha256, $model.versions['1.0'].packageVersions) | Should -Be @($PicoSha256, '>=0.1.0,<0.2.0')
        ($model.versions['1.1'].sha256, $model.versions['1.1'].packageVersions) | Should -Be @($V2Sha256, '>=0.2.0,<1.0.0')
        (Get-Sorted (Get-TestTagNames 'org/cser-detector')) | Should -Be @('weights-v1.0', 'weights-v1.1')
        (Get-TestRepoFiles 'org/cser-detector' 'weights-v1.1')['cser_detector.safetensors'].LfsOid | Should -Be $V2Sha256
        Get-Sha256 (Join-Path $env:XDG_CACHE_HOME "modelrelease/weights/$PicoSha256/cser_detector.safetensors") | Should -Be $PicoSha256 -Because 'package 0.1.5 loads weights 1.0, downloaded into the cache'
    }

    $Checks["./examples/weights-registry.ps1 -Registry ./weights-registry.json -Model cser-detector -RepoId org/cser-detector -Weights ./v1/model.safetensors, ./v2/model.safetensors -PackageVersions '>=0.1.0,<0.2.0', '>=0.2.0,<1.0.0' -PackageVersion 0.1.5 -OldPackageVersion 0.0.9"] = @{
        Setup = { $env:XDG_CACHE_HOME = New-TestFolder -Name 'weights-cache' }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -HaveCount 5
            $published = @($Run.Output[0, 1])
            $published | ForEach-Object { $_ | Should -BeOfType ([ModelRelease.WeightsPublication]) }
            ($published | ForEach-Object { "$($_.Tag) $($_.Outcome)" }) | Should -Be @('weights-v1.0 Released', 'weights-v1.1 Released')
            $verified = @($Run.Output[2, 3])
            ($verified | ForEach-Object { "$($_.Version) $($_.IsValid)" }) | Should -Be @('1.0 True', '1.1 True')
            $saved = $Run.Output[4]
            $saved | Should -BeOfType ([ModelRelease.SavedWeights])
            ($saved.Version, $saved.Sha256) | Should -Be @('1.0', $PicoSha256)
            $Run.Warnings | Should -HaveCount 1 -Because 'package 0.0.9 loads none of the weights'
            $Run.Warnings[0].Message | Should -Match '0\.0\.9.*0\.1\.0|0\.0\.9.*0\.2\.0'
            & $CheckWeightsRegistry $Context.Workspace
        }
    }

    $Checks['examples/weights-registry.sh ./weights-registry.json cser-detector org/cser-detector ./v1/model.safetensors ./v2/model.safetensors'] = @{
        Setup = { $env:XDG_CACHE_HOME = New-TestFolder -Name 'weights-cache' }
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 0 -Because ($Run.Errors -join "`n")
            & $CheckWeightsRegistry $Context.Workspace
        }
    }

    # ----- The governed lifecycle (New-ModelVersion … Export-ModelAudit, examples/governed-lifecycle.*): the store's inputs
    # (policy, performance files, test results) laid out in the workspace, and versions moved through the gates.

    function Initialize-ExampleStore([int] $GracePeriodDays = 30) { $null = Initialize-TestModelStore -Path $PWD -GracePeriodDays $GracePeriodDays }

    function Submit-ExampleVersion([string] $Version, [string] $Performance = './eval/performance.json', [switch] $StopAtStaging, [switch] $Register) {
        $null = New-ModelVersion -Component base -Version $Version -Architecture diffusion -CheckpointPath ./checkpoints/model.safetensors -Performance $Performance -Description "base $Version"
        if ($Register) { return }
        $null = Set-ModelStatus base $Version Testing -TestResults ./results/tests.xml -Reason 'tests pass'
        $null = Set-ModelStatus base $Version Staging -Reason 'thresholds met'
        if (-not $StopAtStaging) { $null = Set-ModelStatus base $Version Production -Approver alice, bob -Reason 'approved' }
    }

    $Checks["New-ModelVersion -Component base -Version 1.2.3 -Architecture diffusion -CheckpointPath ./checkpoints/model.safetensors -Performance ./eval/performance.json -Description 'Base diffusion model, retrained on the June data' -Author 'Ada Example'"] = @{
        Setup = { Initialize-ExampleStore }
        Check = {
            param($Run, $Context)
            $version = (Get-RunOutput $Run ([ModelRelease.ModelVersionStatus]))[0]
            ($version.Component, $version.Version, "$($version.Status)", $version.ParameterCount) | Should -Be @('base', '1.2.3', 'Development', 36)
            $version.ModelId | Should -Match '^pib-vg-base-diffusion-1\.2\.3-\d{8}$'
            $folder = Join-Path $Context.Workspace 'models/base/v1.2.3'
            (Get-ChildItem -LiteralPath $folder -Name | Sort-Object) | Should -Be @('config.yaml', 'metadata.json', 'model.safetensors', 'performance.json')
            $metadata = Get-Content -Raw -LiteralPath (Join-Path $folder 'metadata.json') | ConvertFrom-Json
            ($metadata.authors, $metadata.architecture.parameterCount, $metadata.approval.requiredApprovals) | Should -Be @('Ada Example', 36, 2)
        }
    }

    $Checks['Get-ModelVersion -Status Production'] = @{
        Setup = { Initialize-ExampleStore; Submit-ExampleVersion 1.2.3; Submit-ExampleVersion 1.3.0 -StopAtStaging }
        Check = {
            param($Run, $Context)
            $version = (Get-RunOutput $Run ([ModelRelease.ModelVersionStatus]))[0]
            ($version.Component, $version.Version, "$($version.Status)") | Should -Be @('base', '1.2.3', 'Production')
        }
    }

    $Checks["Set-ModelStatus -Component base -Version 1.2.3 -Status Testing -TestResults ./results/tests.xml -Reason 'unit and integration tests pass'"] = @{
        Setup = { Initialize-ExampleStore; Submit-ExampleVersion 1.2.3 -Register }
        Check = {
            param($Run, $Context)
            $change = (Get-RunOutput $Run ([ModelRelease.ModelStatusChange]))[0]
            ("$($change.From)", "$($change.To)", $change.Reason) | Should -Be @('Development', 'Testing', 'unit and integration tests pass')
            $change.Gate | Should -BeLike 'tests: 24 passed, 0 failed*'
        }
    }

    $Checks["Get-ModelVersion base 1.2.3 | Set-ModelStatus -Status Production -Approver alice, bob -Reason 'signed off in the release review'"] = @{
        Setup = { Initialize-ExampleStore; Submit-ExampleVersion 1.2.0; Submit-ExampleVersion 1.2.3 -StopAtStaging }
        Check = {
            param($Run, $Context)
            $changes = Get-RunOutput $Run ([ModelRelease.ModelStatusChange]) -Count 2
            ($changes[0].Version, "$($changes[0].To)", $changes[0].Automatic) | Should -Be @('1.2.0', 'Deprecated', $true)
            ($changes[1].Version, "$($changes[1].To)", ($changes[1].Approvers -join ',')) | Should -Be @('1.2.3', 'Production', 'alice,bob')
        }
    }

    $Checks['Invoke-ModelLifecycle -WhatIf'] = @{
        Setup = { Initialize-ExampleStore -GracePeriodDays 0; Submit-ExampleVersion 1.2.0; Submit-ExampleVersion 1.2.3; Submit-ExampleVersion 1.3.0 -Register }
        Check = {
            param($Run, $Context)
            $moves = Get-RunOutput $Run ([ModelRelease.LifecycleMove]) -Count 2
            ($moves[0].Version, "$($moves[0].Outcome)", "$($moves[0].To)") | Should -Be @('1.2.0', 'WouldApply', 'Archived')
            ($moves[1].Version, "$($moves[1].Outcome)", "$($moves[1].To)") | Should -Be @('1.3.0', 'Waiting', 'Testing')
            Get-WhatIfLine $Run | Should -HaveCount 1
            (Get-ModelVersion base 1.2.0).Status | Should -Be ([ModelRelease.ModelStatus]::Deprecated) -Because '-WhatIf changes nothing'
        }
    }

    $Checks["Restore-ModelVersion -Component base -Reason 'distorted faces since 1.3.0' -Incident 'users report artifacts in portraits'"] = @{
        Setup = { Initialize-ExampleStore; Submit-ExampleVersion 1.2.3; Submit-ExampleVersion 1.3.0 './eval/performance-2.json' }
        Check = {
            param($Run, $Context)
            $rollback = (Get-RunOutput $Run ([ModelRelease.ModelRollback]))[0]
            ($rollback.CriticalVersion, $rollback.RestoredVersion, $rollback.Traffic.Share, $rollback.Incident.What) | Should -Be @('1.3.0', '1.2.3', 20, 'users report artifacts in portraits')
            $rollback.Incident.Id | Should -Match '^INC-\d{8}-base-1$'
            (Get-ModelVersion base 1.3.0).Status | Should -Be ([ModelRelease.ModelStatus]::CriticalIssue)
        }
    }

    $Checks['Set-ModelTraffic -Component base'] = @{
        Setup = { Initialize-ExampleStore; Submit-ExampleVersion 1.2.3; Submit-ExampleVersion 1.3.0 './eval/performance-2.json'; $null = Restore-ModelVersion -Component base -Reason 'artifacts' }
        Check = {
            param($Run, $Context)
            $plan = (Get-RunOutput $Run ([ModelRelease.TrafficPlan]))[0]
            ($plan.Version, $plan.Share, $plan.Step) | Should -Be @('1.2.3', 40, 1)
            (Get-ModelVersion base 1.2.3).TrafficShare | Should -Be 40
        }
    }

    $Checks['Register-ModelParameter -Kind noise -ParameterId noise-2023-06-18 -Value @{ base_noise_lambda = 0.10; residual_noise_lambda = 0.05 } -EffectiveDate 2023-06-18 -ApprovedBy alice -Metric @{ fid = 10.9 } -Scenario portraits, landscapes'] = @{
        Setup = { Initialize-ExampleStore }
        Check = {
            param($Run, $Context)
            $set = (Get-RunOutput $Run ([ModelRelease.ModelParameterSet]))[0]
            ($set.ParameterId, $set.Values['base_noise_lambda'], $set.ApprovedBy, ($set.Scenarios -join ',')) | Should -Be @('noise-2023-06-18', 0.10, 'alice', 'portraits,landscapes')
            $file = Get-Content -Raw -LiteralPath (Join-Path $Context.Workspace 'config/parameters/noise_parameters.json') | ConvertFrom-Json
            ($file.kind, $file.history[0].effectiveDate, $file.history[0].metrics.fid) | Should -Be @('noise', '2023-06-18', 10.9)
        }
    }

    $Checks['Get-ModelParameter -Kind noise -AsOf 2023-06-20'] = @{
        Setup = {
            Initialize-ExampleStore
            $null = Register-ModelParameter -Kind noise -ParameterId noise-2023-06-01 -Value @{ base_noise_lambda = 0.12 } -EffectiveDate 2023-06-01 -ApprovedBy bob
            $null = Register-ModelParameter -Kind noise -ParameterId noise-2023-06-18 -Value @{ base_noise_lambda = 0.10 } -EffectiveDate 2023-06-18 -ApprovedBy alice
            $null = Register-ModelParameter -Kind noise -ParameterId noise-2023-07-01 -Value @{ base_noise_lambda = 0.08 } -EffectiveDate 2023-07-01 -ApprovedBy alice
        }
        Check = {
            param($Run, $Context)
            $set = (Get-RunOutput $Run ([ModelRelease.ModelParameterSet]))[0]
            ($set.ParameterId, $set.Values['base_noise_lambda']) | Should -Be @('noise-2023-06-18', 0.10)
        }
    }

    $Checks['Test-ModelAudit'] = @{
        Setup = { Initialize-ExampleStore; Submit-ExampleVersion 1.2.3 }
        Check = {
            param($Run, $Context)
            $verdict = (Get-RunOutput $Run ([ModelRelease.AuditVerification]))[0]
            ($verdict.IsValid, $verdict.EntryCount) | Should -Be @($true, 6)
            $verdict.MirrorPath | Should -Be (Join-Path $Context.Workspace 'models/registry/audit.jsonl')
        }
    }

    $Checks['Get-ModelAuditEntry -Component base | Where-Object Action -EQ status'] = @{
        Setup = { Initialize-ExampleStore; Submit-ExampleVersion 1.2.3 }
        Check = {
            param($Run, $Context)
            $entries = Get-RunOutput $Run ([ModelRelease.AuditEntry]) -Count 3
            $entries.Details.to | Should -Be @('testing', 'staging', 'production')
            $entries[2].Details.approvers | Should -Be 'alice,bob'
        }
    }

    $Checks['Export-ModelAudit'] = @{
        Setup = { Initialize-ExampleStore; Submit-ExampleVersion 1.2.3 }
        Check = {
            param($Run, $Context)
            $report = (Get-RunOutput $Run ([ModelRelease.ModelAuditReport]))[0]
            ($report.Deployments, $report.IsCompliant) | Should -Be @(1, $true)
            $report.Folder | Should -Be (Join-Path $Context.Workspace "docs/audits/$($report.Quarter)")
            (Get-ChildItem -LiteralPath $report.Folder -Name | Sort-Object) | Should -Be @('compliance_checklist.md', 'model_audit_report.md', 'parameter_changes.json')
        }
    }

    $Checks['Compare-ModelPerformance -Component base -Version 1.3.0 | Select-Object -ExpandProperty Metrics'] = @{
        Setup = { Initialize-ExampleStore; Submit-ExampleVersion 1.2.3 -Register; Submit-ExampleVersion 1.3.0 './eval/performance-2.json' -Register }
        Check = {
            param($Run, $Context)
            $metrics = Get-RunOutput $Run ([ModelRelease.MetricComparison]) -Count 2
            ($metrics | ForEach-Object { "$($_.Name) $($_.Previous) $($_.Value) $($_.Verdict)" }) | Should -Be @('fid 11.8 10.9 Better', 'clip_score 0.29 0.31 Better')
        }
    }

    $Checks['Test-CommitMessage -Message "[BASE] PERF: Lower the noise lambda to 0.10`n`nPerformance impact: FID 11.8 -> 10.9`nReviewed-by: Alice Example"'] = @{
        Check = {
            param($Run, $Context)
            $check = (Get-RunOutput $Run ([ModelRelease.CommitMessageCheck]))[0]
            ($check.IsValid, $check.Component, $check.Type, $check.PerformanceImpact, ($check.ReviewedBy -join ',')) | Should -Be @($true, 'BASE', 'PERF', 'FID 11.8 -> 10.9', 'Alice Example')
        }
    }

    # The workflow's examples: the PowerShell script and the bash one, each with SQLite and with PostgreSQL.
    $script:CheckGovernedStore = {
        param([string] $Root, [string] $Registry)
        $store = @{ Root = $Root }
        if ($Registry) { $store.Registry = $Registry }
        $versions = @(Get-ModelVersion @store)
        ($versions | ForEach-Object { "$($_.Component) $($_.Version) $($_.Status)" }) | Should -Be @(
            'base 1.0.0 Production', 'base 1.1.0 CriticalIssue', 'fact-checking 1.0.0 Production', 'residual 1.0.0 Production', 'super-resolution 1.0.0 Production')
        (Get-ModelVersion @store base 1.0.0).TrafficShare | Should -Be 40
        (Test-ModelAudit @store).IsValid | Should -BeTrue
        $actions = @(Get-ModelAuditEntry @store | ForEach-Object Action)
        ($actions | Group-Object -NoElement | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) | Should -Be @('approval=10', 'parameter=1', 'register=5', 'rollback=1', 'status=18', 'traffic=1')
        (Get-ModelParameter @store -Kind noise).Values['base_noise_lambda'] | Should -Be 0.10
        $reports = @(Get-ChildItem -LiteralPath (Join-Path $Root 'docs/audits') -Directory)
        $reports | Should -HaveCount 1
        (Get-ChildItem -LiteralPath $reports[0].FullName -Name | Sort-Object) | Should -Be @('compliance_checklist.md', 'model_audit_report.md', 'parameter_changes.json')
        if ($Registry) { Test-Path -LiteralPath (Join-Path $Root 'models/registry/model_registry.db') | Should -BeFalse }
        else { Test-Path -LiteralPath (Join-Path $Root 'models/registry/model_registry.db') | Should -BeTrue }
    }

    $script:CheckGovernedSummary = {
        param($Run)
        $Run.Output | Should -HaveCount 1
        $summary = $Run.Output[0]
        ($summary.Rollback.CriticalVersion, $summary.Rollback.RestoredVersion, $summary.Traffic.Share) | Should -Be @('1.1.0', '1.0.0', 40)
        ($summary.Replaced | ForEach-Object { "$($_.Version) $($_.To)" }) | Should -Be @('1.0.0 Deprecated', '1.1.0 Production')
        ($summary.Comparison.Metrics | ForEach-Object { "$($_.Name) $($_.Verdict)" } | Sort-Object) | Should -Be @('clip_score Better', 'fid Better')
        ($summary.Audit.IsValid, $summary.Report.Deployments, $summary.Report.ParameterChanges, $summary.Report.IsCompliant) | Should -Be @($true, 6, 1, $true)
    }

    $Checks['./examples/governed-lifecycle.ps1 -Checkpoint ./checkpoints/model.safetensors -Root ./store'] = @{
        Check = {
            param($Run, $Context)
            & $CheckGovernedSummary $Run
            & $CheckGovernedStore (Join-Path $Context.Workspace 'store') $null
        }
    }

    $Checks['./examples/governed-lifecycle.ps1 -Checkpoint ./checkpoints/model.safetensors -Root ./store -Registry $env:MODEL_REGISTRY'] = @{
        Setup = { $env:MODEL_REGISTRY = New-TestRegistryDatabase }
        Check = {
            param($Run, $Context)
            & $CheckGovernedSummary $Run
            & $CheckGovernedStore (Join-Path $Context.Workspace 'store') $env:MODEL_REGISTRY
            Remove-Item Env:MODEL_REGISTRY
        }
    }

    $Checks['examples/governed-lifecycle.sh ./checkpoints/model.safetensors ./store'] = @{
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 0 -Because ($Run.Errors -join "`n")
            & $CheckGovernedStore (Join-Path $Context.Workspace 'store') $null
        }
    }

    $Checks['examples/governed-lifecycle.sh ./checkpoints/model.safetensors ./store "$MODEL_REGISTRY"'] = @{
        Setup = { $env:MODEL_REGISTRY = New-TestRegistryDatabase }
        Check = {
            param($Run, $Context)
            $Run.ExitCode | Should -Be 0 -Because ($Run.Errors -join "`n")
            & $CheckGovernedStore (Join-Path $Context.Workspace 'store') $env:MODEL_REGISTRY
            Remove-Item Env:MODEL_REGISTRY
        }
    }

    # ----- The twins of hf: accounts, repositories, files, tags and the shared cache. Each example has a Hugging
    # Face home, hub cache and cache folder of its own (set by the runner below), so the token file and the cache
    # it sees are its own.

    # A SecretManagement stand-in (Get-Secret, Set-Secret) on $env:PSModulePath, whose default vault holds the
    # Hub token as HuggingFace; returns the file the secrets are kept in (vault -> name -> text).
    function Install-TestSecretVault {
        $modules = New-TestFolder -Name 'vault-modules'
        $folder = New-Item -ItemType Directory -Path (Join-Path $modules 'TestSecretVault')
        $store = Join-Path $folder 'secrets.json'
        @{ LocalStore = @{ HuggingFace = $env:HF_TOKEN } } | ConvertTo-Json | Set-Content -LiteralPath $store
        Set-Content -LiteralPath (Join-Path $folder 'TestSecretVault.psm1') -Value @'
$store = Join-Path $PSScriptRoot 'secrets.json'
function Get-Secret([Parameter(Position = 0)] [string] $Name, [string] $Vault = 'LocalStore') {
    $text = (Get-Content -Raw -LiteralPath $store | ConvertFrom-Json -AsHashtable)[$Vault][$Name]
    if (-not $text) { throw "no secret '$Name' in vault '$Vault'" }
    ConvertTo-SecureString -String $text -AsPlainText -Force
}
function Set-Secret([string] $Name, [string] $Vault = 'LocalStore', [securestring] $SecureStringSecret) {
    $all = Get-Content -Raw -LiteralPath $store | ConvertFrom-Json -AsHashtable
    if (-not $all.ContainsKey($Vault)) { $all[$Vault] = @{} }
    $all[$Vault][$Name] = [System.Net.NetworkCredential]::new('', $SecureStringSecret).Password
    $all | ConvertTo-Json | Set-Content -LiteralPath $store
}
Export-ModuleMember -Function Get-Secret, Set-Secret
'@
        $env:PSModulePath = $modules + [System.IO.Path]::PathSeparator + $env:PSModulePath
        $store
    }

    # Downloads a revision into the example's shared cache; returns its snapshot folder.
    function Save-TestCache([string] $RepoId, [string] $Revision = 'main') {
        (Save-HfModel -RepoId $RepoId -Revision $Revision | Select-Object -First 1).Folder
    }

    $Checks['Connect-HfHub -Token (Get-Secret HuggingFace) -Confirm:$false'] = @{
        Setup = { $script:VaultStore = Install-TestSecretVault }
        Check = {
            param($Run, $Context)
            $user = (Get-RunOutput $Run ([ModelRelease.HubUser]))[0]
            $user.Name | Should -Be $Context.Hub.User
            $file = Join-Path $env:HF_HOME 'token'
            $user.TokenSource | Should -Be $file
            Get-Content -Raw -LiteralPath $file | Should -BeExactly $Context.Hub.TokenText
            if (-not $IsWindows) { [System.IO.File]::GetUnixFileMode($file) | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite') }
        }
    }

    $Checks['Connect-HfHub -Token (Get-Secret HuggingFace) -Vault TeamVault -SecretName hub-token'] = @{
        Setup = { $script:VaultStore = Install-TestSecretVault }
        Check = {
            param($Run, $Context)
            $user = (Get-RunOutput $Run ([ModelRelease.HubUser]))[0]
            $user.TokenSource | Should -Be "vault 'TeamVault' (secret 'hub-token')"
            (Get-Content -Raw -LiteralPath $VaultStore | ConvertFrom-Json -AsHashtable).TeamVault['hub-token'] | Should -BeExactly $Context.Hub.TokenText
            Test-Path -LiteralPath (Join-Path $env:HF_HOME 'token') | Should -BeFalse -Because 'the vault holds it instead of the file'
            # Without HF_TOKEN the Hub cmdlets read it from the vault.
            $token = $env:HF_TOKEN
            Remove-Item Env:HF_TOKEN
            try { (Get-HfUser).TokenSource | Should -Match 'TeamVault' }
            finally { $env:HF_TOKEN = $token }
        }
    }

    $Checks['Disconnect-HfHub'] = @{
        Setup = { $null = Connect-HfHub -Token (ConvertTo-SecureString -String $env:HF_TOKEN -AsPlainText -Force) }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            Test-Path -LiteralPath (Join-Path $env:HF_HOME 'token') | Should -BeFalse
            @($Run.Warnings | Where-Object { "$_" -like 'HF_TOKEN is set*' }) | Should -HaveCount 1 -Because 'HF_TOKEN still gives a token'
        }
    }

    $Checks['Get-HfUser'] = @{
        Check = {
            param($Run, $Context)
            $user = (Get-RunOutput $Run ([ModelRelease.HubUser]))[0]
            ($user.Name, $user.Type) | Should -Be @($Context.Hub.User, 'user')
            $user.TokenSource | Should -Match 'HF_TOKEN'
            $user.Organizations | Should -Contain 'org'
        }
    }

    $Checks["(Get-HfUser).Organizations -contains 'org'"] = @{
        Check = {
            param($Run, $Context)
            (Get-RunOutput $Run ([bool]))[0] | Should -BeTrue
        }
    }

    $Checks['New-HfRepository -RepoId org/model-small -Private'] = @{
        Check = {
            param($Run, $Context)
            $repo = (Get-RunOutput $Run ([ModelRelease.HubRepository]))[0]
            ($repo.RepoId, $repo.Private, $repo.Created) | Should -Be @('org/model-small', $true, $true)
            (Invoke-RestMethod -Uri "$env:HF_ENDPOINT/api/models/org/model-small" -Headers @{ Authorization = "Bearer $env:HF_TOKEN" }).private | Should -BeTrue
        }
    }

    $Checks['New-HfRepository -RepoId org/eval-set -RepoType dataset -ExistOk -Confirm:$false'] = @{
        Check = {
            param($Run, $Context)
            $repo = (Get-RunOutput $Run ([ModelRelease.HubRepository]))[0]
            ($repo.RepoId, $repo.RepoType, $repo.Private, $repo.Created) | Should -Be @('org/eval-set', 'dataset', $false, $true)
            (Invoke-RestMethod -Uri "$env:HF_ENDPOINT/api/datasets/org/eval-set" -Headers @{ Authorization = "Bearer $env:HF_TOKEN" }).private | Should -BeFalse
        }
    }

    $Checks['Set-HfRepository -RepoId org/model-small -Visibility Private -PassThru'] = @{
        Setup = { New-TestRepo 'org/model-small' }
        Check = {
            param($Run, $Context)
            $repo = (Get-RunOutput $Run ([ModelRelease.HubRepository]))[0]
            ($repo.RepoId, $repo.Private) | Should -Be @('org/model-small', $true)
            (Invoke-RestMethod -Uri "$env:HF_ENDPOINT/api/models/org/model-small" -Headers @{ Authorization = "Bearer $env:HF_TOKEN" }).private | Should -BeTrue
        }
    }

    $Checks['Set-HfRepository -RepoId org/model-small -Visibility Public -Confirm:$false'] = @{
        Setup = { $null = New-HfRepository -RepoId org/model-small -Private }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            (Invoke-RestMethod -Uri "$env:HF_ENDPOINT/api/models/org/model-small" -Headers @{ Authorization = "Bearer $env:HF_TOKEN" }).private | Should -BeFalse
        }
    }

    $Checks['Remove-HfRepository -RepoId org/scratch-model -Confirm:$false'] = @{
        Setup = { New-TestRepo 'org/scratch-model' }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            Test-TestRepo 'org/scratch-model' | Should -BeFalse
        }
    }

    $Checks['Remove-HfRepository -RepoId org/old-experiment -MissingOk -WhatIf'] = @{
        Setup = { New-TestRepo 'org/old-experiment' }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            Get-WhatIfLine $Run | Where-Object { $_ -like '*Delete the repository*org/old-experiment*' } | Should -HaveCount 1
            Test-TestRepo 'org/old-experiment' | Should -BeTrue -Because '-WhatIf deletes nothing'
        }
    }

    $Checks["Remove-HfRepoFile -RepoId org/model -File 'checkpoints/**', '*.tmp' -CommitMessage 'Remove training leftovers' -Confirm:`$false"] = @{
        Setup = {
            foreach ($name in 'checkpoints/step-100/model.safetensors', 'checkpoints/step-200/model.safetensors') { Copy-File (Join-Path $PWD 'release/model.safetensors') (Join-Path $PWD "release/$name") }
            Set-Content -LiteralPath ./release/upload.tmp -Value 'a partial upload'
            $null = Publish-TestRelease -Path ./release -RepoId org/model
        }
        Check = {
            param($Run, $Context)
            $removal = (Get-RunOutput $Run ([ModelRelease.RepoFileRemoval]))[0]
            $removal.Removed | Should -Be @('checkpoints/step-100/model.safetensors', 'checkpoints/step-200/model.safetensors', 'upload.tmp')
            (Get-Sorted (Get-TestRepoFiles 'org/model').Keys) | Should -Be @('.gitattributes', 'config.json', 'model.safetensors')
            Get-TestCommitTitle 'org/model' | Should -Be 'Remove training leftovers'
        }
    }

    $Checks["Get-HfRepoFile -RepoId org/model -Recurse | Where-Object Path -Like '*.bin' | Remove-HfRepoFile -CreatePullRequest -Confirm:`$false"] = @{
        Setup = {
            Copy-File (Join-Path $PWD 'pytorch_model.bin') (Join-Path $PWD 'release/pytorch_model.bin')
            Copy-File (Join-Path $PWD 'pytorch_model.bin') (Join-Path $PWD 'release/extra/optimizer.bin')
            $script:Released = Publish-TestRelease -Path ./release -RepoId org/model
        }
        Check = {
            param($Run, $Context)
            $removal = (Get-RunOutput $Run ([ModelRelease.RepoFileRemoval]))[0]
            $removal.Removed | Should -Be @('extra/optimizer.bin', 'pytorch_model.bin')
            $removal.PullRequestNumber | Should -BeGreaterThan 0
            $removal.PullRequestUrl | Should -BeLike "*/org/model/discussions/$($removal.PullRequestNumber)"
            (Get-TestRepoFiles 'org/model').ContainsKey('pytorch_model.bin') | Should -BeTrue -Because 'main changes only when the pull request is merged'
            (Get-TestRepoFiles 'org/model' "refs/pr/$($removal.PullRequestNumber)").ContainsKey('pytorch_model.bin') | Should -BeFalse
        }
    }

    $Checks['Remove-ReleaseTag -RepoId org/model -Name v1.2.0-rc1 -Confirm:$false -PassThru'] = @{
        Setup = { $script:Released = Publish-TestRelease -Path ./release -RepoId org/model; $null = New-ReleaseTag -RepoId org/model -Name v1.2.0-rc1 }
        Check = {
            param($Run, $Context)
            $tag = (Get-RunOutput $Run ([ModelRelease.ReleaseTag]))[0]
            ($tag.Name, $tag.CommitOid) | Should -Be @('v1.2.0-rc1', $Released.CommitOid)
            @(Get-ReleaseTag -RepoId org/model) | Should -BeNullOrEmpty
        }
    }

    $Checks["Get-ReleaseTag -RepoId org/model | Where-Object Name -Like '*-rc*' | Remove-ReleaseTag -WhatIf"] = @{
        Setup = {
            $null = Publish-TestRelease -Path ./release -RepoId org/model
            foreach ($name in 'v1.2.0-rc1', 'v1.2.0-rc2', 'v1.2.0') { $null = New-ReleaseTag -RepoId org/model -Name $name }
        }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            $whatIf = Get-WhatIfLine $Run
            $whatIf | Should -HaveCount 2
            $whatIf | Where-Object { $_ -like '*org/model: v1.2.0-rc1 *' } | Should -HaveCount 1
            $whatIf | Where-Object { $_ -like '*org/model: v1.2.0-rc2 *' } | Should -HaveCount 1
            @(Get-ReleaseTag -RepoId org/model).Count | Should -Be 3 -Because '-WhatIf deletes nothing'
        }
    }

    $Checks["Set-Location (Save-HfModel -RepoId org/model -Include '*.json', '*.safetensors' | Select-Object -First 1).Folder"] = @{
        Setup = { $script:Released = Publish-TestRelease -Path ./release -RepoId org/model }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            $snapshot = Join-Path $env:HF_HUB_CACHE "models--org--model/snapshots/$($Released.CommitOid)"
            (Get-Sorted (Get-ChildItem -LiteralPath $snapshot -Name)) | Should -Be @('config.json', 'model.safetensors')
            Get-Sha256 (Join-Path $snapshot 'model.safetensors') | Should -Be $PicoSha256
            Get-Content -Raw -LiteralPath (Join-Path $env:HF_HUB_CACHE 'models--org--model/refs/main') | Should -BeExactly $Released.CommitOid
        }
    }

    $Checks['Get-HfCache | Sort-Object Size -Descending | Select-Object -First 5'] = @{
        Setup = {
            $null = Publish-TestRelease -Path ./release -RepoId org/model
            $null = Publish-TestRelease -Path ./configs -RepoId org/configs
            $null = Save-TestCache org/model
            $null = Save-TestCache org/configs
        }
        Check = {
            param($Run, $Context)
            $revisions = Get-RunOutput $Run ([ModelRelease.CachedRevision]) -Count 2
            $revisions.RepoId | Should -Be @('org/model', 'org/configs') -Because 'the model is the larger'
            $revisions[0].Size | Should -BeGreaterThan $revisions[1].Size
        }
    }

    $Checks["Get-HfCache -RepoId 'org/*' -OlderThan (New-TimeSpan -Days 30)"] = @{
        Setup = {
            $null = Publish-TestRelease -Path ./release -RepoId org/model
            $null = Publish-TestRelease -Path ./configs -RepoId org/old-model
            $null = Save-TestCache org/model
            $null = Save-TestCache org/old-model
            # org/old-model was last used two months ago.
            $old = (Get-Date).AddDays(-60)
            foreach ($item in Get-ChildItem -LiteralPath (Join-Path $env:HF_HUB_CACHE 'models--org--old-model') -Recurse) { $item.LastWriteTime = $old; $item.LastAccessTime = $old }
        }
        Check = {
            param($Run, $Context)
            $revision = (Get-RunOutput $Run ([ModelRelease.CachedRevision]))[0]
            $revision.RepoId | Should -Be 'org/old-model'
            $revision.LastAccessed | Should -BeLessThan ([DateTimeOffset]::Now.AddDays(-30))
        }
    }

    $Checks['Get-HfCache -OlderThan (New-TimeSpan -Days 30) | Remove-HfCache -WhatIf'] = @{
        Setup = {
            $null = Publish-TestRelease -Path ./configs -RepoId org/old-model
            $script:OldSnapshot = Save-TestCache org/old-model
            $old = (Get-Date).AddDays(-60)
            foreach ($item in Get-ChildItem -LiteralPath (Join-Path $env:HF_HUB_CACHE 'models--org--old-model') -Recurse) { $item.LastWriteTime = $old; $item.LastAccessTime = $old }
        }
        Check = {
            param($Run, $Context)
            $Run.Output | Should -BeNullOrEmpty
            Get-WhatIfLine $Run | Where-Object { $_ -like '*Remove from the Hugging Face cache, freeing*org/old-model@main*' } | Should -HaveCount 1
            Test-Path -LiteralPath $OldSnapshot | Should -BeTrue -Because '-WhatIf removes nothing'
        }
    }

    $Checks['Remove-HfCache -RepoId org/model -Revision v1.0 -Confirm:$false'] = @{
        Setup = {
            $released = Publish-TestRelease -Path ./release -RepoId org/model
            $null = $released | New-ReleaseTag -Name v1.0
            $script:Snapshot = Save-TestCache org/model v1.0
        }
        Check = {
            param($Run, $Context)
            $removal = (Get-RunOutput $Run ([ModelRelease.CacheRemoval]))[0]
            ($removal.RepoId, $removal.Removed) | Should -Be @('org/model', $true)
            $removal.Refs | Should -Contain 'v1.0'
            $removal.FreedBytes | Should -BeGreaterThan (Get-Item ./release/model.safetensors).Length
            Test-Path -LiteralPath $Snapshot | Should -BeFalse
        }
    }
}

Describe 'Documented examples' {
    It 'every documented example has a check, and every check a documented example' {
        $documented = @(Get-DocumentedExample | ForEach-Object Text | Select-Object -Unique)
        $unchecked = @($documented | Where-Object { -not $Checks.ContainsKey($_) })
        $known = [System.Collections.Generic.HashSet[string]]::new([string[]] $documented, [System.StringComparer]::Ordinal)
        $orphaned = @($Checks.Keys | Where-Object { -not $known.Contains($_) })
        $unchecked | Should -BeNullOrEmpty -Because 'each example needs its check in $Checks'
        $orphaned | Should -BeNullOrEmpty -Because 'a check whose example was changed or removed must go'
    }

    It 'the example model in examples/pico-lm is what its generator writes' {
        $again = New-TestFolder -Name 'pico-again'
        $null = & (Join-Path $Pico 'New-PicoLmCheckpoint.ps1') -Size base -Destination $again
        foreach ($name in 'model.safetensors', 'config.json') {
            Get-Sha256 (Join-Path $again $name) | Should -Be (Get-Sha256 (Join-Path $Pico "model/$name")) -Because $name
        }
    }

    It '<Source>: <Title>' -ForEach $examples {
        $check = $Checks[$Text]
        $check | Should -Not -BeNullOrEmpty -Because 'every example has a check (see the contract test)'
        if ($Language -eq 'Bash' -and $IsWindows) { Set-ItResult -Skipped -Because 'bash examples run where bash is'; return }

        $workspace = New-TestFolder -Name 'example'
        Copy-Tree $Template $workspace
        $saved = @{ HF_ENDPOINT = $env:HF_ENDPOINT; HF_TOKEN = $env:HF_TOKEN; PSModulePath = $env:PSModulePath; HF_HOME = $env:HF_HOME; HF_HUB_CACHE = $env:HF_HUB_CACHE; XDG_CACHE_HOME = $env:XDG_CACHE_HOME }
        $script:CallerModulePath = $env:PSModulePath
        $hub = Start-TestHub
        Push-Location -LiteralPath $workspace
        try {
            $env:HF_ENDPOINT = $hub.Endpoint
            $env:HF_TOKEN = $hub.TokenText
            # A Hugging Face home (token file), shared cache and cache folder of the example's own.
            $env:HF_HOME = New-TestFolder -Name 'example-hf-home'
            $env:HF_HUB_CACHE = Join-Path $env:HF_HOME 'hub'
            $env:XDG_CACHE_HOME = New-TestFolder -Name 'example-cache'
            # The module as an installed module: found on $env:PSModulePath by name.
            $env:PSModulePath = $ModuleFolder + [System.IO.Path]::PathSeparator + $env:PSModulePath
            $context = [pscustomobject]@{ Workspace = $workspace; Hub = $hub }
            if ($check.Setup) { . $check.Setup }

            $run = if ($Language -eq 'Bash') { Invoke-BashExample $Text $workspace }
            elseif ($check.Runner -eq 'Process') { Invoke-ProcessExample $Text $workspace -TemporaryHome $(if ($check.TemporaryHome) { Join-Path $workspace '.home' }) }
            else { Invoke-PowerShellExample $Text $workspace }

            # Whatever the example: no prompt on the way (the decided semantics), and the token shows nowhere.
            $run.Prompts | Should -BeNullOrEmpty -Because 'an example runs unattended'
            $shown = ($run.Output | Out-String) + ($run.Lines -join "`n") + ($run.Errors | Out-String) + ($run.Warnings | Out-String)
            $shown | Should -Not -Match ([regex]::Escape($hub.TokenText))
            if (-not $check.Fails) {
                $run.Exception | Should -BeNullOrEmpty -Because 'the example runs to its end'
                @($run.Errors | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -BeNullOrEmpty -Because 'the example writes no error'
            }
            & $check.Check $run $context
        }
        finally {
            Pop-Location
            Stop-TestHub $hub
            foreach ($name in $saved.Keys) {
                if ($null -eq $saved[$name]) { Remove-Item -LiteralPath "Env:$name" -ErrorAction SilentlyContinue }
                else { Set-Item -LiteralPath "Env:$name" -Value $saved[$name] }
            }
        }
    }
}
