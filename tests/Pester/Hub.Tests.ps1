#Requires -Version 7.4
# Pester 5 tests of the Hub cmdlets (Publish-HfModel, New-ReleaseTag, Get-ReleaseTag, Get-HfRepoFile,
# Save-HfModel, Get-ModelCard -RepoId, Test-ModelCard -Online) run for real against the hub emulator: every
# parameter set with its result, the pipelines of the README and the help, binding by property name, -WhatIf,
# -Confirm and $ConfirmPreference, the typed errors under every error preference, Ctrl+C and the default views.
# What the Hub holds is read back from the emulator itself (HubTestHelpers.psm1), never from the cmdlet under test.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HubTestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $Hub = Start-TestHub
    $h = @{ Token = $Hub.Token; Endpoint = $Hub.Endpoint }
    $Onnx = Get-FixturePath 'onnx/tiny_mlp.onnx'
    $Gguf = Get-FixturePath 'gguf/basic-types.gguf'
    $WrongToken = ConvertTo-SecureString -String ('hf_Wrong' + [guid]::NewGuid().ToString('N')) -AsPlainText -Force

    function New-RepoId([string] $Name) { "pester/$Name-" + [guid]::NewGuid().ToString('N').Substring(0, 8) }

    # A repository with one commit (the tiny ONNX file); returns the PublishResult.
    function New-HubRepo([string] $Name, [string[]] $Path = @($Onnx)) {
        Publish-HfModel -Path $Path -RepoId (New-RepoId $Name) @h -Confirm:$false -CommitMessage 'first'
    }

    function New-TextFile([string] $Folder, [string] $Name, [string] $Text) {
        $path = Join-Path $Folder $Name
        $null = New-Item -ItemType Directory -Path (Split-Path $path) -Force
        Set-Content -LiteralPath $path -Value $Text -NoNewline
        $path
    }

    # Runs a script with the module in a runspace whose host has no user interface (as a service or a build
    # agent): a prompt there fails. The script's output comes back.
    function Invoke-WithoutHost([scriptblock] $ScriptBlock, [object[]] $ArgumentList = @()) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-ModelReleaseManifestPath)).AddStatement()
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Join-Path $PSScriptRoot 'HubTestHelpers.psm1')).AddStatement()
            $null = $ps.AddScript($ScriptBlock.ToString())
            foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
            $ps.Invoke()
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Stop-TestHub $Hub
}

