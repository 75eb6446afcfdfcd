namespace ModelRelease.Core.Tests.Releases;

/// <summary>Weights registries for the tests: a valid one, and text to break by hand.</summary>
internal static class RegistrySamples
{
    public static string Sha(char c) => new(c, 64);

    /// <summary>cser-detector: 1.0 (package >=0.1.0,&lt;0.2.0), 1.1 (>=0.2.0,&lt;1.0.0, latest), 2.0 (~=1.0, newer than latest);
    /// pose-net: 0.1 ([0.1.0,0.3.0)), 0.2 (>=0.3.0rc1, latest).</summary>
    public const string Valid = """
    {
      "$schema": "./weights-registry.schema.json",
      "schemaVersion": 1,
      "models": {
        "cser-detector": {
          "repoId": "acme/cser-detector",
          "file": "weights/cser_detector.safetensors",
          "latest": "1.1",
          "versions": {
            "1.0": { "tag": "weights-v1.0", "sha256": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "size": 1024, "publishedAt": "2025-06-01T10:00:00Z", "packageVersions": ">=0.1.0,<0.2.0" },
            "1.1": { "tag": "weights-v1.1", "sha256": "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "size": 2048, "publishedAt": "2025-09-15T12:40:51Z", "packageVersions": ">=0.2.0,<1.0.0" },
            "2.0": { "tag": "weights-v2.0", "sha256": "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc", "size": 4096, "publishedAt": "2025-10-01T08:00:00Z", "packageVersions": "~=1.0" }
          }
        },
        "pose-net": {
          "repoId": "acme/pose-net",
          "file": "pose.onnx",
          "latest": "0.2",
          "versions": {
            "0.1": { "tag": "weights-v0.1", "sha256": "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd", "size": 10, "publishedAt": "2025-01-01T00:00:00+02:00", "packageVersions": "[0.1.0,0.3.0)" },
            "0.2": { "tag": "weights-v0.2", "sha256": "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "size": 20, "publishedAt": "2025-02-01T00:00:00Z", "packageVersions": ">=0.3.0rc1" }
          }
        }
      }
    }
    """;

    /// <summary>(model, version, package version) look-ups both resolvers answer.</summary>
    public static readonly (string Model, string? Version, string? Package)[] Cases =
    [
        ("cser-detector", null, null),
        ("cser-detector", "latest", "0.2.0"),
        ("cser-detector", "latest", "0.2"),
        ("cser-detector", "latest", "v0.5.1"),
        ("cser-detector", "latest", "0.1.9"),
        ("cser-detector", "latest", "0.1.0.post3"),
        ("cser-detector", "latest", "0.2.0rc1"),
        ("cser-detector", "latest", "0.0.9"),
        ("cser-detector", "latest", "1.0.0"),
        ("cser-detector", "latest", "1.4.0"),
        ("cser-detector", "latest", "3.0.0"),
        ("cser-detector", "1.0", "0.1.5"),
        ("cser-detector", "1.0", "0.3.0"),
        ("cser-detector", "1.0", "0.0.1"),
        ("cser-detector", "weights-v1.1", "0.9.9"),
        ("cser-detector", "2.0.0", "1.2.0"),
        ("cser-detector", "2.0", "0.5.0"),
        ("cser-detector", "3.0", null),
        ("cser-detector", "latest", "not-a-version"),
        ("pose-net", "latest", "0.2.9"),
        ("pose-net", "latest", "0.3.0-rc.1"),
        ("pose-net", "latest", "0.3.0rc0"),
        ("pose-net", "latest", "0.0.1"),
        ("pose-net", "latest", "2.0.0.dev1"),
        ("pose-net", "0.1", "0.3.0-rc.1"),
        ("pose-net", null, null),
        ("no-such-model", null, null),
    ];
}
