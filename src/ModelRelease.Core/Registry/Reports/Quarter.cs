using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelRelease.Core.Registry.Reports;

/// <summary>A calendar quarter (2023Q2): from its first day (UTC) to the first day of the next.</summary>
public sealed partial record Quarter(int Year, int Number)
{
    public DateTimeOffset From => new(Year, (Number - 1) * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero);

    public DateTimeOffset To => From.AddMonths(3);

    public override string ToString() => $"{Year}Q{Number}";

    [GeneratedRegex(@"^(?<y>[0-9]{4})-?[Qq](?<q>[1-4])$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Reads 2023Q2 (or 2023-Q2); MREG_QUARTER otherwise.</summary>
    public static Quarter Parse(string? text)
    {
        var m = Pattern().Match((text ?? "").Trim());
        if (!m.Success)
        {
            throw RegistryInput.Invalid(ModelRegistryCodes.Quarter, text, $"'{Core.PrintableText.Escape(text ?? "")}' is not a quarter: write the year and Q1 to Q4 (2023Q2)");
        }
        return new Quarter(int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["q"].Value, CultureInfo.InvariantCulture));
    }

    public static Quarter Of(DateTimeOffset at) => new(at.UtcDateTime.Year, (at.UtcDateTime.Month - 1) / 3 + 1);
}
