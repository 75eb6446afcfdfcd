#Requires -Version 7.4
# Pester 5 tests of the model card cmdlets on files (New-ModelCard, Get-ModelCard, Set-ModelCard, Test-ModelCard; the
# Hub sets are tested with the emulator elsewhere) against the assembled module: every file and card parameter set,
# the pipelines of the README and help, -WhatIf/-Confirm/$ConfirmPreference/-Force, typed errors, streams and views.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $script:Work = New-TestFolder -Name 'card'
    $script:Checkpoint = Get-FixturePath 'safetensors/fluxml_model.safetensors'
    $script:Unsafe = Get-FixturePath 'pytorch/MALICIOUS_os_system.pt'
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
        changelog              = 'First release.'
    }
    $script:Metrics = @{
        task    = 'text-generation'
        dataset = @{ type = 'wikitext'; name = 'WikiText-2' }
        metrics = @{ perplexity = 18.4 }
    }
    $script:Config = Join-Path $script:Work 'train.yaml'
    Set-Content -LiteralPath $script:Config -Value "learning_rate: 0.0003`nepochs: 3`noptimizer: adamw"

    # A finished card: what New-ModelCard makes when everything is given.
    function New-FinishedCard([string] $RepoId = 'acme/tiny') {
        Get-Checkpoint -Path $script:Checkpoint |
            New-ModelCard -RepoId $RepoId -Version 1.0.0 -License mit -Language en -Tag test -Metrics $script:Metrics -Section $script:Sections -Config $script:Config -SkipHash
    }

    # A card file with the given text, in a folder of its own; returns the path.
    function New-CardFile([string] $Text, [string] $Name = 'README.md') {
        $path = Join-Path (New-TestFolder -Name 'cardfile') $Name
        [System.IO.File]::WriteAllText($path, $Text)
        $path
    }
}

