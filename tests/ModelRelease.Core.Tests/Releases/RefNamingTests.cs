using ModelRelease.Core.Releases;

namespace ModelRelease.Core.Tests.Releases;

/// <summary>Tags and branches share the reserved-name rules; one name is one revision.</summary>
public sealed class RefNamingTests
{
    [Theory]
    [InlineData("exp fp16")]
    [InlineData("a..b")]
    [InlineData("refs/pr/5")]
    [InlineData("HEAD")]
    [InlineData("@")]
    [InlineData("deadbeef")]
    [InlineData("x.lock")]
    [InlineData("-x")]
    [InlineData("a/.b")]
    [InlineData("a~1")]
    [InlineData("")]
    public void A_name_git_or_the_Hub_refuses_is_refused_for_tags_and_branches_alike(string name)
    {
        Assert.NotNull(RefNaming.Problem(name, RefKind.Tag));
        Assert.NotNull(RefNaming.Problem(name, RefKind.Branch));
        Assert.Equal(RefNaming.Problem(name, RefKind.Tag), TagNaming.NameProblem(name));
    }

    [Theory]
    [InlineData("exp-fp16")]
    [InlineData("experiments/fp16")]
    [InlineData("v1.2.0")]
    [InlineData("weights-v1.1")]
    public void Good_names_pass_for_both(string name)
    {
        Assert.Null(RefNaming.Problem(name, RefKind.Tag));
        Assert.Null(RefNaming.Problem(name, RefKind.Branch));
    }

    [Fact]
    public void Main_is_a_branch_and_never_a_tag()
    {
        Assert.NotNull(RefNaming.Problem("main", RefKind.Tag));
        Assert.Null(RefNaming.Problem("main", RefKind.Branch));
    }

    [Fact]
    public void A_tag_may_not_take_a_branch_name_nor_a_branch_a_tag_name()
    {
        string[] branches = ["main", "exp-fp16"];
        string[] tags = ["v1.0.0"];
        Assert.Contains("ambiguous", RefNaming.ClashProblem("exp-fp16", RefKind.Tag, branches, tags));
        Assert.Contains("ambiguous", RefNaming.ClashProblem("v1.0.0", RefKind.Branch, branches, tags));
        Assert.Null(RefNaming.ClashProblem("v1.1.0", RefKind.Tag, branches, tags));
        Assert.Null(RefNaming.ClashProblem("exp-int8", RefKind.Branch, branches, tags));
    }
}
