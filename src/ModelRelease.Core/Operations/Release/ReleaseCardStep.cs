using ModelRelease.Core.Cards;
using ModelRelease.Core.Hub.Publishing;

namespace ModelRelease.Core.Operations.Release;

/// <summary>
/// The card of a release, judged before anything is written: the user's card (given, or the README.md of a released
/// folder) must pass the card gate; a card the release writes is built from the checkpoints and the user's inputs,
/// kept in a folder the user can open (not under a what-if), and refused when unfinished unless allowed.
/// </summary>
internal static class ReleaseCardStep
{
    /// <summary>The card, the file to publish as README.md (null when the card is already among the files, or there is none), and what the gate said.</summary>
    public sealed record Outcome(ReleaseCard Card, PublishSource? Source, IReadOnlyList<Finding> Findings, string? StagingFolder);

    public static async Task<Outcome> PrepareAsync(ModelReleaseSession session, ReleaseOptions options, IReadOnlyList<PublishSource> files, CheckpointGateResult gate,
        IReadOnlyList<ParameterReport> reports, CancellationToken ct)
    {
        var readme = files.FirstOrDefault(f => f.PathInRepo == "README.md");
        if (options.NoCard) return new Outcome(new ReleaseCard { Origin = CardOrigin.None, Path = readme?.LocalPath }, null, [], null);
        var checkpoints = gate.Validations.Where(v => v.Checkpoint is not null).Select(v => v.Checkpoint!).ToList();
        var single = checkpoints.Count == 1 ? checkpoints[0] : null;
        var policy = options.CardPolicy ?? CardPolicy.Default;

        if (options.CardPath is not null || readme is not null)
        {
            if (options.CardPath is not null && readme is not null && !string.Equals(Path.GetFullPath(options.CardPath), readme.LocalPath, StringComparison.Ordinal))
            {
                throw new OperationException(OperationErrors.ReleaseInputInvalid, ErrorKind.InvalidArgument,
                    $"the card {options.CardPath} and {readme.LocalPath} would both be README.md; give one", options.CardPath)
                {
                    RecommendedAction = "Leave out the folder's README.md (-Exclude README.md) or do not give a card.",
                    CliRecommendedAction = "Leave out the folder's README.md (--exclude README.md) or do not give a card.",
                };
            }
            var path = Path.GetFullPath(options.CardPath ?? readme!.LocalPath);
            var (validation, _) = await CardValidator.ValidateFileAsync(path, policy, single, ct).ConfigureAwait(false);
            var findings = validation.IsValid ? [] : new List<Finding>
            {
                new(FindingSeverity.Error, ReleaseCodes.CardInvalid,
                    $"the card does not pass the card gate ({string.Join(", ", validation.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code).Distinct())}); 'modelrelease card test' and Test-ModelCard show each problem with its line")
                { Path = path },
            };
            return new Outcome(new ReleaseCard { Origin = CardOrigin.Given, Path = path, Validation = validation }, readme is null ? new PublishSource(path, "README.md") : null, findings, null);
        }

        // A card written from what is known: the facts of the checkpoints, the user's license, config, metrics and prose.
        var hashed = await session.CardHashing().AddAsync(new CardRequest
        {
            RepoId = options.Repo.Id,
            Version = options.Version.ToString(),
            Checkpoints = checkpoints,
            Reports = reports,
            Sha256 = gate.Validations.Where(v => v.Sha256 is not null && v.Checkpoint is not null).ToDictionary(v => v.Checkpoint!.Path, v => v.Sha256!, StringComparer.Ordinal),
            License = options.License,
            Language = options.Language,
            ConfigPath = options.ConfigPath,
            Metrics = options.Metrics,
            MetricsPath = options.MetricsPath,
            Sections = options.Sections,
            TemplatePath = options.CardTemplate,
        }, ct).ConfigureAwait(false);
        var card = CardBuilder.Build(hashed);
        var folder = options.CardFolder ?? session.ReleaseFolder(options.Repo, options.Version.ToString());
        // A what-if writes nothing the user keeps: the card the plan hashes lives in a folder removed afterwards.
        var staging = options.WhatIf ? Directory.CreateTempSubdirectory("modelrelease-card-").FullName : null;
        var target = Path.Combine(staging ?? folder ?? Directory.CreateTempSubdirectory("modelrelease-release-").FullName, "README.md");
        card = await CardFile.WriteAsync(card, target, force: true, ct).ConfigureAwait(false);
        // Where the card is for the user: the file written, or under a what-if where a real run would write it.
        var intended = !options.WhatIf ? target : folder is null ? null : Path.Combine(folder, "README.md");
        var verdict = CardValidator.Validate(card with { Path = intended }, policy, single);
        var open = CardBuilder.OpenLines(card);
        var result = new List<Finding>();
        if (!verdict.IsValid)
        {
            var codes = string.Join(", ", verdict.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code).Distinct());
            var where = options.WhatIf ? "" : $" (open it: {target})";
            result.Add(options.AllowUnfinishedCard
                ? new Finding(FindingSeverity.Warning, ReleaseCodes.CardUnfinished, $"the card the release wrote is unfinished ({codes}; {open} line(s) say {CardBuilder.Missing}) and is published anyway, as asked{where}") { Path = intended }
                : new Finding(FindingSeverity.Error, ReleaseCodes.CardUnfinished,
                    $"the card the release wrote is unfinished ({codes}; {open} line(s) say {CardBuilder.Missing}){where}: fill it with the license, language, config, metrics and sections, give your own card, or allow an unfinished card to publish it anyway")
                { Path = intended });
        }
        return new Outcome(new ReleaseCard { Origin = CardOrigin.Written, Path = intended, Written = !options.WhatIf, Validation = verdict, OpenLines = open },
            new PublishSource(target, "README.md"), result, staging);
    }
}
