#Requires -Version 7.4
# Get-Help for every cmdlet of the assembled module, as a user reads it in the host: a synopsis, a description,
# every parameter described, and at least one example with its explanation; and the about topic.

BeforeDiscovery {
    $manifest = Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../ModelRelease.psd1') -Raw | Invoke-Expression
    $script:Cmdlets = $manifest.CmdletsToExport | ForEach-Object { @{ Name = $_ } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'Get-Help <Name> -Full' -ForEach $script:Cmdlets {
    BeforeAll {
        $script:Help = Get-Help -Name $Name -Full
    }

    It 'comes from the module''s help file, not from the syntax alone' {
        $script:Help.ModuleName | Should -Be 'ModelRelease'
        # Without a help file PowerShell makes the synopsis from the syntax ("Get-Checkpoint [-Path] <string[]> ...").
        $script:Help.Synopsis | Should -Not -BeNullOrEmpty
        $script:Help.Synopsis | Should -Not -BeLike "$Name *"
        $script:Help.Synopsis.Trim() | Should -Match '\.$'
    }

    It 'has a description' {
        ($script:Help.description.Text -join ' ').Trim().Length | Should -BeGreaterThan 40
    }

    It 'describes every parameter' {
        $parameters = (Get-Command -Name $Name).Parameters.Keys | Where-Object { $_ -notin $script:Common }
        $described = @{}
        foreach ($p in $script:Help.parameters.parameter) { $described[$p.name] = ($p.description.Text -join ' ').Trim() }
        foreach ($parameter in $parameters) {
            $described[$parameter] | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name needs a description"
        }
    }

    It 'shows at least one example with code and an explanation' {
        $examples = @($script:Help.examples.example)
        $examples.Count | Should -BeGreaterThan 0
        foreach ($example in $examples) {
            $example.code | Should -Match ([regex]::Escape($Name) + '|' + 'Measure-ModelParameters')
            ($example.remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'names its output type' {
        @($script:Help.returnValues.returnValue).Count | Should -BeGreaterThan 0
        ($script:Help.returnValues.returnValue.type.name -join ' ') | Should -Match 'ModelRelease\.|System\.'
    }
}

Describe 'about_ModelRelease' {
    It 'is found by Get-Help and shows examples' {
        $topic = Get-Help -Name about_ModelRelease
        $text = $topic | Out-String
        $text | Should -Match 'about_ModelRelease'
        $text | Should -Match 'PS>'
    }
}
