using System.Net;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Operations.Accounts;
using ModelRelease.Core.Operations.Publish;
using ModelRelease.Core.Operations.Repositories;
using ModelRelease.HubEmulator;

namespace ModelRelease.Hub.Tests;

/// <summary>Accounts (whoami, login to the token file or a vault, logout) and repository management against the emulator, as the Hub does them.</summary>
public class AccountAndRepositoryTests
{
    /// <summary>A session whose token comes only from the environment and files of <paramref name="home"/> (HF_HOME), with warnings collected.</summary>
    private static ModelReleaseSession HomeSession(Hub hub, string home, List<string> warnings, Func<string, string, string?>? vault = null) =>
        new(hub.SessionOptions(token: null) with
        {
            Environment = k => k == "HF_HOME" ? home : null,
            ReadTokenFile = null,
            CacheFolder = Path.Combine(home, "modelrelease"),
            Warn = warnings.Add,
            ReadVaultSecret = vault,
        });

    [Fact]
    public async Task Whoami_names_the_user_the_organisations_and_the_token_role()
    {
        await using var hub = await Hub.StartAsync(o => o with { Organizations = ["acme", "labs"] });
        using var session = hub.Session();
        var user = await session.Accounts.WhoAmIAsync();
        Assert.Equal(("alice", "user", "write"), (user.Name, user.Type, user.TokenRole));
        Assert.Equal(["acme", "labs"], user.Organizations);
        Assert.Equal("-Token", user.TokenSource); // where it came from, never the token
        using var anonymous = hub.Session(token: null);
        Assert.Equal(HubErrorIds.TokenNotFound, (await Assert.ThrowsAsync<HubException>(() => anonymous.Accounts.WhoAmIAsync())).ErrorId);
    }

    [Fact]
    public async Task Login_stores_the_token_file_0600_whoami_uses_it_and_logout_deletes_it()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var hub = await Hub.StartAsync();
        var home = Path.Combine(hub.Work, "hf-home");
        var warnings = new List<string>();
        using var session = HomeSession(hub, home, warnings);
        var (decide, asked) = Sessions.Recording();
        var user = await session.Accounts.LoginAsync(new LoginOptions { Token = " " + Hub.Token + "\n" }, decide);
        var file = Path.Combine(home, "token");
        Assert.Equal(("alice", file), (user!.Name, user.TokenSource));
        Assert.Equal(Hub.Token, File.ReadAllText(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
        Assert.Equal(QuestionKind.StoreToken, Assert.Single(asked).Kind);
        Assert.DoesNotContain(Hub.Token, asked[0].Target + asked[0].Action);

        using (var again = HomeSession(hub, home, warnings)) Assert.Equal(file, (await again.Accounts.WhoAmIAsync()).TokenSource);
        Assert.Empty(warnings);

        var result = await session.Accounts.LogoutAsync(OperationDeciders.Always);
        Assert.Equal(file, result.DeletedTokenFile);
        Assert.False(File.Exists(file));
        Assert.Null((await session.Accounts.LogoutAsync(OperationDeciders.Always)).DeletedTokenFile);
    }

    [Fact]
    public async Task A_token_the_Hub_refuses_or_an_old_org_token_is_not_stored()
    {
        await using var hub = await Hub.StartAsync();
        var home = Path.Combine(hub.Work, "hf-home");
        using var session = HomeSession(hub, home, []);
        var refused = await Assert.ThrowsAsync<HubException>(() => session.Accounts.LoginAsync(new LoginOptions { Token = "hf_NotKnownToTheHub000000" }, OperationDeciders.Always));
        Assert.Equal((HubErrorIds.TokenInvalid, ErrorKind.Authentication), (refused.ErrorId, refused.Kind));
        Assert.DoesNotContain("hf_NotKnownToTheHub000000", refused.Message);
        var org = await Assert.ThrowsAsync<HubException>(() => session.Accounts.LoginAsync(new LoginOptions { Token = "api_org_0123456789abcdef" }, OperationDeciders.Always));
        Assert.Equal(HubErrorIds.TokenInvalid, org.ErrorId);
        Assert.False(File.Exists(Path.Combine(home, "token")));
    }

    [Fact]
    public async Task A_token_file_others_can_read_is_used_with_a_warning()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var hub = await Hub.StartAsync();
        var home = Path.Combine(hub.Work, "hf-home");
        Directory.CreateDirectory(home);
        var file = Path.Combine(home, "token");
        File.WriteAllText(file, Hub.Token);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var warnings = new List<string>();
        using (var session = HomeSession(hub, home, warnings)) Assert.Equal("alice", (await session.Accounts.WhoAmIAsync()).Name);
        var warning = Assert.Single(warnings);
        Assert.Contains(file, warning);
        Assert.Contains("0644", warning);
        Assert.Contains("chmod 600", warning);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        warnings.Clear();
        using (var session = HomeSession(hub, home, warnings)) await session.Accounts.WhoAmIAsync();
        Assert.Empty(warnings);
    }

