# Helpers of the Hub tests (Hub.Tests.ps1, Streams.Tests.ps1): what the emulator holds, what it was asked to
# write, its faults, and one way to look at an error under every error preference.
# Import with: Import-Module (Join-Path $PSScriptRoot 'HubTestHelpers.psm1') -Force

# The emulator's endpoints that change something (HubEmulator endpoint names).
$script:WriteEndpoints = 'create', 'upload', 'part', 'complete', 'commit', 'tag', 'branch'

function Invoke-HubApi {
    <#
    .SYNOPSIS
        GET (or POST) a path of the emulator with its token (its admin token for /_emulator/*); returns StatusCode and
        the parsed JSON body.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Hub,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'Get',
        $Body
    )
    $request = @{
        Uri                = "$($Hub.Endpoint)/$($Path.TrimStart('/'))"
        Method             = $Method
        Headers            = @{ Authorization = "Bearer $(if ($Path.TrimStart('/').StartsWith('_emulator/')) { $Hub.AdminToken } else { $Hub.TokenText })" }
        SkipHttpErrorCheck = $true
    }
    if ($null -ne $Body) { $request.Body = ($Body | ConvertTo-Json -Depth 10 -Compress); $request.ContentType = 'application/json' }
    $response = Invoke-WebRequest @request
    [pscustomobject]@{
        StatusCode = [int]$response.StatusCode
        Json       = if ($response.Content) { $response.Content | ConvertFrom-Json -NoEnumerate -ErrorAction SilentlyContinue } else { $null }
    }
}

function Get-HubWriteCount {
    <#
    .SYNOPSIS
        How many requests to the emulator's writing endpoints (create, upload, part, complete, commit, tag, branch)
        it has received, and how many commits it has made.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Hub)
    $response = Invoke-HubApi -Hub $Hub -Path '_emulator/stats'
    if ($response.StatusCode -ne 200) { throw "The emulator's statistics answered $($response.StatusCode)." }
    $stats = $response.Json
    $writes = 0
    foreach ($name in $script:WriteEndpoints) {
        if ($stats.requests.PSObject.Properties[$name]) { $writes += [long]$stats.requests.$name }
    }
    [pscustomobject]@{ Writes = $writes; Commits = [long]$stats.commits; UploadedBytes = [long]$stats.uploadedBytes }
}

function Get-HubRepoState {
    <#
    .SYNOPSIS
        What the emulator holds for a repository: Exists, Private, Head (of -Revision), CommitCount, Files
        (rfilename -> lfs sha256 or blob id) and Tags (name -> commit).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Hub,
        [Parameter(Mandatory)] [string] $RepoId,
        [string] $Revision = 'main'
    )
    $info = Invoke-HubApi -Hub $Hub -Path "api/models/$RepoId/revision/$Revision"
    if ($info.StatusCode -ne 200) {
        return [pscustomobject]@{ Exists = $false; StatusCode = $info.StatusCode; Private = $false; Head = $null; CommitCount = 0; Files = @{}; Tags = @{} }
    }
    $files = @{}
    foreach ($s in $info.Json.siblings) { $files[$s.rfilename] = if ($s.lfs) { $s.lfs.sha256 } else { $s.blobId } }
    $commits = Invoke-WebRequest -Uri "$($Hub.Endpoint)/api/models/$RepoId/commits/$Revision" -Headers @{ Authorization = "Bearer $($Hub.TokenText)" } -SkipHttpErrorCheck
    $tags = @{}
    foreach ($t in (Invoke-HubApi -Hub $Hub -Path "api/models/$RepoId/refs").Json.tags) { $tags[$t.name] = $t.targetCommit }
    [pscustomobject]@{
        Exists      = $true
        StatusCode  = 200
        Private     = [bool]$info.Json.private
        Head        = $info.Json.sha
        CommitCount = [int]$commits.Headers['X-Total-Count'][0]
        Files       = $files
        Tags        = $tags
    }
}

function Set-HubFault {
    <#
    .SYNOPSIS
        Replaces the emulator's fault rules (the --faults format); no rules clears them.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    param(
        [Parameter(Mandatory)] $Hub,
        [hashtable[]] $Rule = @()
    )
    if ($PSCmdlet.ShouldProcess($Hub.Endpoint, 'Set faults')) {
        $response = Invoke-HubApi -Hub $Hub -Path '_emulator/faults' -Method Post -Body @{ seed = 1; rules = @($Rule) }
        if ($response.StatusCode -ne 200) { throw "The emulator refused the faults: $($response.StatusCode)." }
    }
}

function New-RandomFile {
    <#
    .SYNOPSIS
        A file of -Length pseudo-random bytes (from -Seed), written in blocks of 1 MiB; returns its full path.
    #>
    [CmdletBinding(SupportsShouldProcess)]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [long] $Length,
        [int] $Seed = 1
    )
    if (-not $PSCmdlet.ShouldProcess($Path, 'Create')) { return }
    $random = [System.Random]::new($Seed)
    $buffer = [byte[]]::new(1048576)
    $stream = [System.IO.File]::Create($Path)
    try {
        for ($left = $Length; $left -gt 0; $left -= $buffer.Length) {
            $random.NextBytes($buffer)
            $stream.Write($buffer, 0, [int][Math]::Min($left, $buffer.Length))
        }
    }
    finally { $stream.Dispose() }
    (Resolve-Path -LiteralPath $Path).ProviderPath
}

function Get-ErrorUnderPreference {
    <#
    .SYNOPSIS
        Runs -Case (a script block whose first parameter is a hashtable of common parameters to splat on the
        command under test) three times: with -ErrorAction Stop, with -ErrorAction SilentlyContinue, and with
        -ErrorVariable. Returns Stop (the ErrorRecord caught), SilentOutput, SilentThrew (an ErrorRecord when the
        error is terminating), SilentRecorded ($Error after the silent run) and Variable (the records -ErrorVariable
        got).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [scriptblock] $Case)
    $stop = $null
    try { $null = & $Case @{ ErrorAction = 'Stop' } } catch { $stop = $_ }

    $global:Error.Clear()
    $silentOutput = @()
    $silentThrew = $null
    try { $silentOutput = @(& $Case @{ ErrorAction = 'SilentlyContinue' }) } catch { $silentThrew = $_ }
    $recorded = @($global:Error | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })

    Remove-Variable -Name ModelReleaseTestErrors -Scope Global -ErrorAction Ignore
    try { $null = & $Case @{ ErrorAction = 'SilentlyContinue'; ErrorVariable = 'global:ModelReleaseTestErrors' } } catch { Write-Verbose "terminating: $($_.FullyQualifiedErrorId)" }
    # A terminating error reaches -ErrorVariable as the exception that carries its record.
    $variable = @($global:ModelReleaseTestErrors | ForEach-Object { if ($_ -is [System.Management.Automation.IContainsErrorRecord]) { $_.ErrorRecord } else { $_ } })
    Remove-Variable -Name ModelReleaseTestErrors -Scope Global -ErrorAction Ignore

    [pscustomobject]@{
        Stop           = $stop
        SilentOutput   = $silentOutput
        SilentThrew    = $silentThrew
        SilentRecorded = $recorded
        Variable       = $variable
    }
}

function Assert-TypedError {
    <#
    .SYNOPSIS
        Checks what Get-ErrorUnderPreference saw: under every preference, the same error id (FullyQualifiedErrorId
        '<Id>,ModelRelease.Commands.<Verb><Noun>Command'), category and TargetObject (never the cmdlet), a message
        matching -Message, and -Terminating or not (a non-terminating error is silent under SilentlyContinue but
        recorded in $Error and -ErrorVariable). Returns the record caught under -ErrorAction Stop.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] $Seen,
        [Parameter(Mandatory)] [string] $Id,
        [Parameter(Mandatory)] [System.Management.Automation.ErrorCategory] $Category,
        [Parameter(Mandatory)] [AllowNull()] $Target,
        [string] $Message = '.',
        [switch] $Terminating,
        [string] $RecommendedAction
    )
    process {
        $stop = $Seen.Stop
        if ($null -eq $stop) { throw "Expected error '$Id' under -ErrorAction Stop, but nothing was thrown." }
        $records = @($stop) + @($Seen.Variable) + @($(if ($Terminating) { $Seen.SilentThrew } else { $Seen.SilentRecorded | Select-Object -First 1 }))
        foreach ($record in $records) {
            if ($null -eq $record) { throw "Expected error '$Id' under every preference; one run recorded none (terminating: $Terminating)." }
            $fqid = $record.FullyQualifiedErrorId
            if ($fqid -notlike "$Id,ModelRelease.Commands.*") { throw "Expected error id '$Id,ModelRelease.Commands.*', got '$fqid': $($record.Exception.Message)" }
            if ($record.CategoryInfo.Category -ne $Category) { throw "Error '$Id': expected category $Category, got $($record.CategoryInfo.Category)." }
            if ($record.TargetObject -is [System.Management.Automation.Cmdlet]) { throw "Error '$Id': the TargetObject is the cmdlet." }
            if ("$($record.TargetObject)" -ne "$Target") { throw "Error '$Id': expected TargetObject '$Target', got '$($record.TargetObject)'." }
            if ($record.Exception.Message -notmatch $Message) { throw "Error '$Id': the message '$($record.Exception.Message)' does not match '$Message'." }
            if ($RecommendedAction -and $record.ErrorDetails.RecommendedAction -notmatch $RecommendedAction) {
                throw "Error '$Id': the recommended action '$($record.ErrorDetails.RecommendedAction)' does not match '$RecommendedAction'."
            }
        }
        if ($Terminating) {
            if ($null -eq $Seen.SilentThrew) { throw "Error '$Id' should be terminating: SilentlyContinue should not hide it." }
        }
        else {
            if ($null -ne $Seen.SilentThrew) { throw "Error '$Id' should not be terminating, but SilentlyContinue threw: $($Seen.SilentThrew)" }
            if ($Seen.SilentOutput.Count -ne 0) { throw "Error '$Id': SilentlyContinue produced output: $($Seen.SilentOutput)" }
        }
        $stop
    }
}

function Get-BoundParameterSet {
    <#
    .SYNOPSIS
        The parameter set a ModelRelease cmdlet announced on the debug stream ("<Name>: parameter set '<Set>'"),
        from the records of a run with -Debug 5>&1. Returns every set announced, in order.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param([Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $Record, [Parameter(Mandatory)] [string] $Command)
    foreach ($r in $Record) {
        if ($r -is [System.Management.Automation.DebugRecord] -and $r.Message -match "^$([regex]::Escape($Command)): parameter set '(?<set>[^']+)'$") { $Matches.set }
    }
}

Export-ModuleMember -Function Invoke-HubApi, Get-HubWriteCount, Get-HubRepoState, Set-HubFault, New-RandomFile, Get-ErrorUnderPreference, Assert-TypedError, Get-BoundParameterSet
