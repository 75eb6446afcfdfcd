#Requires -Version 7.4
# Pester 5 tests of what the Hub cmdlets say besides their output: verbose and debug lines, progress records, and
# the token, which must never appear anywhere — in any stream, $Error, a transcript, the host, or a file written —
# even when the server echoes it back in its error messages (the emulator's echoToken fault).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HubTestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    # A token that does not look like one ('.' breaks the hf_ shape): only redacting its exact value can hide it.
    $Hub = Start-TestHub -TokenText ('hf_pester.' + [guid]::NewGuid().ToString('N'))
    $h = @{ Token = $Hub.Token; Endpoint = $Hub.Endpoint }
    $Onnx = Get-FixturePath 'onnx/tiny_mlp.onnx'

    function New-RepoId([string] $Name) { "pester/$Name-" + [guid]::NewGuid().ToString('N').Substring(0, 8) }

    # Every text a value can show: its properties listed with Format-List * -Force, and for exceptions the whole
    # chain of inner exceptions (ToString includes messages and stack traces).
    function Get-AllText($Value) {
        foreach ($v in @($Value)) {
            if ($null -eq $v) { continue }
            "$v"
            $v | Format-List * -Force | Out-String -Width 4096
            if ($v -is [System.Management.Automation.ErrorRecord]) {
                $v.ErrorDetails | Format-List * -Force | Out-String -Width 4096
                $v.CategoryInfo | Format-List * -Force | Out-String -Width 4096
                $e = $v.Exception
            }
            elseif ($v -is [System.Exception]) { $e = $v }
            else { $e = $null }
            for (; $e; $e = $e.InnerException) {
                $e.ToString()
                $e | Format-List * -Force | Out-String -Width 4096
            }
        }
    }

    # Bytes of every file under the folders, as text, each with its path.
    function Get-FileText([string[]] $Folder) {
        foreach ($f in $Folder) {
            Get-ChildItem -LiteralPath $f -Recurse -File -Force -ErrorAction Ignore | ForEach-Object {
                [pscustomobject]@{ Path = $_.FullName; Text = [System.Text.Encoding]::UTF8.GetString([System.IO.File]::ReadAllBytes($_.FullName)) }
            }
        }
    }
}

AfterAll {
    Stop-TestHub $Hub
}

Describe 'Verbose and debug lines' {
    It 'Publish-HfModel -Verbose says each request and each ShouldProcess; -Debug says the parameter set, the Hub and where the token came from' {
        $id = New-RepoId 'verbose'
        $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h -Confirm:$false -Verbose -Debug } -ArgumentList $h, $Onnx, $id
        $run.Exception | Should -BeNullOrEmpty
        $run.Prompts | Should -BeNullOrEmpty
        $verbose = $run.Verbose.Message
        $verbose | Should -Contain "Performing the operation `"Create public repository`" on target `"$id`"."
        ($verbose -match "^create repo $([regex]::Escape($id)) → 200 \(\d+ ms\)$") | Should -HaveCount 1
        ($verbose -match "^preupload $([regex]::Escape($id))@main → 200") | Should -HaveCount 1
        ($verbose -match "^commit to $([regex]::Escape($id))@main → 200") | Should -HaveCount 1
        $debug = $run.Debug.Message
        $debug | Should -Contain "Publish-HfModel: parameter set 'Path'"
        $debug | Should -Contain "Publish-HfModel: Hub $($Hub.Endpoint)/, token hf_*** (from -Token)"
    }

    It '-Debug alone puts the request lines on the debug stream and asks nothing (PowerShell would ask "Continue?" for each verbose line)' {
        $id = New-RepoId 'debug'
        $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h -Confirm:$false -Debug } -ArgumentList $h, $Onnx, $id
        $run.Exception | Should -BeNullOrEmpty
        $run.Prompts | Should -BeNullOrEmpty
        $run.Verbose | Should -BeNullOrEmpty
        ($run.Debug.Message -match "^commit to $([regex]::Escape($id))@main → 200") | Should -HaveCount 1
        $run.Output[0].Committed | Should -BeTrue
    }

    It 'the reading cmdlets say their requests too, with no token when none is needed' {
        $result = Publish-HfModel -Path $Onnx -RepoId (New-RepoId 'read') @h -Confirm:$false
        $null = $result | New-ReleaseTag -Version 1.0.0 @h
        $target = Join-Path (New-TestFolder) 'dl'
        $run = Invoke-InRecordingHost -ScriptBlock {
            param($endpoint, $id, $target)
            Get-ReleaseTag -RepoId $id -Endpoint $endpoint -Verbose -Debug
            Get-HfRepoFile -RepoId $id -Endpoint $endpoint -Verbose -Debug
            Save-HfModel -RepoId $id -Destination $target -Endpoint $endpoint -Verbose -Debug
        } -ArgumentList $Hub.Endpoint, $result.RepoId, $target
        $run.Exception | Should -BeNullOrEmpty
        $debug = $run.Debug.Message
        foreach ($name in 'Get-ReleaseTag', 'Get-HfRepoFile', 'Save-HfModel') { $debug | Should -Contain "${name}: Hub $($Hub.Endpoint)/, token none" }
        $verbose = $run.Verbose.Message
        ($verbose -match "^list refs of $([regex]::Escape($result.RepoId)) → 200") | Should -HaveCount 1
        ($verbose -match "^list $([regex]::Escape($result.RepoId))@main → 200") | Should -HaveCount 1
        ($verbose -match "^download $([regex]::Escape($result.RepoId))@$($result.CommitOid):tiny_mlp\.onnx → 200") | Should -HaveCount 1
        $verbose | Should -Contain "Performing the operation `"Download all files of $($result.RepoId)@main`" on target `"$target`"."
    }
}