Describe 'New-ModelCard' {
    Context 'parameter sets' {
        It 'Object (default): builds a card from piped checkpoints, config, metrics and sections' {
            $records = Get-Checkpoint -Path $script:Checkpoint |
                New-ModelCard -RepoId acme/tiny -Version 1.0.0 -License mit -Language en -Tag test -Metrics $script:Metrics -Section $script:Sections -Config $script:Config -Debug 5>&1
            Get-BoundParameterSet $records 'New-ModelCard' | Should -Be 'Object'
            $card = $records | Where-Object { $_ -is [ModelRelease.ModelCard] }
            $card.Metadata['license'] | Should -Be 'mit'
            $card.Version | Should -Be '1.0.0'
            $card.Path | Should -BeNullOrEmpty
            $card.Body | Should -Match '\| text-generation \| WikiText-2 \|'
            $card.Body | Should -Match '\| learning_rate \| 0.0003 \|'
            (Test-ModelCard -Card $card -Checkpoint $script:Checkpoint).IsValid | Should -BeTrue
        }

        It 'Path: writes the card and returns nothing without -PassThru' {
            $target = Join-Path (New-TestFolder -Name 'out') 'README.md'
            $records = Get-Checkpoint -Path $script:Checkpoint | New-ModelCard -RepoId acme/p -Version 1.0.0 -License mit -Language en -Tag t -Section $script:Sections -Metrics $script:Metrics -Config $script:Config -SkipHash -Path $target -Debug 5>&1
            Get-BoundParameterSet $records 'New-ModelCard' | Should -Be 'Path'
            @($records | Where-Object { $_ -is [ModelRelease.ModelCard] }).Count | Should -Be 0
            (Get-ModelCard -LiteralPath $target).Metadata['license'] | Should -Be 'mit'
            (Test-ModelCard -LiteralPath $target -Checkpoint $script:Checkpoint).IsValid | Should -BeTrue
        }

        It 'LiteralPath: writes to a name with wildcard characters as it is, -PassThru returns the written card' {
            $target = Join-Path (New-TestFolder -Name 'out') 'README[v1].md'
            $records = New-ModelCard -RepoId acme/l -License mit -SkipHash -LiteralPath $target -PassThru -WarningAction SilentlyContinue -Debug 5>&1
            Get-BoundParameterSet $records 'New-ModelCard' | Should -Be 'LiteralPath'
            ($records | Where-Object { $_ -is [ModelRelease.ModelCard] }).Path | Should -Be $target
            Test-Path -LiteralPath $target | Should -BeTrue
        }

        It '-Path is an output path: wildcard characters are part of the name' {
            $target = Join-Path (New-TestFolder -Name 'out') 'README[v2].md'
            New-ModelCard -RepoId acme/b -License mit -SkipHash -Path $target -WarningAction SilentlyContinue
            Test-Path -LiteralPath $target | Should -BeTrue
        }

        It '-Path to a folder writes its README.md' {
            $folder = New-TestFolder -Name 'out'
            $card = New-ModelCard -RepoId acme/f -License mit -SkipHash -Path $folder -PassThru -WarningAction SilentlyContinue
            $card.Path | Should -Be (Join-Path $folder 'README.md')
        }
    }

    Context 'pipelines' {
        It 'Get-Checkpoint | New-ModelCard | Test-ModelCard (README)' {
            $verdict = Get-Checkpoint -Path $script:Checkpoint |
                New-ModelCard -RepoId acme/tiny -Version 1.0.0 -License mit -Language en -Tag test -Metrics $script:Metrics -Section $script:Sections -Config $script:Config -SkipHash |
                Test-ModelCard -Checkpoint $script:Checkpoint
            $verdict.IsValid | Should -BeTrue
            $verdict.RepoId | Should -Be 'acme/tiny'
        }

        It 'Get-ChildItem | New-ModelCard reads a sharded set once' {
            $folder = Split-Path (Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json')
            $card = Get-ChildItem -LiteralPath $folder | New-ModelCard -RepoId acme/sharded -License mit -SkipHash -WarningAction SilentlyContinue
            $card.Body | Should -Match 'model.safetensors.index.json \(6 shards\)'
        }

        It 'Test-Checkpoint -Sha256 | New-ModelCard -SkipHash takes the hash from the validation' {
            $sha = (Test-Checkpoint -Path $script:Checkpoint -Sha256).Sha256
            $card = Test-Checkpoint -Path $script:Checkpoint -Sha256 | New-ModelCard -RepoId acme/h -License mit -SkipHash -WarningAction SilentlyContinue
            $card.Body | Should -Match $sha
        }

        It 'Measure-ModelParameter | New-ModelCard states the count' {
            $card = Measure-ModelParameter -Path $script:Checkpoint | New-ModelCard -RepoId acme/m -License mit -SkipHash -WarningAction SilentlyContinue
            $card.Body | Should -Match '\*\*Parameters:\*\* 1\.48K \(1,476\)'
        }

        It 'one card per variant, {variant} replaced everywhere' {
            foreach ($v in 'small', 'base') {
                $null = New-Item -ItemType Directory -Path (Join-Path $script:Work "ckpt/$v") -Force
                Copy-Item -LiteralPath $script:Checkpoint -Destination (Join-Path $script:Work "ckpt/$v")
            }
            $cards = New-ModelCard -Variant small, base -CheckpointPath (Join-Path $script:Work 'ckpt/{variant}') -RepoId 'acme/m-{variant}' -License mit -SkipHash -WarningAction SilentlyContinue
            $cards.RepoId | Should -Be @('acme/m-small', 'acme/m-base')
            $cards.Variant | Should -Be @('small', 'base')
            $cards[0].Body | Should -Match 'Model Family'
        }
    }

    Context '-WhatIf, -Confirm, $ConfirmPreference and -Force' {
        It '-WhatIf with -<Set> writes nothing and returns nothing' -ForEach @(@{ Set = 'Path' }, @{ Set = 'LiteralPath' }) {
            $target = Join-Path (New-TestFolder -Name 'whatif') 'README[x].md'
            $arguments = @{ $Set = $target }
            $run = Invoke-InRecordingHost -ScriptBlock { param($a) New-ModelCard -RepoId acme/w -License mit -SkipHash -WhatIf -PassThru -WarningAction SilentlyContinue @a } -ArgumentList $arguments
            $run.Output | Should -BeNullOrEmpty
            $run.Lines -join "`n" | Should -Match ('What if: Performing the operation "Write model card" on target "' + [regex]::Escape($target) + '"')
            Test-Path -LiteralPath $target | Should -BeFalse
        }

        It '-Confirm asks, and the answer <Answer> is honoured' -ForEach @(@{ Answer = 'No'; Written = $false }, @{ Answer = 'Yes'; Written = $true }) {
            $target = Join-Path (New-TestFolder -Name 'confirm') 'README.md'
            $run = Invoke-InRecordingHost -ScriptBlock { param($p) New-ModelCard -RepoId acme/c -License mit -SkipHash -LiteralPath $p -Confirm -WarningAction SilentlyContinue } -ArgumentList $target -Answer $Answer
            $run.Prompts.Count | Should -Be 1
            $run.Prompts[0].Message | Should -Match ('Write model card.*' + [regex]::Escape($target))
            $run.Prompts[0].Answer | Should -Be $Answer
            Test-Path -LiteralPath $target | Should -Be $Written
        }

        It '$ConfirmPreference = <Preference>: prompts <Prompts>' -ForEach @(
            @{ Preference = 'Low'; Prompts = 1 }
            @{ Preference = 'Medium'; Prompts = 1 }
            @{ Preference = 'High'; Prompts = 0 }
        ) {
            $target = Join-Path (New-TestFolder -Name 'confirm') 'README.md'
            $run = Invoke-InRecordingHost -ScriptBlock { param($p) New-ModelCard -RepoId acme/c -License mit -SkipHash -LiteralPath $p -WarningAction SilentlyContinue } -ArgumentList $target -Answer 'No' -Variable @{ ConfirmPreference = $Preference }
            $run.Prompts.Count | Should -Be $Prompts
            Test-Path -LiteralPath $target | Should -Be ($Prompts -eq 0)
        }

        It 'an existing file is never overwritten without -Force: ModelCardExists, the file unchanged' {
            $target = Join-Path (New-TestFolder -Name 'exists') 'README.md'
            New-ModelCard -RepoId acme/first -License mit -SkipHash -Path $target -WarningAction SilentlyContinue
            $before = Get-Content -LiteralPath $target -Raw
            New-ModelCard -RepoId acme/other -License apache-2.0 -SkipHash -Path $target -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            Assert-ErrorRecord $failures[0] -Id ModelCardExists -Category ResourceExists -Target $target -Message 'the file exists; nothing was written'
            $failures[0].ErrorDetails.RecommendedAction | Should -Match '-Force' # the message names no face's flag; the next step does
            Get-Content -LiteralPath $target -Raw | Should -Be $before
            { New-ModelCard -RepoId acme/other -License mit -SkipHash -Path $target -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'ModelCardExists,ModelRelease.Commands.NewModelCardCommand'
        }

        It '-Force overwrites, and -WhatIf says it would overwrite' {
            $target = Join-Path (New-TestFolder -Name 'force') 'README.md'
            New-ModelCard -RepoId acme/first -License mit -SkipHash -Path $target -WarningAction SilentlyContinue
            $run = Invoke-InRecordingHost -ScriptBlock { param($p) New-ModelCard -RepoId acme/second -License apache-2.0 -SkipHash -Path $p -Force -WhatIf -WarningAction SilentlyContinue } -ArgumentList $target
            $run.Lines -join "`n" | Should -Match '"Overwrite model card"'
            (Get-ModelCard -LiteralPath $target).Metadata['license'] | Should -Be 'mit'
            New-ModelCard -RepoId acme/second -License apache-2.0 -SkipHash -Path $target -Force -WarningAction SilentlyContinue
            (Get-ModelCard -LiteralPath $target).Metadata['license'] | Should -Be 'apache-2.0'
        }
    }

    Context 'typed errors' {
        It 'an input it cannot use is ModelCardInputUnsupported for that item; the card is still made' {
            $cards = 42 | New-ModelCard -RepoId acme/x -SkipHash -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            @($cards).Count | Should -Be 1
            Assert-ErrorRecord $failures[0] -Id ModelCardInputUnsupported -Category InvalidArgument -Target 42 -Message 'not Int32'
        }

        It 'a piped path that does not exist is PathNotFound naming it' {
            $missing = Join-Path $script:Work 'none.safetensors'
            $null = $missing | New-ModelCard -RepoId acme/x -SkipHash -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            Assert-ErrorRecord $failures[0] -Id PathNotFound -Category ObjectNotFound -Target $missing
        }

        It 'stops with <Id> when <Case>' -ForEach @(
            @{ Case = '-CheckpointPath does not exist'; Id = 'ModelCardCheckpointMissing'; Category = 'ObjectNotFound'; Message = 'no checkpoint at this path' }
            @{ Case = '-CheckpointPath is a folder without checkpoints'; Id = 'CheckpointNotFound'; Category = 'ObjectNotFound'; Message = 'CKPT_NO_CHECKPOINTS' }
            @{ Case = 'a piped checkpoint file is unsafe'; Id = 'CheckpointUnsafe'; Category = 'SecurityError'; Message = 'os\.system' }
            @{ Case = '-Path is on the Env: drive'; Id = 'PathNotFileSystem'; Category = 'InvalidArgument'; Message = 'Environment provider' }
            @{ Case = '-Metrics names no file'; Id = 'ModelCardMetricsInvalid'; Category = 'ObjectNotFound'; Message = 'the metrics file does not exist' }
            @{ Case = '-Config names no file'; Id = 'ModelCardConfigInvalid'; Category = 'ObjectNotFound'; Message = 'the config file does not exist' }
            @{ Case = 'several variants would share one file'; Id = 'ModelCardVariantInvalid'; Category = 'InvalidArgument'; Message = 'put \{variant\} in the path' }
        ) {
            $empty = New-TestFolder -Name 'empty'
            $missing = Join-Path $script:Work 'none.any'
            $run = switch ($Case) {
                '-CheckpointPath does not exist' { @{ Target = $missing; Call = { New-ModelCard -RepoId a/b -SkipHash -CheckpointPath $missing } } }
                '-CheckpointPath is a folder without checkpoints' { @{ Target = $empty; Call = { New-ModelCard -RepoId a/b -SkipHash -CheckpointPath $empty } } }
                'a piped checkpoint file is unsafe' { @{ Target = $script:Unsafe; Call = { Get-Item -LiteralPath $script:Unsafe | New-ModelCard -RepoId a/b -SkipHash } } }
                '-Path is on the Env: drive' { @{ Target = 'Env:CARD'; Call = { New-ModelCard -RepoId a/b -SkipHash -Path 'Env:CARD' } } }
                '-Metrics names no file' { @{ Target = $missing; Call = { New-ModelCard -RepoId a/b -SkipHash -Metrics $missing } } }
                '-Config names no file' { @{ Target = $missing; Call = { New-ModelCard -RepoId a/b -SkipHash -Config $missing } } }
                'several variants would share one file' { @{ Target = (Join-Path $empty 'one.md'); Call = { New-ModelCard -RepoId 'a/b-{variant}' -Variant x, y -SkipHash -Path (Join-Path $empty 'one.md') } } }
            }
            $record = try { & $run.Call -ErrorAction SilentlyContinue -WarningAction SilentlyContinue; $null } catch { $_ }
            $record | Should -Not -BeNullOrEmpty -Because 'the card cannot be made, so the command stops'
            Assert-ErrorRecord $record -Id $Id -Category $Category -Target $run.Target -Message $Message
        }

        It 'an unknown template placeholder names the template''s line' {
            $template = Join-Path $script:Work 't.md'
            Set-Content -LiteralPath $template -Value "# {{ model_id }}`n`n{{ not_a_placeholder }}"
            $record = try { New-ModelCard -RepoId a/b -Template $template -SkipHash; $null } catch { $_ }
            Assert-ErrorRecord $record -Id ModelCardTemplateInvalid -Category InvalidArgument -Target $template -Message ':3: .*not_a_placeholder'
        }
    }

    Context 'progress, warnings and verbose' {
        It 'hashing reports progress with the activity, percent and a Completed record' {
            $file = New-SafetensorsFile -Path (Join-Path (New-TestFolder -Name 'hash') 'model.safetensors') -Tensor ([ordered]@{ 'w' = 2048, 4096 })
            $run = Invoke-InRecordingHost -ScriptBlock { param($p) New-ModelCard -CheckpointPath $p -RepoId acme/hash -License mit -WarningAction SilentlyContinue } -ArgumentList $file
            $run.Exception | Should -BeNullOrEmpty
            $run.Output[0].Body | Should -Match (Get-FileHash -LiteralPath $file -Algorithm SHA256).Hash.ToLowerInvariant()
            $working = @($run.Progress | Where-Object RecordType -EQ 'Processing')
            $working.Count | Should -BeGreaterOrEqual 1
            $working | ForEach-Object { $_.Activity | Should -Be 'New-ModelCard: SHA-256 of the checkpoint files' }
            $working[-1].PercentComplete | Should -Be 100
            $run.Progress[-1].RecordType | Should -Be 'Completed'
        }

        It '-SkipHash writes no progress' {
            $run = Invoke-InRecordingHost -ScriptBlock { param($p) New-ModelCard -CheckpointPath $p -RepoId acme/nohash -License mit -SkipHash -WarningAction SilentlyContinue } -ArgumentList $script:Checkpoint
            $run.Progress | Should -BeNullOrEmpty
        }

        It 'warns about unfinished lines, and Test-ModelCard refuses them' {
            $card = New-ModelCard -RepoId acme/open -License mit -SkipHash -WarningVariable warnings -WarningAction SilentlyContinue
            $warnings[0].Message | Should -Match '^acme/open: \d+ line\(s\) still say \[More Information Needed\]'
            Test-ModelCard -Card $card -Quiet | Should -BeFalse
            ($card | Test-ModelCard).Findings.Code | Should -Contain 'CARD_UNFINISHED'
        }

        It 'says where it wrote the card on the verbose stream' {
            $target = Join-Path (New-TestFolder -Name 'verbose') 'README.md'
            $verbose = New-ModelCard -RepoId acme/v -License mit -SkipHash -Path $target -WarningAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $verbose.Message | Should -Contain "Performing the operation ""Write model card"" on target ""$target""."
            $verbose.Message | Where-Object { $_ -match ('^' + [regex]::Escape($target) + ': model card written \(\d+ characters\)$') } | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'Get-ModelCard' {
    BeforeAll {
        $script:CardFolder = New-TestFolder -Name 'cards'
        $script:CardA = Join-Path $script:CardFolder 'a.md'
        $script:CardBracketed = Join-Path $script:CardFolder 'card[1].md'
        $script:CardMatched = Join-Path $script:CardFolder 'card1.md'
        foreach ($p in $script:CardA, $script:CardBracketed, $script:CardMatched) {
            New-ModelCard -RepoId acme/g -License mit -SkipHash -LiteralPath $p -WarningAction SilentlyContinue
        }
    }

    Context 'parameter sets and binding' {
        It 'Path: wildcards, and [1] is a character class' {
            $records = Get-ModelCard -Path $script:CardBracketed -Debug 5>&1
            Get-BoundParameterSet $records 'Get-ModelCard' | Should -Be 'Path'
            ($records | Where-Object { $_ -is [ModelRelease.ModelCard] }).Path | Should -Be $script:CardMatched
        }

        It 'LiteralPath: the bracketed name as it is' {
            $records = Get-ModelCard -LiteralPath $script:CardBracketed -Debug 5>&1
            Get-BoundParameterSet $records 'Get-ModelCard' | Should -Be 'LiteralPath'
            ($records | Where-Object { $_ -is [ModelRelease.ModelCard] }).Path | Should -Be $script:CardBracketed
        }

        It 'a folder stands for its README.md' {
            $card = Get-ModelCard -Path (Split-Path (New-CardFile "---`nlicense: mit`n---`n# x`n"))
            (Split-Path $card.Path -Leaf) | Should -Be 'README.md'
        }

        It 'binds <Source> to <Set>' -ForEach @(
            @{ Source = 'Get-ChildItem'; Set = 'LiteralPath' }
            @{ Source = 'Import-Csv Path'; Set = 'Path' }
            @{ Source = 'Import-Csv LiteralPath'; Set = 'LiteralPath' }
            @{ Source = 'ConvertFrom-Json Path'; Set = 'Path' }
            @{ Source = 'ConvertFrom-Json LiteralPath'; Set = 'LiteralPath' }
        ) {
            $records = switch ($Source) {
                'Get-ChildItem' { Get-ChildItem -LiteralPath $script:CardBracketed | Get-ModelCard -Debug 5>&1 }
                'Import-Csv Path' { "Path`n$($script:CardA)" | ConvertFrom-Csv | Get-ModelCard -Debug 5>&1 }
                'Import-Csv LiteralPath' { "LiteralPath`n$($script:CardBracketed)" | ConvertFrom-Csv | Get-ModelCard -Debug 5>&1 }
                'ConvertFrom-Json Path' { (ConvertTo-Json -InputObject @(@{ Path = $script:CardA })) | ConvertFrom-Json | Get-ModelCard -Debug 5>&1 }
                'ConvertFrom-Json LiteralPath' { (ConvertTo-Json -InputObject @(@{ LiteralPath = $script:CardBracketed })) | ConvertFrom-Json | Get-ModelCard -Debug 5>&1 }
            }
            Get-BoundParameterSet $records 'Get-ModelCard' | Should -Be $Set
            $expected = if ($Set -eq 'Path') { $script:CardA } else { $script:CardBracketed }
            ($records | Where-Object { $_ -is [ModelRelease.ModelCard] }).Path | Should -Be $expected
        }
    }

    Context 'typed errors' {
        It '<Case> is <Id> naming the file' -ForEach @(
            @{ Case = 'a missing file'; Id = 'PathNotFound'; Category = 'ObjectNotFound'; Message = 'does not exist' }
            @{ Case = 'an Env: path'; Id = 'PathNotFileSystem'; Category = 'InvalidArgument'; Message = 'Environment provider' }
            @{ Case = 'a folder without README.md'; Id = 'ModelCardNotFound'; Category = 'ObjectNotFound'; Message = 'the card does not exist' }
            @{ Case = 'a file without front matter'; Id = 'ModelCardInvalid'; Category = 'InvalidData'; Message = ':1: the card has no YAML front matter.*CARD_NO_FRONT_MATTER' }
            @{ Case = 'a file that is not UTF-8'; Id = 'ModelCardInvalid'; Category = 'InvalidData'; Message = 'not UTF-8.*CARD_NOT_UTF8' }
        ) {
            $given, $target = switch ($Case) {
                'a missing file' { $p = Join-Path $script:Work 'nope.md'; $p, $p }
                'an Env: path' { 'Env:PATH', 'Env:PATH' }
                'a folder without README.md' { $f = New-TestFolder -Name 'noreadme'; $f, (Join-Path $f 'README.md') }
                'a file without front matter' { $p = New-CardFile "# Just a title`n"; $p, $p }
                'a file that is not UTF-8' { $p = Join-Path (New-TestFolder -Name 'bin') 'README.md'; [System.IO.File]::WriteAllBytes($p, [byte[]](0x2D, 0x2D, 0x2D, 0x0A, 0xC3, 0x28)); $p, $p }
            }
            $out = Get-ModelCard -LiteralPath $given -ErrorVariable failures -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            Assert-ErrorRecord $failures[0] -Id $Id -Category $Category -Target $target -Message $Message
            { Get-ModelCard -LiteralPath $given -ErrorAction Stop } | Should -Throw -ErrorId "$Id,ModelRelease.Commands.GetModelCardCommand"
        }

        It 'three cards piped, the middle one broken: two cards and one error' {
            $broken = New-CardFile "no front matter`n"
            $out = $script:CardA, $broken, $script:CardMatched | Get-ModelCard -ErrorVariable failures -ErrorAction SilentlyContinue
            $out.Path | Should -Be $script:CardA, $script:CardMatched
            $failures.Count | Should -Be 1
            $failures[0].TargetObject | Should -Be $broken
        }
    }

    Context 'default views' {
        It 'the table shows the repo, license, counts and path; the list shows metadata and sections' {
            $card = New-FinishedCard
            $table = $card | Format-Table | Out-String -Width 120
            ($table -split "`r?`n" | Where-Object { $_ -match '\S' })[0] | Should -Match '^RepoId\s+Variant\s+License\s+Keys\s+Lines\s+Path$'
            $table | Should -Match 'acme/tiny\s+mit\s+\d+\s+\d+'
            $list = $card | Format-List | Out-String -Width 120
            $list | Should -Match 'RepoId\s+: acme/tiny'
            $list | Should -Match 'Metadata\s+: license: mit'
            $list | Should -Match 'language: \[en\]'
            $list | Should -Match 'Sections\s+: Model Details, Uses,'
            $list | Should -Match 'Size\s+: \d+ lines, [\d,]+ characters'
            $list | Should -Not -Match 'ModelRelease\.\w+|System\.Collections'
        }
    }
}

Describe 'Set-ModelCard' {
    Context 'parameter sets and round trips' {
        It 'Object: changes metadata in place and keeps the body byte for byte' {
            $path = New-CardFile "---`r`nlicense: mit`r`ncustom: {a: 1}`r`n---`r`n# Title`r`n`r`nBody, no final newline"
            $records = Get-ModelCard -Path $path | Set-ModelCard -License apache-2.0 -Metadata @{ custom = $null; extra = 'x' } -Debug 5>&1
            Get-BoundParameterSet $records 'Set-ModelCard' | Should -Be 'Object'
            $card = Get-ModelCard -LiteralPath $path
            $card.Metadata['license'] | Should -Be 'apache-2.0'
            $card.Metadata.Keys | Should -Be @('license', 'extra')
            $card.Body | Should -BeExactly "# Title`r`n`r`nBody, no final newline"
        }

        It '<Set>: writes to another file and leaves the original as it was' -ForEach @(@{ Set = 'Path' }, @{ Set = 'LiteralPath' }) {
            $source = New-CardFile "---`nlicense: mit`n---`n# T`n"
            $target = Join-Path (Split-Path $source) 'copy[1].md'
            $arguments = @{ $Set = $target } # an output path takes no wildcards: [1] is part of the name either way
            $records = Get-ModelCard -LiteralPath $source | Set-ModelCard -Language fr @arguments -PassThru -Debug 5>&1
            Get-BoundParameterSet $records 'Set-ModelCard' | Should -Be $Set
            ($records | Where-Object { $_ -is [ModelRelease.ModelCard] }).Path | Should -Be $target
            (Get-ModelCard -LiteralPath $target).Metadata['language'] | Should -Be 'fr'
            (Get-ModelCard -LiteralPath $source).Metadata.ContainsKey('language') | Should -BeFalse
        }

        It 'a card that came from no file is changed and returned, nothing written' {
            $card = New-ModelCard -RepoId acme/mem -License mit -SkipHash -WarningAction SilentlyContinue | Set-ModelCard -License apache-2.0 -Tag a, b
            $card.Path | Should -BeNullOrEmpty
            $card.Metadata['license'] | Should -Be 'apache-2.0'
            $card.Metadata['tags'] | Should -Be @('a', 'b')
        }

        It 'New-ModelCard -Path | Get-ModelCard | Set-ModelCard | Test-ModelCard: a round trip that breaks and mends the card' {
            $path = Join-Path (New-TestFolder -Name 'fix') 'README.md'
            Get-Checkpoint -Path $script:Checkpoint | New-ModelCard -RepoId acme/fix -Version 1.0.0 -License mit -Language en -Tag t -Metrics $script:Metrics -Section $script:Sections -Config $script:Config -SkipHash -Path $path
            Test-ModelCard -LiteralPath $path -Checkpoint $script:Checkpoint -Quiet | Should -BeTrue
            Get-ModelCard -LiteralPath $path | Set-ModelCard -Metadata @{ license = $null }
            (Test-ModelCard -LiteralPath $path).Findings.Code | Should -Contain 'CARD_METADATA_MISSING'
            Get-ModelCard -LiteralPath $path | Set-ModelCard -License mit
            Test-ModelCard -LiteralPath $path -Checkpoint $script:Checkpoint -Quiet | Should -BeTrue
            (Get-ModelCard -LiteralPath $path).Metadata.Keys | Select-Object -Last 1 | Should -Be 'license' -Because 'a key added again goes at the end'
        }
    }

    Context '-WhatIf, -Confirm, $ConfirmPreference and -Force' {
        BeforeEach {
            $script:Editable = New-CardFile "---`nlicense: mit`n---`n# T`n"
        }

        It '-WhatIf writes nothing, with or without -Path' {
            $other = Join-Path (Split-Path $script:Editable) 'other.md'
            Get-ModelCard -LiteralPath $script:Editable | Set-ModelCard -License apache-2.0 -WhatIf
            Get-ModelCard -LiteralPath $script:Editable | Set-ModelCard -License apache-2.0 -Path $other -WhatIf
            (Get-ModelCard -LiteralPath $script:Editable).Metadata['license'] | Should -Be 'mit'
            Test-Path -LiteralPath $other | Should -BeFalse
        }

        It '-Confirm answered <Answer>: the license is <License>' -ForEach @(@{ Answer = 'No'; License = 'mit' }, @{ Answer = 'Yes'; License = 'apache-2.0' }) {
            $run = Invoke-InRecordingHost -ScriptBlock { param($p) Get-ModelCard -LiteralPath $p | Set-ModelCard -License apache-2.0 -Confirm } -ArgumentList $script:Editable -Answer $Answer
            $run.Prompts.Count | Should -Be 1
            $run.Prompts[0].Message | Should -Match ('Write model card metadata.*' + [regex]::Escape($script:Editable))
            (Get-ModelCard -LiteralPath $script:Editable).Metadata['license'] | Should -Be $License
        }

        It '$ConfirmPreference = <Preference>: prompts <Prompts>' -ForEach @(
            @{ Preference = 'Low'; Prompts = 1 }
            @{ Preference = 'Medium'; Prompts = 1 }
            @{ Preference = 'High'; Prompts = 0 }
        ) {
            $run = Invoke-InRecordingHost -ScriptBlock { param($p) Get-ModelCard -LiteralPath $p | Set-ModelCard -License apache-2.0 } -ArgumentList $script:Editable -Answer 'No' -Variable @{ ConfirmPreference = $Preference }
            $run.Prompts.Count | Should -Be $Prompts
            (Get-ModelCard -LiteralPath $script:Editable).Metadata['license'] | Should -Be $(if ($Prompts) { 'mit' } else { 'apache-2.0' })
        }

        It 'another existing file needs -Force: ModelCardExists, then written with -Force' {
            $other = New-CardFile "---`nlicense: cc-by-4.0`n---`n# Other`n"
            $null = Get-ModelCard -LiteralPath $script:Editable | Set-ModelCard -License apache-2.0 -LiteralPath $other -ErrorVariable failures -ErrorAction SilentlyContinue
            Assert-ErrorRecord $failures[0] -Id ModelCardExists -Category ResourceExists -Target $other
            (Get-ModelCard -LiteralPath $other).Metadata['license'] | Should -Be 'cc-by-4.0'
            Get-ModelCard -LiteralPath $script:Editable | Set-ModelCard -License apache-2.0 -LiteralPath $other -Force
            (Get-ModelCard -LiteralPath $other).Metadata['license'] | Should -Be 'apache-2.0'
        }

        It 'an Env: -Path stops with PathNotFileSystem' {
            $record = try { Get-ModelCard -LiteralPath $script:Editable | Set-ModelCard -License x -Path 'Env:CARD'; $null } catch { $_ }
            Assert-ErrorRecord $record -Id PathNotFileSystem -Category InvalidArgument -Target 'Env:CARD'
        }

        It 'says what it wrote on the verbose stream' {
            $verbose = Get-ModelCard -LiteralPath $script:Editable | Set-ModelCard -License apache-2.0 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $verbose.Message | Should -Contain "$($script:Editable): model card metadata written (1 keys)"
        }
    }
}

Describe 'Test-ModelCard' {
    BeforeAll {
        $script:Finished = Join-Path (New-TestFolder -Name 'finished') 'README.md'
        New-FinishedCard | Set-ModelCard -LiteralPath $script:Finished
        $script:Open = Join-Path (New-TestFolder -Name 'open') 'README.md'
        New-ModelCard -RepoId acme/open -License mit -SkipHash -LiteralPath $script:Open -WarningAction SilentlyContinue
    }

    Context 'parameter sets' {
        It '<Set> is the set bound' -ForEach @(@{ Set = 'Path' }, @{ Set = 'LiteralPath' }, @{ Set = 'Card' }) {
            $records = switch ($Set) {
                'Path' { Test-ModelCard -Path $script:Finished -Debug 5>&1 }
                'LiteralPath' { Get-ChildItem -LiteralPath $script:Finished | Test-ModelCard -Debug 5>&1 }
                'Card' { Get-ModelCard -LiteralPath $script:Finished | Test-ModelCard -Debug 5>&1 }
            }
            Get-BoundParameterSet $records 'Test-ModelCard' | Should -Be $Set
            $verdict = $records | Where-Object { $_ -is [ModelRelease.ModelCardValidation] }
            $verdict.IsValid | Should -BeTrue
            $verdict.Path | Should -Be $script:Finished
        }

        It 'Import-Csv rows bind their Path column' {
            ("Path`n$($script:Finished)`n$($script:Open)" | ConvertFrom-Csv | Test-ModelCard).IsValid | Should -Be $true, $false
        }
    }

    Context 'what it checks' {
        It 'a card without front matter is CARD_NO_FRONT_MATTER on line 1' {
            $verdict = Test-ModelCard -LiteralPath (New-CardFile "# Just a title`n")
            $verdict.IsValid | Should -BeFalse
            $verdict.Findings[0].Code | Should -Be 'CARD_NO_FRONT_MATTER'
            $verdict.Findings[0].Line | Should -Be 1
        }

        It '-Checkpoint (a path or an object) compares the parameter count the card states' {
            (Test-ModelCard -LiteralPath $script:Finished -Checkpoint $script:Checkpoint).IsValid | Should -BeTrue
            $other = Get-Checkpoint -Path (Get-FixturePath 'gguf/basic-types.gguf')
            (Test-ModelCard -LiteralPath $script:Finished -Checkpoint $other).Findings.Code | Should -Contain 'CARD_PARAMETER_MISMATCH'
        }

        It 'a -Checkpoint that cannot be read fails the binding; the typed error is inside' {
            $record = try { Test-ModelCard -LiteralPath $script:Finished -Checkpoint $script:Unsafe; $null } catch { $_ }
            $record.FullyQualifiedErrorId | Should -Be 'ParameterArgumentTransformationError,ModelRelease.Commands.TestModelCardCommand'
            $typed = $record.Exception.InnerException.InnerException
            $typed | Should -BeOfType ([ModelRelease.CheckpointFormatException])
            $typed.ErrorId | Should -Be 'CheckpointUnsafe'
            $typed.FilePath | Should -Be $script:Unsafe
        }

        It 'a -Policy that <Case> stops with <Id>' -ForEach @(
            @{ Case = 'does not exist'; Id = 'ModelCardPolicyInvalid'; Category = 'ObjectNotFound' }
            @{ Case = 'is on Env:'; Id = 'PathNotFileSystem'; Category = 'InvalidArgument' }
        ) {
            $policy = if ($Case -eq 'is on Env:') { 'Env:POLICY' } else { Join-Path $script:Work 'none.yaml' }
            $record = try { Test-ModelCard -LiteralPath $script:Finished -Policy $policy; $null } catch { $_ }
            Assert-ErrorRecord $record -Id $Id -Category $Category -Target $policy
        }

        It '-Policy default, strict or a file: a real-style card with "How to use" and no tags passes the default and fails strict' {
            $card = New-CardFile "---`nlicense: mit`nlanguage: en`n---`n# m`n`n## How to use`n`nCall it.`n"
            $default = Test-ModelCard -LiteralPath $card
            $default.IsValid | Should -BeTrue
            $default.Policy | Should -Be 'default'
            $default.ErrorCount | Should -Be 0
            $default.WarningCount | Should -BeGreaterThan 0
            (Test-ModelCard -LiteralPath $card -Policy default).IsValid | Should -BeTrue
            $strict = Test-ModelCard -LiteralPath $card -Policy strict
            $strict.IsValid | Should -BeFalse
            $strict.Policy | Should -Be 'strict'
            @($strict.Findings.Code | Sort-Object -Unique) | Should -Be @('CARD_METADATA_MISSING', 'CARD_SECTION_MISSING')
            $file = Join-Path (New-TestFolder -Name 'policy') 'team.yaml'
            Set-Content -LiteralPath $file -Value "extends: default`nseverity:`n  CARD_SECTION_MISSING: error"
            $team = Test-ModelCard -LiteralPath $card -Policy $file
            $team.IsValid | Should -BeFalse
            $team.Policy | Should -Be $file
        }
    }

    Context '-Quiet' {
        It 'True for a finished card, False for an open one' {
            Test-ModelCard -LiteralPath $script:Finished -Quiet | Should -BeExactly $true
            Test-ModelCard -LiteralPath $script:Finished, $script:Open -Quiet | Should -BeExactly $false
        }

        It 'False, with the error, when a card file is missing' {
            $missing = Join-Path $script:Work 'none.md'
            $result = Test-ModelCard -Path $script:Finished, $missing -Quiet -ErrorVariable failures -ErrorAction SilentlyContinue
            $result | Should -BeExactly $false
            Assert-ErrorRecord $failures[0] -Id PathNotFound -Category ObjectNotFound -Target $missing
        }

        It 'False, with a warning, when no card was checked' {
            @() | Test-ModelCard -Quiet -WarningVariable warnings -WarningAction SilentlyContinue | Should -BeExactly $false
            $warnings[0].Message | Should -Match 'No model card was checked'
        }
    }

    Context 'per-item errors' {
        It 'three paths, the middle one <Case>: two verdicts and one error naming it' -ForEach @(
            @{ Case = 'missing'; Id = 'PathNotFound' }
            @{ Case = 'on Env:'; Id = 'PathNotFileSystem' }
        ) {
            $middle = if ($Case -eq 'missing') { Join-Path $script:Work 'none.md' } else { 'Env:PATH' }
            $out = $script:Finished, $middle, $script:Open | Test-ModelCard -ErrorVariable failures -ErrorAction SilentlyContinue
            $out.Path | Should -Be $script:Finished, $script:Open
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be "$Id,ModelRelease.Commands.TestModelCardCommand"
            $failures[0].TargetObject | Should -Be $middle
        }
    }

    Context 'default views' {
        It 'the table names the card and its codes; the list gives each finding its line' {
            $verdicts = Test-ModelCard -LiteralPath $script:Finished, $script:Open
            $table = $verdicts | Format-Table | Out-String -Width 120
            ($table -split "`r?`n" | Where-Object { $_ -match '\S' })[0] | Should -Match '^Card\s+IsValid\s+Errors\s+Warnings\s+Codes$'
            $table | Should -Match 'CARD_UNFINISHED'
            $list = $verdicts[1] | Format-List | Out-String -Width 120
            $list | Should -Match 'Findings\s+: Error CARD_UNFINISHED on line \d+: '
            $list | Should -Not -Match 'ModelRelease\.\w+|System\.Collections'
            "$($verdicts[1])" | Should -Be ('README.md: INVALID ({0} errors, 0 warnings)' -f $verdicts[1].ErrorCount)
        }

        It 'card findings show their line in the At column' {
            $text = (Test-ModelCard -LiteralPath $script:Open).Findings | Format-Table | Out-String -Width 120
            $text | Should -Match 'CARD_UNFINISHED\s+line \d+ unfinished text'
        }
    }
}

Describe 'Error modes of the card cmdlets' {
    BeforeAll {
        $script:Existing = Join-Path (New-TestFolder -Name 'existing') 'README.md'
        New-ModelCard -RepoId acme/e -License mit -SkipHash -LiteralPath $script:Existing -WarningAction SilentlyContinue
        $script:NoReadme = New-TestFolder -Name 'noreadme'

        # Each case: the call (dot-sourced with the error-mode parameters), the id, category and target it must give.
        $script:MissingPath = Join-Path $script:Work 'missing.md'
        function Get-ErrorCase([string] $Case) {
            switch ($Case) {
                'Get-ModelCard, a missing file' { @{ Run = { param($c) Get-ModelCard -Path $script:MissingPath @c }; Id = 'PathNotFound'; Category = 'ObjectNotFound'; Target = $script:MissingPath; Output = 0 } }
                'Get-ModelCard, a wildcard that matches nothing' { @{ Run = { param($c) Get-ModelCard -Path (Join-Path $script:Work '*.none') @c }; Id = 'PathNotFound'; Category = 'ObjectNotFound'; Target = (Join-Path $script:Work '*.none'); Output = 0 } }
                'Get-ModelCard, a folder without README.md' { @{ Run = { param($c) Get-ModelCard -LiteralPath $script:NoReadme @c }; Id = 'ModelCardNotFound'; Category = 'ObjectNotFound'; Target = (Join-Path $script:NoReadme 'README.md'); Output = 0 } }
                'Test-ModelCard, an Env: path' { @{ Run = { param($c) Test-ModelCard -Path 'Env:HOME' @c }; Id = 'PathNotFileSystem'; Category = 'InvalidArgument'; Target = 'Env:HOME'; Output = 0 } }
                'Test-ModelCard, a folder without README.md' { @{ Run = { param($c) Test-ModelCard -Path $script:NoReadme @c }; Id = 'ModelCardNotFound'; Category = 'ObjectNotFound'; Target = (Join-Path $script:NoReadme 'README.md'); Output = 0 } }
                'New-ModelCard, a piped number' { @{ Run = { param($c) 3 | New-ModelCard -RepoId a/b -SkipHash -WarningAction SilentlyContinue @c }; Id = 'ModelCardInputUnsupported'; Category = 'InvalidArgument'; Target = 3; Output = 1 } }
                'New-ModelCard, an existing file' { @{ Run = { param($c) New-ModelCard -RepoId a/b -SkipHash -LiteralPath $script:Existing -WarningAction SilentlyContinue @c }; Id = 'ModelCardExists'; Category = 'ResourceExists'; Target = $script:Existing; Output = 0 } }
                'Set-ModelCard, another existing file' { @{ Run = { param($c) New-ModelCard -RepoId a/b -SkipHash -WarningAction SilentlyContinue | Set-ModelCard -License mit -LiteralPath $script:Existing @c }; Id = 'ModelCardExists'; Category = 'ResourceExists'; Target = $script:Existing; Output = 0 } }
            }
        }
    }

    Context '<Case>' -ForEach @(
        @{ Case = 'Get-ModelCard, a missing file' }
        @{ Case = 'Get-ModelCard, a wildcard that matches nothing' }
        @{ Case = 'Get-ModelCard, a folder without README.md' }
        @{ Case = 'Test-ModelCard, an Env: path' }
        @{ Case = 'Test-ModelCard, a folder without README.md' }
        @{ Case = 'New-ModelCard, a piped number' }
        @{ Case = 'New-ModelCard, an existing file' }
        @{ Case = 'Set-ModelCard, another existing file' }
    ) {
        BeforeAll { $script:ErrorCase = Get-ErrorCase $Case }

        It '-ErrorVariable: the record has its id, category and target' {
            $out = . $script:ErrorCase.Run @{ ErrorVariable = 'caught'; ErrorAction = 'SilentlyContinue' }
            @($out).Count | Should -Be $script:ErrorCase.Output
            $caught.Count | Should -Be 1
            Assert-ErrorRecord $caught[0] -Id $script:ErrorCase.Id -Category $script:ErrorCase.Category -Target $script:ErrorCase.Target
        }

        It '-ErrorAction Stop: terminating, catchable by its id' {
            $thrown = try { . $script:ErrorCase.Run @{ ErrorAction = 'Stop' }; $null } catch { $_ }
            $thrown | Should -Not -BeNullOrEmpty
            $thrown.FullyQualifiedErrorId.Split(',')[0] | Should -Be $script:ErrorCase.Id
        }

        It '-ErrorAction SilentlyContinue: the error is not shown, and $Error still has it' {
            $Error.Clear()
            $out = . $script:ErrorCase.Run @{ ErrorAction = 'SilentlyContinue' }
            @($out).Count | Should -Be $script:ErrorCase.Output
            $Error[0].FullyQualifiedErrorId.Split(',')[0] | Should -Be $script:ErrorCase.Id
        }
    }
}
