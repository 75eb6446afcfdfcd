using ModelRelease.ModuleMetadata;

namespace ModelRelease.Module.Tests;

/// <summary>
/// The pipelines of DESIGN.md compose without glue: each upstream output binds to the downstream cmdlet
/// by value (exact type) or by property name (a property named like a parameter or one of its aliases,
/// of the same type). This follows the binder's order: by value first, then by property name.
/// </summary>
public class PipelineBindingTests
{
    public static IReadOnlyList<string> BoundParameters(string outputType, CmdletMetadata downstream)
    {
        var byValue = downstream.Parameters.Where(p => (p.Type == outputType || p.Type == "System.Object") && p.Sets.Any(s => s.ValueFromPipeline)).Select(p => p.Name).ToList();
        if (byValue.Count > 0) return byValue;
        var properties = ModuleUnderTest.Metadata.OutputTypeProperties[outputType];
        return downstream.Parameters
            .Where(p => p.Sets.Any(s => s.ValueFromPipelineByPropertyName))
            .Where(p => properties.Any(prop => (prop.Name == p.Name || p.Aliases.Contains(prop.Name)) && Compatible(prop.Type, p.Type)))
            .Select(p => p.Name).ToList();
    }

    private static bool Compatible(string propertyType, string parameterType) =>
        propertyType == parameterType
        || propertyType.TrimEnd('?') == parameterType.TrimEnd('?')
        || (propertyType == "System.String" && parameterType == "System.String[]");

    [Theory]
    [InlineData("Get-Checkpoint", "ModelRelease.Checkpoint", "Test-Checkpoint", "Checkpoint")]
    [InlineData("Get-Checkpoint", "ModelRelease.Checkpoint", "Measure-ModelParameter", "Checkpoint")]
    [InlineData("Test-Checkpoint", "ModelRelease.CheckpointValidation", "Measure-ModelParameter", "Checkpoint")]
    [InlineData("Get-Checkpoint", "ModelRelease.Checkpoint", "Compare-Checkpoint", "Difference")]
    [InlineData("Test-Checkpoint", "ModelRelease.CheckpointValidation", "Publish-HfModel", "InputObject")]
    [InlineData("Get-Checkpoint", "ModelRelease.Checkpoint", "Publish-HfModel", "InputObject")]
    [InlineData("Publish-HfModel", "ModelRelease.PublishResult", "New-ReleaseTag", "RepoId")]
    [InlineData("Publish-HfModel", "ModelRelease.PublishResult", "New-ReleaseTag", "CommitOid")]
    [InlineData("Publish-HfModel", "ModelRelease.PublishResult", "Get-HfRepoFile", "Revision")]
    [InlineData("Publish-HfModel", "ModelRelease.PublishResult", "Save-HfModel", "RepoId")]
    [InlineData("Get-Checkpoint", "ModelRelease.Checkpoint", "New-ModelCard", "InputObject")]
    [InlineData("Measure-ModelParameter", "ModelRelease.ParameterReport", "New-ModelCard", "InputObject")]
    [InlineData("Test-Checkpoint", "ModelRelease.CheckpointValidation", "New-ModelCard", "InputObject")]
    [InlineData("New-ModelCard", "ModelRelease.ModelCard", "Test-ModelCard", "Card")]
    [InlineData("Get-ModelCard", "ModelRelease.ModelCard", "Test-ModelCard", "Card")]
    [InlineData("Get-ModelCard", "ModelRelease.ModelCard", "Set-ModelCard", "Card")]
    [InlineData("Set-ModelCard", "ModelRelease.ModelCard", "Publish-HfModel", "InputObject")]
    [InlineData("New-ModelCard", "ModelRelease.ModelCard", "Publish-HfModel", "InputObject")]
    [InlineData("Publish-HfModel", "ModelRelease.PublishResult", "Get-ModelCard", "RepoId")]
    public void Upstream_output_binds_to_downstream(string upstream, string outputType, string downstream, string parameter)
    {
        Assert.Contains(outputType, ModuleUnderTest.Cmdlet(upstream).OutputTypes);
        var bound = BoundParameters(outputType, ModuleUnderTest.Cmdlet(downstream));
        Assert.Contains(parameter, bound);
    }

    [Fact]
    public void Get_ChildItem_output_binds_LiteralPath_through_PSPath()
    {
        foreach (var name in new[] { "Get-Checkpoint", "Test-Checkpoint", "Measure-ModelParameter", "Get-ModelCard", "Test-ModelCard" })
        {
            var literal = ModuleUnderTest.Cmdlet(name).Parameters.Single(p => p.Name == "LiteralPath");
            Assert.Contains("PSPath", literal.Aliases);
            Assert.True(literal.Sets.All(s => s.ValueFromPipelineByPropertyName));
        }
    }
}