Describe 'Progress' {
    It 'Publish-HfModel reports hashing and uploading as child activities of the publish, each with a percentage, and completes them all' {
        $id = New-RepoId 'progress'
        $weights = New-RandomFile -Path (Join-Path (New-TestFolder) 'weights.bin') -Length 24MB -Seed ([Environment]::TickCount)
        $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h -Confirm:$false } -ArgumentList $h, $weights, $id
        $run.Exception | Should -BeNullOrEmpty
        $records = $run.Progress
        $records | Should -Not -BeNullOrEmpty
        @($records.Activity | Select-Object -Unique | Sort-Object) | Should -Be @('Hashing', "Publish-HfModel $id", 'Uploading')
        ($records | Where-Object Activity -EQ "Publish-HfModel $id").ActivityId | Select-Object -Unique | Should -Be 1
        ($records | Where-Object Activity -In 'Hashing', 'Uploading').ParentActivityId | Select-Object -Unique | Should -Be 1
        $hashing = $records | Where-Object { $_.Activity -eq 'Hashing' -and $_.StatusDescription -like 'Hashing weights.bin: *' }
        $hashing | Should -Not -BeNullOrEmpty
        $uploading = $records | Where-Object { $_.Activity -eq 'Uploading' -and $_.StatusDescription -like '* of 1 files done, weights.bin: * of 24.0 MB (*/s)' }
        $uploading | Should -Not -BeNullOrEmpty
        foreach ($r in @($hashing) + @($uploading)) { $r.PercentComplete | Should -BeIn (0..100) }
        ($records | Where-Object { $_.ActivityId -eq 1 -and $_.StatusDescription -like 'Committing*' }) | Should -Not -BeNullOrEmpty
        $records[-1].RecordType | Should -Be 'Completed'
        # every activity that showed ended with a Completed record (no bar is left behind)
        foreach ($activity in $records | Where-Object RecordType -EQ 'Processing' | ForEach-Object ActivityId | Select-Object -Unique) {
            $last = $records | Where-Object ActivityId -EQ $activity | Select-Object -Last 1
            $last.RecordType | Should -Be 'Completed' -Because "activity $activity must end"
        }
    }

    It 'Save-HfModel reports the bytes downloaded with a percentage and ends with a Completed record' {
        $weights = New-RandomFile -Path (Join-Path (New-TestFolder) 'download.bin') -Length 12MB -Seed ([Environment]::TickCount)
        $result = Publish-HfModel -Path $weights -RepoId (New-RepoId 'download') @h -Confirm:$false
        $target = Join-Path (New-TestFolder) 'dl'
        $run = Invoke-InRecordingHost -ScriptBlock { param($h, $id, $target) Save-HfModel -RepoId $id -Destination $target @h } -ArgumentList $h, $result.RepoId, $target
        $run.Exception | Should -BeNullOrEmpty
        $records = $run.Progress
        @($records.Activity | Select-Object -Unique | Sort-Object) | Should -Be @('Downloading', "Save-HfModel $($result.RepoId)@main")
        $downloading = $records | Where-Object { $_.ActivityId -eq 1 -and $_.RecordType -eq 'Processing' -and $_.StatusDescription -like '* of 2 files: * of 12.0 MB (*/s)' }
        $downloading | Should -Not -BeNullOrEmpty
        # the file in flight is a child activity of the download
        $file = $records | Where-Object { $_.Activity -eq 'Downloading' -and $_.RecordType -eq 'Processing' -and $_.StatusDescription -like 'download.bin: * of 12.0 MB (*/s)' }
        $file | Should -Not -BeNullOrEmpty -Because (($records | Where-Object Activity -EQ 'Downloading' | ForEach-Object { "$($_.RecordType) $($_.StatusDescription)" }) -join ' | ')
        $file.ParentActivityId | Select-Object -Unique | Should -Be 1
        $downloading | ForEach-Object { $_.PercentComplete | Should -BeIn (0..100) }
        $records[-1].RecordType | Should -Be 'Completed'
    }

    It 'a publish that fails at the commit still completes its progress' {
        $id = New-RepoId 'failed-progress'
        $weights = New-RandomFile -Path (Join-Path (New-TestFolder) 'failed.bin') -Length 1MB -Seed ([Environment]::TickCount)
        Set-HubFault $Hub -Rule @{ endpoint = 'commit'; errorRate = 1; status = 403 }
        try {
            $run = Invoke-InRecordingHost -ScriptBlock { param($h, $path, $id) Publish-HfModel -Path $path -RepoId $id @h -Confirm:$false } -ArgumentList $h, $weights, $id
        }
        finally { Set-HubFault $Hub }
        $run.Errors.FullyQualifiedErrorId | Should -Be 'HubForbidden,ModelRelease.Commands.PublishHfModelCommand'
        ($run.Progress | Where-Object StatusDescription -Like 'Uploading*') | Should -Not -BeNullOrEmpty
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }
}

