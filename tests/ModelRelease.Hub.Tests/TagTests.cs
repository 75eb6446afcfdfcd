using System.Diagnostics;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Releases;

namespace ModelRelease.Hub.Tests;

public class TagTests
{
    [Fact]
    public async Task Tag_semantics_no_op_conflict_and_force()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        var first = await hub.Publisher(client).PublishAsync(Hub.Request("org/tags", [hub.Text("t/a.txt", "1")], "one"));
        var second = await hub.Publisher(client).PublishAsync(Hub.Request("org/tags", [hub.Text("t/a.txt", "2")], "two"));
        var repo = RepoRef.Parse("org/tags");
        var tagger = new ReleaseTagger(client);

        var created = await tagger.CreateAsync(repo, first.CommitOid, "v1.0.0", "first release", force: false);
        Assert.True(created.Created);
        Assert.Equal(("1.0.0", "v", first.CommitOid), (created.Version, created.Family, created.CommitOid));

        var again = await tagger.CreateAsync(repo, first.CommitOid, "v1.0.0", null, force: false);
        Assert.False(again.Created);

        var conflict = await Assert.ThrowsAsync<HubException>(() => tagger.CreateAsync(repo, second.CommitOid, "v1.0.0", null, force: false));
        Assert.Equal("ReleaseTagAlreadyExists", conflict.ErrorId);
        Assert.Contains(first.CommitOid, conflict.Message);

