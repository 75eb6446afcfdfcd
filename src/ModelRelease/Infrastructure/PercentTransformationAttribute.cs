using System.Management.Automation;

namespace ModelRelease.Infrastructure;

/// <summary>Lets tolerance parameters take <c>1%</c> or <c>0.01</c> (both mean one percent).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PercentTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is not string s) return value;
        return ToleranceText.TryParse(s, out var fraction)
            ? fraction
            : throw new ArgumentTransformationMetadataException($"'{s}' is not a tolerance; write it like 1% or 0.01 (at most 100%).");
    }
}
