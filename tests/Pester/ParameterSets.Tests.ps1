#Requires -Version 7.4
# Every parameter set of every cmdlet, invoked for real in the host: the debug stream says which set PowerShell
# bound, the output is the cmdlet's declared type, and its default view renders as a table and a list. The contract test fails when a cmdlet gains a parameter
# set that no case here invokes (or a case names a set that no longer exists).

BeforeDiscovery {
    # One case per (cmdlet, parameter set). Run gets the context built in BeforeAll ($c) and must pass -Debug.
    $script:Cases = @(
        @{ Cmdlet = 'Compare-Checkpoint'; Set = '__AllParameterSets'; Run = { param($c) Compare-Checkpoint -Reference $c.Single -Difference $c.Sharded -Debug } }
        @{ Cmdlet = 'Get-Checkpoint'; Set = 'Path'; Run = { param($c) Get-Checkpoint -Path (Join-Path (Split-Path $c.Gguf) '*.gguf') -Debug } }
        @{ Cmdlet = 'Get-Checkpoint'; Set = 'LiteralPath'; Run = { param($c) Get-Checkpoint -LiteralPath $c.Gguf -Debug } }
        @{ Cmdlet = 'Get-HfRepoFile'; Set = '__AllParameterSets'; Run = { param($c) Get-HfRepoFile -RepoId $c.Repo -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Get-ModelCard'; Set = 'Path'; Run = { param($c) Get-ModelCard -Path $c.CardFile -Debug } }
        @{ Cmdlet = 'Get-ModelCard'; Set = 'LiteralPath'; Run = { param($c) Get-ModelCard -LiteralPath $c.CardFile -Debug } }
        @{ Cmdlet = 'Get-ModelCard'; Set = 'Hub'; Run = { param($c) Get-ModelCard -RepoId $c.Repo -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Get-ReleaseTag'; Set = '__AllParameterSets'; Run = { param($c) Get-ReleaseTag -RepoId $c.Repo -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Measure-ModelParameter'; Set = 'Path'; Run = { param($c) Measure-ModelParameter -Path $c.Gguf -Debug } }
        @{ Cmdlet = 'Measure-ModelParameter'; Set = 'Checkpoint'; Run = { param($c) Get-Checkpoint -LiteralPath $c.Gguf | Measure-ModelParameter -Debug } }
        @{ Cmdlet = 'Measure-ModelParameter'; Set = 'LiteralPath'; Run = { param($c) Measure-ModelParameter -LiteralPath $c.Gguf -Debug } }
        @{ Cmdlet = 'New-ModelCard'; Set = 'Object'; Run = { param($c) Get-Checkpoint -LiteralPath $c.Gguf | New-ModelCard -RepoId org/matrix -License mit -SkipHash -WarningAction SilentlyContinue -Debug } }
        @{ Cmdlet = 'New-ModelCard'; Set = 'Path'; Run = { param($c) New-ModelCard -RepoId org/matrix -License mit -Path (Join-Path $c.Work 'new-path.md') -PassThru -WarningAction SilentlyContinue -Debug } }
        @{ Cmdlet = 'New-ModelCard'; Set = 'LiteralPath'; Run = { param($c) New-ModelCard -RepoId org/matrix -License mit -LiteralPath (Join-Path $c.Work 'new[literal].md') -PassThru -WarningAction SilentlyContinue -Debug } }
        @{ Cmdlet = 'New-ReleaseTag'; Set = 'Version'; Run = { param($c) New-ReleaseTag -RepoId $c.Repo -Version 2.0.0 -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'New-ReleaseTag'; Set = 'Name'; Run = { param($c) New-ReleaseTag -RepoId $c.Repo -Name 'nightly-matrix' -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Publish-HfModel'; Set = 'InputObject'; Run = { param($c) Get-Item -LiteralPath $c.Onnx | Publish-HfModel -RepoId $c.Repo -PathInRepo piped -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Publish-HfModel'; Set = 'Path'; Run = { param($c) Publish-HfModel -Path $c.Onnx -RepoId $c.Repo -PathInRepo by-path -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Publish-HfModel'; Set = 'LiteralPath'; Run = { param($c) Publish-HfModel -LiteralPath $c.Onnx -RepoId $c.Repo -PathInRepo by-literal-path -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Publish-ModelRelease'; Set = 'Path'; Run = { param($c) Publish-ModelRelease -Path $c.Gguf -RepoId pester/matrix-release -Version 1.0.0 -NoCard -Endpoint $c.Endpoint -Token $c.Token -Confirm:$false -Debug } }
        @{ Cmdlet = 'Publish-ModelRelease'; Set = 'LiteralPath'; Run = { param($c) Get-Item -LiteralPath $c.Onnx | Publish-ModelRelease -RepoId pester/matrix-release -Version 1.1.0 -NoCard -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Save-HfModel'; Set = 'Repository'; Run = { param($c) Save-HfModel -RepoId $c.Repo -Revision v1.0.0 -Destination (Join-Path $c.Work 'saved') -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Save-HfModel'; Set = 'RepoFile'; Run = { param($c) Get-HfRepoFile -RepoId $c.Repo -Revision v1.0.0 -Endpoint $c.Endpoint -Token $c.Token | Where-Object Path -EQ 'basic-types.gguf' | Save-HfModel -Destination (Join-Path $c.Work 'saved-files') -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Set-ModelCard'; Set = 'Object'; Run = { param($c) Get-ModelCard -LiteralPath $c.CardFile | Set-ModelCard -License apache-2.0 -PassThru -Debug } }
        @{ Cmdlet = 'Set-ModelCard'; Set = 'Path'; Run = { param($c) Get-ModelCard -LiteralPath $c.CardFile | Set-ModelCard -License apache-2.0 -Path (Join-Path $c.Work 'set-path.md') -PassThru -Debug } }
        @{ Cmdlet = 'Set-ModelCard'; Set = 'LiteralPath'; Run = { param($c) Get-ModelCard -LiteralPath $c.CardFile | Set-ModelCard -License apache-2.0 -LiteralPath (Join-Path $c.Work 'set[literal].md') -PassThru -Debug } }
        @{ Cmdlet = 'Test-Checkpoint'; Set = 'Path'; Run = { param($c) Test-Checkpoint -Path $c.Gguf -Debug } }
        @{ Cmdlet = 'Test-Checkpoint'; Set = 'Checkpoint'; Run = { param($c) Get-Checkpoint -LiteralPath $c.Gguf | Test-Checkpoint -Debug } }
        @{ Cmdlet = 'Test-Checkpoint'; Set = 'LiteralPath'; Run = { param($c) Test-Checkpoint -LiteralPath $c.Gguf -Debug } }
        @{ Cmdlet = 'Test-ModelCard'; Set = 'Path'; Run = { param($c) Test-ModelCard -Path $c.CardFile -Debug } }
        @{ Cmdlet = 'Test-ModelCard'; Set = 'Card'; Run = { param($c) Get-ModelCard -LiteralPath $c.CardFile | Test-ModelCard -Debug } }
        @{ Cmdlet = 'Test-ModelCard'; Set = 'LiteralPath'; Run = { param($c) Test-ModelCard -LiteralPath $c.CardFile -Debug } }
        # The twins of hf: accounts, repositories, files, tags and the shared cache. Connect-HfHub writes the token
        # file of the suite's scratch HF_HOME; Disconnect-HfHub (next) deletes it again.
        @{ Cmdlet = 'Get-HfUser'; Set = '__AllParameterSets'; Run = { param($c) Get-HfUser -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Connect-HfHub'; Set = '__AllParameterSets'; Run = { param($c) Connect-HfHub -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Disconnect-HfHub'; Set = '__AllParameterSets'; NoOutput = $true; Run = { param($c) Disconnect-HfHub -Debug } }
        @{ Cmdlet = 'New-HfRepository'; Set = '__AllParameterSets'; Run = { param($c) New-HfRepository -RepoId pester/matrix-new -Private -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Set-HfRepository'; Set = '__AllParameterSets'; Run = { param($c) Set-HfRepository -RepoId pester/matrix-new -Visibility Public -PassThru -Endpoint $c.Endpoint -Token $c.Token -Confirm:$false -Debug } }
        @{ Cmdlet = 'Remove-HfRepository'; Set = '__AllParameterSets'; NoOutput = $true; Run = { param($c) Remove-HfRepository -RepoId pester/matrix-new -Endpoint $c.Endpoint -Token $c.Token -Confirm:$false -Debug } }
        @{ Cmdlet = 'Remove-HfRepoFile'; Set = 'File'; Run = { param($c) Remove-HfRepoFile -RepoId $c.Repo -File 'piped/*' -Endpoint $c.Endpoint -Token $c.Token -Confirm:$false -Debug } }
        @{ Cmdlet = 'Remove-HfRepoFile'; Set = 'RepoFile'; Run = { param($c) Get-HfRepoFile -RepoId $c.Repo -PathInRepo by-path -Endpoint $c.Endpoint -Token $c.Token | Remove-HfRepoFile -Endpoint $c.Endpoint -Token $c.Token -Confirm:$false -Debug } }
        @{ Cmdlet = 'Remove-ReleaseTag'; Set = '__AllParameterSets'; Run = { param($c) Remove-ReleaseTag -RepoId $c.Repo -Name nightly-matrix -PassThru -Endpoint $c.Endpoint -Token $c.Token -Confirm:$false -Debug } }
        @{ Cmdlet = 'Get-HfCache'; Set = '__AllParameterSets'; Run = { param($c) $null = Save-HfModel -RepoId $c.Repo -Revision v1.0.0 -Endpoint $c.Endpoint -Token $c.Token; Get-HfCache -RepoId $c.Repo -Debug } }
        @{ Cmdlet = 'Remove-HfCache'; Set = 'Filter'; Run = { param($c) $null = Save-HfModel -RepoId $c.Repo -Revision v1.0.0 -Endpoint $c.Endpoint -Token $c.Token; Remove-HfCache -RepoId $c.Repo -Confirm:$false -Debug } }
        @{ Cmdlet = 'Remove-HfCache'; Set = 'CachedRevision'; Run = { param($c) $null = Save-HfModel -RepoId $c.Repo -Revision v1.0.0 -Endpoint $c.Endpoint -Token $c.Token; Get-HfCache -RepoId $c.Repo | Remove-HfCache -Confirm:$false -Debug } }
        # Names and the weights registry.
        @{ Cmdlet = 'New-ModelName'; Set = 'Field'; Run = { param($c) New-ModelName descriptive @{ base = 'matrix'; dataset = 'd'; rank = 1; alpha = 2; epochs = 3; trainedAt = [datetime]'2025-01-01' } -Debug } }
        @{ Cmdlet = 'New-ModelName'; Set = 'InputObject'; Run = { param($c) [pscustomobject]@{ org = 'org'; model = 'matrix'; variant = 'base' } | New-ModelName variant -Debug } }
        @{ Cmdlet = 'ConvertFrom-ModelName'; Set = '__AllParameterSets'; Run = { param($c) ConvertFrom-ModelName 'phi3mini4k-minimal-r32-a64-e20-20250914-132416-lora' -Debug } }
        @{ Cmdlet = 'Get-ModelWeights'; Set = '__AllParameterSets'; Run = {
                param($c)
                $registry = Join-Path $c.Work 'weights-registry.json'
                Set-Content -LiteralPath $registry -Value '{ "schemaVersion": 1, "models": { "matrix": { "repoId": "pester/matrix", "file": "m.gguf", "latest": "1.0", "versions": { "1.0": { "tag": "weights-v1.0", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "size": 1, "publishedAt": "2025-01-01T00:00:00Z", "packageVersions": ">=1.0" } } } } }'
                Get-ModelWeights -Registry $registry -Model matrix -PackageVersion 1.2.0 -Debug
            }
        }
        # Versions, branches, families and the weights registry (a registry of the GGUF fixture made in BeforeAll).
        @{ Cmdlet = 'Step-ModelVersion'; Set = 'Increment'; Run = { param($c) Step-ModelVersion -RepoId $c.Repo -Increment Patch -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Step-ModelVersion'; Set = 'Compare'; Run = { param($c) Step-ModelVersion -Version 1.0.0 -Checkpoint $c.Gguf -Previous $c.Onnx -Debug } }
        @{ Cmdlet = 'New-HfBranch'; Set = '__AllParameterSets'; Run = { param($c) New-HfBranch -RepoId $c.Repo -Name matrix-new -StartingPoint v1.0.0 -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Get-HfBranch'; Set = '__AllParameterSets'; Run = { param($c) Get-HfBranch -RepoId $c.Repo -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Remove-HfBranch'; Set = '__AllParameterSets'; Run = {
                param($c)
                $null = New-HfBranch -RepoId $c.Repo -Name matrix-gone -Endpoint $c.Endpoint -Token $c.Token
                Remove-HfBranch -RepoId $c.Repo -Name matrix-gone -PassThru -Confirm:$false -Endpoint $c.Endpoint -Token $c.Token -Debug
            }
        }
        @{ Cmdlet = 'Publish-ModelRelease'; Set = 'Manifest'; Run = { param($c) Publish-ModelRelease -Manifest $c.Manifest -Version 1.0.0 -WhatIf -Endpoint $c.Endpoint -Token $c.Token -WarningAction SilentlyContinue -Debug } }
        @{ Cmdlet = 'Register-ModelWeights'; Set = 'Path'; Run = { param($c) Register-ModelWeights -Registry $c.Weights -Model matrix -Path $c.Onnx -Version 1.1 -PackageVersions '>=2.0' -WhatIf -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Register-ModelWeights'; Set = 'LiteralPath'; Run = { param($c) Get-Item -LiteralPath $c.Onnx | Register-ModelWeights -Registry $c.Weights -Model matrix -Version 1.1 -PackageVersions '>=2.0' -WhatIf -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Save-ModelWeights'; Set = 'Registry'; Run = { param($c) Save-ModelWeights -Registry $c.Weights -Model matrix -CacheFolder (Join-Path $c.Work 'weights-cache') -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Save-ModelWeights'; Set = 'Entry'; Run = { param($c) Get-ModelWeights -Registry $c.Weights -Model matrix | Save-ModelWeights -CacheFolder (Join-Path $c.Work 'weights-cache') -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        @{ Cmdlet = 'Test-ModelWeights'; Set = '__AllParameterSets'; Run = { param($c) Test-ModelWeights -Registry $c.Weights -Endpoint $c.Endpoint -Token $c.Token -Debug } }
        # The governed lifecycle (a store prepared in BeforeAll: base 1.0.0 deprecated, 1.1.0 in production, 1.2.0 in development).
        @{ Cmdlet = 'New-ModelVersion'; Set = '__AllParameterSets'; Run = { param($c) New-ModelVersion -Root $c.Store -Component residual -Version 1.0.0 -Architecture unet -CheckpointPath (Join-Path $c.Store 'checkpoints/model.safetensors') -Performance (Join-Path $c.Store 'eval/performance.json') -Description matrix -Debug } }
        @{ Cmdlet = 'Get-ModelVersion'; Set = '__AllParameterSets'; Run = { param($c) Get-ModelVersion -Root $c.Store -Component base -Debug } }
        @{ Cmdlet = 'Set-ModelStatus'; Set = '__AllParameterSets'; Run = { param($c) Set-ModelStatus -Root $c.Store base 1.2.0 Testing -TestResults (Join-Path $c.Store 'results/tests.xml') -Reason matrix -Debug } }
        @{ Cmdlet = 'Invoke-ModelLifecycle'; Set = '__AllParameterSets'; Run = { param($c) Invoke-ModelLifecycle -Root $c.Store -Debug } }
        @{ Cmdlet = 'Restore-ModelVersion'; Set = '__AllParameterSets'; Run = { param($c) Restore-ModelVersion -Root $c.Store -Component base -Reason matrix -Debug } }
        @{ Cmdlet = 'Set-ModelTraffic'; Set = '__AllParameterSets'; Run = { param($c) Set-ModelTraffic -Root $c.Store -Component base -Debug } }
        @{ Cmdlet = 'Register-ModelParameter'; Set = '__AllParameterSets'; Run = { param($c) Register-ModelParameter -Root $c.Store -Kind noise -ParameterId matrix -Value @{ base_noise_lambda = 0.1 } -EffectiveDate 2023-06-18 -ApprovedBy alice -Debug } }
        @{ Cmdlet = 'Get-ModelParameter'; Set = '__AllParameterSets'; Run = { param($c) Get-ModelParameter -Root $c.Store -Debug } }
        @{ Cmdlet = 'Test-ModelAudit'; Set = '__AllParameterSets'; Run = { param($c) Test-ModelAudit -Root $c.Store -Debug } }
        @{ Cmdlet = 'Get-ModelAuditEntry'; Set = '__AllParameterSets'; Run = { param($c) Get-ModelAuditEntry -Root $c.Store -Component base -Debug } }
        @{ Cmdlet = 'Export-ModelAudit'; Set = '__AllParameterSets'; Run = { param($c) Export-ModelAudit -Root $c.Store -Destination (Join-Path $c.Work 'audit') -Debug } }
        @{ Cmdlet = 'Compare-ModelPerformance'; Set = '__AllParameterSets'; Run = { param($c) Compare-ModelPerformance -Root $c.Store base 1.1.0 -Debug } }
        @{ Cmdlet = 'Test-CommitMessage'; Set = 'Message'; Run = { param($c) "[BASE] FIX: x`nPerformance impact: none`nReviewed-by: a" | Test-CommitMessage -Debug } }
        @{ Cmdlet = 'Test-CommitMessage'; Set = 'LiteralPath'; Run = { param($c) Test-CommitMessage -LiteralPath $c.CommitFile -Debug } }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $script:Hub = Start-TestHub
    $work = New-TestFolder -Name 'matrix'
    $cardFile = Join-Path $work 'README.md'
    New-ModelCard -RepoId pester/matrix -License mit -Path $cardFile -SkipHash -WarningAction SilentlyContinue
    $script:Context = [pscustomobject]@{
        Gguf     = Get-FixturePath 'gguf/basic-types.gguf'
        Onnx     = Get-FixturePath 'onnx/tiny_mlp.onnx'
        Single   = Get-FixturePath 'safetensors/fluxml_model.safetensors'
        Sharded  = Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json'
        CardFile = $cardFile
        Work     = $work
        Repo     = 'pester/matrix'
        Endpoint = $script:Hub.Endpoint
        Token    = $script:Hub.Token
        Store    = Initialize-TestModelStore -Path (New-TestFolder -Name 'matrix-store')
        CommitFile = Join-Path $work 'COMMIT_EDITMSG'
        Weights  = Join-Path $work 'matrix-weights.json'
        Manifest = Join-Path $work 'release.yaml'
    }
    # A weights registry with the GGUF fixture as matrix 1.0 (published to pester/matrix-weights), and a one-variant manifest.
    $null = Register-ModelWeights -Registry $script:Context.Weights -Model matrix -Path $script:Context.Gguf -Version 1.0 -PackageVersions '>=1.0' -RepoId pester/matrix-weights -Endpoint $script:Hub.Endpoint -Token $script:Hub.Token -Confirm:$false
    Set-Content -LiteralPath $script:Context.Manifest -Value @"
schemaVersion: 1
family: matrix
repository: pester/matrix-{variant}
license: mit
card:
  allowUnfinished: true
variants:
  - name: family
    checkpoint: $($script:Context.Gguf)
"@
    Set-Content -LiteralPath $script:Context.CommitFile -Value "[BASE] FIX: x`nPerformance impact: none`nReviewed-by: a"
    $store = @{ Root = $script:Context.Store }
    foreach ($version in '1.0.0', '1.1.0', '1.2.0') {
        $null = New-ModelVersion @store -Component base -Version $version -Architecture diffusion -CheckpointPath (Join-Path $store.Root 'checkpoints/model.safetensors') -Performance (Join-Path $store.Root 'eval/performance.json') -Description $version
        if ($version -eq '1.2.0') { continue }
        $null = Set-ModelStatus @store base $version Testing -TestResults (Join-Path $store.Root 'results/tests.xml') -Reason setup
        $null = Set-ModelStatus @store base $version Staging -Reason setup
        $null = Set-ModelStatus @store base $version Production -Approver alice, bob -Reason setup
    }
    # The repository the Hub cases read: a checkpoint and the card, tagged v1.0.0.
    $published = Publish-HfModel -Path $script:Context.Gguf, $cardFile -RepoId pester/matrix -Endpoint $script:Hub.Endpoint -Token $script:Hub.Token -Confirm:$false
    $null = $published | New-ReleaseTag -Version 1.0.0 -Endpoint $script:Hub.Endpoint -Token $script:Hub.Token
}

AfterAll {
    Stop-TestHub $script:Hub
}

Describe 'Parameter sets' {
    It 'every parameter set of every cmdlet has a case, and every case a parameter set' -ForEach @(@{ Cases = $script:Cases }) {
        $declared = foreach ($command in Get-Command -Module ModelRelease -CommandType Cmdlet) {
            foreach ($set in $command.ParameterSets) { "$($command.Name)/$($set.Name)" }
        }
        $covered = $Cases | ForEach-Object { "$($_.Cmdlet)/$($_.Set)" }
        @($declared | Where-Object { $_ -notin $covered }) | Should -BeNullOrEmpty -Because 'each parameter set needs a case here'
        @($covered | Where-Object { $_ -notin $declared }) | Should -BeNullOrEmpty -Because 'a case must name a real parameter set'
    }

    It '<Cmdlet> binds its <Set> set, returns its declared output type, and that renders' -ForEach $script:Cases {
        $all = @(& $Run $script:Context 5>&1)
        $debug = @($all | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message)
        $output = @($all | Where-Object { $_ -isnot [System.Management.Automation.DebugRecord] })
        $debug | Should -Contain "${Cmdlet}: parameter set '$Set'"
        if ($NoOutput) {
            # A cmdlet that only acts (Disconnect-HfHub, Remove-HfRepository) declares no output and writes none.
            $output | Should -BeNullOrEmpty
            (Get-Command -Name $Cmdlet).OutputType.Type | Where-Object { $_ -ne [void] } | Should -BeNullOrEmpty
            return
        }
        $output.Count | Should -BeGreaterThan 0
        $declared = (Get-Command -Name $Cmdlet).OutputType.Type
        foreach ($item in $output) {
            $declared | Where-Object { $item -is $_ } | Should -Not -BeNullOrEmpty -Because "$Cmdlet declares [OutputType] $($declared -join ', ') and wrote a $($item.GetType().FullName)"
        }
        # The default view of what it wrote renders as a table and as a list.
        foreach ($type in $output | ForEach-Object { $_.GetType() } | Select-Object -Unique) {
            if ($type.Namespace -notlike 'ModelRelease*') { continue } # FileInfo and the like have PowerShell's own views
            Get-FormatData -TypeName $type.FullName | Should -Not -BeNullOrEmpty -Because "$($type.FullName) needs a view in ModelRelease.Format.ps1xml"
        }
        foreach ($rendering in @(($output | Format-Table | Out-String -Width 120), ($output | Format-List | Out-String -Width 120))) {
            $rendering.Trim() | Should -Not -BeNullOrEmpty
            # Without a view, or with a property that has none, PowerShell prints the type name instead of the values.
            $rendering | Should -Not -Match '(?m)^\s*ModelRelease\.[A-Za-z.]+\s*$'
            $rendering | Should -Not -Match '\{ModelRelease\.[A-Za-z]+'
        }
    }
}
