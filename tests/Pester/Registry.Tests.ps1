#Requires -Version 7.4
# The governed lifecycle in the real host: SQLite (managed and native) loads into the module's private load context,
# also beside another SQLite the session loaded first; the cmdlets against SQLite and PostgreSQL (tests/run.sh starts
# the server; without it the PostgreSQL cases fail, saying so); errors by their stable ids; -WhatIf writes nothing; a
# connection's password never shows.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
    $script:Manifest = Get-ModelReleaseManifestPath
    $script:ModuleDependencies = Join-Path (Split-Path -Parent $script:Manifest) 'dependencies'

    function New-Store([int] $GracePeriodDays = 30) { Initialize-TestModelStore -Path (New-TestFolder -Name 'store') -GracePeriodDays $GracePeriodDays }

    # Registers base $Version and moves it through every gate to production.
    function Submit-Base([hashtable] $Store, [string] $Version, [string] $Performance = 'eval/performance.json') {
        $root = $Store.Root
        $null = New-ModelVersion @Store -Component base -Version $Version -Architecture diffusion -CheckpointPath (Join-Path $root 'checkpoints/model.safetensors') `
            -Performance (Join-Path $root $Performance) -Description "base $Version" -Actor ci
        $null = Set-ModelStatus @Store base $Version Testing -TestResults (Join-Path $root 'results/tests.xml') -Reason 'tests pass' -Actor ci
        $null = Set-ModelStatus @Store base $Version Staging -Reason 'thresholds met' -Actor ci
        Set-ModelStatus @Store base $Version Production -Approver alice, bob -Reason 'approved' -Actor lead
    }
}

Describe 'SQLite in the module''s load context' {
    It 'loads Microsoft.Data.Sqlite, SQLitePCLRaw and e_sqlite3 from the module folder into the ModelRelease context' -Skip:(-not $IsLinux) {
        $store = New-Store
        $result = Invoke-ChildPwsh -AsJson -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module -Name '$($script:Manifest)'
`$version = New-ModelVersion -Root '$store' -Component base -Version 1.0.0 -Architecture diffusion -CheckpointPath '$store/checkpoints/model.safetensors' -Performance '$store/eval/performance.json' -Description probe
`$assemblies = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -like '*Sqlite*' } | ForEach-Object {
    [pscustomobject]@{ Name = `$_.GetName().Name; Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name; Location = `$_.Location }
}
[pscustomobject]@{
    Status     = "`$(`$version.Status)"
    Assemblies = @(`$assemblies)
    Native     = @(Get-Content /proc/self/maps | Where-Object { `$_ -match 'libe_sqlite3\.so' } | ForEach-Object { (`$_ -split '\s+')[-1] } | Select-Object -Unique)
} | ConvertTo-Json -Depth 4 -Compress
"@
        $result.Status | Should -Be 'Development'
        @($result.Assemblies.Name | Sort-Object) | Should -Be @('Microsoft.Data.Sqlite', 'SQLitePCLRaw.batteries_v2', 'SQLitePCLRaw.core', 'SQLitePCLRaw.provider.e_sqlite3')
        $result.Assemblies | ForEach-Object {
            $_.Context | Should -Be 'ModelRelease' -Because "$($_.Name) must load into the module's private context"
            $_.Location | Should -BeLike "$($script:ModuleDependencies)*"
        }
        $result.Native | Should -HaveCount 1
        $result.Native[0] | Should -BeLike (Join-Path $script:ModuleDependencies 'runtimes/linux-*/native/libe_sqlite3.so')
    }

    It 'imports and works in a session that loaded another SQLite first, which keeps working' -Skip:(-not $IsLinux) {
        $packages = $env:MODELRELEASE_NUGET_PACKAGES
        $other = New-TestFolder -Name 'other-sqlite'
        foreach ($file in 'microsoft.data.sqlite.core/9.0.23/lib/net8.0/Microsoft.Data.Sqlite.dll', 'sqlitepclraw.core/2.1.11/lib/netstandard2.0/SQLitePCLRaw.core.dll',
            'sqlitepclraw.provider.e_sqlite3/2.1.11/lib/net6.0/SQLitePCLRaw.provider.e_sqlite3.dll', 'sqlitepclraw.lib.e_sqlite3/2.1.11/runtimes/linux-x64/native/libe_sqlite3.so') {
            $source = Join-Path $packages $file
            Test-Path -LiteralPath $source | Should -BeTrue -Because "$file is restored for this test (tests/Pester/ModelRelease.Pester.csproj)"
            Copy-Item -LiteralPath $source -Destination $other
        }
        $store = New-Store
        $result = Invoke-ChildPwsh -AsJson -Script @"
`$ErrorActionPreference = 'Stop'
foreach (`$dll in 'SQLitePCLRaw.core.dll', 'SQLitePCLRaw.provider.e_sqlite3.dll', 'Microsoft.Data.Sqlite.dll') { Add-Type -LiteralPath (Join-Path '$other' `$dll) }
[SQLitePCL.raw]::SetProvider([SQLitePCL.SQLite3Provider_e_sqlite3]::new())
`$connection = [Microsoft.Data.Sqlite.SqliteConnection]::new('Data Source=:memory:')
`$connection.Open()
`$command = `$connection.CreateCommand()
`$command.CommandText = 'CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (41); SELECT x + 1 FROM t'
`$before = `$command.ExecuteScalar()
Import-Module -Name '$($script:Manifest)'
`$null = New-ModelVersion -Root '$store' -Component base -Version 1.0.0 -Architecture diffusion -CheckpointPath '$store/checkpoints/model.safetensors' -Performance '$store/eval/performance.json' -Description probe
`$listed = @(Get-ModelVersion -Root '$store')
`$command.CommandText = 'SELECT x + 2 FROM t'
`$after = `$command.ExecuteScalar()
`$sqlite = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Microsoft.Data.Sqlite' } | ForEach-Object {
    [pscustomobject]@{ Major = `$_.GetName().Version.Major; Context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }
}
[pscustomobject]@{
    Before  = `$before
    After   = `$after
    Listed  = `$listed.Count
    Audit   = (Test-ModelAudit -Root '$store').IsValid
    Sqlite  = @(`$sqlite)
    Native  = @(Get-Content /proc/self/maps | Where-Object { `$_ -match 'libe_sqlite3\.so' } | ForEach-Object { (`$_ -split '\s+')[-1] } | Select-Object -Unique)
} | ConvertTo-Json -Depth 4 -Compress
"@
        ($result.Before, $result.After, $result.Listed, $result.Audit) | Should -Be @(42, 43, 1, $true)
        ($result.Sqlite | Where-Object Context -EQ 'Default').Major | Should -Be 9
        ($result.Sqlite | Where-Object Context -EQ 'ModelRelease').Major | Should -Be 10
        @($result.Native | Sort-Object) | Should -Be @((Join-Path $script:ModuleDependencies 'runtimes/linux-x64/native/libe_sqlite3.so'), (Join-Path $other 'libe_sqlite3.so') | Sort-Object)
    }
}

Describe 'The lifecycle with the <Name> registry' -ForEach @(@{ Name = 'SQLite' }, @{ Name = 'PostgreSQL' }) {
    BeforeAll {
        $script:Root = New-Store
        $script:Store = @{ Root = $script:Root }
        if ($Name -eq 'PostgreSQL') { $script:Store.Registry = New-TestRegistryDatabase }
    }

    It 'registers a version in the store and moves it through every gate, the previous production deprecated' {
        $first = Submit-Base $script:Store 1.0.0
        $first.To | Should -Be ([ModelRelease.ModelStatus]::Production)
        $changes = @(Submit-Base $script:Store 1.1.0 'eval/performance-2.json')
        $changes | ForEach-Object { $_ | Should -BeOfType ([ModelRelease.ModelStatusChange]) }
        ($changes[0].Version, "$($changes[0].To)", $changes[0].Automatic) | Should -Be @('1.0.0', 'Deprecated', $true)
        ($changes[1].Version, "$($changes[1].To)", ($changes[1].Approvers -join ',')) | Should -Be @('1.1.0', 'Production', 'alice,bob')
        $production = @(Get-ModelVersion @script:Store -Status Production)
        $production.Version | Should -Be @('1.1.0')
        $production[0].ModelId | Should -Match '^pib-vg-base-diffusion-1\.1\.0-\d{8}$'
        Test-Path -LiteralPath (Join-Path $script:Root 'models/base/v1.1.0/metadata.json') | Should -BeTrue
        if ($Name -eq 'SQLite') { Test-Path -LiteralPath (Join-Path $script:Root 'models/registry/model_registry.db') | Should -BeTrue }
        else { Test-Path -LiteralPath (Join-Path $script:Root 'models/registry/model_registry.db') | Should -BeFalse }
        (Test-ModelAudit @script:Store -Quiet) | Should -BeTrue
    }

    It 'refuses a move the lifecycle does not have, and a gate that is not met, by their ids' {
        $null = New-ModelVersion @script:Store -Component base -Version 2.0.0 -Architecture diffusion -CheckpointPath (Join-Path $script:Root 'checkpoints/model.safetensors') -Performance (Join-Path $script:Root 'eval/performance.json') -Description 'base 2'
        Set-ModelStatus @script:Store base 2.0.0 Production -Reason 'skip ahead' -ErrorVariable skipped -ErrorAction SilentlyContinue
        Assert-ErrorRecord -Record $skipped[0] -Id 'ModelMoveNotAllowed' -Category InvalidOperation -Target 'base 2.0.0'
        $skipped[0].Exception.Code | Should -Be 'MREG_MOVE_NOT_ALLOWED'
        Set-ModelStatus @script:Store base 2.0.0 Testing -Reason 'no results' -ErrorVariable gate -ErrorAction SilentlyContinue
        Assert-ErrorRecord -Record $gate[0] -Id 'ModelGateNotMet' -Category InvalidOperation -Target 'base 2.0.0'
        $gate[0].Exception.Code | Should -Be 'MREG_GATE_TEST_RESULTS_MISSING'
        Set-ModelStatus @script:Store decoder 1.0.0 Testing -Reason 'who?' -ErrorVariable unknown -ErrorAction SilentlyContinue
        Assert-ErrorRecord -Record $unknown[0] -Id 'ModelComponentUnknown' -Category ObjectNotFound -Target 'decoder'
        (Get-ModelVersion @script:Store base 2.0.0).Status | Should -Be ([ModelRelease.ModelStatus]::Development)
    }

    It '-WhatIf shows the change and writes nothing' {
        $before = @(Get-ModelAuditEntry @script:Store).Count
        $lines = Invoke-InRecordingHost -ScriptBlock {
            param($store, $root)
            Set-ModelStatus @store base 2.0.0 Testing -TestResults (Join-Path $root 'results/tests.xml') -Reason 'tests pass' -WhatIf
        } -ArgumentList $script:Store, $script:Root
        $lines.Output | Should -BeNullOrEmpty
        @($lines.Lines | Where-Object { $_ -like 'What if:*Move from development to testing*base 2.0.0*' }) | Should -HaveCount 1
        @(Get-ModelAuditEntry @script:Store).Count | Should -Be $before
        (Get-ModelVersion @script:Store base 2.0.0).Status | Should -Be ([ModelRelease.ModelStatus]::Development)
    }

    It 'rolls back with an incident and a traffic plan, and records a parameter change' {
        $rollback = Restore-ModelVersion @script:Store -Component base -Reason 'artifacts' -Incident 'users report artifacts' -Actor oncall
        $rollback | Should -BeOfType ([ModelRelease.ModelRollback])
        ($rollback.CriticalVersion, $rollback.RestoredVersion, $rollback.Traffic.Share) | Should -Be @('1.1.0', '1.0.0', 20)
        (Set-ModelTraffic @script:Store base).Share | Should -Be 40
        $set = Register-ModelParameter @script:Store -Kind noise -ParameterId n-1 -Value @{ base_noise_lambda = 0.1 } -EffectiveDate 2023-06-18 -ApprovedBy alice -Metric @{ fid = '10.9' }
        $set.Metrics['fid'] | Should -Be 10.9
        (Get-ModelParameter @script:Store -Kind noise -AsOf 2023-06-20).ParameterId | Should -Be 'n-1'
        $history = Get-Content -Raw -LiteralPath (Join-Path $script:Root 'config/parameters/noise_parameters.json') | ConvertFrom-Json
        $history.history.parameterId | Should -Be @('n-1')
    }
}

Describe 'Bad input' {
    It 'a connection string that cannot connect: ModelRegistryConnectionFailed, and the password shows nowhere' {
        $password = 'Pw-' + [guid]::NewGuid().ToString('N')
        $registry = "Host=127.0.0.1;Port=1;Username=ci;Password=$password;Timeout=3"
        $all = Get-ModelVersion -Root (New-Store) -Registry $registry -ErrorVariable failed -ErrorAction SilentlyContinue -Verbose 4>&1 5>&1
        Assert-ErrorRecord -Record $failed[0] -Id 'ModelRegistryConnectionFailed' -Category ConnectionError -Target 'Host=127.0.0.1;Port=1;Username=ci'
        ($failed | Out-String) + ($failed[0].Exception | Format-List * -Force | Out-String) + ($all | Out-String) | Should -Not -Match ([regex]::Escape($password))
    }

    It 'a database at a newer schema version: ModelRegistrySchemaTooNew, and nothing written' {
        $root = New-Store
        $null = New-ModelVersion -Root $root -Component base -Version 1.0.0 -Architecture diffusion -CheckpointPath (Join-Path $root 'checkpoints/model.safetensors') -Performance (Join-Path $root 'eval/performance.json') -Description d
        # A newer ModelRelease migrated it: bump the version with the module's own SQLite (from its load context).
        $sqlite = ([System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'ModelRelease').Assemblies | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' }
        $connection = [Activator]::CreateInstance($sqlite.GetType('Microsoft.Data.Sqlite.SqliteConnection'), [object[]]@("Data Source=$(Join-Path $root 'models/registry/model_registry.db');Pooling=False"))
        try {
            $connection.Open()
            $command = $connection.CreateCommand()
            $command.CommandText = "UPDATE registry_meta SET value = '9' WHERE key = 'schema_version'"
            $null = $command.ExecuteNonQuery()
        }
        finally { $connection.Dispose() }
        Get-ModelVersion -Root $root -ErrorVariable newer -ErrorAction SilentlyContinue
        Assert-ErrorRecord -Record $newer[0] -Id 'ModelRegistrySchemaTooNew' -Category NotImplemented -Message 'schema version 9'
        New-ModelVersion -Root $root -Component base -Version 1.1.0 -Architecture diffusion -CheckpointPath (Join-Path $root 'checkpoints/model.safetensors') -Performance (Join-Path $root 'eval/performance.json') -Description d -ErrorVariable write -ErrorAction SilentlyContinue
        $write[0].FullyQualifiedErrorId | Should -BeLike 'ModelRegistrySchemaTooNew,*'
        Test-Path -LiteralPath (Join-Path $root 'models/base/v1.1.0') | Should -BeFalse
    }

    It 'a metadata file that fails its schema: ModelFileInvalid with the JSON path of each finding' {
        $root = New-Store
        Set-Content -LiteralPath (Join-Path $root 'eval/bad.json') -Value '{ "schemaVersion": 1, "metrics": { "fid": { "value": "low", "direction": "lower" } } }'
        New-ModelVersion -Root $root -Component base -Version 1.0.0 -Architecture diffusion -CheckpointPath (Join-Path $root 'checkpoints/model.safetensors') -Performance (Join-Path $root 'eval/bad.json') -Description d -ErrorVariable invalid -ErrorAction SilentlyContinue
        Assert-ErrorRecord -Record $invalid[0] -Id 'ModelFileInvalid' -Category InvalidData -Target (Join-Path $root 'eval/bad.json')
        $invalid[0].Exception.Findings.JsonPath | Should -Be @('$.metrics.fid.value')
        Test-Path -LiteralPath (Join-Path $root 'models') | Should -BeFalse -Because 'nothing is written when a check fails'
    }

    It 'a -Policy that does not exist: ModelFileNotFound naming the file, and nothing written (only the default policy may be absent)' {
        $root = New-Store
        $missing = Join-Path $root 'missing.yaml'
        Push-Location -LiteralPath $root
        try {
            New-ModelVersion -Root $root -Policy ./missing.yaml -Component base -Version 1.0.0 -Architecture diffusion -CheckpointPath (Join-Path $root 'checkpoints/model.safetensors') `
                -Performance (Join-Path $root 'eval/performance.json') -Description d -ErrorVariable add -ErrorAction SilentlyContinue
            Assert-ErrorRecord -Record $add[0] -Id 'ModelFileNotFound' -Category ObjectNotFound -Target $missing
            $add[0].Exception.Code | Should -BeExactly 'MREG_POLICY_NOT_FOUND'
            Test-Path -LiteralPath (Join-Path $root 'models') | Should -BeFalse -Because 'nothing is written when a check fails'

            $null = New-ModelVersion -Root $root -Component base -Version 1.0.0 -Architecture diffusion -CheckpointPath (Join-Path $root 'checkpoints/model.safetensors') `
                -Performance (Join-Path $root 'eval/performance.json') -Description d
            $before = @(Get-ModelAuditEntry -Root $root).Count
            Set-ModelStatus -Root $root -Policy ./missing.yaml base 1.0.0 Testing -TestResults (Join-Path $root 'results/tests.xml') -Reason 'tests pass' -ErrorVariable move -ErrorAction SilentlyContinue
            Assert-ErrorRecord -Record $move[0] -Id 'ModelFileNotFound' -Category ObjectNotFound -Target $missing
            Invoke-ModelLifecycle -Root $root -Policy ./missing.yaml -ErrorVariable sweep -ErrorAction SilentlyContinue
            Assert-ErrorRecord -Record $sweep[0] -Id 'ModelFileNotFound' -Category ObjectNotFound -Target $missing
            @(Get-ModelAuditEntry -Root $root).Count | Should -Be $before
            (Get-ModelVersion -Root $root -Component base).Status | Should -Be 'Development'
        }
        finally { Pop-Location }
    }

    It 'a commit message outside the convention: each finding by its code' {
        $check = 'fixed stuff' | Test-CommitMessage
        $check.IsValid | Should -BeFalse
        $check.Findings.Code | Should -Be @('MREG_COMMIT_SUBJECT', 'MREG_COMMIT_PERFORMANCE_IMPACT', 'MREG_COMMIT_REVIEWED_BY')
        $file = Join-Path (New-TestFolder -Name 'commit') 'COMMIT_EDITMSG'
        Set-Content -LiteralPath $file -Value "[RESIDUAL] FIX: Clamp the residual`n`nPerformance impact: none`nReviewed-by: Bob"
        Test-CommitMessage -LiteralPath $file -Quiet | Should -BeTrue
    }
}