Describe 'The token never shows' {
    Context 'where the token comes from' {
        BeforeAll {
            $Release = Publish-HfModel -Path $Onnx -RepoId (New-RepoId 'sources') @h -Confirm:$false
            # Which token source New-ReleaseTag used, from its debug line (never the value).
            function Get-TokenSource([object[]] $Record) {
                foreach ($r in $Record) { if ($r -is [System.Management.Automation.DebugRecord] -and $r.Message -match 'token hf_\*\*\* \(from (?<source>.+)\)$') { $Matches.source } }
            }
        }

        AfterEach {
            Remove-Item -LiteralPath Env:HF_TOKEN -ErrorAction Ignore
            Remove-Item -LiteralPath (Join-Path $env:HF_HOME 'token') -ErrorAction Ignore
        }

        It '-Token (a SecureString)' {
            $out = New-ReleaseTag -RepoId $Release.RepoId -Version 1.0.0 -Token $Hub.Token -Endpoint $Hub.Endpoint -Debug 5>&1
            Get-TokenSource $out | Should -Be '-Token'
            ($out | Where-Object { $_ -is [ModelRelease.ReleaseTag] }).Created | Should -BeTrue
        }

        It '-Credential (the password is the token)' {
            $credential = [pscredential]::new('anyone', $Hub.Token)
            $out = New-ReleaseTag -RepoId $Release.RepoId -Version 1.1.0 -Credential $credential -Endpoint $Hub.Endpoint -Debug 5>&1
            Get-TokenSource $out | Should -Be '-Credential'
            ($out | Where-Object { $_ -is [ModelRelease.ReleaseTag] }).Created | Should -BeTrue
        }

        It 'HF_TOKEN' {
            $env:HF_TOKEN = $Hub.TokenText
            $out = New-ReleaseTag -RepoId $Release.RepoId -Version 1.2.0 -Endpoint $Hub.Endpoint -Debug 5>&1
            Get-TokenSource $out | Should -Be 'HF_TOKEN'
            ($out | Where-Object { $_ -is [ModelRelease.ReleaseTag] }).Created | Should -BeTrue
        }

        It 'the token file ($HF_HOME/token)' {
            $file = Join-Path $env:HF_HOME 'token'
            $null = New-Item -ItemType Directory -Path $env:HF_HOME -Force
            Set-Content -LiteralPath $file -Value $Hub.TokenText
            # 0600, as huggingface_hub and Connect-HfHub write it (a file others can read is warned about; see HubParity).
            if (-not $IsWindows) { [System.IO.File]::SetUnixFileMode($file, [System.IO.UnixFileMode]'UserRead, UserWrite') }
            $out = New-ReleaseTag -RepoId $Release.RepoId -Version 1.3.0 -Endpoint $Hub.Endpoint -Debug 5>&1
            Get-TokenSource $out | Should -Be $file
            ($out | Where-Object { $_ -is [ModelRelease.ReleaseTag] }).Created | Should -BeTrue
        }

        It '-Token wins over HF_TOKEN' {
            $env:HF_TOKEN = 'hf_NotTheRightOne0000000000'
            $out = New-ReleaseTag -RepoId $Release.RepoId -Version 1.4.0 @h -Debug 5>&1
            Get-TokenSource $out | Should -Be '-Token'
        }

        It 'a wrong token gets the Hub''s own message, without the token, even when the Hub echoes it' {
            $wrongText = 'hf_wrong.' + [guid]::NewGuid().ToString('N')
            $wrong = ConvertTo-SecureString -String $wrongText -AsPlainText -Force
            Set-HubFault $Hub -Rule @{ endpoint = 'refs'; errorRate = 1; status = 401; echoToken = $true }
            try {
                $seen = Get-ErrorUnderPreference { param($c) New-ReleaseTag -RepoId $Release.RepoId -Version 1.5.0 -Token $wrong -Endpoint $Hub.Endpoint @c }
            }
            finally { Set-HubFault $Hub }
            $record = $seen | Assert-TypedError -Id HubUnauthorized -Category AuthenticationError -Target $Release.RepoId `
                -Message '401 Unauthorized\. Invalid credentials in Authorization header \(this request sent Authorization: \*\*\*' -RecommendedAction 'from -Token was refused'
            foreach ($text in Get-AllText (@($seen.Stop, $seen.SilentRecorded, $seen.Variable) | ForEach-Object { $_ })) {
                $text | Should -Not -BeLike "*$wrongText*"
            }
            $record.Exception.Message | Should -Not -BeLike '*hf_wrong*'
        }
    }

    Context 'in every stream, $Error, the host and the files, with a Hub that echoes the token in its errors' {
        BeforeAll {
            $id = New-RepoId 'secret'
            $Download = Join-Path (New-TestFolder) 'download'
            # A run of every Hub cmdlet, then the same calls against a Hub whose answers echo the token.
            $Run = Invoke-InRecordingHost -ScriptBlock {
                param($h, $path, $id, $download, $hub, $helpers)
                Import-Module $helpers
                $result = Publish-HfModel -Path $path -RepoId $id @h -Confirm:$false -Verbose -Debug
                $result
                $result | New-ReleaseTag -Version 1.0.0 @h -Verbose -Debug
                Get-ReleaseTag -RepoId $id @h -Verbose -Debug
                Get-HfRepoFile -RepoId $id -Recurse @h -Verbose -Debug
                Save-HfModel -RepoId $id -Destination $download @h -Verbose -Debug
                $card = New-ModelCard -RepoId $id -License mit -WarningAction SilentlyContinue
                Test-ModelCard -Card $card -Online @h -Verbose -Debug
                $card | Publish-HfModel @h -Verbose -Debug
                Get-ModelCard -RepoId $id @h -Verbose -Debug
                Write-Information 'echo begins'
                $echo = @(
                    @{ endpoint = 'preupload'; errorRate = 1; status = 400; echoToken = $true }
                    @{ endpoint = 'refs'; errorRate = 1; status = 403; echoToken = $true }
                    @{ endpoint = 'tree'; errorRate = 1; status = 404; echoToken = $true }
                    @{ endpoint = 'resolve'; errorRate = 1; status = 404; echoToken = $true }
                    @{ endpoint = 'validate-yaml'; errorRate = 1; status = 403; echoToken = $true }
                )
                Set-HubFault $hub -Rule $echo
                try {
                    try { Publish-HfModel -Path $path -RepoId $id -PathInRepo again @h -Verbose -Debug } catch { $_ }
                    New-ReleaseTag -RepoId $id -Version 2.0.0 @h -Verbose -Debug
                    Get-ReleaseTag -RepoId $id @h -Verbose -Debug
                    Get-HfRepoFile -RepoId $id @h -Verbose -Debug
                    Get-ModelCard -RepoId $id @h -Verbose -Debug
                    Test-ModelCard -Card $card -Online @h -Verbose -Debug
                }
                finally { Set-HubFault $hub }
                $Error | Format-List * -Force | Out-Host # the errors as a console shows them
                , @($Error)
            } -ArgumentList $h, $Onnx, $id, $Download, $Hub, (Join-Path $PSScriptRoot 'HubTestHelpers.psm1')
            $last = $Run.Output[-1]
            $ErrorsInRunspace = @(if ($last -is [psobject]) { $last.psobject.BaseObject } else { $last })
        }

        It 'the run did reach every echoing endpoint (so the checks below look at something)' {
            $Run.Exception | Should -BeNullOrEmpty
            $echoed = @($Run.Errors) + @($Run.Output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
            ($echoed | ForEach-Object { $_.FullyQualifiedErrorId -replace ',.*' } | Sort-Object -Unique) |
                Should -Be @('HubBadRequest', 'HubForbidden', 'HubNotFound')
            # Each of the six calls failed, and each message kept the Hub's text with the secret masked.
            $echoed | Should -HaveCount 6
            foreach ($e in $echoed) { $e.Exception.Message | Should -Match 'this request sent Authorization: \*\*\* token=hf_\*\*\*\)' }
            $ErrorsInRunspace.Count | Should -BeGreaterOrEqual 6
        }

        It 'is in no stream: output, errors, warnings, verbose, debug, information, progress' {
            $texts = @(
                Get-AllText $Run.Output
                Get-AllText $Run.Errors
                $Run.Warnings.Message
                $Run.Verbose.Message
                $Run.Debug.Message
                Get-AllText $Run.Information
                $Run.Progress | ForEach-Object { $_.Activity; $_.StatusDescription; $_.CurrentOperation }
            )
            $texts.Count | Should -BeGreaterThan 50
            foreach ($t in $texts) { $t | Should -Not -BeLike "*$($Hub.TokenText)*" }
        }

        It 'is in nothing that *>&1 merges from streams 1 to 6 in this session' {
            Set-HubFault $Hub -Rule @{ endpoint = 'tree'; errorRate = 1; status = 400; echoToken = $true }
            try {
                $merged = @(& {
                        Get-HfRepoFile -RepoId pester/merged @h -Verbose -Debug -InformationAction Continue -ErrorAction Continue
                        Write-Information 'six'
                        Write-Warning 'three'
                    } *>&1)
            }
            finally { Set-HubFault $Hub }
            $kinds = $merged | ForEach-Object { $_.GetType().Name } | Sort-Object -Unique
            foreach ($k in 'ErrorRecord', 'VerboseRecord', 'DebugRecord', 'WarningRecord', 'InformationRecord') { $kinds | Should -Contain $k }
            ($merged | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Exception.Message | Should -Match 'token=hf_\*\*\*'
            foreach ($t in Get-AllText $merged) { $t | Should -Not -BeLike "*$($Hub.TokenText)*" }
        }

        It 'is in no record of $Error: messages, inner exceptions, ErrorDetails' {
            foreach ($t in Get-AllText $ErrorsInRunspace) { $t | Should -Not -BeLike "*$($Hub.TokenText)*" }
        }

        It 'is in no line the host was given' {
            ($Run.Lines -match 'this request sent Authorization: \*\*\*') | Should -Not -BeNullOrEmpty
            foreach ($line in $Run.Lines) { $line | Should -Not -BeLike "*$($Hub.TokenText)*" }
        }

        It 'is in no file written: the hash cache, HF_HOME and the download folder' {
            $files = @(Get-FileText $env:XDG_CACHE_HOME, $env:HF_HOME, $Download)
            ($files.Path -like '*hash-cache.json') | Should -HaveCount 1
            ($files.Path -like "$Download*") | Should -Not -BeNullOrEmpty
            foreach ($f in $files) { $f.Text | Should -Not -BeLike "*$($Hub.TokenText)*" -Because $f.Path }
        }
    }

    Context 'in a transcript and on the console of a pwsh session that takes the token from HF_TOKEN' {
        It 'shows the Hub''s echoed errors masked, and never the token' {
            $folder = New-TestFolder -Name 'session'
            $transcript = Join-Path $folder 'transcript.txt'
            $script = Join-Path $folder 'session.ps1'
            $repo = New-RepoId 'session'
            Set-Content -LiteralPath $script -Value @'
param($Manifest, $Helpers, $Hub, $Path, $RepoId, $Transcript)
$ErrorActionPreference = 'Continue'
$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'
Import-Module $Manifest
Import-Module $Helpers
$null = Start-Transcript -LiteralPath $Transcript -UseMinimalHeader
$result = Publish-HfModel -Path $Path -RepoId $RepoId -Endpoint $Hub.Endpoint -Confirm:$false
$result | Format-List
"PUBLISHED $($result.CommitOid)"
Set-HubFault $Hub -Rule @{ endpoint = 'refs'; errorRate = 1; status = 403; echoToken = $true }
Get-ReleaseTag -RepoId $RepoId -Endpoint $Hub.Endpoint
try { $result | New-ReleaseTag -Version 1.0.0 -Endpoint $Hub.Endpoint -ErrorAction Stop } catch { $_ | Format-List * -Force; $_.Exception.ToString() }
Set-HubFault $Hub
"ERRORS $($Error.Count)"
$Error | ForEach-Object { $_ | Format-List * -Force; $_.Exception.ToString(); $_.ErrorDetails | Format-List * }
$null = Stop-Transcript
'@
            $hubData = [pscustomobject]@{ Endpoint = $Hub.Endpoint; TokenText = $Hub.TokenText }
            $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
            foreach ($a in 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
                "& '$script' -Manifest '$(Get-ModelReleaseManifestPath)' -Helpers '$(Join-Path $PSScriptRoot 'HubTestHelpers.psm1')' -Hub ([pscustomobject]@{ Endpoint = '$($hubData.Endpoint)'; TokenText = `$env:HF_TOKEN; AdminToken = '$($Hub.AdminToken)' }) -Path '$Onnx' -RepoId '$repo' -Transcript '$transcript'") {
                $start.ArgumentList.Add($a)
            }
            $start.WorkingDirectory = (Get-RepositoryRoot)
            $start.Environment['HF_TOKEN'] = $Hub.TokenText
            $start.Environment['NO_COLOR'] = '1'
            $start.UseShellExecute = $false
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $process = [System.Diagnostics.Process]::Start($start)
            $stderr = $process.StandardError.ReadToEndAsync()
            $stdout = $process.StandardOutput.ReadToEnd()
            $process.WaitForExit(120000) | Should -BeTrue
            $console = $stdout + $stderr.Result

            $console | Should -Match 'PUBLISHED [0-9a-f]{40}'
            $console | Should -Match 'ERRORS [1-9]'
            $console | Should -Match 'this request sent Authorization: \*\*\*'
            (Get-HubRepoState $Hub $repo).Exists | Should -BeTrue
            $text = Get-Content -LiteralPath $transcript -Raw
            $text | Should -Match 'PUBLISHED [0-9a-f]{40}'
            $text | Should -Match 'HubForbidden'
            $text | Should -Match 'VERBOSE: commit to'
            $console | Should -Not -BeLike "*$($Hub.TokenText)*"
            $text | Should -Not -BeLike "*$($Hub.TokenText)*"
        }
    }
}