Describe 'Publish-HfModel' {
    Context 'every parameter set, with its result' {
        It 'InputObject: a sharded Checkpoint publishes its index and every shard in one commit' {
            $id = New-RepoId 'sharded'
            $checkpoint = Get-Checkpoint -Path (Get-FixturePath 'safetensors/fluxml_sharded/model.safetensors.index.json')
            $out = $checkpoint | Publish-HfModel -RepoId $id @h -Confirm:$false -Debug 5>&1
            Get-BoundParameterSet $out 'Publish-HfModel' | Should -Be 'InputObject'
            $result = $out | Where-Object { $_ -is [ModelRelease.PublishResult] }
            $expected = @('model.safetensors.index.json') + (1..6 | ForEach-Object { 'model-0000{0}-of-00006.safetensors' -f $_ })
            $result.Files.PathInRepo | Sort-Object | Should -Be ($expected | Sort-Object)
            $result.Committed | Should -BeTrue
            $result.RepoCreated | Should -BeTrue
            $state = Get-HubRepoState $Hub $id
            $state.Head | Should -Be $result.CommitOid
            $state.CommitCount | Should -Be 2 # the repository's initial commit and the publish
            foreach ($name in $expected) { $state.Files.Keys | Should -Contain $name }
        }

        It 'InputObject: validations, FileInfo and DirectoryInfo from Get-ChildItem, and path strings' {
            $folder = New-TestFolder
            $sub = New-Item -ItemType Directory -Path (Join-Path $folder 'configs')
            $config = New-TextFile $sub.FullName 'config.json' '{"a":1}'
            $id = (New-HubRepo 'inputs').RepoId
            $validation = Test-Checkpoint -Path $Gguf
            $items = @($validation, (Get-Item -LiteralPath $Onnx), $sub, $config)
            $out = $items | Publish-HfModel -RepoId $id @h -PathInRepo weights -Debug 5>&1
            Get-BoundParameterSet $out 'Publish-HfModel' | Should -Be 'InputObject'
            $result = $out | Where-Object { $_ -is [ModelRelease.PublishResult] }
            ($result.Files | Sort-Object PathInRepo).PathInRepo | Should -Be @('weights/basic-types.gguf', 'weights/config.json', 'weights/tiny_mlp.onnx')
            ($result.Files | Where-Object PathInRepo -EQ 'weights/basic-types.gguf').Sha256 |
                Should -Be (Get-FileHash -LiteralPath $Gguf -Algorithm SHA256).Hash.ToLowerInvariant()
            (Get-HubRepoState $Hub $id).Files['weights/config.json'] | Should -Not -BeNullOrEmpty
        }

        It 'InputObject: a ModelCard goes in as README.md, read back byte for byte' {
            $id = New-RepoId 'carded'
            $card = Get-Checkpoint -Path $Gguf | New-ModelCard -RepoId $id -Version 1.0.0 -License mit -Language en -Tag test -WarningAction SilentlyContinue
            # The card carries RepoId: it binds by property name, no -RepoId needed.
            $result = $card | Publish-HfModel @h -Confirm:$false -CommitMessage 'Card'
            $result.RepoId | Should -Be $id
            $result.Files.PathInRepo | Should -Be 'README.md'
            (Get-ModelCard -RepoId $id -Endpoint $Hub.Endpoint).Text | Should -BeExactly $card.Text
            $back = Get-ModelCard -RepoId $id -Endpoint $Hub.Endpoint | Set-ModelCard -License apache-2.0
            $null = $back | Publish-HfModel -RepoId $id @h
            (Get-ModelCard -RepoId $id -Endpoint $Hub.Endpoint).Metadata['license'] | Should -Be 'apache-2.0'
        }

        It 'Path: wildcards, -Include, -Exclude, -PathInRepo, -CommitMessage and -CommitDescription' {
            $folder = New-TestFolder
            $null = New-TextFile $folder 'release/a.txt' 'a'
            $null = New-TextFile $folder 'release/b.tmp' 'b'
            $null = New-TextFile $folder 'release/nested/c.txt' 'c'
            $null = New-TextFile $folder 'other.txt' 'o'
            $id = (New-HubRepo 'path').RepoId
            $out = Publish-HfModel $id (Join-Path $folder 'rel*') @h -Include '**/*.txt', '*.tmp' -Exclude '*.tmp' -PathInRepo docs -CommitMessage 'Docs' -CommitDescription 'Why' -Debug 5>&1
            Get-BoundParameterSet $out 'Publish-HfModel' | Should -Be 'Path'
            $result = $out | Where-Object { $_ -is [ModelRelease.PublishResult] }
            ($result.Files.PathInRepo | Sort-Object) | Should -Be @('docs/a.txt', 'docs/nested/c.txt')
            $commit = (Invoke-HubApi -Hub $Hub -Path "api/models/$id/commits/main").Json[0]
            $commit.title | Should -Be 'Docs'
            $commit.message | Should -Match 'Why'
        }

        It 'LiteralPath: a name with wildcard characters is taken as written' {
            $folder = New-TestFolder
            $file = New-TextFile $folder 'weights[v1].txt' 'literal'
            $id = (New-HubRepo 'literal').RepoId
            $out = Publish-HfModel -LiteralPath $file -RepoId $id @h -Debug 5>&1
            Get-BoundParameterSet $out 'Publish-HfModel' | Should -Be 'LiteralPath'
            ($out | Where-Object { $_ -is [ModelRelease.PublishResult] }).Files.PathInRepo | Should -Be 'weights[v1].txt'
            (Get-HubRepoState $Hub $id).Files.Keys | Should -Contain 'weights[v1].txt'
        }

        It 'a second publish of the same files uploads nothing and makes no commit' {
            $first = New-HubRepo 'again'
            $writes = Get-HubWriteCount $Hub
            $again = Publish-HfModel -Path $Onnx -RepoId $first.RepoId @h
            $again.Committed | Should -BeFalse
            $again.CommitOid | Should -Be $first.CommitOid
            $again.Files[0].Action | Should -Be 'Unchanged'
            (Get-HubWriteCount $Hub).Writes | Should -Be $writes.Writes
        }
    }

    Context 'pipelines of the README and the help' {
        It 'Publish-HfModel ... | New-ReleaseTag -Version 1.2.0 tags the commit the publish made' {
            $folder = New-TestFolder
            $null = New-TextFile $folder 'release/config.json' '{}'
            Copy-Item -LiteralPath $Onnx -Destination (Join-Path $folder 'release')
            $id = (New-HubRepo 'readme').RepoId
            $tag = Publish-HfModel -Path (Join-Path $folder 'release') -RepoId $id @h -CommitMessage 'Release v1.2.0' | New-ReleaseTag -Version 1.2.0 @h
            $tag.Name | Should -Be 'v1.2.0'
            $tag.Created | Should -BeTrue
            $state = Get-HubRepoState $Hub $id
            $state.Tags['v1.2.0'] | Should -Be $state.Head
            $tag.CommitOid | Should -Be $state.Head
        }

        It 'Get-Checkpoint | Test-Checkpoint -Deep | Publish-HfModel (the first example of the help)' {
            $id = New-RepoId 'gate'
            $result = Get-Checkpoint $Gguf | Test-Checkpoint -Deep | Publish-HfModel -RepoId $id @h -Confirm:$false -CommitMessage 'Release v1.2.0'
            $result.Files.PathInRepo | Should -Be 'basic-types.gguf'
            (Get-HubRepoState $Hub $id).Files['basic-types.gguf'] | Should -Be $result.Files[0].Sha256
        }

        It 'cards of several variants bound by property name go to their own repositories, one commit each' {
            $small = New-RepoId 'variant-small'
            $base = New-RepoId 'variant-base'
            $cards = @(
                New-ModelCard -RepoId $small -License mit -WarningAction SilentlyContinue
                New-ModelCard -RepoId $base -License mit -WarningAction SilentlyContinue
            )
            $results = $cards | Publish-HfModel @h -Confirm:$false
            $results.RepoId | Should -Be @($small, $base)
            foreach ($r in $results) {
                $state = Get-HubRepoState $Hub $r.RepoId
                $state.Head | Should -Be $r.CommitOid
                $state.Files.Keys | Should -Contain 'README.md'
            }
            (Get-ModelCard -RepoId $small -Endpoint $Hub.Endpoint).RepoId | Should -Be $small
        }
    }

    Context '-WhatIf, -Confirm and $ConfirmPreference' {
        It '-WhatIf on a new repository writes nothing on the Hub and outputs nothing' {
            $id = New-RepoId 'whatif'
            $writes = Get-HubWriteCount $Hub
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h -WhatIf } -ArgumentList $h, $Onnx, $id
            $run.Exception | Should -BeNullOrEmpty
            $run.Output | Should -BeNullOrEmpty
            $run.Prompts | Should -BeNullOrEmpty
            # What -WhatIf shows is the thing under test here: each upload and the creation of the repository.
            $run.Lines | Should -Contain "What if: Performing the operation `"Create public repository`" on target `"$id`"."
            $run.Lines | Should -Contain "What if: Performing the operation `"Upload`" on target `"$id@main: tiny_mlp.onnx (573 B, LFS, new)`"."
            $run.Lines | Should -Contain "What if: Performing the operation `"Commit 1 file(s), 573 B: 'Upload model files with ModelRelease'`" on target `"$id@main`"."

            (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
            $now = Get-HubWriteCount $Hub
            $now.Writes | Should -Be $writes.Writes
            $now.UploadedBytes | Should -Be $writes.UploadedBytes
        }

        It '-WhatIf on an existing repository makes no commit and uploads nothing' {
            $first = New-HubRepo 'whatif-existing'
            $writes = Get-HubWriteCount $Hub
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h -WhatIf } -ArgumentList $h, $Gguf, $first.RepoId
            $run.Output | Should -BeNullOrEmpty
            $run.Lines | Should -Contain "What if: Performing the operation `"Commit 1 file(s), 2.4 KB: 'Upload model files with ModelRelease'`" on target `"$($first.RepoId)@main`"."
            $state = Get-HubRepoState $Hub $first.RepoId
            $state.Head | Should -Be $first.CommitOid
            $state.Files.Keys | Should -Not -Contain 'basic-types.gguf'
            (Get-HubWriteCount $Hub).Writes | Should -Be $writes.Writes
        }

        It 'creating a public repository asks by default; No leaves the Hub untouched' {
            $id = New-RepoId 'ask-no'
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h } -ArgumentList $h, $Onnx, $id -Answer 'No'
            $run.Prompts | Should -HaveCount 1
            $run.Prompts[0].Caption | Should -Be 'Confirm'
            $run.Prompts[0].Message | Should -Match ([regex]::Escape("`"Create public repository`" on target `"$id`""))
            $run.Prompts[0].Choices | Should -Be @('Yes', 'Yes to All', 'No', 'No to All', 'Suspend') # as ShouldProcess asks
            $run.Output | Should -BeNullOrEmpty
            (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
        }

        It 'creating a public repository asks by default; Yes creates it public, and nothing else asks' {
            $id = New-RepoId 'ask-yes'
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h } -ArgumentList $h, $Onnx, $id -Answer 'Yes'
            $run.Prompts | Should -HaveCount 1
            $run.Output[0].RepoCreated | Should -BeTrue
            $state = Get-HubRepoState $Hub $id
            $state.Exists | Should -BeTrue
            $state.Private | Should -BeFalse
        }

        It 'creating a public repository does not ask with <Case>' -ForEach @(
            @{ Case = '-Confirm:$false'; Confirm = $false; Preference = $null }
            @{ Case = '$ConfirmPreference = None'; Confirm = $null; Preference = 'None' }
        ) {
            $id = New-RepoId 'no-ask'
            $variables = if ($Preference) { @{ ConfirmPreference = $Preference } } else { @{} }
            $run = Invoke-InRecordingHost -ScriptBlock {
                param($h, $path, $id, $confirm)
                if ($null -eq $confirm) { Publish-HfModel -Path $path -RepoId $id @h } else { Publish-HfModel -Path $path -RepoId $id @h -Confirm:$confirm }
            } -ArgumentList $h, $Onnx, $id, $Confirm -Variable $variables
            $run.Prompts | Should -BeNullOrEmpty
            $run.Output[0].Committed | Should -BeTrue
            (Get-HubRepoState $Hub $id).Exists | Should -BeTrue
        }

        It '-Private creates a private repository without asking' {
            $id = New-RepoId 'private'
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h -Private } -ArgumentList $h, $Onnx, $id
            $run.Prompts | Should -BeNullOrEmpty
            $state = Get-HubRepoState $Hub $id
            $state.Exists | Should -BeTrue
            $state.Private | Should -BeTrue
        }

        It '-Confirm asks for the repository, each upload and the commit; No to the commit writes nothing' {
            $id = New-RepoId 'confirm'
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h -Confirm } -ArgumentList $h, @($Onnx, $Gguf), $id -Answer 'Yes', 'Yes', 'Yes', 'No'
            $run.Prompts | Should -HaveCount 4
            $run.Prompts[0].Message | Should -Match 'Create public repository'
            $run.Prompts[1].Message | Should -Match '"Upload"'
            $run.Prompts[2].Message | Should -Match '"Upload"'
            $run.Prompts[3].Message | Should -Match 'Commit 2 file\(s\)'
            $run.Output | Should -BeNullOrEmpty
            (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
        }

        It '-Confirm: a declined upload is left out of the commit' {
            $first = New-HubRepo 'confirm-some'
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h -Confirm } -ArgumentList $h, @($Gguf, (Get-FixturePath 'gguf/tiny-llama-q4km-mix.gguf')), $first.RepoId -Answer 'No', 'Yes', 'Yes'
            $run.Prompts | Should -HaveCount 3 # two uploads and the commit; the repository exists
            $run.Output[0].Files.PathInRepo | Should -Be 'tiny-llama-q4km-mix.gguf'
            $files = (Get-HubRepoState $Hub $first.RepoId).Files.Keys
            $files | Should -Contain 'tiny-llama-q4km-mix.gguf'
            $files | Should -Not -Contain 'basic-types.gguf'
        }

        It '$ConfirmPreference = Medium asks for the uploads and the commit (Medium actions) of an existing repository' {
            $first = New-HubRepo 'medium'
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h } -ArgumentList $h, $Gguf, $first.RepoId -Answer 'Yes', 'Yes' -Variable @{ ConfirmPreference = 'Medium' }
            $run.Prompts | Should -HaveCount 2
            $run.Output[0].Committed | Should -BeTrue
        }

        It 'a host that cannot prompt stops with ConfirmationRequired before anything is written (every error preference)' {
            $id = New-RepoId 'no-host'
            $writes = Get-HubWriteCount $Hub
            $seen = Invoke-WithoutHost {
                param($h, $path, $id)
                Get-ErrorUnderPreference { param($c) Publish-HfModel -Path $path -RepoId $id @h @c }
            } -ArgumentList $h, $Onnx, $id
            $record = $seen | Assert-TypedError -Id ConfirmationRequired -Category InvalidOperation -Target $id -Terminating `
                -Message "'Create public repository' on '$([regex]::Escape($id))' needs confirmation" -RecommendedAction '-Confirm:\$false.*-Private'
            $record.Exception | Should -BeOfType ([ModelRelease.ModelReleaseException])
            $record.Exception.InnerException | Should -BeOfType ([System.Management.Automation.Host.HostException])
            (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
            (Get-HubWriteCount $Hub).Writes | Should -Be $writes.Writes
        }
        It 'a pwsh -NonInteractive session (as the suite runs) stops with ConfirmationRequired too' -Skip:(-not ([Environment]::GetCommandLineArgs() -contains '-NonInteractive')) {
            $id = New-RepoId 'non-interactive'
            $record = Get-ErrorUnderPreference { param($c) Publish-HfModel -Path $Onnx -RepoId $id @h @c } |
                Assert-TypedError -Id ConfirmationRequired -Category InvalidOperation -Target $id -Terminating -Message 'this host cannot prompt' -RecommendedAction '-Confirm:\$false'
            $record.Exception.InnerException | Should -BeOfType ([System.Management.Automation.PSInvalidOperationException])
            (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
        }
    }

    Context 'typed errors under -ErrorAction Stop, SilentlyContinue and -ErrorVariable' {
        It 'PublishRefused: a failed validation stops the publish unless -Force' {
            $id = New-RepoId 'refused'
            $bad = Test-Checkpoint -Path (Get-FixturePath 'pytorch/MALICIOUS_os_system.pt')
            $bad.IsValid | Should -BeFalse
            Get-ErrorUnderPreference { param($c) $bad | Publish-HfModel -RepoId $id @h @c } |
                Assert-TypedError -Id PublishRefused -Category InvalidData -Target $id -Terminating -Message 'Nothing was published: 1 file\(s\) failed the checkpoint gate.*MALICIOUS_os_system\.pt \(PT_UNSAFE_GLOBAL' -RecommendedAction '-Force'
            (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
            ($bad | Publish-HfModel -RepoId $id @h -Force -Confirm:$false).Committed | Should -BeTrue
        }

        It 'HubTokenNotFound: no token anywhere' {
            $id = New-RepoId 'no-token'
            Get-ErrorUnderPreference { param($c) Publish-HfModel -Path $Onnx -RepoId $id -Endpoint $Hub.Endpoint @c } |
                Assert-TypedError -Id HubTokenNotFound -Category AuthenticationError -Target $id -Terminating -Message 'No Hugging Face token found.*HF_TOKEN' -RecommendedAction 'HF_TOKEN'
        }

        It 'HubUnauthorized: a token the Hub does not know' {
            $id = New-RepoId 'wrong-token'
            Get-ErrorUnderPreference { param($c) Publish-HfModel -Path $Onnx -RepoId $id -Token $WrongToken -Endpoint $Hub.Endpoint @c } |
                Assert-TypedError -Id HubUnauthorized -Category AuthenticationError -Target $id -Terminating -Message '401.*Invalid credentials' -RecommendedAction 'from -Token was refused'
        }

        It 'BranchNotFound: a branch that does not exist is refused before any write' {
            $first = New-HubRepo 'no-branch'
            $before = Get-HubWriteCount $Hub
            Get-ErrorUnderPreference { param($c) Publish-HfModel -Path $Gguf -RepoId $first.RepoId -Revision nobranch @h @c } |
                Assert-TypedError -Id BranchNotFound -Category ObjectNotFound -Target nobranch -Terminating -Message "has no branch 'nobranch' to publish to; nothing was published" -RecommendedAction '-CreateBranch'
            $after = Get-HubWriteCount $Hub
            $after.Writes | Should -Be $before.Writes -Because 'the missing branch is found before the first write'
            (Get-HubRepoState $Hub -RepoId $first.RepoId).Files.Keys | Should -Not -Contain (Split-Path $Gguf -Leaf)
        }

        It 'HubForbidden: the Hub refuses the write' {
            $first = New-HubRepo 'forbidden'
            Set-HubFault $Hub -Rule @{ endpoint = 'preupload'; errorRate = 1; status = 403 }
            try {
                Get-ErrorUnderPreference { param($c) Publish-HfModel -Path $Gguf -RepoId $first.RepoId @h @c } |
                    Assert-TypedError -Id HubForbidden -Category PermissionDenied -Target $first.RepoId -Terminating -Message '403' -RecommendedAction 'write access'
            }
            finally { Set-HubFault $Hub }
            (Get-HubRepoState $Hub $first.RepoId).Head | Should -Be $first.CommitOid
        }

        It 'PublishPathConflict: two files would land on one path' {
            $folder = New-TestFolder
            $a = New-TextFile $folder 'a/same.txt' 'a'
            $b = New-TextFile $folder 'b/same.txt' 'b'
            $id = New-RepoId 'conflict'
            Get-ErrorUnderPreference { param($c) Publish-HfModel -Path $a, $b -RepoId $id @h @c } |
                Assert-TypedError -Id PublishPathConflict -Category InvalidArgument -Target 'same.txt' -Terminating -Message 'would both be published as .same\.txt.' -RecommendedAction '-PathInRepo'
        }

        It 'PathNotFound: a missing input is a non-terminating error naming the path' {
            $missing = Join-Path (New-TestFolder) 'missing.safetensors'
            $id = New-RepoId 'missing'
            Get-ErrorUnderPreference { param($c) Publish-HfModel -Path $missing -RepoId $id @h @c } |
                Assert-TypedError -Id PathNotFound -Category ObjectNotFound -Target $missing -Message 'missing\.safetensors'
        }

        It 'PublishInputUnsupported: an object that is no file, checkpoint or card' {
            $odd = [pscustomobject]@{ Weights = 'x' }
            $id = New-RepoId 'odd'
            Get-ErrorUnderPreference { param($c) $odd | Publish-HfModel -RepoId $id @h @c } |
                Assert-TypedError -Id PublishInputUnsupported -Category InvalidArgument -Target $odd -Message 'not PSCustomObject'
        }
    }

    Context 'the default view' {
        It 'PublishResult renders as a list with the commit, the file counts and the bytes' {
            $weights = New-RandomFile -Path (Join-Path (New-TestFolder) 'view.bin') -Length 3000 -Seed ([Environment]::TickCount)
            $result = Publish-HfModel -Path $weights -RepoId (New-RepoId 'view') @h -Confirm:$false
            $text = $result | Out-String -Width 200
            $text | Should -Match "RepoId\s+: $([regex]::Escape($result.RepoId))"
            $text | Should -Match "CommitOid\s+: $($result.CommitOid)"
            $text | Should -Match 'Committed\s+: True'
            $text | Should -Match 'RepoCreated\s+: True'
            $text | Should -Match 'Files\s+: 1 \(1 new, 0 updated, 0 unchanged\)'
            $text | Should -Match 'Uploaded\s+: 2\.9 KB'
            $text | Should -Match 'Skipped\s+: 0 B'
            $table = $result.Files | Format-Table | Out-String -Width 200
            $table | Should -Match 'PathInRepo\s+Action\s+LFS\s+Size\s+Uploaded'
            $table | Should -Match 'view\.bin\s+New\s+True\s+2\.9 KB\s+True'
        }
    }
}

Describe 'Publish-HfModel stopped with Ctrl+C' {
    BeforeAll {
        # Parts of 1 MB, each answered after 300 ms: a 40 MB upload takes seconds, long enough to stop half way.
        $SlowHub = Start-TestHub -Faults @{ rules = @(@{ endpoint = 'part'; latencyMs = 300 }) } -ChunkSize 1MB -MultipartThreshold 1MB
        $slow = @{ Token = $SlowHub.Token; Endpoint = $SlowHub.Endpoint }
        $Temp = New-TestFolder -Name 'tmp'
        $savedTemp = $env:TMPDIR
        $env:TMPDIR = $Temp # where a card is staged (modelrelease-card-*)
    }

    AfterAll {
        $env:TMPDIR = $savedTemp
        Stop-TestHub $SlowHub
    }

    It 'stops promptly mid-upload with no commit, no staging folder and the local files unchanged; running it again commits once' {
        $id = New-RepoId 'stopped'
        $first = Publish-HfModel -Path $Onnx -RepoId $id @slow -Confirm:$false
        $big = New-RandomFile -Path (Join-Path (New-TestFolder) 'big.safetensors.bin') -Length 40MB -Seed 7
        $hashBefore = (Get-FileHash -LiteralPath $big -Algorithm SHA256).Hash
        $card = New-ModelCard -RepoId $id -License mit -WarningAction SilentlyContinue # staged as README.md while publishing

        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-ModelReleaseManifestPath)).AddStatement()
            $null = $ps.AddScript({ param($inputs, $id, $hub) $inputs | Publish-HfModel -RepoId $id @hub }.ToString()).AddArgument(@($card, (Get-Item -LiteralPath $big))).AddArgument($id).AddArgument($slow)
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not ($ps.Streams.Progress | Where-Object { $_.Activity -eq 'Uploading' -and $_.PercentComplete -gt 0 })) {
                if ([DateTime]::UtcNow -gt $deadline -or $async.IsCompleted) { throw "The upload never started (state $($ps.InvocationStateInfo.State): $($ps.InvocationStateInfo.Reason))" }
                Start-Sleep -Milliseconds 50
            }
            @(Get-ChildItem -LiteralPath $Temp -Filter 'modelrelease-card-*').Count | Should -Be 1 # the card is staged while the upload runs
            $stop = $ps.BeginStop($null, $null)
            $stop.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(15)) | Should -BeTrue -Because 'Ctrl+C cancels the upload in flight'
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            $upload = $ps.Streams.Progress | Where-Object { $_.Activity -eq 'Uploading' -and $_.RecordType -eq 'Processing' } | Select-Object -Last 1
            $upload | Should -Not -BeNullOrEmpty
            $upload.PercentComplete | Should -BeLessThan 100
        }
        finally {
            # Let the stopped batch finish before the runspace goes (disposing it under a running batch crashes the host).
            if ($async -and $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(15))) { try { $null = $ps.EndInvoke($async) } catch { $null = $_ } }
            $ps.Dispose()
        }

        $state = Get-HubRepoState $SlowHub $id
        $state.Head | Should -Be $first.CommitOid
        $state.CommitCount | Should -Be 2
        $state.Files.Keys | Should -Not -Contain 'big.safetensors.bin'
        (Get-FileHash -LiteralPath $big -Algorithm SHA256).Hash | Should -Be $hashBefore
        Get-ChildItem -LiteralPath $Temp -Filter 'modelrelease-card-*' | Should -BeNullOrEmpty

        $again = @($card, (Get-Item -LiteralPath $big)) | Publish-HfModel -RepoId $id @slow
        $again.Committed | Should -BeTrue
        $after = Get-HubRepoState $SlowHub $id
        $after.CommitCount | Should -Be 3
        $after.Head | Should -Be $again.CommitOid
        $after.Files['big.safetensors.bin'] | Should -Be $hashBefore.ToLowerInvariant()
        $after.Files.Keys | Should -Contain 'README.md'
        Get-ChildItem -LiteralPath $Temp -Filter 'modelrelease-card-*' | Should -BeNullOrEmpty
    }

    It 'stops while input still arrives: the card staged for an earlier object is removed, nothing is published' {
        $id = New-RepoId 'stopped-early'
        $card = New-ModelCard -RepoId $id -License mit -WarningAction SilentlyContinue
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-ModelReleaseManifestPath)).AddStatement()
            $null = $ps.AddScript({ param($card, $hub) & { $card; Start-Sleep -Seconds 60; 'never' } | Publish-HfModel @hub -Confirm:$false }.ToString()).AddArgument($card).AddArgument($slow)
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while (-not (Get-ChildItem -LiteralPath $Temp -Filter 'modelrelease-card-*')) {
                if ([DateTime]::UtcNow -gt $deadline -or $async.IsCompleted) { throw 'The card was never staged' }
                Start-Sleep -Milliseconds 50
            }
            $ps.BeginStop($null, $null).AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(15)) | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            if ($async -and $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromSeconds(15))) { try { $null = $ps.EndInvoke($async) } catch { $null = $_ } }
            $ps.Dispose()
        }
        Get-ChildItem -LiteralPath $Temp -Filter 'modelrelease-card-*' | Should -BeNullOrEmpty
        (Get-HubRepoState $SlowHub $id).Exists | Should -BeFalse
    }
}

Describe 'New-ReleaseTag' {
    BeforeAll {
        # Two commits to tag: $First (one file) and $Second (the head of main).
        $First = New-HubRepo 'tags'
        $RepoId = $First.RepoId
        $Second = Publish-HfModel -Path $Gguf -RepoId $RepoId @h -CommitMessage 'second'
    }

    Context 'every parameter set, with its result' {
        It 'Version: -Format <Format> names the tag <Expected>' -ForEach @(
            @{ Format = 'Version'; Version = '1.0.0'; Template = $null; Expected = 'v1.0.0' }
            @{ Format = 'Model'; Version = '1.0.0'; Template = $null; Expected = 'model-v1.0.0' }
            @{ Format = 'Export'; Version = '1.0.0-rc.1'; Template = $null; Expected = 'export-v1.0.0-rc.1' }
            @{ Format = 'Weights'; Version = '1.1.7'; Template = $null; Expected = 'weights-v1.1' }
            @{ Format = 'Custom'; Version = '2.0.1'; Template = 'release/{major}.{minor}'; Expected = 'release/2.0' }
        ) {
            $template = if ($Template) { @{ Template = $Template } } else { @{} }
            $out = New-ReleaseTag -RepoId $RepoId -CommitOid $First.CommitOid -Version $Version -Format $Format @template -Message "as $Format" @h -Debug 5>&1
            Get-BoundParameterSet $out 'New-ReleaseTag' | Should -Be 'Version'
            $tag = $out | Where-Object { $_ -is [ModelRelease.ReleaseTag] }
            $tag.Name | Should -Be $Expected
            $tag.CommitOid | Should -Be $First.CommitOid
            $tag.Created | Should -BeTrue
            $tag.Message | Should -Be "as $Format"
            (Get-HubRepoState $Hub $RepoId).Tags[$Expected] | Should -Be $First.CommitOid
        }

        It 'Name: a tag name as it is, at -Revision' {
            $out = New-ReleaseTag -RepoId $RepoId -Revision main -Name 'latest-stable' @h -Debug 5>&1
            Get-BoundParameterSet $out 'New-ReleaseTag' | Should -Be 'Name'
            $tag = $out | Where-Object { $_ -is [ModelRelease.ReleaseTag] }
            $tag.Name | Should -Be 'latest-stable'
            $tag.Version | Should -BeNullOrEmpty
            (Get-HubRepoState $Hub $RepoId).Tags['latest-stable'] | Should -Be $Second.CommitOid
        }

        It 'the same tag on the same commit again is a no-op (Created is false)' {
            $null = New-ReleaseTag -RepoId $RepoId -Revision $First.CommitOid -Version 0.9.0 @h
            $writes = Get-HubWriteCount $Hub
            $again = New-ReleaseTag -RepoId $RepoId -Revision $First.CommitOid -Version 0.9.0 @h
            $again.Created | Should -BeFalse
            (Get-HubWriteCount $Hub).Writes | Should -Be $writes.Writes
        }
    }

    Context 'binding by property name' {
        It 'rows of Import-Csv bind RepoId, CommitOid, Version and Message' {
            $csv = Join-Path (New-TestFolder) 'releases.csv'
            @(
                [pscustomobject]@{ RepoId = $RepoId; CommitOid = $First.CommitOid; Version = '3.0.0'; Message = 'from csv one' }
                [pscustomobject]@{ RepoId = $RepoId; CommitOid = $Second.CommitOid; Version = '3.1.0'; Message = 'from csv two' }
            ) | Export-Csv -LiteralPath $csv
            $out = Import-Csv -LiteralPath $csv | New-ReleaseTag @h -Debug 5>&1
            Get-BoundParameterSet $out 'New-ReleaseTag' | Should -Be 'Version'
            $tags = $out | Where-Object { $_ -is [ModelRelease.ReleaseTag] }
            $tags.Name | Should -Be @('v3.0.0', 'v3.1.0')
            $tags.Message | Should -Be @('from csv one', 'from csv two')
            $state = Get-HubRepoState $Hub $RepoId
            $state.Tags['v3.0.0'] | Should -Be $First.CommitOid
            $state.Tags['v3.1.0'] | Should -Be $Second.CommitOid
        }

        It 'objects of ConvertFrom-Json bind RepoId, Revision and Version' {
            $json = @{ RepoId = $RepoId; Revision = $First.CommitOid; Version = '4.0.0' } | ConvertTo-Json
            $tag = $json | ConvertFrom-Json | New-ReleaseTag -Format Model @h
            $tag.Name | Should -Be 'model-v4.0.0'
            (Get-HubRepoState $Hub $RepoId).Tags['model-v4.0.0'] | Should -Be $First.CommitOid
        }
    }

    Context 'moving a tag: -Force, -WhatIf, -Confirm and $ConfirmPreference' {
        BeforeEach {
            $Tag = 'v9.' + (Get-Random -Maximum 100000) + '.0'
            $null = New-ReleaseTag -RepoId $RepoId -CommitOid $First.CommitOid -Name $Tag @h
        }

        It 'creating a new tag does not ask' {
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $id) New-ReleaseTag -RepoId $id -Version 8.0.0 @h } -ArgumentList $h, $RepoId
            $run.Prompts | Should -BeNullOrEmpty
            $run.Output[0].Created | Should -BeTrue
        }

        It 'moving asks by default; No leaves the tag where it was' {
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $id, $tag) New-ReleaseTag -RepoId $id -Name $tag -Force @h } -ArgumentList $h, $RepoId, $Tag -Answer 'No'
            $run.Prompts | Should -HaveCount 1
            $run.Prompts[0].Message | Should -Match ([regex]::Escape("`"Move tag $Tag from $($First.CommitOid.Substring(0, 12)) to $($Second.CommitOid.Substring(0, 12))`" on target `"$RepoId`:$Tag`""))
            $run.Output | Should -BeNullOrEmpty
            (Get-HubRepoState $Hub $RepoId).Tags[$Tag] | Should -Be $First.CommitOid
        }

        It 'moving asks by default; Yes moves it (Moved is true)' {
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $id, $tag) New-ReleaseTag -RepoId $id -Name $tag -Force @h } -ArgumentList $h, $RepoId, $Tag -Answer 'Yes'
            $run.Prompts | Should -HaveCount 1
            $run.Output[0].Moved | Should -BeTrue
            (Get-HubRepoState $Hub $RepoId).Tags[$Tag] | Should -Be $Second.CommitOid
        }

        It 'moving with <Case> does not ask' -ForEach @(
            @{ Case = '-Confirm:$false'; Preference = $null }
            @{ Case = '$ConfirmPreference = None'; Preference = 'None' }
        ) {
            $variables = if ($Preference) { @{ ConfirmPreference = $Preference } } else { @{} }
            $run = Invoke-InRecordingHost -ScriptBlock {
                param($h, $id, $tag, $preference)
                if ($preference) { New-ReleaseTag -RepoId $id -Name $tag -Force @h } else { New-ReleaseTag -RepoId $id -Name $tag -Force @h -Confirm:$false }
            } -ArgumentList $h, $RepoId, $Tag, $Preference -Variable $variables
            $run.Prompts | Should -BeNullOrEmpty
            $run.Output[0].Moved | Should -BeTrue
            (Get-HubRepoState $Hub $RepoId).Tags[$Tag] | Should -Be $Second.CommitOid
        }

        It '-Confirm asks once for the move, and once for a new tag' {
            $run = Invoke-InRecordingHost -ScriptBlock {
                param($h, $id, $tag)
                New-ReleaseTag -RepoId $id -Name $tag -Force @h -Confirm
                New-ReleaseTag -RepoId $id -Version 7.0.0 @h -Confirm
            } -ArgumentList $h, $RepoId, $Tag -Answer 'Yes', 'No'
            $run.Prompts | Should -HaveCount 2
            $run.Prompts[0].Message | Should -Match "Move tag $([regex]::Escape($Tag))"
            $run.Prompts[1].Message | Should -Match 'Create tag v7\.0\.0'
            $state = Get-HubRepoState $Hub $RepoId
            $state.Tags[$Tag] | Should -Be $Second.CommitOid
            $state.Tags.Keys | Should -Not -Contain 'v7.0.0'
        }

        It '"Yes to All" answers every move of one pipeline at once' {
            $versions = 1..2 | ForEach-Object { '9.{0}.{1}' -f (Get-Random -Maximum 100000), $_ }
            foreach ($v in $versions) { $null = New-ReleaseTag -RepoId $RepoId -CommitOid $First.CommitOid -Version $v @h }
            $rows = $versions | ForEach-Object { [pscustomobject]@{ RepoId = $RepoId; Version = $_ } }
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $rows) $rows | New-ReleaseTag -Force @h } -ArgumentList $h, $rows -Answer 'Yes to All'
            $run.Prompts | Should -HaveCount 1
            $run.Output.Moved | Should -Be @($true, $true)
            $state = Get-HubRepoState $Hub $RepoId
            foreach ($v in $versions) { $state.Tags["v$v"] | Should -Be $Second.CommitOid }
        }

        It '-WhatIf shows the move and moves nothing' {
            $writes = Get-HubWriteCount $Hub
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $id, $tag) New-ReleaseTag -RepoId $id -Name $tag -Force @h -WhatIf } -ArgumentList $h, $RepoId, $Tag
            $run.Prompts | Should -BeNullOrEmpty
            $run.Output | Should -BeNullOrEmpty
            $run.Lines | Should -Contain "What if: Performing the operation `"Move tag $Tag from $($First.CommitOid.Substring(0, 12)) to $($Second.CommitOid.Substring(0, 12))`" on target `"$RepoId`:$Tag`"."
            (Get-HubRepoState $Hub $RepoId).Tags[$Tag] | Should -Be $First.CommitOid
            (Get-HubWriteCount $Hub).Writes | Should -Be $writes.Writes
        }

        It '-WhatIf on a new tag creates nothing' {
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $id) New-ReleaseTag -RepoId $id -Version 6.0.0 @h -WhatIf } -ArgumentList $h, $RepoId
            $run.Output | Should -BeNullOrEmpty
            $run.Lines | Should -Contain "What if: Performing the operation `"Create tag v6.0.0`" on target `"$RepoId@main ($($Second.CommitOid.Substring(0, 12)))`"."
            (Get-HubRepoState $Hub $RepoId).Tags.Keys | Should -Not -Contain 'v6.0.0'
        }

        It 'a host that cannot prompt leaves the tag with ConfirmationRequired (every error preference)' {
            $seen = Invoke-WithoutHost {
                param($h, $id, $tag)
                Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $id -Name $tag -Force @h @c }
            } -ArgumentList $h, $RepoId, $Tag
            $seen | Assert-TypedError -Id ConfirmationRequired -Category InvalidOperation -Target "$RepoId`:$Tag" -Terminating `
                -Message "'Move tag $([regex]::Escape($Tag)) from" -RecommendedAction '-Confirm:\$false' | Out-Null
            (Get-HubRepoState $Hub $RepoId).Tags[$Tag] | Should -Be $First.CommitOid
        }
    }

    Context '-LocalRepository' {
        BeforeAll {
            $Git = New-TestFolder -Name 'git'
            $gitEnvironment = @{ GIT_AUTHOR_NAME = 'Pester'; GIT_AUTHOR_EMAIL = 'pester@example.com'; GIT_COMMITTER_NAME = 'Pester'; GIT_COMMITTER_EMAIL = 'pester@example.com' }
            foreach ($k in $gitEnvironment.Keys) { Set-Item -Path "Env:$k" -Value $gitEnvironment[$k] }
            git -C $Git init --quiet
            git -C $Git commit --allow-empty --quiet -m one
            $LocalFirst = (git -C $Git rev-parse HEAD).Trim()
            git -C $Git commit --allow-empty --quiet -m two
            $LocalHead = (git -C $Git rev-parse HEAD).Trim()
            function Get-LocalTag([string] $Name) { $c = git -C $Git rev-parse --verify --quiet "refs/tags/$Name^{commit}"; if ($c) { $c.Trim() } }
        }

        AfterAll {
            foreach ($k in 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL') { Remove-Item -Path "Env:$k" -ErrorAction Ignore }
        }

        It 'tags HEAD of the local repository too, recording the Hub commit in the message' {
            $tag = New-ReleaseTag -RepoId $RepoId -Version 2.2.0 -Format Weights -Message 'weights' -LocalRepository $Git @h
            $tag.Name | Should -Be 'weights-v2.2'
            $tag.LocalRepository | Should -Be $Git
            Get-LocalTag 'weights-v2.2' | Should -Be $LocalHead
            (Get-HubRepoState $Hub $RepoId).Tags['weights-v2.2'] | Should -Be $Second.CommitOid
            $contents = '--format=%(contents)'
            (git -C $Git tag -l $contents 'weights-v2.2') -join "`n" | Should -Match "Hub: $([regex]::Escape($RepoId))@$($Second.CommitOid)"
        }

        It '-WhatIf creates neither tag, and says so for both' {
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $id, $git) New-ReleaseTag -RepoId $id -Version 5.5.0 -LocalRepository $git @h -WhatIf } -ArgumentList $h, $RepoId, $Git
            ($run.Lines -like 'What if:*Create tag v5.5.0*') | Should -HaveCount 1
            ($run.Lines -like "What if:*Create git tag v5.5.0*$Git*") | Should -HaveCount 1
            Get-LocalTag 'v5.5.0' | Should -BeNullOrEmpty
            (Get-HubRepoState $Hub $RepoId).Tags.Keys | Should -Not -Contain 'v5.5.0'
        }

        It 'a local tag on another commit is refused before anything is written on the Hub' {
            git -C $Git tag -a v5.6.0 -m old $LocalFirst
            Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $RepoId -Version 5.6.0 -LocalRepository $Git @h @c } |
                Assert-TypedError -Id ReleaseTagAlreadyExists -Category ResourceExists -Target 'v5.6.0' -Message 'local repository already has tag v5\.6\.0' -RecommendedAction '-Force' | Out-Null
            (Get-HubRepoState $Hub $RepoId).Tags.Keys | Should -Not -Contain 'v5.6.0'
            Get-LocalTag 'v5.6.0' | Should -Be $LocalFirst
        }

        It 'moving a local tag asks like moving the Hub''s' {
            git -C $Git tag -a v5.7.0 -m old $LocalFirst
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $id, $git) New-ReleaseTag -RepoId $id -Version 5.7.0 -LocalRepository $git -Force @h } -ArgumentList $h, $RepoId, $Git -Answer 'Yes'
            $run.Prompts | Should -HaveCount 1
            $run.Prompts[0].Message | Should -Match 'Move git tag v5\.7\.0'
            Get-LocalTag 'v5.7.0' | Should -Be $LocalHead
            $run.Output[0].LocalRepository | Should -Be $Git
        }

        It 'LocalRepositoryNotFound: a folder that does not exist, and nothing on the Hub' {
            $nowhere = Join-Path (New-TestFolder) 'nowhere'
            Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $RepoId -Version 5.8.0 -LocalRepository $nowhere @h @c } |
                Assert-TypedError -Id LocalRepositoryNotFound -Category ObjectNotFound -Target $nowhere -Message 'is not a folder' | Out-Null
            (Get-HubRepoState $Hub $RepoId).Tags.Keys | Should -Not -Contain 'v5.8.0'
        }
    }

    Context 'typed errors under -ErrorAction Stop, SilentlyContinue and -ErrorVariable' {
        It 'ReleaseTagAlreadyExists: the tag names another commit and -Force is not given' {
            $null = New-ReleaseTag -RepoId $RepoId -CommitOid $First.CommitOid -Version 10.0.0 @h
            Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $RepoId -CommitOid $Second.CommitOid -Version 10.0.0 @h @c } |
                Assert-TypedError -Id ReleaseTagAlreadyExists -Category ResourceExists -Target 'v10.0.0' -Message "Tag v10\.0\.0 already exists .* at $($First.CommitOid)" -RecommendedAction '-Force' | Out-Null
            (Get-HubRepoState $Hub $RepoId).Tags['v10.0.0'] | Should -Be $First.CommitOid
        }

        It 'HubRepoNotFound: the repository does not exist' {
            $id = New-RepoId 'nothing-here'
            Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $id -Version 1.0.0 @h @c } |
                Assert-TypedError -Id HubRepoNotFound -Category ObjectNotFound -Target $id -Message 'Repository not found' -RecommendedAction 'repository id' | Out-Null
        }

        It 'HubRevisionNotFound: the revision names nothing' {
            Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $RepoId -Revision nobranch -Version 11.0.0 @h @c } |
                Assert-TypedError -Id HubRevisionNotFound -Category ObjectNotFound -Target $RepoId -Message 'Invalid rev id: nobranch' | Out-Null
        }

        It 'VersionInvalid: a version that is not one (the one reader of versions says why, with its code)' {
            Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $RepoId -Version 'one.two' @h @c } |
                Assert-TypedError -Id VersionInvalid -Category InvalidArgument -Target 'one.two' -Message 'one\.two.*VER_SYNTAX' | Out-Null
        }

        It 'ReleaseTagInvalid: a tag name git refuses' {
            Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $RepoId -Name 'bad name' @h @c } |
                Assert-TypedError -Id ReleaseTagInvalid -Category InvalidArgument -Target 'bad name' -Message 'not a valid tag name' | Out-Null
        }

        It 'HubTokenNotFound: no token anywhere' {
            Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $RepoId -Version 12.0.0 -Endpoint $Hub.Endpoint @c } |
                Assert-TypedError -Id HubTokenNotFound -Category AuthenticationError -Target $RepoId -Message 'No Hugging Face token found' -RecommendedAction 'HF_TOKEN' | Out-Null
        }

        It 'HubUnauthorized: a token the Hub does not know' {
            Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $RepoId -Version 12.0.0 -Token $WrongToken -Endpoint $Hub.Endpoint @c } |
                Assert-TypedError -Id HubUnauthorized -Category AuthenticationError -Target $RepoId -Message 'Invalid credentials' | Out-Null
        }
    }

    Context 'the default view' {
        It 'ReleaseTag renders as a table of repository, name, version, family, commit date, short commit and message' {
            $tag = New-ReleaseTag -RepoId $RepoId -CommitOid $First.CommitOid -Version 13.0.0 -Message 'view me' @h
            $listed = Get-ReleaseTag -RepoId $RepoId @h | Where-Object Name -EQ 'v13.0.0'
            $listed.Date | Should -Not -BeNullOrEmpty -Because 'Get-ReleaseTag reads the date of the commit each tag names'
            $lines = ($listed | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() }
            $lines[0] | Should -Match '^RepoId\s+Name\s+Version\s+Family\s+Date\s+Commit\s+Message$'
            $date = [regex]::Escape($listed.Date.ToString('yyyy-MM-dd HH:mm:ss'))
            $lines[2] | Should -Match "^$([regex]::Escape($RepoId))\s+v13\.0\.0\s+13\.0\.0\s+v\s+$date\s+$($First.CommitOid.Substring(0, 12))\s+view me$"
            $list = $tag | Format-List | Out-String -Width 200
            $list | Should -Match "CommitOid\s+: $($First.CommitOid)"
            $list | Should -Match 'Created\s+: True'
        }
    }
}

