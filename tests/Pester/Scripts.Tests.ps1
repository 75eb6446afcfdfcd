#Requires -Version 7.4
# Every PowerShell text of the repository parses with PowerShell's own parser, and every use of a ModelRelease
# command names the module's real parameters (bound statically against the imported module): scripts, the
# manifest, README's powershell blocks, the about topic's PS> lines and the help examples.

BeforeDiscovery {
    $root = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path
    $skip = '[\\/](node_modules|out|bin|obj|\.git|TestResults)[\\/]'
    $script:Scripts = Get-ChildItem -LiteralPath $root -Recurse -File -Include '*.ps1', '*.psm1', '*.psd1' |
        Where-Object { $_.FullName -notmatch $skip } |
        ForEach-Object { @{ File = $_.FullName; Name = [System.IO.Path]::GetRelativePath($root, $_.FullName) } }
    $script:Documents = @('README.md') + @(Get-ChildItem -LiteralPath (Join-Path $root 'docs') -Filter '*.md' -Recurse -ErrorAction SilentlyContinue |
            ForEach-Object { [System.IO.Path]::GetRelativePath($root, $_.FullName) }) |
        Where-Object { Test-Path -LiteralPath (Join-Path $root $_) } |
        ForEach-Object { @{ File = (Join-Path $root $_); Name = $_ } }
    $script:Topics = Get-ChildItem -LiteralPath (Join-Path $root 'en-US') -Filter 'about_*.help.txt' |
        ForEach-Object { @{ File = $_.FullName; Name = $_.Name } }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'ScriptCheck.psm1') -Force
    Import-ModelReleaseUnderTest
    function Format-Problem { param($Problems) ($Problems | ForEach-Object { "line $($_.Line): $($_.Message)" }) -join "`n" }
}

Describe 'The script checker' {
    It 'reports <What>' -ForEach @(
        @{ What = 'a syntax error'; Text = 'Get-Checkpoint ./x.safetensors | ForEach-Object { $_.Name '; Expected = 'parse error' }
        @{ What = 'a parameter the cmdlet does not have'; Text = 'Get-Checkpoint -Recurse ./models'; Expected = 'Recurse' }
        @{ What = 'a module command that does not exist'; Text = 'Get-Checkpoints ./models'; Expected = 'not a command of the ModelRelease module' }
        @{ What = 'a value parameter without its value'; Text = 'Measure-ModelParameter ./m.safetensors -Expected'; Expected = 'Expected' }
        @{ What = 'an ambiguous prefix'; Text = 'Test-Checkpoint ./m.safetensors -E 1'; Expected = 'ambiguous' }
        @{ What = 'an unknown parameter among known ones'; Text = 'Publish-HfModel -Path ./x -RepoId a/b -Tag v1'; Expected = 'Tag' }
        @{ What = 'a digit-bearing parameter that does not exist'; Text = 'Test-Checkpoint ./m.safetensors -Sha512'; Expected = 'Sha512' }
    ) {
        $problems = @(Test-PowerShellText -Text $Text)
        $problems.Count | Should -BeGreaterThan 0
        ($problems.Message -join "`n") | Should -BeLike "*$Expected*"
    }

    It 'accepts prefixes, aliases, common parameters, -Name:value, splatting and functions of the script' {
        $text = @(
            'Get-Checkpoint ./m.gguf | Select-Object Name, Format, ParameterCount'
            'Get-Checkpoint -LP ./m.safetensors -ErrorAction Stop -OutVariable cp'
            'Get-ChildItem ./models -Filter *.gguf | Test-Checkpoint -Deep -Sha256 -ExpectedParameterCount:15.8M -Tolerance 1%'
            'Measure-ModelParameters -Path ./m.safetensors -Expected 1.2B'
            'Test-Checkpoint ./m.safetensors -De'   # PowerShell binds -De to -Deep, not to the common -Debug
            '$p = @{ Nope = 1 }; Get-Checkpoint @p'
            'function Get-Checkpoints { }; Get-Checkpoints -Anything'
        ) -join "`n"
        @(Test-PowerShellText -Text $text) | Should -BeNullOrEmpty
    }
}

Describe 'Scripts of the repository' {
    It '<Name> parses and uses only real commands and parameters' -ForEach $script:Scripts {
        $problems = @(Test-PowerShellText -Text (Get-Content -LiteralPath $File -Raw))
        $problems | Should -BeNullOrEmpty -Because (Format-Problem $problems)
    }
}

Describe 'Documentation examples' {
    It '<Name>: every powershell block parses and uses only real commands and parameters' -ForEach $script:Documents {
        $blocks = @(Get-PowerShellBlock -Markdown (Get-Content -LiteralPath $File -Raw))
        $blocks.Count | Should -BeGreaterThan 0
        $problems = @(foreach ($block in $blocks) { Test-PowerShellText -Text $block.Text -FirstLine $block.Line })
        $problems | Should -BeNullOrEmpty -Because (Format-Problem $problems)
    }

    It '<Name>: every PS> example parses and uses only real commands and parameters' -ForEach $script:Topics {
        $examples = @(Get-AboutTopicExample -Text (Get-Content -LiteralPath $File -Raw))
        $examples.Count | Should -BeGreaterThan 0 -Because 'an about topic should show examples (lines starting with PS>)'
        $problems = @(foreach ($example in $examples) { Test-PowerShellText -Text $example.Text -FirstLine $example.Line })
        $problems | Should -BeNullOrEmpty -Because (Format-Problem $problems)
    }

    It 'every help example of <_> parses and uses only real commands and parameters' -ForEach @(
        (Get-Content -LiteralPath (Join-Path $PSScriptRoot '../../ModelRelease.psd1') -Raw | Invoke-Expression).CmdletsToExport
    ) {
        $examples = @((Get-Help -Name $_ -Full).examples.example)
        $examples.Count | Should -BeGreaterThan 0
        $problems = @(foreach ($example in $examples) { Test-PowerShellText -Text $example.code })
        $problems | Should -BeNullOrEmpty -Because (Format-Problem $problems)
    }
}

Describe 'The manifest' {
    It 'exports exactly the compiled cmdlets and aliases' {
        $manifest = Import-PowerShellDataFile -LiteralPath (Get-ModelReleaseManifestPath)
        $module = Get-Module -Name ModelRelease
        $compiled = $module.ExportedCmdlets.Keys | Sort-Object
        @($manifest.CmdletsToExport | Sort-Object) | Should -Be @($compiled)
        $aliases = Get-Command -Module ModelRelease -CommandType Cmdlet | ForEach-Object {
            $_.ImplementingType.GetCustomAttributes([System.Management.Automation.AliasAttribute], $false).AliasNames
        } | Sort-Object
        @($manifest.AliasesToExport | Sort-Object) | Should -Be @($aliases)
        @($module.ExportedAliases.Keys | Sort-Object) | Should -Be @($aliases)
    }

    It 'passes Test-ModuleManifest with the version stamped from Directory.Build.props' {
        $info = Test-ModuleManifest -Path (Get-ModelReleaseManifestPath)
        $props = [xml](Get-Content -LiteralPath (Join-Path (Get-RepositoryRoot) 'Directory.Build.props') -Raw)
        $info.Version.ToString() | Should -Be (@($props.Project.PropertyGroup.VersionPrefix) -ne $null)[0]
    }
}
