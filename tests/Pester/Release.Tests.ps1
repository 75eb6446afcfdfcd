#Requires -Version 7.4
# Pester 5 tests of Publish-ModelRelease (the twin of `modelrelease release`) and of the one checkpoint gate in the
# host, against the hub emulator: a what-if writes nothing, a failing check writes nothing (the branch does not move,
# no tag), hostile pickles are refused whatever their name and whichever cmdlet is given them, the public repository
# asks first, huggingface.co is said first, and the report's views render. What the Hub holds is read back from the
# emulator itself (HubTestHelpers.psm1), never from the cmdlet under test.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HubTestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $Hub = Start-TestHub
    $h = @{ Token = $Hub.Token; Endpoint = $Hub.Endpoint }

    function New-RepoId([string] $Name) { "pester/$Name-" + [guid]::NewGuid().ToString('N').Substring(0, 8) }

    # A folder to release: one checkpoint fixture as model.<ext> and a config.json.
    function New-ReleaseFolder([string] $Name, [string] $Fixture = 'safetensors/fluxml_model.safetensors') {
        $folder = New-TestFolder -Name $Name
        Copy-Item -LiteralPath (Get-FixturePath $Fixture) -Destination (Join-Path $folder ('model' + [System.IO.Path]::GetExtension($Fixture)))
        Set-Content -LiteralPath (Join-Path $folder 'config.json') -Value '{}' -NoNewline
        $folder
    }

    # The fixture whose pickle calls os.system, under a name that looks like weights.
    function New-HostileFile([string] $Folder, [string] $Name) {
        $path = Join-Path $Folder $Name
        Copy-Item -LiteralPath (Get-FixturePath 'pytorch/MALICIOUS_os_system.pt') -Destination $path
        $path
    }
}

AfterAll {
    Stop-TestHub $Hub
}

