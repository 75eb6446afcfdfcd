#Requires -Version 7.4
# Pester 5 tests of the checkpoint cmdlets (Get-Checkpoint, Test-Checkpoint, Measure-ModelParameter, Compare-Checkpoint)
# against the assembled module and the shared fixtures: every parameter set, the pipelines of the README and help,
# binding by property name, every typed error, the streams, progress and the default views.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $script:Manifest = Get-FixtureManifest
    $script:Truth = @{}
    foreach ($file in $script:Manifest.files) { $script:Truth[$file.file] = $file }

    # A work folder: a GGUF under a name with wildcard characters, and one the pattern 'model[v2].gguf' matches.
    $script:Work = New-TestFolder -Name 'checkpoint'
    $script:Gguf = Get-FixturePath 'gguf/basic-types.gguf'
    $script:Onnx = Get-FixturePath 'onnx/tiny_mlp.onnx'
    $script:Safetensors = Get-FixturePath 'safetensors/fluxml_model.safetensors'
    $script:Unsafe = Get-FixturePath 'pytorch/MALICIOUS_os_system.pt'
    $script:Bracketed = Join-Path $script:Work 'model[v2].gguf'
    $script:Plain = Join-Path $script:Work 'modelv.gguf'
    Copy-Item -LiteralPath $script:Gguf -Destination $script:Bracketed
    Copy-Item -LiteralPath $script:Gguf -Destination $script:Plain
    $script:Empty = (New-Item -ItemType Directory -Path (Join-Path $script:Work 'no-checkpoints')).FullName
    Set-Content -LiteralPath (Join-Path $script:Empty 'config.json') -Value '{}'
    $script:NotACheckpoint = Join-Path $script:Work 'notes.bin'
    Set-Content -LiteralPath $script:NotACheckpoint -Value 'just text'
    $script:EmptyFile = Join-Path $script:Work 'empty.safetensors'
    $null = New-Item -ItemType File -Path $script:EmptyFile

    # Inputs of the error cases, by name (the -ForEach data names them; they exist only at run time).
    function Resolve-Case([string] $Name) {
        switch ($Name) {
            'missing' { Join-Path $script:Work 'nope.gguf' }
            'unmatched' { Join-Path $script:Work '*.nothing' }
            'empty folder' { $script:Empty }
            'unsafe' { $script:Unsafe }
            'unrecognized' { $script:NotACheckpoint }
            'empty file' { $script:EmptyFile }
            default { $Name }
        }
    }
}

