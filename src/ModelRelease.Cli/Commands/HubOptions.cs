using System.CommandLine;
using ModelRelease.Cli.Output;
using ModelRelease.Core.Hub;

namespace ModelRelease.Cli.Commands;

/// <summary>Options the Hub commands share. The token never comes from the command line (it would show in ps):
/// HF_TOKEN, HUGGING_FACE_HUB_TOKEN, HUGGINGFACE_API_KEY or the token file.</summary>
internal static class HubOptions
{
    public static Option<string> Repo() => new("--repo") { Description = "The repository, namespace/name.", Required = true };

    public static Option<string> RepoType()
    {
        var option = new Option<string>("--repo-type") { Description = "model (default), dataset or space.", DefaultValueFactory = _ => "model" };
        option.AcceptOnlyFromAmong("model", "dataset", "space");
        return option;
    }

    public static Option<string?> Endpoint() => new("--endpoint") { Description = "The Hub (default: HF_ENDPOINT, else https://huggingface.co)." };

    public static Option<string> Revision() => new("--revision") { Description = "Branch, tag or commit (default main).", DefaultValueFactory = _ => "main" };

    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Print each request and retry (tokens are never printed)." };

    public static RepoRef RepoRef(ParseResult parse, Option<string> repo, Option<string> type)
    {
        try
        {
            return Core.Hub.RepoRef.Parse(parse.GetValue(repo)!, parse.GetValue(type)!);
        }
        catch (HubException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>A repository id given as text (an optional --repo): one the Hub refuses is bad usage.</summary>
    public static RepoRef RepoRef(string repo, string type)
    {
        try
        {
            return Core.Hub.RepoRef.Parse(repo, type);
        }
        catch (HubException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    public static void Print<T>(CliConsole console, ParseResult parse, Option<bool> json, T value, Func<T, string> human) =>
        console.Out.Write(parse.GetValue(json) ? Json.Serialize(value) + "\n" : human(value));
}