        var moved = await tagger.CreateAsync(repo, "main", "v1.0.0", "moved", force: true);
        Assert.True(moved.Moved);
        Assert.Equal(second.CommitOid, moved.CommitOid);
    }

    [Theory]
    [InlineData("main")]
    [InlineData("HEAD")]
    [InlineData("@")]
    [InlineData("refs/heads/main")]
    [InlineData("abcdef0")]
    [InlineData("ABCDEF0123")]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    [InlineData("v1..2")]
    [InlineData("v1@{1}")]
    [InlineData("v1.lock")]
    [InlineData("rel/.hidden")]
    [InlineData("nul\0tag")]
    [InlineData("-v1")]
    public void Tag_names_that_could_hijack_a_revision_are_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => TagNaming.ValidName(name));
        Assert.DoesNotContain('\0', error.Message);
    }

    [Fact]
    public async Task A_tag_cannot_take_the_name_of_a_branch()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        await hub.Publisher(client).PublishAsync(Hub.Request("org/branchy", [hub.Text("b/a.txt", "1")], "one"));
        using (var http = new HttpClient { BaseAddress = hub.Emulator.BaseAddress })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", Hub.Token);
            Assert.True((await http.PostAsync("api/models/org/branchy/branch/experiment", null)).IsSuccessStatusCode);
        }
        var error = await Assert.ThrowsAsync<HubException>(() => new ReleaseTagger(client).CreateAsync(RepoRef.Parse("org/branchy"), "main", "experiment", null, force: false));
        Assert.Equal(("ReleaseTagNameInvalid", ErrorKind.InvalidArgument), (error.ErrorId, error.Kind));
        Assert.Empty((await client.GetRefsAsync(RepoRef.Parse("org/branchy"))).Tags);
    }

    [Fact]
    public async Task A_tag_plan_reads_only_and_says_whether_the_tag_would_move()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        var first = await hub.Publisher(client).PublishAsync(Hub.Request("org/plan", [hub.Text("p/a.txt", "1")], "one"));
        var second = await hub.Publisher(client).PublishAsync(Hub.Request("org/plan", [hub.Text("p/a.txt", "2")], "two"));
        var repo = RepoRef.Parse("org/plan");
        var tagger = new ReleaseTagger(client);

        var fresh = await tagger.PlanAsync(repo, first.CommitOid, "v1.0.0", force: false);
        Assert.Equal((first.CommitOid, (string?)null, false, false), (fresh.CommitOid, fresh.ExistingCommitOid, fresh.IsNoOp, fresh.Moves));
        Assert.Empty((await client.GetRefsAsync(repo)).Tags); // planning wrote nothing
        await tagger.ApplyAsync(fresh, "first");

        var same = await tagger.PlanAsync(repo, first.CommitOid, "v1.0.0", force: false);
        Assert.True(same.IsNoOp);
        Assert.False((await tagger.ApplyAsync(same, null)).Created);

        Assert.Equal("ReleaseTagAlreadyExists", (await Assert.ThrowsAsync<HubException>(() => tagger.PlanAsync(repo, "main", "v1.0.0", force: false))).ErrorId);
        var move = await tagger.PlanAsync(repo, "main", "v1.0.0", force: true);
        Assert.Equal((second.CommitOid, first.CommitOid, true), (move.CommitOid, move.ExistingCommitOid, move.Moves));
        Assert.Equal(first.CommitOid, (await client.GetRefsAsync(repo)).Tags.Single().TargetCommit); // still not moved
        var moved = await tagger.ApplyAsync(move, "moved");
        Assert.True(moved.Moved);
        Assert.Equal(second.CommitOid, (await client.GetRefsAsync(repo)).Tags.Single().TargetCommit);
    }

    [Fact]
    public async Task Tags_list_newest_version_first_across_families()
    {
        await using var hub = await Hub.StartAsync();
        using var client = hub.Client();
        await hub.Publisher(client).PublishAsync(Hub.Request("org/list", [hub.Text("l/a.txt", "1")]));
        var repo = RepoRef.Parse("org/list");
        var tagger = new ReleaseTagger(client);
        foreach (var t in new[] { "v1.0.0", "latest", "weights-v1.1", "v1.2.0", "model-v1.2.0", "v1.2.0-rc.1", "export-v0.9.0", "v1.10.0" })
        {
            await tagger.CreateAsync(repo, "main", t, null, force: false);
        }
        var names = (await tagger.ListAsync(repo)).Select(t => t.Name).ToList();
        Assert.Equal(["v1.10.0", "v1.2.0", "model-v1.2.0", "v1.2.0-rc.1", "weights-v1.1", "v1.0.0", "export-v0.9.0", "latest"], names);
    }

    [Theory]
    [InlineData(TagFormat.Version, "1.2.0", null, "v1.2.0")]
    [InlineData(TagFormat.Model, "1.2.0", null, "model-v1.2.0")]
    [InlineData(TagFormat.Export, "1.2.0-rc.1", null, "export-v1.2.0-rc.1")]
    [InlineData(TagFormat.Weights, "1.1.7", null, "weights-v1.1")]
    [InlineData(TagFormat.Custom, "2.0.1", "release/{major}.{minor}", "release/2.0")]
    public void Tag_names_from_versions(TagFormat format, string version, string? template, string expected) =>
        Assert.Equal(expected, TagNaming.Name(format, SemanticVersion.Parse(version), template));

    [Theory]
    [InlineData("v1.2.3", "1.2.3", "v")]
    [InlineData("model-v1.2.3", "1.2.3", "model-v")]
    [InlineData("weights-v1.1", "1.1.0", "weights-v")]
    [InlineData("v0.30.0rc0", "0.30.0-rc.0", "v")]
    [InlineData("1.10.1", "1.10.1", "")]
    [InlineData("hub-v2.15.0", "2.15.0", "hub-v")]
    public void Versions_from_tag_names(string tag, string version, string family)
    {
        var parsed = TagNaming.Parse(tag);
        Assert.NotNull(parsed);
        Assert.Equal((version, family), (parsed.Value.Version.ToString(), parsed.Value.Family));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("v1")]
    [InlineData("stable-build")]
    public void Tags_without_a_version(string tag) => Assert.Null(TagNaming.Parse(tag));

    [Fact]
    public void Semantic_version_precedence()
    {
        var ordered = new[] { "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0" }
            .Select(SemanticVersion.Parse).ToList();
        Assert.Equal(ordered, ordered.OrderBy(v => v).ToList());
        Assert.Equal(ordered, ordered.AsEnumerable().Reverse().Order().ToList());
        Assert.Throws<FormatException>(() => SemanticVersion.Parse("one.two"));
    }

    [Fact]
    public async Task The_local_git_repository_gets_the_annotated_tag_once()
    {
        var repo = Directory.CreateTempSubdirectory("mr-git-").FullName;
        try
        {
            Git(repo, "init", "-q");
            File.WriteAllText(Path.Combine(repo, "train.py"), "print('x')\n");
            Git(repo, "add", ".");
            Git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "code");
            await ReleaseTagger.TagLocalRepositoryAsync(repo, "v1.0.0", null, "Weights: org/x@abc", force: false);
            await ReleaseTagger.TagLocalRepositoryAsync(repo, "v1.0.0", null, "Weights: org/x@abc", force: false); // same commit: no-op
            Assert.Equal("v1.0.0", Git(repo, "tag", "-l").Trim());
            Assert.Equal("tag", Git(repo, "cat-file", "-t", "v1.0.0").Trim()); // annotated
            Assert.Contains("Weights: org/x@abc", Git(repo, "tag", "-n1"));
            File.WriteAllText(Path.Combine(repo, "train.py"), "print('y')\n");
            Git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "more");
            var ex = await Assert.ThrowsAsync<HubException>(() => ReleaseTagger.TagLocalRepositoryAsync(repo, "v1.0.0", null, "m", force: false));
            Assert.Equal("ReleaseTagAlreadyExists", ex.ErrorId);
        }
        finally
        {
            Directory.Delete(repo, recursive: true);
        }
    }

    private static string Git(string repo, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(repo);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, p.StandardError.ReadToEnd());
        return output;
    }
}
