using ModelRelease.Module.Tests;

namespace ModelRelease.Cli.Tests;

/// <summary>The CLI only maps options to the session's operations and renders results; it hosts the hub emulator, nothing else.</summary>
public class FaceContractTests
{
    private static string CliAssembly => typeof(CliApp).Assembly.Location;

    [Fact]
    public void The_commands_build_no_core_service_themselves() => Assert.Empty(FaceReferences.SessionWiringIn(CliAssembly));

    [Fact]
    public void The_commands_call_the_session_operations()
    {
        Assert.True(FaceReferences.Calls(CliAssembly, "ModelRelease.Core.Operations.Release.ReleaseJob", "RunAsync"));
        Assert.True(FaceReferences.Calls(CliAssembly, "ModelRelease.Core.Operations.Publish.PublishOperation", "PlanAsync"));
        Assert.True(FaceReferences.Calls(CliAssembly, "ModelRelease.Core.Operations.Gate.CheckpointGate", "CheckAsync"));
        Assert.True(FaceReferences.Calls(CliAssembly, "ModelRelease.Core.Operations.Tags.TagOperation", "PlanAsync"));
    }
}
