#Requires -Version 7.4
# Pester 5 tests of the Hub cmdlets against a hub emulator started with the modelrelease CLI
# (MODELRELEASE_CLI = path of modelrelease.dll).

Describe 'Publishing to a Hub' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        Import-ModelReleaseUnderTest
        $script:HubUnderTest = Start-TestHub
        $script:TokenText = $script:HubUnderTest.TokenText
        $script:Secure = $script:HubUnderTest.Token
        $script:Endpoint = $script:HubUnderTest.Endpoint
    }

    AfterAll {
        Stop-TestHub $script:HubUnderTest
    }

    It 'publishes validated checkpoints, tags the commit, and reads them back' {
        $result = Get-Checkpoint -Path (Get-FixturePath 'gguf/basic-types.gguf') | Test-Checkpoint -Deep |
            Publish-HfModel -RepoId pester/gguf -Token $script:Secure -Endpoint $script:Endpoint -CommitMessage 'Release v1.0.0'
        $result | Should -BeOfType ([ModelRelease.PublishResult])
        $result.Committed | Should -BeTrue
        $tag = $result | New-ReleaseTag -Version 1.0.0 -Token $script:Secure -Endpoint $script:Endpoint
        $tag.Name | Should -Be 'v1.0.0'
        $tag.CommitOid | Should -Be $result.CommitOid
        (Get-ReleaseTag -RepoId pester/gguf -Endpoint $script:Endpoint).Name | Should -Contain 'v1.0.0'
        (Get-HfRepoFile -RepoId pester/gguf -Revision v1.0.0 -Endpoint $script:Endpoint).Path | Should -Contain 'basic-types.gguf'
        $target = Join-Path $TestDrive 'download'
        $saved = Save-HfModel -RepoId pester/gguf -Revision v1.0.0 -Destination $target -Endpoint $script:Endpoint
        (Get-FileHash -LiteralPath (Join-Path $target 'basic-types.gguf') -Algorithm SHA256).Hash.ToLowerInvariant() |
            Should -Be ($saved | Where-Object PathInRepo -EQ 'basic-types.gguf').VerifiedHash
    }

    It 'refuses a failed validation unless -Force' {
        $bad = Test-Checkpoint -Path (Get-FixturePath 'pytorch/MALICIOUS_os_system.pt')
        { $bad | Publish-HfModel -RepoId pester/bad -Token $script:Secure -Endpoint $script:Endpoint -ErrorAction Stop } |
            Should -Throw -ErrorId 'PublishRefused*'
    }

    It 'writes nothing under -WhatIf' {
        Publish-HfModel -Path (Get-FixturePath 'onnx/tiny_mlp.onnx') -RepoId pester/whatif -Token $script:Secure -Endpoint $script:Endpoint -WhatIf
        { Get-HfRepoFile -RepoId pester/whatif -Endpoint $script:Endpoint -ErrorAction Stop } | Should -Throw -ErrorId 'HubRepoNotFound*'
    }

    It 'never shows the token' {
        $all = Publish-HfModel -Path (Get-FixturePath 'onnx/tiny_mlp.onnx') -RepoId pester/secret -Token $script:Secure -Endpoint $script:Endpoint -Verbose 4>&1 *>&1 | Out-String
        $all | Should -Not -Match ([regex]::Escape($script:TokenText))
    }

    It 'publishes a card as README.md and reads it back unchanged' {
        $card = Get-Checkpoint -Path (Get-FixturePath 'gguf/basic-types.gguf') |
            New-ModelCard -RepoId pester/carded -Version 1.0.0 -License mit -Language en -Tag test -WarningAction SilentlyContinue
        $result = $card | Publish-HfModel -Token $script:Secure -Endpoint $script:Endpoint -CommitMessage 'Card'
        $result.Committed | Should -BeTrue
        $back = Get-ModelCard -RepoId pester/carded -Endpoint $script:Endpoint
        $back.Text | Should -BeExactly $card.Text
        $back | Set-ModelCard -License apache-2.0 | Publish-HfModel -RepoId pester/carded -Token $script:Secure -Endpoint $script:Endpoint | Out-Null
        (Get-ModelCard -RepoId pester/carded -Endpoint $script:Endpoint).Metadata['license'] | Should -Be 'apache-2.0'
    }

    It 'asks the Hub to validate a card with -Online' {
        $card = New-ModelCard -RepoId pester/online -License mit -WarningAction SilentlyContinue
        $verdict = Test-ModelCard -Card $card -Online -Endpoint $script:Endpoint
        $verdict.Findings.Code | Should -Not -Contain 'CARD_HUB_REJECTED'
    }
}
