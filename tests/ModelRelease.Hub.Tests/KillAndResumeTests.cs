using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelRelease.Core.Hub;
using ModelRelease.Core.Hub.Download;
using ModelRelease.Core.Hub.Publishing;
using ModelRelease.HubEmulator.Faults;
using Xunit.Abstractions;

namespace ModelRelease.Hub.Tests;

/// <summary>
/// The CLI killed (SIGKILL) in the middle of a publish, then run again: the second run sends only the parts the first
/// did not get acknowledged, completes the upload, makes one commit, and the repository holds the file's exact bytes.
/// Everything is measured through the emulator's statistics (which need its admin token).
/// </summary>
public class KillAndResumeTests(ITestOutputHelper output)
{
    private const string Admin = "hf_admin_kill_resume_0123456789";
    private const long Chunk = 256 << 10;
    private const int Size = 16 << 20; // 64 parts
    private static readonly RepoRef Repo = RepoRef.Parse("alice/killed");

    private sealed record Stats(long UploadedBytes, long Commits, long Parts, int PendingUploads);

    [Fact]
    public async Task A_publish_killed_mid_way_sends_only_the_missing_parts_when_run_again()
    {
        await using var hub = await Hub.StartAsync(o => o with
        {
            AdminToken = Admin,
            ChunkSize = Chunk,
            MultipartThreshold = Chunk,
            Faults = new FaultConfiguration { Rules = [new FaultRule { Endpoint = "part", LatencyMs = 150 }] },
        });
        var folder = Path.Combine(hub.Work, "release");
        var model = WriteSafetensors(Path.Combine(folder, "model.safetensors"), Size);
        var size = new FileInfo(model).Length;
        var xdg = Path.Combine(hub.Work, "xdg"); // the session's cache folder: hash cache and upload states
        using var admin = new HttpClient { BaseAddress = hub.Emulator.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Admin);

        // First run: SIGKILL once the storage has received a few parts.
        using (var first = StartCli(hub, xdg, folder))
        {
            var deadline = Stopwatch.StartNew();
            while ((await StatsAsync(admin)).UploadedBytes < 20 * Chunk)
            {
                if (first.HasExited) Assert.Fail("the first run ended before it could be killed: " + await first.StandardError.ReadToEndAsync());
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120), "no part arrived");
                await Task.Delay(20);
            }
            first.Kill(entireProcessTree: true); // SIGKILL on Unix: no finally, no flush, no goodbye
            await first.WaitForExitAsync();
        }
        var afterKill = await SettledStatsAsync(admin);
        Assert.Equal(0, afterKill.Commits);
        var state = Assert.Single(UploadStateStore.InFolder(Path.Combine(xdg, "modelrelease", "uploads")).List(hub.Emulator.BaseAddress.ToString(), Repo));
        Assert.InRange(state.ETags.Count, 1, state.PartCount - 1);

        // Second run, to the end.
        await PostFaultsAsync(admin, new FaultConfiguration());
        using (var second = StartCli(hub, xdg, folder))
        {
            var stderr = second.StandardError.ReadToEndAsync();
            var stdout = second.StandardOutput.ReadToEndAsync();
            await second.WaitForExitAsync();
            Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}: {await stderr}{await stdout}");
        }
        var final = await StatsAsync(admin);
        var rerun = final.UploadedBytes - afterKill.UploadedBytes;
        output.WriteLine($"file {size} bytes in {state.PartCount} parts of {Chunk}; first run (killed): {afterKill.UploadedBytes} bytes received, " +
                         $"{state.ETags.Count} parts ({state.AcknowledgedBytes} bytes) acknowledged; rerun: {rerun} bytes in {final.Parts - afterKill.Parts} parts");

        Assert.Equal(size - state.AcknowledgedBytes, rerun);
        Assert.Equal(state.PartCount - state.ETags.Count, final.Parts - afterKill.Parts);
        Assert.Equal(1, final.Commits);
        Assert.True(final.PendingUploads == 0, string.Join(", ", Directory.GetFiles(Path.Combine(hub.Data, "uploads")).Select(f => Path.GetFileName(f) + " " + new FileInfo(f).Length)));
        Assert.Empty(UploadStateStore.InFolder(Path.Combine(xdg, "modelrelease", "uploads")).List(hub.Emulator.BaseAddress.ToString(), Repo));
        using var client = hub.Client();
        var back = Path.Combine(hub.Work, "back");
        await new Downloader(client).DownloadAsync(Repo, "main", ["model.safetensors"], back);
        Assert.Equal(File.ReadAllBytes(model), File.ReadAllBytes(Path.Combine(back, "model.safetensors")));
    }

    /// <summary><c>modelrelease publish FOLDER --repo alice/killed --endpoint …</c> in a child process with its own cache folder.</summary>
    private static Process StartCli(Hub hub, string xdg, string folder)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "modelrelease.dll");
        var psi = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { cli, "publish", folder, "--repo", Repo.Id, "--private", "--endpoint", hub.Emulator.BaseAddress.ToString(), "--message", "Release" }) psi.ArgumentList.Add(a);
        foreach (var name in new[] { "HF_ENDPOINT", "HUGGING_FACE_HUB_TOKEN", "HUGGINGFACE_API_KEY", "HF_TOKEN_PATH" }) psi.Environment.Remove(name);
        psi.Environment["HF_TOKEN"] = Hub.Token;
        psi.Environment["XDG_CACHE_HOME"] = xdg;
        psi.Environment["HF_HOME"] = Path.Combine(hub.Work, "hf-home");
        psi.Environment["HOME"] = Path.Combine(hub.Work, "home");
        return Process.Start(psi) ?? throw new InvalidOperationException("the CLI did not start");
    }

    private static async Task<Stats> StatsAsync(HttpClient admin)
    {
        using var doc = JsonDocument.Parse(await admin.GetStringAsync("_emulator/stats"));
        var root = doc.RootElement;
        var parts = root.GetProperty("requests").TryGetProperty("part", out var p) ? p.GetInt64() : 0;
        return new Stats(root.GetProperty("uploadedBytes").GetInt64(), root.GetProperty("commits").GetInt64(), parts, root.GetProperty("pendingMultipartUploads").GetInt32());
    }

    /// <summary>The statistics once the server has finished with the killed connections (two equal readings).</summary>
    private static async Task<Stats> SettledStatsAsync(HttpClient admin)
    {
        var last = await StatsAsync(admin);
        for (var i = 0; i < 100; i++)
        {
            await Task.Delay(200);
            var now = await StatsAsync(admin);
            if (now == last) return now;
            last = now;
        }
        return last;
    }

    private static async Task PostFaultsAsync(HttpClient admin, FaultConfiguration faults)
    {
        using var response = await admin.PostAsync("_emulator/faults", new StringContent(JsonSerializer.Serialize(faults), Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A valid safetensors file of one U8 tensor of random bytes, <paramref name="size"/> bytes in all.</summary>
    private static string WriteSafetensors(string path, int size)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var header = Encoding.UTF8.GetBytes("{\"weights\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}");
        var headerLength = (header.Length + 32 + 7) / 8 * 8;
        var data = size - 8 - headerLength;
        var json = $"{{\"weights\":{{\"dtype\":\"U8\",\"shape\":[{data}],\"data_offsets\":[0,{data}]}}}}".PadRight(headerLength);
        var bytes = new byte[size];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        Encoding.UTF8.GetBytes(json, bytes.AsSpan(8));
        new Random(42).NextBytes(bytes.AsSpan(8 + headerLength));
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
