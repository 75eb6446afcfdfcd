#Requires -Version 7.4
# Pester 5 tests of the hashes behind Test-Checkpoint -Deep (the CRC-32 of every PyTorch zip record) and
# Compare-Checkpoint -Content (an XxHash128 fingerprint per tensor), on damaged copies of the real fixtures.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $script:Manifest = Get-FixtureManifest
    $script:Truth = @{}
    foreach ($file in $script:Manifest.files) { $script:Truth[$file.file] = $file }

    # A copy of a fixture in a fresh test folder, with the byte at $Offset flipped (or none when $Offset is -1).
    function Copy-Fixture([string] $Relative, [long] $Offset = -1) {
        $path = Join-Path (New-TestFolder -Name 'hashing') (Split-Path $Relative -Leaf)
        $bytes = [System.IO.File]::ReadAllBytes((Get-FixturePath $Relative))
        if ($Offset -ge 0) { $bytes[$Offset] = $bytes[$Offset] -bxor 0x10 }
        [System.IO.File]::WriteAllBytes($path, $bytes)
        $path
    }

    # The ground truth of a storage of $Relative that exactly one tensor views, at storage offset 0.
    function Get-SoleStorage([string] $Relative) {
        $truth = $script:Truth[$Relative].ground_truth
        foreach ($storage in $truth.storages) {
            if ($storage.tensors.Count -ne 1 -or $storage.dtype -ne 'float32') { continue }
            $tensor = $truth.tensors | Where-Object name -EQ $storage.tensors[0]
            if ($tensor.storage_offset -eq 0) { return $storage }
        }
        throw "no float32 storage of $Relative is viewed by exactly one tensor"
    }
}

Describe 'Test-Checkpoint -Deep checks the CRC-32 of every PyTorch zip record' {
    BeforeAll {
        $script:Relative = 'pytorch/pytorch_model.bin'
        $script:Storage = Get-SoleStorage $script:Relative
        $script:Corrupt = Copy-Fixture $script:Relative ($script:Storage.absolute_offset + 2)
    }

    It 'fails a copy with one flipped byte in tensor data, naming the record and its offset' {
        $result = Test-Checkpoint -LiteralPath $script:Corrupt -Deep
        $result.IsValid | Should -BeFalse
        $crc = @($result.Findings | Where-Object Code -EQ 'PT_ZIP_CRC_MISMATCH')
        $crc.Count | Should -Be 1
        $crc[0].Record | Should -Be $script:Storage.record
        $crc[0].Offset | Should -Be $script:Storage.absolute_offset
        $crc[0].Path | Should -Be $script:Corrupt
        $crc[0].Severity | Should -Be 'Error'
    }

    It 'finds the same with -Sha256, where the file is read once in order for both' {
        $result = Test-Checkpoint -LiteralPath $script:Corrupt -Deep -Sha256
        $result.IsValid | Should -BeFalse
        @($result.Findings | Where-Object Code -EQ 'PT_ZIP_CRC_MISMATCH').Record | Should -Be $script:Storage.record
        $result.Sha256 | Should -Not -Be $script:Truth[$script:Relative].sha256
    }

    It 'names the record in the findings table' {
        $text = (Test-Checkpoint -LiteralPath $script:Corrupt -Deep).Findings | Out-String -Width 400
        $line = @($text -split "`n" | Where-Object { $_ -match 'PT_ZIP_CRC_MISMATCH' })
        $line.Count | Should -Be 1
        $line[0] | Should -Match ([regex]::Escape($script:Storage.record))
    }

    It 'reads no data and finds nothing without -Deep' {
        $result = Test-Checkpoint -LiteralPath $script:Corrupt
        $result.IsValid | Should -BeTrue
        $result.Findings.Code | Should -Not -Contain 'PT_ZIP_CRC_MISMATCH'
    }

    It 'keeps every valid PyTorch fixture clean' {
        foreach ($file in $script:Manifest.files | Where-Object { $_.format -eq 'pytorch' -and $_.role -eq 'valid' }) {
            $result = Test-Checkpoint -LiteralPath (Get-FixturePath $file.file) -Deep
            $result.IsValid | Should -BeTrue -Because $file.file
            $result.Findings.Code | Should -Not -Contain 'PT_ZIP_CRC_MISMATCH' -Because $file.file
        }
    }
}

Describe 'Compare-Checkpoint -Content fingerprints tensors' {
    It 'names the one tensor whose byte changed, with both fingerprints' {
        $relative = 'pytorch/pytorch_model.bin'
        $storage = Get-SoleStorage $relative
        $changed = Copy-Fixture $relative ($storage.absolute_offset + 5)
        $result = Compare-Checkpoint -Reference (Get-FixturePath $relative) -Difference $changed -Content
        $result.ContentChanged.Count | Should -Be 1
        $result.ContentChanged[0].Name | Should -Be $storage.tensors[0]
        $result.ContentChanged[0].ReferenceFingerprint | Should -Match '^[0-9a-f]{32}$'
        $result.ContentChanged[0].DifferenceFingerprint | Should -Match '^[0-9a-f]{32}$'
        $result.ContentChanged[0].DifferenceFingerprint | Should -Not -Be $result.ContentChanged[0].ReferenceFingerprint
        $result.UnchangedCount | Should -Be ($script:Truth[$relative].ground_truth.tensor_count - 1)
        $result.ImpliedBump | Should -Be 'Minor'
    }

    It 'sees no change in an identical copy' {
        $copy = Copy-Fixture 'pytorch/pytorch_model.bin'
        $result = Compare-Checkpoint -Reference (Get-FixturePath 'pytorch/pytorch_model.bin') -Difference $copy -Content
        $result.ContentChanged.Count | Should -Be 0
        $result.ImpliedBump | Should -Be 'None'
    }
}

Describe 'System.IO.Hashing in the module' {
    It 'loads from dependencies/ into the module''s private load context, built for net8.0 (pwsh 7.4)' {
        $null = Test-Checkpoint -LiteralPath (Get-FixturePath 'pytorch/candle_test.pt') -Deep
        $ours = @([System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object {
                $_.GetName().Name -eq 'System.IO.Hashing' -and
                [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name -eq 'ModelRelease' })
        $ours.Count | Should -Be 1
        Split-Path (Split-Path $ours[0].Location) -Leaf | Should -Be 'dependencies'
        ($ours[0].GetReferencedAssemblies() | Where-Object Name -EQ 'System.Runtime').Version.Major | Should -BeLessOrEqual 8
    }
}

