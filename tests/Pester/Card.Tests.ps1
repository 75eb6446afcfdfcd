#Requires -Version 7.4
# Pester 5 tests of the model card cmdlets against the assembled module and the shared fixtures.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $script:Work = Join-Path ([System.IO.Path]::GetTempPath()) ('mr-pester-card-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $script:Work
    $script:Sections = @{
        model_summary          = 'A tiny model for tests.'
        model_description      = 'A decoder.'
        direct_use             = 'Research.'
        out_of_scope_use       = 'Anything that matters.'
        bias_risks_limitations = 'Tiny.'
        training_data          = 'Synthetic.'
        training_procedure     = 'One step.'
        environmental_impact   = 'Negligible.'
        citation_bibtex        = '@misc{tiny}'
    }
    $script:Metrics = @{
        task    = 'text-generation'
        dataset = @{ type = 'wikitext'; name = 'WikiText-2' }
        metrics = @{ perplexity = 18.4 }
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:Work -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'New-ModelCard' {
    It 'builds a card from piped checkpoints and a metrics hashtable' {
        $config = Join-Path $script:Work 'train.yaml'
        Set-Content -LiteralPath $config -Value "learning_rate: 0.0003`nepochs: 3`noptimizer: adamw"
        $card = Get-Checkpoint -Path (Get-FixturePath 'safetensors/fluxml_model.safetensors') |
            New-ModelCard -RepoId acme/tiny -Version 1.0.0 -License mit -Language en -Tag test -Metrics $script:Metrics -Section $script:Sections -Config $config
        $card | Should -BeOfType ([ModelRelease.ModelCard])
        $card.Metadata['license'] | Should -Be 'mit'
        $card.Body | Should -Match '\| text-generation \| WikiText-2 \|'
        $card.Body | Should -Match '\| learning_rate \| 0.0003 \|'
        (Test-ModelCard -Card $card -Checkpoint (Get-FixturePath 'safetensors/fluxml_model.safetensors')).IsValid | Should -BeTrue
    }

    It 'takes checkpoint files from Get-ChildItem' {
        $folder = Split-Path (Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json')
        $card = Get-ChildItem -LiteralPath $folder | New-ModelCard -RepoId acme/sharded -License mit -SkipHash -WarningAction SilentlyContinue
        $card.Body | Should -Match 'model.safetensors.index.json \(6 shards\)'
    }

    It 'warns about open sections and Test-ModelCard refuses them' {
        $card = New-ModelCard -RepoId acme/open -License mit -WarningVariable warnings -WarningAction SilentlyContinue
        $warnings | Should -Not -BeNullOrEmpty
        Test-ModelCard -Card $card -Quiet | Should -BeFalse
        ($card | Test-ModelCard).Findings.Code | Should -Contain 'CARD_UNFINISHED'
    }

    It 'writes with -Path, honours -WhatIf and never overwrites without -Force' {
        $target = Join-Path $script:Work 'README.md'
        New-ModelCard -RepoId acme/w -License mit -Path $target -WhatIf -WarningAction SilentlyContinue
        Test-Path -LiteralPath $target | Should -BeFalse
        New-ModelCard -RepoId acme/w -License mit -Path $target -WarningAction SilentlyContinue
        $before = Get-Content -LiteralPath $target -Raw
        New-ModelCard -RepoId acme/other -License apache-2.0 -Path $target -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ModelCardExists*'
        Get-Content -LiteralPath $target -Raw | Should -Be $before
    }

    It 'makes one card per variant with {variant} replaced' {
        foreach ($v in 'small', 'base') {
            $null = New-Item -ItemType Directory -Path (Join-Path $script:Work "ckpt/$v") -Force
            Copy-Item -LiteralPath (Get-FixturePath 'safetensors/fluxml_model.safetensors') -Destination (Join-Path $script:Work "ckpt/$v")
        }
        $cards = New-ModelCard -Variant small, base -CheckpointPath (Join-Path $script:Work 'ckpt/{variant}') -RepoId 'acme/m-{variant}' -License mit -WarningAction SilentlyContinue
        $cards.RepoId | Should -Be @('acme/m-small', 'acme/m-base')
        $cards[0].Body | Should -Match 'Model Family'
    }

    It 'names the template line of an unknown placeholder' {
        $template = Join-Path $script:Work 't.md'
        Set-Content -LiteralPath $template -Value "# {{ model_id }}`n`n{{ not_a_placeholder }}"
        { New-ModelCard -RepoId a/b -Template $template -ErrorAction Stop } | Should -Throw -ErrorId 'ModelCardTemplateInvalid*'
    }
}

Describe 'Get-ModelCard and Set-ModelCard' {
    It 'changes metadata and keeps the body byte for byte' {
        $path = Join-Path $script:Work 'keep.md'
        $text = "---`r`nlicense: mit`r`ncustom: {a: 1}`r`n---`r`n# Title`r`n`r`nBody, no final newline"
        [System.IO.File]::WriteAllText($path, $text)
        Get-ModelCard -Path $path | Set-ModelCard -License apache-2.0 -Metadata @{ custom = $null; extra = 'x' }
        $card = Get-ModelCard -LiteralPath $path
        $card.Metadata['license'] | Should -Be 'apache-2.0'
        $card.Metadata.Keys | Should -Be @('license', 'extra')
        $card.Body | Should -BeExactly "# Title`r`n`r`nBody, no final newline"
    }
}

Describe 'Test-ModelCard' {
    It 'reports a card without front matter as a finding with its code' {
        $path = Join-Path $script:Work 'plain.md'
        Set-Content -LiteralPath $path -Value '# Just a title'
        $verdict = Test-ModelCard -Path $path
        $verdict.IsValid | Should -BeFalse
        $verdict.Findings[0].Code | Should -Be 'CARD_NO_FRONT_MATTER'
    }
}
