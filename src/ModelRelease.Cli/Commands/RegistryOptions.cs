using System.CommandLine;
using ModelRelease.Core.Operations;
using ModelRelease.Core.Registry;

namespace ModelRelease.Cli.Commands;

/// <summary>The options every <c>modelrelease registry</c> command shares: where the store and its registry are, who acts, JSON, what-if.</summary>
internal sealed class RegistryOptions
{
    public Option<string?> Root { get; } = new("--root") { Description = "The store's root folder (holds models/, config/, docs/); default: the current folder." };

    public Option<string?> Registry { get; } = new("--registry") { Description = "The registry database: a SQLite file (default models/registry/model_registry.db under --root) or a PostgreSQL connection string (Host=…;Database=…;Username=…;Password=…, or postgresql://…); a password is never shown." };

    public Option<string?> Policy { get; } = new("--policy") { Description = "The lifecycle policy (default config/model_policy.json under --root)." };

    public Option<string?> Actor { get; } = new("--actor") { Description = "Who makes the change, for the audit log (default: the user name)." };

    public Option<bool> Json { get; } = CommonOptions.Json();

    public Option<bool> WhatIf { get; } = new("--what-if") { Description = "Run every check and print what would change; write nothing." };

    public void AddTo(Command command, bool writes)
    {
        command.Options.Add(Root);
        command.Options.Add(Registry);
        command.Options.Add(Policy);
        command.Options.Add(Json);
        if (writes)
        {
            command.Options.Add(Actor);
            command.Options.Add(WhatIf);
        }
    }

    public ModelRegistryLocation Location(ParseResult parse)
    {
        var root = Path.GetFullPath(parse.GetValue(Root) ?? ".");
        var registry = parse.GetValue(Registry);
        if (registry is not null && !ModelRegistryLocation.IsConnectionString(registry)) registry = Path.GetFullPath(registry);
        var policy = parse.GetValue(Policy) is { } p ? Path.GetFullPath(p) : null;
        // The default policy file is optional; one named on the command line must exist, or its gates would be skipped unseen.
        if (policy is not null && !File.Exists(policy)) throw new UsageException($"--policy '{parse.GetValue(Policy)}' does not exist.");
        return new ModelRegistryLocation { Root = root, Registry = registry, Policy = policy };
    }

    /// <summary>Under --what-if, every write is printed ("What if: …") and declined; otherwise every write goes ahead.</summary>
    public OperationDecider Decider(ParseResult parse, CliConsole console) => parse.GetValue(WhatIf)
        ? async (question, _) =>
        {
            await console.Out.WriteLineAsync($"What if: {Core.PrintableText.Escape(question.Action)} on \"{Core.PrintableText.Escape(question.Target)}\"").ConfigureAwait(false);
            return false;
        }
        : OperationDeciders.Always;
}