Describe 'Get-ReleaseTag' {
    BeforeAll {
        $Release = New-HubRepo 'list'
        foreach ($v in '1.0.0', '1.10.0', '1.2.0') { $null = New-ReleaseTag -RepoId $Release.RepoId -Version $v @h }
        $null = New-ReleaseTag -RepoId $Release.RepoId -Version 1.2.0 -Format Model @h
    }

    It 'lists the tags newest version first, with no token for a public repository' {
        $out = Get-ReleaseTag -RepoId $Release.RepoId -Endpoint $Hub.Endpoint -Debug 5>&1
        Get-BoundParameterSet $out 'Get-ReleaseTag' | Should -Be '__AllParameterSets'
        $tags = $out | Where-Object { $_ -is [ModelRelease.ReleaseTag] }
        $tags.Name | Should -Be @('v1.10.0', 'v1.2.0', 'model-v1.2.0', 'v1.0.0')
        $tags.CommitOid | Select-Object -Unique | Should -Be $Release.CommitOid
        ($out | Where-Object { $_ -is [System.Management.Automation.DebugRecord] -and $_.Message -like '*token none*' }) | Should -HaveCount 1
    }

    It 'binds RepoId by property name from Import-Csv and from a publish result' {
        $other = New-HubRepo 'list-other'
        $null = New-ReleaseTag -RepoId $other.RepoId -Version 0.1.0 @h
        $csv = Join-Path (New-TestFolder) 'repos.csv'
        @([pscustomobject]@{ RepoId = $Release.RepoId }, [pscustomobject]@{ RepoId = $other.RepoId }) | Export-Csv -LiteralPath $csv
        $tags = Import-Csv -LiteralPath $csv | Get-ReleaseTag -Endpoint $Hub.Endpoint
        ($tags | Group-Object RepoId | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }) | Should -Be @("$($Release.RepoId)=4", "$($other.RepoId)=1")
        ($other | Get-ReleaseTag -Endpoint $Hub.Endpoint).Name | Should -Be 'v0.1.0'
    }

    It 'HubRepoNotFound (non-terminating) for a repository that does not exist' {
        $id = New-RepoId 'no-tags'
        Get-ErrorUnderPreference { param($c) Get-ReleaseTag -RepoId $id -Endpoint $Hub.Endpoint @c } |
            Assert-TypedError -Id HubRepoNotFound -Category ObjectNotFound -Target $id -Message 'Repository not found' | Out-Null
    }

    It 'HubUnauthorized for a token the Hub does not know' {
        Get-ErrorUnderPreference { param($c) Get-ReleaseTag -RepoId $Release.RepoId -Token $WrongToken -Endpoint $Hub.Endpoint @c } |
            Assert-TypedError -Id HubUnauthorized -Category AuthenticationError -Target $Release.RepoId -Message 'Invalid credentials' | Out-Null
    }
}

