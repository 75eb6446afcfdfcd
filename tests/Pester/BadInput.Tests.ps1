#Requires -Version 7.4
# Pester 5: bad input through the checkpoint and card cmdlets in the host. Hostile pickles (the fixtures and pickles
# built here byte by byte, in every container torch.load would open) are typed errors and nothing runs; truncated and
# bit-flipped copies of every format's fixtures are typed errors or findings, never an unhandled exception; checkpoints
# built to recurse, overflow, fan out or inflate leave the host running with a typed outcome; hostile YAML in cards is a
# typed CARD_ finding or error naming the line.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:MaliciousFixtures = @(Get-ChildItem -LiteralPath (Split-Path (Get-FixturePath 'pytorch/MALICIOUS_os_system.pt')) -Filter 'MALICIOUS_*' |
            ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $script:Work = New-TestFolder -Name 'badinput'
    # What a payload would create if anything ever ran it.
    $script:Marker = Join-Path $script:Work 'PWNED-marker'

    # Error ids a damaged checkpoint may produce; anything else (UnexpectedError, an exception type name) is a bug.
    $script:CheckpointIds = 'CheckpointInvalid', 'CheckpointTruncated', 'CheckpointUnsupported', 'CheckpointUnsafe', 'CheckpointUnrecognized', 'CheckpointNotFound'

    # --- pickle bytes, opcode by opcode (pickletools names) ---
    function ConvertTo-PickleString([string] $Text) {
        $bytes = [System.Text.Encoding]::UTF8.GetBytes($Text)
        if ($bytes.Length -lt 256) { , ([byte[]](@(0x8C, $bytes.Length) + $bytes)) }          # SHORT_BINUNICODE
        else { , ([byte[]](@(0x58) + [System.BitConverter]::GetBytes([int]$bytes.Length) + $bytes)) } # BINUNICODE
    }
    function ConvertTo-PickleGlobal([string] $Module, [string] $Name) {
        , ([byte[]](@(0x63) + [System.Text.Encoding]::ASCII.GetBytes("$Module`n$Name`n")))    # GLOBAL
    }

    # The payloads: each would touch the marker file if unpickled by pickle.load or torch.load(weights_only=False).
    function Get-PicklePayload([string] $Name) {
        $touch = "touch $($script:Marker)"
        [byte[]] $body = switch ($Name) {
            'GLOBAL os system' { @(0x80, 2) + (ConvertTo-PickleGlobal 'os' 'system') + @(0x2E) }
            'REDUCE os.system' { @(0x80, 2) + (ConvertTo-PickleGlobal 'os' 'system') + (ConvertTo-PickleString $touch) + @(0x85, 0x52, 0x2E) }
            'REDUCE builtins.eval (STACK_GLOBAL)' {
                @(0x80, 4) + (ConvertTo-PickleString 'builtins') + (ConvertTo-PickleString 'eval') + @(0x93) +
                (ConvertTo-PickleString "open('$($script:Marker)', 'w')") + @(0x85, 0x52, 0x2E)
            }
            'REDUCE subprocess.Popen' {
                @(0x80, 2) + (ConvertTo-PickleGlobal 'subprocess' 'Popen') + @(0x28) + (ConvertTo-PickleString 'touch') +
                (ConvertTo-PickleString $script:Marker) + @(0x74, 0x85, 0x52, 0x2E)
            }
            'posix.system inside a state dict' {
                @(0x80, 2) + (ConvertTo-PickleGlobal 'collections' 'OrderedDict') + @(0x29, 0x52, 0x28) + (ConvertTo-PickleString 'weight') +
                (ConvertTo-PickleGlobal 'posix' 'system') + (ConvertTo-PickleString $touch) + @(0x85, 0x52, 0x75, 0x2E)
            }
            'protocol 0 os.system' { [System.Text.Encoding]::ASCII.GetBytes("cos`nsystem`n(S'$touch'`ntR.") }
        }
        , $body
    }
    $script:PayloadGlobal = @{
        'GLOBAL os system'                    = 'os.system'
        'REDUCE os.system'                    = 'os.system'
        'REDUCE builtins.eval (STACK_GLOBAL)' = 'builtins.eval'
        'REDUCE subprocess.Popen'             = 'subprocess.Popen'
        'posix.system inside a state dict'    = 'posix.system'
        'protocol 0 os.system'                = 'os.system'
    }

    # The containers torch.load opens: a zip archive (torch >= 1.6), the legacy run of pickles, a bare pickle.
    function New-HostileCheckpoint([string] $Container, [string] $Payload) {
        $pickle = Get-PicklePayload $Payload
        $path = Join-Path $script:Work ("{0}-{1}.pt" -f $Container, ($Payload -replace '\W+', '_'))
        switch ($Container) {
            'zip' {
                $stream = [System.IO.File]::Create($path)
                $zip = [System.IO.Compression.ZipArchive]::new($stream, [System.IO.Compression.ZipArchiveMode]::Create)
                try {
                    foreach ($entry in @(@('evil/data.pkl', $pickle), @('evil/version', [System.Text.Encoding]::ASCII.GetBytes("3`n")))) {
                        $e = $zip.CreateEntry($entry[0], [System.IO.Compression.CompressionLevel]::NoCompression)
                        $s = $e.Open(); $s.Write($entry[1], 0, $entry[1].Length); $s.Dispose()
                    }
                }
                finally { $zip.Dispose(); $stream.Dispose() }
            }
            'legacy' {
                [byte[]] $magic = 0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19, 0x2E
                [byte[]] $protocol = 0x80, 0x02, 0x4D, 0xE9, 0x03, 0x2E   # BININT2 1001
                [byte[]] $sysInfo = 0x80, 0x02, 0x7D, 0x2E                 # EMPTY_DICT
                [System.IO.File]::WriteAllBytes($path, [byte[]]($magic + $protocol + $sysInfo + $pickle))
            }
            'bare' { [System.IO.File]::WriteAllBytes($path, $pickle) }
        }
        $path
    }

    # --- damaged copies ---
    function New-DamagedCopies([string] $Source, [string] $Name, [int] $Flips = 40) {
        $bytes = [System.IO.File]::ReadAllBytes($Source)
        $folder = New-TestFolder -Name "damaged-$Name"
        $extension = [System.IO.Path]::GetFileName($Source) -replace '^[^.]*', ''
        $cuts = @(0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 23, 24, 31, 32, 33, 63, 64, 65, 100, 127, 128, 255, 256, 511, 512, 1023, 1024) +
            @([int]($bytes.Length / 4), [int]($bytes.Length / 2), [int]($bytes.Length * 3 / 4), ($bytes.Length - 8), ($bytes.Length - 1)) |
            Where-Object { $_ -ge 0 -and $_ -lt $bytes.Length } | Sort-Object -Unique
        foreach ($cut in $cuts) {
            $path = Join-Path $folder "cut-$cut$extension"
            $part = [byte[]]::new($cut)
            [System.Array]::Copy($bytes, $part, $cut)
            [System.IO.File]::WriteAllBytes($path, $part)
            $path
        }
        $random = [System.Random]::new(20261206)
        $region = [Math]::Min($bytes.Length, 4096)
        for ($i = 0; $i -lt $Flips; $i++) {
            $copy = [byte[]]$bytes.Clone()
            foreach ($n in 1..(1 + $random.Next(3))) { $at = $random.Next($region); $copy[$at] = $copy[$at] -bxor (1 -shl $random.Next(8)) }
            $path = Join-Path $folder "flip-$i$extension"
            [System.IO.File]::WriteAllBytes($path, $copy)
            $path
        }
    }

    # Runs one command on one file and sorts the outcome: output, typed errors, or what escaped.
    function Invoke-OnFile([scriptblock] $Command, [string] $Path) {
        $ErrorActionPreference = 'Continue'
        $escaped = $null
        $all = try { & $Command $Path 2>&1 } catch { $escaped = $_ }
        [pscustomobject]@{
            Path    = $Path
            Output  = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
            Errors  = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            Escaped = $escaped
        }
    }
}

