using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using ModelRelease.Core.Cards;

namespace ModelRelease.Infrastructure;

/// <summary>Tab completion of -License from the Hub's license ids.</summary>
public sealed class LicenseCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        HubVocabulary.Complete(HubVocabulary.Licenses, wordToComplete).Select(v => new CompletionResult(v));
}

/// <summary>Tab completion of -Language from ISO 639 codes.</summary>
public sealed class LanguageCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        HubVocabulary.Complete(HubVocabulary.Languages, wordToComplete).Select(v => new CompletionResult(v));
}

/// <summary>Tab completion of -PipelineTag from the Hub's tasks.</summary>
public sealed class PipelineTagCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        HubVocabulary.Complete(HubVocabulary.PipelineTags, wordToComplete).Select(v => new CompletionResult(v));
}