Describe 'Get-HfRepoFile' {
    BeforeAll {
        $folder = New-TestFolder
        $null = New-TextFile $folder 'tree/config.json' '{"hidden": 1}'
        $null = New-TextFile $folder 'tree/docs/usage.md' '# usage'
        Copy-Item -LiteralPath $Onnx -Destination (Join-Path $folder 'tree')
        $Tree = Publish-HfModel -Path (Join-Path $folder 'tree') -RepoId (New-RepoId 'tree') @h -Confirm:$false
        $null = $Tree | New-ReleaseTag -Version 1.0.0 @h
    }

    It 'lists the top folder, or everything with -Recurse, with sizes and hashes' {
        $out = Get-HfRepoFile -RepoId $Tree.RepoId -Endpoint $Hub.Endpoint -Debug 5>&1
        Get-BoundParameterSet $out 'Get-HfRepoFile' | Should -Be '__AllParameterSets'
        $top = $out | Where-Object { $_ -is [ModelRelease.HubRepoFile] }
        ($top | Sort-Object Path | ForEach-Object { "$($_.Type):$($_.Path)" }) | Should -Be @('file:.gitattributes', 'file:config.json', 'directory:docs', 'file:tiny_mlp.onnx')
        $all = Get-HfRepoFile -RepoId $Tree.RepoId -Recurse -Endpoint $Hub.Endpoint
        $all.Path | Should -Contain 'docs/usage.md'
        $listed = $all | Where-Object Path -EQ 'tiny_mlp.onnx'
        $listed.IsLfs | Should -BeTrue
        $listed.LfsOid | Should -Be (Get-FileHash -LiteralPath $Onnx -Algorithm SHA256).Hash.ToLowerInvariant()
        $listed.Size | Should -Be (Get-Item -LiteralPath $Onnx).Length
        ($all | Where-Object Path -EQ 'config.json').BlobId | Should -Match '^[0-9a-f]{40}$'
    }

    It '-PathInRepo (by position) lists one folder' {
        (Get-HfRepoFile $Tree.RepoId docs -Endpoint $Hub.Endpoint).Path | Should -Be 'docs/usage.md'
    }

    It 'binds RepoId and Revision from a publish result and from ConvertFrom-Json; | Where-Object IsLfs (the help example)' {
        ($Tree | Get-HfRepoFile -Endpoint $Hub.Endpoint).Revision | Select-Object -Unique | Should -Be $Tree.Revision
        $json = @{ RepoId = $Tree.RepoId; Revision = 'v1.0.0' } | ConvertTo-Json
        $lfs = $json | ConvertFrom-Json | Get-HfRepoFile -Recurse -Endpoint $Hub.Endpoint | Where-Object IsLfs
        $lfs.Path | Should -Be 'tiny_mlp.onnx'
        $lfs.Revision | Should -Be 'v1.0.0'
    }

    It '<ErrorId> (non-terminating) for <Case>' -ForEach @(
        @{ Case = 'a repository that does not exist'; ErrorId = 'HubRepoNotFound'; Repo = 'pester/does-not-exist'; Revision = 'main'; PathInRepo = $null; Message = 'Repository not found' }
        @{ Case = 'a revision that does not exist'; ErrorId = 'HubRevisionNotFound'; Repo = $null; Revision = 'nobranch'; PathInRepo = $null; Message = 'Invalid rev id: nobranch' }
        @{ Case = 'a folder that does not exist'; ErrorId = 'HubEntryNotFound'; Repo = $null; Revision = 'main'; PathInRepo = 'nothing'; Message = 'Entry not found: nothing' }
    ) {
        $id = if ($Repo) { $Repo } else { $Tree.RepoId }
        Get-ErrorUnderPreference { param($c) Get-HfRepoFile -RepoId $id -Revision $Revision -PathInRepo $PathInRepo -Endpoint $Hub.Endpoint @c } |
            Assert-TypedError -Id $ErrorId -Category ObjectNotFound -Target $id -Message $Message | Out-Null
    }

    It 'HubRepoFile renders as a table of type, path, size and LFS SHA-256' {
        $lines = (Get-HfRepoFile -RepoId $Tree.RepoId -Endpoint $Hub.Endpoint | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^Type\s+Path\s+Size\s+LFS SHA-256$'
        $lines | Should -Contain ($lines | Where-Object { $_ -match "^file\s+tiny_mlp\.onnx\s+573 B\s+$((Get-FileHash -LiteralPath $Onnx -Algorithm SHA256).Hash.ToLowerInvariant())$" })
        ($lines | Where-Object { $_ -match '^directory\s+docs\s+0 B\s*$' }) | Should -HaveCount 1
    }
}

Describe 'Save-HfModel' {
    BeforeAll {
        $folder = New-TestFolder
        $null = New-TextFile $folder 'model/config.json' '{"layers": 2}'
        Copy-Item -LiteralPath $Onnx, $Gguf -Destination (Join-Path $folder 'model')
        $Saved = Publish-HfModel -Path (Join-Path $folder 'model') -RepoId (New-RepoId 'save') @h -Confirm:$false
        $null = $Saved | New-ReleaseTag -Version 1.0.0 @h
        function Get-Sha256([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant() }
    }

    It 'Repository: downloads a revision, every file verified' {
        $target = Join-Path (New-TestFolder) 'all'
        $out = Save-HfModel -RepoId $Saved.RepoId -Revision v1.0.0 -Destination $target -Endpoint $Hub.Endpoint -Debug 5>&1
        Get-BoundParameterSet $out 'Save-HfModel' | Should -Be 'Repository'
        $files = $out | Where-Object { $_ -is [ModelRelease.SavedFile] }
        ($files.PathInRepo | Sort-Object) | Should -Be @('.gitattributes', 'basic-types.gguf', 'config.json', 'tiny_mlp.onnx')
        $files.CommitOid | Select-Object -Unique | Should -Be $Saved.CommitOid
        $savedGguf = $files | Where-Object PathInRepo -EQ 'basic-types.gguf'
        $savedGguf.Path | Should -Be (Join-Path $target 'basic-types.gguf')
        Get-Sha256 $savedGguf.Path | Should -Be (Get-Sha256 $Gguf)
        $savedGguf.VerifiedHash | Should -Be (Get-Sha256 $Gguf)
        Get-ChildItem -LiteralPath $target -Recurse -Filter '*.part' | Should -BeNullOrEmpty
    }

    It 'Repository: -File takes one file; a second run fetches nothing' {
        $target = Join-Path (New-TestFolder) 'one'
        $first = Save-HfModel -RepoId $Saved.RepoId -File tiny_mlp.onnx -Destination $target -Endpoint $Hub.Endpoint
        $first.PathInRepo | Should -Be 'tiny_mlp.onnx'
        $first.BytesDownloaded | Should -Be 573
        (Get-ChildItem -LiteralPath $target).Name | Should -Be 'tiny_mlp.onnx'
        (Save-HfModel -RepoId $Saved.RepoId -File tiny_mlp.onnx -Destination $target -Endpoint $Hub.Endpoint).BytesDownloaded | Should -Be 0
    }

    It 'RepoFile: Get-HfRepoFile | Where-Object IsLfs | Save-HfModel downloads just those files, in one download' {
        $target = Join-Path (New-TestFolder) 'lfs'
        $out = Get-HfRepoFile -RepoId $Saved.RepoId -Revision v1.0.0 -Endpoint $Hub.Endpoint | Where-Object IsLfs |
            Save-HfModel -Destination $target -Endpoint $Hub.Endpoint -Debug 5>&1
        Get-BoundParameterSet $out 'Save-HfModel' | Should -Be 'RepoFile'
        $files = $out | Where-Object { $_ -is [ModelRelease.SavedFile] }
        ($files.PathInRepo | Sort-Object) | Should -Be @('basic-types.gguf', 'tiny_mlp.onnx')
        $files.Revision | Select-Object -Unique | Should -Be 'v1.0.0'
        (Get-ChildItem -LiteralPath $target).Name | Sort-Object | Should -Be @('basic-types.gguf', 'tiny_mlp.onnx')
        ($out | Where-Object { $_ -is [System.Management.Automation.DebugRecord] -and $_.Message -like 'list *' }) | Should -HaveCount 1
    }

    It 'binds RepoId and Revision by property name from ConvertFrom-Json' {
        $target = Join-Path (New-TestFolder) 'json'
        $files = @{ RepoId = $Saved.RepoId; Revision = 'v1.0.0' } | ConvertTo-Json | ConvertFrom-Json | Save-HfModel -Destination $target -File config.json -Endpoint $Hub.Endpoint
        $files.Revision | Should -Be 'v1.0.0'
        Get-Content -LiteralPath (Join-Path $target 'config.json') -Raw | Should -Be '{"layers": 2}'
    }

    It '-WhatIf writes nothing locally, not even the destination folder' {
        $target = Join-Path (New-TestFolder) 'whatif'
        $run = Invoke-InRecordingHost -ScriptBlock { param($h, $id, $target) Save-HfModel -RepoId $id -Destination $target @h -WhatIf } -ArgumentList $h, $Saved.RepoId, $target
        $run.Output | Should -BeNullOrEmpty
        $run.Lines | Should -Contain "What if: Performing the operation `"Download all files of $($Saved.RepoId)@main`" on target `"$target`"."
        Test-Path -LiteralPath $target | Should -BeFalse
    }

    It '<ErrorId> (non-terminating) for <Case>' -ForEach @(
        @{ Case = 'a repository that does not exist'; ErrorId = 'HubRepoNotFound'; Repo = 'pester/does-not-exist'; Revision = 'main'; File = @(); Target = 'pester/does-not-exist'; Message = 'not found|does not exist' }
        @{ Case = 'a revision that does not exist'; ErrorId = 'HubRevisionNotFound'; Repo = $null; Revision = 'nobranch'; File = @(); Target = $null; Message = 'Invalid rev id: nobranch' }
        @{ Case = 'a file that does not exist'; ErrorId = 'HubEntryNotFound'; Repo = $null; Revision = 'main'; File = @('nothing.bin'); Target = 'nothing.bin'; Message = "has no file or folder 'nothing\.bin'" }
    ) {
        $id = if ($Repo) { $Repo } else { $Saved.RepoId }
        $expectedTarget = if ($Target) { $Target } else { $id }
        $destination = Join-Path (New-TestFolder) 'errors'
        Get-ErrorUnderPreference { param($c) Save-HfModel -RepoId $id -Revision $Revision -File $File -Destination $destination -Endpoint $Hub.Endpoint @c } |
            Assert-TypedError -Id $ErrorId -Category ObjectNotFound -Target $expectedTarget -Message $Message | Out-Null
        Get-ChildItem -LiteralPath $destination -Recurse -File -ErrorAction Ignore | Should -BeNullOrEmpty
    }

    It 'SavedFile renders under its folder as a table of path in repository, size, bytes downloaded, resumed and local path' {
        $target = Join-Path (New-TestFolder) 'view'
        $lines = (Save-HfModel -RepoId $Saved.RepoId -File tiny_mlp.onnx -Destination $target -Endpoint $Hub.Endpoint | Out-String -Width 250) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0].Trim() | Should -BeExactly "Folder: $target" # the folder to Set-Location to (the snapshot folder without -Destination)
        $lines[1] | Should -Match '^PathInRepo\s+Size\s+Downloaded\s+Resumed\s+Path$'
        $lines[3] | Should -Match "^tiny_mlp\.onnx\s+573 B\s+573 B\s+False\s+$([regex]::Escape((Join-Path $target 'tiny_mlp.onnx')))$"
    }
}

Describe 'Get-ModelCard -RepoId (the Hub parameter set)' {
    BeforeAll {
        $CardRepo = New-RepoId 'card-read'
        $Card = New-ModelCard -RepoId $CardRepo -License mit -Language en -WarningAction SilentlyContinue
        $CardResult = $Card | Publish-HfModel @h -Confirm:$false
        $null = $CardResult | New-ReleaseTag -Version 1.0.0 @h
    }

    It 'reads README.md at a revision, with no token for a public repository' {
        $out = Get-ModelCard -RepoId $CardRepo -Revision v1.0.0 -Endpoint $Hub.Endpoint -Debug 5>&1
        Get-BoundParameterSet $out 'Get-ModelCard' | Should -Be 'Hub'
        $read = $out | Where-Object { $_ -is [ModelRelease.ModelCard] }
        $read.Text | Should -BeExactly $Card.Text
        $read.RepoId | Should -Be $CardRepo
        $read.Metadata['license'] | Should -Be 'mit'
    }

    It 'binds RepoId and Revision from a publish result and from Import-Csv' {
        ($CardResult | Get-ModelCard -Endpoint $Hub.Endpoint).Text | Should -BeExactly $Card.Text
        $csv = Join-Path (New-TestFolder) 'cards.csv'
        [pscustomobject]@{ RepoId = $CardRepo; Revision = 'v1.0.0' } | Export-Csv -LiteralPath $csv
        $out = Import-Csv -LiteralPath $csv | Get-ModelCard -Endpoint $Hub.Endpoint -Debug 5>&1
        Get-BoundParameterSet $out 'Get-ModelCard' | Should -Be 'Hub'
        ($out | Where-Object { $_ -is [ModelRelease.ModelCard] }).Metadata['license'] | Should -Be 'mit'
    }

    It '<ErrorId> (non-terminating) for <Case>' -ForEach @(
        @{ Case = 'a repository without README.md'; ErrorId = 'HubEntryNotFound'; Kind = 'no-readme'; Message = 'Entry not found: README\.md' }
        @{ Case = 'a repository that does not exist'; ErrorId = 'HubRepoNotFound'; Kind = 'missing'; Message = 'Repository not found' }
    ) {
        $id = if ($Kind -eq 'no-readme') { (New-HubRepo 'no-readme').RepoId } else { New-RepoId 'missing' }
        Get-ErrorUnderPreference { param($c) Get-ModelCard -RepoId $id -Endpoint $Hub.Endpoint @c } |
            Assert-TypedError -Id $ErrorId -Category ObjectNotFound -Target ($id + '@main:README.md') -Message $Message | Out-Null
    }
}

Describe 'Test-ModelCard -Online' {
    It 'a card the Hub accepts gets no CARD_HUB_REJECTED (Card and Path parameter sets)' {
        $card = New-ModelCard -RepoId pester/online -License mit -WarningAction SilentlyContinue
        $out = Test-ModelCard -Card $card -Online -Endpoint $Hub.Endpoint -Debug 5>&1
        Get-BoundParameterSet $out 'Test-ModelCard' | Should -Be 'Card'
        ($out | Where-Object { $_ -is [ModelRelease.ModelCardValidation] }).Findings.Code | Should -Not -Contain 'CARD_HUB_REJECTED'
        $file = Join-Path (New-TestFolder) 'README.md'
        $card | Set-ModelCard -Path $file
        $out = Test-ModelCard -Path $file -Online -Endpoint $Hub.Endpoint -Debug 5>&1
        Get-BoundParameterSet $out 'Test-ModelCard' | Should -Be 'Path'
        ($out | Where-Object { $_ -is [ModelRelease.ModelCardValidation] }).Findings.Code | Should -Not -Contain 'CARD_HUB_REJECTED'
    }

    It 'metadata the Hub refuses becomes CARD_HUB_REJECTED, which offline checking cannot see' {
        $file = Join-Path (New-TestFolder) 'README.md'
        Set-Content -LiteralPath $file -Value ('---', 'license: mit', 'model-index: 3', '---', '# Model')
        $offline = Test-ModelCard -Path $file
        $offline.Findings.Code | Should -Not -Contain 'CARD_HUB_REJECTED'
        $online = Test-ModelCard -Path $file -Online -Endpoint $Hub.Endpoint
        $online.Findings.Code | Should -Contain 'CARD_HUB_REJECTED'
        $online.IsValid | Should -BeFalse
    }

    It 'HubUnreachable (non-terminating) names the card file' {
        $file = Join-Path (New-TestFolder) 'README.md'
        New-ModelCard -RepoId pester/unreachable -License mit -WarningAction SilentlyContinue | Set-ModelCard -Path $file
        $closed = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $closed.Start(); $port = $closed.LocalEndpoint.Port; $closed.Stop()
        $endpoint = 'http://127.0.0.1:' + $port
        Get-ErrorUnderPreference { param($c) Test-ModelCard -Path $file -Online -Endpoint $endpoint @c } |
            Assert-TypedError -Id HubUnreachable -Category ConnectionError -Target $file -Message 'could not be reached' -RecommendedAction 'endpoint' | Out-Null
    }
}
