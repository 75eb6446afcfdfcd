#Requires -Version 7.4
# Pester 5 tests of the checkpoint cmdlets against the assembled module and the shared fixtures.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $script:Manifest = Get-FixtureManifest
    $script:Truth = @{}
    foreach ($file in $script:Manifest.files) { $script:Truth[$file.file] = $file }
}

Describe 'Get-Checkpoint' {
    It 'reads a safetensors file by path' {
        $cp = Get-Checkpoint -Path (Get-FixturePath 'safetensors/fluxml_model.safetensors')
        $cp | Should -BeOfType ([ModelRelease.Checkpoint])
        $cp.Format | Should -Be 'Safetensors'
        $cp.ParameterCount | Should -Be $script:Truth['safetensors/fluxml_model.safetensors'].ground_truth.total_elements
    }

    It 'expands wildcards and keeps -LiteralPath literal' {
        $folder = Split-Path (Get-FixturePath 'gguf/basic-types.gguf')
        @(Get-Checkpoint -Path (Join-Path $folder '*.gguf')).Count | Should -Be 4
        (Get-Checkpoint -LiteralPath (Get-FixturePath 'gguf/basic-types.gguf')).Format | Should -Be 'Gguf'
    }

    It 'binds files from Get-ChildItem through PSPath' {
        $folder = Split-Path (Get-FixturePath 'pytorch/best_model.pt')
        $checkpoints = Get-ChildItem -LiteralPath $folder -Filter 'burn_*.pt' | Get-Checkpoint
        @($checkpoints).Count | Should -Be 4
    }

    It 'reads a folder with a sharded set as one checkpoint' {
        $set = @(Get-Checkpoint -Path (Split-Path (Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json')))
        $set.Count | Should -Be 1
        $set[0].Shards.Count | Should -Be 6
    }

    It 'writes a typed error with a stable id and the file as target for an unsafe pickle' {
        $path = Get-FixturePath 'pytorch/MALICIOUS_os_system.pt'
        $null = Get-Checkpoint -LiteralPath $path -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointUnsafe,*'
        $failures[0].TargetObject | Should -Be $path
        $failures[0].Exception.Message | Should -Match 'os\.system'
        Get-ChildItem -Path ([System.IO.Path]::GetTempPath()) -Filter 'modelrelease_pwned_*' | Should -BeNullOrEmpty
    }

    It 'shows the default table view' {
        $text = Get-Checkpoint -Path (Get-FixturePath 'onnx/tiny_mlp.onnx') | Out-String
        $text | Should -Match 'Format'
        $text | Should -Match 'Parameters'
        $text | Should -Match 'tiny_mlp.onnx'
    }
}

Describe 'Test-Checkpoint' {
    It 'validates every valid fixture deeply and hashes it' {
        foreach ($file in $script:Manifest.files | Where-Object role -EQ 'valid') {
            $result = Test-Checkpoint -LiteralPath (Get-FixturePath $file.file) -Deep -Sha256
            $result.IsValid | Should -BeTrue -Because $file.file
            $result.Sha256 | Should -Be $file.sha256
        }
    }

    It 'returns one Boolean with -Quiet' {
        Test-Checkpoint -Path (Get-FixturePath 'gguf/basic-types.gguf') -Quiet | Should -BeTrue
        Test-Checkpoint -Path (Get-FixturePath 'pytorch/MALICIOUS_os_system.pt') -Quiet | Should -BeFalse
    }

    It 'reports a failed expectation as a finding, not an error' {
        $result = Test-Checkpoint -Path (Get-FixturePath 'gguf/basic-types.gguf') -ExpectedParameterCount 1K -Tolerance 1%
        $result.IsValid | Should -BeFalse
        $result.Findings.Code | Should -Contain 'CKPT_PARAMETER_COUNT'
    }

    It 'composes: Get-Checkpoint | Test-Checkpoint | Measure-ModelParameter' {
        $report = Get-Checkpoint -Path (Get-FixturePath 'pytorch/pytorch_model.bin') | Test-Checkpoint | Measure-ModelParameter
        $report | Should -BeOfType ([ModelRelease.ParameterReport])
        $report.Unique | Should -Be $script:Truth['pytorch/pytorch_model.bin'].ground_truth.dedup_distinct_views_elements
    }
}

Describe 'Measure-ModelParameter' {
    It 'takes counts the way people write them' {
        $path = Get-FixturePath 'gguf/basic-types.gguf'
        (Measure-ModelParameter -Path $path -Expected 963).WithinTolerance | Should -BeTrue
        (Measure-ModelParameter -Path $path -Expected 1K -Tolerance 5%).WithinTolerance | Should -BeTrue
        (Measure-ModelParameter -Path $path -Expected 1K -Tolerance 1%).WithinTolerance | Should -BeFalse
    }

    It 'is also Measure-ModelParameters' {
        (Get-Alias -Name Measure-ModelParameters).ResolvedCommand.Name | Should -Be 'Measure-ModelParameter'
    }
}

Describe 'Compare-Checkpoint' {
    It 'sees no change between a single file and the same tensors sharded' {
        $single = Get-FixturePath 'safetensors/fluxml_model.safetensors'
        $sharded = Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json'
        (Compare-Checkpoint -Reference $single -Difference $sharded -Content).ImpliedBump | Should -Be 'None'
    }

    It 'implies a major bump when tensors change shape' {
        $result = Get-Checkpoint -Path (Get-FixturePath 'safetensors/burn_boolean.safetensors') |
            Compare-Checkpoint -Reference (Get-FixturePath 'safetensors/fluxml_model.safetensors')
        $result.ImpliedBump | Should -Be 'Major'
    }
}

Describe 'Dependency isolation' {
    It 'loads the core and its YamlDotNet into the module''s private load context' {
        $null = Get-Checkpoint -Path (Get-FixturePath 'gguf/basic-types.gguf')
        $core = [System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ModelRelease.Core' }
        $core | Should -Not -BeNullOrEmpty
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core).Name | Should -Be 'ModelRelease'
        $core.Location | Should -BeLike '*dependencies*'
    }

    It 'keeps the records in the default context so scripts can name them' {
        $records = [ModelRelease.Checkpoint].Assembly
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($records).Name | Should -Be 'Default'
    }
}
