namespace ModelRelease.Bench;

/// <summary>What several benches need before they start: the CLI build the emulator runs from, the node peers, the release files.</summary>
internal static class BenchTools
{
    /// <summary>The .NET build of the CLI (modelrelease.dll, run by dotnet), built first when it is missing.</summary>
    public static string Cli()
    {
        var root = PublishBench.FindRepoRoot();
        var cli = Path.Combine(root, "src/ModelRelease.Cli/bin/Release/net10.0/modelrelease.dll");
        if (!File.Exists(cli)) Measure.Shell($"dotnet build '{root}/src/ModelRelease.Cli' -c Release -v quiet -nologo");
        return cli;
    }

    /// <summary>A folder of node peer scripts under bench/ (publish, startup), its packages installed first when missing.</summary>
    public static string Node(string folder)
    {
        var node = Path.Combine(PublishBench.FindRepoRoot(), "bench", folder);
        if (!Directory.Exists(Path.Combine(node, "node_modules"))) Measure.Shell($"cd '{node}' && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error");
        return node;
    }

    /// <summary>The release of the publish and download benches: 4 dense safetensors files, <paramref name="sizeGb"/> GiB in all, made once under <paramref name="dir"/>.</summary>
    public static List<string> ReleaseFiles(string dir, double sizeGb)
    {
        var total = (long)(sizeGb * (1L << 30));
        return Enumerable.Range(0, 4).Select(i => BenchFiles.DenseSafetensors(dir, total / 4, $"release-{i}.safetensors", tensors: 16, seed: 100 + i)).ToList();
    }
}
