using System.Management.Automation;

namespace ModelRelease.Infrastructure;

/// <summary>Lets count parameters take <c>15.8M</c>, <c>1.2B</c>, <c>350K</c> as well as plain numbers.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ParameterCountTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value switch
        {
            null => null,
            long or int or short or byte or uint or ulong => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
            double d when d >= 0 => (long)Math.Round(d),
            decimal m when m >= 0 => (long)Math.Round(m),
            string s when ParameterCountText.TryParse(s, out var n) => n,
            _ => throw new ArgumentTransformationMetadataException($"'{value}' is not a parameter count; write it like 15800000, 15.8M, 1.2B or 350K."),
        };
    }
}
