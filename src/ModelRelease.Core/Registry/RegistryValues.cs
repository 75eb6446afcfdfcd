using System.Globalization;

namespace ModelRelease.Core.Registry;

/// <summary>Plain values a face passes (a hashtable's entries, `name=value` pairs) as the registry's typed values.</summary>
public static class RegistryValues
{
    /// <summary>Numbers by name: numbers as they are, text read as an invariant number; anything else is MREG_PARAMETER_VALUES naming it.</summary>
    public static IReadOnlyDictionary<string, double> Numbers(IEnumerable<KeyValuePair<string, object?>> values, string what)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            double number = value switch
            {
                double d => d,
                float f => f,
                int i => i,
                long l => l,
                short s => s,
                byte b => b,
                decimal m => (double)m,
                string text when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => throw RegistryInput.Invalid(ModelRegistryCodes.ParameterValues, name, $"{what} {name} = '{value}' is not a number"),
            };
            result[name] = number;
        }
        return result;
    }

    /// <summary>`name=value` pairs (the CLI's --value base_noise_lambda=0.1) as entries; a pair without '=' is MREG_PARAMETER_VALUES.</summary>
    public static IEnumerable<KeyValuePair<string, object?>> Pairs(IEnumerable<string> pairs, string what) => pairs.Select(p =>
    {
        var parts = p.Split('=', 2);
        if (parts.Length != 2 || parts[0].Trim().Length == 0) throw RegistryInput.Invalid(ModelRegistryCodes.ParameterValues, p, $"{what} '{p}' is not name=value");
        return new KeyValuePair<string, object?>(parts[0].Trim(), parts[1].Trim());
    });

    /// <summary>Training facts: booleans and numbers as they are, everything else as text.</summary>
    public static IReadOnlyDictionary<string, object> Facts(IEnumerable<KeyValuePair<string, object?>> values) =>
        values.ToDictionary(p => p.Key, p => p.Value switch
        {
            bool b => (object)b,
            int or long or short or byte or double or float or decimal => Convert.ToDouble(p.Value, CultureInfo.InvariantCulture),
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            string s when bool.TryParse(s, out var b) => b,
            _ => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "",
        }, StringComparer.Ordinal);

    /// <summary>Text by name.</summary>
    public static IReadOnlyDictionary<string, string> Texts(IEnumerable<KeyValuePair<string, object?>> values) =>
        values.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.Ordinal);
}
