namespace ModelRelease.Cli.Output;

// The small answers of commands that print no public record, named so their JSON is source-generated (the native
// build has no reflection). Keys are the camelCase of the property names, in this order.

/// <summary><c>completion SHELL --json</c>.</summary>
internal sealed record CompletionAnswer(string Shell, string Script);

/// <summary><c>version --json</c>.</summary>
internal sealed record VersionAnswer(string Version, IReadOnlyList<string> Dependencies);

/// <summary><c>weights export-python --output FILE --json</c>.</summary>
internal sealed record PythonModuleFileAnswer(string Path, string Module);

/// <summary><c>weights export-python --json</c> without a file.</summary>
internal sealed record PythonModuleAnswer(string Module, string Text);

/// <summary><c>hub --json</c>: where the emulator listens and keeps its data.</summary>
internal sealed record HubStartedAnswer(string Endpoint, string Data);