Describe 'Get-Checkpoint' {
    Context 'parameter sets' {
        It 'Path: reads a file, expands wildcards' {
            $records = Get-Checkpoint -Path (Join-Path (Split-Path $script:Gguf) '*.gguf') -Debug 5>&1
            Get-BoundParameterSet $records 'Get-Checkpoint' | Should -Be 'Path'
            $checkpoints = @($records | Where-Object { $_ -is [ModelRelease.Checkpoint] })
            $checkpoints.Count | Should -Be 4
            $checkpoints.Format | Sort-Object -Unique | Should -Be 'Gguf'
        }

        It 'Path: positional, and the count matches the fixture''s ground truth' {
            $cp = Get-Checkpoint $script:Safetensors
            $cp | Should -BeOfType ([ModelRelease.Checkpoint])
            $cp.Format | Should -Be 'Safetensors'
            $cp.ParameterCount | Should -Be $script:Truth['safetensors/fluxml_model.safetensors'].ground_truth.total_elements
        }

        It 'LiteralPath: reads a name with wildcard characters as it is' {
            $records = Get-Checkpoint -LiteralPath $script:Bracketed -Debug 5>&1
            Get-BoundParameterSet $records 'Get-Checkpoint' | Should -Be 'LiteralPath'
            ($records | Where-Object { $_ -is [ModelRelease.Checkpoint] }).Path | Should -Be $script:Bracketed
        }
    }

    Context 'wildcards against -LiteralPath' {
        It '-Path treats [v2] as a character class: it matches modelv.gguf, not model[v2].gguf' {
            (Get-Checkpoint -Path $script:Bracketed).Path | Should -Be $script:Plain
        }

        It '-Path with escaped brackets reads the bracketed file' {
            (Get-Checkpoint -Path (Join-Path $script:Work 'model`[v2`].gguf')).Path | Should -Be $script:Bracketed
        }

        It '-LiteralPath with a wildcard is a missing file, not a pattern' {
            $null = Get-Checkpoint -LiteralPath (Join-Path $script:Work 'model*.gguf') -ErrorVariable failures -ErrorAction SilentlyContinue
            Assert-ErrorRecord $failures[0] -Id PathNotFound -Category ObjectNotFound -Target (Join-Path $script:Work 'model*.gguf')
        }
    }

    Context 'binding from the pipeline' {
        It 'strings bind to -Path by value' {
            $records = $script:Gguf, $script:Onnx | Get-Checkpoint -Debug 5>&1
            Get-BoundParameterSet $records 'Get-Checkpoint' | Should -Be 'Path'
            ($records | Where-Object { $_ -is [ModelRelease.Checkpoint] }).Format | Should -Be 'Gguf', 'Onnx'
        }

        It 'Get-ChildItem output binds to -LiteralPath through PSPath, brackets and all' {
            $records = Get-ChildItem -LiteralPath $script:Work -Filter '*.gguf' | Get-Checkpoint -Debug 5>&1
            Get-BoundParameterSet $records 'Get-Checkpoint' | Should -Be 'LiteralPath'
            ($records | Where-Object { $_ -is [ModelRelease.Checkpoint] }).Path | Should -Be $script:Bracketed, $script:Plain
        }

        It 'Get-ChildItem of a fixture folder: every PyTorch file read' {
            $checkpoints = Get-ChildItem -LiteralPath (Split-Path $script:Unsafe) -Filter 'burn_*.pt' | Get-Checkpoint
            @($checkpoints).Count | Should -Be 4
        }

        It 'Import-Csv rows bind their Path column to -Path' {
            $csv = Join-Path $script:Work 'paths.csv'
            [pscustomobject]@{ Path = $script:Gguf }, [pscustomobject]@{ Path = $script:Onnx } | Export-Csv -LiteralPath $csv
            $records = Import-Csv -LiteralPath $csv | Get-Checkpoint -Debug 5>&1
            Get-BoundParameterSet $records 'Get-Checkpoint' | Should -Be 'Path'
            ($records | Where-Object { $_ -is [ModelRelease.Checkpoint] }).Path | Should -Be $script:Gguf, $script:Onnx
        }

        It 'Import-Csv rows bind their LiteralPath column to -LiteralPath' {
            $csv = Join-Path $script:Work 'literal.csv'
            [pscustomobject]@{ LiteralPath = $script:Bracketed } | Export-Csv -LiteralPath $csv
            $records = Import-Csv -LiteralPath $csv | Get-Checkpoint -Debug 5>&1
            Get-BoundParameterSet $records 'Get-Checkpoint' | Should -Be 'LiteralPath'
            ($records | Where-Object { $_ -is [ModelRelease.Checkpoint] }).Path | Should -Be $script:Bracketed
        }

        It 'ConvertFrom-Json objects bind by property name: <Property>' -ForEach @(
            @{ Property = 'Path'; Set = 'Path' }
            @{ Property = 'LiteralPath'; Set = 'LiteralPath' }
            @{ Property = 'PSPath'; Set = 'LiteralPath' }
        ) {
            $json = ConvertTo-Json -InputObject @(@{ $Property = $script:Bracketed })
            $records = $json | ConvertFrom-Json | Get-Checkpoint -Debug 5>&1
            Get-BoundParameterSet $records 'Get-Checkpoint' | Should -Be $Set
            $expected = if ($Set -eq 'Path') { $script:Plain } else { $script:Bracketed }
            ($records | Where-Object { $_ -is [ModelRelease.Checkpoint] }).Path | Should -Be $expected
        }
    }

    Context 'folders' {
        It 'a folder with a sharded set is one checkpoint with its shards' {
            $set = @(Get-Checkpoint -Path (Split-Path (Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json')))
            $set.Count | Should -Be 1
            $set[0].Shards.Count | Should -Be 6
        }

        It 'a folder is expanded on the verbose stream' {
            $verbose = Get-Checkpoint -Path (Split-Path (Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json')) -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $verbose.Message | Should -Contain ($verbose.Message | Where-Object { $_ -match 'a folder with 7 checkpoint file\(s\)' } | Select-Object -First 1)
            $verbose.Message | Where-Object { $_ -match 'model\.safetensors\.index\.json: Safetensors, 36 tensors, 1\.48K parameters, 6 shards' } | Should -Not -BeNullOrEmpty
        }

        It '-Debug shows the verbose lines on the debug stream instead of asking (a non-interactive host cannot answer)' {
            $records = Get-Checkpoint -Path (Split-Path (Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json')) -Debug 5>&1
            $debug = @($records | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }).Message
            $debug[0] | Should -Be "Get-Checkpoint: parameter set 'Path'"
            $debug | Where-Object { $_ -match 'a folder with 7 checkpoint file\(s\)' } | Should -Not -BeNullOrEmpty
        }

        It 'a folder without checkpoints is an error, never an empty success' {
            $out = Get-Checkpoint -Path $script:Empty -ErrorVariable failures -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Assert-ErrorRecord $failures[0] -Id CheckpointNotFound -Category ObjectNotFound -Target $script:Empty -Message 'holds no checkpoint file.*CKPT_NO_CHECKPOINTS'
        }
    }

    Context 'typed errors: <Case>' -ForEach @(
        @{ Case = 'missing'; Literal = $false; Id = 'PathNotFound'; Category = 'ObjectNotFound'; Target = 'same'; Message = 'does not exist' }
        @{ Case = 'missing'; Literal = $true; Id = 'PathNotFound'; Category = 'ObjectNotFound'; Target = 'same'; Message = 'does not exist' }
        @{ Case = 'unmatched'; Literal = $false; Id = 'PathNotFound'; Category = 'ObjectNotFound'; Target = 'same'; Message = 'No file matches' }
        @{ Case = 'empty folder'; Literal = $false; Id = 'CheckpointNotFound'; Category = 'ObjectNotFound'; Target = 'same'; Message = 'CKPT_NO_CHECKPOINTS' }
        @{ Case = 'Env:PATH'; Literal = $false; Id = 'PathNotFileSystem'; Category = 'InvalidArgument'; Target = 'same'; Message = 'Environment provider.*files only' }
        @{ Case = 'Variable:PSHOME'; Literal = $true; Id = 'PathNotFileSystem'; Category = 'InvalidArgument'; Target = 'same'; Message = 'Variable provider.*files only' }
        @{ Case = 'unsafe'; Literal = $true; Id = 'CheckpointUnsafe'; Category = 'SecurityError'; Target = 'same'; Message = 'os\.system.*Nothing was imported or executed.*PT_UNSAFE_GLOBAL' }
        @{ Case = 'unrecognized'; Literal = $true; Id = 'CheckpointUnrecognized'; Category = 'InvalidData'; Target = 'same'; Message = 'not a checkpoint this tool reads.*CKPT_UNRECOGNIZED' }
        @{ Case = 'empty file'; Literal = $true; Id = 'CheckpointTruncated'; Category = 'InvalidData'; Target = 'same'; Message = 'the file is empty.*CKPT_EMPTY' }
    ) {
        BeforeAll {
            $script:CaseInput = Resolve-Case $Case
            $script:CaseArguments = if ($Literal) { @{ LiteralPath = $script:CaseInput } } else { @{ Path = $script:CaseInput } }
        }

        It '-ErrorVariable gets <Id> (<Category>) with the path as target' {
            $out = Get-Checkpoint @script:CaseArguments -ErrorVariable failures -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $failures.Count | Should -Be 1
            Assert-ErrorRecord $failures[0] -Id $Id -Category $Category -Target $script:CaseInput -Message $Message
        }

        It '-ErrorAction Stop terminates, catchable by its id' {
            { Get-Checkpoint @script:CaseArguments -ErrorAction Stop } | Should -Throw -ErrorId "$Id,ModelRelease.Commands.GetCheckpointCommand"
        }

        It '-ErrorAction SilentlyContinue writes nothing, but $Error keeps it' {
            $Error.Clear()
            Get-Checkpoint @script:CaseArguments -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $Error[0].FullyQualifiedErrorId | Should -BeExactly "$Id,ModelRelease.Commands.GetCheckpointCommand"
        }
    }

    Context 'per-item errors' {
        It 'three files piped, the middle one <What>: two checkpoints and one error' -ForEach @(
            @{ What = 'unsafe'; Id = 'CheckpointUnsafe'; Category = 'SecurityError' }
            @{ What = 'missing'; Id = 'PathNotFound'; Category = 'ObjectNotFound' }
            @{ What = 'unrecognized'; Id = 'CheckpointUnrecognized'; Category = 'InvalidData' }
        ) {
            $middle = Resolve-Case $What
            $out = $script:Gguf, $middle, $script:Onnx | Get-Checkpoint -ErrorVariable failures -ErrorAction SilentlyContinue
            $out.Path | Should -Be $script:Gguf, $script:Onnx
            $failures.Count | Should -Be 1
            Assert-ErrorRecord $failures[0] -Id $Id -Category $Category -Target $middle
        }

        It 'a script can catch the typed exception of an unsafe file under -ErrorAction Stop' {
            $caught = try { Get-Checkpoint -LiteralPath $script:Unsafe -ErrorAction Stop } catch [ModelRelease.CheckpointFormatException] { $_.Exception }
            $caught.Code | Should -Be 'PT_UNSAFE_GLOBAL'
            $caught.FilePath | Should -Be $script:Unsafe
        }
    }

    Context 'default views' {
        It 'the table shows name, format, size, tensors and parameters as people write them' {
            $text = Get-Checkpoint -Path $script:Gguf, (Get-FixturePath 'pytorch/pytorch_model.bin') | Format-Table | Out-String -Width 120
            $header = ($text -split "`r?`n" | Where-Object { $_ -match '\S' })[0]
            $header | Should -Match '^Name\s+Format\s+Size\s+Tensors\s+Parameters\s+Shards$'
            $text | Should -Match 'basic-types\.gguf\s+Gguf\s+\S+ KB\s+13\s+963\s+0'
            $text | Should -Match 'pytorch_model\.bin\s+PyTorch\s+26\.1 KB\s+31\s+9\.09K'
            $text | Should -Not -Match 'ModelRelease\.\w+'
        }

        It 'the list shows the format details, size, parameters, shards, metadata and findings readably' {
            $index = Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json'
            $text = Get-Checkpoint -Path $index, (Get-FixturePath 'gguf/tiny-llama-q4km-mix.gguf') | Format-List | Out-String -Width 120
            $text | Should -Match 'Format\s+: Gguf v3 \(MOSTLY_Q4_K_M\), little-endian'
            $text | Should -Match 'Parameters\s+: 673K \(672,512\)'
            $text | Should -Match 'Shards\s+: 6: model-00001-of-00006\.safetensors'
            $text | Should -Match 'general\.architecture = llama'
            $text | Should -Not -Match 'CheckpointShard \{|StorageInfo \{|ModelRelease\.\w+'
        }

        It 'tensor rows show dtype, shape and sizes' {
            $text = (Get-Checkpoint -Path $script:Gguf).Tensors | Format-Table | Out-String -Width 120
            ($text -split "`r?`n" | Where-Object { $_ -match '\S' })[0] | Should -Match '^Name\s+DType\s+Stored as\s+Shape\s+Elements\s+Offset\s+Bytes$'
            $text | Should -Match '\[\d+(, \d+)*\]'
            $text | Should -Not -Match 'ModelRelease\.\w+'
        }
    }
}

Describe 'Test-Checkpoint' {
    Context 'parameter sets' {
        It 'Path: validates every valid fixture deeply and hashes it' {
            foreach ($file in $script:Manifest.files | Where-Object role -EQ 'valid') {
                $result = Test-Checkpoint -Path (Get-FixturePath $file.file) -Deep -Sha256
                $result.IsValid | Should -BeTrue -Because $file.file
                $result.Sha256 | Should -Be $file.sha256
                $result.Deep | Should -BeTrue
            }
        }

        It '<Set> is the set bound' -ForEach @(
            @{ Set = 'Path' }
            @{ Set = 'LiteralPath' }
            @{ Set = 'Checkpoint' }
        ) {
            $records = switch ($Set) {
                'Path' { Test-Checkpoint -Path $script:Gguf -Debug 5>&1 }
                'LiteralPath' { Test-Checkpoint -LiteralPath $script:Bracketed -Debug 5>&1 }
                'Checkpoint' { Get-Checkpoint -Path $script:Gguf | Test-Checkpoint -Debug 5>&1 }
            }
            Get-BoundParameterSet $records 'Test-Checkpoint' | Should -Be $Set
            $validation = $records | Where-Object { $_ -is [ModelRelease.CheckpointValidation] }
            $validation.IsValid | Should -BeTrue
            $validation.ParameterCount | Should -Be 963
        }
    }

    Context 'pipelines' {
        It 'Get-Checkpoint | Test-Checkpoint -Deep | Measure-ModelParameter (README)' {
            $report = Get-Checkpoint -Path (Get-FixturePath 'pytorch/pytorch_model.bin') | Test-Checkpoint -Deep | Measure-ModelParameter
            $report | Should -BeOfType ([ModelRelease.ParameterReport])
            $report.Unique | Should -Be $script:Truth['pytorch/pytorch_model.bin'].ground_truth.dedup_distinct_views_elements
        }

        It 'Get-ChildItem | Test-Checkpoint binds -LiteralPath' {
            $records = Get-ChildItem -LiteralPath $script:Work -Filter '*.gguf' | Test-Checkpoint -Debug 5>&1
            Get-BoundParameterSet $records 'Test-Checkpoint' | Should -Be 'LiteralPath'
            ($records | Where-Object { $_ -is [ModelRelease.CheckpointValidation] }).Path | Should -Be $script:Bracketed, $script:Plain
        }

        It 'Import-Csv and ConvertFrom-Json rows bind -Path by property name' {
            $fromCsv = "Path`n$($script:Gguf)" | ConvertFrom-Csv | Test-Checkpoint
            $fromJson = (ConvertTo-Json -InputObject @(@{ LiteralPath = $script:Bracketed })) | ConvertFrom-Json | Test-Checkpoint
            $fromCsv.Path | Should -Be $script:Gguf
            $fromJson.Path | Should -Be $script:Bracketed
        }

        It 'a validation whose header could not be read binds its Path and reports the file''s own error' {
            $invalid = Test-Checkpoint -LiteralPath $script:Unsafe
            $null = $invalid | Measure-ModelParameter -ErrorVariable failures -ErrorAction SilentlyContinue
            Assert-ErrorRecord $failures[0] -Id CheckpointUnsafe -Category SecurityError -Target $script:Unsafe
        }
    }

    Context 'findings are data' {
        It 'an unsafe file is an invalid validation with the finding, not an error' {
            $result = Test-Checkpoint -LiteralPath $script:Unsafe -ErrorVariable failures
            $failures | Should -BeNullOrEmpty
            $result.IsValid | Should -BeFalse
            $result.Findings[0].Code | Should -Be 'PT_UNSAFE_GLOBAL'
            $result.Findings[0].Offset | Should -BeGreaterThan 0
        }

        It 'a parameter count off by more than the tolerance is CKPT_PARAMETER_COUNT' {
            $result = Test-Checkpoint -Path $script:Gguf -ExpectedParameterCount 1K -Tolerance 1%
            $result.IsValid | Should -BeFalse
            $result.Findings.Code | Should -Contain 'CKPT_PARAMETER_COUNT'
            (Test-Checkpoint -Path $script:Gguf -ExpectedParameterCount 1K -Tolerance 5%).IsValid | Should -BeTrue
        }

        It 'a SHA-256 mismatch is CKPT_SHA256_MISMATCH; the right one passes' {
            $sha = $script:Truth['gguf/basic-types.gguf'].sha256
            (Test-Checkpoint -Path $script:Gguf -ExpectedSha256 $sha).IsValid | Should -BeTrue
            $wrong = Test-Checkpoint -Path $script:Gguf -ExpectedSha256 ('0' * 64)
            $wrong.Findings.Code | Should -Contain 'CKPT_SHA256_MISMATCH'
        }

        It '-Deep finds a NaN and names the tensor' {
            $path = New-SafetensorsFile -Path (Join-Path $script:Work 'nan.safetensors') -Tensor ([ordered]@{ 'encoder.weight' = 8, 8; 'head.bias' = , 4 }) -NaN 'head.bias'
            $result = Test-Checkpoint -LiteralPath $path -Deep
            $result.IsValid | Should -BeFalse
            $nan = $result.Findings | Where-Object Code -EQ 'TENSOR_NAN'
            $nan.Tensor | Should -Be 'head.bias'
            ($result.TensorScans | Where-Object Name -EQ 'head.bias').NaNCount | Should -Be 1
        }
    }

    Context '-Quiet' {
        It 'True only when everything checked was valid' {
            Test-Checkpoint -Path $script:Gguf, $script:Onnx -Quiet | Should -BeExactly $true
            Test-Checkpoint -Path $script:Gguf, $script:Unsafe -Quiet | Should -BeExactly $false
        }

        It 'False, with the error, when a path is missing' {
            $result = Test-Checkpoint -Path $script:Gguf, (Resolve-Case 'missing') -Quiet -ErrorVariable failures -ErrorAction SilentlyContinue
            $result | Should -BeExactly $false
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        }

        It 'False, with an error and a warning, for a folder without checkpoints' {
            $result = Test-Checkpoint -Path $script:Empty -Quiet -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warnings -WarningAction SilentlyContinue
            $result | Should -BeExactly $false
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointNotFound,*'
            $warnings[0].Message | Should -Match 'No checkpoint was checked'
        }

        It 'False when nothing at all came down the pipeline' {
            @() | Test-Checkpoint -Quiet -WarningAction SilentlyContinue | Should -BeExactly $false
        }
    }

    Context 'typed errors' {
        It 'missing paths and Env: paths are errors with the path as target; the other inputs are still checked' {
            $missing = Resolve-Case 'missing'
            $out = $script:Gguf, $missing, 'Env:PATH', $script:Onnx | Test-Checkpoint -ErrorVariable failures -ErrorAction SilentlyContinue
            $out.Path | Should -Be $script:Gguf, $script:Onnx
            $failures.Count | Should -Be 2
            Assert-ErrorRecord $failures[0] -Id PathNotFound -Category ObjectNotFound -Target $missing
            Assert-ErrorRecord $failures[1] -Id PathNotFileSystem -Category InvalidArgument -Target 'Env:PATH'
        }

        It '-ErrorAction Stop terminates on a folder without checkpoints' {
            { Test-Checkpoint -Path $script:Empty -ErrorAction Stop } | Should -Throw -ErrorId 'CheckpointNotFound,ModelRelease.Commands.TestCheckpointCommand'
        }
    }

    Context 'progress and streams' {
        BeforeAll {
            $script:Large = New-SafetensorsFile -Path (Join-Path $script:Work 'large.safetensors') -Tensor ([ordered]@{ 'encoder.weight' = 4096, 4096; 'head.bias' = , 16 })
        }

        It '<Switches> reports progress with the activity, percent and a Completed record' -ForEach @(
            @{ Switches = '-Deep'; Status = 'Scanning tensor data' }
            @{ Switches = '-Sha256'; Status = 'Hashing' }
            @{ Switches = '-Deep -Sha256'; Status = 'Scanning tensor data' }
        ) {
            $run = Invoke-InRecordingHost -ScriptBlock ([scriptblock]::Create("param(`$p) Test-Checkpoint -LiteralPath `$p $Switches")) -ArgumentList $script:Large
            $run.Exception | Should -BeNullOrEmpty
            $run.Output[0].IsValid | Should -BeTrue
            $records = $run.Progress
            $working = @($records | Where-Object RecordType -EQ 'Processing')
            $working.Count | Should -BeGreaterOrEqual 1
            $working | ForEach-Object { $_.Activity | Should -Be 'Test-Checkpoint large.safetensors' }
            $working | ForEach-Object { $_.PercentComplete | Should -BeIn (0..100) }
            $working[-1].PercentComplete | Should -Be 100
            $working[-1].StatusDescription | Should -Match "^${Status}: 64(\.0)? MB of 64(\.0)? MB"
            $records[-1].RecordType | Should -Be 'Completed'
        }

        It 'a header-only check writes no progress' {
            $run = Invoke-InRecordingHost -ScriptBlock { param($p) Test-Checkpoint -LiteralPath $p } -ArgumentList $script:Large
            $run.Progress | Should -BeNullOrEmpty
        }

        It 'says each verdict on the verbose stream' {
            $verbose = Test-Checkpoint -Path $script:Gguf -Sha256 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $verbose.Message | Should -Match ([regex]::Escape($script:Gguf) + ': valid, 0 error\(s\), 0 warning\(s\), SHA-256 [0-9a-f]{64}')
        }
    }

    Context 'default views' {
        BeforeAll {
            $script:Validations = Test-Checkpoint -Path $script:Unsafe, $script:Gguf -ExpectedParameterCount 1K -Tolerance 1%
        }

        It 'the table: name, verdict, counts and the first finding' {
            $text = $script:Validations | Format-Table | Out-String -Width 120
            ($text -split "`r?`n" | Where-Object { $_ -match '\S' })[0] | Should -Match '^Name\s+IsValid\s+Errors\s+Warnings\s+Deep\s+First finding$'
            $text | Should -Match 'MALICIOUS_os_system\.pt\s+False\s+1\s+0\s+False\s+PT_UNSAFE_GLOBAL: '
            $text | Should -Match 'basic-types\.gguf\s+False\s+1\s+0\s+False\s+CKPT_PARAMETER_COUNT: '
        }

        It 'the list: parameters, deep, hash and every finding on its own line' {
            $text = $script:Validations | Format-List | Out-String -Width 120
            $text | Should -Match 'Parameters\s+: 963 \(963\)'
            $text | Should -Match 'Deep\s+: no \(headers only; -Deep scans the data\)'
            $text | Should -Match 'Findings\s+: Error PT_UNSAFE_GLOBAL at offset \d+: '
            $text | Should -Not -Match 'ModelRelease\.\w+|\{Error '
        }

        It 'a Finding''s message gets the width at 120 columns, not 13-character slivers' {
            $text = $script:Validations.Findings | Format-Table | Out-String -Width 120
            $lines = $text -split "`r?`n"
            $header = $lines | Where-Object { $_ -match '^Severity' } | Select-Object -First 1
            $header | Should -Match '^Severity\s+Code\s+Tensor/record\s+At\s+Message$'
            $messageColumn = $header.IndexOf('Message')
            (120 - $messageColumn) | Should -BeGreaterOrEqual 45
            $first = $lines | Where-Object { $_ -match '^Error\s+PT_UNSAFE_GLOBAL' } | Select-Object -First 1
            $first.Substring($messageColumn) | Should -BeLike 'MALICIOUS_os_system/data.pkl names a global*'
        }

        It 'deep scan rows show NaN and infinity counts per tensor' {
            $text = (Test-Checkpoint -Path $script:Safetensors -Deep).TensorScans | Format-Table | Out-String -Width 120
            ($text -split "`r?`n" | Where-Object { $_ -match '\S' })[0] | Should -Match '^Name\s+DType\s+Elements\s+Checked\s+NaN\s+\+Inf\s+-Inf$'
            $text | Should -Match 'float32_3\s+F32\s+3\s+True\s+0\s+0\s+0'
        }
    }
}

Describe 'Measure-ModelParameter' {
    Context 'parameter sets' {
        It '<Set> is the set bound and the count is right' -ForEach @(
            @{ Set = 'Path' }
            @{ Set = 'LiteralPath' }
            @{ Set = 'Checkpoint' }
        ) {
            $records = switch ($Set) {
                'Path' { Measure-ModelParameter -Path $script:Gguf -Debug 5>&1 }
                'LiteralPath' { Measure-ModelParameter -LiteralPath $script:Bracketed -Debug 5>&1 }
                'Checkpoint' { Get-Checkpoint -Path $script:Gguf | Measure-ModelParameter -Debug 5>&1 }
            }
            Get-BoundParameterSet $records 'Measure-ModelParameter' | Should -Be $Set
            ($records | Where-Object { $_ -is [ModelRelease.ParameterReport] }).Total | Should -Be 963
        }
    }

    Context 'counts as people write them' {
        It '-Expected <Expected> -Tolerance <Tolerance>: within tolerance is <Within>' -ForEach @(
            @{ Expected = '963'; Tolerance = '0'; Within = $true }
            @{ Expected = '1K'; Tolerance = '5%'; Within = $true }
            @{ Expected = '1K'; Tolerance = '1%'; Within = $false }
            @{ Expected = '1K'; Tolerance = '0.05'; Within = $true }
        ) {
            (Measure-ModelParameter -Path $script:Gguf -Expected $Expected -Tolerance $Tolerance).WithinTolerance | Should -Be $Within
        }

        It '15.8M is 15,800,000 and 1% is 0.01; the table shows them that way' {
            $report = Measure-ModelParameter -Path $script:Safetensors -Expected 15.8M -Tolerance 1%
            $report.Expected | Should -Be 15800000
            $report.Tolerance | Should -Be 0.01
            $report.WithinTolerance | Should -BeFalse
            $text = $report | Format-Table | Out-String -Width 120
            ($text -split "`r?`n" | Where-Object { $_ -match '\S' })[0] | Should -Match '^Name\s+Total\s+Unique\s+Expected\s+Deviation\s+OK$'
            $text | Should -Match 'fluxml_model\.safetensors\s+1\.48K\s+1\.48K\s+15\.8M\s+-99\.99\s?%\s+False'
        }

        It 'a count that is not one is refused at binding' {
            { Measure-ModelParameter -Path $script:Gguf -Expected 'lots' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,ModelRelease.Commands.MeasureModelParameterCommand'
        }

        It 'the list view breaks the count down by dtype and group' {
            $text = Measure-ModelParameter -Path (Get-FixturePath 'pytorch/pytorch_model.bin') -Expected 9K -Tolerance 2% | Format-List | Out-String -Width 120
            $text | Should -Match 'Total\s+: 9\.09K \(9,088\)'
            $text | Should -Match 'ByDType\s+: \w+ [\d.]+K?'
            $text | Should -Match 'Expected\s+: 9K \(9,000\), tolerance 2\.00\s?%'
            $text | Should -Not -Match 'ModelRelease\.\w+'
        }
    }

    Context 'errors and the alias' {
        It 'three paths, the middle one unsafe: two reports and one error naming the file' {
            $out = $script:Gguf, $script:Unsafe, $script:Onnx | Measure-ModelParameter -ErrorVariable failures -ErrorAction SilentlyContinue
            $out.Path | Should -Be $script:Gguf, $script:Onnx
            Assert-ErrorRecord $failures[0] -Id CheckpointUnsafe -Category SecurityError -Target $script:Unsafe
        }

        It 'a folder without checkpoints is CheckpointNotFound' {
            { Measure-ModelParameter -Path $script:Empty -ErrorAction Stop } | Should -Throw -ErrorId 'CheckpointNotFound,ModelRelease.Commands.MeasureModelParameterCommand'
        }

        It 'is also Measure-ModelParameters, and the alias runs it' {
            (Get-Alias -Name Measure-ModelParameters).ResolvedCommand.Name | Should -Be 'Measure-ModelParameter'
            (Measure-ModelParameters -Path $script:Gguf).Total | Should -Be 963
        }
    }
}

Describe 'Compare-Checkpoint' {
    Context 'its one parameter set' {
        It 'two paths, positional: a single file and the same tensors sharded differ only in metadata' {
            $sharded = Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json'
            $records = Compare-Checkpoint $script:Safetensors $sharded -Content -Debug 5>&1
            Get-BoundParameterSet $records 'Compare-Checkpoint' | Should -Be '__AllParameterSets'
            $comparison = $records | Where-Object { $_ -is [ModelRelease.CheckpointComparison] }
            $comparison.IsIdentical | Should -BeTrue
            $comparison.ContentCompared | Should -BeTrue
            $comparison.UnchangedCount | Should -Be 36
            # The set's shards say format=pt and its index total_size; the single file has no metadata: a patch.
            $comparison.MetadataChanged | Should -Be 'format', 'total_size'
            $comparison.ImpliedBump | Should -Be 'Patch'
        }

        It 'a folder that holds one sharded set counts as that checkpoint' {
            $index = Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json'
            $comparison = Compare-Checkpoint -Reference $index -Difference (Split-Path $index) -Content
            $comparison.DifferencePath | Should -Be $index
            $comparison.ImpliedBump | Should -Be 'None'
            $comparison.UnchangedCount | Should -Be 36
        }

        It 'a .pt and its safetensors copy are the same tensors: no re-typed tensor, no changed value, a patch for the format' {
            $pt = Get-FixturePath 'pytorch/pytorch_model.bin'
            $copy = New-SafetensorsCopy -Path $pt -Destination (Join-Path (New-TestFolder -Name 'xformat') 'model.safetensors')
            $tensor = (Get-Checkpoint -Path $pt).Tensors | Where-Object Name -EQ 'norm.weight'
            $tensor.DType, $tensor.FormatDType | Should -Be 'F32', 'float32'
            $comparison = Compare-Checkpoint $pt $copy -Content
            $comparison.Retyped | Should -BeNullOrEmpty
            $comparison.ContentChanged | Should -BeNullOrEmpty
            $comparison.IsIdentical | Should -BeTrue
            $comparison.FormatChanged | Should -BeTrue
            $comparison.ImpliedBump | Should -Be 'Patch'
        }

        It 'Get-Checkpoint | Compare-Checkpoint -Reference: a major bump when tensors change' {
            $result = Get-Checkpoint -Path (Get-FixturePath 'safetensors/burn_boolean.safetensors') | Compare-Checkpoint -Reference $script:Safetensors
            $result.ImpliedBump | Should -Be 'Major'
            $result.Added | Should -Be 'buffer'
            $result.Removed.Count | Should -Be 36
        }

        It 'takes validations, files and paths on either side' {
            $reference = Test-Checkpoint -Path $script:Gguf
            $result = Get-Item -LiteralPath $script:Bracketed | Compare-Checkpoint -Reference $reference
            $result.ReferencePath | Should -Be $script:Gguf
            $result.DifferencePath | Should -Be $script:Bracketed
            $result.IsIdentical | Should -BeTrue
        }
    }

    Context 'typed errors' {
        It 'a -Reference that cannot be read stops the command: <Case>' -ForEach @(
            @{ Case = 'missing'; Id = 'CheckpointNotFound'; Category = 'ObjectNotFound'; Message = 'file not found' }
            @{ Case = 'unsafe'; Id = 'CheckpointUnsafe'; Category = 'SecurityError'; Message = 'os\.system' }
            @{ Case = 'Env:PATH'; Id = 'PathNotFileSystem'; Category = 'InvalidArgument'; Message = 'Environment provider' }
            @{ Case = 'empty folder'; Id = 'CheckpointNotFound'; Category = 'ObjectNotFound'; Message = 'CKPT_NO_CHECKPOINTS' }
        ) {
            $reference = Resolve-Case $Case
            $record = try { Compare-Checkpoint -Reference $reference -Difference $script:Gguf -ErrorAction SilentlyContinue; $null } catch { $_ }
            $record | Should -Not -BeNullOrEmpty -Because 'a reference that cannot be read is a terminating error'
            Assert-ErrorRecord $record -Id $Id -Category $Category -Target $reference -Message $Message
        }

        It 'a folder with several checkpoints is CKPT_AMBIGUOUS' {
            $two = New-TestFolder -Name 'two'
            Copy-Item -LiteralPath $script:Gguf, $script:Onnx -Destination $two
            { Compare-Checkpoint -Reference $two -Difference $script:Gguf } | Should -Throw -ErrorId 'CheckpointInvalid,ModelRelease.Commands.CompareCheckpointCommand' -ExpectedMessage '*2 checkpoints (basic-types.gguf, tiny_mlp.onnx)*CKPT_AMBIGUOUS*'
        }

        It 'three piped, the middle one unsafe: two comparisons and one error naming the file' {
            $out = $script:Gguf, $script:Unsafe, $script:Plain | Compare-Checkpoint -Reference $script:Gguf -ErrorVariable failures -ErrorAction SilentlyContinue
            $out.DifferencePath | Should -Be $script:Gguf, $script:Plain
            $failures.Count | Should -Be 1
            Assert-ErrorRecord $failures[0] -Id CheckpointUnsafe -Category SecurityError -Target $script:Unsafe
        }

        It 'an object that is not a checkpoint is CheckpointInputUnsupported' {
            $null = 42 | Compare-Checkpoint -Reference $script:Gguf -ErrorVariable failures -ErrorAction SilentlyContinue
            Assert-ErrorRecord $failures[0] -Id CheckpointInputUnsupported -Category InvalidArgument -Target 42
        }
    }

    Context 'progress, streams and views' {
        It '-Content reports progress and completes' {
            $run = Invoke-InRecordingHost -ScriptBlock { param($a, $b) Compare-Checkpoint $a $b -Content } -ArgumentList $script:Gguf, $script:Plain
            $run.Output[0].IsIdentical | Should -BeTrue
            @($run.Progress | Where-Object RecordType -EQ 'Processing')[0].Activity | Should -Be 'Compare-Checkpoint'
            $run.Progress[-1].RecordType | Should -Be 'Completed'
        }

        It 'says what it compares on the verbose stream' {
            $verbose = Compare-Checkpoint $script:Gguf $script:Plain -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $verbose.Message | Should -Be "Comparing $($script:Plain) with $($script:Gguf) (headers only)"
        }

        It 'the default list and the table read well' {
            $comparison = Compare-Checkpoint $script:Safetensors (Get-FixturePath 'safetensors/burn_boolean.safetensors')
            $list = $comparison | Out-String -Width 120
            $list | Should -Match 'ImpliedBump\s+: Major'
            $list | Should -Match 'Format\s+: Safetensors\r?\n'
            $list | Should -Match 'ContentChanged\s+: \(not compared: use -Content\)'
            $list | Should -Match 'MetadataChanged\s+:'
            $list | Should -Not -Match 'ContentNotCompared'
            $table = $comparison | Format-Table | Out-String -Width 120
            ($table -split "`r?`n" | Where-Object { $_ -match '\S' })[0] | Should -Match '^Reference\s+Difference\s+Bump\s+Added\s+Removed\s+Reshaped\s+Retyped\s+Changed\s+Unchanged$'
            $table | Should -Match 'fluxml_model\.safetensors\s+burn_boolean\.safetensors\s+Major\s+1\s+36\s+0\s+0\s+-\s+0'
        }
    }
}

Describe 'Error modes of Test-Checkpoint, Measure-ModelParameter and Compare-Checkpoint' {
    BeforeAll {
        # Each case: the call (dot-sourced with the error-mode parameters), the id, category and target it must give.
        $script:MissingPath = Resolve-Case 'missing'
        function Get-ErrorCase([string] $Case) {
            switch ($Case) {
                'Test-Checkpoint, a missing path' { @{ Run = { param($c) Test-Checkpoint -Path $script:MissingPath @c }; Id = 'PathNotFound'; Category = 'ObjectNotFound'; Target = $script:MissingPath } }
                'Test-Checkpoint, an Env: path' { @{ Run = { param($c) Test-Checkpoint -LiteralPath 'Env:PATH' @c }; Id = 'PathNotFileSystem'; Category = 'InvalidArgument'; Target = 'Env:PATH' } }
                'Test-Checkpoint, a folder without checkpoints' { @{ Run = { param($c) Test-Checkpoint -Path $script:Empty @c }; Id = 'CheckpointNotFound'; Category = 'ObjectNotFound'; Target = $script:Empty } }
                'Test-Checkpoint, a $null checkpoint' { @{ Run = { param($c) Test-Checkpoint -Checkpoint $null @c }; Id = 'CheckpointMissing'; Category = 'InvalidArgument'; Target = $null } }
                'Measure-ModelParameter, an unsafe file' { @{ Run = { param($c) Measure-ModelParameter -LiteralPath $script:Unsafe @c }; Id = 'CheckpointUnsafe'; Category = 'SecurityError'; Target = $script:Unsafe } }
                'Measure-ModelParameter, a missing path' { @{ Run = { param($c) Measure-ModelParameter -LiteralPath $script:MissingPath @c }; Id = 'PathNotFound'; Category = 'ObjectNotFound'; Target = $script:MissingPath } }
                'Measure-ModelParameter, a Variable: path' { @{ Run = { param($c) Measure-ModelParameter -Path 'Variable:PSHOME' @c }; Id = 'PathNotFileSystem'; Category = 'InvalidArgument'; Target = 'Variable:PSHOME' } }
                'Compare-Checkpoint, a piped missing file' { @{ Run = { param($c) $script:MissingPath | Compare-Checkpoint -Reference $script:Gguf @c }; Id = 'CheckpointNotFound'; Category = 'ObjectNotFound'; Target = $script:MissingPath } }
                'Compare-Checkpoint, a piped unsafe file' { @{ Run = { param($c) $script:Unsafe | Compare-Checkpoint -Reference $script:Gguf @c }; Id = 'CheckpointUnsafe'; Category = 'SecurityError'; Target = $script:Unsafe } }
                'Compare-Checkpoint, a piped number' { @{ Run = { param($c) 7 | Compare-Checkpoint -Reference $script:Gguf @c }; Id = 'CheckpointInputUnsupported'; Category = 'InvalidArgument'; Target = 7 } }
            }
        }
    }

    Context '<Case>' -ForEach @(
        @{ Case = 'Test-Checkpoint, a missing path' }
        @{ Case = 'Test-Checkpoint, an Env: path' }
        @{ Case = 'Test-Checkpoint, a folder without checkpoints' }
        @{ Case = 'Test-Checkpoint, a $null checkpoint' }
        @{ Case = 'Measure-ModelParameter, an unsafe file' }
        @{ Case = 'Measure-ModelParameter, a missing path' }
        @{ Case = 'Measure-ModelParameter, a Variable: path' }
        @{ Case = 'Compare-Checkpoint, a piped missing file' }
        @{ Case = 'Compare-Checkpoint, a piped unsafe file' }
        @{ Case = 'Compare-Checkpoint, a piped number' }
    ) {
        BeforeAll { $script:ErrorCase = Get-ErrorCase $Case }

        It '-ErrorVariable: the record has its id, category and target' {
            $out = . $script:ErrorCase.Run @{ ErrorVariable = 'caught'; ErrorAction = 'SilentlyContinue' }
            $out | Should -BeNullOrEmpty
            $caught.Count | Should -Be 1
            Assert-ErrorRecord $caught[0] -Id $script:ErrorCase.Id -Category $script:ErrorCase.Category -Target $script:ErrorCase.Target
        }

        It '-ErrorAction Stop: terminating, catchable by its id' {
            $thrown = try { . $script:ErrorCase.Run @{ ErrorAction = 'Stop' }; $null } catch { $_ }
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.FullyQualifiedErrorId.Split(',')[0] | Should -Be $script:ErrorCase.Id
        }

        It '-ErrorAction SilentlyContinue: no output, and $Error still has it' {
            $Error.Clear()
            . $script:ErrorCase.Run @{ ErrorAction = 'SilentlyContinue' } | Should -BeNullOrEmpty
            $Error[0].FullyQualifiedErrorId.Split(',')[0] | Should -Be $script:ErrorCase.Id
        }
    }
}

Describe 'Dependency isolation' {
    It 'loads the core and its YamlDotNet into the module''s private load context' {
        $null = Get-Checkpoint -Path $script:Gguf
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
