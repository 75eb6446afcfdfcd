#Requires -Version 7.4
# build.ps1 -Task Package makes the packages without touching the user's PSResourceGet settings. The task runs in a
# child pwsh whose HOME, XDG folders and LOCALAPPDATA are temporary (standing for the user's own): PSResourceGet's
# repository store there is made first, and must be the same file, unwritten, after the task.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest

    # Runs a script in a child pwsh with the home folders under $UserHome; NuGet's package folder stays the real one
    # (the task's dotnet pack restores from it). Returns the exit code and the output.
    function Invoke-PwshAsUser {
        param([Parameter(Mandatory)] [string] $UserHome, [Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string] $Packages)
        $file = Join-Path (New-TestFolder -Name 'as-user') 'script.ps1'
        Set-Content -LiteralPath $file -Value $Script
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $file) { $start.ArgumentList.Add($argument) }
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.WorkingDirectory = Get-RepositoryRoot
        $start.Environment['HOME'] = $UserHome
        $start.Environment['USERPROFILE'] = $UserHome
        foreach ($pair in @(@('XDG_DATA_HOME', '.local/share'), @('XDG_CONFIG_HOME', '.config'), @('XDG_CACHE_HOME', '.cache'), @('LOCALAPPDATA', 'AppData/Local'))) {
            $start.Environment[$pair[0]] = (New-Item -ItemType Directory -Force -Path (Join-Path $UserHome $pair[1])).FullName
        }
        $start.Environment['NUGET_PACKAGES'] = $Packages
        $start.Environment['PSModulePath'] = $null
        $process = [System.Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $process.WaitForExit()
        [pscustomobject]@{ ExitCode = $process.ExitCode; Output = ($stdout.Result + $stderr.Result) -replace "\e\[[0-9;]*m", '' }
    }
}

Describe 'build.ps1 -Task Package' {
    It 'makes the module''s and the tool''s packages and leaves the user''s PSResourceGet repository store as it was' {
        $userHome = New-TestFolder -Name 'user-home'
        $output = New-TestFolder -Name 'packages'
        $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
        $report = @'
$repositories = @(Get-PSResourceRepository | ForEach-Object Name)
@{
    Store = (Get-Item -LiteralPath (Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml')).FullName
    Repositories = $repositories
} | ConvertTo-Json -Compress
'@
        # The user's store, made as PSResourceGet makes it on first use.
        $before = Invoke-PwshAsUser -UserHome $userHome -Packages $packages -Script "`$ErrorActionPreference = 'Stop'`n$report"
        $before.ExitCode | Should -Be 0 -Because $before.Output
        $store = ($before.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1 | ConvertFrom-Json).Store
        $store | Should -BeLike "$userHome*" -Because 'the store under test is the child''s, never the real user''s'
        $hash = (Get-FileHash -LiteralPath $store).Hash
        $written = (Get-Item -LiteralPath $store).LastWriteTimeUtc
        $listed = ($before.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1 | ConvertFrom-Json).Repositories

        $build = Join-Path (Get-RepositoryRoot) 'build.ps1'
        $run = Invoke-PwshAsUser -UserHome $userHome -Packages $packages -Script "`$ErrorActionPreference = 'Stop'`n& '$build' -Task Package -PackagePath '$output'`n$report"
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $after = $run.Output -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1 | ConvertFrom-Json

        $version = (Import-PowerShellDataFile (Get-ModelReleaseManifestPath)).ModuleVersion
        @(Get-ChildItem -LiteralPath $output -Name) | Should -Contain "ModelRelease.$version.nupkg"
        @(Get-ChildItem -LiteralPath $output -Name) -like 'ModelRelease.Cli.*.nupkg' | Should -HaveCount 1
        $after.Store | Should -Be $store
        $after.Repositories | Should -Be $listed
        (Get-FileHash -LiteralPath $store).Hash | Should -Be $hash
        (Get-Item -LiteralPath $store).LastWriteTimeUtc | Should -Be $written -Because 'registering and unregistering a repository would rewrite the store'
    }
}
