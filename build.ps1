#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages ModelRelease on a host with PowerShell.
.DESCRIPTION
    A thin wrapper: everything is done by dotnet and the test command, so hosts without PowerShell run
    the same steps (dotnet publish src/ModelRelease -c Release; bash tests/run.sh).
      Build    assembles out/ModelRelease/<version>/ (root dll, dependencies/, psd1, format file, en-US/)
      Test     runs the xunit suites and the Pester suite against the assembled module
      Package  makes the module's .nupkg in out/packages (or -PackagePath) with Compress-PSResource, and the
               modelrelease .NET tool's package (ModelRelease.Cli) beside it. PSResourceGet runs in a child pwsh
               whose HOME, XDG folders and LOCALAPPDATA are a temporary folder: it keeps its repository store under
               the local application data folder (and creates one there when it is missing), so the user's own
               PSResourceGet settings are never read or changed.
.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Where Package writes the .nupkg files.
    [string] $PackagePath = (Join-Path $PSScriptRoot 'out/packages')
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $FilePath, [string[]] $ArgumentList = @())
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) { throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-IsolatedPwsh {
    # Runs $Script in a child pwsh (this same pwsh) whose home, XDG folders and local application data are a
    # temporary folder, deleted afterwards. The folders must exist: .NET answers an empty LocalApplicationData for a
    # missing one (and PSResourceGet would then keep its settings in the working directory).
    param([Parameter(Mandatory)] [string] $Script)
    $isolated = Join-Path ([System.IO.Path]::GetTempPath()) ('modelrelease-package-' + [guid]::NewGuid().ToString('N'))
    $childHome = (New-Item -ItemType Directory -Path (Join-Path $isolated 'home')).FullName
    try {
        $file = Join-Path $isolated 'script.ps1'
        Set-Content -LiteralPath $file -Value $Script
        $start = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
        if ([System.IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($argument in '-NoProfile', '-NonInteractive', '-File', $file) { $start.ArgumentList.Add($argument) }
        $start.UseShellExecute = $false
        $start.WorkingDirectory = $isolated
        $start.Environment['HOME'] = $childHome
        $start.Environment['USERPROFILE'] = $childHome
        foreach ($pair in @(@('XDG_DATA_HOME', '.local/share'), @('XDG_CONFIG_HOME', '.config'), @('XDG_CACHE_HOME', '.cache'),
                @('LOCALAPPDATA', 'AppData/Local'), @('APPDATA', 'AppData/Roaming'))) {
            $start.Environment[$pair[0]] = (New-Item -ItemType Directory -Path (Join-Path $childHome $pair[1])).FullName
        }
        $start.Environment['PSModulePath'] = $null # the child's own: its CurrentUser folder and $PSHOME/Modules
        $process = [System.Diagnostics.Process]::Start($start)
        $process.WaitForExit()
        if ($process.ExitCode -ne 0) { throw "The isolated pwsh failed with exit code $($process.ExitCode)." }
    }
    finally {
        Remove-Item -LiteralPath $isolated -Recurse -Force -ErrorAction Ignore
    }
}

$moduleRoot = Join-Path $root 'out/ModelRelease'

if ($Task -contains 'Build') {
    Invoke-Native -FilePath dotnet -ArgumentList @('publish', (Join-Path $root 'src/ModelRelease'), '-c', $Configuration, '-nologo')
}

if ($Task -contains 'Test') {
    Invoke-Native -FilePath dotnet -ArgumentList @('build', (Join-Path $root 'ModelRelease.slnx'), '-c', 'Debug', '-nologo')
    foreach ($project in Get-ChildItem -Path (Join-Path $root 'tests') -Filter '*.Tests.csproj' -Recurse) {
        Invoke-Native -FilePath dotnet -ArgumentList @('test', $project.FullName, '-c', 'Debug', '--no-build', '-nologo')
    }
    $results = Join-Path $root 'out/test-results'
    $null = New-Item -ItemType Directory -Force -Path $results
    & (Join-Path $root 'tests/Pester/Invoke-PesterSuite.ps1') -ModulePath $moduleRoot -ResultPath (Join-Path $results 'pester.xml')
    if ($LASTEXITCODE -ne 0) { throw 'The Pester suite failed.' }
}

if ($Task -contains 'Package') {
    $manifest = Get-ChildItem -Path $moduleRoot -Recurse -Filter 'ModelRelease.psd1' | Select-Object -First 1
    if (-not $manifest) { throw 'Build first: out/ModelRelease/<version>/ModelRelease.psd1 is missing.' }
    $packages = (New-Item -ItemType Directory -Force -Path $PackagePath).FullName
    # Compress-PSResource (PSResourceGet 1.1+, pwsh 7.5+) needs no repository; an older PSResourceGet publishes to a
    # local repository registered in the child's temporary settings.
    $module = $manifest.DirectoryName.Replace("'", "''")
    $destination = $packages.Replace("'", "''")
    Invoke-IsolatedPwsh -Script @"
`$ErrorActionPreference = 'Stop'
if (Get-Command -Name Compress-PSResource -ErrorAction Ignore) {
    Compress-PSResource -Path '$module' -DestinationPath '$destination'
}
else {
    Register-PSResourceRepository -Name ModelReleaseLocal -Uri '$destination' -Trusted
    Publish-PSResource -Path '$module' -Repository ModelReleaseLocal
}
"@
    Invoke-Native -FilePath dotnet -ArgumentList @('pack', (Join-Path $root 'src/ModelRelease.Cli'), '-c', $Configuration, '-o', $packages, '-nologo')
    Get-ChildItem -Path $packages -Filter '*.nupkg'
}
