#Requires -Version 7.4
# The module installs as README.md says: published with PSResourceGet (which ships with pwsh) to a local file
# repository, installed from it with Install-PSResource, imported by name, and it works. It runs in a child pwsh
# whose HOME and XDG folders are temporary, so PSResourceGet's repository list (under the local application data
# folder) and the CurrentUser module folder are the child's own: the user's PSResourceGet settings and modules
# are never read or changed (the caller's PSResourceGet is not even loaded).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-ModelReleaseUnderTest
}

Describe 'Installing the module with PSResourceGet' {
    It 'publishes the assembled module to a local repository, installs it from there and runs Get-Checkpoint' {
        $work = New-TestFolder -Name 'install'
        $childHome = Join-Path $work 'home'
        $null = New-Item -ItemType Directory -Path $childHome, (Join-Path $work 'repository')
        $module = Split-Path -Parent (Get-ModelReleaseManifestPath)
        $version = (Import-PowerShellDataFile (Get-ModelReleaseManifestPath)).ModuleVersion
        $script = Join-Path $work 'install.ps1'
        Set-Content -LiteralPath $script -Value @"
`$ErrorActionPreference = 'Stop'
Register-PSResourceRepository -Name ModelReleaseLocal -Uri '$(Join-Path $work 'repository')' -Trusted
Publish-PSResource -Path '$module' -Repository ModelReleaseLocal
Install-PSResource -Name ModelRelease -Repository ModelReleaseLocal -Scope CurrentUser -TrustRepository
Import-Module ModelRelease
`$checkpoint = Get-Checkpoint -LiteralPath '$(Get-FixturePath 'gguf/basic-types.gguf')'
@{
    Packages   = @(Get-ChildItem -LiteralPath '$(Join-Path $work 'repository')' -Name)
    Repository = @(Get-PSResourceRepository | ForEach-Object Name)
    Module     = (Get-Module ModelRelease).Path
    Version    = "`$((Get-Module ModelRelease).Version)"
    Parameters = `$checkpoint.ParameterCount
    Format     = "`$(`$checkpoint.Format)"
    Settings   = (Get-Item -LiteralPath (Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml')).FullName
} | ConvertTo-Json -Compress
"@
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $script) { $start.ArgumentList.Add($argument) }
        $start.UseShellExecute = $false
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.Environment['HOME'] = $childHome
        $start.Environment['USERPROFILE'] = $childHome
        # The folders must exist: .NET answers an empty LocalApplicationData for a missing one (and PSResourceGet
        # would then keep its settings in the working directory).
        # The usual places under the temporary home (PSResourceGet installs under $HOME/.local/share, where pwsh
        # looks for CurrentUser modules through XDG_DATA_HOME).
        foreach ($pair in @(@('XDG_DATA_HOME', '.local/share'), @('XDG_CONFIG_HOME', '.config'), @('XDG_CACHE_HOME', '.cache'))) {
            $start.Environment[$pair[0]] = (New-Item -ItemType Directory -Path (Join-Path $childHome $pair[1])).FullName
        }
        $start.WorkingDirectory = $work
        $start.Environment['PSModulePath'] = $null # the child makes its own: its CurrentUser folder and $PSHOME/Modules
        $process = [System.Diagnostics.Process]::Start($start)
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $process.WaitForExit()
        $process.ExitCode | Should -Be 0 -Because ($stdout.Result + $stderr.Result -replace "\e\[[0-9;]*m", "")
        $report = ($stdout.Result -split "`n" | Where-Object { $_ -like '{*' } | Select-Object -Last 1) | ConvertFrom-Json

        $report.Packages | Should -Be @("ModelRelease.$version.nupkg")
        $report.Repository | Should -Contain 'ModelReleaseLocal'
        $report.Module | Should -BeLike (Join-Path $childHome "*/Modules/ModelRelease/$version/ModelRelease.dll")
        $report.Version | Should -Be $version
        ($report.Format, $report.Parameters) | Should -Be @('Gguf', (Get-Checkpoint -LiteralPath (Get-FixturePath 'gguf/basic-types.gguf')).ParameterCount)
        # The repository was registered in the child's own settings.
        $report.Settings | Should -Be (Join-Path $childHome '.local/share/PSResourceGet/PSResourceRepository.xml')
    }
}
