using System.Globalization;
using System.Xml;

namespace ModelRelease.Core.Registry.Gates;

/// <summary>The counts of a test-results file.</summary>
public sealed record TestResultsSummary(string Path, string Format, long Executed, long Passed, long Failed, long Errors, long Skipped)
{
    public override string ToString() => $"tests: {Passed} passed, {Failed} failed, {Errors} errors, {Skipped} skipped ({Format}, {System.IO.Path.GetFileName(Path)})";
}

/// <summary>
/// Reads a test-results file in any of the formats build agents write: TRX (Visual Studio, <c>dotnet test</c>), JUnit XML
/// (<c>testsuites</c>/<c>testsuite</c>) and NUnit XML (NUnit 3 <c>test-run</c>, NUnit 2 <c>test-results</c>, as Pester
/// writes it). Only the summary counts are read; no DTD is processed and no external entity is resolved.
/// </summary>
public static class TestResults
{
    private const long MaxBytes = 256L * 1024 * 1024;

    public static TestResultsSummary Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelRegistryException(ModelRegistryErrors.FileNotFound, ModelRegistryCodes.NotFound, path, $"{path}: no test-results file here", ErrorKind.NotFound);
        }
        if (new FileInfo(path).Length > MaxBytes) throw Format(path, $"the file is larger than {MaxBytes} bytes");
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        try
        {
            using var reader = XmlReader.Create(path, settings);
            if (!reader.Read() || reader.MoveToContent() != XmlNodeType.Element) throw Format(path, "the file has no root element");
            return reader.LocalName switch
            {
                "TestRun" => Trx(path, reader),
                "testsuites" or "testsuite" => JUnit(path, reader),
                "test-run" => NUnit3(path, reader),
                "test-results" => NUnit2(path, reader),
                var other => throw Format(path, $"the root element <{other}> is none of TRX <TestRun>, JUnit <testsuites>/<testsuite>, NUnit <test-run>/<test-results>"),
            };
        }
        catch (XmlException ex)
        {
            throw Format(path, $"not XML (line {ex.LineNumber}): {ex.Message}");
        }
    }

    private static TestResultsSummary Trx(string path, XmlReader reader)
    {
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "Counters")
            {
                var total = Count(path, reader, "total");
                var passed = Count(path, reader, "passed");
                var failed = Count(path, reader, "failed") + Count(path, reader, "timeout") + Count(path, reader, "aborted");
                var errors = Count(path, reader, "error");
                var executed = reader.GetAttribute("executed") is null ? total : Count(path, reader, "executed");
                return new TestResultsSummary(path, "TRX", executed, passed, failed, errors, Math.Max(0, total - executed));
            }
        }
        throw Format(path, "a TRX file without <ResultSummary><Counters>");
    }

    private static TestResultsSummary JUnit(string path, XmlReader reader)
    {
        // <testsuites> may carry totals; when it does not, the <testsuite> elements (top level) are added up.
        if (reader.LocalName == "testsuites" && reader.GetAttribute("tests") is not null)
        {
            return JUnitCounts(path, reader);
        }
        if (reader.LocalName == "testsuite") return JUnitCounts(path, reader);
        long total = 0, failed = 0, errors = 0, skipped = 0;
        var depth = reader.Depth;
        while (reader.Read() && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "testsuite" && reader.Depth == depth + 1)
            {
                var s = JUnitCounts(path, reader);
                total += s.Executed + s.Skipped; failed += s.Failed; errors += s.Errors; skipped += s.Skipped;
            }
        }
        return new TestResultsSummary(path, "JUnit", Math.Max(0, total - skipped), Math.Max(0, total - failed - errors - skipped), failed, errors, skipped);
    }

    private static TestResultsSummary JUnitCounts(string path, XmlReader reader)
    {
        var total = Count(path, reader, "tests");
        var failed = Count(path, reader, "failures");
        var errors = Count(path, reader, "errors");
        var skipped = Count(path, reader, "skipped") + Count(path, reader, "disabled");
        return new TestResultsSummary(path, "JUnit", Math.Max(0, total - skipped), Math.Max(0, total - failed - errors - skipped), failed, errors, skipped);
    }

    private static TestResultsSummary NUnit3(string path, XmlReader reader)
    {
        var total = Count(path, reader, "total");
        var passed = Count(path, reader, "passed");
        var failed = Count(path, reader, "failed");
        var skipped = Count(path, reader, "skipped") + Count(path, reader, "inconclusive");
        return new TestResultsSummary(path, "NUnit", Math.Max(0, total - skipped), passed, failed, 0, skipped);
    }

    private static TestResultsSummary NUnit2(string path, XmlReader reader)
    {
        var total = Count(path, reader, "total");
        var failed = Count(path, reader, "failures");
        var errors = Count(path, reader, "errors");
        var skipped = Count(path, reader, "not-run") + Count(path, reader, "ignored") + Count(path, reader, "skipped");
        // NUnit 2 (Pester's format) counts the tests that ran in total and the ones that did not apart.
        return new TestResultsSummary(path, "NUnit", total, Math.Max(0, total - failed - errors - Count(path, reader, "inconclusive")), failed, errors, skipped);
    }

    private static long Count(string path, XmlReader reader, string attribute)
    {
        var text = reader.GetAttribute(attribute);
        if (text is null) return 0;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw Format(path, $"<{reader.LocalName} {attribute}=\"{text}\"> is not a count");
    }

    private static ModelRegistryException Format(string path, string detail) =>
        new(ModelRegistryErrors.FileInvalid, ModelRegistryCodes.TestResultsFormat, path, $"{path}: {detail}", ErrorKind.InvalidData);
}
