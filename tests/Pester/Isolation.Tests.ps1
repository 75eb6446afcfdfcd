#Requires -Version 7.4
# Dependency isolation in the real host, each case in a fresh pwsh process: the module's core and its packages
# load into the module's private AssemblyLoadContext, so a session that already holds another YamlDotNet (as the
# powershell-yaml module loads one) keeps both working; and the module can be removed and imported again.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:Manifest = Get-ModelReleaseManifestPath
    $script:Fixture = Get-FixturePath 'safetensors/fluxml_model.safetensors'
    $script:OldYaml = Get-ChildItem -LiteralPath (Join-Path $env:MODELRELEASE_NUGET_PACKAGES 'yamldotnet/13.7.1/lib/netstandard2.1') -Filter YamlDotNet.dll |
        Select-Object -First 1 -ExpandProperty FullName
    $script:Card = Join-Path (New-TestFolder -Name 'isolation') 'README.md'
    Set-Content -LiteralPath $script:Card -Value "---`nlicense: mit`nlanguage:`n- en`n---`n# A card`n"
}

Describe 'Another YamlDotNet loaded first' {
    It 'leaves the session''s YamlDotNet 13 working and uses the module''s own' {
        $script:OldYaml | Should -Not -BeNullOrEmpty -Because 'YamlDotNet 13.7.1 is restored for the isolation tests (tests/ModelRelease.IsolationHost)'
        $result = Invoke-ChildPwsh -AsJson -Script @"
`$ErrorActionPreference = 'Stop'
Add-Type -LiteralPath '$($script:OldYaml)'
`$deserializer = [YamlDotNet.Serialization.DeserializerBuilder]::new().Build()
`$before = `$deserializer.Deserialize([System.IO.StringReader]::new('answer: 42'))
Import-Module -Name '$($script:Manifest)'
`$card = Get-ModelCard -LiteralPath '$($script:Card)'
`$checkpoint = Get-Checkpoint -LiteralPath '$($script:Fixture)'
`$after = `$deserializer.Deserialize([System.IO.StringReader]::new('answer: 43'))
`$yaml = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' } | ForEach-Object {
    [pscustomobject]@{ Version = `$_.GetName().Version.Major; Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
}
[pscustomobject]@{
    Before     = `$before['answer']
    After      = `$after['answer']
    License    = `$card.Metadata['license']
    Parameters = `$checkpoint.ParameterCount
    Yaml       = @(`$yaml)
} | ConvertTo-Json -Depth 4 -Compress
"@
        $result.Before | Should -Be '42'
        $result.After | Should -Be '43'
        $result.License | Should -Be 'mit'
        $result.Parameters | Should -BeGreaterThan 0
        ($result.Yaml | Where-Object Context -EQ 'Default').Version | Should -Be 13
        ($result.Yaml | Where-Object Context -EQ 'ModelRelease').Version | Should -BeGreaterThan 13
    }
}

Describe 'Remove-Module and Import-Module again' {
    It 'works in the same session, cmdlets and types included' {
        $result = Invoke-ChildPwsh -AsJson -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module -Name '$($script:Manifest)'
`$first = (Get-Checkpoint -LiteralPath '$($script:Fixture)').ParameterCount
Remove-Module ModelRelease
`$gone = -not (Get-Command Get-Checkpoint -ErrorAction Ignore)
Import-Module -Name '$($script:Manifest)'
`$second = Get-Checkpoint -LiteralPath '$($script:Fixture)'
`$card = Test-ModelCard -LiteralPath '$($script:Card)'
Import-Module -Name '$($script:Manifest)' -Force
`$third = (Get-Checkpoint -LiteralPath '$($script:Fixture)').ParameterCount
[pscustomobject]@{
    First = `$first; Gone = `$gone; Second = `$second.ParameterCount; Third = `$third
    Typed = `$second -is [ModelRelease.Checkpoint]
    CardChecked = `$card -is [ModelRelease.ModelCardValidation]
    Contexts = @([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'ModelRelease').Count
} | ConvertTo-Json -Compress
"@
        $result.Gone | Should -BeTrue
        $result.Second | Should -Be $result.First
        $result.Third | Should -Be $result.First
        $result.Typed | Should -BeTrue
        $result.CardChecked | Should -BeTrue
        $result.Contexts | Should -Be 1 -Because 'importing again reuses the module''s load context instead of loading the core a second time'
    }
}
