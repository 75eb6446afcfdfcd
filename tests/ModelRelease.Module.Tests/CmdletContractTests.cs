using ModelRelease.ModuleMetadata;

namespace ModelRelease.Module.Tests;

/// <summary>The rules every cmdlet keeps (pwsh-module-style.md §3), checked on the compiled metadata.</summary>
public class CmdletContractTests
{
    private static readonly string[] ReadOnlyVerbs = ["Get", "Test", "Measure", "Compare", "Find", "Resolve", "Search", "Show", "Read", "Select", "Format", "Convert", "ConvertFrom", "ConvertTo"];
    private static readonly string[] PluralNounExceptions = ["Status", "Alias", "Weights"];

    /// <summary>
    /// Cmdlets whose verb is not a read-only one but that only compute an object and change nothing, so have no -WhatIf
    /// to honour: New-ModelName makes a name in memory (as New-Guid and New-TimeSpan); Step-ModelVersion computes the
    /// next version from the tags (it reads the Hub and, with -PreviousFile, downloads into a temporary folder it deletes; it writes no
    /// tag, file or registry).
    /// </summary>
    private static readonly string[] InMemoryOnly = ["New-ModelName", "Step-ModelVersion"];

    public static TheoryData<string> CmdletNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in ModuleUnderTest.Metadata.Cmdlets) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void The_module_has_the_foundation_cmdlets()
    {
        var names = ModuleUnderTest.Metadata.Cmdlets.Select(c => c.Name).ToList();
        Assert.Superset(new HashSet<string> { "Get-Checkpoint", "Test-Checkpoint", "Measure-ModelParameter", "Compare-Checkpoint" }, names.ToHashSet());
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Uses_an_approved_verb_and_a_singular_noun(string name)
    {
        var c = ModuleUnderTest.Cmdlet(name);
        Assert.Contains(c.Verb, ModuleUnderTest.Metadata.ApprovedVerbs);
        Assert.False(c.Noun.EndsWith('s') && !PluralNounExceptions.Any(e => c.Noun.EndsWith(e, StringComparison.Ordinal)), $"{name}: the noun should be singular");
        Assert.Equal($"ModelRelease.Commands.{c.Verb}{c.Noun}Command", c.ClassName);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Declares_its_output_type(string name) => Assert.NotEmpty(ModuleUnderTest.Cmdlet(name).OutputTypes);

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Supports_ShouldProcess_when_it_writes(string name)
    {
        var c = ModuleUnderTest.Cmdlet(name);
        if (!ReadOnlyVerbs.Contains(c.Verb) && !InMemoryOnly.Contains(name)) Assert.True(c.SupportsShouldProcess, $"{name} changes something and must support -WhatIf/-Confirm");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Path_comes_with_a_LiteralPath_that_binds_from_Get_ChildItem(string name)
    {
        var c = ModuleUnderTest.Cmdlet(name);
        var path = c.Parameters.FirstOrDefault(p => p.Name == "Path");
        if (path is null || path.Type is not ("System.String[]" or "System.String")) return;
        var literal = c.Parameters.SingleOrDefault(p => p.Name == "LiteralPath");
        Assert.NotNull(literal);
        Assert.Contains("PSPath", literal.Aliases);
        Assert.Contains("LP", literal.Aliases);
        Assert.False(literal.SupportsWildcards);
        if (IsOutputPath(path))
        {
            // An output file (Export-Csv's convention): one path, no wildcards, and never bound from piped input,
            // so piping Get-ChildItem in cannot make a cmdlet write over the files it was given.
            Assert.Equal("System.String", literal.Type);
            Assert.All(path.Sets.Concat(literal.Sets), s => Assert.False(s.ValueFromPipeline || s.ValueFromPipelineByPropertyName, $"{name}: an output path must not bind from the pipeline"));
            Assert.True(c.SupportsShouldProcess, $"{name} writes -Path and must support -WhatIf");
            return;
        }
        Assert.True(path.SupportsWildcards, $"{name} -Path should accept wildcards");
        Assert.All(literal.Sets, s => Assert.True(s.ValueFromPipelineByPropertyName, $"{name} -LiteralPath must bind by property name (PSPath)"));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Has_at_most_one_by_value_parameter_per_set(string name)
    {
        var c = ModuleUnderTest.Cmdlet(name);
        var sets = c.Parameters.SelectMany(p => p.Sets.Select(s => (s.Name, p.Name, s.ValueFromPipeline))).ToList();
        var named = sets.Select(s => s.Item1).Where(s => s != "__AllParameterSets").Distinct().DefaultIfEmpty("__AllParameterSets");
        foreach (var set in named)
        {
            var byValue = sets.Where(s => (s.Item1 == set || s.Item1 == "__AllParameterSets") && s.ValueFromPipeline).Select(s => s.Item2).Distinct().ToList();
            Assert.True(byValue.Count <= 1, $"{name} set {set} binds {string.Join(", ", byValue)} by value");
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameters_are_switches_not_bools_and_do_not_shadow_common_parameters(string name)
    {
        var c = ModuleUnderTest.Cmdlet(name);
        Assert.DoesNotContain(c.Parameters, p => p.Type is "System.Boolean" or "System.Boolean?");
        Assert.DoesNotContain(c.Parameters, p => ModuleUnderTest.Metadata.CommonParameters.Contains(p.Name, StringComparer.OrdinalIgnoreCase));
        Assert.Equal(c.Parameters.Count, c.Parameters.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    /// <summary>A -Path that names one file to write: a single string without wildcards.</summary>
    private static bool IsOutputPath(ParameterMetadata path) => path.Type == "System.String" && !path.SupportsWildcards;

    [Fact]
    public void Parameter_types_are_the_same_wherever_a_name_repeats()
    {
        // Output paths (one file to write) are their own kind: -Path and -LiteralPath are strings there, string arrays for inputs.
        var clashes = ModuleUnderTest.Metadata.Cmdlets.SelectMany(c => c.Parameters.Select(p => (c.Name, Name: p.Name is "Path" or "LiteralPath" && c.Parameters.Any(x => x.Name == "Path" && IsOutputPath(x)) ? p.Name + " (output)" : p.Name, p.Type)))
            .GroupBy(x => x.Item2).Where(g => g.Select(x => x.Type).Distinct().Count() > 1)
            .Select(g => g.Key + ": " + string.Join(", ", g.Select(x => $"{x.Item1} {x.Type}"))).ToList();
        Assert.Empty(clashes);
    }

    [Fact]
    public void Measure_ModelParameters_is_an_alias_of_the_singular_cmdlet() =>
        Assert.Contains("Measure-ModelParameters", ModuleUnderTest.Cmdlet("Measure-ModelParameter").Aliases);

    [Theory]
    [InlineData("New-ModelCard")]
    [InlineData("Set-ModelCard")]
    public void Card_metadata_parameters_complete_from_the_Hubs_vocabulary(string name)
    {
        var c = ModuleUnderTest.Cmdlet(name);
        Assert.Equal("ModelRelease.Infrastructure.LicenseCompleter", c.Parameters.Single(p => p.Name == "License").Completer);
        Assert.Equal("ModelRelease.Infrastructure.LanguageCompleter", c.Parameters.Single(p => p.Name == "Language").Completer);
        Assert.Equal("ModelRelease.Infrastructure.PipelineTagCompleter", c.Parameters.Single(p => p.Name == "PipelineTag").Completer);
    }
}
