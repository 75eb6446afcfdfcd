#Requires -Version 7.4
# The cmdlets that are the twins of `hf` commands (Get-HfUser, Connect-HfHub, Disconnect-HfHub, New-HfRepository,
# Set-HfRepository, Remove-HfRepository, Remove-HfRepoFile, Remove-ReleaseTag, Get-HfCache, Remove-HfCache, and
# Save-HfModel into the shared cache) run in the host against the hub emulator: their pipelines, -WhatIf writing
# nothing, the high-impact prompts of the destructive ones, their typed errors, and the token never shown.
# What the Hub holds is read back from the emulator (HubTestHelpers.psm1), never from the cmdlet under test.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HubTestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $Hub = Start-TestHub
    $h = @{ Token = $Hub.Token; Endpoint = $Hub.Endpoint }
    $Onnx = Get-FixturePath 'onnx/tiny_mlp.onnx'
    $Gguf = Get-FixturePath 'gguf/basic-types.gguf'

    function New-RepoId([string] $Name) { "pester/$Name-" + [guid]::NewGuid().ToString('N').Substring(0, 8) }

    function New-TextFile([string] $Folder, [string] $Name, [string] $Text) {
        $path = Join-Path $Folder $Name
        $null = New-Item -ItemType Directory -Path (Split-Path $path) -Force
        Set-Content -LiteralPath $path -Value $Text -NoNewline
        $path
    }

    # A repository holding a.txt, b.tmp, checkpoints/x.bin and checkpoints/y.bin, tagged v1.0.0; returns its id.
    function New-FilledRepo([string] $Name) {
        $id = New-RepoId $Name
        $folder = New-TestFolder -Name $Name
        foreach ($file in 'a.txt', 'b.tmp', 'checkpoints/x.bin', 'checkpoints/y.bin') { $null = New-TextFile $folder $file "content of $file" }
        $null = Publish-HfModel -Path $folder -RepoId $id @h -Confirm:$false -CommitMessage 'first' | New-ReleaseTag -Version 1.0.0 @h
        $id
    }

    # Everything a run showed, as text: the token must not be in it.
    function Get-ShownText($Run) {
        (@($Run.Output | Out-String) + $Run.Lines + ($Run.Errors | Out-String) + ($Run.Warnings | Out-String) + ($Run.Verbose | Out-String) + ($Run.Debug | Out-String) + "$($Run.Exception)") -join "`n"
    }

    # Runs a script with the module in a runspace whose host has no user interface (a build agent): a prompt fails.
    function Invoke-WithoutHost([scriptblock] $ScriptBlock, [object[]] $ArgumentList = @()) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-ModelReleaseManifestPath)).AddStatement()
            $null = $ps.AddScript($ScriptBlock.ToString())
            foreach ($a in $ArgumentList) { $null = $ps.AddArgument($a) }
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error) }
        }
        catch { [pscustomobject]@{ Output = @(); Errors = @($_.Exception.InnerException.ErrorRecord ?? $_.Exception.ErrorRecord ?? $_) } }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Stop-TestHub $Hub
}

