using System.Runtime.CompilerServices;

namespace ModelRelease.Core.Tests.Cards;

internal static class CardTestData
{
    public static string Folder([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Data");

    public static string Approved([CallerFilePath] string here = "") => Path.Combine(Path.GetDirectoryName(here)!, "Approved");

    public static string File(string name) => Path.Combine(Folder(), name);

    /// <summary>Compares with the approved snapshot byte for byte; on a difference writes NAME.received.md beside it for review.</summary>
    public static void Verify(string name, string actual)
    {
        var approved = Path.Combine(Approved(), name + ".approved.md");
        var received = Path.Combine(Approved(), name + ".received.md");
        if (System.IO.File.Exists(approved) && System.IO.File.ReadAllText(approved) == actual)
        {
            if (System.IO.File.Exists(received)) System.IO.File.Delete(received);
            return;
        }
        System.IO.File.WriteAllText(received, actual);
        Assert.Fail($"{name}: the card differs from {approved}; review {received} and rename it to approve");
    }
}
