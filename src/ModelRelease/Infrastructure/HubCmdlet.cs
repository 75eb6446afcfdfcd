using System.Management.Automation;

namespace ModelRelease.Infrastructure;

/// <summary>Base of the cmdlets that work on one Hub repository: -RepoId and -RepoType, with the Hub access of <see cref="HubAccessCmdlet"/>.</summary>
public abstract class HubCmdlet : HubAccessCmdlet
{
    /// <summary>The repository, namespace/name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string RepoId { get; set; } = "";

    /// <summary>model (default), dataset or space.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("model", "dataset", "space")]
    public string RepoType { get; set; } = "model";
}