Describe 'Accounts: Get-HfUser, Connect-HfHub, Disconnect-HfHub' {
    BeforeEach {
        # A Hugging Face home of its own (the token file lives there) and a cache of its own (the vault reference).
        $saved = @{ HF_HOME = $env:HF_HOME; HF_HUB_CACHE = $env:HF_HUB_CACHE; XDG_CACHE_HOME = $env:XDG_CACHE_HOME }
        $env:HF_HOME = New-TestFolder -Name 'hf-home'
        $env:XDG_CACHE_HOME = New-TestFolder -Name 'xdg-cache'
        Remove-Item Env:HF_HUB_CACHE
        $TokenFile = Join-Path $env:HF_HOME 'token'
    }
    AfterEach {
        foreach ($name in $saved.Keys) { Set-Item -LiteralPath "Env:$name" -Value $saved[$name] }
    }

    It 'Get-HfUser names the user, its organisations and where the token came from, never the token' {
        $run = Invoke-InRecordingHost { param($h) Get-HfUser @h -Verbose -Debug } -ArgumentList $h
        $user = @($run.Output)
        $user.Count | Should -Be 1
        $user[0] | Should -BeOfType ([ModelRelease.HubUser])
        ($user[0].Name, $user[0].Type, $user[0].TokenSource) | Should -Be @('pester', 'user', '-Token')
        $user[0].Organizations | Should -Contain 'org'
        $user[0].Endpoint.TrimEnd('/') | Should -Be $Hub.Endpoint
        Get-ShownText $run | Should -Not -Match ([regex]::Escape($Hub.TokenText))
    }

    It 'Get-HfUser without any token is HubTokenNotFound' {
        $err = $null
        try { Get-HfUser -Endpoint $Hub.Endpoint } catch { $err = $_ }
        Assert-ErrorRecord -Record $err -Id HubTokenNotFound -Category AuthenticationError
    }

    It 'Connect-HfHub checks the token, stores it in $HF_HOME/token (0600) for every tool, and Disconnect-HfHub deletes it' {
        $run = Invoke-InRecordingHost { param($h) Connect-HfHub @h -Verbose } -ArgumentList $h
        $run.Exception | Should -BeNullOrEmpty
        $run.Prompts | Should -BeNullOrEmpty -Because 'storing a token is not high-impact'
        @($run.Output)[0].Name | Should -Be 'pester'
        Get-Content -Raw -LiteralPath $TokenFile | Should -BeExactly $Hub.TokenText
        if (-not $IsWindows) { [System.IO.File]::GetUnixFileMode($TokenFile) | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite') }
        Get-ShownText $run | Should -Not -Match ([regex]::Escape($Hub.TokenText))

        # Every Hub cmdlet now finds it without -Token.
        $user = Get-HfUser -Endpoint $Hub.Endpoint
        $user.Name | Should -Be 'pester'
        $user.TokenSource | Should -Not -Be '-Token'

        Disconnect-HfHub -WhatIf
        Test-Path -LiteralPath $TokenFile | Should -BeTrue -Because '-WhatIf deletes nothing'
        Disconnect-HfHub
        Test-Path -LiteralPath $TokenFile | Should -BeFalse
    }

    It 'Connect-HfHub -WhatIf checks the token and stores nothing' {
        $user = Connect-HfHub @h -WhatIf
        $user | Should -BeNullOrEmpty
        Test-Path -LiteralPath $TokenFile | Should -BeFalse
    }

    It 'Connect-HfHub with a token the Hub refuses is HubTokenInvalid and stores nothing' {
        $wrong = ConvertTo-SecureString -String ('hf_Wrong' + [guid]::NewGuid().ToString('N')) -AsPlainText -Force
        $err = $null
        try { Connect-HfHub -Token $wrong -Endpoint $Hub.Endpoint -ErrorVariable err } catch { $err = @($_) }
        Assert-ErrorRecord -Record @($err)[0] -Id HubTokenInvalid -Category AuthenticationError -Target "$($Hub.Endpoint)/"
        Test-Path -LiteralPath $TokenFile | Should -BeFalse
    }

    It 'Connect-HfHub without a token on a host that cannot ask is TokenRequired' {
        $run = Invoke-InRecordingHost { param($endpoint) Connect-HfHub -Endpoint $endpoint } -ArgumentList $Hub.Endpoint
        $record = @($run.Errors)[0]
        $record.FullyQualifiedErrorId.Split(',')[0] | Should -Be 'TokenRequired'
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.ErrorDetails.RecommendedAction | Should -Match '-Token'
        $run.Prompts.Caption | Should -Be @('ReadLineAsSecureString') -Because 'it asked for the token without echo first'
        Test-Path -LiteralPath $TokenFile | Should -BeFalse
    }
}

Describe 'Repositories: New-HfRepository, Set-HfRepository, Remove-HfRepository' {
    It 'New-HfRepository -Private creates a private repository without asking' {
        $id = New-RepoId 'new-private'
        $run = Invoke-InRecordingHost { param($h, $id) New-HfRepository -RepoId $id -Private @h } -ArgumentList $h, $id
        $run.Prompts | Should -BeNullOrEmpty
        $repo = @($run.Output)[0]
        $repo | Should -BeOfType ([ModelRelease.HubRepository])
        ($repo.RepoId, $repo.Private, $repo.Created) | Should -Be @($id, $true, $true)
        $state = Get-HubRepoState $Hub $id
        ($state.Exists, $state.Private) | Should -Be @($true, $true)
    }

    It 'New-HfRepository of a public repository asks (high impact); No creates nothing, -WhatIf creates nothing' {
        $id = New-RepoId 'new-public'
        $run = Invoke-InRecordingHost { param($h, $id) New-HfRepository -RepoId $id @h } -ArgumentList $h, $id -Answer 'No'
        $run.Prompts | Should -HaveCount 1
        $run.Prompts[0].Message | Should -Match "Create public repository.*$([regex]::Escape($id))"
        $before = Get-HubWriteCount $Hub
        New-HfRepository -RepoId $id @h -WhatIf | Should -BeNullOrEmpty
        (Get-HubWriteCount $Hub).Writes | Should -Be $before.Writes
        (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
        $repo = New-HfRepository -RepoId $id @h -Confirm:$false
        ($repo.Created, $repo.Private) | Should -Be @($true, $false)
    }

    It 'New-HfRepository of one that exists is HubConflict; -ExistOk returns it' {
        $id = New-RepoId 'exists'
        $null = New-HfRepository -RepoId $id -Private @h
        $err = $null
        $null = New-HfRepository -RepoId $id -Private @h -ErrorAction SilentlyContinue -ErrorVariable err
        Assert-ErrorRecord -Record $err[0] -Id HubConflict -Category ResourceExists -Target $id
        $again = New-HfRepository -RepoId $id -ExistOk @h
        ($again.Created, $again.Private) | Should -Be @($false, $true)
    }

    It 'a name the Hub would refuse is HubRepoIdInvalid before anything is sent' {
        $before = Get-HubWriteCount $Hub
        $err = $null
        $null = New-HfRepository -RepoId 'pester/bad--name' -Private @h -ErrorAction SilentlyContinue -ErrorVariable err
        Assert-ErrorRecord -Record $err[0] -Id HubRepoIdInvalid -Category InvalidArgument
        (Get-HubWriteCount $Hub).Writes | Should -Be $before.Writes
    }

    It 'Set-HfRepository -Visibility Public asks (high impact); Private does not' {
        $id = New-RepoId 'visibility'
        $null = New-HfRepository -RepoId $id -Private @h
        $run = Invoke-InRecordingHost { param($h, $id) Set-HfRepository -RepoId $id -Visibility Public -PassThru @h } -ArgumentList $h, $id -Answer 'No'
        $run.Prompts | Should -HaveCount 1
        $run.Output | Should -BeNullOrEmpty
        (Get-HubRepoState $Hub $id).Private | Should -BeTrue
        Set-HfRepository -RepoId $id -Visibility Public @h -WhatIf
        (Get-HubRepoState $Hub $id).Private | Should -BeTrue -Because '-WhatIf changes nothing'
        $public = Set-HfRepository -RepoId $id -Visibility Public -PassThru @h -Confirm:$false
        $public.Private | Should -BeFalse
        (Get-HubRepoState $Hub $id).Private | Should -BeFalse
        $run = Invoke-InRecordingHost { param($h, $id) Set-HfRepository -RepoId $id -Visibility Private @h } -ArgumentList $h, $id
        $run.Prompts | Should -BeNullOrEmpty
        (Get-HubRepoState $Hub $id).Private | Should -BeTrue
    }

    It 'Remove-HfRepository asks under the default preference (ConfirmImpact High); No keeps it, Yes deletes it' {
        (Get-Command Remove-HfRepository).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'High'
        $id = New-RepoId 'delete'
        $null = New-HfRepository -RepoId $id -Private @h
        $run = Invoke-InRecordingHost { param($h, $id) Remove-HfRepository -RepoId $id @h } -ArgumentList $h, $id -Answer 'No'
        $run.Prompts | Should -HaveCount 1 -Because 'one question, not a ShouldProcess and a ShouldContinue'
        (Get-HubRepoState $Hub $id).Exists | Should -BeTrue
        Remove-HfRepository -RepoId $id @h -WhatIf
        (Get-HubRepoState $Hub $id).Exists | Should -BeTrue -Because '-WhatIf deletes nothing'
        $run = Invoke-InRecordingHost { param($h, $id) Remove-HfRepository -RepoId $id @h } -ArgumentList $h, $id -Answer 'Yes'
        $run.Prompts | Should -HaveCount 1
        $run.Exception | Should -BeNullOrEmpty
        (Get-HubRepoState $Hub $id).Exists | Should -BeFalse
    }

    It 'Remove-HfRepository takes repositories from the pipeline by RepoId' {
        $ids = (New-RepoId 'piped-a'), (New-RepoId 'piped-b')
        $repos = foreach ($id in $ids) { New-HfRepository -RepoId $id -Private @h }
        $repos | Remove-HfRepository @h -Confirm:$false
        foreach ($id in $ids) { (Get-HubRepoState $Hub $id).Exists | Should -BeFalse }
    }

    It 'Remove-HfRepository of a missing repository is HubRepoNotFound, or nothing with -MissingOk' {
        $id = New-RepoId 'missing'
        $err = $null
        Remove-HfRepository -RepoId $id @h -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        Assert-ErrorRecord -Record $err[0] -Id HubRepoNotFound -Category ObjectNotFound -Target $id
        Remove-HfRepository -RepoId $id -MissingOk @h -Confirm:$false -ErrorVariable err
        $err | Should -BeNullOrEmpty
    }

    It 'Remove-HfRepository on a host that cannot prompt is ConfirmationRequired and deletes nothing' {
        $id = New-RepoId 'no-host'
        $null = New-HfRepository -RepoId $id -Private @h
        $run = Invoke-WithoutHost { param($h, $id) Remove-HfRepository -RepoId $id @h } -ArgumentList $h, $id
        $record = @($run.Errors)[0]
        $record.FullyQualifiedErrorId.Split(',')[0] | Should -Be 'ConfirmationRequired'
        "$($record.TargetObject)" | Should -Be $id
        $record.ErrorDetails.RecommendedAction | Should -Match '-Confirm:\$false'
        (Get-HubRepoState $Hub $id).Exists | Should -BeTrue
    }
}

Describe 'Files and tags: Remove-HfRepoFile, Remove-ReleaseTag' {
    It 'Remove-HfRepoFile deletes folders and globs in one commit' {
        $id = New-FilledRepo 'files'
        $commits = (Get-HubRepoState $Hub $id).CommitCount
        $removal = Remove-HfRepoFile -RepoId $id -File 'checkpoints', '*.tmp' -CommitMessage 'Clean up' @h -Confirm:$false
        $removal | Should -BeOfType ([ModelRelease.RepoFileRemoval])
        $removal.Removed | Should -Be @('b.tmp', 'checkpoints/x.bin', 'checkpoints/y.bin')
        $state = Get-HubRepoState $Hub $id
        $state.CommitCount | Should -Be ($commits + 1)
        @($state.Files.Keys | Sort-Object) | Should -Be @('.gitattributes', 'a.txt')
        $removal.CommitOid | Should -Be $state.Head
    }

    It 'Remove-HfRepoFile asks about each file (High); Yes to All deletes them all in one commit, No keeps them' {
        $id = New-FilledRepo 'files-asked'
        $run = Invoke-InRecordingHost { param($h, $id) Remove-HfRepoFile -RepoId $id -File 'checkpoints/*.bin' @h } -ArgumentList $h, $id -Answer 'No to All'
        $run.Prompts | Should -HaveCount 1
        $run.Output | Should -BeNullOrEmpty
        (Get-HubRepoState $Hub $id).Files.ContainsKey('checkpoints/x.bin') | Should -BeTrue
        $run = Invoke-InRecordingHost { param($h, $id) Remove-HfRepoFile -RepoId $id -File 'checkpoints/*.bin' @h } -ArgumentList $h, $id -Answer 'Yes to All'
        $run.Prompts | Should -HaveCount 1 -Because 'Yes to All answers the other file and the commit is not asked again'
        @($run.Output)[0].Removed | Should -Be @('checkpoints/x.bin', 'checkpoints/y.bin')
        (Get-HubRepoState $Hub $id).Files.ContainsKey('checkpoints/y.bin') | Should -BeFalse
    }

    It 'Remove-HfRepoFile -WhatIf names each file and writes nothing' {
        $id = New-FilledRepo 'files-whatif'
        $before = Get-HubWriteCount $Hub
        $run = Invoke-InRecordingHost { param($h, $id) Remove-HfRepoFile -RepoId $id -File '*.tmp', 'a.txt' @h -WhatIf } -ArgumentList $h, $id
        $whatIf = @($run.Lines | Where-Object { $_ -like 'What if:*' })
        $whatIf | Where-Object { $_ -like '*b.tmp*' } | Should -HaveCount 1
        $whatIf | Where-Object { $_ -like '*a.txt*' } | Should -HaveCount 1
        $whatIf | Where-Object { $_ -like '*Commit the deletion of 2 file(s)*' } | Should -HaveCount 1
        (Get-HubWriteCount $Hub).Writes | Should -Be $before.Writes
    }

    It 'files piped from Get-HfRepoFile are deleted together, as one pull request' {
        $id = New-FilledRepo 'files-piped'
        $head = (Get-HubRepoState $Hub $id).Head
        $out = Get-HfRepoFile -RepoId $id -Recurse @h | Where-Object Path -Like '*.bin' | Remove-HfRepoFile -CreatePullRequest @h -Confirm:$false -Debug 5>&1
        Get-BoundParameterSet $out 'Remove-HfRepoFile' | Should -Be 'RepoFile'
        $removal = @($out | Where-Object { $_ -is [ModelRelease.RepoFileRemoval] })
        $removal.Count | Should -Be 1
        $removal[0].Removed | Should -Be @('checkpoints/x.bin', 'checkpoints/y.bin')
        $removal[0].PullRequestNumber | Should -BeGreaterThan 0
        $removal[0].Revision | Should -Be "refs/pr/$($removal[0].PullRequestNumber)"
        (Get-HubRepoState $Hub $id).Head | Should -Be $head -Because 'main is untouched until the pull request is merged'
    }

    It 'a pattern that matches nothing is HubEntryNotFound and nothing is deleted' {
        $id = New-FilledRepo 'files-nomatch'
        $commits = (Get-HubRepoState $Hub $id).CommitCount
        $err = $null
        $null = Remove-HfRepoFile -RepoId $id -File 'a.txt', 'nothing/*.bin' @h -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        Assert-ErrorRecord -Record $err[0] -Id HubEntryNotFound -Category ObjectNotFound -Target 'nothing/*.bin'
        (Get-HubRepoState $Hub $id).CommitCount | Should -Be $commits
    }

    It 'Remove-ReleaseTag asks (High), -WhatIf keeps the tag, -Confirm:$false -PassThru deletes it and keeps the commit' {
        $id = New-FilledRepo 'tag'
        $commit = (Get-HubRepoState $Hub $id).Tags['v1.0.0']
        $run = Invoke-InRecordingHost { param($h, $id) Remove-ReleaseTag -RepoId $id -Name v1.0.0 @h } -ArgumentList $h, $id -Answer 'No'
        $run.Prompts | Should -HaveCount 1
        $run.Prompts[0].Message | Should -Match 'Delete tag'
        Remove-ReleaseTag -RepoId $id -Name v1.0.0 @h -WhatIf
        (Get-HubRepoState $Hub $id).Tags.ContainsKey('v1.0.0') | Should -BeTrue
        $deleted = Remove-ReleaseTag -RepoId $id -Name v1.0.0 -PassThru @h -Confirm:$false
        $deleted | Should -BeOfType ([ModelRelease.ReleaseTag])
        ($deleted.Name, $deleted.CommitOid) | Should -Be @('v1.0.0', $commit)
        $state = Get-HubRepoState $Hub $id
        $state.Tags.ContainsKey('v1.0.0') | Should -BeFalse
        $state.Head | Should -Be $commit
    }

    It 'tags piped from Get-ReleaseTag bind by RepoId and Name; a missing tag is HubRevisionNotFound' {
        $id = New-FilledRepo 'tag-piped'
        $null = New-ReleaseTag -RepoId $id -Name v1.0.0-rc1 @h
        Get-ReleaseTag -RepoId $id @h | Where-Object Name -Like '*-rc*' | Remove-ReleaseTag @h -Confirm:$false
        @((Get-HubRepoState $Hub $id).Tags.Keys) | Should -Be @('v1.0.0')
        $err = $null
        Remove-ReleaseTag -RepoId $id -Name v9.9.9 @h -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        Assert-ErrorRecord -Record $err[0] -Id HubRevisionNotFound -Category ObjectNotFound -Target 'v9.9.9'
    }
}

Describe 'The shared cache: Save-HfModel, Get-HfCache, Remove-HfCache' {
    BeforeAll {
        $CacheRepo = New-RepoId 'cached'
        $folder = New-TestFolder -Name 'cached'
        $null = New-TextFile $folder 'config.json' '{ "model_type": "tiny" }'
        Copy-Item -LiteralPath $Onnx -Destination (Join-Path $folder 'model.onnx')
        $CacheRelease = Publish-HfModel -Path $folder -RepoId $CacheRepo @h -Confirm:$false -CommitMessage 'first'
        $null = $CacheRelease | New-ReleaseTag -Version 1.0.0 @h
    }
    BeforeEach {
        $saved = @{ HF_HUB_CACHE = $env:HF_HUB_CACHE; HF_HUB_OFFLINE = $env:HF_HUB_OFFLINE }
        $env:HF_HUB_CACHE = New-TestFolder -Name 'hub-cache'
        $Snapshot = Join-Path $env:HF_HUB_CACHE "models--$($CacheRepo -replace '/', '--')/snapshots/$($CacheRelease.CommitOid)"
    }
    AfterEach {
        foreach ($name in $saved.Keys) {
            if ($null -eq $saved[$name]) { Remove-Item -LiteralPath "Env:$name" -ErrorAction SilentlyContinue } else { Set-Item -LiteralPath "Env:$name" -Value $saved[$name] }
        }
    }

    It 'Save-HfModel without -Destination writes the huggingface_hub layout and names the snapshot folder' {
        $files = @(Save-HfModel -RepoId $CacheRepo -Revision v1.0.0 @h)
        $files.Count | Should -Be 3
        @($files.Folder | Select-Object -Unique) | Should -Be @($Snapshot)
        foreach ($file in $files) { $file.Path | Should -Be (Join-Path $Snapshot $file.PathInRepo) }
        foreach ($name in 'config.json', 'model.onnx') {
            (Get-FileHash -LiteralPath (Join-Path $Snapshot $name)).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $folder $name)).Hash
        }
        # The snapshot holds links into blobs/ (where the OS allows them), named by the hash of the content.
        if (-not $IsWindows) { (Get-Item -LiteralPath (Join-Path $Snapshot 'model.onnx')).LinkType | Should -Be 'SymbolicLink' }
        Get-Content -Raw -LiteralPath (Join-Path $env:HF_HUB_CACHE "models--$($CacheRepo -replace '/', '--')/refs/v1.0.0") | Should -BeExactly $CacheRelease.CommitOid
        # The table groups the files under the snapshot folder: the path to Set-Location to.
        ($files | Format-Table | Out-String -Width 300) | Should -Match ([regex]::Escape("Folder: $Snapshot"))
    }

    It 'files piped from Get-HfRepoFile are downloaded once, together, into the cache' {
        $out = Get-HfRepoFile -RepoId $CacheRepo @h | Where-Object Path -In 'config.json', 'model.onnx' | Save-HfModel @h -Debug 5>&1
        Get-BoundParameterSet $out 'Save-HfModel' | Should -Be 'RepoFile'
        $files = @($out | Where-Object { $_ -is [ModelRelease.SavedFile] })
        @($files.PathInRepo | Sort-Object) | Should -Be @('config.json', 'model.onnx')
        @($files.BytesDownloaded | Where-Object { $_ -gt 0 }).Count | Should -Be 2
        @($files.Folder | Select-Object -Unique) | Should -Be @($Snapshot)
        @(Get-ChildItem -LiteralPath $Snapshot -Name | Sort-Object) | Should -Be @('config.json', 'model.onnx') -Because 'only the piped files'
    }

    It 'HF_HUB_OFFLINE=1 answers from the cache without the Hub, and a revision it lacks is HubCacheMiss' {
        $null = Save-HfModel -RepoId $CacheRepo -Revision v1.0.0 @h
        $env:HF_HUB_OFFLINE = '1'
        $files = @(Save-HfModel -RepoId $CacheRepo -Revision v1.0.0 -Endpoint 'http://127.0.0.1:9')
        $files.Count | Should -Be 3
        $files.FromCache | Should -Not -Contain $false
        ($files.BytesDownloaded | Measure-Object -Sum).Sum | Should -Be 0 -Because 'nothing is fetched'
        $err = $null
        $null = Save-HfModel -RepoId $CacheRepo -Revision v2.0.0 -Endpoint 'http://127.0.0.1:9' -ErrorAction SilentlyContinue -ErrorVariable err
        Assert-ErrorRecord -Record $err[0] -Id HubCacheMiss -Category ObjectNotFound
    }

    It 'Get-HfCache lists the cached revision with its refs, and filters by repository, revision and age' {
        $null = Save-HfModel -RepoId $CacheRepo -Revision v1.0.0 @h
        $listed = @(Get-HfCache)
        $listed.Count | Should -Be 1
        $listed[0] | Should -BeOfType ([ModelRelease.CachedRevision])
        ($listed[0].RepoId, $listed[0].CommitOid, $listed[0].FileCount, $listed[0].Path) | Should -Be @($CacheRepo, $CacheRelease.CommitOid, 3, $Snapshot)
        $listed[0].Refs | Should -Contain 'v1.0.0'
        @(Get-HfCache -RepoId 'pester/cached-*').Count | Should -Be 1
        @(Get-HfCache -RepoId 'other/*').Count | Should -Be 0
        @(Get-HfCache -Revision v1.0.0).Count | Should -Be 1
        @(Get-HfCache -Revision v9.9.9).Count | Should -Be 0
        @(Get-HfCache -OlderThan (New-TimeSpan -Days 30)).Count | Should -Be 0
    }

    It 'Remove-HfCache asks about each revision (High); -WhatIf and No keep it; piped with -Confirm:$false it goes' {
        $null = Save-HfModel -RepoId $CacheRepo -Revision v1.0.0 @h
        Get-HfCache | Remove-HfCache -WhatIf
        Test-Path -LiteralPath $Snapshot | Should -BeTrue
        $run = Invoke-InRecordingHost { Get-HfCache | Remove-HfCache } -Answer 'No'
        $run.Prompts | Should -HaveCount 1
        $run.Prompts[0].Message | Should -Match 'Remove from the Hugging Face cache'
        Test-Path -LiteralPath $Snapshot | Should -BeTrue
        $out = Get-HfCache | Remove-HfCache -Confirm:$false -Debug 5>&1
        Get-BoundParameterSet $out 'Remove-HfCache' | Should -Be 'CachedRevision'
        $removal = @($out | Where-Object { $_ -is [ModelRelease.CacheRemoval] })
        $removal.Count | Should -Be 1
        ($removal[0].Removed, $removal[0].CommitOid) | Should -Be @($true, $CacheRelease.CommitOid)
        $removal[0].FreedBytes | Should -BeGreaterThan 0
        Test-Path -LiteralPath $Snapshot | Should -BeFalse
        @(Get-HfCache).Count | Should -Be 0
    }

    It 'Remove-HfCache without a filter or -All is CacheFilterMissing' {
        $err = $null
        try { Remove-HfCache -Confirm:$false } catch { $err = $_ }
        Assert-ErrorRecord -Record $err -Id CacheFilterMissing -Category InvalidArgument
    }
}