AfterAll {
    Test-Path -LiteralPath $script:Marker | Should -BeFalse -Because 'no payload may ever run'
}

Describe 'Hostile pickles' {
    Context 'the fixture <Name>' -ForEach $script:MaliciousFixtures {
        BeforeAll { $script:Fixture = Get-FixturePath "pytorch/$Name" }

        It 'Get-Checkpoint: CheckpointUnsafe (SecurityError) naming the file, the global and that nothing ran' {
            $out = Get-Checkpoint -LiteralPath $script:Fixture -ErrorVariable failures -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Assert-ErrorRecord $failures[0] -Id CheckpointUnsafe -Category SecurityError -Target $script:Fixture -Message 'os\.system.*Nothing was imported or executed.*PT_UNSAFE_GLOBAL'
            { Get-Checkpoint -LiteralPath $script:Fixture -ErrorAction Stop } | Should -Throw -ErrorId 'CheckpointUnsafe,ModelRelease.Commands.GetCheckpointCommand'
        }

        It 'Test-Checkpoint -Deep -Sha256: an invalid validation with PT_UNSAFE_GLOBAL at its offset, no error' {
            $result = Test-Checkpoint -LiteralPath $script:Fixture -Deep -Sha256 -ErrorVariable failures
            $failures | Should -BeNullOrEmpty
            $result.IsValid | Should -BeFalse
            $result.Findings[0].Code | Should -Be 'PT_UNSAFE_GLOBAL'
            $result.Findings[0].Offset | Should -BeGreaterThan 0
            $result.Sha256 | Should -Match '^[0-9a-f]{64}$'
        }

        It 'Measure-ModelParameter, Compare-Checkpoint and New-ModelCard refuse it with the same typed error' {
            $null = Measure-ModelParameter -LiteralPath $script:Fixture -ErrorVariable measured -ErrorAction SilentlyContinue
            $measured[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointUnsafe,*'
            $null = $script:Fixture | Compare-Checkpoint -Reference (Get-FixturePath 'pytorch/pytorch_model.bin') -ErrorVariable compared -ErrorAction SilentlyContinue
            $compared[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointUnsafe,*'
            { Get-Item -LiteralPath $script:Fixture | New-ModelCard -RepoId a/b -SkipHash } | Should -Throw -ErrorId 'CheckpointUnsafe,ModelRelease.Commands.NewModelCardCommand'
        }
    }

    Context 'built here, in a <Container> container' -ForEach @(@{ Container = 'zip' }, @{ Container = 'legacy' }, @{ Container = 'bare' }) {
        It '<Payload>: CheckpointUnsafe naming <Payload>''s global; Test-Checkpoint says PT_UNSAFE_GLOBAL' -ForEach @(
            @{ Payload = 'GLOBAL os system' }
            @{ Payload = 'REDUCE os.system' }
            @{ Payload = 'REDUCE builtins.eval (STACK_GLOBAL)' }
            @{ Payload = 'REDUCE subprocess.Popen' }
            @{ Payload = 'posix.system inside a state dict' }
        ) {
            $file = New-HostileCheckpoint $Container $Payload
            $global = $script:PayloadGlobal[$Payload]
            $out = Get-Checkpoint -LiteralPath $file -ErrorVariable failures -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Assert-ErrorRecord $failures[0] -Id CheckpointUnsafe -Category SecurityError -Target $file -Message ([regex]::Escape($global) + '.*Nothing was imported or executed')
            $verdict = Test-Checkpoint -LiteralPath $file -Deep
            $verdict.IsValid | Should -BeFalse
            $verdict.Findings.Code | Should -Contain 'PT_UNSAFE_GLOBAL'
            Test-Path -LiteralPath $script:Marker | Should -BeFalse
        }
    }

    Context 'a protocol-0 pickle named model.bin' {
        It 'is read by the same allow-list: CheckpointUnsafe, not unrecognized' {
            $file = Join-Path $script:Work 'model.bin'
            [System.IO.File]::WriteAllBytes($file, (Get-PicklePayload 'protocol 0 os.system'))
            $null = Get-Checkpoint -LiteralPath $file -ErrorVariable failures -ErrorAction SilentlyContinue
            Assert-ErrorRecord $failures[0] -Id CheckpointUnsafe -Category SecurityError -Target $file -Message 'os\.system'
        }
    }

    Context 'several files, the hostile one in the middle' {
        It 'the others are still read, and the hostile one is the only error' {
            $hostile = New-HostileCheckpoint 'zip' 'REDUCE os.system'
            $good = Get-FixturePath 'pytorch/pytorch_model.bin'
            $out = $good, $hostile, (Get-FixturePath 'pytorch/best_model.pt') | Get-Checkpoint -ErrorVariable failures -ErrorAction SilentlyContinue
            @($out).Count | Should -Be 2
            $failures.Count | Should -Be 1
            $failures[0].TargetObject | Should -Be $hostile
        }
    }
}

Describe 'Damaged checkpoints' {
    Context '<Name>: truncated and bit-flipped copies' -ForEach @(
        @{ Name = 'safetensors'; Fixture = 'safetensors/fluxml_model.safetensors' }
        @{ Name = 'safetensors-nested'; Fixture = 'safetensors/burn_complex_nested.safetensors' }
        @{ Name = 'gguf'; Fixture = 'gguf/basic-types.gguf' }
        @{ Name = 'gguf-quantized'; Fixture = 'gguf/tiny-llama-q4km-mix.gguf' }
        @{ Name = 'pytorch-zip'; Fixture = 'pytorch/pytorch_model.bin' }
        @{ Name = 'pytorch-legacy'; Fixture = 'pytorch/pytorch_model_legacy.bin' }
        @{ Name = 'pytorch-legacy-shared'; Fixture = 'pytorch/burn_legacy_shared_storage.pt' }
        @{ Name = 'onnx'; Fixture = 'onnx/tiny_mlp.onnx' }
    ) {
        BeforeAll {
            $script:Original = Get-FixturePath $Fixture
            $script:Damaged = @(New-DamagedCopies $script:Original $Name)
        }

        It 'Get-Checkpoint: each copy is a checkpoint or one typed error naming it; nothing escapes' {
            $script:Damaged.Count | Should -BeGreaterThan 40
            $typed = 0
            foreach ($file in $script:Damaged) {
                $r = Invoke-OnFile { param($p) Get-Checkpoint -LiteralPath $p } $file
                $r.Escaped | Should -BeNullOrEmpty -Because "$file must not throw"
                ($r.Output.Count + $r.Errors.Count) | Should -Be 1 -Because $file
                foreach ($e in $r.Errors) {
                    $e.FullyQualifiedErrorId.Split(',')[0] | Should -BeIn $script:CheckpointIds -Because "$file gave $($e.FullyQualifiedErrorId): $($e.Exception.Message)"
                    $e.TargetObject | Should -Be $file
                    $e.Exception.Message | Should -Match '\[[A-Z0-9_]+\]$' -Because 'the message ends with the rule''s code'
                    $typed++
                }
            }
            $typed | Should -BeGreaterThan 0 -Because 'truncation at byte 0 alone is an error'
        }

        It 'Test-Checkpoint -Deep -Sha256: each copy is one validation, findings for the broken ones, no error' {
            foreach ($file in $script:Damaged) {
                $r = Invoke-OnFile { param($p) Test-Checkpoint -LiteralPath $p -Deep -Sha256 } $file
                $r.Escaped | Should -BeNullOrEmpty -Because "$file must not throw"
                $r.Errors | Should -BeNullOrEmpty -Because "$file is data, not an error: $($r.Errors | ForEach-Object FullyQualifiedErrorId)"
                $r.Output.Count | Should -Be 1
                $v = $r.Output[0]
                $v | Should -BeOfType ([ModelRelease.CheckpointValidation])
                if (-not $v.IsValid) { ($v.Findings | Where-Object Severity -EQ 'Error').Code | Should -Match '^[A-Z0-9_]+$' }
            }
            (Test-Checkpoint -LiteralPath ($script:Damaged | Where-Object { $_ -match 'cut-0\.' }) -Quiet) | Should -BeFalse
        }

        It 'Compare-Checkpoint -Content against the original: a comparison or a typed error, nothing escapes' {
            foreach ($file in $script:Damaged) {
                $r = Invoke-OnFile { param($p) $p | Compare-Checkpoint -Reference $script:Original -Content } $file
                $r.Escaped | Should -BeNullOrEmpty -Because "$file must not throw"
                ($r.Output.Count + $r.Errors.Count) | Should -Be 1 -Because $file
                foreach ($e in $r.Errors) {
                    $e.FullyQualifiedErrorId.Split(',')[0] | Should -BeIn $script:CheckpointIds -Because "$file gave $($e.FullyQualifiedErrorId): $($e.Exception.Message)"
                }
            }
        }
    }

    Context 'a sharded set whose index is damaged' {
        It 'Get-Checkpoint and Test-Checkpoint give typed outcomes for every copy of the index' {
            $source = Split-Path (Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json')
            $index = Join-Path $source 'model.safetensors.index.json'
            foreach ($copy in New-DamagedCopies $index 'index' 20) {
                $folder = New-TestFolder -Name 'set'
                Copy-Item -Path (Join-Path $source '*.safetensors') -Destination $folder
                $target = Join-Path $folder 'model.safetensors.index.json'
                Copy-Item -LiteralPath $copy -Destination $target
                $r = Invoke-OnFile { param($p) Get-Checkpoint -LiteralPath $p } $target
                $r.Escaped | Should -BeNullOrEmpty -Because "$copy must not throw"
                foreach ($e in $r.Errors) { $e.FullyQualifiedErrorId.Split(',')[0] | Should -BeIn $script:CheckpointIds }
                $t = Invoke-OnFile { param($p) Test-Checkpoint -LiteralPath $p -Deep } $target
                $t.Escaped | Should -BeNullOrEmpty
                $t.Errors | Should -BeNullOrEmpty
                $t.Output.Count | Should -Be 1
            }
        }
    }
}

Describe 'Checkpoints built to crash, hang or balloon the reader' {
    BeforeAll {
        # A torch zip around a pickle: data.pkl stored, or deflated (with -Zeros bytes of zeros after it: an inflate bomb).
        function Write-TorchZip([string] $Name, [byte[]] $Pickle, [long] $Zeros = 0) {
            $path = Join-Path $script:Work $Name
            $stream = [System.IO.File]::Create($path)
            $zip = [System.IO.Compression.ZipArchive]::new($stream, [System.IO.Compression.ZipArchiveMode]::Create)
            try {
                $level = if ($Zeros -gt 0) { [System.IO.Compression.CompressionLevel]::SmallestSize } else { [System.IO.Compression.CompressionLevel]::NoCompression }
                $s = $zip.CreateEntry('archive/data.pkl', $level).Open()
                $s.Write($Pickle, 0, $Pickle.Length)
                $block = [byte[]]::new(1MB)
                for ($left = $Zeros; $left -gt 0; $left -= $block.Length) { $s.Write($block, 0, [Math]::Min($block.Length, $left)) }
                $s.Dispose()
                $s = $zip.CreateEntry('archive/version', [System.IO.Compression.CompressionLevel]::NoCompression).Open()
                $s.Write([byte[]](0x33, 0x0A), 0, 2); $s.Dispose()
            }
            finally { $zip.Dispose(); $stream.Dispose() }
            $path
        }
        function ConvertTo-U32([uint32] $Value) { , [System.BitConverter]::GetBytes($Value) }

        # An ONNX model whose one initializer 'w' (float32[4]) is stored externally at $Location.
        function Write-OnnxExternal([string] $Folder, [string] $Location) {
            function Field([int] $Number, [byte[]] $Bytes) { , ([byte[]](@((($Number -shl 3) -bor 2), $Bytes.Length) + $Bytes)) } # lengths < 128
            $utf8 = [System.Text.Encoding]::UTF8
            $entry = (Field 1 $utf8.GetBytes('location')) + (Field 2 $utf8.GetBytes($Location))
            $tensor = [byte[]](0x08, 0x04, 0x10, 0x01) + (Field 8 $utf8.GetBytes('w')) + (Field 13 $entry) + [byte[]](0x70, 0x01)
            $model = [byte[]](0x08, 0x08) + (Field 7 (Field 5 $tensor))
            $path = Join-Path $Folder 'model.onnx'
            [System.IO.File]::WriteAllBytes($path, $model)
            $path
        }

        $script:Hostile = @{}
        # l = []; l.append(l); {l: 1}
        $script:Hostile['self-key'] = Write-TorchZip 'self-key.pt' ([byte[]](0x80, 2, 0x7D, 0x5D, 0x71, 0, 0x68, 0, 0x61, 0x4B, 1, 0x73, 0x2E))
        # {((…(1,)…),): 1}, 200,000 TUPLE1 deep
        $script:Hostile['deep-key'] = Write-TorchZip 'deep-key.pt' ([byte[]](@(0x80, 2, 0x7D, 0x4B, 1) + @(0x85) * 200000 + @(0x4B, 1, 0x73, 0x2E)))
        # {'w': _rebuild_from_type_v2(_rebuild_from_type_v2, Tensor, (… 45,000 deep …), {})}
        $chain = [System.Collections.Generic.List[byte]]::new()
        $chain.AddRange([byte[]](0x80, 2, 0x7D, 0x8C, 1, 0x77))
        $chain.AddRange((ConvertTo-PickleGlobal 'torch._tensor' '_rebuild_from_type_v2')); $chain.AddRange([byte[]](0x71, 0))
        $chain.AddRange((ConvertTo-PickleGlobal 'torch' 'Tensor')); $chain.AddRange([byte[]](0x71, 1, 0x30))
        $chain.AddRange((ConvertTo-PickleGlobal 'collections' 'OrderedDict')); $chain.AddRange([byte[]](0x71, 2, 0x30))
        for ($i = 0; $i -lt 45000; $i++) { $chain.AddRange([byte[]](0x28, 0x68, $(if ($i -lt 44999) { 0 } else { 2 }), 0x68, 1)) }
        $chain.Add(0x29)
        for ($i = 0; $i -lt 45000; $i++) { $chain.AddRange([byte[]](0x7D, 0x74)) }
        $chain.AddRange([byte[]](0x52, 0x73, 0x2E))
        $script:Hostile['rebuild-chain'] = Write-TorchZip 'rebuild-chain.pt' $chain.ToArray()
        # a0 = [1]; a(i+1) = [a(i), a(i)]: 2^21 paths to one int through 22 lists
        $fan = [System.Collections.Generic.List[byte]]::new()
        $fan.AddRange([byte[]](@(0x80, 2, 0x5D, 0x4B, 1, 0x61, 0x72) + (ConvertTo-U32 0)))
        for ($i = 0; $i -lt 21; $i++) { $fan.AddRange([byte[]](@(0x28, 0x6A) + (ConvertTo-U32 $i) + @(0x6A) + (ConvertTo-U32 $i) + @(0x6C, 0x72) + (ConvertTo-U32 ($i + 1)))) }
        $fan.Add(0x2E)
        $script:Hostile['fan-out'] = Write-TorchZip 'fan-out.pt' $fan.ToArray()
        # {'a': meta float32[2^62], 'b': meta float32[2^62]}
        $meta = [System.Collections.Generic.List[byte]]::new()
        $meta.AddRange([byte[]](@(0x80, 2) + (ConvertTo-PickleGlobal 'collections' 'OrderedDict') + @(0x29, 0x52, 0x28)))
        foreach ($name in 'a', 'b') {
            $meta.AddRange((ConvertTo-PickleString $name))
            $meta.AddRange((ConvertTo-PickleGlobal 'torch._utils' '_rebuild_meta_tensor_no_storage'))
            $meta.AddRange([byte[]](@(0x28) + (ConvertTo-PickleGlobal 'torch' 'float32') + @(0x8A, 8) + [System.BitConverter]::GetBytes([long]1 -shl 62) + @(0x85, 0x4B, 1, 0x85, 0x74, 0x52)))
        }
        $meta.AddRange([byte[]](0x75, 0x2E))
        $script:Hostile['meta'] = Write-TorchZip 'meta.pt' $meta.ToArray()
        # a data.pkl deflated from a small state dict and 64 MiB of zeros (about 64 KiB in the archive)
        $script:Hostile['bomb'] = Write-TorchZip 'bomb.pt' ([byte[]](@(0x80, 2) + (ConvertTo-PickleGlobal 'collections' 'OrderedDict') + @(0x29, 0x52, 0x2E))) -Zeros 64MB

        $script:Onnx = New-TestFolder -Name 'onnx-paths'
        $script:Outside = New-TestFolder -Name 'onnx-outside'
        [System.IO.File]::WriteAllBytes((Join-Path $script:Outside 'passwd'), [byte[]]::new(16))
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $script:Onnx 'etcdir') -Target $script:Outside
    }

    It 'Get-Checkpoint: <Case> is CheckpointInvalid [<Code>] naming the file; Test-Checkpoint -Deep and Measure-ModelParameter agree' -ForEach @(
        @{ Case = 'self-key'; Code = 'PT_PICKLE_DEPTH'; Why = 'contains itself' }
        @{ Case = 'deep-key'; Code = 'PT_PICKLE_DEPTH'; Why = 'more than 32 levels' }
        @{ Case = 'rebuild-chain'; Code = 'PT_PICKLE_DEPTH'; Why = '_rebuild_from_type_v2' }
        @{ Case = 'bomb'; Code = 'PT_ZIP_INFLATE_LIMIT'; Why = 'inflate bomb' }
    ) {
        $file = $script:Hostile[$Case]
        $out = Get-Checkpoint -LiteralPath $file -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        Assert-ErrorRecord $failures[0] -Id CheckpointInvalid -Category InvalidData -Target $file -Message "$([regex]::Escape($Why)).*\[$Code\]$"
        $verdict = Test-Checkpoint -LiteralPath $file -Deep -ErrorVariable tested
        $tested | Should -BeNullOrEmpty
        $verdict.IsValid | Should -BeFalse
        $verdict.Findings[0].Code | Should -Be $Code
        $null = Measure-ModelParameter -LiteralPath $file -ErrorVariable measured -ErrorAction SilentlyContinue
        $measured[0].FullyQualifiedErrorId | Should -BeLike 'CheckpointInvalid,*'
    }

    It 'a list referenced from itself 21 levels deep reads as one value, once, with a note' {
        $checkpoint = Get-Checkpoint -LiteralPath $script:Hostile['fan-out']
        $checkpoint.Metadata.Count | Should -Be 1
        $checkpoint.Findings.Code | Should -Contain 'PT_SHARED_CONTAINER'
    }

    It 'two meta tensors of 2^62 elements: a checkpoint with a warning, an invalid validation, no exact count' {
        $file = $script:Hostile['meta']
        $checkpoint = Get-Checkpoint -LiteralPath $file
        $checkpoint.ParameterCount | Should -Be ([long]::MaxValue)
        ($checkpoint.Findings | Where-Object Code -EQ 'CKPT_PARAMETER_OVERFLOW').Tensor | Should -Be 'b'
        (Test-Checkpoint -LiteralPath $file).IsValid | Should -BeFalse
        $null = Measure-ModelParameter -LiteralPath $file -ErrorVariable measured -ErrorAction SilentlyContinue
        Assert-ErrorRecord $measured[0] -Id CheckpointInvalid -Category InvalidData -Target $file -Message 'CKPT_PARAMETER_OVERFLOW'
    }

    It 'ONNX external data at <What> is refused naming the tensor' -ForEach @(
        @{ What = 'a location with a NUL'; Location = "w`0.bin"; Why = 'control character' }
        @{ What = 'a folder that links out of the model folder'; Location = 'etcdir/passwd'; Why = 'symbolic link' }
    ) {
        $file = Write-OnnxExternal $script:Onnx $Location
        $null = Get-Checkpoint -LiteralPath $file -ErrorVariable failures -ErrorAction SilentlyContinue
        Assert-ErrorRecord $failures[0] -Id CheckpointInvalid -Category InvalidData -Target $file -Message "tensor 'w'.*$Why.*\[ONNX_EXTERNAL_PATH\]$"
        (Test-Checkpoint -LiteralPath $file).Findings[0].Code | Should -Be 'ONNX_EXTERNAL_PATH'
    }
}

Describe 'Hostile YAML in model cards' {
    BeforeAll {
        $yaml = "license: mit`na: &a [x, x, x, x, x, x, x, x, x, x]`n"
        foreach ($i in 0..8) {
            $name = [char](98 + $i); $previous = [char](97 + $i)
            $yaml += "${name}: &$name [" + ((1..10 | ForEach-Object { "*$previous" }) -join ', ') + "]`n"
        }
        $script:Bomb = Join-Path $script:Work 'bomb.md'
        [System.IO.File]::WriteAllText($script:Bomb, "---`n$yaml---`n# m`n")
        $script:Deep = Join-Path $script:Work 'deep.md'
        [System.IO.File]::WriteAllText($script:Deep, "---`nlicense: mit`nx: " + ('[' * 100000) + (']' * 100000) + "`n---`n# m`n")
    }

    It 'Test-ModelCard: <Card> is a CARD_YAML_INVALID finding on line <Line> saying why' -ForEach @(
        @{ Card = 'an alias bomb'; Line = 3; Why = 'expands to more than 100,000 values' }
        @{ Card = 'deep nesting'; Line = 3; Why = 'nests deeper than 64 levels' }
    ) {
        $path = if ($Card -eq 'an alias bomb') { $script:Bomb } else { $script:Deep }
        $verdict = Test-ModelCard -LiteralPath $path -ErrorVariable failures
        $failures | Should -BeNullOrEmpty
        $verdict.IsValid | Should -BeFalse
        $finding = $verdict.Findings | Where-Object Code -EQ 'CARD_YAML_INVALID'
        $finding.Line | Should -Be $Line
        $finding.Message | Should -Match $Why
        Test-ModelCard -LiteralPath $path -Quiet | Should -BeFalse
    }

    It 'Get-ModelCard: <Card> is ModelCardInvalid naming the file and line' -ForEach @(
        @{ Card = 'an alias bomb'; Why = 'expands to more than' }
        @{ Card = 'deep nesting'; Why = 'nests deeper than' }
    ) {
        $path = if ($Card -eq 'an alias bomb') { $script:Bomb } else { $script:Deep }
        $out = Get-ModelCard -LiteralPath $path -ErrorVariable failures -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        Assert-ErrorRecord $failures[0] -Id ModelCardInvalid -Category InvalidData -Target $path -Message ([regex]::Escape($path) + ":3: .*$Why.*\[CARD_YAML_INVALID\]")
    }

    It 'a <Kind> file given to <Command> stops with <Id>' -ForEach @(
        @{ Kind = 'policy alias bomb'; Command = 'Test-ModelCard -Policy'; Id = 'ModelCardPolicyInvalid' }
        @{ Kind = 'config nested 100,000 deep'; Command = 'New-ModelCard -Config'; Id = 'ModelCardConfigInvalid' }
        @{ Kind = 'metrics JSON nested 10,000 deep'; Command = 'New-ModelCard -Metrics'; Id = 'ModelCardMetricsInvalid' }
    ) {
        $file = Join-Path $script:Work (($Kind -replace '\W+', '-') + '.txt')
        switch ($Kind) {
            'policy alias bomb' { Set-Content -LiteralPath $file -Value 'required_sections: &a [*a]' }
            'config nested 100,000 deep' { [System.IO.File]::WriteAllText($file, 'x: ' + ('[' * 100000) + (']' * 100000)) }
            'metrics JSON nested 10,000 deep' { [System.IO.File]::WriteAllText($file, ('[' * 10000) + (']' * 10000)) }
        }
        $record = try {
            switch ($Command) {
                'Test-ModelCard -Policy' { Test-ModelCard -LiteralPath $script:Bomb -Policy $file }
                'New-ModelCard -Config' { New-ModelCard -RepoId a/b -SkipHash -Config $file -WarningAction SilentlyContinue }
                'New-ModelCard -Metrics' { New-ModelCard -RepoId a/b -SkipHash -Metrics $file -WarningAction SilentlyContinue }
            }
            $null
        }
        catch { $_ }
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId.Split(',')[0] | Should -Be $Id
        $record.TargetObject | Should -Be $file
    }
}
