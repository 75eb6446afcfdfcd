# Shared helpers of the Pester suite. Import with: Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

function Import-ModelReleaseUnderTest {
    <#
    .SYNOPSIS
        Imports the assembled module (never the source tree) from MODELRELEASE_MODULE_PATH, into the global scope
        so that the test scripts see its cmdlets.
    #>
    [CmdletBinding()]
    param()
    $root = $env:MODELRELEASE_MODULE_PATH
    if (-not $root) { throw 'MODELRELEASE_MODULE_PATH is not set: run tests/Pester/Invoke-PesterSuite.ps1.' }
    Import-Module -Name (Get-ModelReleaseManifestPath) -Global -ErrorAction Stop
}

function Get-ModelReleaseManifestPath {
    <#
    .SYNOPSIS
        The path of the assembled module's ModelRelease.psd1 (out/ModelRelease/<version>/ModelRelease.psd1).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $root = $env:MODELRELEASE_MODULE_PATH
    $manifest = Get-ChildItem -LiteralPath $root -Recurse -Filter ModelRelease.psd1 | Select-Object -First 1
    if (-not $manifest) { throw "No ModelRelease.psd1 under ${root}: run dotnet publish src/ModelRelease -c Release." }
    $manifest.FullName
}

function Get-RepositoryRoot {
    [CmdletBinding()]
    [OutputType([string])]
    param()
    (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path
}

function Get-FixturePath {
    <#
    .SYNOPSIS
        The path of a shared fixture (../shared/fixtures beside the checkout, or MODELRELEASE_FIXTURES).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $Relative)
    $root = if ($env:MODELRELEASE_FIXTURES) { $env:MODELRELEASE_FIXTURES } else { Join-Path $PSScriptRoot '../../../shared/fixtures' }
    (Resolve-Path -LiteralPath (Join-Path $root $Relative)).Path
}

function Get-FixtureManifest {
    [CmdletBinding()]
    param()
    Get-Content -LiteralPath (Get-FixturePath 'MANIFEST.json') -Raw | ConvertFrom-Json -AsHashtable
}

