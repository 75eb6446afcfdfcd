#Requires -Version 7.4
# New-ModelName, ConvertFrom-ModelName and Get-ModelWeights in the host: records out, typed errors with stable ids.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest

    $script:Work = New-TestFolder -Name 'names'
    $script:Registry = Join-Path $Work 'weights-registry.json'
    $script:RegistryText = @'
{
  "schemaVersion": 1,
  "models": {
    "cser-detector": {
      "repoId": "acme/cser-detector",
      "file": "cser.safetensors",
      "latest": "1.1",
      "versions": {
        "1.0": { "tag": "weights-v1.0", "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "size": 1024, "publishedAt": "2025-06-01T10:00:00Z", "packageVersions": ">=0.1.0,<0.2.0" },
        "1.1": { "tag": "weights-v1.1", "sha256": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "size": 2048, "publishedAt": "2025-09-15T12:40:51Z", "packageVersions": ">=0.2.0,<1.0.0" }
      }
    }
  }
}
'@
    Set-Content -LiteralPath $Registry -Value $RegistryText -NoNewline
}

Describe 'New-ModelName' {
    It 'builds a descriptive name from a hashtable, with typed fields' {
        $name = New-ModelName descriptive @{ base = 'phi3mini4k'; dataset = 'minimal'; rank = 32; alpha = 64; epochs = 20; trainedAt = [datetime]'2025-09-14 13:24:16'; format = 'vllm'; exportedAt = [datetime]'2025-09-15 12:40:51' }
        $name | Should -BeOfType ([ModelRelease.ModelName])
        $name.Name | Should -BeExactly 'phi3mini4k-minimal-r32-a64-e20-20250914-132416-vllm-20250915-124051'
        $name.Kind | Should -Be ([ModelRelease.NameKind]::Repository)
        $name.Fields.rank | Should -BeOfType ([int])
        $name.Fields.trainedAt | Should -Be ([datetime]'2025-09-14 13:24:16')
        $name.IsValid | Should -BeTrue
    }

    It 'takes each piped object''s properties as fields and skips the others' {
        $rows = @(
            [pscustomobject]@{ base = 'phi3mini4k'; dataset = 'minimal'; rank = '32'; alpha = '64'; epochs = '20'; trainedAt = '20250914-132416'; notes = 'first run' }
            [pscustomobject]@{ base = 'phi3mini4k'; dataset = 'full'; rank = '16'; alpha = '32'; epochs = '3'; trainedAt = '20250916-080000'; notes = '' }
        )
        $names = $rows | New-ModelName descriptive
        $names.Name | Should -Be @('phi3mini4k-minimal-r32-a64-e20-20250914-132416', 'phi3mini4k-full-r16-a32-e3-20250916-080000')
    }

    It 'rebuilds a name from a parsed one' {
        $parsed = ConvertFrom-ModelName 'GesturaAI/stick-gen-base'
        ($parsed | New-ModelName variant).Name | Should -BeExactly 'GesturaAI/stick-gen-base'
    }

    It 'warns about a loose value it normalised' {
        $name = New-ModelName model-v @{ version = 'v2.1' } -WarningVariable warnings -WarningAction SilentlyContinue
        $name.Name | Should -BeExactly 'model-v2.1.0'
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -Match "'v2.1' read as 2.1.0"
    }

    It 'needs the family''s variants to build a base name without a suffix' {
        $null = New-ModelName variant @{ org = 'GesturaAI'; model = 'stick-gen' } -ErrorVariable failed -ErrorAction SilentlyContinue
        Assert-ErrorRecord $failed[0] -Id ModelNameInvalid -Category InvalidArgument -Target 'GesturaAI/stick-gen'
        $failed[0].Exception.Code | Should -BeExactly 'NAME_AMBIGUOUS'
        (New-ModelName variant @{ org = 'GesturaAI'; model = 'stick-gen' } -Variant small, base, large).Name | Should -BeExactly 'GesturaAI/stick-gen'
    }

    It 'refuses a name the Hub would refuse, and an unknown field' {
        $null = New-ModelName descriptive @{ base = 'x' * 90; dataset = 'd'; rank = 1; alpha = 2; epochs = 3; trainedAt = [datetime]'2025-01-01' } -ErrorVariable long -ErrorAction SilentlyContinue
        $long[0].Exception.Code | Should -BeExactly 'NAME_RULES'
        $null = New-ModelName descriptive @{ epoch = 3 } -ErrorVariable unknown -ErrorAction SilentlyContinue
        $unknown[0].Exception.Code | Should -BeExactly 'NAME_FIELD_UNKNOWN'
        $unknown[0].Exception.Field | Should -BeExactly 'epoch'
        $null = New-ModelName 'plain' @{ a = 1 } -ErrorVariable template -ErrorAction SilentlyContinue
        Assert-ErrorRecord $template[0] -Id NameTemplateInvalid -Category InvalidArgument -Target plain
    }
}

