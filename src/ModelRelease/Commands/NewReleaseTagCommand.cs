using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations.Tags;
using ModelRelease.Core.Releases;
using ModelRelease.Core.Releases.Versions;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Tags a revision of a Hub repository as a release (v1.2.0, model-v1.2.0, export-v1.2.0, weights-v1.1, or a format of your own).</para>
/// </summary>
/// <remarks>
/// Binds RepoId, CommitOid, Revision, Version and Message by property name, from Publish-HfModel's result (so a
/// publish can be tagged in one pipeline) or from the rows of Import-Csv and ConvertFrom-Json. The same tag on the
/// same commit is a no-op (Created is false); a tag that exists on another commit is an error
/// (ReleaseTagAlreadyExists) unless -Force moves it. Moving a tag is a high-impact action: it asks for
/// confirmation even under the default $ConfirmPreference (as if its ConfirmImpact were High; the cmdlet's own is
/// Medium, so creating a new tag does not ask); -Confirm:$false or $ConfirmPreference = 'None' skips the
/// question, -WhatIf shows the move and changes nothing, and on a host that cannot prompt the tag is left where it
/// was with the error ConfirmationRequired. -LocalRepository also creates the annotated tag in a local git
/// repository (at its HEAD), recording the Hub commit in the tag's message; that is a ShouldProcess of its own,
/// and moving a local tag asks like moving the Hub's.
/// </remarks>
/// <example>
/// <code>Publish-HfModel -Path ./release -RepoId org/model | New-ReleaseTag -Version 1.2.0 -Message 'Better tokenizer'</code>
/// <para>Tags the commit the publish made as v1.2.0.</para>
/// </example>
/// <example>
/// <code>New-ReleaseTag -RepoId org/model -Revision main -Version 1.1.0 -Format Weights -LocalRepository .</code>
/// <para>Tags main as weights-v1.1 on the Hub and in the local git repository.</para>
/// </example>
/// <example>
/// <code>Import-Csv ./releases.csv | New-ReleaseTag -Format Model</code>
/// <para>Tags each row's RepoId at its CommitOid (or Revision) as model-v{Version}.</para>
/// </example>
/// <example>
/// <code>$fixed = Publish-HfModel -Path ./release -RepoId org/model -CommitMessage 'Fix the config' -Confirm:$false; New-ReleaseTag -RepoId org/model -CommitOid $fixed.CommitOid -Version 1.2.0 -Force -Confirm:$false</code>
/// <para>Moves v1.2.0 to the commit that fixes the release, without asking (for example on a build agent).</para>
/// </example>
[Cmdlet(VerbsCommon.New, "ReleaseTag", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Version")]
[OutputType(typeof(ReleaseTag))]
public sealed class NewReleaseTagCommand : HubCmdlet
{

    /// <summary>The commit to tag (bound from a publish result); otherwise -Revision.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? CommitOid { get; set; }

    /// <summary>The branch, tag or commit to tag when no -CommitOid is given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Revision { get; set; } = "main";

    /// <summary>The release version (1.2.0, 1.2.0-rc.1; v1.2, 1.2 and 2.0.0rc1 are read as 1.2.0, 1.2.0 and 2.0.0-rc.1, with a warning saying so); the tag name follows -Format.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Version", ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Version { get; set; } = "";

    /// <summary>Version (v1.2.0, default), Model (model-v1.2.0), Export (export-v1.2.0), Weights (weights-v1.2) or Custom (-Template).</summary>
    [Parameter(ParameterSetName = "Version")]
    public TagFormat Format { get; set; } = TagFormat.Version;

    /// <summary>With -Format Custom: the tag name with {version}, {major}, {minor}, {patch}.</summary>
    [Parameter(ParameterSetName = "Version")]
    public string? Template { get; set; }

    /// <summary>A tag name given as it is, instead of -Version.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Name")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The tag's message.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Message { get; set; }

    /// <summary>Move the tag when it already names another commit (asks first; see the description).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>A local git repository that gets the same annotated tag (at HEAD).</summary>
    [Parameter]
    public string? LocalRepository { get; set; }

    protected override void ProcessInput()
    {
        string name;
        try
        {
            if (ParameterSetName == "Name")
            {
                name = TagNaming.ValidName(Name);
            }
            else
            {
                // Loose forms are read (v1.1 as 1.1.0), and how is said, never silently.
                var version = VersionParser.Parse(Version);
                if (version.Note is { } note) WriteWarningLine($"-Version {note}.");
                name = TagNaming.Name(Format, version.Version, Template);
            }
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, "ReleaseTagInvalid", ErrorCategory.InvalidArgument, Name));
            return;
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, Version);
            return;
        }
        var revision = string.IsNullOrEmpty(CommitOid) ? Revision : CommitOid;
        var local = LocalRepository is null ? null : PathResolution.ResolveOutput(this, LocalRepository);
        var whatIf = WhatIfInEffect;
        try
        {
            Run(async (sink, ct) =>
            {
                using var session = OpenSession(sink);
                // Read first (both places), so that nothing is written when either would refuse.
                var plan = await session.Tag.PlanAsync(new TagOptions
                {
                    Repo = RepoRef.Parse(RepoId, RepoType),
                    Revision = revision,
                    Name = name,
                    Message = Message,
                    Force = Force,
                    LocalRepository = local,
                }, ct).ConfigureAwait(false);
                var decide = Decider(sink);
                var onHub = plan.Hub.IsNoOp || await decide(TagOperation.HubQuestion(plan), ct).ConfigureAwait(false);
                if (!onHub && !whatIf) return; // a what-if goes on to show the local tag
                var inGit = plan.Local is not null && (TagOperation.LocalQuestion(plan) is not { } question || await decide(question, ct).ConfigureAwait(false));
                if (whatIf) return; // a what-if of a tag that is already there: nothing to show but the messages above
                var tag = (await session.Tag.ApplyAsync(plan, onHub: true, locally: inGit, ct).ConfigureAwait(false))!;
                sink.Post(() => WriteObject(tag));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, RepoId); // an error without a target of its own (no token) names the repository
        }
    }

}