    [Fact]
    public async Task Login_to_a_vault_keeps_the_token_out_of_the_file_and_the_vault_is_used_after()
    {
        await using var hub = await Hub.StartAsync();
        var home = Path.Combine(hub.Work, "hf-home");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, "token"), "hf_StaleFileToken000000");
        var vault = new Dictionary<(string, string), string>();
        string? Read(string v, string n) => vault.GetValueOrDefault((v, n));
        using var session = HomeSession(hub, home, [], Read);
        var user = await session.Accounts.LoginAsync(new LoginOptions { Token = Hub.Token, Vault = "Team", SecretName = "hub" }, OperationDeciders.Always, (reference, _) =>
        {
            vault[(reference.Vault, reference.Name)] = Hub.Token;
            return Task.CompletedTask;
        });
        Assert.Equal("vault 'Team' (secret 'hub')", user!.TokenSource);
        Assert.False(File.Exists(Path.Combine(home, "token")));
        var pointer = File.ReadAllText(Path.Combine(home, "modelrelease", "token-vault.json"));
        Assert.DoesNotContain(Hub.Token, pointer);
        using (var later = HomeSession(hub, home, [], Read)) Assert.Equal("vault 'Team' (secret 'hub')", (await later.Accounts.WhoAmIAsync()).TokenSource);
        // A face that cannot read vaults (the CLI) says where the token is.
        using (var cli = HomeSession(hub, home, []))
        {
            var missing = await Assert.ThrowsAsync<HubException>(() => cli.Accounts.WhoAmIAsync());
            Assert.Contains("vault 'Team'", missing.Message);
        }
        var forgot = await session.Accounts.LogoutAsync(OperationDeciders.Always);
        Assert.Equal(new VaultReference("Team", "hub"), forgot.ForgotVault);
        Assert.False(File.Exists(Path.Combine(home, "modelrelease", "token-vault.json")));
    }

    [Fact]
    public async Task The_environment_report_names_the_token_source_never_the_token()
    {
        await using var hub = await Hub.StartAsync();
        using var session = new ModelReleaseSession(hub.SessionOptions(token: null) with
        {
            Environment = k => k switch { "HF_HOME" => "/hf", "HF_TOKEN" => Hub.Token, "HF_HUB_OFFLINE" => "1", "HTTPS_PROXY" => "http://proxy:3128", _ => null },
            HubCacheFolder = "/hf/hub",
            Offline = true,
        });
        var env = session.Accounts.Environment();
        Assert.Equal(("HF_TOKEN", "/hf/hub", Path.Combine("/hf", "token"), true), (env.TokenSource, env.HubCache, env.TokenPath, env.Offline));
        Assert.Equal(["HTTPS_PROXY"], env.Proxies);
        Assert.DoesNotContain(Hub.Token, System.Text.Json.JsonSerializer.Serialize(env));
    }

    [Fact]
    public async Task Repositories_are_created_public_or_private_exist_ok_and_refused_names_are_clear()
    {
        await using var hub = await Hub.StartAsync();
        using var session = hub.Session();
        var (decide, asked) = Sessions.Recording();
        var created = await session.Repositories.CreateAsync(new CreateRepositoryOptions { Repo = RepoRef.Parse("alice/public-one") }, decide);
        Assert.Equal((true, false), (created!.Created, created.Private));
        Assert.EndsWith("/alice/public-one", created.Url);
        Assert.True(Assert.Single(asked).HighImpact); // creating a public repository is high-impact
        var conflict = await Assert.ThrowsAsync<HubException>(() => session.Repositories.CreateAsync(new CreateRepositoryOptions { Repo = RepoRef.Parse("alice/public-one") }, OperationDeciders.Always));
        Assert.Equal((HubErrorIds.Conflict, ErrorKind.AlreadyExists), (conflict.ErrorId, conflict.Kind));
        Assert.Contains("--exist-ok", conflict.CliRecommendedAction);
        Assert.Contains("-ExistOk", conflict.RecommendedAction);
        var existing = await session.Repositories.CreateAsync(new CreateRepositoryOptions { Repo = RepoRef.Parse("alice/public-one"), ExistOk = true }, OperationDeciders.Always);
        Assert.False(existing!.Created);

        var (privateDecide, privateAsked) = Sessions.Recording();
        var hidden = await session.Repositories.CreateAsync(new CreateRepositoryOptions { Repo = RepoRef.Parse("alice/data", "dataset"), Private = true }, privateDecide);
        Assert.Equal((true, "dataset"), (hidden!.Private, hidden.RepoType));
        Assert.EndsWith("/datasets/alice/data", hidden.Url);
        Assert.False(Assert.Single(privateAsked).HighImpact);
        using var anonymous = hub.Session(token: null);
        Assert.Null(await anonymous.Hub.GetRepoInfoAsync(RepoRef.Parse("alice/data", "dataset"), "main"));

        // What-if: asked, nothing created.
        var writes = hub.Writes();
        Assert.Null(await session.Repositories.CreateAsync(new CreateRepositoryOptions { Repo = RepoRef.Parse("alice/maybe") }, OperationDeciders.Always, whatIf: true));
        Assert.Equal(writes, hub.Writes());

        foreach (var bad in new[] { "alice/two--dashes", "alice/ends-", "alice/repo.git", "alice/..x" })
        {
            Assert.Equal(HubErrorIds.RepoIdInvalid, Assert.Throws<HubException>(() => RepoRef.Parse(bad)).ErrorId);
        }
        // The emulator refuses such a name as the Hub does, whatever the client.
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(hub.Emulator.BaseAddress, "api/repos/create")) { Content = new StringContent("{\"name\":\"two--dashes\",\"organization\":\"alice\"}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", Hub.Token);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Visibility_changes_through_the_settings_endpoint_and_deletion_removes_everything()
    {
        await using var hub = await Hub.StartAsync();
        using var session = hub.Session();
        using var anonymous = hub.Session(token: null);
        var repo = RepoRef.Parse("alice/toggle");
        await session.Repositories.CreateAsync(new CreateRepositoryOptions { Repo = repo }, OperationDeciders.Always);
        var (decide, asked) = Sessions.Recording();
        Assert.True((await session.Repositories.SetVisibilityAsync(repo, isPrivate: true, decide))!.Private);
        Assert.Null(await anonymous.Hub.GetRepoInfoAsync(repo, "main"));
        Assert.False(Assert.Single(asked).HighImpact);
        var (publicDecide, publicAsked) = Sessions.Recording();
        await session.Repositories.SetVisibilityAsync(repo, isPrivate: false, publicDecide);
        Assert.True(Assert.Single(publicAsked).HighImpact); // making it public exposes it
        Assert.NotNull(await anonymous.Hub.GetRepoInfoAsync(repo, "main"));
        var settings = hub.Emulator.Statistics.Requests.GetValueOrDefault("settings");
        await session.Repositories.SetVisibilityAsync(repo, isPrivate: false, OperationDeciders.Always);
        Assert.Equal(settings, hub.Emulator.Statistics.Requests.GetValueOrDefault("settings")); // already public: no request

        var (deleteDecide, deleteAsked) = Sessions.Recording(_ => false);
        Assert.False(await session.Repositories.DeleteAsync(repo, missingOk: false, deleteDecide));
        Assert.Equal((QuestionKind.DeleteRepository, true), (deleteAsked[0].Kind, deleteAsked[0].HighImpact));
        Assert.NotNull(await session.Hub.GetRepoInfoAsync(repo, "main"));
        Assert.True(await session.Repositories.DeleteAsync(repo, missingOk: false, OperationDeciders.Always));
        Assert.Null(await session.Hub.GetRepoInfoAsync(repo, "main"));
        Assert.Equal(HubErrorIds.RepoNotFound, (await Assert.ThrowsAsync<HubException>(() => session.Repositories.DeleteAsync(repo, missingOk: false, OperationDeciders.Always))).ErrorId);
        Assert.False(await session.Repositories.DeleteAsync(repo, missingOk: true, OperationDeciders.Always));
    }

    [Fact]
    public async Task Files_are_deleted_by_path_folder_and_glob_in_one_commit_or_a_pull_request()
    {
        await using var hub = await Hub.StartAsync();
        hub.Text("rm/keep.json", "{}\n");
        hub.Text("rm/a.tmp", "a\n");
        hub.Text("rm/logs/b.tmp", "b\n");
        hub.Text("rm/logs/run.txt", "run\n");
        using (var client = hub.Client()) await hub.Publisher(client).PublishAsync(Hub.Request("alice/rm", [Path.Combine(hub.Work, "rm")]));
        using var session = hub.Session();
        var repo = RepoRef.Parse("alice/rm");
        var commits = hub.Emulator.Statistics.Commits;

        var none = await Assert.ThrowsAsync<HubException>(() => session.Repositories.RemoveFilesAsync(new RemoveFilesOptions { Repo = repo, Patterns = ["**/*.tmp", "nothing/*"] }, OperationDeciders.Always));
        Assert.Equal(HubErrorIds.EntryNotFound, none.ErrorId);
        Assert.Contains("nothing/*", none.Message);
        var (decide, asked) = Sessions.Recording();
        Assert.Null(await session.Repositories.RemoveFilesAsync(new RemoveFilesOptions { Repo = repo, Patterns = ["**/*.tmp"] }, decide, whatIf: true));
        Assert.Equal(["alice/rm@main: a.tmp", "alice/rm@main: logs/b.tmp"], asked.Where(q => q.Kind == QuestionKind.DeleteFiles).Select(q => q.Target));
        Assert.Equal(commits, hub.Emulator.Statistics.Commits);

        var pr = await session.Repositories.RemoveFilesAsync(new RemoveFilesOptions { Repo = repo, Patterns = ["keep.json"], CreatePullRequest = true }, OperationDeciders.Always);
        Assert.Equal((1, "refs/pr/1"), (pr!.PullRequestNumber, pr.Revision));
        Assert.EndsWith("/discussions/1", pr.PullRequestUrl);
        var removed = await session.Repositories.RemoveFilesAsync(new RemoveFilesOptions { Repo = repo, Patterns = ["**/*.tmp", "logs"] }, OperationDeciders.Always);
        Assert.Equal(["a.tmp", "logs/b.tmp", "logs/run.txt"], removed!.Removed);
        Assert.Equal("Delete 3 files", (await session.Hub.ListCommitsAsync(repo, "main", 1))[0].Title);
        Assert.Equal(commits + 2, hub.Emulator.Statistics.Commits);
        var left = new List<string>();
        await foreach (var f in session.Hub.ListTreeAsync(repo, "main", null, true)) if (f.Type == "file") left.Add(f.Path);
        Assert.Equal([".gitattributes", "keep.json"], left);
    }

    [Fact]
    public async Task A_tag_is_deleted_and_a_missing_one_is_a_clear_error()
    {
        await using var hub = await Hub.StartAsync();
        hub.Text("t/a.txt", "a\n");
        string head;
        using (var client = hub.Client()) head = (await hub.Publisher(client).PublishAsync(Hub.Request("alice/tags", [Path.Combine(hub.Work, "t")]))).CommitOid;
        using var session = hub.Session();
        var repo = RepoRef.Parse("alice/tags");
        await session.Hub.CreateTagAsync(repo, head, "v1.0.0", "first");
        Assert.Null(await session.Repositories.DeleteTagAsync(repo, "v1.0.0", OperationDeciders.Always, whatIf: true));
        Assert.Single((await session.Hub.GetRefsAsync(repo)).Tags);
        var deleted = await session.Repositories.DeleteTagAsync(repo, "v1.0.0", OperationDeciders.Always);
        Assert.Equal((head, "first"), (deleted!.CommitOid, deleted.Message));
        Assert.Empty((await session.Hub.GetRefsAsync(repo)).Tags);
        Assert.Equal(HubErrorIds.RevisionNotFound, (await Assert.ThrowsAsync<HubException>(() => session.Repositories.DeleteTagAsync(repo, "v1.0.0", OperationDeciders.Always))).ErrorId);
    }

    [Fact]
    public async Task Publish_deletes_what_its_patterns_match_in_the_same_commit_and_names_its_pull_request()
    {
        await using var hub = await Hub.StartAsync();
        hub.Text("v1/weights/old-a.bin.txt", "a\n");
        hub.Text("v1/weights/old-b.txt", "b\n");
        hub.Text("v1/README.md", "# model\n");
        using (var client = hub.Client()) await hub.Publisher(client).PublishAsync(Hub.Request("alice/del", [Path.Combine(hub.Work, "v1")]));
        hub.Text("v2/new.txt", "new\n");
        hub.Text("v2/old-b.txt", "b, again\n");
        using var session = hub.Session();
        var options = new PublishOptions { Repo = RepoRef.Parse("alice/del"), Paths = [Path.Combine(hub.Work, "v2")], PathInRepo = "weights", Delete = ["*.txt"] };
        var plan = await session.Publish.PlanAsync(options);
        Assert.Equal(["weights/old-a.bin.txt"], plan.Plan.Deleted); // under weights/, and not the file being published
        Assert.True(plan.Plan.HasChanges);
        var (decide, asked) = Sessions.Recording();
        var result = await session.Publish.ExecuteAsync(plan, decide);
        Assert.Equal(["weights/old-a.bin.txt"], result!.Deleted);
        Assert.Contains(asked, q => q.Kind == QuestionKind.DeleteFiles && q.Target.EndsWith("weights/old-a.bin.txt", StringComparison.Ordinal));
        var left = new List<string>();
        await foreach (var f in session.Hub.ListTreeAsync(RepoRef.Parse("alice/del"), "main", null, true)) if (f.Type == "file") left.Add(f.Path);
        Assert.Equal([".gitattributes", "README.md", "weights/new.txt", "weights/old-b.txt"], left);

        hub.Text("v3/extra.txt", "extra\n");
        var pr = await session.Publish.ExecuteAsync(await session.Publish.PlanAsync(options with { Paths = [Path.Combine(hub.Work, "v3")], Delete = [], CreatePullRequest = true }), OperationDeciders.Always);
        Assert.Equal(1, pr!.PullRequestNumber);
        Assert.EndsWith("/discussions/1", pr.PullRequestUrl);
    }
}
