# Static checks of PowerShell text with PowerShell's own parser: syntax, and every use of a ModelRelease command
# (its name, its parameters by name, prefix or alias, and that value parameters get values), bound by
# StaticParameterBinder against the imported module exactly as the engine would bind them.
using namespace System.Management.Automation.Language

# Noun stems of this module: a Verb-Noun command whose noun starts with one of these but that the module does not
# have is a typo of one of ours (Get-Checkpoints), not somebody else's command.
$script:ModuleNounStems = @('checkpoint', 'modelparameter', 'modelcard', 'releasetag', 'hf', 'weights', 'modelversion', 'modelrelease', 'modelname')

function Test-PowerShellText {
    <#
    .SYNOPSIS
        Problems in one PowerShell text (a script, a Markdown block, a help example): parse errors, unknown module
        commands, parameters the command does not have, ambiguous prefixes, value parameters without a value.
    .OUTPUTS
        Objects with Line and Message; none when the text is fine.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowEmptyString()] [string] $Text,
        [int] $FirstLine = 1
    )
    $tokens = $null
    $errors = $null
    $ast = [Parser]::ParseInput($Text, [ref]$tokens, [ref]$errors)
    foreach ($e in $errors) {
        [pscustomobject]@{ Line = $e.Extent.StartLineNumber + $FirstLine - 1; Message = "parse error: $($e.Message) ($($e.ErrorId))" }
    }
    if ($errors.Count -gt 0) { return }

    $module = Get-Module -Name ModelRelease
    if (-not $module) { throw 'Import the module under test first (Import-ModelReleaseUnderTest).' }
    $defined = @($ast.FindAll({ param($n) $n -is [FunctionDefinitionAst] }, $true) | ForEach-Object { $_.Name })
    $approvedVerbs = (Get-Verb).Verb
    foreach ($command in $ast.FindAll({ param($n) $n -is [CommandAst] }, $true)) {
        $name = $command.GetCommandName()
        if (-not $name -or $defined -contains $name) { continue }
        $line = $command.Extent.StartLineNumber + $FirstLine - 1
        $resolved = $module.ExportedCommands[$name]
        if (-not $resolved -and $module.ExportedAliases.ContainsKey($name)) { $resolved = $module.ExportedAliases[$name].ResolvedCommand }
        if (-not $resolved) {
            if (Get-Command -Name $name -ErrorAction Ignore) { continue } # somebody else's command (a test helper, say)
            if ($name -match '^(?<verb>[A-Za-z]+)-(?<noun>[A-Za-z0-9]+)$' -and $approvedVerbs -contains $Matches.verb -and
                ($script:ModuleNounStems | Where-Object { $Matches.noun.ToLowerInvariant().StartsWith($_) })) {
                [pscustomobject]@{ Line = $line; Message = "$name is not a command of the ModelRelease module" }
            }
            continue
        }
        # Splatting (@params) cannot be checked statically.
        if ($command.CommandElements | Where-Object { $_ -is [VariableExpressionAst] -and $_.Splatted }) { continue }
        $binding = [StaticParameterBinder]::BindCommand($command, $true)
        foreach ($entry in $binding.BindingExceptions.GetEnumerator()) {
            [pscustomobject]@{ Line = $line; Message = "$name -$($entry.Key): $($entry.Value.BindingException.Message)" }
        }
    }
}

function Get-PowerShellBlock {
    <#
    .SYNOPSIS
        The fenced ```powershell (pwsh, ps1) blocks of a Markdown text, each with the line its code starts on.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Markdown)
    $lines = $Markdown -split "`r?`n"
    $inside = $false
    $buffer = [System.Collections.Generic.List[string]]::new()
    $start = 0
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $fence = [regex]::Match($lines[$i], '^\s*```\s*([A-Za-z0-9_-]*)')
        if ($fence.Success -and -not $inside -and $fence.Groups[1].Value -match '^(powershell|pwsh|ps1|ps)$') {
            $inside = $true; $start = $i + 2; $buffer.Clear(); continue
        }
        if ($fence.Success -and $inside) {
            $inside = $false
            [pscustomobject]@{ Line = $start; Text = $buffer -join "`n" }
            continue
        }
        if ($inside) { $buffer.Add($lines[$i]) }
    }
}

function Get-AboutTopicExample {
    <#
    .SYNOPSIS
        The example lines of an about_*.help.txt topic: lines starting with "PS>" (the prompt removed), with their line.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Text)
    $lines = $Text -split "`r?`n"
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -match '^\s*PS>\s?(?<code>.*)$') { [pscustomobject]@{ Line = $i + 1; Text = $Matches.code } }
    }
}

Export-ModuleMember -Function Test-PowerShellText, Get-PowerShellBlock, Get-AboutTopicExample