Describe 'Warnings under -Debug' {
    # PowerShell gives the warning stream an Inquire preference under -Debug (a "Continue?" prompt at every warning,
    # and a NonInteractive-mode error on a host that cannot ask). A ModelRelease warning stays a warning and asks nothing;
    # -WarningAction still decides when it is given.
    It 'on a non-interactive host: the warning is on the warning stream and nothing fails (a token file others can read, a loose version)' -Skip:$IsWindows {
        $home_ = New-TestFolder -Name 'debug-warning-home'
        $result = Invoke-ChildPwsh -AsJson -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module -Name '$(Get-ModelReleaseManifestPath)'
`$env:HF_HOME = '$home_'
Remove-Item Env:HF_TOKEN -ErrorAction Ignore
Set-Content -LiteralPath '$home_/token' -Value '$($Hub.TokenText)' -NoNewline
[System.IO.File]::SetUnixFileMode('$home_/token', [System.IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead')
`$user = Get-HfUser -Endpoint '$($Hub.Endpoint)' -Debug 3>&1 5>`$null
`$name = New-ModelName model-v @{ version = 'v2.1' } -Debug -WarningVariable nameWarnings 5>`$null 3>`$null
`$errors = `$Error.Count
try { `$null = New-ModelName model-v @{ version = 'v2.2' } -Debug -WarningAction Stop 5>`$null 3>`$null; `$stopped = `$null } catch { `$stopped = `$_.FullyQualifiedErrorId }
@{
    UserWarnings = @(`$user | Where-Object { `$_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object Message)
    User         = @(`$user | Where-Object { `$_ -is [ModelRelease.HubUser] } | ForEach-Object Name)
    Name         = `$name.Name
    NameWarnings = @(`$nameWarnings | ForEach-Object Message)
    Errors       = `$errors
    Stopped      = `$stopped
} | ConvertTo-Json -Compress
"@
        $result.User | Should -Be @('pester')
        $result.UserWarnings | Should -HaveCount 1
        $result.UserWarnings[0] | Should -BeLike "the token file $home_/token can be read or changed by other users*"
        $result.Name | Should -BeExactly 'model-v2.1.0'
        $result.NameWarnings | Should -HaveCount 1
        $result.NameWarnings[0] | Should -Match "'v2.1' read as 2.1.0"
        $result.Errors | Should -Be 0 -Because 'no warning turned into a prompt, so none failed'
        $result.Stopped | Should -Be 'ActionPreferenceStop,ModelRelease.Commands.NewModelNameCommand' -Because '-WarningAction Stop still stops under -Debug'
    }

    It 'on a host that can ask: -Debug asks nothing about a warning, and it is written once' {
        $run = Invoke-InRecordingHost -ScriptBlock { New-ModelName model-v @{ version = 'v2.1' } -Debug } -Answer 'Yes'
        $run.Exception | Should -BeNullOrEmpty
        $run.Prompts | Should -BeNullOrEmpty
        $run.Errors | Should -BeNullOrEmpty
        @($run.Warnings).Count | Should -Be 1
        $run.Warnings[0].Message | Should -Match "'v2.1' read as 2.1.0"
        $run.Output[0].Name | Should -BeExactly 'model-v2.1.0'
        $run.Debug.Message | Should -Contain "New-ModelName: parameter set 'Field'"
    }

    It 'on a host that can ask: -WarningAction Inquire given with -Debug still asks' {
        $run = Invoke-InRecordingHost -ScriptBlock { New-ModelName model-v @{ version = 'v2.1' } -Debug -WarningAction Inquire } -Answer 'Yes'
        @($run.Prompts).Count | Should -Be 1
        $run.Output[0].Name | Should -BeExactly 'model-v2.1.0'
    }
}
