using System.Management.Automation;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Releases;
using ModelRelease.Infrastructure;

namespace ModelRelease.Commands;

/// <summary>
/// <para type="synopsis">Tags a revision of a Hub repository as a release (v1.2.0, model-v1.2.0, export-v1.2.0, weights-v1.1, or a format of your own).</para>
/// </summary>
/// <remarks>
/// Binds RepoId and CommitOid by property name from Publish-HfModel's result, so a publish can be tagged in one
/// pipeline. The same tag on the same commit is a no-op (Created is false); a tag that exists on another commit
/// is an error (ReleaseTagAlreadyExists) unless -Force moves it. -LocalRepository also creates the annotated tag
/// in a local git repository (at its HEAD), recording the Hub commit in the tag's message.
/// </remarks>
/// <example>
/// <code>Publish-HfModel -Path ./release -RepoId org/model | New-ReleaseTag -Version 1.2.0 -Message 'Better tokenizer'</code>
/// <para>Tags the commit the publish made as v1.2.0.</para>
/// </example>
/// <example>
/// <code>New-ReleaseTag -RepoId org/model -Revision main -Version 1.1.0 -Format Weights -LocalRepository .</code>
/// <para>Tags main as weights-v1.1 on the Hub and in the local git repository.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "ReleaseTag", SupportsShouldProcess = true, DefaultParameterSetName = "Version")]
[OutputType(typeof(ReleaseTag))]
public sealed class NewReleaseTagCommand : HubCmdlet
{

    /// <summary>The commit to tag (bound from a publish result); otherwise -Revision.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? CommitOid { get; set; }

    /// <summary>The branch, tag or commit to tag when no -CommitOid is given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Revision { get; set; } = "main";

    /// <summary>The release version (1.2.0, 1.2.0-rc.1); the tag name follows -Format.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Version")]
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
    [Parameter]
    public string? Message { get; set; }

    /// <summary>Move the tag when it already names another commit.</summary>
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
            name = ParameterSetName == "Name" ? TagNaming.ValidName(Name) : TagNaming.Name(Format, SemanticVersion.Parse(Version), Template);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            WriteError(new ErrorRecord(ex, "ReleaseTagInvalid", ErrorCategory.InvalidArgument, Version.Length > 0 ? Version : Name));
            return;
        }
        var revision = CommitOid ?? Revision;
        var local = LocalRepository is null ? null : PathResolution.ResolveOutput(this, LocalRepository);
        if (!ShouldProcess($"{RepoId}@{revision}", $"Create tag {name}" + (Force ? " (moving it if it exists)" : "") + (local is null ? "" : $" and tag {local}"))) return;
        try
        {
            Run(async (sink, ct) =>
            {
                using var client = OpenClient(requireToken: true, sink);
                var repo = RepoRef.Parse(RepoId, RepoType);
                var tag = await new ReleaseTagger(client).CreateAsync(repo, revision, name, Message, Force, ct).ConfigureAwait(false);
                if (local is not null)
                {
                    await ReleaseTagger.TagLocalRepositoryAsync(local, name, null, $"{Message ?? name}\n\nHub: {repo}@{tag.CommitOid}", Force, ct).ConfigureAwait(false);
                    tag = tag with { LocalRepository = local };
                }
                sink.Post(() => WriteObject(tag));
            });
        }
        catch (ModelReleaseException ex)
        {
            WriteModelReleaseError(ex, name);
        }
    }
}