Describe 'ConvertFrom-ModelName' {
    It 'reads <Name> with the <Template> template' -ForEach @(
        @{ Name = 'phi3mini4k-minimal-r32-a64-e20-20250914-132416-q4_k_m-gguf-20250915-125110'; Template = 'descriptive'; Field = 'format'; Value = 'q4_k_m-gguf' }
        @{ Name = 'phi3mini4k-minimal-r32-a64-e20-20250914-132416-lora'; Template = 'descriptive'; Field = 'exportedAt'; Value = $null }
        @{ Name = 'vllm-phi3mini4k-minimal-r32-a64-e20-20250915-132416.tar.gz'; Template = 'artifact'; Field = 'runtime'; Value = 'vllm' }
        @{ Name = 'ollama-q4_k_m-phi3mini4k-minimal-r32-a64-e20-20250915-132416-v2.0.0.tar.gz'; Template = 'artifact'; Field = 'version'; Value = '2.0.0' }
        @{ Name = 'weights-v1.1'; Template = 'weights-v'; Field = 'minor'; Value = 1 }
        @{ Name = 'model-v2.1.0'; Template = 'model-v'; Field = 'version'; Value = '2.1.0' }
        @{ Name = 'GesturaAI/stick-gen-base'; Template = 'variant'; Field = 'model'; Value = 'stick-gen' }
        @{ Name = 'ruvltra-3b-q4_k_m.gguf'; Template = 'file'; Field = 'size'; Value = '3b' }
    ) {
        $read = ConvertFrom-ModelName $Name
        $read.Template | Should -BeExactly $Template
        $read.Fields.ContainsKey($Field) | Should -BeTrue
        $read.Fields[$Field] | Should -Be $Value
        (ConvertFrom-ModelName $Name -Template $Template).Name | Should -BeExactly $Name
    }

    It 'binds the Name of piped files' {
        $folder = New-TestFolder -Name 'gguf-names'
        foreach ($file in 'ruvltra-3b-q4_k_m.gguf', 'ruvltra-3b-q8_0.gguf') { $null = New-Item -ItemType File -Path (Join-Path $folder $file) }
        $read = Get-ChildItem -LiteralPath $folder -Filter *.gguf | ConvertFrom-ModelName -Template file
        ($read | ForEach-Object { $_.Fields.quant }) | Sort-Object | Should -Be @('q4_k_m', 'q8_0')
    }

    It 'names the part that did not match' {
        $null = ConvertFrom-ModelName 'phi3mini4k-minimal-r32-x64-e20-20250914-132416' -Template descriptive -ErrorVariable failed -ErrorAction SilentlyContinue
        Assert-ErrorRecord $failed[0] -Id ModelNameInvalid -Category InvalidData -Target 'phi3mini4k-minimal-r32-x64-e20-20250914-132416'
        $failed[0].Exception.Code | Should -BeExactly 'NAME_PART'
        $failed[0].Exception.Part | Should -BeExactly "'-a'"
        $failed[0].Exception.Position | Should -Be 22
    }

    It 'goes on after a name that does not parse' {
        $read = 'model-v2.1.0', 'latest-stable', 'v1.2.0' | ConvertFrom-ModelName -ErrorVariable failed -ErrorAction SilentlyContinue
        $read.Name | Should -Be @('model-v2.1.0', 'v1.2.0')
        $failed.Count | Should -Be 1
        $failed[0].Exception.Code | Should -BeExactly 'NAME_NO_TEMPLATE'
    }
}

