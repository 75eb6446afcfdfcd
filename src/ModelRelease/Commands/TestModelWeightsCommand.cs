using System.Management.Automation;
using ModelRelease.Core.Releases.Registry;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Checks every entry of a weights registry against the Hub: its tag exists, and the file at the tag has the SHA-256 (its LFS oid) and size the registry records.</para>
/// </summary>
/// <remarks>
/// One WeightsVerification per entry (of -Model, or of every model), oldest version first, with IsValid and findings
/// of stable codes: REG_VERIFY_TAG_MISSING, REG_VERIFY_FILE_MISSING, REG_VERIFY_NOT_LFS, REG_VERIFY_SHA256,
/// REG_VERIFY_SIZE and REG_VERIFY_REPOSITORY. A mismatch is data, not an error; -Quiet returns one Boolean (true when
/// every entry verifies) for use in if statements. A registry that is not valid is the error WeightsRegistryInvalid.
/// </remarks>
/// <example>
/// <code>Test-ModelWeights -Registry ./weights-registry.json | Where-Object { -not $_.IsValid }</code>
/// <para>The entries whose tag or file on the Hub is not what the registry says (none, for a registry kept by Register-ModelWeights).</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "ModelWeights")]
[OutputType(typeof(WeightsVerification), typeof(bool))]
public sealed class TestModelWeightsCommand : HubAccessCmdlet
{
    /// <summary>The weights registry file (JSON).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Registry { get; set; } = "";

    /// <summary>Only this model's entries.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Model { get; set; }

    /// <summary>Return one Boolean: true when every entry verifies.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessInput()
    {
        string path;
        try
        {
            path = PathResolution.ResolveOutput(this, Registry);
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Registry);
            return;
        }
        try
        {
            Run(async (sink, ct) =>
            {
                var registry = await WeightsRegistryReader.ReadAsync(path, ct).ConfigureAwait(false);
                using var session = OpenSession(sink);
                var results = await session.Weights.VerifyAsync(registry, Model, ct).ConfigureAwait(false);
                sink.Post(() =>
                {
                    if (Quiet)
                    {
                        WriteObject(results.All(r => r.IsValid));
                        return;
                    }
                    foreach (var r in results) WriteObject(r);
                });
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Model ?? Registry);
        }
    }
}
