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
    CmdletsToExport      = @(
        'Compare-Checkpoint'
        'Connect-HfHub'
        'ConvertFrom-ModelName'
        'Disconnect-HfHub'
        'Get-Checkpoint'
        'Get-HfCache'
        'Get-HfRepoFile'
        'Get-HfUser'
        'Get-ModelCard'
        'Get-ModelWeights'
        'Get-ReleaseTag'
        'Measure-ModelParameter'
        'New-HfRepository'
        'New-ModelCard'
        'New-ModelName'
        'New-ReleaseTag'
        'Publish-HfModel'
        'Publish-ModelRelease'
        'Remove-HfCache'
        'Remove-HfRepoFile'
        'Remove-HfRepository'
        'Remove-ReleaseTag'
        'Save-HfModel'
        'Set-HfRepository'
        'Set-ModelCard'
        'Test-Checkpoint'
        'Test-ModelCard'
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
            Prerelease   = '{{Prerelease}}'
            # The section of CHANGELOG.md for this version, stamped when the module folder is assembled.
            ReleaseNotes = '{{ReleaseNotes}}'
        }
    }
}