Describe 'Publish-ModelRelease' {
    It 'releases a folder: published, tagged, downloaded back identical; the report says so' {
        $id = New-RepoId 'released'
        $report = Publish-ModelRelease -Path (New-ReleaseFolder 'released') -RepoId $id -Version 1.0.0 -NoCard @h -Confirm:$false
        $report | Should -BeOfType ([ModelRelease.ReleaseReport])
        ("$($report.Outcome)", $report.TagName, $report.ErrorCount, $report.Verification.Identical) | Should -Be @('Released', 'v1.0.0', 0, $true)
        $state = Get-HubRepoState $Hub $id
        $state.Tags['v1.0.0'] | Should -Be $state.Head
        $report.CommitOid | Should -Be $state.Head
        @($state.Files.Keys | Sort-Object) | Should -Be @('.gitattributes', 'config.json', 'model.safetensors')
    }

    It '-WhatIf returns the whole plan and writes nothing' {
        $id = New-RepoId 'whatif'
        $writes = Get-HubWriteCount $Hub
        $report = Publish-ModelRelease -Path (New-ReleaseFolder 'whatif') -RepoId $id -Version 1.0.0 -NoCard @h -WhatIf
        "$($report.Outcome)" | Should -Be 'Planned'
        @($report.Plan.Files.PathInRepo | Sort-Object) | Should -Be @('config.json', 'model.safetensors')
        ($report.TagName, $report.CommitMessage) | Should -Be @('v1.0.0', 'Release v1.0.0')
        (Get-HubWriteCount $Hub).Writes | Should -Be $writes.Writes
        (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
    }

    It 'a second release of the same version with other weights writes nothing: the branch does not move, the tag stays' {
        $id = New-RepoId 'twice'
        $null = Publish-ModelRelease -Path (New-ReleaseFolder 'first') -RepoId $id -Version 1.0.0 -NoCard @h -Confirm:$false
        $before = Get-HubRepoState $Hub $id
        $writes = Get-HubWriteCount $Hub

        $report = Publish-ModelRelease -Path (New-ReleaseFolder 'other' 'safetensors/burn_boolean.safetensors') -RepoId $id -Version 1.0.0 -NoCard @h -ErrorVariable refused -ErrorAction SilentlyContinue

        "$($report.Outcome)" | Should -Be 'Refused'
        @($report.Findings | Where-Object Severity -EQ 'Error').Code | Should -Be @('RELEASE_TAG_EXISTS')
        $refused.Count | Should -Be 1
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'ReleaseRefused,ModelRelease.Commands.PublishModelReleaseCommand'
        $refused[0].TargetObject | Should -Be $id
        (Get-HubWriteCount $Hub).Writes | Should -Be $writes.Writes
        $after = Get-HubRepoState $Hub $id
        ($after.Head, $after.CommitCount, $after.Tags['v1.0.0']) | Should -Be @($before.Head, $before.CommitCount, $before.Tags['v1.0.0'])
    }

    It 'ReleaseRefused under -ErrorAction Stop is catchable by its id' {
        $id = New-RepoId 'stop'
        { Publish-ModelRelease -Path (New-ReleaseFolder 'stop') -RepoId $id -Version 1.0.0 -NoCard -LocalRepository '/not/a/repo' @h -ErrorAction Stop } |
            Should -Throw -ErrorId 'ReleaseRefused,ModelRelease.Commands.PublishModelReleaseCommand'
        (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
    }

    It '-LocalRepository that is not a git repository writes nothing' {
        $id = New-RepoId 'local'
        $writes = Get-HubWriteCount $Hub
        $report = Publish-ModelRelease -Path (New-ReleaseFolder 'local') -RepoId $id -Version 1.0.0 -NoCard -LocalRepository '/not/a/repo' @h -ErrorAction SilentlyContinue
        "$($report.Outcome)" | Should -Be 'Refused'
        $error = @($report.Findings | Where-Object Severity -EQ 'Error')
        ($error.Count, $error[0].Code, $error[0].Path) | Should -Be @(1, 'RELEASE_LOCAL_REPOSITORY_NOT_FOUND', '/not/a/repo')
        (Get-HubWriteCount $Hub).Writes | Should -Be $writes.Writes
    }

    It 'an empty folder is a refused release (no checkpoint is a failure, never a pass)' {
        $report = Publish-ModelRelease -Path (New-TestFolder -Name 'empty-release') -RepoId (New-RepoId 'empty') -Version 1.0.0 -NoCard @h -ErrorAction SilentlyContinue
        "$($report.Outcome)" | Should -Be 'Refused'
        @($report.Findings | Where-Object Severity -EQ 'Error').Code | Should -Be @('RELEASE_NO_CHECKPOINT')
    }

    It 'creating a public repository asks first, and a No writes nothing' {
        $id = New-RepoId 'ask'
        $folder = New-ReleaseFolder 'ask'
        $run = Invoke-InRecordingHost -ScriptBlock {
            param($Folder, $Id, $Endpoint, $Token)
            Publish-ModelRelease -Path $Folder -RepoId $Id -Version 1.0.0 -NoCard -Endpoint $Endpoint -Token $Token
        } -ArgumentList $folder, $id, $Hub.Endpoint, $Hub.Token -Answer 'No'
        $run.Prompts.Count | Should -Be 1
        $run.Prompts[0].Message | Should -Match 'Create public repository'
        "$($run.Output[0].Outcome)" | Should -Be 'Declined'
        (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
    }

    It 'says first when the target is huggingface.co (and with no token sends nothing there)' {
        $run = Invoke-InRecordingHost -ScriptBlock {
            param($Folder)
            Publish-ModelRelease -Path $Folder -RepoId org/model -Version 1.0.0 -NoCard -Endpoint https://huggingface.co -ErrorAction SilentlyContinue
        } -ArgumentList (New-ReleaseFolder 'public')
        $run.Warnings[0].Message | Should -Match 'huggingface\.co'
        $report = $run.Output[0]
        $report.IsPublicHub | Should -BeTrue
        @($report.Findings | Where-Object Severity -EQ 'Error').Code | Should -Be @('RELEASE_NO_TOKEN')
    }

    It 'the report renders in its table and list views' {
        $report = Publish-ModelRelease -Path (New-ReleaseFolder 'view') -RepoId (New-RepoId 'view') -Version 1.0.0 -NoCard -LocalRepository '/not/a/repo' @h -ErrorAction SilentlyContinue
        $table = $report | Format-Table | Out-String -Width 200
        $table | Should -Match ('(?m)^' + [regex]::Escape($report.RepoId) + '\s+v1\.0\.0\s+Refused\s+1\s+.*RELEASE_LOCAL_REPOSITORY_NOT_FOUND')
        $list = $report | Format-List | Out-String -Width 200
        $list | Should -Match '(?m)^Outcome\s+: Refused'
        $list | Should -Match '(?m)^Checkpoints\s+: model\.safetensors: valid'
        $list | Should -Match 'Error RELEASE_LOCAL_REPOSITORY_NOT_FOUND'
        $list | Should -Not -Match '\{ModelRelease\.'
    }
}

Describe 'The checkpoint gate in every cmdlet' {
    It 'a hostile pickle named <Name> is refused by Test-Checkpoint, Publish-HfModel (-Path and piped) and Publish-ModelRelease' -ForEach @(
        @{ Name = 'pytorch_model.bin' }
        @{ Name = 'model.ckpt' }
    ) {
        $folder = New-TestFolder -Name "hostile-$Name"
        $file = New-HostileFile $folder $Name
        $id = New-RepoId 'hostile'
        $writes = Get-HubWriteCount $Hub

        (Test-Checkpoint -LiteralPath $file).Findings.Code | Should -Contain 'PT_UNSAFE_GLOBAL'
        Get-ErrorUnderPreference { param($c) Publish-HfModel -Path $folder -RepoId $id @h -Confirm:$false @c } |
            Assert-TypedError -Id PublishRefused -Category InvalidData -Target $id -Terminating -Message ([regex]::Escape($Name) + ' \(PT_UNSAFE_GLOBAL') -RecommendedAction '-Force'
        Get-ErrorUnderPreference { param($c) Get-Item -LiteralPath $file | Publish-HfModel -RepoId $id @h -Confirm:$false @c } |
            Assert-TypedError -Id PublishRefused -Category InvalidData -Target $id -Terminating -Message 'os\.system'
        $report = Publish-ModelRelease -Path $folder -RepoId $id -Version 1.0.0 -NoCard @h -ErrorAction SilentlyContinue
        "$($report.Outcome)" | Should -Be 'Refused'
        @($report.Findings | Where-Object Severity -EQ 'Error').Code | Should -Contain 'RELEASE_CHECKPOINT_REFUSED'

        (Get-HubWriteCount $Hub).Writes | Should -Be $writes.Writes
        (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
    }

    It 'Publish-ModelRelease -Force moves tags only: a hostile pickle is still refused; -AllowRefusedCheckpoint publishes it and says so' {
        $folder = New-ReleaseFolder 'release-forced'
        $null = New-HostileFile $folder 'pytorch_model.bin'
        $id = New-RepoId 'release-forced'
        $writes = Get-HubWriteCount $Hub

        $refused = Publish-ModelRelease -Path $folder -RepoId $id -Version 1.0.0 -NoCard -Private -Force @h -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable failed
        "$($refused.Outcome)" | Should -Be 'Refused'
        @($refused.Findings | Where-Object Severity -EQ 'Error').Code | Should -Contain 'RELEASE_CHECKPOINT_REFUSED'
        $failed[0].FullyQualifiedErrorId | Should -Match '^ReleaseRefused,'
        (Get-HubWriteCount $Hub).Writes | Should -Be $writes.Writes

        $released = Publish-ModelRelease -Path $folder -RepoId $id -Version 1.0.0 -NoCard -Private -AllowRefusedCheckpoint @h -Confirm:$false
        "$($released.Outcome)" | Should -Be 'Released'
        @($released.Findings | Where-Object Severity -EQ 'Warning').Code | Should -Contain 'GATE_FORCED'
        @($released.Findings | Where-Object Severity -EQ 'Error') | Should -BeNullOrEmpty
        (Get-HubRepoState $Hub $id).Exists | Should -BeTrue
    }

    It 'Publish-HfModel -Force publishes a refused file and says so' {
        $folder = New-TestFolder -Name 'forced'
        $null = New-HostileFile $folder 'pytorch_model.bin'
        $result = Publish-HfModel -Path $folder -RepoId (New-RepoId 'forced') @h -Force -Confirm:$false -WarningVariable warned
        $result.Committed | Should -BeTrue
        $warned[0].Message | Should -Match 'failed the checkpoint gate and are published anyway'
    }
}
