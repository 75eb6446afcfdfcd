using ModelRelease.Core.Operations;

namespace ModelRelease.Infrastructure;

/// <summary>Sessions for the module's code that is not a cmdlet (argument transformations): the process environment read once through the core.</summary>
internal static class Sessions
{
    public static ModelReleaseSession Local() => new(SessionEnvironment.Resolve(Environment.GetEnvironmentVariable));
}
