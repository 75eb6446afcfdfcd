#
# Module manifest for ModelRelease.
# ModuleVersion and Prerelease are stamped from Directory.Build.props when the module folder is
# assembled (dotnet publish src/ModelRelease -c Release, or ./build.ps1); do not edit them here.
#
@{
    RootModule           = 'ModelRelease.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    GUID                 = '6f0c6a51-2a4e-4d0f-9a57-0b8f1f6d3c21'
    Author               = 'ModelRelease contributors'
    CompanyName          = 'ModelRelease contributors'
    Copyright            = '(c) 2026 ModelRelease contributors. MIT License.'
    Description          = 'From trained checkpoint to a published, tagged, documented release on the Hugging Face Hub: checkpoint inspection and validation (safetensors, GGUF, PyTorch, ONNX) without executing pickles, parameter counting, model cards, fast resumable LFS publishing, release tags.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('ModelRelease.Format.ps1xml')
    # Where the help lives (en-US/: the MAML help and about_ModelRelease); the module carries the same files.
    HelpInfoURI          = 'https://github.com/modelrelease/ModelRelease/tree/main/en-US'
    CmdletsToExport      = @(
        'Compare-Checkpoint'
        'Compare-ModelPerformance'
        'Connect-HfHub'
        'ConvertFrom-ModelName'
        'Disconnect-HfHub'
        'Export-ModelAudit'
        'Get-Checkpoint'
        'Get-HfBranch'
        'Get-HfCache'
        'Get-HfRepoFile'
        'Get-HfUser'
        'Get-ModelAuditEntry'
        'Get-ModelCard'
        'Get-ModelParameter'
        'Get-ModelVersion'
        'Get-ModelWeights'
        'Get-ReleaseTag'
        'Invoke-ModelLifecycle'
        'Measure-ModelParameter'
        'New-HfBranch'
        'New-HfRepository'
        'New-ModelCard'
        'New-ModelName'
        'New-ModelVersion'
        'New-ReleaseTag'
        'Publish-HfModel'
        'Publish-ModelRelease'
        'Register-ModelParameter'
        'Register-ModelWeights'
        'Remove-HfBranch'
        'Remove-HfCache'
        'Remove-HfRepoFile'
        'Remove-HfRepository'
        'Remove-ReleaseTag'
        'Restore-ModelVersion'
        'Save-HfModel'
        'Save-ModelWeights'
        'Set-HfRepository'
        'Set-ModelCard'
        'Set-ModelStatus'
        'Set-ModelTraffic'
        'Step-ModelVersion'
        'Test-Checkpoint'
        'Test-CommitMessage'
        'Test-ModelAudit'
        'Test-ModelCard'
        'Test-ModelWeights'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @(
        'Measure-ModelParameters'
    )
    PrivateData          = @{
        PSData = @{
            Tags         = @('HuggingFace', 'MachineLearning', 'Safetensors', 'GGUF', 'PyTorch', 'ONNX', 'Release', 'ModelCard', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://github.com/modelrelease/ModelRelease'
            Prerelease   = '{{Prerelease}}'
            # The section of CHANGELOG.md for this version, stamped when the module folder is assembled.
            ReleaseNotes = '{{ReleaseNotes}}'
        }
    }
}
