namespace ModelRelease.Module.Tests;

/// <summary>The cmdlets only map parameters to the session's operations and render results (DESIGN.md, "faces only translate").</summary>
public class FaceContractTests
{
    [Fact]
    public void The_cmdlets_build_no_core_service_themselves()
    {
        // Publisher, HashCache, HubClient, the inspector and the validator belong to the session (ModelReleaseSession).
        Assert.Empty(FaceReferences.SessionWiringIn(ModuleUnderTest.CmdletAssemblyPath));
    }

    [Fact]
    public void The_reading_finds_the_calls_it_looks_for()
    {
        // The check above could pass by reading nothing: the same reader sees the cmdlets' calls of the session.
        Assert.True(FaceReferences.Calls(ModuleUnderTest.CmdletAssemblyPath, "ModelRelease.Core.Operations.ModelReleaseSession", ".ctor"));
        Assert.True(FaceReferences.Calls(ModuleUnderTest.CmdletAssemblyPath, "ModelRelease.Core.Operations.Release.ReleaseJob", "RunAsync"));
        Assert.True(FaceReferences.Calls(ModuleUnderTest.CmdletAssemblyPath, "ModelRelease.Core.Operations.Publish.PublishOperation", "PlanAsync"));
        Assert.True(FaceReferences.Calls(ModuleUnderTest.CmdletAssemblyPath, "ModelRelease.Core.Operations.Publish.PublishOperation", "ExecuteAsync"));
    }

    [Fact]
    public void Publish_ModelRelease_is_the_twin_of_modelrelease_release()
    {
        var c = ModuleUnderTest.Cmdlet("Publish-ModelRelease");
        Assert.True(c.SupportsShouldProcess);
        Assert.Contains("ModelRelease.ReleaseReport", c.OutputTypes);
        var names = c.Parameters.Select(p => p.Name).ToHashSet();
        // The CLI's options, by their PowerShell names.
        Assert.Superset(new HashSet<string> { "Path", "LiteralPath", "RepoId", "Version", "Private", "Force", "Include", "Exclude", "ExpectedParameterCount", "Tolerance", "CardPath", "NoCard",
            "AllowUnfinishedCard", "License", "Language", "Config", "Metrics", "Section", "CommitMessage", "LocalRepository", "Endpoint", "Token" }, names);
    }
}
