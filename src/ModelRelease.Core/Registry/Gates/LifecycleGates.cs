using System.Globalization;
using ModelRelease.Core.Registry.Documents;
using ModelRelease.Core.Registry.Lifecycle;

namespace ModelRelease.Core.Registry.Gates;

/// <summary>A gate's verdict: met or not, what it saw (recorded with the move), and when not, the rule's code and why.</summary>
internal sealed record GateVerdict(bool Met, string Seen, string? Code = null, string? Why = null);

/// <summary>
/// The gates of the lifecycle's moves, each a rule asked here only: test results without failures (development →
/// testing), performance.json within the policy's thresholds (testing → staging), the policy's named approvers
/// (staging → production), the grace period (deprecated → archived).
/// </summary>
internal static class LifecycleGates
{
    public static async Task<GateVerdict> EvaluateAsync(MoveGate gate, ModelVersionStatus version, ModelPolicy? policy, string? testResults, IReadOnlyList<string> approvers,
        DateTimeOffset now, CancellationToken cancellationToken) => gate switch
    {
        MoveGate.None => new GateVerdict(true, ""),
        MoveGate.TestResults => Tests(testResults),
        MoveGate.Performance => await PerformanceAsync(version, policy, cancellationToken).ConfigureAwait(false),
        MoveGate.Approvals => Approvals(version, policy, approvers),
        MoveGate.GracePeriod => Grace(version, policy, now),
        _ => throw new ArgumentOutOfRangeException(nameof(gate)),
    };

    private static GateVerdict Tests(string? path)
    {
        if (path is null) return new GateVerdict(false, "", ModelRegistryCodes.TestResultsMissing, "development -> testing needs a test-results file (TRX, JUnit or NUnit XML): -TestResults / --test-results");
        var summary = TestResults.Read(path);
        if (summary.Failed + summary.Errors > 0) return new GateVerdict(false, summary.ToString(), ModelRegistryCodes.TestsFailed, $"the tests failed: {summary}");
        if (summary.Executed == 0) return new GateVerdict(false, summary.ToString(), ModelRegistryCodes.TestsEmpty, $"no test ran: {summary}; a run of nothing never passes");
        return new GateVerdict(true, summary.ToString());
    }

    private static async Task<GateVerdict> PerformanceAsync(ModelVersionStatus version, ModelPolicy? policy, CancellationToken cancellationToken)
    {
        var component = Require(policy, version.Component);
        if (component.Thresholds.Count == 0) return new GateVerdict(false, "", ModelRegistryCodes.NoThresholds, $"the policy has no thresholds for {version.Component}; a check of nothing never passes");
        var performance = await ModelPerformance.ReadAsync(Path.Combine(version.Path, "performance.json"), cancellationToken).ConfigureAwait(false);
        var seen = new List<string>();
        var failed = new List<string>();
        foreach (var threshold in component.Thresholds)
        {
            var metric = performance.Find(threshold.Metric);
            if (metric is null)
            {
                failed.Add($"{threshold.Metric} is missing (needs {threshold})");
                continue;
            }
            var text = $"{metric.Name}={metric.Value.ToString("R", CultureInfo.InvariantCulture)} ({threshold})";
            seen.Add(text);
            if (!threshold.IsMetBy(metric.Value)) failed.Add(text);
        }
        var all = "thresholds: " + string.Join("; ", seen);
        return failed.Count == 0
            ? new GateVerdict(true, all)
            : new GateVerdict(false, all, ModelRegistryCodes.Threshold, $"performance.json of {version.Component} {version.Version} misses the policy's thresholds: {string.Join("; ", failed)}");
    }

    private static GateVerdict Approvals(ModelVersionStatus version, ModelPolicy? policy, IReadOnlyList<string> approvers)
    {
        var component = Require(policy, version.Component);
        var unknown = UnknownApprovers(component, approvers);
        if (unknown.Count > 0) return new GateVerdict(false, "", ModelRegistryCodes.ApproverUnknown, $"{string.Join(", ", unknown)} may not approve {version.Component}; the policy names {string.Join(", ", component.Approvers)}");
        var seen = $"approvals: {approvers.Count} of {component.RequiredApprovals} ({(approvers.Count == 0 ? "none" : string.Join(", ", approvers))})";
        return approvers.Count >= component.RequiredApprovals
            ? new GateVerdict(true, seen)
            : new GateVerdict(false, seen, ModelRegistryCodes.Approvals, $"{version.Component} needs {component.RequiredApprovals} approval(s) from {string.Join(", ", component.Approvers)} for production; {approvers.Count} given (-Approver / --approver)");
    }

    public static List<string> UnknownApprovers(ComponentPolicy component, IReadOnlyList<string> approvers) =>
        component.Approvers.Count == 0 ? [] : approvers.Where(a => !component.Approvers.Contains(a, StringComparer.OrdinalIgnoreCase)).ToList();

    private static GateVerdict Grace(ModelVersionStatus version, ModelPolicy? policy, DateTimeOffset now)
    {
        var days = policy?.For(version.Component)?.GracePeriodDays ?? ModelPolicy.DefaultGracePeriodDays;
        var ends = version.StatusChangedAt.AddDays(days);
        var seen = $"grace period: {days} day(s) from {version.StatusChangedAt:yyyy-MM-dd}, over on {ends:yyyy-MM-dd}";
        return now >= ends
            ? new GateVerdict(true, seen)
            : new GateVerdict(false, seen, ModelRegistryCodes.GracePeriod, $"{version.Component} {version.Version} was deprecated on {version.StatusChangedAt:yyyy-MM-dd HH:mm}Z; its grace period of {days} day(s) ends {ends:yyyy-MM-dd HH:mm}Z");
    }

    public static ComponentPolicy Require(ModelPolicy? policy, string component)
    {
        if (policy is null)
        {
            throw new ModelRegistryException(ModelRegistryErrors.FileNotFound, ModelRegistryCodes.NotFound, null,
                "this move's gate reads the lifecycle policy, and there is none (config/model_policy.json, or -Policy / --policy)", ErrorKind.NotFound);
        }
        return policy.For(component) ?? throw new ModelRegistryException(ModelRegistryErrors.ComponentUnknown, ModelRegistryCodes.ComponentNotInPolicy, component,
            $"the policy {policy.Path} has no component '{component}'", ErrorKind.NotFound);
    }
}