Describe 'Get-ModelWeights' {
    It 'resolves the newest weights a package version loads' {
        $entry = Get-ModelWeights -Registry $Registry -Model cser-detector -PackageVersion 0.1.5
        $entry | Should -BeOfType ([ModelRelease.WeightsEntry])
        ($entry.Version, $entry.Tag, $entry.Revision, $entry.RepoId, $entry.File, $entry.IsLatest) | Should -Be @('1.0', 'weights-v1.0', 'weights-v1.0', 'acme/cser-detector', 'cser.safetensors', $false)
        (Get-ModelWeights -Registry $Registry -Model cser-detector).Version | Should -BeExactly '1.1'
        (Get-ModelWeights -Registry $Registry -Model cser-detector -Version weights-v1.0).Version | Should -BeExactly '1.0'
    }

    It 'reads a registry path relative to the location' {
        Push-Location -LiteralPath $Work
        try { (Get-ModelWeights -Registry ./weights-registry.json -Model cser-detector).Version | Should -BeExactly '1.1' }
        finally { Pop-Location }
    }

    It 'says which package version to upgrade to' {
        $null = Get-ModelWeights -Registry $Registry -Model cser-detector -PackageVersion 0.0.9 -ErrorVariable failed -ErrorAction SilentlyContinue
        Assert-ErrorRecord $failed[0] -Id WeightsCompatibility -Category InvalidOperation -Target cser-detector
        $failed[0].Exception.Change | Should -Be ([ModelRelease.PackageChange]::Upgrade)
        $failed[0].Exception.SuggestedPackageVersion | Should -BeExactly '0.2.0'
        $failed[0].Exception.WeightsVersion | Should -BeExactly '1.1'
        $failed[0].ErrorDetails.RecommendedAction | Should -Match '0\.2\.0'
    }

    It 'warns how a loose package version was read' {
        $entry = Get-ModelWeights -Registry $Registry -Model cser-detector -PackageVersion v0.2 -WarningVariable warnings -WarningAction SilentlyContinue
        $entry.PackageVersion | Should -BeExactly '0.2.0'
        $warnings[0].Message | Should -Match "'v0.2' read as 0.2.0"
    }

    It 'refuses a registry edited into an invalid state, naming each JSON path' {
        $broken = Join-Path $Work 'broken.json'
        Set-Content -LiteralPath $broken -Value ($RegistryText -replace '"size": 2048', '"size": -1' -replace '"latest": "1.1"', '"latest": "1.7"') -NoNewline
        $null = Get-ModelWeights -Registry $broken -Model cser-detector -ErrorVariable failed -ErrorAction SilentlyContinue
        Assert-ErrorRecord $failed[0] -Id WeightsRegistryInvalid -Category InvalidData -Target $broken
        $failed[0].Exception.Findings.JsonPath | Should -Contain "`$.models['cser-detector'].versions['1.1'].size"
        $failed[0].Exception.Findings.Code | Should -Contain 'REG_SCHEMA_RANGE'
    }

    It 'says when the model, the version or the file is not there' {
        $null = Get-ModelWeights -Registry $Registry -Model nope -ErrorVariable model -ErrorAction SilentlyContinue
        Assert-ErrorRecord $model[0] -Id WeightsModelNotFound -Category ObjectNotFound
        $null = Get-ModelWeights -Registry $Registry -Model cser-detector -Version 9.9 -ErrorVariable version -ErrorAction SilentlyContinue
        Assert-ErrorRecord $version[0] -Id WeightsVersionNotFound -Category ObjectNotFound
        $null = Get-ModelWeights -Registry (Join-Path $Work 'none.json') -Model cser-detector -ErrorVariable file -ErrorAction SilentlyContinue
        Assert-ErrorRecord $file[0] -Id WeightsRegistryNotFound -Category ObjectNotFound -Target (Join-Path $Work 'none.json')
        $null = Get-ModelWeights -Registry $Registry -Model cser-detector -PackageVersion 'zero' -ErrorVariable bad -ErrorAction SilentlyContinue
        Assert-ErrorRecord $bad[0] -Id VersionInvalid -Category InvalidArgument -Target zero
    }
}
