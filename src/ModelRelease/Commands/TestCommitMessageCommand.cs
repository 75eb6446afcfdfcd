using System.Management.Automation;
using ModelRelease.Core.Registry.Commits;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Checks a commit message against the team's convention: [COMPONENT] TYPE: Description, a Performance impact: line and a Reviewed-by: line.</para>
/// </summary>
/// <remarks>
/// For a commit-msg hook (git passes the message file: Test-CommitMessage -LiteralPath $args[0] -Quiet). The subject is
/// [COMPONENT] TYPE: Description with an upper-case component (BASE, SUPER-RESOLUTION, ALL) and a type among FEAT, FIX,
/// PERF, REFACTOR, DOCS, TEST, CHORE, MODEL, PARAMS, REVERT, RELEASE; the body needs a "Performance impact:" line (none is
/// an answer) and at least one "Reviewed-by:" line; lines starting with # are git's comments. The verdict lists each
/// problem as a finding with its code (MREG_COMMIT_SUBJECT, MREG_COMMIT_TYPE, MREG_COMMIT_PERFORMANCE_IMPACT,
/// MREG_COMMIT_REVIEWED_BY); -Quiet returns only true or false.
/// </remarks>
/// <example>
/// <code>Test-CommitMessage -Message "[BASE] PERF: Lower the noise lambda to 0.10`n`nPerformance impact: FID 11.8 -> 10.9`nReviewed-by: Alice Example"</code>
/// <para>Valid: component BASE, type PERF, the performance impact and one reviewer.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "CommitMessage", DefaultParameterSetName = "Message")]
[OutputType(typeof(CommitMessageCheck), typeof(bool))]
public sealed class TestCommitMessageCommand : ModelReleaseCmdlet
{
    /// <summary>The message.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Message")]
    [AllowEmptyString]
    public string Message { get; set; } = "";

    /// <summary>A file that holds the message (git's .git/COMMIT_EDITMSG in a commit-msg hook).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParameterSets.LiteralPath, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>Return only true or false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessInput()
    {
        if (ParameterSetName == "Message")
        {
            Write(CommitMessages.Check(Message));
            return;
        }
        foreach (var file in PathResolution.Resolve(this, LiteralPath ?? [], literal: true))
        {
            try
            {
                Write(CommitMessages.Check(File.ReadAllText(file)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WriteModelReleaseError(ex, file);
            }
        }
    }

    private void Write(CommitMessageCheck check)
    {
        if (Quiet) WriteObject(check.IsValid);
        else WriteObject(check);
    }
}