function New-TestFolder {
    <#
    .SYNOPSIS
        A new empty folder under the suite's scratch root (MODELRELEASE_TEST_ROOT), removed when the suite ends.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([string] $Name = 'work')
    $root = if ($env:MODELRELEASE_TEST_ROOT) { $env:MODELRELEASE_TEST_ROOT } else { [System.IO.Path]::GetTempPath() }
    $path = Join-Path $root ($Name + '-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
    (New-Item -ItemType Directory -Path $path -Force).FullName
}

function Start-TestHub {
    <#
    .SYNOPSIS
        Starts the hub emulator (modelrelease hub, from MODELRELEASE_CLI) on a free loopback port and waits until
        it listens, with the Hub's namespace rules: the user writes to its own namespace and the organisations.
        Returns Endpoint, Token (SecureString), TokenText, AdminToken (for /_emulator/*), User, Data and the Process;
        stop it with Stop-TestHub.
    .PARAMETER Faults
        A hashtable of faults (the emulator's --faults file format), written to a JSON file for the emulator.
    #>
    [CmdletBinding()]
    param(
        [string] $TokenText = ('hf_Pester' + [guid]::NewGuid().ToString('N')),
        [string] $User = 'pester',
        [string[]] $Organization = @('org', 'acme', 'pester', 'example', 'team'),
        [string] $AdminToken = ('hf_Admin' + [guid]::NewGuid().ToString('N')),
        [hashtable] $Faults,
        [long] $ChunkSize,
        [long] $MultipartThreshold
    )
    $cli = $env:MODELRELEASE_CLI
    if (-not $cli -or -not (Test-Path -LiteralPath $cli)) { throw "MODELRELEASE_CLI does not name modelrelease.dll: '$cli'." }
    $data = New-TestFolder -Name 'hub'
    $arguments = [System.Collections.Generic.List[string]]@($cli, 'hub', '--data', $data, '--urls', 'http://127.0.0.1:0', '--token', "$TokenText=$User", '--admin-token', $AdminToken)
    foreach ($org in $Organization) { $arguments.AddRange([string[]]@('--org', $org)) }
    if ($Faults) {
        $faultFile = Join-Path $data '..' ("faults-" + [guid]::NewGuid().ToString('N') + '.json')
        $Faults | ConvertTo-Json -Depth 10 | Set-Content -LiteralPath $faultFile
        $arguments.AddRange([string[]]@('--faults', $faultFile))
    }
    if ($ChunkSize) { $arguments.AddRange([string[]]@('--chunk-size', "$ChunkSize")) }
    if ($MultipartThreshold) { $arguments.AddRange([string[]]@('--multipart-threshold', "$MultipartThreshold")) }

    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $arguments) { $start.ArgumentList.Add($a) }
    $start.UseShellExecute = $false
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $process = [System.Diagnostics.Process]::Start($start)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait([TimeSpan]::FromSeconds(60)) -or -not $line.Result) {
        $process.Kill($true)
        throw "The hub emulator did not start: $($process.StandardError.ReadToEnd())"
    }
    if ($line.Result -notmatch 'listening on (?<url>http://\S+?)/? \(') { $process.Kill($true); throw "Unexpected first line from the hub emulator: $($line.Result)" }
    # Keep draining both streams so the emulator never blocks on a full pipe.
    $null = $process.StandardOutput.BaseStream.CopyToAsync([System.IO.Stream]::Null)
    $null = $process.StandardError.BaseStream.CopyToAsync([System.IO.Stream]::Null)
    [pscustomobject]@{
        PSTypeName = 'ModelRelease.Tests.Hub'
        Endpoint   = $Matches.url.TrimEnd('/')
        TokenText  = $TokenText
        AdminToken = $AdminToken
        Token      = ConvertTo-SecureString -String $TokenText -AsPlainText -Force
        User       = $User
        Data       = $data
        Process    = $process
    }
}

function Stop-TestHub {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Hub)
    process {
        if ($Hub -and $Hub.Process -and -not $Hub.Process.HasExited) {
            $Hub.Process.Kill($true)
            $null = $Hub.Process.WaitForExit(10000)
        }
    }
}

function Invoke-ModelReleaseCli {
    <#
    .SYNOPSIS
        Runs the modelrelease CLI (MODELRELEASE_CLI) with the arguments; returns ExitCode, Out and Err.
    #>
    [CmdletBinding()]
    param([Parameter(ValueFromRemainingArguments)] [string[]] $ArgumentList)
    $out = & dotnet $env:MODELRELEASE_CLI @ArgumentList 2>&1
    [pscustomobject]@{
        ExitCode = $LASTEXITCODE
        Out      = ($out | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) -join "`n"
        Err      = ($out | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) -join "`n"
    }
}

function Invoke-InRecordingHost {
    <#
    .SYNOPSIS
        Runs a script block in a new runspace whose host records prompts (ShouldProcess, ShouldContinue), progress
        records and host lines, with the module under test imported. Choices are answered from -Answer in order
        ('Yes', 'No', 'Yes to All', 'No to All', 'Suspend'); when none is left, the default choice is taken.
    .OUTPUTS
        Output, Prompts (Caption, Message, Choices, Answer), Progress (ProgressRecord), Lines, Errors, Warnings,
        Verbose, Debug, Information, Exception (a terminating error, else $null).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [scriptblock] $ScriptBlock,
        [object[]] $ArgumentList = @(),
        [string[]] $Answer = @(),
        [hashtable] $Variable = @{}
    )
    if (-not ('ModelRelease.Tests.RecordingHost' -as [type])) {
        Add-Type -Path (Join-Path $PSScriptRoot 'Support/RecordingHost.cs')
    }
    $recording = [ModelRelease.Tests.RecordingHost]::new([string[]]$Answer)
    $runspace = [runspacefactory]::CreateRunspace($recording, [initialsessionstate]::CreateDefault2())
    $runspace.Open()
    $ps = [powershell]::Create()
    $ps.Runspace = $runspace
    try {
        foreach ($name in $Variable.Keys) { $runspace.SessionStateProxy.SetVariable($name, $Variable[$name]) }
        $runspace.SessionStateProxy.Path.SetLocation((Get-Location).ProviderPath) | Out-Null
        $null = $ps.AddCommand('Import-Module').AddParameter('Name', (Get-ModelReleaseManifestPath)).AddStatement()
        $null = $ps.AddScript($ScriptBlock.ToString())
        foreach ($argument in $ArgumentList) { $null = $ps.AddArgument($argument) }
        $exception = $null
        $output = $null
        try { $output = $ps.Invoke() } catch { $exception = $_.Exception }
        [pscustomobject]@{
            PSTypeName  = 'ModelRelease.Tests.RecordedRun'
            Output      = @($output)
            Prompts     = @($recording.Recorder.Prompts)
            Progress    = @($ps.Streams.Progress)
            Lines       = @($recording.Recorder.Lines)
            Errors      = @($ps.Streams.Error)
            Warnings    = @($ps.Streams.Warning)
            Verbose     = @($ps.Streams.Verbose)
            Debug       = @($ps.Streams.Debug)
            Information = @($ps.Streams.Information)
            Exception   = $exception
        }
    }
    finally {
        $ps.Dispose()
        $runspace.Dispose()
    }
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
        Runs a script in a fresh pwsh process (the same pwsh as this one, -NoProfile -NonInteractive) and returns
        its output lines converted from JSON when the script writes JSON last (-AsJson), else the lines.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Script,
        [switch] $AsJson
    )
    $file = Join-Path (New-TestFolder -Name 'child') 'script.ps1'
    Set-Content -LiteralPath $file -Value $Script
    $process = [Environment]::ProcessPath
    $prefix = @(if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    $lines = & $process @prefix -NoProfile -NonInteractive -File $file 2>&1
    $exit = $LASTEXITCODE
    $text = ($lines | ForEach-Object { "$_" }) -join "`n"
    if ($exit -ne 0) { throw "The child pwsh failed (exit $exit):`n$text" }
    if ($AsJson) { return ($lines | Select-Object -Last 1 | ConvertFrom-Json) }
    $lines
}

function New-SafetensorsFile {
    <#
    .SYNOPSIS
        Writes a safetensors file of F32 tensors (name = shape), all zeros unless -NaN names tensors whose first
        element is NaN. Large files are cheap: the data section is extended, not written. Returns the full path.
    .EXAMPLE
        New-SafetensorsFile -Path $p -Tensor ([ordered]@{ 'encoder.weight' = 4096, 4096; 'head.bias' = , 16 })
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [System.Collections.IDictionary] $Tensor,
        [string[]] $NaN = @()
    )
    $entries = [ordered]@{}
    $offset = [long]0
    foreach ($name in $Tensor.Keys) {
        $shape = @($Tensor[$name] | ForEach-Object { [long]$_ })
        $count = [long]1
        foreach ($d in $shape) { $count *= $d }
        $entries[$name] = [ordered]@{ dtype = 'F32'; shape = $shape; data_offsets = @($offset, ($offset + 4 * $count)) }
        $offset += 4 * $count
    }
    $json = $entries | ConvertTo-Json -Compress -Depth 5
    $json += ' ' * ((8 - ($json.Length % 8)) % 8)
    $header = [System.Text.Encoding]::UTF8.GetBytes($json)
    $stream = [System.IO.File]::Create($Path)
    try {
        $stream.Write([System.BitConverter]::GetBytes([long]$header.Length), 0, 8)
        $stream.Write($header, 0, $header.Length)
        $stream.SetLength(8 + $header.Length + $offset)
        foreach ($name in $NaN) {
            $stream.Position = 8 + $header.Length + $entries[$name].data_offsets[0]
            $stream.Write([System.BitConverter]::GetBytes([single]::NaN), 0, 4)
        }
    }
    finally { $stream.Dispose() }
    (Resolve-Path -LiteralPath $Path).ProviderPath
}

function Get-BoundParameterSet {
    <#
    .SYNOPSIS
        The parameter set a ModelRelease cmdlet says it bound (its "<Cmdlet>: parameter set '<Set>'" debug line),
        from records captured with -Debug 5>&1. Returns the set names in the order they were announced.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Record, [Parameter(Mandatory)] [string] $Command)
    foreach ($r in $Record) {
        if ($r -is [System.Management.Automation.DebugRecord] -and $r.Message -match ("^" + [regex]::Escape($Command) + ": parameter set '(?<set>[^']+)'$")) { $Matches.set }
    }
}

function Assert-ErrorRecord {
    <#
    .SYNOPSIS
        Asserts an ErrorRecord's stable id (the part of FullyQualifiedErrorId before the comma), category, target
        and message.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $Record,
        [Parameter(Mandatory)] [string] $Id,
        [Parameter(Mandatory)] [System.Management.Automation.ErrorCategory] $Category,
        [AllowNull()] [object] $Target,
        [string] $Message
    )
    $Record.FullyQualifiedErrorId.Split(',')[0] | Should -BeExactly $Id
    $Record.CategoryInfo.Category | Should -Be $Category
    $Record.TargetObject | Should -Not -BeOfType ([System.Management.Automation.Cmdlet])
    if ($PSBoundParameters.ContainsKey('Target')) { "$($Record.TargetObject)" | Should -BeExactly "$Target" }
    if ($Message) { $Record.Exception.Message | Should -Match $Message }
}

function Get-DocumentedExample {
    <#
    .SYNOPSIS
        Every runnable example the project documents, as users see it: the ```powershell blocks of README.md,
        the PS> lines of en-US/about_ModelRelease.help.txt (adjacent lines are one example), the cmdlet help
        examples of en-US/ModelRelease.dll-Help.xml (what Get-Help <cmdlet> -Examples shows), the .EXAMPLE
        invocations of examples/*.ps1 (the text up to the first blank line) and the usage lines of
        examples/*.sh. Returns Source, Language (PowerShell or Bash) and Text.
    #>
    [CmdletBinding()]
    param([string] $Root = (Get-RepositoryRoot))
    $found = [System.Collections.Generic.List[object]]::new()
    $add = {
        param([string] $Source, [string] $Language, [string] $Text)
        $clean = (($Text -replace "`r`n", "`n") -split "`n" | ForEach-Object { $_.TrimEnd() }) -join "`n"
        $found.Add([pscustomobject]@{ PSTypeName = 'ModelRelease.Tests.DocumentedExample'; Source = $Source; Language = $Language; Text = $clean.Trim() })
    }

    $readme = (Get-Content -Raw -LiteralPath (Join-Path $Root 'README.md')) -replace "`r`n", "`n"
    foreach ($block in [regex]::Matches($readme, '(?ms)^```powershell\n(.*?)\n```')) { & $add 'README.md' 'PowerShell' $block.Groups[1].Value }

    $lines = [System.Collections.Generic.List[string]]::new()
    foreach ($line in @(Get-Content -LiteralPath (Join-Path $Root 'en-US/about_ModelRelease.help.txt')) + '') {
        if ($line -match '^\s*PS> (.*)$') { $lines.Add($Matches[1]); continue }
        if ($lines.Count -gt 0) { & $add 'about_ModelRelease' 'PowerShell' ($lines -join "`n"); $lines.Clear() }
    }

    $namespaces = @{ command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; dev = 'http://schemas.microsoft.com/maml/dev/2004/10' }
    [xml] $maml = Get-Content -Raw -LiteralPath (Join-Path $Root 'en-US/ModelRelease.dll-Help.xml')
    foreach ($command in Select-Xml -Xml $maml -XPath '//command:command' -Namespace $namespaces) {
        $name = (Select-Xml -Xml $command.Node -XPath './command:details/command:name' -Namespace $namespaces).Node.InnerText
        foreach ($code in Select-Xml -Xml $command.Node -XPath './command:examples/command:example/dev:code' -Namespace $namespaces) {
            & $add "Get-Help $name -Examples" 'PowerShell' $code.Node.InnerText
        }
    }

    foreach ($script in Get-ChildItem -LiteralPath (Join-Path $Root 'examples') -Filter '*.ps1' -File | Sort-Object Name) {
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($script.FullName, [ref] $null, [ref] $null)
        foreach ($example in $ast.GetHelpContent().Examples) {
            & $add "examples/$($script.Name)" 'PowerShell' ((($example -replace "`r`n", "`n").Trim() -split "\n\s*\n")[0])
        }
    }
    foreach ($script in Get-ChildItem -LiteralPath (Join-Path $Root 'examples') -Filter '*.sh' -File | Sort-Object Name) {
        foreach ($line in Get-Content -LiteralPath $script.FullName) {
            if ($line -match '^#\s+(examples/\S+\.sh\b.*)$') { & $add "examples/$($script.Name)" 'Bash' $Matches[1] }
        }
    }
    $found
}

function New-SafetensorsCopy {
    <#
    .SYNOPSIS
        Writes a safetensors file that holds the same tensors as the checkpoint at -Path (read with Get-Checkpoint):
        each tensor's elements gathered in row-major order through its Stride (a PyTorch view of a larger storage
        becomes its own elements), under the canonical dtype names. For little-endian files of whole-byte dtypes;
        -Metadata adds a __metadata__ map. Returns the full path of the copy.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Destination,
        [System.Collections.IDictionary] $Metadata
    )
    $sizes = @{ F64 = 8; I64 = 8; U64 = 8; F32 = 4; I32 = 4; U32 = 4; F16 = 2; BF16 = 2; I16 = 2; U16 = 2; I8 = 1; U8 = 1; BOOL = 1 }
    $checkpoint = Get-Checkpoint -Path $Path -ErrorAction Stop
    $file = [System.IO.File]::ReadAllBytes($checkpoint.Path)
    $data = [System.IO.MemoryStream]::new()
    $entries = [ordered]@{}
    if ($Metadata) { $entries['__metadata__'] = $Metadata }
    foreach ($t in $checkpoint.Tensors) {
        $size = $sizes[$t.DType]
        if (-not $size) { throw "New-SafetensorsCopy: no element size for $($t.DType) ($($t.Name))" }
        [long[]] $shape = @($t.Shape)
        [long[]] $stride = if ($null -ne $t.Stride) { @($t.Stride) } else {
            $s = [long[]]::new($shape.Count); $n = [long]1
            for ($d = $shape.Count - 1; $d -ge 0; $d--) { $s[$d] = $n; $n *= $shape[$d] }
            $s
        }
        $start = $data.Length
        if ($t.ElementCount -gt 0) {
            $index = [long[]]::new($shape.Count)
            while ($true) {
                $element = [long]0
                for ($d = 0; $d -lt $shape.Count; $d++) { $element += $index[$d] * $stride[$d] }
                $data.Write($file, [int]($t.ByteOffset + $element * $size), $size)
                $d = $shape.Count - 1
                while ($d -ge 0) {
                    $index[$d]++
                    if ($index[$d] -lt $shape[$d]) { break }
                    $index[$d] = 0
                    $d--
                }
                if ($d -lt 0) { break }
            }
        }
        $entries[$t.Name] = [ordered]@{ dtype = $t.DType; shape = $shape; data_offsets = @($start, $data.Length) }
    }
    $json = $entries | ConvertTo-Json -Compress -Depth 5
    $json += ' ' * ((8 - ($json.Length % 8)) % 8)
    $header = [System.Text.Encoding]::UTF8.GetBytes($json)
    $target = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Destination)
    $stream = [System.IO.File]::Create($target)
    try {
        $stream.Write([System.BitConverter]::GetBytes([long]$header.Length), 0, 8)
        $stream.Write($header, 0, $header.Length)
        $data.WriteTo($stream)
    }
    finally { $stream.Dispose() }
    $target
}

function Get-TestPostgresServer {
    <#
    .SYNOPSIS
        The PostgreSQL server of the test run (MODELRELEASE_TEST_POSTGRES, set by tests/run.sh, which starts Debian's
        PostgreSQL 15) as an Npgsql connection string; throws, saying so, when there is none: a PostgreSQL test fails,
        it is never skipped.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    if (-not $env:MODELRELEASE_TEST_POSTGRES) {
        throw 'MODELRELEASE_TEST_POSTGRES is not set: the PostgreSQL registry tests need the server tests/run.sh starts (/usr/lib/postgresql/15/bin); run them through tests/run.sh or set it to an admin connection string.'
    }
    $env:MODELRELEASE_TEST_POSTGRES
}

function New-TestRegistryDatabase {
    <#
    .SYNOPSIS
        Creates an empty database on the test run's PostgreSQL server (with psql) and returns its Npgsql connection
        string (Host=…;Port=…;Username=…;Password=…;Database=mr_…).
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param()
    $server = Get-TestPostgresServer
    $parts = @{}
    foreach ($pair in $server -split ';') { if ($pair -match '^\s*([^=]+?)\s*=\s*(.*)$') { $parts[$Matches[1].ToLowerInvariant()] = $Matches[2] } }
    $name = 'mr_' + [guid]::NewGuid().ToString('N').Substring(0, 16)
    $psql = Get-Command psql -ErrorAction SilentlyContinue
    $psqlPath = if ($psql) { $psql.Source } else { '/usr/lib/postgresql/15/bin/psql' }
    $saved = $env:PGPASSWORD
    try {
        $env:PGPASSWORD = $parts['password']
        $out = & $psqlPath -h $parts['host'] -p $parts['port'] -U $parts['username'] -d postgres -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $name" 2>&1
        if ($LASTEXITCODE -ne 0) { throw "psql could not create a test database: $out" }
    }
    finally { $env:PGPASSWORD = $saved }
    ($server -replace '(?i)Database=[^;]*', '').TrimEnd(';') + ";Database=$name"
}

function Initialize-TestModelStore {
    <#
    .SYNOPSIS
        Lays out a governed model store's inputs in -Path: config/model_policy.json (base, residual, super-resolution,
        fact-checking; two approvals of alice, bob or carol), eval/performance.json and eval/performance-2.json (base's
        metrics: 1.2.3 and a better 1.3.0), results/tests.xml (JUnit, passing) and checkpoints/model.safetensors.
        Returns the path.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [string] $Path, [int] $GracePeriodDays = 30)
    foreach ($folder in 'config', 'eval', 'results', 'checkpoints') { $null = New-Item -ItemType Directory -Force -Path (Join-Path $Path $folder) }
    Set-Content -LiteralPath (Join-Path $Path 'config/model_policy.json') -Value (@{
            schemaVersion = 1; prefix = 'pib-vg'; approvers = @('alice', 'bob', 'carol'); requiredApprovals = 2; gracePeriodDays = $GracePeriodDays
            components = @{
                base               = @{ metrics = @{ fid = @{ direction = 'lower'; threshold = 12.0 }; clip_score = @{ direction = 'higher'; threshold = 0.28 } } }
                residual           = @{ metrics = @{ fid = @{ direction = 'lower'; threshold = 14.0 } } }
                'super-resolution' = @{ metrics = @{ psnr = @{ direction = 'higher'; threshold = 28.0 } } }
                'fact-checking'    = @{ metrics = @{ accuracy = @{ direction = 'higher'; threshold = 0.9 } } }
            }
        } | ConvertTo-Json -Depth 8)
    Set-Content -LiteralPath (Join-Path $Path 'eval/performance.json') -Value '{ "schemaVersion": 1, "metrics": { "fid": { "value": 11.8, "direction": "lower" }, "clip_score": { "value": 0.29, "direction": "higher" } } }'
    Set-Content -LiteralPath (Join-Path $Path 'eval/performance-2.json') -Value '{ "schemaVersion": 1, "metrics": { "fid": { "value": 10.9, "direction": "lower" }, "clip_score": { "value": 0.31, "direction": "higher" } } }'
    Set-Content -LiteralPath (Join-Path $Path 'results/tests.xml') -Value '<testsuites><testsuite name="model" tests="24" failures="0" errors="0" skipped="0"/></testsuites>'
    $null = New-SafetensorsFile -Path (Join-Path $Path 'checkpoints/model.safetensors') -Tensor ([ordered]@{ 'layer.weight' = 8, 4; 'layer.bias' = , 4 })
    $Path
}

Export-ModuleMember -Function Import-ModelReleaseUnderTest, Get-ModelReleaseManifestPath, Get-RepositoryRoot, Get-FixturePath, Get-FixtureManifest, New-TestFolder, Start-TestHub, Stop-TestHub, Invoke-ModelReleaseCli, Invoke-InRecordingHost, Invoke-ChildPwsh, New-SafetensorsFile, Get-BoundParameterSet, Assert-ErrorRecord, Get-DocumentedExample, New-SafetensorsCopy, Get-TestPostgresServer, New-TestRegistryDatabase, Initialize-TestModelStore
