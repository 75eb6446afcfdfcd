#Requires -Version 7.4
# Tab completion as the host does it (TabExpansion2): every argument completer of the module, on every cmdlet and
# parameter that uses it, and every ValidateSet or enum parameter.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    # What each completer must offer for a prefix a user would type.
    $script:Expectations = @{
        'LicenseCompleter'     = @{ Prefix = 'apache'; Expected = 'apache-2.0'; NotExpected = 'mit' }
        'LanguageCompleter'    = @{ Prefix = 'fr'; Expected = 'fr'; NotExpected = 'en' }
        'PipelineTagCompleter' = @{ Prefix = 'text-gen'; Expected = 'text-generation'; NotExpected = 'image-classification' }
    }
    $script:Completed = foreach ($command in Get-Command -Module ModelRelease -CommandType Cmdlet) {
        foreach ($parameter in $command.Parameters.Values) {
            $completer = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }
            if ($completer) {
                @{ Cmdlet = $command.Name; Parameter = $parameter.Name; Completer = $completer.Type.Name; Expectation = $script:Expectations[$completer.Type.Name] }
            }
        }
    }
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $script:Closed = foreach ($command in Get-Command -Module ModelRelease -CommandType Cmdlet) {
        foreach ($parameter in $command.Parameters.Values | Where-Object Name -NotIn $common) {
            $set = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] }
            $type = if ($parameter.ParameterType.IsArray) { $parameter.ParameterType.GetElementType() } else { $parameter.ParameterType }
            $type = [Nullable]::GetUnderlyingType($type) ?? $type
            $values = if ($set) { $set.ValidValues } elseif ($type.IsEnum) { [Enum]::GetNames($type) } else { $null }
            if ($values) { @{ Cmdlet = $command.Name; Parameter = $parameter.Name; Values = @($values) } }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    function Get-Completion {
        param([string] $Line)
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }
}

Describe 'Argument completers' {
    It 'the module has completers to test' -ForEach @(@{ Count = @($script:Completed).Count }) {
        $Count | Should -BeGreaterThan 0
    }

    It '<Cmdlet> -<Parameter> completes through <Completer>' -ForEach $script:Completed {
        $expectation = $Expectation
        $expectation | Should -Not -BeNullOrEmpty -Because "$Completer needs an expectation in this file"
        $offered = @(Get-Completion "$Cmdlet -$Parameter $($expectation.Prefix)")
        $offered | Should -Contain $expectation.Expected
        $offered | Should -Not -Contain $expectation.NotExpected
        $offered | ForEach-Object { $_ | Should -BeLike "$($expectation.Prefix)*" }
        # An empty word offers the whole vocabulary, sorted the way the completer sorts it.
        @(Get-Completion "$Cmdlet -$Parameter ").Count | Should -BeGreaterThan 5
    }

    It '<Cmdlet> -<Parameter> completes its fixed values' -ForEach $script:Closed {
        $first = $Values[0]
        $offered = @(Get-Completion "$Cmdlet -$Parameter $($first.Substring(0, 1))")
        $offered | Should -Contain $first
        @(Get-Completion "$Cmdlet -$Parameter ") | Sort-Object | Should -Be ($Values | Sort-Object)
    }
}
